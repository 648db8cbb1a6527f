"""EDGAR output: a finished notice as the HTML (or ASCII) document EDGAR accepts.

The pipeline: :mod:`.source` (open the .docx safely) -> :mod:`.reader` (what Word
shows, or a refusal naming what to fix) -> :mod:`.html` or :mod:`.text` (write)
-> :mod:`.checker` (the independent EDGAR checklist). :func:`convert` runs it for
one notice in memory; :func:`convert_all` plans names and writes many.
"""

from docgen.edgar.batch import EdgarReport, convert_all
from docgen.edgar.checker import CheckResult, Finding, check_file, check_html
from docgen.edgar.convert import Converted, convert, preview_html
from docgen.edgar.names import submission_type
from docgen.edgar.source import SourceError

__all__ = ["CheckResult", "Converted", "EdgarReport", "Finding", "SourceError",
           "check_file", "check_html", "convert", "convert_all", "preview_html",
           "submission_type"]
