"""The welcome page's ways to run the course live stay true: launch buttons, Binder's install, Colab's first cell.

The launch buttons are read from the BUILT book (``make book`` first, as ``make test`` does): each notebook page's
Binder and Colab links name the repository and branch of ``_config.yml`` and that page's own notebook path (a file
that exists). Binder (repo2docker) installs ``requirements.txt`` and runs ``postBuild``: together they must install
what the live path needs (anywidget, vl-convert for the offline bundle, ipywidgets, JupyterLab, the package itself).
"""

from __future__ import annotations

import html
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from livelab import ROOT, live_notebooks

pytestmark = pytest.mark.live
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
SITE = Path(os.environ.get("SOCIALTIES_SITE", ROOT / "_build" / "html"))
BOOK_NOTEBOOKS = [n for n in live_notebooks()]  # every notebook with a chart or a widget is a page of the book


def repository() -> tuple[str, str, str]:
    """(owner/name, branch, path_to_book) of the configured repository."""
    repo = CONFIG["repository"]
    match = re.fullmatch(r"https://github\.com/([^/]+/[^/]+?)/?", repo["url"])
    assert match, f"repository.url is not a GitHub repository: {repo['url']}"
    return match.group(1), repo.get("branch", "main"), (repo.get("path_to_book") or "").strip("/")


def launch_links(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', text)
            if "mybinder" in h or "colab" in h or "hub/user-redirect" in h]


@pytest.fixture(scope="module")
def site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail(f"no built site in {SITE}: run `make book` first (the launch buttons are checked in the build)")
    return SITE


@pytest.mark.parametrize("notebook", BOOK_NOTEBOOKS, ids=[n.as_posix() for n in BOOK_NOTEBOOKS])
def test_launch_buttons_open_this_notebook_in_the_configured_repository(site, notebook):
    slug, branch, book_path = repository()
    page = site / notebook.with_suffix(".html")
    assert page.exists(), f"{notebook} has no page in the build: is it in _toc.yml?"
    in_repo = "/".join(p for p in (book_path, notebook.as_posix()) if p)
    assert (ROOT / in_repo).exists()
    links = launch_links(page)
    launch = CONFIG["launch_buttons"]
    binder = [u for u in links if u.startswith(launch["binderhub_url"].rstrip("/") + "/")]
    colab = [u for u in links if u.startswith(launch["colab_url"].rstrip("/") + "/")]
    assert len(binder) == 1 and len(colab) == 1, links
    assert binder[0].startswith(f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{slug}/{branch}?")
    interface = "lab/tree" if launch.get("notebook_interface") == "jupyterlab" else "tree"
    assert unquote(binder[0]).endswith(f"urlpath={interface}/{in_repo}"), binder[0]
    assert colab[0] == f"{launch['colab_url'].rstrip('/')}/github/{slug}/blob/{branch}/{in_repo}"
    hub = [u for u in links if "hub/user-redirect" in u]
    assert bool(hub) == bool(launch.get("jupyterhub_url")), hub  # a hub button only where one is configured


def pinned(name: str) -> str | None:
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(rf"{re.escape(name)}==(\S+)", line.split("#")[0].strip(), flags=re.IGNORECASE)
        if match:
            return match.group(1)
    return None


def test_binder_installs_what_the_live_path_needs():
    # repo2docker would take a binder/ or .binder/ folder, or an environment.yml, INSTEAD of requirements.txt.
    for shadow in ("binder", ".binder", "environment.yml", "environment.yaml", "Pipfile"):
        assert not (ROOT / shadow).exists(), f"{shadow} would replace requirements.txt on Binder"
    for package in ("altair", "anywidget", "vl-convert-python", "ipywidgets", "ipykernel", "jupyterlab"):
        assert pinned(package), f"{package} is not pinned in requirements.txt (Binder installs that file)"
    post_build = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert os.access(ROOT / "postBuild", os.X_OK), "repo2docker runs postBuild only if it is executable"
    assert re.search(r"pip install[^\n]*-e \.", post_build), "postBuild must install the course package"
    assert "offline_module" in post_build, "postBuild should make the offline chart bundle once, in the image"
    subprocess.run(["bash", "-n", str(ROOT / "postBuild")], check=True)


def test_the_welcome_page_says_what_colab_and_a_hub_need():
    welcome = (ROOT / "book" / "welcome.md").read_text(encoding="utf-8")
    assert "git clone --depth 1" in welcome and 'sys.path.insert(0, "course")' in welcome
    for package in ("altair", "anywidget", "vl-convert-python"):
        version = pinned(package)
        assert f"{package}=={version}" in welcome, f"the Colab/hub instructions must install {package}=={version}"
