"""The GSS happiness data prepared for the contextual analysis: attendance and happiness as scores, by region.

``attend`` (9 ordered categories, never .. more than once a week) becomes ``attend_score`` 0..8 and ``happy`` (not too
/ pretty / very happy) becomes ``happy_score`` 1..3; both are treated as interval scales, a simplification the
chapter states. Happiness is a measure of **well-being**, not of depression or any disorder. The ``widowed`` column is
never used: it cannot tell widowed from never-widowed people (see ``data/README.md``).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from socialties.data import GSS_ATTEND_ORDER, GSS_HAPPY_ORDER, load
from socialties.theme import PALETTE

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


def attendance_table(data: pd.DataFrame) -> pd.DataFrame:
    """One row per attendance level, in order: respondents, mean happiness score, share very happy."""
    table = data.groupby("attend_score").agg(
        respondents=("happy_score", "size"), happiness=("happy_score", "mean"), very_happy=("vhappy", "mean"))
    table.insert(0, "attendance", [GSS_ATTEND_ORDER[int(i)] for i in table.index])
    return table.reset_index()


def attendance_chart(data: pd.DataFrame, *, height: int = 260) -> alt.Chart:
    """Share very happy at each of the nine attendance levels (individual level)."""
    table = attendance_table(data)
    table["percent"] = (100 * table["very_happy"]).round(1)
    return alt.Chart(table).mark_bar(color=PALETTE["blue"]).encode(
        x=alt.X("percent:Q", title="Very happy (%)", scale=alt.Scale(domain=[0, 50])),
        y=alt.Y("attendance:N", sort=list(GSS_ATTEND_ORDER), title=None),
        tooltip=["attendance:N", "respondents:Q", alt.Tooltip("percent:Q", format=".1f")],
    ).properties(
        width="container", height=height,
        title=alt.Title("Very happy, by religious attendance",
                        subtitle=f"GSS 1994-2006, {len(data):,} respondents"),
        description=("Bar chart of the percentage of respondents who say they are very happy at each of nine levels "
                     "of religious attendance, from never to more than once a week: "
                     + "; ".join(f"{a}, {p:.1f}%" for a, p in zip(table["attendance"], table["percent"])) + "."),
    )


def region_chart(table: pd.DataFrame, *, height: int = 300) -> alt.LayerChart:
    """The nine regions' mean happiness against their mean attendance, with the least-squares line."""
    shown = table.assign(attendance=table["attendance"].round(3), happiness=table["happiness"].round(3))
    x = alt.X("attendance:Q", title="Mean attendance (0 never to 8 weekly+)",
              scale=alt.Scale(zero=False))
    y = alt.Y("happiness:Q", title="Mean happiness (1 to 3)", scale=alt.Scale(zero=False))
    base = alt.Chart(shown)
    points = base.mark_point(size=90, filled=True, color=PALETTE["vermillion"]).encode(
        x=x, y=y, tooltip=["region:N", "respondents:Q", alt.Tooltip("attendance:Q", format=".2f"),
                           alt.Tooltip("happiness:Q", format=".3f")])
    labels = base.mark_text(dy=-10, fontSize=11, aria=False).encode(x=x, y=y, text="region:N")
    line = base.transform_regression("attendance", "happiness").mark_line(color=PALETTE["blue"]).encode(x=x, y=y)
    return alt.layer(points, labels, line).properties(
        width="container", height=height,
        title=alt.Title("Nine regions", subtitle="Mean happiness against mean attendance"),
        description=("Scatter plot of the nine US census regions: mean happiness score against mean religious "
                     "attendance score, with the least-squares line. Regions with higher average attendance tend to "
                     "have slightly higher average happiness; the range of regional happiness is narrow (about "
                     f"{shown['happiness'].min():.2f} to {shown['happiness'].max():.2f})."),
    )
