"""Chapter 3 on the built site: every static slider of the three simulations redraws its chart, at phone (390 px)
and desktop (1280 px) widths, offline; the charts fit the screen; the network diagrams and the other charts draw."""

from __future__ import annotations

import pytest

from socialties.context import cohesion, communities, layers

pytestmark = pytest.mark.browser

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
#: (page, chart selector, sliders as (name, label, min, max, step), default values)
SIMULATIONS = {
    "layers": ("book/03-context/layers.html", '.st-chart[aria-label^="Interactive bar chart"]', layers.SLIDERS,
               layers.LayerPaths()),
    "communities": ("book/03-context/communities.html", '.st-chart[aria-label^="Interactive scatter plot of 180"]',
                    communities.SLIDERS, communities.CommunityParams()),
    "cohesion": ("book/03-context/dark-side.html", '.st-chart[aria-label^="Interactive scatter plot of 60"]',
                 cohesion.SLIDERS, cohesion.CohesionParams()),
}
CASES = [(sim, width, index) for sim, (_, _, sliders, _) in SIMULATIONS.items() for width in WIDTHS
         for index in range(len(sliders))]


def open_page(offline_page, site_url: str, path: str, width: str):
    page = offline_page(site_url)
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    response = page.goto(f"{site_url}/{path}", wait_until="load")
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    return page


def svg_of(chart) -> str:
    return chart.locator("svg").first.inner_html()


def new_value(slider: tuple, default: float) -> float:
    """A value one step from the minimum, or from the maximum if that is the default: always a change."""
    _name, _label, lo, hi, step = slider
    value = round(lo + step, 2)
    return value if abs(value - default) > 1e-9 else round(hi - step, 2)


@pytest.mark.parametrize(("sim", "width", "index"), CASES)
def test_moving_each_slider_redraws_the_chart(offline_page, site_url, sim, width, index):
    path, selector, sliders, defaults = SIMULATIONS[sim]
    page = open_page(offline_page, site_url, path, width)
    chart = page.locator(selector)
    chart.locator("svg").wait_for()
    inputs = chart.locator("input[type=range]")
    inputs.first.wait_for()
    assert inputs.count() == len(sliders)
    name = sliders[index][0]
    assert float(inputs.nth(index).input_value()) == pytest.approx(getattr(defaults, name))
    before = svg_of(chart)
    value = new_value(sliders[index], getattr(defaults, name))
    inputs.nth(index).fill(str(value))
    page.wait_for_function("([sel, old]) => document.querySelector(sel + ' svg').innerHTML !== old",
                           arg=[selector, before])
    assert float(inputs.nth(index).input_value()) == pytest.approx(value)
    assert svg_of(chart) != before
    # The chart and its sliders fit the screen: nothing sticks out to the right, the page does not scroll sideways.
    viewport = WIDTHS[width][0]
    box = chart.locator("svg").first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport + 1
    slider_box = inputs.nth(index).bounding_box()
    assert slider_box is not None and slider_box["x"] + slider_box["width"] <= viewport + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport + 1
    assert page.blocked_requests == [] and page.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_layers_share_text_follows_the_paths(offline_page, site_url, width):
    path, selector, sliders, _ = SIMULATIONS["layers"]
    page = open_page(offline_page, site_url, path, width)
    chart = page.locator(selector)
    chart.locator("svg").wait_for()
    text = chart.locator("svg text", has_text="Share through the inner layers")
    assert "55%" in text.text_content()  # the defaults: (0.06 + 0.06) / 0.22
    names = [s[0] for s in sliders]
    chart.locator("input[type=range]").nth(names.index("a")).fill("0")
    page.wait_for_function("sel => document.querySelector(sel + ' svg').textContent.includes('inner layers: 0%')",
                           arg=selector)
    assert page.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_network_diagrams_and_static_charts_draw(offline_page, site_url, width):
    for path, prefixes in [
        ("book/03-context/measurement.html", ["Network diagram of what an egocentric", "Network diagram of all 14"]),
        ("book/03-context/gss-regions.html", ["Bar chart of the percentage", "Scatter plot of the nine"]),
        ("book/03-context/communities.html", ["Dot-and-interval chart"]),
    ]:
        page = open_page(offline_page, site_url, path, width)
        for prefix in prefixes:
            chart = page.locator(f'.st-chart[aria-label^="{prefix}"]').first
            chart.locator("svg").wait_for()
            box = chart.locator("svg").first.bounding_box()
            assert box is not None and box["width"] > 200 and box["x"] + box["width"] <= WIDTHS[width][0] + 1, prefix
        if "measurement" in path:  # 14 people drawn in the whole network, 5 in Ana's view
            people = "g.mark-symbol.role-mark path"  # the nodes, not the legend's symbols
            assert page.locator(f'.st-chart[aria-label^="Network diagram of all"] {people}').count() == 14
            assert page.locator(f'.st-chart[aria-label^="Network diagram of what"] {people}').count() == 5
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0] + 1, path
        assert page.blocked_requests == [] and page.console_errors == [], path
