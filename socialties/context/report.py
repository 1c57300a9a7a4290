"""Small, clean HTML tables for the chapter's pages: no index column, rounded numbers, p-values as "< .001".

Pandas' own HTML (and its Styler, whose ids are random) would show an index column and raw floats; this writes
a plain ``<table>`` whose text is the same on every run and every machine.
"""

from __future__ import annotations

import html
import math
from numbers import Real

import pandas as pd
from IPython.display import HTML


def format_p(p: float) -> str:
    """A p-value for a reader: "< .001" below .001, else three decimals without the leading zero."""
    if not math.isfinite(p):
        return "n/a"
    return "< .001" if p < 0.001 else f"{p:.3f}".lstrip("0")


def _cell(value: object, decimals: int) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Real) and not isinstance(value, int):
        value = float(value)
        return "n/a" if not math.isfinite(value) else f"{value:.{decimals}f}"
    return html.escape(str(value))


def html_table(frame: pd.DataFrame, *, decimals: int = 3, caption: str = "") -> HTML:
    """``frame`` as an accessible HTML table (column headers with scope, optional caption), floats rounded."""
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v, decimals)}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return HTML(f'<table class="st-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
