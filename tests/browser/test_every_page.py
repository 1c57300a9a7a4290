"""Every page of the table of contents, at 390 x 844 (a phone) and 1280 x 900, in one load per page and width.

Each load proves: no request leaves the local server and none fails; no console error; the page is no wider than
the screen; the site navigation (☰) and the page contents open; axe-core (pinned in assets/package.json, injected
from node_modules, never served by the site) finds no serious or critical violation; no raw ``$...$`` maths and no
control character is visible. The phone loads are done with an empty cache and their weights are printed at the
end (heaviest first); a page with neither charts nor maths must stay under the light-page budget.

Pages come from ``_toc.yml``, so a new chapter is tested as soon as it is in the table of contents.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from weights import DESKTOP, LIGHT_PAGE_BUDGET, PHONE, PageWeight, Recorder, report, toc_pages

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "assets" / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = pytest.mark.browser

#: Violations outside the course's control, each with its reason. Empty: every one found so far is fixed.
KNOWN_VIOLATIONS: dict[str, str] = {}
#: Text that looks like TeX left untypeset: $...$ with a TeX character inside, or MathJax delimiters.
RAW_MATH = re.compile(r"\$[^$\n]{0,80}[\\^_{}][^$\n]{0,80}\$|\\\(|\\\[|\\frac|\\tfrac")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_weights: list[PageWeight] = []


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make assets` (axe-core is a pinned devDependency)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module", autouse=True)
def print_weights(request):
    yield
    if _weights:
        text = "\nPage weights at 390 px, empty cache (heaviest first):\n" + report(_weights) + "\n"
        capture = request.config.pluginmanager.getplugin("capturemanager")
        with capture.global_and_fixture_disabled():
            print(text, flush=True)


def load(browser, site_url: str, path: str, viewport: dict):
    """Open ``path`` in a fresh context that can reach only the local server; wait for charts and maths."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.blocked, page.errors = [], []

    def route(route) -> None:
        url = route.request.url
        if url.startswith(site_url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            page.blocked.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("response", lambda r: r.status >= 400 and page.errors.append(f"HTTP {r.status}: {r.url}"))
    page.on("pageerror", lambda exc: page.errors.append(f"uncaught: {exc}"))
    page.set_default_timeout(15_000)
    recorder = Recorder(page, site_url)
    response = page.goto(f"{site_url}/{path}", wait_until="load")
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => [...document.querySelectorAll('.st-chart')].every(c => c.querySelector('svg') "
                           "|| c.textContent.trim())")
    # Maths on the page: wait until the site's MathJax has loaded and typeset it (the raw-maths check needs that).
    page.wait_for_function("() => !document.querySelector('.math') || (window.MathJax && MathJax.startup "
                           "&& MathJax.startup.promise)")
    page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    return context, page, recorder


def axe_violations(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)  # injected into this page only: the site never serves axe
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — e.g. {v['nodes'][0]['target']} {v['nodes'][0]['html'][:160]}"
            for v in results["violations"]
            if v["impact"] in ("serious", "critical") and v["id"] not in KNOWN_VIOLATIONS]


def visible(page, selector: str):
    """The first visible element matching ``selector``, or None."""
    for handle in page.locator(selector).all():
        if handle.is_visible():
            return handle
    return None


def check_navigation(page, wide: bool) -> None:
    toggle = visible(page, ".primary-toggle")
    assert toggle is not None, "no visible site-navigation button"
    sidebar = page.locator("#pst-primary-sidebar")
    if wide:  # the sidebar is shown beside the page: the button hides it, and shows it again
        assert sidebar.is_visible()
        toggle.click()
        page.wait_for_function("() => document.querySelector('#pst-primary-sidebar').classList"
                               ".contains('pst-sidebar-hidden')")
        toggle.click()
        page.wait_for_function("() => !document.querySelector('#pst-primary-sidebar').classList"
                               ".contains('pst-sidebar-hidden')")
    else:  # the button opens the navigation as a dialog, with the table of contents in it
        toggle.click()
        dialog = page.locator("#pst-primary-sidebar-modal[open]")
        dialog.wait_for()
        assert dialog.locator("nav.bd-docs-nav a.reference").first.is_visible()
        page.keyboard.press("Escape")
        page.locator("#pst-primary-sidebar-modal[open]").wait_for(state="detached")


def check_contents(page) -> None:
    if page.locator("#pst-page-toc-nav a").count() == 0:
        return  # a page with no sections has no contents to open
    toggle = visible(page, ".secondary-toggle")
    if toggle is None:  # wide screens show the contents beside the page
        assert page.locator("#pst-page-toc-nav").is_visible(), "the page's contents are neither shown nor openable"
        return
    toggle.click()
    dialog = page.locator("#pst-secondary-sidebar-modal[open]")
    dialog.wait_for()
    assert dialog.locator("#pst-page-toc-nav a").first.is_visible()
    page.keyboard.press("Escape")
    page.locator("#pst-secondary-sidebar-modal[open]").wait_for(state="detached")


def has_charts_or_maths(page) -> bool:
    return page.evaluate("() => !!document.querySelector('.st-chart, mjx-container, .math')")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
@pytest.mark.parametrize("path", toc_pages())
def test_page(browser, site_url, site_dir, axe_source, path, viewport):
    assert (site_dir / path).exists(), f"{path} is in _toc.yml but not in the built site"
    context, page, recorder = load(browser, site_url, path, viewport)
    try:
        problems = []
        width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            wide = page.evaluate("""() => [...document.querySelectorAll('article *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 3).map(e => e.tagName + '.' + e.className)""")
            problems.append(f"page is {width[0]} px wide on a {width[1]} px screen: {wide}")
        text = page.locator("article").inner_text()
        if RAW_MATH.search(text):
            problems.append(f"raw maths visible: {RAW_MATH.search(text).group(0)!r}")
        if CONTROL.search(text):
            problems.append(f"control character visible: {CONTROL.search(text).group(0)!r}")
        problems += axe_violations(page, axe_source)
        check_navigation(page, wide=viewport is DESKTOP)
        check_contents(page)
        if viewport is PHONE:
            weight = recorder.result(path)
            _weights.append(weight)
            if not has_charts_or_maths(page) and weight.total_bytes > LIGHT_PAGE_BUDGET:
                problems.append(f"{weight.total_bytes} bytes for a page without charts or maths: {weight.heaviest[:3]}")
        assert page.blocked == [], f"requests to other hosts: {page.blocked}"
        assert page.errors == [], f"console errors: {page.errors}"
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


def test_the_built_site_ships_no_unused_vendor_files_and_labels_answers(site_dir):
    pages = {path: (site_dir / path).read_text(encoding="utf-8") for path in toc_pages()}
    static = site_dir / "_static"
    assert not (static / "scripts" / "fontawesome.js").exists()  # the theme's CSS and web fonts draw the icons
    assert not any("fontawesome.js" in html for html in pages.values())
    if not any("html-manager/embed-amd.js" in html for html in pages.values()):
        assert not (static / "_vendor" / "html-manager").exists(), "18 MB of widget manager that no page uses"
    assert not (static / "_vendor" / "axe-core").exists() and not any("axe" in p.name for p in static.rglob("*.js"))
    for path, html in pages.items():
        assert 'rel="icon"' in html, f"{path} has no favicon (browsers then ask for /favicon.ico)"
        has_chart = 'class="st-chart' in html
        assert ("vega.min.js" in html) == has_chart, f"{path}: Vega only on pages with charts"
        # A hidden cell holding a solution says it is the answer, never just "Show code cell content".
        for block in re.findall(r'<details class="admonition hide above-input">.*?</details>', html, re.S):
            if "BEGIN SOLUTION" in block:
                assert "Show the answer" in block and "Show code cell content" not in block, path
