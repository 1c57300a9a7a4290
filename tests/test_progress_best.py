"""Progress keeps each question's best result (what counts) and its last attempt (what the student sees again)."""

from __future__ import annotations

import json

from socialties.exercises import Exercises, get_assignment
from socialties.exercises.check.progress import Progress, ProgressView


def test_a_junk_entry_after_a_right_answer_does_not_undo_it():
    ex = Exercises("00-tour")
    answer = get_assignment("00-tour").question("q2").answer
    ex.check("q2", str(answer))
    ex.check("q2", "junk")
    entry = ex.state.entries["q2"]
    assert (entry.status, entry.score, entry.answer) == ("correct", 1.0, str(answer))
    assert (entry.last.status, entry.last.answer) == ("invalid", "junk")
    assert ex.state.summary()["correct"] == 1
    ex.check("q2", str(-answer))  # a wrong answer later does not undo it either
    assert ex.state.entries["q2"].status == "correct" and ex.state.entries["q2"].last.status == "incorrect"
    assert "Correct (last attempt: \u2718 Not yet)" in repr(ProgressView(ex.state))


def test_a_better_attempt_replaces_the_best_and_ties_keep_the_newer():
    ex = Exercises("00-tour")
    ex.check("q3", ["a"])
    assert ex.state.entries["q3"].status == "partial"
    ex.check("q3", ["a", "c", "e"])
    assert ex.state.entries["q3"].status == "correct"
    ex.check("q5", "first thoughts")
    ex.check("q5", "second thoughts, longer")
    assert ex.state.entries["q5"].answer == "second thoughts, longer"  # a reflection keeps its latest text


def test_best_and_last_survive_a_save_and_load(tmp_path):
    ex = Exercises("00-tour")
    ex.check("q1", "a")
    ex.check("q1", "zz")
    saved = tmp_path / "p.json"
    ex.state.save(saved)
    data = json.loads(saved.read_text())
    assert data["questions"]["q1"]["status"] == "correct"
    assert data["questions"]["q1"]["last"] == {"status": "invalid", "score": 0.0, "answer": "zz"}
    again = Progress(get_assignment("00-tour"))
    again.load(saved)
    assert again.entries["q1"].status == "correct" and again.entries["q1"].latest.answer == "zz"


def test_a_file_without_last_attempts_still_loads():
    progress = Progress(get_assignment("00-tour"))
    progress.load_json(json.dumps({"format": "socialties-progress", "version": 1, "assignment": "00-tour",
                                   "questions": {"q1": {"attempts": 1, "status": "correct", "score": 1, "answer": "a"}}}))
    assert progress.entries["q1"].last is None and progress.entries["q1"].latest.answer == "a"
