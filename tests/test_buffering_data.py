"""data/buffering_sim.csv is exactly what its generator writes, is labelled simulated, and matches its calibration."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from socialties import data as course_data
from socialties.buffering import generate_data

CSV = course_data.DATA_DIR / "buffering_sim.csv"
CODEBOOK = course_data.DATA_DIR / "buffering_sim.md"


def test_regenerating_gives_the_shipped_file_byte_for_byte(tmp_path):
    target = generate_data.write(tmp_path / "regenerated.csv")
    assert target.read_bytes() == CSV.read_bytes()


def test_command_line_entry_point_writes_the_same_bytes(tmp_path, capsys):
    out = tmp_path / "cli.csv"
    assert generate_data.main([str(out)]) == 0
    assert "SIMULATED DATA" in capsys.readouterr().out
    assert out.read_bytes() == CSV.read_bytes()
    assert generate_data.main(["a", "b"]) == 2


def test_columns_and_calibration():
    df = pd.read_csv(CSV)
    assert list(df.columns) == generate_data.COLUMNS
    assert len(df) == generate_data.N and df["id"].tolist() == list(range(1, generate_data.N + 1))
    # Reliabilities as generated (.80 stress, .91 support): var(true)/var(observed), within sampling error at n = 500.
    assert df.stress_true.var() / df.stress.var() == pytest.approx(0.80, abs=0.08)
    assert df.support_true.var() / df.support.var() == pytest.approx(0.91, abs=0.06)
    # The support-distress correlation of the true scores is near the calibrating r = -.26 (SE about .04 at n = 500).
    assert np.corrcoef(df.support_true, df.distress)[0, 1] == pytest.approx(-0.26, abs=0.1)


def test_codebook_says_simulated_and_names_generator_seed_and_sources():
    text = CODEBOOK.read_text(encoding="utf-8")
    for needed in ("SIMULATED DATA", "socialties.buffering.generate_data", generate_data.SEED_NAME,
                   "Rueger", "Aguinis", "Sherbourne", "ASSUMPTION"):
        assert needed in text, needed
    for column in generate_data.COLUMNS:
        assert f"`{column}`" in text, column


def test_what_the_codebook_says_about_this_draw_is_true():
    """The codebook states: power about .55 at n = 500; in this draw the interaction is near zero, not significant."""
    from socialties.buffering import analytic_power, fit_moderated

    assert analytic_power(generate_data.N, generate_data.PARAMS) == pytest.approx(0.55, abs=0.01)
    fit = fit_moderated(pd.read_csv(CSV))
    assert abs(fit.params["stress:support"]) < 0.05 and fit.pvalues["stress:support"] > 0.05
    assert fit.pvalues["stress"] < 0.001 and fit.pvalues["support"] < 0.001
    text = CODEBOOK.read_text(encoding="utf-8")
    assert "about .55" in text and "not significant" in text
