"""Static slider redraw latency: from a slider's input event to the chart's SVG changing, on the static simulator.

The simulator page of the built site is opened in Chromium; then, inside the page, 20 input events are dispatched one
after the other on the chart's range sliders (each slider in turn, each time to a new value), and for each the time
from the event to the first change of the chart's SVG (a MutationObserver on it) is taken with
``performance.now()``. No warm-up: the first redraw is what a reader feels first. Vega redraws in the page itself;
no kernel is involved.

    python -m benchmarks.slider [--site _build/html] [--events 20]
"""

from __future__ import annotations

import argparse

from benchmarks.common import (CHROMIUM_ARGS, LocalSite, chromium_executable, cli, failed, find_site, log, median_max,
                               millis, ratio, row)

GROUP = "Static chart in Chromium (no kernel)"
PAGE = "book/01-mechanisms/simulator.html"
CHART = '.st-chart[aria-label^="Interactive scatter plot"]'
FALLBACK_CHART = ".vega-embed"
LIMIT_MS = 100.0  # a redraw within 100 ms feels instantaneous (the course's limit for a slider)

# Runs in the page: returns the latency of each event in ms (null if the SVG did not change within 5 s).
MEASURE_JS = """
async ([selector, events]) => {
  const chart = [...document.querySelectorAll(selector)].find(c => c.querySelector("input[type=range]") && c.querySelector("svg"));
  if (!chart) throw new Error("no chart with sliders matches " + selector);
  const svg = chart.querySelector("svg");
  const sliders = [...chart.querySelectorAll("input[type=range]")];
  const fractions = [0.25, 0.75, 0.4, 0.6, 0.1, 0.9];
  const latencies = [];
  for (let i = 0; i < events; i++) {
    const input = sliders[i % sliders.length];
    const lo = +input.min, hi = +input.max, step = +input.step || (hi - lo) / 100;
    const k = Math.floor(i / sliders.length);
    let value = lo + Math.round((hi - lo) * fractions[k % fractions.length] / step) * step;
    if (Math.abs(value - +input.value) < step / 2) value = Math.min(hi, value + step);
    const before = svg.innerHTML;
    const changed = new Promise(resolve => {
      const timer = setTimeout(() => { observer.disconnect(); resolve(null); }, 5000);
      const observer = new MutationObserver(() => {
        observer.disconnect(); clearTimeout(timer); resolve(performance.now());
      });
      observer.observe(svg, {subtree: true, childList: true, attributes: true, characterData: true});
    });
    const start = performance.now();
    input.value = String(value);
    input.dispatchEvent(new Event("input", {bubbles: true}));
    const end = await changed;
    latencies.push(end === null || svg.innerHTML === before ? null : end - start);
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)));  // let the frame paint, then the next
  }
  return {latencies, sliders: sliders.length};
}
"""


def measure(args: argparse.Namespace) -> list[dict]:
    measure_name = f"slider redraw, {args.events} input events ({PAGE})"
    site = find_site(args.site)
    if site is None or not (site / PAGE).is_file():
        return [failed(GROUP, measure_name, f"no built {PAGE} (run make book, or give --site)")]
    from playwright.sync_api import sync_playwright

    with LocalSite(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.goto(f"{base}/{PAGE}", wait_until="load")
        selector = CHART if page.locator(CHART).count() else FALLBACK_CHART
        page.locator(selector).first.locator("svg").wait_for(timeout=30_000)
        page.locator(selector).first.locator("input[type=range]").first.wait_for(timeout=30_000)
        log(f"dispatching {args.events} input events ...")
        result = page.evaluate(MEASURE_JS, [selector, args.events])
        browser.close()

    seen = [ms / 1e3 for ms in result["latencies"] if ms is not None]
    missed = len(result["latencies"]) - len(seen)
    if not seen:
        return [failed(GROUP, measure_name, "the SVG never changed after an input event")]
    med, top = median_max(seen)
    note = f"{result['sliders']} sliders moved in turn"
    if missed:
        note += f"; {missed} events changed nothing within 5 s (left out)"
    return [
        row(GROUP, f"slider redraw, median of {len(seen)} input events", millis(med), f"{LIMIT_MS:.0f} ms",
            ratio(1e3 * med, LIMIT_MS, limit=True), note),
        row(GROUP, f"slider redraw, max of {len(seen)} input events", millis(top), f"{LIMIT_MS:.0f} ms",
            ratio(1e3 * top, LIMIT_MS, limit=True)),
    ]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", help="the built site (default: _build/html)")
    parser.add_argument("--events", type=int, default=20, help="input events (default %(default)s)")


if __name__ == "__main__":
    raise SystemExit(cli(__doc__.splitlines()[0], measure, add_arguments))
