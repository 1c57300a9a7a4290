"""Chapter 1 (mechanisms): the two pathway diagrams, drawn as accessible SVG from one description of each model.

Kawachi & Berkman's review shows the main effect model and the stress-buffering model as two pathway figures (adapted
from Cohen, Underwood & Gottlieb, 2000). The book redraws them from the pathways the review describes in its text.
Each diagram is data (boxes and arrows); :func:`to_svg` draws it with a ``<title>`` and ``<desc>`` for screen
readers, and :func:`describe` writes the same arrows out as sentences, so the picture and its text description can
never disagree. :func:`write_figures` regenerates the SVG files the chapter shows; a test checks they are current.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import pandas as pd

from socialties.data import load
from socialties.theme import PALETTE

#: Where the chapter's pages and figure files live.
CHAPTER_DIR = Path(__file__).resolve().parents[2] / "book" / "01-mechanisms"

#: Box styles by role: (border colour, fill colour, dashed border). Colour is paired with the box's words and, for
#: support, with dashed arrows, so no distinction rests on colour alone.
STYLES: dict[str, tuple[str, str, bool]] = {
    "social": (PALETTE["blue"], "#e5f1f8", False),
    "pathway": ("#555555", "#ffffff", False),
    "stress": (PALETTE["orange"], "#fdf3e0", False),
    "support": (PALETTE["blue"], "#e5f1f8", True),
    "outcome": (PALETTE["vermillion"], "#fbeae0", False),
}

FONT_SIZE = 13
LINE_HEIGHT = 16


@dataclass(frozen=True)
class Box:
    """A box of the diagram: an id, its text lines, its top-left corner and size, and its role (see STYLES)."""

    key: str
    lines: tuple[str, ...]
    x: float
    y: float
    width: float = 150
    height: float = 70
    role: str = "pathway"

    @property
    def name(self) -> str:
        """The box's text as one phrase (for the text description)."""
        return " ".join(self.lines)


@dataclass(frozen=True)
class Arrow:
    """A solid arrow from one box to another."""

    source: str
    target: str


@dataclass(frozen=True)
class Modifier:
    """A dashed arrow from a box (support) onto the middle of an existing arrow: support acts on that step."""

    source: str
    on: Arrow
    label: str
    side: str = "left"  # which side of the dashed line its label sits on: "left" or "right"


@dataclass(frozen=True)
class Diagram:
    """A pathway diagram: its title, a one-paragraph summary, boxes, arrows and modifying arrows."""

    key: str
    title: str
    summary: str
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    modifiers: tuple[Modifier, ...] = field(default=())
    width: int = 820
    height: int = 380

    def box(self, key: str) -> Box:
        """The box with this key (KeyError naming the key and diagram if absent)."""
        for candidate in self.boxes:
            if candidate.key == key:
                return candidate
        raise KeyError(f"diagram {self.key!r} has no box {key!r}")


def main_effect_diagram() -> Diagram:
    """The main effect model: three routes from social integration to mental health, whatever the stress."""
    col2, col3, out = 225, 430, 650
    boxes = (
        Box("integration", ("Social integration:", "ties, roles,", "community life"), 20, 150, 160, 80, "social"),
        Box("influence", ("Social influence:", "norms about", "health behaviour"), col2, 30, 165),
        Box("behaviour", ("Health behaviour:", "exercise, smoking,", "drinking"), col3, 30, 170),
        Box("states", ("Positive states:", "purpose, belonging,", "security, self-worth"), col2, 150, 165),
        Box("selfcare", ("More self-care;", "a calmer hormonal", "stress response"), col3, 150, 170),
        Box("resources", ("Access to resources:", "information,", "informal care"), col2, 270, 165),
        Box("support", ("Support that", "protects against", "distress"), col3, 270, 170),
        Box("health", ("Mental health", "and well-being"), out, 150, 150, 80, "outcome"),
    )
    arrows = tuple(
        Arrow(a, b)
        for a, b in [
            ("integration", "influence"), ("influence", "behaviour"), ("behaviour", "health"),
            ("integration", "states"), ("states", "selfcare"), ("selfcare", "health"),
            ("integration", "resources"), ("resources", "support"), ("support", "health"),
        ]
    )
    summary = (
        "In the main effect model, being integrated in a social network benefits mental health whether or not a "
        "person is under stress. Three routes run from social integration to mental health and well-being; "
        "no box for stress appears, because the benefit does not depend on it."
    )
    return Diagram("main-effect", "The main effect model", summary, boxes, arrows, height=360)


def buffering_diagram() -> Diagram:
    """The stress-buffering model: support steps in at points on the road from a stressful event to illness."""
    y, step, w = 40, 180, 135
    chain = [
        ("event", ("Stressful", "event")),
        ("appraisal", ("Appraisal:", "how threatening", "it seems")),
        ("emotion", ("Negative", "emotional", "reaction")),
        ("response", ("Physiological and", "behavioural", "responses")),
        ("illness", ("Mental illness:", "depression,", "anxiety, distress")),
    ]
    roles = {"event": "stress", "illness": "outcome"}
    boxes = [Box(k, lines, 20 + i * step, y, w, 80, roles.get(k, "pathway")) for i, (k, lines) in enumerate(chain)]
    boxes += [
        Box("perceived", ("Perceived", "availability", "of support"), 110, 270, w, 80, "support"),
        Box("received", ("Perceived or", "received", "support"), 380, 270, w, 80, "support"),
    ]
    arrows = tuple(Arrow(a, b) for (a, _), (b, _) in zip(chain, chain[1:]))
    modifiers = (
        Modifier("perceived", arrows[0], "a more benign appraisal"),
        Modifier("received", arrows[1], "a weaker emotional reaction"),
        Modifier("received", arrows[2], "damped stress responses", side="right"),
    )
    summary = (
        "In the stress-buffering model, support matters for people under stress: it steps in between a stressful "
        "event and mental illness. Solid arrows show the path from the event to illness; dashed arrows show where "
        "support weakens a step."
    )
    return Diagram("buffering", "The stress-buffering model", summary, tuple(boxes), arrows, modifiers, width=900)


def diagrams() -> dict[str, Diagram]:
    """Both diagrams by key."""
    return {d.key: d for d in (main_effect_diagram(), buffering_diagram())}


def describe(diagram: Diagram) -> str:
    """A plain-text description of the diagram for readers who cannot see it, written from its arrows."""
    sentences = [diagram.summary]
    for arrow in diagram.arrows:
        sentences.append(f"An arrow leads from \u201c{diagram.box(arrow.source).name}\u201d "
                         f"to \u201c{diagram.box(arrow.target).name}\u201d.")
    for mod in diagram.modifiers:
        sentences.append(f"A dashed arrow from \u201c{diagram.box(mod.source).name}\u201d points at the step from "
                         f"\u201c{diagram.box(mod.on.source).name}\u201d to \u201c{diagram.box(mod.on.target).name}"
                         f"\u201d: {mod.label}.")
    return " ".join(sentences)


# ----------------------------------------------------------------------------------------------------------- drawing
def _edge_points(diagram: Diagram, arrow: Arrow) -> tuple[float, float, float, float]:
    """Start and end of an arrow: right edge of the source to left edge of the target, at their mid-heights."""
    a, b = diagram.box(arrow.source), diagram.box(arrow.target)
    return a.x + a.width, a.y + a.height / 2, b.x, b.y + b.height / 2


def _box_svg(box: Box) -> str:
    stroke, fill, dashed = STYLES[box.role]
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    parts = [f'<rect x="{box.x:g}" y="{box.y:g}" width="{box.width:g}" height="{box.height:g}" rx="10" '
             f'fill="{fill}" stroke="{stroke}" stroke-width="2"{dash}/>']
    first = box.y + box.height / 2 - (len(box.lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
    for i, line in enumerate(box.lines):
        weight = ' font-weight="bold"' if i == 0 else ""
        parts.append(f'<text x="{box.x + box.width / 2:g}" y="{first + i * LINE_HEIGHT:g}" '
                     f'text-anchor="middle"{weight}>{html.escape(line)}</text>')
    return "\n".join(parts)


def _arrow_svg(diagram: Diagram, arrow: Arrow) -> str:
    x1, y1, x2, y2 = _edge_points(diagram, arrow)
    return (f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2 - 3:g}" y2="{y2:g}" stroke="#333333" stroke-width="2" '
            f'marker-end="url(#{diagram.key}-head)"/>')


def _modifier_svg(diagram: Diagram, mod: Modifier) -> str:
    source = diagram.box(mod.source)
    x1, y1, x2, y2 = _edge_points(diagram, mod.on)
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    sx, sy = source.x + source.width / 2, source.y
    # The label sits beside the dashed line, halfway along it, on the side the diagram chose (labels must not meet).
    lx, ly = (sx + mx) / 2, (sy + my) / 2 + FONT_SIZE * 0.35
    anchor, offset = ("end", -10) if mod.side == "left" else ("start", 10)
    return "\n".join([
        f'<line x1="{sx:g}" y1="{sy:g}" x2="{mx:g}" y2="{my + 6:g}" stroke="{PALETTE["blue"]}" stroke-width="2" '
        f'stroke-dasharray="7 5" marker-end="url(#{diagram.key}-head-support)"/>',
        f'<text x="{lx + offset:g}" y="{ly:g}" text-anchor="{anchor}" font-style="italic" '
        f'fill="#1a1a1a">{html.escape(mod.label)}</text>',
    ])


def to_svg(diagram: Diagram) -> str:
    """The diagram as a standalone SVG document, labelled for assistive technology (title and description)."""
    title_id, desc_id = f"{diagram.key}-title", f"{diagram.key}-desc"
    head = (f'<marker id="{diagram.key}-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333333"/></marker>')
    head_support = head.replace(f'id="{diagram.key}-head"', f'id="{diagram.key}-head-support"').replace(
        'fill="#333333"', f'fill="{PALETTE["blue"]}"')
    body = [_box_svg(b) for b in diagram.boxes]
    body += [_arrow_svg(diagram, a) for a in diagram.arrows]
    body += [_modifier_svg(diagram, m) for m in diagram.modifiers]
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {diagram.width} {diagram.height}" '
        f'width="{diagram.width}" height="{diagram.height}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif" '
        f'font-size="{FONT_SIZE}" fill="#1a1a1a">',
        f'<title id="{title_id}">{html.escape(diagram.title)}</title>',
        f'<desc id="{desc_id}">{html.escape(describe(diagram))}</desc>',
        f"<defs>{head}{head_support}</defs>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        *body,
        "</svg>",
        "",
    ])


def figure_path(key: str, folder: Path = CHAPTER_DIR) -> Path:
    """Where the chapter keeps the SVG file of a diagram."""
    return folder / "figures" / f"{key}-pathways.svg"


def write_figures(folder: Path = CHAPTER_DIR) -> list[Path]:
    """(Re)write the chapter's diagram files; return their paths."""
    written = []
    for key, diagram in diagrams().items():
        path = figure_path(key, folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_svg(diagram), encoding="utf-8")
        written.append(path)
    return written


# ------------------------------------------------------------------------------------------ statistics of buffering


def simulated_survey() -> pd.DataFrame:
    """The course's simulated survey (``data/buffering_sim.csv``, SIMULATED: see its codebook), marked as simulated."""
    df = load("buffering_sim")  # validated row by row against its codebook
    df.attrs["simulated"] = True
    df.attrs["note"] = "SIMULATED DATA (data/buffering_sim.csv): not real observations."
    return df


def power_curve_chart(curve: pd.DataFrame, target: float = 0.8) -> alt.LayerChart:
    """Simulated power against n, one line per measurement condition (from ``buffering.power_curve``).

    Colour is paired with dashes and point shapes, and a rule marks the conventional ``target`` power.
    """
    needed = {"n", "measures", "power", "analytic"}
    if not needed <= set(curve.columns):
        raise ValueError(f"The power curve needs the columns {sorted(needed)}; it has {list(curve.columns)}.")
    labels = list(dict.fromkeys(curve["measures"]))
    colours = [PALETTE["blue"], PALETTE["vermillion"], PALETTE["green"], PALETTE["pink"]][: len(labels)]
    legend = {"scale": alt.Scale(domain=labels, range=colours), "title": "Measures"}
    # Label only the simulated sample sizes: a log axis's default ticks (100, 200, ..., 500, 600, ...) collide.
    ticks = sorted({int(n) for n in curve["n"]})
    x = alt.X("n:Q", title="Sample size n",
              scale=alt.Scale(type="log", domain=[float(curve["n"].min()), float(curve["n"].max())], nice=False),
              axis=alt.Axis(values=ticks, format="d", labelOverlap="greedy"))
    y = alt.Y("power:Q", title="Power to detect the interaction", scale=alt.Scale(domain=[0, 1]))
    tooltip = ["n:Q", "measures:N", alt.Tooltip("power:Q", format=".3f"), alt.Tooltip("analytic:Q", format=".3f")]
    base = alt.Chart(curve).encode(x=x, y=y, color=alt.Color("measures:N", **legend))
    lines = base.mark_line().encode(strokeDash=alt.StrokeDash("measures:N", legend=None))
    points = base.mark_point().encode(shape=alt.Shape("measures:N", legend=None), tooltip=tooltip)
    rule = alt.Chart(pd.DataFrame({"power": [target]})).mark_rule(color="#555555", strokeDash=[3, 3]).encode(
        y="power:Q")
    return alt.layer(lines, points, rule).properties(
        width=480, height=300, title="Power to detect a buffering interaction",
        description=(f"Line chart of simulated power against sample size (log scale) for {' and '.join(labels)}; "
                     f"a dashed horizontal line marks power {target:g}."),
    )


# ------------------------------------------------------------------------------------------------- worked example
def scatter_with_fit(data: pd.DataFrame, x: str, y: str, *, x_title: str | None = None, y_title: str | None = None,
                     title: str = "") -> alt.LayerChart:
    """A scatter plot of ``y`` against ``x`` with its least-squares line (rows missing either value are left out).

    Points overlap on integer scales, so they are drawn semi-transparent; the line is Vega-Lite's own regression
    transform, which fits the same ordinary least squares as ``smf.ols(f"{y} ~ {x}")``.
    """
    missing = [name for name in (x, y) if name not in data.columns]
    if missing:
        raise ValueError(f"Column(s) {missing} not in the data; columns are {list(data.columns)}.")
    shown = data[[x, y]].dropna()
    if len(shown) < 3:
        raise ValueError(f"Only {len(shown)} rows have both {x!r} and {y!r}: at least 3 are needed for a line.")
    enc_x = alt.X(f"{x}:Q", title=x_title or x, scale=alt.Scale(zero=False))
    enc_y = alt.Y(f"{y}:Q", title=y_title or y)
    base = alt.Chart(shown)
    points = base.mark_circle(size=60, opacity=0.55, color=PALETTE["blue"]).encode(
        x=enc_x, y=enc_y, tooltip=[f"{x}:Q", f"{y}:Q"])
    line = base.transform_regression(x, y).mark_line(color=PALETTE["vermillion"]).encode(x=enc_x, y=enc_y)
    return alt.layer(points, line).properties(
        width=420, height=300, title=title or f"{y_title or y} against {x_title or x}",
        description=(f"Scatter plot of {y_title or y} against {x_title or x} for {len(shown)} people, "
                     "with the least-squares line."),
    )


def _complete(data: pd.DataFrame, x: str, y: str, least: int = 4) -> pd.DataFrame:
    missing = [name for name in (x, y) if name not in data.columns]
    if missing:
        raise ValueError(f"Column(s) {missing} not in the data; columns are {list(data.columns)}.")
    shown = data[[x, y]].dropna()
    if len(shown) < least:
        raise ValueError(f"Only {len(shown)} rows have both {x!r} and {y!r}: at least {least} are needed.")
    return shown


def influence(data: pd.DataFrame, x: str, y: str) -> pd.DataFrame:
    """Influence diagnostics of ``y ~ x`` per person, most influential first: Cook's distance, leverage, residual.

    Columns: ``x``, ``y`` (named after the variables), ``cooks_d``, ``leverage`` (the hat value) and
    ``student_resid`` (externally studentised residual). The frame keeps the data's row labels, so a row can be
    dropped from the data by its label.
    """
    import statsmodels.formula.api as smf

    shown = _complete(data, x, y)
    diagnostics = smf.ols(f"{y} ~ {x}", data=shown).fit().get_influence()
    frame = shown.assign(cooks_d=diagnostics.cooks_distance[0], leverage=diagnostics.hat_matrix_diag,
                         student_resid=diagnostics.resid_studentized_external)
    return frame.sort_values("cooks_d", ascending=False, kind="stable")


def fragility_checks(data: pd.DataFrame, x: str, y: str) -> pd.DataFrame:
    """How much a simple regression ``y ~ x`` rests on its assumptions and on single people.

    One row per check: ordinary least squares; the same with heteroscedasticity-robust (HC3) standard errors; OLS
    without the single most influential person (largest Cook's distance); and Spearman's rank correlation, which uses
    only the order of the values. Columns: ``check``, ``estimate``, ``estimates`` (what the number is), ``p``, ``n``.
    """
    import statsmodels.formula.api as smf
    from scipy import stats

    shown = _complete(data, x, y)
    formula = f"{y} ~ {x}"
    ols = smf.ols(formula, data=shown).fit()
    robust = smf.ols(formula, data=shown).fit(cov_type="HC3")
    top = influence(shown, x, y).index[0]
    without = smf.ols(formula, data=shown.drop(index=top)).fit()
    rho, rho_p = stats.spearmanr(shown[x], shown[y])
    slope = f"slope of {y} per point of {x}"
    rows = [
        ("OLS, everyone", ols.params[x], slope, ols.pvalues[x], int(ols.nobs)),
        ("OLS, robust (HC3) standard error", robust.params[x], slope, robust.pvalues[x], int(robust.nobs)),
        ("OLS without the most influential person", without.params[x], slope, without.pvalues[x], int(without.nobs)),
        ("Spearman rank correlation", rho, "rank correlation", rho_p, len(shown)),
    ]
    return pd.DataFrame(rows, columns=["check", "estimate", "estimates", "p", "n"]).astype(
        {"estimate": float, "p": float})


def influence_chart(data: pd.DataFrame, x: str, y: str, *, x_title: str | None = None,
                    y_title: str | None = None) -> alt.LayerChart:
    """The scatter of ``y`` against ``x`` with two least-squares lines: everyone, and without the most influential
    person, who is drawn as a larger square. Line style and point shape carry the distinction as well as colour."""
    frame = influence(data, x, y)
    top = frame.index[0]
    points = frame[[x, y]].assign(who=["most influential person" if i == top else "everyone else" for i in frame.index])
    fits = pd.concat([frame[[x, y]].assign(fit="everyone"),
                      frame.drop(index=top)[[x, y]].assign(fit="without the most influential person")])
    enc_x = alt.X(f"{x}:Q", title=x_title or x, scale=alt.Scale(zero=False))
    enc_y = alt.Y(f"{y}:Q", title=y_title or y)
    who = alt.Scale(domain=["everyone else", "most influential person"], range=[PALETTE["blue"], PALETTE["vermillion"]])
    dots = alt.Chart(points).mark_point(filled=True, opacity=0.6).encode(
        x=enc_x, y=enc_y, color=alt.Color("who:N", title="Person", scale=who),
        shape=alt.Shape("who:N", title="Person", scale=alt.Scale(domain=who.domain, range=["circle", "square"])),
        size=alt.Size("who:N", legend=None, scale=alt.Scale(domain=who.domain, range=[50, 160])),
        tooltip=[f"{x}:Q", f"{y}:Q"])
    fit_scale = alt.Scale(domain=["everyone", "without the most influential person"],
                          range=[PALETTE["black"], PALETTE["green"]])
    lines = alt.Chart(fits).transform_regression(x, y, groupby=["fit"]).mark_line(strokeWidth=2.5).encode(
        x=enc_x, y=enc_y, color=alt.Color("fit:N", title="Least-squares line", scale=fit_scale),
        strokeDash=alt.StrokeDash("fit:N", legend=None, scale=alt.Scale(domain=fit_scale.domain,
                                                                         range=[[1, 0], [6, 4]])))
    label = points.loc[top]
    return alt.layer(dots, lines).resolve_scale(color="independent").properties(
        width=420, height=300, title=f"One person's pull on the line ({len(frame)} people)",
        description=(f"Scatter plot of {y_title or y} against {x_title or x} for {len(frame)} people with two "
                     f"least-squares lines, for everyone and without the most influential person "
                     f"({x} {label[x]:g}, {y} {label[y]:g}); the second line is flatter."),
    )


if __name__ == "__main__":  # python -m socialties.chapters.mechanisms  -> regenerate the figures
    for written_path in write_figures():
        print(written_path)
