"""Questions graded by a person (reflections): read them, score them in a CSV, merge the scores into the gradebook.

1. ``socialties grade ... --reflections DIR`` writes, from the gradebook (nothing is run), ``DIR/<qid>.html`` (every
   student's answer to one reflection question, escaped, for reading) and ``DIR/<qid>.csv`` (the same as a table), and
   ``DIR/manual-template.csv``: one line per student and reflection question, with columns ``student``,
   ``question``, ``points``, ``out_of``, ``comment`` and ``sha256`` (of the submission that was read).
2. The instructor copies the template to, say, ``manual.csv`` and fills in ``points`` and ``comment``. ``out_of``
   is what the question is worth when graded by hand (reflections are worth 0 automatically: give it here); empty
   means the question's own points. A line with neither points nor comment is ignored; a comment alone keeps the
   automatic points.
3. ``socialties grade ... --manual manual.csv`` merges it: those rows get the points, the comment as feedback and the
   status ``manual``, and each ``TOTAL`` is summed again. No notebook is run for it (unchanged submissions keep their
   rows).

A manual score is never lost. It lives in the gradebook's row; when a student's submission is graded again
automatically (a new file, or ``--regrade``), the score is carried over to the new row, and if the submission's
SHA-256 changed since the score was given, the row's status becomes ``manual-changed``: the score is kept and
flagged so the instructor reads the new answer. In ``manual.csv`` the ``sha256`` column says which version was read:
a line whose ``sha256`` differs from the graded submission's also gives ``manual-changed``; fill in the new
SHA-256 (from a new template or the gradebook) once you have read it again, to clear the flag. An empty ``sha256``
means "the current version", except that a row already flagged stays flagged.
"""

from __future__ import annotations

import csv
import html
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from socialties.exercises.grade.gradebook import TOTAL, Row, from_spreadsheet, spreadsheet_safe

MANUAL_COLUMNS = ("student", "question", "points", "out_of", "comment", "sha256")
REQUIRED_COLUMNS = ("student", "question", "points", "comment")
MANUAL = "manual"
MANUAL_CHANGED = "manual-changed"


@dataclass(frozen=True)
class ManualScore:
    """One line of the manual CSV (``points``/``out_of`` ``None`` when left empty)."""

    student: str
    question: str
    points: float | None
    out_of: float | None
    comment: str
    sha256: str = ""
    line: int = 0


def is_manual(row: Row) -> bool:
    return row.status in (MANUAL, MANUAL_CHANGED)


def _number(text: str, path: Path, line: int, column: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"{path}, line {line}: {column} {text!r} is not a number") from None
    if not value >= 0 or value == float("inf"):
        raise ValueError(f"{path}, line {line}: {column} must be a number of at least 0, not {text!r}")
    return value


def read_manual(path: Path) -> list[ManualScore]:
    """The scores in a manual CSV; ``ValueError`` naming the file and line for anything that cannot be used."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as err:
        raise ValueError(f"the manual scores {path} cannot be read ({err.strerror or err})") from None
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path} lacks the column(s) {', '.join(missing)} (expected "
                             f"{', '.join(MANUAL_COLUMNS)}; start from manual-template.csv)")
        scores, seen = [], {}
        for line, raw in enumerate(reader, start=2):
            cell = {k: from_spreadsheet((raw.get(k) or "").strip()) for k in MANUAL_COLUMNS}
            points = _number(cell["points"], path, line, "points")
            out_of = _number(cell["out_of"], path, line, "out_of")
            if points is None and not cell["comment"]:
                continue
            if not cell["student"] or not cell["question"]:
                raise ValueError(f"{path}, line {line}: student and question are needed")
            if out_of is not None and points is not None and points > out_of:
                raise ValueError(f"{path}, line {line}: {points:g} points are more than out_of {out_of:g}")
            key = (cell["student"], cell["question"])
            if key in seen:
                raise ValueError(f"{path}, line {line}: {key[0]} / {key[1]} is already scored on line {seen[key]}")
            seen[key] = line
            scores.append(ManualScore(cell["student"], cell["question"], points, out_of, cell["comment"],
                                      cell["sha256"].lower(), line))
    return scores


def _retotal(rows: list[Row]) -> None:
    """Sum each submission's question rows into its ``TOTAL`` row again (after manual scores changed some)."""
    sums: dict[tuple[str, str], tuple[float, float]] = {}
    for row in rows:
        if row.question != TOTAL:
            points, out_of = sums.get(row.key, (0.0, 0.0))
            sums[row.key] = (points + float(row.points or 0), out_of + float(row.out_of or 0))
    for row in rows:
        if row.question == TOTAL and row.key in sums:
            row.points, row.out_of = (f"{round(v, 4):g}" for v in sums[row.key])


def carry_over(new_rows: list[Row], previous: list[Row]) -> list[Row]:
    """``new_rows`` (one submission just graded automatically) with the manual scores that ``previous`` rows of the
    same student and question held: kept, and flagged ``manual-changed`` when the submission is not the same file."""
    manual = {(r.student, r.question): r for r in previous if is_manual(r)}
    changed = False
    for row in new_rows:
        old = manual.get((row.student, row.question))
        if old is None or row.question == TOTAL:
            continue
        row.points, row.out_of, row.feedback = old.points, old.out_of, old.feedback
        row.status = MANUAL if (old.sha256 == row.sha256 and old.status == MANUAL) else MANUAL_CHANGED
        changed = True
    if changed:
        _retotal(new_rows)
    return new_rows


def apply_manual(rows: list[Row], scores: list[ManualScore], source: Path | str = "manual CSV") -> list[str]:
    """Merge ``scores`` into ``rows`` in place (points, comment, status; totals summed again). Returns warnings
    (a student or question that is in no row); ``ValueError`` for points above what a question is worth."""
    index: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        if row.question != TOTAL:
            index.setdefault((row.student, row.question), []).append(row)
    warnings = []
    for score in scores:
        targets = index.get((score.student, score.question))
        if not targets:
            warnings.append(f"{source}, line {score.line}: no graded submission of {score.student!r} has a question "
                            f"{score.question!r}; ignored")
            continue
        for row in targets:
            out_of = score.out_of if score.out_of is not None else float(row.out_of or 0)
            points = score.points if score.points is not None else float(row.points or 0)
            if points > out_of:
                raise ValueError(f"{source}, line {score.line}: {points:g} points but {score.question} is worth "
                                 f"{out_of:g}: give what it is worth in the out_of column")
            row.points, row.out_of = f"{points:g}", f"{out_of:g}"
            row.feedback = score.comment or "Graded by hand."
            stale = (score.sha256 and score.sha256 != row.sha256) or (not score.sha256 and
                                                                     row.status == MANUAL_CHANGED)
            row.status = MANUAL_CHANGED if stale else MANUAL
    _retotal(rows)
    return warnings


# ---------------------------------------------------------------------------------------------------------------
# Reading reflections
# ---------------------------------------------------------------------------------------------------------------


def reflection_questions(rows: list[Row]) -> dict[str, list[str]]:
    """For each assignment in ``rows``, the ids of its questions graded by a person (reflections)."""
    from socialties.exercises.registry import UnknownAssignment, get_assignment

    found: dict[str, list[str]] = {}
    for name in dict.fromkeys(r.assignment for r in rows if r.assignment):
        try:
            found[name] = [q.qid for q in get_assignment(name).questions if q.kind == "reflection"]
        except (UnknownAssignment, ValueError, KeyError):
            found[name] = []
    return found


def _write_csv(path: Path, columns: tuple[str, ...], lines: list[dict[str, str]]) -> None:
    handle = tempfile.NamedTemporaryFile("w", newline="", encoding="utf-8", dir=path.parent, delete=False,
                                         prefix=f".{path.name}.", suffix=".tmp")
    try:
        with handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            for line in lines:
                writer.writerow({k: spreadsheet_safe(line.get(k, "")) for k in columns})
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _reading_page(qid: str, prompt: str, answers: list[Row]) -> str:
    from socialties.exercises.grade.feedback import CSP, STYLE

    e = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
             f"<title>Reflections: {e(qid)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>", "<main>",
             f"<h1>Reflections: question {e(qid)} ({len(answers)} submissions)</h1>",
             f'<p class="prompt">{e(prompt)}</p>']
    for row in answers:
        parts.append('<section class="question">')
        parts.append(f"<h2>{e(row.student)} <span class=\"points\">{e(row.points)} / {e(row.out_of)}</span></h2>")
        parts.append(f'<pre class="answer">{e(row.answer) if row.answer else "(no answer)"}</pre>')
        parts.append(f"<p>Status: {e(row.status)}{' — ' + e(row.feedback) if is_manual(row) else ''}</p>")
        parts.append(f"<p>SHA-256 {e(row.sha256)}</p></section>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def export_reflections(rows: list[Row], out_dir: Path) -> list[Path]:
    """Write the reflection answers (``<qid>.html`` and ``<qid>.csv``) and ``manual-template.csv`` (manual scores
    already in the gradebook filled in) into ``out_dir``; returns the files written."""
    from socialties.exercises.registry import get_assignment

    out_dir.mkdir(parents=True, exist_ok=True)
    questions = reflection_questions(rows)
    several = len([name for name, ids in questions.items() if ids]) > 1
    written: list[Path] = []
    template: list[dict[str, str]] = []
    for assignment, qids in questions.items():
        prompts = {q.qid: q.prompt for q in get_assignment(assignment).questions} if qids else {}
        for qid in qids:
            # By student, whatever order the workers finished in, so the reader and the template are predictable.
            answers = sorted((r for r in rows if r.assignment == assignment and r.question == qid),
                             key=lambda r: (r.student, r.submission))
            stem = f"{assignment}-{qid}" if several else qid
            page = out_dir / f"{stem}.html"
            page.write_text(_reading_page(qid, prompts.get(qid, ""), answers), encoding="utf-8")
            table = out_dir / f"{stem}.csv"
            _write_csv(table, ("student", "submission", "sha256", "answer"),
                       [{"student": r.student, "submission": r.submission, "sha256": r.sha256, "answer": r.answer}
                        for r in answers])
            written += [page, table]
            for r in answers:
                manual = is_manual(r)
                template.append({"student": r.student, "question": qid, "points": r.points if manual else "",
                                 "out_of": r.out_of if manual else "", "comment": r.feedback if manual else "",
                                 "sha256": r.sha256})
    path = out_dir / "manual-template.csv"
    _write_csv(path, MANUAL_COLUMNS, template)
    written.append(path)
    return written
