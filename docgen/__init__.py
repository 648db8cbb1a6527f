"""docgen: merge a registrants workbook into editable SEC Form 12b-25 notices.

The public API is deliberately small: :func:`merge` runs the whole pipeline
(read workbook -> validate rows -> build context -> render -> write) and returns a
:class:`MergeReport`; every expected failure is a :class:`DocgenError`. Names are
imported when first used, so ``docgen --version`` does not load the pipeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from docgen.errors import DocgenError
    from docgen.merge import check, merge
    from docgen.results import MergeReport, NoticeResult

__all__ = ["DocgenError", "MergeReport", "NoticeResult", "__version__", "check", "merge"]
_HOMES = {"DocgenError": "docgen.errors", "check": "docgen.merge", "merge": "docgen.merge",
          "MergeReport": "docgen.results", "NoticeResult": "docgen.results"}


def __getattr__(name: str) -> Any:
    import importlib

    if name == "deadlines":  # the subpackage, callable: docgen.deadlines(workbook)
        return importlib.import_module("docgen.deadlines")
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'docgen' has no attribute {name!r}")
