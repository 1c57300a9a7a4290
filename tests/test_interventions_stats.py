"""socialties.interventions: every estimator against statsmodels, a hand computation or a simulation with a known truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.sandbox.regression.gmm import IV2SLS
from statsmodels.stats.power import TTestIndPower

from socialties import interventions as iv
from socialties.data import load
from socialties.seeds import rng


@pytest.fixture(scope="module")
def jobs() -> pd.DataFrame:
    return load("jobs2")


# ------------------------------------------------------------------------------------------------------------ trial
def test_itt_is_the_difference_in_means_with_the_ols_interval(jobs):
    est = iv.itt_effect(jobs)
    means = jobs.groupby("treat")["depress2"].mean()
    assert est.estimate == pytest.approx(means[1] - means[0], abs=1e-12)
    fit = smf.ols("depress2 ~ treat", data=jobs).fit()
    assert (est.ci_low, est.ci_high) == pytest.approx(tuple(fit.conf_int().loc["treat"]), abs=1e-12)
    assert est.p == pytest.approx(fit.pvalues["treat"]) and est.n == 899


def test_adjusted_itt_matches_statsmodels(jobs):
    est = iv.itt_effect(jobs, covariates=["depress1", "econ_hard"])
    fit = smf.ols("depress2 ~ treat + depress1 + econ_hard", data=jobs).fit()
    assert est.estimate == pytest.approx(fit.params["treat"], abs=1e-12)
    assert est.se == pytest.approx(fit.bse["treat"], abs=1e-12)


def test_compliance_is_one_sided_in_jobs(jobs):
    table = iv.compliance(jobs).set_index("arm")
    assert table.loc["control", "attended"] == 0
    assert table.loc["offered the workshop", "attended"] == 372 and table.loc["offered the workshop", "n"] == 600
    assert table.loc["offered the workshop", "share attending"] == pytest.approx(0.62)


def test_naive_per_protocol_drops_the_offered_non_attenders(jobs):
    est = iv.naive_per_protocol(jobs)
    attenders = jobs.loc[(jobs.treat == 1) & (jobs.comply == 1), "depress2"].mean()
    controls = jobs.loc[jobs.treat == 0, "depress2"].mean()
    assert est.estimate == pytest.approx(attenders - controls, abs=1e-12) and est.n == 372 + 299


def test_cace_equals_the_wald_ratio_and_statsmodels_iv2sls(jobs):
    est = iv.cace(jobs)
    assert est.estimate == pytest.approx(iv.wald_ratio(jobs), abs=1e-10)
    assert est.estimate == pytest.approx(iv.itt_effect(jobs).estimate / 0.62, abs=1e-10)
    exog = np.column_stack([np.ones(len(jobs)), jobs["comply"]])
    instr = np.column_stack([np.ones(len(jobs)), jobs["treat"]])
    ref = IV2SLS(jobs["depress2"].to_numpy(), exog, instr).fit()
    assert est.estimate == pytest.approx(ref.params[1], abs=1e-10)
    assert est.se == pytest.approx(ref.bse[1], rel=1e-8)


def test_cace_with_covariates_matches_iv2sls(jobs):
    est = iv.cace(jobs, covariates=["depress1"])
    exog = np.column_stack([np.ones(len(jobs)), jobs["comply"], jobs["depress1"]])
    instr = np.column_stack([np.ones(len(jobs)), jobs["treat"], jobs["depress1"]])
    ref = IV2SLS(jobs["depress2"].to_numpy(), exog, instr).fit()
    assert est.estimate == pytest.approx(ref.params[1], abs=1e-10) and est.se == pytest.approx(ref.bse[1], rel=1e-8)


def test_cace_recovers_the_complier_effect_where_per_protocol_is_biased():
    """Simulated one-sided non-compliance: the healthier attend; the programme helps attenders by 0.5."""
    gen = rng("test-cace-simulation")
    n = 40_000
    health = gen.standard_normal(n)
    offer = gen.integers(0, 2, n)
    attends = offer * (health + gen.standard_normal(n) > 0)
    y = -health - 0.5 * attends + gen.standard_normal(n)
    data = pd.DataFrame({"y": y, "offer": offer, "attends": attends})
    assert iv.cace(data, "y", "offer", "attends").estimate == pytest.approx(-0.5, abs=0.05)
    assert iv.naive_per_protocol(data, "y", "offer", "attends").estimate < -0.9  # selection adds to the effect


def test_bad_inputs_get_clear_messages(jobs):
    with pytest.raises(ValueError, match="not in the data"):
        iv.itt_effect(jobs, outcome="nope")
    with pytest.raises(ValueError, match="0/1"):
        iv.itt_effect(jobs, treat="econ_hard")
    with pytest.raises(ValueError, match="instrument"):
        iv.cace(jobs.assign(comply=1))


# -------------------------------------------------------------------------------------------------------- mediation
def test_product_of_coefficients_matches_statsmodels_and_sums_to_the_total(jobs):
    med = iv.product_of_coefficients(jobs, covariates=["depress1"])
    a = smf.ols("job_seek ~ treat + depress1", data=jobs).fit().params["treat"]
    out = smf.ols("depress2 ~ treat + job_seek + depress1", data=jobs).fit().params
    total = smf.ols("depress2 ~ treat + depress1", data=jobs).fit().params["treat"]
    assert med.a == pytest.approx(a, abs=1e-12) and med.b == pytest.approx(out["job_seek"], abs=1e-12)
    assert med.direct == pytest.approx(out["treat"], abs=1e-12) and med.total == pytest.approx(total, abs=1e-12)
    assert med.indirect + med.direct == pytest.approx(med.total, abs=1e-12)


def test_bootstrap_is_seeded_matches_a_loop_of_statsmodels_fits_and_brackets_the_estimate(jobs):
    draws = iv.bootstrap_draws(jobs, n_boot=40, seed_name="test-boot")
    again = iv.bootstrap_draws(jobs, n_boot=40, seed_name="test-boot")
    pd.testing.assert_frame_equal(draws, again)
    gen = rng("test-boot")  # the same stream, resample by resample (one chunk: the same draws in the same order)
    picks = gen.integers(0, len(jobs), size=(40, len(jobs)))
    for i in (0, 17, 39):
        sample = jobs.iloc[picks[i]]
        a = smf.ols("job_seek ~ treat", data=sample).fit().params["treat"]
        b = smf.ols("depress2 ~ treat + job_seek", data=sample).fit().params["job_seek"]
        assert draws.loc[i, "indirect"] == pytest.approx(a * b, abs=1e-10)
    lo, hi = iv.percentile_interval(draws["indirect"])
    assert lo < iv.product_of_coefficients(jobs).indirect < hi


def test_percentile_interval_on_known_values():
    assert iv.percentile_interval(np.arange(101), 0.9) == pytest.approx((5.0, 95.0))
    with pytest.raises(ValueError):
        iv.percentile_interval([1, 2], 1.5)


def test_sensitivity_equals_the_product_at_rho_zero_and_crosses_zero_at_rho_tilde(jobs):
    sens = iv.sensitivity(jobs, rhos=[0.0])
    med = iv.product_of_coefficients(jobs)
    assert sens.table["indirect"].iloc[0] == pytest.approx(med.indirect, abs=1e-12)
    assert iv.indirect_at_rho(sens.rho_tilde, sens.a, sens.sigma1, sens.sigma2, sens.rho_tilde) == pytest.approx(0, abs=1e-12)
    # by hand: rho_tilde is the correlation of the residuals of depress2 ~ treat and job_seek ~ treat
    e1 = smf.ols("depress2 ~ treat", data=jobs).fit().resid
    e2 = smf.ols("job_seek ~ treat", data=jobs).fit().resid
    assert sens.rho_tilde == pytest.approx(np.corrcoef(e1, e2)[0, 1], abs=1e-12)


def test_sensitivity_recovers_the_true_indirect_effect_under_known_confounding():
    """Errors of mediator and outcome correlated at rho = 0.4: OLS's a b is biased; the curve at 0.4 is not."""
    gen = rng("test-sensitivity-simulation")
    n, rho, a, b, c = 200_000, 0.4, 0.5, -0.3, -0.2
    t = gen.integers(0, 2, n)
    e = gen.multivariate_normal([0, 0], [[1, rho], [rho, 1]], size=n)
    m = a * t + e[:, 0]
    y = c * t + b * m + e[:, 1]
    data = pd.DataFrame({"t": t, "m": m, "y": y})
    naive = iv.product_of_coefficients(data, "t", "m", "y").indirect
    at_truth = iv.sensitivity(data, "t", "m", "y", rhos=[rho]).table["indirect"].iloc[0]
    assert abs(naive - a * b) > 0.1
    assert at_truth == pytest.approx(a * b, abs=0.01)


def test_mediation_refuses_missing_values(jobs):
    with pytest.raises(ValueError, match="missing"):
        iv.product_of_coefficients(jobs.assign(job_seek=np.nan))


# ------------------------------------------------------------------------------------------------------------ power
@pytest.mark.parametrize("n", [20, 43, 103, 300])
@pytest.mark.parametrize("d", [0.18, 0.27, 0.59])
def test_power_matches_statsmodels_and_the_normal_approximation_is_close(n, d):
    exact = TTestIndPower().power(d, n, 0.05)
    assert iv.two_arm_power(d, n) == pytest.approx(exact, abs=1e-12)
    # the static chart's normal approximation: within .02 from 20 per arm, within .01 from 40
    assert iv.two_arm_power(d, n, method="normal") == pytest.approx(exact, abs=0.02 if n < 40 else 0.01)


def test_attrition_and_adherence_by_hand():
    # 100 per arm, 20% lost -> 80 analysed; half adhere -> d 0.4 is diluted to 0.2
    assert iv.two_arm_power(0.4, 100, attrition=0.2, adherence=0.5) == pytest.approx(
        TTestIndPower().power(0.2, 80, 0.05), abs=1e-12)
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
    assert iv.minimal_detectable_effect(80, method="normal") == pytest.approx(z * np.sqrt(2 / 80))
    assert iv.minimal_detectable_effect(100, attrition=0.2, adherence=0.5, method="normal") == pytest.approx(
        2 * z * np.sqrt(2 / 80))


def test_mde_has_the_target_power_and_n_for_power_is_the_first_n():
    mde = iv.minimal_detectable_effect(43)
    assert iv.two_arm_power(mde, 43) == pytest.approx(0.8, abs=1e-6)
    n = iv.n_per_arm_for_power(0.27)
    assert iv.two_arm_power(0.27, n) >= 0.8 > iv.two_arm_power(0.27, n - 1)
    n_att = iv.n_per_arm_for_power(0.27, attrition=0.2)
    assert iv.two_arm_power(0.27, n_att, attrition=0.2) >= 0.8 > iv.two_arm_power(0.27, n_att - 1, attrition=0.2)


def test_none_of_the_cited_trials_had_80_percent_power_for_the_meta_analytic_effect():
    rows = iv.cited_trials_power()
    assert [r["randomised"] for r in rows] == [51, 86, 206]
    assert all(r["power"] < 0.8 for r in rows)
    assert all(r["MDE (d)"] > iv.MEAD_SMD for r in rows)


def test_power_inputs_are_checked():
    for kwargs in ({"attrition": 1.0}, {"adherence": 0.0}, {"alpha": 2.0}):
        with pytest.raises(ValueError):
            iv.two_arm_power(0.3, 50, **kwargs)
    with pytest.raises(ValueError):
        iv.two_arm_power(0.3, 50, method="magic")


# ----------------------------------------------------------------------------------------------------- modification
def test_interaction_model_matches_statsmodels_and_effect_at_uses_the_covariance(jobs):
    mod = iv.interaction_model(jobs, "depress1")
    centred = jobs.assign(d1=jobs.depress1 - jobs.depress1.mean())
    fit = smf.ols("depress2 ~ treat * d1", data=centred).fit()
    assert mod.params["treat"] == pytest.approx(fit.params["treat"], abs=1e-12)
    assert mod.params["treat:depress1_c"] == pytest.approx(fit.params["treat:d1"], abs=1e-12)
    # the effect at depress1 = 2.5 equals the treat coefficient when depress1 is centred at 2.5
    at = smf.ols("depress2 ~ treat * d1", data=jobs.assign(d1=jobs.depress1 - 2.5)).fit()
    row = mod.effect_at([2.5]).iloc[0]
    assert row["effect"] == pytest.approx(at.params["treat"], abs=1e-10)
    assert row["SE"] == pytest.approx(at.bse["treat"], abs=1e-10)
    assert (row["CI low"], row["CI high"]) == pytest.approx(tuple(at.conf_int().loc["treat"]), abs=1e-10)


def test_centring_does_not_change_the_interaction_test(jobs):
    centred, raw = iv.interaction_model(jobs, "econ_hard"), iv.interaction_model(jobs, "econ_hard", center=False)
    assert centred.pvalues[centred.interaction] == pytest.approx(raw.pvalues[raw.interaction], abs=1e-12)
    assert centred.f2 == pytest.approx(raw.f2, abs=1e-12) and centred.f2 > 0


def test_subgroups_and_their_difference(jobs):
    groups = iv.split_at(jobs, "depress1")
    table = iv.subgroup_effects(jobs, groups)
    assert table["n"].sum() == 899 and table["subgroup"].iloc[0].startswith("depress1 at or below")
    low = jobs[groups == table["subgroup"].iloc[0]]
    assert table["effect"].iloc[0] == pytest.approx(iv.itt_effect(low).estimate, abs=1e-12)
    diff, se, p = iv.difference_test(table)
    assert diff == pytest.approx(table["effect"].iloc[1] - table["effect"].iloc[0])
    assert se == pytest.approx(np.hypot(*table["SE"])) and 0 < p < 1


# -------------------------------------------------------------------------------------------------------- simulation
def test_heterogeneous_trial_is_seeded_balanced_and_has_the_stated_benefit():
    trial = iv.heterogeneous_trial(400, 0.3, 0.2)
    pd.testing.assert_frame_equal(trial, iv.heterogeneous_trial(400, 0.3, 0.2))
    assert trial["treat"].sum() == 200
    assert np.allclose(trial["true_benefit"], 0.3 + 0.2 * trial["risk"])
    big = iv.heterogeneous_trial(100_000, 0.3, 0.2, seed_name="test-big-trial")
    fit = iv.interaction_model(big, "risk", "distress")
    assert -fit.params[fit.interaction] == pytest.approx(0.2, abs=0.02)


def test_subgroup_fishing_false_interactions_follow_the_multiple_testing_rate():
    one = iv.subgroup_fishing(n=200, characteristics=1, reps=4000, seed_name="test-fishing-1")
    assert one.false_interaction == pytest.approx(0.05, abs=0.012)  # one honest test: about alpha
    ten = iv.subgroup_fishing(n=200, characteristics=10, reps=2000, seed_name="test-fishing-10")
    assert ten.false_interaction == pytest.approx(1 - 0.95**10, abs=0.05)
    assert ten.false_responder > 0.7 > ten.false_interaction  # comparing p-values is far worse
    assert one.overall_significant == pytest.approx(iv.two_arm_power(0.27, 100), abs=0.03)


def test_subgroup_fishing_is_deterministic():
    assert iv.subgroup_fishing(100, 3, 50) == iv.subgroup_fishing(100, 3, 50)
