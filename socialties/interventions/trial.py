"""Effects in a randomised trial: intention to treat, the naive per-protocol comparison, and the complier effect.

Randomisation makes the arms comparable, so the difference in mean outcome between the arms *as randomised* (the
intention-to-treat, ITT, effect) estimates the effect of *offering* the programme. Comparing those who attended with
the controls (naive per-protocol) breaks that comparability: attenders choose themselves. With one-sided
non-compliance (controls cannot attend), the offer is an instrument for attendance, and the Wald ratio ITT / (share
who attended) estimates the complier average causal effect (CACE) under the assumptions of Angrist, Imbens & Rubin
(1996): random offer, the offer changes the outcome only through attendance (exclusion restriction), and no one
attends because they were *not* offered (monotonicity, automatic here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its standard error, confidence interval and two-sided p-value."""

    label: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p: float
    n: int

    def as_row(self) -> dict:
        return {"estimate": self.label, "effect": self.estimate, "SE": self.se, "CI low": self.ci_low,
                "CI high": self.ci_high, "p": self.p, "n": self.n}


def _require(data: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(f"Column(s) {missing} are not in the data; its columns are {list(data.columns)}.")


def _binary(data: pd.DataFrame, column: str) -> np.ndarray:
    values = np.asarray(data[column])
    if not np.isin(values, (0, 1)).all():
        raise ValueError(f"{column!r} must be coded 0/1; it has the values {sorted(pd.unique(values))[:6]}.")
    return values.astype(float)


def _design(data: pd.DataFrame, first: Sequence[str], covariates: Sequence[str]) -> np.ndarray:
    columns = [np.ones(len(data))] + [np.asarray(data[c], dtype=float) for c in (*first, *covariates)]
    return np.column_stack(columns)


def itt_effect(data: pd.DataFrame, outcome: str = "depress2", treat: str = "treat",
               covariates: Sequence[str] = (), alpha: float = 0.05) -> Estimate:
    """The intention-to-treat effect: the coefficient of ``treat`` in OLS of ``outcome`` on ``treat`` (+ covariates).

    Without covariates this is the difference in means between the arms, with the classical (pooled-variance) SE;
    baseline covariates do not change what is estimated in a randomised trial, only (usually) its precision.
    """
    _require(data, [outcome, treat, *covariates])
    _binary(data, treat)
    fit = sm.OLS(np.asarray(data[outcome], dtype=float), _design(data, [treat], covariates)).fit()
    low, high = fit.conf_int(alpha)[1]
    label = "ITT" + (f" adjusted for {', '.join(covariates)}" if covariates else "")
    return Estimate(label, float(fit.params[1]), float(fit.bse[1]), float(low), float(high), float(fit.pvalues[1]),
                    int(fit.nobs))


def compliance(data: pd.DataFrame, treat: str = "treat", received: str = "comply") -> pd.DataFrame:
    """Counts of who was offered and who attended, by arm, and the share attending in each arm."""
    _require(data, [treat, received])
    t, r = _binary(data, treat), _binary(data, received)
    rows = []
    for arm, name in ((1.0, "offered the workshop"), (0.0, "control")):
        inside = t == arm
        rows.append({"arm": name, "n": int(inside.sum()), "attended": int(r[inside].sum()),
                     "did not attend": int((1 - r[inside]).sum()), "share attending": float(r[inside].mean())})
    return pd.DataFrame(rows)


def naive_per_protocol(data: pd.DataFrame, outcome: str = "depress2", treat: str = "treat",
                       received: str = "comply", alpha: float = 0.05) -> Estimate:
    """Attenders in the offered arm vs everyone in the control arm: a comparison randomisation does not protect.

    Offered people who did not attend are dropped; attenders chose to attend, so they may differ from the controls
    in ways that also affect the outcome (selection bias).
    """
    _require(data, [outcome, treat, received])
    t, r = _binary(data, treat), _binary(data, received)
    keep = (t == 0) | (r == 1)
    subset = data.loc[keep]
    est = itt_effect(subset, outcome, treat, alpha=alpha)
    return Estimate("naive per-protocol (attenders vs controls)", est.estimate, est.se, est.ci_low, est.ci_high,
                    est.p, est.n)


def cace(data: pd.DataFrame, outcome: str = "depress2", treat: str = "treat", received: str = "comply",
         covariates: Sequence[str] = (), alpha: float = 0.05) -> Estimate:
    """The complier average causal effect by two-stage least squares, the offer ``treat`` instrumenting attendance.

    Without covariates the estimate equals the Wald ratio ITT(outcome) / ITT(attendance). The standard error is the
    usual homoskedastic 2SLS one (residuals from the structural equation with the *actual* attendance), as in
    statsmodels' ``IV2SLS``; the interval uses the normal approximation.
    """
    _require(data, [outcome, treat, received, *covariates])
    z_col, d = _binary(data, treat), _binary(data, received)
    y = np.asarray(data[outcome], dtype=float)
    cov = [np.asarray(data[c], dtype=float) for c in covariates]
    exog = np.column_stack([np.ones(len(y)), d, *cov])          # structural regressors
    instruments = np.column_stack([np.ones(len(y)), z_col, *cov])
    if d[z_col == 1].mean() == d[z_col == 0].mean():
        raise ValueError("The offer does not change attendance: the instrument is useless (no compliers).")
    # Project the regressors on the instruments, then regress y on the projections.
    proj = instruments @ np.linalg.lstsq(instruments, exog, rcond=None)[0]
    beta = np.linalg.lstsq(proj, y, rcond=None)[0]
    resid = y - exog @ beta
    dof = len(y) - exog.shape[1]
    sigma2 = float(resid @ resid) / dof
    vcov = sigma2 * np.linalg.inv(proj.T @ proj)
    se = float(np.sqrt(vcov[1, 1]))
    zcrit = stats.norm.ppf(1 - alpha / 2)
    p = float(2 * stats.norm.sf(abs(beta[1] / se)))
    label = "CACE (offer as instrument)" + (f" adjusted for {', '.join(covariates)}" if covariates else "")
    return Estimate(label, float(beta[1]), se, float(beta[1] - zcrit * se), float(beta[1] + zcrit * se), p, len(y))


def wald_ratio(data: pd.DataFrame, outcome: str = "depress2", treat: str = "treat", received: str = "comply") -> float:
    """ITT on the outcome divided by ITT on attendance (the share of compliers): the CACE by hand."""
    t, r = _binary(data, treat), _binary(data, received)
    y = np.asarray(data[outcome], dtype=float)
    itt_y = y[t == 1].mean() - y[t == 0].mean()
    itt_d = r[t == 1].mean() - r[t == 0].mean()
    if itt_d == 0:
        raise ValueError("The offer does not change attendance: the Wald ratio is undefined.")
    return float(itt_y / itt_d)


def baseline_balance(data: pd.DataFrame, groups: pd.Series, columns: Sequence[str]) -> pd.DataFrame:
    """Means of baseline ``columns`` in each group (e.g. arm, or attenders vs non-attenders), one row per column."""
    _require(data, columns)
    return data.groupby(groups)[list(columns)].mean().T
