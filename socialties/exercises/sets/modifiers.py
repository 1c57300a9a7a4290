"""Assignment "02-modifiers": the graded exercises of chapter 2 (exercises/02-modifiers.ipynb).

The code questions use the real data of the chapter: the GSS happiness file prepared by
:func:`socialties.chapters.modifiers.gss_frame` (``weekly`` built from ``attend``) and the Midtown Manhattan table.
Their references are computed from those files with statsmodels and :mod:`socialties.modifiers`, as a student is
asked to; ``tests/test_modifiers_set.py`` recomputes each key independently. Conceptual questions follow the
chapter's sources (Kawachi & Berkman 2001; Gelman & Stern 2006; Knol & VanderWeele 2012; the widowhood studies and
the cognition cohorts of facts.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from socialties.exercises.questions import CodeCheck, MultipleChoice, Numeric, Option, Reflection
from socialties.exercises.registry import Assignment

#: q3: the four risks of the prompt, (x, m) -> risk.
Q3_RISKS = {(0, 0): 0.08, (1, 0): 0.12, (0, 1): 0.16, (1, 1): 0.30}
#: q8: the slope difference to detect (SD units), residual SD, SD of support, and the target power.
Q8_DELTA, Q8_SIGMA, Q8_SD, Q8_POWER = 0.3, 1.0, 1.0, 0.8


def _gss() -> pd.DataFrame:
    from socialties.chapters.modifiers import gss_frame

    return gss_frame()


def reference_q3() -> float:
    """q3: RERI = RR11 - RR10 - RR01 + 1 from the prompt's four risks."""
    p = Q3_RISKS
    return (p[(1, 1)] - p[(1, 0)] - p[(0, 1)] + p[(0, 0)]) / p[(0, 0)]


def reference_q4() -> list[float]:
    """q4: the risk difference of being very happy, weekly vs not, in men and in women (in that order)."""
    data = _gss()[["vhappy", "weekly", "female"]].dropna()
    risks = data.groupby(["female", "weekly"])["vhappy"].mean()
    return [float(risks[(0.0, 1.0)] - risks[(0.0, 0.0)]), float(risks[(1.0, 1.0)] - risks[(1.0, 0.0)])]


def reference_q5() -> float:
    """q5: the ratio of odds ratios, exp of the weekly:college coefficient of logit(vhappy ~ weekly * college)."""
    import statsmodels.formula.api as smf

    data = _gss()[["vhappy", "weekly", "college"]].dropna()
    fit = smf.logit("vhappy ~ weekly * college", data=data).fit(disp=0)
    return float(np.exp(fit.params["weekly:college"]))


def reference_q6() -> float:
    """q6: the RERI (risk ratios) of weekly attendance and being a woman, outcome very happy."""
    from socialties.modifiers import reri_from_risks, risk_table

    data = _gss()[["vhappy", "weekly", "female"]].dropna()
    return reri_from_risks(risk_table(data, "vhappy", "weekly", "female")).estimate


def reference_q8() -> int:
    """q8: the smallest n per group with power >= 0.8 for a slope difference of 0.3 (sigma 1, SD of support 1)."""
    from socialties.modifiers import slope_difference_power

    n = 5
    while slope_difference_power(Q8_DELTA, sigma=Q8_SIGMA, n1=n, sd_x1=Q8_SD, n2=n, sd_x2=Q8_SD) < Q8_POWER:
        n += 1
    return n


def reference_q10() -> float:
    """q10: the linear-by-linear M^2 of the Midtown table with Mild and Moderate merged (scores 1, 2, 3)."""
    from socialties.chapters.modifiers import midtown_table
    from socialties.modifiers import linear_by_linear

    table = midtown_table()
    merged = pd.DataFrame({"Well": table["Well"], "Mild or moderate": table["Mild"] + table["Moderate"],
                           "Impaired": table["Impaired"]})
    return linear_by_linear(merged).statistic


ASSIGNMENT = Assignment(
    name="02-modifiers",
    title="Modifiers: gender, socioeconomic position and the life course",
    questions=[
        MultipleChoice(
            qid="q1",
            prompt=(
                "A study of 300 adults reports that perceived support predicts fewer depressive symptoms in women "
                "(p = .01) but not in men (p = .30), and concludes that support protects women more than men. What "
                "is the best response?"
            ),
            options=[
                Option("The conclusion follows: one effect is significant and the other is not",
                       feedback="Two p-values against zero do not compare the groups with each other. The difference "
                                "between a significant and a non-significant estimate need not be significant."),
                Option("The study has not tested the difference; it needs the support x gender interaction",
                       correct=True,
                       feedback="Yes: only the interaction term (or an equivalent test of the difference) asks "
                                "whether the slopes differ, and with its interval it says by how much."),
                Option("The conclusion is wrong: the effects must be equal, since men's p-value is above .05",
                       feedback="A non-significant result in men is not evidence of no effect in men, and it says "
                                "nothing about whether the groups are equal."),
                Option("The study should have used a one-sided test in men",
                       feedback="Changing the test in one group does not compare the groups; it only makes a "
                                "split verdict more or less likely."),
            ],
            solution="Test the interaction: comparing the two p-values is not a test of a difference.",
        ),
        MultipleChoice(
            qid="q2",
            prompt=(
                "In group A an exposure raises the risk of an outcome from 5% to 10%; in group B from 20% to 40%. "
                "Which statement is true?"
            ),
            options=[
                Option("There is modification on the additive scale but not on the multiplicative scale",
                       correct=True,
                       feedback="Yes: the risk ratio is 2 in both groups, while the risk difference is 5 points in A "
                                "and 20 points in B."),
                Option("There is modification on the multiplicative scale but not on the additive scale",
                       feedback="Compute the risk ratios: 10/5 and 40/20 are both 2. The ratios agree; the "
                                "differences do not."),
                Option("There is no modification on either scale",
                       feedback="The risk differences, 5 and 20 percentage points, differ fourfold."),
                Option("There is modification on both scales",
                       feedback="The risk ratios are equal (2 and 2), so there is no multiplicative modification."),
            ],
            solution="Additive only: RR = 2 in both groups; RD = 0.05 vs 0.20.",
        ),
        Numeric(
            qid="q3",
            prompt=(
                "Among people exposed to neither factor the risk of depression is 0.08; with factor A only 0.12; "
                "with factor B only 0.16; with both 0.30. Compute the relative excess risk due to interaction "
                "(RERI), using risk ratios against the group with neither factor."
            ),
            answer=reference_q3(),
            abs_tol=0.005,
            rel_tol=0.0,
            solution=(
                "$RR_{10} = 0.12/0.08 = 1.5$, $RR_{01} = 0.16/0.08 = 2$, $RR_{11} = 0.30/0.08 = 3.75$, so "
                "RERI $= 3.75 - 1.5 - 2 + 1 = 1.25$. (The interaction contrast on the risk scale, "
                "$0.30 - 0.12 - 0.16 + 0.08 = 0.10$, is the RERI times the reference risk.)"
            ),
        ),
        CodeCheck(
            qid="q4",
            prompt=(
                "Using `gss` (the GSS data with the chapter's `weekly` flag), compute the **risk difference** of "
                "being very happy (`vhappy`) for weekly attenders vs others, separately in men (`female == 0`) and "
                "in women (`female == 1`). Set `q4_answer` to a list `[men, women]`. Leave out rows with a missing "
                "`weekly`."
            ),
            expected=reference_q4,
            abs_tol=1e-6,
            rel_tol=1e-6,
            solution=(
                "```python\nused = gss[[\"vhappy\", \"weekly\", \"female\"]].dropna()\n"
                "risk = used.groupby([\"female\", \"weekly\"])[\"vhappy\"].mean()\n"
                "q4_answer = [risk[(0, 1)] - risk[(0, 0)], risk[(1, 1)] - risk[(1, 0)]]\n```"
            ),
        ),
        CodeCheck(
            qid="q5",
            prompt=(
                "Fit the logistic model `vhappy ~ weekly * college` to `gss` with `smf.logit` and set `q5_answer` to "
                "the **ratio of odds ratios** (the odds ratio for weekly attendance among college graduates divided "
                "by that among the others): a number above 0."
            ),
            expected=reference_q5,
            abs_tol=1e-5,
            rel_tol=1e-5,
            solution=(
                "```python\nfit = smf.logit(\"vhappy ~ weekly * college\", data=gss).fit(disp=0)\n"
                "q5_answer = np.exp(fit.params[\"weekly:college\"])\n```"
            ),
        ),
        CodeCheck(
            qid="q6",
            prompt=(
                "With weekly attendance and being a woman as the two factors and being very happy as the outcome, "
                "compute the RERI from **risk ratios** (the four groups' risks, men who do not attend weekly as the "
                "reference). You may use `modifiers.risk_table` and `modifiers.reri_from_risks` or compute it by "
                "hand. Set `q6_answer` to the estimate (a number)."
            ),
            expected=reference_q6,
            abs_tol=1e-6,
            rel_tol=1e-6,
            solution=(
                "```python\nused = gss[[\"vhappy\", \"weekly\", \"female\"]].dropna()\n"
                "q6_answer = modifiers.reri_from_risks(modifiers.risk_table(used, \"vhappy\", \"weekly\", "
                "\"female\")).estimate\n```"
            ),
        ),
        MultipleChoice(
            qid="q7",
            prompt=(
                "In the GSS, weekly attendance goes with about 13 extra percentage points of being very happy in "
                "higher-income households and about 8 in lower-income ones, yet the two odds ratios are similar "
                "(about 1.76 and 1.55). What explains the difference between the scales?"
            ),
            options=[
                Option("Lower-income respondents are less often very happy to begin with, so a similar ratio means "
                       "fewer percentage points", correct=True,
                       feedback="Yes: a ratio applied to a lower baseline gives a smaller difference. The scales "
                                "answer different questions."),
                Option("The logistic model is wrong for these data",
                       feedback="Both models can describe the four groups' risks exactly; they express the same "
                                "risks on different scales."),
                Option("The additive model has more people in it",
                       feedback="Both models use the same rows. The difference is in how an effect is measured."),
                Option("Income confounds the association, so neither scale can be used",
                       feedback="Confounding is a separate question. Here income is the modifier, and the issue is "
                                "the scale on which modification is measured."),
            ],
            solution="Different baseline risks: the same ratio is a smaller difference on a lower baseline.",
        ),
        Numeric(
            qid="q8",
            prompt=(
                "You plan a study to test whether the slope of distress on support differs between women and men, "
                "with equal numbers of each. Support and distress are in SD units, the residual SD is 1, support's "
                "SD is 1 in both groups, and you want 80% power (two-sided, 5% level) for a slope difference of "
                "0.3. Using `modifiers.slope_difference_power`, how many people do you need **in each group**?"
            ),
            answer=float(reference_q8()),
            rel_tol=0.03,
            solution=(
                "```python\nn = 5\nwhile modifiers.slope_difference_power(0.3, sigma=1, n1=n, sd_x1=1, n2=n, "
                "sd_x2=1) < 0.8:\n    n += 1\nn\n```\n"
                f"About {reference_q8()} per group, {2 * reference_q8()} in all: far more than most subgroup analyses "
                "have."
            ),
        ),
        MultipleChoice(
            qid="q9",
            prompt="Which summary of the evidence on widowhood and gender does the chapter's evidence support?",
            options=[
                Option("Widowhood is consistently more damaging to men's mental health than to women's",
                       feedback="That is the review's claim, but later studies disagree: several find no gender "
                                "difference in depressive symptoms after widowhood."),
                Option("Widowhood harms both sexes; whether men fare worse, and for how long, is contested",
                       correct=True,
                       feedback="Yes: Sasson & Umberson and Schaan found no gender difference or interaction; "
                                "Jadhav & Weir found men's depression lasting longer in most countries."),
                Option("Widowhood has no effect on depression once selection is accounted for",
                       feedback="All the studies found that depressive symptoms rise after widowhood."),
                Option("The GSS data of this chapter settle the question: widowed men are less happy",
                       feedback="The GSS file's `widowed` column holds only 'yes', 'iap' and missing values; it "
                                "cannot identify widowed people and must not be used for this."),
            ],
            solution="Contested: both sexes are harmed; the gender difference is not settled.",
        ),
        CodeCheck(
            qid="q10",
            prompt=(
                "Merge the Midtown table's `Mild` and `Moderate` columns into one, giving three ordered columns "
                "(Well, Mild or moderate, Impaired), and compute the linear-by-linear statistic $M^2$ with scores "
                "1, 2, 3 for the columns and 1 to 6 for the SES rows. `midtown` is the 6 x 4 table. Set "
                "`q10_answer` to $M^2$."
            ),
            expected=reference_q10,
            abs_tol=1e-6,
            rel_tol=1e-6,
            solution=(
                "```python\nmerged = pd.DataFrame({\"Well\": midtown[\"Well\"],\n"
                "                       \"Mild or moderate\": midtown[\"Mild\"] + midtown[\"Moderate\"],\n"
                "                       \"Impaired\": midtown[\"Impaired\"]})\n"
                "q10_answer = modifiers.linear_by_linear(merged).statistic\n```"
            ),
        ),
        MultipleChoice(
            qid="q11",
            prompt=(
                "In the chapter's forest plot, Fabrigoule et al.'s relative risk for travelling, 0.48 (95% CI 0.24 to "
                "0.94), is shown as 2.08. Which reading is right?"
            ),
            options=[
                Option("People who did not travel had about twice the risk of dementia of those who did, with an "
                       "interval from about 1.06 to 4.2", correct=True,
                       feedback="Yes: inverting the ratio swaps the groups; the interval is inverted and its ends "
                                "swapped (1/0.94 and 1/0.24)."),
                Option("Travelling doubles the risk of dementia",
                       feedback="The inversion swaps the groups: 2.08 is the risk of the *non*-travellers "
                                "relative to the travellers."),
                Option("The three studies' estimates can be averaged to a pooled relative risk of about 2",
                       feedback="The estimates use different exposures, outcomes and adjustments, and several come "
                                "from the same participants: pooling them would not be meaningful."),
                Option("Estimates drawn without an interval are the most precise ones",
                       feedback="A missing line means the course has not verified an interval, not that the "
                                "estimate is precise."),
            ],
            solution="Non-travellers vs travellers, RR about 2.08 (1.06 to 4.17).",
        ),
        MultipleChoice(
            qid="q12",
            prompt=(
                "A cohort of older adults finds a risk ratio of dementia of 1.8 for low social engagement. Excluding "
                "diagnoses in the first 2 years gives 1.7; excluding the first 6 years gives 1.0 (95% CI 0.7 to "
                "1.4). Which interpretation fits best?"
            ),
            options=[
                Option("Much of the association may be reverse causation: withdrawal in the years before a diagnosis",
                       correct=True,
                       feedback="Yes: an association that vanishes once several early years are excluded is what "
                                "a long prodrome of withdrawal would produce (the chapter's simulation)."),
                Option("Engagement protects against dementia, and the exclusion proves it",
                       feedback="An effect of engagement would survive the exclusion. Here the ratio falls to 1."),
                Option("Excluding years always biases the ratio towards 1, so the 1.8 is the right estimate",
                       feedback="Exclusion removes cases and widens intervals, but it does not push a real effect "
                                "to 1; in the simulation a causal effect survives every exclusion."),
                Option("Nothing can be learned: the 2-year and 6-year results disagree",
                       feedback="The pattern is informative: the ratio stays up with a short exclusion and vanishes "
                                "with a long one, which points to decline starting years before diagnosis."),
            ],
            solution="Reverse causation with a long prodrome; a causal effect would survive the exclusion.",
        ),
        Reflection(
            qid="q13",
            prompt=(
                "Choose one modifier (gender, socioeconomic position or age) and design a study of whether it "
                "modifies the link between one kind of tie and one mental health outcome. Which scale would you "
                "report the modification on and why, how large would the study need to be, and what would you do "
                "about reverse causation? A short paragraph; not graded."
            ),
            min_words=20,
        ),
    ],
)
