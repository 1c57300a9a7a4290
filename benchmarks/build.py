"""Book build times: a clean build, a rebuild with no change, and a rebuild after one notebook's code changed.

All three build a scratch copy of the sources (``SCRATCH/src``) into ``SCRATCH/out`` with the flags of ``make book``
(``-W -n --keep-going``, notebooks executed through Jupyter Book's cache), so the working tree's ``_build`` is never
touched. The clean build's site (``SCRATCH/out/_build/html``) is what the page-weight and slider benchmarks measure.

    python -m benchmarks.build --scratch /tmp/bench [--edit book/01-mechanisms/worked-example.ipynb]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
from pathlib import Path

import nbformat

from benchmarks.common import (BIN, STACK_NOTES, cli, copy_sources, last_line, log, ratio, row, seconds,
                               timed, toc_notebooks)

GROUP = "Book build (scratch copy, -W -n --keep-going)"
DEFAULT_EDIT = "book/01-mechanisms/worked-example.ipynb"
JB_FLAGS = ["-W", "-n", "--keep-going"]


def site_of(scratch: Path) -> Path:
    """Where ``measure`` leaves the built site."""
    return scratch / "out" / "_build" / "html"


def build(src: Path, out: Path) -> tuple[float, str]:
    """One ``jupyter-book build``; returns the wall time and '' or what went wrong."""
    env = {**os.environ, "SOCIALTIES_EDITION": "self-study"}
    wall, done = timed([str(BIN / "jupyter-book"), "build", str(src), "--path-output", str(out), *JB_FLAGS],
                       env=env, cwd=src)
    return wall, "" if done.returncode == 0 else f"exit {done.returncode}: {last_line(done)}"


def edit_code(notebook: Path) -> None:
    """Change the code of one cell (a comment line), as an author's edit does: the cache must re-execute it."""
    nb = nbformat.read(notebook, as_version=4)
    cell = next(c for c in reversed(nb.cells) if c.cell_type == "code")
    cell.source = cell.source.rstrip("\n") + "\n# edited by benchmarks/build.py"
    nbformat.write(nb, notebook)


def measure(args: argparse.Namespace) -> list[dict]:
    scratch = Path(args.scratch) if args.scratch else Path(tempfile.mkdtemp(prefix="socialties-bench-"))
    src, out = scratch / "src", scratch / "out"
    shutil.rmtree(src, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    copy_sources(src)
    n_notebooks = len(toc_notebooks(src))
    rows = []

    log("clean build ...")
    t_clean, problem = build(src, out)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest process so far
    rows.append(row(GROUP, f"clean build ({n_notebooks} notebooks executed)", seconds(t_clean),
                    f"3.9-5.4 s (sample book, {STACK_NOTES})", ratio(t_clean, 5.4),
                    problem or "includes executing every notebook on a fresh kernel"))
    rows.append(row(GROUP, "peak memory of one build process", f"{peak_mb:.0f} MB",
                    f"120-170 MB (sample book, {STACK_NOTES})", ratio(peak_mb, 170),
                    "largest resident set of the builder or a kernel"))

    log("no-change rebuild ...")
    t_same, problem = build(src, out)
    rows.append(row(GROUP, "no-change rebuild", seconds(t_same), f"1.8-2.1 s (sample book, {STACK_NOTES})",
                    ratio(t_same, 2.1), problem))

    edited = src / args.edit
    if not edited.is_file():
        candidates = toc_notebooks(src)
        edited = candidates[0] if candidates else None
    if edited is None:
        rows.append(row(GROUP, "one-notebook-edited rebuild", "not measured", note="no notebook in the toc"))
    else:
        edit_code(edited)
        log(f"rebuild after editing {edited.relative_to(src)} ...")
        t_edit, problem = build(src, out)
        rows.append(row(GROUP, "one-notebook-edited rebuild", seconds(t_edit),
                        f"2.3 s (3-page book, one notebook, {STACK_NOTES})", ratio(t_edit, 2.3),
                        problem or f"one code cell of {edited.relative_to(src)} changed: it re-executes"))
    return rows


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scratch", help="folder for the copy and the build (default: a new temporary folder)")
    parser.add_argument("--edit", default=DEFAULT_EDIT, help="the notebook edited before the third build "
                        "(default: %(default)s; the first toc notebook if absent)")


if __name__ == "__main__":
    raise SystemExit(cli(__doc__.splitlines()[0], measure, add_arguments))
