"""Page weights: the HTML bytes and the total bytes each page of the table of contents loads, heaviest first.

Every page of ``_toc.yml`` is opened in Chromium (Playwright) from the built site served on 127.0.0.1, in a fresh
browser context (an empty cache: a first visit), and waited on until the network is idle (MathJax and the charts load
what they need on the fly). Every response is counted once, at the size of the file served (and, beside it, the
size gzip-compressed, as most static hosts would send it: the local server does not compress). Requests to any other
host are blocked and counted: the site must make none. Pages with charts are read against the same budget plus the
chart libraries (Vega, Vega-Lite, vega-embed), which only they need.

    python -m benchmarks.pages [--site _build/html]
"""

from __future__ import annotations

import argparse
import functools
import gzip
from pathlib import Path
from urllib.parse import unquote, urlsplit

from benchmarks.common import (CHROMIUM_ARGS, LocalSite, chromium_executable, cli, failed, find_site, log, ratio,
                               row, size, toc_files)

GROUP = "Page weight (first visit, Chromium, heaviest first)"
BUDGET = 1.5e6  # bytes: the course's budget for a page without charts (phone first: light pages)
CHART_SELECTOR = ".vega-embed, .st-chart"
CHART_LIBRARIES = ("vega", "vega-lite", "vega-embed")


def local_file(site: Path, base: str, url: str) -> Path | None:
    if not url.startswith(base):
        return None
    path = unquote(urlsplit(url).path).lstrip("/")
    target = site / path
    return target / "index.html" if target.is_dir() else target


@functools.lru_cache(maxsize=None)
def gzipped_size(path: Path) -> int:
    """The file's size compressed as a typical static host serves it (gzip -6), or raw if that is smaller."""
    data = path.read_bytes()
    return min(len(data), len(gzip.compress(data, compresslevel=6)))


def is_chart_library(url: str) -> bool:
    name = Path(urlsplit(url).path).name
    return name.endswith(".js") and name.split(".")[0] in CHART_LIBRARIES


def weigh(page, site: Path, base: str, doc: str) -> dict:
    """Load one page; return its HTML bytes, total bytes, request count, blocked requests and whether it has charts."""
    loaded: dict[str, int] = {}
    gzipped: dict[str, int] = {}
    blocked: list[str] = []

    def on_response(response) -> None:
        if response.status >= 400 or response.url in loaded:
            return
        local = local_file(site, base, response.url)
        try:
            if local and local.is_file():
                loaded[response.url], gzipped[response.url] = local.stat().st_size, gzipped_size(local)
            else:
                loaded[response.url] = gzipped[response.url] = len(response.body())
        except Exception:  # a response whose body is gone (a redirect): no bytes of its own
            loaded[response.url] = gzipped[response.url] = 0

    def route(route) -> None:
        url = route.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.context.route("**/*", route)
    page.on("response", on_response)
    url = f"{base}/{doc}.html"
    page.goto(url, wait_until="networkidle", timeout=60_000)
    charts = page.locator(CHART_SELECTOR).count()
    html_bytes = (site / f"{doc}.html").stat().st_size
    chart_lib_bytes = sum(n for u, n in loaded.items() if is_chart_library(u))
    files = {urlsplit(u).path: n for u, n in loaded.items()}
    return {"doc": doc, "html": html_bytes, "total": sum(loaded.values()), "gzip": sum(gzipped.values()),
            "requests": len(loaded), "blocked": blocked, "charts": charts, "chart_libs": chart_lib_bytes,
            "files": files}


def measure(args: argparse.Namespace) -> list[dict]:
    site = find_site(args.site)
    if site is None:
        return [failed(GROUP, "page weights", "no built site (run make book, or give --site)")]
    from playwright.sync_api import sync_playwright

    docs = toc_files(Path(args.source))
    results = [{"doc": d, "error": "no HTML page in the built site"} for d in docs if not (site / f"{d}.html").is_file()]
    docs = [d for d in docs if (site / f"{d}.html").is_file()]
    with LocalSite(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        for doc in docs:
            context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone, as readers use it
            page = context.new_page()
            try:
                results.append(weigh(page, site, base, doc))
            except Exception as err:
                results.append({"doc": doc, "error": f"{type(err).__name__}: {str(err).splitlines()[0]}"})
            finally:
                context.close()
        browser.close()
    log(f"weighed {len(results)} pages")

    rows = []
    for r in sorted(results, key=lambda r: -r.get("total", 0)):
        if "error" in r:
            rows.append(failed(GROUP, r["doc"], r["error"]))
            continue
        chart_budget = BUDGET + r["chart_libs"]
        limit, anchor = ((chart_budget, f"{size(BUDGET)} + chart libraries {size(r['chart_libs'])}") if r["charts"]
                         else (BUDGET, f"{size(BUDGET)} (page without charts)"))
        note = (f"{len(r['blocked'])} requests to other hosts blocked, e.g. {r['blocked'][0][:80]}"
                if r["blocked"] else "")
        figure = f"{size(r['total'])} (HTML {size(r['html'])}, {r['requests']} files, gzip {size(r['gzip'])})"
        rows.append(row(GROUP, r["doc"], figure, anchor, ratio(r["total"], limit, limit=True), note))
    weighed = [r for r in results if "error" not in r]
    without_charts = [r for r in weighed if not r["charts"]]
    needless = [r for r in without_charts if r["chart_libs"]]
    if needless:
        rows.append(row(GROUP, "pages without charts that load the chart libraries",
                        f"{len(needless)} of {len(without_charts)}", "0", "over",
                        note=f"each loads {size(max(r['chart_libs'] for r in needless))} of Vega, Vega-Lite and "
                             "vega-embed that it never uses"))
    heaviest: dict[str, tuple[int, int]] = {}
    for r in weighed:
        for path, n in r["files"].items():
            heaviest[path] = (n, heaviest.get(path, (0, 0))[1] + 1)
    top = sorted(heaviest.items(), key=lambda item: -item[1][0])[:4]
    if top:
        (first, (n_first, _)), *_ = top
        rows.append(row(GROUP, "heaviest file loaded", f"{Path(first).name} {size(n_first)}", "",
                        note="heaviest files: " + ", ".join(f"{p} {size(n)} (on {k} of {len(weighed)} pages)"
                                                            for p, (n, k) in top)))
    blocked = sum(len(r.get("blocked", [])) for r in results)
    rows.append(row(GROUP, f"requests to other hosts, all {len(results)} pages", str(blocked), "0",
                    "" if blocked == 0 else "over"))
    return rows


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", help="the built site (default: _build/html)")
    parser.add_argument("--source", default=".", help="the book sources whose _toc.yml lists the pages")


if __name__ == "__main__":
    raise SystemExit(cli(__doc__.splitlines()[0], measure, add_arguments))
