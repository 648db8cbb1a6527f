"""The merge pipeline: read workbook -> validate rows -> build context -> render -> write.

:func:`merge` is docgen's public entry point; the CLI is a thin layer over it.
Everything that can be checked is checked before the first file is written:
the template compiles, every variable it uses can be filled, the file names
are valid and no existing file would be overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from docgen.archive import NoticeArchive
from docgen.combine import combine as combine_documents
from docgen.context import DERIVED_VARIABLES, build_context
from docgen.deadlines import Deadlines
from docgen.deadlines.business_days import BusinessCalendar
from docgen.edgar.batch import plan_edgar, write_edgar
from docgen.errors import NoticeError, RowErrors, TemplateError
from docgen.output import (
    DEFAULT_NAME,
    NamePatternError,
    check_pattern,
    file_name,
    refuse_clashes,
    refuse_existing,
    unique_names,
)
from docgen.parallel import effective_jobs, write_notices
from docgen.pdf import convert as convert_to_pdf
from docgen.pdf import find_soffice
from docgen.problems import Problem, Severity
from docgen.schema import COLUMNS, EXAMPLE_REGISTRANT
from docgen.spool import ContextSpool
from docgen.stale import Stale, stale_notices
from docgen.stale import clean as clean_stale
from docgen.template.render import CompiledTemplate, bundled_template
from docgen.validate import Notice, validate_row
from docgen.workbook import open_workbook

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class NoticeResult:
    """What happened to one registrant row (one small object per row: no dict)."""

    row: int
    registrant: str
    status: str  # "written", "skipped" (row has errors) or "ready" (checked, not written)
    deadlines: Deadlines | None = None
    name: str = ""  # the file name, once planned
    folder: Path | None = None  # shared by all results; with ``name``, gives ``path``
    blanks: int = 0  # values the notice shows as a highlighted [●] to fill in
    form: str = ""  # the form the row names (10-K, ...)
    period: str = ""  # ISO date of the period
    edgar: str = ""  # with ``edgar``: the EDGAR .htm's name, once written

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
    problems: list[Problem] = field(default_factory=list)
    combined: Path | None = None  # the --combine document, when written
    pdfs: list[Path] = field(default_factory=list)  # PDFs made with --pdf
    sheet: str = ""  # the registrants sheet, once read
    stale: list[Stale] = field(default_factory=list)  # earlier notices no row wrote now
    removed: list[Path] = field(default_factory=list)  # of those, what ``clean`` removed
    archive: Path | None = None  # the .zip the notices went into, with ``archive``

    @property
    def written(self) -> list[NoticeResult]:
        return [n for n in self.notices if n.status == "written"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def available_variables(custom_columns: set[str]) -> set[str]:
    """Every variable a notice supplies, for checking a template before rendering."""
    return {c.key for c in COLUMNS} | set(DERIVED_VARIABLES) | custom_columns


def _plan(
    workbook: Path, template: CompiledTemplate, name_pattern: str | None,
    report: MergeReport, keep: Callable[[dict[str, Any]], None], strict: bool = False,
    cal: BusinessCalendar | None = None, signed: bool = True,
) -> list[NoticeResult]:
    """Pass 1: read and validate every row, fix every file name; nothing is written.

    Fills ``report`` (a result per row, every problem), hands each good row's
    template context to ``keep`` and returns the good rows' results.
    """
    planned: list[NoticeResult] = []
    seen: dict[tuple[str, str, str], int] = {}  # registrant, form, period -> first row
    with open_workbook(workbook) as book:
        # A custom column the template uses is no "unknown header": it is the point.
        used = {f"{letter}1" for variable, letter in book.custom_columns.items()
                if variable in template.variables}
        report.problems.extend(p for p in book.problems
                               if not (p.row == 1 and p.cell in used
                                       and p.severity is Severity.WARNING))
        report.sheet = book.sheet
        variables = available_variables(set(book.custom_columns))
        missing = template.missing(variables)
        if missing:
            raise TemplateError(
                f"{template.path}: uses {', '.join(missing)}, which the workbook does not "
                "supply; add a column with that header or remove the tag"
            )
        if name_pattern is not None:
            check_pattern(name_pattern, variables)
        for row in book.rows():
            notice, problems = validate_row(book.sheet, row, book.columns, book.contacts, cal)
            report.problems.extend(problems)
            if notice is None:
                name = row.cells.get("registrant_name")
                report.notices.append(NoticeResult(row.number, "" if name is None else
                                                   str(name.value or ""), "skipped"))
                continue
            report.problems.extend(_shape_problems(book.sheet, book.columns, notice, seen))
            context = build_context(notice, signed=signed)
            file = file_name(name_pattern, context) if name_pattern else ""
            result = NoticeResult(notice.row, notice.text["registrant_name"], "ready",
                                  notice.deadlines, file, blanks=len(notice.placeholders),
                                  form=notice.form, period=context["period"])
            report.notices.append(result)
            planned.append(result)
            keep(context)
    if strict:  # a blank shown as [●], or filled with an assumption, is an error
        report.problems = [
            replace(p, severity=Severity.ERROR, message=p.message.replace(
                "; the notice shows a highlighted [●] to fill in", "") + " (--strict)")
            if p.placeholder or p.assumed else p for p in report.problems
        ]
    report.problems.sort(key=Problem.sort_key)
    return planned


def _shape_problems(sheet: str, columns: dict[str, str], notice: Notice,
                    seen: dict[tuple[str, str, str], int]) -> list[Problem]:
    """The workbook's shape: the starter's example row left in, or two rows for one
    report (same registrant, form and period)."""
    name = notice.text["registrant_name"]
    cell = f"{columns['registrant_name']}{notice.row}"
    if name == EXAMPLE_REGISTRANT:
        return [Problem(notice.row, cell, sheet, Severity.WARNING, "example row not replaced: "
                        "this is docgen init's example; replace it with a registrant or "
                        "delete the row")]
    period = notice.dates["period_ended"] or notice.dates["transition_period_ended"]
    key = (" ".join(name.casefold().split()), notice.form, str(period))
    first = seen.setdefault(key, notice.row)
    if first == notice.row:
        return []
    return [Problem(notice.row, cell, sheet, Severity.WARNING,
                    f"same registrant, form and period as row {first}: two notices for one "
                    "report; delete one of the rows or correct it")]


def check(
    workbook: Path | str, *, template: Path | str | None = None, strict: bool = False,
    calendar: BusinessCalendar | None = None,
) -> MergeReport:
    """Validate every row of ``workbook`` against the template; write nothing.

    ``calendar`` adds a firm's own SEC closures (see :mod:`docgen.deadlines.business_days`).
    """
    workbook = Path(workbook)
    compiled = CompiledTemplate(Path(template) if template else bundled_template())
    report = MergeReport(workbook, Path())
    failures: dict[int, str] = {}

    def render(context: dict[str, Any]) -> None:
        """Every good row is rendered in memory, as merge would: what fails there fails here."""
        try:
            compiled.render_parts(context)
        except NoticeError as exc:
            failures[context["row"]] = str(exc)

    _plan(workbook, compiled, None, report, render, strict, calendar)
    for result in report.notices:
        if result.row in failures:
            _row_failed(report, result, failures[result.row])
    report.problems.sort(key=Problem.sort_key)
    return report


def _row_failed(report: MergeReport, result: NoticeResult, message: str) -> None:
    """A row that passed every check but cannot become a notice: an error of that row."""
    result.status = "skipped"
    report.problems.append(Problem(result.row, f"A{result.row}", report.sheet,
                                   Severity.ERROR, message))




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
    jobs: int | None = None,
    progress: Progress | None = None,
    calendar: BusinessCalendar | None = None,
    also_writes: Mapping[str, Path] | None = None,
    signed: bool = True,
    clean: bool = False,
    edgar: bool = False,
    archive: Path | str | None = None,
) -> MergeReport:
    """Merge every valid row of ``workbook`` into one .docx notice in ``out_dir``.

    Rows with errors are skipped and reported (``strict=True``: nothing is
    written if any row has an error). ``combine`` also writes all notices into
    one document; ``pdf`` makes a PDF beside each .docx with LibreOffice;
    ``jobs`` processes render large runs (default: one per core); ``calendar``
    adds a firm's own SEC closures to the deadlines; ``also_writes`` names the
    caller's other outputs (``{"--report": path}``) so that no output can be an
    input or another output; ``signed=False`` leaves the conformed signature (/s/)
    out of drafts that are not yet signed. Notices docgen wrote earlier into
    ``out_dir`` that no row wrote now are listed in ``report.stale``; ``clean``
    removes those nobody has edited since. ``edgar`` also writes each notice's
    EDGAR .htm beside it (:mod:`docgen.edgar`); a notice that cannot be filed as
    it stands (a ``[●]`` left) is an error of its row.
    ``archive`` writes the notices into that one .zip instead of ``out_dir`` (not
    with ``combine``, ``pdf`` or ``edgar``, which need the files).
    Raises :class:`~docgen.errors.DocgenError` subclasses for problems that stop
    the whole run, before anything is written where that can be known.
    """
    workbook, out = Path(workbook), Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NamePatternError(f"--out {out} is a file; give a folder for the notices")
    combined = Path(combine) if combine else None
    if combined is not None and combined.suffix.lower() != ".docx":
        raise NamePatternError(f"--combine {combined}: the name must end in .docx")
    if archive is not None and (combined is not None or pdf or edgar):
        raise NamePatternError("an archive of notices goes without --combine, --pdf and "
                               "--edgar, which need the notices as files")
    soffice = find_soffice() if pdf else None
    compiled = CompiledTemplate(Path(template) if template else bundled_template())
    report = MergeReport(workbook, out)
    with ContextSpool() as spool:  # the good rows' contexts, from pass 1 to pass 2
        planned = _plan(workbook, compiled, name_pattern, report, spool.append, strict,
                        calendar, signed)
        combined = _write_all(report, compiled, planned, spool, overwrite=overwrite,
                              strict=strict, combined=combined, pdf=pdf, jobs=jobs,
                              progress=progress, also_writes=also_writes or {}, edgar=edgar,
                              archive=Path(archive) if archive is not None else None)
    if archive is not None:
        return report
    if edgar:
        for row, message in write_edgar(report.written, overwrite, jobs).items():
            report.problems.append(Problem(row, "", report.sheet, Severity.ERROR, message))
        report.problems.sort(key=Problem.sort_key)
    if report.out_dir.is_dir():  # notices of earlier runs that no row wrote now
        ours = [report.out_dir / n.name for n in planned if n.name]  # written or failed
        report.stale = stale_notices(report.out_dir, ours + ([combined] if combined else []))
        report.removed = clean_stale(report.stale) if clean else []
    if combined is None and not pdf:
        return report
    documents = [n.path for n in planned if n.path is not None]
    if combined is not None and not documents:
        combined = None  # every row failed: nothing to combine
    if combined is not None:
        combined.parent.mkdir(parents=True, exist_ok=True)
        combine_documents(documents, combined)
        documents.append(combined)
    if pdf and documents:
        for folder in dict.fromkeys(d.parent for d in documents):
            convert_to_pdf([d for d in documents if d.parent == folder], soffice)
        report.pdfs = [d.with_suffix(".pdf") for d in documents]
    report.combined = combined
    return report


def _write_all(
    report: MergeReport, compiled: CompiledTemplate, planned: list[NoticeResult],
    contexts: ContextSpool, *, overwrite: bool, strict: bool, combined: Path | None,
    pdf: bool, jobs: int | None, progress: Progress | None, also_writes: Mapping[str, Path],
    edgar: bool = False, archive: Path | None = None,
) -> Path | None:
    """Pass 2: refuse to overwrite, then render and write every planned notice.

    Returns the combined document's path when one is to be made.
    """
    workbook, out = report.workbook, report.out_dir
    folder = os.fspath(out)  # plain strings: cheaper than Path objects, per notice
    header_errors = [p for p in report.errors if p.row == 1]
    if header_errors:
        raise RowErrors(f"{header_errors[0]}; nothing written", report.problems)
    if strict and report.errors:
        raise RowErrors(f"{len(report.errors)} error(s) in {workbook}; nothing written "
                        "(--strict)", report.problems)
    names = unique_names(p.name for p in planned)
    for result, name in zip(planned, names):
        result.name, result.folder = name, None if archive is not None else out
    if archive is not None:
        _write_archive(report, compiled, planned, contexts, archive, overwrite, progress,
                       {"workbook": workbook, "template": compiled.path, **also_writes})
        return None
    combined = combined if planned else None  # nothing to combine without notices
    outputs = [*also_writes.items(), *([("--combine", combined)] if combined else [])]
    if pdf:
        outputs += [("PDF", out / (name[:-5] + ".pdf")) for name in names]
        outputs += [("PDF", combined.with_suffix(".pdf"))] if combined else []
    if edgar:
        outputs += plan_edgar(planned, out)
    refuse_clashes({"workbook": workbook, "template": compiled.path}, outputs, out, names)
    if not overwrite:
        refuse_existing((os.path.join(folder, name) for name in names), "notices")
        refuse_existing([combined] if combined else [], "combined documents")
        if pdf:
            stems = [os.path.join(folder, name[:-5]) for name in names]
            stems += [os.path.splitext(combined)[0]] if combined else []
            refuse_existing((stem + ".pdf" for stem in stems), "PDFs")
            del stems
        if edgar:
            refuse_existing((out / p.edgar for p in planned), "EDGAR documents")
    out.mkdir(parents=True, exist_ok=True)
    name_of = {p.row: p.name for p in planned}
    tasks = ((c["row"], c, os.path.join(folder, name_of[c["row"]])) for c in contexts)
    write_notices(compiled, tasks, effective_jobs(jobs, len(planned)),
                  _recorder(report, planned, progress), exclusive=not overwrite)
    report.problems.sort(key=Problem.sort_key)
    return combined


def _recorder(report: MergeReport, planned: list[NoticeResult],
              progress: Progress | None) -> Callable[[int, str | None], None]:
    """What pass 2 calls after each notice: its status, its error, the progress."""
    result_of = {p.row: p for p in planned}
    count = 0

    def done(row: int, failure: str | None) -> None:
        nonlocal count
        result = result_of[row]
        if failure is None:
            result.status = "written"
        else:
            _row_failed(report, result, failure)
        count += 1
        if progress is not None:
            progress(count, len(planned))

    return done


def _write_archive(report: MergeReport, compiled: CompiledTemplate, planned: list[NoticeResult],
                   contexts: ContextSpool, archive: Path, overwrite: bool,
                   progress: Progress | None, inputs: Mapping[str, Path]) -> None:
    """Pass 2 into one zip (:mod:`docgen.archive`): the notices are never files."""
    refuse_clashes(inputs, [("archive", archive)])
    if not overwrite:
        refuse_existing([archive], "archives")
    archive.parent.mkdir(parents=True, exist_ok=True)
    name_of = {p.row: p.name for p in planned}
    zipped = NoticeArchive(archive, overwrite=overwrite)
    try:
        write_notices(compiled, ((c["row"], c, name_of[c["row"]]) for c in contexts), 1,
                      _recorder(report, planned, progress), sink=zipped.add)
        zipped.close()
    except BaseException:
        zipped.abort()
        raise
    report.archive = archive
    report.problems.sort(key=Problem.sort_key)
