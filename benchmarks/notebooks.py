"""Execution time of every notebook of the book, each on a fresh kernel, beside the floor: an empty notebook.

Each notebook of the table of contents runs as the book build and ``socialties notebooks`` run it (nbclient, a
fresh python3 kernel, its own folder as working directory, ``SOCIALTIES_STATIC=1``), from a scratch copy of the
sources so nothing is written back. The kernel's start-up, the cells and the kernel's shutdown are timed apart. The
floor is the same run of a notebook with one empty cell: no notebook can run faster than that.

    python -m benchmarks.notebooks [--scratch DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from benchmarks.common import cli, copy_sources, failed, log, ratio, row, seconds, toc_notebooks

GROUP = "Notebook execution (fresh kernel each)"


def run_timed(nb: nbformat.NotebookNode, folder: Path, timeout: int = 600) -> dict:
    """Run a notebook; return the seconds of the kernel's start, the cells, the shutdown, the total, and the slowest
    cell (its index among the notebook's cells). Cell errors raise, as in the build."""
    os.environ["SOCIALTIES_STATIC"] = "1"  # the kernel inherits it, as in the book build
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    cell_times = {}
    start = time.perf_counter()
    with client.setup_kernel(stderr=subprocess.DEVNULL):  # the kernel's start-up warnings are noise here
        ready = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            before = time.perf_counter()
            client.execute_cell(cell, index)
            cell_times[index] = time.perf_counter() - before
        cells_done = time.perf_counter()
    end = time.perf_counter()
    slowest = max(cell_times, key=cell_times.get) if cell_times else 0
    return {"start": ready - start, "cells": cells_done - ready, "stop": end - cells_done, "total": end - start,
            "slowest": slowest, "slowest_s": cell_times.get(slowest, 0.0)}


def first_line(cell: nbformat.NotebookNode, width: int = 48) -> str:
    line = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
    return line if len(line) <= width else line[: width - 3] + "..."


def floor_seconds(folder: Path, repeat: int = 3) -> float:
    """The median total time of a notebook with one empty cell: kernel start, one round trip, shutdown."""
    totals = [run_timed(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")]), folder)["total"]
              for _ in range(repeat)]
    return statistics.median(totals)


def measure(args: argparse.Namespace) -> list[dict]:
    scratch = Path(args.scratch) if args.scratch else Path(tempfile.mkdtemp(prefix="socialties-bench-nb-"))
    src = copy_sources(scratch / "src-notebooks")
    log("kernel floor (empty notebook, 3 runs) ...")
    floor = floor_seconds(src)
    rows = [row(GROUP, "floor: empty notebook (kernel start, 1 cell, shutdown)", seconds(floor), "",
                note="median of 3; every notebook below pays it. Cells are numbered from 0, Markdown included")]
    for path in toc_notebooks(src):
        name = str(path.relative_to(src))
        log(f"executing {name} ...")
        nb = nbformat.read(path, as_version=4)
        n_code = sum(c.cell_type == "code" for c in nb.cells)
        try:
            t = run_timed(nb, path.parent)
        except Exception as err:  # a failing cell: say so in the table, measure the rest
            rows.append(failed(GROUP, name, f"{type(err).__name__}: {str(err).strip().splitlines()[-1]}"))
            continue
        rows.append(row(GROUP, f"{name} ({n_code} code cells)",
                        f"{seconds(t['total'])} (start {seconds(t['start'])}, cells {seconds(t['cells'])}, "
                        f"stop {seconds(t['stop'])})", f"floor {seconds(floor)}", ratio(t["total"], floor),
                        f"{name}: slowest cell is cell {t['slowest']}, `{first_line(nb.cells[t['slowest']])}` "
                        f"({seconds(t['slowest_s'])})"))
    return rows


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scratch", help="folder for the copy of the sources (default: a temporary folder)")


if __name__ == "__main__":
    raise SystemExit(cli(__doc__.splitlines()[0], measure, add_arguments))
