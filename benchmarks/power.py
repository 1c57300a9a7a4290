"""Power by simulation against a loop of statsmodels fits: ``bench_buffering.power_comparison``, as table rows.

One core (BLAS threads set to 1 before numpy loads, as ``bench_buffering`` does), the same replications both ways.
The loop is timed on a subset of the replications and scaled (``--loop-reps``), to keep ``make bench`` short.

    python -m benchmarks.power [--reps 1000] [--n 500] [--loop-reps 200]
"""

from __future__ import annotations

import argparse

from benchmarks.bench_buffering import power_comparison  # first: it sets the thread counts before numpy loads
from benchmarks.common import cli, ratio, row, seconds

GROUP = "Power by simulation (one core)"


def measure(args: argparse.Namespace) -> list[dict]:
    c = power_comparison(args.reps, args.n, args.loop_reps)
    scaled = "" if c["loop_reps"] == c["reps"] else f"timed on {c['loop_reps']} replications, scaled; "
    speedup = c["t_loop"] / c["t_vec"]
    return [
        row(GROUP, f"vectorised power, {c['reps']} replications at n = {c['n']}", seconds(c["t_vec"]), "< 1 s",
            ratio(c["t_vec"], 1.0, limit=True), f"draws {seconds(c['t_draw'])} + stacked fits "
            f"{seconds(c['t_fit'])}; power {c['power_vec']:.3f} (MC SE {c['se_vec']:.3f}), analytic "
            f"{c['analytic']:.3f}"),
        row(GROUP, "loop of statsmodels fits, same replications", seconds(c["t_loop"]), "",
            note=f"{scaled}power {c['power_loop']:.3f}; largest |p difference| {c['max_p_diff']:.1e}"),
        row(GROUP, "speed-up of the vectorised simulation", f"{speedup:.0f}x", ">= 50x",
            ratio(speedup, 50.0) + ("" if speedup >= 50 else " under")),
    ]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reps", type=int, default=1000, help="replications (default %(default)s)")
    parser.add_argument("--n", type=int, default=500, help="sample size (default %(default)s)")
    parser.add_argument("--loop-reps", type=int, default=200, help="replications the loop is timed on "
                        "(default %(default)s, scaled to all)")


if __name__ == "__main__":
    raise SystemExit(cli(__doc__.splitlines()[0], measure, add_arguments))
