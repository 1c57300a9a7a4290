"""The static buffering simulator's Vega-Lite spec: sliders, presets, fixed data, accessible text, small size."""

from __future__ import annotations

import json

import numpy as np
import pytest

from socialties.buffering import fit_moderated, simulate
from socialties.buffering.charts import (
    LEVEL_LABELS,
    PRESETS,
    SLIDERS,
    buffering_simulator_chart,
    simple_slopes_chart,
    simple_slopes_spec,
    simulator_sample,
)
from socialties.theme import LEVELS3


@pytest.fixture(scope="module")
def spec() -> dict:
    return buffering_simulator_chart().to_dict()


def test_sliders_and_preset_radio_are_bound_params(spec):
    params = {p["name"]: p for p in spec["params"]}
    assert params["preset"]["bind"]["input"] == "radio"
    assert params["preset"]["bind"]["options"] == list(PRESETS)
    for name, _label, lo, hi, step in SLIDERS:
        bind = params[name]["bind"]
        assert (bind["input"], bind["min"], bind["max"], bind["step"]) == ("range", lo, hi, step)
        assert params[name]["value"] == getattr(PRESETS["both"], name)
    # Signal order in the compiled Vega spec follows the params order, which the preset patch relies on.
    assert [p["name"] for p in spec["params"]] == ["preset"] + [s[0] for s in SLIDERS]


def test_preset_patch_sets_each_slider_from_the_preset(spec):
    patch = spec["usermeta"]["embedOptions"]["patch"]
    tests = [op for op in patch if op["op"] == "test"]
    adds = [op for op in patch if op["op"] == "add"]
    assert [op["value"] for op in tests] == [s[0] for s in SLIDERS]
    for (name, *_), op in zip(SLIDERS, adds):
        (handler,) = op["value"]
        assert handler["events"] == {"signal": "preset"}
        for preset, values in PRESETS.items():
            assert f"'{preset}'" in handler["update"] or preset == list(PRESETS)[-1]
            assert repr(float(getattr(values, name))) in handler["update"]


@pytest.mark.parametrize("preset", list(PRESETS))
def test_default_preset_sets_initial_slider_values(preset):
    params = {p["name"]: p for p in buffering_simulator_chart(preset=preset).to_dict()["params"]}
    assert params["preset"]["value"] == preset
    for name, *_ in SLIDERS:
        assert params[name]["value"] == getattr(PRESETS[preset], name)


def test_distress_is_recomputed_in_the_browser_from_stored_noise(spec):
    points = spec["layer"][0]
    (calc, level) = points["transform"]
    assert calc["as"] == "distress"
    for term in ("b_stress * datum.stress", "b_support * datum.support", "b_int * datum.stress * datum.support",
                 "noise * datum.e"):
        assert term in calc["calculate"]
    rows = spec["datasets"][points["data"]["name"]]
    assert len(rows) == 300 and set(rows[0]) == {"stress", "support", "e"}
    sample = simulator_sample()
    np.testing.assert_array_equal([r["e"] for r in rows], sample["e"])


def test_lines_are_simple_slopes_at_minus_one_zero_plus_one_sd(spec):
    lines = spec["layer"][1]
    rows = spec["datasets"][lines["data"]["name"]]
    assert sorted({r["support"] for r in rows}) == [-1.0, 0.0, 1.0]
    assert lines["encoding"]["color"]["scale"]["range"] == LEVELS3
    assert lines["encoding"]["strokeDash"]["scale"]["domain"] == LEVEL_LABELS  # a second channel besides colour


def test_accessible_text_and_light_page(spec):
    assert "simulated" in spec["title"]["text"].lower()
    assert "fan out" in spec["description"] and "300 simulated" in spec["description"]
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Stress (SD units)"
    assert "distress" in spec["layer"][0]["encoding"]["y"]["title"].lower()
    text = json.dumps(spec)
    assert len(text) < 30_000
    assert "http" not in text.replace("https://vega.github.io/schema/", "")  # no data or script from another host


def test_same_chart_every_time_and_bad_arguments_refused():
    assert buffering_simulator_chart().to_json() == buffering_simulator_chart().to_json()
    with pytest.raises(ValueError, match="preset must be one of"):
        buffering_simulator_chart(preset="strong")
    with pytest.raises(ValueError, match="n_points"):
        buffering_simulator_chart(n_points=3)


def test_simple_slopes_chart_draws_the_fitted_lines():
    data = simulate(200, b_int=-0.3, seed_name="test-slopes-chart")
    fit = fit_moderated(data)
    spec = simple_slopes_spec(data, fit)
    rows = spec["layer"][1]["data"]["values"]
    slopes = fit.simple_slopes()["slope"].to_numpy()
    drawn = [(b["y"] - a["y"]) / (b["x"] - a["x"]) for a, b in zip(rows[::2], rows[1::2])]
    np.testing.assert_allclose(drawn, slopes, rtol=1e-10)
    assert "n = 200" in spec["title"]
    # The fast hand-built spec is valid Vega-Lite: Altair validates it against the schema.
    chart = simple_slopes_chart(data, fit)
    assert chart.to_dict()["title"] == spec["title"]


def _line(preset, z: float, stress: float) -> float:
    """Expected distress on the simulator's line for support ``z`` (SD units) at ``stress``."""
    return preset.b_stress * stress + preset.b_support * z + preset.b_int * stress * z


def test_buffering_only_preset_lines_meet_at_low_stress_and_fan_out():
    """Buffering only: support makes no difference where stress is low, and more the higher stress goes (issue 10)."""
    from socialties.buffering.charts import LEVEL_VALUES, STRESS_RANGE

    preset = PRESETS["buffering only"]
    low_stress = STRESS_RANGE[0]
    low, mean, high = (_line(preset, z, low_stress) for z in LEVEL_VALUES)
    assert low == pytest.approx(mean, abs=1e-12) and mean == pytest.approx(high, abs=1e-12)
    meet = -preset.b_support / preset.b_int  # where b_support + b_int * stress = 0
    assert STRESS_RANGE[0] <= meet <= -2.0  # at low stress, and on the chart
    gaps = [_line(preset, -1, s) - _line(preset, 1, s) for s in (low_stress, 0.0, STRESS_RANGE[1])]
    assert gaps[0] == pytest.approx(0, abs=1e-12) and 0 < gaps[1] < gaps[2]  # the well supported never worse off
    # b_support is NOT zero: in y ~ x * z it is the support effect at stress 0, where the lines have already parted.
    assert preset.b_support < 0


def test_main_effect_preset_lines_are_parallel():
    preset = PRESETS["main effect only"]
    gaps = {round(_line(preset, -1, s) - _line(preset, 1, s), 12) for s in (-2.5, 0.0, 2.5)}
    assert len(gaps) == 1 and gaps.pop() > 0
