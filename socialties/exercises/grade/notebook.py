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
    except RecursionError:
        raise SubmissionError("invalid-notebook", "the file's JSON is nested too deeply to be a notebook") from None
    if not isinstance(raw, dict):
        raise SubmissionError("invalid-notebook", "the file is JSON but not a Jupyter notebook (no list of cells)")
    version = raw.get("nbformat")
    if version == 3 and isinstance(raw.get("worksheets"), list):
        pass  # an old notebook (IPython 1-3): nbformat converts it to version 4 below
    elif not isinstance(raw.get("cells"), list):
        if isinstance(version, int) and version not in (3, 4):
            raise SubmissionError("invalid-notebook", f"notebook format {version} is not supported (formats 3 and 4 "
                                                      "are): open and save it in a current Jupyter")
        raise SubmissionError("invalid-notebook", "the file is JSON but not a Jupyter notebook (no list of cells)")
    del raw
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as err:  # nbformat raises several types for malformed notebooks (RecursionError included)
        raise SubmissionError("invalid-notebook", f"the notebook could not be read ({type(err).__name__})") from None
    if nb.get("nbformat") != 4:
        raise SubmissionError("invalid-notebook", f"notebook format {nb.get('nbformat')} could not be converted to "
                                                  "format 4: open and save it in a current Jupyter")
    for index, cell in enumerate(nb.cells):
        if not isinstance(cell, dict) or cell.get("cell_type") not in {"code", "markdown", "raw"} or not isinstance(
                cell.get("source", ""), str):
            raise SubmissionError("invalid-notebook", f"cell {index + 1} is malformed")
    return nb


def notebook_assignment(nb: Any) -> str | None:
    """The assignment a notebook names in its metadata ``{"socialties": {"assignment": ...}}``, if any."""
    metadata = nb.get("metadata", {})
    meta = metadata.get("socialties", {}) if isinstance(metadata, dict) else {}
    name = meta.get("assignment") if isinstance(meta, dict) else None
    return name if isinstance(name, str) and name.strip() else None
