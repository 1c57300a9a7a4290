"""The worker: check one submission's answers against the trusted question set, outside its sandbox.

The submission's code has already run in its sandbox (:mod:`~socialties.exercises.grade.sandbox`), where the
runner (:mod:`~socialties.exercises.grade.runner`) wrote the answer values as plain codec data. This process, started
by ``socialties grade`` for each submission with its own memory limit, is the only one that holds the answer keys:
it reads that file (size-capped, nonce-checked), decodes it (:func:`~socialties.exercises.grade.codec.decode`
builds data only, with bounded allocations) and runs each question's check. A function answer was called inside the
sandbox on the question's test inputs; here :class:`RecordedFunction` replays those results to the check, in order.
Nothing the notebook wrote is unpickled, imported or evaluated, and nothing here is visible to the notebook.

    python -m socialties.exercises.grade.worker ANSWERS.json --assignment NAME --nonce N --result OUT.json

:func:`grade_notebook` runs a notebook and checks it in one process, without a sandbox: for trusted notebooks only
(the tests use it on the instructor's own copies).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import stat
import time
from pathlib import Path
from typing import Any

from socialties.exercises.grade.client import KernelFunction, NotebookRun, _exception_type
from socialties.exercises.grade.codec import decode
from socialties.exercises.grade.results import (
    Limits,
    QuestionResult,
    SubmissionResult,
    answer_preview,
    unexecuted,
)

# ---------------------------------------------------------------------------------------------------------------
# Grading one notebook
# ---------------------------------------------------------------------------------------------------------------


def check_answers(assignment: Any, values: dict[str, Any] | None, reason: str) -> list[QuestionResult]:
    """Run the trusted checks on the collected values (``None``: nothing could be collected, for ``reason``)."""
    results = []
    for question in assignment.questions:
        out_of = float(question.points)
        if values is None:
            results.append(QuestionResult(question.qid, 0.0, out_of, "not-collected", reason))
            continue
        if question.answer_name not in values:
            results.append(QuestionResult(question.qid, 0.0, out_of, "missing",
                                          f"`{question.answer_name}` is not defined in the notebook: the cell that "
                                          "sets it is missing or did not run."))
            continue
        value = values[question.answer_name]
        if isinstance(value, (KernelFunction, RecordedFunction)):
            value.timeout = float(getattr(question, "timeout", 5.0) or 5.0)
        feedback = question.check(value)
        results.append(QuestionResult(question.qid, round(feedback.score * out_of, 4), out_of, feedback.status,
                                      feedback.message, answer_preview(value)))
    return results


def grade_notebook(nb: Any, assignment: Any, limits: Limits, workdir: Path,
                   pidfile: Path | None = None) -> SubmissionResult:
    """Execute ``nb`` in a sandboxed kernel and check its answers against ``assignment`` (the trusted set)."""
    started = time.monotonic()
    names = [q.answer_name for q in assignment.questions]
    with NotebookRun(nb, limits, workdir, pidfile) as run:
        run.run_cells()
        values = None if run.dead else run.collect(names)
        if run.dead:
            status, reason = "kernel-died", "the kernel died, so no answer could be read"
        elif values is None and run.timed_out:
            status, reason = "timeout", "the notebook was still running at its time limit; no answer could be read"
        elif values is None:
            status, reason = "grader-error", "the answers could not be read from the kernel"
        else:
            status, reason = ("timeout" if run.timed_out else "graded"), ""
        questions = check_answers(assignment, values, reason)
    notes = "; ".join(run.notes)
    correct = sum(q.status == "correct" for q in questions)
    summary = f"{correct} of {len(questions)} questions correct" if values is not None else reason
    message = f"{summary}; {notes}" if notes else summary
    return SubmissionResult(status, assignment.name, message, questions, round(time.monotonic() - started, 2))


# ---------------------------------------------------------------------------------------------------------------
# Checking what a sandbox wrote
# ---------------------------------------------------------------------------------------------------------------

MAX_ANSWERS_BYTES = 64 << 20
WORKER_MEMORY_MB = 3072


class RecordedFunction:
    """A function answer as it behaved in the sandbox: each call returns (or raises) the next recorded result.

    The check calls a function answer on the question's test inputs in their order; the runner called it on the same
    inputs in the same order, so the n-th call here is the n-th test input there.
    """

    def __init__(self, display_name: str, calls: list[Any]) -> None:
        self.__name__ = display_name[:80]
        self._calls = [c for c in calls if isinstance(c, dict)]
        self._next = 0
        self.timeout = 5.0

    def __call__(self, *args: Any) -> Any:
        if self._next >= len(self._calls):
            raise _exception_type("NotCalled", "builtins")("the function could not be called in the sandbox")
        call = self._calls[self._next]
        self._next += 1
        if call.get("timeout"):
            raise TimeoutError("the function ran too long")
        if "error" in call:
            raise _exception_type(str(call["error"]), str(call.get("module", "")))("raised in the notebook")
        if "result" not in call:
            raise _exception_type("KernelGone", "builtins")("the notebook's kernel stopped")
        return decode(call["result"])

    def __repr__(self) -> str:
        return f"<function {self.__name__} (in the notebook)>"


def read_answers(path: Path, nonce: str) -> tuple[dict[str, Any] | None, str]:
    """The runner's payload, or None and why it cannot be used (missing, too large, malformed, forged nonce)."""
    nothing = "the sandbox wrote no answers (the notebook stopped the grading runner, or it crashed)"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None, nothing
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size == 0:
            return None, nothing
        if info.st_size > MAX_ANSWERS_BYTES:
            return None, f"the answers copied out of the notebook are too large ({info.st_size >> 20} MB)"
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            payload = json.loads(handle.read(MAX_ANSWERS_BYTES + 1))
    except RecursionError:
        return None, "the answers copied out of the notebook are nested too deeply to read"
    except (OSError, ValueError) as err:
        return None, f"the answers copied out of the notebook are unreadable ({type(err).__name__})"
    finally:
        if fd >= 0:
            os.close(fd)
    if not isinstance(payload, dict) or payload.get("nonce") != nonce:
        return None, "the answers file was not written by this run's grader (the notebook tampered with it)"
    return payload, ""


def decode_values(payload: dict[str, Any], assignment: Any) -> dict[str, Any] | None:
    """The answers as values for the checks: decoded data, and recorded calls for function answers."""
    raw = payload.get("values")
    if not isinstance(raw, dict):
        return None
    calls = payload.get("calls") if isinstance(payload.get("calls"), dict) else {}
    out: dict[str, Any] = {}
    for question in assignment.questions:
        name = question.answer_name
        data = raw.get(name)
        if name not in raw or (isinstance(data, dict) and data.get("$") == "missing"):
            continue
        if isinstance(data, dict) and data.get("$") == "callable":
            recorded = calls.get(name) if isinstance(calls.get(name), list) else []
            out[name] = RecordedFunction(str(data.get("name", name)), recorded)
        else:
            out[name] = decode(data)
    return out


def check_payload(payload: dict[str, Any] | None, problem: str, assignment: Any, seconds: float) -> SubmissionResult:
    """The result of one submission from the runner's payload (or from why there is none)."""
    if payload is None:
        return unexecuted(assignment, "no-answers", problem)
    notes = [str(n)[:300] for n in payload.get("notes", []) if isinstance(n, str)][:50]
    dead, timed_out = bool(payload.get("dead")), bool(payload.get("timed_out"))
    try:
        values = None if dead else decode_values(payload, assignment)
    except (MemoryError, RecursionError) as err:
        return unexecuted(assignment, "too-large", f"the answers copied out of the notebook could not be decoded "
                                                   f"within the grader's limits ({type(err).__name__})")
    if dead:
        status, reason = "kernel-died", "the kernel died, so no answer could be read"
    elif values is None and timed_out:
        status, reason = "timeout", "the notebook was still running at its time limit; no answer could be read"
    elif values is None:
        status, reason = "no-answers", "the answers could not be read from the kernel"
    else:
        status, reason = ("timeout" if timed_out else "graded"), ""
    questions = check_answers(assignment, values, reason)
    correct = sum(q.status == "correct" for q in questions)
    summary = f"{correct} of {len(questions)} questions correct" if values is not None else reason
    note_text = "; ".join(notes)
    message = f"{summary}; {note_text}" if note_text else summary
    return SubmissionResult(status, assignment.name, message, questions, round(seconds, 2))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m socialties.exercises.grade.worker",
                                     description="Check one sandbox's answers (the worker of `socialties grade`).")
    parser.add_argument("answers", type=Path)
    parser.add_argument("--assignment", required=True)
    parser.add_argument("--nonce", required=True)
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=0.0)
    parser.add_argument("--memory", type=int, default=WORKER_MEMORY_MB)
    args = parser.parse_args(argv)
    limit = args.memory << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    from socialties.exercises.registry import get_assignment

    assignment = get_assignment(args.assignment)
    try:
        payload, problem = read_answers(args.answers, args.nonce)
        result = check_payload(payload, problem, assignment, args.seconds)
    except MemoryError:
        result = unexecuted(assignment, "too-large", "the answers copied out of the notebook could not be decoded "
                                                     "within the grader's memory limit")
    except Exception as err:  # report, never lose the submission
        result = unexecuted(assignment, "grader-error", f"the grader failed on this notebook ({type(err).__name__}: "
                                                        f"{str(err)[:200]})")
    args.result.write_text(result.to_json(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
