"""Checked outputs are portable: nbval passes under several OpenBLAS kernels, yet still catches a real change.

OpenBLAS chooses its kernels by CPU, so the same fit differs in the 16th-17th significant digit between machines;
``OPENBLAS_CORETYPE`` makes one machine behave like others. The rule that makes outputs portable is in
:mod:`socialties.portable` (numbers rounded at the source) with a safety net in ``tests/nbval_sanitize.cfg``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from nbval.plugin import get_sanitize_patterns

ROOT = Path(__file__).resolve().parents[1]
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
#: Kernels besides the machine's own (which `make nbval` uses): AVX without FMA, and SSE3 only.
OTHER_CORE_TYPES = ("Sandybridge", "Prescott")


def _sanitize(text: str) -> str:
    for regex, replace in get_sanitize_patterns(SANITIZE.read_text(encoding="utf-8")):
        text = re.sub(regex, replace, text)
    return text


def test_blas_noise_is_masked_but_a_fourth_digit_change_is_not():
    # Pairs seen on two OpenBLAS kernels for one coefficient: equal after sanitizing.
    assert _sanitize("-0.27807973037667627") == _sanitize("-0.2780797303766763")
    assert _sanitize('{"b": 24.366786372901093}') == _sanitize('{"b": 24.366786372901085}')
    assert _sanitize("0.000123456789012") == _sanitize("0.000123456789987")
    assert _sanitize("1.3877787807814457e-17") == _sanitize("-2.7755575615628914e-17")
    # A change in the 4th significant digit still shows, for large, small and tiny numbers alike.
    for stored, changed in [("-0.27807973037667627", "-0.27837973037667627"), ("24.366786372901093", "24.396786"),
                            ("0.000123456789", "0.000123756789"), ("1.2345e-05", "1.2375e-05"), ("0.2781", "0.2784")]:
        assert _sanitize(stored) != _sanitize(changed), (stored, changed)


def _notebooks() -> list[str]:
    """Every committed notebook nbval checks (the same folders as `make nbval`)."""
    return sorted(str(p.relative_to(ROOT)) for folder in ("book", "exercises") for p in (ROOT / folder).rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts)


def _nbval(paths: list[str], core_type: str | None = None, workers: int = 2) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOCIALTIES_STATIC": "1"}
    env.pop("OPENBLAS_CORETYPE", None)
    if core_type:
        env["OPENBLAS_CORETYPE"] = core_type
    command = [sys.executable, "-m", "pytest", "--nbval", *paths, "--nbval-sanitize-with", str(SANITIZE),
               "-p", "no:cacheprovider", "-q", "-o", "addopts="]
    if workers > 1:
        command += ["-n", str(workers), "--dist", "loadfile"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)


@pytest.mark.slow
@pytest.mark.parametrize("core_type", OTHER_CORE_TYPES)
def test_nbval_passes_under_another_openblas_kernel(core_type):
    result = _nbval(_notebooks(), core_type)
    assert result.returncode == 0, f"nbval under OPENBLAS_CORETYPE={core_type}:\n{result.stdout[-4000:]}"


@pytest.mark.slow
def test_nbval_passes_again_on_the_same_machine():
    # `make nbval` ran once already; a second run in a row must agree with the stored outputs too.
    result = _nbval(_notebooks())
    assert result.returncode == 0, result.stdout[-4000:]


def _first_glued_float(notebook: dict) -> tuple[int, int, str]:
    for c, cell in enumerate(notebook["cells"]):
        for o, output in enumerate(cell.get("outputs", [])):
            text = output.get("data", {}).get("application/papermill.record/text/plain", "")
            if re.fullmatch(r"-?\d+\.\d{4,}", text):
                return c, o, text
    raise AssertionError("no glued float with 4 or more decimals in the notebook")


def _change_fourth_significant_digit(text: str) -> str:
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    significant = [i for i in digits if text[i] != "0" or any(text[j] not in "0." for j in range(digits[0], i))]
    i = significant[3]
    return text[:i] + str((int(text[i]) + 3) % 10) + text[i + 1:]


@pytest.mark.slow
def test_a_stored_value_changed_in_its_fourth_significant_digit_fails_nbval(tmp_path):
    source = ROOT / "book" / "01-mechanisms" / "worked-example.ipynb"
    notebook = json.loads(source.read_text(encoding="utf-8"))
    c, o, stored = _first_glued_float(notebook)
    changed = _change_fourth_significant_digit(stored)
    assert changed != stored and len(changed) == len(stored)
    notebook["cells"][c]["outputs"][o]["data"]["application/papermill.record/text/plain"] = changed
    unchanged_copy, changed_copy = tmp_path / "unchanged.ipynb", tmp_path / "changed.ipynb"
    unchanged_copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    changed_copy.write_text(json.dumps(notebook, indent=1), encoding="utf-8")

    assert _nbval([str(unchanged_copy)], workers=1).returncode == 0
    result = _nbval([str(changed_copy)], workers=1)
    assert result.returncode != 0
    assert changed in result.stdout and "1 failed" in result.stdout, result.stdout[-3000:]
