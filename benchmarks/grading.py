"""Grading throughput: notebooks graded per minute per worker, through the ``socialties grade`` command line.

A few copies of the correct fixture submission (``tests/fixtures/submissions/correct.ipynb``; ``--submission`` for
another) are graded into a fresh gradebook with 1 worker, then with 2. The command line, not the package's
internals, so that the figure survives a reorganisation of ``socialties.exercises``. Each notebook costs a worker
process and a fresh, resource-limited kernel: the anchor is the ceiling a kernel start alone allows.

    python -m benchmarks.grading [--copies 4] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import tempfile
from pathlib import Path

from benchmarks.common import (BIN, ROOT, cli, failed, kernel_start_seconds, last_line, log, ratio, row, seconds,
                               timed)

GROUP = "Grading (socialties grade, fixture submissions)"
DEFAULT_SUBMISSION = ROOT / "tests" / "fixtures" / "submissions" / "correct.ipynb"


def totals_by_status(gradebook: Path) -> dict[str, list[str]]:
    """Each status of the gradebook's TOTAL rows with the feedback of its submissions ({} if it cannot be read)."""
    try:
        with gradebook.open(newline="", encoding="utf-8") as handle:
            totals = [r for r in csv.DictReader(handle) if r.get("question") == "TOTAL"]
    except (OSError, csv.Error):
        return {}
    statuses: dict[str, list[str]] = {}
    for r in totals:
        statuses.setdefault(r.get("status", "?"), []).append(r.get("feedback", ""))
    return statuses


def find_submission(given: str) -> Path:
    """The notebook to grade: the one given, else (if the fixtures moved) any ``correct*.ipynb`` under tests/."""
    path = Path(given)
    if path.is_file() or given != str(DEFAULT_SUBMISSION):
        return path
    return next(iter(sorted((ROOT / "tests").rglob("correct*.ipynb"))), path)


def measure(args: argparse.Namespace) -> list[dict]:
    measure_name = "grading throughput"
    submission = find_submission(args.submission)
    if not submission.is_file():
        return [failed(GROUP, measure_name, f"no submission to grade at {submission}")]
    floor = statistics.median(kernel_start_seconds(3))
    ceiling = 60.0 / floor
    rows = []
    with tempfile.TemporaryDirectory(prefix="socialties-bench-grade-") as tmp:
        folder = Path(tmp) / "submissions"
        folder.mkdir()
        for i in range(1, args.copies + 1):
            shutil.copy2(submission, folder / f"student{i:02d}.ipynb")
        for workers in args.workers:
            gradebook = Path(tmp) / f"gradebook-{workers}.csv"
            log(f"grading {args.copies} notebooks with {workers} worker(s) ...")
            wall, done = timed([str(BIN / "socialties"), "grade", str(folder), "--out", str(gradebook),
                                "--workers", str(workers), "--quiet"], cwd=tmp)
            statuses = totals_by_status(gradebook)
            graded, total = len(statuses.get("graded", [])), sum(map(len, statuses.values()))
            name = f"notebooks per minute per worker, {workers} worker{'s' * (workers > 1)}"
            if graded == 0:
                rows.append(failed(GROUP, name, f"socialties grade exit {done.returncode}, nothing graded: "
                                                f"{last_line(done)}"))
                continue
            problems = "; ".join(f"{len(msgs)} {status}: {msgs[0][:120]}" for status, msgs in statuses.items()
                                 if status != "graded")
            per_minute = graded / (wall / 60) / workers
            rows.append(row(GROUP, name, f"{per_minute:.1f} /min ({graded} in {seconds(wall)})",
                            f"<= {ceiling:.0f} /min (a kernel start per notebook)", ratio(per_minute, ceiling),
                            f"only {graded} of {total} graded (the time includes the others): {problems}"
                            if problems else ""))
    shown = submission.relative_to(ROOT) if submission.is_relative_to(ROOT) else submission
    rows.append(row(GROUP, "kernel start (the floor of each notebook)", seconds(floor), "",
                    note=f"median of 3; {args.copies} copies of {shown} graded"))
    return rows


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--submission", default=str(DEFAULT_SUBMISSION), help="the notebook copied and graded")
    parser.add_argument("--copies", type=int, default=4, help="copies graded per run (default %(default)s)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default 1 2)")


if __name__ == "__main__":
    raise SystemExit(cli(__doc__.splitlines()[0], measure, add_arguments))
