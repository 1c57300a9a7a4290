"""Benchmark of the buffering simulator: prints figures, asserts nothing (run: python benchmarks/bench_buffering.py).

1. One slider change of the live explorer: simulate n = 2,000, fit ``distress ~ stress * support``, probe (simple
   slopes, Johnson-Neyman) and build the chart spec. Target: well under 50 ms.
2. Power at n = 500 from 1,000 replications: the vectorised simulation (draws + stacked least squares) against a loop
   of statsmodels formula fits over the SAME replications. Targets: vectorised < 1 s; ratio >= 50x; the same power
   within Monte Carlo error.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

# One core, as the target says: BLAS threads would otherwise flatter the vectorised code. Must precede numpy.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import statsmodels.formula.api as smf  # noqa: E402

from socialties.buffering import BufferingParams, analytic_power, fit_moderated, simulate  # noqa: E402
from socialties.buffering.charts import simple_slopes_spec  # noqa: E402
from socialties.buffering.regression import interaction_pvalues  # noqa: E402
from socialties.buffering.simulate import simulate_arrays  # noqa: E402
from socialties.seeds import rng  # noqa: E402


def slider_change(n: int, params: BufferingParams, seed: int) -> dict:
    """What one slider change of the explorer does: new sample, fit, probe, chart spec."""
    data = simulate(n, params, rng=np.random.default_rng(seed))
    fit = fit_moderated(data, center=True)
    fit.simple_slopes()
    fit.johnson_neyman()
    return simple_slopes_spec(data, fit)


def time_it(fn, repeat: int) -> list[float]:
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - start)
    return times


def power_comparison(reps: int = 1000, n: int = 500, loop_reps: int | None = None) -> dict:
    """Power at ``n`` from ``reps`` replications, two ways over the SAME replications: the vectorised simulation
    (draws + stacked least squares) and a loop of statsmodels formula fits (over the first ``loop_reps`` of them,
    its time scaled to all). Returns the times (s), the power estimates and the largest p difference."""
    params = BufferingParams(rel_stress=0.8, rel_support=0.91)
    start = time.perf_counter()
    arrays = simulate_arrays(n, reps, params, rng=rng("bench-buffering-power"))
    t_draw = time.perf_counter() - start
    start = time.perf_counter()
    p_vec = interaction_pvalues(arrays["stress"], arrays["support"], arrays["distress"], center=True)
    t_fit = time.perf_counter() - start

    loop_reps = reps if loop_reps is None else min(loop_reps, reps)
    p_loop = np.empty(loop_reps)
    start = time.perf_counter()
    for r in range(loop_reps):
        frame = pd.DataFrame({k: arrays[k][r] for k in ("stress", "support", "distress")})
        frame[["stress", "support"]] -= frame[["stress", "support"]].mean()
        p_loop[r] = smf.ols("distress ~ stress * support", frame).fit().pvalues["stress:support"]
    t_loop = (time.perf_counter() - start) * reps / loop_reps  # scaled to all replications if a subset was looped

    def power(p: np.ndarray) -> tuple[float, float]:
        est = float(np.mean(p < 0.05))
        return est, float(np.sqrt(est * (1 - est) / p.size))

    (pw_vec, se_vec), (pw_loop, se_loop) = power(p_vec), power(p_loop)
    return {"reps": reps, "n": n, "loop_reps": loop_reps, "t_draw": t_draw, "t_fit": t_fit, "t_vec": t_draw + t_fit,
            "t_loop": t_loop, "power_vec": pw_vec, "se_vec": se_vec, "power_loop": pw_loop, "se_loop": se_loop,
            "max_p_diff": float(np.max(np.abs(p_vec[:loop_reps] - p_loop))),
            "analytic": float(analytic_power(n, params))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--loop-reps", type=int, default=None, help="statsmodels loop replications (default: all)")
    args = parser.parse_args(argv)

    params = BufferingParams(rel_stress=0.8, rel_support=0.91)
    print(f"threads: OMP/OPENBLAS = {os.environ['OMP_NUM_THREADS']}/{os.environ['OPENBLAS_NUM_THREADS']}")

    # 1. One slider change.
    slider_change(2000, params, 0)  # warm-up (imports, caches)
    times = time_it(lambda i: slider_change(2000, params, i), 30)
    print(
        f"slider change (simulate n=2000, fit, simple slopes, JN, chart spec): median {1e3 * statistics.median(times):.1f} ms,"
        f" max {1e3 * max(times):.1f} ms over {len(times)} runs (target well under 50 ms)"
    )

    # 2. Power: the same replications both ways.
    c = power_comparison(args.reps, args.n, args.loop_reps)
    print(
        f"power simulation, {c['reps']} replications at n = {c['n']}: vectorised {c['t_vec']:.3f} s "
        f"(draws {c['t_draw']:.3f} s + stacked fits {c['t_fit']:.3f} s; target < 1 s)"
    )
    print(f"  loop of statsmodels fits over the same replications: {c['t_loop']:.2f} s"
          + ("" if c["loop_reps"] == c["reps"] else f" (timed on {c['loop_reps']}, scaled)"))
    print(f"  ratio loop / vectorised: {c['t_loop'] / c['t_vec']:.0f}x (target >= 50x)")
    print(f"  power, vectorised: {c['power_vec']:.3f} (MC SE {c['se_vec']:.3f}); "
          f"statsmodels loop: {c['power_loop']:.3f} (MC SE {c['se_loop']:.3f})")
    print(f"  largest |p difference| on the looped replications: {c['max_p_diff']:.2e}")
    print(f"  analytic power (noncentral t, attenuated f^2): {c['analytic']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
