"""Sphinx extension that makes the built book self-contained and puts the course's own scripts on every page.

Listed in ``_config.yml`` under ``sphinx: extra_extensions``. It

- serves Vega, Vega-Lite, vega-embed, require.js, the ipywidgets HTML manager and MathJax from the site itself
  (see :mod:`socialties.assets`) instead of the CDNs that Altair, myst-nb and Sphinx name by default;
- sets ``SOCIALTIES_STATIC=1`` so that notebooks executed by the build (their kernels inherit the environment)
  render charts and self-checks as static HTML (see :mod:`socialties.render`);
- adds ``socialties/static/`` (the self-check script and styles) to every page.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from socialties import assets
from socialties.render import STATIC_ENV

PACKAGE_STATIC = Path(__file__).resolve().parent / "static"


def _configure(app: Sphinx, config: Config) -> None:
    # The theme's default mode is empty unless set, which its script reports as a console error on every page.
    config.html_context = {"default_mode": "light", **config.html_context}
    config.html_js_files = list(config.html_js_files) + [(path, {"priority": p}) for path, p in assets.SCRIPTS]
    config.mathjax_path = assets.MATHJAX_JS
    # Local copies instead of the CDN URLs myst-nb names by default; the core widgets are bundled in embed-amd.js.
    config.nb_ipywidgets_js = {assets.REQUIRE_JS: {}, assets.WIDGETS_CONFIG_JS: {}, assets.WIDGETS_JS: {}}
    if PACKAGE_STATIC.is_dir():
        config.html_static_path = list(config.html_static_path) + [str(PACKAGE_STATIC)]
        for script in sorted(PACKAGE_STATIC.glob("*.js")):
            config.html_js_files.append((script.name, {"priority": 600, "defer": "defer"}))
        config.html_css_files = list(config.html_css_files) + sorted(p.name for p in PACKAGE_STATIC.glob("*.css"))


def _drop_thebe(app: Sphinx) -> None:
    # Jupyter Book always loads sphinx-thebe, whose page script names a CDN (unpkg) and is declared twice per page
    # (a console error). The course runs live through Binder/Colab/JupyterHub instead, so its listeners are removed.
    for listeners in app.events.listeners.values():
        listeners[:] = [lsn for lsn in listeners if not lsn.handler.__module__.startswith("sphinx_thebe")]


def _stage_assets(app: Sphinx) -> None:
    if app.builder.format == "html":
        assets.stage(Path(app.outdir) / "_static")


def setup(app: Sphinx) -> dict:
    os.environ[STATIC_ENV] = "1"
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _stage_assets)
    app.connect("builder-inited", _drop_thebe)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
