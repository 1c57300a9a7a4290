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

NOTEBOOK = Path(__file__).resolve().parents[1] / "exercises" / "01-mechanisms.ipynb"


def run_cells(nb: nbformat.NotebookNode) -> dict:
    """Execute a notebook's code cells in one namespace, in order (the course's own trusted notebook)."""
    namespace: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, "<notebook cell>", "exec"), namespace)  # noqa: S102 - our own notebook
    return namespace


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


def test_power_answer_is_the_first_n_reaching_eighty_percent():
    from socialties.buffering import analytic_power

    n = int(ASSIGNMENT.question("q8").answer)
    assert analytic_power(n, f2=0.02) >= 0.8 > analytic_power(n - 1, f2=0.02)


# ------------------------------------------------------------------------------------------ targeted feedback
@pytest.mark.parametrize(
    ("qid", "answer", "status", "phrase"),
    [
        ("q1", "a", "incorrect", "every level of stress"),
        ("q1", "c", "incorrect", "large difference"),
        ("q2", "b", "incorrect", "That is buffering"),
        ("q2", "d", "incorrect", "opposite of buffering"),
        ("q3", ["a"], "partial", "missing"),
        ("q3", ["a", "b", "c", "d"], "partial", "Functional (perceived tangible support)"),
        ("q4", "a", "incorrect", "buffering, not a main effect"),
        ("q4", "c", "incorrect", "more* distress"),
        ("q9", "a", "incorrect", "less reliable"),
        ("q9", "d", "incorrect", "cannot exceed 1"),
        ("q10", "b", "incorrect", "not evidence of absence"),
        ("q10", "d", "incorrect", "Centring does not change"),
    ],
)
def test_wrong_choices_get_their_own_feedback(qid, answer, status, phrase):
    feedback = ASSIGNMENT.question(qid).check(answer)
    assert feedback.status == status and phrase in feedback.message


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [(-0.3, "sign"), (30, "100 times too large"), (0.03, "factor of ten")],
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


def test_reading_the_power_off_a_curve_is_close_enough():
    q8 = ASSIGNMENT.question("q8")
    n = q8.answer
    assert q8.check(round(n, -1)).correct  # to the nearest ten
    assert not q8.check(n / 2).correct


@pytest.mark.parametrize("junk", [None, float("nan"), math.inf, "", "drop table", [1, 2, 3], {"a": 1}, object(),
                                  10**400, pd.DataFrame(), Ellipsis])
def test_no_answer_makes_a_check_raise(junk):
    for question in ASSIGNMENT.questions:
        feedback = question.check(junk)
        assert feedback.status in {"incorrect", "invalid", "unanswered", "partial", "ungraded"}


def test_reflection_is_not_graded_and_wants_a_paragraph():
    q11 = ASSIGNMENT.question("q11")
    assert q11.points == 0
    assert q11.check("too short").status == "unanswered"
    assert q11.check(" ".join(["word"] * 25)).status == "ungraded"


def test_question_types_are_as_documented():
    types = {q.qid: type(q) for q in ASSIGNMENT.questions}
    assert types["q5"] is Numeric and types["q8"] is Numeric
    assert types["q6"] is CodeCheck and types["q7"] is CodeCheck
    assert all(types[q] is MultipleChoice for q in ("q1", "q2", "q3", "q4", "q9", "q10"))


def test_q10_premise_holds_the_simulated_survey_misses_its_interaction():
    """q10 and the statistics page say the shipped survey's interaction is not significant; keep them true."""
    data = simulated_survey()
    assert data.attrs["simulated"] is True
    fit = smf.ols("distress ~ stress * support", data=data).fit()
    assert fit.pvalues["stress:support"] > 0.05
