"""A student's progress through one assignment: attempts, status and last answer per question; saved as JSON.

The same file format is written by the live notebook (:meth:`Progress.save`) and by the book's pages
(``quiz.js``: "Download progress"), so a student can carry progress between the static site and a live notebook.
Loading a malformed or foreign file raises :class:`ProgressFileError` with a message meant for the student; the
notebook API shows that message instead of a traceback.

Format::

    {"format": "socialties-progress", "version": 1, "assignment": "00-tour",
     "questions": {"q1": {"attempts": 2, "status": "correct", "score": 1.0, "answer": "b"}}}
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from socialties.exercises.questions import STATUSES, Feedback
from socialties.exercises.registry import Assignment

FORMAT = "socialties-progress"
VERSION = 1
MAX_FILE_BYTES = 2_000_000
MAX_ANSWER_CHARS = 20_000
DONE = {"correct", "partial", "incorrect", "ungraded"}  # statuses that count as "answered"


class ProgressFileError(ValueError):
    """A progress file that cannot be loaded; the message says why, in words meant for a student."""


@dataclass
class Entry:
    """What is known about one question: attempts so far, the last status and score, the last answer (as text)."""

    attempts: int = 0
    status: str = "unanswered"
    score: float = 0.0
    answer: str | list[str] | float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"attempts": self.attempts, "status": self.status, "score": self.score, "answer": self.answer}


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
        """Count an attempt at ``qid`` and keep its feedback and (storable) answer."""
        entry = self.entries[qid]
        if feedback.status not in {"unanswered", "invalid"}:
            entry.attempts += 1
        entry.status, entry.score, entry.answer = feedback.status, feedback.score, storable(answer)
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


def _entry(qid: str, raw: object) -> Entry:
    if not isinstance(raw, dict):
        raise ProgressFileError(f"The entry for {qid} is not a table of attempts/status/score/answer.")
    attempts, status, score, answer = (raw.get(k) for k in ("attempts", "status", "score", "answer"))
    if not isinstance(attempts, int) or isinstance(attempts, bool) or not 0 <= attempts <= 10**6:
        raise ProgressFileError(f"The entry for {qid} has an invalid number of attempts.")
    if status not in STATUSES:
        raise ProgressFileError(f"The entry for {qid} has an unknown status {str(status)[:40]!r}.")
    if not isinstance(score, (int, float)) or isinstance(score, bool) or not 0 <= score <= 1:
        raise ProgressFileError(f"The entry for {qid} has a score outside 0..1.")
    if answer is not None and storable(answer) is None:
        raise ProgressFileError(f"The entry for {qid} has an answer that is not text.")
    return Entry(attempts, status, float(score), storable(answer))


# ------------------------------------------------------------------------------------------------------- displaying

_LABELS = {"correct": "\u2714 Correct", "partial": "\u25d1 Partly right", "incorrect": "\u2718 Not yet",
           "invalid": "\u26a0 Check the form", "unanswered": "\u2013 Not answered", "ungraded": "\u270e Written"}


class ProgressView:
    """A table of the progress, shown as HTML (escaped) in a notebook and as text elsewhere."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def _rows(self) -> list[tuple[str, str, int, str]]:
        return [(q.qid, q.kind.replace("_", " "), self.progress.entries[q.qid].attempts,
                 _LABELS.get(self.progress.entries[q.qid].status, "?")) for q in self.progress.assignment.questions]

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
