"""Simple slopes agree with statsmodels' t_test; Johnson-Neyman bounds sit where |t| equals the critical value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats

from socialties import data as course_data
from socialties.buffering import fit_moderated, simulate
from socialties.buffering.probing import jn_bounds, simple_slopes

RTOL = 1e-8


def _check_slopes_against_t_test(frame: pd.DataFrame, y: str, x: str, z: str, center: bool) -> None:
    fit = fit_moderated(frame, y=y, x=x, z=z, center=center)
    sm = smf.ols(f"{y} ~ {x} * {z}", frame).fit()  # uncentred: probe at the original moderator values
    slopes = fit.simple_slopes()
    complete = frame[[y, x, z]].dropna()
    expected_at = complete[z].mean() + np.array([-1, 0, 1]) * complete[z].std(ddof=1)
    np.testing.assert_allclose(slopes[z], expected_at, rtol=1e-12)
    for _, row in slopes.iterrows():
        test = sm.t_test(f"{x} + {row[z]!r} * {x}:{z} = 0")
        np.testing.assert_allclose(row["slope"], test.effect[0], rtol=RTOL)
        np.testing.assert_allclose(row["se"], test.sd[0, 0], rtol=RTOL)
        np.testing.assert_allclose(row["t"], test.tvalue[0, 0], rtol=RTOL)
        np.testing.assert_allclose(row["p"], test.pvalue, rtol=RTOL, atol=1e-15)
        np.testing.assert_allclose([row["ci_lower"], row["ci_upper"]], test.conf_int()[0], rtol=RTOL)


@pytest.mark.parametrize("center", [False, True])
def test_simple_slopes_match_statsmodels_on_simulated_data(center):
    frame = simulate(300, b_int=-0.25, seed_name="test-buffering-probing")
    _check_slopes_against_t_test(frame, "distress", "stress", "support", center)


@pytest.mark.parametrize("center", [False, True])
def test_simple_slopes_match_statsmodels_on_real_data(center):
    _check_slopes_against_t_test(course_data.load("socsupport"), "BDI", "emotional", "emotionalsat", center)


def test_slopes_at_chosen_values_and_buffering_direction():
    frame = simulate(2000, b_stress=0.4, b_int=-0.3, seed_name="test-buffering-direction")
    slopes = fit_moderated(frame).simple_slopes(at=[-1, 0, 1])
    assert list(slopes["level"]) == ["-1", "0", "1"]
    # Buffering: the stress slope falls as support rises (true slopes 0.7, 0.4, 0.1).
    assert slopes["slope"].is_monotonic_decreasing
    np.testing.assert_allclose(slopes["slope"], [0.7, 0.4, 0.1], atol=0.08)
    with pytest.raises(ValueError, match="finite"):
        fit_moderated(frame).simple_slopes(at=[np.nan])


def _t_at(fit, z0: float) -> float:
    return float(simple_slopes(fit, at=[z0])["t"].iloc[0])


@pytest.mark.parametrize(
    "seed_name, b_stress, b_int, center, region",
    [
        ("jn-a", 0.15, -0.25, False, "outside"),
        ("jn-b", 0.05, -0.2, True, "outside"),
        ("jn-c", 0.4, -0.3, False, "outside"),
        ("jn-d", 0.0, 0.3, True, "outside"),
        ("jn-e", 0.4, -0.02, False, "inside"),  # weak interaction: significant only in a band around the mean
        ("jn-f", 0.4, -0.02, True, "inside"),
    ],
)
def test_johnson_neyman_bounds_have_t_equal_to_the_critical_value(seed_name, b_stress, b_int, center, region):
    frame = simulate(250, b_stress=b_stress, b_int=b_int, seed_name=seed_name)
    fit = fit_moderated(frame, center=center)
    jn = fit.johnson_neyman()
    assert jn.region == region
    assert jn.t_crit == pytest.approx(stats.t.ppf(0.975, fit.df_resid))
    bounds = [b for b in (jn.lower, jn.upper) if np.isfinite(b)]
    assert bounds, jn
    for bound in bounds:
        assert abs(_t_at(fit, bound)) == pytest.approx(jn.t_crit, rel=1e-8)
    # Between and beyond the bounds, significance agrees with |t| > t_crit.
    grid = np.linspace(min(bounds) - 3, max(bounds) + 3, 301)
    t_grid = np.abs(simple_slopes(fit, at=grid)["t"].to_numpy())
    np.testing.assert_array_equal(jn.significant(grid), t_grid > jn.t_crit)


def test_johnson_neyman_on_real_data_checked_by_the_t_statistic():
    real = course_data.load("socsupport")
    fit = fit_moderated(real, y="BDI", x="emotional", z="emotionalsat")
    jn = fit.johnson_neyman()
    for bound in (jn.lower, jn.upper):
        if np.isfinite(bound):
            assert abs(_t_at(fit, bound)) == pytest.approx(jn.t_crit, rel=1e-8)
    assert jn.observed == (real.emotionalsat.min(), real.emotionalsat.max())
    assert "significant" in jn.describe("emotionalsat")


def test_jn_cases_outside_inside_everywhere_nowhere():
    t = 2.0
    # Strong interaction, precise: significant outside (a > 0, two roots).
    region, lo, hi = jn_bounds(b1=0.0, b3=1.0, v11=0.01, v13=0.0, v33=0.01, t_crit=t)
    assert region == "outside" and lo < 0 < hi
    # Imprecise interaction, precise slope at 0: significant inside (a < 0, two roots).
    region, lo, hi = jn_bounds(b1=1.0, b3=0.1, v11=0.01, v13=0.0, v33=0.04, t_crit=t)
    assert region == "inside" and lo < 0 < hi
    # A slope known exactly not to vary (b3 = 0, no variance): significant everywhere, no bounds.
    region, lo, hi = jn_bounds(b1=5.0, b3=0.0, v11=0.01, v13=0.0, v33=0.0, t_crit=t)
    assert region == "everywhere" and np.isnan(lo) and np.isnan(hi)
    # With any nonzero b3 the slope crosses zero somewhere, so there is always a bound.
    assert jn_bounds(b1=5.0, b3=1.0, v11=0.01, v13=0.0, v33=0.01, t_crit=t)[0] == "outside"
    # Nothing is significant anywhere: no real roots, a < 0.
    assert jn_bounds(b1=0.01, b3=0.01, v11=1.0, v13=0.0, v33=1.0, t_crit=t)[0] == "nowhere"
    # Degenerate linear case (a == 0): one bound.
    region, lo, hi = jn_bounds(b1=1.0, b3=0.2, v11=0.01, v13=0.0, v33=0.01, t_crit=2.0)
    assert region in {"above", "below"} and (np.isfinite(lo) ^ np.isfinite(hi))


def test_bad_alpha_is_refused():
    fit = fit_moderated(simulate(50, seed_name="jn-alpha"))
    with pytest.raises(ValueError, match="alpha"):
        fit.johnson_neyman(alpha=1.5)
