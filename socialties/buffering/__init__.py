"""The buffering simulator: main effect vs stress buffering, in simulated data (chapter 1, mechanisms).

* :mod:`~socialties.buffering.simulate`: the data-generating model (``simulate``, ``BufferingParams``);
* :mod:`~socialties.buffering.regression`: vectorised moderated OLS (``fit_moderated``), agreeing with statsmodels;
* :mod:`~socialties.buffering.probing`: simple slopes and Johnson-Neyman bounds;
* :mod:`~socialties.buffering.power`: power by simulation and analytically, and the n a target power needs;
* :mod:`~socialties.buffering.charts`: the static (no-kernel) Altair simulator;
* :mod:`~socialties.buffering.widgets`: the live ipywidgets explorer (imported lazily: it needs ipywidgets).
"""

from socialties.buffering.charts import buffering_simulator_chart, simple_slopes_chart, simple_slopes_spec
from socialties.buffering.power import analytic_power, n_for_power, power_curve, simulate_power
from socialties.buffering.probing import JohnsonNeyman, johnson_neyman, simple_slopes
from socialties.buffering.regression import (
    ModeratedFit,
    fit_moderated,
    interaction_pvalues,
    interaction_tvalues,
    ols,
)
from socialties.buffering.simulate import BufferingParams, b_int_for_f2, simulate, simulate_arrays

__all__ = [
    "n_for_power",
    "BufferingParams",
    "JohnsonNeyman",
    "ModeratedFit",
    "analytic_power",
    "b_int_for_f2",
    "buffering_simulator_chart",
    "fit_moderated",
    "interaction_pvalues",
    "interaction_tvalues",
    "johnson_neyman",
    "ols",
    "power_curve",
    "simple_slopes",
    "simple_slopes_chart",
    "simple_slopes_spec",
    "simulate",
    "simulate_arrays",
    "simulate_power",
]


def buffering_explorer(*args, **kwargs):
    """The live ipywidgets explorer; see :func:`socialties.buffering.widgets.buffering_explorer`."""
    from socialties.buffering.widgets import buffering_explorer as _explorer

    return _explorer(*args, **kwargs)
