"""What the course's live explorers share: widgets built on first use, a static snapshot on a static page, and
controls that fit a narrow notebook.

An explorer (the buffering, gender, communities and heterogeneous-effects explorers) subclasses :class:`Explorer`,
builds its widgets in ``_build`` and describes its first state in ``snapshot_html``. On a static page
(``SOCIALTIES_STATIC=1``: the book build, nbval) it displays the snapshot with a note that the controls need a
kernel, since widgets on a static page would look alive but do nothing; live, it displays its widgets, and its
charts are drawn and redrawn in place by :func:`socialties.render.draw`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from socialties import render

#: Slider labels: wide enough for "Reliability of support", so no label is cut off.
CONTROL_STYLE = {"description_width": "12em"}


class Explorer:
    """Base of the live explorers: ``box`` (the widgets) is built on first access, and only then, so a static page
    creates no widget models."""

    _box: widgets.Box | None = None

    @property
    def box(self) -> widgets.Box:
        if self._box is None:
            self._box = self._build()
        return self._box

    def _build(self) -> widgets.Box:  # pragma: no cover - every explorer defines it
        raise NotImplementedError

    def snapshot_html(self) -> str:  # pragma: no cover - every explorer defines it
        raise NotImplementedError

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        if render.static_mode():
            return {"text/html": self.snapshot_html(), "text/plain": repr(self)}
        return self.box._repr_mimebundle_(include=include, exclude=exclude)


def control_layout(max_width: str = "32em") -> widgets.Layout:
    """A control as wide as ``max_width`` where there is room, narrower where there is not (a phone, a side panel).

    "auto" (not 100%) so that the widget's own margin stays inside its column.
    """
    return widgets.Layout(width="auto", max_width=max_width)


def slider(description: str, value: float, lo: float, hi: float, step: float, kind: type = widgets.FloatSlider,
           label_width: str = CONTROL_STYLE["description_width"]) -> widgets.widget.Widget:
    """A labelled slider that updates when released (each change refits), sized by :func:`control_layout`.

    ``label_width`` is for explorers whose labels are longer than the default allows.
    """
    options = {"readout_format": ".2f"} if kind is widgets.FloatSlider else {}
    extra = 2 * (float(label_width.removesuffix("em")) - 12)  # the slider keeps its length beside a wider label
    return kind(value=value, min=lo, max=hi, step=step, description=description, continuous_update=False,
                style={"description_width": label_width}, layout=control_layout(f"{32 + extra:g}em"), **options)


def button(description: str, style: str = "primary") -> widgets.Button:
    # ipywidgets gives buttons a fixed width that cuts longer labels off; "auto" fits the label.
    return widgets.Button(description=description, button_style=style,
                          layout=widgets.Layout(width="auto", min_width="fit-content"))


def wrap(children: list, gap: str = "0.5em 1.5em") -> widgets.Box:
    """Children side by side where they fit, stacked where they do not (CSS flex wrap)."""
    return widgets.Box(children, layout=widgets.Layout(display="flex", flex_flow="row wrap", align_items="center",
                                                       grid_gap=gap, width="100%"))
