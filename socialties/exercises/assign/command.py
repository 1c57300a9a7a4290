"""``socialties assign``: student and instructor copies of the annotated exercise notebooks, and the solution-free
sources of the student edition of the book.

    socialties assign exercises/ --out DIR
        DIR/student/<name>.ipynb     solutions replaced by placeholders, outputs cleared (hand these out)
        DIR/instructor/<name>.ipynb  the full solutions, outputs cleared (keep these)

    socialties assign --edition-source student --out _build/student-src [--root .] [--repository-url URL]
        a complete copy of the book's sources with every solution removed, to build with
        SOCIALTIES_EDITION=student jupyter-book build _build/student-src --path-output _build/student

The solution convention is described in :mod:`socialties.exercises.assign.editions` and on the book's Instructors page.
    socialties assign --forms
        the public form of every question set (prompts, options, no key) into socialties/exercises/forms/

Answer keys are never written into a notebook: they live in the question sets (the instructor's side) and reach a
page only obfuscated, in the self-study edition; the student edition and the students' package have none.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import nbformat
import yaml

from socialties.exercises.assign.editions import (
    EditionError,
    lint,
    make_edition,
    student_markdown_page,
)

#: What the book's sources are made of (relative to the root); anything else can be added with --include.
BOOK_SOURCES = ("_config.yml", "_toc.yml", "references.bib", "book", "exercises", "data", "_static", "images")
_SKIP_PARTS = {".ipynb_checkpoints", "__pycache__", ".jupyter_cache", "_build"}


# ---------------------------------------------------------------------------------------------------------------
# Exercise notebooks -> student/ and instructor/
# ---------------------------------------------------------------------------------------------------------------


def exercise_notebooks(paths: list[Path]) -> list[Path]:
    """The annotated notebooks in ``paths`` (files, or folders searched recursively), checkpoints skipped."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.ipynb") if not _SKIP_PARTS & set(p.parts))
        elif path.suffix == ".ipynb":
            found.append(path)
    return found


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless the file already holds it (unchanged files keep their time, so rebuilds stay short)."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def notebook_text(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def assign(paths: list[Path], out: Path) -> list[str]:
    """Write the student and instructor copies of every annotated notebook in ``paths`` under ``out``.

    Notebooks found in a folder keep their path relative to it. Returns the authoring problems found (see
    :func:`socialties.exercises.assign.editions.lint`); raises :class:`EditionError` when a notebook breaks the convention
    (an unclosed region, a solution that does not parse).
    """
    problems: list[str] = []
    pairs = [(nb_path, nb_path.relative_to(path) if path.is_dir() else Path(nb_path.name))
             for path in paths for nb_path in exercise_notebooks([path])]
    if not pairs:
        raise EditionError("no notebooks found in " + ", ".join(str(p) for p in paths))
    for path, relative in pairs:
        nb = nbformat.read(path, as_version=4)
        problems += lint(nb, str(path))
        write_if_changed(out / "student" / relative, notebook_text(make_edition(nb, "student", str(path))))
        write_if_changed(out / "instructor" / relative, notebook_text(make_edition(nb, "instructor", str(path))))
    return problems


# ---------------------------------------------------------------------------------------------------------------
# The student edition's sources
# ---------------------------------------------------------------------------------------------------------------


def student_config(text: str, repository_url: str | None = None) -> str:
    """The student edition's ``_config.yml``: solutions hidden by sphinx-exercise too, no "edit this page" link
    (it leads to the annotated sources), and optionally another repository for the launch and repository buttons."""
    config = yaml.safe_load(text) or {}
    sphinx = config.setdefault("sphinx", {}) or {}
    config["sphinx"] = sphinx
    sphinx_config = sphinx.setdefault("config", {}) or {}
    sphinx["config"] = sphinx_config
    sphinx_config["hide_solutions"] = True
    html = config.setdefault("html", {}) or {}
    config["html"] = html
    html["use_edit_page_button"] = False
    if repository_url:
        repository = config.setdefault("repository", {}) or {}
        config["repository"] = repository
        repository["url"] = repository_url
    header = ("# GENERATED by `socialties assign --edition-source student`: the student edition's configuration.\n"
              "# Edit the _config.yml at the root of the course instead.\n")
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=120)


def _source_files(root: Path, include: list[str]) -> list[Path]:
    files: list[Path] = []
    for name in list(BOOK_SOURCES) + include:
        path = root / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and not _SKIP_PARTS & set(p.relative_to(
                root).parts))
    return files


def edition_source(root: Path, out: Path, edition: str = "student", include: list[str] | None = None,
                   repository_url: str | None = None) -> list[str]:
    """Write a complete copy of the book's sources under ``out`` as ``edition`` would show them.

    For the student edition: every notebook (in ``book/`` and ``exercises/``) becomes its student copy with all
    outputs cleared (the build executes them again, with ``SOCIALTIES_EDITION=student``); every MyST page loses its
    solution directives; ``_config.yml`` sets ``hide_solutions: true``. Files no longer in the sources are removed
    from ``out``. Returns the authoring problems found.
    """
    if edition != "student":
        raise ValueError("only the student edition needs its own sources (the others build from the root)")
    root, out = root.resolve(), out.resolve()
    if out == root or root.is_relative_to(out):
        raise ValueError(f"--out {out} would overwrite the course's own sources")
    if not (root / "_config.yml").is_file() or not (root / "_toc.yml").is_file():
        raise ValueError(f"{root} has no _config.yml and _toc.yml: give the book's root with --root")
    problems: list[str] = []
    written: set[Path] = set()
    for path in _source_files(root, include or []):
        relative = path.relative_to(root)
        target = out / relative
        written.add(target)
        if relative == Path("_config.yml"):
            write_if_changed(target, student_config(path.read_text(encoding="utf-8"), repository_url))
        elif path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
            if relative.parts[0] == "exercises":
                problems += lint(nb, str(relative))
            write_if_changed(target, notebook_text(make_edition(nb, "student", str(relative), clear_outputs=True)))
        elif path.suffix == ".md" and relative.parts[0] != "data":
            write_if_changed(target, student_markdown_page(path.read_text(encoding="utf-8"), str(relative)))
        else:
            if not target.exists() or target.read_bytes() != path.read_bytes():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
    if out.exists():
        for stale in sorted(out.rglob("*"), reverse=True):
            if stale.is_file() and stale not in written and not _SKIP_PARTS & set(stale.relative_to(out).parts):
                stale.unlink()
            elif stale.is_dir() and not any(stale.iterdir()) and not _SKIP_PARTS & set(stale.relative_to(out).parts):
                stale.rmdir()
    return problems


# ---------------------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="socialties assign", description=__doc__.split("\n\n")[0],
                                     epilog="Conventions: see the Instructors page of the book.")
    parser.add_argument("paths", nargs="*", type=Path, help="annotated notebooks or folders (e.g. exercises/)")
    parser.add_argument("--out", type=Path, help="where to write the copies")
    parser.add_argument("--forms", action="store_true",
                        help="write the public form (no answer key) of every question set into the package, for "
                             "the students' copy of the package, and stop")
    parser.add_argument("--edition-source", choices=["student"],
                        help="write the whole book's sources for this edition instead of exercise copies")
    parser.add_argument("--root", type=Path, default=Path("."), help="the book's root (with --edition-source)")
    parser.add_argument("--include", action="append", default=[],
                        help="another file or folder of the root that the book needs (with --edition-source)")
    parser.add_argument("--repository-url",
                        help="repository for the student edition's buttons (a copy without solutions)")
    args = parser.parse_args(argv)
    if args.forms:
        from socialties.exercises.forms import write_forms

        written = write_forms()
        print(f"socialties assign: {len(written)} public form(s) in {written[0].parent if written else '-'}",
              file=sys.stderr)
        return 0
    if args.out is None:
        parser.error("the following arguments are required: --out")
    try:
        if args.edition_source:
            if args.paths:
                parser.error("--edition-source copies the whole book from --root; give no notebook paths")
            problems = edition_source(args.root, args.out, args.edition_source, args.include, args.repository_url)
            done = f"the {args.edition_source} edition's sources are in {args.out}"
        else:
            if not args.paths:
                parser.error("give the annotated notebooks or their folder, e.g. `socialties assign exercises/`")
            missing = [str(p) for p in args.paths if not p.exists()]
            if missing:
                parser.error("not found: " + ", ".join(missing))
            problems = assign(args.paths, args.out)
            done = f"student copies in {args.out / 'student'}, instructor copies in {args.out / 'instructor'}"
    except (EditionError, ValueError, OSError) as err:
        print(f"socialties assign: {err}", file=sys.stderr)
        return 1
    for problem in problems:
        print(f"socialties assign: warning: {problem}", file=sys.stderr)
    print(f"socialties assign: {done}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
