"""What every benchmark shares: the row format, the table, the command line, a scratch copy of the book's sources,
the table of contents, a local web server and a kernel start-up timer.

A row is a plain dict (so that the runner can read it from a measure's ``--json`` output)::

    {"group": "build", "measure": "clean build", "figure": "95.2 s", "anchor": "3.9-5.4 s (sample book)",
     "ratio": "18x", "note": "..."}

``figure`` is what was measured in this run; ``anchor`` the reference figure or the limit it is read against;
``ratio`` the figure over the anchor (``over`` marks a limit exceeded); ``note`` anything a reader needs to read the
figure right. Nothing here imports numpy: a measure may need to set thread counts before numpy loads.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the venv's bin: jupyter-book, pytest, socialties
STACK_NOTES = "stack notes"  # /work/shared/reference/stack-notes.md: figures seen with this stack on 2 cores

Row = dict


# ------------------------------------------------------------------------------------------------------- rows
def row(group: str, measure: str, figure: str, anchor: str = "", ratio: str = "", note: str = "") -> Row:
    return {"group": group, "measure": measure, "figure": figure, "anchor": anchor, "ratio": ratio, "note": note}


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def millis(value: float) -> str:
    return f"{1e3 * value:.1f} ms"


def size(nbytes: float) -> str:
    if nbytes >= 1e6:
        return f"{nbytes / 1e6:.2f} MB"
    return f"{nbytes / 1e3:.0f} kB"


def ratio(value: float, anchor: float, limit: bool = False) -> str:
    """``value / anchor`` as ``2.3x``; for a limit, ``over`` is added when the value exceeds it."""
    if not anchor or value != value:  # no anchor, or NaN
        return ""
    text = f"{value / anchor:.2f}x" if value / anchor < 10 else f"{value / anchor:.0f}x"
    return text + (" over" if limit and value > anchor else "")


def median_max(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), max(values)


def failed(group: str, measure: str, reason: str) -> Row:
    """A row that says a measure could not be taken, and why (the table still prints)."""
    return row(group, measure, "not measured", note=reason[:300])


# ------------------------------------------------------------------------------------------------------ table
COLUMNS = (("measure", "Measure"), ("figure", "Figure"), ("anchor", "Anchor or limit"), ("ratio", "vs anchor"))


def text_table(rows: list[Row]) -> str:
    """An aligned plain-text table, a heading line per group, with the notes numbered under it."""
    notes: list[str] = []
    cells = []
    for r in rows:
        line = {key: str(r.get(key, "")) for key, _ in COLUMNS}
        if r.get("note"):
            notes.append(r["note"])
            line["measure"] += f" [{len(notes)}]"
        cells.append((r.get("group", ""), line))
    widths = {key: max([len(title)] + [len(c[key]) for _, c in cells]) for key, title in COLUMNS}
    fmt = "  ".join(f"{{{key}:<{widths[key]}}}" for key, _ in COLUMNS)
    out = [fmt.format(**{key: title for key, title in COLUMNS}).rstrip(),
           "  ".join("-" * widths[k] for k, _ in COLUMNS)]
    group = None
    for g, line in cells:
        if g != group:
            out += ["", f"{g}:"] if g else [""]
            group = g
        out.append(fmt.format(**line).rstrip())
    if notes:
        out += [""] + [f"[{i}] {n}" for i, n in enumerate(notes, 1)]
    return "\n".join(out)


def markdown_table(rows: list[Row]) -> str:
    """The same table in Markdown, a bold row per group, the notes in their own column."""
    def esc(text: str) -> str:
        return str(text).replace("|", "\\|")

    out = ["| " + " | ".join(title for _, title in COLUMNS) + " | Note |", "|" + "---|" * (len(COLUMNS) + 1)]
    group = None
    for r in rows:
        if r.get("group") != group:
            group = r.get("group")
            out.append(f"| **{esc(group)}** |" + " |" * len(COLUMNS))
        out.append("| " + " | ".join(esc(r.get(k, "")) for k, _ in COLUMNS) + f" | {esc(r.get('note', ''))} |")
    return "\n".join(out)


# ------------------------------------------------------------------------------------------------ command line
def cli(description: str, measure: Callable[[argparse.Namespace], list[Row]],
        add_arguments: Callable[[argparse.ArgumentParser], None] | None = None,
        argv: list[str] | None = None) -> int:
    """Parse arguments, take the measure, print its rows (a table, or one JSON list with ``--json``)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON (for benchmarks/run.py)")
    if add_arguments:
        add_arguments(parser)
    args = parser.parse_args(argv)
    rows = measure(args)
    print(json.dumps(rows) if args.json else text_table(rows), flush=True)
    return 0


def log(message: str) -> None:
    """Progress for people, on stderr (stdout carries the rows)."""
    print(f"  {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------------ the sources
def source_files(root: Path = ROOT) -> list[Path]:
    """The working tree's files as git sees them (tracked, and new but not ignored), relative to ``root``."""
    try:
        listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=root, check=True,
                                capture_output=True).stdout.decode().split("\0")
        return [Path(p) for p in listed if p and (root / p).is_file()]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: everything but build output and venvs
        skip = {".git", ".venv", "_build", "node_modules", "__pycache__", ".jupyter_cache"}
        return [p.relative_to(root) for p in root.rglob("*") if p.is_file() and not skip & set(p.parts)]


def copy_sources(dest: Path, root: Path = ROOT) -> Path:
    """Copy the book's sources (the working tree without build output) to ``dest``: builds there never touch
    the working tree's ``_build``. The notebooks still import the ``socialties`` package installed from it."""
    for rel in source_files(root):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, target)
    return dest


def toc_files(source: Path = ROOT) -> list[str]:
    """Every document of ``_toc.yml``, in reading order, as written there (no extension)."""
    import yaml

    toc = yaml.safe_load((source / "_toc.yml").read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    found.append(os.path.splitext(node[key])[0])
            for value in node.values():
                if isinstance(value, (list, dict)):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return list(dict.fromkeys(found))


def toc_notebooks(source: Path = ROOT) -> list[Path]:
    """The notebooks of the table of contents, in reading order (absolute paths under ``source``)."""
    return [source / f"{f}.ipynb" for f in toc_files(source) if (source / f"{f}.ipynb").is_file()]


# ------------------------------------------------------------------------------------------------ web server
class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


class LocalSite:
    """A built site served on 127.0.0.1 and a free port, from a thread: ``with LocalSite(folder) as url: ...``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium_executable() -> str | None:
    """Debian's Chromium if installed (``make chromium``), else Playwright's own download."""
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def find_site(given: str | None) -> Path | None:
    """The built site to measure: the one given, else the working tree's ``_build/html`` if built."""
    for candidate in ([Path(given)] if given else []) + [ROOT / "_build" / "html"]:
        if (candidate / "index.html").is_file():
            return candidate
    return None


# -------------------------------------------------------------------------------------------------- kernels
def kernel_start_seconds(repeat: int = 3) -> list[float]:
    """Seconds to start a python3 kernel until it answers, each start on its own (the floor of any notebook run)."""
    from jupyter_client.manager import start_new_kernel

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        manager, client = start_new_kernel(kernel_name="python3", startup_timeout=120,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return times


def timed(command: Iterable[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    """Run a command to completion; return its wall time and the completed process (output captured)."""
    start = time.perf_counter()
    done = subprocess.run(list(command), capture_output=True, text=True, **kwargs)
    return time.perf_counter() - start, done


def last_line(done: subprocess.CompletedProcess) -> str:
    lines = [ln for ln in (done.stdout + "\n" + done.stderr).strip().splitlines() if ln.strip()]
    return lines[-1].strip() if lines else f"exit code {done.returncode}"
