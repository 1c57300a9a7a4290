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

    python -m socialties.exercises.execute NOTEBOOK --assignment NAME --result OUT.json [--timeout S] ...
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import os
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# ---------------------------------------------------------------------------------------------------------------
# Limits and results
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """What one submission may use. ``timeout`` is the budget of the whole notebook's cells; ``cell_timeout`` the
    longest any one cell may run before it is interrupted (the following cells still run)."""

    timeout: float = 300.0
    cell_timeout: float = 60.0
    memory_mb: int = 2048
    file_mb: int = 64
    startup_timeout: float = 60.0
    grace: float = 30.0  # collecting the answers and calling function answers, after the cells

    def hard_deadline(self) -> float:
        """Seconds after which the grader kills the worker and its kernel whatever they are doing."""
        return self.startup_timeout + self.timeout + 2 * self.grace + 10.0

    def cpu_seconds(self) -> int:
        """A CPU-time ceiling for the kernel: a backstop if it ignores interrupts and outlives its worker."""
        return int(self.hard_deadline() + 30)


@dataclass
class QuestionResult:
    """One question's line in the gradebook."""

    qid: str
    points: float
    out_of: float
    status: str
    feedback: str
    answer: str = ""


@dataclass
class SubmissionResult:
    """The outcome of grading one submission.

    ``status`` is ``graded`` (every cell ran, possibly with errors), ``timeout`` (out of time: a cell was
    interrupted or the worker killed), ``kernel-died``, ``invalid-notebook``, ``wrong-assignment``,
    ``unknown-assignment``, ``unreadable`` or ``grader-error``; ``message`` says what happened in words.
    """

    status: str
    assignment: str
    message: str
    questions: list[QuestionResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def points(self) -> float:
        return round(sum(q.points for q in self.questions), 4)

    @property
    def out_of(self) -> float:
        return round(sum(q.out_of for q in self.questions), 4)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=True)

    @classmethod
    def from_json(cls, text: str) -> "SubmissionResult":
        data = json.loads(text)
        questions = [QuestionResult(**q) for q in data.pop("questions", [])]
        return cls(questions=questions, **data)


class SubmissionError(Exception):
    """A submission that cannot be executed: ``status`` and a message for the gradebook."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def unexecuted(assignment: Any, status: str, message: str) -> SubmissionResult:
    """A result with every question at zero points, for a submission that could not be run."""
    questions = []
    name = ""
    if assignment is not None:
        name = assignment.name
        questions = [QuestionResult(q.qid, 0.0, float(q.points), status, message) for q in assignment.questions]
    return SubmissionResult(status, name, message, questions)


# ---------------------------------------------------------------------------------------------------------------
# Reading a submission
# ---------------------------------------------------------------------------------------------------------------


def read_notebook(data: bytes) -> Any:
    """Parse a submitted notebook, or raise :class:`SubmissionError` ("invalid-notebook") saying what is wrong."""
    import nbformat

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SubmissionError("invalid-notebook", f"the file is not UTF-8 text (byte {err.start})") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        raise SubmissionError("invalid-notebook",
                              f"the file is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg}); "
                              "it was probably damaged or edited outside Jupyter") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        raise SubmissionError("invalid-notebook", "the file is JSON but not a Jupyter notebook (no list of cells)")
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as err:  # nbformat raises several types for malformed notebooks
        raise SubmissionError("invalid-notebook", f"the notebook could not be read ({type(err).__name__})") from None
    for index, cell in enumerate(nb.cells):
        if not isinstance(cell, dict) or cell.get("cell_type") not in {"code", "markdown", "raw"} or not isinstance(
                cell.get("source", ""), str):
            raise SubmissionError("invalid-notebook", f"cell {index + 1} is malformed")
    return nb


def notebook_assignment(nb: Any) -> str | None:
    """The assignment a notebook names in its metadata ``{"socialties": {"assignment": ...}}``, if any."""
    meta = nb.get("metadata", {}).get("socialties", {})
    name = meta.get("assignment") if isinstance(meta, dict) else None
    return name if isinstance(name, str) and name.strip() else None


# ---------------------------------------------------------------------------------------------------------------
# The codec: plain data in and out of the kernel. ``encode`` and ``decode`` are self-contained (they import what
# they use) because their source is also sent to the kernel.
# ---------------------------------------------------------------------------------------------------------------


def encode(value, _budget=None, _depth=0):
    """Turn a value into JSON-ready data (tagged dicts for what JSON lacks); never raises, never runs user code
    beyond reading built-in types' contents."""
    import math
    import sys

    budget = _budget if _budget is not None else [200_000]
    budget[0] -= 1
    if budget[0] < 0 or _depth > 40:
        return {"$": "too-big"}
    try:
        np = sys.modules.get("numpy")
        pd = sys.modules.get("pandas")
        if value is None or value is True or value is False:
            return value
        if value is Ellipsis:
            return {"$": "ellipsis"}
        if isinstance(value, bool):
            return bool(value)
        if isinstance(value, int) and not (np is not None and isinstance(value, np.generic)):
            number = int.__index__(value)
            if abs(number) < 2 ** 53:
                return number
            if number.bit_length() > 12_000:
                return {"$": "int-huge", "bits": number.bit_length(), "sign": 1 if number > 0 else -1}
            return {"$": "int", "v": int.__repr__(number)}
        if isinstance(value, float) and not (np is not None and isinstance(value, np.generic)):
            number = float.__float__(value)
            return number if math.isfinite(number) else {"$": "float", "v": float.__repr__(number)}
        if isinstance(value, complex):
            return {"$": "complex", "re": encode(complex.__complex__(value).real, budget),
                    "im": encode(complex.__complex__(value).imag, budget)}
        if isinstance(value, str):
            text = str.__str__(value)
            budget[0] -= len(text) // 100
            if len(text) > 1_000_000:
                return {"$": "str", "v": text[:1_000_000], "truncated": len(text)}
            return text
        if isinstance(value, (bytes, bytearray)):
            return {"$": "bytes", "n": len(value)}
        if np is not None and isinstance(value, np.generic):
            return {"$": "npscalar", "dtype": str(value.dtype), "v": encode(value.item(), budget, _depth + 1)}
        if np is not None and isinstance(value, np.ndarray):
            if value.size > 1_000_000:
                return {"$": "too-big"}
            return {"$": "ndarray", "dtype": str(value.dtype), "shape": list(value.shape),
                    "v": [encode(x, budget, _depth + 1) for x in value.ravel().tolist()]}
        if pd is not None and isinstance(value, pd.DataFrame):
            if value.size > 1_000_000:
                return {"$": "too-big"}
            return {"$": "frame", "columns": encode(list(value.columns), budget, _depth + 1),
                    "dtypes": [str(t) for t in value.dtypes],
                    "index": encode(value.index, budget, _depth + 1),
                    "v": [encode(value.iloc[:, i].tolist(), budget, _depth + 1) for i in range(value.shape[1])]}
        if pd is not None and isinstance(value, pd.Series):
            if value.size > 1_000_000:
                return {"$": "too-big"}
            return {"$": "series", "name": encode(value.name, budget, _depth + 1), "dtype": str(value.dtype),
                    "index": encode(value.index, budget, _depth + 1),
                    "v": encode(value.tolist(), budget, _depth + 1)}
        if pd is not None and isinstance(value, pd.Index):
            if value.size > 1_000_000:
                return {"$": "too-big"}
            names = [encode(n, budget, _depth + 1) for n in value.names]
            return {"$": "index", "names": names, "dtype": str(value.dtype),
                    "v": encode(value.tolist(), budget, _depth + 1)}
        if pd is not None and value is pd.NA:
            return {"$": "na"}
        if pd is not None and isinstance(value, pd.Timestamp):
            return {"$": "timestamp", "v": value.isoformat()}
        kind = type(value)
        if kind in (list, tuple, set, frozenset):
            items = list(value)
            budget[0] -= len(items)
            if budget[0] < 0:
                return {"$": "too-big"}
            tag = {list: "list", tuple: "tuple", set: "set", frozenset: "frozenset"}[kind]
            return {"$": tag, "v": [encode(x, budget, _depth + 1) for x in items]}
        if kind is dict:
            pairs = list(dict.items(value))
            budget[0] -= len(pairs)
            if budget[0] < 0:
                return {"$": "too-big"}
            return {"$": "dict", "v": [[encode(k, budget, _depth + 1), encode(v, budget, _depth + 1)]
                                       for k, v in pairs]}
        if callable(value) and not isinstance(value, type):
            return {"$": "callable", "name": str(getattr(value, "__name__", "function"))[:80]}
    except Exception:
        pass
    kind = type(value)
    return {"$": "opaque", "module": str(getattr(kind, "__module__", ""))[:80],
            "type": str(getattr(kind, "__qualname__", "object"))[-80:]}


def decode(data, _depth=0):
    """Rebuild a value from :func:`encode`'s data: built-in, numpy and pandas objects, or an inert stand-in.
    Only constructs data; never imports or calls anything the data names."""
    import re

    if _depth > 60:
        return None
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):  # not produced by encode, but harmless
        return [decode(x, _depth + 1) for x in data]
    if not isinstance(data, dict):
        return None
    tag = data.get("$")
    items = data.get("v")
    if tag == "ellipsis":
        return Ellipsis
    if tag == "int" and isinstance(items, str) and re.fullmatch(r"-?\d{1,4300}", items):
        return int(items)
    if tag == "float" and items in {"nan", "inf", "-inf"}:
        return float(items)
    if tag == "complex":
        try:
            return complex(float(decode(data.get("re"))), float(decode(data.get("im"))))
        except (TypeError, ValueError):
            return None
    if tag == "str":
        return str(items)
    if tag in {"list", "tuple", "set", "frozenset"} and isinstance(items, list):
        values = [decode(x, _depth + 1) for x in items]
        if tag == "list":
            return values
        if tag == "tuple":
            return tuple(values)
        try:
            return set(values) if tag == "set" else frozenset(values)
        except TypeError:
            return values
    if tag == "dict" and isinstance(items, list):
        out = {}
        for pair in items:
            if isinstance(pair, list) and len(pair) == 2:
                key = decode(pair[0], _depth + 1)
                try:
                    out[key] = decode(pair[1], _depth + 1)
                except TypeError:  # an unhashable key: keep the value under its text
                    out[repr(key)] = decode(pair[1], _depth + 1)
        return out
    if tag in {"npscalar", "ndarray"}:
        import numpy as np

        dtype = _safe_dtype(data.get("dtype"))
        if tag == "npscalar":
            try:
                return np.array([decode(items, _depth + 1)], dtype=dtype)[0]
            except Exception:
                return decode(items, _depth + 1)
        shape = data.get("shape") if isinstance(data.get("shape"), list) else None
        flat = [decode(x, _depth + 1) for x in items] if isinstance(items, list) else []
        try:
            array = np.array(flat, dtype=dtype)
        except Exception:
            array = np.array(flat, dtype=object)
        try:
            return array.reshape([int(n) for n in shape]) if shape is not None else array
        except Exception:
            return array
    if tag in {"series", "index", "frame"}:
        import pandas as pd

        if tag == "index":
            values = decode(items, _depth + 1)
            names = [decode(n, _depth + 1) for n in data.get("names", [])] if isinstance(data.get("names"), list) \
                else [None]
            if isinstance(values, list) and values and all(isinstance(v, tuple) for v in values) and len(names) > 1:
                try:
                    return pd.MultiIndex.from_tuples(values, names=names)
                except Exception:
                    pass
            try:
                return pd.Index(values, dtype=_safe_dtype(data.get("dtype"), pandas=True),
                                name=names[0] if names else None)
            except Exception:
                return pd.Index(values if isinstance(values, list) else [], dtype=object)
        index = decode(data.get("index"), _depth + 1)
        if tag == "series":
            values = decode(items, _depth + 1)
            values = values if isinstance(values, list) else []
            name = decode(data.get("name"), _depth + 1)
            for dtype in (_safe_dtype(data.get("dtype"), pandas=True), None, object):
                try:
                    return pd.Series(values, index=index if isinstance(index, pd.Index) else None, name=name,
                                     dtype=dtype)
                except Exception:
                    continue
            return pd.Series(values, dtype=object)
        columns = decode(data.get("columns"), _depth + 1)
        columns = columns if isinstance(columns, list) else []
        column_values = [decode(c, _depth + 1) for c in items] if isinstance(items, list) else []
        dtypes = data.get("dtypes") if isinstance(data.get("dtypes"), list) else []
        series = []
        for i, values in enumerate(column_values[: len(columns)]):
            values = values if isinstance(values, list) else []
            made = None
            for dtype in (_safe_dtype(dtypes[i] if i < len(dtypes) else None, pandas=True), None, object):
                try:
                    made = pd.Series(values, dtype=dtype)
                    break
                except Exception:
                    continue
            series.append(made if made is not None else pd.Series(values, dtype=object))
        try:
            frame = pd.concat(series, axis=1, ignore_index=True) if series else pd.DataFrame()
            frame.columns = columns[: frame.shape[1]] if series else frame.columns
            if isinstance(index, pd.Index) and len(index) == len(frame):
                frame.index = index
            return frame
        except Exception:
            return Opaque.make("pandas", "DataFrame", "it could not be rebuilt")
    if tag == "na":
        import pandas as pd

        return pd.NA
    if tag == "timestamp":
        import pandas as pd

        try:
            return pd.Timestamp(str(items))
        except Exception:
            return None
    if tag == "bytes":
        return Opaque.make("builtins", "bytes", f"{data.get('n')} bytes")
    if tag == "int-huge":
        return Opaque.make("builtins", "int", f"an integer of {data.get('bits')} bits, too large to copy")
    if tag == "too-big":
        return Opaque.make("builtins", "object", "a value too large to copy out of the notebook")
    if tag == "callable":
        return Opaque.make("builtins", "function", "a function")
    return Opaque.make(str(data.get("module", "")), str(data.get("type", "object")), "")


def _safe_dtype(name: object, pandas: bool = False) -> Any:
    """A dtype parsed from its name (only parsed, never imported); ``object`` if the name is not understood."""
    import numpy as np

    if not isinstance(name, str) or len(name) > 40:
        return object
    try:
        if pandas:
            import pandas as pd

            return pd.api.types.pandas_dtype(name)
        return np.dtype(name)
    except Exception:
        return object


class Opaque:
    """An inert stand-in for a value that cannot be copied out of the kernel (a student's class, a module...).

    Its class is named like the original type (``__main__.Cheater``), so a check's message can name what the
    student handed in; it has no behaviour: every comparison is False and it converts to nothing.
    """

    note: str = ""

    @classmethod
    def make(cls, module: str, qualname: str, note: str) -> "Opaque":
        import re

        safe_name = re.sub(r"[^A-Za-z0-9_.]", "_", qualname)[-80:] or "object"
        safe_module = re.sub(r"[^A-Za-z0-9_.]", "_", module)[:80]
        kind = type(safe_name.split(".")[-1], (cls,), {"__qualname__": safe_name, "__module__": safe_module,
                                                        "note": note})
        return kind()

    def __repr__(self) -> str:
        kind = type(self)
        where = "" if kind.__module__ in {"builtins", ""} else kind.__module__ + "."
        return f"<{where}{kind.__qualname__}{': ' + self.note if self.note else ''}>"

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = object.__hash__


# ---------------------------------------------------------------------------------------------------------------
# The kernel side: code sent to the kernel after the student's cells.
# ---------------------------------------------------------------------------------------------------------------


def _kernel_collect(names, path, nonce):
    """(Runs in the kernel.) Encode the answer variables and write them to ``path`` as JSON."""
    import json

    ns = __import__("IPython").get_ipython().user_ns
    values = {}
    for name in names:
        values[name] = encode(ns[name]) if name in ns else {"$": "missing"}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"nonce": nonce, "values": values}, handle, allow_nan=False)


def _kernel_call(name, args_path, result_path, nonce):
    """(Runs in the kernel.) Call the function answer ``name`` on decoded arguments; write the encoded result."""
    import json

    ns = __import__("IPython").get_ipython().user_ns
    with open(args_path, encoding="utf-8") as handle:
        args = decode(json.load(handle))
    try:
        out = {"nonce": nonce, "result": encode(ns[name](*args))}
    except BaseException as exc:  # SystemExit and KeyboardInterrupt too: the check reports them as errors
        out = {"nonce": nonce, "error": type(exc).__name__[:80], "module": type(exc).__module__[:80]}
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(out, handle, allow_nan=False)


def kernel_library() -> str:
    """Source of the codec and the kernel-side helpers, executed in a private namespace in the kernel."""
    parts = ["from __future__ import annotations"]
    parts += [inspect.getsource(f) for f in (encode, decode, _safe_dtype, _kernel_collect, _kernel_call)]
    parts.append(inspect.getsource(Opaque))
    return "\n\n".join(parts)


GRADER_NS = "__socialties_grader__"


# ---------------------------------------------------------------------------------------------------------------
# Running a notebook
# ---------------------------------------------------------------------------------------------------------------

MAX_RESULT_BYTES = 64 << 20
_KERNEL_WRAPPER = (
    "import os, resource, sys\n"
    "memory, fsize, cpu = (int(x) for x in sys.argv[1:4])\n"
    "resource.setrlimit(resource.RLIMIT_AS, (memory << 20, memory << 20))\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (fsize << 20, fsize << 20))\n"
    "resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))\n"
    "os.execv(sys.executable, [sys.executable, '-m', 'ipykernel_launcher', '-f', sys.argv[4]])\n"
)


def _kernel_manager(limits: Limits, spec_dir: Path) -> Any:
    """A kernel manager whose kernel is this interpreter, started under the resource limits.

    The notebook's own kernelspec is ignored on purpose: a submission does not choose what runs it.
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    kernel_dir = spec_dir / "kernels" / "socialties-grader"
    kernel_dir.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-c", _KERNEL_WRAPPER, str(limits.memory_mb), str(limits.file_mb),
            str(limits.cpu_seconds()), "{connection_file}"]
    (kernel_dir / "kernel.json").write_text(json.dumps(
        {"argv": argv, "display_name": "socialties grader", "language": "python"}))
    specs = KernelSpecManager(kernel_dirs=[str(spec_dir / "kernels")], ensure_native_kernel=False)
    return AsyncKernelManager(kernel_name="socialties-grader", kernel_spec_manager=specs)


def _kernel_env(workdir: Path) -> dict[str, str]:
    """A small environment for the kernel: nothing of the grader's beyond what Python needs."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "HOME": str(workdir), "TMPDIR": str(workdir), "MPLBACKEND": "Agg",
        "SOCIALTIES_EDITION": "student", "SOCIALTIES_STATIC": "1", "SOCIALTIES_GRADING": "1",
        # One thread per math library: fewer threads, less address space reserved under the memory limit.
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


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

    def __init__(self, nb: Any, limits: Limits, workdir: Path, pidfile: Path | None = None) -> None:
        import nbformat

        self.limits = limits
        self.workdir = workdir
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
            record_timing=False, resources={"metadata": {"path": str(workdir / "run")}},
        )
        self.client.timeout_func = lambda cell: max(1, int(math.ceil(self.client.cell_timeout_s)))

    def __enter__(self) -> "NotebookRun":
        (self.workdir / "run").mkdir(parents=True, exist_ok=True)
        self._context = self.client.setup_kernel(env=_kernel_env(self.workdir / "run"), cwd=str(self.workdir / "run"))
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

    def collect(self, names: list[str]) -> dict[str, Any] | None:
        """The decoded values of ``names`` in the kernel (missing ones absent), or None if they could not be read."""
        if self.dead:
            return None
        path = self.workdir / "run" / f".answers-{self.nonce}.json"
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
        if self.dead:
            raise KernelGone("the notebook's kernel is no longer running")
        token = secrets.token_hex(6)
        args_path = self.workdir / "run" / f".args-{token}.json"
        result_path = self.workdir / "run" / f".result-{token}.json"
        args_path.write_text(json.dumps(encode(list(args)), allow_nan=False), encoding="utf-8")
        source = (f"{GRADER_NS}['_kernel_call']({name!r}, {str(args_path)!r}, {str(result_path)!r}, "
                  f"{self.nonce!r})\n")
        finished = self._run_internal(source, seconds)
        payload = _read_payload(result_path, self.nonce)
        if payload is None:
            if not finished and not self.dead:
                raise _exception_type("TimeoutError", "builtins")("the function ran too long")
            raise KernelGone("the function's result could not be read")
        if "error" in payload:
            raise _exception_type(str(payload["error"]), str(payload.get("module", "")))("raised in the notebook")
        return decode(payload.get("result"))


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


# ---------------------------------------------------------------------------------------------------------------
# Grading one notebook
# ---------------------------------------------------------------------------------------------------------------


def answer_preview(value: Any, limit: int = 300) -> str:
    """A short text form of an answer for the gradebook (reflections are kept longer)."""
    if value is Ellipsis:
        return "..."
    if hasattr(value, "item") and type(value).__module__ == "numpy" and getattr(value, "ndim", 1) == 0:
        value = value.item()  # np.float64(9.0) -> 9.0: what the student sees in the notebook
    if isinstance(value, str):
        text = value
        limit = max(limit, 4000)
    else:
        try:
            text = repr(value)
        except Exception:
            text = f"<{type(value).__name__}>"
    text = " ".join(text.split()) if not isinstance(value, str) else text
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
    parser = argparse.ArgumentParser(prog="python -m socialties.exercises.execute",
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
