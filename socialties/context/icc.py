"""The intraclass correlation (ICC): how much of an outcome's variance lies between clusters (regions, communities).

Two estimators, which agree when clusters are balanced and the between-cluster variance is not on its boundary:

* :func:`anova_icc`: the one-way ANOVA (method of moments) estimator with its exact F-based confidence interval
  (Searle's interval, using the average cluster size ``n0`` for unbalanced clusters). It is closed-form, so it is fast
  and gives the same digits on every machine; the interval shows how little a handful of clusters can pin down.
* :func:`icc_from_components` / :func:`mixedlm_icc`: the ICC from the variance components of a random-intercept
  model (statsmodels ``MixedLM``), the estimate a multilevel analysis reports.

:func:`design_effect` turns an ICC into the factor by which clustering inflates the variance of a mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats


@dataclass(frozen=True)
class ICCResult:
    """An ANOVA estimate of the ICC with its confidence interval and the F test of no between-cluster variance."""

    icc: float
    lower: float
    upper: float
    level: float
    f: float
    df_between: int
    df_within: int
    p_value: float
    n_clusters: int
    n_obs: int
    n0: float  # the "average" cluster size used for unbalanced clusters
    ms_between: float
    ms_within: float

    @property
    def var_between(self) -> float:
        """The method-of-moments between-cluster variance, (MSB - MSW) / n0 (may be negative: truncate to read it)."""
        return (self.ms_between - self.ms_within) / self.n0


def _clean(data: pd.DataFrame, y: str, group: str) -> pd.DataFrame:
    missing = [c for c in (y, group) if c not in data.columns]
    if missing:
        raise ValueError(f"Column(s) {missing} not in the data; columns are {list(data.columns)}.")
    shown = data[[y, group]].dropna()
    shown = shown.assign(**{y: pd.to_numeric(shown[y], errors="raise").astype(float)})
    if shown[group].nunique() < 2:
        raise ValueError(f"An ICC needs at least 2 clusters; {group!r} has {shown[group].nunique()}.")
    if len(shown) <= shown[group].nunique():
        raise ValueError("An ICC needs more observations than clusters.")
    return shown


def anova_icc(data: pd.DataFrame, y: str, group: str, level: float = 0.95) -> ICCResult:
    """The one-way ANOVA ICC of ``y`` across the clusters in ``group``, with an F-based ``level`` interval.

    ICC = (MSB - MSW) / (MSB + (n0 - 1) MSW), with n0 = (N - sum n_j^2 / N) / (k - 1). The interval comes from the F
    distribution of MSB / MSW on (k - 1, N - k) degrees of freedom; its ends are clipped to [0, 1] (an ICC is a share
    of variance), as is the point estimate. Rows missing ``y`` or ``group`` are left out.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level!r}.")
    shown = _clean(data, y, group)
    grouped = shown.groupby(group, observed=True)[y]
    sizes = grouped.size().to_numpy(dtype=float)
    k, n = len(sizes), float(sizes.sum())
    grand = shown[y].mean()
    ss_between = float((sizes * (grouped.mean().to_numpy() - grand) ** 2).sum())
    ss_within = float(((shown[y] - grouped.transform("mean")) ** 2).sum())
    df_b, df_w = k - 1, int(n) - k
    msb, msw = ss_between / df_b, ss_within / df_w
    n0 = (n - (sizes**2).sum() / n) / df_b
    f = msb / msw
    alpha = 1 - level
    f_lo = f / stats.f.ppf(1 - alpha / 2, df_b, df_w)
    f_hi = f / stats.f.ppf(alpha / 2, df_b, df_w)

    def to_icc(value: float) -> float:
        return float(np.clip((value - 1) / (value + n0 - 1), 0.0, 1.0))

    return ICCResult(
        icc=to_icc(f), lower=to_icc(f_lo), upper=to_icc(f_hi), level=level, f=float(f), df_between=df_b,
        df_within=df_w, p_value=float(stats.f.sf(f, df_b, df_w)), n_clusters=k, n_obs=int(n), n0=float(n0),
        ms_between=float(msb), ms_within=float(msw),
    )


def icc_from_components(var_between: float, var_within: float) -> float:
    """ICC = var_between / (var_between + var_within), from a random-intercept model's variance components."""
    if var_between < 0 or var_within < 0 or var_between + var_within == 0:
        raise ValueError(f"Variance components must be non-negative and not both zero, got {var_between!r}, "
                         f"{var_within!r}.")
    return float(var_between / (var_between + var_within))


def mixedlm_icc(fit) -> float:
    """The ICC of a fitted statsmodels random-intercept ``MixedLM`` (``cov_re`` and ``scale``)."""
    cov_re = np.asarray(fit.cov_re, dtype=float)
    if cov_re.shape != (1, 1):
        raise ValueError(f"mixedlm_icc needs a random-intercept model (one random effect); cov_re is {cov_re.shape}.")
    return icc_from_components(float(cov_re[0, 0]), float(fit.scale))


def design_effect(icc: float, cluster_size: float) -> float:
    """Kish's design effect 1 + (m - 1) ICC: how much clustering inflates the variance of a mean or slope."""
    if not 0 <= icc <= 1:
        raise ValueError(f"icc must be between 0 and 1, got {icc!r}.")
    if cluster_size < 1:
        raise ValueError(f"cluster_size must be at least 1, got {cluster_size!r}.")
    return float(1 + (cluster_size - 1) * icc)
