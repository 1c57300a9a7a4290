"""The chapter preamble: ``from socialties.preamble import *`` at the top of a notebook, and nothing else.

It applies the course's chart theme and renderer and brings in the names chapters use, so that chapters stay about
the subject. Randomness comes from :func:`rng` with a name (see :mod:`socialties.seeds`), never from a global seed.
"""

import altair as alt
import numpy as np
import pandas as pd

from socialties import render, theme
from socialties.seeds import BASE_SEED, rng
from socialties.theme import PALETTE

try:  # myst-nb's glue stores an output for a captioned {glue:figure}; outside the book, show the object instead.
    from myst_nb import glue
except ImportError:  # pragma: no cover - only where myst-nb is not installed (e.g. a bare Colab runtime)
    from IPython.display import display as _show

    def glue(name: str, variable: object, display: bool = True) -> None:  # type: ignore[misc]
        """Stand-in for ``myst_nb.glue`` where myst-nb is missing: show the object if asked."""
        if display:
            _show(variable)

theme.enable()
render.enable()

__all__ = ["alt", "np", "pd", "rng", "glue", "BASE_SEED", "PALETTE"]
