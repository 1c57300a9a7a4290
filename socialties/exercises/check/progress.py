"""A student's progress through one assignment: attempts, best result and last attempt per question; as JSON.

The same file format is written by the live notebook (:meth:`Progress.save`) and by the book's pages
(``quiz.js``: "Download progress"), so a student can carry progress between the static site and a live notebook.
Loading a malformed or foreign file raises :class:`ProgressFileError` with a message meant for the student; the
notebook API shows that message instead of a traceback.

Each question keeps its BEST result (``status``, ``score`` and the ``answer`` that earned it: a slip after a
right answer does not undo it) and its LAST attempt (``last``: what the student sees again in the input box).
"Best" is the higher score, then the better status (:data:`~socialties.exercises.questions.STATUS_RANK`); on a tie
the newer attempt wins, so a reflection keeps its latest text. quiz.js applies the same rule. Format::

    {"format": "socialties-progress", "version": 1, "assignment": "00-tour",
     "questions": {"q1": {"attempts": 2, "status": "correct", "score": 1.0, "answer": "b",
                          "last": {"status": "invalid", "score": 0.0, "answer": "bb"}}}}

``last`` is optional (files written before it existed load as "the last attempt was the best").
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from socialties.exercises.questions import STATUS_LABELS, STATUS_RANK, STATUSES, Feedback
from socialties.exercises.registry import Assignment

FORMAT = "socialties-progress"
VERSION = 1
MAX_FILE_BYTES = 2_000_000
MAX_ANSWER_CHARS = 20_000
DONE = {"correct", "partial", "incorrect", "ungraded"}  # statuses that count as "answered"


class ProgressFileError(ValueError):
    """A progress file that cannot be loaded; the message says why, in words meant for a student."""


@dataclass
class Attempt:
    """One checked answer: its status, score and (storable) answer."""

    status: str = "unanswered"
    score: float = 0.0
    answer: str | list[str] | float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "score": self.score, "answer": self.answer}


def rank(status: str, score: float) -> tuple[float, int]:
    """How good a result is: the score first, then the status (see the module docstring)."""
    return (score, STATUS_RANK.get(status, 0))


@dataclass
class Entry:
    """What is known about one question: attempts so far, the best result and its answer, the last attempt."""

    attempts: int = 0
    status: str = "unanswered"
    score: float = 0.0
    answer: str | list[str] | float | None = None
    last: Attempt | None = None

    @property
    def latest(self) -> Attempt:
        """The last attempt (the best one if no other was recorded)."""
        return self.last if self.last is not None else Attempt(self.status, self.score, self.answer)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"attempts": self.attempts, "status": self.status, "score": self.score,
                                "answer": self.answer}
        if self.last is not None:
            data["last"] = self.last.to_dict()
        return data


def storable(answer: object) -> str | list[str] | float | None:
    """The answer in a JSON-safe form, or None for values that are not kept (code results, odd objects)."""
    if isinstance(answer, str):
        return answer[:MAX_ANSWER_CHARS]
    if isinstance(answer, float) and math.isfinite(answer):
        return answer
    if isinstance(answer, (list, tuple)) and len(answer) <= 26 and all(isinstance(a, str) for a in answer):
        return [a[:200] for a in answer]
    return None


class Progress:
    """Progress through one assignment, keyed by question id (only the assignment's questions are kept)."""

    def __init__(self, assignment: Assignment) -> None:
        self.assignment = assignment
        self.entries: dict[str, Entry] = {qid: Entry() for qid in assignment.qids}

    def record(self, qid: str, answer: object, feedback: Feedback) -> Entry:
        """Count an attempt at ``qid``: keep it as the last attempt, and as the best if it is not worse."""
        entry = self.entries[qid]
        if feedback.status not in {"unanswered", "invalid"}:
            entry.attempts += 1
        attempt = Attempt(feedback.status, feedback.score, storable(answer))
        entry.last = attempt
        if rank(attempt.status, attempt.score) >= rank(entry.status, entry.score):
            entry.status, entry.score, entry.answer = attempt.status, attempt.score, attempt.answer
        return entry

    def summary(self) -> dict[str, Any]:
        """Counts over the assignment: questions, answered, correct, points earned and possible."""
        entries = self.entries.values()
        graded = [q for q in self.assignment.questions if q.points > 0]
        return {
            "questions": len(self.entries),
            "answered": sum(e.status in DONE for e in entries),
            "correct": sum(e.status == "correct" for e in entries),
            "points": round(sum(self.entries[q.qid].score * q.points for q in graded), 4),
            "out_of": float(sum(q.points for q in graded)),
        }

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "assignment": self.assignment.name,
                "questions": {qid: entry.to_dict() for qid, entry in self.entries.items()}}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1, sort_keys=True)

    def save(self, path: str | Path) -> Path:
        """Write the progress as JSON to ``path`` and return it."""
        target = Path(path)
        target.write_text(self.to_json() + "\n", encoding="utf-8")
        return target

    def load(self, path: str | Path) -> list[str]:
        """Replace the progress with the file's (``ProgressFileError`` if unreadable); return notes on skipped parts."""
        target = Path(path)
        try:
            size = target.stat().st_size
        except OSError as exc:
            raise ProgressFileError(f"Cannot open the progress file {target.name!r}: {exc.strerror or exc}.") from None
        if size > MAX_FILE_BYTES:
            raise ProgressFileError(f"{target.name!r} is too large to be a progress file ({size} bytes).")
        try:
            text = target.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ProgressFileError(f"{target.name!r} is not a text (UTF-8) file: is it the right file?") from None
        except OSError as exc:
            raise ProgressFileError(f"Cannot read {target.name!r}: {exc.strerror or exc}.") from None
        return self.load_json(text)

    def load_json(self, text: str) -> list[str]:
        """Replace the progress with the one in ``text``; raise ``ProgressFileError`` before changing anything."""
        entries, notes = parse(text, self.assignment)
        self.entries = entries
        return notes


def parse(text: str, assignment: Assignment) -> tuple[dict[str, Entry], list[str]]:
    """Validate a progress file's text for ``assignment``: its entries and notes, or ``ProgressFileError``."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise ProgressFileError(f"This is not a progress file: it is not valid JSON{where}.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProgressFileError("This JSON file is not a socialties progress file (no \"format\": "
                                f"\"{FORMAT}\" in it).")
    if data.get("version") != VERSION:
        raise ProgressFileError(f"This progress file has version {data.get('version')!r}; this course reads "
                                f"version {VERSION}.")
    if data.get("assignment") != assignment.name:
        raise ProgressFileError(f"This progress file is for {str(data.get('assignment'))[:80]!r}, not for "
                                f"{assignment.name!r}: load it in that notebook instead.")
    questions = data.get("questions")
    if not isinstance(questions, dict):
        raise ProgressFileError("The progress file has no \"questions\" table.")
    entries = {qid: Entry() for qid in assignment.qids}
    notes = [f"Skipped {str(qid)[:40]!r}: not a question of {assignment.name}." for qid in questions
             if qid not in entries]
    for qid in entries:
        if qid in questions:
            entries[qid] = _entry(qid, questions[qid])
    return entries, notes


def _result(qid: str, raw: dict) -> Attempt:
    status, score, answer = (raw.get(k) for k in ("status", "score", "answer"))
    if status not in STATUSES:
        raise ProgressFileError(f"The entry for {qid} has an unknown status {str(status)[:40]!r}.")
    if not isinstance(score, (int, float)) or isinstance(score, bool) or not 0 <= score <= 1:
        raise ProgressFileError(f"The entry for {qid} has a score outside 0..1.")
    if answer is not None and storable(answer) is None:
        raise ProgressFileError(f"The entry for {qid} has an answer that is not text.")
    return Attempt(status, float(score), storable(answer))


def _entry(qid: str, raw: object) -> Entry:
    if not isinstance(raw, dict):
        raise ProgressFileError(f"The entry for {qid} is not a table of attempts/status/score/answer.")
    attempts = raw.get("attempts")
    if not isinstance(attempts, int) or isinstance(attempts, bool) or not 0 <= attempts <= 10**6:
        raise ProgressFileError(f"The entry for {qid} has an invalid number of attempts.")
    best = _result(qid, raw)
    last = raw.get("last")
    if last is not None and not isinstance(last, dict):
        raise ProgressFileError(f"The entry for {qid} has a last attempt that is not a table of status/score/answer.")
    return Entry(attempts, best.status, best.score, best.answer, _result(qid, last) if last is not None else None)


# ------------------------------------------------------------------------------------------------------- displaying

_LABELS = {status: f"{icon} {word}" for status, (icon, word) in STATUS_LABELS.items()}  # the pages' labels


class ProgressView:
    """A table of the progress, shown as HTML (escaped) in a notebook and as text elsewhere."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def _rows(self) -> list[tuple[str, str, int, str]]:
        rows = []
        for q in self.progress.assignment.questions:
            entry = self.progress.entries[q.qid]
            label = _LABELS.get(entry.status, "?")
            if entry.latest.status != entry.status:  # the best counts; say what the last attempt was
                label += f" (last attempt: {_LABELS.get(entry.latest.status, '?')})"
            rows.append((q.qid, q.kind.replace("_", " "), entry.attempts, label))
        return rows

    def _headline(self) -> str:
        s = self.progress.summary()
        return (f"{self.progress.assignment.title}: {s['answered']} of {s['questions']} answered, "
                f"{s['correct']} correct ({s['points']:g} of {s['out_of']:g} points).")

    def __repr__(self) -> str:
        lines = [self._headline()] + [f"  {qid:<6} {kind:<16} attempts {n:<3} {label}" for qid, kind, n, label in
                                      self._rows()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cells = "".join(
            f"<tr><td>{html.escape(qid)}</td><td>{html.escape(kind)}</td><td>{n}</td>"
            f"<td class=\"st-status-{html.escape(self.progress.entries[qid].status)}\">{html.escape(label)}</td></tr>"
            for qid, kind, n, label in self._rows())
        return (f"<div class=\"st-progress-live\"><p>{html.escape(self._headline())}</p>"
                "<table><thead><tr><th scope=\"col\">Question</th><th scope=\"col\">Type</th>"
                "<th scope=\"col\">Attempts</th><th scope=\"col\">Status</th></tr></thead>"
                f"<tbody>{cells}</tbody></table></div>")
