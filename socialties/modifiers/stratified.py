"""Stratum-specific effects: the association of an exposure with an outcome, fitted separately in each stratum.

Stratified fits answer "how large is the effect in each group?". They do not answer "do the groups differ?": that
is the interaction test of :mod:`socialties.modifiers.interaction`. A chapter shows both, side by side.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy import stats

#: The models a stratified fit can use: an ordinary regression (a difference in means per unit of the exposure),
#: a linear probability model (a risk difference; robust HC1 standard errors, since a binary outcome's variance
#: depends on its mean), and a logistic regression (an odds ratio).
MODELS = ("ols", "lpm", "logit")


def _check(data: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(f"Column(s) {missing} not in the data; columns are {list(data.columns)}.")


def _fit(data: pd.DataFrame, formula: str, model: str):
    if model == "ols":
        return smf.ols(formula, data=data).fit()
    if model == "lpm":
        return smf.ols(formula, data=data).fit(cov_type="HC1")
    if model == "logit":
        return smf.logit(formula, data=data).fit(disp=0)
    raise ValueError(f"model must be one of {MODELS}, got {model!r}.")


def stratified_effects(
    data: pd.DataFrame,
    y: str,
    x: str,
    by: str,
    *,
    model: str = "ols",
    covariates: tuple[str, ...] = (),
    alpha: float = 0.05,
) -> pd.DataFrame:
    """The coefficient of ``x`` on ``y`` within each level of ``by``, one row per stratum.

    Columns: ``stratum``, ``n``, ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``p`` (and, for ``model="logit"``,
    ``odds_ratio``, ``or_low``, ``or_high``). Rows missing any variable used are left out. Intervals are Wald
    intervals on the model's scale (t for OLS, normal for the robust LPM and logit, as statsmodels reports them).
    """
    _check(data, [y, x, by, *covariates])
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}, got {model!r}.")
    used = data[[y, x, by, *covariates]].dropna()
    rhs = " + ".join([x, *covariates])
    rows = []
    for stratum, group in used.groupby(by, sort=True, observed=True):
        group = group.astype({y: float, x: float, **{c: float for c in covariates if group[c].dtype != object}})
        if group[x].nunique() < 2:
            raise ValueError(f"In stratum {by} = {stratum!r}, {x!r} takes one value only: no effect can be fitted.")
        fit = _fit(group, f"{y} ~ {rhs}", model)
        low, high = fit.conf_int(alpha).loc[x]
        row = {"stratum": stratum, "n": int(fit.nobs), "estimate": float(fit.params[x]), "se": float(fit.bse[x]),
               "ci_low": float(low), "ci_high": float(high), "p": float(fit.pvalues[x])}
        if model == "logit":
            row |= {"odds_ratio": float(np.exp(row["estimate"])), "or_low": float(np.exp(low)),
                    "or_high": float(np.exp(high))}
        rows.append(row)
    return pd.DataFrame(rows)


def difference_z_test(table: pd.DataFrame) -> tuple[float, float]:
    """The z statistic and two-sided p for the difference between two strata's estimates (independent samples).

    ``(b2 - b1) / sqrt(se1^2 + se2^2)``: a quick check of heterogeneity from a stratified table; the interaction
    model gives nearly the same answer when residual variances are similar.
    """
    if len(table) != 2:
        raise ValueError(f"A difference needs exactly two strata; the table has {len(table)}.")
    b1, b2 = table["estimate"].to_numpy()
    s1, s2 = table["se"].to_numpy()
    z = float((b2 - b1) / np.hypot(s1, s2))
    return z, float(2 * stats.norm.sf(abs(z)))


def log_se_from_ci(low: float, high: float, level: float = 0.95) -> float:
    """The standard error of a log ratio, recovered from a published interval of the ratio.

    A Wald interval of a ratio is exp(log estimate +/- z SE), so SE = (log high - log low) / (2 z). Published
    intervals are rounded, so the result is approximate.
    """
    if not 0 < low < high:
        raise ValueError(f"An interval of a ratio needs 0 < low < high, got {low!r} to {high!r}.")
    z = stats.norm.ppf(0.5 + level / 2)
    return float((np.log(high) - np.log(low)) / (2 * z))


def compare_published_ratios(first: tuple[float, float, float], second: tuple[float, float, float]) -> dict:
    """Test whether two published ratios (estimate, low, high) from independent groups differ.

    Works on the log scale: the ratio of the ratios, its 95% interval and the two-sided p of the z test
    (Altman & Bland 2003's comparison of two estimates; approximate, because published figures are rounded).
    """
    (e1, l1, h1), (e2, l2, h2) = first, second
    table = pd.DataFrame({"estimate": [np.log(e2), np.log(e1)],
                          "se": [log_se_from_ci(l2, h2), log_se_from_ci(l1, h1)]})
    z, p = difference_z_test(table)
    se = float(np.hypot(*table["se"]))
    log_ratio = float(np.log(e1 / e2))
    return {"ratio": float(e1 / e2), "low": float(np.exp(log_ratio - 1.959964 * se)),
            "high": float(np.exp(log_ratio + 1.959964 * se)), "z": z, "p": p}
