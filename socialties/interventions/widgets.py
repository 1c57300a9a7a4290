"""The live heterogeneous-effects explorer (ipywidgets): draw a SIMULATED trial whose benefit grows with baseline
risk, compare subgroup estimates with the interaction model, and count how often subgroup fishing finds a false
"responder" group.

On a static page (``SOCIALTIES_STATIC=1``) it shows a snapshot of its first state with a note that the controls need
a kernel. Nothing typed is evaluated; every value shown is formatted here and escaped.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from socialties import render
from socialties.explorer import Explorer, button, slider
from socialties.interventions.charts import heterogeneity_chart
from socialties.interventions.modification import effect_by_thirds_and_line, interaction_model
from socialties.interventions.report import format_p
from socialties.interventions.simulate import heterogeneous_trial, subgroup_fishing
from socialties.seeds import rng as named_rng

STATIC_NOTE = ("This is a snapshot of the live explorer's first state. Its sliders and buttons need a running Python "
               "kernel: open this page as a notebook to draw new trials and run the subgroup-fishing study.")


class HeterogeneityExplorer(Explorer):
    """The explorer's first state (computable without widgets) and, on first access of ``box``, the widgets."""

    def __init__(self, n: int = 400, effect: float = 0.27, slope: float = 0.2, characteristics: int = 10,
                 seed_name: str = "interventions-explorer") -> None:
        self.initial = {"n": int(n), "effect": float(effect), "slope": float(slope),
                        "characteristics": int(characteristics)}
        self.seed_name = seed_name
        self.draw = 0

    def settings(self) -> dict:
        if self._box is None:
            return dict(self.initial)
        return {"n": self.n.value, "effect": self.effect.value, "slope": self.slope.value,
                "characteristics": self.k.value}

    def _build(self) -> widgets.VBox:
        s = self.initial
        self.n = slider("Participants (both arms)", s["n"], 100, 2000, 50, kind=widgets.IntSlider, label_width="14em")
        self.effect = slider("Benefit at average risk (d)", s["effect"], 0.0, 0.8, 0.01, kind=widgets.FloatSlider, label_width="14em")
        self.slope = slider("Extra benefit per SD of risk", s["slope"], -0.4, 0.6, 0.01, kind=widgets.FloatSlider, label_width="14em")
        self.k = slider("Characteristics to fish in", s["characteristics"], 1, 20, 1, kind=widgets.IntSlider, label_width="14em")
        self.new_trial = button("Draw a new trial")
        self.fish = button("Run the fishing study", "info")
        self.report = widgets.HTML("")
        self.chart = widgets.Box()
        self._chart_widget = None
        self.fishing = widgets.HTML("")
        for control in (self.n, self.effect, self.slope):
            control.observe(lambda _change: self.update(), names="value")
        self.new_trial.on_click(lambda _b: self.next_trial())
        self.fish.on_click(lambda _b: self.run_fishing())
        box = widgets.VBox([self.n, self.effect, self.slope, self.new_trial, self.report, self.chart,
                            widgets.HTML("<strong>Subgroup fishing</strong>: trials in which everyone benefits "
                                         "equally, and baseline characteristics unrelated to the benefit."),
                            self.k, self.fish, self.fishing])
        self._box = box
        self.update()
        return box

    def trial(self):
        s = self.settings()
        return heterogeneous_trial(s["n"], s["effect"], s["slope"], rng=named_rng(f"{self.seed_name}:{self.draw}"))

    def report_html(self, data) -> str:
        fit = interaction_model(data, "risk", "distress")
        b, p = -fit.params[fit.interaction], format_p(float(fit.pvalues[fit.interaction]))
        p_text = p if p.startswith("<") else f"= {p}"
        return (f"<p>Trial {self.draw + 1} (SIMULATED, n = {len(data)}): the interaction model estimates that the "
                f"benefit changes by {b:.2f} SD per SD of baseline risk (p {html.escape(p_text)}).</p>")

    def spec(self, data) -> dict:
        s = self.settings()
        thirds, line = effect_by_thirds_and_line(data, truth=(s["effect"], s["slope"]))
        return heterogeneity_chart(data, thirds, line).to_dict()

    def update(self) -> None:
        data = self.trial()
        self.report.value = self.report_html(data)
        self._chart_widget = render.draw(self._chart_widget, self.chart, self.spec(data))

    def next_trial(self) -> None:
        self.draw += 1
        self.update()

    def run_fishing(self):
        s = self.settings()
        self.fishing.value = "<em>Simulating 1,000 trials...</em>"
        res = subgroup_fishing(s["n"], s["characteristics"], 1000, s["effect"],
                               seed_name=f"{self.seed_name}:fishing:{s['n']}:{s['characteristics']}")
        self.fishing.value = (
            f"<p>In {res.reps} simulated trials of n = {res.n} with the same benefit for everyone, looking at "
            f"{res.characteristics} characteristic(s): a subgroup was significant while its complement was not in "
            f"{res.false_responder:.0%} of trials; some interaction test was significant in "
            f"{res.false_interaction:.0%}; the overall effect was significant in {res.overall_significant:.0%}.</p>")
        return res

    def snapshot_html(self) -> str:
        data = heterogeneous_trial(self.initial["n"], self.initial["effect"], self.initial["slope"],
                                   rng=named_rng(f"{self.seed_name}:0"))
        return (f'<div class="st-explorer-snapshot"><p class="st-note"><em>{html.escape(STATIC_NOTE)}</em></p>'
                f"{self.report_html(data)}{render.chart_html(self.spec(data))}</div>")

    def __repr__(self) -> str:
        return "Heterogeneous-effects explorer (live with a Python kernel)"


def heterogeneity_explorer(**kwargs) -> HeterogeneityExplorer:
    """The live explorer (display it as the last expression of a cell); a snapshot on a static page."""
    return HeterogeneityExplorer(**kwargs)
