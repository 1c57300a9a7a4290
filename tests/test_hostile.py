"""A hostile class: every attack of issue 9, graded with correct and blank notebooks, in the bubblewrap sandbox.

Each hostile notebook is a copy of the practice assignment (blank unless said) plus cells that attack: steal the
keys, reach a sibling kernel, plant a ``.pth`` hook, edit the question sets, read a classmate's or the instructor's
notebook, rewrite the gradebook after the grader exits, edit a data file, leave processes behind, kill the grader,
forge the answers file, ask the grader to allocate gigabytes, use the network. Some submissions are not notebooks at
all (a FIFO, a link to /dev/zero, deeply nested JSON, an oversized file, a formula as a file name). The attacks know
the real paths (they are written into the notebooks), so only the sandbox stands in their way.

Done when: every correct notebook gets full marks, every blank one zero, every hostile one no more than its honest
score (with a status naming what it did where that can be told); no process survives; the gradebook is complete and
nobody changes it afterwards; the package and the data are untouched; a re-run changes nothing.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import shutil
import signal
import site
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from socialties import data
from socialties.exercises.grade import sandbox
from socialties.exercises.grade.command import AssignmentChoiceError, _package_fingerprint, choose_assignment, load
from socialties.exercises.grade.command import main as grade_main
from socialties.exercises.grade.gradebook import TOTAL

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "submissions"
ASSIGNMENT = "00-practice"
FULL = 5.0
PTH_NAME = "zz_socialties_hostile.pth"

@pytest.fixture
def bubblewrap():
    """These tests need the real sandbox: they fail (never skip) where it cannot run, saying how to get it."""
    problem = sandbox.sandbox_available()
    assert problem is None, f"{problem}: `make chromium` installs bubblewrap (as root, with apt)"


needs_sandbox = pytest.mark.usefixtures("bubblewrap")


def notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(FIXTURES / name, as_version=4)


def with_cells(base: str, *sources: str) -> nbformat.NotebookNode:
    nb = copy.deepcopy(notebook(base))
    nb.cells.extend(new_code_cell(source) for source in sources)
    return nb


def attacks(mark: str, subs: Path, out: Path) -> dict[str, tuple[nbformat.NotebookNode, float]]:
    """Hostile notebooks and their honest score (what their own answers would earn without the attack)."""
    instructor = ROOT / "exercises" / "00-practice.ipynb"
    daemon = (f"import os, sys, time\n"
              f"if os.fork(): sys.exit(0)\n"
              f"os.setsid()\n"
              f"if os.fork(): sys.exit(0)\n"
              f"time.sleep(4)\n"
              f"open({str(out)!r}, 'w').write('submission,points\\nEVERYONE,0\\n')\n"
              f"time.sleep(3600)  # {mark}\n")
    return {
        # The keys: the question sets, the registry, any file of the package that holds them.
        "key-thief": (with_cells("blank.ipynb", (
            "import glob, os, sys\n"
            "stolen = None\n"
            "try:\n"
            "    from socialties.exercises.registry import get_assignment\n"
            "    stolen = get_assignment('00-practice')\n"
            "except Exception as err:\n"
            "    print('registry:', type(err).__name__)\n"
            "try:\n"
            "    import socialties.exercises.sets.practice as practice\n"
            "    stolen = practice.ASSIGNMENT\n"
            "except Exception as err:\n"
            "    print('module:', type(err).__name__)\n"
            f"print(glob.glob({str(ROOT / 'socialties' / 'exercises' / 'sets' / '*')!r}))\n"
            "if stolen is not None:\n"
            "    q = {x.qid: x for x in stolen.questions}\n"
            "    q1_answer = 'abc'[[o.correct for o in q['q1'].options].index(True)]\n"
            "    q2_answer = q['q2'].answer\n"
            "    q3_answer = q['q3'].reference()\n"
            "    q4_answer = q['q4'].reference()\n"
            "    q5_answer = q['q5'].expected()\n")), 0.0),
        # Another kernel: find connection files anywhere and zero the answers of every kernel found.
        "sibling-injector": (with_cells("blank.ipynb", (
            "import glob, json, os, time\n"
            "from jupyter_client import BlockingKernelClient\n"
            "seen = set()\n"
            "patterns = ['/tmp/**/*.json', '/root/.local/share/jupyter/runtime/*.json', '/run/**/*.json',\n"
            "            '/proc/*/cwd/**/*.json', os.path.expanduser('~') + '/**/*.json']\n"
            "end = time.time() + 8\n"
            "while time.time() < end:\n"
            "    for pattern in patterns:\n"
            "        for path in glob.glob(pattern, recursive=True):\n"
            "            if path in seen:\n"
            "                continue\n"
            "            seen.add(path)\n"
            "            try:\n"
            "                info = json.load(open(path))\n"
            "                if 'shell_port' not in info:\n"
            "                    continue\n"
            "                client = BlockingKernelClient()\n"
            "                client.load_connection_info(info)\n"
            "                client.start_channels()\n"
            "                client.execute('q1_answer = q2_answer = q3_answer = q4_answer = None\\n'\n"
            "                               'def q5_answer(*args): return None')\n"
            "                client.stop_channels()\n"
            "            except Exception:\n"
            "                pass\n"
            "    time.sleep(0.5)\n")), 0.0),
        # A .pth hook in every site-packages: would run in every later Python, the grader's included.
        "pth-hook": (with_cells("blank.ipynb", (
            "import site, sys, os\n"
            "targets = set(site.getsitepackages() + [site.getusersitepackages()])\n"
            "targets |= {p for p in sys.path if p.endswith('site-packages')}\n"
            "for target in targets:\n"
            "    try:\n"
            f"        open(os.path.join(target, {PTH_NAME!r}), 'w').write('import builtins\\n')\n"
            "    except OSError as err:\n"
            "        print(target, err)\n")), 0.0),
        # The question sets and the checks, edited on disk.
        "set-editor": (with_cells("blank.ipynb", (
            "import os\n"
            f"for path in [{str(ROOT / 'socialties' / 'exercises' / 'sets' / 'practice.py')!r},\n"
            f"             {str(ROOT / 'socialties' / 'exercises' / 'questions.py')!r}]:\n"
            "    try:\n"
            "        with open(path, 'a') as handle:\n"
            "            handle.write('\\n# hostile\\n')\n"
            "    except OSError as err:\n"
            "        print(path, err)\n")), 0.0),
        # A classmate's notebook and the instructor's annotated exercise, found by their real paths.
        "classmate-reader": (with_cells("blank.ipynb", (
            "import json, os, glob\n"
            f"for path in [{str(instructor)!r}, {str(subs / 'c1-correct.ipynb')!r}] + glob.glob({str(subs)!r} + '/*'):\n"
            "    try:\n"
            "        cells = json.load(open(path))['cells']\n"
            "    except Exception as err:\n"
            "        print(path, type(err).__name__)\n"
            "        continue\n"
            "    for cell in cells:\n"
            "        if cell['cell_type'] == 'code' and 'ex.' not in ''.join(cell['source']):\n"
            "            try:\n"
            "                exec(''.join(cell['source']), globals())\n"
            "            except Exception:\n"
            "                pass\n"
            "    break\n")), 0.0),
        # The gradebook rewritten by a daemon after the grader has exited.
        "gradebook-rewriter": (with_cells("blank.ipynb", (
            "import subprocess, sys\n"
            f"subprocess.Popen([sys.executable, '-c', {daemon!r}], start_new_session=True)\n")), 0.0),
        # A data file edited (every classmate's references would change).
        "data-editor": (with_cells("blank.ipynb", (
            f"for name in ['socsupport.csv', 'SHA256SUMS']:\n"
            "    try:\n"
            f"        open({str(data.DATA_DIR)!r} + '/' + name, 'a').write('1,2,3\\n')\n"
            "    except OSError as err:\n"
            "        print(name, err)\n")), 0.0),
        # Processes that would outlive grading: a new session, a double fork. Its own answers are correct.
        "survivor": (with_cells("correct.ipynb", (
            "import subprocess, sys\n"
            f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(3600)  # {mark}'],\n"
            "                 start_new_session=True)\n"
            f"subprocess.Popen(['/bin/sh', '-c', 'nohup /bin/sh -c \"sleep 3600; echo {mark}\" >/dev/null 2>&1 &'],\n"
            "                 start_new_session=True)\n")), FULL),
        # Everything the notebook can see, killed: the grading runner goes with it.
        "grader-killer": (with_cells("blank.ipynb", (
            "import os, signal\n"
            "for entry in os.listdir('/proc'):\n"
            "    if entry.isdigit() and int(entry) != os.getpid():\n"
            "        try:\n"
            "            os.kill(int(entry), signal.SIGKILL)\n"
            "        except OSError:\n"
            "            pass\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n")), 0.0),
        # The answers file forged (its nonce is readable), with values that would make the grader allocate gigabytes.
        "forger": (with_cells("blank.ipynb", (
            "import json, shutil, subprocess, sys\n"
            "forged = {'values': {'q1_answer': 'zzz',\n"
            "                     'q2_answer': {'$': 'npscalar', 'dtype': 'U500000000', 'v': 'a'},\n"
            "                     'q3_answer': {'$': 'ndarray', 'dtype': 'S900000000', 'shape': [4], 'v': [1, 2, 3, 4]},\n"
            "                     'q4_answer': json.loads('[' * 50000 + ']' * 50000)},\n"
            "          'calls': {}, 'notes': [], 'dead': False, 'timed_out': False}\n"
            "try:\n"
            "    forged['nonce'] = json.load(open('/work/spec.json'))['nonce']\n"
            "except Exception:\n"
            "    forged['nonce'] = 'x'\n"
            "open('forged.json', 'w').write(json.dumps(forged))\n"
            "watcher = ('import os, shutil, time\\n'\n"
            "           'while True:\\n'\n"
            "           '    if os.path.exists(\".socialties-answers.json\"):\\n'\n"
            "           '        shutil.copy(\"forged.json\", \".socialties-answers.json\")\\n'\n"
            "           '    time.sleep(0.001)\\n')\n"
            "subprocess.Popen([sys.executable, '-c', watcher], start_new_session=True)\n"
            "shutil.copy('forged.json', '.socialties-answers.json')\n")), 0.0),
        # The disk filled (the writable folders are small and memory-backed).
        "disk-filler": (with_cells("blank.ipynb", (
            "for name in ['/work/run/big', '/tmp/big']:\n"
            "    try:\n"
            "        with open(name, 'wb') as handle:\n"
            "            for _ in range(64):\n"
            "                handle.write(b'0' * (16 << 20))\n"
            "    except OSError as err:\n"
            "        print(name, err)\n")), 0.0),
        # A real value whose dtype asks the grader's decoder for 2 GB.
        "dtype-bomb": (with_cells("blank.ipynb", (
            "import numpy as np\n"
            "q3_answer = np.zeros(1, dtype='U50000000')\n")), 0.0),
        # The network: answers fetched from anywhere would be counted if any connection worked.
        "network": (with_cells("blank.ipynb", (
            "import socket\n"
            "reached = []\n"
            "for host, port in [('pypi.org', 443), ('1.1.1.1', 53), ('deb.debian.org', 80)]:\n"
            "    try:\n"
            "        socket.create_connection((host, port), timeout=3).close()\n"
            "        reached.append(host)\n"
            "    except OSError as err:\n"
            "        print(host, err)\n"
            "if reached:\n"
            "    q1_answer = 'a'\n"
            "    q2_answer = 17\n")), 0.0),
    }


def write_class(subs: Path, mark: str, out: Path) -> dict[str, float]:
    """Write the class into ``subs``; the expected maximum score of each submission (by file name)."""
    subs.mkdir()
    expected: dict[str, float] = {}
    for name in ("c1-correct", "c2-correct"):
        shutil.copy(FIXTURES / "correct.ipynb", subs / f"{name}.ipynb")
        expected[f"{name}.ipynb"] = FULL
    for name in ("b1-blank", "b2-blank"):
        shutil.copy(FIXTURES / "blank.ipynb", subs / f"{name}.ipynb")
        expected[f"{name}.ipynb"] = 0.0
    for name, (nb, honest) in attacks(mark, subs, out).items():
        nbformat.write(nb, subs / f"h-{name}.ipynb")
        expected[f"h-{name}.ipynb"] = honest
    # An old notebook (format 3) is converted and graded.
    old = nbformat.convert(notebook("correct.ipynb"), 3)
    (subs / "c3-format3.ipynb").write_text(nbformat.writes(old, version=3), encoding="utf-8")
    expected["c3-format3.ipynb"] = FULL
    # A folder named like a notebook is searched, not graded as one.
    (subs / "dir.ipynb").mkdir()
    shutil.copy(FIXTURES / "correct.ipynb", subs / "dir.ipynb" / "inner.ipynb")
    expected["inner.ipynb"] = FULL
    # Files that are not notebooks at all.
    os.mkfifo(subs / "x-fifo.ipynb")
    os.symlink("/dev/zero", subs / "x-zero.ipynb")
    (subs / "x-deep.ipynb").write_text('{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {"a": '
                                       + "[" * 200_000 + "]" * 200_000 + "}}", encoding="utf-8")
    big = notebook("blank.ipynb")
    big.cells.append(nbformat.v4.new_markdown_cell("x" * (3 << 20)))
    nbformat.write(big, subs / "x-oversized.ipynb")
    (subs / '=SUM(1,2).ipynb').write_text("not json", encoding="utf-8")
    for name in ("x-fifo.ipynb", "x-zero.ipynb", "x-deep.ipynb", "x-oversized.ipynb", '=SUM(1,2).ipynb'):
        expected[name] = 0.0
    return expected


NOT_RUN = {"x-fifo.ipynb": "not-a-file", "x-zero.ipynb": "not-a-file", "x-deep.ipynb": "invalid-notebook",
           "x-oversized.ipynb": "too-large", '=SUM(1,2).ipynb': "invalid-notebook"}


def survivors(mark: str) -> list[str]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                cmdline = Path("/proc", entry, "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if mark in cmdline or PTH_NAME in cmdline:
                found.append(f"{entry}: {cmdline[:120]}")
    return found


def pth_files() -> list[Path]:
    dirs = set(site.getsitepackages() + [site.getusersitepackages()]) | {p for p in sys.path if "site-packages" in p}
    return [Path(d) / PTH_NAME for d in dirs if (Path(d) / PTH_NAME).exists()]


def totals(out: Path) -> dict[str, dict[str, str]]:
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    result: dict[str, dict[str, str]] = {}
    for row in rows:
        name = row["submission"].lstrip("'").rsplit("/", 1)[-1]
        result.setdefault(name, {})[row["question"]] = row
    return result


@needs_sandbox
@pytest.mark.slow
def test_a_hostile_class_is_graded_fairly_and_completely(tmp_path):
    mark = f"socialties-hostile-{uuid.uuid4().hex}"
    out = tmp_path / "gradebook.csv"
    subs = tmp_path / "submissions"
    expected = write_class(subs, mark, out)
    fingerprint = _package_fingerprint()
    argv = [str(subs), "--out", str(out), "--assignment", ASSIGNMENT, "--workers", "2", "--timeout", "60",
            "--cell-timeout", "20", "--max-size", "2", "--quiet"]

    code = grade_main(argv)
    assert code == 0
    time.sleep(6)  # the gradebook rewriter's daemon would strike 4 s after its sandbox started
    first = out.read_bytes()
    rows = totals(out)

    assert set(rows) == set(expected), "every submission has its rows, none is lost, none is extra"
    for name, rows_of in rows.items():
        assert set(rows_of) == {"q1", "q2", "q3", "q4", "q5", "q6", TOTAL}, name
    for name, most in expected.items():
        total = rows[name][TOTAL]
        assert float(total["points"]) <= most, (name, total["status"], total["feedback"][:300])
        if most == FULL:
            assert float(total["points"]) == FULL and total["status"] == "graded", (name, total["feedback"][:300])
    for name in ("b1-blank.ipynb", "b2-blank.ipynb"):
        assert float(rows[name][TOTAL]["points"]) == 0.0
    for name, status in NOT_RUN.items():
        assert rows[name][TOTAL]["status"] == status, (name, rows[name][TOTAL]["feedback"])
    assert "FIFO" in rows["x-fifo.ipynb"][TOTAL]["feedback"]
    assert "device" in rows["x-zero.ipynb"][TOTAL]["feedback"]
    assert "nested too deeply" in rows["x-deep.ipynb"][TOTAL]["feedback"]
    # The grader survives its runner being killed and names the submission that did it.
    killer = rows["h-grader-killer.ipynb"][TOTAL]
    assert killer["status"] == "no-answers" and "stopped the grading runner" in killer["feedback"]
    # A formula cannot reach a spreadsheet through a file name either.
    assert "'=SUM(1,2)" in out.read_text(encoding="utf-8")

    # Nothing outside the sandboxes changed, and nothing the notebooks started is still running.
    assert survivors(mark) == []
    assert pth_files() == []
    assert _package_fingerprint() == fingerprint
    assert all(data.verify_checksums().values())
    assert out.read_bytes() == first

    # A re-run keeps every row as it is.
    assert grade_main(argv) == 0
    assert out.read_bytes() == first
    assert survivors(mark) == []


@needs_sandbox
def test_the_sandbox_sees_no_key_no_grader_and_no_network(tmp_path):
    """The sandbox by hand: what a process inside can see and do (runs in a second, no kernel)."""
    stage = tmp_path / "stage"
    stage.mkdir()
    (stage / "spec.json").write_text("{}", encoding="utf-8")
    (stage / "submission.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("grader's file", encoding="utf-8")
    probe = (
        "import json, os, socket, sys\n"
        "seen = {}\n"
        f"seen['sets'] = os.listdir({str(sandbox.keys_dir())!r})\n"
        f"seen['secret'] = os.path.exists({str(tmp_path / 'secret.txt')!r})\n"
        f"seen['repo_exercises'] = os.path.exists({str(ROOT / 'exercises')!r})\n"
        "seen['pids'] = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n"
        "try:\n"
        "    socket.create_connection(('1.1.1.1', 53), timeout=2); seen['net'] = True\n"
        "except OSError:\n"
        "    seen['net'] = False\n"
        "for path in ['/usr/x', " + repr(str(data.DATA_DIR / 'socsupport.csv')) + ", '/work/spec.json',\n"
        "             '/work/submission.ipynb']:\n"
        "    try:\n"
        "        open(path, 'a').close(); seen[path] = 'written'\n"
        "    except OSError:\n"
        "        seen[path] = 'refused'\n"
        "open('/work/run/mine.txt', 'w').write('ok')\n"
        "try:\n"
        "    open('/work/run/big', 'wb').write(b'0' * (400 << 20)); seen['filled'] = True\n"
        "except OSError:\n"
        "    seen['filled'] = False\n"
        "print(json.dumps(seen))\n")
    argv = sandbox.bwrap_command(stage, [sys.executable, "-c", probe], sandbox.sandbox_env())
    drop = sandbox.drops_privileges()
    sandbox.prepare_stage(stage, drop)
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60,
                          preexec_fn=sandbox._drop if drop else None)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["sets"] == [] and not seen["secret"] and not seen["repo_exercises"]
    assert max(seen["pids"]) < 10, "a PID namespace of its own"
    assert seen["net"] is False
    assert {seen[p] for p in ["/usr/x", str(data.DATA_DIR / "socsupport.csv"), "/work/spec.json",
                              "/work/submission.ipynb"]} == {"refused"}
    assert seen["filled"] is False, "the writable folder is small: a notebook cannot fill the grader's disk"
    assert sorted(p.name for p in stage.iterdir()) == ["spec.json", "submission.ipynb"], "nothing written outside"


def test_the_assignment_is_never_chosen_by_a_majority(tmp_path):
    for i in range(5):
        nb = notebook("blank.ipynb")
        nb.metadata["socialties"] = {"assignment": "01-mechanisms"}
        nbformat.write(nb, tmp_path / f"other{i}.ipynb")
    shutil.copy(FIXTURES / "blank.ipynb", tmp_path / "mine.ipynb")
    subs = [load(p) for p in sorted(tmp_path.glob("*.ipynb"))]
    with pytest.raises(AssignmentChoiceError, match="01-mechanisms: 5"):
        choose_assignment(subs, None)
    assert choose_assignment(subs, ASSIGNMENT) == ASSIGNMENT
    assert choose_assignment([s for s in subs if s.path.name == "mine.ipynb"], None) == ASSIGNMENT
    code = grade_main([str(tmp_path), "--out", str(tmp_path / "g.csv"), "--quiet"])
    assert code == 2 and not (tmp_path / "g.csv").exists()


def test_changed_data_files_are_refused_before_anything_runs(tmp_path, monkeypatch):
    copy_dir = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, copy_dir)
    with (copy_dir / "socsupport.csv").open("a") as handle:
        handle.write("1,2,3\n")
    monkeypatch.setattr(data, "DATA_DIR", copy_dir)
    shutil.copy(FIXTURES / "blank.ipynb", tmp_path / "alice.ipynb")
    code = grade_main([str(tmp_path / "alice.ipynb"), "--out", str(tmp_path / "g.csv"), "--assignment", ASSIGNMENT,
                       "--quiet"])
    assert code == 2 and not (tmp_path / "g.csv").exists()


def test_without_namespaces_the_grader_refuses_unless_told_to_run_unsafely(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sandbox, "sandbox_available", lambda: "bubblewrap cannot create namespaces here")
    shutil.copy(FIXTURES / "blank.ipynb", tmp_path / "alice.ipynb")
    code = grade_main([str(tmp_path / "alice.ipynb"), "--out", str(tmp_path / "g.csv"), "--assignment", ASSIGNMENT,
                       "--quiet"])
    assert code == 2 and "--unsafe-no-sandbox" in capsys.readouterr().err
    assert not (tmp_path / "g.csv").exists()


@needs_sandbox
@pytest.mark.slow
def test_ctrl_c_stops_within_seconds_and_keeps_finished_rows(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(FIXTURES / "blank.ipynb", subs / "a-first.ipynb")
    for i in range(4):
        nbformat.write(with_cells("blank.ipynb", "import time\nwhile True:\n    time.sleep(1)\n"),
                       subs / f"b-loop{i}.ipynb")
    out = tmp_path / "g.csv"
    work = tmp_path / "work"  # the grader's own folder: every sandbox's command line names it
    work.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "socialties.exercises.grade.command", str(subs), "--out",
                             str(out), "--assignment", ASSIGNMENT, "--workers", "1", "--timeout", "300",
                             "--cell-timeout", "300", "--quiet"], stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, TMPDIR=str(work)))
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not (out.exists() and "a-first" in out.read_text(encoding="utf-8")):
        time.sleep(0.5)
    assert out.exists(), "the first notebook was graded"
    time.sleep(3)  # a looping notebook is running now
    proc.send_signal(signal.SIGINT)
    started = time.monotonic()
    proc.wait(timeout=30)
    assert time.monotonic() - started < 15
    assert proc.returncode == 130 and "interrupted" in proc.stderr.read()
    rows = totals(out)
    assert set(rows) == {"a-first.ipynb"} and rows["a-first.ipynb"][TOTAL]["status"] == "graded"
    time.sleep(1)
    assert survivors(str(work)) == []


def test_the_gradebook_does_not_import_the_sandbox():
    done = subprocess.run([sys.executable, "-c", "import sys, socialties.exercises.grade.gradebook\n"
                           "print(sorted(m for m in sys.modules if m.startswith('socialties.exercises.grade')))"],
                          capture_output=True, text=True, timeout=120)
    loaded = done.stdout
    assert "gradebook" in loaded and "sandbox" not in loaded and "runner" not in loaded and "worker" not in loaded


@pytest.mark.slow
def test_the_unsafe_fallback_grades_and_says_so_on_every_row(tmp_path, capsys):
    shutil.copy(FIXTURES / "correct.ipynb", tmp_path / "alice.ipynb")
    out = tmp_path / "g.csv"
    code = grade_main([str(tmp_path / "alice.ipynb"), "--out", str(out), "--assignment", ASSIGNMENT, "--quiet",
                       "--unsafe-no-sandbox", "--timeout", "60"])
    assert code == 0 and "WITHOUT a sandbox" in capsys.readouterr().err
    total = totals(out)["alice.ipynb"][TOTAL]
    assert float(total["points"]) == FULL and "graded WITHOUT a sandbox" in total["feedback"]
