"""The portability rule: stored numbers keep 6 significant digits, whatever BLAS did to the 16th."""

import math

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from socialties.portable import SIGNIFICANT, portable, round_sig


def test_last_digit_noise_is_rounded_away():
    # The two values the issue saw for one coefficient on two CPUs.
    assert round_sig(-0.27807973037667627) == round_sig(-0.2780797303766763) == -0.27808
    assert round_sig(24.366786372901093) == round_sig(24.366786372901085) == 24.3668


def test_a_change_in_the_fourth_significant_digit_survives():
    assert round_sig(-0.2780797) != round_sig(-0.2783797)
    assert round_sig(1.234e-7) != round_sig(1.235e-7)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300))
def test_rounding_keeps_six_significant_digits(x):
    rounded = round_sig(x)
    if x != 0:
        assert math.isclose(rounded, x, rel_tol=10 ** (1 - SIGNIFICANT))


def test_numpy_scalars_tables_and_specs_become_plain_and_rounded():
    assert portable(np.float64(0.44130000000001)) == 0.4413 and type(portable(np.float64(1.5))) is float
    assert type(portable(np.int64(3))) is int and portable(np.bool_(True)) is True
    frame = portable(pd.DataFrame({"b": [1 / 3, 2 / 3], "n": [1, 2], "name": ["x", "y"]}))
    assert frame["b"].tolist() == [0.333333, 0.666667] and frame["n"].tolist() == [1, 2]
    spec = portable({"data": {"values": [{"y": 0.1 + 0.2}]}, "width": "container", "n": (1, 2.000000001)})
    assert spec == {"data": {"values": [{"y": 0.3}]}, "width": "container", "n": (1, 2.0)}
    assert math.isnan(portable(float("nan")))
