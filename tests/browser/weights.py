"""Page weights of the built site: bytes of each toc page's HTML and of everything it loads, heaviest first.

Used by the every-page browser test (which prints the table at the end of its run) and runnable on its own, e.g.
by ``make bench``::

    .venv/bin/python tests/browser/weights.py [SITE_DIR]     # default _build/html

Each page is loaded in a fresh browser context (an empty cache) at 390 x 844, so the total is what a phone
downloads on a first visit: HTML, scripts, styles, fonts and images, counted as response body bytes.
"""

from __future__ import annotations

import functools
import sys
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: A page with neither charts nor maths should stay well under this (issue 8's budget).
LIGHT_PAGE_BUDGET = 1_500_000


def toc_pages(toc_file: Path = ROOT / "_toc.yml") -> list[str]:
    """Every file listed in the table of contents, as its HTML path (new chapters are covered automatically)."""
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))
            walk(entry.get("chapters", []))

    walk(toc.get("parts", []))
    walk(toc.get("chapters", []))
    return [f"{name}.html" for name in files]


@dataclass
class PageWeight:
    """What one page load downloaded."""

    path: str
    html_bytes: int = 0
    total_bytes: int = 0
    requests: int = 0
    by_file: dict[str, int] = field(default_factory=dict)

    @property
    def heaviest(self) -> list[tuple[str, int]]:
        return sorted(self.by_file.items(), key=lambda item: -item[1])


class Recorder:
    """Counts the bytes of every response a page receives; :meth:`result` after the page has loaded."""

    def __init__(self, page, base_url: str) -> None:
        self.base_url = base_url
        self.finished: list = []
        page.on("requestfinished", lambda request: self.finished.append(request))

    def result(self, path: str) -> PageWeight:
        weight = PageWeight(path)
        for request in self.finished:
            try:
                size = int(request.sizes()["responseBodySize"])
            except Exception:  # a request that ended without a body (aborted, redirected)
                continue
            name = request.url.split("?")[0].removeprefix(self.base_url).lstrip("/")
            weight.by_file[name] = weight.by_file.get(name, 0) + size
            weight.total_bytes += size
            weight.requests += 1
            if name == path:
                weight.html_bytes = size
        return weight


def report(weights: list[PageWeight]) -> str:
    """A table of the pages, heaviest first, with the three heaviest files of the heaviest page."""
    rows = sorted(weights, key=lambda w: -w.total_bytes)
    lines = [f"{'page':<44} {'HTML kB':>8} {'total kB':>9} {'requests':>9}"]
    lines += [f"{w.path:<44} {w.html_bytes / 1000:>8.1f} {w.total_bytes / 1000:>9.1f} {w.requests:>9}" for w in rows]
    if rows:
        top = ", ".join(f"{name} {size / 1000:.0f} kB" for name, size in rows[0].heaviest[:3])
        lines.append(f"heaviest files of {rows[0].path}: {top}")
    return "\n".join(lines)


def serve(folder: Path):
    """Serve a folder on 127.0.0.1 from a thread; return (base URL, server)."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def measure(site_dir: Path, pages: list[str] | None = None) -> list[PageWeight]:
    """Load every page of ``site_dir`` once in Chromium, each with an empty cache, and weigh it."""
    from playwright.sync_api import sync_playwright

    pages = pages or toc_pages()
    url, server = serve(site_dir)
    executable = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    weights = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
            for path in pages:
                context = browser.new_context(viewport=PHONE)
                context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                              else route.abort())
                page = context.new_page()
                recorder = Recorder(page, url)
                page.goto(f"{url}/{path}", wait_until="networkidle")
                weights.append(recorder.result(path))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return weights


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else ROOT / "_build" / "html"
    if not (site / "index.html").exists():
        print(f"no built site in {site}: run `make book` first")
        return 1
    print(report(measure(site)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
