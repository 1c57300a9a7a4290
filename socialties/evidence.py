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

_HL = "Holt-Lunstad et al. 2010"
_BS = "Berkman & Syme 1979"
_ROWS = [
    # study, comparison, measure, estimate, low, high, source key
    (_HL, "Stronger relationships, any measure", "odds ratio", 1.50, 1.42, 1.59, "holtlunstad2010social"),
    (_HL, "Complex measures of integration", "odds ratio", 1.91, None, None, "holtlunstad2010social"),
    (_HL, "Living with others, not alone", "odds ratio", 1.19, 0.99, 1.44, "holtlunstad2010social"),
    (_BS, "Men: most isolated vs most connected", "relative risk", 2.3, None, None, "berkman1979social"),
    (_BS, "Women: most isolated vs most connected", "relative risk", 2.8, None, None, "berkman1979social"),
]
COLUMNS = ["study", "comparison", "measure", "estimate", "ci_low", "ci_high", "source"]


def effect_sizes() -> pd.DataFrame:
    """The headline effect sizes, one row per published estimate, with the BibTeX key of its source."""
    return pd.DataFrame(_ROWS, columns=COLUMNS)


def summary_table(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The effect sizes as a reader-friendly table: one formatted interval column, "not reported" where absent."""
    frame = effect_sizes() if frame is None else frame
    interval = [f"{lo:.2f} to {hi:.2f}" if pd.notna(lo) else "not reported" for lo, hi in zip(frame.ci_low, frame.ci_high)]
    return pd.DataFrame({"Study": frame.study, "Comparison": frame.comparison, "Measure": frame.measure,
                         "Estimate": frame.estimate.map("{:.2f}".format), "95% CI": interval})


def effect_size_chart(frame: pd.DataFrame | None = None) -> alt.LayerChart:
    """A dot-and-interval chart of the effect sizes on a log scale; colour and shape mark the study."""
    frame = effect_sizes() if frame is None else frame
    studies = [_HL, _BS]
    colours = alt.Scale(domain=studies, range=[PALETTE["blue"], PALETTE["vermillion"]])
    study = alt.Color("study:N", title="Source", scale=colours)
    shape = alt.Shape("study:N", title="Source", scale=alt.Scale(domain=studies, range=["circle", "square"]))
    x_scale = alt.Scale(type="log", domain=[0.9, 3.2], nice=False)
    # Each comparison is written above its row, not as an axis label: long axis labels would leave a phone's
    # 358 px column almost no room for the plot.
    base = alt.Chart().encode(y=alt.Y("comparison:N", title=None, sort=None, axis=None))
    names = base.mark_text(align="left", baseline="bottom", dy=-9, fontSize=13, color="#333333").encode(
        x=alt.value(0), text="comparison:N")
    dots = base.mark_point(size=110, filled=True, opacity=1).encode(
        x=alt.X("estimate:Q", scale=x_scale, title=["Ratio, log scale", "(above 1: worse outcomes with weaker ties)"],
                axis=alt.Axis(values=[1, 1.5, 2, 3], format=".1f")),
        color=study, shape=shape,
        tooltip=["study:N", "comparison:N", "measure:N", alt.Tooltip("estimate:Q", format=".2f"),
                 alt.Tooltip("ci_low:Q", format=".2f", title="95% CI low"),
                 alt.Tooltip("ci_high:Q", format=".2f", title="95% CI high")],
    )
    # Intervals in one neutral colour: a colour channel here would split the study legend in two.
    intervals = base.mark_rule(strokeWidth=2.5, color="#555555").encode(x="ci_low:Q", x2="ci_high:Q")
    labels = base.mark_text(align="left", dx=10, dy=-9, fontSize=12).encode(
        x="estimate:Q", text=alt.Text("estimate:Q", format=".2f"))
    no_effect = alt.Chart().mark_rule(strokeDash=[4, 4], color=PALETTE["black"]).encode(x=alt.datum(1))
    return alt.layer(no_effect, names, intervals, dots, labels, data=frame).properties(
        width=480, height=alt.Step(52),
        title=alt.Title("Weaker social ties, higher mortality",
                        subtitle=["Published estimates; lines are 95% confidence", "intervals where reported"]),
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
