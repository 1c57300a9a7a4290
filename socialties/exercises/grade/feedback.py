"""Feedback files: one self-contained HTML page per graded submission, safe to e-mail to its student.

``socialties grade ... --feedback DIR`` writes ``DIR/<student>.html`` for every submission in the gradebook, from the
gradebook's rows only (nothing is run again): the student's answer to each question, its result, points and
feedback, the manual comment where a person graded it, and what happened to the notebook as a whole (cells that
raised an error or were interrupted, a timeout, a kernel that died).

Safe to send: every text from the gradebook (answers, file names, feedback) is HTML-escaped, so an answer such as
``<script>`` shows as text; the page has no script, no form, no link and no reference to any other file or host (the
style sheet is inline; a Content-Security-Policy meta tag forbids loading anything even if a mail client ignored
all that). Question prompts come from the course's question set (trusted), but are escaped too.
"""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from pathlib import Path
from typing import Iterable

from socialties.exercises.grade.gradebook import TOTAL, Row

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'"

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 46rem; margin: 1.5rem auto;
       padding: 0 1rem; color: #1a1a1a; line-height: 1.5; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
.summary { font-size: 1.15rem; padding: .75rem 1rem; background: #f2f6fa; border-left: .3rem solid #0072B2; }
.notes { background: #fff8e6; border-left: .3rem solid #E69F00; padding: .5rem 1rem; }
section.question { border-top: 1px solid #ccc; padding: .5rem 0 1rem; }
h2 { font-size: 1.1rem; margin: .5rem 0; }
.points { float: right; font-weight: bold; }
.status { display: inline-block; padding: 0 .4rem; border-radius: .2rem; background: #eee; font-size: .9rem; }
.status-correct { background: #d4f0e4; color: #00573a; }
.status-incorrect, .status-invalid, .status-missing { background: #fbe3d6; color: #7a2c00; }
.status-manual, .status-manual-changed { background: #e1ecf7; color: #003f66; }
pre.answer { white-space: pre-wrap; overflow-wrap: anywhere; background: #f7f7f7; padding: .5rem; margin: .25rem 0; }
.prompt { color: #444; }
footer { margin-top: 2rem; font-size: .85rem; color: #555; }
"""

STATUS_WORDS = {
    "correct": "correct",
    "incorrect": "not correct",
    "partial": "partly correct",
    "invalid": "could not be checked",
    "unanswered": "not answered",
    "missing": "missing",
    "ungraded": "saved, not graded automatically",
    "manual": "graded by your instructor",
    "manual-changed": "graded by your instructor (on an earlier version of your notebook)",
    "not-collected": "not read",
}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def safe_file_name(name: str) -> str:
    """A file name made of letters, digits, ``.``, ``_`` and ``-`` only (no path, no hidden file)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "submission"
    return cleaned[:80]


def group_rows(rows: Iterable[Row]) -> "OrderedDict[tuple[str, str], list[Row]]":
    """The gradebook's rows by submission (path, SHA-256), in gradebook order."""
    groups: OrderedDict[tuple[str, str], list[Row]] = OrderedDict()
    for row in rows:
        groups.setdefault(row.key, []).append(row)
    return groups


def _prompts(assignment_name: str) -> dict[str, str]:
    from socialties.exercises.registry import UnknownAssignment, get_assignment

    try:
        return {q.qid: q.prompt for q in get_assignment(assignment_name).questions}
    except (UnknownAssignment, ValueError, KeyError):
        return {}


def render_feedback(rows: list[Row], title: str = "", prompts: dict[str, str] | None = None) -> str:
    """The HTML page of one submission from its gradebook rows (its question rows and its ``TOTAL`` row)."""
    prompts = prompts or {}
    total = next((r for r in rows if r.question == TOTAL), None)
    questions = [r for r in rows if r.question != TOTAL]
    first = total or rows[0]
    heading = f"{title or first.assignment or 'Assignment'}: feedback for {first.student}"
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{_e(heading)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>", "<main>",
             f"<h1>{_e(heading)}</h1>"]
    if total is not None:
        parts.append(f'<p class="summary">Score: <strong>{_e(total.points)} / {_e(total.out_of)}</strong> '
                     f'(notebook: <span class="status">{_e(total.status)}</span>)</p>')
        notes = [n.strip() for n in total.feedback.split("; ") if n.strip()]
        if notes:
            parts.append('<div class="notes"><p>What happened when your notebook ran:</p><ul>')
            parts += [f"<li>{_e(note)}</li>" for note in notes]
            parts.append("</ul></div>")
    for row in questions:
        status = re.sub(r"[^a-z-]", "", row.status.lower())
        word = STATUS_WORDS.get(row.status, row.status)
        parts.append('<section class="question">')
        parts.append(f'<h2>Question {_e(row.question)} <span class="points">{_e(row.points)} / '
                     f"{_e(row.out_of)}</span></h2>")
        if row.question in prompts:
            parts.append(f'<p class="prompt">{_e(prompts[row.question])}</p>')
        parts.append("<p>Your answer:</p>")
        parts.append(f'<pre class="answer">{_e(row.answer) if row.answer else "(no answer)"}</pre>')
        parts.append(f'<p>Result: <span class="status status-{status}">{_e(word)}</span></p>')
        if row.feedback:
            label = "Comment" if row.status.startswith("manual") else "Feedback"
            parts.append(f"<p>{label}: {_e(row.feedback)}</p>")
        parts.append("</section>")
    parts.append(f"<footer>Submission: {_e(first.submission)} (SHA-256 {_e(first.sha256[:12])}). This page was "
                 "written by the course's grader; it contains no script and loads nothing.</footer>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def write_feedback(rows: list[Row], out_dir: Path) -> list[Path]:
    """One ``<student>.html`` per submission in ``rows`` under ``out_dir`` (created); returns the files written.

    Two submissions of one student name get the start of their SHA-256 added, so no file overwrites another.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    prompt_cache: dict[str, dict[str, str]] = {}
    written: list[Path] = []
    used: set[str] = set()
    for (submission, sha256), group in group_rows(rows).items():
        assignment = group[0].assignment
        if assignment not in prompt_cache:
            prompt_cache[assignment] = _prompts(assignment) if assignment else {}
        name = safe_file_name(group[0].student or Path(submission).stem)
        if name in used:
            name = f"{name}-{safe_file_name(sha256[:8] or str(len(used)))}"
        used.add(name)
        path = out_dir / f"{name}.html"
        path.write_text(render_feedback(group, prompts=prompt_cache[assignment]), encoding="utf-8")
        written.append(path)
    return written
