"""The real course, built as the student edition, shows no solution anywhere; the self-study build shows them all.

The fixture-book test in ``test_assign.py`` proves the mechanism with planted markers; this one proves it on the
course's own exercises and chapter solutions: every distinctive solution line is searched for in every file of the
built student site (pages with their markup stripped, page sources, downloadable notebooks, search index), and
so is every answer key of every question set (``test_hidden_keys.key_needles``).
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from socialties.exercises.assign import main as assign
from socialties.exercises.assign.editions import SOLUTION_TAG, solution_snippets, student_markdown_page

ROOT = Path(__file__).resolve().parents[1]
MIN_LENGTH = 24  # long enough to be distinctive, short enough to catch a one-line answer


def solution_lines() -> list[str]:
    """Distinctive lines of every code solution in exercises/ and every sphinx-exercise solution in book/ pages."""
    lines: list[str] = []
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                tagged = SOLUTION_TAG in cell.metadata.get("tags", [])
                lines += solution_snippets(cell.source, tagged, min_length=MIN_LENGTH)
    for page in sorted((ROOT / "book").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        kept = set(student_markdown_page(text, str(page)).splitlines())
        lines += [line.strip() for line in text.splitlines()
                  if line not in kept and len(line.strip()) >= MIN_LENGTH and not line.strip().startswith("```")]
    return sorted(set(lines))


def visible_text(path: Path) -> str:
    """What a file shows or carries, with HTML markup stripped and notebook JSON decoded."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        return html.unescape(re.sub(r"<[^>]+>", "", raw))
    if path.suffix == ".ipynb":
        cells = json.loads(raw).get("cells", [])
        return "\n".join("".join(c.get("source", "")) + json.dumps(c.get("outputs", [])) for c in cells)
    return raw


def leaks(tree: Path, needles: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in tree.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".ipynb", ".md", ".txt", ".js", ".json"}:
            text = " ".join(visible_text(path).split())
            for needle in needles:
                if " ".join(needle.split()) in text:
                    found.setdefault(needle, []).append(str(path.relative_to(tree)))
    return found


def build(source: Path, output: Path, edition: str) -> Path:
    env = dict(os.environ, SOCIALTIES_EDITION=edition)
    done = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(source),
                           "--path-output", str(output), "-W", "-n", "--keep-going"],
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return output / "_build" / "html"


@pytest.mark.slow
def test_the_student_edition_of_the_course_holds_no_solution(tmp_path):
    assert assign(["--edition-source", "student", "--root", str(ROOT), "--out", str(tmp_path / "src")]) == 0
    # A chapter may teach the code an exercise asks for: lines the student sources keep elsewhere are not leaks.
    candidates = solution_lines()
    taught = leaks(tmp_path / "src", candidates)
    needles = [line for line in candidates if line not in taught]
    assert len(needles) >= 10, needles  # the course has solutions to hide

    self_study = build(ROOT, tmp_path / "self-study", "self-study")
    shown = leaks(self_study, needles)
    assert len(shown) == len(needles), f"control: not found in the self-study site: {set(needles) - set(shown)}"

    student = build(tmp_path / "src", tmp_path / "student", "student")
    assert (student / "_sources" / "exercises" / "01-mechanisms.ipynb").is_file()
    found = leaks(student, needles)
    assert not found, f"solutions in the student edition: {found}"

    # No answer key either, not even obfuscated: every file of the student site, as it is (no markup stripped).
    from test_hidden_keys import key_needles, search

    keys = search([p for p in student.rglob("*") if p.is_file()], key_needles())
    assert not keys, f"answer keys in the student edition: {keys}"
    assert search([p for p in self_study.rglob("*") if p.is_file()], key_needles()), "control: the self-study " \
        "edition carries its keys, obfuscated"
