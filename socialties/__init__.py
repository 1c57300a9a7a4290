"""socialties: the library behind the course *Social Ties and Mental Health*.

Chapters and notebooks call this package in a few readable lines; the models, statistics, charts, widgets and grading
live here, with unit tests in ``tests/``.
"""

__version__ = "0.1.0"
