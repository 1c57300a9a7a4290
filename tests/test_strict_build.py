"""The book's own configuration makes a failing cell fail the build (Jupyter Book does not by default)."""

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


def _scratch_book(tmp_path: Path, cell: str) -> Path:
    book = tmp_path / "book"
    book.mkdir()
    shutil.copy(ROOT / "_config.yml", book)
    shutil.copy(ROOT / "references.bib", book)
    (book / "_toc.yml").write_text("format: jb-book\nroot: scratch\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Scratch"), nbformat.v4.new_code_cell(cell)]
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nbformat.write(nb, book / "scratch.ipynb")
    return book


def _build(book: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(JUPYTER_BOOK), "build", str(book), "-W", "-n", "--keep-going"],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_a_failing_cell_fails_the_strict_build(tmp_path):
    result = _build(_scratch_book(tmp_path, "raise ValueError('deliberate failure in a scratch notebook')"))
    assert result.returncode != 0
    assert "deliberate failure in a scratch notebook" in result.stdout + result.stderr


@pytest.mark.slow
def test_the_same_scratch_book_builds_when_the_cell_runs(tmp_path):
    book = _scratch_book(tmp_path, "from socialties.preamble import *\n6 * 7")
    result = _build(book)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "42" in (book / "_build" / "html" / "scratch.html").read_text(encoding="utf-8")
