"""Chapter 2 on the built site: every static slider (and radio) redraws its chart, at phone and desktop width,
offline; charts fit the screen; the live explorer shows its static snapshot."""

from __future__ import annotations

import pytest

from socialties.modifiers.charts import BENEFIT_COST_SLIDERS

pytestmark = pytest.mark.browser
WIDTHS = [390, 1280]
HEIGHTS = {390: 844, 1280: 900}

#: page, aria-label prefix of the chart, number of sliders, number of radio buttons
SLIDER_CHARTS = [
    ("book/02-modifiers/socioeconomic.html", "Interactive line chart of simulated net distress",
     len(BENEFIT_COST_SLIDERS), 0),
    ("book/02-modifiers/gender.html", "Interactive line chart from simulated studies", 1, 0),
    ("book/02-modifiers/life-course.html", "Interactive line chart from a simulated cohort", 1, 2),
    ("book/02-modifiers/effect-modification.html", "Interactive chart of the share of General Social Survey", 0, 5),
]
STATIC_CHARTS = [
    ("book/02-modifiers/socioeconomic.html", "Stacked bar chart"),
    ("book/02-modifiers/life-course.html", "Forest plot"),
]


def open_chart(offline_page, site_url, path, label, width):
    page = offline_page(site_url)
    page.set_viewport_size({"width": width, "height": HEIGHTS[width]})
    response = page.goto(f"{site_url}/{path}", wait_until="load")
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    chart = page.locator(f'.st-chart[aria-label^="{label}"]')
    chart.locator("svg").first.wait_for()
    return page, chart


def svg_of(chart) -> str:
    return chart.locator("svg").first.inner_html()


def wait_for_change(page, chart, before: str) -> None:
    chart_id = chart.get_attribute("id")
    page.wait_for_function("([id, old]) => document.querySelector('#' + id + ' svg').innerHTML !== old",
                           arg=[chart_id, before])


def assert_fits(page, chart, width) -> None:
    box = chart.locator("svg").first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (box, width)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1, f"page is {scroll} px wide at {width} px"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("path", "label", "sliders", "radios"), SLIDER_CHARTS)
def test_every_slider_and_radio_redraws_the_chart(offline_page, site_url, path, label, sliders, radios, width):
    page, chart = open_chart(offline_page, site_url, path, label, width)
    ranges = chart.locator("input[type=range]")
    assert ranges.count() == sliders and chart.locator("input[type=radio]").count() == radios
    assert_fits(page, chart, width)
    for index in range(sliders):
        slider = ranges.nth(index)
        before = svg_of(chart)
        # One step above the minimum, or the minimum itself if that step is where the slider starts.
        low, step = float(slider.get_attribute("min")), float(slider.get_attribute("step"))
        target = low if float(slider.input_value()) == pytest.approx(low + step) else low + step
        slider.fill(str(round(target, 6)))
        wait_for_change(page, chart, before)
        assert float(slider.input_value()) == pytest.approx(target)
        box = slider.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width + 1  # the control fits the screen too
    radio = chart.locator("input[type=radio]")
    for index in range(radios):
        if radio.nth(index).is_checked():
            continue
        before = svg_of(chart)
        radio.nth(index).check()
        wait_for_change(page, chart, before)
    assert page.blocked_requests == [] and page.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("path", "label"), STATIC_CHARTS)
def test_result_charts_draw_and_fit(offline_page, site_url, path, label, width):
    page, chart = open_chart(offline_page, site_url, path, label, width)
    assert_fits(page, chart, width)
    assert chart.locator("svg").first.locator("path, rect").count() > 5
    assert page.blocked_requests == [] and page.console_errors == []


def test_benefit_cost_paradox_appears_and_disappears(offline_page, site_url):
    page, chart = open_chart(offline_page, site_url, SLIDER_CHARTS[0][0], SLIDER_CHARTS[0][1], 1280)

    def low_line_rises() -> bool:
        # The solid (low-resource) line: compare its first and last y coordinates (SVG y grows downwards).
        d = chart.locator("g.mark-line path").evaluate_all("els => els.map(e => e.getAttribute('d'))")
        low = [p for p in d if p][0]
        coords = [c for c in low.replace("M", " ").replace("L", " ").split() if c]
        first_y, last_y = float(coords[0].split(",")[1]), float(coords[-1].split(",")[1])
        return last_y < first_y

    assert low_line_rises()  # default settings: more ties, more distress for the low-resource group
    names = [s[0] for s in BENEFIT_COST_SLIDERS]
    before = svg_of(chart)
    chart.locator("input[type=range]").nth(names.index("obligations_per_tie")).fill("0")
    wait_for_change(page, chart, before)
    assert not low_line_rises()  # no obligations: every tie helps


def test_gender_explorer_shows_its_snapshot_on_the_static_page(page, site_url):
    page.goto(f"{site_url}/book/02-modifiers/gender.html", wait_until="load")
    snapshot = page.locator(".st-explorer-snapshot")
    assert snapshot.count() == 1
    text = snapshot.inner_text()
    assert "need a running Python kernel" in text and "interaction test rejects" in text
    assert page.blocked_requests == [] and page.console_errors == []
