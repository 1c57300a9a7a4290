"""Modifiers of the ties-mental health link (chapter 2): gender, socioeconomic position and the life course.

One module per job, as in :mod:`socialties.buffering`:

* :mod:`~socialties.modifiers.stratified`: the effect of an exposure within each stratum of a modifier;
* :mod:`~socialties.modifiers.interaction`: the interaction test on the additive and the multiplicative scale, and
  the relative excess risk due to interaction (RERI) with its delta-method interval;
* :mod:`~socialties.modifiers.ordinal`: the linear-by-linear (Mantel) test of an ordinal association in a table;
* :mod:`~socialties.modifiers.power`: power to detect a difference between two subgroups' slopes, and how often
  "significant in one group, not in the other" appears when the true effects are equal;
* :mod:`~socialties.modifiers.simulate`: the chapter's three simulations (support as benefit and cost, modification
  by gender, reverse causation in later life);
* :mod:`~socialties.modifiers.evidence`: the published estimates of social engagement and cognitive decline;
* :mod:`~socialties.modifiers.charts`: the static charts (sliders that work without a kernel);
* :mod:`~socialties.modifiers.widgets`: the live gender-modification explorer (imported lazily: it needs ipywidgets).
"""

from socialties.modifiers.interaction import (
    InteractionTest,
    Reri,
    interaction_test,
    reri_from_logit,
    reri_from_risks,
    risk_table,
)
from socialties.modifiers.ordinal import LinearByLinear, linear_by_linear
from socialties.modifiers.power import slope_difference_power, subgroup_significance
from socialties.modifiers.stratified import stratified_effects

__all__ = [
    "InteractionTest",
    "LinearByLinear",
    "Reri",
    "interaction_test",
    "linear_by_linear",
    "reri_from_logit",
    "reri_from_risks",
    "risk_table",
    "slope_difference_power",
    "stratified_effects",
    "subgroup_significance",
]


def gender_explorer(*args, **kwargs):
    """The live explorer of modification by gender; see :func:`socialties.modifiers.widgets.gender_explorer`."""
    from socialties.modifiers.widgets import gender_explorer as _explorer

    return _explorer(*args, **kwargs)
