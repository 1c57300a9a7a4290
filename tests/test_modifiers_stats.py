"""The statistics of chapter 2 against statsmodels and hand computation: stratified fits, interaction tests on both
scales, the RERI and its delta-method interval, the linear-by-linear test, power for a subgroup difference."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.stats.contingency_tables import Table

from socialties.modifiers import (
    interaction_test,
    linear_by_linear,
    reri_from_logit,
    reri_from_risks,
    risk_table,
    slope_difference_power,
    stratified_effects,
    subgroup_significance,
)
from socialties.modifiers.interaction import format_p
from socialties.modifiers.power import subgroup_t_statistics
from socialties.modifiers.stratified import difference_z_test
from socialties.seeds import rng


@pytest.fixture(scope="module")
def binary_data() -> pd.DataFrame:
    gen = rng("test-modifiers-binary")
    n = 4000
    x = (gen.random(n) < 0.4).astype(float)
    m = (gen.random(n) < 0.5).astype(float)
    risk = 0.10 + 0.10 * x + 0.05 * m + 0.10 * x * m  # additive interaction of 0.10
    y = (gen.random(n) < risk).astype(float)
    return pd.DataFrame({"y": y, "x": x, "m": m, "age": gen.normal(50, 10, n)})


def test_stratified_effects_match_separate_statsmodels_fits(binary_data):
    table = stratified_effects(binary_data, "y", "x", "m", model="lpm")
    for row in table.itertuples():
        group = binary_data[binary_data["m"] == row.stratum]
        fit = smf.ols("y ~ x", data=group).fit(cov_type="HC1")
        assert row.estimate == pytest.approx(fit.params["x"], abs=1e-12)
        assert row.se == pytest.approx(fit.bse["x"], abs=1e-12)
        assert row.n == len(group)
    logit = stratified_effects(binary_data, "y", "x", "m", model="logit", covariates=("age",))
    group = binary_data[binary_data["m"] == 1]
    fit = smf.logit("y ~ x + age", data=group).fit(disp=0)
    assert logit.loc[1, "odds_ratio"] == pytest.approx(np.exp(fit.params["x"]), rel=1e-9)
    assert logit.loc[1, "or_low"] == pytest.approx(np.exp(fit.conf_int().loc["x", 0]), rel=1e-9)


def test_stratified_effects_refuse_bad_input_clearly(binary_data):
    with pytest.raises(ValueError, match="not in the data"):
        stratified_effects(binary_data, "y", "nope", "m")
    with pytest.raises(ValueError, match="model must be"):
        stratified_effects(binary_data, "y", "x", "m", model="probit")
    with pytest.raises(ValueError, match="one value only"):
        stratified_effects(binary_data.assign(x=1.0), "y", "x", "m")


def test_difference_z_test_is_the_hand_formula():
    table = pd.DataFrame({"estimate": [0.2, 0.5], "se": [0.1, 0.2]})
    z, p = difference_z_test(table)
    assert z == pytest.approx(0.3 / np.sqrt(0.05))
    assert p == pytest.approx(2 * stats.norm.sf(z))


def test_additive_interaction_of_a_saturated_model_is_the_interaction_contrast(binary_data):
    test = interaction_test(binary_data, "y", "x", "m", scale="additive")
    r = risk_table(binary_data, "y", "x", "m")["risk"]
    contrast = r[(1, 1)] - r[(1, 0)] - r[(0, 1)] + r[(0, 0)]
    assert test.estimate == pytest.approx(contrast, abs=1e-12)
    fit = smf.ols("y ~ x * m", data=binary_data).fit(cov_type="HC1")
    assert test.se == pytest.approx(fit.bse["x:m"], abs=1e-12) and test.p == pytest.approx(fit.pvalues["x:m"])
    assert test.ratio is None and test.nobs == len(binary_data)


def test_multiplicative_interaction_is_the_log_ratio_of_stratum_odds_ratios(binary_data):
    test = interaction_test(binary_data, "y", "x", "m", scale="multiplicative")
    r = risk_table(binary_data, "y", "x", "m")["risk"]
    odds = r / (1 - r)
    ratio_of_ors = (odds[(1, 1)] / odds[(0, 1)]) / (odds[(1, 0)] / odds[(0, 0)])
    assert test.ratio == pytest.approx(ratio_of_ors, rel=1e-6)
    fit = smf.logit("y ~ x * m", data=binary_data).fit(disp=0)
    assert test.se == pytest.approx(fit.bse["x:m"], rel=1e-6)
    with pytest.raises(ValueError, match="0/1 outcome"):
        interaction_test(binary_data.assign(y=binary_data["age"]), "y", "x", "m", scale="multiplicative")
    with pytest.raises(ValueError, match="scale must be"):
        interaction_test(binary_data, "y", "x", "m", scale="log")


def test_reri_from_logit_equals_the_cell_odds_ratios_and_a_numerical_delta_method(binary_data):
    fit = smf.logit("y ~ x * m", data=binary_data).fit(disp=0)
    reri = reri_from_logit(fit, "x", "m")
    r = risk_table(binary_data, "y", "x", "m")["risk"]
    odds = r / (1 - r)
    or10, or01, or11 = (odds[k] / odds[(0, 0)] for k in [(1, 0), (0, 1), (1, 1)])
    assert reri.estimate == pytest.approx(or11 - or10 - or01 + 1, rel=1e-6)
    assert reri.ratios["r11"] == pytest.approx(or11, rel=1e-6)
    # The delta-method SE from a numerical gradient of RERI(b1, b2, b3).
    names = ["x", "m", "x:m"]
    b = fit.params[names].to_numpy()

    def f(v):
        return np.exp(v[0] + v[1] + v[2]) - np.exp(v[0]) - np.exp(v[1]) + 1

    h = 1e-6
    grad = np.array([(f(b + h * e) - f(b - h * e)) / (2 * h) for e in np.eye(3)])
    se = np.sqrt(grad @ fit.cov_params().loc[names, names].to_numpy() @ grad)
    assert reri.se == pytest.approx(se, rel=1e-5)
    assert reri.ci_low == pytest.approx(reri.estimate - 1.959964 * se, rel=1e-4)
    with pytest.raises(ValueError, match="no term"):
        reri_from_logit(fit, "x", "age")


def test_reri_from_risks_by_hand_and_against_the_simulated_truth(binary_data):
    table = pd.DataFrame({"cases": [10, 20, 15, 45], "n": [100, 100, 100, 100]},
                         index=pd.MultiIndex.from_tuples([(0, 0), (1, 0), (0, 1), (1, 1)]))
    table["risk"] = table["cases"] / table["n"]
    reri = reri_from_risks(table)
    assert reri.estimate == pytest.approx(4.5 - 2.0 - 1.5 + 1)  # RR11 - RR10 - RR01 + 1
    var = (1 / 0.1) ** 2 * (0.45 * 0.55 + 0.2 * 0.8 + 0.15 * 0.85) / 100 + (0.10 / 0.01) ** 2 * 0.1 * 0.9 / 100
    assert reri.se == pytest.approx(np.sqrt(var))
    assert reri.measure == "risk ratio"
    # The simulated truth: risks .10, .20, .15, .35 -> RERI = 3.5 - 2 - 1.5 + 1 = 1.0, inside the 95% interval.
    estimate = reri_from_risks(risk_table(binary_data, "y", "x", "m"))
    assert estimate.ci_low < 1.0 < estimate.ci_high


def test_reri_ci_covers_the_truth_about_95_percent_of_the_time():
    gen = rng("test-modifiers-reri-coverage")
    truth = (0.3 - 0.2 - 0.15 + 0.1) / 0.1  # risks .10 .20 .15 .30: RERI = 0.5
    covered = 0
    reps = 300
    for _ in range(reps):
        n = 400
        cases = gen.binomial(n, [0.10, 0.20, 0.15, 0.30])
        cells = pd.MultiIndex.from_tuples([(0, 0), (1, 0), (0, 1), (1, 1)])
        table = pd.DataFrame({"cases": cases, "n": n}, index=cells)
        table["risk"] = table["cases"] / table["n"]
        r = reri_from_risks(table)
        covered += r.ci_low <= truth <= r.ci_high
    assert 0.90 <= covered / reps <= 0.985


def test_risk_table_refuses_non_binary_factors(binary_data):
    with pytest.raises(ValueError, match="coded 0/1"):
        risk_table(binary_data, "y", "age", "m")


def test_linear_by_linear_matches_statsmodels_and_the_hand_formula():
    counts = np.array([[64, 94, 58, 46], [57, 94, 54, 40], [57, 105, 65, 60], [72, 141, 77, 94],
                       [36, 97, 54, 78], [21, 71, 54, 71]])
    result = linear_by_linear(counts)
    sm = Table(counts).test_ordinal_association()
    assert result.statistic == pytest.approx(sm.zscore**2, rel=1e-10)
    assert result.p == pytest.approx(sm.pvalue, rel=1e-8)
    # Hand: r of the scores over the 1,660 people, M^2 = (N - 1) r^2.
    rows, cols = np.indices(counts.shape)
    u, v, w = (rows + 1).ravel(), (cols + 1).ravel(), counts.ravel()
    r = np.cov(u, v, aweights=w)[0, 1] / np.sqrt(np.cov(u, aweights=w) * np.cov(v, aweights=w))
    assert result.r == pytest.approx(r, rel=1e-10) and result.n == 1660
    assert result.statistic == pytest.approx(1659 * r**2, rel=1e-10)
    assert linear_by_linear(counts, row_scores=[0, 1, 2, 3, 4, 10]).statistic != pytest.approx(result.statistic)


def test_linear_by_linear_refuses_bad_tables():
    with pytest.raises(ValueError, match="two-way table"):
        linear_by_linear([1, 2, 3])
    with pytest.raises(ValueError, match="non-negative"):
        linear_by_linear([[1, -2], [3, 4]])
    with pytest.raises(ValueError, match="expected 2 numbers"):
        linear_by_linear([[1, 2], [3, 4]], row_scores=[1, 2, 3])
    with pytest.raises(ValueError, match="not all be equal"):
        linear_by_linear([[1, 2], [3, 4]], col_scores=[1, 1])


def test_slope_difference_power_agrees_with_simulation():
    analytic = slope_difference_power(0.3, sigma=1.0, n1=80, sd_x1=1.0, n2=80, sd_x2=1.0)
    tally = subgroup_significance(-0.5, -0.2, 80, reps=4000, seed_name="test-modifiers-power")
    # Support is standard normal: E[(n-1) s^2] = n - 1, so the analytic power is close to the simulated one.
    assert tally.interaction == pytest.approx(analytic, abs=3 * tally.mc_se(analytic) + 0.01)
    assert slope_difference_power(0.0, sigma=1, n1=50, sd_x1=1, n2=50, sd_x2=1) == pytest.approx(0.05, abs=1e-9)
    with pytest.raises(ValueError, match="at least 3"):
        slope_difference_power(0.3, sigma=1, n1=2, sd_x1=1, n2=50, sd_x2=1)


def test_subgroup_significance_shares_sum_to_one_and_keep_the_interaction_level():
    tally = subgroup_significance(-0.3, -0.3, 60, reps=500, seed_name="test-modifiers-tally")
    assert tally.both + tally.women_only + tally.men_only + tally.neither == pytest.approx(1.0)
    assert 0.02 <= tally.interaction <= 0.09  # equal true slopes: the interaction test keeps its 5% level
    assert tally.one_only > 0.3  # yet one group only is significant in a large share of studies


def test_subgroup_t_statistics_match_statsmodels_replicate_by_replicate():
    draws = rng("test-modifiers-t").standard_normal((4, 5, 40))
    t_w, t_m, t_int = subgroup_t_statistics(draws, -0.4, -0.1)
    for k in range(5):
        y_w, y_m = -0.4 * draws[0, k] + draws[2, k], -0.1 * draws[1, k] + draws[3, k]
        data = pd.DataFrame({"support": np.r_[draws[0, k], draws[1, k]], "distress": np.r_[y_w, y_m],
                             "female": np.r_[np.ones(40), np.zeros(40)]})
        fit = smf.ols("distress ~ support * female", data=data).fit()
        # support:female is women's slope minus men's (men are the reference), as t_int.
        assert t_int[k] == pytest.approx(fit.tvalues["support:female"], rel=1e-9)
        women = smf.ols("distress ~ support", data=data[data.female == 1]).fit()
        assert t_w[k] == pytest.approx(women.tvalues["support"], rel=1e-9)
        men = smf.ols("distress ~ support", data=data[data.female == 0]).fit()
        assert t_m[k] == pytest.approx(men.tvalues["support"], rel=1e-9)


def test_format_p_shows_small_values_as_less_than():
    assert format_p(0.0000001) == "< .001" and format_p(0.0456) == ".046" and format_p(float("nan")) == "n/a"


def test_published_ratios_compared_on_the_log_scale_by_hand():
    from socialties.modifiers.stratified import compare_published_ratios, log_se_from_ci

    assert log_se_from_ci(1.89, 8.50) == pytest.approx((np.log(8.50) - np.log(1.89)) / (2 * 1.959964), rel=1e-6)
    result = compare_published_ratios((4.01, 1.89, 8.50), (1.86, 0.92, 3.79))
    se = np.hypot(log_se_from_ci(1.89, 8.50), log_se_from_ci(0.92, 3.79))
    assert result["ratio"] == pytest.approx(4.01 / 1.86)
    assert result["z"] == pytest.approx(np.log(4.01 / 1.86) / se, rel=1e-9)
    assert result["p"] == pytest.approx(2 * stats.norm.sf(result["z"]), rel=1e-9)
    assert result["low"] < 1 < result["high"]  # significant in one group, yet no clear difference
    with pytest.raises(ValueError, match="0 < low < high"):
        log_se_from_ci(2.0, 1.0)
