"""The live "social capital across communities" explorer (ipywidgets): draw, fit three ways, compare.

On a static page (``SOCIALTIES_STATIC=1``) it shows a snapshot of its first state with a note that the controls need
a kernel, as the buffering explorer does. Nothing typed is evaluated; every number shown is formatted and escaped.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd

from socialties import render
from socialties.explorer import Explorer, button, slider
from socialties.context.communities import CommunityParams, compare_fits, fits_chart_spec, sample_icc, \
    simulate_communities

STATIC_NOTE = ("This is a snapshot of the live explorer's first state. Its sliders need a running Python kernel: open "
               "this page as a notebook to draw new samples and refit.")


def report_html(table: pd.DataFrame, params: CommunityParams, icc_sample: float, icc_model: float) -> str:
    """The fits as a small HTML table, numbers rounded to 3 decimals, with the ICCs and the SE ratio."""
    rows = "".join(
        f"<tr><td>{html.escape(r.model)}</td><td>{html.escape(r.slope)}</td><td>{r.estimate:.3f}</td>"
        f"<td>{r.se:.3f}</td><td>{r.lower:.3f} to {r.upper:.3f}</td></tr>" for r in table.itertuples())
    between = table[table["slope"] == "between communities"].set_index("model")["se"]
    ratio = between["multilevel (MixedLM)"] / between["OLS, clustering ignored"]
    return (
        f'<div class="st-fit-report"><p>{params.communities} communities × {params.per_community} people '
        f"(SIMULATED). Sample ICC of distress {icc_sample:.3f} (population {params.true_icc():.3f}); residual ICC in "
        f"the multilevel model {icc_model:.3f} (population {params.residual_icc():.3f}).</p>"
        '<table class="st-table"><thead><tr><th scope="col">Model</th><th scope="col">Slope</th>'
        '<th scope="col">Estimate</th><th scope="col">SE</th><th scope="col">95% interval</th></tr></thead>'
        f"<tbody>{rows}</tbody></table><p>The multilevel standard error of the between-community slope is "
        f"{ratio:.2f} times the naive one.</p></div>"
    )


class CommunityExplorer(Explorer):
    """The explorer; its widgets are built on first display in a live kernel only."""

    def __init__(self, params: CommunityParams | None = None, seed_name: str = "communities-explorer"):
        self.initial = params or CommunityParams()
        self.seed_name = seed_name
        self.draw = 0

    def params(self) -> CommunityParams:
        if self._box is None:
            return self.initial
        return CommunityParams(communities=self.communities.value, per_community=self.per_community.value,
                               within=self.within.value, contextual_total=self.between.value, tau=self.tau.value)

    def state(self) -> tuple[CommunityParams, pd.DataFrame, float, float]:
        """The current sample's parameters, fits table, sample ICC and model ICC."""
        p = self.params()
        data = simulate_communities(p, seed_name=f"{self.seed_name}:{self.draw}")
        table, icc_model = compare_fits(data)
        return p, table, sample_icc(data), icc_model

    def _build(self) -> widgets.VBox:
        p = self.initial
        self.communities = slider("Communities", p.communities, 5, 100, 1, kind=widgets.IntSlider)
        self.per_community = slider("People per community", p.per_community, 2, 100, 1, kind=widgets.IntSlider)
        self.within = slider("Within slope", p.within, -1, 1, 0.05)
        self.between = slider("Between slope", p.contextual_total, -1, 1, 0.05)
        self.tau = slider("Community SD (tau)", p.tau, 0, 1.5, 0.05)
        self.button = button("Draw a new sample")
        self.results = widgets.HTML("")
        self.chart_box = widgets.Box(layout=widgets.Layout(max_width="100%", overflow="auto"))
        self.chart = None  # the live chart widget, made by the first update()
        for control in (self.communities, self.per_community, self.within, self.between, self.tau):
            control.observe(lambda _change: self.update(), names="value")
        self.button.on_click(lambda _b: self.next_sample())
        box = widgets.VBox([self.results, self.chart_box, self.communities, self.per_community, self.within,
                            self.between, self.tau, self.button], layout=widgets.Layout(width="100%"))
        self._box = box
        self.update()
        return box

    def next_sample(self) -> None:
        self.draw += 1
        self.update()

    def update(self) -> None:
        self.box  # noqa: B018 (builds the widgets on first use)
        try:
            p, table, icc_sample, icc_model = self.state()
        except ValueError as err:
            self.results.value = f'<p class="st-message st-message-warning">{html.escape(str(err))}</p>'
            return
        self.results.value = report_html(table, p, icc_sample, icc_model)
        self.chart = render.draw(self.chart, self.chart_box, fits_chart_spec(table))

    def snapshot_html(self) -> str:
        p, table, icc_sample, icc_model = self.state()
        return (f'<div class="st-explorer-snapshot"><p class="st-note"><em>{html.escape(STATIC_NOTE)}</em></p>'
                f"{report_html(table, p, icc_sample, icc_model)}{render.chart_html(fits_chart_spec(table))}</div>")

    def __repr__(self) -> str:
        return "Social capital explorer (live with a Python kernel)"


def community_explorer(params: CommunityParams | None = None, seed_name: str = "communities-explorer"):
    """The live explorer: sliders for the design and the effects, a new-sample button, three fits compared."""
    return CommunityExplorer(params, seed_name)
