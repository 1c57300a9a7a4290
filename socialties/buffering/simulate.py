"""The data-generating model of the buffering simulator (SIMULATED data, never real observations).

The model, in standard-deviation units of the true scores::

    distress = b0 + b_stress * stress + b_support * support + b_int * stress * support + sigma * e

with ``stress`` and ``support`` standard normal (correlation ``rho``) and ``e`` standard normal. A negative ``b_int``
is *buffering*: the stress-distress slope is flatter when support is high.

Measurement error (classical): each observed measure is its true score plus independent normal error, with the error
variance chosen so that ``var(true) / var(observed)`` equals the measure's reliability. The outcome is taken as measured
without error (its error would only add to ``sigma``).

Calibration of the defaults (see ``data/buffering_sim.md``):

* ``b_support = -0.26``: with ``rho = 0`` and ``var(distress) = 1`` this makes the support-distress correlation -.26,
  the support-depression correlation of Rueger et al.'s (2016) meta-analysis (r = .26, k = 341).
* ``b_stress = 0.35``: an ASSUMPTION, not a verified figure (stress-depression correlations around .3-.4 in community
  samples are often quoted, but the course has not verified a source for it).
* ``b_int = -0.10``: a small interaction, implied f^2 of about .012. Aguinis et al. (2005) found a median observed
  moderator effect of f^2 = .002 (categorical moderators, 30 years of studies); the default is larger so that the
  interaction can be seen at survey sample sizes, and :func:`b_int_for_f2` gives the coefficient for any f^2.
* ``sigma``: by default chosen so that ``var(distress) = 1``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from socialties.seeds import rng as named_rng

#: Name of the default random stream for simulated samples.
DEFAULT_STREAM = "buffering-sample"
SIMULATED_NOTE = "SIMULATED DATA from socialties.buffering.simulate: not real observations."


@dataclass(frozen=True)
class BufferingParams:
    """Parameters of the buffering model (coefficients in SD units of the true scores).

    ``sigma=None`` means: choose the noise SD so that the variance of distress is 1 (the calibration target).
    ``rel_stress`` and ``rel_support`` are the reliabilities of the observed measures, in (0, 1].
    """

    b0: float = 0.0
    b_stress: float = 0.35  # ASSUMPTION (unverified stress-distress association, see module docstring)
    b_support: float = -0.26  # Rueger et al. 2016: support-depression r = .26
    b_int: float = -0.10  # small buffering interaction, f^2 ~ .012 (Aguinis et al. 2005 median .002 for context)
    rho: float = 0.0  # correlation of true stress and true support
    sigma: float | None = None
    rel_stress: float = 1.0
    rel_support: float = 1.0

    def __post_init__(self) -> None:
        if not -1.0 < self.rho < 1.0:
            raise ValueError(f"rho (the stress-support correlation) must lie strictly between -1 and 1, got {self.rho}.")
        for name in ("rel_stress", "rel_support"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ValueError(f"{name} (a reliability) must lie in (0, 1], got {value}.")
        if self.sigma is not None and self.sigma < 0:
            raise ValueError(f"sigma (the noise SD) must be >= 0, got {self.sigma}.")
        if self.sigma is None and self.explained_variance() >= 1.0:
            raise ValueError(
                "These coefficients explain all the variance of distress (or more); give sigma explicitly "
                "or choose smaller coefficients."
            )

    def explained_variance(self) -> float:
        """Variance of the systematic part of distress (true scores); ``cov(stress*support, stress) = 0`` for normals."""
        return (
            self.b_stress**2
            + self.b_support**2
            + 2 * self.rho * self.b_stress * self.b_support
            + self.b_int**2 * (1 + self.rho**2)
        )

    @property
    def noise_sd(self) -> float:
        """The noise SD ``sigma`` (resolved when it was left as ``None``)."""
        if self.sigma is not None:
            return float(self.sigma)
        return float(np.sqrt(1.0 - self.explained_variance()))

    def f2(self) -> float:
        """Cohen's f^2 of the interaction term on the true scores: its unique variance over the residual variance."""
        return self.b_int**2 * (1 + self.rho**2) / self.noise_sd**2

    def with_(self, **changes: float | None) -> "BufferingParams":
        """A copy with some fields changed (unknown names are refused with a clear message)."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"Unknown parameter(s) {sorted(unknown)}; known: {sorted(known)}.")
        return replace(self, **changes)


def b_int_for_f2(f2: float, params: BufferingParams | None = None) -> float:
    """The (negative, buffering) interaction coefficient giving Cohen's f^2 = ``f2`` on the true scores.

    Uses ``params`` for the other coefficients and ``rho``; ``sigma`` is solved jointly when it is ``None`` (variance of
    distress kept at 1), otherwise kept fixed.
    """
    if f2 < 0:
        raise ValueError(f"f2 must be >= 0, got {f2}.")
    p = params or BufferingParams()
    k = 1 + p.rho**2
    if p.sigma is not None:
        return -float(np.sqrt(f2 * p.sigma**2 / k))
    # b^2 k = f2 * (1 - main - b^2 k)  =>  b^2 k (1 + f2) = f2 (1 - main)
    main = p.b_stress**2 + p.b_support**2 + 2 * p.rho * p.b_stress * p.b_support
    if main >= 1:
        raise ValueError("The main effects already explain all the variance of distress.")
    return -float(np.sqrt(f2 * (1 - main) / ((1 + f2) * k)))


def _resolve(params: BufferingParams | None, overrides: dict) -> BufferingParams:
    p = params or BufferingParams()
    return p.with_(**overrides) if overrides else p


def _generator(rng: np.random.Generator | None, seed_name: str) -> np.random.Generator:
    return rng if rng is not None else named_rng(seed_name)


def simulate_arrays(
    n: int,
    reps: int | None = None,
    params: BufferingParams | None = None,
    *,
    rng: np.random.Generator | None = None,
    seed_name: str = DEFAULT_STREAM,
) -> dict[str, np.ndarray]:
    """Draw ``reps`` samples of size ``n`` at once (arrays of shape ``(reps, n)``, or ``(n,)`` if ``reps`` is None).

    Returns ``stress``, ``support`` (observed, with measurement error), ``stress_true``, ``support_true``, ``noise``
    (the standard-normal ``e``) and ``distress``. The draws are made in that order from one generator.
    """
    n = _check_n(n)
    p = params or BufferingParams()
    gen = _generator(rng, seed_name)
    shape = (n,) if reps is None else (int(reps), n)
    u = gen.standard_normal((2, *shape))
    stress_true = u[0]
    support_true = p.rho * u[0] + np.sqrt(1 - p.rho**2) * u[1]
    errors = gen.standard_normal((2, *shape))
    # observed = true + error with var(error) = (1 - rel) / rel, so that var(true) / var(observed) = rel.
    stress = stress_true + np.sqrt((1 - p.rel_stress) / p.rel_stress) * errors[0]
    support = support_true + np.sqrt((1 - p.rel_support) / p.rel_support) * errors[1]
    noise = gen.standard_normal(shape)
    distress = (
        p.b0
        + p.b_stress * stress_true
        + p.b_support * support_true
        + p.b_int * stress_true * support_true
        + p.noise_sd * noise
    )
    return {
        "stress": stress,
        "support": support,
        "distress": distress,
        "stress_true": stress_true,
        "support_true": support_true,
        "noise": noise,
    }


def simulate(
    n: int = 500,
    params: BufferingParams | None = None,
    *,
    rng: np.random.Generator | None = None,
    seed_name: str = DEFAULT_STREAM,
    **overrides: float | None,
) -> pd.DataFrame:
    """Simulate one sample of size ``n`` from the buffering model, as a data frame that says it is simulated.

    Columns: ``stress``, ``support`` (observed measures), ``distress``, ``stress_true``, ``support_true``, ``noise``.
    ``params`` fields can be overridden by keyword, e.g. ``simulate(300, b_int=-0.3, rel_support=0.7)``. Randomness
    comes from ``rng`` or else the named stream ``seed_name`` (same name, same sample). ``df.attrs`` records the
    parameters and the note ``"SIMULATED DATA ..."``.
    """
    p = _resolve(params, overrides)
    arrays = simulate_arrays(n, None, p, rng=rng, seed_name=seed_name)
    df = pd.DataFrame(arrays)
    df.attrs["simulated"] = True
    df.attrs["note"] = SIMULATED_NOTE
    df.attrs["params"] = {f.name: getattr(p, f.name) for f in fields(p)} | {"noise_sd": p.noise_sd}
    return df


def _check_n(n: int) -> int:
    try:
        value = int(n)
    except (TypeError, ValueError):
        raise ValueError(f"The sample size n must be a whole number, got {n!r}.") from None
    if value != n or value < 5:
        raise ValueError(f"The sample size n must be a whole number of at least 5, got {n!r}.")
    return value
