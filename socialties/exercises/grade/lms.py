"""The gradebook for a learning-management system: Canvas and Moodle import layouts, and plain per-student totals.

Written from the gradebook's ``TOTAL`` rows only (manual scores included), one row per student; every cell goes
through :func:`~socialties.exercises.grade.gradebook.spreadsheet_safe`, so no cell can become a formula.

- **Canvas** (Grades > Import): the columns ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section``, then
  one column per assignment, headed by the assignment's name; Canvas matches a student by one of the first three
  (and needs the ``SIS Login ID`` and ``Section`` columns, which may be empty), and an assignment by its column's name
  (a new name creates a new assignment). ``Student`` is the student's name as the grader tells it (the file or
  folder name); ``ID`` is Canvas's numeric user id when the file name is a Canvas bulk download
  (``smithjane_12345_678_00-practice.ipynb``: 12345), and ``SIS Login ID`` the student name otherwise, so name
  submissions by login for other downloads.
- **Moodle** (Grades > Import > CSV file): a column to identify the user, the grade, and a feedback column. Moodle
  lets the teacher map them at import ("Identify user by": map ``Username`` to *username*; under "Grade item
  mappings" map the assignment's column to the grade item and ``Feedback`` to its feedback).
- **Totals**: ``student``, ``submission``, ``assignment``, ``points``, ``out_of``, ``percent``, ``status`` and ``flags``
  (``manual-changed`` when a hand-given score is for an earlier version of the submission, ``duplicate`` when one
  student handed in several files: the LMS files take the one graded last in the gradebook's order and warn).
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

from socialties.exercises.grade.gradebook import TOTAL, Row
from socialties.exercises.grade.manual import MANUAL_CHANGED, _write_csv

CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_COLUMNS = ("Username", "Feedback")
TOTALS_COLUMNS = ("student", "submission", "assignment", "points", "out_of", "percent", "status", "flags")
_CANVAS_DOWNLOAD = re.compile(r"^[a-z]+(?:_late)?_(\d+)_\d+_", re.IGNORECASE)


def canvas_user_id(submission: str) -> str:
    """Canvas's numeric user id in a bulk-download file name (``name_12345_678_file.ipynb``), else ``""``."""
    match = _CANVAS_DOWNLOAD.match(Path(submission).name)
    return match.group(1) if match else ""


def per_student(rows: list[Row]) -> tuple[dict[tuple[str, str], Row], list[str]]:
    """The ``TOTAL`` row of each (student, assignment): the last one when a student has several; and warnings."""
    chosen: dict[tuple[str, str], Row] = {}
    warnings = []
    for row in rows:
        if row.question != TOTAL:
            continue
        if not row.assignment:
            warnings.append(f"{row.submission} names no assignment ({row.status}); it is left out of the LMS files")
            continue
        key = (row.student, row.assignment)
        if key in chosen:
            warnings.append(f"{row.student} handed in several files for {row.assignment}; the LMS files use "
                            f"{row.submission}")
        chosen[key] = row
    return chosen, warnings


def _flags(rows: list[Row], total: Row, duplicated: set[tuple[str, str]]) -> str:
    flags = []
    if any(r.key == total.key and r.status == MANUAL_CHANGED for r in rows):
        flags.append(MANUAL_CHANGED)
    if (total.student, total.assignment) in duplicated:
        flags.append("duplicate")
    return " ".join(flags)


def _percent(row: Row) -> str:
    out_of = float(row.out_of or 0)
    return f"{100 * float(row.points or 0) / out_of:.1f}" if out_of else ""


def write_totals(rows: list[Row], path: Path) -> None:
    """One line per submission: student, file, assignment, points, out of, percent, status, flags."""
    totals = [r for r in rows if r.question == TOTAL]
    counts = collections.Counter((t.student, t.assignment) for t in totals)
    duplicated = {key for key, n in counts.items() if n > 1}
    lines = [{"student": t.student, "submission": t.submission, "assignment": t.assignment, "points": t.points,
              "out_of": t.out_of, "percent": _percent(t), "status": t.status,
              "flags": _flags(rows, t, duplicated)} for t in totals]
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_csv(path, TOTALS_COLUMNS, lines)


def write_canvas(rows: list[Row], path: Path) -> list[str]:
    """The Canvas gradebook-import CSV; returns warnings."""
    chosen, warnings = per_student(rows)
    assignments = list(dict.fromkeys(a for _, a in chosen))
    students = list(dict.fromkeys(s for s, _ in chosen))
    lines = []
    for student in students:
        first = next(r for (s, _), r in chosen.items() if s == student)
        user_id = canvas_user_id(first.submission)
        line = {"Student": student, "ID": user_id, "SIS User ID": "", "SIS Login ID": "" if user_id else student,
                "Section": ""}
        for assignment in assignments:
            total = chosen.get((student, assignment))
            line[assignment] = total.points if total is not None else ""
        lines.append(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_csv(path, CANVAS_COLUMNS + tuple(assignments), lines)
    return warnings


def write_moodle(rows: list[Row], path: Path) -> list[str]:
    """The Moodle CSV grade import (one assignment per file: the first in the gradebook); returns warnings."""
    chosen, warnings = per_student(rows)
    assignments = list(dict.fromkeys(a for _, a in chosen))
    if len(assignments) > 1:
        warnings.append(f"the gradebook has several assignments; the Moodle file has {assignments[0]} only")
    assignment = assignments[0] if assignments else "grade"
    lines = []
    for (student, name), total in chosen.items():
        if name != assignment:
            continue
        comment = f"{total.points} / {total.out_of} points"
        if total.status != "graded":
            comment += f" (notebook: {total.status})"
        lines.append({"Username": student, assignment: total.points, "Feedback": comment})
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_csv(path, ("Username", assignment, "Feedback"), lines)
    return warnings
