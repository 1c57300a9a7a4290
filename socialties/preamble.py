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

theme.enable()
render.enable()

__all__ = ["alt", "np", "pd", "rng", "BASE_SEED", "PALETTE"]
