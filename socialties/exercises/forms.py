"""Public forms of the question sets: every question as a student sees it, with no answer key.

The question sets in :mod:`socialties.exercises.sets` hold the keys (correct options and their feedback, numeric
answers, reference functions, test inputs, solutions). They are the instructor's side: the wheel or sdist a student
installs leaves that package out (``pyproject.toml``), the student edition never reads it, and a grading sandbox
cannot see it. What a student needs in order to answer (the prompt, the options' text, the units, the variable to
set) is in a *public form*: ``socialties/exercises/forms/<assignment>.json``, written from every set by
``socialties assign --forms`` (a unit test fails when a set and its form disagree, so a new set is not forgotten).

A question rebuilt from its form checks only the *form* of an answer (a known option letter, a readable number, a
value that is not the placeholder) and says "Saved": the answer is graded when the notebook is handed in, like
otter-grader's public tests against its hidden ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from socialties.exercises.questions import (
    CodeCheck,
    Feedback,
    MultipleChoice,
    Numeric,
    Option,
    Question,
    Reflection,
    a_type,
    invalid,
    none_message,
    parse_number,
    unanswered,
)
from socialties.exercises.registry import Assignment

FORMS_DIR = Path(__file__).resolve().parent / "forms"
FORM_VERSION = 1
GRADED_LATER = "It is graded when you hand in the notebook."


class HiddenKey:
    """Marks a question rebuilt from its public form: its key is on the instructor's side only."""

    hidden: ClassVar[bool] = True


def _saved(what: str) -> Feedback:
    return Feedback("ungraded", 0.0, f"Saved: {what}. {GRADED_LATER}")


@dataclass(frozen=True, kw_only=True, eq=False)
class HiddenChoice(HiddenKey, MultipleChoice):
    """A multiple-choice question without its key: checks that the answer names options."""

    def __post_init__(self) -> None:
        Question.__post_init__(self)
        object.__setattr__(self, "options", tuple(Option(str(getattr(o, "text", o))) for o in self.options))

    def _check(self, answer: object) -> Feedback:
        chosen, problem = self._selection(answer)
        if chosen is None:
            return invalid(problem)
        if not chosen:
            return unanswered("Choose an option.")
        return _saved(", ".join(f"({self.letters[i]})" for i in sorted(chosen)))


@dataclass(frozen=True, kw_only=True, eq=False)
class HiddenNumber(HiddenKey, Numeric):
    """A numeric question without its key: checks that the answer reads as a number."""

    answer: float = 0.0

    def __post_init__(self) -> None:
        Question.__post_init__(self)

    def _check(self, answer: object) -> Feedback:
        if isinstance(answer, str) and not answer.strip():
            return unanswered("Type a number.")
        value, problem = parse_number(answer, self.units)
        if value is None:
            return invalid(problem)
        return _saved("a number")  # the same words as quiz.js says for a hidden key


def _no_reference() -> None:
    return None


@dataclass(frozen=True, kw_only=True, eq=False)
class HiddenCode(HiddenKey, CodeCheck):
    """A code question without its reference: checks that there is an answer."""

    expected: Any = _no_reference

    def _check(self, answer: object) -> Feedback:
        if answer is None:
            return invalid(none_message())
        if callable(answer) and not isinstance(answer, type):
            return _saved("your function")
        shape = getattr(answer, "shape", None)
        size = f" of shape {tuple(shape)}" if isinstance(shape, tuple) and len(shape) > 0 else ""
        return _saved(a_type(answer) + size)


def public_form(question: Question) -> dict[str, Any]:
    """What a student may see of ``question``: no correct option, feedback, answer, reference, probe or solution."""
    form: dict[str, Any] = {"kind": question.kind, "qid": question.qid, "prompt": question.prompt,
                            "points": float(question.points), "answer_name": question.answer_name}
    if isinstance(question, MultipleChoice):
        form.update(options=[option.text for option in question.options], multiple=bool(question.multiple))
    elif isinstance(question, Numeric):
        form.update(units=question.units)
    elif isinstance(question, Reflection):
        form.update(min_words=int(question.min_words))
    return form


def assignment_form(assignment: Assignment) -> dict[str, Any]:
    return {"version": FORM_VERSION, "name": assignment.name, "title": assignment.title,
            "questions": [public_form(q) for q in assignment.questions]}


def from_form(form: dict[str, Any]) -> Assignment:
    """The assignment rebuilt from its public form: questions that check the form of an answer only."""
    questions: list[Question] = []
    for item in form["questions"]:
        common = {"qid": item["qid"], "prompt": item["prompt"], "points": float(item["points"]),
                  "answer_name": item["answer_name"]}
        kind = item["kind"]
        if kind == MultipleChoice.kind:
            questions.append(HiddenChoice(options=[Option(t) for t in item["options"]],
                                          multiple=bool(item.get("multiple")), **common))
        elif kind == Numeric.kind:
            questions.append(HiddenNumber(units=str(item.get("units", "")), **common))
        elif kind == CodeCheck.kind:
            questions.append(HiddenCode(**common))
        elif kind == Reflection.kind:
            questions.append(Reflection(min_words=int(item.get("min_words", 1)), **common))
        else:
            raise ValueError(f"{form.get('name')}: unknown question kind {kind!r} in its form")
    return Assignment(name=form["name"], title=form["title"], questions=questions)


def form_text(assignment: Assignment) -> str:
    return json.dumps(assignment_form(assignment), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def form_path(name: str) -> Path:
    return FORMS_DIR / f"{name}.json"


def load_form(name: str) -> Assignment | None:
    """The public form of assignment ``name`` shipped in the package, or None if there is none."""
    path = form_path(name)
    if not path.is_file():
        return None
    return from_form(json.loads(path.read_text(encoding="utf-8")))


def public_assignment(name: str) -> Assignment:
    """Assignment ``name`` without its keys: from the question set when it is here, else from the shipped form."""
    from socialties.exercises.registry import UnknownAssignment, get_assignment, keys_available

    if keys_available():
        try:
            return from_form(assignment_form(get_assignment(name)))
        except UnknownAssignment:
            pass
    shipped = load_form(name)
    if shipped is None:
        known = sorted(p.stem for p in FORMS_DIR.glob("*.json")) if FORMS_DIR.is_dir() else []
        raise UnknownAssignment(f"No question set or public form defines the assignment {name!r}. "
                                f"Known: {', '.join(known) or 'none'}.")
    return shipped


def write_forms() -> list[Path]:
    """Write the public form of every question set into the package (``socialties assign --forms``)."""
    from socialties.exercises.registry import get_assignment, list_assignments

    FORMS_DIR.mkdir(exist_ok=True)
    written = []
    names = list_assignments()
    for name in names:
        path = form_path(name)
        text = form_text(get_assignment(name))
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    for stale in FORMS_DIR.glob("*.json"):
        if stale.stem not in names:
            stale.unlink()
    return written
