"""The student edition's self-checks in Chromium: no key in the page, the form of an answer checked, "Saved".

Needs no built book: a small page of the practice set's questions, rendered as the student edition renders them,
served with the real quiz.js.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from socialties.exercises import Exercises
from socialties.exercises.check.static import question_html
from socialties.sphinxext import quiz_data_script

from conftest import serve

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def student_page(tmp_path, offline_page, monkeypatch):
    monkeypatch.setenv("SOCIALTIES_EDITION", "student")
    ex = Exercises("00-practice")
    body = "".join(question_html(q, "00-practice") for q in ex.assignment.questions)
    shutil.copy(ROOT / "socialties" / "static" / "quiz.js", tmp_path / "quiz.js")
    (tmp_path / "index.html").write_text(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
                                         f'</head><body>{body}<script>{quiz_data_script()}</script><script src="quiz.js"></script>'
                                         f'</body></html>',
                                         encoding="utf-8")
    url, server = serve(tmp_path)
    page = offline_page(url)
    page.goto(url + "/index.html")
    page.wait_for_selector("#st-q-00-practice-q1-check:not([disabled])")
    yield page
    assert page.blocked_requests == [] and page.console_errors == []
    server.shutdown()
    server.server_close()


def feedback(page, qid: str) -> str:
    return page.locator(f"#st-q-00-practice-{qid}-feedback").inner_text()


def test_a_student_page_checks_the_form_and_says_saved(student_page):
    page = student_page
    page.click("#st-q-00-practice-q1-check")
    assert "Choose an option" in feedback(page, "q1")
    page.check("#st-q-00-practice-q1-a")
    page.click("#st-q-00-practice-q1-check")
    assert "Saved" in feedback(page, "q1") and "(a)" in feedback(page, "q1")
    assert "graded when you hand in" in feedback(page, "q1")
    box = page.locator("#st-q-00-practice-q2-input")
    box.fill("twelve")
    box.press("Enter")
    assert "Type a number only" in feedback(page, "q2")
    box.fill("9")
    box.press("Enter")
    assert "Saved: a number." in feedback(page, "q2")
    key = page.evaluate("() => window.socialtiesQuiz.decodeKey(document.querySelector('#st-q-00-practice-q2')"
                        ".dataset.key, '00-practice', 'q2')")
    assert key["hidden"] is True and "answer" not in key and "tolerance" not in key
