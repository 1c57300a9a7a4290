"""The buffering data-generating model: calibration, reliabilities, determinism, and clear refusals."""

from __future__ import annotations

import numpy as np
import pytest

from socialties.buffering import BufferingParams, b_int_for_f2, simulate, simulate_arrays
from socialties.seeds import rng


def test_default_calibration_support_distress_correlation_and_unit_variance():
    df = simulate(200_000, seed_name="test-calibration")
    r = np.corrcoef(df.support_true, df.distress)[0, 1]
    assert r == pytest.approx(-0.26, abs=0.006)  # Rueger et al. 2016, r = .26
    assert df.distress.var() == pytest.approx(1.0, abs=0.01)
    assert BufferingParams().f2() == pytest.approx(0.0125, abs=0.0005)


def test_reliability_is_var_true_over_var_observed():
    df = simulate(200_000, rel_stress=0.7, rel_support=0.9, rho=0.3, seed_name="test-reliability")
    assert df.stress_true.var() / df.stress.var() == pytest.approx(0.7, abs=0.01)
    assert df.support_true.var() / df.support.var() == pytest.approx(0.9, abs=0.01)
    assert np.corrcoef(df.stress_true, df.support_true)[0, 1] == pytest.approx(0.3, abs=0.01)
    # Perfect reliability: observed equals true.
    exact = simulate(100, seed_name="test-reliability")
    np.testing.assert_array_equal(exact.stress, exact.stress_true)


def test_distress_follows_the_model_exactly():
    p = BufferingParams(b0=1.0, b_stress=0.3, b_support=-0.2, b_int=-0.15, sigma=0.5)
    df = simulate(500, p, seed_name="test-model")
    expected = 1.0 + 0.3 * df.stress_true - 0.2 * df.support_true - 0.15 * df.stress_true * df.support_true + 0.5 * df.noise
    np.testing.assert_allclose(df.distress, expected, rtol=1e-12)


def test_same_name_same_sample_and_a_passed_generator_is_used():
    a, b = simulate(50, seed_name="same"), simulate(50, seed_name="same")
    assert a.equals(b)
    assert not a.equals(simulate(50, seed_name="other"))
    assert simulate(50, rng=rng("same")).equals(a)


def test_simulated_frames_say_they_are_simulated():
    df = simulate(20, seed_name="label")
    assert df.attrs["simulated"] is True and "SIMULATED DATA" in df.attrs["note"]
    assert df.attrs["params"]["b_support"] == -0.26


def test_arrays_have_replication_shape():
    arrays = simulate_arrays(30, 4, rng=rng("shape"))
    assert all(v.shape == (4, 30) for v in arrays.values())


def test_b_int_for_f2_round_trips():
    for f2 in (0.002, 0.02, 0.1):
        p = BufferingParams().with_(b_int=b_int_for_f2(f2))
        assert p.f2() == pytest.approx(f2, rel=1e-12)
        fixed = BufferingParams(sigma=0.8, rho=0.2)
        assert fixed.with_(b_int=b_int_for_f2(f2, fixed)).f2() == pytest.approx(f2, rel=1e-12)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"rel_stress": 0.0}, "rel_stress"),
        ({"rel_support": 1.5}, "rel_support"),
        ({"rho": 1.0}, "rho"),
        ({"sigma": -1.0}, "sigma"),
        ({"b_stress": 0.9, "b_support": 0.9}, "explain all the variance"),
    ],
)
def test_bad_parameters_get_clear_messages(kwargs, message):
    with pytest.raises(ValueError, match=message):
        BufferingParams(**kwargs)


def test_bad_n_and_unknown_names_are_refused():
    with pytest.raises(ValueError, match="whole number"):
        simulate(2.5)
    with pytest.raises(ValueError, match="whole number"):
        simulate("many")
    with pytest.raises(ValueError, match="Unknown parameter"):
        simulate(50, b_buffer=0.3)
