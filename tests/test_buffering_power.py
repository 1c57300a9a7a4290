"""Power of the interaction test: vectorised simulation vs statsmodels, vs the analytic noncentral-t power."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from socialties.buffering import BufferingParams, analytic_power, interaction_pvalues, power_curve, simulate_power
from socialties.buffering.power import observed_f2
from socialties.buffering.simulate import simulate_arrays
from socialties.seeds import rng

Z = 4.0  # Monte Carlo tolerance in standard errors


@pytest.mark.parametrize("center", [True, False])
def test_vectorised_pvalues_equal_statsmodels_fits(center):
    a = simulate_arrays(120, 6, BufferingParams(rel_stress=0.8), rng=rng("test-power-agreement"))
    ours = interaction_pvalues(a["stress"], a["support"], a["distress"], center=center)
    for r in range(6):
        frame = pd.DataFrame({k: a[k][r] for k in ("stress", "support", "distress")})
        if center:
            frame[["stress", "support"]] -= frame[["stress", "support"]].mean()
        sm = smf.ols("distress ~ stress * support", frame).fit()
        np.testing.assert_allclose(ours[r], sm.pvalues["stress:support"], rtol=1e-8, atol=1e-15)


def test_vectorised_pvalues_stay_exact_for_badly_scaled_uncentred_measures():
    """T-scores (mean 50, SD 10) make the raw product term nearly collinear: the fast path standardises first."""
    a = simulate_arrays(80, 5, BufferingParams(b_int=-0.2), rng=rng("test-power-tscores"))
    x, z = 50 + 10 * a["stress"], 50 + 10 * a["support"]
    y = 20 + 5 * a["distress"]
    ours = interaction_pvalues(x, z, y)
    for r in range(5):
        frame = pd.DataFrame({"stress": x[r], "support": z[r], "distress": y[r]})
        sm = smf.ols("distress ~ stress * support", frame).fit()
        np.testing.assert_allclose(ours[r], sm.pvalues["stress:support"], rtol=1e-8, atol=1e-15)


@pytest.mark.parametrize("n", [200, 500])
def test_simulated_power_matches_analytic_power_without_measurement_error(n):
    p = BufferingParams(b_int=-0.12)
    sim = simulate_power(n, p, reps=2000, seed_name=f"test-power-{n}")
    exact = analytic_power(n, p)
    assert 0.2 < exact < 0.95  # a regime where the comparison has teeth
    assert abs(sim.power - exact) < Z * np.sqrt(exact * (1 - exact) / sim.reps)


def test_measurement_error_lowers_power_as_the_attenuated_f2_predicts():
    p = BufferingParams(b_int=-0.12)
    noisy = p.with_(rel_stress=0.7, rel_support=0.8)
    assert observed_f2(noisy) < 0.7 * observed_f2(p)
    assert observed_f2(p) == pytest.approx(p.f2(), rel=1e-12)
    sim_clean = simulate_power(400, p, reps=2000, seed_name="test-power-clean")
    sim_noisy = simulate_power(400, noisy, reps=2000, seed_name="test-power-noisy")
    assert sim_noisy.power < sim_clean.power - 4 * np.hypot(sim_noisy.mc_se, sim_clean.mc_se)
    approx = analytic_power(400, noisy)
    assert abs(sim_noisy.power - approx) < Z * np.sqrt(approx * (1 - approx) / 2000)


def test_type_one_error_is_alpha_when_there_is_no_interaction():
    sim = simulate_power(150, BufferingParams(b_int=0.0), reps=3000, seed_name="test-power-null")
    assert abs(sim.power - 0.05) < Z * np.sqrt(0.05 * 0.95 / 3000)
    assert analytic_power(150, f2=0.0) == pytest.approx(0.05, abs=1e-12)


def test_power_rises_with_n_and_f2():
    ns = np.array([50, 200, 800])
    values = analytic_power(ns, f2=0.02)
    assert np.all(np.diff(values) > 0)
    assert analytic_power(200, f2=0.05) > analytic_power(200, f2=0.02)


def test_power_curve_has_both_conditions_and_is_reproducible():
    curve = power_curve([100, 400], reps=200, rel_stress=0.7, rel_support=0.8)
    assert list(curve.columns) == ["n", "measures", "rel_stress", "rel_support", "power", "mc_se", "analytic"]
    assert set(curve["measures"]) == {"error-free measures", "reliabilities 0.7 and 0.8"}
    assert len(curve) == 4
    pd.testing.assert_frame_equal(curve, power_curve([100, 400], reps=200, rel_stress=0.7, rel_support=0.8))


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="reps"):
        simulate_power(100, reps=0)
    with pytest.raises(ValueError, match="alpha"):
        simulate_power(100, alpha=2)
    with pytest.raises(ValueError, match="at least 6"):
        analytic_power(3)
