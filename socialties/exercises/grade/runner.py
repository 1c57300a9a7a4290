"""What runs inside a submission's sandbox: execute its notebook and write its answers out as plain data.

Nothing here knows an answer. The grader stages, for one submission, a *spec* (read-only at ``/work/spec.json``):
the notebook's file name, the answer variables to read, the test inputs of function answers (as codec data), the
limits and a nonce. The runner executes every code cell on a fresh kernel (:class:`~socialties.exercises.grade.
client.NotebookRun`), reads the answer variables through the codec, calls each function answer on its test inputs,
and writes one JSON document to the file descriptor the grader passed it (``SOCIALTIES_ANSWERS_FD``): the runner
makes it non-inheritable at once and is itself not traceable, so no process of the notebook can write to it. Even
so, nothing in it is trusted beyond being data: the worker decodes it with limits and checks it against keys it
never saw.

    python -m socialties.exercises.grade.runner SPEC.json
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

SPEC_VERSION = 1


def _write(fd: int, payload: dict[str, Any]) -> None:
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, allow_nan=False)


def run(spec: dict[str, Any], notebook_path: Path, run_dir: Path, work_dir: Path) -> dict[str, Any]:
    """Execute the staged notebook; the payload that the worker checks."""
    import nbformat

    from socialties.exercises.grade.client import KernelGone, NotebookRun
    from socialties.exercises.grade.codec import decode
    from socialties.exercises.grade.results import Limits

    limits = Limits(**spec["limits"])
    nb = nbformat.reads(notebook_path.read_text(encoding="utf-8"), as_version=4)
    names = [str(n) for n in spec["answers"]]
    functions = spec.get("functions", {})
    payload: dict[str, Any] = {"nonce": spec["nonce"], "values": None, "calls": {}, "notes": [], "dead": False,
                               "timed_out": False}
    with NotebookRun(nb, limits, work_dir, run_dir=run_dir) as notebook:
        notebook.run_cells()
        raw = None if notebook.dead else notebook.collect_raw(names)
        payload["values"] = raw
        deadline = time.monotonic() + limits.grace
        for name, info in functions.items():
            value = raw.get(name) if isinstance(raw, dict) else None
            if not (isinstance(value, dict) and value.get("$") == "callable"):
                continue
            calls = []
            for probe in info.get("probes", []):
                args = decode(probe)
                args = tuple(args) if isinstance(args, (list, tuple)) else ()
                seconds = min(float(info.get("timeout", 5.0)), max(0.5, deadline - time.monotonic()))
                try:
                    calls.append(notebook.call_payload(name, args, seconds))
                except KernelGone:
                    calls.append({"gone": True})
                    break
                except TimeoutError:
                    calls.append({"timeout": True})
                if notebook.dead:
                    break
            payload["calls"][name] = calls
        payload["notes"] = notebook.notes
        payload["dead"] = notebook.dead
        payload["timed_out"] = notebook.timed_out
    return payload


def _not_traceable() -> None:
    """Make this process non-dumpable: the student's processes (same user, no capability) cannot ptrace it or read
    its memory, so they cannot change what it writes."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except (OSError, AttributeError):
        pass


def _kill_the_rest() -> None:
    """Inside the sandbox's PID namespace: kill every process but this one and the namespace's init (bwrap), so that
    nothing the notebook started can still touch the answers once they are written."""
    import signal

    for _ in range(3):
        for entry in os.listdir("/proc"):
            if entry.isdigit() and int(entry) not in (1, os.getpid()):
                try:
                    os.kill(int(entry), signal.SIGKILL)
                except OSError:
                    pass
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    fd = int(os.environ["SOCIALTIES_ANSWERS_FD"])
    os.set_inheritable(fd, False)  # the kernel and everything it starts never get it
    in_sandbox = os.environ.get("SOCIALTIES_SANDBOX") == "bwrap" and os.getpid() < 100
    if in_sandbox:
        _not_traceable()
    spec_path = Path(args[0])
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    if spec.get("version") != SPEC_VERSION:
        print("runner: unknown spec version", file=sys.stderr)
        return 2
    run_dir = Path(os.environ.get("SOCIALTIES_RUN_DIR", "/work/run"))
    notebook_path = Path(os.environ.get("SOCIALTIES_NOTEBOOK", "/work/submission.ipynb"))
    work_dir = Path(os.environ.get("TMPDIR", "/tmp")) / "socialties-runner"
    work_dir.mkdir(parents=True, exist_ok=True)
    try:
        payload = run(spec, notebook_path, run_dir, work_dir)
    except Exception as err:  # reported to the worker as data; it decides the status
        payload = {"nonce": spec["nonce"], "values": None, "calls": {}, "dead": False, "timed_out": False,
                   "notes": [f"the notebook could not be run ({type(err).__name__}: {str(err)[:200]})"]}
    if in_sandbox:
        _kill_the_rest()
    _write(fd, payload)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
