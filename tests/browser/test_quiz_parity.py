"""One source for what Python and the browser both do: the same inputs through both, the same results required.

quiz.js (on the built self-checks page, with no kernel) and the Python package parse numbers, give hints, score
multiple choice, save reflections and pick the best attempt; their labels and messages come from one table embedded
in the page. Each table below runs through both and the results must be equal, so they cannot drift apart again.
"""

from __future__ import annotations

import math

import pytest

from socialties.exercises.check.progress import rank
from socialties.exercises.questions import (
    STATUS_LABELS,
    STATUS_RANK,
    MultipleChoice,
    Numeric,
    Option,
    Reflection,
    parse_number,
)
from socialties.exercises.check.static import answer_key, shared_data

pytestmark = pytest.mark.browser
PAGE = "/book/self-checks.html"

NUMBERS = [
    "0.25", " -3.1 ", "+.5", "5.", "1e3", "-1.2E-3", "1,234.5", "12,345,678", "0,35", "1,2,3", "35%", "35 %",
    "\u22120.5", "1\u2009000", "2 kg", "2kg", "", "   ", "\u2009", "abc", "0x10", "1_000", "inf", "nan", "1e999",
    "--1", "1.2.3", ".", "e5", "\u0663", "\uff11", "\U0001d7d9", "12,34", "1,234,56", "0.5.", "%", "5%%",
    "7" * 2001, "\U0001f600" * 1500, "3\u00a0000", "<script>", "1;2",
]
UNITS = ["", "%", "kg", "points"]
QUESTIONS = [
    Numeric(qid="q1", prompt="p", answer=0.023, rel_tol=0.02),
    Numeric(qid="q2", prompt="p", answer=-1.5, abs_tol=0.05, units="kg"),
    Numeric(qid="q3", prompt="p", answer=40.0, rel_tol=0.01, units="%"),
    Numeric(qid="q4", prompt="p", answer=0.0, abs_tol=0.01),
    Numeric(qid="q5", prompt="p", answer=3.0, rel_tol=0.01, hints=False),
    Numeric(qid="q6", prompt="p", answer=0.3, abs_tol=0.005, slips=((0.6, "Twice the answer: a slip."),
                                                                       (1.5, "You gave b1 + b3 at z = 2."))),
]
NUMERIC_ANSWERS = ["0.023", "2.3", "-0.023", "0.23", "0.0023", "0.024", "0.03", "1.5", "-1.5 kg", "-150",
                   "40", "40%", "0.4", "4", "0", "0.005", "-0.02", "3", "-3", "300", "", "x", "1e400", "0.6", "1.5",
                   "0.603", "-0.3"]
SINGLE = MultipleChoice(qid="m1", prompt="p", options=[Option("a", feedback="A is not it."),
                                                       Option("b", correct=True, feedback="Right: b."),
                                                       Option("c")])
SEVERAL = MultipleChoice(qid="m2", prompt="p", multiple=True, options=[
    Option("a", correct=True, feedback="a yes"), Option("b", feedback="b no"), Option("c", correct=True),
    Option("d"), Option("e", correct=True, feedback="e yes")])
CHOICES = {SINGLE: [[], ["a"], ["b"], ["c"]],
           SEVERAL: [[], ["a"], ["b"], ["a", "c"], ["a", "c", "e"], ["a", "b", "c", "e"], ["b", "d"],
                     ["e", "a"], ["a", "b", "c", "d", "e"]]}
REFLECTIONS = ["", "   ", "one", "two  words\n", " My sister, mostly. ", "\u00e9t\u00e9 \u65e5\u672c", "a\tb"]


@pytest.fixture(scope="module")
def quiz(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site_url) else route.abort())
    page.goto(site_url + PAGE)
    page.wait_for_function("() => window.socialtiesQuiz && window.socialtiesQuizData")
    yield page
    context.close()


def same_number(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, rel_tol=1e-15))


def test_the_page_embeds_the_one_table_of_labels_and_messages(quiz):
    embedded = quiz.evaluate("() => window.socialtiesQuizData")
    assert embedded == shared_data()
    assert {s: tuple(v) for s, v in embedded["labels"].items()} == STATUS_LABELS


def test_numbers_are_parsed_alike(quiz):
    cases = [(text, units) for text in NUMBERS for units in UNITS]
    browser = quiz.evaluate("(cases) => cases.map(([t, u]) => window.socialtiesQuiz.parseNumber(t, u))", cases)
    differences = []
    for (text, units), js in zip(cases, browser):
        value, message = parse_number(text, units)
        if not same_number(value, js["value"]) or message != js["message"]:
            differences.append(f"{text[:20]!r} ({units!r}): Python {(value, message)} vs browser "
                               f"{(js['value'], js['message'])}")
    assert differences == []


def test_numeric_checks_and_hints_agree(quiz):
    cases = [(answer_key(q), text, q) for q in QUESTIONS for text in NUMERIC_ANSWERS]
    browser = quiz.evaluate("(cases) => cases.map(([k, t]) => window.socialtiesQuiz.checkNumeric(k, t))",
                            [[key, text] for key, text, _ in cases])
    differences = []
    for (key, text, question), js in zip(cases, browser):
        py = question.check(text)
        if (py.status, py.score, py.message) != (js["status"], js["score"], js["message"]):
            differences.append(f"{question.qid} {text!r}: Python {py} vs browser {js}")
    assert differences == []


def test_multiple_choice_is_scored_alike(quiz):
    cases = [(question, chosen) for question, choices in CHOICES.items() for chosen in choices]
    browser = quiz.evaluate("(cases) => cases.map(([k, c]) => window.socialtiesQuiz.checkChoice(k, c))",
                            [[answer_key(q), chosen] for q, chosen in cases])
    differences = []
    for (question, chosen), js in zip(cases, browser):
        py = question.check(chosen)
        if (py.status, py.message) != (js["status"], js["message"]) or not math.isclose(py.score, js["score"]):
            differences.append(f"{question.qid} {chosen}: Python {py} vs browser {js}")
    assert differences == []


def test_reflections_are_saved_alike(quiz):
    question = Reflection(qid="r1", prompt="p")
    browser = quiz.evaluate("(texts) => texts.map((t) => window.socialtiesQuiz.checkReflection(t))", REFLECTIONS)
    for text, js in zip(REFLECTIONS, browser):
        py = question.check(text)
        assert (py.status, py.message) == (js["status"], js["message"]), text


def test_the_best_attempt_is_chosen_alike(quiz):
    results = [(status, score) for status in STATUS_RANK for score in (0.0, 0.5, 1.0)
               if (score == 1.0) == (status == "correct") and (0 < score < 1) == (status == "partial")]
    pairs = [(new, old) for new in results for old in results]
    browser = quiz.evaluate(
        "(pairs) => pairs.map(([n, o]) => window.socialtiesQuiz.better({status: n[0], score: n[1]}, "
        "{status: o[0], score: o[1]}))", pairs)
    for (new, old), js in zip(pairs, browser):
        assert (rank(*new) >= rank(*old)) == js, (new, old)
