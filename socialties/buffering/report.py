"""Plain-HTML reports of a moderated fit: the tables the live explorer shows (and its static snapshot).

Every value is a number formatted here or a name from the fit, escaped before it reaches HTML.
"""

from __future__ import annotations

import html

import numpy as np

from socialties.buffering.regression import ModeratedFit
from socialties.buffering.simulate import BufferingParams


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _p(p: float) -> str:
    return "&lt; .001" if p < 0.001 else f"{p:.3f}"


def _table(headers: list[str], rows: list[list[str]], caption: str) -> str:
    # Inline padding: the same HTML is shown by an ipywidgets HTML widget, where the book's CSS does not apply.
    cell = 'style="padding:0.15em 0.7em;text-align:right"'
    head = "".join(f'<th scope="col" {cell}>{_esc(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td {cell}>{value}</td>" for value in row) + "</tr>" for row in rows)
    return (
        f'<table class="table st-table"><caption>{_esc(caption)}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def fit_report_html(fit: ModeratedFit, params: BufferingParams | None = None) -> str:
    """Coefficients (estimate, SE, 95% CI, p), simple slopes and the Johnson-Neyman region, as HTML tables.

    With ``params`` (the simulation's truth) the report adds the true interaction and its value expected under
    measurement error (attenuated by the product of the reliabilities when stress and support are uncorrelated).
    """
    summary = fit.summary()
    level = int(round(100 * (1 - fit.alpha)))
    coef_rows = [
        [
            f"<code>{_esc(name)}</code>",
            f"{row.coef:.3f}",
            f"{row.se:.3f}",
            f"[{row.ci_lower:.3f}, {row.ci_upper:.3f}]",
            _p(row.p),
        ]
        for name, row in summary.iterrows()
    ]
    parts = [
        _table(
            ["term", "estimate", "SE", f"{level}% CI", "p"],
            coef_rows,
            f"{fit.y} ~ {fit.x} * {fit.z} (n = {fit.nobs}{', centred predictors' if fit.centered else ''})",
        )
    ]
    if params is not None:
        expected = params.b_int * params.rel_stress * params.rel_support if params.rho == 0 else np.nan
        note = (
            f"True interaction in the simulation: {params.b_int:.3f}"
            + (f"; expected with these reliabilities: about {expected:.3f}" if np.isfinite(expected) else "")
            + ". (SIMULATED DATA.)"
        )
        parts.append(f'<p class="st-note">{_esc(note)}</p>')
    slopes = fit.simple_slopes()
    slope_rows = [
        [
            _esc(row.level),
            f"{row[fit.z]:.3f}",
            f"{row.slope:.3f}",
            f"{row.se:.3f}",
            f"[{row.ci_lower:.3f}, {row.ci_upper:.3f}]",
            _p(row.p),
        ]
        for _, row in slopes.iterrows()
    ]
    parts.append(
        _table(
            [f"{fit.z} level", f"{fit.z}", f"slope of {fit.x}", "SE", f"{level}% CI", "p"],
            slope_rows,
            f"Simple slopes of {fit.x} at -1 SD, the mean and +1 SD of {fit.z}",
        )
    )
    jn = fit.johnson_neyman()
    observed = ""
    if jn.observed is not None:
        observed = f" (observed {fit.z} ranges from {jn.observed[0]:.2f} to {jn.observed[1]:.2f})"
    parts.append(f'<p class="st-note">Johnson-Neyman: {_esc(jn.describe(fit.z) + observed)}</p>')
    return "\n".join(parts)
