"""`docgen merge --pdf`: a PDF beside each notice, made by LibreOffice.

The notices go to a few headless soffice processes at once, one per core (starting
one costs about a second, so each gets a whole share of the batch, and small
batches use one). Each runs on a profile of docgen's own, one kept between runs
where it can be (:mod:`docgen.outputs.office_profile`) or a throw-away one, so a
LibreOffice the user has open is neither disturbed nor in the way. PDFs are made
in a temporary folder beside the notices and renamed into place, so none is ever
half-written; on Ctrl-C, SIGTERM or an error every soffice is stopped and the
folder removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from pathlib import Path

from docgen.errors import ConversionFailed, OfficeMissing
from docgen.outputs.office_profile import forget, harden, profile_for

INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui; "
    "macOS: brew install --cask libreoffice; Windows: libreoffice.org) or leave out --pdf"
)
_CANDIDATES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
_MAX_ARGS_CHARS = 30_000 if sys.platform == "win32" else 1_000_000


def find_soffice() -> str:
    """The soffice executable, or :class:`OfficeMissing` saying how to install it."""
    override = os.environ.get("DOCGEN_SOFFICE")
    for candidate in (override, shutil.which("soffice"), shutil.which("libreoffice"),
                      *_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    raise OfficeMissing(f"--pdf needs LibreOffice, which was not found; {INSTALL_HINT}")


# Folders that hold the system's own Python: LibreOffice's embedded Python expects them.
_SYSTEM_BINS = frozenset({"/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/sbin"})


def _other_python(folder: str) -> bool:
    """Whether ``folder`` holds a Python that is not the system's (pyenv, conda, a venv,
    Homebrew's...): LibreOffice's embedded Python would load its standard library."""
    if os.name == "nt" or os.path.normpath(folder) in _SYSTEM_BINS:
        return False
    return any(os.path.exists(os.path.join(folder, name)) for name in ("python3", "python"))


def office_environment() -> dict[str, str]:
    """The environment for running LibreOffice programs from docgen.

    LibreOffice embeds its own Python. Started with another Python's folder on PATH
    (an activated virtual environment, pyenv's shims or versions, conda), that
    embedded Python finds the other build's standard library and crashes (unopkg
    reports ``std::bad_alloc`` or a codec error). So every folder with a Python other
    than the system's leaves PATH, and the variables that point Python elsewhere are
    dropped.
    """
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONSTARTUP",
                        "PYENV_VERSION", "CONDA_PREFIX", "CONDA_DEFAULT_ENV")}
    venv = os.environ.get("VIRTUAL_ENV")
    own = {os.path.dirname(sys.executable), os.path.join(sys.prefix, "bin"),
           os.path.join(sys.prefix, "Scripts"), os.path.join(sys.base_prefix, "bin"),
           *([os.path.join(venv, "bin")] if venv else [])}
    own = {os.path.normcase(os.path.abspath(f)) for f in own}
    path = [p for p in env.get("PATH", "").split(os.pathsep)
            if p and os.path.normcase(os.path.abspath(p)) not in own and not _other_python(p)]
    env["PATH"] = os.pathsep.join(path)
    return env


def _batches(paths: Sequence[Path]) -> list[list[Path]]:
    """Split only when the command line would get too long (Windows)."""
    batches: list[list[Path]] = [[]]
    length = 0
    for path in paths:
        if batches[-1] and length + len(str(path)) > _MAX_ARGS_CHARS:
            batches.append([])
            length = 0
        batches[-1].append(path)
        length += len(str(path)) + 1
    return batches


PER_PROCESS_MIN = 8  # fewer notices than this per process: starting one costs more


def processes_for(count: int, jobs: int | None = None) -> int:
    """How many soffice processes to run at once for ``count`` notices."""
    cores = os.cpu_count() or 1
    wanted = min(jobs or cores, cores)
    return max(1, min(wanted, count // PER_PROCESS_MIN))


def _convert_share(soffice: str, share: list[Path], work: Path, number: int) -> None:
    with profile_for(work, number) as (profile, kept):
        try:
            _convert_with(soffice, share, work, profile)
        except ConversionFailed:
            if not kept:
                raise
            forget(profile)  # damaged, perhaps by a run stopped mid-write: made anew
            _convert_with(soffice, share, work, work / f"profile-{number}")


def _convert_with(soffice: str, share: list[Path], work: Path, profile: Path) -> None:
    harden(profile)
    for batch in _batches(share):
        command = [
            soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
            "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir",
            # Absolute: a folder or notice named "-x" is never taken for an option.
            os.path.abspath(work / "pdf"), *(os.path.abspath(p) for p in batch),
        ]
        returncode = _run_office(command, timeout=120 + 10 * len(batch))
        if returncode != 0:
            raise ConversionFailed(
                f"LibreOffice could not convert the notices (exit {returncode}); "
                "run again with --debug, or convert them in LibreOffice by hand"
            )


def convert(paths: Sequence[Path], soffice: str | None = None, jobs: int | None = None,
            progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """Convert .docx files to PDFs beside them; returns the PDF paths.

    All files must be in one folder with distinct names (the notices are).
    ``jobs`` caps the soffice processes run at once (default: one per core);
    ``progress(done, total)`` hears of the PDFs made so far, a few times a second.
    """
    if not paths:
        return []
    soffice = soffice or find_soffice()
    folder = paths[0].parent
    work = Path(tempfile.mkdtemp(prefix=".docgen-pdf-", dir=folder))
    count = processes_for(len(paths), jobs)
    shares = [list(paths[i::count]) for i in range(count)]  # balanced by count
    try:
        with ThreadPoolExecutor(count, thread_name_prefix="docgen-pdf") as pool:
            futures = [pool.submit(_convert_share, soffice, share, work, number)
                       for number, share in enumerate(shares)]
            try:
                _wait_for(futures, work / "pdf", len(paths), progress)
            except BaseException:
                _stop_all()  # Ctrl-C reaches this thread only: stop every soffice
                raise
        made = []
        for path in paths:
            pdf = work / "pdf" / (path.stem + ".pdf")
            if not pdf.exists():
                raise ConversionFailed(f"LibreOffice made no PDF for {path.name}; open the "
                                       "notice in Word or LibreOffice and export it by hand")
            target = path.with_suffix(".pdf")
            os.replace(pdf, target)
            made.append(target)
        return made
    except subprocess.TimeoutExpired:
        raise ConversionFailed("LibreOffice took too long to convert the notices; close "
                               "other LibreOffice windows and try again") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _wait_for(futures: list[Future[None]], made: Path, total: int,
              progress: Callable[[int, int], None] | None) -> None:
    """Until every share is converted or one failed (its error is raised), telling
    ``progress`` how many PDFs the soffice processes have written so far."""
    while True:
        done, pending = wait(futures, timeout=_POLL_SECONDS, return_when=FIRST_EXCEPTION)
        if progress is not None:
            with contextlib.suppress(OSError):
                progress(min(sum(p.suffix == ".pdf" for p in made.iterdir()), total), total)
        for future in done:
            future.result()
        if not pending:
            return


_POLL_SECONDS = 0.25
_RUNNING: set[subprocess.Popen[bytes]] = set()
_RUNNING_LOCK = threading.Lock()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        process.kill()


def _stop_all() -> None:
    with _RUNNING_LOCK:
        running = list(_RUNNING)
    for process in running:
        _stop(process)


# LibreOffice frees and takes again about a gigabyte of heap while it starts; glibc
# gives it back to the kernel each time and gets it again page by page (300,000 page
# faults, half a second of system time per process on the machine of
# benchmarks/RESULTS.md). Keeping 256 MB at the top of the heap saves that: a start
# takes half the time, and each soffice holds some 45 MB more. Only glibc reads this.
_HEAP_TOP_PAD = {"MALLOC_TOP_PAD_": str(256 << 20)}


def conversion_environment() -> dict[str, str]:
    """:func:`office_environment`, plus the heap setting above unless the user set one."""
    env = office_environment()
    return {**_HEAP_TOP_PAD, **env}


def _run_office(command: list[str], timeout: float) -> int:
    """Run soffice in a process group of its own, and stop the whole group (the
    soffice.bin it starts included) if docgen is interrupted, terminated or times out."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               stdin=subprocess.DEVNULL, env=conversion_environment(),
                               start_new_session=hasattr(os, "killpg"))
    with _RUNNING_LOCK:
        _RUNNING.add(process)
    try:
        return process.wait(timeout=timeout)
    except BaseException:
        _stop(process)
        process.wait()
        raise
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(process)
