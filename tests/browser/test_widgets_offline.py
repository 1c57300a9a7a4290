"""A page with embedded ipywidgets state renders its widgets from the site's own require.js and widget manager."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import serve

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def widget_site(tmp_path_factory) -> Path:
    book = tmp_path_factory.mktemp("widget-book")
    shutil.copy(ROOT / "_config.yml", book)
    shutil.copy(ROOT / "references.bib", book)
    (book / "_toc.yml").write_text("format: jb-book\nroot: nested/widgets\n", encoding="utf-8")
    (book / "nested").mkdir()  # below the site root, as chapter pages are
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Widgets"),
                nbformat.v4.new_code_cell("import ipywidgets as w\nw.IntSlider(value=7, min=0, max=10, description='Dose')")]
    nbformat.write(nb, book / "nested" / "widgets.ipynb")
    result = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(book), "-W", "-n"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]
    return book / "_build" / "html"


def test_widgets_render_with_every_other_host_blocked(widget_site, offline_page):
    html = (widget_site / "nested" / "widgets.html").read_text(encoding="utf-8")
    assert "_static/_vendor/require.js" in html and "_static/_vendor/html-manager/embed-amd.js" in html
    url, server = serve(widget_site)
    try:
        page = offline_page(url)
        page.goto(f"{url}/nested/widgets.html", wait_until="networkidle")
        slider = page.locator(".widget-slider").first
        slider.wait_for()
        assert "Dose" in page.locator(".widget-label").first.inner_text()
        assert page.locator(".widget-readout").first.inner_text().strip() == "7"
        assert page.blocked_requests == [] and page.console_errors == []
    finally:
        server.shutdown()
