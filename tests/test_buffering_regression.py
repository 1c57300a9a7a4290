"""The vectorised moderated OLS agrees with statsmodels' formula API to 1e-8, on simulated and on real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from socialties import data as course_data
from socialties.buffering import fit_moderated, ols, simulate
from socialties.buffering.regression import moderated_design

RTOL = 1e-8


def assert_matches_statsmodels(fit, sm) -> None:
    names = list(sm.params.index)
    assert list(fit.params.index) == names
    for ours, theirs in [(fit.params, sm.params), (fit.bse, sm.bse), (fit.tvalues, sm.tvalues)]:
        np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(fit.pvalues.to_numpy(), sm.pvalues.to_numpy(), rtol=RTOL, atol=1e-15)
    np.testing.assert_allclose(fit.conf_int().to_numpy(), sm.conf_int().to_numpy(), rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(fit.cov_params.to_numpy(), sm.cov_params().to_numpy(), rtol=RTOL, atol=1e-14)
    assert fit.df_resid == sm.df_resid and fit.nobs == sm.nobs
    assert fit.rsquared == pytest.approx(sm.rsquared, rel=RTOL)


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return simulate(400, b_int=-0.2, rel_stress=0.8, seed_name="test-buffering-regression")


def test_agrees_with_statsmodels_on_simulated_data(sample):
    assert_matches_statsmodels(fit_moderated(sample), smf.ols("distress ~ stress * support", sample).fit())


def test_agrees_with_statsmodels_on_the_shipped_simulated_csv():
    shipped = pd.read_csv(course_data.DATA_DIR / "buffering_sim.csv")
    assert_matches_statsmodels(fit_moderated(shipped), smf.ols("distress ~ stress * support", shipped).fit())


def test_centred_fit_agrees_with_statsmodels_on_centred_columns(sample):
    centred = sample.assign(stress=sample.stress - sample.stress.mean(), support=sample.support - sample.support.mean())
    fit = fit_moderated(sample, center=True)
    assert_matches_statsmodels(fit, smf.ols("distress ~ stress * support", centred).fit())
    raw = fit_moderated(sample)
    # Centring changes the lower-order terms, not the interaction.
    assert fit.params["stress:support"] == pytest.approx(raw.params["stress:support"], rel=1e-10)
    assert fit.params["stress"] != pytest.approx(raw.params["stress"], rel=1e-3)


@pytest.mark.parametrize(
    "y, x, z",
    [
        ("BDI", "emotional", "emotionalsat"),  # support availability x satisfaction (missing values dropped)
        ("BDI", "esupport", "psupport"),
        ("BDI", "affect", "psi"),
    ],
)
def test_agrees_with_statsmodels_on_real_socsupport(y, x, z):
    real = course_data.load("socsupport")
    fit = fit_moderated(real, y=y, x=x, z=z)
    sm = smf.ols(f"{y} ~ {x} * {z}", real).fit()
    assert_matches_statsmodels(fit, sm)
    assert fit.nobs < len(real) or real[[y, x, z]].notna().all().all()


def test_stacked_fits_equal_one_by_one_fits():
    gen = np.random.default_rng(1)
    x, z = gen.standard_normal((2, 7, 60))
    y = 1 + x - z + 0.5 * x * z + gen.standard_normal((7, 60))
    stacked = ols(moderated_design(x, z), y)
    for r in range(7):
        single = ols(moderated_design(x[r], z[r]), y[r])
        np.testing.assert_allclose(stacked.beta[r], single.beta, rtol=1e-12)
        np.testing.assert_allclose(stacked.p[r], single.p, rtol=1e-10)


def test_bad_input_gets_a_clear_message(sample):
    with pytest.raises(ValueError, match="'anxiety' is not in the data"):
        fit_moderated(sample, y="anxiety")
    with pytest.raises(ValueError, match="DataFrame"):
        fit_moderated([[1, 2, 3]])
    with pytest.raises(ValueError, match="'support' must be numeric; it holds 'high'"):
        fit_moderated(sample.assign(support=sample.support.astype(object).where(sample.index != 3, "high")))
    with pytest.raises(ValueError, match="at least 5"):
        fit_moderated(sample.head(4))
