"""LMS export: Canvas and Moodle import layouts and a plain totals CSV, formula-safe, from the gradebook."""

from __future__ import annotations

import csv
from pathlib import Path

from socialties.exercises.grade.gradebook import TOTAL, Row
from socialties.exercises.grade.lms import canvas_user_id, write_canvas, write_moodle, write_totals

A = "00-practice"


def _total(student: str, points: str, submission: str = "", status: str = "graded", sha: str = "a") -> Row:
    return Row(submission or f"subs/{student}.ipynb", sha * 64, student, A, TOTAL, points, "5", status, "", "")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


ROWS = [
    _total("alice", "5"),
    Row("subs/=evil.ipynb", "b" * 64, "=1+1", A, "q6", "1", "2", "manual-changed", "ok", ""),
    _total("=1+1", "3", "subs/=evil.ipynb", sha="b"),
    _total("smithjane", "2", "subs/smithjane_12345_678_00-practice.ipynb", status="timeout", sha="c"),
]


def test_canvas_layout_has_its_identity_columns_then_one_per_assignment(tmp_path):
    write_canvas(ROWS, tmp_path / "canvas.csv")
    lines = _read(tmp_path / "canvas.csv")
    with (tmp_path / "canvas.csv").open(encoding="utf-8") as handle:
        header = handle.readline().strip().split(",")
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", A]
    assert [(r["Student"], r["ID"], r["SIS Login ID"], r[A]) for r in lines] == [
        ("alice", "", "alice", "5"), ("'=1+1", "", "'=1+1", "3"), ("smithjane", "12345", "", "2")]
    assert canvas_user_id("x/doe_late_42_7_hw.ipynb") == "42" and canvas_user_id("alice.ipynb") == ""


def test_a_submission_without_an_assignment_is_left_out_with_a_warning(tmp_path):
    lost = Row("subs/x.ipynb", "e" * 64, "x", "", TOTAL, "0", "0", "unknown-assignment", "", "")
    warnings = write_canvas(ROWS + [lost], tmp_path / "c.csv")
    assert any("names no assignment" in w for w in warnings)
    assert [r["Student"] for r in _read(tmp_path / "c.csv")] == ["alice", "'=1+1", "smithjane"]


def test_moodle_layout_maps_a_username_a_grade_and_feedback(tmp_path):
    write_moodle(ROWS, tmp_path / "moodle.csv")
    lines = _read(tmp_path / "moodle.csv")
    assert list(lines[0]) == ["Username", A, "Feedback"]
    assert lines[0] == {"Username": "alice", A: "5", "Feedback": "5 / 5 points"}
    assert lines[1]["Username"] == "'=1+1"
    assert lines[2]["Feedback"] == "2 / 5 points (notebook: timeout)"


def test_totals_have_percent_status_and_flags_and_no_formula(tmp_path):
    rows = ROWS + [_total("alice", "4", "late/alice.ipynb", sha="d")]
    warnings = write_canvas(rows, tmp_path / "c.csv")
    assert any("alice handed in several files" in w for w in warnings)
    write_totals(rows, tmp_path / "totals.csv")
    lines = _read(tmp_path / "totals.csv")
    assert [r["percent"] for r in lines] == ["100.0", "60.0", "40.0", "80.0"]
    assert lines[1]["flags"] == "manual-changed" and lines[1]["student"] == "'=1+1"
    assert lines[0]["flags"] == "duplicate" and lines[3]["flags"] == "duplicate"
    text = (tmp_path / "totals.csv").read_text(encoding="utf-8")
    assert ",=" not in text and "\n=" not in text


def test_the_grade_command_writes_all_three_files_with_manual_scores_merged(tmp_path, monkeypatch):
    import shutil

    from socialties.exercises import get_assignment
    from socialties.exercises.grade import command
    from socialties.exercises.grade.results import QuestionResult, SubmissionResult

    def worker(sub, assignment, limits):
        questions = [QuestionResult(q.qid, float(q.points), float(q.points), "correct", "ok", "1")
                     for q in get_assignment(A).questions]
        return SubmissionResult("graded", A, "all correct", questions)

    fixtures = Path(__file__).parent / "fixtures" / "submissions"
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(fixtures / "blank.ipynb", subs / "alice.ipynb")
    original = command.grade
    monkeypatch.setattr(command, "grade", lambda *a, **k: original(*a, **{**k, "worker": worker}))
    manual = tmp_path / "manual.csv"
    manual.write_text("student,question,points,out_of,comment\nalice,q6,2,2,Thoughtful.\n", encoding="utf-8")
    lms = tmp_path / "lms"
    assert command.main([str(subs), "--out", str(tmp_path / "gb.csv"), "--assignment", A, "--quiet", "--manual",
                         str(manual), "--canvas", str(lms / "c.csv"), "--moodle", str(lms / "m.csv"), "--totals",
                         str(lms / "t.csv")]) == 0
    assert _read(lms / "c.csv")[0][A] == "7"
    assert _read(lms / "m.csv")[0][A] == "7"
    assert (_read(lms / "t.csv")[0]["points"], _read(lms / "t.csv")[0]["out_of"]) == ("7", "7")
    bad = tmp_path / "bad.csv"
    bad.write_text("student,question,points,comment\nalice,q6,many,\n", encoding="utf-8")
    assert command.main([str(subs), "--out", str(tmp_path / "gb.csv"), "--assignment", A, "--quiet", "--manual",
                         str(bad)]) == 2
