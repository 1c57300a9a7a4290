"""The contextual dimension of social ties (chapter 3): networks measured two ways, Lin's nested layers, multilevel
statistics, and the simulations of social capital and of cohesion and regulation.

* :mod:`~socialties.context.network`: a small network, its egocentric and sociometric views, layouts and charts;
* :mod:`~socialties.context.layers`: Lin's layers as a path model, direct and indirect effects, the static chart;
* :mod:`~socialties.context.icc`: the intraclass correlation (ANOVA with an F interval; from MixedLM), design effect;
* :mod:`~socialties.context.decomposition`: pooled, within, between and ecological slopes and correlations;
* :mod:`~socialties.context.gss`: the GSS happiness data as scores, by region;
* :mod:`~socialties.context.communities`: SIMULATED people in communities, naive vs multilevel fits, static chart;
* :mod:`~socialties.context.cohesion`: SIMULATED cohesion and regulation, the static chart;
* :mod:`~socialties.context.widgets`: the live explorer (imported lazily: it needs ipywidgets).
"""

from socialties.context.cohesion import CohesionParams, cohesion_chart, index_slopes, simulate_cohesion
from socialties.context.communities import (
    CommunityParams,
    communities_chart,
    compare_fits,
    fits_chart_spec,
    simulate_communities,
)
from socialties.context.decomposition import BetweenWithin, add_cluster_means, between_within, cluster_means
from socialties.context.gss import happiness_by_attendance, region_table
from socialties.context.icc import ICCResult, anova_icc, design_effect, icc_from_components, mixedlm_icc
from socialties.context.layers import LayerPaths, PathEffects, layers_chart, path_effects, simulate_layers
from socialties.context.network import network_chart

__all__ = [
    "BetweenWithin", "CohesionParams", "CommunityParams", "ICCResult", "LayerPaths", "PathEffects",
    "add_cluster_means", "anova_icc", "between_within", "cluster_means", "cohesion_chart", "communities_chart",
    "community_explorer", "compare_fits", "design_effect", "fits_chart_spec", "happiness_by_attendance",
    "icc_from_components", "index_slopes", "layers_chart", "mixedlm_icc", "network_chart", "path_effects",
    "region_table", "simulate_cohesion", "simulate_communities", "simulate_layers",
]


def community_explorer(*args, **kwargs):
    """The live explorer; see :func:`socialties.context.widgets.community_explorer`."""
    from socialties.context.widgets import community_explorer as _explorer

    return _explorer(*args, **kwargs)
