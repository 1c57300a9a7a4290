"""The static self-checks on the built site: answered in Chromium with no kernel, checked by quiz.js.

Runs against the built book (``make book``), on the page "How the self-checks work" (book/self-checks.ipynb, whose
questions are the set ``00-tour``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socialties.exercises import get_assignment, obfuscate
from socialties.exercises.check.progress import Progress

pytestmark = pytest.mark.browser

PAGE = "/book/self-checks.html"
TOUR = get_assignment("00-tour")
XSS = "<img src=x onerror=alert(1)>"
# sphinx-thebe declares this twice on every page; harmless and not ours (see stack notes).
KNOWN_NOISE = "Identifier 'THEBE_JS_URL' has already been declared"


def q(qid: str, part: str = "") -> str:
    return f"#st-q-00-tour-{qid}" + (f"-{part}" if part else "")


@pytest.fixture
def quiz(page, site_url):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site_url + PAGE)
    page.wait_for_selector(f"{q('q1', 'check')}:not([disabled])")  # quiz.js has initialised the questions
    yield page
    assert dialogs == [], "a script ran from an answer"
    assert page.blocked_requests == []
    assert [e for e in page.console_errors if KNOWN_NOISE not in e] == []


def feedback(page, qid: str) -> str:
    return page.locator(q(qid, "feedback")).inner_text()


def test_the_answer_keys_are_not_in_the_page_in_plain_text(page, site_url):
    html = page.request.get(site_url + PAGE).text()
    assert html.count('class="st-quiz ') == 5
    assert "0.023" not in html  # the numeric answer (q2)
    for qid in ("q1", "q3"):
        for option in TOUR.question(qid).options:
            assert option.feedback not in html  # would tell which option is right
    assert "sum(items) &lt; 12" in html  # self-study edition: the code solution is in a dropdown, as intended


def test_quiz_js_decodes_the_keys_python_wrote(quiz):
    payload = {"text": "é 日本 \U0001f600 </script>", "n": [0.023, -1e-7, 12345678901]}
    token = obfuscate.encode(payload, "00-tour", "q9")
    assert quiz.evaluate("([t, a, id]) => window.socialtiesQuiz.decodeKey(t, a, id)", [token, "00-tour", "q9"]) == payload
    on_page = quiz.evaluate(
        "() => window.socialtiesQuiz.decodeKey(document.querySelector('#st-q-00-tour-q2').dataset.key, '00-tour', 'q2')")
    assert on_page["answer"] == TOUR.question("q2").answer


def test_multiple_choice_wrong_then_right(quiz):
    quiz.get_by_label("(b) Studies measuring how many people someone is connected to").check()
    quiz.click(q("q1", "check"))
    assert "Not yet" in feedback(quiz, "q1") and "main effect" in feedback(quiz, "q1")
    assert "st-status-incorrect" in quiz.locator(q("q1")).get_attribute("class")
    quiz.check(q("q1", "a"))
    quiz.click(q("q1", "check"))
    assert "Correct" in feedback(quiz, "q1") and "perceived" in feedback(quiz, "q1")
    assert quiz.locator(q("q1", "attempts")).inner_text() == "Attempts: 2"


def test_numeric_wrong_then_right_with_targeted_hints(quiz):
    box = quiz.get_by_label("Your answer")
    box.fill("2.3")
    box.press("Enter")
    assert "Not yet" in feedback(quiz, "q2") and "percentage" in feedback(quiz, "q2")
    box.fill("-0.023")
    quiz.click(q("q2", "check"))
    assert "sign" in feedback(quiz, "q2")
    box.fill("abc")
    quiz.click(q("q2", "check"))
    assert "Type a number only" in feedback(quiz, "q2")
    box.fill("0,023")
    quiz.click(q("q2", "check"))
    assert "Correct" in feedback(quiz, "q2")
    explanation = quiz.locator(q("q2", "feedback") + " details.st-explanation")  # revealed once right
    explanation.locator("summary").click()
    assert "0.023 as a proportion" in explanation.inner_text()
    assert quiz.locator(q("q2", "attempts")).inner_text() == "Attempts: 3"  # unreadable input is not an attempt


def test_several_answers_earn_partial_credit(quiz):
    quiz.check(q("q3", "a"))
    quiz.click(q("q3", "check"))
    assert "Partly right" in feedback(quiz, "q3") and "missing" in feedback(quiz, "q3")
    quiz.check(q("q3", "c"))
    quiz.check(q("q3", "e"))
    quiz.click(q("q3", "check"))
    assert "Correct" in feedback(quiz, "q3")


def test_a_question_can_be_answered_with_the_keyboard_alone(quiz):
    quiz.focus(q("q1", "a"))
    quiz.keyboard.press("ArrowDown")  # radio groups move with the arrows
    quiz.keyboard.press("Tab")  # the group is one tab stop: next is the Check button
    assert quiz.evaluate("() => document.activeElement.id") == "st-q-00-tour-q1-check"
    quiz.keyboard.press("Enter")
    assert "Not yet" in feedback(quiz, "q1")
    assert quiz.locator(q("q1", "feedback")).get_attribute("aria-live") == "polite"


def test_typed_markup_is_shown_as_text_never_run(quiz):
    quiz.get_by_label("Your answer").fill(XSS)
    quiz.click(q("q2", "check"))
    quiz.locator(q("q5", "input")).fill(XSS)
    quiz.click(q("q5", "check"))
    assert "Saved" in feedback(quiz, "q5")
    assert quiz.locator(".st-quiz img, .st-progress img").count() == 0


def test_progress_downloads_and_loads_again(quiz, tmp_path: Path):
    quiz.check(q("q1", "a"))
    quiz.click(q("q1", "check"))
    quiz.get_by_label("Your answer").fill("0.5")
    quiz.click(q("q2", "check"))
    quiz.locator(q("q5", "input")).fill("My sister, mostly.")
    quiz.click(q("q5", "check"))
    panel = quiz.locator(".st-progress")
    assert "3 of 5 answered, 1 correct" in panel.inner_text()
    with quiz.expect_download() as download:
        quiz.click(".st-progress-download")
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["questions"]["q1"] == {"attempts": 1, "status": "correct", "score": 1, "answer": "a"}
    live = Progress(TOUR)  # the live notebook reads the file the page wrote
    live.load(saved)
    assert live.summary()["correct"] == 1 and live.entries["q5"].answer == "My sister, mostly."

    quiz.evaluate("() => window.localStorage.clear()")
    quiz.reload()
    quiz.wait_for_selector(f"{q('q1', 'check')}:not([disabled])")
    assert "0 of 5 answered" in quiz.locator(".st-progress").inner_text()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "socialties-progress", "version": 1, "assignment": "01-mechanisms", "questions": {}}')
    quiz.set_input_files(".st-progress-file", str(bad))
    message = quiz.locator(".st-progress-message")
    message.filter(has_text="not loaded").wait_for()
    assert "not for \"00-tour\"" in message.inner_text()
    quiz.set_input_files(".st-progress-file", str(saved))
    message.filter(has_text="Progress loaded").wait_for()
    assert "3 of 5 answered, 1 correct" in quiz.locator(".st-progress").inner_text()
    assert quiz.is_checked(q("q1", "a")) and "Correct" in feedback(quiz, "q1")
    assert quiz.locator(q("q5", "input")).input_value() == "My sister, mostly."


def test_progress_survives_a_reload(quiz):
    quiz.check(q("q1", "a"))
    quiz.click(q("q1", "check"))
    quiz.reload()
    quiz.wait_for_selector(f"{q('q1', 'check')}:not([disabled])")
    assert quiz.is_checked(q("q1", "a")) and "Correct" in feedback(quiz, "q1")
