"""The course's chart style: a colour-blind-safe palette and readable type, registered as an Altair theme.

The palette is Okabe & Ito's (2008), distinguishable under the common colour-vision deficiencies; charts should still
pair colour with a second channel (shape, dash, label) where the distinction matters.
"""

from __future__ import annotations

import altair as alt

#: Okabe-Ito palette, in the order charts use it.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "pink": "#CC79A7",
    "sky": "#56B4E9",
    "vermillion": "#D55E00",
    "yellow": "#F0E442",
    "black": "#000000",
}
CATEGORY = list(PALETTE.values())
#: Three ordered levels (low / average / high), e.g. of social support: dark to light is not relied on alone.
LEVELS3 = [PALETTE["vermillion"], PALETTE["black"], PALETTE["blue"]]

THEME_NAME = "socialties"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def theme_config() -> dict:
    """The Vega-Lite ``config`` block of the course theme."""
    return {
        "config": {
            "font": FONT,
            "background": "white",  # readable on the theme's dark mode too
            "view": {"continuousWidth": 480, "continuousHeight": 300, "stroke": None},
            "range": {"category": CATEGORY},
            "axis": {"labelFontSize": 13, "titleFontSize": 14, "titleFontWeight": "normal", "gridColor": "#e6e6e6"},
            # Under the chart, one entry per line: a horizontal legend does not wrap, and on a 390 px phone it
            # would be wider than the screen and squeeze the plot of a chart sized by its container.
            "legend": {"labelFontSize": 13, "titleFontSize": 13, "orient": "bottom", "direction": "vertical"},
            "title": {"fontSize": 16, "anchor": "start", "fontWeight": "normal", "subtitleFontSize": 13},
            "header": {"labelFontSize": 13, "titleFontSize": 14},
            "mark": {"color": PALETTE["blue"]},
            "line": {"strokeWidth": 2.5},
            "point": {"size": 60, "filled": True},
        }
    }


@alt.theme.register(THEME_NAME, enable=False)
def _course_theme() -> alt.theme.ThemeConfig:
    return theme_config()  # type: ignore[return-value]


def enable() -> None:
    """Make the course theme the active Altair theme."""
    alt.theme.enable(THEME_NAME)
