"""Numbers that read the same on every machine: the course's rule for what a notebook stores in its outputs.

OpenBLAS picks different kernels on different CPUs, so one fit gives coefficients that differ in the 16th-17th
significant digit from machine to machine. No checked output may depend on those digits. The rule (README, "Conventions
for notebooks"): every number a notebook glues or draws is rounded at the source to :data:`SIGNIFICANT` significant
digits, far more than any page shows and far fewer than BLAS disturbs. :func:`portable` applies it to a number, a
table or a chart spec; :func:`socialties.preamble.glue` and the static chart renderer call it, so chapters never do.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

#: Significant digits kept in stored outputs: a change in the 4th digit is visible, BLAS noise (16th) is not.
SIGNIFICANT = 6


def round_sig(number: float, digits: int = SIGNIFICANT) -> float:
    """Round a float to ``digits`` significant digits (zero, infinities and NaN pass through)."""
    if number == 0 or not math.isfinite(number):
        return float(number)
    return round(float(number), digits - 1 - math.floor(math.log10(abs(number))))


def portable(value: object, digits: int = SIGNIFICANT) -> object:
    """Return ``value`` with every float rounded to ``digits`` significant digits and NumPy scalars made plain.

    Handles floats, NumPy scalars, pandas Series and DataFrames (float columns), and dicts, lists and tuples of these
    (such as a Vega-Lite spec); anything else is returned unchanged.
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return round_sig(float(value), digits)
    if isinstance(value, pd.DataFrame):
        floats = value.select_dtypes("floating").columns
        return value.assign(**{c: value[c].map(lambda x: round_sig(x, digits)) for c in floats}) if len(floats) \
            else value
    if isinstance(value, pd.Series):
        return value.map(lambda x: round_sig(x, digits)) if pd.api.types.is_float_dtype(value) else value
    if isinstance(value, Mapping):
        return {key: portable(item, digits) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(portable(item, digits) for item in value)
    return value
