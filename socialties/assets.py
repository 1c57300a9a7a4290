"""The book's JavaScript, fetched at build time from the npm registry at pinned versions, and served by the site.

``assets/package.json`` pins Vega, Vega-Lite, vega-embed (the versions the pinned Altair names), require.js, the
ipywidgets HTML manager and MathJax 3; ``assets/package-lock.json`` locks the whole tree with integrity hashes.
:func:`fetch` installs it (``npm ci``); :func:`stage` copies the few files a page needs into the built site's
``_static/_vendor/``. Nothing here is committed: only the pins and the lock are.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import altair as alt

ROOT = Path(__file__).resolve().parents[1]
ASSETS_DIR = ROOT / "assets"
NODE_MODULES = ASSETS_DIR / "node_modules"
VENDOR = "_vendor"  # folder inside the site's _static/


class AssetError(RuntimeError):
    """The pinned JavaScript is missing, or does not match the pinned Python stack."""


@dataclass(frozen=True)
class Asset:
    """A file (or folder) of an npm package that the site serves, and where it goes under ``_static/_vendor``.

    ``widgets``: needed only by pages that embed ipywidgets state; staged only when some page does (see
    :func:`stage_widgets`), so a site without widgets does not ship the 18 MB widget manager.
    """

    package: str
    source: str
    target: str
    widgets: bool = False


ASSETS: tuple[Asset, ...] = (
    Asset("vega", "build/vega.min.js", "vega.min.js"),
    Asset("vega-lite", "build/vega-lite.min.js", "vega-lite.min.js"),
    Asset("vega-embed", "build/vega-embed.min.js", "vega-embed.min.js"),
    Asset("requirejs", "require.js", "require.js", widgets=True),
    # The widget manager's fonts sit beside it; socialties/vendor_glue/ tells require.js where that is.
    Asset("@jupyter-widgets/html-manager", "dist", "html-manager", widgets=True),
    # MathJax loads its fonts and extensions relative to its own script, so it keeps its folder layout.
    Asset("mathjax", "es5/tex-chtml.js", "mathjax/tex-chtml.js"),
    Asset("mathjax", "es5/input", "mathjax/input"),
    Asset("mathjax", "es5/output/chtml", "mathjax/output/chtml"),
    Asset("mathjax", "es5/a11y", "mathjax/a11y"),
    Asset("mathjax", "es5/ui", "mathjax/ui"),
    Asset("mathjax", "es5/sre", "mathjax/sre"),
)

#: Script order matters: Vega before Vega-Lite before vega-embed, all before require.js (priority 500), because the
#: Vega bundles register as AMD modules instead of globals when require.js is already on the page. They are added
#: only to pages that draw a chart (see :mod:`socialties.sphinxext`).
SCRIPTS: tuple[tuple[str, int], ...] = (
    (f"{VENDOR}/vega.min.js", 200),
    (f"{VENDOR}/vega-lite.min.js", 201),
    (f"{VENDOR}/vega-embed.min.js", 202),
)
REQUIRE_JS = f"{VENDOR}/require.js"
WIDGETS_CONFIG_JS = f"{VENDOR}/widgets-require-config.js"
WIDGETS_JS = f"{VENDOR}/html-manager/embed-amd.js"
GLUE_DIR = Path(__file__).resolve().parent / "vendor_glue"  # the course's own small scripts that configure the above
MATHJAX_JS = f"{VENDOR}/mathjax/tex-chtml.js"


def installed_version(package: str) -> str:
    """The version of an installed npm package, or raise :class:`AssetError` if it is not installed."""
    manifest = NODE_MODULES / package / "package.json"
    if not manifest.exists():
        raise AssetError(f"{package} is not installed in {NODE_MODULES}: run `make book` or `socialties assets`")
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def check_versions() -> None:
    """Refuse JavaScript that does not match what the pinned Altair emits specs for."""
    wanted = {"vega": alt.VEGA_VERSION, "vega-lite": alt.VEGALITE_VERSION, "vega-embed": alt.VEGAEMBED_VERSION}
    for package, version in wanted.items():
        have = installed_version(package)
        # Altair names some versions by major only ("6"), others exactly ("6.4.1").
        if have != version and have.split(".")[0] != version:
            raise AssetError(f"{package} {have} is installed but Altair {alt.__version__} expects {version}: "
                             "update assets/package.json and its lock")


def fetch(force: bool = False) -> None:
    """Install the locked JavaScript tree with ``npm ci`` unless it is already installed."""
    marker = NODE_MODULES / ".package-lock.json"
    lock = ASSETS_DIR / "package-lock.json"
    if not force and marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    if shutil.which("npm") is None:
        raise AssetError("npm is not installed: install Node.js (which provides npm) to fetch the book's JavaScript")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=ASSETS_DIR, check=True)


def _copy(assets: tuple[Asset, ...], static_dir: Path) -> list[Path]:
    copied = []
    for asset in assets:
        source = NODE_MODULES / asset.package / asset.source
        target = static_dir / VENDOR / asset.target
        if not source.exists():
            raise AssetError(f"{source} is missing: run `socialties assets --force`")
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)
        copied.append(target)
    return copied


def stage(static_dir: Path) -> list[Path]:
    """Copy every asset that any page may need (charts, maths) into ``static_dir/_vendor``; return the paths.

    The widget assets are left out: :func:`stage_widgets` adds or removes them once the pages are known.
    """
    check_versions()
    return _copy(tuple(a for a in ASSETS if not a.widgets), static_dir)


def stage_widgets(static_dir: Path, needed: bool) -> list[Path]:
    """Copy the widget manager, require.js and their glue if some page embeds widgets, else remove them."""
    if not needed:
        for asset in ASSETS:
            if asset.widgets:
                target = static_dir / VENDOR / asset.target
                shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
        for script in GLUE_DIR.glob("*.js"):
            (static_dir / VENDOR / script.name).unlink(missing_ok=True)
        return []
    copied = _copy(tuple(a for a in ASSETS if a.widgets), static_dir)
    for script in GLUE_DIR.glob("*.js"):
        copied.append(Path(shutil.copy2(script, static_dir / VENDOR / script.name)))
    return copied


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="socialties assets", description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="reinstall even if node_modules is up to date")
    args = parser.parse_args(argv)
    try:
        fetch(force=args.force)
        check_versions()
    except (AssetError, subprocess.CalledProcessError) as err:
        print(f"socialties assets: {err}")
        return 1
    print(f"JavaScript assets ready in {NODE_MODULES}")
    return 0
