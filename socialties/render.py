"""How Altair charts reach the page: as self-contained HTML in the built book, as an offline widget in a live Jupyter.

This module is the ONE place that chooses; every chart of the package is displayed through it (Altair charts through
the renderer :func:`enable` selects, plain specs through :func:`chart` / :func:`show`). Nothing loads from another host:

- **Static** (the book build, nbval and ``make notebooks`` set ``SOCIALTIES_STATIC=1``, see
  :mod:`socialties.sphinxext`): each chart becomes a ``<div>``, its spec as inert JSON, and a few lines that call the
  page's own ``vegaEmbed`` (served from the site by the build). Chart ids count up within a kernel and carry a hash of
  the spec, so re-running a notebook gives the same HTML.
- **Live** (any other kernel: JupyterLab 4, Notebook 7, VS Code, Colab): Altair's ``JupyterChart``, an anywidget whose
  JavaScript module carries Vega, Vega-Lite and vega-embed. Altair's default for that module imports them from a CDN
  (esm.sh); :func:`offline_module` bundles them instead, once, with vl-convert (Altair's own offline mode), and keeps
  the bundle in a cache folder so a new kernel does not pay the bundling again (several seconds).
  Altair's HTML renderer (a CDN again) and the bare Vega-Lite MIME type (JupyterLab 4 has no renderer for it: the
  text fallback ``<chart: ...>`` is shown) are never used.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
from pathlib import Path
from typing import Any

import altair as alt

from socialties.portable import portable

RENDERER_NAME = "socialties"
LIVE_RENDERER_NAME = "socialties-live"
STATIC_ENV = "SOCIALTIES_STATIC"
CACHE_ENV = "SOCIALTIES_CACHE"
#: vega-embed options of every live chart: SVG (crisp, accessible, and testable: its marks are elements), no menu.
LIVE_EMBED_OPTIONS = {"renderer": "svg", "actions": False}
_BUNDLE_MARK = "socialties: Altair's JupyterChart module, bundled offline by vl-convert"
_counter = itertools.count(1)

_TEMPLATE = """<div id="{id}" class="st-chart" role="figure" aria-label="{label}"></div>
<script type="application/json" id="{id}-spec">{spec}</script>
<script>(function () {{
  var el = document.getElementById("{id}");
  var spec = JSON.parse(document.getElementById("{id}-spec").textContent);
  if (typeof window.vegaEmbed !== "function") {{
    el.textContent = "[This chart is drawn in the browser by vega-embed, which this page does not load: "
      + "re-run the cell in Jupyter to see it.]";
    return;
  }}
  window.vegaEmbed(el, spec, {{renderer: "svg", actions: false}}).catch(function (err) {{
    el.textContent = "[The chart could not be drawn: " + err + "]";
  }});
}})();</script>"""


def static_mode() -> bool:
    """True when charts must be rendered as self-contained HTML (book build, nbval, notebook normalisation)."""
    return os.environ.get(STATIC_ENV, "") not in {"", "0", "false", "False"}


def chart_html(spec: dict, chart_id: str | None = None) -> str:
    """Return the self-contained HTML for a Vega-Lite spec (uses the page's global ``vegaEmbed``).

    Numbers in the spec are rounded to 6 significant digits (:func:`socialties.portable.portable`), so the stored
    HTML, and the id hashed from it, are the same on every CPU.
    """
    text = json.dumps(portable(spec), sort_keys=True, separators=(",", ":"))
    if chart_id is None:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
        chart_id = f"st-chart-{next(_counter)}-{digest}"
    label = spec.get("description") or (spec.get("title") if isinstance(spec.get("title"), str) else "") or "Chart"
    # "</" inside the JSON would close the <script> element early; "<\/" is the same string to JSON.parse.
    safe_spec = text.replace("</", "<\\/")
    return _TEMPLATE.format(id=chart_id, spec=safe_spec, label=html.escape(str(label), quote=True))


def _static_renderer(spec: dict, **metadata) -> dict:
    return {"text/html": chart_html(spec), "text/plain": "<Altair chart>"}


alt.renderers.register(RENDERER_NAME, _static_renderer)


# --------------------------------------------------------------------------------------------------- live path
def cache_dir() -> Path:
    """Where the offline bundle is kept: ``$SOCIALTIES_CACHE``, else ``$XDG_CACHE_HOME/socialties`` (``~/.cache``)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "socialties"


def _bundle_key() -> str:
    from importlib.metadata import version

    from altair.jupyter.jupyter_chart import load_js_src

    parts = [alt.__version__, version("vl-convert-python"), version("anywidget"), load_js_src()]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:16]


LIVE_PACKAGES = ("anywidget", "vl-convert-python")


class LiveChartsUnavailable(RuntimeError):
    """The live path's packages are missing (a bare Colab or hub runtime): the message says what to install."""


def _check_live_packages() -> None:
    from importlib.util import find_spec

    missing = [name for name, module in zip(LIVE_PACKAGES, ("anywidget", "vl_convert")) if find_spec(module) is None]
    if missing:
        raise LiveChartsUnavailable(
            "Charts in a live notebook need " + " and ".join(missing) + ", which this Python does not have. "
            "Run `%pip install -q " + " ".join(missing) + "` in a cell (the course's requirements.txt has the "
            "versions it is tested with), restart the kernel and run the notebook again."
        )


def offline_module() -> str:
    """Make ``alt.JupyterChart`` load nothing from another host; return its bundled JavaScript module.

    The first call in a kernel reads the bundle from :func:`cache_dir`, or lets Altair build it
    (``JupyterChart.enable_offline``, which bundles with vl-convert) and stores it there; a cache folder that cannot
    be written only costs the next kernel the same few seconds.
    """
    _check_live_packages()
    if getattr(alt.JupyterChart, "_is_offline", False):
        return alt.JupyterChart._esm
    key = _bundle_key()
    path = cache_dir() / f"jupyterchart-{key}.js"
    header, end = f"// {_BUNDLE_MARK} {key}\n", f"\n// end {key}\n"  # a file cut short is not taken
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    if text.startswith(header) and text.endswith(end):
        # The state Altair's own enable_offline() leaves (pinned Altair: tests/test_render_live.py checks it).
        alt.JupyterChart._esm = text[len(header):-len(end)]
        alt.JupyterChart._is_offline = True
        return alt.JupyterChart._esm
    alt.JupyterChart.enable_offline(True)
    bundle = alt.JupyterChart._esm
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(header + bundle + end, encoding="utf-8")
        tmp.replace(path)  # atomic: two kernels starting together never read half a file
    except OSError:
        pass
    return bundle


def chart(spec: dict) -> alt.JupyterChart:
    """A live, offline chart widget for a Vega-Lite spec (a dict, or an Altair chart); update it with :func:`update`.

    Its ``params`` trait mirrors the chart's Vega-Lite params (read and set them from Python).
    """
    offline_module()
    if not isinstance(spec, dict):
        spec = spec.to_dict()
    top = alt.Chart.from_dict(portable(_without_schema(spec)))
    return alt.JupyterChart(top, embed_options=dict(LIVE_EMBED_OPTIONS))


def update(widget: alt.JupyterChart, spec: dict) -> None:
    """Redraw a live chart with a new spec of the same structure (fast: no Altair validation, a few ms)."""
    widget.spec = portable(spec)


def show(spec: dict) -> Any:
    """Something to display for a Vega-Lite spec: static HTML on a static page, else a live chart widget."""
    if static_mode():
        return _StaticChart(spec)
    return chart(spec)


class _StaticChart:
    def __init__(self, spec: dict) -> None:
        self.spec = spec

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        return _static_renderer(self.spec)


def _without_schema(spec: dict) -> dict:
    return {k: v for k, v in spec.items() if k != "$schema"}


def _live_renderer(spec: dict, **metadata) -> dict:
    """Altair's "jupyter" renderer (a JupyterChart widget), with the offline module and the course's embed options."""
    try:
        widget = chart(spec)
    except LiveChartsUnavailable as err:  # a message where the chart would be, not a traceback
        message = f'<p class="st-message st-message-warning">{html.escape(str(err))}</p>'
        return {"text/plain": str(err), "text/html": message}
    return widget._repr_mimebundle_()


alt.renderers.register(LIVE_RENDERER_NAME, _live_renderer)


def enable(static: bool | None = None) -> str:
    """Choose the renderer by context: the static HTML one if ``static`` (default: from the environment), else the
    live offline widget. The choice is made here only."""
    use_static = static_mode() if static is None else static
    name = RENDERER_NAME if use_static else LIVE_RENDERER_NAME
    alt.renderers.enable(name)
    return name
