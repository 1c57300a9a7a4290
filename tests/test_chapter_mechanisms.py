"""Tests of the chapter-1 helpers: the pathway diagrams and their text descriptions."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

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
