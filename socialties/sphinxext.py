"""Sphinx extension that makes the built book self-contained, light and readable on a phone.

Listed in ``_config.yml`` under ``sphinx: extra_extensions``. It

- serves Vega, Vega-Lite, vega-embed, require.js, the ipywidgets HTML manager and MathJax from the site itself
  (see :mod:`socialties.assets`) instead of the CDNs that Altair, myst-nb and Sphinx name by default;
- keeps pages light: the Vega libraries only on pages that draw a chart, the self-check script only on pages with
  self-checks, MathJax only on pages with maths (Sphinx's rule, extended to maths inside self-checks), the widget
  manager only in a site that has a page with widgets, and no Font Awesome script (the theme's CSS already draws
  its icons with Font Awesome's web fonts; the 1.5 MB script only turns them into SVG);
- sets ``SOCIALTIES_STATIC=1`` so that notebooks executed by the build (their kernels inherit the environment)
  render charts and self-checks as static HTML (see :mod:`socialties.render`);
- adds ``socialties/static/``: ``site.js`` and ``site.css`` (small, documented fixes of the theme: navigation
  buttons, accessible names, content that scrolls inside its box on a phone), the chart and self-check styles, the
  self-check script and a favicon.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.domains.math import MathDomain
from sphinx.transforms.post_transforms import SphinxPostTransform

from socialties import assets
from socialties.render import STATIC_ENV

PACKAGE_STATIC = Path(__file__).resolve().parent / "static"
FAVICON = PACKAGE_STATIC / "favicon.svg"
#: Scripts of socialties/static/ on every page; the others are added by _page_assets where a page needs them.
EVERY_PAGE_JS = ("site.js",)
QUIZ_JS = "quiz.js"
#: Markers in a page's HTML body: a chart drawn by socialties.render, a self-check or progress panel, maths set by
#: socialties.exercises.check.static.
CHART_MARKER = 'class="st-chart'
QUIZ_MARKERS = ('class="st-quiz', 'class="st-progress')
MATH_MARKER = "st-math"
#: The theme's Font Awesome script (pydata-sphinx-theme); its CSS and web fonts stay.
FONTAWESOME_SCRIPT = re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>')


#: What the toggle of a hidden solution cell says (myst-nb's default, "Show code cell content", hides a spoiler).
ANSWER_PROMPT_SHOW = "Show the answer (a spoiler: try the question first)"
ANSWER_PROMPT_HIDE = "Hide the answer"
SOLUTION_MARKERS = ("# BEGIN SOLUTION", "#BEGIN SOLUTION")


class LabelAnswerToggles(SphinxPostTransform):
    """Label the toggle of a hidden cell that holds a solution as an answer, not as "code cell content".

    A cell is a solution if it is tagged ``solution`` or its code has a ``# BEGIN SOLUTION`` marker (the course's
    convention, see book/instructors.md). Runs just before myst-nb's ``HideInputCells`` (priority 199), which turns
    ``prompt_show``/``prompt_hide`` into the toggle's text. A cell's own ``code_prompt_show`` metadata still wins.
    """

    default_priority = 198
    formats = ("html",)

    def run(self, **kwargs: object) -> None:
        for node in self.document.findall(nodes.container):
            if node.get("nb_element") != "cell_code" or not node.get("hide_mode"):
                continue
            metadata = node.get("cell_metadata") or {}
            if "code_prompt_show" in (metadata.get("mystnb") or {}):
                continue
            source = "".join(child.astext() for child in node.findall(nodes.literal_block))
            if "solution" in (metadata.get("tags") or []) or any(m in source for m in SOLUTION_MARKERS):
                node["prompt_show"] = ANSWER_PROMPT_SHOW
                node["prompt_hide"] = ANSWER_PROMPT_HIDE


class PageMathDomain(MathDomain):
    """Sphinx's math domain, but a page "has equations" only if it has maths itself.

    Sphinx also counts every page whose toctree includes a page with maths (which singlehtml needs): on this site
    that loads MathJax (1.2 MB) on the welcome page and on every chapter index, which have none.
    """

    def has_equations(self, docname: str | None = None) -> bool:
        builder = getattr(getattr(self.env, "app", None), "builder", None)
        if not docname or getattr(builder, "name", "") == "singlehtml":
            return super().has_equations(docname)
        return self.data["has_equations"].get(docname, False)


def _configure(app: Sphinx, config: Config) -> None:
    # The theme's default mode is empty unless set, which its script reports as a console error on every page.
    config.html_context = {"default_mode": "light", **config.html_context}
    # pydata-sphinx-theme 0.17 adds a search field to its top navbar unless told otherwise, which sphinx-book-theme
    # (whose own default is none) does not expect: a second search box on desktop, and a header whose hidden
    # navigation buttons are the ones the themes' scripts bind to. No persistent navbar items: no such header.
    config.html_theme_options = {"navbar_persistent": [], **config.html_theme_options}
    config.mathjax_path = assets.MATHJAX_JS
    # Local copies instead of the CDN URLs myst-nb names by default; the core widgets are bundled in embed-amd.js.
    config.nb_ipywidgets_js = {assets.REQUIRE_JS: {}, assets.WIDGETS_CONFIG_JS: {}, assets.WIDGETS_JS: {}}
    if not config.html_favicon and FAVICON.exists():  # browsers ask for /favicon.ico (a 404) without one
        config.html_favicon = str(FAVICON)
    if PACKAGE_STATIC.is_dir():
        config.html_static_path = list(config.html_static_path) + [str(PACKAGE_STATIC)]
        for script in EVERY_PAGE_JS:
            config.html_js_files = list(config.html_js_files) + [(script, {"priority": 600, "defer": "defer"})]
        config.html_css_files = list(config.html_css_files) + sorted(p.name for p in PACKAGE_STATIC.glob("*.css"))


def _drop_thebe(app: Sphinx) -> None:
    # Jupyter Book always loads sphinx-thebe, whose page script names a CDN (unpkg) and is declared twice per page
    # (a console error). The course runs live through Binder/Colab/JupyterHub instead, so its listeners are removed.
    for listeners in app.events.listeners.values():
        listeners[:] = [lsn for lsn in listeners if not lsn.handler.__module__.startswith("sphinx_thebe")]


def _stage_assets(app: Sphinx) -> None:
    if app.builder.format == "html":
        assets.stage(Path(app.outdir) / "_static")


def quiz_data_script() -> str:
    """The inline script that gives quiz.js the labels, messages and rules it shares with Python (one source)."""
    from socialties.exercises.check.static import shared_data

    text = json.dumps(shared_data(), sort_keys=True, ensure_ascii=True).replace("</", "<\\/")
    return f"window.socialtiesQuizData = {text};"


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """Add the scripts that this page's content needs, and only those (runs before Sphinx's MathJax hook)."""
    if app.builder.format != "html":
        return
    body = context.get("body", "") or ""
    if CHART_MARKER in body:
        for path, priority in assets.SCRIPTS:
            app.add_js_file(path, priority=priority)
    if any(marker in body for marker in QUIZ_MARKERS):
        app.add_js_file(None, body=quiz_data_script(), priority=599)
        app.add_js_file(QUIZ_JS, priority=600, defer="defer")
    if MATH_MARKER in body:  # maths in a self-check's prompt or options: MathJax must be on the page
        domain = app.env.get_domain("math")
        domain.data["has_equations"][pagename] = True
    if '<summary aria-label="Toggle hidden content">' in body:
        # myst-nb names every cell toggle "Toggle hidden content" while it shows "Show code cell content": a name
        # that does not contain the visible words (axe: label-content-name-mismatch). The visible text names it.
        body = context["body"] = body.replace('<summary aria-label="Toggle hidden content">', "<summary>")
    if 'role="doc-biblioentry"' in body:
        # sphinxcontrib-bibtex puts role="doc-biblioentry" items in a role="list" element; that role is deprecated
        # and not a list item, so screen readers (and axe's aria-required-children) see a list without items.
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _site_files(app: Sphinx, exception: Exception | None) -> None:
    """After writing: widget assets only if a page uses them; no Font Awesome script anywhere."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    metadata = getattr(app.env, "nb_metadata", {}) or {}
    widgets = any(any(key.startswith("ipywidgets") for key in data.get("js_files", {}))
                  for data in metadata.values())
    assets.stage_widgets(static, widgets)
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        trimmed = FONTAWESOME_SCRIPT.sub("", text)
        if trimmed != text:
            page.write_text(trimmed, encoding="utf-8")
    for name in ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt"):
        (static / "scripts" / name).unlink(missing_ok=True)
    # The theme's source maps (1.8 MB) are read only by a browser's developer tools, never by a page.
    for folder in ("scripts", "styles"):
        for source_map in (static / folder).glob("*.map"):
            source_map.unlink()


def setup(app: Sphinx) -> dict:
    os.environ[STATIC_ENV] = "1"
    app.add_domain(PageMathDomain, override=True)
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _stage_assets)
    app.connect("builder-inited", _drop_thebe)
    app.connect("html-page-context", _page_assets, priority=400)
    app.add_post_transform(LabelAnswerToggles)
    app.connect("build-finished", _site_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2"}
