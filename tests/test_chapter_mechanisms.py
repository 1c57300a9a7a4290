"""Tests of the chapter-1 helpers: the pathway diagrams and their text descriptions."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from socialties import buffering
from socialties.chapters import mechanisms as mech

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("key", ["main-effect", "buffering"])
def test_committed_figures_are_current(key):
    """The SVG files the chapter shows are exactly what the generator draws (run the module to refresh them)."""
    committed = mech.figure_path(key).read_text(encoding="utf-8")
    assert committed == mech.to_svg(mech.diagrams()[key])


@pytest.mark.parametrize("key", ["main-effect", "buffering"])
def test_svg_is_well_formed_and_labelled(key):
    diagram = mech.diagrams()[key]
    root = ET.fromstring(mech.to_svg(diagram))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == diagram.title
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert desc.text == mech.describe(diagram)
    shown = " ".join(t.text for t in root.iter(f"{SVG}text"))
    for box in diagram.boxes:
        for line in box.lines:
            assert line in shown
    assert len(root.findall(f"{SVG}rect")) == len(diagram.boxes) + 1  # + the white background


@pytest.mark.parametrize("key", ["main-effect", "buffering"])
def test_boxes_fit_inside_the_drawing_and_do_not_overlap(key):
    diagram = mech.diagrams()[key]
    for box in diagram.boxes:
        assert 0 <= box.x and box.x + box.width <= diagram.width
        assert 0 <= box.y and box.y + box.height <= diagram.height
        # Text lines must fit inside their box (at most ~7 px per character at 13 px).
        assert all(len(line) * 7.3 <= box.width for line in box.lines), box.lines
    for i, a in enumerate(diagram.boxes):
        for b in diagram.boxes[i + 1:]:
            apart = (a.x + a.width <= b.x or b.x + b.width <= a.x or a.y + a.height <= b.y or b.y + b.height <= a.y)
            assert apart, (a.key, b.key)


def test_main_effect_model_has_no_stress_and_three_routes_to_health():
    diagram = mech.main_effect_diagram()
    assert not any(box.role == "stress" for box in diagram.boxes)
    assert not diagram.modifiers
    into_health = [a for a in diagram.arrows if a.target == "health"]
    out_of_integration = [a for a in diagram.arrows if a.source == "integration"]
    assert len(into_health) == 3 and len(out_of_integration) == 3


def test_buffering_model_support_only_acts_on_the_stress_path():
    diagram = mech.buffering_diagram()
    chain = [a.source for a in diagram.arrows] + [diagram.arrows[-1].target]
    assert chain[0] == "event" and chain[-1] == "illness"
    supports = {box.key for box in diagram.boxes if box.role == "support"}
    # Support never points at the outcome directly: it only weakens steps of the stress path.
    assert not any(a.source in supports for a in diagram.arrows)
    assert {m.source for m in diagram.modifiers} == supports
    assert all(m.on in diagram.arrows for m in diagram.modifiers)


def test_description_names_every_arrow():
    diagram = mech.buffering_diagram()
    text = mech.describe(diagram)
    assert text.count("An arrow leads from") == len(diagram.arrows)
    assert text.count("A dashed arrow") == len(diagram.modifiers)
    assert "\u201cStressful event\u201d" in text


def test_unknown_box_is_a_clear_error():
    with pytest.raises(KeyError, match="has no box 'nowhere'"):
        mech.main_effect_diagram().box("nowhere")


def test_text_is_escaped(tmp_path):
    diagram = mech.Diagram("x", "A <b> & C", "s", (mech.Box("a", ("<script>",), 0, 0),), ())
    svg = mech.to_svg(diagram)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)


def test_write_figures_writes_both(tmp_path):
    paths = mech.write_figures(tmp_path)
    assert sorted(p.name for p in paths) == ["buffering-pathways.svg", "main-effect-pathways.svg"]
    assert all(p.read_text(encoding="utf-8").startswith("<svg") for p in paths)


# ------------------------------------------------------------------------------------------ statistics helpers
from socialties.buffering import BufferingParams, analytic_power, power_curve  # noqa: E402


def test_n_for_power_is_the_smallest_n_reaching_the_target():
    params = BufferingParams()
    n = buffering.n_for_power(0.8, params=params)
    assert analytic_power(n, params) >= 0.8 > analytic_power(n - 1, params)


def test_n_for_power_grows_with_measurement_error_and_smaller_effects():
    params = BufferingParams()
    noisy = params.with_(rel_stress=0.8, rel_support=0.8)
    assert buffering.n_for_power(params=noisy) > buffering.n_for_power(params=params)
    assert buffering.n_for_power(f2=0.002) > buffering.n_for_power(f2=0.02)
    n = buffering.n_for_power(0.9, f2=0.002)
    assert analytic_power(n, f2=0.002) >= 0.9 > analytic_power(n - 1, f2=0.002)


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.2])
def test_n_for_power_refuses_impossible_targets(bad):
    with pytest.raises(ValueError, match="target power"):
        buffering.n_for_power(bad, f2=0.01)


def test_n_for_power_says_when_the_effect_is_too_small():
    with pytest.raises(ValueError, match="too small"):
        buffering.n_for_power(0.8, f2=1e-9, n_max=10_000)


def test_power_curve_chart_shows_both_conditions_and_the_target():
    curve = power_curve([50, 100], reps=50)
    spec = mech.power_curve_chart(curve, target=0.8).to_dict()
    assert len(spec["layer"]) == 3
    values = [row for rows in spec["datasets"].values() for row in rows]
    assert {"power": 0.8} in values
    assert {row["measures"] for row in values if "measures" in row} == set(curve["measures"])
    assert "0.8" in spec["description"]


def test_power_curve_chart_names_missing_columns():
    with pytest.raises(ValueError, match="analytic"):
        mech.power_curve_chart(pd.DataFrame({"n": [1], "measures": ["a"], "power": [0.1]}))


def test_simulated_survey_is_marked_simulated():
    df = mech.simulated_survey()
    assert df.attrs["simulated"] is True and "SIMULATED" in df.attrs["note"]
    assert {"stress", "support", "distress"} <= set(df.columns) and len(df) > 100


def test_scatter_with_fit_drops_missing_rows_and_fits_a_line():
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0, None, 5.0], "b": [2.0, 4.0, 6.0, 8.0, None]})
    spec = mech.scatter_with_fit(df, "a", "b", x_title="A", y_title="B").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert rows == [{"a": 1.0, "b": 2.0}, {"a": 2.0, "b": 4.0}, {"a": 3.0, "b": 6.0}]
    assert spec["layer"][1]["transform"] == [{"regression": "b", "on": "a"}]
    assert "3 people" in spec["description"]


def test_scatter_with_fit_refuses_unknown_columns_and_too_few_rows():
    df = pd.DataFrame({"a": [1.0, None], "b": [1.0, 2.0]})
    with pytest.raises(ValueError, match="not in the data"):
        mech.scatter_with_fit(df, "a", "zzz")
    with pytest.raises(ValueError, match="Only 1 rows"):
        mech.scatter_with_fit(df, "a", "b")


def test_power_curve_chart_labels_only_the_simulated_sample_sizes():
    """The log axis's default ticks ran together ("500600"); the chart labels the sample sizes it simulated."""
    curve = power_curve([100, 200, 400, 800, 1600, 3200], reps=20)
    axis = mech.power_curve_chart(curve).to_dict()["layer"][0]["encoding"]["x"]["axis"]
    assert axis["values"] == [100, 200, 400, 800, 1600, 3200] and axis["format"] == "d"


# ------------------------------------------------------------------------------------------ worked example
def test_influence_finds_the_student_the_issue_names():
    """One student (support 6, BDI 46) has Cook's distance 0.78; the next highest is 0.11."""
    from socialties.data import load

    frame = mech.influence(load("socsupport"), "emotional", "BDI")
    top, second = frame.iloc[0], frame.iloc[1]
    assert (top["emotional"], top["BDI"]) == (6, 46)
    assert top["cooks_d"] == pytest.approx(0.78, abs=0.005) and second["cooks_d"] == pytest.approx(0.115, abs=0.005)
    assert list(frame["cooks_d"]) == sorted(frame["cooks_d"], reverse=True)


def test_fragility_checks_leave_one_out_and_rank_based():
    from scipy import stats

    from socialties.data import load

    students = load("socsupport")
    checks = mech.fragility_checks(students, "emotional", "BDI").set_index("check")
    assert checks.loc["OLS, everyone", "estimate"] == pytest.approx(-0.707, abs=0.001)
    assert checks.loc["OLS, everyone", "p"] < 0.01
    without = checks.loc["OLS without the most influential person"]
    assert without["estimate"] == pytest.approx(-0.40, abs=0.005) and 0.12 < without["p"] < 0.14
    assert without["n"] == checks.loc["OLS, everyone", "n"] - 1
    rho = stats.spearmanr(students["emotional"], students["BDI"])
    spearman = checks.loc["Spearman rank correlation"]
    assert spearman["estimate"] == pytest.approx(rho.statistic) and spearman["p"] == pytest.approx(rho.pvalue)
    assert spearman["estimate"] == pytest.approx(-0.18, abs=0.01) and 0.06 < spearman["p"] < 0.08


def test_fragility_checks_refuse_unknown_columns_and_tiny_data():
    with pytest.raises(ValueError, match="not in the data"):
        mech.fragility_checks(pd.DataFrame({"a": [1.0]}), "a", "zzz")
    with pytest.raises(ValueError, match="at least 4"):
        mech.fragility_checks(pd.DataFrame({"a": [1.0, 2.0, None], "b": [1.0, 2.0, 3.0]}), "a", "b")


def test_influence_chart_draws_both_lines_and_marks_the_person():
    from socialties.data import load

    spec = mech.influence_chart(load("socsupport"), "emotional", "BDI").to_dict()
    assert len(spec["layer"]) == 2
    assert spec["layer"][1]["transform"][0]["groupby"] == ["fit"]
    assert "emotional 6, BDI 46" in spec["description"]
    rows = [row for rows in spec["datasets"].values() for row in rows]
    assert sum(row.get("who") == "most influential person" for row in rows) == 1


CHAPTER_NOTEBOOKS = sorted(mech.CHAPTER_DIR.glob("*.ipynb")) + [mech.CHAPTER_DIR.parent / "evidence.ipynb"]


@pytest.mark.parametrize("path", CHAPTER_NOTEBOOKS, ids=lambda p: p.name)
def test_pages_put_the_title_first_and_hide_their_plumbing(path):
    """Issue 8: the H1 comes first; the preamble and every glue cell are removed; no control characters in sources."""
    import re

    import nbformat

    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and re.search(r"^# ", first.source, re.M), "the page must open with its title"
    for index, cell in enumerate(nb.cells):
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]|\t", cell.source), f"cell {index}: a control character"
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        if "socialties.preamble" in cell.source or re.search(r"^glue\(|\n\s*glue\(", cell.source):
            assert "remove-cell" in tags, f"cell {index} is plumbing and must be tagged remove-cell"
        for output in cell.get("outputs", []):
            shown = "".join(output.get("data", {}).get("text/plain", "")) + "".join(output.get("text", ""))
            assert "np.float64(" not in shown, f"cell {index} shows a NumPy repr"
