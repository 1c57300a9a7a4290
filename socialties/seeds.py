"""The random-seed convention: every random draw in the course comes from a named, seeded generator.

A chapter asks for ``rng("buffering-sample")``; the name is hashed (stably, not with Python's salted ``hash``) together
with the course-wide ``BASE_SEED``, so the same name gives the same numbers on every machine and every build, and two
names never share a stream by accident.
"""

from __future__ import annotations

import hashlib

import numpy as np

BASE_SEED = 20010901  # The review appeared in J Urban Health 78(3), September 2001.


def seed_for(name: str, base: int = BASE_SEED) -> int:
    """Return the integer seed for a named stream: stable across processes, platforms and Python versions."""
    digest = hashlib.sha256(f"{base}:{name}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "little")


def rng(name: str = "default", base: int = BASE_SEED) -> np.random.Generator:
    """Return a fresh NumPy generator for the named stream."""
    return np.random.default_rng(seed_for(name, base))
