"""Static rendering: obfuscated keys that round-trip, editions, escaping of anything a student typed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from socialties.exercises import Exercises, obfuscate
from socialties.exercises.questions import Feedback, MultipleChoice, Numeric, Option
from socialties.exercises.registry import Assignment, get_assignment
from socialties.exercises.check.static import answer_key, edition, feedback_html, question_html

XSS = "<img src=x onerror=alert(1)>"
TOUR = get_assignment("00-tour")


@pytest.fixture(autouse=True)
def _edition(monkeypatch):
    monkeypatch.setenv("SOCIALTIES_EDITION", "self-study")


# ------------------------------------------------------------------------------------------------- obfuscation


@pytest.mark.parametrize("payload", [
    {"kind": "numeric", "answer": 0.023, "tolerance": 0.0005},
    {"text": "accents é, CJK 日本, emoji \U0001f600, quotes \" ' </script>"},
    [1, 2.5, None, True, "x" * 1000],
])
def test_obfuscation_round_trips(payload):
    token = obfuscate.encode(payload, "00-tour", "q2")
    assert re.fullmatch(r"[A-Za-z0-9+/=]+", token)
    assert obfuscate.decode(token, "00-tour", "q2") == payload


def test_obfuscation_depends_on_the_question_and_rejects_garbage():
    token = obfuscate.encode({"answer": 0.023}, "00-tour", "q2")
    assert token != obfuscate.encode({"answer": 0.023}, "00-tour", "q3")
    with pytest.raises(ValueError):
        obfuscate.decode(token, "00-tour", "q3")
    with pytest.raises(ValueError):
        obfuscate.decode("not base64!", "00-tour", "q2")


def test_keystream_matches_known_values():
    # Pinned so that a change on one side (Python or quiz.js) cannot pass unnoticed; the browser test decodes
    # these keys with quiz.js.
    assert obfuscate.fnv1a32("") == 0x811C9DC5
    assert obfuscate.fnv1a32("a") == 0xE40C292C  # published FNV-1a 32-bit test vector
    stream = obfuscate.keystream(obfuscate.fnv1a32("socialties|00-tour|q1"))
    first = [next(stream) for _ in range(8)]
    assert all(0 <= b <= 255 for b in first) and len(set(first)) > 4


def test_answer_keys_are_not_in_the_page_in_plain_text():
    page = "".join(question_html(q, TOUR.name) for q in TOUR.questions)
    assert "0.023" not in page  # the numeric answer
    for question in (TOUR.question("q1"), TOUR.question("q3")):
        for option in question.options:
            assert option.feedback not in page  # per-option feedback reveals which is right
        assert '"correct"' not in page
    keys = re.findall(r'data-key="([^"]+)"', page)
    assert len(keys) == 3  # q1, q2, q3: the in-browser checks
    decoded = obfuscate.decode(keys[1], "00-tour", "q2")
    assert decoded["answer"] == 0.023 and decoded["tolerance"] == 0.0005


# ------------------------------------------------------------------------------------------------------ editions


def test_self_study_edition_shows_the_code_solution_in_a_dropdown():
    html = question_html(TOUR.question("q4"), TOUR.name)
    assert '<details class="st-solution">' in html and "sum(items) &lt; 12" in html
    key = answer_key(TOUR.question("q2"))
    assert "0.023" in key["explanation"]  # numeric explanation only inside the obfuscated key


@pytest.mark.parametrize("value", ["student", "studnet"])  # a typo must not publish solutions
def test_student_edition_has_no_solution_anywhere(monkeypatch, value):
    monkeypatch.setenv("SOCIALTIES_EDITION", value)
    assert edition() == "student"
    page = "".join(question_html(q, TOUR.name) for q in TOUR.questions)
    assert "st-solution" not in page and "sum(items)" not in page
    assert "ex.check(&quot;q4&quot;, q4_answer)" in page or 'ex.check("q4", q4_answer)' in page
    for qid in ("q1", "q2", "q3"):
        token = re.search(r'data-key="([^"]+)"', question_html(TOUR.question(qid), TOUR.name)).group(1)
        assert obfuscate.decode(token, "00-tour", qid)["explanation"] == ""


# ------------------------------------------------------------------------------------------------------ markup


def test_questions_are_accessible_markup():
    html = question_html(TOUR.question("q2"), TOUR.name)
    assert '<label for="st-q-00-tour-q2-input">' in html and 'id="st-q-00-tour-q2-input"' in html
    assert 'role="status" aria-live="polite"' in html
    mc = question_html(TOUR.question("q1"), TOUR.name)
    for letter in "abc":
        assert f'id="st-q-00-tour-q1-{letter}"' in mc and f'<label for="st-q-00-tour-q1-{letter}">' in mc
    assert 'role="radiogroup"' in mc and 'type="radio"' in mc
    assert 'type="checkbox"' in question_html(TOUR.question("q3"), TOUR.name)
    assert "<textarea" in question_html(TOUR.question("q5"), TOUR.name)


def test_feedback_uses_words_and_icons_not_colour_alone():
    for status, word in [("correct", "Correct"), ("incorrect", "Not yet"), ("partial", "Partly right")]:
        html = feedback_html(Feedback(status, 0.5, "msg"))
        assert word in html


def test_raw_html_in_course_markdown_is_escaped():
    q = MultipleChoice(qid="q1", prompt=f"Prompt {XSS}", options=[Option(XSS, True), Option("b")])
    html = question_html(q, "x")
    assert "<img" not in html and "&lt;img" in html


# --------------------------------------------------------------------------------------------------- XSS payloads


def _xss_free(html: str) -> None:
    assert XSS not in html
    assert "<img" not in html and "<script" not in html.lower()


@pytest.mark.parametrize("qid", ["q1", "q2", "q3", "q4", "q5"])
@pytest.mark.parametrize("payload", [XSS, [XSS, "a"], {"x": XSS}, f"0.02{XSS}", f"a, {XSS}"])
def test_an_xss_payload_typed_as_an_answer_comes_back_escaped(qid, payload):
    ex = Exercises("00-tour")
    view = ex.check(qid, payload)
    _xss_free(view._repr_html_())
    _xss_free(feedback_html(view.feedback, 3))
    _xss_free(ex.progress()._repr_html_())


def test_xss_in_the_echoed_parts_of_messages_is_escaped():
    ex = Exercises("00-tour")
    feedback = ex.check("q3", ["a", XSS + XSS])  # the unknown option is quoted in the message
    assert "Unknown option" in repr(feedback)
    html = feedback._repr_html_()
    assert "&lt;img" in html and "<img" not in html
    unknown = ex.ask(XSS)
    assert "<img" not in unknown._repr_html_() and "&lt;img" in unknown._repr_html_()


def test_xss_in_a_progress_file_is_escaped(tmp_path: Path):
    ex = Exercises("00-tour")
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"format": "socialties-progress", "version": 1, "assignment": XSS, "questions": {}}))
    message = ex.load_progress(path)
    assert "not loaded" in repr(message) and "<img" not in message._repr_html_()


def test_static_mode_makes_ask_render_html(monkeypatch):
    monkeypatch.setenv("SOCIALTIES_STATIC", "1")
    bundle = Exercises("00-tour").ask("q1")._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert bundle["text/html"].startswith('<div class="st-quiz')
    panel = Exercises("00-tour").progress()._repr_html_()
    assert 'class="st-progress"' in panel and 'data-qids="q1 q2 q3 q4 q5"' in panel


def test_a_numeric_question_renders_its_units():
    q = Numeric(qid="q1", prompt="Years?", answer=3.1, units="years")
    assert '<span class="st-units">(years)</span>' in question_html(q, "x")
    assignment = Assignment(name="x", title="x", questions=[q])
    assert assignment.total_points == 1.0
