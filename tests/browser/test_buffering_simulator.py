"""The static buffering simulator on the built site: every slider and preset changes the chart, offline."""

from __future__ import annotations

import pytest

from socialties.buffering.charts import CUSTOM, PRESETS, SLIDERS

pytestmark = pytest.mark.browser
PAGE = "book/01-mechanisms/simulator.html"
CHART = '.st-chart[aria-label^="Interactive scatter plot"]'


@pytest.fixture
def simulator(page, site_url):
    response = page.goto(f"{site_url}/{PAGE}", wait_until="load")
    assert response is not None and response.ok, f"{PAGE}: HTTP {response and response.status}"
    chart = page.locator(CHART)
    chart.locator("svg").wait_for()
    chart.locator("input[type=range]").first.wait_for()
    return page, chart


def svg_of(chart) -> str:
    return chart.locator("svg").first.inner_html()


def slider_values(chart) -> dict[str, float]:
    values = chart.locator("input[type=range]").evaluate_all("els => els.map(e => e.value)")
    return {name: float(v) for (name, *_), v in zip(SLIDERS, values)}


def line_paths(chart) -> list[str]:
    return chart.locator("g.mark-line path").evaluate_all("els => els.map(e => e.getAttribute('d'))")


def test_chart_has_four_sliders_a_preset_radio_and_accessible_text(simulator):
    page, chart = simulator
    assert chart.locator("input[type=range]").count() == len(SLIDERS)
    assert chart.locator("input[type=radio]").count() == len(PRESETS) + 1  # and "your own settings"
    assert slider_values(chart) == {name: getattr(PRESETS["both"], name) for name, *_ in SLIDERS}
    assert "300 simulated people" in chart.get_attribute("aria-label")  # the description, for screen readers
    axes = chart.locator("svg [aria-label^='X-axis'], svg [aria-label^='Y-axis']").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )
    assert any("Stress (SD units)" in a for a in axes) and any("distress" in a for a in axes)
    # The 300 points are hidden from screen readers (the description covers them); the three lines are not.
    assert chart.locator("svg [aria-label^='Stress (SD units):']").count() == 3
    assert len(line_paths(chart)) == 3 and chart.locator("g.mark-symbol.role-mark path").count() == 300
    assert page.blocked_requests == [] and page.console_errors == []


@pytest.mark.parametrize("index, name, value", [(i, s[0], round(s[2] + s[4], 2)) for i, s in enumerate(SLIDERS)])
def test_moving_each_slider_redraws_the_chart(simulator, index, name, value):
    page, chart = simulator
    before = svg_of(chart)
    chart.locator("input[type=range]").nth(index).fill(str(value))  # one step above the slider's minimum
    page.wait_for_function(
        "([sel, old]) => document.querySelector(sel + ' svg').innerHTML !== old", arg=[CHART, before]
    )
    assert slider_values(chart)[name] == pytest.approx(value)
    assert svg_of(chart) != before
    assert page.console_errors == []


@pytest.mark.parametrize("preset", [p for p in PRESETS if p != "both"] + ["both"])
def test_each_preset_sets_the_sliders_and_redraws(simulator, preset):
    page, chart = simulator
    if preset == "both":  # the default: leave it first, so that choosing it is a change
        chart.locator("input[type=radio][value='main effect only']").check()
        page.wait_for_timeout(100)
    before = svg_of(chart)
    chart.locator(f"input[type=radio][value='{preset}']").check()
    page.wait_for_function(
        "([sel, old]) => document.querySelector(sel + ' svg').innerHTML !== old", arg=[CHART, before]
    )
    expected = {name: getattr(PRESETS[preset], name) for name, *_ in SLIDERS}
    assert slider_values(chart) == pytest.approx(expected)


def test_lines_coincide_without_support_effects_and_fan_out_with_buffering(simulator):
    page, chart = simulator
    sliders = chart.locator("input[type=range]")
    names = [s[0] for s in SLIDERS]
    sliders.nth(names.index("b_support")).fill("0")
    sliders.nth(names.index("b_int")).fill("0")
    page.wait_for_timeout(200)
    low, mid, high = line_paths(chart)
    assert low == mid == high  # support does nothing: the three simple slopes are one line
    sliders.nth(names.index("b_int")).fill("-0.3")
    page.wait_for_timeout(200)
    low, mid, high = line_paths(chart)
    assert len({low, mid, high}) == 3  # buffering: different slopes at low, average and high support
    # The main-effect preset gives parallel, distinct lines; the sliders still move freely afterwards.
    chart.locator("input[type=radio][value='main effect only']").check()
    page.wait_for_timeout(200)
    assert slider_values(chart)["b_int"] == 0.0 and len(set(line_paths(chart))) == 3
    assert page.blocked_requests == [] and page.console_errors == []


@pytest.fixture
def phone_simulator(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site_url) else route.abort())
    page.goto(f"{site_url}/{PAGE}", wait_until="load")
    chart = page.locator(CHART)
    chart.locator("svg").wait_for()
    chart.locator("input[type=range]").first.wait_for()
    yield page, chart
    context.close()


def test_on_a_phone_the_chart_fits_and_each_slider_is_full_width_with_its_value(phone_simulator):
    page, chart = phone_simulator
    box = chart.bounding_box()
    svg = chart.locator("svg").first.bounding_box()
    assert svg["x"] >= 0 and svg["x"] + svg["width"] <= 390 and svg["width"] <= box["width"] + 1
    for i, (name, *_rest) in enumerate(SLIDERS):
        slider = chart.locator("input[type=range]").nth(i)
        geometry = slider.bounding_box()
        assert geometry["width"] >= 0.75 * box["width"], f"{name} is {geometry['width']} px wide"
        assert geometry["height"] >= 30  # a thumb-sized target, not the 16 px default
        assert geometry["y"] > svg["y"] + svg["height"]  # stacked under the chart
        value = slider.locator("xpath=following-sibling::span[1]")
        assert value.is_visible() and float(value.inner_text()) == pytest.approx(float(slider.input_value()))
    # The 300 points are clipped to the plot area (Vega draws a clipped mark inside a clipPath).
    assert page.evaluate(f"() => !!document.querySelector('{CHART} svg clipPath')")


@pytest.mark.parametrize("index, name, value", [(i, s[0], round(s[2] + s[4], 2)) for i, s in enumerate(SLIDERS)])
def test_on_a_phone_moving_each_slider_redraws_the_chart_and_leaves_the_preset(phone_simulator, index, name, value):
    page, chart = phone_simulator
    before = svg_of(chart)
    assert chart.locator("input[type=radio][value='both']").is_checked()
    chart.locator("input[type=range]").nth(index).fill(str(value))
    page.wait_for_function(
        "([sel, old]) => document.querySelector(sel + ' svg').innerHTML !== old", arg=[CHART, before]
    )
    assert slider_values(chart)[name] == pytest.approx(value)
    # Moved by hand: the radio no longer claims a preset; the other sliders kept their values.
    assert chart.locator(f"input[type=radio][value='{CUSTOM}']").is_checked()
    others = {n: v for n, v in slider_values(chart).items() if n != name}
    assert others == {n: getattr(PRESETS["both"], n) for n, *_ in SLIDERS if n != name}
    assert page.errors == []
