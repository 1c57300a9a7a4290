"""Assignment "00-tour": one question of each type, used by the page "How the self-checks work".

Figures are from the course's fact sheet (verified): Cohen & Wills 1985 on when buffering appears; Salk, Hyde &
Abramson 2017 on 12-month prevalence of major depression; Berkman & Syme 1979 on the Social Network Index; Lubben
et al. 2006 on the LSNS-6 cut-off.
"""

from __future__ import annotations

from collections.abc import Sequence

from socialties.exercises.questions import CodeCheck, MultipleChoice, Numeric, Option, Reflection
from socialties.exercises.registry import Assignment

LSNS6_CUTOFF = 12  # a total below 12 (of 0-30) flags risk of social isolation (Lubben et al. 2006)


def lsns6_at_risk(items: Sequence[int]) -> bool:
    """Reference for q4: the six LSNS-6 item scores (0-5 each) total less than 12."""
    return sum(items) < LSNS6_CUTOFF


ASSIGNMENT = Assignment(
    name="00-tour",
    title="A tour of the self-checks",
    questions=[
        MultipleChoice(
            qid="q1",
            prompt=(
                "Cohen and Wills (1985) reviewed the studies of social support and stress. In which studies did "
                "support usually show a **stress-buffering** effect?"
            ),
            options=[
                Option(
                    "Studies measuring the perceived availability of help that fits the stressor",
                    correct=True,
                    feedback="Yes: buffering showed up when support was measured as perceived, matching resources.",
                ),
                Option(
                    "Studies measuring how many people someone is connected to",
                    feedback="Network size goes with a main effect (good for everyone, stressed or not), not "
                    "with buffering.",
                ),
                Option(
                    "Neither: support never changed the link between stress and distress",
                    feedback="The review found buffering, but only with one kind of measure. Which one?",
                ),
            ],
        ),
        Numeric(
            qid="q2",
            prompt=(
                "In the national samples pooled by Salk, Hyde and Abramson (2017), 5.8% of women and 3.5% of men "
                "had major depression in the past 12 months. What is the difference (women minus men), as a "
                "**proportion** between 0 and 1?"
            ),
            answer=0.023,
            abs_tol=0.0005,
            rel_tol=0.0,
            solution="5.8% − 3.5% = 2.3 percentage points, that is 0.023 as a proportion.",
        ),
        MultipleChoice(
            qid="q3",
            prompt=(
                "Berkman and Syme (1979) built a Social Network Index to follow 6,928 adults for nine years. "
                "Which of these went into the index? Choose all that apply."
            ),
            multiple=True,
            options=[
                Option("Marital status", correct=True, feedback="Yes: being married was one component."),
                Option("Household income", feedback="Income is socioeconomic position, not a social tie."),
                Option("Church membership", correct=True, feedback="Yes: church membership was one component."),
                Option("Number of visits to a doctor", feedback="That measures health care use, not ties."),
                Option("Membership in other groups", correct=True, feedback="Yes: group membership counted too."),
            ],
        ),
        CodeCheck(
            qid="q4",
            prompt=(
                "The six-item Lubben Social Network Scale (LSNS-6) scores each item from 0 to 5 (total 0 to 30); "
                "a total **below 12** flags a risk of social isolation (Lubben et al., 2006). Write a function "
                "`q4_answer(items)` that takes a list of the six item scores and returns `True` when the person "
                "is at risk, `False` otherwise."
            ),
            expected=lambda: lsns6_at_risk,
            probes=[([0, 0, 0, 0, 0, 0],), ([2, 2, 2, 2, 2, 2],), ([5, 5, 1, 0, 0, 0],), ([5, 5, 5, 5, 5, 5],)],
            solution="```python\ndef q4_answer(items):\n    return sum(items) < 12\n```",
        ),
        Reflection(
            qid="q5",
            prompt=(
                "Think of one tie in your own life that helps when things go wrong. Is its help something you "
                "*could* count on (perceived support), or something you have actually *received*? A sentence "
                "or two; this is not graded."
            ),
        ),
    ],
)
