"""The sandbox: one submission's code runs in its own bubblewrap namespaces. HANDLE WITH CARE.

This module is security-relevant: it decides what a student's code can see and touch. Change it only with a hostile
test that shows the change holds (tests/test_hostile.py), and read bubblewrap's manual first.

For each submission, :func:`run_in_sandbox` starts ``bwrap`` (Debian's ``bubblewrap``, the sandbox Flatpak uses)
with, in words:

- new user, PID, network, IPC, UTS and cgroup namespaces (``--unshare-all``): the submission sees only its own
  processes, has no network (only its own loopback), and cannot signal or trace anything outside;
- a file system built from nothing: read-only views of the system's ``/usr`` (and the ``/bin``, ``/lib`` links),
  a few files of ``/etc``, this Python environment, the ``socialties`` package with its question sets hidden under
  an empty directory, and the course's ``data/``; its own notebook (read-only, ``/work/submission.ipynb``); and,
  writable, only two small memory-backed folders of its own (``/work/run``, where the notebook runs, and ``/tmp``;
  ``SCRATCH_MB`` each, so a notebook cannot fill the grader's disk). The grader, the gradebook, the other
  submissions, the instructor's files and the answer keys are not in that file system at all;
- the answers leave through one file descriptor opened by the grader and passed to the runner alone (it is not
  inherited by the kernel, and the runner is not traceable), so no process of the notebook can write or replace them;
- an empty environment but for a few variables, a new terminal session (``--new-session``), and
  ``--die-with-parent``: when the grader stops it, or it ends, its PID namespace ends and the kernel kills every
  process in it, however it was started (``setsid``, double fork, ``nohup``);
- when the grader runs as root, bubblewrap itself is started as the unprivileged user ``nobody`` (65534), so even the
  mapped user outside the namespaces owns nothing (if ``nobody`` cannot read this Python, installed under
  ``/root`` say, bubblewrap runs as root and the sandbox's user, with no capability, maps to root outside:
  still confined to the mounts above, but without the per-user process limit);
- resource limits on every process inside: address space, CPU time, written file size, number of processes.

What runs inside is :mod:`socialties.exercises.grade.runner`: it executes the notebook and writes the answer values
as plain data. The answers are checked outside, by :mod:`socialties.exercises.grade.worker`, which reads that data
with size limits and compares it with the keys.

Without user namespaces (some containers, hardened kernels) bubblewrap cannot start: :func:`sandbox_available` says
why, and the grader refuses to run unless the instructor passes ``--unsafe-no-sandbox``, which runs the same runner
as a plain child process with the same resource limits and no isolation (see :func:`run_unsandboxed`).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from socialties.exercises.grade.results import Limits

BWRAP = "bwrap"
NOBODY = 65534
#: Where things appear inside the sandbox.
INSIDE_RUN = "/work/run"
INSIDE_SPEC = "/work/spec.json"
INSIDE_NOTEBOOK = "/work/submission.ipynb"
#: Size of the writable, memory-backed folders inside (the submission's own folder, and /tmp).
SCRATCH_MB = 256
#: The environment variable that gives the runner the number of the file descriptor it writes the answers to.
ANSWERS_FD_ENV = "SOCIALTIES_ANSWERS_FD"
#: Files of /etc that Python, numpy and ipykernel read; nothing else of /etc is visible.
ETC_FILES = ("ld.so.cache", "ld.so.conf", "localtime", "nsswitch.conf", "passwd", "group", "hosts", "mime.types")
#: How much the runner (the notebook client inside the sandbox) may use, besides the kernel's own limit.
RUNNER_MEMORY_MB = 1024
MAX_PROCESSES = 512


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create namespaces here (the message says which, and what to do)."""


@dataclass(frozen=True)
class Mounts:
    """The host paths the sandbox shows read-only: Python's prefixes, the package, the data, and what to hide."""

    readonly: tuple[Path, ...]
    hidden: tuple[Path, ...]


def package_root() -> Path:
    """The directory of the ``socialties`` package (an editable install: the repository's ``socialties/``)."""
    import socialties

    return Path(socialties.__file__).resolve().parent


def keys_dir() -> Path:
    """Where the answer keys (the question sets) are: hidden inside the sandbox."""
    return package_root() / "exercises" / "sets"


def data_dir() -> Path:
    from socialties import data

    return Path(data.DATA_DIR).resolve()


def default_mounts() -> Mounts:
    """Read-only: /usr, this interpreter's prefixes, the package and data/. Hidden: the question sets."""
    paths = {Path("/usr")}
    course = package_root().parent  # the repository: its exercises/ hold the solutions
    for prefix in {Path(sys.prefix), Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
                   Path(sys.exec_prefix).resolve()}:
        if course.is_relative_to(prefix):
            # A Python environment that contains the course (a conda env in the home folder, say): show only the
            # parts of it Python needs, never the folder itself.
            paths.update(prefix / name for name in ("bin", "lib", "lib64", "pyvenv.cfg"))
        else:
            paths.add(prefix)  # a venv's own path too (its bin/python is a link into /usr)
    paths.add(package_root())
    try:
        paths.add(data_dir())
    except Exception:  # no data folder: notebooks that load data fail inside, with a message
        pass
    return Mounts(tuple(sorted(p for p in paths if p.exists())), (keys_dir(),))


def _minimal_paths(paths: tuple[Path, ...]) -> list[Path]:
    """Drop paths already inside another one (binding /usr is enough for /usr/lib/python3)."""
    kept: list[Path] = []
    for path in sorted(paths, key=lambda p: len(p.parts)):
        if not any(path == k or path.is_relative_to(k) for k in kept):
            kept.append(path)
    return kept


def bwrap_command(stage: Path, command: list[str], env: dict[str, str], mounts: Mounts | None = None) -> list[str]:
    """The ``bwrap`` command line that runs ``command`` over the submission staged in ``stage``.

    ``stage/submission.ipynb`` and ``stage/spec.json`` appear read-only as ``/work/submission.ipynb`` and
    ``/work/spec.json``; ``/work/run`` and ``/tmp`` are empty, size-limited and the only writable places.
    """
    mounts = mounts or default_mounts()
    size = str(SCRATCH_MB << 20)
    argv = [BWRAP, "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
            "--uid", str(NOBODY), "--gid", str(NOBODY), "--hostname", "sandbox",
            # The private /tmp first: a course or venv that lives under /tmp (a CI clone) is bound over it below.
            "--proc", "/proc", "--dev", "/dev", "--size", size, "--tmpfs", "/tmp"]
    for name in ("bin", "lib", "lib64", "sbin"):
        target = Path("/") / name
        if target.is_symlink():
            argv += ["--symlink", os.readlink(target), str(target)]
        elif target.is_dir():
            argv += ["--ro-bind", str(target), str(target)]
    for path in _minimal_paths(mounts.readonly):
        argv += ["--ro-bind", str(path), str(path)]
    for name in ETC_FILES:
        if Path("/etc", name).exists():
            argv += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    for hidden in mounts.hidden:
        if hidden.is_dir():
            argv += ["--tmpfs", str(hidden), "--remount-ro", str(hidden)]
    argv += ["--size", size, "--tmpfs", INSIDE_RUN, "--ro-bind", str(stage / "spec.json"), INSIDE_SPEC,
             "--ro-bind", str(stage / "submission.ipynb"), INSIDE_NOTEBOOK, "--chdir", INSIDE_RUN]
    for key, value in sorted(env.items()):
        argv += ["--setenv", key, value]
    return argv + ["--", *command]


def sandbox_env() -> dict[str, str]:
    """The environment inside: nothing of the grader's beyond what Python needs."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": INSIDE_RUN, "TMPDIR": "/tmp",
           "JUPYTER_RUNTIME_DIR": "/tmp/jupyter-runtime", "JUPYTER_CONFIG_DIR": "/tmp/jupyter-config",
           "JUPYTER_DATA_DIR": "/tmp/jupyter-data", "IPYTHONDIR": "/tmp/ipython", "MPLCONFIGDIR": "/tmp/mpl",
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1", "SOCIALTIES_SANDBOX": "bwrap"}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


def _limits_preexec(limits: Limits, drop_privileges: bool):
    """What runs in the child before ``bwrap`` starts: resource limits, and (as root) becoming ``nobody``."""
    memory = max(RUNNER_MEMORY_MB, limits.memory_mb) << 20
    file_size = max(limits.file_mb, 1) << 20
    cpu = limits.cpu_seconds()

    def preexec() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        resource.setrlimit(resource.RLIMIT_NPROC, (MAX_PROCESSES, MAX_PROCESSES))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if drop_privileges:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)

    return preexec


def prepare_stage(stage: Path, drop: bool) -> None:
    """Let bubblewrap, started as ``nobody``, reach the two read-only files of the stage (and nothing else)."""
    if drop:
        os.chmod(stage, 0o711)
        for name in ("spec.json", "submission.ipynb"):
            os.chmod(stage / name, 0o644)


_checked: dict[str, str | None] = {}
_check_lock = threading.Lock()


def sandbox_available() -> str | None:
    """None if bubblewrap runs here; otherwise why not, in words (checked once per process)."""
    with _check_lock:
        if "result" not in _checked:
            _checked["result"] = _probe()
        return _checked["result"]


def _probe() -> str | None:
    if shutil.which(BWRAP) is None:
        return ("bubblewrap is not installed (Debian/Ubuntu: `apt-get install bubblewrap`; Fedora: `dnf install "
                "bubblewrap`)")
    argv = [BWRAP, "--unshare-all", "--die-with-parent", "--uid", str(NOBODY), "--gid", str(NOBODY),
            "--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev"]
    for name in ("bin", "lib", "lib64"):
        target = Path("/") / name
        if target.is_symlink():
            argv += ["--symlink", os.readlink(target), str(target)]
        elif target.is_dir():
            argv += ["--ro-bind", str(target), str(target)]
    argv += ["--", "/bin/true"]
    try:
        done = subprocess.run(argv, capture_output=True, timeout=30, preexec_fn=_drop if drops_privileges() else None)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"bubblewrap could not be started ({err})"
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return ("bubblewrap cannot create namespaces on this machine (" + (detail[-1] if detail else "no message")
                + "); unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone, "
                  "or a container that forbids them)")
    return None


def _drop() -> None:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


class Running:
    """The processes of the grading run, so that Ctrl-C can stop all of them at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._procs: set[subprocess.Popen] = set()
        self.stopping = threading.Event()

    def add(self, proc: subprocess.Popen) -> None:
        with self._lock:
            self._procs.add(proc)
        if self.stopping.is_set():
            kill_group(proc)

    def discard(self, proc: subprocess.Popen) -> None:
        with self._lock:
            self._procs.discard(proc)

    def stop_all(self) -> None:
        self.stopping.set()
        with self._lock:
            procs = list(self._procs)
        for proc in procs:
            kill_group(proc)


RUNNING = Running()


def kill_group(proc: subprocess.Popen) -> None:
    """Kill a child started in its own session, and its whole process group (the sandbox dies with bwrap)."""
    for target in (lambda: os.killpg(proc.pid, signal.SIGKILL), proc.kill):
        try:
            target()
        except (OSError, ProcessLookupError):
            pass


def run_process(argv: list[str], seconds: float, log: Path, preexec, env: dict[str, str] | None = None,
                cwd: Path | None = None, pass_fds: tuple[int, ...] = ()) -> tuple[int | None, bool]:
    """Run ``argv`` in a new session; kill it (and its group) after ``seconds``. (exit code, timed out)."""
    with log.open("wb") as handle:
        proc = subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, preexec_fn=preexec, env=env, cwd=cwd, close_fds=True,
                                pass_fds=pass_fds)
        RUNNING.add(proc)
        try:
            proc.wait(timeout=seconds)
            return proc.returncode, False
        except subprocess.TimeoutExpired:
            kill_group(proc)
            proc.wait()
            return None, True
        finally:
            kill_group(proc)  # anything left in the group (the sandbox's processes die with bwrap)
            RUNNING.discard(proc)


def runner_command() -> list[str]:
    return [sys.executable, "-s", "-P", "-m", "socialties.exercises.grade.runner", INSIDE_SPEC]


def _world_readable(path: Path) -> bool:
    """True if the user ``nobody`` can reach and read ``path`` (every parent searchable by others)."""
    try:
        for part in [path, *path.parents]:
            mode = part.stat().st_mode
            if not mode & 0o001 or (part == path and not mode & 0o004):
                return False
    except OSError:
        return False
    return True


def drops_privileges(mounts: Mounts | None = None) -> bool:
    """Whether bubblewrap starts as ``nobody``: when the grader is root and ``nobody`` can read every mounted path
    (a Python installed under ``/root``, say, cannot be mounted by ``nobody``: then bubblewrap runs as root, and
    the sandbox's user, without any capability, is mapped to root outside; see the Instructors page)."""
    if os.geteuid() != 0:
        return False
    mounts = mounts or default_mounts()
    return all(_world_readable(p) for p in _minimal_paths(mounts.readonly))


def _answers_fd(stage: Path) -> int:
    """The grader's own file ``stage/answers.json``, opened for the runner to write (only it gets the descriptor)."""
    return os.open(stage / "answers.json", os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)


def run_in_sandbox(stage: Path, limits: Limits) -> tuple[int | None, bool]:
    """Run the runner over the submission staged in ``stage`` inside bubblewrap. (exit code, timed out)."""
    mounts = default_mounts()
    drop = drops_privileges(mounts)
    prepare_stage(stage, drop)
    fd = _answers_fd(stage)
    try:
        env = dict(sandbox_env(), **{ANSWERS_FD_ENV: str(fd)})
        argv = bwrap_command(stage, runner_command(), env, mounts)
        return run_process(argv, limits.hard_deadline(), stage / "sandbox.log", _limits_preexec(limits, drop),
                           env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, pass_fds=(fd,))
    finally:
        os.close(fd)


def run_unsandboxed(stage: Path, limits: Limits) -> tuple[int | None, bool]:
    """THE UNSAFE FALLBACK (``--unsafe-no-sandbox``): the runner as a plain child process, same limits, no isolation.

    The submission runs as the grader's user and can read and write what that user can. Use it only where
    bubblewrap cannot run and the class is trusted, or inside a disposable container.
    """
    (stage / "run").mkdir(parents=True, exist_ok=True)
    env = sandbox_env()
    env.pop("SOCIALTIES_SANDBOX")
    env.update({"HOME": str(stage / "run"), "TMPDIR": str(stage / "run"),
                "SOCIALTIES_RUN_DIR": str(stage / "run"), "SOCIALTIES_NOTEBOOK": str(stage / "submission.ipynb")})
    for key in ("JUPYTER_RUNTIME_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR", "MPLCONFIGDIR"):
        env[key] = str(stage / "run" / ".jupyter" / key.lower())
    env["PATH"] = os.environ.get("PATH", "/usr/bin:/bin")
    fd = _answers_fd(stage)
    try:
        env[ANSWERS_FD_ENV] = str(fd)
        argv = [sys.executable, "-m", "socialties.exercises.grade.runner", str(stage / "spec.json")]
        return run_process(argv, limits.hard_deadline(), stage / "sandbox.log", _limits_preexec(limits, False),
                           env=env, cwd=stage / "run", pass_fds=(fd,))
    finally:
        os.close(fd)
