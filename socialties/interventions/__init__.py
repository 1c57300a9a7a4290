"""Theme 4, interventions: the statistics of a randomised trial of a social intervention (JOBS II) and its design.

* :mod:`~socialties.interventions.trial`: intention to treat, the naive per-protocol comparison, the complier effect;
* :mod:`~socialties.interventions.modification`: who benefits most (interaction models and subgroups);
* :mod:`~socialties.interventions.mediation`: product of coefficients, a vectorised seeded bootstrap, sensitivity;
* :mod:`~socialties.interventions.power`: power and minimal detectable effect of a two-arm trial;
* :mod:`~socialties.interventions.simulate`: SIMULATED heterogeneous trials and subgroup fishing;
* :mod:`~socialties.interventions.charts`: the static (no-kernel) trial designer, dose-response and effect charts;
* :mod:`~socialties.interventions.widgets`: the live heterogeneous-effects explorer (imported lazily).
"""

from socialties.interventions.mediation import (
    Mediation,
    bootstrap_draws,
    indirect_at_rho,
    percentile_interval,
    product_of_coefficients,
    sensitivity,
)
from socialties.interventions.modification import (
    difference_test,
    interaction_model,
    split_at,
    subgroup_effects,
)
from socialties.interventions.power import (
    CITED_TRIALS,
    MEAD_SMD,
    cited_trials_power,
    minimal_detectable_effect,
    n_per_arm_for_power,
    two_arm_power,
)
from socialties.interventions.simulate import fishing_curve, heterogeneous_trial, subgroup_fishing
from socialties.interventions.trial import cace, compliance, itt_effect, naive_per_protocol, wald_ratio

__all__ = [
    "CITED_TRIALS", "MEAD_SMD", "Mediation", "bootstrap_draws", "cace", "cited_trials_power", "compliance",
    "difference_test", "fishing_curve", "heterogeneous_trial", "indirect_at_rho", "interaction_model", "itt_effect",
    "minimal_detectable_effect", "n_per_arm_for_power", "naive_per_protocol", "percentile_interval",
    "product_of_coefficients", "sensitivity", "split_at", "subgroup_effects", "subgroup_fishing", "two_arm_power",
    "wald_ratio", "heterogeneity_explorer",
]


def heterogeneity_explorer(*args, **kwargs):
    """The live explorer; see :func:`socialties.interventions.widgets.heterogeneity_explorer`."""
    from socialties.interventions.widgets import heterogeneity_explorer as _explorer

    return _explorer(*args, **kwargs)
