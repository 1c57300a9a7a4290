"""Question types: what each check says, and that no input whatsoever makes a check raise."""

from __future__ import annotations

import math
import sys
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from hypothesis.extra import pandas as hpd

from socialties.exercises.questions import (
    STATUSES,
    CodeCheck,
    Feedback,
    MultipleChoice,
    Numeric,
    Option,
    Reflection,
    parse_number,
)
from socialties.exercises.registry import Assignment, UnknownAssignment, get_assignment, list_assignments

# ------------------------------------------------------------------------------------------------------ fixtures


def single() -> MultipleChoice:
    return MultipleChoice(qid="q1", prompt="Which?", options=[
        Option("Perceived support", True, "Yes, perceived."),
        Option("Network size", False, "That is the main effect."),
        Option("Neither", False, "")])


def several() -> MultipleChoice:
    return MultipleChoice(qid="q2", prompt="Which?", multiple=True, options=[
        Option("Marital status", True, "Yes."), Option("Income", False, "Not a tie."),
        Option("Church", True, "Yes."), Option("Doctor visits", False, "No.")])


def proportion() -> Numeric:
    return Numeric(qid="q3", prompt="Difference?", answer=0.023, abs_tol=0.0005, rel_tol=0.0)


FRAME = pd.DataFrame({"group": ["low", "high"], "mean_bdi": [12.5, 7.25]})


def frame_check() -> CodeCheck:
    return CodeCheck(qid="q4", prompt="Means", expected=lambda: FRAME.copy())


def function_check(timeout: float = 5.0) -> CodeCheck:
    return CodeCheck(qid="q5", prompt="f", expected=lambda: (lambda items: sum(items) < 12),
                     probes=[([0] * 6,), ([2] * 6,), ([5, 5, 1, 0, 0, 0],)], timeout=timeout)


def all_questions() -> list:
    return [
        single(), several(), proportion(),
        Numeric(qid="q6", prompt="Percent", answer=58.0, units="%"),
        Numeric(qid="q7", prompt="Zero", answer=0.0, abs_tol=0.01),
        frame_check(), function_check(timeout=1.0),
        CodeCheck(qid="q8", prompt="s", expected=lambda: pd.Series([1.0, 2.0, np.nan], index=["a", "b", "c"])),
        CodeCheck(qid="q9", prompt="a", expected=lambda: np.arange(6.0).reshape(2, 3)),
        CodeCheck(qid="q10", prompt="n", expected=lambda: 0.4521),
        CodeCheck(qid="q11", prompt="d", expected=lambda: {"beta": 0.3, "labels": ["a", "b"]}),
        CodeCheck(qid="q12", prompt="t", expected=lambda: "buffering"),
        Reflection(qid="q13", prompt="Think"),
    ]


# ----------------------------------------------------------------------------------------------- multiple choice


def test_single_choice_gives_the_chosen_options_feedback():
    q = single()
    assert q.check("a") == Feedback("correct", 1.0, "Yes, perceived.")
    assert q.check(" (B) ") == Feedback("incorrect", 0.0, "That is the main effect.")
    assert q.check("Network size").status == "incorrect"  # the option's text works too
    assert q.check("c").message.startswith("Think again")  # an option without feedback gets the default


def test_single_choice_rejects_unreadable_answers_with_a_message():
    q = single()
    assert q.check("z").status == "invalid"
    assert q.check(["a", "b"]).message == "Choose only one option."
    assert q.check(True).status == "invalid"
    assert "not a number" in q.check(1).message  # first option, or (b)? Letters only.
    assert q.check(None).status == "invalid" and "None" in q.check(None).message
    assert q.check(...).status == "unanswered"
    assert q.check("").status == "unanswered"


def test_multiple_choice_scores_partial_credit_and_explains():
    q = several()
    assert q.check(["a", "c"]).status == "correct"
    assert q.check("c, a").status == "correct"
    partial = q.check(["a"])
    assert (partial.status, partial.score) == ("partial", 0.5)
    assert "missing" in partial.message
    wrong = q.check(["a", "b"])  # one hit, one false alarm: no credit
    assert (wrong.status, wrong.score) == ("incorrect", 0.0)
    assert "Not a tie." in wrong.message and "1 of your choices is not right." in wrong.message


def test_author_errors_in_multiple_choice_are_caught_at_definition():
    with pytest.raises(ValueError, match="multiple=True"):
        MultipleChoice(qid="q1", prompt="?", options=[Option("a", True), Option("b", True)])
    with pytest.raises(ValueError, match="0 correct"):
        MultipleChoice(qid="q1", prompt="?", options=[Option("a"), Option("b")])
    with pytest.raises(ValueError, match="qid"):
        MultipleChoice(qid="1 bad", prompt="?", options=[Option("a", True), Option("b")])


# ------------------------------------------------------------------------------------------------------- numeric


@pytest.mark.parametrize("typed", ["0.023", "0.0232", "2.3%", " 0,023 ", "2.3 %", 0.023,
                                   np.float32(0.023), np.array([0.023]), Fraction(23, 1000), Decimal("0.023")])
def test_numeric_accepts_the_answer_in_its_usual_forms(typed):
    assert proportion().check(typed).status == "correct"


@pytest.mark.parametrize("typed, slip", [
    ("\u22120.023", "sign"), ("2.3", "percentage where a proportion"), ("0.23", "factor of ten"),
    ("0.0023", "factor of ten"), ("0.02", "round"), ("0.5", "Check your working")])
def test_numeric_hints_name_the_usual_slips(typed, slip):
    feedback = proportion().check(typed)
    assert feedback.status == "incorrect" and slip in feedback.message


def test_numeric_hint_for_a_proportion_given_where_a_percentage_is_asked():
    q = Numeric(qid="q6", prompt="Percent", answer=58.0, units="%")
    assert "proportion where a percentage" in q.check(0.58).message
    assert q.check("58 %").status == "correct"  # with units "%", "58 %" means 58


@pytest.mark.parametrize("typed, words", [
    ("abc", "number only"), ("1+1", "number only"), ("__import__('os')", "number only"), (10**400, "too large"),
    ("1e999", "too large"), (math.nan, "NaN"), (-math.inf, "infinite"), ([0.023], "single number"),
    (True, "not True or False"), (1 + 2j, "complex"), ("9" * 5000, "too long"), (None, "None")])
def test_numeric_explains_unreadable_input(typed, words):
    feedback = proportion().check(typed)
    assert feedback.status == "invalid" and words in feedback.message


def test_parse_number_reads_text_without_evaluating_it():
    assert parse_number("1,234.5") == (1234.5, "")
    assert parse_number("12 years", units="years") == (12.0, "")
    assert parse_number("-1.5e-3") == (-0.0015, "")
    assert parse_number("2**10")[0] is None


def test_numeric_rejects_impossible_definitions():
    with pytest.raises(ValueError):
        Numeric(qid="q1", prompt="?", answer=math.inf)
    with pytest.raises(ValueError):
        Numeric(qid="q1", prompt="?", answer=0.0)  # zero needs an absolute tolerance


# ---------------------------------------------------------------------------------------------------------- code


@pytest.mark.parametrize("answer, words", [
    (FRAME.copy(), "matches the reference"),
    (FRAME[["mean_bdi", "group"]].copy(), "matches the reference"),  # column order is free unless asked
    (FRAME.assign(mean_bdi=[12.5, 7.3]), "Column 'mean_bdi': 1 of 2 differ beyond the tolerance (first at position 1)"),
    (FRAME.rename(columns={"mean_bdi": "bdi"}), "Missing column(s) 'mean_bdi'; unexpected column(s) 'bdi'"),
    (FRAME.iloc[:1], "shape is (1, 2)"),
    (FRAME["mean_bdi"], "not a Series"),
    (FRAME.to_numpy(), "DataFrame is expected, not a numpy.ndarray"),
    (7.25, "not a float"),
])
def test_code_check_on_a_dataframe_says_what_differs(answer, words):
    assert words in frame_check().check(answer).message


def test_code_check_on_series_arrays_numbers_dicts_and_text():
    series, array, number, mapping, text = all_questions()[7:12]
    good = pd.Series([1.0, 2.0, np.nan], index=["x", "y", "z"])
    assert series.check(good).status == "correct"  # NaN matches NaN; index only checked when asked
    assert "3 values; expected" not in series.check(good).message
    assert "has 2 values; expected 3" in series.check(good.iloc[:2]).message
    assert "select the column" in series.check(good.to_frame()).message
    assert "shape is (3, 2); expected (2, 3)" in array.check(np.zeros((3, 2))).message
    assert array.check(np.arange(6.0).reshape(2, 3) + 1e-9).status == "correct"
    assert array.check([[0, 1, 2], [3, 4, 5]]).status == "correct"
    assert "too high" in number.check(0.46).message and "too low" in number.check(0.44).message
    assert "NaN" in number.check(float("nan")).message
    assert number.check(np.float64(0.4521)).status == "correct"
    assert "key 'labels' is missing" in mapping.check({"beta": 0.3}).message
    assert "at key 'beta'" in mapping.check({"beta": 0.5, "labels": ["a", "b"]}).message
    assert text.check("buffering").status == "correct" and "Text is expected" in text.check(3).message


def test_code_check_calls_a_function_on_the_probes_and_reports_failures():
    q = function_check()
    assert q.check(lambda items: sum(items) < 12).status == "correct"
    off_by_one = q.check(lambda items: sum(items) <= 12).message
    assert "Called with ([2, 2, 2, 2, 2, 2])" in off_by_one and "is True; it should be False" in off_by_one
    assert "raised ZeroDivisionError" in q.check(lambda items: 1 / 0).message
    assert "raised SystemExit" in q.check(lambda items: sys.exit(3)).message
    assert "A function is expected, not an int" in q.check(12).message
    placeholder = q.check(lambda items: ...)  # the student copy's `return ...`
    assert placeholder.status == "unanswered" and "placeholder" in placeholder.message


def test_code_check_stops_a_function_that_never_returns():
    def forever(items):
        while True:
            pass

    assert "did not finish within 0.2 s" in function_check(timeout=0.2).check(forever).message


def test_the_probe_timer_leaves_a_callers_own_alarm_alone():
    import signal

    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        assert function_check(timeout=0.05).check(lambda items: sum(items) < 12).correct
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0  # the caller's timer still runs
        signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_code_check_does_not_let_a_function_mutate_the_probes():
    q = function_check()

    def destructive(items):
        items.clear()
        return True

    q.check(destructive)
    assert q.check(lambda items: sum(items) < 12).status == "correct"


def test_a_broken_reference_is_reported_not_raised():
    q = CodeCheck(qid="q1", prompt="?", expected=lambda: 1 / 0)
    assert q.check(1).status == "ungraded" and "instructor" in q.check(1).message


# ---------------------------------------------------------------------------------------------------- reflection


def test_reflection_keeps_text_and_is_not_graded():
    q = Reflection(qid="q1", prompt="Think")
    assert q.points == 0
    assert q.check("My sister helps.").status == "ungraded"
    assert q.check("   ").status == "unanswered"
    assert q.check(42).status == "invalid"


# -------------------------------------------------------------------------------------------------- registry


def test_registry_finds_sets_by_assignment_name():
    tour = get_assignment("00-tour")
    assert "00-tour" in list_assignments()
    assert [q.qid for q in tour.questions] == ["q1", "q2", "q3", "q4", "q5"]
    assert tour.question("q2").answer_name == "q2_answer"
    with pytest.raises(KeyError, match="its questions are: q1, q2"):
        tour.question("q99")
    with pytest.raises(UnknownAssignment, match="Known: .*00-tour"):
        get_assignment("no-such-assignment")


def test_assignment_rejects_duplicate_question_ids():
    with pytest.raises(ValueError, match="used twice"):
        Assignment(name="x", title="x", questions=[Reflection(qid="q1", prompt="a"), Reflection(qid="q1", prompt="b")])


def test_tour_reference_solutions_pass_their_own_checks():
    tour = get_assignment("00-tour")
    assert tour.question("q1").check("a").correct
    assert tour.question("q2").check(0.058 - 0.035).correct
    assert tour.question("q3").check(["a", "c", "e"]).correct
    namespace: dict = {}
    exec(tour.question("q4").solution.strip("`").removeprefix("python\n"), namespace)  # the course's own solution
    assert tour.question("q4").check(namespace["q4_answer"]).correct


# ------------------------------------------------------------------------------------ property: checks never raise


class Hostile:
    """Every dunder a check might touch raises."""

    def _boom(self, *args, **kwargs):
        raise RuntimeError("hostile")

    __eq__ = __ne__ = __lt__ = __gt__ = __float__ = __int__ = __index__ = __bool__ = __len__ = __iter__ = _boom
    __repr__ = __str__ = __format__ = __hash__ = __call__ = __getitem__ = __array__ = _boom


class Exiting:
    """Raises SystemExit where a check looks (an answer should not be able to stop the checker)."""

    def _exit(self, *args, **kwargs):
        raise SystemExit(1)

    __eq__ = __float__ = __bool__ = __len__ = __iter__ = __index__ = __call__ = _exit
    __hash__ = object.__hash__


class HostileFloat(float):
    def __eq__(self, other):
        raise RuntimeError("hostile")

    __float__ = __repr__ = __hash__ = __bool__ = __eq__


class HostileStr(str):
    def strip(self, *args):
        raise RuntimeError("hostile")

    __eq__ = __hash__ = __len__ = strip


class HostileFrame(pd.DataFrame):
    @property
    def columns(self):
        raise RuntimeError("hostile")


def _recursive_list() -> list:
    items: list = []
    items.append(items)
    return items


scalars = st.one_of(
    st.none(), st.just(...), st.booleans(), st.integers(), st.integers(min_value=10**308, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=50), st.binary(max_size=20),
    st.complex_numbers(allow_nan=True), st.decimals(allow_nan=True), st.fractions(),
    st.sampled_from(["a", "B", "(c)", "a, c", "0.023", "2.3%", "-0.023", "1e999", "nan", "inf", "<img src=x>"]),
)
containers = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner), st.sets(st.sampled_from(["a", "b", "c", 1])),
    st.dictionaries(st.text(max_size=5), inner, max_size=3)), max_leaves=8)
arrays = hnp.arrays(dtype=st.sampled_from([np.float64, np.int64, np.bool_, np.complex128, "U3"]),
                    shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=3))
frames = hpd.data_frames(columns=hpd.columns(["group", "mean_bdi"], elements=st.floats(allow_nan=True)),
                         index=hpd.range_indexes(max_size=3))
series = hpd.series(elements=st.floats(allow_nan=True), index=hpd.range_indexes(max_size=4))
functions = st.sampled_from([lambda items: True, lambda items: None, lambda *a, **k: Hostile(),
                             lambda items: 1 / 0, len, print, sum, Hostile])
# built per example (hypothesis hashes sampled_from elements, and these refuse to be hashed)
hostile = st.one_of(st.builds(Hostile), st.builds(Exiting), st.builds(HostileFloat, st.just(0.023)), st.builds(HostileStr, st.just("a")),
                    st.builds(_recursive_list), st.builds(lambda: HostileFrame({"group": [1.0], "mean_bdi": [2.0]})),
                    st.builds(object), st.just(type), st.just(Hostile))
anything = st.one_of(scalars, containers, arrays, frames, series, functions, hostile)
QUESTIONS = all_questions()


def _valid(feedback: Feedback) -> None:
    assert isinstance(feedback, Feedback)
    assert feedback.status in STATUSES
    assert 0.0 <= feedback.score <= 1.0
    assert isinstance(feedback.message, str) and feedback.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=anything)
def test_no_input_makes_any_check_raise(answer):
    for question in QUESTIONS:
        _valid(question.check(answer))


@settings(max_examples=200, deadline=None)
@given(answer=st.one_of(scalars, containers, arrays, frames, series))
def test_ordinary_inputs_are_handled_by_the_checks_themselves(answer):
    """Beyond the safety net: ordinary values never reach the generic 'could not be checked' message."""
    for question in QUESTIONS:
        feedback = question.check(answer)
        _valid(feedback)
        assert "could not be checked" not in feedback.message, (question.qid, feedback)
