"""Power to detect a subgroup difference, and the trap of comparing two p-values.

Two questions about a slope that may differ between women and men:

* **Power of the right test.** The test of a difference is the interaction term of ``y ~ x * group``. Its t statistic
  is noncentral t with ``df = n1 + n2 - 4`` and noncentrality ``delta / SE``, where ``delta`` is the true difference
  of slopes and SE^2 = sigma^2 / ((n1 - 1) s1^2) + sigma^2 / ((n2 - 1) s2^2) (s_k: the SD of x in group k, sigma:
  the residual SD). :func:`slope_difference_power` computes it.
* **The wrong comparison.** "Significant in women, not in men" is often read as a difference. When the true slopes
  are equal and each group's test has moderate power, one group is significant and the other not in a large share of
  samples, while the interaction test rejects at its nominal 5% (Gelman & Stern 2006). :func:`subgroup_significance`
  counts both in simulated samples, vectorised (closed-form least squares for every replication at once).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from socialties.seeds import rng as named_rng

DEFAULT_STREAM = "modifiers-gender-power"


def slope_difference_se(sigma: float, n1: int, sd_x1: float, n2: int, sd_x2: float) -> float:
    """The standard error of the difference between two groups' least-squares slopes (common residual SD)."""
    for name, value in (("n1", n1), ("n2", n2)):
        if int(value) != value or value < 3:
            raise ValueError(f"{name} must be a whole number of at least 3, got {value!r}.")
    if min(sigma, sd_x1, sd_x2) <= 0:
        raise ValueError("sigma and the SDs of x must be positive.")
    return float(sigma * np.sqrt(1 / ((n1 - 1) * sd_x1**2) + 1 / ((n2 - 1) * sd_x2**2)))


def slope_difference_power(
    delta: float, *, sigma: float, n1: int, sd_x1: float, n2: int, sd_x2: float, alpha: float = 0.05
) -> float:
    """Power of the two-sided interaction test to detect a true difference ``delta`` between two groups' slopes."""
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha!r}.")
    se = slope_difference_se(sigma, n1, sd_x1, n2, sd_x2)
    df = n1 + n2 - 4
    crit = stats.t.ppf(1 - alpha / 2, df)
    ncp = delta / se
    return float(stats.nct.sf(crit, df, ncp) + stats.nct.cdf(-crit, df, ncp))


@dataclass(frozen=True)
class SubgroupTally:
    """Shares of simulated samples by which group's slope was significant, and the interaction test's rejections.

    ``women_only`` + ``men_only`` is how often "significant in one group, not in the other" appears; ``interaction``
    is the share in which the interaction (difference of slopes) test rejects. Monte Carlo SEs are sqrt(p(1-p)/reps).
    """

    reps: int
    n_per_group: int
    both: float
    women_only: float
    men_only: float
    neither: float
    interaction: float

    @property
    def one_only(self) -> float:
        return self.women_only + self.men_only

    def mc_se(self, share: float) -> float:
        return float(np.sqrt(share * (1 - share) / self.reps))


def _slopes(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-row least-squares slope, residual sum of squares and Sxx for arrays of shape (reps, n)."""
    xc = x - x.mean(axis=1, keepdims=True)
    yc = y - y.mean(axis=1, keepdims=True)
    sxx = np.einsum("ij,ij->i", xc, xc)
    slope = np.einsum("ij,ij->i", xc, yc) / sxx
    rss = np.einsum("ij,ij->i", yc, yc) - slope**2 * sxx
    return slope, rss, sxx


def subgroup_t_statistics(draws: np.ndarray, b_women: float, b_men: float, sigma: float = 1.0):
    """t statistics of the women's slope, the men's slope and their difference, per replication.

    ``draws`` has shape (4, reps, n): support of women, support of men, noise of women, noise of men (standard
    normal). The difference's t pools the residual variance of both groups (df = 2n - 4), as the interaction term
    of ``smf.ols("distress ~ support * female")`` does.
    """
    n = draws.shape[2]
    x_w, x_m = draws[0], draws[1]
    y_w, y_m = b_women * x_w + sigma * draws[2], b_men * x_m + sigma * draws[3]
    (s_w, rss_w, sxx_w), (s_m, rss_m, sxx_m) = _slopes(x_w, y_w), _slopes(x_m, y_m)
    t_w = s_w / np.sqrt(rss_w / (n - 2) / sxx_w)
    t_m = s_m / np.sqrt(rss_m / (n - 2) / sxx_m)
    pooled = (rss_w + rss_m) / (2 * n - 4)
    t_int = (s_w - s_m) / np.sqrt(pooled * (1 / sxx_w + 1 / sxx_m))
    return t_w, t_m, t_int


def subgroup_significance(
    b_women: float, b_men: float, n_per_group: int, *, reps: int = 2000, sigma: float = 1.0, alpha: float = 0.05,
    seed_name: str = DEFAULT_STREAM,
) -> SubgroupTally:
    """Simulate ``reps`` samples of ``n_per_group`` women and as many men: distress = b * support + noise.

    Support is standard normal in both groups; noise has SD ``sigma``. Each sample is fitted three ways: the slope
    in women, the slope in men (each tested against 0), and the interaction model ``distress ~ support * female``
    (the t test of the slope difference with the residual variance pooled over both groups, as statsmodels' OLS).
    """
    if int(n_per_group) != n_per_group or n_per_group < 5:
        raise ValueError(f"n_per_group must be a whole number of at least 5, got {n_per_group!r}.")
    if int(reps) != reps or not 1 <= reps <= 100_000:
        raise ValueError(f"reps must be a whole number from 1 to 100000, got {reps!r}.")
    n = int(n_per_group)
    draws = named_rng(seed_name).standard_normal((4, int(reps), n))  # support and noise, women then men
    t_w, t_m, t_int = subgroup_t_statistics(draws, b_women, b_men, sigma)
    crit_group = stats.t.ppf(1 - alpha / 2, n - 2)
    sig_w, sig_m = np.abs(t_w) > crit_group, np.abs(t_m) > crit_group
    rejects = np.abs(t_int) > stats.t.ppf(1 - alpha / 2, 2 * n - 4)
    return SubgroupTally(
        reps=int(reps), n_per_group=n, both=float(np.mean(sig_w & sig_m)), women_only=float(np.mean(sig_w & ~sig_m)),
        men_only=float(np.mean(~sig_w & sig_m)), neither=float(np.mean(~sig_w & ~sig_m)),
        interaction=float(np.mean(rejects)),
    )
