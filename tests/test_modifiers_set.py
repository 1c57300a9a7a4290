"""The "02-modifiers" question set: every key recomputed from the data independently, the notebook's reference
solutions pass, wrong answers get targeted feedback, and the student copy runs with every answer unanswered."""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats

from socialties.data import load
from socialties.exercises.assign.editions import find_regions, lint, make_edition
from socialties.exercises.questions import Reflection
from socialties.exercises.registry import get_assignment
from socialties.exercises.sets.modifiers import ASSIGNMENT

from exercise_notebooks import run_cells

NOTEBOOK = Path(__file__).resolve().parents[1] / "exercises" / "02-modifiers.ipynb"
WEEKLY = ("nrly every week", "every week", "more thn once wk")



@pytest.fixture(scope="module")
def source() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def solved(source) -> dict:
    return run_cells(source)


@pytest.fixture(scope="module")
def raw_gss() -> pd.DataFrame:
    """The GSS file straight from the loader, with the flags built here, independently of the chapter's helper."""
    data = load("gss_happiness")
    data = data[data["attend"].notna()].copy()
    data["weekly"] = data["attend"].isin(WEEKLY).astype(int)
    return data


def test_registry_finds_the_set_and_it_has_the_required_questions():
    assert get_assignment("02-modifiers") is ASSIGNMENT
    graded = [q for q in ASSIGNMENT.questions if q.points > 0]
    kinds = [q.kind for q in ASSIGNMENT.questions]
    assert len(graded) >= 10
    assert kinds.count("code") >= 4 and kinds.count("numeric") >= 2 and kinds.count("reflection") == 1


def test_notebook_names_its_assignment_asks_every_question_and_follows_the_convention(source):
    assert source.metadata["socialties"] == {"assignment": "02-modifiers"}
    assert source.cells[0].cell_type == "markdown" and source.cells[0].source.startswith("# ")
    assert "remove-cell" in source.cells[1].metadata.get("tags", [])  # the preamble, after the title
    code = "\n".join(c.source for c in source.cells if c.cell_type == "code")
    solutions = "\n".join(r.code for c in source.cells if c.cell_type == "code" for r in find_regions(c.source))
    for question in ASSIGNMENT.questions:
        assert f'ex.ask("{question.qid}")' in code
        assert f"{question.answer_name} =" in solutions
    assert lint(source, "02-modifiers") == []


def test_reference_solutions_pass_every_check(solved):
    for question in ASSIGNMENT.questions:
        feedback = question.check(solved[question.answer_name])
        expected = "ungraded" if isinstance(question, Reflection) else "correct"
        assert feedback.status == expected, (question.qid, feedback)


def test_student_copy_runs_and_leaves_every_question_unanswered(source):
    student = make_edition(source, "student", "02-modifiers")
    text = "\n".join(c.source for c in student.cells)
    assert "BEGIN SOLUTION" not in text and 'q1_answer = "b"' not in text and "smf.logit(" not in text
    namespace = run_cells(student)
    for question in ASSIGNMENT.questions:
        assert namespace[question.answer_name] is Ellipsis
        assert question.check(namespace[question.answer_name]).status == "unanswered"


# ----------------------------------------------------------------------------- keys recomputed from the data
def test_q3_is_the_hand_computed_reri():
    assert ASSIGNMENT.question("q3").answer == pytest.approx(3.75 - 1.5 - 2 + 1)


def test_q4_risk_differences_equal_the_stratified_linear_probability_slopes(raw_gss):
    expected = []
    for flag in (0, 1):
        group = raw_gss[raw_gss["female"] == flag]
        expected.append(smf.ols("vhappy ~ weekly", data=group).fit().params["weekly"])
    assert ASSIGNMENT.question("q4").reference() == pytest.approx(expected, abs=1e-10)


def test_q5_ratio_of_odds_ratios_equals_the_stratum_odds_ratios_from_counts(raw_gss):
    data = raw_gss[raw_gss["educ"].notna()].assign(college=lambda d: (d["educ"] >= 16).astype(int))
    ors = []
    for flag in (0, 1):
        t = pd.crosstab(data.loc[data.college == flag, "weekly"], data.loc[data.college == flag, "vhappy"])
        ors.append((t.loc[1, 1] * t.loc[0, 0]) / (t.loc[1, 0] * t.loc[0, 1]))
    assert ASSIGNMENT.question("q5").reference() == pytest.approx(ors[1] / ors[0], rel=1e-6)


def test_q6_reri_equals_the_four_group_risks(raw_gss):
    risk = raw_gss.groupby(["weekly", "female"])["vhappy"].mean()
    rr = {k: risk[k] / risk[(0, 0)] for k in [(1, 0), (0, 1), (1, 1)]}
    assert ASSIGNMENT.question("q6").reference() == pytest.approx(rr[(1, 1)] - rr[(1, 0)] - rr[(0, 1)] + 1, abs=1e-12)


def test_q7_premise_matches_the_data(raw_gss):
    data = raw_gss[raw_gss["income"].notna()].assign(low=lambda d: (d["income"] != "$25000 or more").astype(int))
    for flag, rd, odds_ratio in ((0, 0.13, 1.76), (1, 0.08, 1.55)):
        group = data[data.low == flag]
        p = group.groupby("weekly")["vhappy"].mean()
        assert p[1] - p[0] == pytest.approx(rd, abs=0.005)
        assert (p[1] / (1 - p[1])) / (p[0] / (1 - p[0])) == pytest.approx(odds_ratio, abs=0.01)


def test_q8_is_the_first_n_reaching_eighty_percent_and_agrees_with_a_normal_approximation():
    from socialties.modifiers import slope_difference_power

    n = int(ASSIGNMENT.question("q8").answer)
    def power(k):
        return slope_difference_power(0.3, sigma=1, n1=k, sd_x1=1, n2=k, sd_x2=1)
    assert power(n) >= 0.8 > power(n - 1)
    # Normal approximation: SE = sqrt(2 / (n - 1)); n - 1 = 2 (z_.975 + z_.8)^2 / 0.3^2.
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
    assert n == pytest.approx(1 + 2 * z**2 / 0.09, abs=3)


def test_q10_m2_by_hand_from_the_long_file():
    long = load("midtown_mental")
    score = {"Well": 1, "Mild": 2, "Moderate": 2, "Impaired": 3}
    u = np.repeat(long["ses"].to_numpy(float), long["Freq"])
    v = np.repeat(long["mental"].map(score).to_numpy(float), long["Freq"])
    r = np.corrcoef(u, v)[0, 1]
    assert ASSIGNMENT.question("q10").reference() == pytest.approx((len(u) - 1) * r**2, rel=1e-10)


def test_q11_interval_in_the_correct_option_is_the_inverted_interval():
    text = ASSIGNMENT.question("q11").options[0].text
    assert f"{1 / 0.94:.2f}" in text and f"{1 / 0.24:.1f}" in text


def test_q12_premise_matches_the_simulation_pattern():
    from socialties.modifiers import simulate

    cohort = simulate.reverse_causation_cohort(40000, simulate.CohortParams(prodrome_years=6.0),
                                               seed_name="test-q12")
    assert simulate.risk_ratio_after_exclusion(cohort, 0) > 1.4
    assert simulate.risk_ratio_after_exclusion(cohort, 7) == pytest.approx(1.0, abs=0.12)


# ------------------------------------------------------------------------------------------ targeted feedback
@pytest.mark.parametrize(
    ("qid", "answer", "phrase"),
    [
        ("q1", "a", "do not compare the groups"),
        ("q1", "c", "not evidence of no effect"),
        ("q2", "b", "both 2"),
        ("q2", "c", "differ fourfold"),
        ("q7", "b", "different scales"),
        ("q9", "a", "later studies disagree"),
        ("q9", "d", "cannot identify widowed people"),
        ("q11", "b", "non*-travellers"),
        ("q11", "c", "would not be meaningful"),
        ("q12", "b", "would survive the exclusion"),
    ],
)
def test_wrong_choices_get_their_own_feedback(qid, answer, phrase):
    feedback = ASSIGNMENT.question(qid).check(answer)
    assert feedback.status == "incorrect" and phrase in feedback.message


def test_a_percentage_for_the_reri_gets_the_percentage_hint():
    assert "100 times" in ASSIGNMENT.question("q3").check(125).message
