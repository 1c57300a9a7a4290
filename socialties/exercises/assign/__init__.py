"""Authoring: one annotated source -> the student, instructor and self-study editions (``socialties assign``).

:mod:`~socialties.exercises.assign.editions` applies the solution convention to a notebook or a MyST page;
:mod:`~socialties.exercises.assign.command` is the command line (student and instructor copies, the student
edition's sources).
"""

from socialties.exercises.assign.command import assign, edition_source, main

__all__ = ["assign", "edition_source", "main"]
