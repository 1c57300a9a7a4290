"""A class's whole term after the deadline: grade -> feedback files -> manual reflection scores -> re-grade -> LMS.

Runs real kernels in real sandboxes (slow): three small submissions, one of which is handed in again.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from socialties.exercises.grade.command import main
from socialties.exercises.grade.gradebook import TOTAL, read_gradebook

FIXTURES = Path(__file__).parent / "fixtures" / "submissions"
ASSIGNMENT = "00-practice"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _by(out: Path):
    return {(r.student, r.question): r for r in read_gradebook(out)}


@pytest.mark.slow
def test_grade_feedback_manual_scores_regrade_and_lms_export(tmp_path):
    subs = tmp_path / "submissions"
    for student, fixture in (("alice", "correct"), ("bob", "partial"), ("carol", "blank")):
        (subs / student).mkdir(parents=True)
        shutil.copy(FIXTURES / f"{fixture}.ipynb", subs / student / f"{ASSIGNMENT}.ipynb")
    out, feedback, refl = tmp_path / "gradebook.csv", tmp_path / "feedback", tmp_path / "reflections"
    common = [str(subs), "--out", str(out), "--assignment", ASSIGNMENT, "--workers", "2", "--timeout", "120",
              "--quiet"]

    # 1. Grade, with feedback files and the reflections to read.
    assert main(common + ["--feedback", str(feedback), "--reflections", str(refl)]) == 0
    first = _by(out)
    assert [first[(s, TOTAL)].points for s in ("alice", "bob", "carol")] == ["5", "2", "0"]
    assert sorted(p.name for p in feedback.iterdir()) == ["alice.html", "bob.html", "carol.html"]
    assert "Depressed students" in (feedback / "alice.html").read_text(encoding="utf-8")
    assert "Depressed students" in (refl / "q6.html").read_text(encoding="utf-8")

    # 2. The instructor scores the reflections in a copy of the template.
    template = _read(refl / "manual-template.csv")
    assert [r["student"] for r in template] == ["alice", "bob", "carol"]
    scores = {"alice": ("3", "Two good alternative explanations."), "bob": ("1", "Name the third factor.")}
    manual = tmp_path / "manual.csv"
    with manual.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(template[0]))
        writer.writeheader()
        for row in template:
            if row["student"] in scores:
                row["points"], row["comment"] = scores[row["student"]]
                row["out_of"] = "3"
            writer.writerow(row)

    # 3. Merge them: nothing runs again (every file is unchanged), the feedback files get the comments.
    assert main(common + ["--manual", str(manual), "--feedback", str(feedback)]) == 0
    merged = _by(out)
    assert merged[("alice", "q6")].status == "manual" and merged[("alice", TOTAL)].points == "8"
    assert merged[("bob", TOTAL)].points == "3" and merged[("bob", TOTAL)].out_of == "8"
    assert merged[("carol", "q6")].status == "unanswered" and merged[("carol", TOTAL)].out_of == "5"
    for key, row in merged.items():  # automatic rows are untouched
        if key[1] not in ("q6", TOTAL):
            assert row == first[key]
    assert "Name the third factor." in (feedback / "bob.html").read_text(encoding="utf-8")

    # 4. Bob hands in a corrected notebook; the re-grade (without --manual) keeps his manual score, flagged.
    shutil.copy(FIXTURES / "correct.ipynb", subs / "bob" / f"{ASSIGNMENT}.ipynb")
    assert main(common + ["--feedback", str(feedback)]) == 0
    regraded = _by(out)
    assert regraded[("bob", "q6")].points == "1" and regraded[("bob", "q6")].status == "manual-changed"
    assert regraded[("bob", TOTAL)].points == "6"  # 5 automatic + 1 by hand
    assert regraded[("alice", "q6")] == merged[("alice", "q6")]
    assert "earlier version" in (feedback / "bob.html").read_text(encoding="utf-8")

    # 5. Export for the LMS: the same totals everywhere.
    lms = tmp_path / "lms"
    assert main(common + ["--manual", str(manual), "--canvas", str(lms / "canvas.csv"), "--moodle",
                          str(lms / "moodle.csv"), "--totals", str(lms / "totals.csv")]) == 0
    expected = {"alice": "8", "bob": "6", "carol": "0"}
    assert {r["Student"]: r[ASSIGNMENT] for r in _read(lms / "canvas.csv")} == expected
    assert {r["Username"]: r[ASSIGNMENT] for r in _read(lms / "moodle.csv")} == expected
    totals = {r["student"]: r for r in _read(lms / "totals.csv")}
    assert {s: r["points"] for s, r in totals.items()} == expected
    assert totals["bob"]["flags"] == "manual-changed" and totals["alice"]["flags"] == ""
    assert totals["alice"]["percent"] == "100.0"
