"""The GSS happiness data prepared for the contextual analysis: attendance and happiness as scores, by region.

``attend`` (9 ordered categories, never .. more than once a week) becomes ``attend_score`` 0..8 and ``happy`` (not too
/ pretty / very happy) becomes ``happy_score`` 1..3; both are treated as interval scales, a simplification the
chapter states. Happiness is a measure of **well-being**, not of depression or any disorder. The ``widowed`` column is
never used: it cannot tell widowed from never-widowed people (see ``data/README.md``).
"""

from __future__ import annotations

import pandas as pd

from socialties.data import GSS_ATTEND_ORDER, GSS_HAPPY_ORDER, load

ATTEND_SCORES = {label: i for i, label in enumerate(GSS_ATTEND_ORDER)}
HAPPY_SCORES = {label: i + 1 for i, label in enumerate(GSS_HAPPY_ORDER)}
COLUMNS = ["year", "region", "attend", "attend_score", "happy", "happy_score", "vhappy"]


def happiness_by_attendance(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """The respondents with a known attendance, with the two scores (``COLUMNS`` only)."""
    raw = load("gss_happiness") if data is None else data
    shown = raw.dropna(subset=["attend", "happy"]).copy()
    shown["attend_score"] = shown["attend"].map(ATTEND_SCORES).astype(float)
    shown["happy_score"] = shown["happy"].map(HAPPY_SCORES).astype(float)
    shown["vhappy"] = shown["vhappy"].astype(float)
    shown["region"] = shown["region"].astype(str)
    return shown[COLUMNS].reset_index(drop=True)


def region_table(data: pd.DataFrame) -> pd.DataFrame:
    """One row per census region: respondents, mean attendance score, mean happiness score, share very happy."""
    table = data.groupby("region").agg(
        respondents=("happy_score", "size"), attendance=("attend_score", "mean"),
        happiness=("happy_score", "mean"), very_happy=("vhappy", "mean"),
    )
    return table.sort_values("attendance").reset_index()
