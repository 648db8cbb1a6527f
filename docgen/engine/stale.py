"""Notices in the output folder that this run did not write: rows no longer in the
workbook, or renamed. Listed after a merge; ``--clean`` removes the ones docgen
wrote that nobody has edited since.

A notice is docgen's when its package says docgen created it (``dc:creator``); it
is untouched while docgen is still its last author at revision 1 (Word and
LibreOffice change both when they save). An edited notice is never removed.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from docgen import safexml
from docgen.template import properties

_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_DC = "{http://purl.org/dc/elements/1.1/}"


@dataclass(frozen=True)
class Stale:
    path: Path
    edited: bool  # saved since docgen wrote it: never removed


def _ours(path: Path) -> Stale | None:
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(properties.CORE)
            if info.file_size > 1 << 20:
                return None
            core = safexml.parse(archive.read(info))
    except (KeyError, OSError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError):
        return None
    if core.findtext(f"{_DC}creator") != "docgen":
        return None
    untouched = (core.findtext(f"{_CP}lastModifiedBy") == "docgen"
                 and core.findtext(f"{_CP}revision") == "1")
    return Stale(path, edited=not untouched)


def stale_notices(folder: Path, written: Iterable[str]) -> list[Stale]:
    """docgen's .docx files in ``folder`` whose names are not among ``written``.

    One pass over the folder keeps only the candidates (after a run of 10,000
    notices, nothing of the 10,000 written ones is held)."""
    keep = {os.path.normcase(name) for name in written}
    try:
        with os.scandir(folder) as entries:
            candidates = sorted(
                entry.name for entry in entries
                if entry.name.lower().endswith(".docx") and not entry.name.startswith(".")
                and os.path.normcase(entry.name) not in keep and entry.is_file())
    except OSError:
        return []
    del keep
    found = []
    for name in candidates:
        stale = _ours(folder / name)
        if stale is not None:
            found.append(stale)
    return found


def clean(stale: Iterable[Stale]) -> list[Path]:
    """Remove the untouched ones (only those .docx files); return what was removed."""
    removed = []
    for item in stale:
        if not item.edited:
            item.path.unlink(missing_ok=True)
            removed.append(item.path)
    return removed
