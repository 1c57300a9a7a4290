"""Self-checking exercises: question types, question sets, and the notebook API :class:`Exercises`.

Split by job, as otter-grader is: :mod:`~socialties.exercises.check` (checking and rendering: static HTML, widgets,
progress), :mod:`~socialties.exercises.assign` (authoring: editions, ``socialties assign``) and
:mod:`~socialties.exercises.grade` (grading: sandbox, worker, codec, gradebook). Shared by all three:
:mod:`~socialties.exercises.questions` (the question types) and :mod:`~socialties.exercises.registry` (assignments).

In a notebook::

    from socialties.exercises import Exercises
    ex = Exercises("01-mechanisms")
    ex.ask("q1")                  # a widget live; static HTML checked in the browser in the book
    ex.check("q3", q3_answer)     # feedback on a value computed in code
    ex.progress()                 # answered / correct per question
    ex.save_progress("progress-01.json"); ex.load_progress("progress-01.json")

Nothing here raises at a student: an unknown question id, an unreadable answer or a malformed progress file is
answered with a message.
"""

from __future__ import annotations

from pathlib import Path

from socialties.exercises.check.progress import Progress, ProgressFileError, ProgressView
from socialties.exercises.questions import (
    CodeCheck,
    Feedback,
    MultipleChoice,
    Numeric,
    Option,
    Question,
    Reflection,
)
from socialties.exercises.registry import Assignment, UnknownQuestion, get_assignment, list_assignments
from socialties.exercises.check import obfuscate
from socialties.exercises.check.static import FeedbackView, Message, QuestionView


def edition_assignment(name: str) -> Assignment:
    """The copy of assignment ``name`` a notebook checks against: with its keys (instant feedback) in the self-study
    and instructor editions when the question sets are here; its public form (the form of an answer checked, then
    "Saved") in the student edition, in a grading sandbox, and wherever the sets are not installed."""
    from socialties.exercises.check.static import edition
    from socialties.exercises.forms import public_assignment
    from socialties.exercises.registry import keys_available

    if edition() != "student" and keys_available():
        return get_assignment(name)
    return public_assignment(name)


class Exercises:
    """The questions of one assignment in a notebook, with the student's progress through them."""

    def __init__(self, assignment: str | Assignment) -> None:
        self.assignment = edition_assignment(assignment) if isinstance(assignment, str) else assignment
        self.state = Progress(self.assignment)
        self._views: dict[str, QuestionView] = {}

    def __repr__(self) -> str:
        return f"Exercises({self.assignment.name!r}: {len(self.assignment.questions)} questions)"

    def _question(self, qid: str) -> Question | Message:
        try:
            return self.assignment.question(qid)
        except UnknownQuestion as exc:
            return Message(str(exc), kind="warning")

    def ask(self, qid: str) -> QuestionView | Message:
        """The question ``qid``, displayed as a widget live or as static HTML in the book."""
        question = self._question(qid)
        if isinstance(question, Message):
            return question
        view = QuestionView(question, self.assignment.name, self.state)
        self._views[qid] = view
        return view

    def check(self, qid: str, value: object) -> FeedbackView | Message:
        """Check ``value`` against question ``qid``; the feedback (escaped) is shown and kept in the progress."""
        question = self._question(qid)
        if isinstance(question, Message):
            return question
        feedback = question.check(value)
        entry = self.state.record(qid, value, feedback)
        return FeedbackView(feedback, attempts=entry.attempts)

    def progress(self) -> ProgressView:
        """A table of the questions: attempts and status of each, and totals."""
        from socialties import render

        if render.static_mode():
            from socialties.exercises.check.static import progress_panel

            return progress_panel(self.assignment, self.state)
        return ProgressView(self.state)

    def save_progress(self, path: str | Path | None = None) -> Message:
        """Save the progress as JSON (default ``progress-<assignment>.json`` here)."""
        target = Path(path) if path is not None else Path(f"progress-{self.assignment.name}.json")
        try:
            self.state.save(target)
        except OSError as exc:
            return Message(f"Could not save the progress to {target}: {exc.strerror or exc}.", kind="warning")
        return Message(f"Progress saved to {target}.")

    def load_progress(self, path: str | Path | None = None) -> Message:
        """Load progress saved here or downloaded from the book's page; a bad file gives a message, not an error."""
        target = Path(path) if path is not None else Path(f"progress-{self.assignment.name}.json")
        try:
            notes = self.state.load(target)
        except ProgressFileError as exc:
            return Message(f"The progress was not loaded. {exc}", kind="warning")
        for view in self._views.values():
            view.refresh()
        summary = self.state.summary()
        text = f"Progress loaded from {target.name}: {summary['answered']} answered, {summary['correct']} correct."
        return Message(" ".join([text, *notes]))


__all__ = [
    "Exercises", "Assignment", "get_assignment", "list_assignments", "Feedback", "Question", "Option",
    "MultipleChoice", "Numeric", "CodeCheck", "Reflection", "Progress", "ProgressFileError", "obfuscate",
]
