"""Maths in self-checks: $...$ in prompts, options and feedback becomes \\(...\\) for MathJax, escaped."""

from __future__ import annotations

from socialties.exercises.questions import Feedback, MultipleChoice, Option
from socialties.exercises.check.static import feedback_html, markdown, math_text, question_html, shared_data


def test_prompt_maths_is_set_for_mathjax_and_prices_are_not_maths():
    out = markdown("Is $f^2 = 0.02$ small? It costs $5 and $6.")
    assert '<span class="math notranslate nohighlight st-math">\\(f^2 = 0.02\\)</span>' in out
    assert "$5 and $6" in out


def test_maths_is_escaped_text_never_markup():
    assert math_text("$a<b$ and <script>") == (
        '<span class="math notranslate nohighlight st-math">\\(a&lt;b\\)</span> and &lt;script&gt;')
    assert "<script>" not in markdown("$x$ <script>alert(1)</script>")


def test_options_and_feedback_carry_maths():
    question = MultipleChoice(qid="q1", prompt="Which is $b_1 + b_3 z$?", options=[
        Option("$b_1$ alone", feedback="At $z = 0$ only."), Option("the slope of $x$ at $z$", correct=True)])
    page = question_html(question, "test-set")
    assert page.count("st-math") == 4  # prompt 1, options 1 + 2; the feedback is in the obfuscated key
    live = feedback_html(Feedback("incorrect", 0.0, "At $z = 0$ only."))
    assert "\\(z = 0\\)" in live


def test_the_browser_gets_one_source_of_labels_and_messages():
    data = shared_data()
    assert data["labels"]["invalid"] == ["\u26a0", "Check the form of your answer"]
    assert data["labels"]["ungraded"][1] == "Saved"
    assert set(data["rank"]) == set(data["statuses"])
