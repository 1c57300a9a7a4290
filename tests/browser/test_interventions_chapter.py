"""Chapter 4 on the built site: every static slider of the trial designer and the dose-response chart redraws the
chart, at phone and desktop widths, offline; the charts fit the screen; the heterogeneous-effects snapshot draws."""

from __future__ import annotations

import pytest

from socialties.interventions.charts import DESIGNER_SLIDERS, DOSE_SLIDERS

pytestmark = pytest.mark.browser
DESIGN = "book/04-interventions/design.html"
CHARTS = {
    "designer": ('.st-chart[aria-label^="Interactive line chart of the power"]', DESIGNER_SLIDERS),
    "dose": ('.st-chart[aria-label^="Interactive line chart of the change in distress"]', DOSE_SLIDERS),
}
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def open_chart(page, site_url, which: str, width: str):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width])))
    response = page.goto(f"{site_url}/{DESIGN}", wait_until="load")
    assert response is not None and response.ok, f"{DESIGN}: HTTP {response and response.status}"
    selector, sliders = CHARTS[which]
    chart = page.locator(selector)
    chart.locator("svg").wait_for()
    chart.locator("input[type=range]").first.wait_for()
    return chart, selector, sliders


def svg_of(chart) -> str:
    return chart.locator("svg").first.inner_html()


def texts(chart) -> list[str]:
    return chart.locator("svg text").evaluate_all("els => els.map(e => e.textContent || '')")


def new_value(spec: tuple) -> float:
    """A value one or a few steps away from the default, inside the slider's range."""
    _name, _label, lo, hi, step, default = spec
    candidate = default + 3 * step
    return round(candidate if candidate <= hi else default - 3 * step, 4)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("which", list(CHARTS))
def test_every_slider_redraws_the_chart(page, site_url, which, width):
    chart, selector, sliders = open_chart(page, site_url, which, width)
    inputs = chart.locator("input[type=range]")
    assert inputs.count() == len(sliders)
    for index, spec in enumerate(sliders):
        before = svg_of(chart)
        value = new_value(spec)
        inputs.nth(index).fill(str(value))
        page.wait_for_function(
            "([sel, old]) => document.querySelector(sel + ' svg').innerHTML !== old", arg=[selector, before]
        )
        assert float(inputs.nth(index).input_value()) == pytest.approx(value), spec[0]
        assert svg_of(chart) != before, spec[0]
    assert page.blocked_requests == [] and page.console_errors == []


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("which", list(CHARTS))
def test_chart_and_sliders_fit_the_screen(page, site_url, which, width):
    chart, _selector, _sliders = open_chart(page, site_url, which, width)
    viewport = WIDTHS[width][0]
    svg_box = chart.locator("svg").first.bounding_box()
    assert svg_box["x"] >= 0 and svg_box["x"] + svg_box["width"] <= viewport + 1
    for box in chart.locator("input[type=range]").evaluate_all(
            "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.width]; })"):
        assert box[0] >= 0 and box[1] <= viewport + 1 and box[2] >= 80  # a usable slider, not a sliver
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport + 1


def test_trial_designer_reads_out_power_and_mde_that_follow_the_sliders(page, site_url):
    chart, _selector, sliders = open_chart(page, site_url, "designer", "desktop")
    shown = texts(chart)
    assert "Your trial: 43 per arm, power 0.24" in shown  # the normal approximation (t-based: 0.236)
    assert "MDE at 80% power: 0.60 SD" in shown
    names = [s[0] for s in sliders]
    chart.locator("input[type=range]").nth(names.index("n_arm")).fill("217")
    page.wait_for_timeout(200)
    assert "Your trial: 217 per arm, power 0.80" in texts(chart)
    # the three cited trials are labelled on the chart
    labels = " ".join(texts(chart))
    for name in ("Brand 1995", "Harris 1999", "Mittelman 1996"):
        assert name in labels


def test_dose_response_curves_agree_at_the_trial_dose_and_differ_elsewhere(page, site_url):
    chart, _selector, sliders = open_chart(page, site_url, "dose", "desktop")
    names = [s[0] for s in sliders]
    inputs = chart.locator("input[type=range]")
    inputs.nth(names.index("third")).fill("4")  # the trial's own dose (default 4)
    page.wait_for_timeout(200)
    assert "A third arm at dose 4.0 predicts" in texts(chart)
    assert "gradient \u22120.40, threshold \u22120.40" in texts(chart)  # d3-format's minus sign
    inputs.nth(names.index("third")).fill("8")
    page.wait_for_timeout(200)
    assert "gradient \u22120.80, threshold \u22120.40" in texts(chart)


def test_heterogeneous_effects_snapshot_and_figures_draw(page, site_url):
    response = page.goto(f"{site_url}/book/04-interventions/heterogeneous-effects.html", wait_until="load")
    assert response is not None and response.ok
    charts = page.locator(".st-chart")
    charts.last.locator("svg").wait_for()
    assert charts.count() == 3  # the simulated trial, the fishing curve, the explorer's snapshot
    assert page.locator(".st-explorer-snapshot .st-note").inner_text().startswith("This is a snapshot")
    for i in range(charts.count()):
        assert charts.nth(i).locator("svg").count() >= 1
    assert page.blocked_requests == [] and page.console_errors == []
