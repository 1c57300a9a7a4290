"""The live rendering of a question: an ipywidget with the prompt, an input, a Check button, feedback, attempts.

Needs a kernel (a static page shows :mod:`socialties.exercises.check.static` instead). The check runs the trusted
question from the package; what the student typed is only ever passed to ``Question.check`` as text, and the
feedback is escaped before it reaches the ``HTML`` widget.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from socialties.exercises.check.progress import Progress
from socialties.exercises.questions import CodeCheck, Feedback, MultipleChoice, Numeric, Question, Reflection
from socialties.exercises.check.static import KIND_NAMES, esc, feedback_html, markdown


def _plain(text: str) -> str:
    """Option text for a widget label (shown as text, so drop the Markdown code ticks)."""
    return text.replace("`", "")


class QuestionWidget:
    """One question as widgets; ``box`` is the displayable container."""

    def __init__(self, question: Question, progress: Progress) -> None:
        self.question, self.progress = question, progress
        title = f"<strong>Self-check {esc(question.qid)}</strong> <em>{esc(KIND_NAMES.get(question.kind, ''))}</em>"
        self.prompt = widgets.HTML(title + markdown(question.prompt))
        self.feedback = widgets.HTML("")
        self.attempts = widgets.Label("")
        self.input = self._make_input()
        self.button = widgets.Button(description="Keep my text" if isinstance(question, Reflection) else "Check",
                                     button_style="primary", tooltip="Check your answer",
                                     layout=widgets.Layout(width="auto", min_width="8em"))  # the label always fits
        self.button.on_click(lambda _button: self.submit())
        children: list[Any] = [self.prompt]
        if self.input is not None:
            children += [self.input, widgets.HBox([self.button, self.attempts])]
        else:
            note = (f"Compute <code>{esc(question.answer_name)}</code> in a code cell, then run "
                    f"<code>ex.check(\"{esc(question.qid)}\", {esc(question.answer_name)})</code>.")
            children.append(widgets.HTML(note))
        children.append(self.feedback)
        self.box = widgets.VBox(children, layout=widgets.Layout(border="1px solid #999999", padding="0.5em",
                                                                max_width="100%"))
        self.box.add_class("st-question-live")
        self.refresh()

    def _make_input(self) -> Any:
        question = self.question
        if isinstance(question, MultipleChoice):
            labels = [(f"({letter}) {_plain(option.text)}", letter)
                      for letter, option in zip(question.letters, question.options)]
            if question.multiple:
                boxes = [widgets.Checkbox(value=False, description=label, indent=False,
                                          layout=widgets.Layout(width="auto")) for label, _ in labels]
                return widgets.VBox(boxes)
            return widgets.RadioButtons(options=labels, value=None, layout=widgets.Layout(width="auto"))
        if isinstance(question, Numeric):
            units = f" ({question.units})" if question.units else ""
            return widgets.Text(value="", placeholder="a number", description=f"Answer{units}:",
                                style={"description_width": "initial"})
        if isinstance(question, Reflection):
            return widgets.Textarea(value="", placeholder="Your thoughts (not graded)",
                                    layout=widgets.Layout(width="100%", height="6em"))
        if isinstance(question, CodeCheck):
            return None
        return None

    def value(self) -> object:
        """What the student entered, as the check expects it (letters for multiple choice, text otherwise)."""
        if isinstance(self.question, MultipleChoice):
            if self.question.multiple:
                return [letter for letter, box in zip(self.question.letters, self.input.children) if box.value]
            return self.input.value if self.input.value is not None else ""
        return self.input.value if self.input is not None else ...

    def submit(self) -> Feedback:
        """Check the current input, record it in the progress, show the feedback."""
        answer = self.value()
        feedback = self.question.check(answer)
        entry = self.progress.record(self.question.qid, answer, feedback)
        self._show(feedback, entry.attempts)
        return feedback

    def _show(self, feedback: Feedback, attempts: int) -> None:
        self.feedback.value = feedback_html(feedback)
        self.attempts.value = f"Attempts: {attempts}" if attempts else ""

    def refresh(self) -> None:
        """Show the progress entry (after loading a progress file)."""
        entry = self.progress.entries.get(self.question.qid)
        if entry is None:
            return
        self.attempts.value = f"Attempts: {entry.attempts}" if entry.attempts else ""
        if entry.status != "unanswered":
            self.feedback.value = feedback_html(Feedback(entry.status, entry.score, "(from your saved progress)"))
        self._restore(entry.answer)

    def _restore(self, answer: object) -> None:
        if answer is None or self.input is None:
            return
        if isinstance(self.question, MultipleChoice):
            chosen = set(answer) if isinstance(answer, list) else {answer}
            if self.question.multiple:
                for letter, box in zip(self.question.letters, self.input.children):
                    box.value = letter in chosen
            elif isinstance(answer, str) and answer in self.question.letters:
                self.input.value = answer
        elif isinstance(answer, str):
            self.input.value = answer
        elif isinstance(answer, float):
            self.input.value = repr(answer)
