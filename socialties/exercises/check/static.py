"""HTML for questions, feedback and progress: what the book shows with no kernel, and what a notebook displays.

Static questions are ``<div class="st-quiz">`` elements that ``socialties/static/quiz.js`` brings to life on page
load: multiple-choice and numeric questions are checked in the browser against a key that is in the page only
obfuscated (see :mod:`socialties.exercises.check.obfuscate`: it deters peeking, it is not secrecy). Code questions say how
to check them live and, in the self-study edition only, show the solution in a dropdown. Reflections are a text box
kept with the progress in the browser.

Everything that did not come from the course's own Markdown is escaped; a student's text never reaches HTML raw.
Live, :class:`QuestionView` displays the ipywidget of :mod:`socialties.exercises.check.widgets` instead.
"""

from __future__ import annotations

import html
import os
import re
from typing import Any

from socialties import render
from socialties.exercises.check import obfuscate
from socialties.exercises.check.progress import Progress
from socialties.exercises.questions import (
    HINTS,
    CodeCheck,
    Feedback,
    MultipleChoice,
    Numeric,
    Question,
    Reflection,
)

EDITION_ENV = "SOCIALTIES_EDITION"
EDITIONS = ("self-study", "student", "instructor")

STATUS_LABELS: dict[str, tuple[str, str]] = {  # status -> (icon, word): never colour alone
    "correct": ("\u2714", "Correct"),
    "partial": ("\u25d1", "Partly right"),
    "incorrect": ("\u2718", "Not yet"),
    "invalid": ("\u26a0", "Check the form of your answer"),
    "unanswered": ("\u2013", "Not answered"),
    "ungraded": ("\u270e", "Saved"),
}
# Okabe-Ito colours (socialties.theme), used only next to an icon and a word, for live output without quiz.css.
STATUS_COLOURS = {"correct": "#009E73", "partial": "#E69F00", "incorrect": "#D55E00", "invalid": "#CC79A7",
                  "unanswered": "#999999", "ungraded": "#0072B2"}
KIND_NAMES = {"multiple_choice": "Multiple choice", "numeric": "Numeric answer", "code": "Code",
              "reflection": "Reflection"}


def edition() -> str:
    """The edition being built: ``self-study`` (default), ``student`` (no solutions) or ``instructor``.

    An unknown value is treated as ``student``, so a typo never publishes solutions.
    """
    value = os.environ.get(EDITION_ENV, "self-study").strip() or "self-study"
    return value if value in EDITIONS else "student"


def show_solutions() -> bool:
    return edition() != "student"


# --------------------------------------------------------------------------------------------------------- markdown

try:
    from markdown_it import MarkdownIt

    _MD = MarkdownIt("commonmark", {"html": False}).enable("table")
except ImportError:  # pragma: no cover - markdown-it-py ships with the book's stack
    _MD = None


def markdown(text: str, inline: bool = False) -> str:
    """Course Markdown to HTML (raw HTML in the Markdown is escaped, not passed through)."""
    if _MD is None:
        escaped = html.escape(text)
        return escaped if inline else f"<p>{escaped}</p>"
    return _MD.renderInline(text) if inline else _MD.render(text)


def dom_id(assignment: str, qid: str) -> str:
    return "st-q-" + re.sub(r"[^A-Za-z0-9_-]", "-", f"{assignment}-{qid}")


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


# --------------------------------------------------------------------------------------------------------- questions


def answer_key(question: Question, with_solution: bool | None = None) -> dict[str, Any] | None:
    """What quiz.js needs to check ``question`` in the browser (None for types checked only live)."""
    with_solution = show_solutions() if with_solution is None else with_solution
    explanation = markdown(question.solution) if (with_solution and question.solution) else ""
    if getattr(question, "hidden", False) and isinstance(question, (MultipleChoice, Numeric)):
        # The student edition: no key at all, only what checking the form needs (socialties.exercises.forms).
        return {"kind": question.kind, "hidden": True, "multiple": bool(getattr(question, "multiple", False)),
                "units": getattr(question, "units", ""), "explanation": ""}
    if isinstance(question, MultipleChoice):
        return {
            "kind": question.kind,
            "multiple": question.multiple,
            "correct": [question.letters[i] for i in question.correct_indices],
            "feedback": {letter: option.feedback for letter, option in zip(question.letters, question.options)},
            "explanation": explanation,
        }
    if isinstance(question, Numeric):
        key = {"kind": question.kind, "answer": question.answer, "tolerance": question.tolerance,
               "units": question.units, "hints": question.hints, "messages": dict(HINTS), "explanation": explanation}
        if question.slips:  # only where a question has its own slips, so other pages' keys are unchanged
            key["slips"] = [list(slip) for slip in question.slips]
        return key
    return None


def question_html(question: Question, assignment: str, with_solution: bool | None = None) -> str:
    """The static HTML of ``question``; ``with_solution`` defaults to the edition's rule."""
    with_solution = show_solutions() if with_solution is None else with_solution
    ident = dom_id(assignment, question.qid)
    key = answer_key(question, with_solution)
    attributes = {
        "class": f"st-quiz st-kind-{question.kind}", "id": ident, "data-assignment": assignment,
        "data-qid": question.qid, "data-kind": question.kind, "data-points": f"{question.points:g}",
    }
    if key is not None:
        attributes["data-key"] = obfuscate.encode(key, assignment, question.qid)
    opening = "<div " + " ".join(f'{name}="{esc(value)}"' for name, value in attributes.items()) + ">"
    header = (f'<div class="st-quiz-header"><span class="st-quiz-title">Self-check {esc(question.qid)}</span> '
              f'<span class="st-quiz-kind">{esc(KIND_NAMES.get(question.kind, question.kind))}'
              f'{"" if question.points else ", not graded"}</span></div>')
    prompt = f'<div class="st-prompt" id="{ident}-prompt">{markdown(question.prompt)}</div>'
    body = _body(question, ident, with_solution)
    return f"{opening}{header}{prompt}{body}</div>"


def _feedback_region(ident: str) -> str:
    return f'<div class="st-feedback" id="{ident}-feedback" role="status" aria-live="polite"></div>'


def _actions(ident: str, label: str = "Check") -> str:
    return (f'<div class="st-actions"><button type="button" class="st-check" id="{ident}-check" disabled>'
            f'{esc(label)}</button> <span class="st-attempts" id="{ident}-attempts"></span></div>')


_NOSCRIPT = ('<noscript><p class="st-note">Checking this answer on the page needs JavaScript; or run the notebook '
             'live.</p></noscript>')


def _body(question: Question, ident: str, with_solution: bool) -> str:
    if isinstance(question, MultipleChoice):
        kind = "checkbox" if question.multiple else "radio"
        hint = "Choose all that apply." if question.multiple else "Choose one."
        options = "".join(
            f'<div class="st-option"><input type="{kind}" name="{ident}" id="{ident}-{letter}" value="{letter}">'
            f'<label for="{ident}-{letter}"><span class="st-letter">({letter})</span> '
            f"{markdown(option.text, inline=True)}</label></div>"
            for letter, option in zip(question.letters, question.options))
        group = "radiogroup" if not question.multiple else "group"
        return (f'<p class="st-hint" id="{ident}-hint">{hint}</p>'
                f'<div class="st-options" role="{group}" aria-labelledby="{ident}-prompt" '
                f'aria-describedby="{ident}-hint">{options}</div>'
                f"{_actions(ident)}{_feedback_region(ident)}{_NOSCRIPT}")
    if isinstance(question, Numeric):
        units = f' <span class="st-units">({esc(question.units)})</span>' if question.units else ""
        return (f'<div class="st-numeric"><label for="{ident}-input">Your answer{units}</label> '
                f'<input type="text" inputmode="decimal" autocomplete="off" class="st-input" id="{ident}-input" '
                f'aria-describedby="{ident}-prompt"></div>'
                f"{_actions(ident)}{_feedback_region(ident)}{_NOSCRIPT}")
    if isinstance(question, CodeCheck):
        how = (f'<p class="st-note st-live-only">This question is checked by Python. Open this notebook in Jupyter '
               f"(download it with the button at the top of the page), write your code where "
               f"<code>{esc(question.answer_name)} = ...</code>, run it, then run "
               f'<code>ex.check("{esc(question.qid)}", {esc(question.answer_name)})</code>.</p>')
        solution = ""
        if with_solution and question.solution:
            solution = (f'<details class="st-solution"><summary>Show a solution</summary>'
                        f"{markdown(question.solution)}</details>")
        return how + solution
    if isinstance(question, Reflection):
        return (f'<label for="{ident}-input" class="st-label">Your reflection (kept in this browser with your '
                f"progress; not graded)</label>"
                f'<textarea class="st-input" id="{ident}-input" rows="4"></textarea>'
                f"{_actions(ident, 'Keep my text')}{_feedback_region(ident)}{_NOSCRIPT}")
    return f'<p class="st-note">{esc(question.prompt)}</p>'


def progress_html(assignment_name: str, title: str, qids: list[str]) -> str:
    """The static progress panel: quiz.js fills it with the table and the save/load buttons."""
    ident = "st-progress-" + re.sub(r"[^A-Za-z0-9_-]", "-", assignment_name)
    return (f'<div class="st-progress" id="{ident}" data-assignment="{esc(assignment_name)}" '
            f'data-qids="{esc(" ".join(qids))}" data-title="{esc(title)}">'
            f'<p class="st-note">Your progress on this page is summarised here (it needs JavaScript).</p></div>')


# -------------------------------------------------------------------------------------------------- displayable views


def feedback_html(feedback: Feedback, attempts: int | None = None) -> str:
    """Feedback as HTML: icon + word + the escaped message (and the attempt count)."""
    icon, word = STATUS_LABELS.get(feedback.status, ("?", feedback.status))
    colour = STATUS_COLOURS.get(feedback.status, "#999999")
    count = f' <span class="st-attempts">(attempt {attempts})</span>' if attempts else ""
    return (f'<div class="st-feedback-live st-status-{esc(feedback.status)}" role="status" '
            f'style="border-left:4px solid {colour};padding:0.3em 0.6em;">'
            f'<strong><span aria-hidden="true">{icon}</span> {esc(word)}.</strong> {esc(feedback.message)}{count}</div>')


class FeedbackView:
    """The feedback of ``ex.check``: escaped HTML in a notebook, plain text elsewhere."""

    def __init__(self, feedback: Feedback, attempts: int | None = None) -> None:
        self.feedback = feedback
        self.attempts = attempts

    @property
    def correct(self) -> bool:
        return self.feedback.correct

    def __repr__(self) -> str:
        word = STATUS_LABELS.get(self.feedback.status, ("", self.feedback.status))[1]
        return f"{word}. {self.feedback.message}"

    def _repr_html_(self) -> str:
        return feedback_html(self.feedback, self.attempts)


class Message:
    """A short note to the student (a warning has its own icon); escaped."""

    def __init__(self, text: str, kind: str = "info") -> None:
        self.text, self.kind = str(text), kind

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        icon = "\u26a0 " if self.kind == "warning" else ""
        return f'<div class="st-message st-message-{esc(self.kind)}" role="status">{icon}{esc(self.text)}</div>'


class QuestionView:
    """What ``ex.ask`` returns: displays as the live widget, or as static HTML in static mode."""

    def __init__(self, question: Question, assignment: str, progress: Progress) -> None:
        self.question, self.assignment, self.progress = question, assignment, progress
        self._widget: Any = None

    def __repr__(self) -> str:
        return f"[{self.question.qid}] {self.question.prompt}"

    def html(self) -> str:
        return question_html(self.question, self.assignment)

    def widget(self) -> Any:
        if self._widget is None:
            from socialties.exercises.check.widgets import QuestionWidget

            self._widget = QuestionWidget(self.question, self.progress)
        return self._widget

    def refresh(self) -> None:
        if self._widget is not None:
            self._widget.refresh()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        if render.static_mode():
            return {"text/html": self.html(), "text/plain": repr(self)}
        return self.widget().box._repr_mimebundle_(include=include, exclude=exclude)


class ProgressPanel:
    """Static progress panel (filled in the browser by quiz.js)."""

    def __init__(self, assignment_name: str, title: str, qids: list[str]) -> None:
        self.assignment_name, self.title, self.qids = assignment_name, title, qids

    def __repr__(self) -> str:
        return f"Progress on {self.title}: shown on the page (needs JavaScript)."

    def _repr_html_(self) -> str:
        return progress_html(self.assignment_name, self.title, self.qids)


def progress_panel(assignment: Any, progress: Progress) -> ProgressPanel:
    return ProgressPanel(assignment.name, assignment.title, list(assignment.qids))
