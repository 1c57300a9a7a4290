"""The linear-by-linear (Mantel) test of association in a table with two ordered classifications.

A chi-square test of independence ignores the order of the rows and columns; when both are ordered (parents' SES,
mental health status) a test that looks for a *trend* has one degree of freedom and far more power. With scores u for
rows and v for columns, and r the correlation of the scores over the N people, M^2 = (N - 1) r^2 is approximately
chi-square with 1 df under independence (Agresti 2013, section 3.4.1). Equally spaced scores are the usual choice;
the answer can depend on the scores, which a page should say.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats


@dataclass(frozen=True)
class LinearByLinear:
    """M^2 = (N - 1) r^2, its p-value (1 df), the score correlation r, N, and the z = sqrt(M^2) with r's sign."""

    statistic: float
    p: float
    r: float
    n: int
    z: float
    df: int = 1


def _scores(given, size: int, what: str) -> np.ndarray:
    scores = np.arange(1, size + 1, dtype=float) if given is None else np.asarray(given, dtype=float)
    if scores.shape != (size,):
        raise ValueError(f"{what} scores: expected {size} numbers, got {scores.shape[0] if scores.ndim else 0}.")
    if np.ptp(scores) == 0:
        raise ValueError(f"{what} scores must not all be equal.")
    return scores


def linear_by_linear(table, row_scores=None, col_scores=None) -> LinearByLinear:
    """Test a linear-by-linear association in a two-way table of counts (array or DataFrame, rows x columns).

    Scores default to 1, 2, 3, ... in the table's order. Raises ValueError on negative or non-finite counts or an
    empty table.
    """
    counts = np.asarray(table.to_numpy() if isinstance(table, pd.DataFrame) else table, dtype=float)
    if counts.ndim != 2 or min(counts.shape) < 2:
        raise ValueError(f"A two-way table with at least 2 rows and 2 columns is needed, got shape {counts.shape}.")
    if not np.all(np.isfinite(counts)) or np.any(counts < 0):
        raise ValueError("Counts must be finite and non-negative.")
    n = counts.sum()
    if n < 3:
        raise ValueError("The table needs at least 3 people.")
    u = _scores(row_scores, counts.shape[0], "Row")
    v = _scores(col_scores, counts.shape[1], "Column")
    row_tot, col_tot = counts.sum(axis=1), counts.sum(axis=0)
    u_mean, v_mean = row_tot @ u / n, col_tot @ v / n
    cov = (u - u_mean) @ counts @ (v - v_mean)
    r = float(cov / np.sqrt((row_tot @ (u - u_mean) ** 2) * (col_tot @ (v - v_mean) ** 2)))
    m2 = float((n - 1) * r**2)
    return LinearByLinear(statistic=m2, p=float(stats.chi2.sf(m2, 1)), r=r, n=int(n), z=float(np.sign(r) * np.sqrt(m2)))
