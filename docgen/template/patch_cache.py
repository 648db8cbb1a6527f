"""docxtpl's clean-up of a template's parts, kept between runs.

docxtpl's ``patch_xml`` joins the tags Word splits across runs and rewrites its
``{%p %}``/``{%tr %}`` tags; :mod:`docgen.template.render` compiles what it
returns. Importing docxtpl imports python-docx and docxcompose, some 50 ms of
every run's start-up, yet the result depends only on the part's XML and on
docxtpl's code. So it is kept in the user's cache folder, one JSON file per
template, keyed by a hash of both; a run with a template seen before imports
none of them.

The folder is ``patched/`` in :func:`docgen.user_cache.trusted_cache_dir` (the
user's alone, or no cache). An entry is bound to the template it was made from: it
records the key (a digest of the template's parts and docxtpl's code) and a digest
of its own content, and is used only when both match, when it is a regular file of
the user's that others cannot write, and when it has exactly the template's parts.
A missing, unreadable, damaged or foreign entry is simply computed again, and a
folder that cannot be written is not an error: the cache only saves time.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from docgen.user_cache import private_file, trusted_cache_dir
from docgen.version import __version__

_FORMAT = "2"
KEEP = 32  # entries kept; the oldest go first


def _docxtpl_fingerprint() -> str:
    """Which docxtpl would patch: its file's path, size and time (no import needed)."""
    spec = importlib.util.find_spec("docxtpl")
    if spec is None or spec.origin is None:
        return "none"
    code = Path(spec.origin).with_name("template.py")
    try:
        stat = code.stat()
    except OSError:
        return spec.origin
    return f"{code}:{stat.st_size}:{stat.st_mtime_ns}"


def _key(parts: Mapping[str, str]) -> str:
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{_docxtpl_fingerprint()}".encode())
    for name in sorted(parts):
        digest.update(f"\0{name}\0{len(parts[name])}\0".encode())
        digest.update(parts[name].encode())
    return digest.hexdigest()


def _digest(parts: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(parts):
        digest.update(f"{name}\0{len(parts[name])}\0".encode())
        digest.update(parts[name].encode())
    return digest.hexdigest()


def _load(path: Path, key: str, names: set[str]) -> dict[str, str] | None:
    if not private_file(path):
        return None
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    entry = stored.get("parts")
    if (not isinstance(entry, dict) or set(entry) != names
            or not all(isinstance(v, str) for v in entry.values())
            or stored.get("digest") != _digest(entry)):
        return None
    return entry


def _store(folder: Path, path: Path, key: str, entry: dict[str, str]) -> None:
    """Write ``entry`` whole or not at all, then drop the oldest beyond :data:`KEEP`."""
    with contextlib.suppress(OSError):
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump({"key": key, "digest": _digest(entry), "parts": entry}, file)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)


def patched(parts: Mapping[str, str]) -> dict[str, str]:
    """docxtpl's ``patch_xml`` of every part (name -> XML), from the cache when it can."""
    if not parts:
        return {}
    folder = trusted_cache_dir("patched")
    key = _key(parts)
    path = folder / f"{key}.json" if folder is not None else None
    if path is not None:
        entry = _load(path, key, set(parts))
        if entry is not None:
            return entry
    patch = _patcher()
    entry = {name: patch(xml) for name, xml in parts.items()}
    if folder is not None and path is not None:
        _store(folder, path, key, entry)
    return entry


def _patcher() -> Callable[[str], str]:
    """docxtpl's ``patch_xml``; it reads nothing of the document it belongs to."""
    from docxtpl import DocxTemplate  # python-docx, docxcompose: only on a cache miss

    patch: Callable[[str], str] = DocxTemplate.__new__(DocxTemplate).patch_xml
    return patch
