"""Reflections graded by a person: export, manual CSV, merge into the gradebook, never lost on a re-grade."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from socialties.exercises import get_assignment
from socialties.exercises.grade.command import grade
from socialties.exercises.grade.gradebook import TOTAL, read_gradebook
from socialties.exercises.grade.manual import export_reflections, read_manual
from socialties.exercises.grade.results import QuestionResult, SubmissionResult

FIXTURES = Path(__file__).parent / "fixtures" / "submissions"
ASSIGNMENT = "00-practice"


def _worker(calls: list[str]):
    trusted = get_assignment(ASSIGNMENT)

    def worker(sub, assignment, limits):
        calls.append(Path(sub.shown).stem)
        questions = [QuestionResult(q.qid, 1.0, float(q.points), "correct", "ok", "1") for q in trusted.questions
                     if q.kind != "reflection"]
        questions.append(QuestionResult("q6", 0.0, 0.0, "ungraded", "Saved.",
                                        f"=HYPERLINK(\"x\") <script>alert(1)</script> reflection of {Path(sub.shown).stem}"))
        return SubmissionResult("graded", ASSIGNMENT, "5 of 6 questions correct", questions)

    return worker


def _class(tmp_path: Path) -> Path:
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("alice", "bob"):
        shutil.copy(FIXTURES / "blank.ipynb", subs / f"{name}.ipynb")
    return subs


def _write(path: Path, lines: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["student", "question", "points", "out_of", "comment", "sha256"])
        writer.writeheader()
        writer.writerows(lines)
    return path


def _by(rows):
    return {(r.student, r.question): r for r in rows}


def test_reflections_are_exported_one_file_per_question_with_a_template(tmp_path):
    subs, out = _class(tmp_path), tmp_path / "gb.csv"
    rows = grade([subs], out, ASSIGNMENT, quiet=True, worker=_worker([]))
    files = {p.name for p in export_reflections(rows, tmp_path / "refl")}
    assert files == {"q6.html", "q6.csv", "manual-template.csv"}
    page = (tmp_path / "refl" / "q6.html").read_text(encoding="utf-8")
    assert "reflection of alice" in page and "reflection of bob" in page and "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; reflection of alice" in page
    with (tmp_path / "refl" / "q6.csv").open(encoding="utf-8") as handle:
        assert all(r["answer"].startswith("'=") for r in csv.DictReader(handle))  # formula-safe
    template = list(csv.DictReader((tmp_path / "refl" / "manual-template.csv").open(encoding="utf-8")))
    assert [(r["student"], r["question"]) for r in template] == [("alice", "q6"), ("bob", "q6")]
    assert all(len(r["sha256"]) == 64 and r["points"] == "" for r in template)


def test_manual_scores_merge_without_running_a_notebook_and_survive_a_regrade(tmp_path):
    subs, out = _class(tmp_path), tmp_path / "gb.csv"
    calls: list[str] = []
    grade([subs], out, ASSIGNMENT, quiet=True, worker=_worker(calls))
    sha = {r.student: r.sha256 for r in read_gradebook(out)}
    manual = _write(tmp_path / "manual.csv", [
        {"student": "alice", "question": "q6", "points": "2", "out_of": "3", "comment": "Clear design; <b>bias</b>?",
         "sha256": sha["alice"]},
        {"student": "bob", "question": "q6", "points": "", "out_of": "", "comment": "", "sha256": sha["bob"]},
    ])
    calls.clear()
    rows = grade([subs], out, ASSIGNMENT, quiet=True, worker=_worker(calls), manual=manual)
    assert calls == [], "merging manual scores runs no notebook"
    by = _by(read_gradebook(out))
    assert by[("alice", "q6")].points == "2" and by[("alice", "q6")].out_of == "3"
    assert by[("alice", "q6")].status == "manual" and by[("alice", "q6")].feedback == "Clear design; <b>bias</b>?"
    assert by[("alice", TOTAL)].points == "7" and by[("alice", TOTAL)].out_of == "8"
    assert by[("bob", "q6")].status == "ungraded" and by[("bob", TOTAL)].points == "5"
    assert _by(rows) == by

    # Alice hands in again; graded automatically WITHOUT --manual: the score stays, flagged.
    shutil.copy(FIXTURES / "correct.ipynb", subs / "alice.ipynb")
    grade([subs], out, ASSIGNMENT, quiet=True, worker=_worker(calls))
    assert calls == ["alice"]
    by = _by(read_gradebook(out))
    assert by[("alice", "q6")].points == "2" and by[("alice", "q6")].status == "manual-changed"
    assert by[("alice", TOTAL)].points == "7"
    # With the old CSV (old sha256) it stays flagged; a --regrade keeps it too.
    grade([subs], out, ASSIGNMENT, quiet=True, worker=_worker(calls), manual=manual)
    assert _by(read_gradebook(out))[("alice", "q6")].status == "manual-changed"
    grade([subs], out, ASSIGNMENT, quiet=True, worker=_worker(calls), regrade=True)
    by = _by(read_gradebook(out))
    assert by[("alice", "q6")].points == "2" and by[("alice", "q6")].status == "manual-changed"
    # The instructor reads the new answer and gives the new sha256: the flag is cleared.
    new_sha = by[("alice", "q6")].sha256
    _write(manual, [{"student": "alice", "question": "q6", "points": "3", "out_of": "3", "comment": "Better.",
                     "sha256": new_sha}])
    grade([subs], out, ASSIGNMENT, quiet=True, worker=_worker(calls), manual=manual)
    by = _by(read_gradebook(out))
    assert (by[("alice", "q6")].points, by[("alice", "q6")].status) == ("3", "manual")
    assert by[("alice", TOTAL)].points == "8"


def test_bad_manual_files_are_refused_with_the_line_named(tmp_path):
    bad = _write(tmp_path / "m.csv", [{"student": "a", "question": "q6", "points": "lots", "out_of": "",
                                       "comment": "", "sha256": ""}])
    with pytest.raises(ValueError, match="line 2.*not a number"):
        read_manual(bad)
    _write(bad, [{"student": "a", "question": "q6", "points": "4", "out_of": "3", "comment": "", "sha256": ""}])
    with pytest.raises(ValueError, match="line 2.*more than"):
        read_manual(bad)
    (tmp_path / "x.csv").write_text("name,score\nalice,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lacks the column"):
        read_manual(tmp_path / "x.csv")


def test_points_above_what_a_question_is_worth_need_out_of(tmp_path):
    subs, out = _class(tmp_path), tmp_path / "gb.csv"
    grade([subs], out, ASSIGNMENT, quiet=True, worker=_worker([]))
    manual = _write(tmp_path / "m.csv", [{"student": "alice", "question": "q6", "points": "2", "out_of": "",
                                          "comment": "", "sha256": ""}])
    with pytest.raises(ValueError, match="out_of"):
        grade([subs], out, ASSIGNMENT, quiet=True, worker=_worker([]), manual=manual)
