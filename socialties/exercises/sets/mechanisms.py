"""Assignment "01-mechanisms": the graded exercises of chapter 1 (exercises/01-mechanisms.ipynb).

Conceptual questions follow the chapter's sources: Kawachi & Berkman 2001 and Cohen & Wills 1985 on the two models
and the kinds of support, Dunlap & Kemery 1988 on the reliability of a product term, McClelland & Judd 1993 on power.
The code questions use the course's SIMULATED survey ``data/buffering_sim.csv`` (see its codebook); their references
are computed from that file with statsmodels' formula API, exactly as a student is asked to.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from socialties.exercises.questions import CodeCheck, MultipleChoice, Numeric, Option, Reflection
from socialties.exercises.registry import Assignment

FORMULA = "distress ~ stress * support"

#: q5: the fitted (centred) model given in the prompt, and the moderator's SD.
Q5_B_STRESS, Q5_B_INT, Q5_SD_SUPPORT = 0.9, -0.3, 2.0
#: q8: the interaction's effect size and the target power.
Q8_F2, Q8_POWER = 0.02, 0.8


def _survey() -> pd.DataFrame:
    from socialties.chapters.mechanisms import simulated_survey

    return simulated_survey()


def _fit(data: pd.DataFrame):
    import statsmodels.formula.api as smf

    return smf.ols(FORMULA, data=data).fit()


def reference_interaction() -> float:
    """q6: the stress x support coefficient of ``distress ~ stress * support`` on the simulated survey."""
    return float(_fit(_survey()).params["stress:support"])


def reference_simple_slopes() -> np.ndarray:
    """q7: the stress slopes at support = mean - 1 SD, mean, mean + 1 SD (sample SD, ddof 1), in that order."""
    data = _survey()
    b = _fit(data).params
    mean, sd = data["support"].mean(), data["support"].std()
    levels = np.array([mean - sd, mean, mean + sd])
    return np.asarray(b["stress"] + b["stress:support"] * levels, dtype=float)


def reference_n_for_power() -> int:
    """q8: the smallest n with analytic power >= 0.8 for an interaction of f^2 = .02 (alpha .05)."""
    from socialties.buffering import n_for_power

    return n_for_power(Q8_POWER, f2=Q8_F2)


ASSIGNMENT = Assignment(
    name="01-mechanisms",
    title="Mechanisms: main effect and stress buffering",
    questions=[
        MultipleChoice(
            qid="q1",
            prompt=(
                "A survey finds that people with few friends and people with many friends report about the same "
                "distress when nothing bad has happened to them, but after a bereavement those with many friends "
                "report much less distress. Which model does this pattern fit?"
            ),
            options=[
                Option("The main effect model",
                       feedback="The main effect model predicts a difference at every level of stress, including "
                                "when nothing bad has happened. Here there is none without stress."),
                Option("The stress-buffering model", correct=True,
                       feedback="Yes: support matters only, or mostly, under stress. The lines meet at low stress "
                                "and fan out as stress rises."),
                Option("Neither: friends make no difference",
                       feedback="Friends make a large difference after a bereavement, so support is not irrelevant."),
            ],
            solution="The stress-buffering model: the benefit of support appears only under stress.",
        ),
        MultipleChoice(
            qid="q2",
            prompt=(
                "You plot distress against stress, with one line for people with low support and one for people "
                "with high support. What does the **main effect model alone** (no buffering) predict?"
            ),
            options=[
                Option("Two parallel lines, the high-support line lower", correct=True,
                       feedback="Yes: support lowers distress by the same amount at every level of stress, so the "
                                "stress slope is the same in both groups."),
                Option("Two lines that meet at low stress and fan out at high stress",
                       feedback="That is buffering: the stress slope depends on support."),
                Option("One line: the groups do not differ",
                       feedback="That would be no effect of support at all."),
                Option("A steeper line for the high-support group",
                       feedback="That would mean support makes stress *more* harmful, the opposite of buffering, "
                                "and it is still an interaction, not a main effect."),
            ],
            solution="Parallel lines: a main effect shifts the line without changing its slope.",
        ),
        MultipleChoice(
            qid="q3",
            prompt="Which of these are **structural** measures of social relationships? Choose all that apply.",
            multiple=True,
            options=[
                Option("Marital status", correct=True, feedback="Structural: a tie that exists, whatever it does."),
                Option("Whether someone would lend you money in an emergency",
                       feedback="Functional (perceived tangible support): it asks what a tie would do."),
                Option("The number of relatives and friends seen in the past month", correct=True,
                       feedback="Structural: the size and contact frequency of the network."),
                Option("Membership of a church or other group", correct=True,
                       feedback="Structural: a part of social integration."),
                Option("Satisfaction with the emotional support one gets",
                       feedback="Functional: an evaluation of what ties provide."),
            ],
            solution="Marital status, contacts with relatives and friends, and group membership are structural; the "
                     "other two are functional.",
        ),
        MultipleChoice(
            qid="q4",
            prompt=(
                "In Cohen and Wills's (1985) review, which kind of support measure tended to show a **main effect** "
                "(benefit at every level of stress) rather than buffering?"
            ),
            options=[
                Option("The perceived availability of help matched to the stressor",
                       feedback="That kind of measure tended to show buffering, not a main effect."),
                Option("The degree of integration in a large social network", correct=True,
                       feedback="Yes: integration measures went with main effects."),
                Option("Support actually received in the past month",
                       feedback="Received support is not the measure the review linked to main effects; it can even "
                                "go with *more* distress, since people in trouble may receive more help."),
            ],
            solution="Integration in a large network (a structural measure).",
        ),
        Numeric(
            qid="q5",
            prompt=(
                "A study reports the centred fit "
                "`distress = 12.0 + 0.9 stress − 0.6 support − 0.3 stress × support`, where support is "
                "measured in points and its standard deviation is 2.0 points. What is the simple slope of "
                "stress (distress points per stress point) for people **one standard deviation above** the mean of "
                "support?"
            ),
            answer=Q5_B_STRESS + Q5_B_INT * Q5_SD_SUPPORT,
            abs_tol=0.005,
            rel_tol=0.0,
            solution=(
                f"The slope at support $z$ (centred) is $b_1 + b_3 z$: ${Q5_B_STRESS} + ({Q5_B_INT}) \\times "
                f"{Q5_SD_SUPPORT} = {Q5_B_STRESS + Q5_B_INT * Q5_SD_SUPPORT:.1f}$. The SD is in points, so "
                "$z = +2$ points, not $+1$."
            ),
        ),
        CodeCheck(
            qid="q6",
            prompt=(
                "Fit `distress ~ stress * support` to the simulated survey `survey` with statsmodels' formula API "
                "and set `q6_answer` to the estimated interaction coefficient (a number)."
            ),
            expected=reference_interaction,
            abs_tol=1e-6,
            rel_tol=1e-6,
            solution=(
                "```python\nfit = smf.ols(\"distress ~ stress * support\", data=survey).fit()\n"
                "q6_answer = fit.params[\"stress:support\"]\n```"
            ),
        ),
        CodeCheck(
            qid="q7",
            prompt=(
                "From the same fit, compute the simple slopes of stress at support = mean − 1 SD, the mean, and "
                "mean + 1 SD (mean and SD of `survey[\"support\"]`). Set `q7_answer` to a list or array of the three "
                "slopes, in that order."
            ),
            expected=reference_simple_slopes,
            abs_tol=1e-4,  # wide enough for an SD computed with ddof 0 or 1
            rel_tol=1e-6,
            solution=(
                "```python\nb = fit.params\nmean, sd = survey[\"support\"].mean(), survey[\"support\"].std()\n"
                "q7_answer = [b[\"stress\"] + b[\"stress:support\"] * z for z in (mean - sd, mean, mean + sd)]\n```"
            ),
        ),
        Numeric(
            qid="q8",
            prompt=(
                f"Using `buffering.analytic_power(n, f2={Q8_F2})` (or the power curve), find the smallest sample size "
                f"n that gives at least {Q8_POWER:.0%} power to detect an interaction with Cohen's $f^2 = {Q8_F2}$ "
                "at the 5% level, with error-free measures."
            ),
            answer=float(reference_n_for_power()),
            rel_tol=0.02,  # reading the n off a grid or a curve is fine
            solution=(
                "```python\nn = 6\nwhile buffering.analytic_power(n, f2=0.02) < 0.8:\n    n += 1\nn\n```\n"
                f"About {reference_n_for_power()} people."
            ),
        ),
        MultipleChoice(
            qid="q9",
            prompt=(
                "Stress and support are uncorrelated, centred, and each measured with reliability .8. About how "
                "reliable is their product, the term that carries the interaction?"
            ),
            options=[
                Option(".8", feedback="The product inherits the error of *both* measures, so it is less reliable "
                                      "than either."),
                Option(".64", correct=True,
                       feedback="Yes: for uncorrelated components the product's reliability is about the product "
                                "of the two reliabilities (Dunlap & Kemery, 1988)."),
                Option(".9", feedback="Combining two error-laden measures cannot make the product more reliable."),
                Option("1.6", feedback="A reliability cannot exceed 1: reliabilities multiply, they do not add."),
            ],
            solution="About .8 × .8 = .64.",
        ),
        MultipleChoice(
            qid="q10",
            prompt=(
                "The simulated survey (n = 500) was generated **with** a buffering interaction, yet your fit in q6 "
                "finds no significant interaction. What is the best explanation?"
            ),
            options=[
                Option("The study has low power for a small interaction measured with error", correct=True,
                       feedback="Yes: with a small effect, n = 500 and unreliable measures, missing the interaction "
                                "is likely (McClelland & Judd, 1993)."),
                Option("The simulation proves that buffering does not exist",
                       feedback="No: the data were generated with buffering. A non-significant test is not evidence "
                                "of absence when power is low."),
                Option("The predictors should not have been multiplied",
                       feedback="The product term is exactly how the interaction is tested."),
                Option("Centring the predictors would make the interaction significant",
                       feedback="Centring does not change the interaction's estimate, standard error or p-value."),
            ],
            solution="Low power: small effect, modest n, measurement error.",
        ),
        Reflection(
            qid="q11",
            prompt=(
                "Design a study that could tell the main effect model from the stress-buffering model for one kind of "
                "support you care about. Which support measure and which stressor would you use, how would you "
                "avoid recall bias and reverse causation, and roughly how many people would you need? A short "
                "paragraph; not graded."
            ),
            min_words=20,
        ),
    ],
)
