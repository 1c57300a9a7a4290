"""Assignment "03-context": the graded exercises of chapter 3 (exercises/03-context.ipynb).

Conceptual questions follow the chapter's sources: Kawachi & Berkman 2001 on the contextual dimension, Lin, Ye & Ensel
1999 on the nested layers, Robinson 1950 on ecological correlations, Kish 1965 on the design effect, Prudo, Harris &
Brown 1984 on the Outer Hebrides. The code questions use the real GSS data (``load("gss_happiness")``, prepared by
``socialties.context.gss.happiness_by_attendance``); their references are computed from that file with statsmodels
and pandas, exactly as a student is asked to. Every number in a prompt is a constant below, so the keys are computed
from the same values the student sees (tests/test_context_set.py recomputes each independently).
"""

from __future__ import annotations

import pandas as pd

from socialties.exercises.questions import CodeCheck, MultipleChoice, Numeric, Option, Reflection
from socialties.exercises.registry import Assignment

#: q4-q5: variance components of a (described) multilevel model, and the neighbourhood size.
Q4_VAR_BETWEEN, Q4_VAR_WITHIN, Q5_CLUSTER_SIZE = 1.8, 34.2, 41
#: q6-q7: three towns of 1,000 adults: volunteers per town, and the % lonely (the same for volunteers and others).
Q6_VOLUNTEERS = (100, 400, 700)
Q6_LONELY_PCT = (20.0, 14.0, 8.0)
#: q11: the layers' paths.
Q11_PATHS = {"a": 0.3, "b": 0.7, "c_community": -0.05, "c_network": -0.10, "c_intimate": -0.35}


def icc_answer() -> float:
    """q4: ICC = between / (between + within)."""
    from socialties.context.icc import icc_from_components

    return icc_from_components(Q4_VAR_BETWEEN, Q4_VAR_WITHIN)


def design_effect_answer() -> float:
    """q5: Kish's design effect for the q4 ICC and neighbourhoods of Q5_CLUSTER_SIZE people."""
    from socialties.context.icc import design_effect

    return design_effect(icc_answer(), Q5_CLUSTER_SIZE)


def towns() -> pd.DataFrame:
    """q6-q7: the towns' table, with the numbers of lonely volunteers and non-volunteers."""
    t = pd.DataFrame({"town": ["North", "Middle", "South"], "volunteers": Q6_VOLUNTEERS,
                      "lonely_pct": Q6_LONELY_PCT})
    t["others"] = 1000 - t["volunteers"]
    t["lonely_volunteers"] = t["volunteers"] * t["lonely_pct"] / 100
    t["lonely_others"] = t["others"] * t["lonely_pct"] / 100
    return t


def pooled_difference() -> float:
    """q6: % lonely among all volunteers minus % lonely among all non-volunteers, pooled over the towns."""
    t = towns()
    return float(100 * t["lonely_volunteers"].sum() / t["volunteers"].sum()
                 - 100 * t["lonely_others"].sum() / t["others"].sum())


def ecological_slope_x100() -> float:
    """The slip in q6: the town-level slope (points of loneliness per point of volunteering) times 100."""
    import numpy as np

    t = towns()
    return float(100 * np.polyfit(t["volunteers"] / 10, t["lonely_pct"], 1)[0])


def _people() -> pd.DataFrame:
    from socialties.context.gss import happiness_by_attendance

    return happiness_by_attendance()


def reference_within_slope() -> float:
    """q8: the attendance slope of ``happy_score ~ attend_score + C(region)`` (the within-region slope)."""
    import statsmodels.formula.api as smf

    return float(smf.ols("happy_score ~ attend_score + C(region)", data=_people()).fit().params["attend_score"])


def reference_between_slope() -> float:
    """q9: the OLS slope of the 9 regions' mean happiness on their mean attendance (one row per region)."""
    import statsmodels.formula.api as smf

    means = _people().groupby("region")[["attend_score", "happy_score"]].mean()
    return float(smf.ols("happy_score ~ attend_score", data=means).fit().params["attend_score"])


def reference_year_icc() -> float:
    """q10: the one-way ANOVA ICC of happy_score across the 7 survey years."""
    from socialties.context.icc import anova_icc

    return anova_icc(_people(), "happy_score", "year").icc


def layers_share() -> float:
    """q11: the share of the community effect that passes through the inner layers."""
    from socialties.context.layers import LayerPaths, path_effects

    return path_effects(LayerPaths(**Q11_PATHS)).share_indirect


def _fmt(x: float) -> str:
    return f"{x:g}"


ASSIGNMENT = Assignment(
    name="03-context",
    title="The contextual dimension: layers, social capital and its dark side",
    questions=[
        MultipleChoice(
            qid="q1",
            prompt=(
                "Rosa, 68, lists her ties: her husband; a friend she confides in; two cousins she visits at holidays; "
                "friends she meets for lunch once a month; her parish, where she knows few people by name; a walking "
                "group whose members she chats with on the weekly walk and never sees otherwise; the residents' "
                "association of her street. Which of these belong to Lin's **belongingness** layer? Choose all that "
                "apply."
            ),
            multiple=True,
            options=[
                Option("Her husband", feedback="An intimate tie: the binding layer, the innermost one."),
                Option("The friend she confides in", feedback="A confiding tie: the binding layer."),
                Option("The friends she meets for lunch", feedback="Friends she keeps up with are her network: the "
                                                                   "bonding layer."),
                Option("Her parish", correct=True, feedback="Yes: membership of a community organisation."),
                Option("The walking group", correct=True,
                       feedback="Yes: participation that gives contact and belonging without close personal ties."),
                Option("The residents' association", correct=True, feedback="Yes: a community organisation."),
            ],
            solution="The parish, the walking group and the residents' association (community participation). The "
                     "lunch friends and cousins are the bonding layer; husband and confidant are binding.",
        ),
        MultipleChoice(
            qid="q2",
            prompt=(
                "Amal's closest friend, whom she sees every week, grew up in another country and works in a very "
                "different occupation. How do Lin's layers and Putnam's vocabulary of social capital each classify "
                "this tie?"
            ),
            options=[
                Option("Lin: the bonding layer (or binding, if they confide); Putnam: a bridging tie", correct=True,
                       feedback="Yes: Lin's layers say where a tie sits; Putnam's terms say whether it joins similar "
                                "or different people. A close friend across a social divide is both."),
                Option("Lin: the bonding layer; Putnam: a bonding tie",
                       feedback="Putnam's bonding ties join people who are alike; this friendship crosses "
                                "differences of origin and occupation, so it bridges."),
                Option("Lin: the belongingness layer; Putnam: a bridging tie",
                       feedback="Belongingness is community participation; a weekly close friendship is a personal "
                                "tie, further in."),
                Option("The two schemes use 'bonding' in the same sense, so the tie is bonding in both",
                       feedback="They do not: Lin's bonding is a layer (the network), Putnam's bonding is ties among "
                                "similar people."),
            ],
            solution="In Lin's scheme a close weekly friend is in the bonding (or, if a confidant, binding) layer; in "
                     "Putnam's sense the tie is bridging, because it crosses a social divide.",
        ),
        MultipleChoice(
            qid="q3",
            prompt="Which of these research questions **needs** sociometric (whole-network) data?",
            options=[
                Option("Do people who name more friends report fewer depressive symptoms?",
                       feedback="Each respondent can report their own number of friends: egocentric data suffice."),
                Option("Do employees who are the only link between two otherwise unconnected teams report more "
                       "stress?", correct=True,
                       feedback="Yes: being the only link depends on ties among people the employee may never name; "
                                "it can be seen only in a map of the whole workplace."),
                Option("Are married people less often depressed than unmarried people?",
                       feedback="Marital status is a property of the respondent: an egocentric measure."),
                Option("Do people whose friends know each other feel more supported?",
                       feedback="Ego can be asked which of their alters know each other (ego-network density); this "
                                "needs no whole-network map, though it relies on ego's perception."),
            ],
            solution="Being the only bridge between two groups is a property of position in the whole network.",
        ),
        Numeric(
            qid="q4",
            prompt=(
                f"A random-intercept model of depressive-symptom scores for people in 50 neighbourhoods estimates a "
                f"between-neighbourhood variance of {_fmt(Q4_VAR_BETWEEN)} and a within-neighbourhood (residual) "
                f"variance of {_fmt(Q4_VAR_WITHIN)}. What is the intraclass correlation (a proportion)?"
            ),
            answer=icc_answer(),
            abs_tol=0.0005,
            rel_tol=0.0,
            solution=(f"ICC = {_fmt(Q4_VAR_BETWEEN)} / ({_fmt(Q4_VAR_BETWEEN)} + {_fmt(Q4_VAR_WITHIN)}) = "
                      f"{icc_answer():.3f}. Dividing by the within variance alone "
                      f"({Q4_VAR_BETWEEN / Q4_VAR_WITHIN:.3f}) is a common slip: the denominator is the total "
                      "variance."),
        ),
        Numeric(
            qid="q5",
            prompt=(
                f"In the study of q4, each neighbourhood contributes {Q5_CLUSTER_SIZE} people. What is the design "
                "effect, the factor by which clustering multiplies the variance of a comparison between "
                "neighbourhoods (relative to a simple random sample of the same size)?"
            ),
            answer=design_effect_answer(),
            abs_tol=0.005,
            rel_tol=0.0,
            solution=(f"1 + (m − 1) × ICC = 1 + {Q5_CLUSTER_SIZE - 1} × {icc_answer():.2f} = "
                      f"{design_effect_answer():.2f}. Standard errors are inflated by its square root, about "
                      f"{design_effect_answer() ** 0.5:.2f}."),
        ),
        Numeric(
            qid="q6",
            prompt=(
                "Three towns each have 1,000 adults. In North, " f"{Q6_VOLUNTEERS[0]}" " volunteer and "
                f"{Q6_LONELY_PCT[0]:g}% of everyone (volunteers and others alike) is lonely; in Middle, "
                f"{Q6_VOLUNTEERS[1]} volunteer and {Q6_LONELY_PCT[1]:g}% are lonely; in South, {Q6_VOLUNTEERS[2]} "
                f"volunteer and {Q6_LONELY_PCT[2]:g}% are lonely. Pooling the 3,000 adults, what is the percentage "
                "lonely among volunteers **minus** the percentage lonely among non-volunteers (in percentage points)?"
            ),
            answer=pooled_difference(),
            abs_tol=0.05,
            rel_tol=0.0,
            units="points",
            solution=(
                "Lonely volunteers: 100 × .20 + 400 × .14 + 700 × .08 = 132 of 1,200 (11.0%). Lonely others: "
                "900 × .20 + 600 × .14 + 300 × .08 = 288 of 1,800 (16.0%). Difference: "
                f"{pooled_difference():.1f} points, although within each town the difference is 0."
            ),
        ),
        MultipleChoice(
            qid="q7",
            prompt=(
                "In the towns of q6, the town-level line says each extra percentage point of volunteering goes with "
                f"{ecological_slope_x100() / 100:.1f} points of loneliness. What do the three towns show about the "
                "effect of volunteering on a person's loneliness?"
            ),
            options=[
                Option("Volunteering cuts a person's risk of loneliness by about 20 points",
                       feedback="That reads the town-level slope as an individual effect: the ecological fallacy. "
                                "Within each town volunteers are no less lonely than others."),
                Option("Volunteers are 5 points less lonely, so volunteering protects",
                       feedback="The pooled difference arises only because volunteers are concentrated in South, "
                                "where everyone is less lonely. Within every town the difference is zero."),
                Option("Nothing: within each town volunteers and others are equally lonely, so the town differences "
                       "come from the towns or the kinds of people in them, not from volunteering itself",
                       correct=True,
                       feedback="Yes. Something about South, its context or its composition, lowers everyone's risk; "
                                "a town-level correlation cannot say what."),
                Option("Volunteering causes loneliness, since the association reverses within towns",
                       feedback="It does not reverse: within towns the difference is exactly zero."),
            ],
            solution="Within towns the difference is 0; the ecological slope (about −20 points per 100%) and the "
                     "pooled difference (−5) both come from differences between towns.",
        ),
        CodeCheck(
            qid="q8",
            prompt=(
                "Using `people` (the GSS respondents with `happy_score` 1-3, `attend_score` 0-8 and `region`), fit "
                "`happy_score ~ attend_score + C(region)` with statsmodels' formula API and set `q8_answer` to the "
                "coefficient of `attend_score`: the **within-region** slope."
            ),
            expected=reference_within_slope,
            abs_tol=1e-6,
            rel_tol=1e-6,
            solution=("```python\nfit = smf.ols(\"happy_score ~ attend_score + C(region)\", data=people).fit()\n"
                      "q8_answer = fit.params[\"attend_score\"]\n```"),
        ),
        CodeCheck(
            qid="q9",
            prompt=(
                "Now the **between-region** slope: compute each region's mean `attend_score` and mean `happy_score` "
                "(one row per region, 9 rows), regress the mean happiness on the mean attendance with OLS, and set "
                "`q9_answer` to the slope."
            ),
            expected=reference_between_slope,
            abs_tol=1e-6,
            rel_tol=1e-6,
            solution=("```python\nmeans = people.groupby(\"region\")[[\"attend_score\", \"happy_score\"]].mean()\n"
                      "q9_answer = smf.ols(\"happy_score ~ attend_score\", data=means).fit().params[\"attend_score\"]"
                      "\n```"),
        ),
        CodeCheck(
            qid="q10",
            prompt=(
                "How much of the variance of `happy_score` lies between the 7 **survey years** (instead of between "
                "regions)? Compute the one-way ANOVA intraclass correlation with `year` as the cluster, with "
                "`anova_icc` or by hand, and set `q10_answer` to it (a proportion)."
            ),
            expected=reference_year_icc,
            abs_tol=1e-6,
            rel_tol=1e-4,
            solution=("```python\nq10_answer = anova_icc(people, \"happy_score\", \"year\").icc\n```\nBy hand: "
                      "(MSB − MSW) / (MSB + (n0 − 1) MSW) with n0 = (N − Σ n_j² / N) / (k − 1)."),
        ),
        Numeric(
            qid="q11",
            prompt=(
                "In the nested-layers model, take a = {a}, b = {b}, a direct path c_C = {c_community}, c_N = "
                "{c_network} and c_I = {c_intimate}. What **share** of the total effect of community participation "
                "on distress passes through the inner layers (a proportion)?"
            ).format(**{k: _fmt(v) for k, v in Q11_PATHS.items()}),
            answer=layers_share(),
            abs_tol=0.005,
            rel_tol=0.0,
            solution=(
                "Through the network: 0.3 × (−0.10) = −0.03; through network and intimate ties: "
                "0.3 × 0.7 × (−0.35) = −0.0735; direct −0.05; total −0.1535. Share indirect: "
                f"0.1035 / 0.1535 = {layers_share():.3f}."
            ),
        ),
        MultipleChoice(
            qid="q12",
            prompt=(
                "A study of 8 workplaces (2,400 employees, about 300 each) regresses each employee's depression "
                "score on the mean social capital of their workplace with OLS, treating employees as independent, "
                "and reports p = .03. What is the best reading?"
            ),
            options=[
                Option("With 2,400 employees the result is robust",
                       feedback="For a workplace-level predictor the information comes from the 8 workplaces, not "
                                "the 2,400 people."),
                Option("The p-value is far too optimistic: a workplace-level slope rests on 8 workplaces, and any "
                       "other difference between them is confounded with social capital", correct=True,
                       feedback="Yes. Even an ICC of .01 with 300 people per cluster gives a design effect near 4, "
                                "and 8 clusters leave room to adjust for almost nothing at the workplace level."),
                Option("It shows a contextual effect of social capital on depression",
                       feedback="A contextual effect needs the individual's own social capital in the model, and a "
                                "credible test needs many more workplaces."),
                Option("Clustering only matters when the ICC is large, say above .2",
                       feedback="The design effect is 1 + (m − 1) × ICC: with m = 300, even a tiny ICC inflates the "
                                "variance several-fold."),
            ],
            solution="With 8 clusters, a cluster-level slope has about 6 degrees of freedom; the naive p-value treats "
                     "it as if it had 2,398.",
        ),
        Reflection(
            qid="q13",
            prompt=(
                "Think of a close-knit community you know (a village, a congregation, a team, an online group). Who "
                "in it might gain most from its cohesion, and who might bear the costs of its regulation? How could "
                "a study find out, given that those who do not conform may be few? A short paragraph; not graded."
            ),
            min_words=20,
        ),
    ],
)
