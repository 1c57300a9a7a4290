"""The "04-interventions" question set: every key recomputed here from the data, the notebook's reference solutions
pass, wrong answers get targeted feedback, and the student copy runs with every answer left unanswered."""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pytest
import statsmodels.formula.api as smf
from statsmodels.stats.power import TTestIndPower

from socialties.data import load
from socialties.exercises.assign.editions import find_regions, lint, make_edition
from socialties.exercises.questions import Reflection
from socialties.exercises.registry import get_assignment
from socialties.exercises.sets.interventions import ASSIGNMENT

from exercise_notebooks import run_cells

NOTEBOOK = Path(__file__).resolve().parents[1] / "exercises" / "04-interventions.ipynb"



@pytest.fixture(scope="module")
def source() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def solved(source) -> dict:
    return run_cells(source)


@pytest.fixture(scope="module")
def jobs():
    return load("jobs2")


def test_registry_finds_the_set_with_at_least_ten_graded_questions_and_a_reflection():
    assert get_assignment("04-interventions") is ASSIGNMENT
    graded = [q for q in ASSIGNMENT.questions if q.points > 0]
    kinds = [q.kind for q in ASSIGNMENT.questions]
    assert len(graded) >= 10 and kinds.count("code") >= 3 and kinds.count("numeric") >= 2
    assert kinds.count("reflection") == 1


def test_notebook_names_its_assignment_asks_every_question_and_follows_the_convention(source):
    assert source.metadata["socialties"] == {"assignment": "04-interventions"}
    code = "\n".join(c.source for c in source.cells if c.cell_type == "code")
    solutions = "\n".join(r.code for c in source.cells if c.cell_type == "code" for r in find_regions(c.source))
    for question in ASSIGNMENT.questions:
        assert f'ex.ask("{question.qid}")' in code
        assert f"{question.answer_name} =" in solutions
    assert lint(source, "04-interventions") == []
    assert source.cells[0].cell_type == "markdown" and source.cells[0].source.startswith("# Exercises")


def test_reference_solutions_pass_every_check(solved):
    for question in ASSIGNMENT.questions:
        feedback = question.check(solved[question.answer_name])
        assert feedback.status == ("ungraded" if isinstance(question, Reflection) else "correct"), (question.qid, feedback)


def test_student_copy_runs_and_leaves_every_question_unanswered(source):
    student = make_edition(source, "student", "04-interventions")
    text = "\n".join(c.source for c in student.cells)
    assert "BEGIN SOLUTION" not in text and "smf.ols(\"depress2 ~ treat\"" not in text
    namespace = run_cells(student)
    for question in ASSIGNMENT.questions:
        assert namespace[question.answer_name] is Ellipsis
        assert question.check(namespace[question.answer_name]).status == "unanswered"


# ------------------------------------------------------------------------------ every key, computed independently
def test_adjusted_itt_key_by_least_squares_and_narrower_than_the_pages_interval(jobs):
    key = ASSIGNMENT.question("q1").reference()
    # Another route: numpy least squares with the classical covariance.
    X = np.column_stack([np.ones(len(jobs)), jobs[["treat", "depress1", "econ_hard", "sex", "age"]].to_numpy(float)])
    y = jobs["depress2"].to_numpy(float)
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    df = len(y) - X.shape[1]
    se = np.sqrt(resid @ resid / df * np.linalg.inv(X.T @ X)[1, 1])
    from scipy import stats
    half = stats.t.ppf(0.975, df) * se
    assert key == pytest.approx([beta[1], beta[1] - half, beta[1] + half], abs=1e-10)
    unadjusted = smf.ols("depress2 ~ treat", data=jobs).fit().conf_int().loc["treat"]
    assert key[2] - key[1] < unadjusted[1] - unadjusted[0]  # the point of the question: adjustment narrows it
    assert key[1] < 0 < key[2]


def test_cace_key_by_hand():
    assert ASSIGNMENT.question("q3").answer == pytest.approx(-0.2)


def test_effect_at_hardship_key_equals_refitting_with_hardship_centred_at_four(jobs):
    centred = jobs.assign(eh=jobs.econ_hard - 4)
    at_four = smf.ols("depress2 ~ treat * eh", data=centred).fit().params["treat"]
    assert ASSIGNMENT.question("q4").reference() == pytest.approx(at_four, abs=1e-10)


def test_mediation_key_paths_add_up_to_the_adjusted_total_effect(jobs):
    indirect, direct = ASSIGNMENT.question("q6").reference()
    # With the same covariate in every model, a x b + c' equals the covariate-adjusted total effect exactly.
    total = smf.ols("depress2 ~ treat + depress1", data=jobs).fit().params["treat"]
    assert indirect + direct == pytest.approx(total, abs=1e-12)
    X = np.column_stack([np.ones(len(jobs)), jobs[["treat", "depress1"]].to_numpy(float)])
    a = np.linalg.lstsq(X, jobs["job_seek"].to_numpy(float), rcond=None)[0][1]  # another route to the a path
    b = smf.ols("depress2 ~ treat + job_seek + depress1", data=jobs).fit().params["job_seek"]
    assert indirect == pytest.approx(a * b, abs=1e-12)


def test_power_keys_from_statsmodels():
    mde = ASSIGNMENT.question("q8").answer
    analysed = 150 * 0.8
    assert TTestIndPower().power(mde * 0.7, analysed, 0.05) == pytest.approx(0.8, abs=1e-6)
    n = int(ASSIGNMENT.question("q10").answer)
    assert TTestIndPower().power(0.59, n, 0.05) >= 0.8 > TTestIndPower().power(0.59, n - 1, 0.05)


def test_q9_key_none_of_the_cited_trials_had_80_percent_power():
    powers = [TTestIndPower().power(0.27, total / 2, 0.05) for total in (51, 86, 206)]
    assert max(powers) < 0.8
    q9 = ASSIGNMENT.question("q9")
    assert [o.text for o in q9.options if o.correct] == ["None of them"]
    # the feedback quotes the powers: they must match
    assert f"{powers[0]:.2f}"[1:] in q9.options[0].feedback and f"{powers[1]:.2f}"[1:] in q9.options[1].feedback


# ----------------------------------------------------------------------------------------------- targeted feedback
@pytest.mark.parametrize(("qid", "answer", "phrase"), [
    ("q2", "a", "breaks the comparability"), ("q2", "c", "instrument"), ("q5", "a", "not a significant difference"),
    ("q5", "c", "fishing"), ("q7", "a", "randomised"), ("q7", "c", "adds noise"), ("q9", "c", "under .5"),
    ("q11", "a", "both curves"), ("q11", "c", "per-protocol"), ("q12", "b", "twice"),
])
def test_wrong_choices_get_their_own_feedback(qid, answer, phrase):
    feedback = ASSIGNMENT.question(qid).check(answer)
    assert feedback.status == "incorrect" and phrase in feedback.message


def test_numeric_slips_get_hints():
    q3 = ASSIGNMENT.question("q3")
    assert "sign" in q3.check(0.2).message  # forgot the sign
    assert not q3.check(-0.072).correct      # multiplied instead of divided
    assert q3.check("-0,2").correct


def test_code_answers_in_the_wrong_shape_are_told_so(jobs):
    q1 = ASSIGNMENT.question("q1")
    key = q1.reference()
    assert q1.check(float(key[0])).status in {"incorrect", "invalid"}
    assert q1.check(list(key[::-1])).status == "incorrect"
    q4 = ASSIGNMENT.question("q4")
    b = smf.ols("depress2 ~ treat * econ_hard", data=jobs).fit().params
    assert q4.check(b["treat"]).status == "incorrect"  # the effect at hardship 0
