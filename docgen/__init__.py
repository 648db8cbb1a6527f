"""docgen: merge a registrants workbook into editable SEC Form 12b-25 notices.

The public API is deliberately small: :func:`merge` runs the whole pipeline
(read workbook -> validate rows -> build context -> render -> write) and returns a
:class:`MergeReport`; :func:`check` validates without writing; :func:`deadlines`
gives every row's due dates; :func:`status` tells which merged, edited notices are
ready to file; :class:`MergeOptions` holds every choice of a run.
Every expected failure is a :class:`DocgenError`. Names are imported when first
used, so ``docgen --version`` does not load the pipeline.

The package is laid out by what each part does (each wing imports only those below
it; ``tests/test_architecture.py`` keeps it so): ``rules/`` (SEC knowledge), ``workbook/``
(reading), ``engine/`` (rows to notices), ``template/`` (Word templates), ``outputs/``
(PDF, combined, report, e-mails, calendar), ``edgar/`` (EDGAR HTML), ``api.py`` (this
face's functions), ``readback/`` (``docgen status``: edited notices read back), then the
doors: ``cli/``, ``web/``, ``plugin/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docgen.version import __version__

if TYPE_CHECKING:
    from docgen.api import check, deadlines, merge
    from docgen.engine.results import MergeReport, NoticeResult
    from docgen.errors import DocgenError
    from docgen.readback.run import status

__all__ = ["DocgenError", "MergeReport", "NoticeResult", "__version__", "check", "deadlines",
           "merge", "status"]
_HOMES = {"DocgenError": "docgen.errors", "check": "docgen.api", "merge": "docgen.api",
          "deadlines": "docgen.api", "MergeReport": "docgen.engine.results",
          "NoticeResult": "docgen.engine.results", "status": "docgen.readback.run"}


def __getattr__(name: str) -> Any:
    import importlib

    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'docgen' has no attribute {name!r}")
