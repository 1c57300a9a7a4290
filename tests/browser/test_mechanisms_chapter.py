"""Chapter 1 (mechanisms) on the built site: diagrams, glued charts and the exercise page's static self-checks.

Runs against the built book (``make book``) with every request to another host blocked.
"""

from __future__ import annotations

import pytest

from socialties.data import load

pytestmark = pytest.mark.browser

CHAPTER = "/book/01-mechanisms"
EXERCISES = "/exercises/01-mechanisms.html"
# sphinx-thebe declares this twice on every page; harmless and not ours (see stack notes).
KNOWN_NOISE = "Identifier 'THEBE_JS_URL' has already been declared"


def open_page(page, url: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    page.wait_for_load_state("networkidle")


def assert_clean(page) -> None:
    assert page.blocked_requests == []
    assert [e for e in page.console_errors if KNOWN_NOISE not in e] == []


@pytest.mark.parametrize("figure", ["fig-main-effect-pathways", "fig-buffering-pathways"])
def test_pathway_diagrams_load_with_alt_text_and_a_text_description(page, site_url, figure):
    open_page(page, f"{site_url}{CHAPTER}/two-models.html")
    image = page.locator(f"#{figure} img")
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", image.element_handle())
    assert len(image.get_attribute("alt")) > 100
    assert "redrawn" in page.locator(f"#{figure} figcaption").inner_text().lower()
    descriptions = page.locator("div.dropdown.admonition", has_text="Text description of the figure")
    assert descriptions.count() == 2
    assert_clean(page)


def test_statistics_page_draws_the_simple_slopes_and_the_power_curve(page, site_url):
    open_page(page, f"{site_url}{CHAPTER}/statistics-of-buffering.html")
    slopes = page.locator("#fig-demo-simple-slopes")
    slopes.locator("svg").first.wait_for()
    assert slopes.locator("g.mark-line path").count() == 3  # low, average and high support
    assert slopes.locator("g.mark-symbol.role-mark path").count() == 400  # the points shown (not the legend's)
    power = page.locator("#fig-power-curve")
    power.locator("svg").first.wait_for()
    assert power.locator("g.mark-line path").count() == 2  # error-free and unreliable measures
    assert "Simulated" in page.locator("article").inner_text()
    page.locator("mjx-container").first.wait_for()  # the regression equation is typeset locally
    assert_clean(page)


def test_worked_example_draws_every_student(page, site_url):
    students = load("socsupport")
    shown = int(students[["emotional", "BDI"]].dropna().shape[0])
    open_page(page, f"{site_url}{CHAPTER}/worked-example.html")
    chart = page.locator("#fig-socsupport-scatter")
    chart.locator("svg").first.wait_for()
    assert chart.locator("g.mark-symbol.role-mark path").count() == shown
    assert chart.locator("g.mark-line path").count() == 1
    # The fragility figure: every student again, and two lines (everyone; without the most influential student).
    influence = page.locator("#fig-socsupport-influence")
    influence.locator("svg").first.wait_for()
    assert influence.locator("g.mark-symbol.role-mark path").count() == shown
    assert influence.locator("g.mark-line path").count() == 2
    text = page.locator("article").inner_text()
    assert "Spearman" in text and "without the most influential" in text
    assert "GPL" in page.locator("article").inner_text()
    assert_clean(page)


def q(qid: str, part: str = "") -> str:
    return f"#st-q-01-mechanisms-{qid}" + (f"-{part}" if part else "")


def test_exercise_page_checks_answers_in_the_browser(page, site_url):
    open_page(page, site_url + EXERCISES)
    page.wait_for_selector(f"{q('q1', 'check')}:not([disabled])")
    # Multiple choice: a wrong option gets its own explanation, then the right one is accepted.
    page.check(q("q1", "a"))
    page.click(q("q1", "check"))
    assert "does not mean" in page.locator(q("q1", "feedback")).inner_text()
    page.check(q("q1", "b"))
    page.click(q("q1", "check"))
    assert "Correct" in page.locator(q("q1", "feedback")).inner_text()
    # Numeric: the wrong sign is named, the right value accepted.
    box = page.locator(q("q5")).get_by_label("Your answer")
    box.fill("-0.3")
    box.press("Enter")
    assert "sign" in page.locator(q("q5", "feedback")).inner_text()
    box.fill("0.3")
    box.press("Enter")
    assert "Correct" in page.locator(q("q5", "feedback")).inner_text()
    assert_clean(page)


@pytest.mark.parametrize("name", ["statistics-of-buffering", "simulator", "worked-example"])
def test_pages_show_the_subject_first_and_clean_output(page, site_url, name):
    """Issue 8, item 5: the title comes first, setup and glue code is hidden, no NumPy reprs or "p 0.0"."""
    open_page(page, f"{site_url}{CHAPTER}/{name}.html")
    article = page.locator("article")
    first = article.locator("h1, div.cell").first
    assert first.evaluate("e => e.tagName") == "H1"
    text = article.inner_text()
    for plumbing in ("from socialties.preamble", "glue(", "np.float64(", "ex.ask("):
        assert plumbing not in text, plumbing
    # Every p-value column (headed "p", "P>|t|" or "p (...)") reads "< .001" rather than a zero.
    p_cells = page.evaluate("""() => [...document.querySelectorAll('article table')].flatMap(t => {
        const heads = [...t.querySelectorAll('thead th')].map(th => th.innerText.trim());
        const cols = heads.map((h, i) => (/^(p|P>\\|t\\|)( \\(|$)/.test(h) ? i : -1)).filter(i => i >= 0);
        return [...t.querySelectorAll('tbody tr')].flatMap(r => cols.map(i => (r.children[i] || {}).innerText));
    })""")
    if name != "simulator":
        assert p_cells, "the page has tables with p-values"
    assert not [c for c in p_cells if c is None or c.strip() in {"0", "0.0", "0.00", "0.000"}], p_cells
    assert_clean(page)


def test_chapter_sections_start_at_1_1(page, site_url):
    """Issue 8, item 6: the roadmap is a rubric, not a numbered heading, so the first section is 1.1."""
    open_page(page, f"{site_url}{CHAPTER}/index.html")
    assert page.locator("article h2").count() == 0  # the roadmap is not a section
    assert "Roadmap" in page.locator("article p.rubric").inner_text()
    open_page(page, f"{site_url}{CHAPTER}/two-models.html")
    assert page.locator("article h1 .section-number").inner_text().startswith("1.1")
