"""The live path in a real front end: each notebook with a chart or a widget, run in JupyterLab, offline.

For every notebook that :func:`conftest.live_notebooks` finds (chapters and exercise notebooks; new themes' notebooks
are found the same way), the test opens it in JupyterLab, runs all cells as a reader would (Run > Run All Cells), and
checks that

- every chart the notebook makes has drawn marks (at least as many charts as its committed static outputs show);
- no output is an error, a traceback, text on stderr, a widget that failed to load, or a ``<chart: ...>`` fallback;
- the browser asked no other host for anything (every non-local request is aborted and recorded);
- where there is a live explorer: its chart redraws after a slider move and after "Draw a new sample", the button's
  label is not cut off, the power study draws its chart, and on a narrow window the report and the chart stack
  without overflowing;
- where there is a multiple-choice question widget: a wrong answer and the right one each get their feedback.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from livelab import ROOT, live_notebooks

pytestmark = pytest.mark.live
NOTEBOOKS = live_notebooks()

# Texts that mean an output failed, whatever produced it.
FAILURE_TEXTS = ("Traceback", "<chart:", "Error loading script", "JavaScript Error", "Error displaying widget",
                 "Failed to load model", "Failed to create view", "could not be drawn", "does not load: re-run",
                 "No renderer could be found", "Loading widget...")

PANEL_JS = "path => { const w = window.jupyterapp?.shell?.currentWidget; return !!w && w.context?.path === path; }"
STATE_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session?.kernel;
  let total = 0, executed = 0;
  for (const cell of panel.content.model.cells) {
    if (cell.type !== 'code') continue;
    total += 1;
    if (cell.executionCount !== null && cell.executionCount !== undefined) executed += 1;
  }
  const stderr = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]';
  const errors = panel.node.querySelectorAll(stderr).length;
  return {status: kernel ? kernel.status : 'none', total, executed, errors};
}"""
CHARTS_JS = """() => Array.from(window.jupyterapp.shell.currentWidget.node
    .querySelectorAll('.jp-OutputArea-output .vega-embed')).map(el => {
  const svg = el.querySelector('svg');
  return {marks: svg ? svg.querySelectorAll('.role-mark > *').length : 0,
          title: svg ? (svg.getAttribute('aria-label') || '') : el.textContent.slice(0, 200)};
})"""
OUTPUT_TEXT_JS = """() => Array.from(window.jupyterapp.shell.currentWidget.node
    .querySelectorAll('.jp-OutputArea-output')).map(el => el.innerText)"""
EXPLORER_SVG_JS = "() => document.querySelector('.st-explorer .vega-embed svg')?.innerHTML ?? ''"
SCREENSHOTS = os.environ.get("SOCIALTIES_LIVE_SCREENSHOTS")  # a folder: keep pictures of the explorer to look at


def screenshot(locator, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        locator.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


def expected_charts(notebook: Path) -> int:
    """Charts the notebook shows on its static page, from its committed outputs (a glued chart counts once)."""
    count = 0
    for cell in json.loads((ROOT / notebook).read_text(encoding="utf-8"))["cells"]:
        shown = recorded = 0
        for output in cell.get("outputs", []):
            for mime, value in output.get("data", {}).items():
                n = "".join(value if isinstance(value, list) else [str(value)]).count('class="st-chart"')
                if mime.startswith("application/papermill.record/"):
                    recorded += n
                elif mime == "text/html":
                    shown += n
        count += max(shown, recorded)
    return count


def run_all(page, notebook: Path) -> dict:
    """Open the notebook in the running JupyterLab, Run All Cells, wait until the kernel is done."""
    page.evaluate("async path => { await window.jupyterapp.commands.execute('docmanager:open',"
                  " {path, factory: 'Notebook'}); return null; }", notebook.as_posix())
    page.wait_for_function(PANEL_JS, arg=notebook.as_posix(), timeout=120_000)
    page.evaluate("async () => { const w = window.jupyterapp.shell.currentWidget;"
                  " await w.context.ready; await w.sessionContext.ready; }")
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.session?.kernel?.status"
                           " === 'idle'", timeout=120_000)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    deadline = time.monotonic() + 240
    while True:  # done when the kernel is idle with every cell run, or an error stopped the run
        state = page.evaluate(STATE_JS)
        if state["status"] == "idle" and (state["executed"] == state["total"] or state["errors"]):
            return state
        assert time.monotonic() < deadline, f"{notebook}: still running after 240 s: {state}"
        page.wait_for_timeout(500)


def close(page) -> None:
    """Shut the kernel down and close the notebook without saving (the served folder is a copy anyway)."""
    page.evaluate("""async () => { const w = window.jupyterapp.shell.currentWidget;
      await w.sessionContext.shutdown(); w.context.model.dirty = false; w.dispose(); }""")


def wait_for_charts(page, notebook: Path, expected: int) -> list[dict]:
    deadline = time.monotonic() + 90
    while True:
        charts = page.evaluate(CHARTS_JS)
        if len(charts) >= expected and all(c["marks"] > 0 for c in charts):
            return charts
        if time.monotonic() > deadline:
            return charts
        page.wait_for_timeout(500)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.as_posix() for n in NOTEBOOKS])
def test_notebook_runs_live_offline_with_every_chart_drawn(lab_page, notebook):
    page = lab_page
    started = time.monotonic()
    try:
        check_notebook(page, notebook, started)
    finally:
        close(page)


def check_notebook(page, notebook: Path, started: float) -> None:
    state = run_all(page, notebook)
    assert state["errors"] == 0 and state["executed"] == state["total"], f"{notebook}: {state}"

    expected = expected_charts(notebook)
    charts = wait_for_charts(page, notebook, expected)
    assert len(charts) >= expected, f"{notebook}: {len(charts)} charts drawn, the static page has {expected}"
    assert all(c["marks"] > 0 for c in charts), f"{notebook}: a chart without marks: {charts}"

    outputs = page.evaluate(OUTPUT_TEXT_JS)
    failures = [(text[:300], bad) for text in outputs for bad in FAILURE_TEXTS if bad in text]
    assert failures == [], f"{notebook}: {failures}"

    if page.locator(".st-explorer").count():
        check_explorer(page)
    if page.locator(".st-question-live .widget-radio-box").count():
        check_question_feedback(page)

    assert page.blocked_requests == [], f"{notebook} asked other hosts for: {page.blocked_requests[:5]}"
    assert page.page_errors == [], f"{notebook}: {page.page_errors[:5]}"
    print(f"{notebook}: {state['total']} cells, {len(charts)} charts, {time.monotonic() - started:.1f} s")


def test_every_chapter_and_exercise_notebook_with_charts_or_widgets_is_found():
    """The list is discovered, not written down: today's notebooks are in it, and so is any new one."""
    names = {n.as_posix() for n in NOTEBOOKS}
    assert {"book/01-mechanisms/simulator.ipynb", "book/evidence.ipynb", "book/self-checks.ipynb",
            "book/01-mechanisms/statistics-of-buffering.ipynb", "book/01-mechanisms/worked-example.ipynb"} <= names
    assert {p.relative_to(ROOT).as_posix() for p in (ROOT / "exercises").glob("*.ipynb")} <= names


# ----------------------------------------------------------------------------------------------------- explorer
def wait_for_new_svg(page, before: str) -> str:
    page.wait_for_function(f"old => ({EXPLORER_SVG_JS})() !== old && ({EXPLORER_SVG_JS})() !== ''", arg=before,
                           timeout=60_000)
    return page.evaluate(EXPLORER_SVG_JS)


def check_explorer(page) -> None:
    explorer = page.locator(".st-explorer")
    explorer.scroll_into_view_if_needed()
    button = explorer.get_by_role("button", name="Draw a new sample")
    assert button.evaluate("b => b.scrollWidth <= b.clientWidth + 1"), "the button's label is cut off"
    before = page.evaluate(EXPLORER_SVG_JS)
    assert before

    # A slider: type a value into its readout, as a reader can (or drag; both set the same widget value).
    readout = explorer.locator(".widget-slider", has_text="Buffering interaction").locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("-0.35")
    page.keyboard.press("Enter")
    after_slider = wait_for_new_svg(page, before)
    assert readout.inner_text().strip().replace("\u2212", "-") == "-0.35"  # d3 formats a true minus sign

    label = explorer.locator(".widget-label", has_text="sample 1")
    assert label.count() == 1
    button.click()
    wait_for_new_svg(page, after_slider)
    explorer.locator(".widget-label", has_text="sample 2").wait_for()
    screenshot(explorer, "explorer-wide")

    # The power study draws its own live chart below.
    explorer.get_by_role("button", name="Run the power study").click()
    page.wait_for_function("() => document.querySelectorAll('.st-explorer .vega-embed svg').length === 2"
                           " && document.querySelectorAll('.st-explorer .vega-embed svg')[1]"
                           ".querySelectorAll('.role-mark > *').length > 0", timeout=120_000)
    assert "Monte Carlo" in explorer.inner_text()

    # A narrow notebook: the report and the chart stack, and nothing is wider than the explorer.
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")  # a narrow window leaves no room for the files
    page.set_viewport_size({"width": 560, "height": 1000})
    page.wait_for_timeout(800)
    boxes = explorer.evaluate("""el => {
      const r = x => x.getBoundingClientRect();
      const report = el.querySelector('.widget-html'), chart = el.querySelector('.vega-embed');
      const wide = Array.from(el.querySelectorAll('.widget-slider, .widget-button'))
        .filter(x => r(x).right > r(el).right + 1)
        .map(x => `${x.innerText.split('\\n')[0]}: ${Math.round(r(x).left)}-${Math.round(r(x).right)} in `
                  + `${Math.round(r(el).left)}-${Math.round(r(el).right)} (min-width ${getComputedStyle(x).minWidth})`);
      return {reportBottom: r(report).bottom, chartTop: r(chart).top, wide};
    }""")
    assert boxes["chartTop"] >= boxes["reportBottom"] - 1, f"report and chart not stacked: {boxes}"
    assert boxes["wide"] == [], f"controls wider than a narrow notebook: {boxes['wide']}"
    screenshot(explorer, "explorer-narrow")
    page.set_viewport_size({"width": 1280, "height": 1000})


# ----------------------------------------------------------------------------------------------------- questions
def check_question_feedback(page) -> None:
    question = page.locator(".st-question-live", has=page.locator(".widget-radio-box")).first
    question.scroll_into_view_if_needed()
    options = question.locator(".widget-radio-box input[type=radio]")
    seen: dict[str, str] = {}
    attempts = question.locator(".widget-label", has_text="Attempts:")
    for index in range(options.count()):
        # The notebook's own solution cell may have checked this question already: the count goes on from there.
        before = attempts.inner_text() if attempts.count() else ""
        options.nth(index).check()
        question.get_by_role("button", name=re.compile("^Check$")).click()
        deadline = time.monotonic() + 60
        while not (attempts.count() and attempts.inner_text() != before):
            assert time.monotonic() < deadline, f"no feedback after Check (attempts: {before!r})"
            page.wait_for_timeout(200)
        feedback = question.locator(".st-feedback-live")
        status = re.search(r"st-status-(\w+)", feedback.get_attribute("class")).group(1)
        seen.setdefault(status, feedback.inner_text())
        if {"correct", "incorrect"} <= seen.keys():
            break
    assert {"correct", "incorrect"} <= seen.keys(), f"feedback seen: {seen}"
    assert all(len(text.strip()) > len("Incorrect.") for text in seen.values()), seen  # a message, not a bare word
