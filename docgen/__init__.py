"""docgen: merge a registrants workbook into editable SEC Form 12b-25 notices.

The public API is deliberately small: :func:`merge` runs the whole pipeline
(read workbook -> validate rows -> build context -> render -> write) and returns a
:class:`MergeReport`; every expected failure is a :class:`DocgenError`.
"""

__version__ = "0.1.0"

from docgen.errors import DocgenError
from docgen.merge import check, merge
from docgen.results import MergeReport, NoticeResult

__all__ = ["DocgenError", "MergeReport", "NoticeResult", "__version__", "check", "merge"]
