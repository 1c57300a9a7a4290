"""How Altair charts reach the page: natively in a live Jupyter, as self-contained HTML in the built book.

Altair's own HTML output names a CDN; the book must load nothing from another host. In static mode (the book build,
nbval and ``make notebooks`` set ``SOCIALTIES_STATIC=1``, see :mod:`socialties.sphinxext`) each chart becomes a
``<div>``, its spec as inert JSON, and a few lines that call the page's own ``vegaEmbed`` (served from the site by the
build). Chart ids count up within a kernel and carry a hash of the spec, so re-running a notebook gives the same HTML.
In a live Jupyter, Altair's default renderer is kept: JupyterLab, Colab and VS Code draw Vega-Lite natively.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os

import altair as alt

from socialties.portable import portable

RENDERER_NAME = "socialties"
STATIC_ENV = "SOCIALTIES_STATIC"
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


def enable(static: bool | None = None) -> str:
    """Choose the renderer: the course's static HTML one if ``static`` (default: from the environment)."""
    use_static = static_mode() if static is None else static
    name = RENDERER_NAME if use_static else "default"
    alt.renderers.enable(name)
    return name
