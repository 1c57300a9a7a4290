"""Live callback latency: the live buffering explorer's slider callback, called in-process (no browser, no kernel).

The explorer of ``socialties.buffering.widgets`` is built with its widgets; then a slider's value is set 20 times
(each setting runs the explorer's own ``observe`` callback: simulate, fit, probe, report, chart spec), at the
default sample size and at n = 2,000. The power panel's button callback is timed once. Displays go to an IPython
shell that serialises them as a kernel does. What a reader of a live notebook waits for, less the trip of the widget
messages between kernel and browser.

    python -m benchmarks.callback [--events 20]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import time

from benchmarks.common import cli, median_max, millis, ratio, row, seconds

GROUP = "Live explorer callbacks (in-process)"
LIMIT_MS = 50.0  # benchmarks/bench_buffering.py: one slider change "well under 50 ms"


def install_shell() -> None:
    """An IPython shell whose displays are serialised as a kernel serialises them to send to the browser, then
    dropped: without it, ``display`` would print each chart's whole spec to stdout, a cost no reader pays."""
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell

    class SerialisingPublisher(DisplayPublisher):
        def publish(self, data, metadata=None, *args, **kwargs) -> None:
            json.dumps({"data": data, "metadata": metadata or {}}, default=str)

    InteractiveShell.instance(display_pub_class=SerialisingPublisher)


def slider_latencies(explorer, events: int) -> list[float]:
    values = [-0.3, -0.1, -0.25, 0.0, -0.35, -0.15]
    times = []
    for i in range(events):
        value = values[i % len(values)]
        if explorer.b_int.value == value:
            value += 0.01
        start = time.perf_counter()
        explorer.b_int.value = value  # runs the observe callback synchronously
        times.append(time.perf_counter() - start)
    return times


def measure(args: argparse.Namespace) -> list[dict]:
    os.environ.pop("SOCIALTIES_STATIC", None)  # live mode: the widgets, not the static snapshot
    install_shell()
    from socialties.buffering.widgets import POWER_NS, buffering_explorer

    with contextlib.redirect_stdout(io.StringIO()):  # clear_output writes terminal escapes when there is no kernel
        return timed_callbacks(buffering_explorer(), POWER_NS, args.events)


def timed_callbacks(explorer, power_ns, events: int) -> list[dict]:
    """Time the first draw, slider changes at two sample sizes and the power button of one explorer."""
    start = time.perf_counter()
    explorer.box  # noqa: B018 - builds the widgets and draws the first state
    first = time.perf_counter() - start
    rows = [row(GROUP, f"explorer built and first drawn (n = {explorer.n.value})", millis(first), "",
                note="includes first-call costs (imports, caches)")]
    for n in (explorer.n.value, 2000):
        explorer.n.value = n
        med, top = median_max(slider_latencies(explorer, events))
        for label, value in (("median", med), ("max", top)):
            rows.append(row(GROUP, f"slider callback, n = {n}, {label} of {events}", millis(value),
                            f"well under {LIMIT_MS:.0f} ms", ratio(1e3 * value, LIMIT_MS, limit=True)))
    explorer.reps.value = 500
    start = time.perf_counter()
    explorer.run_power()
    rows.append(row(GROUP, f"power study button (500 replications x {len(power_ns)} sample sizes)",
                    seconds(time.perf_counter() - start), "", note="no anchor set: the reader waits for it, "
                    "with a 'Simulating...' message"))
    return rows


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--events", type=int, default=20, help="slider changes per sample size (default %(default)s)")


if __name__ == "__main__":
    raise SystemExit(cli(__doc__.splitlines()[0], measure, add_arguments))
