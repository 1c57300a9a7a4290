"""Mediation by the product of coefficients, a fast seeded bootstrap, and a sensitivity analysis.

Two linear models (Baron & Kenny's layout; the product-of-coefficients estimator, MacKinnon et al. 2002):

* mediator model ``M = a0 + a T + X g + e2``;
* outcome model  ``Y = b0 + c' T + b M + X h + e3``.

The indirect effect is ``a b``, the direct effect ``c'``, and their sum is the total effect ``c`` of the outcome
model without ``M`` (exactly, in OLS with the same covariates). With T randomised, a causal reading of ``a b`` still
needs *sequential ignorability* (Imai, Keele & Yamamoto 2010): nothing unmeasured affects both the mediator and the
outcome. :func:`sensitivity` shows how the indirect effect changes if the errors ``e2`` and ``e3`` are correlated
(``rho``), the formula of Imai, Keele & Yamamoto (2010) for this linear model:

    ACME(rho) = a * (sigma1 / sigma2) * (rho_tilde - rho * sqrt((1 - rho_tilde^2) / (1 - rho^2)))

where ``sigma1``, ``sigma2`` are the residual SDs of ``Y ~ T + X`` and ``M ~ T + X`` and ``rho_tilde`` the correlation
of those residuals. At ``rho = 0`` it equals ``a b``; it is zero at ``rho = rho_tilde``.

The bootstrap resamples people with replacement and refits both models for every resample at once: the resample is a
vector of counts per person, so each model's normal equations for all resamples are two matrix products
(``counts @ (x_i x_j)`` and ``counts @ (x_i y)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from socialties.seeds import rng as named_rng

BOOTSTRAP_STREAM = "interventions-mediation-bootstrap"
#: resamples per chunk: bounds memory to about chunk x n counts
CHUNK = 500


@dataclass(frozen=True)
class Mediation:
    """Product-of-coefficients mediation: the paths a and b, indirect (a b), direct (c') and total effects."""

    a: float
    b: float
    direct: float
    total: float
    n: int

    @property
    def indirect(self) -> float:
        return self.a * self.b

    @property
    def proportion_mediated(self) -> float:
        """indirect / total: unstable, and hard to read, when the total effect is small or uncertain."""
        return self.indirect / self.total if self.total != 0 else float("nan")

    def as_dict(self) -> dict[str, float]:
        return {"a (treat -> mediator)": self.a, "b (mediator -> outcome)": self.b, "indirect (a b)": self.indirect,
                "direct (c')": self.direct, "total (c)": self.total}


def _columns(data: pd.DataFrame, names: Sequence[str]) -> list[np.ndarray]:
    missing = [c for c in names if c not in data.columns]
    if missing:
        raise ValueError(f"Column(s) {missing} are not in the data; its columns are {list(data.columns)}.")
    out = [np.asarray(data[c], dtype=float) for c in names]
    bad = [c for c, v in zip(names, out) if not np.isfinite(v).all()]
    if bad:
        raise ValueError(f"Column(s) {bad} have missing or infinite values: drop or impute them first.")
    return out


def _design(data: pd.DataFrame, treat: str, mediator: str, outcome: str, covariates: Sequence[str]):
    t, m, y, *xs = _columns(data, [treat, mediator, outcome, *covariates])
    if len(t) < len(covariates) + 4:
        raise ValueError("Too few rows for the two models.")
    one = np.ones(len(t))
    med_x = np.column_stack([one, t, *xs])          # mediator model: 1, T, X
    out_x = np.column_stack([one, t, m, *xs])       # outcome model: 1, T, M, X
    tot_x = med_x                                   # total-effect model: 1, T, X
    return med_x, out_x, tot_x, m, y


def product_of_coefficients(data: pd.DataFrame, treat: str = "treat", mediator: str = "job_seek",
                            outcome: str = "depress2", covariates: Sequence[str] = ()) -> Mediation:
    """Fit the mediator, outcome and total-effect models by OLS and return the paths (see the module docstring)."""
    med_x, out_x, tot_x, m, y = _design(data, treat, mediator, outcome, covariates)
    a = np.linalg.lstsq(med_x, m, rcond=None)[0][1]
    out = np.linalg.lstsq(out_x, y, rcond=None)[0]
    total = np.linalg.lstsq(tot_x, y, rcond=None)[0][1]
    return Mediation(a=float(a), b=float(out[2]), direct=float(out[1]), total=float(total), n=len(y))


def _batched_coefficients(counts: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """OLS coefficients for each row of ``counts`` (frequency weights): shape (resamples, columns)."""
    p = x.shape[1]
    cross = (x[:, :, None] * x[:, None, :]).reshape(len(x), p * p)
    xtx = (counts @ cross).reshape(-1, p, p)
    xty = counts @ (x * y[:, None])
    return np.linalg.solve(xtx, xty[:, :, None])[:, :, 0]


def bootstrap_draws(data: pd.DataFrame, treat: str = "treat", mediator: str = "job_seek", outcome: str = "depress2",
                    covariates: Sequence[str] = (), n_boot: int = 2000, *, rng: np.random.Generator | None = None,
                    seed_name: str = BOOTSTRAP_STREAM) -> pd.DataFrame:
    """``n_boot`` nonparametric bootstrap draws of a, b, indirect, direct and total (one row per resample)."""
    if int(n_boot) != n_boot or n_boot < 10:
        raise ValueError(f"n_boot must be a whole number of at least 10, got {n_boot!r}.")
    med_x, out_x, tot_x, m, y = _design(data, treat, mediator, outcome, covariates)
    gen = rng if rng is not None else named_rng(seed_name)
    n = len(y)
    pieces = []
    for start in range(0, int(n_boot), CHUNK):
        size = min(CHUNK, int(n_boot) - start)
        picks = gen.integers(0, n, size=(size, n))
        counts = np.zeros((size, n))
        np.add.at(counts, (np.repeat(np.arange(size), n), picks.ravel()), 1.0)
        a = _batched_coefficients(counts, med_x, m)[:, 1]
        out = _batched_coefficients(counts, out_x, y)
        total = _batched_coefficients(counts, tot_x, y)[:, 1]
        pieces.append(pd.DataFrame({"a": a, "b": out[:, 2], "indirect": a * out[:, 2], "direct": out[:, 1],
                                    "total": total}))
    return pd.concat(pieces, ignore_index=True)


def percentile_interval(draws: pd.Series | np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """The percentile bootstrap interval of ``draws`` at ``level``."""
    if not 0 < level < 1:
        raise ValueError(f"level must lie between 0 and 1, got {level}.")
    lo, hi = np.quantile(np.asarray(draws, dtype=float), [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)


def _residuals(x: np.ndarray, v: np.ndarray) -> np.ndarray:
    return v - x @ np.linalg.lstsq(x, v, rcond=None)[0]


@dataclass(frozen=True)
class Sensitivity:
    """The sensitivity curve: the indirect effect for each assumed error correlation ``rho``."""

    table: pd.DataFrame
    rho_tilde: float
    sigma1: float
    sigma2: float
    a: float

    @property
    def rho_at_zero(self) -> float:
        """The error correlation at which the indirect effect would be zero (equals ``rho_tilde``)."""
        return self.rho_tilde


def indirect_at_rho(rho, a: float, sigma1: float, sigma2: float, rho_tilde: float):
    """Imai, Keele & Yamamoto's (2010) indirect effect for the linear model when corr(e2, e3) = ``rho``."""
    r = np.asarray(rho, dtype=float)
    if np.any(np.abs(r) >= 1):
        raise ValueError("rho must lie strictly between -1 and 1.")
    value = a * sigma1 / sigma2 * (rho_tilde - r * np.sqrt((1 - rho_tilde**2) / (1 - r**2)))
    return float(value) if np.ndim(value) == 0 else value


def sensitivity(data: pd.DataFrame, treat: str = "treat", mediator: str = "job_seek", outcome: str = "depress2",
                covariates: Sequence[str] = (), rhos: Sequence[float] | np.ndarray | None = None) -> Sensitivity:
    """The indirect effect as a function of the mediator-outcome error correlation ``rho`` (see module docstring).

    ``rho = 0`` is the no-unmeasured-confounding assumption; a confounder that raises both the mediator and the
    outcome gives ``rho > 0``. The residual SDs use the same denominator, so at ``rho = 0`` the curve equals the
    product of coefficients exactly.
    """
    med_x, _out_x, tot_x, m, y = _design(data, treat, mediator, outcome, covariates)
    e1, e2 = _residuals(tot_x, y), _residuals(med_x, m)
    sigma1, sigma2 = float(np.sqrt(e1 @ e1)), float(np.sqrt(e2 @ e2))
    rho_tilde = float(e1 @ e2 / (sigma1 * sigma2))
    a = float(np.linalg.lstsq(med_x, m, rcond=None)[0][1])
    grid = np.round(np.linspace(-0.9, 0.9, 37), 3) if rhos is None else np.asarray(rhos, dtype=float)
    table = pd.DataFrame({"rho": grid, "indirect": indirect_at_rho(grid, a, sigma1, sigma2, rho_tilde)})
    return Sensitivity(table=table, rho_tilde=rho_tilde, sigma1=sigma1, sigma2=sigma2, a=a)
