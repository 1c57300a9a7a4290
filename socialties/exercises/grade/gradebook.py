"""The gradebook CSV: one row per submission and question, and a ``TOTAL`` row per submission.

Columns: ``submission`` (the file's path as given, non-UTF-8 bytes shown as ``\\xNN``), ``sha256`` (of the file's
bytes: with the path, the key that lets a re-run skip what is already graded), ``student``, ``assignment``,
``question``, ``points``, ``out_of``, ``status``, ``feedback`` and ``answer`` (a short text form of the value handed
in; reflections in full). Every cell that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return), the file name included, is prefixed with an apostrophe, so a student cannot
plant a formula in an instructor's spreadsheet; reading the gradebook back removes it.
"""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from socialties.exercises.grade.results import SubmissionResult

TOTAL = "TOTAL"
COLUMNS = ("submission", "sha256", "student", "assignment", "question", "points", "out_of", "status", "feedback",
           "answer")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Row:
    """One line of the gradebook (all text, as in the CSV)."""

    submission: str
    sha256: str
    student: str
    assignment: str
    question: str
    points: str
    out_of: str
    status: str
    feedback: str
    answer: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.submission, self.sha256)


def _number(value: float) -> str:
    return f"{value:g}"


def spreadsheet_safe(text: str) -> str:
    """Text that a spreadsheet shows as text, never evaluates as a formula (reversed by :func:`from_spreadsheet`:
    a text that starts with an apostrophe gets one more, so reading back is exact)."""
    text = str(text).replace("\x00", "")
    return "'" + text if text.startswith(_FORMULA_START + ("'",)) else text


def from_spreadsheet(text: str) -> str:
    """The text that :func:`spreadsheet_safe` protected."""
    return text[1:] if text.startswith("'") else text


def display_path(path: str | os.PathLike[str] | bytes) -> str:
    """A path as printable text: bytes that are not UTF-8 (a Latin-1 file name, say) shown as ``\\xNN``."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="backslashreplace")


def student_name(path: str, assignment: str) -> str:
    """Who handed the file in: its name without ``.ipynb`` (``alice.ipynb``), or its folder's name when the file
    is named after the assignment (``alice/00-practice.ipynb``), as most course platforms download them."""
    pure = Path(path)
    stem = pure.stem
    if assignment and stem == assignment and pure.parent.name:
        return pure.parent.name
    return stem


def result_rows(submission: str, sha256: str, student: str, result: SubmissionResult) -> list[Row]:
    """The gradebook rows of one graded submission: one per question, then the total."""
    rows = [Row(submission, sha256, student, result.assignment, q.qid, _number(q.points), _number(q.out_of),
                q.status, q.feedback, q.answer)
            for q in result.questions]
    rows.append(Row(submission, sha256, student, result.assignment, TOTAL, _number(result.points),
                    _number(result.out_of), result.status, result.message, ""))
    return rows


def read_gradebook(path: Path) -> list[Row]:
    """The rows of an existing gradebook (an empty list if there is none yet)."""
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path} is not a socialties gradebook (missing columns: {', '.join(missing)}); "
                             "choose another --out file")
        return [Row(**{f.name: from_spreadsheet(row.get(f.name) or "") for f in fields(Row)}) for row in reader]


def write_gradebook(path: Path, rows: list[Row]) -> None:
    """Write the rows (sorted by submission, question order kept, total last) atomically: a crash mid-way never
    leaves half a gradebook."""
    order: dict[tuple[str, str], int] = {}
    for index, row in enumerate(rows):
        order.setdefault(row.key, index)
    ranked = sorted(enumerate(rows), key=lambda item: (item[1].submission, order[item[1].key],
                                                        item[1].question == TOTAL, item[0]))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile("w", newline="", encoding="utf-8", dir=path.parent, delete=False,
                                         prefix=f".{path.name}.", suffix=".tmp")
    try:
        with handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            for _, row in ranked:  # every cell: a file name can be a formula too
                writer.writerow({name: spreadsheet_safe(value) for name, value in asdict(row).items()})
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
