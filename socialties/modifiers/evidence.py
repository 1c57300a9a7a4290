"""Published estimates of social engagement and cognitive decline in later life (the chapter's forest plot).

Every estimate is VERIFIED in ``facts.md``; Fabrigoule et al.'s 95% intervals are from their abstract (PubMed
7730528), which the chapter cites. Where the verified sources give no interval, the table has none: the plot shows
a point, not an invented interval. Fabrigoule et al. report the risk of dementia for
people who *do* an activity against those who do not (values below 1); to put every estimate on one direction
(less social vs more social, values above 1 = more risk for the less social), :func:`oriented` inverts them and says
so in the ``note`` column. Inverting a ratio changes its reference group, not its strength.
"""

from __future__ import annotations

import pandas as pd

#: One row per published estimate, as reported.
ESTIMATES: list[dict] = [
    {"study": "Fabrigoule 1995", "key": "fabrigoule1995social", "outcome": "dementia", "measure": "RR",
     "comparison": "travelling vs not", "estimate": 0.48, "low": 0.24, "high": 0.94, "reported_as": "activity"},
    {"study": "Fabrigoule 1995", "key": "fabrigoule1995social", "outcome": "dementia", "measure": "RR",
     "comparison": "odd jobs or knitting vs not", "estimate": 0.46, "low": 0.26, "high": 0.85,
     "reported_as": "activity"},
    {"study": "Fabrigoule 1995", "key": "fabrigoule1995social", "outcome": "dementia", "measure": "RR",
     "comparison": "gardening vs not", "estimate": 0.53, "low": 0.28, "high": 0.99, "reported_as": "activity"},
    {"study": "Bassuk 1999", "key": "bassuk1999social", "outcome": "cognitive decline, 3 years", "measure": "OR",
     "comparison": "no social ties vs 5-6 ties", "estimate": 2.24, "low": None, "high": None,
     "reported_as": "isolation"},
    {"study": "Bassuk 1999", "key": "bassuk1999social", "outcome": "cognitive decline, 6 years", "measure": "OR",
     "comparison": "no social ties vs 5-6 ties", "estimate": 1.91, "low": None, "high": None,
     "reported_as": "isolation"},
    {"study": "Bassuk 1999", "key": "bassuk1999social", "outcome": "cognitive decline, 12 years", "measure": "OR",
     "comparison": "no social ties vs 5-6 ties", "estimate": 2.37, "low": None, "high": None,
     "reported_as": "isolation"},
    {"study": "Fratiglioni 2000", "key": "fratiglioni2000influence", "outcome": "dementia", "measure": "RR",
     "comparison": "living alone or no close ties", "estimate": 1.5, "low": None, "high": None,
     "reported_as": "isolation"},
    {"study": "Fratiglioni 2000", "key": "fratiglioni2000influence", "outcome": "dementia", "measure": "RR",
     "comparison": "single and living alone", "estimate": 1.9, "low": None, "high": None,
     "reported_as": "isolation"},
    {"study": "Fratiglioni 2000", "key": "fratiglioni2000influence", "outcome": "dementia", "measure": "RR",
     "comparison": "poor or limited network", "estimate": 1.6, "low": 1.2, "high": 2.1, "reported_as": "isolation"},
]


#: How an inverted activity comparison reads (the less active group first).
INVERSE_COMPARISON = {
    "travelling vs not": "not travelling vs travelling",
    "odd jobs or knitting vs not": "no odd jobs or knitting vs doing them",
    "gardening vs not": "no gardening vs gardening",
}


#: Row labels for the forest plot, in the order of ESTIMATES, short enough for a phone.
SHORT_LABELS = [
    "Fabrigoule: no travelling",
    "Fabrigoule: no odd jobs/knitting",
    "Fabrigoule: no gardening",
    "Bassuk: no ties, 3 years",
    "Bassuk: no ties, 6 years",
    "Bassuk: no ties, 12 years",
    "Fratiglioni: alone/no close ties",
    "Fratiglioni: single, living alone",
    "Fratiglioni: poor network",
]


def estimates() -> pd.DataFrame:
    """The estimates as reported (``low``/``high`` missing where the source gives no interval)."""
    return pd.DataFrame(ESTIMATES).astype({"low": float, "high": float})


def oriented() -> pd.DataFrame:
    """The estimates turned to one direction: the less social group against the more social group.

    Activity estimates (Fabrigoule) are inverted (1 / RR; an interval would be inverted and swapped). ``label`` is a
    short row label for the plot (it must fit a phone); ``note`` says what was done.
    """
    table = estimates()
    flip = table["reported_as"] == "activity"
    out = table.copy()
    out.loc[flip, "estimate"] = 1 / table.loc[flip, "estimate"]
    out.loc[flip, "low"], out.loc[flip, "high"] = 1 / table.loc[flip, "high"], 1 / table.loc[flip, "low"]
    out["note"] = ["inverted from the reported " + f"{m} {e:.2f}" if f else f"as reported ({m})"
                   for f, m, e in zip(flip, table["measure"], table["estimate"])]
    out.loc[flip, "comparison"] = [INVERSE_COMPARISON[c] for c in table.loc[flip, "comparison"]]
    out["label"] = SHORT_LABELS
    return out
