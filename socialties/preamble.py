"""The chapter preamble: ``from socialties.preamble import *`` at the top of a notebook, and nothing else.

It applies the course's chart theme and renderer and brings in the names chapters use, so that chapters stay about
the subject. Randomness comes from :func:`rng` with a name (see :mod:`socialties.seeds`), never from a global seed.
"""

import altair as alt
import numpy as np
import pandas as pd

from socialties import render, theme
from socialties.portable import portable
from socialties.seeds import BASE_SEED, rng
from socialties.theme import PALETTE

try:  # myst-nb's glue stores an output for a captioned {glue:figure}; outside the book, show the object instead.
    from myst_nb import glue as _myst_glue
except ImportError:  # pragma: no cover - only where myst-nb is not installed (e.g. a bare Colab runtime)
    _myst_glue = None


def glue(name: str, variable: object, display: bool = True) -> None:
    """Store ``variable`` for ``{glue:}`` roles and figures, with numbers made portable first.

    Floats (NumPy's too) are rounded to 6 significant digits and tables' float columns likewise
    (:func:`socialties.portable.portable`), so the stored output is the same on every CPU. Use this ``glue``, never
    ``myst_nb.glue`` directly.

    In a live kernel (not :func:`socialties.render.static_mode`) nothing reads the stored outputs, and Jupyter does
    not draw the page's ``{glue:figure}``: a chart is shown where it is made (so a live notebook has every chart),
    other values only if ``display``.
    """
    value = portable(variable)
    if _myst_glue is not None and render.static_mode():
        _myst_glue(name, value, display=display)
    elif display or isinstance(value, alt.TopLevelMixin):
        from IPython.display import display as show
        show(value)

theme.enable()
render.enable()

__all__ = ["alt", "np", "pd", "rng", "glue", "BASE_SEED", "PALETTE"]
