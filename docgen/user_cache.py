"""docgen's folder for what it keeps between runs, to start faster.

``$DOCGEN_CACHE_DIR``, else the platform's cache folder (``$XDG_CACHE_HOME/docgen``,
``~/.cache/docgen``, ``~/Library/Caches/docgen``, ``%LOCALAPPDATA%\\docgen\\Cache``);
``DOCGEN_CACHE_DIR=off`` keeps nothing. It holds docxtpl's clean-up of each
template (:mod:`docgen.template.patch_cache`) and the LibreOffice profiles of
``--pdf`` (:mod:`docgen.outputs.pdf`): nothing of a workbook's rows, and nothing whose loss
matters (each is made again when missing or damaged).

What is kept there shapes every later notice and runs inside LibreOffice, so the
folder must be the user's alone: :func:`trusted_cache_dir` makes it ``0700`` and
refuses (one line, then no cache) a folder that is a link, that another user owns,
or that others may write.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

_said: set[str] = set()


def cache_dir() -> Path | None:
    """The folder, or None when nothing is to be kept."""
    chosen = os.environ.get("DOCGEN_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "none") else Path(chosen)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "docgen" / "Cache" if base else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and sys.platform != "darwin":
        return Path(xdg) / "docgen"
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no home (a service account): no cache
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "docgen"
    return home / ".cache" / "docgen"


def private_folder(folder: Path) -> bool:
    """Whether ``folder`` is (or is now made) a real folder of this user's that no one
    else may write; creates it ``0700`` when missing. Windows: created, not checked
    (its folders inherit the profile's access rules)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _yours_alone(info)


def private_file(path: Path) -> bool:
    """Whether ``path`` is a regular file (not a link) of this user's that others
    cannot write."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and _yours_alone(info)


def _yours_alone(info: os.stat_result) -> bool:
    """Owned by this user, and writable by no one else (Windows: not checked)."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def trusted_cache_dir(part: str) -> Path | None:
    """``cache_dir() / part`` when the cache and the part are this user's alone, else
    None (nothing kept, nothing read), said once per run on standard error."""
    base = cache_dir()
    if base is None:
        return None
    folder = base / part
    if private_folder(base) and private_folder(folder):
        return folder
    if str(base) not in _said:
        _said.add(str(base))
        sys.stderr.write(f"warning: docgen's cache folder {base} is not yours alone (a link, "
                         "another user's, or writable by others); nothing is kept this run. "
                         "Set DOCGEN_CACHE_DIR to a folder of your own, or to off\n")
    return None
