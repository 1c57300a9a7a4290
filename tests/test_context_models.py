"""The contextual simulations: the layers' path arithmetic, the communities' fits, cohesion and regulation, the
network's measures and layouts, and the static charts' sliders."""

from __future__ import annotations

import json

import numpy as np
import pytest
import statsmodels.formula.api as smf
from scipy import stats

from socialties.chapters import context as chapter
from socialties.context import cohesion, communities, layers, network


# ---------------------------------------------------------------------------------------------------- layers
def test_path_effects_are_products_of_paths():
    p = layers.LayerPaths(a=0.5, b=0.4, c_community=-0.1, c_network=-0.2, c_intimate=-0.3)
    e = layers.path_effects(p)
    assert (e.direct, e.via_network, e.via_network_and_intimate) == pytest.approx((-0.1, -0.1, -0.06))
    assert e.total == pytest.approx(-0.26) and e.share_indirect == pytest.approx(0.16 / 0.26)


def test_path_arithmetic_matches_regressions_on_simulated_data():
    p = layers.LayerPaths()
    data = layers.simulate_layers(200_000, p)
    total = smf.ols("distress ~ community", data=data).fit().params["community"]
    direct = smf.ols("distress ~ community + network + intimate", data=data).fit().params["community"]
    a = smf.ols("network ~ community", data=data).fit().params["community"]
    effects = layers.path_effects(p)
    assert total == pytest.approx(effects.total, abs=0.01)
    assert direct == pytest.approx(effects.direct, abs=0.01) and a == pytest.approx(p.a, abs=0.01)
    assert data.std().to_numpy() == pytest.approx(np.ones(4), abs=0.01)  # standardised, as the sliders assume


def test_layers_reject_impossible_paths():
    with pytest.raises(ValueError, match="between -1 and 1"):
        layers.LayerPaths(a=1.5)
    with pytest.raises(ValueError, match="residual variance"):
        layers.LayerPaths(a=0.9, b=0.9, c_community=-0.9, c_network=-0.9, c_intimate=-0.9)


def test_layers_chart_has_one_slider_per_path_and_the_defaults():
    spec = layers.layers_chart().to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {name for name, *_ in layers.SLIDERS}
    assert params["a"]["value"] == layers.LayerPaths().a and params["a"]["bind"]["input"] == "range"
    assert spec["width"] == "container" and "illustrative" in spec["description"]


# ------------------------------------------------------------------------------------------------ communities
@pytest.fixture(scope="module")
def fitted():
    p = communities.CommunityParams()
    data = communities.simulate_communities(p)
    return p, data, *communities.compare_fits(data)


def test_mixedlm_between_slope_and_se_agree_with_statsmodels_directly(fitted):
    p, data, table, icc = fitted
    d = data.assign(x_mean=data.groupby("community")["x"].transform("mean"))
    d = d.assign(x_within=d["x"] - d["x_mean"])
    direct = smf.mixedlm("y ~ x_within + x_mean", d, groups=d["community"]).fit(reml=True)
    row = table.set_index(["model", "slope"]).loc[("multilevel (MixedLM)", "between communities")]
    assert row["estimate"] == pytest.approx(direct.params["x_mean"], abs=1e-4)
    assert row["se"] == pytest.approx(direct.bse["x_mean"], rel=1e-3)
    assert icc == pytest.approx(float(direct.cov_re.iloc[0, 0]) / (direct.cov_re.iloc[0, 0] + direct.scale), abs=1e-4)


def test_naive_ols_understates_the_uncertainty_of_the_community_level_slope(fitted):
    p, data, table, icc = fitted
    se = table[table["slope"] == "between communities"].set_index("model")["se"]
    assert se["OLS, clustering ignored"] * 1.5 < se["multilevel (MixedLM)"]
    assert se["OLS, clustering ignored"] < se["OLS, cluster-robust SE"]
    estimates = table.set_index(["model", "slope"])["estimate"]
    assert estimates[("multilevel (MixedLM)", "between communities")] == pytest.approx(p.contextual_total, abs=0.3)
    assert estimates[("multilevel (MixedLM)", "within communities")] == pytest.approx(p.within, abs=0.1)


def _ols_ci(design: np.ndarray, y: np.ndarray, column: int) -> tuple[float, float]:
    """95% t interval of one OLS coefficient (numpy: 200 formula fits would make this test slow)."""
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ beta
    df = len(y) - design.shape[1]
    se = np.sqrt(resid @ resid / df * np.linalg.inv(design.T @ design)[column, column])
    half = stats.t.ppf(0.975, df) * se
    return beta[column] - half, beta[column] + half


def test_naive_coverage_of_the_between_slope_is_poor_when_the_icc_is_high():
    # 200 samples: the naive 95% interval covers the true between slope far less than 95% of the time, while the
    # cluster-level regression of community means keeps its nominal coverage.
    p = communities.CommunityParams(tau=0.6)
    naive_hits = means_hits = 0
    for i in range(200):
        d = communities.simulate_communities(p, seed_name=f"coverage:{i}")
        x, y = d["x"].to_numpy(), d["y"].to_numpy()
        x_mean = d.groupby("community")["x"].transform("mean").to_numpy()
        lo, hi = _ols_ci(np.column_stack([np.ones_like(x), x - x_mean, x_mean]), y, 2)
        naive_hits += lo <= p.contextual_total <= hi
        m = d.groupby("community")[["x", "y"]].mean().to_numpy()
        lo, hi = _ols_ci(np.column_stack([np.ones(len(m)), m[:, 0]]), m[:, 1], 1)
        means_hits += lo <= p.contextual_total <= hi
    assert naive_hits / 200 < 0.75 and 0.9 <= means_hits / 200 <= 0.99


def test_population_iccs():
    p = communities.CommunityParams(within=0.0, contextual_total=0.0, tau=1.0, sigma=1.0)
    assert p.true_icc() == 0.5 == p.residual_icc()
    with pytest.raises(ValueError, match="communities"):
        communities.CommunityParams(communities=2)


def test_fits_chart_and_static_chart_specs(fitted):
    p, data, table, icc = fitted
    spec = communities.fits_chart_spec(table)
    assert len(spec["data"]["values"]) == 6 and "three analyses" in spec["title"]["text"]
    static = communities.communities_chart().to_dict()
    assert {p_["name"] for p_ in static["params"]} == {n for n, *_ in communities.SLIDERS}
    assert len(static["datasets"][next(iter(static["datasets"]))]) == 12 * 15


# --------------------------------------------------------------------------------------------------- cohesion
def test_one_index_carries_a_protective_and_a_harmful_slope():
    p = cohesion.CohesionParams()
    slopes = cohesion.index_slopes(p)
    assert slopes["depression"] < 0 < slopes["anxiety"]
    d = cohesion.simulate_cohesion(p, n=100_000, seed_name="cohesion-check")
    fitted = {o: np.polyfit(d["index"], d[o], 1)[0] for o in ("depression", "anxiety")}
    assert fitted == pytest.approx(slopes, abs=0.02)
    assert np.corrcoef(d["cohesion"], d["regulation"])[0, 1] == pytest.approx(p.rho, abs=0.01)
    spec = cohesion.cohesion_chart().to_dict()
    assert {q["name"] for q in spec["params"]} == {n for n, *_ in cohesion.SLIDERS}
    assert "illustrative" in spec["description"]


# ---------------------------------------------------------------------------------------------------- network
def test_network_measures_seen_by_each_design():
    adj = network.adjacency()
    summary = network.ego_summary(adj)
    assert summary == {"degree": 4, "alter_density": pytest.approx(2 / 6), "reach_2_steps": 2, "reachable": 12,
                       "components": 2}
    ego = network.ego_network(adj)
    assert set(ego) == {"Ana", "Ben", "Cai", "Dee", "Eli"} and ego["Ben"] == {"Ana", "Cai"}
    assert network.bridges(adj) == [("Ana", "Eli"), ("Eli", "Gus"), ("Gus", "Hal")]
    with pytest.raises(ValueError, match="not in the network"):
        network.adjacency(ties=(("Ana", "Zed"),))


def test_layouts_are_deterministic_in_the_unit_square_and_spread_out():
    adj = network.adjacency()
    one, two = network.spring_layout(adj), network.spring_layout(adj)
    assert one.equals(two) and one[["x", "y"]].min().min() == 0 and one[["x", "y"]].max().max() == 1
    xy = one[["x", "y"]].to_numpy()
    gaps = np.linalg.norm(xy[:, None] - xy[None], axis=2) + np.eye(len(xy))
    assert gaps.min() > 0.05  # no two people drawn on top of each other
    radial = network.radial_layout(network.ego_network(adj))
    assert radial.iloc[0].tolist() == ["Ana", 0.5, 0.5] and len(radial) == 5


def test_network_charts_describe_what_they_show():
    whole = network.network_chart("sociometric").to_dict()
    ego = network.network_chart("egocentric").to_dict()
    assert "14 people" in whole["description"] and "Nobody beyond the alters" in ego["description"]
    with pytest.raises(ValueError):
        network.network_chart("bird's-eye")


# ------------------------------------------------------------------------------------------------- the diagram
def test_layers_figure_is_current_and_labelled():
    svg = chapter.figure_path().read_text(encoding="utf-8")
    assert svg == chapter.to_svg(), "run python -m socialties.chapters.context to regenerate the figure"
    for layer in chapter.LAYERS:
        assert layer.name in svg
    assert "<title" in svg and "<desc" in svg and 'role="img"' in svg
    json.dumps(chapter.describe())
