"""socialties.tables: tables without a meaningless index, p-values shown as "< .001"."""

from __future__ import annotations

import pandas as pd
import pytest

from socialties.tables import format_p, table


@pytest.mark.parametrize(("p", "shown"), [(3e-12, "< .001"), (0.0, "< .001"), (0.0009999, "< .001"), (0.001, ".001"),
                                          (0.04949, ".049"), (0.5, ".500"), (1.0, "1")])
def test_p_values_read_as_a_reader_expects(p, shown):
    assert format_p(p) == shown


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_a_p_value_outside_zero_to_one_is_refused(bad):
    with pytest.raises(ValueError, match="between 0 and 1"):
        format_p(bad)


def test_table_has_no_index_rounds_floats_and_formats_p():
    frame = pd.DataFrame({"level": ["-1 SD", "mean"], "slope": [0.441349, 0.36051], "p": [1e-20, 0.0312]})
    shown = table(frame, caption="Simple <slopes>")
    html = shown._repr_html_()
    assert "<th>level</th>" in html and "< .001" not in html and "&lt; .001" in html and ".031" in html
    assert "0.441" in html and "0.4413" not in html
    assert "<caption>Simple &lt;slopes&gt;</caption>" in html
    assert "<th></th>" not in html  # no index header
    assert repr(shown).splitlines()[0].split() == ["level", "slope", "p"]
    assert frame["p"].iloc[0] == 1e-20  # the caller's frame is left alone


def test_coefficients_match_statsmodels_and_format_p():
    import numpy as np
    import statsmodels.formula.api as smf

    from socialties.tables import coefficients

    gen = np.random.default_rng(1)
    x = gen.standard_normal(200)
    data = pd.DataFrame({"x": x, "y": 2 * x + gen.standard_normal(200)})
    fit = smf.ols("y ~ x", data=data).fit()
    shown = coefficients(fit)
    frame = shown.frame.set_index("term")
    assert list(frame.index) == ["Intercept", "x"]
    assert frame.loc["x", "estimate"] == round(fit.params["x"], 3)
    assert frame.loc["x", "p"] == "< .001"
    assert frame.loc["x", "95% CI, lower"] == round(fit.conf_int().loc["x", 0], 3)
    with pytest.raises(ValueError, match="alpha"):
        coefficients(fit, alpha=1.5)
