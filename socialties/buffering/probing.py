"""Probing an interaction: simple slopes (Aiken & West 1991) and the Johnson-Neyman region of significance.

For ``y = b0 + b1 x + b2 z + b3 x z``, the slope of ``x`` at moderator value ``z0`` is ``b1 + b3 z0`` with variance
``V11 + 2 z0 V13 + z0^2 V33``. Probing at the *sample* +/-1 SD treats estimated values as fixed, which inflates Type I
error somewhat (Liu, West, Levy & Aiken 2017); the Johnson-Neyman bounds avoid choosing values at all: they are the
moderator values where the slope's t statistic equals the critical value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from socialties.buffering.regression import ModeratedFit


def _slope_parts(fit: ModeratedFit) -> tuple[float, float, float, float, float]:
    # Coefficient order is fixed by fit_moderated: Intercept, x, z, x:z.
    b1, b3 = fit.params.iloc[1], fit.params.iloc[3]
    v = fit.cov_params.to_numpy()
    return float(b1), float(b3), float(v[1, 1]), float(v[1, 3]), float(v[3, 3])


def simple_slopes(
    fit: ModeratedFit, at: list[float] | np.ndarray | None = None, alpha: float = 0.05
) -> pd.DataFrame:
    """Slope of ``fit.x`` at moderator values ``at`` (original scale of the moderator), with SE, t, p and CI.

    Default ``at``: the moderator's sample mean -1 SD, mean, +1 SD, labelled ``"-1 SD"``, ``"mean"``, ``"+1 SD"``.
    Returns one row per value: ``level``, the moderator value (column named after ``fit.z``), ``slope``, ``se``, ``t``,
    ``p``, ``ci_lower``, ``ci_upper``.
    """
    if at is None:
        values = np.array([fit.z_mean - fit.z_sd, fit.z_mean, fit.z_mean + fit.z_sd])
        labels = ["-1 SD", "mean", "+1 SD"]
    else:
        values = np.atleast_1d(np.asarray(at, dtype=float))
        if not np.all(np.isfinite(values)):
            raise ValueError("The moderator values to probe at must be finite numbers.")
        labels = [f"{v:g}" for v in values]
    b1, b3, v11, v13, v33 = _slope_parts(fit)
    zc = values - fit.z_center  # on the scale the model was fitted on
    slope = b1 + b3 * zc
    se = np.sqrt(v11 + 2 * zc * v13 + zc**2 * v33)
    t = slope / se
    crit = stats.t.ppf(1 - alpha / 2, fit.df_resid)
    return pd.DataFrame(
        {
            "level": labels,
            fit.z: values,
            "slope": slope,
            "se": se,
            "t": t,
            "p": 2 * stats.t.sf(np.abs(t), fit.df_resid),
            "ci_lower": slope - crit * se,
            "ci_upper": slope + crit * se,
        }
    )


@dataclass(frozen=True)
class JohnsonNeyman:
    """Where the slope of x is significant, as a function of the moderator (original scale).

    ``region`` is one of:

    * ``"outside"``: significant below ``lower`` and above ``upper``;
    * ``"inside"``: significant only between ``lower`` and ``upper``;
    * ``"everywhere"`` / ``"nowhere"``: no real bounds (``lower`` and ``upper`` are ``nan``). "everywhere" needs a
      slope that cannot cross zero, so it only occurs in the degenerate case of an exactly known zero interaction;
    * ``"below"`` / ``"above"``: one bound only (``upper`` resp. ``lower``; the degenerate linear case).

    ``observed`` is the (min, max) of the moderator in the sample: bounds outside it are extrapolations.
    """

    region: str
    lower: float
    upper: float
    alpha: float
    t_crit: float
    observed: tuple[float, float] | None = None

    def significant(self, z: float | np.ndarray) -> np.ndarray:
        """True where the slope is significant at the moderator value(s) ``z``."""
        z = np.asarray(z, dtype=float)
        if self.region == "everywhere":
            return np.ones(z.shape, bool)
        if self.region == "nowhere":
            return np.zeros(z.shape, bool)
        if self.region == "outside":
            return (z < self.lower) | (z > self.upper)
        if self.region == "inside":
            return (z > self.lower) & (z < self.upper)
        if self.region == "below":
            return z < self.upper
        return z > self.lower

    def describe(self, name: str = "the moderator") -> str:
        """A plain-language sentence for the region."""
        pct = f"{self.alpha:g}"
        if self.region == "everywhere":
            return f"The slope is significant (at {pct}) at every value of {name}."
        if self.region == "nowhere":
            return f"The slope is not significant (at {pct}) at any value of {name}."
        if self.region == "outside":
            return f"The slope is significant (at {pct}) when {name} < {self.lower:.3g} or > {self.upper:.3g}."
        if self.region == "inside":
            return f"The slope is significant (at {pct}) only when {name} is between {self.lower:.3g} and {self.upper:.3g}."
        if self.region == "below":
            return f"The slope is significant (at {pct}) when {name} < {self.upper:.3g}."
        return f"The slope is significant (at {pct}) when {name} > {self.lower:.3g}."


def jn_bounds(
    b1: float, b3: float, v11: float, v13: float, v33: float, t_crit: float
) -> tuple[str, float, float]:
    """Solve ``(b1 + b3 z)^2 = t_crit^2 (v11 + 2 z v13 + z^2 v33)`` for z (moderator on the fitted scale).

    Returns ``(region, lower, upper)`` as described in :class:`JohnsonNeyman`.
    """
    t2 = t_crit**2
    a = b3**2 - t2 * v33
    b = 2 * (b1 * b3 - t2 * v13)
    c = b1**2 - t2 * v11
    # f(z) = a z^2 + b z + c > 0  <=>  the slope is significant at z.
    scale = max(abs(a), abs(b), abs(c), np.finfo(float).tiny)
    if abs(a) <= 1e-12 * scale:  # linear: one bound (or none)
        if abs(b) <= 1e-12 * scale:
            return ("everywhere" if c > 0 else "nowhere"), np.nan, np.nan
        root = -c / b
        return ("above", root, np.nan) if b > 0 else ("below", np.nan, root)
    disc = b**2 - 4 * a * c
    if disc <= 0:
        return ("everywhere" if a > 0 else "nowhere"), np.nan, np.nan
    sq = np.sqrt(disc)
    # Numerically stable roots (avoid cancellation in -b +/- sq).
    qv = -0.5 * (b + np.copysign(sq, b))
    r1, r2 = qv / a, (c / qv if qv != 0 else -b / a)
    lower, upper = sorted((float(r1), float(r2)))
    return ("outside" if a > 0 else "inside"), lower, upper


def johnson_neyman(fit: ModeratedFit, alpha: float = 0.05, observed: tuple[float, float] | None = None) -> JohnsonNeyman:
    """Johnson-Neyman bounds for the slope of ``fit.x`` across the moderator ``fit.z`` (original scale)."""
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie between 0 and 1, got {alpha}.")
    b1, b3, v11, v13, v33 = _slope_parts(fit)
    t_crit = float(stats.t.ppf(1 - alpha / 2, fit.df_resid))
    region, lower, upper = jn_bounds(b1, b3, v11, v13, v33, t_crit)
    return JohnsonNeyman(
        region=region,
        lower=lower + fit.z_center,
        upper=upper + fit.z_center,
        alpha=alpha,
        t_crit=t_crit,
        observed=observed if observed is not None else fit.z_range,
    )
