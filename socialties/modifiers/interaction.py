"""Effect modification tested as an interaction, on the additive and on the multiplicative scale, and the RERI.

Whether an exposure's effect "differs" between groups depends on the scale the effect is measured on. For a binary
outcome:

* on the **additive** scale the effect is a risk difference, and the interaction term of a linear probability model
  (``y ~ x * m``, robust standard errors) is the difference between the two groups' risk differences;
* on the **multiplicative** scale the effect is an odds ratio, and the interaction term of a logistic model is the
  log of the ratio of the two groups' odds ratios.

If the groups start from different baseline risks, the same odds ratio means different risk differences, so one
scale can show modification and the other none (Rothman, Greenland & Lash 2008; Knol & VanderWeele 2012).

The **relative excess risk due to interaction** measures additive interaction from ratio measures:
``RERI = RR11 - RR10 - RR01 + 1``, with the group exposed to neither factor as reference (Rothman 1986). From a
logistic model the odds ratios stand in for risk ratios (a good approximation only for a rare outcome), and its
confidence interval comes from the delta method (Hosmer & Lemeshow 1992). From the four risks themselves,
:func:`reri_from_risks` gives the risk-ratio version directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy import stats

SCALES = ("additive", "multiplicative")


@dataclass(frozen=True)
class InteractionTest:
    """One interaction term: its scale, estimate, standard error, Wald interval and two-sided p.

    On the multiplicative scale ``estimate`` is the log of the ratio of odds ratios and ``ratio`` its exponent; on
    the additive scale ``estimate`` is the difference of risk differences (or of slopes) and ``ratio`` is None.
    """

    scale: str
    term: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p: float
    nobs: int
    ratio: float | None = None

    def as_row(self) -> dict:
        """A dict for a results table (rounded for display)."""
        row = {"scale": self.scale, "interaction": round(self.estimate, 4), "95% CI": f"{self.ci_low:.3f} to "
               f"{self.ci_high:.3f}", "p": format_p(self.p)}
        if self.ratio is not None:
            row["ratio of odds ratios"] = round(self.ratio, 3)
        return row


def format_p(p: float) -> str:
    """A p-value as a page shows it: '< .001' below one in a thousand, else three decimals without the zero."""
    if not np.isfinite(p):
        return "n/a"
    return "< .001" if p < 0.001 else f"{p:.3f}".lstrip("0")


def _used(data: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(f"Column(s) {missing} not in the data; columns are {list(data.columns)}.")
    return data[columns].dropna().astype(float)


def interaction_test(
    data: pd.DataFrame, y: str, x: str, m: str, *, scale: str = "additive", covariates: tuple[str, ...] = (),
    alpha: float = 0.05,
) -> InteractionTest:
    """Test the ``x`` by ``m`` interaction on ``y`` on one scale.

    ``scale="additive"``: ``smf.ols(y ~ x * m)`` with HC1 standard errors (for a binary ``y`` a linear probability
    model, for a continuous ``y`` a difference in slopes). ``scale="multiplicative"``: ``smf.logit(y ~ x * m)``
    (``y`` must be 0/1). Covariates enter as main effects.
    """
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, got {scale!r}.")
    used = _used(data, [y, x, m, *covariates])
    formula = " + ".join([f"{y} ~ {x} * {m}", *covariates])
    term = f"{x}:{m}"
    if scale == "additive":
        fit = smf.ols(formula, data=used).fit(cov_type="HC1")
    else:
        if not set(np.unique(used[y])) <= {0.0, 1.0}:
            raise ValueError(f"The multiplicative (logistic) scale needs a 0/1 outcome; {y!r} has other values.")
        fit = smf.logit(formula, data=used).fit(disp=0)
    low, high = fit.conf_int(alpha).loc[term]
    estimate = float(fit.params[term])
    return InteractionTest(
        scale=scale, term=term, estimate=estimate, se=float(fit.bse[term]), ci_low=float(low), ci_high=float(high),
        p=float(fit.pvalues[term]), nobs=int(fit.nobs),
        ratio=float(np.exp(estimate)) if scale == "multiplicative" else None,
    )


@dataclass(frozen=True)
class Reri:
    """The relative excess risk due to interaction, its delta-method standard error and interval.

    ``measure`` says what stands in for the risk ratios ("odds ratio" or "risk ratio"); ``ratios`` holds the three
    ratios against the doubly unexposed group: ``r10`` (x only), ``r01`` (m only), ``r11`` (both).
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    measure: str
    ratios: dict[str, float]

    @property
    def p(self) -> float:
        """Two-sided Wald p for RERI = 0 (no interaction on the additive scale)."""
        return float(2 * stats.norm.sf(abs(self.estimate / self.se))) if self.se > 0 else float("nan")


def _z(alpha: float) -> float:
    return float(stats.norm.ppf(1 - alpha / 2))


def reri_from_logit(fit, x: str, m: str, alpha: float = 0.05) -> Reri:
    """RERI from a fitted statsmodels logistic model with terms ``x``, ``m`` and ``x:m`` (both coded 0/1).

    With b1, b2, b3 the coefficients of x, m and x:m: OR10 = e^b1, OR01 = e^b2, OR11 = e^(b1+b2+b3) and
    RERI = OR11 - OR10 - OR01 + 1. Its gradient in (b1, b2, b3) is (OR11 - OR10, OR11 - OR01, OR11), and
    Var(RERI) = g' V g with V the coefficients' covariance matrix (Hosmer & Lemeshow 1992).
    """
    term = f"{x}:{m}"
    for name in (x, m, term):
        if name not in fit.params.index:
            raise ValueError(f"The model has no term {name!r}; its terms are {list(fit.params.index)}.")
    b1, b2, b3 = (float(fit.params[k]) for k in (x, m, term))
    or10, or01, or11 = np.exp(b1), np.exp(b2), np.exp(b1 + b2 + b3)
    estimate = float(or11 - or10 - or01 + 1)
    grad = np.array([or11 - or10, or11 - or01, or11])
    cov = fit.cov_params().loc[[x, m, term], [x, m, term]].to_numpy()
    se = float(np.sqrt(grad @ cov @ grad))
    z = _z(alpha)
    return Reri(estimate, se, estimate - z * se, estimate + z * se, "odds ratio",
                {"r10": float(or10), "r01": float(or01), "r11": float(or11)})


def risk_table(data: pd.DataFrame, y: str, x: str, m: str) -> pd.DataFrame:
    """Cases, people and risk of ``y`` (0/1) in the four groups of two 0/1 factors, indexed by (x, m)."""
    used = _used(data, [y, x, m])
    for name in (y, x, m):
        if not set(np.unique(used[name])) <= {0.0, 1.0}:
            raise ValueError(f"{name!r} must be coded 0/1 for a risk table.")
    table = used.groupby([x, m])[y].agg(cases="sum", n="count")
    table.index = table.index.set_levels([level.astype(int) for level in table.index.levels])
    if len(table) != 4:
        raise ValueError(f"Every combination of {x!r} and {m!r} needs people; found {len(table)} of 4.")
    table["risk"] = table["cases"] / table["n"]
    return table


def reri_from_risks(table: pd.DataFrame, alpha: float = 0.05) -> Reri:
    """RERI from the four groups' risks (a :func:`risk_table`): risk ratios, not odds ratios, as the measure.

    RERI = (p11 - p10 - p01 + p00) / p00: the interaction contrast on the risk scale divided by the reference risk.
    The four groups are independent binomial samples, so Var(p_ij) = p_ij (1 - p_ij) / n_ij and the delta method
    gives Var(RERI) = sum over groups of (dRERI/dp_ij)^2 Var(p_ij), with derivatives 1/p00 for p11, -1/p00 for p10
    and p01, and -(p11 - p10 - p01)/p00^2 for p00.
    """
    p = {key: float(table.loc[key, "risk"]) for key in [(0, 0), (1, 0), (0, 1), (1, 1)]}
    n = {key: float(table.loc[key, "n"]) for key in p}
    p00 = p[(0, 0)]
    if p00 <= 0:
        raise ValueError("The reference group (neither factor) has no cases: risk ratios are undefined.")
    contrast = p[(1, 1)] - p[(1, 0)] - p[(0, 1)]
    estimate = (contrast + p00) / p00
    grad = {(1, 1): 1 / p00, (1, 0): -1 / p00, (0, 1): -1 / p00, (0, 0): -contrast / p00**2}
    var = sum(grad[k] ** 2 * p[k] * (1 - p[k]) / n[k] for k in p)
    se = float(np.sqrt(var))
    z = _z(alpha)
    ratios = {"r10": p[(1, 0)] / p00, "r01": p[(0, 1)] / p00, "r11": p[(1, 1)] / p00}
    return Reri(float(estimate), se, float(estimate - z * se), float(estimate + z * se), "risk ratio", ratios)
