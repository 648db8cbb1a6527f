"""EDGAR output: a finished notice as the HTML (or ASCII) document EDGAR accepts.

The pipeline: :mod:`.source` (open the .docx safely) -> :mod:`.reader` (what Word
shows, or a refusal naming what to fix) -> :mod:`.html` or :mod:`.text` (write)
-> :mod:`.checker` (the independent EDGAR checklist). :func:`convert` (in
:mod:`.conversion`) runs it for
one notice in memory; :func:`convert_all` plans names and writes many. Names are
imported when first used, so the command line starts without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docgen.edgar.batch import EdgarReport, convert_all
    from docgen.edgar.checker import CheckResult, Finding, check_file, check_html
    from docgen.edgar.conversion import Converted, convert, preview_html
    from docgen.errors import SourceError
    from docgen.rules.submission import submission_type

__all__ = ["CheckResult", "Converted", "EdgarReport", "Finding", "SourceError",
           "check_file", "check_html", "convert", "convert_all", "preview_html",
           "submission_type"]
_HOMES = {"EdgarReport": "edgar.batch", "convert_all": "edgar.batch",
          "CheckResult": "edgar.checker", "Finding": "edgar.checker",
          "check_file": "edgar.checker", "check_html": "edgar.checker",
          "Converted": "edgar.conversion", "convert": "edgar.conversion",
          "preview_html": "edgar.conversion", "submission_type": "rules.submission",
          "SourceError": "errors"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(f"docgen.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'docgen.edgar' has no attribute {name!r}")
