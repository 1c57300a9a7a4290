"""``make bench``: take every benchmark in one run and print one table, each figure beside its anchor or limit.

Each measure runs in a process of its own (``python -m benchmarks.NAME --json``), in the order below: the book build
first, since the page-weight and slider measures read the site it builds (in a scratch folder: the working tree's
``_build/html`` is never touched). A measure that fails becomes a row that says so; the others still run. The table is
also written to ``_build/bench/bench.md`` and ``_build/bench/bench.json``. Nothing is asserted: it is for people.

    python benchmarks/run.py [--only build,pages] [--keep-scratch]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: `benchmarks` is importable

from benchmarks.common import ROOT, failed, markdown_table, text_table  # noqa: E402

# (module, title, extra arguments); {scratch} and {site} are filled in by the runner.
MEASURES = [
    ("build", "book build: clean, no change, one notebook edited", ["--scratch", "{scratch}/build"]),
    ("notebooks", "execution time of each notebook", ["--scratch", "{scratch}/notebooks"]),
    ("nbval", "nbval wall time", []),
    ("pages", "page weights in Chromium", ["--site", "{site}", "--source", "{scratch}/build/src"]),
    ("slider", "static slider redraw in Chromium", ["--site", "{site}"]),
    ("callback", "live explorer callbacks", []),
    ("power", "power simulation vs statsmodels loop", []),
    ("grading", "grading throughput", []),
]


def run_measure(name: str, title: str, extra: list[str], timeout: float) -> tuple[list[dict], float]:
    print(f"[bench] {name}: {title} ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", f"benchmarks.{name}", "--json", *extra], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True, timeout=timeout)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            return [failed(name, title, f"benchmarks.{name} exited with {done.returncode} (its error is above)")], wall
        return json.loads(done.stdout.strip().splitlines()[-1]), wall
    except subprocess.TimeoutExpired:
        return [failed(name, title, f"stopped after {timeout:.0f} s")], time.perf_counter() - start
    except (ValueError, IndexError) as err:
        return [failed(name, title, f"unreadable output ({err})")], time.perf_counter() - start


def header() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = "?"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"Course benchmarks, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit or '?'}: "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, load average {load:.1f} at the start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated measures to run (default: all): "
                        + ", ".join(m[0] for m in MEASURES))
    parser.add_argument("--site", help="measure this built site instead of the scratch build's (with --only)")
    parser.add_argument("--keep-scratch", action="store_true", help="keep the scratch folder (printed at the end)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed per measure (default 900)")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "bench", help="where bench.md/.json go")
    args = parser.parse_args(argv)
    chosen = args.only.split(",") if args.only else [m[0] for m in MEASURES]
    unknown = set(chosen) - {m[0] for m in MEASURES}
    if unknown:
        parser.error(f"unknown measure(s): {', '.join(sorted(unknown))}")

    scratch = Path(tempfile.mkdtemp(prefix="socialties-bench-"))
    site = args.site or str(scratch / "build" / "out" / "_build" / "html")
    top = header()
    rows, started = [], time.perf_counter()
    try:
        for name, title, extra in MEASURES:
            if name not in chosen:
                continue
            if name == "pages" and "build" not in chosen:  # no scratch sources: read the working tree's toc
                extra = ["--site", "{site}", "--source", str(ROOT)]
            filled = [a.format(scratch=scratch, site=site) for a in extra]
            measured, wall = run_measure(name, title, filled, args.timeout)
            print(f"[bench] {name}: done in {wall:.0f} s", file=sys.stderr, flush=True)
            rows += measured
    finally:
        if args.keep_scratch:
            print(f"[bench] scratch folder kept: {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    total = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    footer = (f"All figures measured in this run: {total / 60:.1f} min wall, {(usage.ru_utime + usage.ru_stime) / 60:.1f}"
              f" min of CPU; load average {load:.1f} at the end. Ratios are figure / anchor; 'over' marks a limit "
              "exceeded. Nothing is asserted.")
    print("\n" + top + "\n\n" + text_table(rows) + "\n\n" + footer)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.md").write_text(f"{top}\n\n{markdown_table(rows)}\n\n{footer}\n", encoding="utf-8")
    (args.out / "bench.json").write_text(json.dumps({"header": top, "seconds": round(total, 1), "rows": rows},
                                                    indent=1), encoding="utf-8")
    print(f"(also written to {args.out / 'bench.md'} and bench.json)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
