"""Question sets: one module per assignment, each defining ``ASSIGNMENT = Assignment(...)``.

The registry (:mod:`socialties.exercises.registry`) finds a set by its ``ASSIGNMENT.name``; module names do not
matter. Answers and solutions live here, in the package, and never in a student's notebook.
"""
