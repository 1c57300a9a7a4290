"""``socialties grade``: grade submitted notebooks into a gradebook CSV.

    socialties grade SUBMISSIONS... --out gradebook.csv [--assignment NAME] [--workers N] [--timeout S]
                     [--cell-timeout S] [--memory MB] [--regrade]

SUBMISSIONS are notebooks or folders (searched for ``*.ipynb``). Each notebook runs in its own worker process and a
fresh, resource-limited kernel (see :mod:`socialties.exercises.grade.worker`); its answers are checked against the trusted
question set in the package. Nothing is lost: a file that is not a notebook, a notebook of another assignment, a
timeout, a dead kernel, a file name that is not UTF-8, each gets a status row and the others are still graded.
Re-running with the same ``--out`` grades only files that are new or changed (same path and same SHA-256: kept).

This runs the students' code. The limits (time, memory, file size) stop accidents, not attacks: grade an untrusted
class inside a container or a virtual machine.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from socialties.exercises.grade.notebook import notebook_assignment, read_notebook
from socialties.exercises.grade.results import Limits, SubmissionError, SubmissionResult, unexecuted
from socialties.exercises.grade.gradebook import (
    Row,
    display_path,
    read_gradebook,
    result_rows,
    student_name,
    write_gradebook,
)


@dataclass
class Submission:
    """One file to grade: where it is, what it contains, and (once read) which assignment it names."""

    path: Path
    shown: str
    data: bytes | None = None
    sha256: str = ""
    nb: object | None = None
    named: str | None = None
    problem: SubmissionError | None = None


def find_submissions(paths: list[Path]) -> list[Path]:
    """The notebooks given, folders searched recursively (checkpoints skipped), each once, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        else:
            found.append(path)
    unique: dict[bytes, Path] = {}
    for path in found:
        unique.setdefault(os.fsencode(path), path)
    return list(unique.values())


def load(path: Path) -> Submission:
    """Read and parse one file; problems are kept on the submission, never raised."""
    sub = Submission(path, display_path(path))
    try:
        sub.data = path.read_bytes()
    except OSError as err:
        sub.problem = SubmissionError("unreadable", f"the file could not be read ({err.strerror or err})")
        return sub
    sub.sha256 = hashlib.sha256(sub.data).hexdigest()
    try:
        sub.nb = read_notebook(sub.data)
        sub.named = notebook_assignment(sub.nb)
    except SubmissionError as err:
        sub.problem = err
    return sub


def choose_assignment(subs: list[Submission], given: str | None) -> str | None:
    """The assignment to grade: ``--assignment``, else the one most of the notebooks name."""
    if given:
        return given
    counts = collections.Counter(s.named for s in subs if s.named)
    return counts.most_common(1)[0][0] if counts else None


def run_worker(sub: Submission, assignment: str, limits: Limits) -> SubmissionResult:
    """Grade one notebook in a worker process, killed (with its kernel) at the hard deadline."""
    from socialties.exercises.registry import get_assignment

    trusted = get_assignment(assignment)
    with tempfile.TemporaryDirectory(prefix="socialties-grade-") as tmp:
        work = Path(tmp)
        notebook, result, pidfile = work / "submission.ipynb", work / "result.json", work / "kernel.pid"
        notebook.write_bytes(sub.data or b"")
        command = [sys.executable, "-m", "socialties.exercises.grade.worker", str(notebook), "--assignment", assignment,
                   "--result", str(result), "--pidfile", str(pidfile), "--timeout", str(limits.timeout),
                   "--cell-timeout", str(limits.cell_timeout), "--memory", str(limits.memory_mb)]
        log = work / "worker.log"
        with log.open("wb") as handle:
            worker = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                      start_new_session=True, cwd=tmp)
            try:
                worker.wait(timeout=limits.hard_deadline())
            except subprocess.TimeoutExpired:
                _kill(worker, pidfile)
                return unexecuted(trusted, "timeout", f"the notebook was still running after "
                                                      f"{limits.hard_deadline():.0f} s and was stopped; no answer "
                                                      "could be read")
            finally:
                _kill_kernel(pidfile)
        if result.is_file():
            try:
                return SubmissionResult.from_json(result.read_text(encoding="utf-8"))
            except (ValueError, TypeError):
                pass
        tail = log.read_bytes()[-600:].decode("utf-8", "replace").strip().splitlines()
        detail = tail[-1] if tail else f"exit code {worker.returncode}"
        return unexecuted(trusted, "grader-error", f"the grading worker failed ({detail[:200]})")


def _kill_kernel(pidfile: Path) -> None:
    """Kill the kernel's process group if it is still there (it runs in a session of its own)."""
    try:
        pid = int(pidfile.read_text().strip())
        os.killpg(pid, signal.SIGKILL)
    except (OSError, ValueError):
        pass


def _kill(worker: subprocess.Popen, pidfile: Path) -> None:
    _kill_kernel(pidfile)
    try:
        os.killpg(worker.pid, signal.SIGKILL)
    except OSError:
        pass
    worker.wait()


class GradingProgress:
    """A progress bar on stderr (redrawn in place on a terminal, one line per submission otherwise)."""

    def __init__(self, total: int, stream=sys.stderr, quiet: bool = False) -> None:
        self.total, self.done, self.problems = total, 0, 0
        self.stream, self.quiet = stream, quiet
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.started = time.monotonic()
        self.lock = threading.Lock()

    def update(self, name: str, result: SubmissionResult) -> None:
        with self.lock:
            self.done += 1
            self.problems += result.status != "graded"
            if self.quiet:
                return
            width = 30
            filled = int(width * self.done / max(1, self.total))
            bar = "#" * filled + "-" * (width - filled)
            line = (f"[{bar}] {self.done}/{self.total} graded, {self.problems} with problems, "
                    f"{time.monotonic() - self.started:.0f} s  {name[-40:]}: {result.status} "
                    f"{result.points:g}/{result.out_of:g}")
            self.stream.write(("\r" + line[:150].ljust(150)) if self.tty else line + "\n")
            if self.tty and self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()


def grade(paths: list[Path], out: Path, assignment: str | None = None, limits: Limits = Limits(), workers: int = 1,
          regrade: bool = False, quiet: bool = False,
          worker: Callable[[Submission, str, Limits], SubmissionResult] = run_worker) -> list[Row]:
    """Grade the notebooks in ``paths`` into the gradebook ``out`` (kept rows + new ones); returns all rows."""
    from socialties.exercises.registry import UnknownAssignment, get_assignment

    existing = [] if regrade else read_gradebook(out)
    kept_keys = {row.key for row in existing}
    files = find_submissions(paths)
    subs = [load(path) for path in files]
    name = choose_assignment(subs, assignment)
    trusted = None
    if name is not None:
        try:
            trusted = get_assignment(name)
        except UnknownAssignment as err:
            raise SystemExit(f"socialties grade: {err}") from None
    if not quiet and assignment is None and name:
        print(f"socialties grade: grading as assignment {name!r} (named by most notebooks; --assignment to choose)",
              file=sys.stderr)

    todo = [s for s in subs if (s.shown, s.sha256) not in kept_keys]
    replaced = {s.shown for s in todo}
    rows = [row for row in existing if row.submission not in replaced]
    skipped = len(subs) - len(todo)
    if skipped and not quiet:
        print(f"socialties grade: {skipped} submission(s) already in {out} are kept as they are", file=sys.stderr)
    progress = GradingProgress(len(todo), quiet=quiet)
    lock = threading.Lock()

    def record(sub: Submission, result: SubmissionResult) -> None:
        student = student_name(sub.shown, name or "")
        with lock:
            rows.extend(result_rows(sub.shown, sub.sha256, student, result))
            write_gradebook(out, rows)  # after every submission: an interrupted run keeps what it graded
        progress.update(sub.shown, result)

    runnable: list[Submission] = []
    for sub in todo:
        if sub.problem is not None:
            record(sub, unexecuted(trusted, sub.problem.status, sub.problem.message))
        elif trusted is None:
            record(sub, unexecuted(None, "unknown-assignment",
                                   "no notebook names its assignment in its metadata; use --assignment"))
        elif sub.named and sub.named != trusted.name:
            record(sub, unexecuted(trusted, "wrong-assignment",
                                   f"this notebook is for assignment {sub.named!r}, not {trusted.name!r}"))
        else:
            runnable.append(sub)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {pool.submit(worker, sub, trusted.name, limits): sub for sub in runnable} if trusted else {}
        for future in as_completed(futures):
            sub = futures[future]
            try:
                result = future.result()
            except Exception as err:  # the grader's own failure: still a row, never a lost submission
                result = unexecuted(trusted, "grader-error", f"the grader failed ({type(err).__name__}: {err})")
            if sub.named is None and result.status == "graded":
                result.message += "; the notebook's metadata names no assignment (graded as this one)"
            record(sub, result)
    if not todo:
        write_gradebook(out, rows)
    return rows


def _package_fingerprint() -> str:
    """A hash of the exercise package's sources, to notice a submission that rewrote them on disk."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="socialties grade", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="Student code runs during grading: use a container or VM for an "
                                            "untrusted class.")
    parser.add_argument("submissions", nargs="+", type=Path, help="notebooks, or folders searched for *.ipynb")
    parser.add_argument("--out", type=Path, required=True, help="the gradebook CSV (created or updated)")
    parser.add_argument("--assignment", help="the assignment to grade (default: the one most notebooks name)")
    parser.add_argument("--workers", type=int, default=max(1, min(4, os.cpu_count() or 1)),
                        help="notebooks graded in parallel (default: up to 4, one per core)")
    parser.add_argument("--timeout", type=float, default=Limits.timeout,
                        help="seconds for all of a notebook's cells (default %(default)s)")
    parser.add_argument("--cell-timeout", type=float, default=None,
                        help="seconds before one cell is interrupted (default: the smaller of 60 and --timeout)")
    parser.add_argument("--memory", type=int, default=Limits.memory_mb,
                        help="memory limit of each kernel in MB (address space; default %(default)s)")
    parser.add_argument("--regrade", action="store_true", help="grade every submission again")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    if args.timeout <= 0 or args.memory < 256 or args.workers < 1:
        parser.error("--timeout must be positive, --memory at least 256 MB, --workers at least 1")
    cell_timeout = args.cell_timeout if args.cell_timeout else min(Limits.cell_timeout, args.timeout)
    limits = Limits(timeout=args.timeout, cell_timeout=min(cell_timeout, args.timeout), memory_mb=args.memory)
    missing = [p for p in args.submissions if not os.path.lexists(p)]
    if missing:
        parser.error("not found: " + ", ".join(display_path(p) for p in missing))
    before = _package_fingerprint()
    try:
        rows = grade(args.submissions, args.out, args.assignment, limits, args.workers, args.regrade, args.quiet)
    except ValueError as err:
        print(f"socialties grade: {err}", file=sys.stderr)
        return 2
    if _package_fingerprint() != before:
        print("socialties grade: WARNING: the socialties.exercises sources changed on disk while grading (a "
              "submission may have rewritten them): grade again in a fresh container.", file=sys.stderr)
        return 1
    totals = [r for r in rows if r.question == "TOTAL"]
    if not args.quiet:
        print(f"socialties grade: {len(totals)} submission(s) in {args.out}", file=sys.stderr)
    return 1 if any(r.status == "grader-error" for r in totals) else 0


if __name__ == "__main__":
    raise SystemExit(main())
