"""The solution convention: student placeholders that run, solution directives removed, self-study dropdowns."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from socialties.exercises.assign.editions import (
    EditionError,
    find_regions,
    lint,
    make_edition,
    solution_snippets,
    strip_solution_directives,
    student_code,
    student_markdown_page,
)


def run(source: str) -> dict:
    """Execute student code in a fresh namespace (it must not raise)."""
    namespace: dict = {}
    exec(compile(source, "<student>", "exec"), namespace)
    return namespace


def test_a_region_becomes_placeholders_for_the_names_it_assigns():
    source = ("x = 2\n# BEGIN SOLUTION\nfit = model(data)\nq3_answer, extra = fit.a, fit.b\n# END SOLUTION\n"
              "print(q3_answer)")
    student, had = student_code(source)
    assert had
    assert "model(data)" not in student and "fit.a" not in student
    assert student.splitlines() == ["x = 2", "fit = ...  # YOUR ANSWER HERE", "q3_answer = ...  # YOUR ANSWER HERE",
                                    "extra = ...  # YOUR ANSWER HERE", "print(q3_answer)"]
    assert run(student)["q3_answer"] is Ellipsis


def test_functions_keep_their_signature_and_indented_regions_keep_their_indent():
    source = ("def share(scores, cutoff=20):\n    # BEGIN SOLUTION\n    return sum(s >= cutoff for s in scores)\n"
              "    # END SOLUTION\n\n# BEGIN SOLUTION\ndef helper(a, *b, c=1, **d):\n    return a\n# END SOLUTION")
    student, _ = student_code(source)
    assert "return sum" not in student and "return a" not in student
    assert "def helper(a, *b, c=1, **d):" in student
    namespace = run(student)
    assert namespace["share"]([1, 30]) is None  # the region inside a function leaves its body without a return
    assert namespace["helper"](1) is Ellipsis  # a whole function becomes `return ...`: "not answered yet"


def test_a_region_that_assigns_nothing_becomes_a_code_placeholder():
    student, _ = student_code("# BEGIN SOLUTION\nprint('the answer is 42')\n# END SOLUTION")
    assert student == "...  # YOUR CODE HERE"
    run(student)


def test_a_tagged_cell_is_a_region_as_a_whole():
    student, had = student_code("q1_answer = 'b'", tagged=True)
    assert had and student == "q1_answer = ...  # YOUR ANSWER HERE"
    assert student_code("q1_answer = 'b'", tagged=False) == ("q1_answer = 'b'", False)


@pytest.mark.parametrize("source, problem", [
    ("# BEGIN SOLUTION\nx = 1", "never closed"),
    ("x = 1\n# END SOLUTION", "without a BEGIN"),
    ("# BEGIN SOLUTION\n# BEGIN SOLUTION\nx = 1\n# END SOLUTION", "inside another"),
    ("# BEGIN SOLUTION\nx = = 1\n# END SOLUTION", "does not parse"),
])
def test_broken_annotations_are_refused_with_a_message(source, problem):
    with pytest.raises(EditionError, match=problem):
        student_code(source, where="ex.ipynb, cell 3")


def test_markers_are_recognised_in_nbgrader_style_and_any_case():
    assert len(find_regions("### BEGIN SOLUTION\nx = 1\n### end solution")) == 1


def test_solution_directives_are_removed_with_their_nested_code():
    text = ("Before.\n\n````{solution} ex-1\n:class: dropdown\n\n```python\nsecret = 42\n```\n````\n\nAfter.\n"
            ":::{solution} ex-2\ncolon secret\n:::\n")
    stripped, gated = strip_solution_directives(text)
    assert not gated
    assert "secret" not in stripped and "Before." in stripped and "After." in stripped


def test_gated_solutions_are_removed_across_cells_with_the_code_between():
    nb = new_notebook(cells=[
        new_markdown_cell("```{exercise-start}\n:label: e1\n```\nCompute it.\n```{exercise-end}\n```"),
        new_markdown_cell("Intro.\n```{solution-start} e1\n:class: dropdown\n```\nGated secret text."),
        new_code_cell("gated_secret_code = 1"),
        new_markdown_cell("More gated secret.\n```{solution-end}\n```\nAfter the solution."),
        new_markdown_cell("Tagged secret.", metadata={"tags": ["solution"]}),
    ])
    student = nbformat.writes(make_edition(nb, "student"))
    assert "secret" not in student
    assert "Compute it." in student and "Intro." in student and "After the solution." in student


def test_student_copy_clears_outputs_and_unhides_placeholders_and_self_study_hides_solutions():
    cell = new_code_cell("# BEGIN SOLUTION\nq1_answer = 'a'\n# END SOLUTION\nex.check('q1', q1_answer)",
                         metadata={"tags": ["hide-cell"]}, execution_count=3,
                         outputs=[nbformat.v4.new_output("stream", text="Correct: a")])
    nb = new_notebook(cells=[cell, new_markdown_cell("Why: because.", metadata={"tags": ["solution"]})],
                      metadata={"socialties": {"assignment": "00-practice"}})
    student = make_edition(nb, "student")
    assert student.cells[0].outputs == [] and student.cells[0].execution_count is None
    assert "tags" not in student.cells[0].metadata  # the student must see the placeholder
    assert len(student.cells) == 1 and student.metadata["socialties"]["assignment"] == "00-practice"
    assert nb.cells[0].outputs, "the source is left unchanged"

    self_study = make_edition(nb, "self-study")
    assert self_study.cells[0].source == "q1_answer = 'a'\nex.check('q1', q1_answer)"
    assert "hide-cell" in self_study.cells[0].metadata["tags"]
    assert ":class: dropdown" in self_study.cells[1].source and "because" in self_study.cells[1].source

    instructor = make_edition(nb, "instructor")
    assert "q1_answer = 'a'" in instructor.cells[0].source and len(instructor.cells) == 2


def test_myst_pages_lose_solutions_in_directives_and_code_cells():
    page = ("# Page\n\n```{code-cell} ipython3\n:tags: [solution]\nanswer = compute_the_secret()\n```\n\n"
            "```{code-cell} ipython3\nx = 1\n# BEGIN SOLUTION\ny = secret_formula(x)\n# END SOLUTION\n```\n\n"
            "```{solution} ex\nA secret explanation.\n```\n")
    student = student_markdown_page(page)
    assert "secret" not in student
    assert "answer = ...  # YOUR ANSWER HERE" in student and "y = ...  # YOUR ANSWER HERE" in student
    assert "x = 1" in student
    with pytest.raises(EditionError):
        student_markdown_page("```{solution-start} ex\n```\nnever ends")


def test_lint_names_visible_solutions_and_missing_assignment():
    nb = new_notebook(cells=[new_code_cell("# BEGIN SOLUTION\nq = 1\n# END SOLUTION")])
    problems = lint(nb, "ex.ipynb")
    assert any("hide-cell" in p for p in problems) and any("assignment" in p for p in problems)


def test_snippets_are_the_distinctive_solution_lines():
    assert solution_snippets("# BEGIN SOLUTION\nq4_answer = data.corr()\nx = 1\n# END SOLUTION") == [
        "q4_answer = data.corr()"]
