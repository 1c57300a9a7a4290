"""``socialties notebooks``: re-execute every committed notebook on a fresh kernel and normalise it.

Committed notebooks carry the outputs that nbval checks. This command regenerates them the same way every time
(static rendering, a fresh kernel per notebook, cells in order) and strips what changes from run to run without
meaning anything (execution timestamps, widget state whose model ids are random, kernel version details), so that
a diff of a notebook shows only real changes.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from socialties.progressbar import ProgressBar
from socialties.render import STATIC_ENV

VOLATILE_NOTEBOOK_METADATA = ("widgets", "vscode", "toc-autonumbering")
VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "ExecuteTime")


def find_notebooks(paths: list[Path]) -> list[Path]:
    """Every ``.ipynb`` under the given files or folders, skipping checkpoints and build output, sorted."""
    found = []
    for path in paths:
        candidates = [path] if path.is_file() else path.rglob("*.ipynb")
        found += [p for p in candidates if not {".ipynb_checkpoints", "_build"} & set(p.parts)]
    return sorted(set(found))


def normalise(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip run-to-run noise from a notebook, in place; return it."""
    for key in VOLATILE_NOTEBOOK_METADATA:
        notebook.metadata.pop(key, None)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    notebook.metadata["language_info"] = {"name": "python"}
    count = 0
    for cell in notebook.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count if cell.outputs or cell.source.strip() else None
            for output in cell.outputs:
                if "execution_count" in output:
                    output["execution_count"] = count
    return notebook


def execute(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run a notebook top to bottom on a fresh kernel in its own folder, with static rendering."""
    notebook = nbformat.read(path, as_version=4)
    os.environ[STATIC_ENV] = "1"  # the kernel inherits it: charts and self-checks render as in the book
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return notebook


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="socialties notebooks", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("book"), Path("exercises")],
                        help="notebooks or folders (default: book exercises)")
    parser.add_argument("--check", action="store_true", help="only normalise, do not execute")
    args = parser.parse_args(argv)
    failures = 0
    paths = find_notebooks(args.paths)
    with ProgressBar(len(paths), "notebooks") as bar:
        for path in paths:
            try:
                notebook = nbformat.read(path, as_version=4) if args.check else execute(path)
            except CellExecutionError as err:
                failures += 1
                bar.clear()
                print(f"FAILED {path}: {str(err).strip().splitlines()[-1]}", file=sys.stderr)
                bar.advance(f"{path} FAILED")
                continue
            nbformat.write(normalise(notebook), path)
            bar.clear()
            print(f"ok     {path}")
            bar.advance(str(path))
    return 1 if failures else 0
