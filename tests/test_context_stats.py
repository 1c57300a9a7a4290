"""The contextual statistics: ICC (ANOVA and MixedLM), between/within decomposition, design effect, on hand-computed
values, on statsmodels, and on the real GSS data."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats

from socialties.context import gss
from socialties.context.decomposition import add_cluster_means, between_within, cluster_means
from socialties.context.icc import anova_icc, design_effect, icc_from_components, mixedlm_icc

# Three clusters of three: hand-computable sums of squares.
TOY = pd.DataFrame({"g": list("aaabbbccc"), "y": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 4.0, 4.0, 7.0]})


def test_anova_icc_matches_a_hand_computation():
    # Means 2, 5, 5; grand mean 4. SSB = 3 * (4 + 1 + 1) = 18 (df 2); SSW = 2 + 2 + 6 = 10 (df 6).
    msb, msw = 18 / 2, 10 / 6
    result = anova_icc(TOY, "y", "g")
    assert result.ms_between == pytest.approx(msb) and result.ms_within == pytest.approx(msw)
    assert result.n0 == pytest.approx(3.0)  # balanced: n0 is the cluster size
    assert result.icc == pytest.approx((msb - msw) / (msb + 2 * msw))
    assert result.f == pytest.approx(msb / msw)
    assert result.p_value == pytest.approx(stats.f.sf(msb / msw, 2, 6))
    f_lo = (msb / msw) / stats.f.ppf(0.975, 2, 6)
    assert result.lower == pytest.approx(max(0.0, (f_lo - 1) / (f_lo + 2)))
    assert result.lower <= result.icc <= result.upper <= 1


def test_anova_f_test_is_the_one_way_anova_of_statsmodels():
    result = anova_icc(TOY, "y", "g")
    table = smf.ols("y ~ C(g)", data=TOY).fit()
    assert result.f == pytest.approx(table.fvalue) and result.p_value == pytest.approx(table.f_pvalue)


def test_anova_icc_agrees_with_mixedlm_on_balanced_simulated_clusters():
    gen = np.random.default_rng(3)
    k, m = 40, 25
    data = pd.DataFrame({"g": np.repeat(np.arange(k), m),
                         "y": np.repeat(gen.normal(0, 0.6, k), m) + gen.normal(0, 1, k * m)})
    fit = smf.mixedlm("y ~ 1", data, groups=data["g"]).fit(reml=True)
    # Balanced data: the REML and ANOVA variance components coincide when the estimate is interior.
    assert anova_icc(data, "y", "g").icc == pytest.approx(mixedlm_icc(fit), abs=1e-4)
    assert anova_icc(data, "y", "g").var_between == pytest.approx(float(fit.cov_re.iloc[0, 0]), rel=1e-3)


def test_icc_helpers_and_bad_input():
    assert icc_from_components(1.0, 3.0) == 0.25
    assert design_effect(0.05, 21) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="non-negative"):
        icc_from_components(-1, 1)
    with pytest.raises(ValueError, match="between 0 and 1"):
        design_effect(1.5, 10)
    with pytest.raises(ValueError, match="at least 2 clusters"):
        anova_icc(TOY.assign(g="a"), "y", "g")
    with pytest.raises(ValueError, match="not in the data"):
        anova_icc(TOY, "z", "g")


def test_between_within_matches_fixed_effects_and_cluster_mean_regressions():
    gen = np.random.default_rng(5)
    k, m = 12, 30
    c = np.repeat(gen.normal(0, 1, k), m)
    x = c + gen.normal(0, 1, k * m)
    y = 0.2 * (x - c) + 0.9 * c + gen.normal(0, 1, k * m)
    data = pd.DataFrame({"g": np.repeat(np.arange(k), m), "x": x, "y": y})
    result = between_within(data, "y", "x", "g")
    fixed = smf.ols("y ~ x + C(g)", data=data).fit()
    assert result.within == pytest.approx(fixed.params["x"], abs=1e-10)  # within = fixed-effects slope
    means = cluster_means(data, "y", "x", "g")
    assert len(means) == k and result.ecological == pytest.approx(np.polyfit(means["x"], means["y"], 1)[0])
    assert result.contextual == pytest.approx(result.between - result.within)
    # Balanced clusters: the Mundlak between slope is the slope through the cluster means.
    assert result.between == pytest.approx(result.ecological, abs=1e-10)
    assert result.r_ecological == pytest.approx(np.corrcoef(means["x"], means["y"])[0, 1])
    assert 0 < result.within < 0.4 and result.between > 0.6  # truth: 0.2 and 0.9


def test_add_cluster_means_splits_x_exactly():
    out = add_cluster_means(TOY.assign(x=TOY["y"]), "x", "g")
    assert np.allclose(out["x_mean"] + out["x_within"], out["x"])
    assert np.allclose(out.groupby("g")["x_within"].sum(), 0)


# -------------------------------------------------------------------------------------------------- real data
@pytest.fixture(scope="module")
def happiness() -> pd.DataFrame:
    return gss.happiness_by_attendance()


def test_gss_scores_follow_the_file_orders(happiness):
    assert happiness["attend_score"].between(0, 8).all() and happiness["happy_score"].isin([1, 2, 3]).all()
    assert happiness["region"].nunique() == 9 and "widowed" not in happiness.columns
    assert len(happiness) == 17137 - 273  # respondents with a known attendance
    table = gss.region_table(happiness)
    assert table["respondents"].sum() == len(happiness) and table["attendance"].is_monotonic_increasing


def test_gss_icc_is_tiny_uncertain_and_matches_reml(happiness):
    result = anova_icc(happiness, "happy_score", "region")
    assert result.n_clusters == 9 and result.df_between == 8
    assert 0.0003 < result.icc < 0.0012 and result.upper > 4 * result.icc and result.lower < result.icc / 5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = smf.mixedlm("happy_score ~ 1", happiness, groups=happiness["region"]).fit(reml=True, method=["powell"])
    assert mixedlm_icc(fit) == pytest.approx(result.icc, rel=0.05)  # unbalanced: close, not identical


def test_gss_between_and_within_slopes(happiness):
    result = between_within(happiness, "happy_score", "attend_score", "region")
    fixed = smf.ols("happy_score ~ attend_score + C(region)", data=happiness).fit()
    assert result.within == pytest.approx(fixed.params["attend_score"], abs=1e-10)
    assert result.r_ecological > 3 * result.r_individual  # the ecological correlation overstates the individual one
    assert result.ecological_p > 0.05 and result.n_clusters == 9


def test_html_table_and_format_p():
    from socialties.context.report import format_p, html_table

    assert format_p(0.0000001) == "< .001" and format_p(0.0196) == ".020" and format_p(float("nan")) == "n/a"
    text = html_table(pd.DataFrame({"name": ["<b>", "x"], "v": [0.123456, 2.0], "n": [3, 4]}), caption="C").data
    assert "&lt;b&gt;" in text and "0.123" in text and "<td>3</td>" in text and "<caption>C</caption>" in text
    assert "<th" in text and "index" not in text
