"""The "03-context" question set: the notebook's reference solutions pass, every key is recomputed here from the data
or the prompt's numbers independently, wrong answers get targeted feedback, and the student copy runs unanswered."""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from socialties.data import GSS_ATTEND_ORDER, GSS_HAPPY_ORDER, load
from socialties.exercises.assign.editions import find_regions, lint, make_edition
from socialties.exercises.questions import Reflection
from socialties.exercises.registry import get_assignment
from socialties.exercises.sets import context as qset
from socialties.exercises.sets.context import ASSIGNMENT

from exercise_notebooks import run_cells

NOTEBOOK = Path(__file__).resolve().parents[1] / "exercises" / "03-context.ipynb"



@pytest.fixture(scope="module")
def source() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def solved(source) -> dict:
    return run_cells(source)


@pytest.fixture(scope="module")
def raw_people() -> pd.DataFrame:
    """The GSS respondents prepared here from the raw file, not with the package's helper."""
    raw = load("gss_happiness")
    raw = raw[raw["attend"].notna()].copy()
    raw["attend_score"] = raw["attend"].map({a: i for i, a in enumerate(GSS_ATTEND_ORDER)}).astype(float)
    raw["happy_score"] = raw["happy"].map({h: i + 1 for i, h in enumerate(GSS_HAPPY_ORDER)}).astype(float)
    return raw


def test_registry_finds_the_set_and_it_has_the_required_questions():
    assert get_assignment("03-context") is ASSIGNMENT
    kinds = [q.kind for q in ASSIGNMENT.questions]
    graded = [q for q in ASSIGNMENT.questions if q.points > 0]
    assert len(graded) >= 10
    assert kinds.count("multiple_choice") >= 3 and kinds.count("numeric") >= 3 and kinds.count("code") >= 3
    assert kinds.count("reflection") == 1


def test_notebook_names_its_assignment_asks_every_question_and_follows_the_convention(source):
    assert source.metadata["socialties"] == {"assignment": "03-context"}
    code = "\n".join(c.source for c in source.cells if c.cell_type == "code")
    solutions = "\n".join(r.code for c in source.cells if c.cell_type == "code" for r in find_regions(c.source))
    for question in ASSIGNMENT.questions:
        assert f'ex.ask("{question.qid}")' in code
        assert f"{question.answer_name} =" in solutions
    assert lint(source, "03-context") == []
    for cell in source.cells:
        if "BEGIN SOLUTION" in cell.source:
            assert "hide-cell" in cell.metadata.get("tags", [])


def test_reference_solutions_pass_every_check(solved):
    for question in ASSIGNMENT.questions:
        feedback = question.check(solved[question.answer_name])
        expected = "ungraded" if isinstance(question, Reflection) else "correct"
        assert feedback.status == expected, (question.qid, feedback)


def test_student_copy_runs_and_leaves_every_question_unanswered(source):
    student = make_edition(source, "student", "03-context")
    text = "\n".join(c.source for c in student.cells)
    assert "BEGIN SOLUTION" not in text and "smf.ols(" not in text and 'q12_answer = "b"' not in text
    namespace = run_cells(student)
    for question in ASSIGNMENT.questions:
        assert namespace[question.answer_name] is Ellipsis
        assert question.check(namespace[question.answer_name]).status == "unanswered"


# --------------------------------------------------------------------- every key, recomputed independently
def test_icc_and_design_effect_keys_from_the_prompt_numbers():
    assert ASSIGNMENT.question("q4").answer == pytest.approx(1.8 / 36.0)
    assert ASSIGNMENT.question("q5").answer == pytest.approx(1 + 40 * 0.05)
    assert "1.8" in ASSIGNMENT.question("q4").prompt and "34.2" in ASSIGNMENT.question("q4").prompt
    assert "41 people" in ASSIGNMENT.question("q5").prompt


def test_ecological_keys_from_a_person_level_table():
    # Expand the towns to 3,000 people and compute both levels from the individuals.
    rows = []
    for town, vol, pct in zip("NMS", (100, 400, 700), (20, 14, 8)):
        for volunteer, count in ((1, vol), (0, 1000 - vol)):
            lonely = round(count * pct / 100)
            rows += [(town, volunteer, 1)] * lonely + [(town, volunteer, 0)] * (count - lonely)
    people = pd.DataFrame(rows, columns=["town", "volunteer", "lonely"])
    by = people.groupby("volunteer")["lonely"].mean() * 100
    assert ASSIGNMENT.question("q6").answer == pytest.approx(by[1] - by[0], abs=1e-9) == pytest.approx(-5.0)
    within = people.groupby(["town", "volunteer"])["lonely"].mean().unstack()
    assert np.allclose(within[1], within[0])  # no difference inside any town: the point of q7
    towns = people.groupby("town").agg(vol=("volunteer", "mean"), lonely=("lonely", "mean")) * 100
    assert qset.ecological_slope_x100() == pytest.approx(100 * np.polyfit(towns["vol"], towns["lonely"], 1)[0])
    assert ASSIGNMENT.question("q7").options[2].correct and "-0.2 points" in ASSIGNMENT.question("q7").prompt


def test_code_keys_from_the_raw_data(raw_people):
    within = smf.ols("happy_score ~ attend_score + C(region)", data=raw_people).fit().params["attend_score"]
    assert ASSIGNMENT.question("q8").reference() == pytest.approx(within, abs=1e-12)
    # The within slope by demeaning both variables inside regions (the fixed-effects identity).
    d = raw_people.assign(**{c: raw_people[c] - raw_people.groupby("region")[c].transform("mean")
                             for c in ("attend_score", "happy_score")})
    assert ASSIGNMENT.question("q8").reference() == pytest.approx(
        (d["attend_score"] * d["happy_score"]).sum() / (d["attend_score"] ** 2).sum(), abs=1e-10)
    means = raw_people.groupby("region")[["attend_score", "happy_score"]].mean()
    assert len(means) == 9
    assert ASSIGNMENT.question("q9").reference() == pytest.approx(
        np.polyfit(means["attend_score"], means["happy_score"], 1)[0], abs=1e-10)
    # q10 by hand: one-way ANOVA across years.
    g = raw_people.groupby("year")["happy_score"]
    n, k, total = g.size(), g.ngroups, len(raw_people)
    msb = (n * (g.mean() - raw_people["happy_score"].mean()) ** 2).sum() / (k - 1)
    msw = ((raw_people["happy_score"] - g.transform("mean")) ** 2).sum() / (total - k)
    n0 = (total - (n**2).sum() / total) / (k - 1)
    assert ASSIGNMENT.question("q10").reference() == pytest.approx((msb - msw) / (msb + (n0 - 1) * msw), rel=1e-9)


def test_layers_share_key_from_the_paths():
    a, b, cc, cn, ci = 0.3, 0.7, -0.05, -0.10, -0.35
    assert ASSIGNMENT.question("q11").answer == pytest.approx((a * cn + a * b * ci) / (cc + a * cn + a * b * ci))
    assert "a = 0.3" in ASSIGNMENT.question("q11").prompt


# ------------------------------------------------------------------------------------------ targeted feedback
@pytest.mark.parametrize(
    ("qid", "answer", "status", "phrase"),
    [
        ("q1", ["c", "d", "e", "f"], "partial", "bonding layer"),
        ("q1", ["a"], "incorrect", "binding layer"),
        ("q2", "b", "incorrect", "it bridges"),
        ("q2", "d", "incorrect", "They do not"),
        ("q3", "d", "incorrect", "ego-network density"),
        ("q7", "a", "incorrect", "ecological fallacy"),
        ("q7", "b", "incorrect", "concentrated in South"),
        ("q12", "a", "incorrect", "not the 2,400 people"),
        ("q12", "d", "incorrect", "tiny ICC"),
    ],
)
def test_wrong_choices_get_their_own_feedback(qid, answer, status, phrase):
    feedback = ASSIGNMENT.question(qid).check(answer)
    assert feedback.status == status and phrase in feedback.message, feedback


@pytest.mark.parametrize(("qid", "answer", "phrase"), [("q4", 5.0, "100 times"), ("q6", 5.0, "sign"),
                                                       ("q11", 67.4, "100 times")])
def test_numeric_slips_get_hints(qid, answer, phrase):
    feedback = ASSIGNMENT.question(qid).check(answer)
    assert feedback.status == "incorrect" and phrase in feedback.message, feedback
