"""Assignment "04-interventions": the graded exercises of chapter 4 (exercises/04-interventions.ipynb).

The code questions use the JOBS II extract ``data/jobs2.csv`` (R package mediation; for illustrating methods, not for
judging the programme); their references are computed from that file with statsmodels' formula API, as a student is
asked to. The power questions' keys come from statsmodels' two-sample t power through
:mod:`socialties.interventions.power`. Trial sizes are the course fact sheet's VERIFIED figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from socialties.exercises.questions import CodeCheck, MultipleChoice, Numeric, Option, Reflection
from socialties.exercises.registry import Assignment

#: q3: a hypothetical trial's ITT effect and the share of the offered arm who took part (controls cannot).
Q3_ITT, Q3_TAKE_UP = -0.12, 0.6
#: q4: the economic-hardship value at which the conditional effect is asked.
Q4_HARDSHIP = 4.0
#: q8: a planned trial: people randomised per arm, attrition, adherence.
Q8_N, Q8_ATTRITION, Q8_ADHERENCE = 150, 0.2, 0.7
#: q10: the meta-analytic effect size (Mead et al. 2010, short term, |SMD|).
#: q10: Pfeiffer et al.'s pooled effect of peer support (SMD 0.59, VERIFIED), not the chapter's befriending d = 0.27.
Q10_D = 0.59
#: q1: the baseline covariates the adjusted ITT uses (the chapter page shows only the unadjusted one).
Q1_COVARIATES = "depress1 + econ_hard + sex + age"


def _jobs() -> pd.DataFrame:
    from socialties.data import load

    return load("jobs2")


def reference_itt() -> np.ndarray:
    """q1: the covariate-adjusted ITT effect of the offer on depress2 and its 95% CI."""
    import statsmodels.formula.api as smf

    fit = smf.ols(f"depress2 ~ treat + {Q1_COVARIATES}", data=_jobs()).fit()
    low, high = fit.conf_int().loc["treat"]
    return np.array([fit.params["treat"], low, high], dtype=float)


def reference_effect_at_hardship() -> float:
    """q4: the treatment effect at econ_hard = 4 in ``depress2 ~ treat * econ_hard``."""
    import statsmodels.formula.api as smf

    b = smf.ols("depress2 ~ treat * econ_hard", data=_jobs()).fit().params
    return float(b["treat"] + b["treat:econ_hard"] * Q4_HARDSHIP)


def reference_mediation() -> np.ndarray:
    """q6: [indirect, direct] effects through job_seek (product of coefficients), both models adjusted for depress1."""
    import statsmodels.formula.api as smf

    data = _jobs()
    a = smf.ols("job_seek ~ treat + depress1", data=data).fit().params["treat"]
    out = smf.ols("depress2 ~ treat + job_seek + depress1", data=data).fit().params
    return np.array([a * out["job_seek"], out["treat"]], dtype=float)


def reference_mde() -> float:
    """q8: the minimal detectable effect (d, 80% power, two-sided .05) of the planned trial."""
    from socialties.interventions.power import minimal_detectable_effect

    return float(minimal_detectable_effect(Q8_N, attrition=Q8_ATTRITION, adherence=Q8_ADHERENCE))


def reference_n_per_arm() -> int:
    """q10: people per arm for 80% power at d = Q10_D (no attrition, full adherence)."""
    from socialties.interventions.power import n_per_arm_for_power

    return n_per_arm_for_power(Q10_D)


ASSIGNMENT = Assignment(
    name="04-interventions",
    title="Interventions: trials, who benefits, mechanisms and design",
    questions=[
        CodeCheck(
            qid="q1",
            prompt=(
                "The chapter's JOBS II page estimates the intention-to-treat effect of being **offered** the workshop "
                "(`treat`) on later depressive symptoms (`depress2`) without covariates. Randomisation makes "
                "adjusting for baseline covariates optional, yet it can narrow the interval. Using `jobs` and "
                "statsmodels' formula API, estimate the ITT effect adjusted for baseline depression, economic "
                f"hardship, sex and age (`{Q1_COVARIATES}`), with its 95% confidence interval. Set `q1_answer` to a "
                "list `[estimate, lower, upper]`, and compare its width with the page's interval."
            ),
            expected=reference_itt,
            abs_tol=1e-6,
            rel_tol=1e-6,
            solution=(
                f"```python\nfit = smf.ols(\"depress2 ~ treat + {Q1_COVARIATES}\", data=jobs).fit()\n"
                "low, high = fit.conf_int().loc[\"treat\"]\nq1_answer = [fit.params[\"treat\"], low, high]\n```"
            ),
        ),
        MultipleChoice(
            qid="q2",
            prompt=(
                "In Harris and colleagues' befriending trial, 18 of the 43 women offered a befriender met them once "
                "or never. Suppose an analyst drops those 18 and compares the other 25 with all 43 wait-listed "
                "controls. What is the main problem with that comparison?"
            ),
            options=[
                Option("It loses power, but the estimate is still unbiased",
                       feedback="Power is the smaller problem. Dropping people by what they did *after* "
                                "randomisation breaks the comparability that randomisation created."),
                Option("The women who met their befriender chose themselves; they may differ from the controls in "
                       "ways that also affect remission", correct=True,
                       feedback="Yes: the naive per-protocol comparison is a comparison of self-selected groups. "
                                "Analyse as randomised (ITT), or estimate the complier effect with the offer as an "
                                "instrument."),
                Option("Nothing: it estimates the effect of befriending on those who received it",
                       feedback="It would only if the 25 were like the controls who would have met a befriender; "
                                "nothing guarantees that. The complier effect needs the offer as an instrument."),
                Option("The controls should be dropped too",
                       feedback="Dropping controls does not fix the selection among the offered women."),
            ],
            solution="Attenders select themselves: the comparison is no longer randomised (selection bias).",
        ),
        Numeric(
            qid="q3",
            prompt=(
                f"A trial offers a support group to half its participants; controls cannot join. The ITT effect on "
                f"a depression score is {Q3_ITT} SD, and {Q3_TAKE_UP:.0%} of those offered joined. Assuming the "
                "offer affects the score only through joining, what is the complier average causal effect (in SD)?"
            ),
            answer=Q3_ITT / Q3_TAKE_UP,
            abs_tol=0.005,
            rel_tol=0.0,
            solution=(
                f"CACE = ITT / (share who take part in the offered arm minus the share in the control arm) = "
                f"${Q3_ITT} / ({Q3_TAKE_UP} - 0) = {Q3_ITT / Q3_TAKE_UP:.2f}$ SD."
            ),
        ),
        CodeCheck(
            qid="q4",
            prompt=(
                "Fit `depress2 ~ treat * econ_hard` to `jobs` (economic hardship **not** centred). Set "
                f"`q4_answer` to the estimated effect of the offer for a person with `econ_hard` = {Q4_HARDSHIP:g}."
            ),
            expected=reference_effect_at_hardship,
            abs_tol=1e-6,
            rel_tol=1e-6,
            solution=(
                "```python\nb = smf.ols(\"depress2 ~ treat * econ_hard\", data=jobs).fit().params\n"
                "q4_answer = b[\"treat\"] + b[\"treat:econ_hard\"] * 4\n```\n"
                "The `treat` coefficient alone is the effect at `econ_hard` = 0, a value no one in the data has."
            ),
        ),
        MultipleChoice(
            qid="q5",
            prompt=(
                "A report of a peer-support trial says: the effect on depression was significant among participants "
                "with high baseline symptoms (p = .03) but not among those with low symptoms (p = .40), so the "
                "programme works only for the more depressed. What is the best response?"
            ),
            options=[
                Option("The conclusion follows: one subgroup is significant and the other is not",
                       feedback="A difference in significance is not a significant difference: the two subgroup "
                                "effects may be close, with the smaller subgroup's interval simply wider."),
                Option("Ask for a test of the interaction (treatment x baseline symptoms) and the two effects with "
                       "their intervals", correct=True,
                       feedback="Yes: whether the effect differs is one question with one test, and a subgroup "
                                "claim should be pre-specified and few (Sun et al. 2010)."),
                Option("Split the sample further, by sex and age, to find where it works best",
                       feedback="More splits give more chances of a false 'responder' group: that is subgroup "
                                "fishing."),
                Option("Drop the low-symptom group and re-analyse",
                       feedback="That re-analyses a self-chosen subset; it cannot show that the effect differs."),
            ],
            solution="Test the interaction; compare the effects and their intervals, not the p-values.",
        ),
        CodeCheck(
            qid="q6",
            prompt=(
                "Mediation through job-search self-efficacy, with the mediator-outcome path adjusted for a "
                "confounder the chapter's page leaves out: fit `job_seek ~ treat + depress1` and `depress2 ~ treat + "
                "job_seek + depress1` to `jobs`. Set `q6_answer` to `[indirect, direct]`: the product of "
                "coefficients a × b and the direct effect c′ (both conditional on baseline depression)."
            ),
            expected=reference_mediation,
            abs_tol=1e-6,
            rel_tol=1e-6,
            solution=(
                "```python\na = smf.ols(\"job_seek ~ treat + depress1\", data=jobs).fit().params[\"treat\"]\n"
                "out = smf.ols(\"depress2 ~ treat + job_seek + depress1\", data=jobs).fit().params\n"
                "q6_answer = [a * out[\"job_seek\"], out[\"treat\"]]\n```"
            ),
        ),
        MultipleChoice(
            qid="q7",
            prompt=(
                "The offer of the workshop was randomised, but job-search self-efficacy was not. Which unmeasured "
                "variable would most threaten a causal reading of the indirect effect through `job_seek`?"
            ),
            options=[
                Option("A trait that made some people more likely to be offered the workshop",
                       feedback="The offer was randomised: no trait can make someone more likely to be offered it."),
                Option("General optimism, which raises self-efficacy and lowers later depressive symptoms",
                       correct=True,
                       feedback="Yes: a common cause of the mediator and the outcome violates the "
                                "no-unmeasured-mediator-outcome-confounding assumption; the sensitivity analysis "
                                "asks how strong it would have to be."),
                Option("A life event after the study that affected depression only",
                       feedback="Something that affects only the outcome adds noise; it does not confound the "
                                "mediator-outcome path."),
                Option("Age, which was measured before randomisation",
                       feedback="A measured pre-treatment variable can be adjusted for; the threat is what is "
                                "not measured."),
            ],
            solution="A common cause of self-efficacy and depression (e.g. optimism): mediator-outcome confounding.",
        ),
        Numeric(
            qid="q8",
            prompt=(
                f"You plan a befriending trial randomising {Q8_N} people per arm. You expect {Q8_ATTRITION:.0%} "
                f"to drop out before follow-up and only {Q8_ADHERENCE:.0%} of those offered a befriender to meet "
                "them (the others gain nothing). What is the minimal detectable effect, as Cohen's d among those who "
                "take part, with 80% power at the two-sided 5% level? Use "
                "`interventions.minimal_detectable_effect` or your own calculation."
            ),
            answer=reference_mde(),
            rel_tol=0.02,  # the normal approximation is also accepted
            solution=(
                "```python\ninterventions.minimal_detectable_effect(150, attrition=0.2, adherence=0.7)\n```\n"
                f"About {reference_mde():.2f}: 120 people per arm are analysed, and the effect is diluted by 0.7, "
                "so the detectable effect among participants is the undiluted MDE divided by 0.7."
            ),
        ),
        MultipleChoice(
            qid="q9",
            prompt=(
                "Mead and colleagues' meta-analysis puts the short-term effect of befriending at about d = 0.27. "
                "Which of the trials the review cites (Brand et al., 51 randomised; Harris et al., 86; Mittelman "
                "et al., 206; take equal arms) had at least 80% power to detect an effect of that size?"
            ),
            options=[
                Option("Brand et al. (51)", feedback="About 25 per arm gives power near .16 for d = 0.27."),
                Option("Harris et al. (86)", feedback="43 per arm gives power near .24 for d = 0.27."),
                Option("Mittelman et al. (206)",
                       feedback="The largest, but about 103 per arm still gives power under .5 for d = 0.27."),
                Option("None of them", correct=True,
                       feedback="Yes: each would detect d = 0.27 less than half the time. A trial that did find an "
                                "effect may have met a larger one, or been lucky; a null result says little."),
            ],
            solution="None: power about .16, .24 and .49.",
        ),
        Numeric(
            qid="q10",
            prompt=(
                f"How many people per arm (two equal arms, no attrition, everyone takes part) does a trial need for "
                f"80% power to detect d = {Q10_D}, the pooled effect of peer support for depression in Pfeiffer et "
                f"al.'s meta-analysis, at the two-sided 5% level?"
            ),
            answer=float(reference_n_per_arm()),
            rel_tol=0.02,
            solution=(
                f"```python\ninterventions.n_per_arm_for_power({Q10_D})\n```\n"
                f"{reference_n_per_arm()} per arm, about {2 * reference_n_per_arm()} in all: an effect that large "
                "is within reach of a trial the size of Harris's (43 per arm would nearly do), one of d = 0.27 is "
                "not."
            ),
        ),
        MultipleChoice(
            qid="q11",
            prompt=(
                "A two-arm trial of weekly befriending against none finds a benefit. A funder asks whether monthly "
                "visits would do as well (a threshold) or whether more visits would help more (a gradient). Which "
                "design answers that?"
            ),
            options=[
                Option("Repeat the same two-arm trial with more participants",
                       feedback="A bigger two-arm trial measures the same single contrast more precisely; both curves "
                                "fit any two points."),
                Option("Randomise to three or more doses, e.g. none, monthly, weekly, twice weekly", correct=True,
                       feedback="Yes: the shape of a dose-response curve needs at least three randomised doses."),
                Option("Compare, within the befriending arm, those who met more often with those who met less",
                       feedback="How often people met is chosen by them, not randomised, so it is confounded with "
                                "who they are (the per-protocol problem again)."),
                Option("Survey people with more and fewer friends",
                       feedback="An observational contrast cannot separate dose from the kind of person who has "
                                "many ties."),
            ],
            solution="Randomise several doses (at least three).",
        ),
        MultipleChoice(
            qid="q12",
            prompt=(
                "Mittelman's caregiver programme combined individual and family counselling with a support group, "
                "so the trial could not say which part helped. Which design would separate the two components "
                "most efficiently?"
            ),
            options=[
                Option("A 2 × 2 factorial trial: counselling yes/no crossed with support group yes/no",
                       correct=True,
                       feedback="Yes: every participant informs both comparisons, and the design also estimates "
                                "whether the components work better together (their interaction)."),
                Option("Two separate two-arm trials, each with its own control group",
                       feedback="That works but needs about twice the participants for the same precision and "
                                "cannot show whether the components add up."),
                Option("One trial of the full package against control, with a larger sample",
                       feedback="A bigger package-vs-control trial still cannot say which component worked."),
                Option("Ask the participants afterwards which part helped them",
                       feedback="Self-reports of what helped are not a randomised comparison."),
            ],
            solution="A factorial design crossing the components.",
        ),
        Reflection(
            qid="q13",
            prompt=(
                "Design a befriending trial for isolated older adults. Whom would you recruit (and why a low score on "
                "a network screen may not mean a person wants support), what would the arms be (dose, timing), what "
                "is your primary outcome and when is it measured, which mediator would you measure and when, and "
                "roughly how many people would you need? A short paragraph; not graded."
            ),
            min_words=30,
        ),
    ],
)
