"""A student's feedback file (``socialties grade --feedback``) opened in Chromium, as a mail client would show it.

Needs no built book. Every request the page makes is blocked and recorded: it must make none, run no script (a
hostile answer tries), show the answer as text, and fit a phone's width.
"""

from __future__ import annotations

import pytest

from socialties.exercises.grade.feedback import render_feedback
from socialties.exercises.grade.gradebook import TOTAL, Row

pytestmark = pytest.mark.browser

ATTACK = ('<script>window.pwned = 1</script><img src="http://evil.example/x.png" onerror="window.pwned = 2">'
          '<link rel="stylesheet" href="https://cdn.example/a.css">')


def _rows() -> list[Row]:
    sha, sub = "ab" * 32, "subs/mallory.ipynb"
    return [
        Row(sub, sha, "mallory", "00-practice", "q1", "1", "1", "correct", "Yes: more symptoms.", "'a'"),
        Row(sub, sha, "mallory", "00-practice", "q6", "2", "3", "manual", "Good design, think about recall bias.",
            ATTACK),
        Row(sub, sha, "mallory", "00-practice", TOTAL, "3", "8", "graded",
            "1 of 6 questions correct; code cell 5 raised ZeroDivisionError: division by zero", ""),
    ]


def test_the_feedback_file_loads_nothing_runs_nothing_and_shows_everything(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=True)
    attempted: list[str] = []

    def block(route) -> None:
        attempted.append(route.request.url)
        route.abort()

    context.route("**/*", block)
    page = context.new_page()
    try:
        page.set_content(render_feedback(_rows(), prompts={"q6": "Design a study."}), wait_until="load")
        page.wait_for_timeout(300)
        assert attempted == [], f"the feedback file tried to load {attempted}"
        assert page.evaluate("window.pwned === undefined"), "a script in an answer ran"
        assert page.locator("script, img, link[rel=stylesheet], iframe").count() == 0
        answer = page.locator("pre.answer").nth(1)
        assert answer.inner_text() == ATTACK  # the answer is there, as text
        body = page.locator("body").inner_text()
        assert "Score: 3 / 8" in body
        assert "code cell 5 raised ZeroDivisionError" in body
        assert "Good design, think about recall bias." in body and "Design a study." in body
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # fits a phone
    finally:
        context.close()
