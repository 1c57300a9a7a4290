"""nbval wall time: every notebook as ``make nbval`` checks it (two workers), and a trivial 4-cell notebook alone.

The course's notebooks are checked in the working tree, read-only (nbval never writes outputs back; the pytest cache
is off). The trivial notebook, written to a temporary folder, gives this machine's floor beside the stack notes'.

    python -m benchmarks.nbval
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from benchmarks.common import BIN, ROOT, STACK_NOTES, cli, last_line, log, ratio, row, seconds, timed
from socialties.notebooks import find_notebooks

GROUP = "nbval (SOCIALTIES_STATIC=1, sanitizer on)"
NBVAL = ["--nbval", "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"), "-p", "no:cacheprovider",
         "-q"]


def run_nbval(paths: list[str], workers: int) -> tuple[float, str]:
    """Run nbval; return the wall time and pytest's summary ('12 passed in 30.1s', or what failed)."""
    parallel = ["-n", str(workers), "--dist", "loadfile"] if workers > 1 else ["-p", "no:xdist"]
    wall, done = timed([str(BIN / "pytest"), *NBVAL, *parallel, *paths], cwd=ROOT,
                       env={**os.environ, "SOCIALTIES_STATIC": "1"})
    summary = last_line(done).strip("= ")
    return wall, summary if done.returncode in (0, 1) else f"exit {done.returncode}: {summary}"


def four_cell_notebook(folder: Path) -> Path:
    """A trivial notebook of 4 code cells with its stored output, like the one of the stack notes' figure."""
    cells = [new_code_cell("x = 1"), new_code_cell("y = x + 1"), new_code_cell("z = 2 * y"),
             new_code_cell("print(z)", outputs=[new_output("stream", name="stdout", text="4\n")])]
    for count, cell in enumerate(cells, 1):
        cell.execution_count = count  # nbval refuses stored outputs of a cell that never ran
    path = folder / "four_cells.ipynb"
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                      "display_name": "Python 3"}}), path)
    return path


def code_cells(path) -> int:
    return sum(c.cell_type == "code" for c in nbformat.read(path, as_version=4).cells)


def measure(args: argparse.Namespace) -> list[dict]:
    folders = [f for f in ("book", "exercises") if (ROOT / f).is_dir()]
    notebooks = find_notebooks([ROOT / f for f in folders])
    log(f"nbval over {len(notebooks)} notebooks, {args.workers} workers ...")
    wall, summary = run_nbval(folders, args.workers)
    cells = sum(code_cells(p) for p in notebooks)
    scaled = 2.3 * len(notebooks) / args.workers  # the stack notes' 4-cell figure, per notebook, over the workers
    rows = [row(GROUP, f"every notebook ({len(notebooks)} notebooks, {cells} code cells, {args.workers} workers)",
                seconds(wall), f"~{scaled:.1f} s (2.3 s x {len(notebooks)} / {args.workers}, {STACK_NOTES})",
                ratio(wall, scaled), f"pytest: {summary}; the anchor is the stack notes' 4-cell notebook, once per "
                "notebook, shared by the workers")]
    with tempfile.TemporaryDirectory(prefix="socialties-bench-nbval-") as tmp:
        log("nbval on a trivial 4-cell notebook (the stack's floor) ...")
        wall, summary = run_nbval([str(four_cell_notebook(Path(tmp)))], 1)
    rows.append(row(GROUP, "a trivial 4-cell notebook, one worker (the floor)", seconds(wall),
                    f"~2.3 s (4-cell notebook, {STACK_NOTES})", ratio(wall, 2.3),
                    f"pytest: {summary}; start-up of pytest and one kernel: this machine's floor for any notebook"))
    return rows


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=int, default=2, help="pytest-xdist workers, as make nbval (default 2)")


if __name__ == "__main__":
    raise SystemExit(cli(__doc__.splitlines()[0], measure, add_arguments))
