"""The kernel launcher: a fresh IPython kernel, this interpreter, started under resource limits."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from socialties.exercises.grade.results import Limits

_KERNEL_WRAPPER = (
    "import os, resource, sys\n"
    "memory, fsize, cpu = (int(x) for x in sys.argv[1:4])\n"
    "resource.setrlimit(resource.RLIMIT_AS, (memory << 20, memory << 20))\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (fsize << 20, fsize << 20))\n"
    "resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))\n"
    "os.execv(sys.executable, [sys.executable, '-m', 'ipykernel_launcher', '-f', sys.argv[4]])\n"
)


def _kernel_manager(limits: Limits, spec_dir: Path) -> Any:
    """A kernel manager whose kernel is this interpreter, started under the resource limits.

    The notebook's own kernelspec is ignored on purpose: a submission does not choose what runs it.
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    kernel_dir = spec_dir / "kernels" / "socialties-grader"
    kernel_dir.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-c", _KERNEL_WRAPPER, str(limits.memory_mb), str(limits.file_mb),
            str(limits.cpu_seconds()), "{connection_file}"]
    (kernel_dir / "kernel.json").write_text(json.dumps(
        {"argv": argv, "display_name": "socialties grader", "language": "python"}))
    specs = KernelSpecManager(kernel_dirs=[str(spec_dir / "kernels")], ensure_native_kernel=False)
    return AsyncKernelManager(kernel_name="socialties-grader", kernel_spec_manager=specs)


def _kernel_env(workdir: Path) -> dict[str, str]:
    """A small environment for the kernel: nothing of the grader's beyond what Python needs."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "HOME": str(workdir), "TMPDIR": str(workdir), "MPLBACKEND": "Agg",
        "SOCIALTIES_EDITION": "student", "SOCIALTIES_STATIC": "1", "SOCIALTIES_GRADING": "1",
        # One thread per math library: fewer threads, less address space reserved under the memory limit.
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env
