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

A kept profile is code LibreOffice runs, so it is kept only in a cache folder that
is the user's alone (:func:`docgen.user_cache.trusted_cache_dir`), and before every
use :func:`harden` removes what could run there (Basic libraries, scripts, user
extensions) and sets macro security to its highest with macros disabled.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from docgen.safexml import parse
from docgen.user_cache import trusted_cache_dir

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
    if fcntl is None:
        return None
    root = trusted_cache_dir("libreoffice")
    if root is None:
        return None
    try:
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


_RUNNABLE = ("basic", "Scripts", "uno_packages")  # macros, scripts, user extensions
_REGISTRY = "registrymodifications.xcu"
_OOR = "http://openoffice.org/2001/registry"
_SCRIPTING = "/org.openoffice.Office.Common/Security/Scripting"
_EVENTS = "/org.openoffice.Office.Events"
_LOCKED_DOWN = (("MacroSecurityLevel", "3"), ("DisableMacrosExecution", "true"))
_EMPTY_REGISTRY = (f'<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="{_OOR}" '
                   'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
                   'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></oor:items>')


def harden(profile: Path) -> None:
    """Nothing in ``profile`` may run: its macro and script folders, user extensions and
    application event bindings removed, macro security at "very high" with macros
    disabled (LibreOffice's ``Security/Scripting`` settings)."""
    from lxml import etree

    if profile.is_symlink() or (profile.exists() and not profile.is_dir()):
        profile.unlink()  # not a profile at all: LibreOffice makes a new one here
    user = profile / "user"
    for name in _RUNNABLE:
        target = user / name
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.exists():
            shutil.rmtree(target, ignore_errors=True)
    user.mkdir(parents=True, exist_ok=True)
    registry = user / _REGISTRY
    try:
        root = parse(registry.read_bytes()) if registry.is_file() else None
    except (OSError, etree.XMLSyntaxError):
        root = None
    if root is None or root.tag != f"{{{_OOR}}}items":
        root = parse(_EMPTY_REGISTRY.encode())
    for item in root.findall("item"):
        path = item.get(f"{{{_OOR}}}path", "")
        if path == _SCRIPTING or path.startswith(_EVENTS):  # event bindings run macros too
            root.remove(item)
    for name, value in _LOCKED_DOWN:
        item = etree.SubElement(root, "item", {f"{{{_OOR}}}path": _SCRIPTING})
        prop = etree.SubElement(item, "prop", {f"{{{_OOR}}}name": name, f"{{{_OOR}}}op": "fuse"})
        etree.SubElement(prop, "value").text = value
    if registry.is_symlink():
        registry.unlink()
    registry.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
