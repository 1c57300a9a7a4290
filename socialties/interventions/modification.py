"""Who benefits most: effect modification in a trial, by an interaction model and (with care) by subgroups.

An interaction model ``outcome ~ treat * modifier`` asks one question with one test: does the treatment effect change
with the modifier? With the modifier centred, the ``treat`` coefficient is the effect *at the modifier's mean* (a
conditional effect, not "the main effect"); the effect at another value ``z`` is ``b_treat + b_int z`` with variance
``V11 + 2 z V13 + z^2 V33``. Splitting the sample into subgroups and testing the effect in each is the common
alternative, and a trap: "significant in one subgroup, not in the other" is not a test of a difference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy import stats

from socialties.interventions.trial import itt_effect


@dataclass(frozen=True)
class Modification:
    """An interaction fit: coefficients, their covariance, and the centring of the modifier."""

    outcome: str
    treat: str
    modifier: str
    center: float
    params: pd.Series
    cov: pd.DataFrame
    pvalues: pd.Series
    df_resid: float
    nobs: int
    f2: float

    @property
    def interaction(self) -> str:
        return f"{self.treat}:{self.modifier}_c"

    def effect_at(self, values, alpha: float = 0.05) -> pd.DataFrame:
        """The treatment effect at modifier ``values`` (original units), with SE and confidence interval."""
        z = np.atleast_1d(np.asarray(values, dtype=float)) - self.center
        b1, b3 = self.params[self.treat], self.params[self.interaction]
        v11 = self.cov.loc[self.treat, self.treat]
        v13 = self.cov.loc[self.treat, self.interaction]
        v33 = self.cov.loc[self.interaction, self.interaction]
        effect = b1 + b3 * z
        se = np.sqrt(v11 + 2 * z * v13 + z**2 * v33)
        t = stats.t.ppf(1 - alpha / 2, self.df_resid)
        return pd.DataFrame({self.modifier: z + self.center, "effect": effect, "SE": se,
                             "CI low": effect - t * se, "CI high": effect + t * se})


def interaction_model(data: pd.DataFrame, modifier: str, outcome: str = "depress2", treat: str = "treat",
                      center: bool = True) -> Modification:
    """Fit ``outcome ~ treat * modifier_c`` (modifier centred at its mean if ``center``) with statsmodels.

    ``f2`` is Cohen's f^2 of the interaction term: (R^2 full - R^2 without it) / (1 - R^2 full), for a power check
    with :func:`socialties.buffering.analytic_power`.
    """
    for column in (modifier, outcome, treat):
        if column not in data.columns:
            raise ValueError(f"Column {column!r} is not in the data; its columns are {list(data.columns)}.")
    mean = float(data[modifier].mean()) if center else 0.0
    frame = pd.DataFrame({outcome: data[outcome], treat: data[treat], f"{modifier}_c": data[modifier] - mean})
    formula = f"{outcome} ~ {treat} * {modifier}_c"
    fit = smf.ols(formula, data=frame).fit()
    reduced = smf.ols(f"{outcome} ~ {treat} + {modifier}_c", data=frame).fit()
    f2 = (fit.rsquared - reduced.rsquared) / (1 - fit.rsquared)
    return Modification(outcome, treat, modifier, mean, fit.params, fit.cov_params(), fit.pvalues,
                        float(fit.df_resid), int(fit.nobs), float(f2))


def split_at(data: pd.DataFrame, column: str, cut: float | None = None, labels: tuple[str, str] | None = None
             ) -> pd.Series:
    """Label each row "low" or "high" on ``column``: above ``cut`` (default: the median) is high."""
    value = float(data[column].median()) if cut is None else float(cut)
    low, high = labels or (f"{column} at or below {value:.2f}", f"{column} above {value:.2f}")
    labels_ = np.where(data[column] > value, high, low)
    return pd.Series(pd.Categorical(labels_, categories=[low, high]), index=data.index, name=f"{column} group")


def subgroup_effects(data: pd.DataFrame, groups: pd.Series, outcome: str = "depress2", treat: str = "treat",
                     alpha: float = 0.05) -> pd.DataFrame:
    """The ITT effect within each subgroup (difference in means, OLS interval), one row per subgroup."""
    rows = []
    for name, part in data.groupby(groups, sort=True, observed=True):
        est = itt_effect(part, outcome, treat, alpha=alpha)
        rows.append({"subgroup": str(name), "n": est.n, "effect": est.estimate, "SE": est.se,
                     "CI low": est.ci_low, "CI high": est.ci_high, "p": est.p})
    return pd.DataFrame(rows)


def difference_test(table: pd.DataFrame) -> tuple[float, float, float]:
    """Difference between two subgroup effects, its SE and two-sided p (normal approximation, independent groups)."""
    if len(table) != 2:
        raise ValueError("A difference test needs exactly two subgroups.")
    diff = float(table["effect"].iloc[1] - table["effect"].iloc[0])
    se = float(np.hypot(table["SE"].iloc[0], table["SE"].iloc[1]))
    return diff, se, float(2 * stats.norm.sf(abs(diff / se)))


def effect_by_thirds_and_line(data: pd.DataFrame, modifier: str = "risk", outcome: str = "distress",
                              treat: str = "treat", truth: tuple[float, float] | None = None,
                              points: int = 25) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The benefit (minus the effect on ``outcome``) in each third of ``modifier``, and along the interaction line.

    Returns ``(thirds, line)`` for :func:`socialties.interventions.charts.heterogeneity_chart`. ``truth`` =
    (effect at 0, slope) of a simulation adds the true benefit to the line table.
    """
    cuts = data[modifier].quantile([1 / 3, 2 / 3]).to_numpy()
    third = np.digitize(data[modifier], cuts)
    rows = []
    for k in range(3):
        part = data.loc[third == k]
        est = itt_effect(part, outcome, treat)
        rows.append({"third": ["lowest", "middle", "highest"][k], modifier: float(part[modifier].mean()),
                     "effect": -est.estimate, "CI low": -est.ci_high, "CI high": -est.ci_low, "n": est.n})
    fit = interaction_model(data, modifier, outcome, treat)
    grid = np.linspace(*np.quantile(data[modifier], [0.02, 0.98]), points)
    line = fit.effect_at(grid)
    line = pd.DataFrame({modifier: grid, "effect": -line["effect"], "CI low": -line["CI high"],
                         "CI high": -line["CI low"]})
    if truth is not None:
        line["true"] = truth[0] + truth[1] * grid
    return pd.DataFrame(rows), line
