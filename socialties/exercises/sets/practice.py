"""Assignment "00-practice": a short practice set on real data (exercises/00-practice.ipynb).

The data are the ``socsupport`` survey of 95 students (R package DAAG, Maindonald & Braun; collected by Melissa
Manning, Australian National University): social-support subscales and the Beck Depression Inventory (``BDI``).
Every reference value is computed from the repository's ``data/socsupport.csv`` with pandas, exactly as a student
is asked to, so the checks follow the file. The set exercises every question type, and is the one the grading tests
and the instructors' page use as their example.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from socialties.exercises.questions import CodeCheck, MultipleChoice, Numeric, Option, Reflection
from socialties.exercises.registry import Assignment

#: q5: the cut-off used as an example in the prompt and in one of the probes.
CUTOFF = 20


def socsupport() -> pd.DataFrame:
    """The survey, read (and validated) from the repository's data folder."""
    from socialties.data import load

    return load("socsupport")


def reference_median_bdi() -> float:
    """q2: the median BDI score of the 95 students."""
    return float(socsupport()["BDI"].median())


def reference_mean_by_gender() -> pd.Series:
    """q3: the mean BDI score of each gender, a Series indexed by gender."""
    return socsupport().groupby("gender")["BDI"].mean()


def reference_correlation() -> float:
    """q4: Pearson's r between satisfaction with emotional support and BDI (the one missing value left out)."""
    data = socsupport()
    return float(data["emotionalsat"].corr(data["BDI"]))


def share_at_least(scores: Sequence[float], cutoff: float) -> float:
    """q5's reference: the proportion of scores at or above ``cutoff`` (missing scores left out)."""
    values = pd.Series(scores, dtype="float64").dropna()
    return float((values >= cutoff).mean()) if len(values) else float("nan")


def _probes() -> list[tuple]:
    return [(socsupport()["BDI"], CUTOFF), ([1, 2, 3, 4], 3), ([0.5, 10.0, 30.0], 10), ([5, 6], 40)]


ASSIGNMENT = Assignment(
    name="00-practice",
    title="Practice: social support and depressive symptoms in 95 students",
    questions=[
        MultipleChoice(
            qid="q1",
            prompt="In the `socsupport` data, what does a **higher** `BDI` score mean?",
            options=[
                Option("More depressive symptoms", correct=True,
                       feedback="Yes: the Beck Depression Inventory adds up symptom ratings, so higher means more "
                                "(or more severe) symptoms."),
                Option("More social support",
                       feedback="Support is measured by the other columns (`emotional`, `tangible`, `affect`, "
                                "`psi` and their satisfaction ratings); `BDI` measures symptoms."),
                Option("Better mental health",
                       feedback="It is the other way round: a higher BDI score means more depressive symptoms."),
            ],
            solution="(a) More depressive symptoms: the BDI sums the ratings of depressive symptoms.",
        ),
        Numeric(
            qid="q2",
            prompt="What is the **median** `BDI` score of the 95 students?",
            answer=reference_median_bdi(),
            abs_tol=0.01,
            rel_tol=0.0,
            solution="`socsupport['BDI'].median()` gives the middle score of the 95.",
        ),
        CodeCheck(
            qid="q3",
            prompt="Compute the mean `BDI` score of each gender as a pandas Series indexed by gender, "
                   "and store it in `q3_answer`.",
            expected=reference_mean_by_gender,
            abs_tol=1e-6,
            check_index=True,
            solution="```python\nq3_answer = socsupport.groupby('gender')['BDI'].mean()\n```",
        ),
        CodeCheck(
            qid="q4",
            prompt="Compute Pearson's correlation between `emotionalsat` (satisfaction with emotional support) and "
                   "`BDI`, leaving out the student whose `emotionalsat` is missing. Store the number in "
                   "`q4_answer`.",
            expected=reference_correlation,
            abs_tol=1e-6,
            solution="```python\nq4_answer = socsupport['emotionalsat'].corr(socsupport['BDI'])\n```\n"
                     "`Series.corr` leaves out the pairs with a missing value.",
        ),
        CodeCheck(
            qid="q5",
            prompt=f"Write a function `q5_answer(scores, cutoff)` that returns the **proportion** (between 0 and 1) "
                   f"of the scores at or above `cutoff`, leaving out missing scores; `scores` may be a list or a "
                   f"pandas Series. For example, the share of students with a `BDI` of {CUTOFF} or more.",
            expected=lambda: share_at_least,
            probes=_probes(),
            abs_tol=1e-9,
            solution="```python\ndef q5_answer(scores, cutoff):\n    values = pd.Series(scores, dtype=float).dropna()"
                     "\n    return float((values >= cutoff).mean())\n```",
        ),
        Reflection(
            qid="q6",
            prompt="The correlation in q4 is negative. Give one reason why, on its own, it does not show that "
                   "satisfying emotional support protects students against depression.",
            solution="A cross-sectional correlation cannot tell the direction: depressed students may rate the same "
                     "support as less satisfying, or a third factor may drive both.",
        ),
    ],
)
