"""Small tables for chapter pages: no meaningless index column, p-values as a reader expects them ("< .001").

pandas shows its row index on every table, and a p-value of 3e-12 rounds to "0.0", which reads as "impossible".
:func:`table` renders a frame as plain HTML without the index (a stable string, unlike a ``Styler``'s random ids, so
nbval can compare it), and :func:`format_p` writes p-values in the usual reporting style.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd


def format_p(p: float, digits: int = 3) -> str:
    """A p-value for a reader: ``"< .001"`` below 0.001, else ``digits`` decimals without the leading zero."""
    value = float(p)
    if not np.isfinite(value) or not 0.0 <= value <= 1.0:
        raise ValueError(f"A p-value lies between 0 and 1, got {p!r}.")
    floor = 10.0 ** -digits
    if value < floor:
        return f"< {floor:.{digits}f}".replace("0.", ".", 1)
    return f"{value:.{digits}f}".replace("0.", ".", 1) if value < 1 else "1"


class Table:
    """An HTML table shown in notebooks and the book; ``text`` is its plain-text form (for the text/plain output)."""

    def __init__(self, frame: pd.DataFrame, caption: str = "") -> None:
        self.frame = frame
        self.caption = caption

    def _repr_html_(self) -> str:
        body = self.frame.to_html(index=False, border=0, classes="st-table", escape=True, na_rep="")
        if self.caption:
            body = body.replace(">\n  <thead>", f">\n  <caption>{html.escape(self.caption)}</caption>\n  <thead>", 1)
        return body

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


def table(frame: pd.DataFrame, *, decimals: int | None = 3, p_columns: tuple[str, ...] = ("p",),
          caption: str = "") -> Table:
    """``frame`` without its index, floats rounded to ``decimals``, columns named in ``p_columns`` as p-values."""
    shown = frame.copy()
    for column in shown.columns:
        if column in p_columns:
            shown[column] = [format_p(p) for p in shown[column]]
        elif decimals is not None and pd.api.types.is_float_dtype(shown[column]):
            shown[column] = shown[column].round(decimals)
    return Table(shown, caption)


def coefficients(fit, alpha: float = 0.05, decimals: int = 3) -> Table:
    """A fitted statsmodels regression's coefficients as a clean table: term, estimate, SE, t, p, confidence interval.

    The same numbers as ``fit.summary().tables[1]``, with p-values written "< .001" rather than "0.000".
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie between 0 and 1, got {alpha}.")
    interval = fit.conf_int(alpha)
    level = f"{1 - alpha:.0%}"
    frame = pd.DataFrame({
        "term": list(fit.params.index),
        "estimate": fit.params.to_numpy(float),
        "SE": fit.bse.to_numpy(float),
        "t": fit.tvalues.to_numpy(float),
        "p": fit.pvalues.to_numpy(float),
        f"{level} CI, lower": interval.iloc[:, 0].to_numpy(float),
        f"{level} CI, upper": interval.iloc[:, 1].to_numpy(float),
    })
    return table(frame, decimals=decimals)
