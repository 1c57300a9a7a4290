"""Charts of theme 4: two static simulators that run in the browser (no kernel) and figures of trial estimates.

* :func:`trial_designer_chart`: power against participants per arm for an effect size, attrition and adherence set by
  sliders, with the cited trials' sizes marked and the minimal detectable effect printed. Power is computed in the
  browser with the normal approximation (Vega's ``cumulativeNormal``), which agrees with the t-based power of
  :func:`socialties.interventions.power.two_arm_power` within .02 from 20 per arm and .01 from 40 (a unit test
  checks it); below 20 per arm it overstates power a little.
* :func:`dose_response_chart`: a threshold and a gradient dose-response curve that both pass through the two arms of
  one trial, and what a third arm at another dose would show.

Data computed from fits are rounded to 6 significant digits (:func:`socialties.portable.portable`) BEFORE they reach
Altair: Altair names each inline data set by a hash of its values, so full-precision floats would give names that
differ between CPUs (BLAS's last digits) even though the renderer rounds the values themselves.

Charts are responsive (``width="container"``), have a title, a text description and Okabe-Ito colours; the sliders
are stacked under the chart by vega-embed.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
from scipy import stats

from socialties.interventions.power import CITED_TRIALS, MEAD_SMD
from socialties.portable import portable
from socialties.theme import PALETTE

Z_ALPHA = round(float(stats.norm.ppf(0.975)), 6)   # two-sided .05
Z_POWER = round(float(stats.norm.ppf(0.8)), 6)     # 80% power
N_RANGE = (5, 500)

#: Trial designer sliders: (param, label, min, max, step, default)
DESIGNER_SLIDERS = [
    ("effect", "True effect, Cohen's d ", 0.05, 1.0, 0.01, MEAD_SMD),
    ("n_arm", "Participants per arm ", 5, 500, 1, 43),
    ("attrition", "Attrition (share lost) ", 0.0, 0.5, 0.05, 0.0),
    ("adherence", "Adherence (share who take part) ", 0.2, 1.0, 0.05, 1.0),
]

#: Dose-response sliders: (param, label, min, max, step, default)
DOSE_SLIDERS = [
    ("dose", "Dose given to the trial arm ", 2.0, 10.0, 0.5, 4.0),
    ("benefit", "Benefit seen in the trial (SD) ", 0.1, 0.8, 0.05, 0.4),
    ("threshold", "Threshold of the threshold curve ", 0.5, 10.0, 0.5, 2.0),
    ("third", "Dose of a third arm ", 0.0, 10.0, 0.5, 8.0),
]
DOSE_MAX = 10.0
DOSE_Y = (-2.2, 0.3)  # steep gradients leave the plot at the bottom (clipped); the text gives the values


def _sliders(spec: list[tuple]) -> list[alt.Parameter]:
    return [alt.param(name=name, value=default, bind=alt.binding_range(min=lo, max=hi, step=step, name=label))
            for name, label, lo, hi, step, default in spec]


def _power_expr(n: str) -> str:
    """Vega expression: two-sided normal-approximation power at ``n`` per arm, using the slider params."""
    shift = f"effect * adherence * sqrt({n} * (1 - attrition) / 2)"
    return f"cumulativeNormal({shift} - {Z_ALPHA}) + cumulativeNormal(-({shift}) - {Z_ALPHA})"


def trial_designer_chart(height: int = 300) -> alt.LayerChart:
    """The static trial designer (see the module docstring)."""
    grid = pd.DataFrame({"n": np.unique(np.round(np.geomspace(*N_RANGE, 80)).astype(int))})
    trials = pd.DataFrame([{"trial": t.label, "n": t.per_arm} for t in CITED_TRIALS])
    x = alt.X("n:Q", title="Participants per arm (log scale)",
              scale=alt.Scale(type="log", domain=list(N_RANGE), nice=False),
              axis=alt.Axis(values=[5, 10, 20, 50, 100, 200, 500], labelFlush=True))
    y = alt.Y("power:Q", title="Power (two-sided, .05)", scale=alt.Scale(domain=[0, 1]))
    curve = (alt.Chart(grid).transform_calculate(power=_power_expr("datum.n"))
             .mark_line(color=PALETTE["blue"], clip=True).encode(x=x, y=y))
    target = alt.Chart(pd.DataFrame({"power": [0.8]})).mark_rule(color="#555555", strokeDash=[4, 3]).encode(y="power:Q")
    marks = (alt.Chart(trials).transform_calculate(power=_power_expr("datum.n"))
             .mark_point(shape="diamond", size=120, filled=True, color=PALETTE["vermillion"])
             .encode(x=x, y=y, tooltip=["trial:N", alt.Tooltip("n:Q", title="per arm"),
                                        alt.Tooltip("power:Q", format=".2f")]))
    # Short labels ("Harris 1999") to the left of each diamond, so that none runs off a phone's narrow chart.
    labels = (alt.Chart(trials).transform_calculate(power=_power_expr("datum.n"),
                                                    short="replace(split(datum.trial, ':')[0], ' et al.', '')")
              .mark_text(align="right", dx=-8, dy=-8, fontSize=12, color=PALETTE["vermillion"], aria=False)
              .encode(x=x, y=y, text="short:N"))
    chosen = pd.DataFrame({"row": [0]})
    mde = f"({Z_ALPHA} + {Z_POWER}) * sqrt(2 / (n_arm * (1 - attrition))) / adherence"
    you = (alt.Chart(chosen).transform_calculate(n="n_arm", power=_power_expr("n_arm"))
           .mark_point(size=160, shape="circle", filled=True, color=PALETTE["black"]).encode(x=x, y=y))
    rule = alt.Chart(chosen).transform_calculate(n="n_arm").mark_rule(color=PALETTE["black"], strokeDash=[2, 2]).encode(x=x)
    readout = (alt.Chart(chosen)
               .transform_calculate(
                   text=f"'Your trial: ' + format(n_arm, 'd') + ' per arm, power ' + format({_power_expr('n_arm')}, '.2f')")
               .mark_text(align="left", baseline="top", x=4, y=4, fontSize=13, color=PALETTE["black"])
               .encode(text="text:N"))
    readout_mde = (alt.Chart(chosen)
                   .transform_calculate(text=f"'MDE at 80% power: ' + format({mde}, '.2f') + ' SD'")
                   .mark_text(align="left", baseline="top", x=4, y=22, fontSize=13, color=PALETTE["black"])
                   .encode(text="text:N"))
    return alt.layer(curve, target, marks, labels, rule, you, readout, readout_mde).add_params(*_sliders(DESIGNER_SLIDERS)).properties(
        width="container", height=height,
        title=alt.Title("Trial designer", subtitle="Diamonds: the trials the review cites"),
        description=(
            "Interactive line chart of the power of a two-arm trial against participants per arm (log scale), for "
            "the effect size, attrition and adherence set by the sliders below; a dashed line marks 80% power. "
            "Diamonds mark the trials cited by the review (Brand et al., about 25 per arm; Harris et al., 43 per arm; "
            "Mittelman et al., about 103 per arm) on the curve, a black dot the trial you design, and the text gives "
            "its power and minimal detectable effect (MDE, in SD units, at 80% power)."),
    )


def _threshold_curve(x: str) -> str:
    """Vega expression: the threshold curve through (0, 0) and (dose, -benefit), flat beyond the threshold."""
    return f"-benefit / min(dose, threshold) * min({x}, threshold)"


def _gradient_curve(x: str) -> str:
    return f"-benefit / dose * {x}"


def dose_response_chart(height: int = 300) -> alt.LayerChart:
    """The static dose-response chart (see the module docstring)."""
    grid = pd.DataFrame({"support": np.round(np.linspace(0, DOSE_MAX, 81), 3)})
    shapes = ["gradient", "threshold"]
    colour = alt.Color("shape:N", title="Dose-response", sort=shapes,
                       scale=alt.Scale(domain=shapes, range=[PALETTE["blue"], PALETTE["orange"]]),
                       legend=alt.Legend(orient="top", direction="horizontal"))
    dash = alt.StrokeDash("shape:N", sort=shapes, scale=alt.Scale(domain=shapes, range=[[1, 0], [7, 4]]), legend=None)
    x = alt.X("support:Q", title="Amount of support (dose)", scale=alt.Scale(domain=[0, DOSE_MAX], nice=False),
              axis=alt.Axis(values=[0, 2, 4, 6, 8, 10], format="d", labelFlush=True))
    y = alt.Y("change:Q", title="Change in distress (SD)", scale=alt.Scale(domain=list(DOSE_Y), nice=False))
    curves = (alt.Chart(grid)
              .transform_calculate(gradient=_gradient_curve("datum.support"),
                                   threshold=_threshold_curve("datum.support"))
              .transform_fold(shapes, as_=["shape", "change"])
              .mark_line(clip=True).encode(x=x, y=y, color=colour, strokeDash=dash))
    arms = (alt.Chart(pd.DataFrame({"arm": ["control (no added support)", "trial arm"]}))
            .transform_calculate(support="datum.arm === 'trial arm' ? dose : 0",
                                 change="datum.arm === 'trial arm' ? -benefit : 0")
            .mark_point(size=150, filled=True, color=PALETTE["black"], shape="square")
            .encode(x=x, y=y, tooltip=["arm:N", alt.Tooltip("support:Q"), alt.Tooltip("change:Q", format=".2f")]))
    third = (alt.Chart(pd.DataFrame({"shape": shapes}))
             .transform_calculate(support="third",
                                  change=f"datum.shape === 'gradient' ? {_gradient_curve('third')} : "
                                         f"{_threshold_curve('third')}")
             .mark_point(size=110, shape="triangle-up", filled=True, clip=True)
             .encode(x=x, y=y, color=colour, tooltip=["shape:N", alt.Tooltip("change:Q", format=".2f")]))
    # Two short lines, so that the text fits a phone's chart
    readout = (alt.Chart(pd.DataFrame({"row": [0]}))
               .transform_calculate(text="'A third arm at dose ' + format(third, '.1f') + ' predicts'")
               .mark_text(align="left", baseline="bottom", x=4, y=height - 22, fontSize=13, color=PALETTE["black"])
               .encode(text="text:N"))
    readout2 = (alt.Chart(pd.DataFrame({"row": [0]}))
                .transform_calculate(text=(f"'gradient ' + format({_gradient_curve('third')}, '.2f') + "
                                           f"', threshold ' + format({_threshold_curve('third')}, '.2f')"))
                .mark_text(align="left", baseline="bottom", x=4, y=height - 4, fontSize=13, color=PALETTE["black"])
                .encode(text="text:N"))
    return alt.layer(curves, arms, third, readout, readout2).add_params(*_sliders(DOSE_SLIDERS)).properties(
        width="container", height=height,
        title=alt.Title("Threshold or gradient?", subtitle="Both curves fit the trial's two arms (squares)"),
        description=(
            "Interactive line chart of the change in distress against the amount of support for two dose-response "
            "shapes: a gradient (a straight line) and a threshold (a steeper fall that stops at the threshold). "
            "Both pass through the two arms of one trial, shown as black squares: no added support and the "
            "trial's dose with its observed benefit. Triangles show what each curve predicts for a third arm at "
            "another dose, and the text prints both predictions. Sliders below set the dose, the benefit, the "
            "threshold and the third dose."),
    )


# --------------------------------------------------------------------------------------------- figures of estimates
def forest_chart(table: pd.DataFrame, label: str, *, title: str, x_title: str, description: str,
                 subtitle: str = "", height_per_row: int = 44) -> alt.LayerChart:
    """Estimates with confidence intervals, one row each (columns ``label``, ``effect``, ``CI low``, ``CI high``)."""
    needed = {label, "effect", "CI low", "CI high"}
    if not needed <= set(table.columns):
        raise ValueError(f"The table needs the columns {sorted(needed)}; it has {list(table.columns)}.")
    rows = table[[label, "effect", "CI low", "CI high"]].rename(columns={label: "row", "CI low": "lo",
                                                                         "CI high": "hi"})
    order = list(rows["row"])
    y = alt.Y("row:N", title=None, sort=order, axis=alt.Axis(labelLimit=140))
    base = alt.Chart(portable(rows))
    bars = base.mark_rule(strokeWidth=2.5, color=PALETTE["blue"]).encode(
        x=alt.X("lo:Q", title=x_title), x2="hi:Q", y=y)
    dots = base.mark_point(filled=True, size=90, color=PALETTE["blue"]).encode(
        x="effect:Q", y=y, tooltip=["row:N", alt.Tooltip("effect:Q", format=".3f"), alt.Tooltip("lo:Q", format=".3f"),
                                    alt.Tooltip("hi:Q", format=".3f")])
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#555555", strokeDash=[4, 3]).encode(x="x:Q")
    heading = alt.Title(title, subtitle=subtitle) if subtitle else title
    return alt.layer(zero, bars, dots).properties(width="container", height=height_per_row * len(rows) + 20,
                                                   title=heading, description=description)


def sensitivity_chart(table: pd.DataFrame, rho_zero: float, estimate: float) -> alt.LayerChart:
    """The indirect effect against the assumed mediator-outcome error correlation rho."""
    x = alt.X("rho:Q", title="Assumed error correlation (rho)", axis=alt.Axis(values=[-0.8, -0.4, 0, 0.4, 0.8]))
    y = alt.Y("indirect:Q", title="Indirect effect")
    table = portable(table)
    line = alt.Chart(table).mark_line(color=PALETTE["blue"]).encode(x=x, y=y)
    zero = alt.Chart(pd.DataFrame({"indirect": [0.0]})).mark_rule(color="#555555", strokeDash=[4, 3]).encode(y=y)
    marks = pd.DataFrame({"rho": [0.0, rho_zero], "indirect": [estimate, 0.0],
                          "what": ["estimate (rho = 0)", "zero crossing"]})
    points = alt.Chart(portable(marks)).mark_point(filled=True, size=90).encode(
        x=x, y=y, shape=alt.Shape("what:N", title=None),
        color=alt.Color("what:N", title=None, scale=alt.Scale(range=[PALETTE["black"], PALETTE["vermillion"]])))
    return alt.layer(zero, line, points).properties(
        width="container", height=280,
        title=alt.Title("Sensitivity to confounding", subtitle="Indirect effect for each assumed rho"),
        description=(f"Line chart of the estimated indirect effect against the assumed error correlation rho from -0.9 "
                     f"to 0.9; at rho = 0 it is {estimate:.3f}, and it crosses zero at rho = {rho_zero:.2f}."))


def bootstrap_chart(draws: pd.Series | np.ndarray, interval: tuple[float, float], estimate: float,
                    bins: int = 40) -> alt.LayerChart:
    """A histogram of bootstrap draws (binned in Python, to keep the page light) with the interval and estimate."""
    values = np.asarray(draws, dtype=float)
    counts, edges = np.histogram(values, bins=bins)
    hist = pd.DataFrame({"lo": edges[:-1], "hi": edges[1:], "count": counts})
    bars = alt.Chart(portable(hist)).mark_rect(color=PALETTE["sky"], stroke="white").encode(
        x=alt.X("lo:Q", title="Indirect effect in a bootstrap resample"), x2="hi:Q",
        y=alt.Y("count:Q", title="Resamples"))
    lines = pd.DataFrame({"x": [interval[0], interval[1], estimate],
                          "what": ["95% interval", "95% interval", "estimate"]})
    rules = alt.Chart(portable(lines)).mark_rule(strokeWidth=2).encode(
        x="x:Q", strokeDash=alt.StrokeDash("what:N", title=None, scale=alt.Scale(range=[[5, 3], [1, 0]])),
        color=alt.Color("what:N", title=None, scale=alt.Scale(range=[PALETTE["vermillion"], PALETTE["black"]])))
    return alt.layer(bars, rules).properties(
        width="container", height=240,
        title=alt.Title("Bootstrap of the indirect effect", subtitle=f"{len(values):,} resamples"),
        description=(f"Histogram of the indirect effect in {len(values)} bootstrap resamples; the estimate "
                     f"{estimate:.3f} and the percentile interval from {interval[0]:.3f} to {interval[1]:.3f} "
                     "are marked by vertical lines."))


def heterogeneity_chart(trial: pd.DataFrame, tertiles: pd.DataFrame, line: pd.DataFrame) -> alt.LayerChart:
    """Subgroup (tertile) effects with intervals against baseline risk, the interaction model's line and the truth.

    ``tertiles``: columns ``risk`` (tertile mean), ``effect``, ``CI low``, ``CI high``; ``line``: ``risk``,
    ``effect``, ``CI low``, ``CI high``, ``true``.
    """
    tertiles, line = portable(tertiles), portable(line)
    x = alt.X("risk:Q", title="Baseline risk (SD units)")
    y = alt.Y("effect:Q", title="Treatment effect (fall in distress, SD)")
    band = alt.Chart(line).mark_area(opacity=0.2, color=PALETTE["blue"]).encode(
        x=x, y=alt.Y("CI low:Q", title="Treatment effect (fall in distress, SD)"), y2="CI high:Q")
    fitted = alt.Chart(line).mark_line(color=PALETTE["blue"]).encode(x=x, y=y)
    truth = alt.Chart(line).mark_line(color=PALETTE["black"], strokeDash=[2, 3]).encode(x=x, y="true:Q")
    bars = alt.Chart(tertiles).mark_rule(color=PALETTE["vermillion"], strokeWidth=2.5).encode(
        x=x, y="CI low:Q", y2="CI high:Q")
    dots = alt.Chart(tertiles).mark_point(filled=True, size=90, shape="square", color=PALETTE["vermillion"]).encode(
        x=x, y=y, tooltip=[alt.Tooltip("effect:Q", format=".2f"), alt.Tooltip("CI low:Q", format=".2f"),
                           alt.Tooltip("CI high:Q", format=".2f")])
    zero = alt.Chart(pd.DataFrame({"effect": [0.0]})).mark_rule(color="#555555", strokeDash=[4, 3]).encode(y=y)
    return alt.layer(zero, band, fitted, truth, bars, dots).properties(
        width="container", height=280,
        title=alt.Title("Benefit by baseline risk", subtitle=f"SIMULATED trial, n = {len(trial)}"),
        description=("Chart of the treatment effect against baseline risk in one simulated trial: the interaction "
                     "model's line with its 95% band (blue), the true effect (dotted black), and the effect "
                     "estimated separately in each third of baseline risk with its 95% interval (vermillion squares)."))


def fishing_chart(curve: pd.DataFrame) -> alt.LayerChart:
    """False responder and false interaction rates against the number of characteristics examined."""
    long = curve.melt(id_vars="characteristics", value_vars=["false responder", "false interaction"],
                      var_name="claim", value_name="rate")
    long = portable(long)
    claims = ["false responder", "false interaction"]
    enc = {"x": alt.X("characteristics:Q", title="Baseline characteristics examined", scale=alt.Scale(type="log"),
                      axis=alt.Axis(values=sorted(curve["characteristics"].unique().tolist()))),
           "y": alt.Y("rate:Q", title="Share of trials", scale=alt.Scale(domain=[0, 1])),
           "color": alt.Color("claim:N", title=None, sort=claims,
                              scale=alt.Scale(domain=claims, range=[PALETTE["vermillion"], PALETTE["blue"]]))}
    lines = alt.Chart(long).mark_line().encode(**enc, strokeDash=alt.StrokeDash("claim:N", sort=claims, legend=None))
    points = alt.Chart(long).mark_point(filled=True).encode(
        **enc, shape=alt.Shape("claim:N", sort=claims, legend=None),
        tooltip=["characteristics:Q", "claim:N", alt.Tooltip("rate:Q", format=".2f")])
    return alt.layer(lines, points).properties(
        width="container", height=260,
        title=alt.Title("Subgroup fishing (SIMULATED)", subtitle="Everyone benefits equally"),
        description=("Line chart of the share of simulated trials, all with the same effect for everyone, in which "
                     "some subgroup looks like a responder (significant in one subgroup, not the other) and in "
                     "which some interaction test is significant, against the number of baseline characteristics "
                     "examined."))
