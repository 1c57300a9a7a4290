"""The live buffering explorer (ipywidgets): draw a sample, set reliabilities, fit, probe, and run a power study.

Callbacks are vectorised and fast (one redraw: a few ms, see ``benchmarks/bench_buffering.py``). Nothing the user
does is evaluated as code; every value shown is formatted by :mod:`socialties.buffering.report` and escaped.

On a static page (``SOCIALTIES_STATIC=1``: the book build, nbval) the explorer displays a static snapshot of its
first state, with a note that the controls need a kernel: widgets on a static page would look alive but do nothing.
Live, its charts are :func:`socialties.render.chart` widgets (Altair's ``JupyterChart``, offline) made once and
redrawn in place by :func:`socialties.render.update`; nothing is printed to the cell's stdout.

The layout fits a narrow notebook: sliders shrink to the width they have, buttons are as wide as their labels, and
the fit report and the chart sit side by side where there is room and stack where there is not.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd

from socialties import render
from socialties.explorer import CONTROL_STYLE, Explorer, button, control_layout, slider, wrap
from socialties.buffering.charts import power_curve_spec, simple_slopes_spec
from socialties.buffering.power import power_curve
from socialties.buffering.regression import fit_moderated
from socialties.buffering.report import fit_report_html
from socialties.buffering.simulate import BufferingParams, simulate
from socialties.seeds import rng as named_rng

POWER_NS = (100, 200, 400, 800, 1600)
STATIC_NOTE = (
    "This is a snapshot of the live explorer's first state. Its sliders and buttons need a running Python kernel: "
    "open this page as a notebook (for example with the launch button) to draw new samples and run the power study."
)



class BufferingExplorer(Explorer):
    """The explorer: its first state (computable without widgets) and, on demand, the live widgets.

    ``box`` (built on first access, and only then, so a static page creates no widget models) is the displayable
    container; ``power_box`` the power panel inside it.
    """

    def __init__(self, params: BufferingParams | None = None, n: int = 500, seed_name: str = "buffering-explorer"):
        self.initial = params or BufferingParams()
        self.initial_n = int(n)
        self.seed_name = seed_name
        self.draw = 0
        self.data: pd.DataFrame | None = None

    # --------------------------------------------------------------------------------------------------- widgets
    def _build(self) -> widgets.VBox:
        p = self.initial
        self.n = widgets.IntSlider(value=self.initial_n, min=50, max=5000, step=50, description="Sample size n",
                                   continuous_update=False, style=CONTROL_STYLE, layout=control_layout())
        self.b_stress = slider("Stress effect", p.b_stress, -0.6, 0.6, 0.01)
        self.b_support = slider("Support at mean stress", p.b_support, -0.6, 0.6, 0.01)
        self.b_int = slider("Buffering interaction", p.b_int, -0.4, 0.4, 0.01)
        self.rel_stress = slider("Reliability of stress", p.rel_stress, 0.3, 1.0, 0.01)
        self.rel_support = slider("Reliability of support", p.rel_support, 0.3, 1.0, 0.01)
        self.new_sample = button("Draw a new sample", "primary")
        self.sample_label = widgets.Label("")
        self.results = widgets.HTML("", layout=widgets.Layout(flex="1 1 22em", min_width="0"))
        self.chart: Any = None  # the live chart widget, made by the first update()
        self.chart_box = widgets.Box(layout=widgets.Layout(flex="0 1 auto", max_width="100%", overflow="auto"))
        self.reps = widgets.IntSlider(value=500, min=100, max=2000, step=100, description="Replications",
                                      continuous_update=False, style=CONTROL_STYLE,
                                      layout=widgets.Layout(flex="0 1 28em", min_width="0"))  # shrinks in its row
        self.run_power_button = button("Run the power study", "info")
        self.power_status = widgets.HTML("")
        self.power_chart: Any = None
        self.power_box_chart = widgets.Box(layout=widgets.Layout(max_width="100%", overflow="auto"))

        for control in (self.n, self.b_stress, self.b_support, self.b_int, self.rel_stress, self.rel_support):
            control.observe(lambda _change: self.update(), names="value")
        self.new_sample.on_click(lambda _button: self.next_sample())
        self.run_power_button.on_click(lambda _button: self.run_power())

        controls = widgets.VBox([self.n, self.b_stress, self.b_support, self.b_int, self.rel_stress,
                                 self.rel_support, wrap([self.new_sample, self.sample_label])],
                               layout=widgets.Layout(width="100%"))
        self.power_box = widgets.VBox([
            widgets.HTML("<strong>Power study</strong>: the share of simulated samples in which the interaction is "
                         f"significant, for n = {', '.join(map(str, POWER_NS))}, with error-free measures and with "
                         "the reliabilities set above."),
            wrap([self.reps, self.run_power_button]), self.power_status, self.power_box_chart,
        ], layout=widgets.Layout(width="100%"))
        box = widgets.VBox([controls, wrap([self.results, self.chart_box], gap="1em"), self.power_box],
                           layout=widgets.Layout(width="100%", max_width="100%"))
        box.add_class("st-explorer")
        self._box = box
        self.update()
        return box

    # ---------------------------------------------------------------------------------------------------- state
    def params(self) -> BufferingParams:
        """The model the sliders describe (raises ValueError with a readable message if it is impossible)."""
        if self._box is None:
            return self.initial
        return BufferingParams(b_stress=self.b_stress.value, b_support=self.b_support.value, b_int=self.b_int.value,
                               rel_stress=self.rel_stress.value, rel_support=self.rel_support.value)

    def sample(self) -> pd.DataFrame:
        """The current sample: draw number ``self.draw`` of the explorer's seeded sequence (SIMULATED DATA)."""
        n = self.initial_n if self._box is None else self.n.value
        return simulate(n, self.params(), rng=named_rng(f"{self.seed_name}:{self.draw}"))

    def next_sample(self) -> None:
        """Draw the next sample of the explorer's seeded sequence (sample 1, 2, 3, ... are the same every session)."""
        self.draw += 1
        self.update()

    def update(self) -> None:
        """Simulate, fit and redraw for the current settings."""
        self.box  # noqa: B018 (builds the widgets on first use)
        try:
            p = self.params()
        except ValueError as err:
            self.results.value = f'<p class="st-message st-message-warning">{html.escape(str(err))}</p>'
            self.chart_box.children = ()
            return
        self.data = self.sample()
        fit = fit_moderated(self.data, center=True)
        self.sample_label.value = f"sample {self.draw + 1} (SIMULATED DATA)"
        self.results.value = fit_report_html(fit, p)
        self.chart = render.draw(self.chart, self.chart_box, simple_slopes_spec(self.data, fit))

    def run_power(self) -> pd.DataFrame | None:
        """Run the power study for the current settings and show the chart; returns the curve."""
        self.box  # noqa: B018
        try:
            p = self.params()
        except ValueError as err:
            self.power_status.value = f'<p class="st-message st-message-warning">{html.escape(str(err))}</p>'
            return None
        self.power_status.value = "<em>Simulating...</em>"
        curve = power_curve(POWER_NS, p, reps=self.reps.value, rel_stress=p.rel_stress, rel_support=p.rel_support)
        self.power_status.value = (
            f"{self.reps.value} simulated samples per point; error bars are two Monte Carlo standard errors; "
            "dashed lines are the analytic power."
        )
        self.power_chart = render.draw(self.power_chart, self.power_box_chart, power_curve_spec(curve))
        return curve

    # ------------------------------------------------------------------------------------------------- display
    def snapshot_html(self) -> str:
        """Static HTML of the first state: the note, the fit report and the chart (drawn by the page's vega-embed)."""
        data = simulate(self.initial_n, self.initial, rng=named_rng(f"{self.seed_name}:0"))
        fit = fit_moderated(data, center=True)
        return (
            f'<div class="st-explorer-snapshot"><p class="st-note"><em>{html.escape(STATIC_NOTE)}</em></p>'
            f"{fit_report_html(fit, self.initial)}{render.chart_html(simple_slopes_spec(data, fit))}</div>"
        )

    def __repr__(self) -> str:
        return "Buffering explorer (live with a Python kernel)"



def buffering_explorer(
    params: BufferingParams | None = None, n: int = 500, seed_name: str = "buffering-explorer"
) -> BufferingExplorer:
    """The live explorer: sliders for n, the effects and the reliabilities, a new-sample button, the fit report
    (estimates, 95% CI, p, simple slopes, Johnson-Neyman), the simple-slopes chart, and a power panel.

    Display it as the last expression of a cell. On a static page it shows a snapshot of its first state.
    """
    return BufferingExplorer(params, n=n, seed_name=seed_name)
