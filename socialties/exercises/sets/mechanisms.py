"""Assignment "01-mechanisms": the graded exercises of chapter 1 (exercises/01-mechanisms.ipynb).

Conceptual questions follow the chapter's sources: Kawachi & Berkman 2001 and Cohen & Wills 1985 on the two models
and the kinds of support, Dunlap & Kemery 1988 on the reliability of a product term, McClelland & Judd 1993 on power.
Most of them ask for the idea in a setting the chapter did not show (what b2 means in a buffering-only pattern, what
a stress-support correlation does to a support coefficient, whether a miss is sampling or measurement error).
The code questions use the course's SIMULATED survey ``data/buffering_sim.csv`` (see its codebook) and the real
``socsupport`` survey; their references are computed from those files with statsmodels' formula API, exactly as a
student is asked to, and tests/test_mechanisms_set.py recomputes every key independently.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from socialties.exercises.questions import CodeCheck, MultipleChoice, Numeric, Option, Reflection
from socialties.exercises.registry import Assignment

FORMULA = "distress ~ stress * support"
TRUE_FORMULA = "distress ~ stress_true * support_true"
WORKED_FORMULA = "BDI ~ emotional"

#: q5: the fitted (centred) model given in the prompt, and the moderator's SD.
Q5_B_STRESS, Q5_B_INT, Q5_SD_SUPPORT = 0.9, -0.3, 2.0
#: q10: the interaction's effect size and the target power.
Q10_F2, Q10_POWER = 0.02, 0.8
#: The survey's size and the reliabilities its codebook states (for q13's feedback).
SURVEY_N, SURVEY_REL_STRESS, SURVEY_REL_SUPPORT = 500, 0.80, 0.91


def _survey() -> pd.DataFrame:
    from socialties.chapters.mechanisms import simulated_survey

    return simulated_survey()


def _students() -> pd.DataFrame:
    from socialties.data import load

    return load("socsupport")


def _fit(data: pd.DataFrame, formula: str = FORMULA):
    import statsmodels.formula.api as smf

    return smf.ols(formula, data=data).fit()


def reference_interaction() -> float:
    """q6: the stress x support coefficient of ``distress ~ stress * support`` on the simulated survey."""
    return float(_fit(_survey()).params["stress:support"])


def _support_levels(data: pd.DataFrame) -> np.ndarray:
    mean, sd = data["support"].mean(), data["support"].std()
    return np.array([mean - sd, mean, mean + sd])


def reference_simple_slopes() -> np.ndarray:
    """q7: the stress slopes at support = mean - 1 SD, mean, mean + 1 SD (sample SD, ddof 1), in that order."""
    data = _survey()
    b = _fit(data).params
    return np.asarray(b["stress"] + b["stress:support"] * _support_levels(data), dtype=float)


def reference_slope_se() -> float:
    """q8: the standard error of the stress slope at support = mean + 1 SD: sqrt(V11 + 2 z V13 + z^2 V33)."""
    data = _survey()
    v = _fit(data).cov_params()
    z = _support_levels(data)[2]
    return float(np.sqrt(v.loc["stress", "stress"] + 2 * z * v.loc["stress", "stress:support"]
                         + z**2 * v.loc["stress:support", "stress:support"]))


def reference_jn_bounds() -> list[float]:
    """q9: the two support values where the stress slope's t equals the two-sided 5% critical value, lower first."""
    from scipy import stats

    fit = _fit(_survey())
    b, v = fit.params, fit.cov_params()
    t2 = stats.t.ppf(0.975, fit.df_resid) ** 2
    b1, b3 = b["stress"], b["stress:support"]
    v11, v13, v33 = v.loc["stress", "stress"], v.loc["stress", "stress:support"], v.loc["stress:support", "stress:support"]
    roots = np.roots([b3**2 - t2 * v33, 2 * (b1 * b3 - t2 * v13), b1**2 - t2 * v11])
    return sorted(float(r) for r in roots.real)


def reference_n_for_power() -> int:
    """q10: the smallest n with analytic power >= 0.8 for an interaction of f^2 = .02 (alpha .05)."""
    from socialties.buffering import n_for_power

    return n_for_power(Q10_POWER, f2=Q10_F2)


def reference_true_score_p() -> float:
    """q12: the p-value of the interaction when the model is fitted on the survey's TRUE (error-free) scores."""
    return float(_fit(_survey(), TRUE_FORMULA).pvalues["stress_true:support_true"])


def reference_leave_one_out_slope() -> float:
    """q14: the slope of ``BDI ~ emotional`` without the student whose Cook's distance is largest."""
    data = _students()[["emotional", "BDI"]].dropna()
    cooks = _fit(data, WORKED_FORMULA).get_influence().cooks_distance[0]
    return float(_fit(data.drop(data.index[int(np.argmax(cooks))]), WORKED_FORMULA).params["emotional"])


def survey_power() -> tuple[float, float]:
    """Analytic power of the survey's interaction test at n = 500: with error-free measures, and with its reliabilities."""
    from socialties.buffering import BufferingParams, analytic_power

    params = BufferingParams()
    noisy = params.with_(rel_stress=SURVEY_REL_STRESS, rel_support=SURVEY_REL_SUPPORT)
    return float(analytic_power(SURVEY_N, params)), float(analytic_power(SURVEY_N, noisy))


_POWER_TRUE, _POWER_OBSERVED = survey_power()

ASSIGNMENT = Assignment(
    name="01-mechanisms",
    title="Mechanisms: main effect and stress buffering",
    questions=[
        MultipleChoice(
            qid="q1",
            prompt=(
                "A study's data follow the **buffering-only** pattern exactly: the lines for low and high support "
                "meet at the lowest stress in the sample, two standard deviations below the mean, and fan apart "
                "above it. The researcher centres both predictors and fits `distress ~ stress * support`. What will "
                "the support coefficient $b_2$ show?"
            ),
            options=[
                Option("About zero, because there is no main effect of support",
                       feedback="In `y ~ x * z`, $b_2$ is the effect of support where stress is zero, here the "
                                "*average* stress. The lines met two SD lower and have already parted at the "
                                "average, so $b_2$ is not zero. \"Buffering only\" does not mean \"$b_2 = 0$\"."),
                Option("A negative value: at average stress the well supported are already less distressed",
                       correct=True,
                       feedback="Yes: after centring, $b_2$ is a *conditional* effect, the difference support makes "
                                "at average stress. With lines that meet at low stress and fan out, that difference "
                                "is already there at the mean, although the pattern has no main effect at all."),
                Option("A positive value: support raises distress at low stress",
                       feedback="The lines *meet* at low stress: support makes no difference there, and helps "
                                "more and more above it."),
                Option("Nothing: $b_2$ cannot be estimated when there is an interaction",
                       feedback="$b_2$ is estimated as usual; what changes is its meaning: the support effect at "
                                "stress = 0."),
            ],
            solution=(
                "Negative. The stress slope is $b_1 + b_3 z$ and the support effect at stress $x$ is $b_2 + b_3 x$. "
                "Lines that meet at $x = -2$ need $b_2 + b_3(-2) = 0$, so $b_2 = 2 b_3$, negative when $b_3$ is "
                "negative (buffering). $b_2$ describes average stress, where the lines are already apart."
            ),
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
                "In a town where friends help each other keep their jobs, people with more support also have fewer "
                "stressful events: true stress and support correlate at about −0.4. Support has the same effect on "
                "distress as anywhere else. A survey regresses distress on **support alone**. Compared with the "
                "support coefficient in `distress ~ stress + support`, the support-only coefficient will be"
            ),
            options=[
                Option("more negative: it also carries the effect of the stress that support helps people avoid",
                       correct=True,
                       feedback="Yes: people with more support have less stress, so without stress in the model "
                                "support gets credit for both routes. Whether that is a bias depends on the "
                                "question: if support works partly by preventing events, adjusting for stress "
                                "removes a real part of its effect."),
                Option("the same: adjusting for another variable cannot change a coefficient",
                       feedback="Adjusting changes a coefficient whenever the added predictor is correlated with it "
                                "and affects the outcome, as stress does here."),
                Option("closer to zero: the correlation weakens support's effect",
                       feedback="The correlation is negative and stress raises distress, so leaving stress out "
                                "makes support look *more* protective, not less."),
                Option("positive: more support goes with more distress",
                       feedback="Nothing here makes support harmful: the omitted stress effect adds to support's "
                                "own negative coefficient."),
            ],
            solution=(
                "More negative. Leaving stress out adds to the support coefficient $b_\\text{stress} \\times "
                "\\text{cov}(\\text{stress}, \\text{support}) / \\text{var}(\\text{support})$, here "
                "$0.35 \\times (-0.4)$: roughly −0.40 instead of −0.26 in the course's model. Networks that change "
                "the odds of events are one reason the review warns that ties and stress are hard to separate."
            ),
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
            slips=(
                (Q5_B_STRESS + Q5_B_INT * 1.0,
                 "That is the slope one support *point* above the mean. One SD is 2.0 points: put z = 2 into "
                 "b1 + b3 z."),
                (Q5_B_STRESS - Q5_B_INT * Q5_SD_SUPPORT,
                 "That is the slope one SD *below* the mean (z = −2), or the sign of b3 was dropped. Above the "
                 "mean, z = +2 and b3 is negative."),
            ),
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
        CodeCheck(
            qid="q8",
            prompt=(
                "A simple slope needs a standard error. From the same (uncentred) fit, compute the standard error "
                "of the stress slope at support $z$ = mean + 1 SD, using $\\text{Var}(b_1 + b_3 z) = V_{11} + "
                "2 z V_{13} + z^2 V_{33}$ with the entries of `fit.cov_params()`. Set `q8_answer` to the standard "
                "error (a number)."
            ),
            expected=reference_slope_se,
            abs_tol=1e-5,  # an SD with ddof 0 moves z by 0.1%, the SE by far less than this
            rel_tol=1e-4,
            solution=(
                "```python\nV = fit.cov_params()\nz = survey[\"support\"].mean() + survey[\"support\"].std()\n"
                "q8_answer = np.sqrt(V.loc[\"stress\", \"stress\"] + 2 * z * V.loc[\"stress\", \"stress:support\"]\n"
                "                    + z**2 * V.loc[\"stress:support\", \"stress:support\"])\n```\n"
                "Keep the covariance term $2 z V_{13}$. It is small here, because the survey's stress and support "
                "have means near zero; on raw, uncentred scales $b_1$ and $b_3$ are strongly correlated and "
                "leaving it out gives a badly wrong standard error."
            ),
        ),
        CodeCheck(
            qid="q9",
            prompt=(
                "Find the **Johnson-Neyman bounds** for the same fit: the two support values at which the stress "
                "slope's t statistic equals the two-sided 5% critical value "
                "(`scipy.stats.t.ppf(0.975, fit.df_resid)`). Square $t = (b_1 + b_3 z)/\\text{SE}(z)$, set it equal "
                "to $t_\\text{crit}^2$ and solve the quadratic in $z$. Set `q9_answer` to the two roots, lower "
                "first. Which of them lies inside the observed range of support?"
            ),
            expected=reference_jn_bounds,
            abs_tol=1e-4,
            rel_tol=1e-4,
            solution=(
                "```python\nfrom scipy import stats\nb, V = fit.params, fit.cov_params()\n"
                "t2 = stats.t.ppf(0.975, fit.df_resid) ** 2\nb1, b3 = b[\"stress\"], b[\"stress:support\"]\n"
                "v11, v13, v33 = V.loc[\"stress\", \"stress\"], V.loc[\"stress\", \"stress:support\"], "
                "V.loc[\"stress:support\", \"stress:support\"]\n"
                "q9_answer = sorted(np.roots([b3**2 - t2 * v33, 2 * (b1 * b3 - t2 * v13), b1**2 - t2 * v11]))\n"
                "```\nHere the slope is significant only *between* the roots. The lower one lies below the lowest "
                "support in the survey (an extrapolation); the upper one lies inside the range: for the few people "
                "with the very highest support, the stress slope is no longer significantly different from zero."
            ),
        ),
        Numeric(
            qid="q10",
            prompt=(
                f"Using `buffering.analytic_power(n, f2={Q10_F2})`, find the smallest sample size n that gives at "
                f"least {Q10_POWER:.0%} power to detect an interaction with Cohen's $f^2 = {Q10_F2}$ at the 5% level, "
                "with error-free measures."
            ),
            answer=float(reference_n_for_power()),
            rel_tol=0.005,  # a couple of people either side: the search's start or a < instead of <=
            hints=False,  # a whole number of people: "rounded too early", "wrong sign" and "percentage" do not apply
            solution=(
                "```python\nn = 6\nwhile buffering.analytic_power(n, f2=0.02) < 0.8:\n    n += 1\nn\n```\n"
                f"About {reference_n_for_power()} people."
            ),
        ),
        MultipleChoice(
            qid="q11",
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
        CodeCheck(
            qid="q12",
            prompt=(
                "A simulation can do what no survey can: look at the **true** scores. Fit "
                "`distress ~ stress_true * support_true` to `survey` and set `q12_answer` to the p-value of the "
                "interaction. Is the interaction significant even without measurement error?"
            ),
            expected=reference_true_score_p,
            abs_tol=1e-4,
            rel_tol=1e-4,
            solution=(
                "```python\ntrue_fit = smf.ols(\"distress ~ stress_true * support_true\", data=survey).fit()\n"
                "q12_answer = true_fit.pvalues[\"stress_true:support_true\"]\n```\n"
                "The p-value is well above .05: even the error-free scores miss the interaction in this draw."
            ),
        ),
        MultipleChoice(
            qid="q13",
            prompt=(
                "The simulated survey (n = 500) was generated **with** a buffering interaction, yet neither your "
                "fit on the observed scores (q6) nor the fit on the true scores (q12) finds it significant. What is "
                "the immediate cause of the miss in this survey?"
            ),
            options=[
                Option("Sampling error: this sample happened to show a weak interaction", correct=True,
                       feedback=(f"Yes: the true scores have no measurement error and still miss it. With the "
                                 f"default effect, the power at n = 500 is about {_POWER_TRUE:.2f} with error-free "
                                 f"measures and about {_POWER_OBSERVED:.2f} with the survey's reliabilities: a miss "
                                 "is common either way, and measurement error makes it more common "
                                 "(McClelland & Judd, 1993).")),
                Option("Measurement error in stress and support",
                       feedback=(f"Measurement error lowers the power (from about {_POWER_TRUE:.2f} to about "
                                 f"{_POWER_OBSERVED:.2f}), but it cannot explain this miss: the fit on the "
                                 "error-free true scores misses it too.")),
                Option("The simulation proves that buffering does not exist",
                       feedback="No: the data were generated with buffering. A non-significant test is not evidence "
                                "of absence when power is modest."),
                Option("Centring the predictors would make the interaction significant",
                       feedback="Centring does not change the interaction's estimate, standard error or p-value."),
            ],
            solution=(
                "Sampling error. Measurement error lowers the power to detect the interaction, but the true-score "
                "fit shows that this particular sample would have missed it anyway."
            ),
        ),
        CodeCheck(
            qid="q14",
            prompt=(
                "Back to real data: the worked example's `students` (the `socsupport` survey). Fit "
                "`BDI ~ emotional`, find the student with the largest **Cook's distance** "
                "(`fit.get_influence().cooks_distance[0]`), fit the model again without that student and set "
                "`q14_answer` to the new slope of `emotional`. Compare it with the slope on all 95 students."
            ),
            expected=reference_leave_one_out_slope,
            abs_tol=1e-6,
            rel_tol=1e-6,
            solution=(
                "```python\nfull = smf.ols(\"BDI ~ emotional\", data=students).fit()\n"
                "cooks = full.get_influence().cooks_distance[0]\n"
                "without = students.drop(students.index[np.argmax(cooks)])\n"
                "q14_answer = smf.ols(\"BDI ~ emotional\", data=without).fit().params[\"emotional\"]\n```\n"
                "The slope shrinks from about −0.71 to about −0.40 and is no longer significant: one student "
                "(support 6, BDI 46) carries much of the evidence."
            ),
        ),
        Reflection(
            qid="q15",
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
