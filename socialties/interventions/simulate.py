"""SIMULATED trials: a benefit that rises with baseline risk, and subgroup fishing when the benefit is the same for all.

Everything here is simulated, in outcome-SD units; the numbers are chosen to make the ideas visible, not calibrated
to a particular trial (the default overall effect, d = 0.27, is Mead et al.'s 2010 pooled short-term effect of
befriending). All replications are drawn at once and analysed with array arithmetic (no loop over trials).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from socialties.seeds import rng as named_rng

TRIAL_STREAM = "interventions-heterogeneous-trial"
FISHING_STREAM = "interventions-subgroup-fishing"


def heterogeneous_trial(n: int = 400, effect: float = 0.27, slope: float = 0.2, *, prognosis: float = 0.5,
                        rng: np.random.Generator | None = None, seed_name: str = TRIAL_STREAM) -> pd.DataFrame:
    """One SIMULATED two-arm trial (1:1) whose benefit grows with baseline risk.

    ``risk`` is standard normal; each person's benefit (a fall in distress) is ``effect + slope * risk``; distress at
    follow-up is ``prognosis * risk - treat * benefit + noise`` (noise SD 1).
    """
    if int(n) != n or n < 20:
        raise ValueError(f"n must be a whole number of at least 20, got {n!r}.")
    gen = rng if rng is not None else named_rng(seed_name)
    risk = gen.standard_normal(int(n))
    treat = gen.permutation(np.arange(int(n)) % 2)
    benefit = effect + slope * risk
    distress = prognosis * risk - treat * benefit + gen.standard_normal(int(n))
    return pd.DataFrame({"treat": treat, "risk": risk, "distress": distress, "true_benefit": benefit})


def _mean_diff(y: np.ndarray, treat: np.ndarray, inside: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Treated-minus-control difference and its (unpooled) SE within ``inside``, along the last axis."""
    t1, t0 = inside & (treat == 1), inside & (treat == 0)
    n1, n0 = t1.sum(-1), t0.sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        m1, m0 = (y * t1).sum(-1) / n1, (y * t0).sum(-1) / n0
        v1 = (((y - m1[..., None]) ** 2) * t1).sum(-1) / (n1 - 1)
        v0 = (((y - m0[..., None]) ** 2) * t0).sum(-1) / (n0 - 1)
        return m1 - m0, np.sqrt(v1 / n1 + v0 / n0)


@dataclass(frozen=True)
class FishingResult:
    """Rates over simulated trials in which the true effect is the SAME for everyone."""

    n: int
    characteristics: int
    reps: int
    effect: float
    overall_significant: float
    false_responder: float
    false_interaction: float


def subgroup_fishing(n: int = 200, characteristics: int = 10, reps: int = 2000, effect: float = 0.27,
                     alpha: float = 0.05, *, rng: np.random.Generator | None = None,
                     seed_name: str = FISHING_STREAM) -> FishingResult:
    """How often does looking at ``characteristics`` binary baseline splits find a "responder" subgroup?

    Each SIMULATED trial has a homogeneous effect ``effect`` (d) and characteristics unrelated to it (each person
    has each one with probability 1/2). Two claims are counted, per trial, over all characteristics:

    * **false responder**: for some characteristic the effect is significant in one subgroup and not in the other
      (the common fallacy: a difference in significance is not a significant difference);
    * **false interaction**: some subgroup-by-treatment interaction test is significant (a true false positive of a
      test that is at least the right test; its rate grows like ``1 - (1 - alpha)^k``).
    """
    for name, value, low in (("n", n, 20), ("characteristics", characteristics, 1), ("reps", reps, 10)):
        if int(value) != value or value < low:
            raise ValueError(f"{name} must be a whole number of at least {low}, got {value!r}.")
    gen = rng if rng is not None else named_rng(seed_name)
    n, k, reps = int(n), int(characteristics), int(reps)
    z = stats.norm.ppf(1 - alpha / 2)
    chunk = max(1, 4_000_000 // (n * k))
    overall, responder, interaction = [], [], []
    for start in range(0, reps, chunk):
        size = min(chunk, reps - start)
        treat = np.stack([gen.permutation(np.arange(n) % 2) for _ in range(size)])       # (size, n)
        y = -effect * treat + gen.standard_normal((size, n))
        traits = gen.random((size, k, n)) < 0.5                                        # (size, k, n)
        d_all, se_all = _mean_diff(y, treat, np.ones_like(treat, dtype=bool))
        overall.append(np.abs(d_all / se_all) > z)
        yk, tk = y[:, None, :], treat[:, None, :]
        d1, s1 = _mean_diff(yk, tk, traits)
        d0, s0 = _mean_diff(yk, tk, ~traits)
        sig1, sig0 = np.abs(d1 / s1) > z, np.abs(d0 / s0) > z
        responder.append(np.any(sig1 != sig0, axis=1))
        interaction.append(np.any(np.abs((d1 - d0) / np.hypot(s1, s0)) > z, axis=1))
    return FishingResult(n, k, reps, effect, float(np.concatenate(overall).mean()),
                         float(np.concatenate(responder).mean()), float(np.concatenate(interaction).mean()))


def fishing_curve(ks=(1, 2, 5, 10, 20), n: int = 200, reps: int = 1000, effect: float = 0.27,
                  seed_name: str = FISHING_STREAM) -> pd.DataFrame:
    """:func:`subgroup_fishing` for several numbers of characteristics, each k on its own named stream."""
    rows = []
    for k in ks:
        res = subgroup_fishing(n, int(k), reps, effect, seed_name=f"{seed_name}:{n}:{int(k)}:{effect}")
        rows.append({"characteristics": int(k), "false responder": res.false_responder,
                     "false interaction": res.false_interaction, "overall significant": res.overall_significant})
    return pd.DataFrame(rows)
