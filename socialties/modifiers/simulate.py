"""The chapter's three simulations, as plain functions of their parameters (SIMULATED: no real person is in them).

* :func:`net_distress`: support as benefit and cost. Each tie gives support with diminishing returns and brings
  obligations whose weight depends on the person's resources. The formula is an illustration of the review's
  argument (Belle 1987; Kawachi & Berkman 2001), not a fitted model: its units are arbitrary.
* :func:`gender_population`: a population in which support lowers distress in women and in men by amounts the caller
  chooses, to compare stratified fits with the interaction model.
* :func:`reverse_causation_cohort`: an older cohort in which the years of decline before a dementia diagnosis
  lower social engagement at baseline, with or without any causal effect of engagement. The incidence and the size
  of the early withdrawal are ASSUMPTIONS chosen to be visible, not estimates from a study.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from socialties.seeds import rng as named_rng

# ------------------------------------------------------------------------------------ support as benefit and cost
#: Distress with no ties at all (arbitrary units); every curve starts here.
BASELINE_DISTRESS = 10.0
#: The same formula in Vega's expression language, for the static chart (``n``: network size; params by name).
NET_DISTRESS_EXPR = "{base} - support_per_tie * log(1 + datum.n) + obligations_per_tie * datum.n / {resources}"


def net_distress(network_size, support_per_tie: float, obligations_per_tie: float, resources: float):
    """Distress = baseline - support_per_tie * ln(1 + n) + obligations_per_tie * n / resources.

    Support grows with the log of network size (the first confidant matters most); obligations grow in proportion to
    the number of ties and weigh more on a person with fewer resources (time, money, health). With low resources and
    heavy obligations, distress rises with network size: the review's paradox.
    """
    if resources <= 0:
        raise ValueError(f"resources must be positive, got {resources!r}.")
    n = np.asarray(network_size, dtype=float)
    if np.any(n < 0):
        raise ValueError("Network size cannot be negative.")
    return BASELINE_DISTRESS - support_per_tie * np.log1p(n) + obligations_per_tie * n / resources


# ---------------------------------------------------------------------------------------- modification by gender
def gender_population(
    n: int, b_women: float, b_men: float, *, share_women: float = 0.5, sigma: float = 1.0,
    seed_name: str = "modifiers-gender-population",
) -> pd.DataFrame:
    """A SIMULATED sample: ``female`` (0/1), standardised ``support`` and ``distress = b * support + noise``."""
    if int(n) != n or n < 10:
        raise ValueError(f"n must be a whole number of at least 10, got {n!r}.")
    if not 0 < share_women < 1:
        raise ValueError(f"share_women must be between 0 and 1, got {share_women!r}.")
    gen = named_rng(seed_name)
    female = gen.permutation(np.arange(int(n)) < round(share_women * n)).astype(int)  # exactly that many women
    support = gen.standard_normal(int(n))
    slope = np.where(female == 1, b_women, b_men)
    distress = slope * support + sigma * gen.standard_normal(int(n))
    return pd.DataFrame({"female": female, "support": support, "distress": distress})


# ------------------------------------------------------------------------------------------ reverse causation
@dataclass(frozen=True)
class CohortParams:
    """Assumptions of the reverse-causation cohort (illustrative, not estimates).

    ``incidence``: yearly hazard of a dementia diagnosis; ``prodrome_years``: how long before the diagnosis social
    engagement starts to fall; ``withdrawal``: how far it falls by the diagnosis (in SD of engagement);
    ``causal_hr``: the hazard ratio of diagnosis for low (bottom third) true engagement, 1 = no causal effect.
    """

    incidence: float = 0.02
    prodrome_years: float = 4.0
    withdrawal: float = 1.5
    causal_hr: float = 1.0
    follow_up: float = 12.0


def reverse_causation_cohort(n: int, params: CohortParams | None = None, *,
                             seed_name: str = "modifiers-reverse-causation") -> pd.DataFrame:
    """A SIMULATED cohort of ``n`` older people: ``engagement`` measured at baseline and ``dx_time`` (years to a
    dementia diagnosis; ``inf`` if none by the end of follow-up), plus ``low`` (bottom third of measured engagement).

    Someone diagnosed at time T is in the prodrome at baseline if T < prodrome_years; their measured engagement is
    lowered by ``withdrawal * (1 - T / prodrome_years)``: the closer the diagnosis, the larger the withdrawal.
    """
    p = params or CohortParams()
    if int(n) != n or n < 100:
        raise ValueError(f"n must be a whole number of at least 100, got {n!r}.")
    if p.incidence <= 0 or p.causal_hr <= 0 or p.prodrome_years < 0 or p.follow_up <= 0:
        raise ValueError("incidence, causal_hr and follow_up must be positive and prodrome_years not negative.")
    gen = named_rng(seed_name)
    true_engagement = gen.standard_normal(int(n))
    low_true = true_engagement < np.quantile(true_engagement, 1 / 3)
    hazard = p.incidence * np.where(low_true, p.causal_hr, 1.0)
    onset = gen.exponential(1 / hazard)
    dx_time = np.where(onset <= p.follow_up, onset, np.inf)
    if p.prodrome_years > 0:
        depth = np.clip(1 - dx_time / p.prodrome_years, 0, 1)
    else:
        depth = np.zeros(int(n))
    measured = true_engagement - p.withdrawal * depth
    low = measured < np.quantile(measured, 1 / 3)
    return pd.DataFrame({"engagement": measured, "low": low.astype(int), "dx_time": dx_time})


def risk_ratio_after_exclusion(cohort: pd.DataFrame, exclude_years: float, follow_up: float = 12.0) -> float:
    """Risk ratio of a diagnosis, low vs other engagement, counting only diagnoses after ``exclude_years`` among
    people still undiagnosed then (the usual sensitivity analysis: drop the first years of follow-up)."""
    if not 0 <= exclude_years < follow_up:
        raise ValueError(f"exclude_years must be from 0 to less than {follow_up:g}, got {exclude_years!r}.")
    at_risk = cohort[cohort["dx_time"] > exclude_years]
    cases = at_risk["dx_time"] <= follow_up
    risk = cases.groupby(at_risk["low"]).mean()
    if set(risk.index) != {0, 1} or risk.loc[0] == 0:
        raise ValueError("Both engagement groups need people, and the reference group cases, to form a ratio.")
    return float(risk.loc[1] / risk.loc[0])


def exclusion_curve(n: int = 20000, prodromes=(0, 2, 4, 6, 8), causal_hrs=(1.0, 1.5), excludes=range(0, 9),
                    seed_name: str = "modifiers-reverse-causation") -> pd.DataFrame:
    """Risk ratios against years excluded, for each prodrome length and causal hazard ratio (one cohort each)."""
    rows = []
    for hr in causal_hrs:
        for years in prodromes:
            cohort = reverse_causation_cohort(n, CohortParams(prodrome_years=float(years), causal_hr=float(hr)),
                                              seed_name=f"{seed_name}:{years}:{hr}")
            for k in excludes:
                rows.append({"prodrome": float(years), "causal_hr": float(hr), "excluded": float(k),
                             "rr": risk_ratio_after_exclusion(cohort, float(k))})
    return pd.DataFrame(rows)
