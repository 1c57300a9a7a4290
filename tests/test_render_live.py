"""The live chart path (socialties.render): an offline JupyterChart widget, chosen in one place, never a CDN."""

from __future__ import annotations

import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from socialties import render
from socialties.buffering import fit_moderated, simulate
from socialties.buffering.charts import simple_slopes_spec

PACKAGE = Path(render.__file__).resolve().parent
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
CDN = re.compile(r"""(import|from)\s*["']https?://|esm\.sh|cdn\.jsdelivr|unpkg\.com""")


@pytest.fixture
def live(monkeypatch):
    """The live renderer enabled for one test (the static one restored after)."""
    monkeypatch.delenv(render.STATIC_ENV, raising=False)
    render.enable()
    yield
    render.enable(static=True)


def tiny_chart() -> alt.Chart:
    return alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_point().encode(x="x:Q", y="y:Q")


def test_the_context_chooses_static_html_or_the_live_widget(monkeypatch):
    monkeypatch.setenv(render.STATIC_ENV, "1")
    assert render.enable() == render.RENDERER_NAME
    bundle = tiny_chart()._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "st-chart" in bundle["text/html"] and WIDGET_MIME not in bundle
    monkeypatch.setenv(render.STATIC_ENV, "0")
    try:
        assert render.enable() == render.LIVE_RENDERER_NAME
        data, _meta = tiny_chart()._repr_mimebundle_()
        assert WIDGET_MIME in data and "text/html" not in data
        assert not any("vegalite" in key for key in data)  # JupyterLab 4 has no renderer for it
    finally:
        render.enable(static=True)


def test_the_live_module_bundles_vega_and_loads_nothing_from_another_host(live):
    module = render.offline_module()
    assert len(module) > 200_000 and "vega-lite" in module  # Vega, Vega-Lite and vega-embed are inside
    assert not CDN.search(module), CDN.search(module)
    widget = render.chart(tiny_chart())
    assert widget._esm == module and isinstance(widget, alt.JupyterChart)


def test_the_bundle_is_cached_so_a_new_kernel_does_not_bundle_again(monkeypatch, tmp_path):
    monkeypatch.setenv(render.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(alt.JupyterChart, "_is_offline", False)
    monkeypatch.setattr(alt.JupyterChart, "_esm", alt.JupyterChart._esm)
    module = render.offline_module()
    cached = list(tmp_path.glob("jupyterchart-*.js"))
    assert len(cached) == 1 and module in cached[0].read_text(encoding="utf-8")
    # A new kernel: the class is back to its CDN module; the cache is read and vl-convert is not called.
    from altair.jupyter.jupyter_chart import load_js_src

    monkeypatch.setattr(alt.JupyterChart, "_is_offline", False)
    monkeypatch.setattr(alt.JupyterChart, "_esm", load_js_src())
    monkeypatch.setattr(alt.JupyterChart, "enable_offline", classmethod(lambda cls, offline=True: pytest.fail()))
    assert render.offline_module() == module and alt.JupyterChart._esm == module
    # Altair's own renderer, if a reader enables it, then also stays offline (it checks the same flag).
    assert alt.JupyterChart._is_offline


def test_a_corrupt_or_unwritable_cache_costs_time_not_a_chart(monkeypatch, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv(render.CACHE_ENV, str(blocked))
    monkeypatch.setattr(alt.JupyterChart, "_is_offline", False)
    monkeypatch.setattr(alt.JupyterChart, "_esm", alt.JupyterChart._esm)
    assert len(render.offline_module()) > 200_000


def test_live_charts_are_svg_and_redraw_in_place_with_portable_numbers(live):
    data = simulate(200, seed_name="test-render-live")
    spec = simple_slopes_spec(data, fit_moderated(data, center=True))
    widget = render.chart(spec)
    assert widget.embed_options == render.LIVE_EMBED_OPTIONS
    assert widget.spec["title"] == spec["title"] and "$schema" in widget.spec
    spec["layer"][0]["data"]["values"][0]["y"] = 0.123456789123
    render.update(widget, spec)
    assert widget.spec["layer"][0]["data"]["values"][0]["y"] == 0.123457


def test_show_is_static_html_or_a_live_widget(monkeypatch):
    spec = tiny_chart().to_dict()
    monkeypatch.setenv(render.STATIC_ENV, "1")
    assert "st-chart" in render.show(spec)._repr_mimebundle_()["text/html"]
    monkeypatch.delenv(render.STATIC_ENV)
    assert isinstance(render.show(spec), alt.JupyterChart)


def test_every_chart_of_the_package_goes_through_render():
    """No other module picks a renderer, emits a Vega-Lite MIME bundle or Altair's CDN HTML."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "render.py":
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in ("renderers.enable", "vnd.vegalite", "to_html(", "JupyterChart(", "display(", "raw=True"):
            if pattern in text:
                offenders.append(f"{path.relative_to(PACKAGE)}: {pattern}")
    assert offenders == []


def test_missing_live_packages_give_a_message_not_a_traceback(live, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "anywidget" else real(name, *a))
    with pytest.raises(render.LiveChartsUnavailable, match=r"%pip install -q anywidget"):
        render.chart(tiny_chart())
    bundle = tiny_chart()._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "need anywidget" in bundle["text/plain"] and "st-message-warning" in bundle["text/html"]
    from socialties.buffering import buffering_explorer

    explorer = buffering_explorer(n=100)
    explorer.box  # noqa: B018
    assert "need anywidget" in explorer.chart_box.children[0].value and "Johnson-Neyman" in explorer.results.value
