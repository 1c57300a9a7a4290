"""Social capital across communities: SIMULATED people nested in communities, analysed naively and as multilevel.

Each community j has a level of social capital ``C_j`` (standard normal) and an unexplained community effect ``u_j``;
each person i in it has a participation score ``x_ij = C_j + w_ij`` and distress

    y_ij = within * w_ij + contextual_total * C_j + tau * u_j + sigma * e_ij,

so people who participate more than their neighbours differ by ``within`` per unit, while communities richer in
social capital differ by ``contextual_total`` per unit of their mean participation. With standard-normal ``w`` the
between-community slope of the community means is about ``contextual_total`` and the contextual effect (between
minus within) is about ``contextual_total - within``.

:func:`compare_fits` fits the same data three ways: naive OLS that ignores clustering, OLS with cluster-robust
standard errors, and a random-intercept model (statsmodels ``MixedLM``, REML) with the community mean of
participation as a second predictor. The naive standard error of a community-level slope is too small whenever the
ICC is above zero. All numbers are illustrative; no published study calibrates them.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

from socialties.context.decomposition import add_cluster_means
from socialties.context.icc import anova_icc, mixedlm_icc
from socialties.seeds import rng as named_rng
from socialties.theme import PALETTE


@dataclass(frozen=True)
class CommunityParams:
    """The simulation's settings (illustrative). Effects are on distress, negative = protective."""

    communities: int = 30
    per_community: int = 20
    within: float = -0.20
    contextual_total: float = -0.40
    tau: float = 0.40  # SD of the unexplained community effect
    sigma: float = 1.0  # SD of individual noise

    def __post_init__(self) -> None:
        if int(self.communities) != self.communities or not 3 <= self.communities <= 500:
            raise ValueError(f"communities must be a whole number from 3 to 500, got {self.communities!r}.")
        if int(self.per_community) != self.per_community or not 2 <= self.per_community <= 500:
            raise ValueError(f"per_community must be a whole number from 2 to 500, got {self.per_community!r}.")
        if self.tau < 0 or self.sigma <= 0:
            raise ValueError("tau must be at least 0 and sigma above 0.")
        for name in ("within", "contextual_total", "tau", "sigma"):
            if not np.isfinite(getattr(self, name)):
                raise ValueError(f"{name} must be a finite number.")

    def true_icc(self) -> float:
        """The population ICC of distress itself: the community share of its variance, social capital included."""
        between = self.contextual_total**2 + self.tau**2
        return between / (between + self.within**2 + self.sigma**2)

    def residual_icc(self) -> float:
        """The ICC left once participation (individual and community mean) is in the model: tau^2/(tau^2+sigma^2)."""
        return self.tau**2 / (self.tau**2 + self.sigma**2)


def draws(communities: int, per_community: int, seed_name: str) -> pd.DataFrame:
    """The standard-normal draws behind one sample: community, C, u (per community), w, e (per person)."""
    gen = named_rng(seed_name)
    c = gen.standard_normal(communities)
    u = gen.standard_normal(communities)
    w = gen.standard_normal((communities, per_community))
    e = gen.standard_normal((communities, per_community))
    community = np.repeat(np.arange(1, communities + 1), per_community)
    return pd.DataFrame({"community": community, "C": np.repeat(c, per_community), "u": np.repeat(u, per_community),
                         "w": w.ravel(), "e": e.ravel()})


def simulate_communities(p: CommunityParams, seed_name: str = "communities-sim") -> pd.DataFrame:
    """One SIMULATED sample: community, participation ``x``, distress ``y`` (and the draws that made them)."""
    d = draws(p.communities, p.per_community, seed_name)
    d["x"] = d["C"] + d["w"]
    d["y"] = p.within * d["w"] + p.contextual_total * d["C"] + p.tau * d["u"] + p.sigma * d["e"]
    return d


@dataclass(frozen=True)
class FitRow:
    """One model's estimate of one coefficient."""

    model: str
    term: str
    estimate: float
    se: float

    @property
    def lower(self) -> float:
        return self.estimate - 1.96 * self.se

    @property
    def upper(self) -> float:
        return self.estimate + 1.96 * self.se


def fit_mixed(data: pd.DataFrame):
    """Random-intercept model ``y ~ x_within + x_mean`` by REML (BFGS; warnings about the boundary silenced)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a zero community variance is a legitimate boundary estimate
        return smf.mixedlm("y ~ x_within + x_mean", data=data, groups=data["community"]).fit(reml=True, method=["bfgs"])


def compare_fits(data: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """Naive OLS, cluster-robust OLS and MixedLM on one sample: a table of estimates and SEs, and the MixedLM ICC.

    The table has rows for the community-mean slope ``x_mean`` (between) and the within slope ``x_within``.
    """
    d = add_cluster_means(data, "x", "community")
    naive = smf.ols("y ~ x_within + x_mean", data=d).fit()
    robust = smf.ols("y ~ x_within + x_mean", data=d).fit(cov_type="cluster", cov_kwds={"groups": d["community"]})
    mixed = fit_mixed(d)
    rows = []
    for label, fit in (("OLS, clustering ignored", naive), ("OLS, cluster-robust SE", robust),
                       ("multilevel (MixedLM)", mixed)):
        for term, name in (("x_mean", "between communities"), ("x_within", "within communities")):
            rows.append(FitRow(label, name, float(fit.params[term]), float(fit.bse[term])))
    table = pd.DataFrame([{"model": r.model, "slope": r.term, "estimate": r.estimate, "se": r.se,
                           "lower": r.lower, "upper": r.upper} for r in rows])
    return table, mixedlm_icc(mixed)


def sample_icc(data: pd.DataFrame) -> float:
    """The ANOVA ICC of distress across communities in one sample (not adjusted for participation)."""
    return anova_icc(data, "y", "community").icc


SHORT_MODEL_NAMES = {"OLS, clustering ignored": "naive OLS", "OLS, cluster-robust SE": "cluster-robust",
                     "multilevel (MixedLM)": "multilevel"}


def fits_chart_spec(table: pd.DataFrame) -> dict:
    """Vega-Lite spec (plain dict) of the estimates with 95% intervals, one row per model and slope."""
    from socialties.theme import theme_config

    rows = [{k: (round(float(v), 3) if isinstance(v, float) else v) for k, v in r.items()}
            for r in table.to_dict("records")]
    for row in rows:  # short names on the axis: no legend, so the chart keeps its width on a phone
        row["analysis"] = SHORT_MODEL_NAMES.get(row["model"], row["model"])
    names = list(dict.fromkeys(r["analysis"] for r in rows))
    colours = [PALETTE["vermillion"], PALETTE["orange"], PALETTE["blue"]][: len(names)]
    colour = {"field": "analysis", "type": "nominal", "legend": None, "scale": {"domain": names, "range": colours}}
    y = {"field": "analysis", "type": "nominal", "title": None, "sort": names,
         "axis": {"labelFontSize": 12, "labelLimit": 120}}
    x = {"field": "estimate", "type": "quantitative", "title": "Slope of distress (95% interval)"}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "config": theme_config()["config"],
        "data": {"values": rows},
        "facet": {"row": {"field": "slope", "type": "nominal", "title": None,
                          "sort": ["between communities", "within communities"],
                          "header": {"labelOrient": "top", "labelAnchor": "start", "labelFontWeight": "bold"}}},
        "spec": {
            "width": 200, "height": 90,
            "layer": [
                {"mark": {"type": "rule", "strokeWidth": 3},
                 "encoding": {"y": y, "x": {"field": "lower", "type": "quantitative", "title": x["title"]},
                              "x2": {"field": "upper"}, "color": colour}},
                {"mark": {"type": "point", "filled": True, "size": 90},
                 "encoding": {"y": y, "x": x, "color": colour,
                              "tooltip": [{"field": "model"}, {"field": "estimate", "format": ".3f"},
                                          {"field": "se", "format": ".3f", "title": "SE"}]}},
            ],
        },
        "resolve": {"scale": {"x": "shared"}},
        "title": {"text": "One sample, three analyses", "subtitle": "Simulated data; 95% intervals"},
        "description": ("Dot-and-interval chart of the between-community and within-community slopes of distress on "
                        "participation, estimated by OLS ignoring clustering, OLS with cluster-robust standard errors "
                        "and a multilevel random-intercept model, each with its 95% interval."),
    }


def fits_chart(table: pd.DataFrame) -> alt.FacetChart:
    """:func:`fits_chart_spec` as an Altair chart, for notebooks."""
    spec = fits_chart_spec(table)
    spec.pop("$schema")
    return alt.FacetChart.from_dict(spec)


# --------------------------------------------------------------------------------------------------- static chart
SLIDERS = [
    ("within", "Within-community slope ", -1.0, 1.0, 0.05),
    ("contextual_total", "Between-community slope ", -1.0, 1.0, 0.05),
    ("tau", "Community SD (tau) ", 0.0, 1.5, 0.05),
]
STATIC_COMMUNITIES, STATIC_PER_COMMUNITY = 12, 15


def communities_chart(p: CommunityParams | None = None, *, seed_name: str = "communities-static",
                      height: int = 320) -> alt.LayerChart:
    """The static "social capital across communities" simulation (no kernel): individuals, community means, slopes.

    A fixed sample of 12 communities x 15 people; sliders set the within slope, the between slope and the SD of the
    unexplained community effect. Small points are people, large diamonds the community means; the dashed line is the
    slope through the community means, the solid one the pooled individual-level slope. The population ICC is shown.
    """
    p = p or CommunityParams(communities=STATIC_COMMUNITIES, per_community=STATIC_PER_COMMUNITY)
    d = draws(STATIC_COMMUNITIES, STATIC_PER_COMMUNITY, seed_name).round(3)
    d = d.assign(x=(d["C"] + d["w"]).round(3))
    model = "within * datum.w + contextual_total * datum.C + tau * datum.u + datum.e"
    x = alt.X("x:Q", title="Participation (SD units)", scale=alt.Scale(domain=[-4, 4], nice=False))
    y = alt.Y("y:Q", title="Distress (SD units)", scale=alt.Scale(domain=[-5, 5], nice=False))
    base = alt.Chart(d).transform_calculate(y=model)
    people = base.mark_circle(size=22, opacity=0.45, color=PALETTE["sky"], clip=True, aria=False).encode(x=x, y=y)
    means = base.transform_aggregate(x="mean(x)", y="mean(y)", groupby=["community"]).mark_point(
        shape="diamond", size=110, filled=True, color=PALETTE["vermillion"], clip=True).encode(
        x=x, y=y, tooltip=["community:N", alt.Tooltip("x:Q", format=".2f"), alt.Tooltip("y:Q", format=".2f")])
    between = base.transform_aggregate(x="mean(x)", y="mean(y)", groupby=["community"]).transform_regression(
        "x", "y", extent=[-3.5, 3.5]).mark_line(color=PALETTE["vermillion"], strokeDash=[6, 4], clip=True).encode(
        x=x, y=y)
    pooled = base.transform_regression("x", "y", extent=[-3.5, 3.5]).mark_line(
        color=PALETTE["blue"], clip=True).encode(x=x, y=y)
    icc = alt.Chart(pd.DataFrame({"k": [0]})).transform_calculate(
        text="'ICC of distress (population): ' + format((contextual_total * contextual_total + tau * tau) / "
             "(contextual_total * contextual_total + tau * tau + within * within + 1), '.2f')").mark_text(
        align="left", baseline="top", fontSize=14, fontWeight="bold", aria=False).encode(
        x=alt.value(4), y=alt.value(4), text="text:N")
    params = [alt.param(name=n, value=float(getattr(p, n)), bind=alt.binding_range(min=lo, max=hi, step=st, name=lab))
              for n, lab, lo, hi, st in SLIDERS]
    return alt.layer(people, means, between, pooled, icc).add_params(*params).properties(
        width="container", height=height,
        title=alt.Title(["Social capital across", "communities (simulated)"],
                        subtitle=["Dots: people; diamonds: community means", "Dashed: between slope; solid: pooled"]),
        description=(
            f"Interactive scatter plot of {STATIC_COMMUNITIES * STATIC_PER_COMMUNITY} simulated people in "
            f"{STATIC_COMMUNITIES} communities: distress against participation, with each community's mean as a "
            "diamond, a dashed line through the community means and a solid pooled line through all people. Sliders "
            "set the within-community slope, the between-community slope and the spread of the unexplained "
            "community effect; the population intraclass correlation of distress is printed in the corner."
        ),
    )
