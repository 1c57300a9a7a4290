"""Run one submitted notebook in a sandboxed kernel and check its answers against the trusted question set.

The student's code runs only in a fresh IPython kernel, started through a small wrapper that sets resource limits
(address space, CPU seconds, size of written files) before it becomes the kernel. Every cell runs, errors included,
within a time budget (a cell that runs too long is interrupted; the rest still run). Then the values named by each
question's ``answer_name`` are copied out of the kernel as plain data (JSON: numbers, text, lists, numpy arrays,
pandas Series and DataFrames; anything else becomes an inert stand-in that only knows its type's name) and checked
here, in the grader's process, by the question set imported from the package before the student's code started.
Nothing the notebook does to its own ``socialties`` modules, ``Exercises.check`` or a ``grade`` function can change
its score, and nothing it sends back is unpickled or evaluated. A function answer stays in the kernel: the check calls
it through :class:`KernelFunction`, which sends the probe arguments as data and reads the result as data.

Run as a module, this is the worker of ``socialties grade`` (one process per submission, so that the grader can kill
it and its kernel at a hard deadline)::

    python -m socialties.exercises.grade.worker NOTEBOOK --assignment NAME --result OUT.json [--timeout S] ...
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from socialties.exercises.grade.client import KernelFunction, NotebookRun
from socialties.exercises.grade.notebook import read_notebook
from socialties.exercises.grade.results import (
    Limits,
    QuestionResult,
    SubmissionError,
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
        if isinstance(value, KernelFunction):
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
# Worker entry point (one process per submission, started by ``socialties grade``)
# ---------------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m socialties.exercises.grade.worker",
                                     description="Grade one notebook in a sandboxed kernel (the worker of "
                                                 "`socialties grade`).")
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--assignment", required=True)
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--pidfile", type=Path)
    parser.add_argument("--timeout", type=float, default=Limits.timeout)
    parser.add_argument("--cell-timeout", type=float, default=Limits.cell_timeout)
    parser.add_argument("--memory", type=int, default=Limits.memory_mb)
    args = parser.parse_args(argv)
    limits = Limits(timeout=args.timeout, cell_timeout=args.cell_timeout, memory_mb=args.memory)

    # The trusted question set is imported before any student code runs.
    from socialties.exercises.registry import get_assignment

    assignment = get_assignment(args.assignment)
    try:
        nb = read_notebook(args.notebook.read_bytes())
        workdir = Path(tempfile.mkdtemp(prefix="socialties-run-"))
        try:
            result = grade_notebook(nb, assignment, limits, workdir, args.pidfile)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    except SubmissionError as err:
        result = unexecuted(assignment, err.status, err.message)
    except Exception as err:  # report, never lose the submission
        result = unexecuted(assignment, "grader-error", f"the grader failed on this notebook ({type(err).__name__}: "
                                                        f"{str(err)[:200]})")
    args.result.write_text(result.to_json(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
