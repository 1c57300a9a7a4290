"""No graded key reaches a student: not the package a student installs, not the handout, not the student edition.

Every question set found by the registry (so a new set is covered with no extra work) gives its *needles*: the
distinctive text of every key (solutions, option feedback, reference code, reference values with many digits, the
answer's JSON) and the self-study page's obfuscated key. Each file a student gets is searched for all of them.
``test_student_edition_book.py`` runs the same search over the whole built student edition.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import re
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from socialties.exercises import Exercises, obfuscate
from socialties.exercises.assign.command import main as assign
from socialties.exercises.check.static import answer_key, question_html
from socialties.exercises.forms import FORMS_DIR, assignment_form, form_text, public_assignment
from socialties.exercises.questions import CodeCheck, MultipleChoice, Numeric
from socialties.exercises.registry import get_assignment, list_assignments

ROOT = Path(__file__).resolve().parents[1]
MIN_LENGTH = 20


def _number_needles(value: object) -> list[str]:
    """Reference values written with many digits: distinctive enough to search for."""
    values = np.asarray(value, dtype=float).ravel().tolist() if isinstance(value, (float, np.ndarray, list)) else []
    out = []
    for number in values[:20]:
        short = f"{number:.6g}"
        digits = short.lstrip("-").replace(".", "").lstrip("0").split("e")[0]
        if math.isfinite(number) and len(digits) >= 5:  # 0.35 or 12.0 would be found everywhere
            out += [repr(number), short]
    return out


def _is_import(line: str) -> bool:
    """A line that gives nothing away: an import (the student's own setup cells import the same modules), or a name
    bound to an argument-less call of a public helper (``table = midtown_table()``: loading the data, not a key)."""
    line = line.strip()
    return line.startswith(("import ", "from ")) or re.fullmatch(r"\w+ = [\w.]+\(\)", line) is not None


def _code_lines(func: object) -> list[str]:
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return []
    lines = [line.strip() for line in source.splitlines()]
    return [line for line in lines if len(line) >= MIN_LENGTH and "def " not in line and not _is_import(line)
            and not line.startswith(("#", '"""', "'''"))
            and not line.endswith('"""')]


def key_needles() -> dict[str, list[str]]:
    """For every graded question of every set: the strings that would give its key away."""
    needles: dict[str, list[str]] = {}
    for name in list_assignments():
        for question in get_assignment(name).questions:
            if not question.points:
                continue  # reflections: no key
            found = [line.strip() for line in question.solution.splitlines()  # a signature is not a solution
                     if len(line.strip()) >= MIN_LENGTH and "def " not in line and not _is_import(line)]
            key = answer_key(question, with_solution=True)
            if key is not None:
                found.append(obfuscate.encode(key, name, question.qid))
                found.append(obfuscate.encode(answer_key(question, with_solution=False), name, question.qid))
            if isinstance(question, MultipleChoice):
                found += [o.feedback for o in question.options if len(o.feedback) >= MIN_LENGTH]
                found.append(json.dumps({"correct": [question.letters[i] for i in question.correct_indices]}))
            elif isinstance(question, Numeric):
                found += [f'"answer": {question.answer!r}'] + _number_needles(question.answer)
            elif isinstance(question, CodeCheck):
                found += _code_lines(question.expected)
                try:
                    reference = question.reference()
                except Exception:
                    reference = None
                if not callable(reference):
                    found += _number_needles(reference)
            needles[f"{name}/{question.qid}"] = sorted(set(found))
    return needles


def search(files: list[Path], needles: dict[str, list[str]]) -> dict[str, list[str]]:
    leaks: dict[str, list[str]] = {}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        flat = " ".join(text.split())
        for where, strings in needles.items():
            for needle in strings:
                if " ".join(needle.split()) in flat:
                    leaks.setdefault(f"{where}: {needle[:60]}", []).append(str(path))
    return leaks


def test_every_graded_question_has_needles_and_the_sets_hold_them():
    needles = key_needles()
    assert {"00-practice/q1", "01-mechanisms/q6"} <= set(needles)
    assert all(needles.values()), [q for q, n in needles.items() if not n]
    control = search(sorted((ROOT / "socialties" / "exercises" / "sets").glob("*.py")), needles)
    assert control, "control: the sets' own sources hold their keys"


def test_the_shipped_public_forms_are_those_of_the_sets():
    """A new set needs its form in the package: run `socialties assign --forms` (this test says which is stale)."""
    stale = [name for name in list_assignments()
             if not (FORMS_DIR / f"{name}.json").is_file()
             or (FORMS_DIR / f"{name}.json").read_text(encoding="utf-8") != form_text(get_assignment(name))]
    assert not stale, f"run `socialties assign --forms`: the public forms of {stale} are missing or stale"
    assert sorted(p.stem for p in FORMS_DIR.glob("*.json")) == list_assignments()


def test_public_forms_and_student_pages_hold_no_key(monkeypatch, tmp_path):
    monkeypatch.setenv("SOCIALTIES_EDITION", "student")
    monkeypatch.setenv("SOCIALTIES_STATIC", "1")
    needles = key_needles()
    pages = []
    for name in list_assignments():
        form = public_assignment(name)
        assert json.loads(json.dumps(assignment_form(form))) == assignment_form(get_assignment(name))
        ex = Exercises(name)
        assert ex.assignment.questions[0].__class__.__name__.startswith(("Hidden", "Reflection"))
        html = "".join(question_html(q, name) for q in ex.assignment.questions)
        html += "".join(ex.ask(q.qid).html() for q in ex.assignment.questions)
        page = tmp_path / f"{name}.html"
        page.write_text(html, encoding="utf-8")
        pages.append(page)
    forms = sorted(FORMS_DIR.glob("*.json"))
    assert search(pages + forms, needles) == {}
    # The control: the self-study rendering of the same questions does hold their (obfuscated) keys.
    monkeypatch.setenv("SOCIALTIES_EDITION", "self-study")
    self_study = tmp_path / "self-study.html"
    self_study.write_text("".join(question_html(q, n) for n in list_assignments() for q in get_assignment(n).questions),
                          encoding="utf-8")
    assert search([self_study], needles)


def test_a_student_edition_check_says_saved_and_checks_the_form(monkeypatch):
    monkeypatch.setenv("SOCIALTIES_EDITION", "student")
    ex = Exercises("00-practice")
    assert ex.check("q1", "a").feedback.status == "ungraded" and "Saved" in repr(ex.check("q1", "a"))
    assert ex.check("q1", 3).feedback.status == "invalid"
    assert ex.check("q2", "twelve").feedback.status == "invalid"
    assert "graded when you hand in" in repr(ex.check("q2", "9"))
    assert ex.check("q3", None).feedback.status == "invalid"
    monkeypatch.setenv("SOCIALTIES_EDITION", "self-study")
    assert Exercises("00-practice").check("q1", "a").feedback.status == "correct"


def test_the_handout_holds_no_key(tmp_path):
    assert assign([str(ROOT / "exercises"), "--out", str(tmp_path / "handout")]) == 0
    files = sorted((tmp_path / "handout" / "student").rglob("*"))
    assert len([f for f in files if f.suffix == ".ipynb"]) >= 2
    assert search([f for f in files if f.is_file()], key_needles()) == {}


@pytest.mark.slow
def test_the_installed_package_holds_no_key(tmp_path):
    """Build the wheel a student would install, search every file of it, install it and try to import the keys."""
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                           "-w", str(tmp_path / "wheel"), "-q", "--disable-pip-version-check"],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = (tmp_path / "wheel").glob("socialties-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "unpacked")
    assert not [n for n in names if "/sets/" in n], "the question sets are not in the wheel"
    assert [n for n in names if n.startswith("socialties/exercises/forms/")], "their public forms are"
    files = [p for p in (tmp_path / "unpacked").rglob("*") if p.is_file()]
    assert search(files, key_needles()) == {}

    probe = ("import socialties, json\n"
             "from socialties.exercises import Exercises\n"
             "from socialties.exercises.registry import keys_available, list_assignments, get_assignment\n"
             "ex = Exercises('00-practice')\n"
             "try:\n"
             "    get_assignment('00-practice'); got = True\n"
             "except KeyError:\n"
             "    got = False\n"
             "print(json.dumps([socialties.__file__, keys_available(), list_assignments(), got,\n"
             "                  ex.check('q1', 'a').feedback.status]))\n")
    # -S: no site, so no .pth file runs (this machine's editable install would map the repository back in); the
    # libraries come from site-packages all the same, the course package only from the wheel.
    path = os.pathsep.join([str(tmp_path / "unpacked"), *site.getsitepackages()])
    done = subprocess.run([sys.executable, "-S", "-c", probe], capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": path, "PATH": "/usr/bin:/bin", "SOCIALTIES_EDITION": "self-study"},
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    location, available, names_found, got, status = json.loads(done.stdout.strip().splitlines()[-1])
    assert location.startswith(str(tmp_path / "unpacked"))
    assert (available, names_found, got, status) == (False, [], False, "ungraded")
