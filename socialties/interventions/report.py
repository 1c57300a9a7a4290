"""Plain-HTML tables for the chapter and the live explorer: numbers formatted here, every cell escaped."""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd


def format_p(p: float) -> str:
    """A p-value as a page shows it: "< .001" below .001, else three decimals without the leading zero."""
    if not 0 <= p <= 1:
        raise ValueError(f"A p-value lies in [0, 1], got {p}.")
    return "< .001" if p < 0.001 else f"{p:.3f}".lstrip("0") if p < 1 else "1.000"


def html_table(frame: pd.DataFrame, caption: str, formats: Mapping[str, str] | None = None) -> str:
    """An HTML table of ``frame`` (no index column), floats formatted by ``formats`` (default ``.3f``); "p" columns
    use :func:`format_p`."""
    formats = dict(formats or {})
    cell = 'style="padding:0.15em 0.7em;text-align:right"'

    def show(column: str, value: object) -> str:
        if column == "p" and isinstance(value, float):
            return format_p(value)
        if isinstance(value, float):
            return format(value, formats.get(column, ".3f"))
        return str(value)

    head = "".join(f'<th scope="col" {cell}>{html.escape(str(c))}</th>' for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td {cell}>{html.escape(show(str(c), v))}</td>" for c, v in zip(frame.columns, row))
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (f'<div class="st-table-wrap"><table class="table st-table"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


class HTMLTable:
    """A table that a notebook displays as clean HTML (``_repr_html_``), with a plain-text fallback."""

    def __init__(self, frame: pd.DataFrame, caption: str, formats: Mapping[str, str] | None = None) -> None:
        self.frame, self.caption, self.formats = frame, caption, formats

    def _repr_html_(self) -> str:
        return html_table(self.frame, self.caption, self.formats)

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.frame.round(3).to_string(index=False)}"


def table(frame: pd.DataFrame, caption: str, formats: Mapping[str, str] | None = None) -> HTMLTable:
    """Display ``frame`` as a captioned HTML table in a notebook."""
    return HTMLTable(frame, caption, formats)
