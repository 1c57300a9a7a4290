"""Chapter 2 (modifiers): the real data sets prepared for analysis, in a few named, documented steps.

* :func:`gss_frame`: the GSS happiness data with the binary variables the chapter uses, each built from its source
  column (``weekly`` from ``attend``, not the file's ``regattend``, which leaves out "every week"; see below);
* :func:`midtown_table` / :func:`midtown_shares`: the Midtown Manhattan 6 x 4 table, ordered;
* :func:`attendance_risks`: the four groups' shares very happy, for each modifier, for the scale chart.
"""

from __future__ import annotations

import pandas as pd

from socialties.data import GSS_ATTEND_ORDER, MIDTOWN_MENTAL_ORDER, load

#: Attending religious services at least nearly every week (the top three of the nine GSS categories).
WEEKLY = GSS_ATTEND_ORDER[-3:]
#: The GSS's top income band is open-ended: "$25000 or more" (nominal dollars of the survey year).
TOP_INCOME = "$25000 or more"
#: 16 or more years of schooling: a college degree, roughly.
COLLEGE_YEARS = 16
#: The modifiers of the GSS analysis: column -> (label, level 0, level 1).
GSS_MODIFIERS = {
    "female": ("gender", "men", "women"),
    "low_income": ("family income", "$25,000 or more", "under $25,000"),
    "college": ("education", "under 16 years", "16 years or more"),
}


def gss_frame() -> pd.DataFrame:
    """The GSS happiness data (17,137 rows) with ``weekly``, ``low_income``, ``college`` and ``not_happy`` added.

    Each added column is 0/1 and missing where its source is missing. The file's own ``regattend`` flags only
    "nrly every week" and "more thn once wk" and leaves out "every week" (a check of the flag against ``attend``
    shows it), so the chapter builds ``weekly`` from ``attend`` itself. The ``widowed`` column is dropped: it holds
    only "yes", "iap" and missing and cannot identify widowhood (data/README.md).
    """
    data = load("gss_happiness").drop(columns=["widowed"])
    attend, income, educ = data["attend"], data["income"], data["educ"]
    return data.assign(
        weekly=attend.isin(WEEKLY).astype(float).where(attend.notna()),
        low_income=(income != TOP_INCOME).astype(float).where(income.notna()),
        college=(educ >= COLLEGE_YEARS).astype(float).where(educ.notna()),
        not_happy=(data["happy"] == "not too happy").astype(float),
        vhappy=data["vhappy"].astype(float),
        female=data["female"].astype(float),
    )


def midtown_table() -> pd.DataFrame:
    """Counts by parents' SES (rows 1 = high .. 6 = low) and mental health status (columns Well .. Impaired)."""
    long = load("midtown_mental")
    table = long.pivot(index="ses", columns="mental", values="Freq").loc[:, list(MIDTOWN_MENTAL_ORDER)]
    table.columns.name = "mental"
    return table


def midtown_shares() -> pd.DataFrame:
    """The table in long form with each cell's share of its SES group (for the stacked bar chart)."""
    table = midtown_table()
    long = table.stack().rename("Freq").reset_index()
    long["share"] = long["Freq"] / long.groupby("ses")["Freq"].transform("sum")
    return long


def attendance_risks(data: pd.DataFrame | None = None, outcome: str = "vhappy") -> pd.DataFrame:
    """The share with ``outcome`` = 1 by weekly attendance and each modifier (columns modifier, stratum, exposed,
    n, risk)."""
    data = gss_frame() if data is None else data
    rows = []
    for column, (_label, level0, level1) in GSS_MODIFIERS.items():
        used = data[[outcome, "weekly", column]].dropna()
        for (exposed, level), group in used.groupby(["weekly", column]):
            rows.append({"modifier": column, "stratum": level1 if level == 1 else level0, "exposed": int(exposed),
                         "n": len(group), "risk": float(group[outcome].mean())})
    return pd.DataFrame(rows)


def html_table(frame: pd.DataFrame, caption: str) -> "HTML":
    """A results table as clean HTML: a caption, column headers, no index column, every value escaped."""
    import html as _html

    from IPython.display import HTML

    head = "".join(f'<th scope="col">{_html.escape(str(c))}</th>' for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return HTML(f'<table class="table st-table"><caption>{_html.escape(caption)}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
