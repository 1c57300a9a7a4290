"""Turn one annotated exercise source into its three editions: student, instructor and self-study.

The solution convention (documented for authors in ``book/instructors.md``):

* **Solution regions in code cells.** Lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` (any number of ``#``,
  any case) are the reference solution. A code cell tagged ``solution`` is a solution region as a whole.
* **Placeholders.** In the student copy a region becomes a placeholder that runs without error, so the student
  edition of the book still executes: every name the region assigns at its top level becomes
  ``name = ...  # YOUR ANSWER HERE`` (``...`` is what the checks read as "unanswered"); a function the region defines
  keeps its signature with ``return ...`` as its body (also read as "unanswered"); a region that assigns nothing
  becomes ``...  # YOUR CODE HERE``.
* **Markdown.** Markdown cells tagged ``solution`` are removed from the student copy; so are sphinx-exercise solution
  directives (a ``{solution}`` block, or everything from ``{solution-start}`` to ``{solution-end}``, including the
  code cells in between) in notebooks and in MyST ``.md`` pages.
* **Assignment name.** The notebook metadata ``{"socialties": {"assignment": "00-practice"}}`` names the trusted
  question set in :mod:`socialties.exercises.sets` that grades it.

The student edition keeps no solution text at all (outputs are cleared too, since an output can show an answer);
the instructor edition is the source with its outputs cleared; the self-study edition keeps the solutions but hides
them: solution code cells get the ``hide-cell`` tag (code and output behind one toggle, since the checked output
would give the answer away) and solution markdown becomes a dropdown.
"""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass
from typing import Iterable, Literal

import nbformat

Edition = Literal["student", "instructor", "self-study"]
EDITIONS: tuple[Edition, ...] = ("student", "instructor", "self-study")

SOLUTION_TAG = "solution"
HIDE_TAG = "hide-cell"
ANSWER_PLACEHOLDER = "...  # YOUR ANSWER HERE"
CODE_PLACEHOLDER = "...  # YOUR CODE HERE"

_BEGIN = re.compile(r"^\s*#+\s*BEGIN\s+SOLUTION\s*$", re.IGNORECASE)
_END = re.compile(r"^\s*#+\s*END\s+SOLUTION\s*$", re.IGNORECASE)
# The opening fence of a MyST directive: indentation, 3+ backticks or colons, then {name} and its argument.
_DIRECTIVE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,})\{(?P<name>[a-zA-Z0-9_:-]+)\}(?P<arg>.*)$")


class EditionError(ValueError):
    """An annotated source breaks the solution convention (the message says where and how)."""


@dataclass(frozen=True)
class Region:
    """One solution region found in a code cell: the lines it spans (0-based, markers included) and its text."""

    start: int
    end: int
    indent: str
    code: str


# ---------------------------------------------------------------------------------------------------------------
# Code cells
# ---------------------------------------------------------------------------------------------------------------


def find_regions(source: str, tagged: bool = False, where: str = "cell") -> list[Region]:
    """Return the solution regions of a code cell's source (the whole cell if ``tagged`` and it has no markers)."""
    lines = source.splitlines()
    regions: list[Region] = []
    open_at: int | None = None
    for i, line in enumerate(lines):
        if _BEGIN.match(line):
            if open_at is not None:
                raise EditionError(f"{where}, line {i + 1}: BEGIN SOLUTION inside another solution region")
            open_at = i
        elif _END.match(line):
            if open_at is None:
                raise EditionError(f"{where}, line {i + 1}: END SOLUTION without a BEGIN SOLUTION")
            indent = re.match(r"\s*", lines[open_at]).group(0)
            regions.append(Region(open_at, i, indent, "\n".join(lines[open_at + 1 : i])))
            open_at = None
    if open_at is not None:
        raise EditionError(f"{where}, line {open_at + 1}: BEGIN SOLUTION is never closed by END SOLUTION")
    if not regions and tagged and lines:
        regions.append(Region(-1, len(lines), "", source))
    return regions


def _dedent(code: str) -> str:
    """Remove the common indentation of a region so that :mod:`ast` can parse code from inside a block."""
    lines = code.splitlines()
    widths = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(widths, default=0)
    return "\n".join(line[cut:] for line in lines)


def placeholder(region: Region, where: str = "cell") -> list[str]:
    """The student's lines for a region: each assigned name set to ``...``, each function kept with an empty body."""
    try:
        tree = ast.parse(_dedent(region.code))
    except SyntaxError as err:
        raise EditionError(f"{where}: the solution does not parse as Python ({err.msg}, line {err.lineno})") from None
    out: list[str] = []
    seen: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            keyword = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
            out.append(f"{region.indent}{keyword} {node.name}({ast.unparse(node.args)}):")
            out.append(f"{region.indent}    return {CODE_PLACEHOLDER}")  # read as "not answered yet"
            seen.add(node.name)
            continue
        for name in _assigned_names(node):
            if name not in seen:
                seen.add(name)
                out.append(f"{region.indent}{name} = {ANSWER_PLACEHOLDER}")
    return out or [f"{region.indent}{CODE_PLACEHOLDER}"]


def _assigned_names(node: ast.stmt) -> Iterable[str]:
    """Plain names bound by an assignment statement (attributes and subscripts bind nothing new)."""
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = list(node.targets)
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    for target in targets:
        for sub in ast.walk(target):
            if isinstance(sub, ast.Name):
                yield sub.id


def student_code(source: str, tagged: bool = False, where: str = "cell") -> tuple[str, bool]:
    """Return (student source, had a solution): every solution region replaced by its placeholder."""
    regions = find_regions(source, tagged, where)
    if not regions:
        return source, False
    lines = source.splitlines()
    out: list[str] = []
    cursor = 0
    for region in regions:
        out.extend(lines[cursor : max(region.start, 0)])
        out.extend(placeholder(region, where))
        cursor = region.end + 1
    out.extend(lines[cursor:])
    return "\n".join(out), True


def without_markers(source: str, tagged: bool = False, where: str = "cell") -> tuple[str, bool]:
    """Return (source with the marker lines removed, had a solution): the self-study copy of a code cell."""
    regions = find_regions(source, tagged, where)
    if not regions:
        return source, False
    marker_lines = {r.start for r in regions} | {r.end for r in regions}
    kept = [line for i, line in enumerate(source.splitlines()) if i not in marker_lines]
    return "\n".join(kept), True


def solution_snippets(source: str, tagged: bool = False, min_length: int = 12) -> list[str]:
    """Distinctive solution lines of a cell (stripped, at least ``min_length`` long): what must not leak into a
    student copy (the tests search for them)."""
    snippets: list[str] = []
    for region in find_regions(source, tagged):
        snippets += [line.strip() for line in region.code.splitlines() if len(line.strip()) >= min_length]
    # Comments and function signatures are not the solution: the student copy keeps a region's signatures.
    return [s for s in snippets if not s.startswith(("#", "def ", "async def "))]


# ---------------------------------------------------------------------------------------------------------------
# Markdown: sphinx-exercise solution directives
# ---------------------------------------------------------------------------------------------------------------


def _closes(line: str, fence: str) -> bool:
    """True if ``line`` closes a directive opened with ``fence`` (same character, at least as long, nothing else)."""
    stripped = line.strip()
    return bool(stripped) and set(stripped) == {fence[0]} and len(stripped) >= len(fence)


def strip_solution_directives(text: str, in_gated: bool = False) -> tuple[str, bool]:
    """Remove ``{solution}`` blocks and ``{solution-start}`` ... ``{solution-end}`` spans from MyST text.

    ``in_gated`` says the text starts inside a gated solution (a span that began in an earlier notebook cell); the
    returned flag says whether the text ends inside one, so that a notebook can carry the state from cell to cell.
    """
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _DIRECTIVE_OPEN.match(lines[i].rstrip("\n"))
        name = match.group("name") if match else ""
        if match and name in {"solution", "solution-start", "solution-end"}:
            # Skip the directive block itself: up to its closing fence (or the end of the text).
            j = i + 1
            while j < len(lines) and not _closes(lines[j], match.group("fence")):
                j += 1
            if name == "solution-start":
                in_gated = True
            elif name == "solution-end":
                in_gated = False
            i = j + 1
            continue
        if not in_gated:
            out.append(lines[i])
        i += 1
    return "".join(out), in_gated


def _dropdown(markdown: str) -> str:
    """Wrap solution markdown in a collapsed admonition (sphinx-book-theme's dropdown class)."""
    fence = "`" * max(4, _longest_fence(markdown) + 1)
    return f"{fence}{{admonition}} Solution\n:class: dropdown\n\n{markdown.strip()}\n{fence}\n"


def _longest_fence(text: str) -> int:
    return max((len(m.group(0)) for m in re.finditer(r"`{3,}", text)), default=0)


# ---------------------------------------------------------------------------------------------------------------
# Notebooks
# ---------------------------------------------------------------------------------------------------------------


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    tags = cell.get("metadata", {}).get("tags", [])
    return list(tags) if isinstance(tags, list) else []


def _set_tags(cell: nbformat.NotebookNode, tags: list[str]) -> None:
    if tags:
        cell.metadata["tags"] = tags
    else:
        cell.metadata.pop("tags", None)


def _clear_outputs(cell: nbformat.NotebookNode) -> None:
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
        cell.metadata.pop("execution", None)


def make_edition(nb: nbformat.NotebookNode, edition: Edition, name: str = "notebook",
                 clear_outputs: bool = True) -> nbformat.NotebookNode:
    """Return a new notebook: the ``edition`` of the annotated source ``nb`` (which is left unchanged).

    ``clear_outputs=False`` keeps the outputs of cells that hold no solution (book chapters with committed outputs);
    the outputs of solution cells are always cleared in the student edition.
    """
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; choose one of {', '.join(EDITIONS)}")
    result = copy.deepcopy(nb)
    cells: list[nbformat.NotebookNode] = []
    in_gated = False
    for index, cell in enumerate(result.cells):
        where = f"{name}, cell {index + 1}"
        tags = _tags(cell)
        tagged = SOLUTION_TAG in tags
        if cell.cell_type == "code":
            if edition == "student" and in_gated:
                continue
            if edition == "student":
                cell.source, had = student_code(cell.source, tagged, where)
                _set_tags(cell, [t for t in tags if t not in {SOLUTION_TAG, HIDE_TAG}] if had else tags)
                if had or clear_outputs:
                    _clear_outputs(cell)
            elif edition == "self-study":
                cell.source, had = without_markers(cell.source, tagged, where)
                if had and HIDE_TAG not in tags:
                    _set_tags(cell, tags + [HIDE_TAG])
                if clear_outputs:
                    _clear_outputs(cell)
            else:
                find_regions(cell.source, tagged, where)  # validate the markers all the same
                if clear_outputs:
                    _clear_outputs(cell)
        elif cell.cell_type == "markdown":
            if edition == "student":
                if tagged:
                    continue
                original = cell.source
                cell.source, in_gated = strip_solution_directives(original, in_gated)
                if original.strip() and not cell.source.strip():
                    continue  # the cell held nothing but solution
            elif edition == "self-study" and tagged:
                cell.source = _dropdown(cell.source)
                _set_tags(cell, [t for t in tags if t != SOLUTION_TAG])
        cells.append(cell)
    if edition == "student" and in_gated:
        raise EditionError(f"{name}: a {{solution-start}} is never closed by a {{solution-end}}")
    result.cells = cells
    return result


def student_markdown_page(text: str, name: str = "page") -> str:
    """The student copy of a MyST ``.md`` page: solution directives removed, solution code-cell regions replaced."""
    stripped, in_gated = strip_solution_directives(text)
    if in_gated:
        raise EditionError(f"{name}: a {{solution-start}} is never closed by a {{solution-end}}")
    return _transform_code_cells(stripped, name)


def _transform_code_cells(text: str, name: str) -> str:
    """Apply the code-cell convention to the ``{code-cell}`` blocks of a MyST text notebook."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _DIRECTIVE_OPEN.match(lines[i].rstrip("\n"))
        if not (match and match.group("name") == "code-cell"):
            out.append(lines[i])
            i += 1
            continue
        fence = match.group("fence")
        j = i + 1
        while j < len(lines) and not _closes(lines[j], fence):
            j += 1
        body = lines[i + 1 : j]
        options, code = _split_options(body)
        tagged = any(re.search(r"\bsolution\b", line) and "tags" in line for line in options)
        new_code, had = student_code("".join(code), tagged, f"{name}, line {i + 1}")
        if had:
            options = [line for line in options if not ("tags" in line and "solution" in line)]
            code = [new_code + ("\n" if new_code and not new_code.endswith("\n") else "")]
        out.append(lines[i])
        out.extend(options)
        out.extend(code)
        if j < len(lines):
            out.append(lines[j])
        i = j + 1
    return "".join(out)


def _split_options(body: list[str]) -> tuple[list[str], list[str]]:
    """Split a directive body into its option lines (``:key: value`` or a ``---`` YAML block) and its content."""
    if body and body[0].strip() == "---":
        for k in range(1, len(body)):
            if body[k].strip() == "---":
                return body[: k + 1], body[k + 1 :]
        return body, []
    k = 0
    while k < len(body) and body[k].lstrip().startswith(":"):
        k += 1
    return body[:k], body[k:]


def lint(nb: nbformat.NotebookNode, name: str = "notebook") -> list[str]:
    """Problems worth telling an author about (the convention is still applied): solutions left visible in the
    self-study edition and notebooks that do not name their assignment."""
    problems: list[str] = []
    meta = nb.get("metadata", {}).get("socialties", {})
    if not isinstance(meta, dict) or not meta.get("assignment"):
        problems.append(f'{name}: no metadata {{"socialties": {{"assignment": ...}}}}: the grader cannot tell which '
                        "question set grades it")
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tags = _tags(cell)
        if find_regions(cell.source, SOLUTION_TAG in tags, f"{name}, cell {index + 1}") and HIDE_TAG not in tags:
            problems.append(f"{name}, cell {index + 1}: a solution cell without the 'hide-cell' tag shows its "
                            "solution openly when the source is built as the self-study edition")
    return problems
