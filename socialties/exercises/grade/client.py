"""Executing one submission's cells with nbclient, and reading its answers back as data.

:class:`NotebookRun` drives one kernel: it runs every student cell (errors noted, next cells still run) within the
time budget, then copies the answer variables out through the codec, and calls function answers with data in and out
(:class:`KernelFunction`). The nbclient subclass keeps no output, only errors, and counts timeouts; it overrides
nbclient's ``output``, ``handle_comm_msg`` and ``_async_handle_timeout`` (the last one private: pinned nbclient).
"""

from __future__ import annotations

import json
import math
import os
import secrets
import signal
import threading
import time
from pathlib import Path
from typing import Any

from socialties.exercises.grade.codec import GRADER_NS, decode, encode, kernel_library
from socialties.exercises.grade.kernel import _kernel_env, _kernel_manager
from socialties.exercises.grade.results import Limits

MAX_RESULT_BYTES = 64 << 20


def _client_class() -> type:
    from nbclient import NotebookClient

    class SandboxClient(NotebookClient):
        """Keeps no output (the grader reads values, not outputs; a flood of output costs nothing), only errors."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.errors: dict[int, str] = {}
            self.output_chars = 0
            self.timeouts = 0
            self.cell_timeout_s = 60

        def output(self, outs, msg, display_id, cell_index):  # noqa: ANN001 - nbclient's signature
            content = msg.get("content", {})
            self.output_chars += len(str(content.get("text", ""))) if msg["msg_type"] == "stream" else 1
            if msg["msg_type"] == "error" and cell_index not in self.errors:
                self.errors[cell_index] = f"{content.get('ename', 'Error')}: {content.get('evalue', '')}"[:300]
            return None

        def handle_comm_msg(self, outs, msg, cell_index):  # noqa: ANN001 - widgets are not needed for grading
            return None

        async def _async_handle_timeout(self, timeout, cell=None):  # noqa: ANN001
            self.timeouts += 1
            return await super()._async_handle_timeout(timeout, cell)

    return SandboxClient


def _format_seconds(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds >= 10 else f"{seconds:.1f} s".replace(".0 s", " s")


class NotebookRun:
    """One kernel executing one submission: run the cells, collect the answers, call function answers."""

    def __init__(self, nb: Any, limits: Limits, workdir: Path, pidfile: Path | None = None,
                 run_dir: Path | None = None) -> None:
        import nbformat

        self.limits = limits
        self.workdir = workdir
        self.run_dir = run_dir if run_dir is not None else workdir / "run"
        self.pidfile = pidfile
        self.nonce = secrets.token_hex(8)
        self.notes: list[str] = []
        self.timed_out = False
        self.dead = False
        cells = [c for c in nb.cells if c.cell_type == "code"]
        for cell in cells:
            cell.outputs = []
        self.student_cells = len(cells)
        self.nb = nbformat.v4.new_notebook(cells=cells)
        client_class = _client_class()
        self.client = client_class(
            self.nb, km=_kernel_manager(limits, workdir / "spec"), allow_errors=True, interrupt_on_timeout=True,
            error_on_timeout={"ename": "Timeout", "evalue": "interrupted: the cell ran too long", "traceback": []},
            startup_timeout=int(limits.startup_timeout), shell_timeout_interval=1, iopub_timeout=2,
            record_timing=False, resources={"metadata": {"path": str(self.run_dir)}},
        )
        self.client.timeout_func = lambda cell: max(1, int(math.ceil(self.client.cell_timeout_s)))

    def __enter__(self) -> "NotebookRun":
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self._context = self.client.setup_kernel(env=_kernel_env(self.run_dir), cwd=str(self.run_dir))
        self._context.__enter__()
        if self.pidfile is not None:
            process = getattr(getattr(self.client.km, "provisioner", None), "process", None)
            if process is not None:
                self.pidfile.write_text(str(process.pid))
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._context.__exit__(None, None, None)
        except Exception:
            pass
        self.kill_kernel()

    def kill_kernel(self) -> None:
        """Kill the kernel's whole process group (it runs in its own session), children included."""
        process = getattr(getattr(self.client.km, "provisioner", None), "process", None)
        if process is None:
            return
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass

    def run_cells(self) -> None:
        """Run every student cell within the budget; errors are noted and the next cells still run."""
        from nbclient.exceptions import DeadKernelError

        deadline = time.monotonic() + self.limits.timeout
        for index in range(self.student_cells):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.timed_out = True
                self.notes.append(f"cells {index + 1}-{self.student_cells} were not run: the notebook's "
                                  f"{_format_seconds(self.limits.timeout)} ran out")
                return
            self.client.cell_timeout_s = min(self.limits.cell_timeout, remaining)
            timeouts_before = self.client.timeouts
            try:
                self.client.execute_cell(self.nb.cells[index], index)
            except DeadKernelError:
                self.dead = True
                self.notes.append(f"the kernel died while running {self._cell_name(index)} (os._exit, a crash, or the "
                                  f"{self.limits.memory_mb} MB memory limit)")
                return
            error = self.client.errors.get(index)
            if self.client.timeouts > timeouts_before:
                self.timed_out = True
                self.notes.append(f"{self._cell_name(index)} was interrupted after "
                                  f"{_format_seconds(self.client.cell_timeout_s)}")
            elif error:
                self.notes.append(f"{self._cell_name(index)} raised {error.splitlines()[0][:160]}")

    def _cell_name(self, index: int) -> str:
        """"code cell 3 (`first line...`)": which cell, in words a student can find in the notebook."""
        lines = [line.strip() for line in self.nb.cells[index].source.splitlines() if line.strip()]
        first = lines[0] if lines else ""
        first = first if len(first) <= 40 else first[:37] + "..."
        return f"code cell {index + 1} (`{first}`)"

    def _run_internal(self, source: str, seconds: float) -> bool:
        """Run grader code in the kernel; True if it finished within ``seconds`` without an error."""
        import nbformat
        from nbclient.exceptions import DeadKernelError

        cell = nbformat.v4.new_code_cell(source)
        index = len(self.nb.cells)
        self.nb.cells.append(cell)
        self.client.cell_timeout_s = seconds
        timeouts_before = self.client.timeouts
        try:
            self.client.execute_cell(cell, index, store_history=False)
        except DeadKernelError:
            self.dead = True
            return False
        finally:
            self.nb.cells.pop()
        error = self.client.errors.pop(index, None)
        return error is None and self.client.timeouts == timeouts_before

    def collect_raw(self, names: list[str]) -> dict[str, Any] | None:
        """The codec data of ``names`` in the kernel (``{"$": "missing"}`` for undefined ones), or None if they could
        not be read. Not decoded: the sandbox's runner passes it on as it is."""
        if self.dead:
            return None
        path = self.run_dir / f".answers-{self.nonce}.json"
        source = (f"{GRADER_NS} = {{}}\n"
                  f"__import__('builtins').exec({kernel_library()!r}, {GRADER_NS})\n"
                  f"{GRADER_NS}['_kernel_collect']({names!r}, {str(path)!r}, {self.nonce!r})\n")
        if not self._run_internal(source, self.limits.grace):
            self.notes.append("the answers could not be read from the kernel after the cells ran")
            return None
        payload = _read_payload(path, self.nonce)
        if payload is None:
            self.notes.append("the answers read from the kernel were unreadable")
            return None
        values = payload.get("values", {})
        return values if isinstance(values, dict) else None

    def collect(self, names: list[str]) -> dict[str, Any] | None:
        """The decoded values of ``names`` in the kernel (missing ones absent), or None if they could not be read."""
        values = self.collect_raw(names)
        if values is None:
            return None
        out: dict[str, Any] = {}
        for name in names:
            data = values.get(name) if isinstance(values, dict) else None
            if isinstance(data, dict) and data.get("$") == "missing":
                continue
            if isinstance(data, dict) and data.get("$") == "callable":
                out[name] = KernelFunction(self, name, str(data.get("name", name)))
            else:
                out[name] = decode(data)
        return out

    def call(self, name: str, args: tuple, seconds: float) -> Any:
        """Call the kernel's function ``name`` on ``args`` (sent as data); its result, decoded."""
        payload = self.call_payload(name, args, seconds)
        if "error" in payload:
            raise _exception_type(str(payload["error"]), str(payload.get("module", "")))("raised in the notebook")
        return decode(payload.get("result"))

    def call_payload(self, name: str, args: tuple, seconds: float) -> dict[str, Any]:
        """Call the kernel's function ``name`` on ``args``: ``{"result": data}`` or ``{"error": type name, "module"}``
        (raises ``TimeoutError`` when it ran too long, :class:`KernelGone` when the kernel is gone)."""
        if self.dead:
            raise KernelGone("the notebook's kernel is no longer running")
        token = secrets.token_hex(6)
        args_path = self.run_dir / f".args-{token}.json"
        result_path = self.run_dir / f".result-{token}.json"
        args_path.write_text(json.dumps(encode(list(args)), allow_nan=False), encoding="utf-8")
        source = (f"{GRADER_NS}['_kernel_call']({name!r}, {str(args_path)!r}, {str(result_path)!r}, "
                  f"{self.nonce!r})\n")
        finished = self._run_internal(source, seconds)
        args_path.unlink(missing_ok=True)
        payload = _read_payload(result_path, self.nonce)
        if payload is None:
            if not finished and not self.dead:
                raise TimeoutError("the function ran too long")
            raise KernelGone("the function's result could not be read")
        return {k: payload[k] for k in ("result", "error", "module") if k in payload}


class KernelGone(RuntimeError):
    """The kernel died or stopped answering while a function answer was being called."""


def _exception_type(name: str, module: str) -> type:
    """An exception class named like the student's (so feedback says "raised ZeroDivisionError"); data only."""
    import re

    safe = re.sub(r"[^A-Za-z0-9_]", "_", name)[:80] or "Exception"
    return type(safe, (Exception,), {"__module__": "builtins" if module in {"builtins", ""} else
                                     re.sub(r"[^A-Za-z0-9_.]", "_", module)[:80]})


def _read_payload(path: Path, nonce: str) -> dict[str, Any] | None:
    """Read a JSON file the kernel wrote, if it exists, is not too large, and carries this run's nonce."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_RESULT_BYTES:
            return None
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    finally:
        try:
            path.unlink()
        except OSError:
            pass
    return payload if isinstance(payload, dict) and payload.get("nonce") == nonce else None


class KernelFunction:
    """A function answer that lives in the student's kernel; calling it runs it there, with data in and out."""

    def __init__(self, run: NotebookRun, name: str, display_name: str) -> None:
        self._run = run
        self._name = name
        self.__name__ = display_name
        self.timeout = 5.0

    def __call__(self, *args: Any) -> Any:
        # The check may have armed a SIGALRM timer for this call; an alarm inside the kernel client's event loop
        # would corrupt it, so the timer is cancelled and this proxy enforces the time limit itself.
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, 0)
        return self._run.call(self._name, args, self.timeout)

    def __repr__(self) -> str:
        return f"<function {self.__name__} (in the notebook)>"
