"""The book's sources carry no control characters: a "\\tfrac" typed in a Python string without r"" becomes a tab
followed by "frac", and a broken formula on the page. Every Markdown page and every notebook cell's source is
checked; only line breaks are allowed (code indents with spaces)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # everything below a space but the newline
SOURCES = sorted(p for folder in ("book", "exercises") for p in (ROOT / folder).rglob("*")
                 if p.suffix in {".md", ".ipynb"} and "_build" not in p.parts and ".ipynb_checkpoints" not in p.parts)


def where(text: str) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = CONTROL.search(line)
        if match:
            found.append(f"line {number}: {match.group(0)!r} in {line.strip()[:60]!r}")
    return found


def test_there_are_sources_to_check():
    assert any(p.suffix == ".ipynb" for p in SOURCES) and any(p.suffix == ".md" for p in SOURCES)


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_no_control_characters_in_sources(path: Path):
    if path.suffix == ".md":
        problems = where(path.read_text(encoding="utf-8"))
    else:
        notebook = nbformat.read(path, as_version=4)
        problems = [f"cell {i}, {p}" for i, cell in enumerate(notebook.cells) for p in where(cell.source)]
    assert problems == [], f"{path.relative_to(ROOT)}: " + "; ".join(problems)
