"""What the tests of each question set share: run the annotated exercise notebook, with its solutions, in order."""

from __future__ import annotations

import nbformat


def run_cells(nb: nbformat.NotebookNode) -> dict:
    """Execute a notebook's code cells in one namespace, in order (the course's own trusted notebook)."""
    namespace: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, "<notebook cell>", "exec"), namespace)  # noqa: S102 - our own notebook
    return namespace
