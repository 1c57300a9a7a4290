"""Fixtures for browser tests: the built site served on localhost, and Chromium pages that may not leave it.

Every request that is not to the local server is aborted and recorded in ``page.blocked_requests``; console errors
and uncaught page errors are recorded in ``page.console_errors``. Tests therefore prove that the site works
self-contained, and can assert that it does not even try to reach another host.
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
# Chromium's own background traffic (updates, sync, field trials) would be refused by a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site to test: ``_build/html`` unless ``SOCIALTIES_SITE`` names another folder."""
    folder = Path(os.environ.get("SOCIALTIES_SITE", ROOT / "_build" / "html"))
    if not (folder / "index.html").exists():
        pytest.fail(f"no built site in {folder}: run `make book` first (browser tests test the built book)")
    return folder


def serve(folder: Path):
    """Serve a folder on 127.0.0.1 from a thread; return (base URL, server) — call ``server.shutdown()`` after."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    """Base URL of the built site, served on 127.0.0.1 and a free port."""
    url, server = serve(site_dir)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Browser:
    executable = str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.exists() else None  # else Playwright's own download
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def offline_page(browser: Browser):
    """Factory: ``offline_page(base_url)`` opens a page that can reach only ``base_url``."""
    contexts = []

    def make(base_url: str) -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.blocked_requests = []
        page.console_errors = []

        def route(route) -> None:
            url = route.request.url
            if url.startswith(base_url) or url.startswith("data:") or url.startswith("blob:"):
                route.continue_()
            else:
                page.blocked_requests.append(url)
                route.abort()

        context.route("**/*", route)
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        page.on("response", lambda r: r.status >= 400 and page.console_errors.append(f"HTTP {r.status}: {r.url}"))
        page.on("pageerror", lambda exc: page.console_errors.append(f"uncaught: {exc}"))
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(offline_page, site_url: str) -> Page:
    """A page of the built site that can reach only the local server; see the module docstring."""
    return offline_page(site_url)
