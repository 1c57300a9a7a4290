"""``socialties assign``: student and instructor copies, and the student edition with no solution anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import nbformat
import pytest
import yaml

from socialties.exercises import get_assignment
from socialties.exercises.assign import edition_source, main
from socialties.exercises.assign.editions import SOLUTION_TAG, solution_snippets
from socialties.exercises.grade.notebook import notebook_assignment
from socialties.exercises.grade.results import Limits
from socialties.exercises.grade.worker import grade_notebook

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))


def snippets_of(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    found: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            found += solution_snippets(cell.source, SOLUTION_TAG in cell.metadata.get("tags", []))
    return found


def all_text(path: Path) -> str:
    """The text a reader of the file sees: a notebook's cell sources and outputs (not JSON-escaped), else the file."""
    if path.suffix != ".ipynb":
        return path.read_text(encoding="utf-8")
    nb = nbformat.read(path, as_version=4)
    parts = [nbformat.writes(nb)]
    for cell in nb.cells:
        parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts += [str(output.get("text", ""))] + [str(v) for v in output.get("data", {}).values()]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("assigned")
    assert main([str(ROOT / "exercises"), "--out", str(out)]) == 0
    return out


def test_every_exercise_notebook_has_solutions_to_hide():
    assert any(p.name == "00-practice.ipynb" for p in EXERCISES)
    for path in EXERCISES:
        assert snippets_of(path), f"{path.name} marks no solution"


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_student_copy_keeps_no_solution_and_no_output(copies, path):
    student_text = all_text(copies / "student" / path.name)
    leaked = [s for s in snippets_of(path) if s in student_text]
    assert not leaked, f"solution lines left in the student copy: {leaked}"
    assert "BEGIN SOLUTION" not in student_text and "# YOUR ANSWER HERE" in student_text
    student = nbformat.read(copies / "student" / path.name, as_version=4)
    assert all(not c.get("outputs") for c in student.cells if c.cell_type == "code")
    assert notebook_assignment(student) == notebook_assignment(nbformat.read(path, as_version=4))
    instructor_text = all_text(copies / "instructor" / path.name)
    assert all(s in instructor_text for s in snippets_of(path))


@pytest.mark.slow
@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_reference_solutions_pass_every_check_and_the_student_copy_runs(copies, path, tmp_path):
    """The instructor copy, executed on a fresh kernel and run through the trusted checks, gets full marks; the
    student copy runs without an error (so the student edition of the book executes) and scores nothing."""
    limits = Limits(timeout=240, cell_timeout=120)
    instructor = nbformat.read(copies / "instructor" / path.name, as_version=4)
    assignment = get_assignment(notebook_assignment(instructor))
    result = grade_notebook(instructor, assignment, limits, tmp_path / "instructor")
    assert result.status == "graded", result.message
    graded = [q for q in result.questions if q.out_of > 0]
    assert graded and all(q.status == "correct" for q in graded), [(q.qid, q.feedback) for q in graded
                                                                   if q.status != "correct"]
    assert "raised" not in result.message, result.message

    student = nbformat.read(copies / "student" / path.name, as_version=4)
    result = grade_notebook(student, assignment, limits, tmp_path / "student")
    assert result.status == "graded" and "raised" not in result.message, result.message
    assert result.points == 0


def test_student_edition_sources_hold_no_solution(tmp_path):
    out = tmp_path / "student-src"
    assert main(["--edition-source", "student", "--root", str(ROOT), "--out", str(out)]) == 0
    config = yaml.safe_load((out / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["config"]["hide_solutions"] is True
    assert (out / "_toc.yml").is_file() and (out / "references.bib").is_file()
    assert (out / "data" / "socsupport.csv").read_bytes() == (ROOT / "data" / "socsupport.csv").read_bytes()
    assert not (out / "socialties").exists() and not (out / "tests").exists()
    snippets = [s for path in EXERCISES for s in snippets_of(path)]
    for path in out.rglob("*"):
        if path.suffix not in {".ipynb", ".md", ".yml"}:
            continue
        text = all_text(path)
        assert "{solution" not in text, path  # {solution}, {solution-start}, {solution-end}
        if path.suffix == ".ipynb":  # (the instructors' page shows the markers as an example)
            assert "BEGIN SOLUTION" not in text, path
        if path.parent.name == "exercises":  # chapters may teach the same code; exercises must not give it away
            assert not [s for s in snippets if s in text], path

    # A second run rewrites nothing that did not change (Sphinx then rebuilds nothing), and removes stale files.
    stale = out / "book" / "removed-page.md"
    stale.write_text("old", encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p != stale}
    assert main(["--edition-source", "student", "--root", str(ROOT), "--out", str(out)]) == 0
    assert not stale.exists()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_edition_source_refuses_to_overwrite_the_course(tmp_path):
    with pytest.raises(ValueError):
        edition_source(ROOT, ROOT)
    assert main(["--edition-source", "student", "--root", str(tmp_path), "--out", str(tmp_path / "x")]) == 1


# ---------------------------------------------------------------------------------------------------------------
# Building a small book in both editions and searching the whole built tree
# ---------------------------------------------------------------------------------------------------------------

MARKERS = ["ST-MARKER-REGION-7d1c", "ST-MARKER-TAGGED-CELL-41aa", "ST-MARKER-DIRECTIVE-e3b0", "ST-MARKER-GATED-9f2e",
           "ST-MARKER-MARKDOWN-5c6d", "ST-MARKER-PAGE-0b8a"]


def fixture_book(root: Path) -> None:
    """A two-page book with a solution of every kind, each carrying one marker."""
    (root / "book").mkdir(parents=True)
    (root / "exercises").mkdir()
    (root / "_config.yml").write_text(textwrap.dedent("""\
        title: Fixture
        only_build_toc_files: true
        execute:
          execute_notebooks: force
        sphinx:
          extra_extensions: [sphinx_exercise]
          config:
            hide_solutions: false
        """), encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nchapters:\n  - file: exercises/hw\n",
                                   encoding="utf-8")
    (root / "book" / "intro.md").write_text(textwrap.dedent(f"""\
        # Intro

        ```{{exercise}}
        :label: intro-ex
        What is the answer?
        ```

        ````{{solution}} intro-ex
        :class: dropdown
        The answer: {MARKERS[5]}.
        ```python
        print("{MARKERS[5]}")
        ```
        ````
        """), encoding="utf-8")
    cells = [
        nbformat.v4.new_markdown_cell("# Homework\n\n```{exercise}\n:label: hw-ex\nCompute it.\n```"),
        nbformat.v4.new_code_cell(f'# BEGIN SOLUTION\nq1_answer = "{MARKERS[0]}"\n# END SOLUTION\nprint(q1_answer)',
                                  metadata={"tags": ["hide-cell"]}),
        nbformat.v4.new_code_cell(f'q2_answer = "{MARKERS[1]}"', metadata={"tags": ["solution", "hide-cell"]}),
        nbformat.v4.new_markdown_cell(f"```{{solution}} hw-ex\n:class: dropdown\n{MARKERS[2]}\n```"),
        nbformat.v4.new_markdown_cell("```{exercise-start}\n:label: hw-gated\n```\nAnd this?\n```{exercise-end}\n```"),
        nbformat.v4.new_markdown_cell("```{solution-start} hw-gated\n:class: dropdown\n```"),
        nbformat.v4.new_code_cell(f'print("{MARKERS[3]}")'),
        nbformat.v4.new_markdown_cell("```{solution-end}\n```"),
        nbformat.v4.new_markdown_cell(f"Explanation {MARKERS[4]}.", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell("print('the end')"),
    ]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "socialties": {"assignment": "fixture"}})
    nbformat.write(nb, root / "exercises" / "hw.ipynb")


def build(source: Path, output: Path, edition: str) -> None:
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    env = dict(os.environ, SOCIALTIES_EDITION=edition)
    done = subprocess.run([str(jupyter_book), "build", str(source), "--path-output", str(output)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (output / "_build" / "html" / "exercises" / "hw.html").is_file()


def found_in_tree(tree: Path, needles: list[str]) -> dict[str, list[str]]:
    """Which needles occur in which files of the whole tree (every file, binary ones included)."""
    hits: dict[str, list[str]] = {}
    for path in tree.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                if needle.encode() in data:
                    hits.setdefault(needle, []).append(str(path.relative_to(tree)))
    return hits


@pytest.mark.slow
def test_student_edition_build_holds_no_solution_anywhere():
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        fixture_book(root)
        needles = MARKERS + ["BEGIN SOLUTION"]

        # Control: the self-study edition, built from the annotated sources, does carry every solution.
        build(root, Path(tmp) / "self-study", "self-study")
        shown = found_in_tree(Path(tmp) / "self-study", needles)
        assert set(shown) == set(needles), f"the search finds solutions where they are: {sorted(shown)}"

        assert main(["--edition-source", "student", "--root", str(root), "--out", str(Path(tmp) / "src")]) == 0
        build(Path(tmp) / "src", Path(tmp) / "student", "student")
        built = Path(tmp) / "student"
        assert (built / "_build" / "html" / "_sources" / "exercises" / "hw.ipynb").is_file()
        leaks = found_in_tree(built, needles) | found_in_tree(Path(tmp) / "src", needles)
        assert not leaks, f"solutions in the student edition: {leaks}"
