"""One exception family for every expected failure, gathered here.

Library code raises these; only the command line maps them to exit codes
(:func:`docgen.cli.common.exit_code`), so the library never calls ``sys.exit`` and
callers can catch :class:`DocgenError` alone. The family says what kind of failure
it is: :class:`UsageError` (options, settings, names), the workbook or template
(:class:`WorkbookError`, :class:`TemplateError`), rows (:class:`RowErrors`,
:class:`NoticeError`), existing outputs (:class:`OutputExistsError`), LibreOffice.
Messages name the sheet, cell or file and say what to do. They never contain cell
values beyond what the user needs to find the cell (rows hold personal data).
"""

from __future__ import annotations

from collections.abc import Iterable


class DocgenError(Exception):
    """Base class: a one-line, user-facing problem."""

    names_its_origin = False  # True: the message already says which file and key


# -- usage: how docgen was asked (options, settings, names) ---------------------------

class UsageError(DocgenError):
    """docgen was asked for something it cannot do as asked."""


class OptionsError(UsageError):
    """Options that do not go together, or cannot be used."""


class ConfigError(UsageError):
    """``docgen.toml`` or a ``--closed`` value cannot be used."""

    names_its_origin = True  # its message says which file and key: no rewording


class NamePatternError(UsageError):
    """A ``--name`` pattern, or an output path, that cannot be used."""


class SelectionError(UsageError):
    """A ``--rows``/``--where`` that cannot be read or matches nothing."""


class OutputClashError(UsageError):
    """An output would be an input, or two outputs the same file."""


class ReportFormatError(UsageError):
    """A ``--report`` path that cannot be written."""


class EmailTemplateError(UsageError):
    """The e-mail template cannot be used."""


class InitPathError(UsageError):
    """``docgen init`` was given a file where a folder belongs."""


class CalendarFileError(UsageError):
    """An ``--ics`` path that cannot be written."""


class EdgarUsageError(UsageError):
    """``docgen edgar`` was given what it cannot convert or check."""


class NoSuchRow(UsageError):
    """``--explain ROW`` names a row the workbook does not have."""


class ServeError(UsageError):
    """``docgen serve`` cannot start as asked."""


# -- inputs: the workbook, the template -----------------------------------------------

class WorkbookError(DocgenError):
    """The workbook as a whole cannot be used (missing, not .xlsx, no header row...)."""


class TemplateError(DocgenError):
    """The Word template cannot be used (missing, not a .docx, bad tag...)."""


# -- rows and notices -----------------------------------------------------------------

class RowErrors(DocgenError):
    """Some rows have errors; nothing was written. ``problems`` are the ones refused on."""

    def __init__(self, message: str, problems: Iterable[object] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class NoticeError(DocgenError):
    """One row cannot become a notice (its rendering failed or would be corrupt)."""


class SourceError(NoticeError):
    """A notice cannot be converted for EDGAR as it stands; the message says what to fix
    in Word."""


# -- outputs --------------------------------------------------------------------------

class OutputExistsError(DocgenError):
    """A notice would overwrite an existing file and ``overwrite`` was not given."""


class OutputAppearedError(OutputExistsError):
    """A file appeared at a planned output while docgen was writing (another run?)."""


class OfficeMissing(DocgenError):
    """LibreOffice (soffice, or unopkg for the extension) is needed and not installed."""


class ConversionFailed(DocgenError):
    """LibreOffice ran but did not produce a PDF."""


# -- stopping -------------------------------------------------------------------------

class Interrupted(DocgenError):
    """The user pressed Ctrl-C; nothing partial was left behind."""


class Terminated(BaseException):
    """SIGTERM arrived: unwound like Ctrl-C (temporary files removed), exit 143."""
