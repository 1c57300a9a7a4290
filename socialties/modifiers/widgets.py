"""The live explorer of modification by gender (ipywidgets): one sample's stratified fits and interaction test, and
how often many samples say "significant in women, not in men".

On a static page (``SOCIALTIES_STATIC=1``) it shows a snapshot of its first state and says that the controls need a
kernel, as :mod:`socialties.buffering.widgets` does. Everything shown is formatted here and escaped.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from socialties import render
from socialties.explorer import Explorer, button, slider
from socialties.modifiers.interaction import format_p, interaction_test
from socialties.modifiers.power import subgroup_significance
from socialties.modifiers.simulate import gender_population
from socialties.modifiers.stratified import stratified_effects

STATIC_NOTE = (
    "This is a snapshot of the live explorer's first state. Its sliders and buttons need a running Python kernel: "
    "open this page as a notebook to draw new samples and count verdicts over many studies."
)


def sample_report_html(data, b_women: float, b_men: float) -> str:
    """An HTML table of one SIMULATED sample: the slope in women, in men, and the interaction test."""
    table = stratified_effects(data, "distress", "support", "female")
    test = interaction_test(data, "distress", "support", "female")
    names = {0: "men", 1: "women"}
    truth = {0: b_men, 1: b_women}
    rows = "".join(
        f"<tr><td>{names[int(r.stratum)]}</td><td>{int(r.n)}</td><td>{truth[int(r.stratum)]:.2f}</td>"
        f"<td>{r.estimate:.3f}</td><td>{r.ci_low:.3f} to {r.ci_high:.3f}</td><td>{html.escape(format_p(r.p))}</td></tr>"
        for r in table.itertuples()
    )
    rows += (f"<tr><td>difference (interaction)</td><td>{test.nobs}</td><td>{b_women - b_men:.2f}</td>"
             f"<td>{test.estimate:.3f}</td><td>{test.ci_low:.3f} to {test.ci_high:.3f}</td>"
             f"<td>{html.escape(format_p(test.p))}</td></tr>")
    return ('<table class="st-table"><caption>One simulated study (SIMULATED DATA): the slope of distress on '
            "support</caption><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">n</th>"
            "<th scope=\"col\">True slope</th><th scope=\"col\">Estimate</th><th scope=\"col\">95% CI</th>"
            f"<th scope=\"col\">p</th></tr></thead><tbody>{rows}</tbody></table>")


def tally_html(b_women: float, b_men: float, n_per_group: int, reps: int, seed_name: str) -> str:
    """How often each verdict appears over ``reps`` simulated studies with these true slopes."""
    t = subgroup_significance(b_women, b_men, n_per_group, reps=reps, seed_name=seed_name)
    items = [("significant in women only", t.women_only), ("significant in men only", t.men_only),
             ("significant in both", t.both), ("significant in neither", t.neither),
             ("interaction test rejects (the groups differ)", t.interaction)]
    lis = "".join(f"<li>{html.escape(label)}: {share:.1%}</li>" for label, share in items)
    return (f"<p><strong>Over {reps} simulated studies</strong> with {n_per_group} women and {n_per_group} men "
            f"each:</p><ul>{lis}</ul>")


class GenderExplorer(Explorer):
    """Sliders for the two true slopes and the group size; a new-sample button; a many-studies tally."""

    def __init__(self, b_women: float = -0.3, b_men: float = -0.3, n_per_group: int = 60, reps: int = 1000,
                 seed_name: str = "modifiers-gender-explorer"):
        self.initial = (float(b_women), float(b_men), int(n_per_group))
        self.reps = int(reps)
        self.seed_name = seed_name
        self.draw = 0

    def _build(self) -> widgets.VBox:
        bw, bm, n = self.initial
        self.b_women = slider("True slope, women", bw, -0.8, 0.2, 0.05, label_width="14em")
        self.b_men = slider("True slope, men", bm, -0.8, 0.2, 0.05, label_width="14em")
        self.n = slider("People per group", n, 20, 1000, 10, kind=widgets.IntSlider, label_width="14em")
        self.new_sample = button("Draw a new sample")
        self.report = widgets.HTML("")
        self.tally = widgets.HTML("")
        for control in (self.b_women, self.b_men, self.n):
            control.observe(lambda _change: self.update(), names="value")
        self.new_sample.on_click(lambda _b: self.next_sample())
        box = widgets.VBox([self.b_women, self.b_men, self.n, self.new_sample, self.report, self.tally])
        self._box = box
        self.update()
        return box

    def settings(self) -> tuple[float, float, int]:
        if self._box is None:
            return self.initial
        return float(self.b_women.value), float(self.b_men.value), int(self.n.value)

    def sample(self):
        bw, bm, n = self.settings()
        return gender_population(2 * n, bw, bm, seed_name=f"{self.seed_name}:{self.draw}")

    def next_sample(self) -> None:
        self.draw += 1
        self.update()

    def update(self) -> None:
        self.box  # noqa: B018 (builds the widgets on first use)
        bw, bm, n = self.settings()
        self.report.value = sample_report_html(self.sample(), bw, bm)
        self.tally.value = tally_html(bw, bm, n, self.reps, f"{self.seed_name}:tally")

    def snapshot_html(self) -> str:
        bw, bm, n = self.initial
        data = gender_population(2 * n, bw, bm, seed_name=f"{self.seed_name}:0")
        return (f'<div class="st-explorer-snapshot"><p class="st-note"><em>{html.escape(STATIC_NOTE)}</em></p>'
                f"{sample_report_html(data, bw, bm)}{tally_html(bw, bm, n, self.reps, f'{self.seed_name}:tally')}"
                "</div>")

    def __repr__(self) -> str:
        return "Gender-modification explorer (live with a Python kernel)"


def gender_explorer(b_women: float = -0.3, b_men: float = -0.3, n_per_group: int = 60,
                    reps: int = 1000) -> GenderExplorer:
    """The live explorer; display it as a cell's last expression. Static pages show a snapshot."""
    return GenderExplorer(b_women, b_men, n_per_group, reps)
