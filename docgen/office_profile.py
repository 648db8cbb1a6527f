"""LibreOffice profiles for ``--pdf``: docgen's own, kept between runs.

A soffice started on a new profile first spends a good part of its start making
it; on a kept one it goes straight to work. docgen keeps one profile per process
slot (``libreoffice/profile-N`` in :func:`docgen.user_cache.cache_dir`), each used
by one soffice at a time, under a lock on a file beside it. A slot that another
docgen run holds, a platform without ``fcntl`` (Windows), or
``DOCGEN_CACHE_DIR=off`` get a throw-away profile in the run's temporary folder
instead, removed with it. These are docgen's profiles, never the user's own, so a
LibreOffice the user has open is neither disturbed nor in the way; a conversion
keeps no trace of the notices in them (no recent-documents list in headless runs).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from docgen.user_cache import cache_dir

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


@contextlib.contextmanager
def profile_for(work: Path, number: int) -> Iterator[tuple[Path, bool]]:
    """The profile folder of process slot ``number``, and whether it is a kept one
    (else a throw-away one inside ``work``); the slot is held until the block ends."""
    held = _hold(number)
    if held is None:
        yield work / f"profile-{number}", False
        return
    folder, lock = held
    try:
        yield folder, True
    finally:
        lock.close()  # and with it the lock


def _hold(number: int) -> tuple[Path, IO[bytes]] | None:
    base = cache_dir()
    if base is None or fcntl is None:
        return None
    root = base / "libreoffice"
    try:
        root.mkdir(parents=True, exist_ok=True)
        lock = (root / f"profile-{number}.lock").open("ab")
    except OSError:
        return None
    try:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # another docgen converts with it now
        lock.close()
        return None
    return root / f"profile-{number}", lock


def forget(folder: Path) -> None:
    """Remove a kept profile that failed; the next run makes it anew."""
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        folder.unlink()  # something that was not even a folder
