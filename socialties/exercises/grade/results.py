"""What grading produces: the limits a submission runs under, and the result of each question and submission.

Plain data only (no sandbox, no kernel): the gradebook and the grader's command read these without importing any
code that runs a submission.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any



@dataclass(frozen=True)
class Limits:
    """What one submission may use. ``timeout`` is the budget of the whole notebook's cells; ``cell_timeout`` the
    longest any one cell may run before it is interrupted (the following cells still run)."""

    timeout: float = 300.0
    cell_timeout: float = 60.0
    memory_mb: int = 2048
    file_mb: int = 64
    startup_timeout: float = 60.0
    grace: float = 30.0  # collecting the answers and calling function answers, after the cells

    def hard_deadline(self) -> float:
        """Seconds after which the grader kills the worker and its kernel whatever they are doing."""
        return self.startup_timeout + self.timeout + 2 * self.grace + 10.0

    def cpu_seconds(self) -> int:
        """A CPU-time ceiling for the kernel: a backstop if it ignores interrupts and outlives its worker."""
        return int(self.hard_deadline() + 30)


@dataclass
class QuestionResult:
    """One question's line in the gradebook."""

    qid: str
    points: float
    out_of: float
    status: str
    feedback: str
    answer: str = ""


@dataclass
class SubmissionResult:
    """The outcome of grading one submission.

    ``status`` is ``graded`` (every cell ran, possibly with errors), ``timeout`` (out of time: a cell was
    interrupted or the sandbox killed), ``kernel-died``, ``no-answers`` (the notebook stopped its grading runner),
    ``too-large``, ``not-a-file``, ``invalid-notebook``, ``wrong-assignment``, ``unknown-assignment``, ``unreadable``,
    ``interrupted`` (never written: Ctrl-C) or ``grader-error``; ``message`` says what happened in words.
    """

    status: str
    assignment: str
    message: str
    questions: list[QuestionResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def points(self) -> float:
        return round(sum(q.points for q in self.questions), 4)

    @property
    def out_of(self) -> float:
        return round(sum(q.out_of for q in self.questions), 4)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=True)

    @classmethod
    def from_json(cls, text: str) -> "SubmissionResult":
        data = json.loads(text)
        questions = [QuestionResult(**q) for q in data.pop("questions", [])]
        return cls(questions=questions, **data)


class SubmissionError(Exception):
    """A submission that cannot be executed: ``status`` and a message for the gradebook."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def unexecuted(assignment: Any, status: str, message: str) -> SubmissionResult:
    """A result with every question at zero points, for a submission that could not be run."""
    questions = []
    name = ""
    if assignment is not None:
        name = assignment.name
        questions = [QuestionResult(q.qid, 0.0, float(q.points), status, message) for q in assignment.questions]
    return SubmissionResult(status, name, message, questions)


def answer_preview(value: Any, limit: int = 300) -> str:
    """A short text form of an answer for the gradebook (reflections are kept longer)."""
    if value is Ellipsis:
        return "..."
    if hasattr(value, "item") and type(value).__module__ == "numpy" and getattr(value, "ndim", 1) == 0:
        value = value.item()  # np.float64(9.0) -> 9.0: what the student sees in the notebook
    if isinstance(value, str):
        text = value
        limit = max(limit, 4000)
    else:
        try:
            text = repr(value)
        except Exception:
            text = f"<{type(value).__name__}>"
    text = " ".join(text.split()) if not isinstance(value, str) else text
    return text if len(text) <= limit else text[: limit - 3] + "..."

