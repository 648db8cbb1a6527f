"""What a merge (or a check) found and did: one result per row, and every problem.

Kept apart from :mod:`docgen.api` so that reports, the CLI and the page can use
the results without the pipeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.problems import Problem, ProblemLog, Severity, plural

if TYPE_CHECKING:
    from docgen.engine.stale import Stale
    from docgen.rules.deadlines import Deadlines


@dataclass(slots=True)
class NoticeResult:
    """What happened to one registrant row (one small object per row: no dict)."""

    row: int
    registrant: str
    # "written", "skipped" (row has errors), "ready" (checked, not written), "exists"
    # (already there: --skip-existing kept it, or --dry-run found it), "planned" (dry run)
    status: str
    deadlines: Deadlines | None = None
    name: str = ""  # the file name, once planned
    folder: Path | None = None  # shared by all results; with ``name``, gives ``path``
    blanks: int = 0  # values the notice shows as a highlighted [●] to fill in
    form: str = ""  # the form the row names (10-K, ...)
    period: str = ""  # ISO date of the period
    edgar: str = ""  # with ``edgar``: the EDGAR .htm's name, once written
    amendment: str = ""  # "1", "2"... for an amended notice; "" for the original
    signed_on: dt.date | None = None  # the Signature Date, for the deadline's status
    filed: str = ""  # the Filed column: a date or an accession number, once filed

    @property
    def path(self) -> Path | None:
        """The notice's file, when one was written."""
        return self.folder / self.name if self.folder is not None and self.status == (
            "written") else None


@dataclass
class MergeReport:
    """The outcome of :func:`merge`: one result per row, and every problem found."""

    workbook: Path
    out_dir: Path
    notices: list[NoticeResult] = field(default_factory=list)
    problems: ProblemLog = field(default_factory=ProblemLog)  # in row order
    combined: Path | None = None  # the --combine document, when written
    pdfs: list[Path] = field(default_factory=list)  # PDFs made with --pdf
    sheet: str = ""  # the registrants sheet, once read
    stale: list[Stale] = field(default_factory=list)  # earlier notices no row wrote now
    removed: list[Path] = field(default_factory=list)  # of those, what ``clean`` removed
    archive: Path | None = None  # the .zip the notices went into, with ``archive``
    unstorable: int = 0  # values the --report file could not hold (shown as U+FFFD)
    drafts: list[Path] = field(default_factory=list)  # e-mail drafts, with email_drafts
    columns: dict[str, str] = field(default_factory=dict)  # column letter of each field

    def cell(self, row: int, *keys: str) -> str:
        """The cell of the first of ``keys`` the sheet has, in ``row`` ("" if none)."""
        letter = next((self.columns[k] for k in keys if k in self.columns), "")
        return f"{letter}{row}" if letter else ""

    @property
    def written(self) -> list[NoticeResult]:
        return [n for n in self.notices if n.status == "written"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def still_to_do(self) -> str:
        """What still needs the lawyer, for every summary line (CLI and page), --quiet or
        not: notices with [●] left, and the warnings."""
        blanks = sum(1 for n in self.written if n.blanks)
        parts = [f"{plural(blanks, 'notice')} still contain [●] to fill in"] if blanks else []
        if blanks == 1:
            parts = ["1 notice still contains [●] to fill in"]
        warnings = self.warning_count
        parts += [plural(warnings, "warning")] if warnings else []
        return "".join(f"; {part}" for part in parts)

    @property
    def error_count(self) -> int:
        return self.problems.count(Severity.ERROR)

    @property
    def warning_count(self) -> int:
        """How many warnings, without reading them back (a big run keeps most compact)."""
        return self.problems.count(Severity.WARNING)
