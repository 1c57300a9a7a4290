"""Power to detect the buffering interaction: by simulation (vectorised) and analytically (noncentral t).

Field studies have little power for interactions (McClelland & Judd 1993), and measurement error in the two
components weakens the product term further (Dunlap & Kemery 1988). The simulation draws all replications at once
and fits them with one stacked least-squares call (:func:`socialties.buffering.regression.interaction_pvalues`).

The analytic power treats the t statistic of the interaction as noncentral t with ``df = n - 4`` and noncentrality
``sqrt(f2 * (n - 3))``, where ``f2`` is Cohen's f^2 of the product term in the regression on the *observed* measures
(its unique variance over the residual variance; ``n - 3`` is the expected residual degrees of freedom of the product
term given the intercept and the two main effects). With measurement error the f^2 is computed from the population
regression on the observed, error-laden measures (Gaussian moments, Isserlis' theorem); the t statistic's
distribution is then only approximately noncentral t, because the residual is no longer homoscedastic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from socialties.buffering.regression import interaction_pvalues
from socialties.buffering.simulate import BufferingParams, simulate_arrays
from socialties.seeds import rng as named_rng

DEFAULT_STREAM = "buffering-power"
#: Largest number of simulated values (reps x n) drawn in one chunk, to bound memory (about 16 MB per array).
CHUNK_CELLS = 2_000_000


@dataclass(frozen=True)
class PowerResult:
    """Simulated power: the share of replications with interaction p < alpha, and its Monte Carlo SE."""

    n: int
    reps: int
    alpha: float
    power: float
    mc_se: float
    pvalues: np.ndarray


def observed_f2(params: BufferingParams | None = None) -> float:
    """Cohen's f^2 of the interaction in the population regression of distress on the OBSERVED stress and support.

    Equals ``params.f2()`` when both reliabilities are 1; smaller when they are below 1.
    """
    p = params or BufferingParams()
    s = np.array([[1 / p.rel_stress, p.rho], [p.rho, 1 / p.rel_support]])  # cov of observed (stress, support)
    c = np.array([p.b_stress + p.b_support * p.rho, p.b_stress * p.rho + p.b_support])  # cov(distress, observed)
    var_prod = s[0, 0] * s[1, 1] + s[0, 1] ** 2  # var(xo * zo), uncorrelated with xo and zo (odd moments vanish)
    cov_y_prod = p.b_int * (1 + p.rho**2)  # Isserlis: E[x xo] E[z zo] + E[x zo] E[z xo]
    b_int_obs = cov_y_prod / var_prod
    explained = float(c @ np.linalg.solve(s, c)) + b_int_obs**2 * var_prod
    total = p.explained_variance() + p.noise_sd**2
    resid = total - explained
    return float(b_int_obs**2 * var_prod / resid)


def analytic_power(
    n: int | np.ndarray, params: BufferingParams | None = None, alpha: float = 0.05, f2: float | None = None
) -> np.ndarray | float:
    """Power of the two-sided t test of the interaction at level ``alpha`` for sample size(s) ``n``.

    Give ``f2`` directly, or ``params`` (then the f^2 on the observed measures, :func:`observed_f2`, is used).
    """
    n_arr = np.asarray(n, dtype=float)
    if np.any(n_arr < 6):
        raise ValueError("n must be at least 6 for the analytic power of a 4-coefficient model.")
    effect = observed_f2(params) if f2 is None else float(f2)
    if effect < 0:
        raise ValueError(f"f2 must be >= 0, got {effect}.")
    df = n_arr - 4
    ncp = np.sqrt(effect * (n_arr - 3))
    crit = stats.t.ppf(1 - alpha / 2, df)
    power = stats.nct.sf(crit, df, ncp) + stats.nct.cdf(-crit, df, ncp)
    return float(power) if np.ndim(power) == 0 else power


def simulate_power(
    n: int,
    params: BufferingParams | None = None,
    reps: int = 1000,
    alpha: float = 0.05,
    *,
    rng: np.random.Generator | None = None,
    seed_name: str = DEFAULT_STREAM,
    center: bool = True,
) -> PowerResult:
    """Estimate power by simulating ``reps`` samples of size ``n`` and fitting ``distress ~ stress * support`` to each.

    All replications are drawn and fitted as stacked arrays (in chunks of at most ``CHUNK_CELLS`` values).
    """
    if int(reps) != reps or reps < 1:
        raise ValueError(f"reps must be a positive whole number, got {reps!r}.")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie between 0 and 1, got {alpha}.")
    gen = rng if rng is not None else named_rng(seed_name)
    chunk = max(1, CHUNK_CELLS // int(n))
    pvalues = []
    for start in range(0, int(reps), chunk):
        size = min(chunk, int(reps) - start)
        a = simulate_arrays(n, size, params, rng=gen)
        pvalues.append(interaction_pvalues(a["stress"], a["support"], a["distress"], center=center))
    p = np.concatenate(pvalues)
    power = float(np.mean(p < alpha))
    return PowerResult(
        n=int(n), reps=int(reps), alpha=alpha, power=power, mc_se=float(np.sqrt(power * (1 - power) / reps)), pvalues=p
    )


def power_curve(
    ns: list[int] | np.ndarray,
    params: BufferingParams | None = None,
    reps: int = 500,
    alpha: float = 0.05,
    *,
    rel_stress: float = 0.8,
    rel_support: float = 0.8,
    seed_name: str = DEFAULT_STREAM,
) -> pd.DataFrame:
    """Power against n, with perfectly reliable measures and with the given reliabilities.

    Returns a long data frame: ``n``, ``measures`` (a label), ``rel_stress``, ``rel_support``, ``power`` (simulated),
    ``mc_se``, ``analytic``. Each (condition, n) uses its own named stream, so a curve can be recomputed piecewise.
    """
    p = params or BufferingParams()
    conditions = [
        ("error-free measures", p.with_(rel_stress=1.0, rel_support=1.0)),
        (f"reliabilities {rel_stress:g} and {rel_support:g}", p.with_(rel_stress=rel_stress, rel_support=rel_support)),
    ]
    rows = []
    for label, cond in conditions:
        for n in ns:
            res = simulate_power(
                int(n), cond, reps, alpha, seed_name=f"{seed_name}:{cond.rel_stress}:{cond.rel_support}:{int(n)}"
            )
            rows.append(
                {
                    "n": int(n),
                    "measures": label,
                    "rel_stress": cond.rel_stress,
                    "rel_support": cond.rel_support,
                    "power": res.power,
                    "mc_se": res.mc_se,
                    "analytic": analytic_power(int(n), cond, alpha),
                }
            )
    return pd.DataFrame(rows)


def n_for_power(target: float = 0.8, *, f2: float | None = None, params: BufferingParams | None = None, alpha: float = 0.05,
                n_max: int = 10_000_000) -> int:
    """The smallest sample size whose analytic power for the interaction reaches ``target``.

    Give the interaction's Cohen's f^2 directly, or ``params`` (a ``BufferingParams``; measurement error included).
    Power grows with n, so a doubling search followed by bisection finds the exact integer.
    """
    if not 0 < target < 1:
        raise ValueError(f"target power must lie strictly between 0 and 1, got {target}.")

    def power(n: int) -> float:
        return float(analytic_power(n, params, alpha, f2=f2))

    low, high = 6, 12
    while power(high) < target:
        low, high = high, high * 2
        if high > n_max:
            raise ValueError(f"Even n = {n_max:,} does not reach power {target}: the effect is too small.")
    if power(low) >= target:
        return low
    while high - low > 1:  # invariant: power(low) < target <= power(high)
        mid = (low + high) // 2
        low, high = (low, mid) if power(mid) >= target else (mid, high)
    return high
