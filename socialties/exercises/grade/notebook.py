"""Reading a submitted notebook: parse it safely, and find the assignment it names."""

from __future__ import annotations

import json
from typing import Any

from socialties.exercises.grade.results import SubmissionError



def read_notebook(data: bytes) -> Any:
    """Parse a submitted notebook, or raise :class:`SubmissionError` ("invalid-notebook") saying what is wrong."""
    import nbformat

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SubmissionError("invalid-notebook", f"the file is not UTF-8 text (byte {err.start})") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        raise SubmissionError("invalid-notebook",
                              f"the file is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg}); "
                              "it was probably damaged or edited outside Jupyter") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        raise SubmissionError("invalid-notebook", "the file is JSON but not a Jupyter notebook (no list of cells)")
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as err:  # nbformat raises several types for malformed notebooks
        raise SubmissionError("invalid-notebook", f"the notebook could not be read ({type(err).__name__})") from None
    for index, cell in enumerate(nb.cells):
        if not isinstance(cell, dict) or cell.get("cell_type") not in {"code", "markdown", "raw"} or not isinstance(
                cell.get("source", ""), str):
            raise SubmissionError("invalid-notebook", f"cell {index + 1} is malformed")
    return nb


def notebook_assignment(nb: Any) -> str | None:
    """The assignment a notebook names in its metadata ``{"socialties": {"assignment": ...}}``, if any."""
    meta = nb.get("metadata", {}).get("socialties", {})
    name = meta.get("assignment") if isinstance(meta, dict) else None
    return name if isinstance(name, str) and name.strip() else None
