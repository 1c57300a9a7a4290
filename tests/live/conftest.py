"""Fixtures for the live-path test: a real JupyterLab on 127.0.0.1, and a Chromium that may reach nothing else.

JupyterLab is the pinned one from requirements.txt (``make setup`` installs it). It serves a COPY of ``book/`` and
``exercises/`` (running the notebooks must not write outputs into the sources), with throw-away settings: news and
update checks off, every cell attached to the page (``windowingMode: none``, so off-screen outputs render), and the
app exposed as ``window.jupyterapp`` so a test can run commands as a reader's menu clicks would.

The kernels run WITHOUT ``SOCIALTIES_STATIC``: charts and widgets take the live path of :mod:`socialties.render`.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from livelab import ROOT
from playwright.sync_api import Browser, sync_playwright

BIN = Path(sys.executable).parent
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "live: drives Chromium against a real JupyterLab on 127.0.0.1 (make live)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    """A running JupyterLab on ``base``; ``root`` is the copy of the course it serves."""

    def __init__(self, base: str, token: str, root: Path) -> None:
        self.base, self.token, self.root = base, token, root



@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> Lab:
    jupyter_lab = BIN / "jupyter-lab"
    if not jupyter_lab.exists():
        pytest.fail(f"no {jupyter_lab}: JupyterLab is pinned in requirements.txt; run `make setup`")
    home = tmp_path_factory.mktemp("lab")
    root = home / "course"
    root.mkdir()
    ignore = shutil.ignore_patterns("_build", ".ipynb_checkpoints", "__pycache__")
    for folder in ("book", "exercises"):
        shutil.copytree(ROOT / folder, root / folder, ignore=ignore)
    settings = home / "settings"
    for name, value in SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(value))
    env = {k: v for k, v in os.environ.items() if k != "SOCIALTIES_STATIC"}
    env |= {"JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "IPYTHONDIR": str(home / "ipython"), "PYTHONUNBUFFERED": "1"}
    # The offline bundle is made once here (it takes seconds) so that no notebook's first chart waits for it.
    from socialties import render

    render.offline_module()
    port, token = _free_port(), secrets.token_hex(16)
    log = (home / "lab.log").open("w")
    process = subprocess.Popen(
        [str(jupyter_lab), "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
         f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={home / 'workspaces'}",
         "--LabApp.extension_manager=readonly", *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"JupyterLab did not start; its log:\n{(home / 'lab.log').read_text()[-3000:]}")
        time.sleep(0.5)
    yield Lab(base, token, root)
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="session")
def browser() -> Browser:
    executable = str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.exists() else None  # else Playwright's own download
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def lab_app(browser: Browser, lab: Lab):
    """JupyterLab loaded once in a Chromium page that can reach only the local server: every other request is
    aborted and recorded in ``page.blocked_requests``; uncaught page errors go to ``page.page_errors``."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.blocked_requests = []
    page.page_errors = []

    def route(route) -> None:
        url = route.request.url
        if url.startswith(lab.base + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            page.blocked_requests.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("pageerror", lambda exc: page.page_errors.append(str(exc)))
    page.set_default_timeout(60_000)
    page.goto(f"{lab.base}/lab?token={lab.token}&reset", wait_until="domcontentloaded")
    page.wait_for_function("() => window.jupyterapp?.shell?.id !== undefined", timeout=180_000)
    page.evaluate("async () => { await window.jupyterapp.restored; }")
    yield page
    context.close()


@pytest.fixture
def lab_page(lab_app):
    """The JupyterLab page, with the requests and errors of this test only (from ``page.blocked_requests`` and
    ``page.page_errors``)."""
    del lab_app.blocked_requests[:], lab_app.page_errors[:]
    yield lab_app
    lab_app.set_viewport_size({"width": 1280, "height": 1000})
