"""The built site, in Chromium, with every request to another host blocked."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser


def toc_pages() -> list[str]:
    """Every file listed in _toc.yml, as its HTML path."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))
            walk(entry.get("chapters", []))

    walk(toc.get("parts", []))
    walk(toc.get("chapters", []))
    return [f"{name}.html" for name in files]


def open_page(page, site_url: str, path: str) -> None:
    response = page.goto(f"{site_url}/{path}", wait_until="load")
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", toc_pages())
def test_every_page_loads_self_contained_with_no_console_error(page, site_url, path):
    open_page(page, site_url, path)
    assert page.blocked_requests == [], f"{path} tried to reach another host"
    assert page.console_errors == [], f"{path}: {page.console_errors}"
    assert page.locator("article h1").first.is_visible()


def test_the_evidence_chart_draws_a_mark_for_every_estimate(page, site_url):
    open_page(page, site_url, "book/evidence.html")
    figure = page.locator("#fig-evidence")
    figure.locator("svg").first.wait_for()
    dots = figure.locator("g.mark-symbol.role-mark path")  # not the legend's symbols
    assert dots.count() == 5
    assert figure.locator("g.mark-rule.role-mark line, g.mark-rule.role-mark path").count() >= 2  # the intervals and the line at 1
    label = figure.locator("[aria-label]").first.get_attribute("aria-label")
    assert "1.50" in label and "2.80" in label  # the text description reaches screen readers
    assert page.blocked_requests == []


def test_math_is_typeset_by_the_local_mathjax(page, site_url):
    open_page(page, site_url, "book/evidence.html")
    page.locator("mjx-container").first.wait_for()
    assert page.locator("mjx-container mjx-c").count() > 3
    assert page.blocked_requests == [] and page.console_errors == []


def test_the_built_html_names_no_other_host_for_scripts_or_styles(site_dir):
    offenders = []
    for html in site_dir.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for marker in ('<script src="http', "<script src='http", 'rel="stylesheet" href="http'):
            if marker in text:
                offenders.append(f"{html.relative_to(site_dir)}: {marker}")
    assert offenders == []
