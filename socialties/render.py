"""How Altair charts reach the page: natively in a live Jupyter, as self-contained HTML in the built book.

Altair's own HTML output names a CDN; the book must load nothing from another host. In static mode (the book build,
nbval and ``make notebooks`` set ``SOCIALTIES_STATIC=1``, see :mod:`socialties.sphinxext`) each chart becomes a
``<div>``, its spec as inert JSON, and a few lines that call the page's own ``vegaEmbed`` (served from the site by the
build). Chart ids count up within a kernel and carry a hash of the spec, so re-running a notebook gives the same HTML.
In a live Jupyter, Altair's default renderer is kept: JupyterLab, Colab and VS Code draw Vega-Lite natively.

On the page, a single-view or layered chart is made responsive (:func:`responsive`): it fills its column up to the
width it was designed for, so it fits a 390 px phone; concatenated or faceted charts, which Vega-Lite cannot size to
a container, scroll sideways inside their own box (``charts.css``). Marks that carry no data field (a reference
line, a constant label) are hidden from screen readers (:func:`accessible`): the chart's description, read out on
the ``role="figure"`` element, says what they show, and Vega would otherwise give them an SVG role with no name.
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

_TEMPLATE = """<div id="{id}" class="st-chart{extra_class}" role="figure" aria-label="{label}"{style}></div>
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


_MULTI_VIEW = ("hconcat", "vconcat", "concat", "facet", "repeat")
#: Room for the axes, their titles and the legend around a chart's plot width, in pixels.
_FRAME = 120


def responsive(spec: dict) -> tuple[dict, int | None]:
    """A copy of ``spec`` that fills its container (``width: "container"``), and the widest it should be drawn.

    Single views and layers only (Vega-Lite cannot size a concatenation or a facet to a container): for those, and
    for specs already sized by their container, ``(spec, None)`` and ``(spec, 0)``. The maximum is the designed plot width plus room
    for axes and legend, so a desktop page shows the chart as designed and a phone shows all of it.
    """
    if any(key in spec for key in _MULTI_VIEW):
        return spec, None
    width = spec.get("width")
    if width == "container":
        return spec, 0
    if width is None:
        view = (spec.get("config") or {}).get("view") or {}
        width = view.get("continuousWidth", 300)
    if not isinstance(width, (int, float)) or isinstance(width, bool):
        return spec, None
    fitted = {**spec, "width": "container"}
    autosize = fitted.get("autosize")
    if autosize is None or isinstance(autosize, str):
        fitted["autosize"] = {"type": "fit-x", "contains": "padding"}
    if "layer" in fitted:
        fitted["layer"] = [{k: v for k, v in layer.items() if k != "width"} for layer in fitted["layer"]]
    return fitted, int(width) + _FRAME


def _without_fields(encoding: object) -> bool:
    if not isinstance(encoding, dict):
        return True
    for channel in encoding.values():
        for item in channel if isinstance(channel, list) else [channel]:
            if isinstance(item, dict) and ("field" in item or "aggregate" in item):
                return False
    return True


def accessible(spec: object, inherited_fields: bool = False) -> object:
    """A copy of ``spec`` in which marks with no data field have ``aria: false`` (see the module docstring).

    A layer's encoding is inherited by its sublayers, so a mark is decorative only if neither it nor a parent
    encodes a field.
    """
    if isinstance(spec, list):
        return [accessible(item, inherited_fields) for item in spec]
    if not isinstance(spec, dict):
        return spec
    fields = inherited_fields or not _without_fields(spec.get("encoding"))
    out = {key: accessible(value, fields) if key in ("layer", "spec", *_MULTI_VIEW) else value
           for key, value in spec.items()}
    mark = out.get("mark")
    if mark is not None and not fields:
        mark = {"type": mark} if isinstance(mark, str) else dict(mark)
        mark.setdefault("aria", False)
        out["mark"] = mark
    return out


def chart_html(spec: dict, chart_id: str | None = None) -> str:
    """Return the self-contained HTML for a Vega-Lite spec (uses the page's global ``vegaEmbed``).

    Numbers in the spec are rounded to 6 significant digits (:func:`socialties.portable.portable`), so the stored
    HTML, and the id hashed from it, are the same on every CPU. The chart is made responsive and its decorative
    marks hidden from screen readers (:func:`responsive`, :func:`accessible`).
    """
    fitted, max_width = responsive(accessible(spec))
    text = json.dumps(portable(fitted), sort_keys=True, separators=(",", ":"))
    if chart_id is None:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
        chart_id = f"st-chart-{next(_counter)}-{digest}"
    label = spec.get("description") or (spec.get("title") if isinstance(spec.get("title"), str) else "") or "Chart"
    # "</" inside the JSON would close the <script> element early; "<\/" is the same string to JSON.parse.
    safe_spec = text.replace("</", "<\\/")
    style = f' style="max-width: {max_width}px"' if max_width else ""
    extra_class = " st-chart-scroll" if max_width is None else ""
    return _TEMPLATE.format(id=chart_id, spec=safe_spec, label=html.escape(str(label), quote=True), style=style,
                            extra_class=extra_class)


def _static_renderer(spec: dict, **metadata) -> dict:
    return {"text/html": chart_html(spec), "text/plain": "<Altair chart>"}


alt.renderers.register(RENDERER_NAME, _static_renderer)


def enable(static: bool | None = None) -> str:
    """Choose the renderer: the course's static HTML one if ``static`` (default: from the environment)."""
    use_static = static_mode() if static is None else static
    name = RENDERER_NAME if use_static else "default"
    alt.renderers.enable(name)
    return name
