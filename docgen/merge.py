"""The merge pipeline: read workbook -> validate rows -> build context -> render -> write.

:func:`merge` is docgen's public entry point; the CLI is a thin layer over it.
Everything that can be checked is checked before the first file is written:
the template compiles, every variable it uses can be filled, the file names
are valid and no existing file would be overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from docgen.combine import combine as combine_documents
from docgen.context import DERIVED_VARIABLES, build_context
from docgen.deadlines import Deadlines
from docgen.errors import OutputExistsError, RowErrors, TemplateError
from docgen.output import (
    DEFAULT_NAME,
    NamePatternError,
    check_pattern,
    file_name,
    unique_names,
    write_atomic,
)
from docgen.pdf import convert as convert_to_pdf
from docgen.pdf import find_soffice
from docgen.problems import Problem, Severity
from docgen.render import CompiledTemplate, bundled_template
from docgen.schema import COLUMNS
from docgen.validate import validate_row
from docgen.workbook import open_workbook

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class NoticeResult:
    """What happened to one registrant row."""

    row: int
    registrant: str
    path: Path | None
    status: str  # "written", "skipped" (row has errors) or "ready" (checked, not written)
    deadlines: Deadlines | None = None


@dataclass
class MergeReport:
    """The outcome of :func:`merge`: one result per row, and every problem found."""

    workbook: Path
    out_dir: Path
    notices: list[NoticeResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    combined: Path | None = None  # the --combine document, when written
    pdfs: list[Path] = field(default_factory=list)  # PDFs made with --pdf

    @property
    def written(self) -> list[NoticeResult]:
        return [n for n in self.notices if n.status == "written"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


@dataclass(frozen=True)
class _Planned:
    row: int
    registrant: str
    context: dict[str, Any]
    name: str
    deadlines: Deadlines | None


def available_variables(custom_columns: set[str]) -> set[str]:
    """Every variable a notice supplies, for checking a template before rendering."""
    return {c.key for c in COLUMNS} | set(DERIVED_VARIABLES) | custom_columns


def _plan(
    workbook: Path, template: CompiledTemplate, name_pattern: str, report: MergeReport,
    strict: bool = False,
) -> list[_Planned]:
    """Read and validate every row; no file is touched."""
    planned: list[_Planned] = []
    with open_workbook(workbook) as book:
        report.problems.extend(book.problems)
        variables = available_variables(set(book.custom_columns))
        missing = template.missing(variables)
        if missing:
            raise TemplateError(
                f"{template.path}: uses {', '.join(missing)}, which the workbook does not "
                "supply; add a column with that header or remove the tag"
            )
        check_pattern(name_pattern, variables)
        for row in book.rows():
            notice, problems = validate_row(book.sheet, row, book.columns, book.contacts)
            report.problems.extend(problems)
            if notice is None:
                name = row.cells.get("registrant_name")
                report.notices.append(NoticeResult(row.number, "" if name is None else
                                                   str(name.value or ""), None, "skipped"))
                continue
            context = build_context(notice)
            planned.append(_Planned(notice.row, notice.text["registrant_name"], context,
                                    file_name(name_pattern, context), notice.deadlines))
    if strict:  # a blank the notice would show as [●] is an error under --strict
        report.problems = [
            replace(p, severity=Severity.ERROR, message=p.message.replace(
                "; the notice shows a highlighted [●] to fill in", " (--strict)"))
            if p.placeholder else p for p in report.problems
        ]
    report.problems.sort(key=Problem.sort_key)
    return planned


def check(
    workbook: Path | str, *, template: Path | str | None = None, strict: bool = False
) -> MergeReport:
    """Validate every row of ``workbook`` against the template; write nothing."""
    workbook = Path(workbook)
    compiled = CompiledTemplate(Path(template) if template else bundled_template())
    report = MergeReport(workbook, Path())
    planned = _plan(workbook, compiled, DEFAULT_NAME, report, strict)
    if planned:  # a template that fails at render time (sandbox, filters) fails here too
        compiled.render_parts(planned[0].context)
    report.notices.extend(
        NoticeResult(p.row, p.registrant, None, "ready", p.deadlines) for p in planned
    )
    report.notices.sort(key=lambda n: n.row)
    return report


def _refuse_existing(paths: list[Path], what: str) -> None:
    existing = [t for t in paths if t.exists()]
    if existing:
        raise OutputExistsError(
            f"{existing[0]} already exists ({len(existing)} of {len(paths)} {what} would be "
            "overwritten); nothing written. Use --overwrite or another --out"
        )


def merge(
    workbook: Path | str,
    *,
    template: Path | str | None = None,
    out_dir: Path | str = "notices",
    name_pattern: str = DEFAULT_NAME,
    overwrite: bool = False,
    strict: bool = False,
    combine: Path | str | None = None,
    pdf: bool = False,
    progress: Progress | None = None,
) -> MergeReport:
    """Merge every valid row of ``workbook`` into one .docx notice in ``out_dir``.

    Rows with errors are skipped and reported (``strict=True``: nothing is
    written if any row has an error). ``combine`` also writes all notices into
    one document; ``pdf`` makes a PDF beside each .docx with LibreOffice.
    Raises :class:`~docgen.errors.DocgenError` subclasses for problems that stop
    the whole run, before anything is written where that can be known.
    """
    workbook, out = Path(workbook), Path(out_dir)
    combined = Path(combine) if combine else None
    if combined is not None and combined.suffix.lower() != ".docx":
        raise NamePatternError(f"--combine {combined}: the name must end in .docx")
    soffice = find_soffice() if pdf else None
    compiled = CompiledTemplate(Path(template) if template else bundled_template())
    report = MergeReport(workbook, out)
    planned = _plan(workbook, compiled, name_pattern, report, strict)
    header_errors = [p for p in report.errors if p.row == 1]
    if header_errors:
        raise RowErrors(f"{header_errors[0]}; nothing written")
    if strict and report.errors:
        raise RowErrors(
            f"{len(report.errors)} error(s) in {workbook}; nothing written (--strict). "
            "Run docgen check to list them"
        )
    targets = [out / name for name in unique_names(p.name for p in planned)]
    documents = targets + ([combined] if combined and planned else [])
    if not overwrite:
        _refuse_existing(targets, "notices")
        _refuse_existing(documents[len(targets):], "combined documents")
        if pdf:
            _refuse_existing([d.with_suffix(".pdf") for d in documents], "PDFs")
    out.mkdir(parents=True, exist_ok=True)
    written: dict[int, Path] = {}
    for done, (item, target) in enumerate(zip(planned, targets), start=1):
        write_atomic(target, compiled.render(item.context))
        written[item.row] = target
        if progress is not None:
            progress(done, len(planned))
    if combined is not None and targets:
        combined.parent.mkdir(parents=True, exist_ok=True)
        combine_documents(targets, combined)
    if pdf and documents:
        for folder in dict.fromkeys(d.parent for d in documents):
            convert_to_pdf([d for d in documents if d.parent == folder], soffice)
    report.notices.extend(
        NoticeResult(p.row, p.registrant, written[p.row], "written", p.deadlines) for p in planned
    )
    report.notices.sort(key=lambda n: n.row)
    report.combined = combined if combined is not None and targets else None
    report.pdfs = [d.with_suffix(".pdf") for d in documents] if pdf else []
    return report
