"""The chapter's charts: static ones whose sliders work in the browser with no kernel, and plain result charts.

Every chart is responsive (``width="container"``), says in its ``description`` what it shows (the text alternative
the page's renderer gives screen readers), uses the Okabe-Ito palette and pairs colour with a second channel (dash or
shape). Slider charts store a small table and recompute in Vega from parameters bound to range inputs.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from socialties.modifiers.evidence import oriented
from socialties.modifiers.power import subgroup_significance
from socialties.modifiers.simulate import BASELINE_DISTRESS, NET_DISTRESS_EXPR
from socialties.theme import PALETTE

HEIGHT = 300
GROUP_COLOURS = [PALETTE["vermillion"], PALETTE["blue"]]

# ----------------------------------------------------------------------------------- support as benefit and cost
#: (param, label, min, max, step, default) of the benefit-and-cost chart.
BENEFIT_COST_SLIDERS = [
    ("support_per_tie", "Support each tie gives", 0.0, 3.0, 0.1, 1.5),
    ("obligations_per_tie", "Obligations each tie brings", 0.0, 1.0, 0.05, 0.3),
    ("low_resources", "Resources, low-resource group", 0.2, 2.0, 0.1, 0.4),
    ("high_resources", "Resources, high-resource group", 0.5, 5.0, 0.1, 3.0),
]
BENEFIT_COST_GROUPS = ["low resources", "high resources"]
MAX_NETWORK = 15


def _slider_params(sliders) -> list[alt.Parameter]:
    return [alt.param(name=name, value=default, bind=alt.binding_range(min=lo, max=hi, step=step, name=label + " "))
            for name, label, lo, hi, step, default in sliders]


def benefit_cost_chart() -> alt.LayerChart:
    """Net distress against network size for a low- and a high-resource group, with four sliders (SIMULATED).

    The curve is :func:`socialties.modifiers.simulate.net_distress`, recomputed in the browser.
    """
    sizes = np.round(np.arange(0, MAX_NETWORK + 0.01, 0.5), 1)
    grid = pd.DataFrame([{"n": float(s), "group": g} for g in BENEFIT_COST_GROUPS for s in sizes])
    resources = "(datum.group === 'low resources' ? low_resources : high_resources)"
    expr = NET_DISTRESS_EXPR.format(base=BASELINE_DISTRESS, resources=resources)
    colour = alt.Color("group:N", title="Group", scale=alt.Scale(domain=BENEFIT_COST_GROUPS, range=GROUP_COLOURS))
    dash = alt.StrokeDash("group:N", title="Group", scale=alt.Scale(domain=BENEFIT_COST_GROUPS,
                                                                     range=[[1, 0], [8, 4]]))
    x = alt.X("n:Q", title="Network size (number of ties)", scale=alt.Scale(domain=[0, MAX_NETWORK], nice=False))
    y = alt.Y("distress:Q", title="Distress (arbitrary units)", scale=alt.Scale(domain=[0, 20], nice=False))
    lines = (alt.Chart(grid).transform_calculate(distress=expr)
             .mark_line(clip=True, strokeWidth=3).encode(x=x, y=y, color=colour, strokeDash=dash,
                                                          tooltip=["group:N", "n:Q",
                                                                   alt.Tooltip("distress:Q", format=".2f")]))
    start = alt.Chart(pd.DataFrame({"distress": [BASELINE_DISTRESS]})).mark_rule(
        color="#555555", strokeDash=[3, 3]).encode(y="distress:Q")
    return alt.layer(start, lines).add_params(*_slider_params(BENEFIT_COST_SLIDERS)).properties(
        width="container", height=HEIGHT,
        title=alt.Title("Support as benefit and cost (simulated)",
                        subtitle=["Net distress against network size", "Move the sliders below the chart"]),
        description=(
            "Interactive line chart of simulated net distress against network size (0 to 15 ties) for a "
            "low-resource group (solid line) and a high-resource group (dashed line). A dotted line marks the "
            "distress of a person with no ties. Sliders below set the support each tie gives, the obligations each "
            "tie brings, and each group's resources. With heavy obligations and low resources the low-resource "
            "line rises with network size while the high-resource line falls."
        ),
    )


# ------------------------------------------------------------------------------------- modification by gender
GENDER_NS = (25, 50, 100, 200, 400, 800)
GENDER_EFFECTS = (0.1, 0.2, 0.3, 0.4)
OUTCOMES = ["significant in one group only", "interaction test rejects"]


def gender_trap_table(ns=GENDER_NS, effects=GENDER_EFFECTS, reps: int = 1000) -> pd.DataFrame:
    """For equal true slopes (-effect in both groups): how often one group only is significant, and how often the
    interaction test rejects, by sample size per group (SIMULATED; :func:`subgroup_significance`)."""
    rows = []
    for effect in effects:
        for n in ns:
            tally = subgroup_significance(-effect, -effect, n, reps=reps,
                                          seed_name=f"modifiers-gender-trap:{effect}:{n}")
            rows += [{"effect": float(effect), "n": int(n), "outcome": OUTCOMES[0], "share": tally.one_only},
                     {"effect": float(effect), "n": int(n), "outcome": OUTCOMES[1], "share": tally.interaction}]
    return pd.DataFrame(rows)


def gender_trap_chart(table: pd.DataFrame | None = None) -> alt.LayerChart:
    """The key figure of the gender simulation, static: shares against n per group, with a slider for the common
    true effect (support's slope in both sexes, in SD of distress per SD of support)."""
    table = gender_trap_table() if table is None else table
    effects = sorted(table["effect"].unique())
    effect = alt.param(name="true_effect", value=float(effects[1]),
                       bind=alt.binding_range(min=float(effects[0]), max=float(effects[-1]),
                                              step=float(round(effects[1] - effects[0], 6)),
                                              name="True effect of support in both groups (SD) "))
    colour = alt.Color("outcome:N", title=None, scale=alt.Scale(domain=OUTCOMES, range=[PALETTE["vermillion"],
                                                                                        PALETTE["blue"]]))
    x = alt.X("n:Q", title="People per group (log scale)", scale=alt.Scale(type="log"),
              axis=alt.Axis(values=list(GENDER_NS), format="d"))
    y = alt.Y("share:Q", title="Share of simulated studies", scale=alt.Scale(domain=[0, 1]),
              axis=alt.Axis(format="%"))
    base = alt.Chart(table).transform_filter(f"abs(datum.effect - true_effect) < 1e-6")
    lines = base.mark_line().encode(x=x, y=y, color=colour, strokeDash=alt.StrokeDash(
        "outcome:N", legend=None, scale=alt.Scale(domain=OUTCOMES, range=[[1, 0], [6, 4]])))
    points = base.mark_point(filled=True, size=70).encode(
        x=x, y=y, color=colour, shape=alt.Shape("outcome:N", legend=None,
                                                scale=alt.Scale(domain=OUTCOMES, range=["circle", "square"])),
        tooltip=["n:Q", "outcome:N", alt.Tooltip("share:Q", format=".1%")])
    rule = alt.Chart(pd.DataFrame({"share": [0.05]})).mark_rule(color="#555555", strokeDash=[2, 3]).encode(
        y="share:Q")
    return alt.layer(rule, lines, points).add_params(effect).properties(
        width="container", height=HEIGHT,
        title=alt.Title("Equal effects, split verdicts (simulated)",
                        subtitle=["Support protects women and men", "equally in every simulated study"]),
        description=(
            "Interactive line chart from simulated studies in which support lowers distress by the same amount in "
            "women and in men. For 25 to 800 people per group it shows the share of studies in which support is "
            "significant in one group but not the other (solid line, circles), and the share in which the "
            "interaction test, the right test of a difference, rejects (dashed line, squares), which stays near "
            "the 5% marked by a dotted line. A slider sets the common true effect."
        ),
    )


# ---------------------------------------------------------------------------------------- reverse causation
def reverse_causation_chart(curve: pd.DataFrame) -> alt.LayerChart:
    """Risk ratio (low vs other engagement) against the years of follow-up excluded, from
    :func:`socialties.modifiers.simulate.exclusion_curve`, with a slider for the prodrome and a radio for a causal
    effect (SIMULATED)."""
    prodromes = sorted(curve["prodrome"].unique())
    hrs = sorted(curve["causal_hr"].unique())
    prodrome = alt.param(name="prodrome", value=float(prodromes[2] if len(prodromes) > 2 else prodromes[0]),
                         bind=alt.binding_range(min=float(prodromes[0]), max=float(prodromes[-1]),
                                                step=float(prodromes[1] - prodromes[0]),
                                                name="Years of decline before diagnosis "))
    labels = {1.0: "none (hazard ratio 1)", 1.5: "real (hazard ratio 1.5)"}
    data = curve.assign(effect=[labels.get(h, f"hazard ratio {h:g}") for h in curve["causal_hr"]])
    options = [labels.get(h, f"hazard ratio {h:g}") for h in hrs]
    causal = alt.param(name="causal", value=options[0], bind=alt.binding_radio(
        options=options, name="Causal effect of engagement "))
    x = alt.X("excluded:Q", title="Years of follow-up excluded", scale=alt.Scale(domain=[0, 8], nice=False))
    y = alt.Y("rr:Q", title="Risk ratio, low vs other engagement",
              scale=alt.Scale(type="log", domain=[0.7, 2.6], nice=False),
              axis=alt.Axis(values=[0.75, 1, 1.5, 2, 2.5]))
    base = alt.Chart(data).transform_filter("datum.prodrome === prodrome && datum.effect === causal")
    line = base.mark_line(color=PALETTE["vermillion"]).encode(x=x, y=y)
    points = base.mark_point(filled=True, color=PALETTE["vermillion"]).encode(
        x=x, y=y, tooltip=["excluded:Q", alt.Tooltip("rr:Q", format=".2f")])
    rule = alt.Chart(pd.DataFrame({"rr": [1.0]})).mark_rule(color="#555555", strokeDash=[3, 3]).encode(y="rr:Q")
    return alt.layer(rule, line, points).add_params(prodrome, causal).properties(
        width="container", height=HEIGHT,
        title=alt.Title("Reverse causation (simulated)",
                        subtitle=["Risk ratio of dementia, low vs", "other baseline engagement"]),
        description=(
            "Interactive line chart from a simulated cohort of 20,000 older people followed for 12 years: the "
            "risk ratio of a dementia diagnosis for people with low baseline social engagement, against the number "
            "of years of follow-up excluded (0 to 8). A slider sets how many years before diagnosis engagement "
            "starts to fall; radio buttons add or remove a real causal effect. With no causal effect the ratio "
            "starts above 1 and falls to 1 once the excluded years exceed the years of decline; a dotted line "
            "marks 1."
        ),
    )


# ------------------------------------------------------------------------------------------------ forest plot
def forest_plot(table: pd.DataFrame | None = None) -> alt.LayerChart:
    """Estimates of social engagement and cognitive decline, all turned to 'less social vs more social', on a
    log scale, with the reported 95% intervals (:func:`socialties.modifiers.evidence.oriented`)."""
    table = oriented() if table is None else table
    order = list(table["label"])
    studies = list(dict.fromkeys(table["study"]))
    # The row labels name the study, so colour and shape need no legend.
    colour = alt.Color("study:N", legend=None, scale=alt.Scale(
        domain=studies, range=[PALETTE["blue"], PALETTE["orange"], PALETTE["green"]][: len(studies)]))
    shape = alt.Shape("study:N", legend=None, scale=alt.Scale(
        domain=studies, range=["circle", "square", "diamond"][: len(studies)]))
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=230, labelFontSize=12))
    x = alt.X("estimate:Q", title="Ratio (log scale)",
              scale=alt.Scale(type="log", domain=[0.8, 4.5], nice=False), axis=alt.Axis(values=[1, 2, 4]))
    base = alt.Chart(table)
    interval = base.transform_filter("isValid(datum.low)").mark_rule(strokeWidth=2).encode(
        y=y, x=alt.X("low:Q", scale=alt.Scale(type="log", domain=[0.8, 4.5], nice=False)), x2="high:Q", color=colour)
    points = base.mark_point(filled=True, size=90).encode(
        y=y, x=x, color=colour, shape=shape,
        tooltip=["study:N", "outcome:N", "comparison:N", "measure:N", alt.Tooltip("estimate:Q", format=".2f"),
                 "note:N"])
    rule = alt.Chart(pd.DataFrame({"estimate": [1.0]})).mark_rule(color="#555555", strokeDash=[3, 3]).encode(
        x=alt.X("estimate:Q", scale=alt.Scale(type="log", domain=[0.8, 4.5], nice=False)))
    return alt.layer(rule, interval, points).properties(
        width="container", height=28 * len(table),
        title=alt.Title("Engagement and cognitive decline",
                        subtitle=["Ratio for the less social; above 1 = more risk", "Lines: reported 95% intervals"]),
        description=(
            f"Forest plot of {len(table)} published estimates from Fabrigoule 1995, Bassuk 1999 and Fratiglioni "
            "2000, each a risk or odds ratio of dementia or cognitive decline for the less socially engaged group, "
            "on a log scale. Fabrigoule's ratios for doing an activity (0.46 to 0.53) are inverted to 1.9 to 2.2, "
            "with wide intervals reaching from about 1.0 to about 4. All estimates lie between 1.5 and 2.4. "
            "Bassuk's three and Fratiglioni's first two estimates have no interval in the verified sources; "
            "Fratiglioni's poor-network estimate, 1.6, has the interval 1.2 to 2.1."
        ),
    )


# -------------------------------------------------------------------------------------------- real data charts
def gradient_chart(shares: pd.DataFrame, status_order: list[str]) -> alt.Chart:
    """Stacked bars of mental health status by parents' SES (shares within each SES group; 1 = high)."""
    colours = [PALETTE["blue"], PALETTE["sky"], PALETTE["orange"], PALETTE["vermillion"]][: len(status_order)]
    data = shares.assign(order=[status_order.index(s) for s in shares["mental"]])
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("ses:O", title="Parents' socioeconomic status (1 = highest, 6 = lowest)", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("share:Q", title="Share of the SES group", axis=alt.Axis(format="%"), stack="normalize"),
        color=alt.Color("mental:N", title="Mental health", sort=status_order,
                        scale=alt.Scale(domain=status_order, range=colours)),
        order=alt.Order("order:Q"),
        tooltip=["ses:O", "mental:N", alt.Tooltip("share:Q", format=".1%"), "Freq:Q"],
    ).properties(
        width="container", height=HEIGHT,
        title=alt.Title("Mental health by parents' SES",
                        subtitle=["Midtown Manhattan Study, 1,660", "young adults; each bar sums to 100%"]),
        description=(
            "Stacked bar chart: for each of six parents' socioeconomic status groups, from 1 (highest) to 6 "
            "(lowest), the shares of young adults rated well, with mild, moderate symptoms, or impaired. The share "
            "impaired rises from 17.6% in group 1 to 32.7% in group 6 and the share well falls from 24.4% to 9.7%."
        ),
    )


def risk_scale_chart(risks: pd.DataFrame, modifier_labels: dict, *, exposure_label: str = "Attends weekly",
                     outcome_label: str = "very happy") -> alt.LayerChart:
    """The four groups' risks of the outcome, on the probability scale or the log-odds scale (a radio button).

    ``risks``: rows with ``modifier`` (the modifier's name), ``stratum`` (its level label), ``exposed`` (0/1),
    ``risk``. Parallel lines on one scale need not be parallel on the other: the point of the chart.
    """
    data = risks.assign(logodds=np.log(risks["risk"] / (1 - risks["risk"])),
                        exposure=np.where(risks["exposed"] == 1, "yes", "no"),
                        panel=[modifier_labels[m] for m in risks["modifier"]])
    scale = alt.param(name="scale", value="probability",
                      bind=alt.binding_radio(options=["probability", "log odds"], name="Scale "))
    panels = list(dict.fromkeys(data["panel"]))
    modifier = alt.param(name="modifier", value=panels[0],
                         bind=alt.binding_radio(options=panels, name="Modifier "))
    y = alt.Y("value:Q", title=f"Share {outcome_label} (probability or log odds)", scale=alt.Scale(zero=False))
    x = alt.X("exposure:N", title=exposure_label, sort=["no", "yes"], axis=alt.Axis(labelAngle=0))
    # No fixed domain: the legend then lists only the chosen modifier's two groups (the domain follows the filter).
    colour = alt.Color("stratum:N", title="Group", scale=alt.Scale(range=[PALETTE["vermillion"], PALETTE["blue"]]))
    shape = alt.Shape("stratum:N", legend=None, scale=alt.Scale(range=["circle", "square"]))  # one legend
    base = (alt.Chart(data).transform_filter("datum.panel === modifier")
            .transform_calculate(value="scale === 'probability' ? datum.risk : datum.logodds"))
    lines = base.mark_line().encode(x=x, y=y, color=colour, detail="stratum:N")
    points = base.mark_point(filled=True, size=80).encode(
        x=x, y=y, color=colour, shape=shape,
        tooltip=["panel:N", "stratum:N", "exposure:N", alt.Tooltip("risk:Q", format=".3f"),
                 alt.Tooltip("logodds:Q", format=".3f")])
    return alt.layer(lines, points).add_params(scale, modifier).properties(
        width="container", height=HEIGHT,
        title=alt.Title(f"Attendance and being {outcome_label}",
                        subtitle=["GSS 1994-2006, 17,137 adults", "Choose the modifier and scale below"]),
        description=(
            f"Interactive chart of the share of General Social Survey respondents who are {outcome_label}, for those "
            "who do and do not attend religious services weekly, with one line per group of the chosen modifier "
            "(gender, family income or education). A radio button shows the same four shares as probabilities or "
            "as log odds; lines that are parallel on one scale are not parallel on the other."
        ),
    )
