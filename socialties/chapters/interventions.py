"""Helpers for chapter 4 (interventions): the JOBS II extract as the chapter uses it, and its summary tables.

The statistics live in :mod:`socialties.interventions`; this module only prepares what the pages show.
"""

from __future__ import annotations

import pandas as pd

from socialties.data import load
from socialties.interventions.report import HTMLTable, table
from socialties.interventions.trial import Estimate

ILLUSTRATION_NOTE = ("JOBS II extract (R package mediation): for illustrating methods, not for judging the "
                     "programme's effects.")
BASELINE = {"depress1": "depressive symptoms before", "econ_hard": "economic hardship (1-5)",
            "sex": "share women", "age": "age (years)"}


def jobs_ii() -> pd.DataFrame:
    """The JOBS II extract (``data/jobs2.csv``, validated by its loader), with the illustration note attached."""
    data = load("jobs2")
    data.attrs["note"] = ILLUSTRATION_NOTE
    return data


def estimates_table(estimates: list[Estimate], caption: str) -> HTMLTable:
    """Estimates with SE, 95% CI and p as a clean HTML table (p shown as "< .001" when tiny)."""
    frame = pd.DataFrame([{"estimate": e.label, "effect": e.estimate, "SE": e.se,
                           "95% CI": f"[{e.ci_low:.3f}, {e.ci_high:.3f}]", "p": e.p, "n": e.n} for e in estimates])
    return table(frame, caption)


def baseline_table(data: pd.DataFrame, groups: pd.Series, caption: str) -> HTMLTable:
    """Means of the baseline characteristics in each group, one row per characteristic."""
    means = data.groupby(groups)[list(BASELINE)].mean().T
    means.insert(0, "baseline characteristic", [BASELINE[c] for c in means.index])
    means.columns = [str(c) for c in means.columns]
    return table(means.reset_index(drop=True), caption, {c: ".2f" for c in means.columns})
