"""Individual, between-cluster and within-cluster associations, and the ecological fallacy.

An association pooled over individuals mixes two: one *within* clusters (people in the same region who attend more
or less than their neighbours) and one *between* clusters (regions whose average attendance is higher or lower).
:func:`between_within` estimates both with statsmodels, in the Mundlak form ``y ~ x_within + x_cluster_mean``, whose
second coefficient is the between slope and whose difference from the first is the *contextual* effect; and it
reports the individual-level and the ecological (cluster-mean) correlations, which can differ greatly: reading the
one as the other is the ecological fallacy (Robinson, 1950).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy import stats


@dataclass(frozen=True)
class BetweenWithin:
    """Slopes of ``y`` on ``x``: pooled, within clusters, between clusters, and correlations at both levels."""

    pooled: float  # OLS slope of y on x over all individuals
    within: float  # slope on the deviation of x from its cluster mean (the fixed-effects slope)
    between: float  # slope on the cluster mean of x, holding the individual deviation fixed (Mundlak)
    ecological: float  # OLS slope of the cluster means of y on the cluster means of x (one row per cluster)
    ecological_se: float
    ecological_p: float
    r_individual: float
    r_ecological: float
    n_obs: int
    n_clusters: int

    def ecological_ci(self, level: float = 0.95) -> tuple[float, float]:
        """A t interval for the cluster-mean slope on ``n_clusters - 2`` degrees of freedom: the honest precision of
        anything estimated from differences between clusters."""
        half = stats.t.ppf(0.5 + level / 2, self.n_clusters - 2) * self.ecological_se
        return float(self.ecological - half), float(self.ecological + half)

    def contextual_ci(self, level: float = 0.95) -> tuple[float, float]:
        """The ecological interval shifted by the (far more precise) within slope: a rough interval for the
        contextual effect when clusters are few."""
        lo, hi = self.ecological_ci(level)
        return float(lo - self.within), float(hi - self.within)

    @property
    def contextual(self) -> float:
        """The contextual effect: between minus within, the part of the cluster-mean slope not seen within clusters."""
        return self.between - self.within


def add_cluster_means(data: pd.DataFrame, x: str, group: str) -> pd.DataFrame:
    """A copy of ``data`` with ``{x}_mean`` (the cluster mean of ``x``) and ``{x}_within`` (``x`` minus it)."""
    out = data.copy()
    out[f"{x}_mean"] = out.groupby(group, observed=True)[x].transform("mean")
    out[f"{x}_within"] = out[x] - out[f"{x}_mean"]
    return out


def cluster_means(data: pd.DataFrame, y: str, x: str, group: str) -> pd.DataFrame:
    """One row per cluster: its size and the means of ``x`` and ``y`` (rows missing any of them left out)."""
    shown = data[[y, x, group]].dropna()
    table = shown.groupby(group, observed=True).agg(n=(y, "size"), **{x: (x, "mean"), y: (y, "mean")})
    return table.reset_index()


def between_within(data: pd.DataFrame, y: str, x: str, group: str) -> BetweenWithin:
    """The between/within decomposition of the association of ``y`` with ``x`` across clusters ``group``."""
    missing = [c for c in (y, x, group) if c not in data.columns]
    if missing:
        raise ValueError(f"Column(s) {missing} not in the data; columns are {list(data.columns)}.")
    shown = data[[y, x, group]].dropna().astype({y: float, x: float})
    k = shown[group].nunique()
    if k < 3:
        raise ValueError(f"A between-cluster slope needs at least 3 clusters; {group!r} has {k}.")
    shown = add_cluster_means(shown, x, group)
    pooled = smf.ols(f"{y} ~ {x}", data=shown).fit()
    mundlak = smf.ols(f"{y} ~ {x}_within + {x}_mean", data=shown).fit()
    means = cluster_means(shown, y, x, group)
    eco = smf.ols(f"{y} ~ {x}", data=means).fit()
    return BetweenWithin(
        pooled=float(pooled.params[x]),
        within=float(mundlak.params[f"{x}_within"]),
        between=float(mundlak.params[f"{x}_mean"]),
        ecological=float(eco.params[x]),
        ecological_se=float(eco.bse[x]),
        ecological_p=float(eco.pvalues[x]),
        r_individual=float(np.corrcoef(shown[x], shown[y])[0, 1]),
        r_ecological=float(np.corrcoef(means[x], means[y])[0, 1]),
        n_obs=len(shown),
        n_clusters=k,
    )
