"""One exception family for every expected failure.

Library code raises these; only the CLI maps them to exit codes, so the library
never calls ``sys.exit`` and callers can catch :class:`DocgenError` alone.
Messages name the sheet, cell or file and say what to do. They never contain
cell values beyond what the user needs to find the cell (rows hold personal data).
"""

from __future__ import annotations

from collections.abc import Iterable


class DocgenError(Exception):
    """Base class: a one-line, user-facing problem. ``exit_code`` is for the CLI."""

    exit_code = 1


class WorkbookError(DocgenError):
    """The workbook as a whole cannot be used (missing, not .xlsx, no header row...)."""


class TemplateError(DocgenError):
    """The Word template cannot be used (missing, not a .docx, bad tag...)."""


class RowErrors(DocgenError):
    """Some rows have errors; nothing was written. ``problems`` are the ones refused on."""

    exit_code = 3

    def __init__(self, message: str, problems: Iterable[object] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class NoticeError(DocgenError):
    """One row cannot become a notice (its rendering failed or would be corrupt)."""

    exit_code = 3


class OutputExistsError(DocgenError):
    """A notice would overwrite an existing file and ``overwrite`` was not given."""

    exit_code = 4


class Interrupted(DocgenError):
    """The user pressed Ctrl-C; nothing partial was left behind."""

    exit_code = 130


class Terminated(BaseException):
    """SIGTERM arrived: unwound like Ctrl-C (temporary files removed), exit 143."""
