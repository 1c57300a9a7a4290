"""The evidence table and chart: the figures match the sources' verified values and the chart shows all of them."""

import json
import re
from pathlib import Path

from socialties import evidence

BIB = Path(__file__).resolve().parents[1] / "references.bib"


def test_every_estimate_has_a_source_in_the_bibliography():
    keys = set(re.findall(r"@\w+\{([^,]+),", BIB.read_text(encoding="utf-8")))
    assert set(evidence.effect_sizes().source) <= keys


def test_the_verified_headline_figures():
    frame = evidence.effect_sizes().set_index("comparison")
    assert frame.loc["Stronger relationships, any measure", ["estimate", "ci_low", "ci_high"]].tolist() == [1.50, 1.42, 1.59]
    assert frame.loc["Complex measures of integration", "estimate"] == 1.91
    assert frame.loc["Men: most isolated vs most connected", "estimate"] == 2.3
    assert frame.loc["Women: most isolated vs most connected", "estimate"] == 2.8


def test_intervals_contain_their_estimates():
    frame = evidence.effect_sizes().dropna(subset=["ci_low"])
    assert ((frame.ci_low <= frame.estimate) & (frame.estimate <= frame.ci_high)).all()


def test_the_chart_carries_every_row_and_a_description_with_every_number():
    chart = evidence.effect_size_chart()
    spec = chart.to_dict()
    values = next(iter(spec["datasets"].values()))
    assert len(values) == len(evidence.effect_sizes())
    description = spec["description"]
    for estimate in evidence.effect_sizes().estimate:
        assert f"{estimate:.2f}" in description
    assert "1.42 to 1.59" in description and "0.99 to 1.44" in description
    json.dumps(spec)  # the spec is plain JSON


def test_the_summary_table_formats_intervals_and_says_when_none_is_reported():
    table = evidence.summary_table()
    assert table["95% CI"].tolist() == ["1.42 to 1.59", "not reported", "0.99 to 1.44", "not reported", "not reported"]
    assert table["Estimate"].tolist()[:2] == ["1.50", "1.91"]
