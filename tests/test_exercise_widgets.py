"""The live side: question widgets, ``Exercises`` in a kernel, and progress files saved and reloaded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socialties.exercises import Exercises
from socialties.exercises.check.progress import Progress, ProgressFileError
from socialties.exercises.registry import get_assignment


@pytest.fixture(autouse=True)
def _live(monkeypatch):
    monkeypatch.delenv("SOCIALTIES_STATIC", raising=False)


def widget(ex: Exercises, qid: str):
    return ex.ask(qid).widget()


def test_ask_displays_a_widget_live():
    bundle = Exercises("00-tour").ask("q1")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_single_choice_widget_checks_counts_attempts_and_records_progress():
    ex = Exercises("00-tour")
    w = widget(ex, "q1")
    w.input.value = "b"
    w.button.click()
    assert "Not yet" in w.feedback.value and "main effect" in w.feedback.value
    w.input.value = "a"
    w.button.click()
    assert "Correct" in w.feedback.value
    assert w.attempts.value == "Attempts: 2"
    entry = ex.state.entries["q1"]
    assert (entry.attempts, entry.status, entry.answer) == (2, "correct", "a")


def test_several_choice_widget_uses_checkboxes():
    ex = Exercises("00-tour")
    w = widget(ex, "q3")
    boxes = w.input.children
    assert len(boxes) == 5
    boxes[0].value = True
    assert w.submit().status == "partial"
    boxes[2].value = boxes[4].value = True
    assert w.submit().status == "correct"
    assert ex.state.entries["q3"].answer == ["a", "c", "e"]


def test_numeric_widget_gives_the_targeted_hint():
    w = widget(Exercises("00-tour"), "q2")
    w.input.value = "2.3"
    assert "percentage" in w.submit().message
    w.input.value = "   "
    assert w.submit().status == "unanswered"
    assert w.attempts.value == "Attempts: 1"  # an empty try is not an attempt


def test_reflection_widget_keeps_the_text_escaped():
    ex = Exercises("00-tour")
    w = widget(ex, "q5")
    w.input.value = "<b>my friend</b> & me"
    assert w.submit().status == "ungraded"
    assert ex.state.entries["q5"].answer == "<b>my friend</b> & me"
    assert "<b>" not in w.feedback.value


def test_code_question_widget_points_to_ex_check():
    ex = Exercises("00-tour")
    w = widget(ex, "q4")
    assert w.input is None
    note = w.box.children[1].value
    assert "ex.check(&quot;q4&quot;, q4_answer)" in note or 'ex.check("q4", q4_answer)' in note
    assert ex.check("q4", lambda items: sum(items) < 12).correct
    assert "Correct" in ex.check("q4", lambda items: sum(items) < 12)._repr_html_()


def test_unknown_question_is_a_message_not_an_error():
    ex = Exercises("00-tour")
    assert "its questions are: q1" in repr(ex.ask("q42"))
    assert "its questions are: q1" in repr(ex.check("q42", 1))


def test_progress_summary_counts_answered_and_correct():
    ex = Exercises("00-tour")
    ex.check("q1", "a")
    ex.check("q2", "0.5")
    ex.check("q5", "A thought.")
    summary = ex.state.summary()
    assert summary == {"questions": 5, "answered": 3, "correct": 1, "points": 1.0, "out_of": 4.0}
    text = repr(ex.progress())
    assert "3 of 5 answered, 1 correct" in text and "q2" in text


def test_progress_saves_and_reloads_into_widgets(tmp_path: Path):
    ex = Exercises("00-tour")
    ex.check("q1", "a")
    ex.check("q3", ["a", "c"])
    ex.check("q5", "Kept text")
    path = tmp_path / "progress.json"
    assert "saved" in repr(ex.save_progress(path))
    fresh = Exercises("00-tour")
    w1, w3, w5 = widget(fresh, "q1"), widget(fresh, "q3"), widget(fresh, "q5")
    message = fresh.load_progress(path)
    assert "3 answered, 1 correct" in repr(message)
    assert w1.input.value == "a" and [b.value for b in w3.input.children] == [True, False, True, False, False]
    assert w5.input.value == "Kept text" and "Correct" in w1.feedback.value
    assert fresh.state.to_dict() == ex.state.to_dict()


def test_a_file_downloaded_from_the_book_loads_live(tmp_path: Path):
    # quiz.js writes the same structure (see socialties/static/quiz.js, function download)
    browser = {"format": "socialties-progress", "version": 1, "assignment": "00-tour",
               "questions": {"q2": {"attempts": 2, "status": "correct", "score": 1, "answer": "0.023"}}}
    path = tmp_path / "progress-00-tour.json"
    path.write_text(json.dumps(browser))
    ex = Exercises("00-tour")
    assert "1 answered, 1 correct" in repr(ex.load_progress(path))


@pytest.mark.parametrize("content, words", [
    (b"{not json", "not valid JSON (line 1"),
    (b"\xff\xfe\x00garbage", "not a text (UTF-8) file"),
    (b"[]", "not a socialties progress file"),
    (json.dumps({"format": "socialties-progress", "version": 99}).encode(), "version 99"),
    (json.dumps({"format": "socialties-progress", "version": 1, "assignment": "01-mechanisms",
                 "questions": {}}).encode(), "for '01-mechanisms', not for '00-tour'"),
    (json.dumps({"format": "socialties-progress", "version": 1, "assignment": "00-tour"}).encode(), "no \"questions\""),
    (json.dumps({"format": "socialties-progress", "version": 1, "assignment": "00-tour",
                 "questions": {"q1": {"attempts": -1, "status": "correct", "score": 1}}}).encode(), "attempts"),
    (json.dumps({"format": "socialties-progress", "version": 1, "assignment": "00-tour",
                 "questions": {"q1": {"attempts": 1, "status": "great", "score": 1}}}).encode(), "unknown status"),
    (json.dumps({"format": "socialties-progress", "version": 1, "assignment": "00-tour",
                 "questions": {"q1": {"attempts": 1, "status": "correct", "score": 7}}}).encode(), "score outside"),
    (json.dumps({"format": "socialties-progress", "version": 1, "assignment": "00-tour",
                 "questions": {"q1": {"attempts": 1, "status": "correct", "score": 1,
                                      "answer": {"x": 1}}}}).encode(), "not text"),
    (b"[" * 100000 + b"]" * 100000, "not valid JSON"),
])
def test_a_malformed_progress_file_gives_a_clear_message(tmp_path: Path, content: bytes, words: str):
    ex = Exercises("00-tour")
    ex.check("q1", "a")
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    message = ex.load_progress(path)
    assert "The progress was not loaded." in repr(message) and words in repr(message)
    assert ex.state.entries["q1"].status == "correct"  # nothing changed


def test_a_missing_progress_file_gives_a_clear_message(tmp_path: Path):
    message = Exercises("00-tour").load_progress(tmp_path / "nope.json")
    assert "Cannot open the progress file 'nope.json'" in repr(message)


def test_progress_parse_raises_its_own_error_type():
    with pytest.raises(ProgressFileError):
        Progress(get_assignment("00-tour")).load_json("null")
