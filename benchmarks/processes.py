"""One measured process: wall time, CPU and peak memory, as the OS counts them."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

# As on a user's machine: Python caches compiled modules (a wheel install compiles them
# at install time, an editable one on the first run). This machine's shell sets
# PYTHONDONTWRITEBYTECODE, which would recompile docgen's own modules on every run.
USER_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    user: float  # CPU seconds
    system: float
    peak_mb: float  # peak resident set size
    stdout: str


def run(command: list[str], own_memory: bool = False) -> Run:
    """Run ``command`` to the end (it must succeed) and measure it with ``wait4``.

    ``own_memory``: start it through :mod:`own_peak`, so that ``peak_mb`` is its own
    peak and not this process's size (times then include the small launcher)."""
    if own_memory:
        with tempfile.NamedTemporaryFile(suffix=".kib", delete=False) as peak:
            launcher = [sys.executable, os.path.join(os.path.dirname(__file__), "own_peak.py")]
            done = run([*launcher, peak.name, *command])
        with open(peak.name) as file:
            kib = int(file.read())
        os.unlink(peak.name)
        own = kib / (1024 if sys.platform == "darwin" else 1) / 1024
        return Run(done.wall, done.user, done.system, own, done.stdout)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=USER_ENV)
        _, status, usage = os.wait4(process.pid, 0)  # reaped here, with its usage
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"{command[:3]} failed ({process.returncode}): "
                               f"{err.read().decode()[-800:]}")
        text = out.read().decode()
    kib = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)
    return Run(wall, usage.ru_utime, usage.ru_stime, kib / 1024, text)


def docgen_command() -> list[str]:
    """The installed ``docgen`` script beside this Python, as a user runs it."""
    script = os.path.join(os.path.dirname(sys.executable), "docgen")
    return [script] if os.path.exists(script) else [sys.executable, "-m", "docgen"]
