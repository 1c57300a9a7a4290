"""``socialties grade --feedback``: one self-contained HTML page per submission, safe to e-mail."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from socialties.exercises import get_assignment
from socialties.exercises.grade.command import main
from socialties.exercises.grade.feedback import render_feedback, safe_file_name, write_feedback
from socialties.exercises.grade.gradebook import TOTAL, Row, read_gradebook
from socialties.exercises.grade.results import QuestionResult, SubmissionResult

FIXTURES = Path(__file__).parent / "fixtures" / "submissions"
ASSIGNMENT = "00-practice"
HOSTILE = '<script>alert("x")</script><img src="http://evil.example/p.png" onerror="steal()">'


def _rows(student: str = "alice", answer: str = HOSTILE) -> list[Row]:
    sha = "ab" * 32
    sub = f"subs/{student}.ipynb"
    return [
        Row(sub, sha, student, ASSIGNMENT, "q1", "1", "1", "correct", "Yes: higher means more symptoms.", "'a'"),
        Row(sub, sha, student, ASSIGNMENT, "q6", "0", "0", "ungraded", "Saved (9 words).", answer),
        Row(sub, sha, student, ASSIGNMENT, TOTAL, "1", "5", "graded",
            "1 of 6 questions correct; code cell 4 raised NameError: name 'x' is not defined", ""),
    ]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def _parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


def test_a_hostile_answer_is_shown_as_text_and_never_becomes_markup():
    page = render_feedback(_rows())
    parsed = _parse(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert HOSTILE in "".join(parsed.text)  # shown verbatim, as text
    assert not any(name.startswith("on") for name, _ in parsed.attrs)


def test_the_page_references_no_other_file_or_host():
    page = render_feedback(_rows(answer="plain words"))
    parsed = _parse(page)
    assert not re.search(r"https?:", page)
    assert not {"script", "link", "img", "iframe", "object", "embed", "form", "a", "base"} & set(parsed.tags)
    assert not any(name in {"src", "href", "action", "srcset"} for name, _ in parsed.attrs)
    assert "default-src 'none'" in page  # a Content-Security-Policy forbids loading anything anyway
    assert "<style>" in page  # the style sheet is inline


def test_the_page_has_the_answers_results_points_and_broken_cells():
    page = render_feedback(_rows(answer="Support buffers stress."), prompts={"q1": "What does a higher BDI mean?"})
    text = " ".join(" ".join(_parse(page).text).split())
    assert "Score: 1 / 5" in text
    assert "What does a higher BDI mean?" in text
    assert "Support buffers stress." in text
    assert "Yes: higher means more symptoms." in text
    assert "code cell 4 raised NameError" in text
    assert "Question q1 1 / 1" in text and "Question q6 0 / 0" in text


def test_file_names_are_safe_and_never_collide(tmp_path):
    assert safe_file_name("../../etc/passwd") == "etc_passwd"
    assert safe_file_name("<b>") == "b"
    rows = _rows("alice") + [Row(r.submission.replace("subs/", "late/"), "cd" * 32, r.student, r.assignment,
                                 r.question, r.points, r.out_of, r.status, r.feedback, r.answer) for r in _rows()]
    written = write_feedback(rows, tmp_path / "fb")
    assert sorted(p.name for p in written) == ["alice-cdcdcdcd.html", "alice.html"]
    assert all(p.parent == tmp_path / "fb" for p in written)


def _fake_worker(sub, assignment, limits):
    trusted = get_assignment(ASSIGNMENT)
    questions = [QuestionResult(q.qid, 0.0, float(q.points), "unanswered", "Not answered yet.", "...")
                 for q in trusted.questions]
    questions[-1] = QuestionResult("q6", 0.0, 0.0, "ungraded", "Saved.", HOSTILE)
    return SubmissionResult("graded", ASSIGNMENT, "0 of 6 questions correct", questions)


def test_grade_writes_one_feedback_file_per_submission(tmp_path, monkeypatch):
    from socialties.exercises.grade import command

    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("alice.ipynb", "bob.ipynb"):
        shutil.copy(FIXTURES / "blank.ipynb", subs / name)
    original = command.grade
    monkeypatch.setattr(command, "grade", lambda *a, **k: original(*a, **{**k, "worker": _fake_worker}))
    out, feedback = tmp_path / "gradebook.csv", tmp_path / "feedback"
    assert main([str(subs), "--out", str(out), "--assignment", ASSIGNMENT, "--feedback", str(feedback),
                 "--quiet"]) == 0
    assert sorted(p.name for p in feedback.iterdir()) == ["alice.html", "bob.html"]
    page = (feedback / "alice.html").read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;" in page
    assert len(read_gradebook(out)) == 2 * 7
