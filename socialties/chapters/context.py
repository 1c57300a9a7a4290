"""Chapter 3 (the contextual dimension): the concentric diagram of Lin's three layers of ties around a person.

Like the chapter-1 pathway diagrams, the picture is drawn from data (the layers, their examples), with a ``<title>``
and ``<desc>`` for screen readers written from the same data, so picture and description cannot disagree.
:func:`write_figures` regenerates the SVG file the chapter shows; a test checks it is current.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from socialties.theme import PALETTE

CHAPTER_DIR = Path(__file__).resolve().parents[2] / "book" / "03-context"
FONT_SIZE = 14


@dataclass(frozen=True)
class Layer:
    """One ring of the diagram, from the outside in."""

    name: str  # Lin's word for the layer
    ties: str  # the ties that make it up
    examples: str
    radius: float
    fill: str


LAYERS = (
    Layer("Belongingness", "community", "neighbourhood, church, clubs", 250, "#e5f1f8"),
    Layer("Bonding", "social network", "relatives and friends", 170, "#cfe6f3"),
    Layer("Binding", "intimate ties", "partner, confidants", 92, "#a9d3ec"),
)
TITLE = "Lin's three nested layers of social ties around a person"


def describe() -> str:
    """The diagram as sentences, from its data."""
    parts = ["Three concentric rings around a person (ego) at the centre. From the outside in:"]
    for layer in LAYERS:
        parts.append(f"{layer.name}, the layer of {layer.ties} ({layer.examples}).")
    parts.append("Arrows point inwards: each outer layer affords the ties of the next one in "
                 "(Lin, Ye and Ensel, 1999).")
    return " ".join(parts)


def to_svg() -> str:
    """The concentric-layers diagram as a standalone, labelled SVG document."""
    cx, cy, width, height = 300, 270, 600, 540
    body = ['<rect width="100%" height="100%" fill="#ffffff"/>']
    for layer in LAYERS:
        body.append(f'<circle cx="{cx}" cy="{cy}" r="{layer.radius:g}" fill="{layer.fill}" '
                    f'stroke="{PALETTE["blue"]}" stroke-width="2"/>')
    inner = [0.0] + [layer.radius for layer in reversed(LAYERS)]
    for layer, r_in in zip(LAYERS, reversed(inner[:-1])):
        # The label sits in the ring's upper band, between its radius and the next ring in.
        y = cy - (layer.radius + r_in) / 2
        body.append(f'<text x="{cx}" y="{y - 4:g}" text-anchor="middle" font-weight="bold">'
                    f'{html.escape(layer.name)}</text>')
        body.append(f'<text x="{cx}" y="{y + 13:g}" text-anchor="middle" font-size="12">'
                    f'{html.escape(layer.ties)}</text>')
        if layer is not LAYERS[-1]:
            body.append(f'<text x="{cx}" y="{y + 28:g}" text-anchor="middle" font-size="11" font-style="italic">'
                        f'{html.escape(layer.examples)}</text>')
    body.append(f'<circle cx="{cx}" cy="{cy}" r="26" fill="{PALETTE["vermillion"]}"/>')
    body.append(f'<text x="{cx}" y="{cy + 5}" text-anchor="middle" font-weight="bold" fill="#ffffff">ego</text>')
    # Inward arrows on the lower half: outer layer -> next layer in.
    for outer, inner_layer in zip(LAYERS, LAYERS[1:]):
        y1, y2 = cy + outer.radius - 12, cy + inner_layer.radius + 6
        body.append(f'<line x1="{cx}" y1="{y1:g}" x2="{cx}" y2="{y2:g}" stroke="#333333" stroke-width="2" '
                    f'marker-end="url(#layers-head)"/>')
        body.append(f'<text x="{cx + 8}" y="{(y1 + y2) / 2 + 4:g}" font-size="12" font-style="italic">affords</text>')
    examples_y = cy + LAYERS[-1].radius - 34
    body.append(f'<text x="{cx}" y="{examples_y:g}" text-anchor="middle" font-size="11" font-style="italic">'
                f'{html.escape(LAYERS[-1].examples)}</text>')
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" aria-labelledby="layers-title layers-desc" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif" '
        f'font-size="{FONT_SIZE}" fill="#1a1a1a">',
        f'<title id="layers-title">{html.escape(TITLE)}</title>',
        f'<desc id="layers-desc">{html.escape(describe())}</desc>',
        '<defs><marker id="layers-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333333"/></marker></defs>',
        *body,
        "</svg>",
        "",
    ])


def figure_path(folder: Path = CHAPTER_DIR) -> Path:
    return folder / "figures" / "nested-layers.svg"


def write_figures(folder: Path = CHAPTER_DIR) -> list[Path]:
    """(Re)write the chapter's SVG figure; return its path in a list."""
    path = figure_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_svg(), encoding="utf-8")
    return [path]


if __name__ == "__main__":  # python -m socialties.chapters.context  -> regenerate the figure
    for written in write_figures():
        print(written)
