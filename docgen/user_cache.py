"""docgen's folder for what it keeps between runs, to start faster.

``$DOCGEN_CACHE_DIR``, else the platform's cache folder (``$XDG_CACHE_HOME/docgen``,
``~/.cache/docgen``, ``~/Library/Caches/docgen``, ``%LOCALAPPDATA%\\docgen\\Cache``);
``DOCGEN_CACHE_DIR=off`` keeps nothing. It holds docxtpl's clean-up of each
template (:mod:`docgen.template.patch_cache`) and the LibreOffice profiles of
``--pdf`` (:mod:`docgen.pdf`): nothing of a workbook's rows, and nothing whose loss
matters (each is made again when missing or damaged).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


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
