"""The benchmark package's own logic (no figure is timed here): the pages it finds, the table it prints, the ratios.

Speed figures live in ``make bench``, never in tests; these only check that the bench reads the book and reports
what it measured correctly.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `benchmarks` is a folder of scripts beside the package, not installed

from benchmarks.common import markdown_table, ratio, row, text_table, toc_files, toc_notebooks  # noqa: E402
from benchmarks.pages import is_chart_library, local_file  # noqa: E402


def test_toc_files_lists_every_page_of_the_toc_once_in_reading_order(tmp_path):
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: book/welcome\nparts:\n  - caption: A\n    chapters:\n      - file: book/a.ipynb\n"
        "        sections:\n          - file: book/a1\n      - file: book/b\n  - caption: B\n    chapters:\n"
        "      - file: book/a1\n", encoding="utf-8")
    assert toc_files(tmp_path) == ["book/welcome", "book/a", "book/a1", "book/b"]


def test_the_real_toc_names_existing_sources_and_its_notebooks():
    docs = toc_files(ROOT)
    assert docs[0] == "book/welcome" and "book/01-mechanisms/simulator" in docs
    assert all(any((ROOT / f"{d}{ext}").is_file() for ext in (".md", ".ipynb")) for d in docs)
    assert ROOT / "book" / "01-mechanisms" / "simulator.ipynb" in toc_notebooks(ROOT)


def test_ratio_marks_a_limit_exceeded_and_leaves_missing_anchors_blank():
    assert ratio(50, 100, limit=True) == "0.50x"
    assert ratio(250, 100, limit=True) == "2.50x over"
    assert ratio(2300, 100) == "23x"
    assert ratio(5, 0) == "" and ratio(float("nan"), 1) == ""


def test_text_table_aligns_columns_heads_groups_and_numbers_notes():
    rows = [row("Build", "clean build", "95.0 s", "3.9-5.4 s", "18x", note="executes notebooks"),
            row("Build", "no-change rebuild", "12 s", "1.8-2.1 s", "5.71x"),
            row("Pages", "book/welcome", "3.41 MB", "1.50 MB", "2.27x over")]
    text = text_table(rows)
    lines = text.splitlines()
    assert lines[0].split()[:2] == ["Measure", "Figure"]
    assert "Build:" in lines and "Pages:" in lines
    table_lines = [ln for ln in lines if ln.startswith(("clean", "no-change", "book/"))]
    assert len({ln.index(ln.split("  ")[-1]) for ln in table_lines}) == 1  # the last column starts at one place
    assert "clean build [1]" in text and text.rstrip().endswith("[1] executes notebooks")
    json.dumps(rows)  # rows travel from each measure to the runner as JSON


def test_markdown_table_escapes_pipes_and_keeps_every_row():
    rows = [row("G", "a | b", "1 s", "2 s", "0.50x", note="n")]
    table = markdown_table(rows)
    assert "a \\| b" in table and table.count("\n") == 3  # head, rule, group, row


def test_pages_map_urls_to_served_files_and_recognise_the_chart_libraries(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "index.html").write_text("x")
    base = "http://127.0.0.1:8000"
    assert local_file(tmp_path, base, f"{base}/book/") == tmp_path / "book" / "index.html"
    assert local_file(tmp_path, base, f"{base}/_static/a%20b.js?v=1#x") == tmp_path / "_static" / "a b.js"
    assert local_file(tmp_path, base, "https://cdn.example.org/vega.js") is None
    assert is_chart_library(f"{base}/_static/_vendor/vega-lite.min.js?v=4897306a")
    assert not is_chart_library(f"{base}/_static/vega-theme.css") and not is_chart_library(f"{base}/vegan.js")
