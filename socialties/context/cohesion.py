"""Cohesion and regulation: one "integration" index, a protective and a harmful association at once (SIMULATED).

Prudo, Harris & Brown found on the Isle of Lewis (Outer Hebrides) that women more integrated into traditional life,
through churchgoing and crofting, had less depression but more anxiety; following Durkheim, they separated social
*integration* (cohesion) from social *regulation*. This simulation makes that reading concrete: communities differ in
cohesion ``K`` and regulation ``R`` (standard normal, correlated ``rho``); a survey's integration index averages the
two, because churchgoing and crofting carry both; depression falls with cohesion and anxiety rises with regulation:

    depression = depression_per_cohesion * K + e1,    anxiety = anxiety_per_regulation * R + e2.

Against the index, depression slopes down and anxiety up. The numbers are ILLUSTRATIVE: the study's findings are
verified only qualitatively, and nothing here reproduces its rates.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from socialties.seeds import rng as named_rng
from socialties.theme import PALETTE


@dataclass(frozen=True)
class CohesionParams:
    """Illustrative settings (standardised units)."""

    depression_per_cohesion: float = -0.5
    anxiety_per_regulation: float = 0.5
    rho: float = 0.6  # correlation of cohesion and regulation across communities

    def __post_init__(self) -> None:
        if not -0.95 <= self.rho <= 0.95:
            raise ValueError(f"rho must be between -0.95 and 0.95, got {self.rho!r}.")
        for name in ("depression_per_cohesion", "anxiety_per_regulation"):
            if not abs(getattr(self, name)) <= 1:
                raise ValueError(f"{name} must be between -1 and 1.")


def index_slopes(p: CohesionParams) -> dict[str, float]:
    """Population slopes of depression and anxiety on the index I = (K + R) / 2 (Var I = (1 + rho) / 2).

    Cov(K, I) = Cov(R, I) = (1 + rho) / 2, so each slope is its path divided by 1: the index carries the whole of
    each effect, and the two point in opposite directions.
    """
    var_i = (1 + p.rho) / 2
    cov = (1 + p.rho) / 2
    return {"depression": p.depression_per_cohesion * cov / var_i, "anxiety": p.anxiety_per_regulation * cov / var_i}


def draws(n: int = 60, seed_name: str = "cohesion-static") -> pd.DataFrame:
    """Standard-normal draws for ``n`` communities: z1, z2 (to build K and R) and e1, e2 (noise), rounded."""
    gen = named_rng(seed_name)
    z = gen.standard_normal((4, int(n))).round(3)
    return pd.DataFrame({"community": np.arange(1, int(n) + 1), "z1": z[0], "z2": z[1], "e1": z[2], "e2": z[3]})


def simulate_cohesion(p: CohesionParams, n: int = 60, seed_name: str = "cohesion-static",
                      noise: float = 0.5) -> pd.DataFrame:
    """SIMULATED communities: cohesion, regulation, the integration index, depression and anxiety (Python side)."""
    d = draws(n, seed_name)
    d["cohesion"] = d["z1"]
    d["regulation"] = p.rho * d["z1"] + np.sqrt(1 - p.rho**2) * d["z2"]
    d["index"] = (d["cohesion"] + d["regulation"]) / 2
    d["depression"] = p.depression_per_cohesion * d["cohesion"] + noise * d["e1"]
    d["anxiety"] = p.anxiety_per_regulation * d["regulation"] + noise * d["e2"]
    return d


SLIDERS = [
    ("depression_per_cohesion", "Cohesion → depression ", -1.0, 1.0, 0.05),
    ("anxiety_per_regulation", "Regulation → anxiety ", -1.0, 1.0, 0.05),
    ("rho", "Correlation of cohesion and regulation ", -0.9, 0.9, 0.05),
]
OUTCOMES = ["depression", "anxiety"]
OUTCOME_COLOURS = [PALETTE["blue"], PALETTE["vermillion"]]


def cohesion_chart(p: CohesionParams | None = None, *, n: int = 60, noise: float = 0.5,
                   height: int = 320) -> alt.LayerChart:
    """The static "cohesion and regulation" simulation: depression and anxiety against one integration index."""
    p = p or CohesionParams()
    d = draws(n)
    regulation = "rho * datum.z1 + sqrt(1 - rho * rho) * datum.z2"
    base = (
        alt.Chart(d)
        .transform_calculate(regulation=regulation)
        .transform_calculate(index="(datum.z1 + datum.regulation) / 2",
                             depression=f"depression_per_cohesion * datum.z1 + {noise} * datum.e1",
                             anxiety=f"anxiety_per_regulation * datum.regulation + {noise} * datum.e2")
        .transform_fold(OUTCOMES, as_=["outcome", "symptoms"])
    )
    x = alt.X("index:Q", title="Integration index (SD units)",
              scale=alt.Scale(domain=[-2.5, 2.5], nice=False))
    y = alt.Y("symptoms:Q", title="Symptoms (SD units)", scale=alt.Scale(domain=[-2.5, 2.5], nice=False))
    colour = alt.Color("outcome:N", title="Outcome", scale=alt.Scale(domain=OUTCOMES, range=OUTCOME_COLOURS),
                       legend=alt.Legend(orient="top", direction="horizontal"))
    points = base.mark_point(size=40, opacity=0.6, filled=True, clip=True, aria=False).encode(
        x=x, y=y, color=colour, shape=alt.Shape("outcome:N", scale=alt.Scale(domain=OUTCOMES,
                                                                               range=["circle", "triangle-up"]),
                                                title="Outcome"))
    lines = base.transform_regression("index", "symptoms", groupby=["outcome"], extent=[-2.4, 2.4]).mark_line(
        strokeWidth=3, clip=True).encode(x=x, y=y, color=colour, strokeDash=alt.StrokeDash(
            "outcome:N", scale=alt.Scale(domain=OUTCOMES, range=[[1, 0], [6, 4]]), legend=None))
    params = [alt.param(name=k, value=float(getattr(p, k)), bind=alt.binding_range(min=lo, max=hi, step=st, name=lab))
              for k, lab, lo, hi, st in SLIDERS]
    return alt.layer(points, lines).add_params(*params).properties(
        width="container", height=height,
        title=alt.Title("Cohesion and regulation",
                        subtitle=["Simulated, illustrative numbers: one", "index, two outcomes, opposite slopes"]),
        description=(
            f"Interactive scatter plot of {n} simulated communities: depression (circles, solid line) and anxiety "
            "(triangles, dashed line) against one integration index that averages cohesion and regulation. Sliders "
            "set how much cohesion lowers depression, how much regulation raises anxiety, and how strongly the two "
            "go together. The numbers are illustrative, not the Outer Hebrides study's."
        ),
    )
