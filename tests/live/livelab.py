"""Which notebooks the live-path test runs: found from the sources, so new chapters' notebooks are included."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
# What marks a notebook as one with a chart or a widget: in its code, or in its committed (static) outputs.
LIVE_MARKERS_IN_CODE = ("_chart(", "explorer(", ".ask(", "Exercises(", "alt.Chart(")
LIVE_MARKERS_IN_OUTPUTS = ('class="st-chart"', 'class="st-explorer-snapshot"', "st-question")


def live_notebooks() -> list[Path]:
    """Every notebook under book/ and exercises/ that makes a chart or a widget (new chapters are found too)."""
    found = []
    for path in sorted([*ROOT.glob("book/**/*.ipynb"), *ROOT.glob("exercises/**/*.ipynb")]):
        if "_build" in path.parts or ".ipynb_checkpoints" in path.parts:
            continue
        nb = nbformat.read(path, as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        outputs = json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"])
        if any(m in code for m in LIVE_MARKERS_IN_CODE) or any(m.replace('"', '\\"') in outputs
                                                                 for m in LIVE_MARKERS_IN_OUTPUTS):
            found.append(path.relative_to(ROOT))
    return found
