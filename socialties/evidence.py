"""The headline evidence that social ties matter for health: published effect sizes and their chart.

Every row is a figure verified in its source (see the project's fact sheet) with the BibTeX key of that source.
Ratios are oriented so that values above 1 mean *worse outcomes for people with weaker ties*: Holt-Lunstad et al.
(2010) report odds of *survival* for stronger relationships, which is already that orientation; Berkman & Syme (1979)
report the relative risk of *death* for the most isolated, likewise. Only confidence intervals that the sources give
(and that were verified) are shown.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from socialties.theme import PALETTE

_ROWS = [
    # study, comparison, measure, estimate, low, high, source key
    ("Holt-Lunstad et al. 2010 (148 studies)", "Any measure of stronger social relationships", "odds ratio",
     1.50, 1.42, 1.59, "holtlunstad2010social"),
    ("Holt-Lunstad et al. 2010 (148 studies)", "Complex measures of social integration", "odds ratio",
     1.91, None, None, "holtlunstad2010social"),
    ("Holt-Lunstad et al. 2010 (148 studies)", "Living with others vs alone", "odds ratio",
     1.19, 0.99, 1.44, "holtlunstad2010social"),
    ("Berkman & Syme 1979 (Alameda County, 9 years)", "Men: most isolated vs most connected", "relative risk",
     2.3, None, None, "berkman1979social"),
    ("Berkman & Syme 1979 (Alameda County, 9 years)", "Women: most isolated vs most connected", "relative risk",
     2.8, None, None, "berkman1979social"),
]
COLUMNS = ["study", "comparison", "measure", "estimate", "ci_low", "ci_high", "source"]


def effect_sizes() -> pd.DataFrame:
    """The headline effect sizes, one row per published estimate, with the BibTeX key of its source."""
    return pd.DataFrame(_ROWS, columns=COLUMNS)


def effect_size_chart(frame: pd.DataFrame | None = None) -> alt.Chart:
    """A dot-and-interval chart of the effect sizes on a log scale, one panel per study, 1 = no association."""
    frame = effect_sizes() if frame is None else frame
    y = alt.Y("comparison:N", title=None, sort=None, axis=alt.Axis(labelLimit=320))
    x_scale = alt.Scale(type="log", domain=[0.9, 3.2], nice=False)
    base = alt.Chart().encode(y=y)
    dots = base.mark_point(size=90, filled=True, color=PALETTE["blue"]).encode(
        x=alt.X("estimate:Q", scale=x_scale, title="Ratio (log scale); above 1 = worse outcomes with weaker ties",
                axis=alt.Axis(values=[1, 1.5, 2, 3], format=".1f")),
        tooltip=["study:N", "comparison:N", "measure:N", alt.Tooltip("estimate:Q", format=".2f"),
                 alt.Tooltip("ci_low:Q", format=".2f", title="95% CI low"),
                 alt.Tooltip("ci_high:Q", format=".2f", title="95% CI high")],
    )
    intervals = base.mark_rule(strokeWidth=2, color=PALETTE["blue"]).encode(x="ci_low:Q", x2="ci_high:Q")
    labels = base.mark_text(align="left", dx=10, fontSize=12).encode(x="estimate:Q", text=alt.Text("estimate:Q", format=".2f"))
    no_effect = alt.Chart().mark_rule(strokeDash=[4, 4], color=PALETTE["black"]).encode(x=alt.datum(1))
    layered = alt.layer(no_effect, intervals, dots, labels, data=frame).properties(width=360, height=alt.Step(34))
    return layered.facet(
        row=alt.Row("study:N", title=None, sort=None, header=alt.Header(labelAngle=0, labelAlign="left",
                                                                         labelAnchor="start", labelFontWeight="bold")),
    ).resolve_scale(y="independent").properties(
        title=alt.Title("Weaker social ties, higher mortality",
                        subtitle="Published estimates; lines are 95% confidence intervals where the source gives them"),
        description=describe(frame),
    )


def describe(frame: pd.DataFrame | None = None) -> str:
    """A text description of the chart for screen readers, generated from the same numbers."""
    frame = effect_sizes() if frame is None else frame
    parts = []
    for _, row in frame.iterrows():
        interval = ""
        if pd.notna(row.ci_low):
            interval = f" (95% CI {row.ci_low:.2f} to {row.ci_high:.2f})"
        parts.append(f"{row.study}, {row.comparison.lower()}: {row.measure} {row.estimate:.2f}{interval}.")
    return ("Dot chart of published ratios, where 1 means no association and values above 1 mean worse outcomes "
            "for people with weaker ties. " + " ".join(parts))
