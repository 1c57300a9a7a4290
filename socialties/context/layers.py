"""Lin's nested layers of ties as a path model: community -> network -> intimate ties -> distress.

Lin, Ye & Ensel (1999) describe three layers around a person: *belongingness* (participation in the community, the
outer layer), *bonding* (ties in a social network) and *binding* (intimate, confiding ties, the inner layer), and
hypothesise that each outer layer affords the inner one. As a linear path model with standardised variables:

    network  = a * community + e1
    intimate = b * network   + e2
    distress = c_community * community + c_network * network + c_intimate * intimate + e3

The effect of community participation on distress is then the sum of three paths: direct (``c_community``), through
the network only (``a * c_network``) and through the network and the intimate layer (``a * b * c_intimate``).
:func:`path_effects` does this arithmetic; :func:`simulate_layers` draws data from the model (to check the arithmetic
against fitted regressions); :func:`layers_chart` is the static slider version that a page shows without a kernel.
The numbers are illustrative, chosen to be visible, not estimates from Lin and colleagues' data.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import altair as alt
import numpy as np
import pandas as pd

from socialties.seeds import rng as named_rng
from socialties.theme import PALETTE


@dataclass(frozen=True)
class LayerPaths:
    """Standardised path coefficients of the nested-layers model (illustrative defaults, negative = less distress)."""

    a: float = 0.4  # community participation -> network ties
    b: float = 0.5  # network ties -> intimate ties
    c_community: float = -0.10  # community -> distress, directly
    c_network: float = -0.15  # network ties -> distress, holding intimate ties fixed
    c_intimate: float = -0.30  # intimate ties -> distress

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not np.isfinite(value) or abs(value) > 1:
                raise ValueError(f"Path {f.name} must be a number between -1 and 1, got {value!r}.")
        if not self.implied_variance_ok():
            raise ValueError("These paths imply a residual variance of distress below zero: make them smaller.")

    def implied_variance_ok(self) -> bool:
        """True if the standardised model leaves distress a non-negative residual variance."""
        return _explained_variance(self) <= 1.0


def _covariance(p: LayerPaths) -> np.ndarray:
    """Covariance matrix of (community, network, intimate), each with variance 1."""
    ab = p.a * p.b
    return np.array([[1.0, p.a, ab], [p.a, 1.0, p.b], [ab, p.b, 1.0]])


def _explained_variance(p: LayerPaths) -> float:
    c = np.array([p.c_community, p.c_network, p.c_intimate])
    return float(c @ _covariance(p) @ c)


@dataclass(frozen=True)
class PathEffects:
    """The effect of community participation on distress, split by the route it takes."""

    direct: float
    via_network: float
    via_network_and_intimate: float

    @property
    def indirect(self) -> float:
        return self.via_network + self.via_network_and_intimate

    @property
    def total(self) -> float:
        return self.direct + self.indirect

    @property
    def share_indirect(self) -> float:
        """The proportion of the total effect that passes through the inner layers (NaN when the total is 0)."""
        return self.indirect / self.total if self.total != 0 else float("nan")


def path_effects(p: LayerPaths) -> PathEffects:
    """Direct and indirect effects of community participation on distress (products of paths)."""
    return PathEffects(direct=p.c_community, via_network=p.a * p.c_network,
                       via_network_and_intimate=p.a * p.b * p.c_intimate)


def simulate_layers(n: int, p: LayerPaths, seed_name: str = "layers-sim") -> pd.DataFrame:
    """SIMULATED standardised data from the model: columns community, network, intimate, distress."""
    if int(n) != n or n < 10:
        raise ValueError(f"n must be a whole number of at least 10, got {n!r}.")
    gen = named_rng(seed_name)
    e = gen.standard_normal((4, int(n)))
    community = e[0]
    network = p.a * community + np.sqrt(1 - p.a**2) * e[1]
    intimate = p.b * network + np.sqrt(1 - p.b**2) * e[2]
    resid = np.sqrt(max(0.0, 1 - _explained_variance(p)))
    distress = p.c_community * community + p.c_network * network + p.c_intimate * intimate + resid * e[3]
    return pd.DataFrame({"community": community, "network": network, "intimate": intimate, "distress": distress})


# --------------------------------------------------------------------------------------------------- static chart
#: (param name, slider label, min, max, step)
SLIDERS = [
    ("a", "Community → network (a) ", -1.0, 1.0, 0.05),
    ("b", "Network → intimate ties (b) ", -1.0, 1.0, 0.05),
    ("c_community", "Community → distress, direct ", -0.6, 0.6, 0.05),
    ("c_network", "Network → distress ", -0.6, 0.6, 0.05),
    ("c_intimate", "Intimate ties → distress ", -0.6, 0.6, 0.05),
]
ROUTES = ["direct", "through the network", "through network and intimate ties"]
ROUTE_EXPR = {
    ROUTES[0]: "c_community",
    ROUTES[1]: "a * c_network",
    ROUTES[2]: "a * b * c_intimate",
}
ROUTE_COLOURS = [PALETTE["orange"], PALETTE["sky"], PALETTE["blue"]]


ROUTE_LABELS = {ROUTES[0]: "Direct", ROUTES[1]: "Through the network",
                ROUTES[2]: "Through network and intimate ties", "total effect": "Total effect"}


def layers_chart(paths: LayerPaths | None = None, *, height: int = 260) -> alt.LayerChart:
    """The static "nested layers" simulation: the community effect on distress split into its three routes.

    Five sliders set the paths; the bars (one per route, and the total), their values and the share that passes
    through the inner layers are recomputed in the browser. Bars left of zero mean less distress. Each bar's name
    and value are written above it (not as axis labels), so the bars keep the chart's full width on a phone.
    """
    p = paths or LayerPaths()
    domain = ROUTES + ["total effect"]
    rows = pd.DataFrame({"route": domain, "name": [ROUTE_LABELS[r] for r in domain]})
    total = " + ".join(f"({e})" for e in ROUTE_EXPR.values())
    expr = " : ".join(f"datum.route === '{r}' ? ({e})" for r, e in ROUTE_EXPR.items()) + f" : ({total})"
    y = alt.Y("route:N", sort=domain, axis=None, scale=alt.Scale(paddingInner=0.55, paddingOuter=0.3))
    x = alt.X("effect:Q", title="Effect on distress (SD per SD)",
              scale=alt.Scale(domain=[-1.0, 1.0], nice=False, clamp=True))
    colour = alt.Color("route:N", scale=alt.Scale(domain=domain, range=ROUTE_COLOURS + [PALETTE["black"]]),
                       legend=None)
    base = alt.Chart(rows).transform_calculate(effect=expr)
    bars = base.mark_bar().encode(x=x, y=y, color=colour,
                                  tooltip=["name:N", alt.Tooltip("effect:Q", format=".3f")])
    labels = base.transform_calculate(label="datum.name + ': ' + format(datum.effect, '.3f')").mark_text(
        align="left", baseline="bottom", dy=-13, fontSize=13, aria=False).encode(
        x=alt.value(0), y=y, text="label:N")
    zero = alt.Chart(pd.DataFrame({"effect": [0.0]})).mark_rule(color="#555555").encode(x="effect:Q")
    share = (
        alt.Chart(pd.DataFrame({"k": [0]}))
        .transform_calculate(
            indirect=f"({ROUTE_EXPR[ROUTES[1]]}) + ({ROUTE_EXPR[ROUTES[2]]})", total=total,
            text="abs(datum.total) < 0.0005 ? 'Total about zero: no share to split' : "
                 "'Share through the inner layers: ' + format(datum.indirect / datum.total, '.0%')")
        .mark_text(align="left", baseline="top", fontSize=14, fontWeight="bold", aria=False)
        .encode(x=alt.value(0), y=alt.value(-22), text="text:N")
    )
    params = [
        alt.param(name=name, value=float(getattr(p, name)), bind=alt.binding_range(min=lo, max=hi, step=step,
                                                                                     name=label))
        for name, label, lo, hi, step in SLIDERS
    ]
    return alt.layer(bars, zero, labels, share).add_params(*params).properties(
        width="container", height=height,
        title=alt.Title(["Nested layers: how community", "participation reaches distress"],
                        subtitle=["Illustrative numbers. Bars left of zero", "mean less distress.", " "]),
        description=(
            "Interactive bar chart of the effect of community participation on distress, split into three routes: "
            "direct, through network ties, and through network ties and then intimate ties, with the total effect "
            "and the share of the total that passes through the inner layers. Five sliders set the path "
            "coefficients. The numbers are illustrative, not estimates."
        ),
    )
