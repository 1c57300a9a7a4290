"""The live explorer's callbacks and reports, and its static snapshot (no kernel needed for these tests)."""

from __future__ import annotations

import re

import pytest

from socialties.buffering import BufferingParams, fit_moderated, simulate
from socialties.buffering.report import fit_report_html
from socialties.buffering.widgets import buffering_explorer


def test_report_shows_estimates_ci_p_slopes_and_jn():
    data = simulate(300, b_int=-0.3, seed_name="test-report")
    fit = fit_moderated(data, center=True)
    text = fit_report_html(fit, BufferingParams(b_int=-0.3, rel_stress=0.8, rel_support=0.5))
    row = fit.summary().loc["stress:support"]
    assert f"{row.coef:.3f}" in text and f"[{row.ci_lower:.3f}, {row.ci_upper:.3f}]" in text
    assert "Simple slopes" in text and "Johnson-Neyman" in text
    assert "about -0.120" in text  # -0.3 attenuated by .8 x .5
    assert "SIMULATED DATA" in text
    assert not re.search(r"<(?![/a-z])", text)  # every '<' opens a tag: numbers like '< .001' are escaped


def test_explorer_refits_when_a_slider_moves_and_on_new_sample(monkeypatch):
    monkeypatch.delenv("SOCIALTIES_STATIC", raising=False)
    explorer = buffering_explorer(n=200)
    explorer.box
    first = explorer.results.value
    explorer.b_int.value = -0.35
    assert explorer.results.value != first
    assert len(explorer.data) == 200
    before = explorer.data.copy()
    explorer.next_sample()
    assert explorer.sample_label.value.startswith("sample 2")
    assert not explorer.data.equals(before)
    explorer.n.value = 400
    assert len(explorer.data) == 400


def test_explorer_is_deterministic():
    a, b = buffering_explorer(n=150), buffering_explorer(n=150)
    a.box, b.box
    assert a.data.equals(b.data) and a.results.value == b.results.value


def test_impossible_settings_give_a_message_not_a_traceback():
    explorer = buffering_explorer(n=100)
    explorer.box
    explorer.b_stress.value = 0.6
    explorer.b_support.value = 0.6
    explorer.b_int.value = 0.4
    explorer.rel_stress.value = 1.0
    # 0.36 + 0.36 + 0.16 < 1 is still possible; 0.36 + 0.36 + 0.36 is not.
    assert "Johnson-Neyman" in explorer.results.value
    with pytest.raises(ValueError):
        BufferingParams(b_stress=0.6, b_support=0.6, b_int=0.6)
    explorer.b_int.max = 0.6
    explorer.b_int.value = 0.6
    assert "explain all the variance" in explorer.results.value
    assert explorer.run_power() is None and "explain all the variance" in explorer.power_status.value


def test_power_panel_runs_and_reports(monkeypatch):
    explorer = buffering_explorer(n=100)
    explorer.box
    explorer.reps.value = 100
    curve = explorer.run_power()
    assert len(curve) == 2 * 5 and curve["power"].between(0, 1).all()
    assert "Monte Carlo" in explorer.power_status.value


def test_static_snapshot_is_plain_html_with_note_and_chart(monkeypatch):
    monkeypatch.setenv("SOCIALTIES_STATIC", "1")
    explorer = buffering_explorer(n=120)
    live = buffering_explorer(n=120)
    live.box
    assert fit_report_html(fit_moderated(live.data, center=True), live.params()) in explorer.snapshot_html()
    bundle = explorer._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    page = bundle["text/html"]
    assert "need a running Python kernel" in page and "st-chart" in page and "Johnson-Neyman" in page
    assert explorer._box is None  # no widget models on a static page
    monkeypatch.setenv("SOCIALTIES_STATIC", "0")
    assert "application/vnd.jupyter.widget-view+json" in explorer._repr_mimebundle_()
