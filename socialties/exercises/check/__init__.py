"""Checking and rendering: what a student's notebook and the book's pages use.

:mod:`~socialties.exercises.check.static` (HTML of questions and feedback, checked in the browser by quiz.js),
:mod:`~socialties.exercises.check.widgets` (the live ipywidgets), :mod:`~socialties.exercises.check.progress` (a
student's answers and their status, saved and loaded as JSON) and :mod:`~socialties.exercises.check.obfuscate` (the
self-study pages' keys, hidden from a glance, not secret). The question types themselves are in
:mod:`socialties.exercises.questions`, shared by checking, authoring and grading.
"""
