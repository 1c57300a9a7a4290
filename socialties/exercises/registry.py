"""Assignments and where they are defined: one trusted module per question set in ``socialties.exercises.sets``.

The sets hold the answer keys: they are the instructor's side, left out of the package a student installs and
hidden from a grading sandbox. What a student's copy uses instead is in :mod:`socialties.exercises.forms`.

Each module of :mod:`socialties.exercises.sets` defines ``ASSIGNMENT = Assignment(...)``. The registry finds an
assignment by scanning those modules for the ``name``, so adding a set never edits this file. The definitions are
the trusted copy: the grader checks a student's values against them, never against anything in a notebook.
"""

from __future__ import annotations

import importlib
import pkgutil
import warnings
from dataclasses import dataclass, field

from socialties.exercises.questions import Question

SETS_PACKAGE = "socialties.exercises.sets"


class UnknownAssignment(KeyError):
    """No question set defines this assignment name."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else "unknown assignment"


class UnknownQuestion(KeyError):
    """The assignment has no question with this id."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown question"


@dataclass
class Assignment:
    """An ordered list of questions, named like its notebook (``"01-mechanisms"`` -> exercises/01-mechanisms.ipynb)."""

    name: str
    title: str
    questions: list[Question] = field(default_factory=list)

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for question in self.questions:
            if not isinstance(question, Question):
                raise TypeError(f"{self.name}: {question!r} is not a Question")
            for key in (question.qid, question.answer_name):
                if key in seen:
                    raise ValueError(f"{self.name}: {key!r} is used twice")
                seen.add(key)

    def question(self, qid: str) -> Question:
        """The question with this id (``UnknownQuestion`` lists the valid ids)."""
        for question in self.questions:
            if question.qid == qid:
                return question
        valid = ", ".join(q.qid for q in self.questions) or "none"
        raise UnknownQuestion(f"{self.name} has no question {qid!r}; its questions are: {valid}.")

    @property
    def qids(self) -> list[str]:
        return [question.qid for question in self.questions]

    @property
    def total_points(self) -> float:
        return float(sum(question.points for question in self.questions))


def _scan() -> tuple[dict[str, Assignment], dict[str, str]]:
    """All assignments defined in the sets package, and the modules that failed to import (name -> error)."""
    try:
        package = importlib.import_module(SETS_PACKAGE)
    except ImportError:  # a student's install: no keys here (see socialties.exercises.forms)
        return {}, {}
    found: dict[str, Assignment] = {}
    errors: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module_name = f"{SETS_PACKAGE}.{info.name}"
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:  # one broken set must not hide the others
            errors[module_name] = f"{type(exc).__name__}: {exc}"
            continue
        assignment = getattr(module, "ASSIGNMENT", None)
        if isinstance(assignment, Assignment):
            if assignment.name in found:
                raise ValueError(f"assignment {assignment.name!r} is defined twice (second in {module_name})")
            found[assignment.name] = assignment
    return found, errors


def keys_available() -> bool:
    """Whether the question sets (the answer keys) are here: on the instructor's side, or a self-study checkout.

    The wheel a student installs has no ``sets`` package, and a grading sandbox hides it.
    """
    try:
        package = importlib.import_module(SETS_PACKAGE)
    except ImportError:
        return False
    return any(not m.name.startswith("_") for m in pkgutil.iter_modules(package.__path__))


def list_assignments() -> list[str]:
    """The names of every assignment defined in the sets package, sorted."""
    found, errors = _scan()
    for module_name, error in errors.items():
        warnings.warn(f"question set {module_name} failed to import: {error}", stacklevel=2)
    return sorted(found)


def get_assignment(name: str) -> Assignment:
    """The trusted definition of assignment ``name`` (``UnknownAssignment`` says which names exist)."""
    found, errors = _scan()
    if name in found:
        return found[name]
    message = f"No question set defines the assignment {name!r}. Known: {', '.join(sorted(found)) or 'none'}."
    if errors:
        message += " These sets failed to import: " + "; ".join(f"{m} ({e})" for m, e in errors.items())
    raise UnknownAssignment(message)
