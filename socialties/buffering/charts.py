"""Charts of the buffering model: the static simulator (runs in the browser, no kernel) and a fitted-slopes chart.

The static simulator stores a FIXED simulated sample (stress, support and a standard-normal noise draw per point) in
the chart and recomputes distress in the browser from slider-bound Vega-Lite params, so a reader can move the stress
effect, the support effect at average stress, the buffering interaction and the noise, or pick a preset, on a page with no kernel.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from socialties.buffering.regression import ModeratedFit
from socialties.seeds import rng as named_rng
from socialties.theme import LEVELS3, theme_config

SIMULATOR_STREAM = "buffering-simulator"
LEVEL_LABELS = ["low support (-1 SD)", "average support (mean)", "high support (+1 SD)"]
LEVEL_VALUES = [-1.0, 0.0, 1.0]
DASHES = [[8, 4], [1, 0], [2, 3]]
STRESS_RANGE = (-2.5, 2.5)
Y_DOMAIN = (-3.5, 3.5)
TERTILE = 0.4307  # standard-normal tertile cut-off: a third of the sample in each support level


@dataclass(frozen=True)
class Preset:
    """Slider settings for one preset of the simulator (SD units; chosen to be visible, not calibrated)."""

    b_stress: float
    b_support: float
    b_int: float
    noise: float = 0.6


#: The three presets, in the order of the radio buttons.
PRESETS: dict[str, Preset] = {
    "main effect only": Preset(b_stress=0.4, b_support=-0.4, b_int=0.0),
    # Lines meet where b_support + b_int * stress = 0: at stress = -2.5 SD, the left edge of the chart (low stress).
    "buffering only": Preset(b_stress=0.4, b_support=-0.75, b_int=-0.3),
    "both": Preset(b_stress=0.4, b_support=-0.3, b_int=-0.25),
}

#: The radio's last option, chosen by the chart itself when a slider is moved by hand (its settings are no preset).
CUSTOM = "your own settings"

#: (param name, slider label, min, max, step)
SLIDERS = [
    ("b_stress", "Stress effect (b_stress) ", -1.0, 1.0, 0.05),
    ("b_support", "Support at average stress (b_support) ", -1.0, 1.0, 0.05),
    ("b_int", "Buffering interaction (b_int) ", -0.6, 0.6, 0.05),
    ("noise", "Noise SD ", 0.0, 1.5, 0.05),
]


def simulator_sample(n_points: int = 300, seed_name: str = SIMULATOR_STREAM) -> pd.DataFrame:
    """The fixed sample drawn on the simulator: standardised stress and support, a noise draw ``e``, support level.

    Values are rounded to 3 decimals to keep the page light; the level (support tertile, normal cut-offs) is computed
    in the browser by :func:`buffering_simulator_chart` and here only for Python users.
    """
    if int(n_points) != n_points or not 10 <= n_points <= 5000:
        raise ValueError(f"n_points must be a whole number between 10 and 5000, got {n_points!r}.")
    gen = named_rng(seed_name)
    draws = gen.standard_normal((3, int(n_points))).round(3)
    level = np.where(
        draws[1] < -TERTILE, LEVEL_LABELS[0], np.where(draws[1] > TERTILE, LEVEL_LABELS[2], LEVEL_LABELS[1])
    )
    return pd.DataFrame({"stress": draws[0], "support": draws[1], "e": draws[2], "level": level})


def _preset_expr(field: str) -> str:
    """A Vega expression for the slider ``field`` when the preset changes: the preset's value, or (for
    :data:`CUSTOM`) the slider's own value, so that leaving a preset by hand moves nothing."""
    expr = field
    for name in reversed(list(PRESETS)):
        expr = f"preset === '{name}' ? {float(getattr(PRESETS[name], field))!r} : ({expr})"
    return expr


def _hand_moves() -> dict:
    """A Vega event stream: the ``input`` events of this chart's sliders, which bubble up to the window.

    Vega cannot let the preset listen to the slider signals themselves: the sliders already listen to the preset,
    and a cycle in the dataflow graph is refused. A slider's DOM input event is not a signal, so there is no cycle;
    the filter keeps only the sliders of this chart (their ``name`` is the param's name).
    """
    names = " || ".join(f"event.target.name === '{name}'" for name, *_rest in SLIDERS)
    return {"source": "window", "type": "input", "filter": f"event.target && ({names})"}


def _preset_patch(first: int = 0) -> list[dict]:
    """A JSON Patch (RFC 6902) for the compiled Vega spec that ties the preset radio and the sliders together.

    Vega-Lite compiles a bound parameter's ``expr`` to an *initial* value only, so a radio button cannot set a
    slider in pure Vega-Lite. Vega can: a signal's ``on`` handler listening to the ``preset`` signal updates it, and a
    bound input follows its signal. The other way, a slider moved by hand sets the preset to :data:`CUSTOM`, so the
    radio no longer claims a preset the chart is not showing. vega-embed applies this patch
    (``usermeta.embedOptions.patch``) after compiling; the ``test`` operations make it fail loudly, not silently, if
    the compiled signal order ever changes. ``first`` is the index of the preset's signal: 1 for a chart sized by
    its container (Vega-Lite puts a ``width`` signal first), else 0.
    """
    ops: list[dict] = [
        {"op": "test", "path": f"/signals/{first}/name", "value": "preset"},
        {"op": "add", "path": f"/signals/{first}/on", "value": [{"events": [_hand_moves()], "update": repr(CUSTOM)}]},
    ]
    for index, (name, *_rest) in enumerate(SLIDERS, start=first + 1):  # the preset, then the sliders in order
        ops.append({"op": "test", "path": f"/signals/{index}/name", "value": name})
        ops.append(
            {"op": "add", "path": f"/signals/{index}/on", "value": [{"events": {"signal": "preset"}, "update": _preset_expr(name)}]}
        )
    return ops


def _params(default: str) -> list[alt.Parameter]:
    preset = alt.param(
        name="preset",
        value=default,
        bind=alt.binding_radio(options=[*PRESETS, CUSTOM], name="Preset: "),
    )
    params = [preset]
    for name, label, lo, hi, step in SLIDERS:
        params.append(
            alt.param(
                name=name,
                value=float(getattr(PRESETS[default], name)),
                bind=alt.binding_range(min=lo, max=hi, step=step, name=label),
            )
        )
    return params


def _level_scales() -> dict:
    return {
        "color": alt.Color(
            "level:N",
            title="Support",
            scale=alt.Scale(domain=LEVEL_LABELS, range=LEVELS3),
            sort=LEVEL_LABELS,
        ),
        "strokeDash": alt.StrokeDash(
            "level:N", title="Support", scale=alt.Scale(domain=LEVEL_LABELS, range=DASHES), sort=LEVEL_LABELS
        ),
        "shape": alt.Shape(
            "level:N",
            title="Support",
            scale=alt.Scale(domain=LEVEL_LABELS, range=["triangle-down", "circle", "triangle-up"]),
            sort=LEVEL_LABELS,
        ),
    }


def buffering_simulator_chart(
    n_points: int = 300,
    preset: str = "both",
    *,
    seed_name: str = SIMULATOR_STREAM,
    width: int | str = "container",
    height: int = 320,
) -> alt.LayerChart:
    """The static buffering simulator: distress against stress, with simple slopes at low, average and high support.

    Sliders (Vega-Lite params bound to range inputs) set ``b_stress``, ``b_support``, ``b_int`` and the noise SD;
    a radio button picks a preset ("main effect only", "buffering only", "both") that moves the sliders. Distress of
    the ``n_points`` SIMULATED points is recomputed in the browser as
    ``b_stress*stress + b_support*support + b_int*stress*support + noise*e`` from a stored standard-normal ``e``.
    By default the chart is as wide as its column (``width="container"``), so it fits a phone; the sliders sit
    under it (``socialties/static/charts.css`` lays them out, full width, with their values).
    """
    if preset not in PRESETS:
        raise ValueError(f"preset must be one of {list(PRESETS)}, got {preset!r}.")
    sample = simulator_sample(n_points, seed_name)
    model = "b_stress * datum.stress + b_support * datum.support + b_int * datum.stress * datum.support"
    scales = _level_scales()
    x = alt.X(
        "stress:Q",
        title="Stress (SD units)",
        scale=alt.Scale(domain=list(STRESS_RANGE), nice=False),
        axis=alt.Axis(values=[-2, -1, 0, 1, 2]),
    )
    y = alt.Y(
        "distress:Q", title="Psychological distress (SD units)", scale=alt.Scale(domain=list(Y_DOMAIN), nice=False)
    )
    level_expr = (
        f"datum.support < {-TERTILE} ? '{LEVEL_LABELS[0]}' : "
        f"(datum.support > {TERTILE} ? '{LEVEL_LABELS[2]}' : '{LEVEL_LABELS[1]}')"
    )
    points = (
        alt.Chart(sample[["stress", "support", "e"]])
        .transform_calculate(distress=f"{model} + noise * datum.e", level=level_expr)
        .mark_point(opacity=0.45, size=30, filled=True, clip=True, aria=False)
        .encode(x=x, y=y, color=scales["color"], shape=scales["shape"], tooltip=["stress:Q", "support:Q", "level:N"])
    )
    line_data = pd.DataFrame(
        [
            {"level": label, "support": z, "stress": s}
            for label, z in zip(LEVEL_LABELS, LEVEL_VALUES)
            for s in STRESS_RANGE
        ]
    )
    lines = (
        alt.Chart(line_data)
        .transform_calculate(distress=model)
        .mark_line(clip=True, strokeWidth=3)
        .encode(x=x, y=y, color=scales["color"], strokeDash=scales["strokeDash"])
    )
    labels = (
        alt.Chart(line_data)
        .transform_filter(f"datum.stress === {STRESS_RANGE[1]}")
        .transform_calculate(distress=model, short="split(datum.level, ' ')[0]")
        .mark_text(align="left", dx=6, fontSize=13, clip=False, aria=False)
        .encode(
            x=x,
            y=y,
            text="short:N",
            color=scales["color"],
        )
    )
    return (
        alt.layer(points, lines, labels)
        .add_params(*_params(preset))
        .properties(
            width=width,
            height=height,
            usermeta={"embedOptions": {"patch": _preset_patch(first=1 if width == "container" else 0)}},
            title=alt.Title(
                "The buffering simulator (simulated data)",
                # Short lines: a title does not wrap, and a long one would widen the chart on a phone.
                subtitle=["Distress against stress at low, average", "and high support: move the sliders",
                          "or pick a preset"],
            ),
            description=(
                f"Interactive scatter plot of {int(n_points)} simulated people: psychological distress against stress, "
                "with three straight lines giving the stress slope at low (-1 SD), average and high (+1 SD) social "
                "support. Sliders below set the stress effect, the support effect at average stress, the buffering interaction "
                "and the noise; presets show a main effect only (three parallel lines), buffering only (lines that "
                "fan out, the low-support line steepest) and both."
            ),
        )
    )


def simple_slopes_spec(
    data: pd.DataFrame, fit: ModeratedFit, *, max_points: int = 400, width: int = 420, height: int = 300
) -> dict:
    """Vega-Lite spec (a plain dict, with the course theme) of a sample and its fitted simple slopes.

    Built without Altair objects so that a slider callback stays fast (Altair's object model costs tens of ms).
    Lines are the fitted slopes of ``fit.x`` at the moderator's -1 SD, mean and +1 SD; points (at most
    ``max_points``, the first rows: simulated samples are in random order already) are coloured and shaped by the
    moderator's tertile.
    """
    columns = [np.asarray(data[c], dtype=float) for c in (fit.x, fit.z, fit.y)]
    keep = np.flatnonzero(np.isfinite(columns[0]) & np.isfinite(columns[1]) & np.isfinite(columns[2]))[:max_points]
    xs, zs, ys = (c[keep] for c in columns)
    low, high = fit.z_mean - TERTILE * fit.z_sd, fit.z_mean + TERTILE * fit.z_sd
    codes = np.where(zs < low, 0, np.where(zs > high, 2, 1)).tolist()
    points = [
        {"x": a, "y": b, "level": LEVEL_LABELS[c]}
        for a, b, c in zip(np.round(xs, 4).tolist(), np.round(ys, 4).tolist(), codes)
    ]
    x_lo, x_hi = (float(v) for v in np.quantile(xs, [0.01, 0.99]))
    b = fit.params.to_numpy()
    lines = []
    for label, z in zip(LEVEL_LABELS, (fit.z_mean - fit.z_sd, fit.z_mean, fit.z_mean + fit.z_sd)):
        for xv in (x_lo, x_hi):
            xc, zc = xv - fit.x_center, z - fit.z_center
            lines.append({"level": label, "x": xv, "y": float(b[0] + b[1] * xc + b[2] * zc + b[3] * xc * zc)})

    def channel(kind: str, values: list) -> dict:
        return {"field": "level", "type": "nominal", "title": fit.z, "sort": LEVEL_LABELS,
                "scale": {"domain": LEVEL_LABELS, "range": values}}

    xy = {"x": {"field": "x", "type": "quantitative", "title": fit.x},
          "y": {"field": "y", "type": "quantitative", "title": fit.y}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "config": theme_config()["config"],
        "width": width,
        "height": height,
        "title": f"Fitted simple slopes of {fit.x} (n = {fit.nobs})",
        "description": (
            f"Scatter plot of {fit.y} against {fit.x} with the fitted {fit.x} slopes at low (-1 SD), average and "
            f"high (+1 SD) {fit.z}."
        ),
        "layer": [
            {
                "data": {"values": points},
                "mark": {"type": "point", "filled": True, "opacity": 0.4, "size": 25},
                "encoding": xy | {"color": channel("color", LEVELS3),
                                  "shape": channel("shape", ["triangle-down", "circle", "triangle-up"])},
            },
            {
                "data": {"values": lines},
                "mark": {"type": "line", "strokeWidth": 3},
                "encoding": xy | {"color": channel("color", LEVELS3), "strokeDash": channel("strokeDash", DASHES)},
            },
        ],
    }


def simple_slopes_chart(data: pd.DataFrame, fit: ModeratedFit, **kwargs) -> alt.LayerChart:
    """:func:`simple_slopes_spec` as an Altair chart, for notebooks (same arguments)."""
    spec = simple_slopes_spec(data, fit, **kwargs)
    spec.pop("$schema")
    return alt.LayerChart.from_dict(spec)


def power_curve_spec(curve: pd.DataFrame, *, width: int = 420, height: int = 260) -> dict:
    """Vega-Lite spec (plain dict) of power against n: simulated points with +/-2 MC SE bars, analytic lines.

    ``curve`` is the output of :func:`socialties.buffering.power.power_curve`.
    """
    rows = [
        {
            "n": int(r.n),
            "measures": str(r.measures),
            "power": float(r.power),
            "lo": max(0.0, float(r.power - 2 * r.mc_se)),
            "hi": min(1.0, float(r.power + 2 * r.mc_se)),
            "analytic": float(r.analytic),
        }
        for r in curve.itertuples()
    ]
    order = list(dict.fromkeys(r["measures"] for r in rows))
    colour = {"field": "measures", "type": "nominal", "title": "Measures", "sort": order,
              "scale": {"domain": order, "range": [LEVELS3[2], LEVELS3[0]]}}
    x = {"field": "n", "type": "quantitative", "title": "Sample size n", "scale": {"type": "log"}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "config": theme_config()["config"],
        "width": width,
        "height": height,
        "title": "Power to detect the interaction (two-sided .05)",
        "description": (
            "Power against sample size for perfectly reliable measures and for error-laden measures: points are "
            "simulated power with error bars of two Monte Carlo standard errors, lines the analytic power."
        ),
        "data": {"values": rows},
        "layer": [
            {"mark": {"type": "line", "strokeDash": [4, 3]},
             "encoding": {"x": x, "y": {"field": "analytic", "type": "quantitative", "title": "Power",
                                         "scale": {"domain": [0, 1]}}, "color": colour}},
            {"mark": {"type": "rule"},
             "encoding": {"x": x, "y": {"field": "lo", "type": "quantitative"}, "y2": {"field": "hi"}, "color": colour}},
            {"mark": {"type": "point", "filled": True, "size": 60},
             "encoding": {"x": x, "y": {"field": "power", "type": "quantitative"}, "color": colour,
                          "shape": {"field": "measures", "type": "nominal", "sort": order, "title": "Measures"},
                          "tooltip": [{"field": "n"}, {"field": "power", "format": ".3f"},
                                      {"field": "analytic", "format": ".3f"}]}},
        ],
    }
