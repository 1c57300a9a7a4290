"""Charts and the live explorer of chapter 4: specs carry their sliders, descriptions and data; the explorer builds,
updates and shows a static snapshot on a static page."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats

from socialties import interventions as iv
from socialties.interventions import charts
from socialties.interventions.report import format_p, html_table
from socialties.interventions.widgets import HeterogeneityExplorer


def _params(spec: dict) -> dict:
    return {p["name"]: p for p in spec.get("params", [])}


@pytest.mark.parametrize(("make", "sliders"), [(charts.trial_designer_chart, charts.DESIGNER_SLIDERS),
                                               (charts.dose_response_chart, charts.DOSE_SLIDERS)])
def test_static_charts_bind_every_slider_and_describe_themselves(make, sliders):
    spec = make().to_dict()
    params = _params(spec)
    for name, label, lo, hi, step, default in sliders:
        bind = params[name]["bind"]
        assert (bind["min"], bind["max"], bind["step"], params[name]["value"]) == (lo, hi, step, default)
        assert bind["name"] == label and lo <= default <= hi
    assert spec["width"] == "container" and spec["description"].startswith("Interactive line chart")
    assert "cdn" not in json.dumps(spec).lower()


def test_trial_designer_marks_the_cited_trials_at_their_sizes():
    text = json.dumps(charts.trial_designer_chart().to_dict())
    for trial in iv.CITED_TRIALS:
        assert trial.label in text
    assert [t.per_arm for t in iv.CITED_TRIALS] == [25.5, 43.0, 103.0]


def test_the_browser_power_expression_is_the_normal_approximation():
    """Evaluate the Vega expression's formula in Python (cumulativeNormal -> the normal CDF) against the package."""
    expr = charts._power_expr("n")
    assert "cumulativeNormal" in expr and str(charts.Z_ALPHA) in expr
    python = (expr.replace("cumulativeNormal", "stats.norm.cdf").replace("sqrt", "np.sqrt"))
    for effect, n, attrition, adherence in [(0.27, 43, 0.0, 1.0), (0.4, 100, 0.2, 0.5), (0.18, 300, 0.1, 0.8)]:
        value = eval(python, {"stats": stats, "np": np, "effect": effect, "n": n, "attrition": attrition,  # noqa: S307
                              "adherence": adherence})
        assert value == pytest.approx(iv.two_arm_power(effect, n, attrition=attrition, adherence=adherence,
                                                       method="normal"), abs=1e-6)


def test_dose_curves_pass_through_both_arms():
    for dose, benefit, threshold in [(4, 0.4, 2), (6, 0.3, 8), (2, 0.8, 0.5)]:
        env = {"dose": dose, "benefit": benefit, "threshold": threshold, "min": min}
        for curve in (charts._threshold_curve, charts._gradient_curve):
            assert eval(curve("0"), env) == pytest.approx(0)  # noqa: S307 - our own expression
            assert eval(curve(str(dose)), env) == pytest.approx(-benefit)  # noqa: S307


def test_figures_refuse_tables_without_their_columns():
    import pandas as pd

    with pytest.raises(ValueError, match="columns"):
        charts.forest_chart(pd.DataFrame({"x": [1]}), "x", title="t", x_title="x", description="d")


def test_report_formats_p_and_escapes_cells():
    import pandas as pd

    assert format_p(0.0004) == "< .001" and format_p(0.1699) == ".170" and format_p(1.0) == "1.000"
    html = html_table(pd.DataFrame({"name": ["<b>x</b>"], "p": [0.0001], "effect": [-0.06334]}), "cap")
    assert "&lt;b&gt;" in html and "&lt; .001" in html and "-0.063" in html and "<th" in html


def test_explorer_static_snapshot_and_live_widgets(monkeypatch):
    monkeypatch.setenv("SOCIALTIES_STATIC", "1")
    explorer = HeterogeneityExplorer(n=200)
    bundle = explorer._repr_mimebundle_()
    assert "This is a snapshot" in bundle["text/html"] and "st-chart" in bundle["text/html"]
    assert explorer._box is None  # a static page creates no widget models
    monkeypatch.setenv("SOCIALTIES_STATIC", "0")
    box = explorer.box
    assert "SIMULATED" in explorer.report.value
    first = explorer.report.value
    explorer.next_trial()
    assert explorer.report.value != first and "Trial 2" in explorer.report.value
    explorer.k.value = 2
    result = explorer.run_fishing()
    assert result.characteristics == 2 and "2 characteristic(s)" in explorer.fishing.value
    assert box is explorer.box


def test_chart_data_names_do_not_depend_on_the_last_digits():
    """Altair names inline data by a hash of the values: data are rounded first, so BLAS noise cannot rename them."""
    import pandas as pd

    table = pd.DataFrame({"rho": [0.0, 0.5], "indirect": [-0.015198132223697243, 0.01]})
    noisy = table.assign(indirect=table["indirect"] * (1 + 1e-15))
    a = charts.sensitivity_chart(table, -0.25186715357375605, -0.015198132223697243).to_dict()
    b = charts.sensitivity_chart(noisy, -0.25186715357375594, -0.015198132223697247).to_dict()
    assert a["datasets"].keys() == b["datasets"].keys()
    draws = np.linspace(-0.04, 0.01, 200)
    c = charts.bootstrap_chart(draws, (-0.0381479262145886, 0.0064957703929433), -0.0151981322236972).to_dict()
    d = charts.bootstrap_chart(draws * (1 + 1e-15), (-0.0381479262145873, 0.0064957703929426),
                               -0.0151981322236975).to_dict()
    assert c["datasets"].keys() == d["datasets"].keys()
