"""The "01-mechanisms" question set: the notebook's reference solutions pass, wrong answers get targeted feedback,
and the student copy runs with every answer left unanswered."""

from __future__ import annotations

import math
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from socialties.chapters.mechanisms import simulated_survey
from socialties.exercises.assign.editions import find_regions, lint, make_edition
from socialties.exercises.questions import CodeCheck, MultipleChoice, Numeric, Reflection
from socialties.exercises.registry import get_assignment
from socialties.exercises.sets.mechanisms import ASSIGNMENT

from exercise_notebooks import run_cells

NOTEBOOK = Path(__file__).resolve().parents[1] / "exercises" / "01-mechanisms.ipynb"



@pytest.fixture(scope="module")
def source() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def solved(source) -> dict:
    return run_cells(source)


def test_registry_finds_the_set_and_it_has_the_required_questions():
    assert get_assignment("01-mechanisms") is ASSIGNMENT
    kinds = [q.kind for q in ASSIGNMENT.questions]
    graded = [q for q in ASSIGNMENT.questions if q.points > 0]
    assert len(graded) >= 8
    assert kinds.count("multiple_choice") >= 2 and "numeric" in kinds and kinds.count("code") >= 2
    assert kinds.count("reflection") == 1


def test_notebook_names_its_assignment_asks_every_question_and_follows_the_convention(source):
    assert source.metadata["socialties"] == {"assignment": "01-mechanisms"}
    code = "\n".join(c.source for c in source.cells if c.cell_type == "code")
    solutions = "\n".join(r.code for c in source.cells if c.cell_type == "code" for r in find_regions(c.source))
    for question in ASSIGNMENT.questions:
        assert f'ex.ask("{question.qid}")' in code
        assert f"{question.answer_name} =" in solutions  # every answer is set inside a solution region
    assert lint(source, "01-mechanisms") == []


def test_reference_solutions_pass_every_check(solved):
    for question in ASSIGNMENT.questions:
        feedback = question.check(solved[question.answer_name])
        expected = "ungraded" if isinstance(question, Reflection) else "correct"
        assert feedback.status == expected, (question.qid, feedback)


def test_student_copy_runs_and_leaves_every_question_unanswered(source):
    student = make_edition(source, "student", "01-mechanisms")
    text = "\n".join(c.source for c in student.cells)
    code = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    assert "BEGIN SOLUTION" not in text and 'q1_answer = "b"' not in text and "smf.ols(" not in code
    namespace = run_cells(student)
    for question in ASSIGNMENT.questions:
        assert namespace[question.answer_name] is Ellipsis
        assert question.check(namespace[question.answer_name]).status == "unanswered"


def test_code_references_agree_with_an_independent_computation():
    data = simulated_survey()
    fit = smf.ols("distress ~ stress * support", data=data).fit()
    b = fit.params
    assert ASSIGNMENT.question("q6").reference() == pytest.approx(b["stress:support"], abs=1e-12)
    # The slope at the mean of support, computed by re-centring support: the centred model's stress coefficient.
    centred = data.assign(support=data["support"] - data["support"].mean())
    at_mean = smf.ols("distress ~ stress * support", data=centred).fit().params["stress"]
    slopes = ASSIGNMENT.question("q7").reference()
    assert slopes[1] == pytest.approx(at_mean, abs=1e-10)
    assert slopes[0] - slopes[1] == pytest.approx(-b["stress:support"] * data["support"].std(), abs=1e-10)


def test_simple_slope_se_is_the_standard_error_of_a_linear_combination():
    """q8: the key equals statsmodels' own test of b1 + b3 z, and the course library's simple slope at +1 SD."""
    from socialties import buffering

    data = simulated_survey()
    fit = smf.ols("distress ~ stress * support", data=data).fit()
    z = data["support"].mean() + data["support"].std()
    combination = fit.t_test(np.array([0.0, 1.0, 0.0, z]))
    key = ASSIGNMENT.question("q8").reference()
    assert key == pytest.approx(float(np.asarray(combination.sd).item()), rel=1e-10)
    library = buffering.fit_moderated(data, "distress", "stress", "support").simple_slopes()
    assert key == pytest.approx(library["se"].iloc[2], rel=1e-6)
    # The solution's remark: with means near zero the covariance term is small here (it is not on raw scales).
    v = fit.cov_params()
    no_cov = np.sqrt(v.loc["stress", "stress"] + z**2 * v.loc["stress:support", "stress:support"])
    assert abs(no_cov - key) / key < 0.05
    assert ASSIGNMENT.question("q8").check(key * 1.1).status == "incorrect"


def test_johnson_neyman_key_matches_the_library_and_the_solution_text():
    """q9: the roots of the quadratic are where the slope's t is exactly the critical value; one is in the data."""
    from scipy import stats

    from socialties import buffering

    data = simulated_survey()
    lower, upper = ASSIGNMENT.question("q9").reference()
    jn = buffering.fit_moderated(data, "distress", "stress", "support").johnson_neyman()
    assert jn.region == "inside" and (lower, upper) == pytest.approx((jn.lower, jn.upper), rel=1e-6)
    fit = smf.ols("distress ~ stress * support", data=data).fit()
    crit = stats.t.ppf(0.975, fit.df_resid)
    for z in (lower, upper):
        test = fit.t_test(np.array([0.0, 1.0, 0.0, z]))
        assert abs(float(np.asarray(test.tvalue).item())) == pytest.approx(crit, rel=1e-8)
    low, high = data["support"].min(), data["support"].max()
    assert lower < low and low < upper < high  # as the solution says: one extrapolated, one inside the range


def test_true_score_and_leave_one_out_keys_agree_with_an_independent_computation():
    from socialties.data import load

    data = simulated_survey()
    true_fit = smf.ols("distress ~ stress_true * support_true", data=data).fit()
    assert ASSIGNMENT.question("q12").reference() == pytest.approx(true_fit.pvalues.iloc[3], rel=1e-10)
    # Cook's distance from its formula, D_i = e_i^2 / (p s^2) * h_ii / (1 - h_ii)^2, not statsmodels' influence.
    students = load("socsupport")[["emotional", "BDI"]].dropna()
    X = np.column_stack([np.ones(len(students)), students["emotional"]])
    y = students["BDI"].to_numpy(float)
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    hat = np.einsum("ij,ji->i", X, np.linalg.solve(X.T @ X, X.T))
    s2 = resid @ resid / (len(y) - 2)
    cooks = resid**2 / (2 * s2) * hat / (1 - hat) ** 2
    top = int(np.argmax(cooks))
    assert (students["emotional"].iloc[top], students["BDI"].iloc[top]) == (6, 46)
    keep = np.arange(len(y)) != top
    slope = np.linalg.lstsq(X[keep], y[keep], rcond=None)[0][1]
    assert ASSIGNMENT.question("q14").reference() == pytest.approx(slope, rel=1e-10)
    assert -0.45 < slope < -0.35  # as the solution says: about -0.40


def test_power_answer_is_the_first_n_reaching_eighty_percent():
    from socialties.buffering import analytic_power

    n = int(ASSIGNMENT.question("q10").answer)
    assert analytic_power(n, f2=0.02) >= 0.8 > analytic_power(n - 1, f2=0.02)


def test_q1_key_buffering_only_data_give_a_negative_conditional_support_coefficient():
    """Lines that meet at stress = -2 SD: b_support = 2 b_int. The centred fit's b2 is clearly negative."""
    from socialties.buffering import simulate

    b_int = -0.15
    data = simulate(20_000, b_stress=0.35, b_support=2 * b_int, b_int=b_int, seed_name="test-q1-buffering-only")
    centred = data.assign(stress=data["stress"] - data["stress"].mean(),
                          support=data["support"] - data["support"].mean())
    fit = smf.ols("distress ~ stress * support", data=centred).fit()
    assert fit.params["support"] < 0 and fit.pvalues["support"] < 1e-6
    # ...and the lines do meet at low stress: the support effect b2 + b3 x vanishes near x = -2.
    meet = -fit.params["support"] / fit.params["stress:support"]
    assert -2.5 < meet < -1.5
    assert ASSIGNMENT.question("q1").check("b").correct and not ASSIGNMENT.question("q1").check("a").correct


def test_q4_key_leaving_out_a_correlated_stress_makes_support_look_more_protective():
    from socialties.buffering import simulate

    data = simulate(20_000, rho=-0.4, seed_name="test-q4-correlated")
    alone = smf.ols("distress ~ support", data=data).fit().params["support"]
    adjusted = smf.ols("distress ~ stress + support", data=data).fit().params["support"]
    assert alone < adjusted < 0
    assert alone == pytest.approx(-0.26 + 0.35 * -0.4, abs=0.03)  # the solution's omitted-variable arithmetic
    assert ASSIGNMENT.question("q4").check("a").correct


# ------------------------------------------------------------------------------------------ targeted feedback
@pytest.mark.parametrize(
    ("qid", "answer", "status", "phrase"),
    [
        ("q1", "a", "incorrect", "does not mean"),
        ("q1", "c", "incorrect", "*meet* at low stress"),
        ("q2", "b", "incorrect", "That is buffering"),
        ("q2", "d", "incorrect", "opposite of buffering"),
        ("q3", ["a"], "partial", "missing"),
        ("q3", ["a", "b", "c", "d"], "partial", "Functional (perceived tangible support)"),
        ("q4", "b", "incorrect", "correlated with it"),
        ("q4", "c", "incorrect", "*more* protective"),
        ("q11", "a", "incorrect", "less reliable"),
        ("q11", "d", "incorrect", "cannot exceed 1"),
        ("q13", "b", "incorrect", "misses it too"),
        ("q13", "c", "incorrect", "not evidence of absence"),
        ("q13", "d", "incorrect", "Centring does not change"),
    ],
)
def test_wrong_choices_get_their_own_feedback(qid, answer, status, phrase):
    feedback = ASSIGNMENT.question(qid).check(answer)
    assert feedback.status == status and phrase in feedback.message


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [(-0.3, "sign"), (30, "100 times too large"), (0.03, "factor of ten"),
     (0.6, "one support *point*"), (1.5, "one SD *below*")],
)
def test_simple_slope_slips_get_hints(answer, phrase):
    feedback = ASSIGNMENT.question("q5").check(answer)
    assert feedback.status == "incorrect" and phrase in feedback.message


def test_simple_slope_accepts_text_and_a_decimal_comma():
    q5 = ASSIGNMENT.question("q5")
    assert q5.check("0.3").correct and q5.check("0,3").correct and not q5.check(0.6).correct


def test_code_answers_are_told_what_differs():
    data = simulated_survey()
    fit = smf.ols("distress ~ stress * support", data=data).fit()
    q6, q7 = ASSIGNMENT.question("q6"), ASSIGNMENT.question("q7")
    # The stress coefficient instead of the interaction: a wrong value.
    wrong = q6.check(fit.params["stress"])
    assert wrong.status == "incorrect" and wrong.message
    # The whole parameter vector instead of one number: the type is named.
    whole = q6.check(fit.params)
    assert whole.status in {"incorrect", "invalid"} and "Series" in whole.message
    slopes = q7.reference()
    reversed_order = q7.check(list(slopes[::-1]))
    assert reversed_order.status == "incorrect"
    too_short = q7.check(list(slopes[:2]))
    assert too_short.status in {"incorrect", "invalid"} and ("3" in too_short.message or "shape" in too_short.message)
    # Simple slopes computed with the population SD (ddof 0) are accepted.
    mean, sd0 = data["support"].mean(), data["support"].std(ddof=0)
    b = fit.params
    assert q7.check(np.array([b["stress"] + b["stress:support"] * z for z in (mean - sd0, mean, mean + sd0)])).correct
    # q9: the roots in the wrong order are refused.
    assert ASSIGNMENT.question("q9").check(ASSIGNMENT.question("q9").reference()[::-1]).status == "incorrect"


def test_sample_size_needs_no_rounding_hint():
    q10 = ASSIGNMENT.question("q10")
    n = q10.answer
    assert q10.check(n + 1).correct and q10.check(n - 1).correct
    near = q10.check(n + 20)
    assert near.status == "incorrect" and "round" not in near.message
    assert "sign" not in q10.check(-n).message
    assert not q10.check(n / 2).correct


@pytest.mark.parametrize("junk", [None, float("nan"), math.inf, "", "drop table", [1, 2, 3], {"a": 1}, object(),
                                  10**400, pd.DataFrame(), Ellipsis])
def test_no_answer_makes_a_check_raise(junk):
    for question in ASSIGNMENT.questions:
        feedback = question.check(junk)
        assert feedback.status in {"incorrect", "invalid", "unanswered", "partial", "ungraded"}


def test_reflection_is_not_graded_and_wants_a_paragraph():
    q15 = ASSIGNMENT.question("q15")
    assert q15.points == 0
    assert q15.check("too short").status == "unanswered"
    assert q15.check(" ".join(["word"] * 25)).status == "ungraded"


def test_question_types_are_as_documented():
    types = {q.qid: type(q) for q in ASSIGNMENT.questions}
    assert [q.qid for q in ASSIGNMENT.questions] == [f"q{i}" for i in range(1, 16)]
    assert types["q5"] is Numeric and types["q10"] is Numeric
    assert all(types[q] is CodeCheck for q in ("q6", "q7", "q8", "q9", "q12", "q14"))
    assert all(types[q] is MultipleChoice for q in ("q1", "q2", "q3", "q4", "q11", "q13"))
    assert types["q15"] is Reflection


def test_q13_premise_holds_both_fits_miss_the_interaction_and_power_is_modest():
    """q13 and the statistics page say the shipped survey misses its interaction even on the true scores."""
    from socialties.buffering import BufferingParams, analytic_power
    from socialties.exercises.sets.mechanisms import survey_power

    data = simulated_survey()
    assert data.attrs["simulated"] is True
    observed = smf.ols("distress ~ stress * support", data=data).fit()
    true = smf.ols("distress ~ stress_true * support_true", data=data).fit()
    assert observed.pvalues["stress:support"] > 0.05 and true.pvalues["stress_true:support_true"] > 0.05
    error_free, noisy = survey_power()
    assert error_free == pytest.approx(analytic_power(500, BufferingParams()))
    assert 0.6 < error_free < 0.8 and 0.45 < noisy < 0.65 and noisy < error_free
    feedback = ASSIGNMENT.question("q13").check("a").message
    assert f"{error_free:.2f}" in feedback and f"{noisy:.2f}" in feedback


def test_static_key_carries_the_slips_and_no_hints_for_a_sample_size():
    from socialties.exercises.check.static import answer_key

    q5, q10 = answer_key(ASSIGNMENT.question("q5")), answer_key(ASSIGNMENT.question("q10"))
    assert [round(v, 6) for v, _ in q5["slips"]] == [0.6, 1.5] and q5["hints"] is True
    assert "slips" not in q10 and q10["hints"] is False
