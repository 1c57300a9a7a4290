"""Power and the minimal detectable effect of a two-arm trial with a continuous outcome.

The exact power is statsmodels' two-sample t test power (``TTestIndPower``, noncentral t). The static trial designer
computes power in the browser, where no noncentral t is available, with the normal approximation
``Phi(delta sqrt(n/2) - z) + Phi(-delta sqrt(n/2) - z)``; :func:`two_arm_power` offers both so that a test can show they
agree within .02 from 20 per arm (.01 from 40).

Two things shrink what a trial can detect. **Attrition**: only ``n (1 - attrition)`` people per arm are analysed.
**Adherence**: if only a share ``adherence`` of the offered arm takes the programme and the others gain nothing, the
intention-to-treat effect is diluted to ``adherence x effect`` (Cohen's d, in outcome SDs).

For the power to detect an *effect modifier* (an interaction) reuse
:func:`socialties.buffering.power.analytic_power` with the interaction's Cohen's f^2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats
from statsmodels.stats.power import TTestIndPower

_T_POWER = TTestIndPower()


@dataclass(frozen=True)
class CitedTrial:
    """A trial cited by the review, with its size (VERIFIED) and how the chapter splits it into arms."""

    key: str
    label: str
    total: int
    per_arm: float
    split_note: str


#: The three trials of the review's interventions section (sizes from the course fact sheet, VERIFIED).
CITED_TRIALS: tuple[CitedTrial, ...] = (
    CitedTrial("brand1995", "Brand et al. 1995: 51 adults", 51, 25.5, "arms assumed equal (about 25 each)"),
    CitedTrial("harris1999", "Harris et al. 1999: 86 women", 86, 43.0, "43 befriending vs 43 wait-list"),
    CitedTrial("mittelman1996", "Mittelman et al. 1996: 206 caregivers", 206, 103.0,
               "arms assumed equal (about 103 each)"),
)

#: Mead et al. (2010): pooled short-term effect of befriending on depressive symptoms, SMD -0.27 (-0.48 to -0.06).
MEAD_SMD = 0.27


def _check(n_per_arm, attrition: float, adherence: float, alpha: float) -> np.ndarray:
    n = np.asarray(n_per_arm, dtype=float)
    if np.any(n < 2):
        raise ValueError("Each arm needs at least 2 people.")
    if not 0 <= attrition < 1:
        raise ValueError(f"attrition must be a share in [0, 1), got {attrition}.")
    if not 0 < adherence <= 1:
        raise ValueError(f"adherence must be a share in (0, 1], got {adherence}.")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie between 0 and 1, got {alpha}.")
    analysed = n * (1 - attrition)
    if np.any(analysed < 2):
        raise ValueError("After attrition each arm must still have at least 2 people.")
    return analysed


def two_arm_power(effect_size: float, n_per_arm, *, alpha: float = 0.05, attrition: float = 0.0,
                  adherence: float = 1.0, method: str = "t"):
    """Power of the two-sided test of the ITT difference (Cohen's d ``effect_size``; sign ignored).

    ``method="t"``: statsmodels' noncentral t; ``"normal"``: the normal approximation the static chart uses.
    """
    analysed = _check(n_per_arm, attrition, adherence, alpha)
    delta = abs(float(effect_size)) * adherence
    if method == "t":
        power = np.vectorize(lambda m: _T_POWER.power(delta, m, alpha, ratio=1.0, alternative="two-sided")
                             if delta > 0 else alpha)(analysed)
    elif method == "normal":
        z = stats.norm.ppf(1 - alpha / 2)
        shift = delta * np.sqrt(analysed / 2)
        power = stats.norm.cdf(shift - z) + stats.norm.cdf(-shift - z)
    else:
        raise ValueError(f"method must be 't' or 'normal', got {method!r}.")
    return float(power) if np.ndim(power) == 0 else np.asarray(power, dtype=float)


def minimal_detectable_effect(n_per_arm, *, power: float = 0.8, alpha: float = 0.05, attrition: float = 0.0,
                              adherence: float = 1.0, method: str = "t"):
    """The smallest true effect (Cohen's d among those who take the programme) detected with ``power``.

    Normal approximation: ``(z_{1-alpha/2} + z_power) sqrt(2 / n_analysed) / adherence``; ``method="t"`` solves the
    noncentral-t power for the diluted effect with statsmodels and divides by the adherence.
    """
    if not 0 < power < 1:
        raise ValueError(f"power must lie strictly between 0 and 1, got {power}.")
    analysed = _check(n_per_arm, attrition, adherence, alpha)
    if method == "normal":
        mde = (stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)) * np.sqrt(2 / analysed)
    elif method == "t":
        mde = np.vectorize(lambda m: _T_POWER.solve_power(effect_size=None, nobs1=m, alpha=alpha, power=power,
                                                          ratio=1.0, alternative="two-sided"))(analysed)
    else:
        raise ValueError(f"method must be 't' or 'normal', got {method!r}.")
    mde = mde / adherence
    return float(mde) if np.ndim(mde) == 0 else np.asarray(mde, dtype=float)


def n_per_arm_for_power(effect_size: float, *, power: float = 0.8, alpha: float = 0.05, attrition: float = 0.0,
                        adherence: float = 1.0) -> int:
    """People to *randomise* per arm so that the t test reaches ``power`` (attrition and dilution included)."""
    if effect_size == 0:
        raise ValueError("No sample size detects an effect of exactly zero.")
    _check(2 / (1 - attrition) + 1, attrition, adherence, alpha)
    delta = abs(float(effect_size)) * adherence
    analysed = _T_POWER.solve_power(effect_size=delta, nobs1=None, alpha=alpha, power=power, ratio=1.0,
                                    alternative="two-sided")
    needed = int(np.ceil(analysed / (1 - attrition)))
    # ceil can land one short of the target after dividing by (1 - attrition): step up until it is reached
    while two_arm_power(effect_size, needed, alpha=alpha, attrition=attrition, adherence=adherence) < power:
        needed += 1
    return needed


def cited_trials_power(effect_size: float = MEAD_SMD, *, alpha: float = 0.05, power: float = 0.8) -> list[dict]:
    """For each cited trial: its size, power for ``effect_size`` and its minimal detectable effect (no attrition)."""
    return [
        {"trial": t.label, "randomised": t.total, "per arm": t.per_arm, "arms": t.split_note,
         "power": two_arm_power(effect_size, t.per_arm, alpha=alpha),
         "MDE (d)": minimal_detectable_effect(t.per_arm, power=power, alpha=alpha)}
        for t in CITED_TRIALS
    ]
