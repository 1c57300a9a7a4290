"""``socialties grade``: grade submitted notebooks into a gradebook CSV.

    socialties grade SUBMISSIONS... --out gradebook.csv --assignment NAME [--workers N] [--timeout S]
                     [--cell-timeout S] [--memory MB] [--max-size MB] [--regrade] [--unsafe-no-sandbox]

SUBMISSIONS are notebooks or folders (searched for ``*.ipynb``). Each notebook runs in its own bubblewrap sandbox
(:mod:`~socialties.exercises.grade.sandbox`: its own processes, no network, nothing of the grader's visible, only its
own copy writable), on a fresh, resource-limited kernel; its answers come out as plain data and are checked outside
the sandbox, by a worker process that holds the answer keys (:mod:`~socialties.exercises.grade.worker`). Nothing is
lost and nothing stops the class: a file that is not a notebook, a special file, an oversized or deeply nested
notebook, a notebook of another assignment, a timeout, a dead kernel, a notebook that attacks its grader, each gets
a status on its own row and the others are still graded. Re-running with the same ``--out`` grades only files that
are new or changed (same path and same SHA-256: kept). Ctrl-C stops within seconds and keeps every finished row.

The assignment is ``--assignment``; without it, it is inferred only when every notebook names the same one. The data
files are checked against ``data/SHA256SUMS`` before anything runs.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import secrets
import shutil
import stat
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from socialties.exercises.grade.gradebook import (
    Row,
    display_path,
    read_gradebook,
    result_rows,
    student_name,
    write_gradebook,
)
from socialties.exercises.grade.notebook import notebook_assignment, read_notebook
from socialties.exercises.grade.results import Limits, SubmissionError, SubmissionResult, unexecuted

MAX_NOTEBOOK_MB = 50
STAGED_NAME = "submission.ipynb"


@dataclass
class Submission:
    """One file to grade: where it is, its hash, which assignment it names, and where its code-only copy is staged.

    The file's bytes are not kept: each is read once (size-capped), hashed, parsed and written to the grader's
    private folder as a notebook of its code cells, so memory stays bounded whatever the class hands in.
    """

    path: Path
    shown: str
    sha256: str = ""
    named: str | None = None
    problem: SubmissionError | None = None
    staged: Path | None = None


def find_submissions(paths: list[Path]) -> list[Path]:
    """The notebooks given, folders searched recursively (checkpoints skipped), each once, in a stable order.

    A folder whose name ends in ``.ipynb`` is searched like any folder, not taken for a notebook.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            found += sorted(p for p in path.rglob("*.ipynb")
                            if ".ipynb_checkpoints" not in p.parts and not (p.is_dir() and not p.is_symlink()))
        else:
            found.append(path)
    unique: dict[bytes, Path] = {}
    for path in found:
        unique.setdefault(os.fsencode(path), path)
    return list(unique.values())


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; :class:`SubmissionError` for anything else.

    Opened without blocking (a FIFO cannot hang the grader) and checked after opening (a file swapped for a device
    between the check and the read is still refused); never reads more than ``max_bytes + 1`` bytes.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise SubmissionError("unreadable", f"the file could not be read ({err.strerror or err})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionError("not-a-file", f"this is {_kind(info.st_mode)}, not a notebook file")
        if info.st_size > max_bytes:
            raise SubmissionError("too-large", f"the file is {info.st_size / 1e6:.0f} MB; notebooks over "
                                               f"{max_bytes / 1e6:.0f} MB are not graded (--max-size)")
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise SubmissionError("too-large", f"the file is larger than {max_bytes / 1e6:.0f} MB (--max-size)")
        return b"".join(chunks)
    except OSError as err:
        raise SubmissionError("unreadable", f"the file could not be read ({err.strerror or err})") from None
    finally:
        os.close(fd)


def load(path: Path, stage_dir: Path | None = None, index: int = 0,
         max_bytes: int = MAX_NOTEBOOK_MB << 20) -> Submission:
    """Read, hash and parse one file, and stage its code cells; problems are kept on the submission, never raised."""
    import nbformat

    sub = Submission(path, display_path(path))
    try:
        data = read_capped(path, max_bytes)
    except SubmissionError as err:
        sub.problem = err
        return sub
    sub.sha256 = hashlib.sha256(data).hexdigest()
    try:
        nb = read_notebook(data)
        del data
        sub.named = notebook_assignment(nb)
        if stage_dir is not None:
            cells = [nbformat.v4.new_code_cell(c.source) for c in nb.cells if c.cell_type == "code"]
            staged = stage_dir / f"{index:06d}.ipynb"
            staged.write_text(nbformat.writes(nbformat.v4.new_notebook(cells=cells)), encoding="utf-8")
            sub.staged = staged
    except SubmissionError as err:
        sub.problem = err
    except (RecursionError, MemoryError, ValueError) as err:
        sub.problem = SubmissionError("invalid-notebook", f"the notebook could not be read ({type(err).__name__})")
    return sub


class AssignmentChoiceError(ValueError):
    """The assignment cannot be told: the notebooks disagree, or none names one."""


def choose_assignment(subs: list[Submission], given: str | None) -> str | None:
    """``--assignment``; without it, the one assignment that every readable notebook names (else an error)."""
    if given:
        return given
    readable = [s for s in subs if s.problem is None]
    counts = collections.Counter(s.named or "(none)" for s in readable)
    if not counts:
        return None
    if len(counts) == 1 and "(none)" not in counts:
        return next(iter(counts))
    listed = ", ".join(f"{name}: {n}" for name, n in counts.most_common())
    raise AssignmentChoiceError(f"the notebooks do not all name the same assignment ({listed}); choose the one to "
                                "grade with --assignment")


def spec_for(trusted, limits: Limits, nonce: str) -> dict:
    """What the sandbox is told: the notebook, the answer variables, the test inputs of function answers. No key."""
    from socialties.exercises.grade.codec import encode
    from socialties.exercises.grade.runner import SPEC_VERSION
    from socialties.exercises.questions import CodeCheck

    functions = {}
    for question in trusted.questions:
        if isinstance(question, CodeCheck) and question.probes:
            functions[question.answer_name] = {"probes": [encode(list(p)) for p in question.probes],
                                               "timeout": float(question.timeout)}
    return {"version": SPEC_VERSION, "notebook": STAGED_NAME, "nonce": nonce, "limits": asdict(limits),
            "answers": [q.answer_name for q in trusted.questions], "functions": functions}


def run_worker(sub: Submission, assignment: str, limits: Limits, sandboxed: bool = True,
               work_root: Path | None = None) -> SubmissionResult:
    """Grade one notebook: its code in a sandbox, then its answers checked by a worker process outside it."""
    from socialties.exercises.grade import sandbox
    from socialties.exercises.registry import get_assignment

    trusted = get_assignment(assignment)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="sub-", dir=work_root) as tmp:
        stage = Path(tmp)
        shutil.copyfile(sub.staged, stage / STAGED_NAME)
        nonce = secrets.token_hex(16)
        (stage / "spec.json").write_text(json.dumps(spec_for(trusted, limits, nonce)), encoding="utf-8")
        run = sandbox.run_in_sandbox if sandboxed else sandbox.run_unsandboxed
        code, timed_out = run(stage, limits)
        if sandbox.RUNNING.stopping.is_set():
            return unexecuted(trusted, "interrupted", "grading was interrupted before this notebook finished")
        if timed_out:
            return unexecuted(trusted, "timeout", f"the notebook was still running after "
                                                  f"{limits.hard_deadline():.0f} s and was stopped; no answer "
                                                  "could be read")
        answers = stage / "answers.json"  # written only by the runner, through a descriptor
        result_path = stage / "result.json"
        command = [sys.executable, "-m", "socialties.exercises.grade.worker", str(answers), "--assignment",
                   assignment, "--nonce", nonce, "--result", str(result_path),
                   "--seconds", f"{time.monotonic() - started:.2f}"]
        worker_code, worker_late = sandbox.run_process(command, 120 + 10 * len(trusted.questions),
                                                       stage / "worker.log", None)
        if result_path.is_file():
            try:
                result = SubmissionResult.from_json(result_path.read_text(encoding="utf-8"))
                if result.status == "no-answers" and code not in (0, None):
                    log = _tail(stage / "sandbox.log")
                    result.message += f" (the sandbox ended with code {code}{': ' + log if log else ''})"
                return result
            except (ValueError, TypeError):
                pass
        why = "took too long" if worker_late else f"failed ({_tail(stage / 'worker.log') or worker_code})"
        return unexecuted(trusted, "grader-error", f"checking this notebook's answers {why}")


def _tail(log: Path) -> str:
    try:
        lines = log.read_bytes()[-600:].decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1][:200] if lines else ""


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


def verify_data() -> None:
    """Refuse to grade if a data file differs from ``data/SHA256SUMS`` (a changed file would change every score)."""
    from socialties import data

    try:
        results = data.verify_checksums(data.DATA_DIR)
    except OSError as err:
        raise ValueError(f"the data checksums could not be read ({err}): restore data/SHA256SUMS") from None
    changed = sorted(name for name, ok in results.items() if not ok)
    if changed:
        raise ValueError("these data files do not match data/SHA256SUMS, so grading would not use the course's "
                         f"data: {', '.join(changed)} (in {data.DATA_DIR}); restore them (git checkout data/)")


def grade(paths: list[Path], out: Path, assignment: str | None = None, limits: Limits = Limits(), workers: int = 1,
          regrade: bool = False, quiet: bool = False,
          worker: Callable[..., SubmissionResult] | None = None, sandboxed: bool = True,
          max_bytes: int = MAX_NOTEBOOK_MB << 20) -> list[Row]:
    """Grade the notebooks in ``paths`` into the gradebook ``out`` (kept rows + new ones); returns all rows.

    Raises ``ValueError`` (with a message for the instructor) before anything runs if the assignment cannot be told,
    the data files changed, or the sandbox cannot run and ``sandboxed`` is True. ``KeyboardInterrupt`` stops every
    running sandbox at once; the rows finished so far are in the gradebook.
    """
    from socialties.exercises.grade import sandbox
    from socialties.exercises.registry import UnknownAssignment, get_assignment

    sandbox.RUNNING.stopping.clear()
    verify_data()
    if worker is None:
        if sandboxed:
            problem = sandbox.sandbox_available()
            if problem:
                raise ValueError(f"{problem}. Without a sandbox a notebook can read and change what you can; to "
                                 "grade anyway, on a machine you can throw away, pass --unsafe-no-sandbox")
        else:  # said even with --quiet
            print("socialties grade: WARNING: grading WITHOUT a sandbox (--unsafe-no-sandbox): every notebook runs "
                  "as you, and can read and change your files.", file=sys.stderr)
    existing = [] if regrade else read_gradebook(out)
    kept_keys = {row.key for row in existing}
    work_root = Path(tempfile.mkdtemp(prefix="socialties-grading-"))
    try:
        os.chmod(work_root, 0o711)  # the sandbox's user may reach its own stage, never list the others
        staged_dir = work_root / "staged"
        staged_dir.mkdir(mode=0o700)
        subs = [load(path, staged_dir, i, max_bytes) for i, path in enumerate(find_submissions(paths))]
        name = choose_assignment(subs, assignment)
        trusted = None
        if name is not None:
            try:
                trusted = get_assignment(name)
            except UnknownAssignment as err:
                raise ValueError(str(err)) from None
        if not quiet and assignment is None and name:
            print(f"socialties grade: grading as assignment {name!r} (named by every notebook)", file=sys.stderr)
        return _grade_all(subs, out, trusted, existing, kept_keys, limits, workers, quiet,
                          worker or (lambda s, a, l: run_worker(s, a, l, sandboxed, work_root)), sandboxed)
    finally:
        shutil.rmtree(work_root, ignore_errors=True)


def _grade_all(subs, out, trusted, existing, kept_keys, limits, workers, quiet, worker, sandboxed) -> list[Row]:
    from socialties.exercises.grade import sandbox

    name = trusted.name if trusted is not None else ""
    todo = [s for s in subs if (s.shown, s.sha256) not in kept_keys]
    replaced = {s.shown for s in todo}
    rows = [row for row in existing if row.submission not in replaced]
    skipped = len(subs) - len(todo)
    if skipped and not quiet:
        print(f"socialties grade: {skipped} submission(s) already in {out} are kept as they are", file=sys.stderr)
    progress = GradingProgress(len(todo), quiet=quiet)
    lock = threading.Lock()

    def record(sub: Submission, result: SubmissionResult) -> None:
        if sandbox.RUNNING.stopping.is_set():
            return  # interrupted: a result cut short is not kept (the next run grades it)
        if not sandboxed and result.status not in {"wrong-assignment", "invalid-notebook", "unreadable",
                                                   "not-a-file", "too-large"}:
            result.message += "; graded WITHOUT a sandbox"
        student = student_name(sub.shown, name)
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

    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    try:
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
    except BaseException:
        sandbox.RUNNING.stop_all()  # Ctrl-C: kill every sandbox now; queued notebooks never start
        pool.shutdown(wait=False, cancel_futures=True)
        with lock:
            write_gradebook(out, rows)
        raise
    pool.shutdown(wait=True)
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
                                     epilog="Each notebook runs in a bubblewrap sandbox; see the Instructors page "
                                            "of the book for what it protects and what it does not.")
    parser.add_argument("submissions", nargs="+", type=Path, help="notebooks, or folders searched for *.ipynb")
    parser.add_argument("--out", type=Path, required=True, help="the gradebook CSV (created or updated)")
    parser.add_argument("--assignment", help="the assignment to grade (needed unless every notebook names the same)")
    parser.add_argument("--workers", type=int, default=max(1, min(4, os.cpu_count() or 1)),
                        help="notebooks graded in parallel (default: up to 4, one per core)")
    parser.add_argument("--timeout", type=float, default=Limits.timeout,
                        help="seconds for all of a notebook's cells (default %(default)s)")
    parser.add_argument("--cell-timeout", type=float, default=None,
                        help="seconds before one cell is interrupted (default: the smaller of 60 and --timeout)")
    parser.add_argument("--memory", type=int, default=Limits.memory_mb,
                        help="memory limit of each kernel in MB (address space; default %(default)s)")
    parser.add_argument("--max-size", type=int, default=MAX_NOTEBOOK_MB,
                        help="larger notebook files are not graded, in MB (default %(default)s)")
    parser.add_argument("--regrade", action="store_true", help="grade every submission again")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--unsafe-no-sandbox", action="store_true",
                        help="UNSAFE: run notebooks without the bubblewrap sandbox, as your own user (only for a "
                             "machine without user namespaces that you can throw away)")
    args = parser.parse_args(argv)
    if args.timeout <= 0 or args.memory < 256 or args.workers < 1 or args.max_size < 1:
        parser.error("--timeout must be positive, --memory at least 256 MB, --workers and --max-size at least 1")
    cell_timeout = args.cell_timeout if args.cell_timeout else min(Limits.cell_timeout, args.timeout)
    limits = Limits(timeout=args.timeout, cell_timeout=min(cell_timeout, args.timeout), memory_mb=args.memory)
    missing = [p for p in args.submissions if not os.path.lexists(p)]
    if missing:
        parser.error("not found: " + ", ".join(display_path(p) for p in missing))
    before = _package_fingerprint()
    try:
        rows = grade(args.submissions, args.out, args.assignment, limits, args.workers, args.regrade, args.quiet,
                     sandboxed=not args.unsafe_no_sandbox, max_bytes=args.max_size << 20)
    except ValueError as err:
        print(f"socialties grade: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\nsocialties grade: interrupted; every notebook finished before is in {args.out} (run the same "
              "command again to grade the rest)", file=sys.stderr)
        return 130
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
