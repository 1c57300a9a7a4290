"""Chapter 2's simulations, evidence table, data preparation and charts: what each promises, checked."""

from __future__ import annotations

import json

import numpy as np
import pytest

from socialties.chapters import modifiers as chapter
from socialties.data import load
from socialties.modifiers import charts, evidence, simulate


def test_net_distress_shows_the_paradox_for_low_resources_and_loses_it_without_obligations():
    sizes = np.arange(0, 16)
    low = simulate.net_distress(sizes, 1.5, 0.3, 0.4)
    high = simulate.net_distress(sizes, 1.5, 0.3, 3.0)
    assert low[-1] > low[0]  # more ties, more distress for the low-resource group
    assert high[-1] < high[0]  # fewer symptoms for the high-resource group
    none = simulate.net_distress(sizes, 1.5, 0.0, 0.4)
    assert np.all(np.diff(none) < 0)  # no obligations: every tie helps
    assert simulate.net_distress(0, 1.5, 0.3, 0.4) == simulate.BASELINE_DISTRESS
    with pytest.raises(ValueError, match="resources must be positive"):
        simulate.net_distress(sizes, 1, 1, 0)


def test_the_chart_formula_is_the_python_formula():
    expr = simulate.NET_DISTRESS_EXPR.format(base=simulate.BASELINE_DISTRESS, resources="r")
    # Evaluate the Vega expression with Python's names for log and the datum.
    value = eval(expr.replace("datum.n", "n").replace("log(", "np.log("),  # noqa: S307 - our own constant
                 {"np": np, "support_per_tie": 1.2, "obligations_per_tie": 0.4, "n": 7.0, "r": 0.8})
    assert value == pytest.approx(float(simulate.net_distress(7.0, 1.2, 0.4, 0.8)))


def test_gender_population_has_exactly_the_requested_women_and_the_true_slopes():
    data = simulate.gender_population(20000, -0.5, -0.1, seed_name="test-gender-pop")
    assert data["female"].sum() == 10000
    for flag, slope in ((1, -0.5), (0, -0.1)):
        group = data[data.female == flag]
        assert np.polyfit(group.support, group.distress, 1)[0] == pytest.approx(slope, abs=0.03)


def test_reverse_causation_without_a_causal_effect_vanishes_once_the_prodrome_is_excluded():
    params = simulate.CohortParams(prodrome_years=4.0, causal_hr=1.0)
    cohort = simulate.reverse_causation_cohort(40000, params, seed_name="test-reverse")
    naive = simulate.risk_ratio_after_exclusion(cohort, 0)
    late = simulate.risk_ratio_after_exclusion(cohort, 5)
    assert naive > 1.25 and late == pytest.approx(1.0, abs=0.1)
    causal = simulate.reverse_causation_cohort(40000, simulate.CohortParams(prodrome_years=0.0, causal_hr=1.5),
                                               seed_name="test-reverse")
    assert simulate.risk_ratio_after_exclusion(causal, 0) == pytest.approx(1.45, abs=0.12)
    with pytest.raises(ValueError, match="exclude_years"):
        simulate.risk_ratio_after_exclusion(cohort, 12)


def test_evidence_is_the_fact_sheet_and_orientation_inverts_only_activities():
    table = evidence.estimates()
    assert sorted(table["estimate"]) == sorted([0.48, 0.46, 0.53, 2.24, 1.91, 2.37, 1.5, 1.9, 1.6])
    assert table["low"].notna().sum() == 4  # Fabrigoule's three and Fratiglioni's poor-network estimate
    turned = evidence.oriented()
    assert (turned["estimate"] > 1).all()
    assert turned.loc[0, "estimate"] == pytest.approx(1 / 0.48)
    assert turned.loc[0, ["low", "high"]].tolist() == pytest.approx([1 / 0.94, 1 / 0.24])  # inverted and swapped
    assert turned.loc[8, ["low", "high"]].tolist() == [1.2, 2.1]


def test_gss_frame_builds_weekly_from_attend_and_drops_widowed():
    data = chapter.gss_frame()
    assert "widowed" not in data.columns and len(data) == 17137
    raw = load("gss_happiness")
    assert data["weekly"].sum() == raw["attend"].isin(chapter.WEEKLY).sum()
    # The file's regattend leaves out "every week": the reason the chapter builds its own flag.
    assert raw.loc[raw["attend"] == "every week", "regattend"].eq(0).all()
    assert data["weekly"].isna().sum() == raw["attend"].isna().sum()


def test_midtown_table_is_ordered_and_complete():
    table = chapter.midtown_table()
    assert list(table.columns) == ["Well", "Mild", "Moderate", "Impaired"] and list(table.index) == [1, 2, 3, 4, 5, 6]
    assert int(table.to_numpy().sum()) == 1660
    shares = chapter.midtown_shares()
    impaired = shares[shares.mental == "Impaired"].set_index("ses")["share"]
    assert round(impaired[1], 3) == 0.176 and round(impaired[6], 3) == 0.327  # the figures facts.md gives


@pytest.mark.parametrize("make", [
    charts.benefit_cost_chart,
    lambda: charts.gender_trap_chart(charts.gender_trap_table(ns=(25, 100), effects=(0.1, 0.2), reps=50)),
    lambda: charts.reverse_causation_chart(simulate.exclusion_curve(n=2000, prodromes=(0, 4), excludes=range(3))),
    charts.forest_plot,
    lambda: charts.gradient_chart(chapter.midtown_shares(), ["Well", "Mild", "Moderate", "Impaired"]),
    lambda: charts.risk_scale_chart(chapter.attendance_risks(), {k: v[0] for k, v in chapter.GSS_MODIFIERS.items()}),
])
def test_charts_are_responsive_described_and_use_the_palette(make):
    spec = make().to_dict()
    assert spec["width"] == "container"
    assert len(spec["description"]) > 80
    text = json.dumps(spec)
    assert "#D55E00" in text or "#0072B2" in text


def test_benefit_cost_sliders_are_bound_with_their_defaults():
    spec = charts.benefit_cost_chart().to_dict()
    params = {p["name"]: p for p in spec["params"]}
    for name, _label, lo, hi, _step, default in charts.BENEFIT_COST_SLIDERS:
        bind = params[name]["bind"]
        assert params[name]["value"] == default and bind["min"] == lo and bind["max"] == hi


def test_gender_trap_with_equal_effects_often_splits_verdicts_but_the_interaction_keeps_its_level():
    table = charts.gender_trap_table(ns=(50,), effects=(0.3,), reps=800)
    shares = table.set_index("outcome")["share"]
    assert shares["significant in one group only"] > 0.3
    assert shares["interaction test rejects"] < 0.09


def test_gender_explorer_snapshot_is_escaped_html_with_both_groups():
    from socialties.modifiers.widgets import gender_explorer

    explorer = gender_explorer(n_per_group=40, reps=200)
    html = explorer.snapshot_html()
    assert "women" in html and "men" in html and "interaction" in html and "<script" not in html
    box = explorer.box  # the live widgets build and update without error
    explorer.b_men.value = -0.1
    assert "-0.10" in explorer.report.value and box is explorer.box


def test_html_table_escapes_values_and_has_no_index_column():
    import pandas as pd

    html = chapter.html_table(pd.DataFrame({"group": ["<b>men</b>"], "p": ["< .001"]}), "A & B").data
    assert "<b>men</b>" not in html and "&lt;b&gt;men&lt;/b&gt;" in html and "&lt; .001" in html
    assert html.count("<th ") == 2 and "<caption>A &amp; B</caption>" in html


def test_attendance_risks_are_the_four_group_shares_for_each_modifier():
    risks = chapter.attendance_risks()
    assert len(risks) == 12 and set(risks["modifier"]) == set(chapter.GSS_MODIFIERS)
    data = chapter.gss_frame()
    women_weekly = data[(data.female == 1) & (data.weekly == 1)]["vhappy"].mean()
    row = risks[(risks.modifier == "female") & (risks.stratum == "women") & (risks.exposed == 1)]
    assert float(row["risk"].iloc[0]) == pytest.approx(women_weekly)
