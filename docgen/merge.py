"""The merge pipeline: read workbook -> validate rows -> build context -> render -> write.

:func:`merge` is docgen's public entry point; the CLI is a thin layer over it.
Everything that can be checked is checked before the first file is written:
the template compiles, every variable it uses can be filled, the file names
are valid and no existing file would be overwritten.
"""

from __future__ import annotations

import hashlib
import os
import sys as _sys
import types as _types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.context import DERIVED_VARIABLES, build_context
from docgen.deadlines.business_days import BusinessCalendar
from docgen.errors import NoticeError, RowErrors, TemplateError
from docgen.output import (
    DEFAULT_NAME,
    NamePatternError,
    blank_fields,
    check_pattern,
    existing_names,
    file_name,
    refuse_clashes,
    refuse_existing,
    unique_names,
)
from docgen.parallel import effective_jobs, write_notices
from docgen.pass_two import recorder, row_failed, write_archive
from docgen.pdf import convert as convert_to_pdf
from docgen.pdf import find_soffice
from docgen.problems import Problem, ProblemLog, Severity
from docgen.results import MergeReport, NoticeResult
from docgen.schema import COLUMNS, EXAMPLE_REGISTRANT
from docgen.selection import Selection, selection
from docgen.spool import ContextSpool
from docgen.stale import clean as clean_stale
from docgen.stale import stale_notices
from docgen.template.render import CompiledTemplate, bundled_template
from docgen.validate import Notice, validate_row
from docgen.workbook import open_workbook

if TYPE_CHECKING:
    from docgen.email_drafts import EmailDrafts

Progress = Callable[[int, int], None]


def available_variables(custom_columns: set[str]) -> set[str]:
    """Every variable a notice supplies, for checking a template before rendering."""
    return {c.key for c in COLUMNS} | set(DERIVED_VARIABLES) | custom_columns


def _plan(
    workbook: Path, template: CompiledTemplate, name_pattern: str | None,
    report: MergeReport, keep: Callable[[dict[str, Any]], None], strict: bool = False,
    cal: BusinessCalendar | None = None, signed: bool = True, select: Selection | None = None,
    check_variables: Callable[[set[str]], None] | None = None,
) -> list[NoticeResult]:
    """Pass 1: read and validate every row, fix every file name; nothing is written.

    Fills ``report`` (a result per row, every problem), hands each good row's
    template context to ``keep`` and returns the good rows' results.
    """
    planned: list[NoticeResult] = []
    seen: dict[bytes, int] = {}  # digest of (registrant, form, period, amendment) -> row
    with open_workbook(workbook, select) as book:
        # A custom column the template uses is no "unknown header": it is the point.
        used = {f"{letter}1" for variable, letter in book.custom_columns.items()
                if variable in template.variables}
        report.problems.extend(p for p in book.problems
                               if not (p.row == 1 and p.cell in used
                                       and p.severity is Severity.WARNING))
        report.sheet, report.columns = book.sheet, dict(book.columns)
        variables = available_variables(set(book.custom_columns))
        missing = template.missing(variables)
        if missing:
            raise TemplateError(
                f"{template.path}: uses {', '.join(missing)}, which the workbook does not "
                "supply; add a column with that header or remove the tag"
            )
        if name_pattern is not None:
            check_pattern(name_pattern, variables)
        if check_variables is not None:  # the e-mail template's, before anything is written
            check_variables(variables)
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
            if name_pattern:
                report.problems += _blank_name_fields(book.sheet, book.columns, name_pattern,
                                                      context, file)
            result = NoticeResult(notice.row, notice.text["registrant_name"], "ready",
                                  notice.deadlines, file, blanks=len(notice.placeholders),
                                  form=notice.form, period=context["period"],
                                  amendment=notice.text.get("amendment", ""))
            report.notices.append(result)
            planned.append(result)
            keep(context)
    if strict:  # a blank shown as [●], or filled with an assumption, is an error
        report.problems = ProblemLog(
            replace(p, severity=Severity.ERROR, message=p.message.replace(
                "; the notice shows a highlighted [●] to fill in", "") + " (--strict)")
            if p.placeholder or p.assumed else p for p in report.problems
        )
    report.problems.sort(key=Problem.sort_key)
    return planned


def _blank_name_fields(sheet: str, columns: dict[str, str], pattern: str,
                      context: dict[str, Any], file: str) -> list[Problem]:
    """A --name field blank on this row: the file name lacks it, and names may clash
    (then "-2" is added). Said at the cell; an error under --strict."""
    found = []
    for field_name in blank_fields(pattern, context):
        letter = columns.get(field_name) or columns["registrant_name"]
        found.append(Problem(
            int(context["row"]), f"{letter}{context['row']}", sheet, Severity.WARNING,
            f"--name {{{field_name}}} is blank in this row, so the file name {file} lacks it; "
            "fill in the cell or use another --name pattern", assumed=True))
    return found


def _shape_problems(sheet: str, columns: dict[str, str], notice: Notice,
                    seen: dict[bytes, int]) -> list[Problem]:
    """The workbook's shape: the starter's example row left in, or two rows for one
    report (same registrant, form and period)."""
    name = notice.text["registrant_name"]
    cell = f"{columns['registrant_name']}{notice.row}"
    if name == EXAMPLE_REGISTRANT:
        return [Problem(notice.row, cell, sheet, Severity.WARNING, "example row not replaced: "
                        "this is docgen init's example; replace it with a registrant or "
                        "delete the row")]
    period = notice.dates["period_ended"] or notice.dates["transition_period_ended"]
    key = "\0".join((" ".join(name.casefold().split()), notice.form, str(period),
                     notice.text.get("amendment", "")))
    # A 16-byte digest, not the strings: 10,000 rows then hold 1.5 MB less while read.
    first = seen.setdefault(hashlib.blake2b(key.encode(), digest_size=16).digest(), notice.row)
    if first == notice.row:
        return []
    return [Problem(notice.row, cell, sheet, Severity.WARNING,
                    f"same registrant, form and period as row {first}: two notices for one "
                    "report; delete one of the rows or correct it")]


def check(
    workbook: Path | str, *, template: Path | str | None = None, strict: bool = False,
    calendar: BusinessCalendar | None = None, sheet: str | None = None,
    rows: str | None = None, where: Sequence[str] = (),
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

    _plan(workbook, compiled, None, report, render, strict, calendar,
          select=selection(rows, where, sheet))
    for result in report.notices:
        if result.row in failures:
            row_failed(report, result, failures[result.row])
    report.problems.sort(key=Problem.sort_key)
    return report


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
    sheet: str | None = None,
    rows: str | None = None,
    where: Sequence[str] = (),
    report_path: Path | str | None = None,
    dry_run: bool = False,
    skip_existing: bool = False,
    email_drafts: Path | str | None = None,
    email_template: Path | str | None = None,
    pdf_progress: Progress | None = None,
) -> MergeReport:
    """Merge every valid row of ``workbook`` into one .docx notice in ``out_dir``.

    Rows with errors are skipped and reported (``strict=True``: nothing is
    written if any row has an error). ``combine`` also writes all notices into
    one document; ``pdf`` makes a PDF beside each .docx with LibreOffice;
    ``jobs`` processes render large runs (default: one per core); ``calendar``
    adds a firm's own SEC closures to the deadlines; ``progress(done, total)`` and
    ``pdf_progress(done, total)`` hear of the notices written and the PDFs made;
    ``also_writes`` names the caller's other outputs (``{"--report": path}``) so
    that no output can be an input or another output; ``signed=False`` leaves the
    conformed signature (/s/) out of drafts that are not yet signed. Notices docgen
    wrote earlier into ``out_dir`` that no row wrote now are listed in
    ``report.stale``; ``clean`` removes those nobody has edited since. ``edgar``
    also writes each notice's EDGAR .htm beside it (:mod:`docgen.edgar`); a notice
    that cannot be filed as it stands (a ``[●]`` left) is an error of its row.
    ``archive`` writes the notices into that one .zip instead of ``out_dir`` (not
    with ``combine``, ``pdf`` or ``edgar``, which need the files). ``sheet``, ``rows``
    (``"2-5,9"``) and ``where`` (``["Form=10-Q"]``) choose the rows, as on the command
    line (:mod:`docgen.selection`); ``report_path`` also writes the ``--report`` file.
    ``dry_run`` only plans: each result's status is "planned" or "exists", nothing is
    written. ``skip_existing`` leaves notices that are already there (status "exists")
    and writes the rest: how an interrupted run is resumed. ``email_drafts`` writes an
    unsent review e-mail per notice into that folder (:mod:`docgen.email_drafts`),
    from ``email_template`` or the default.
    Raises :class:`~docgen.errors.DocgenError` subclasses for problems that stop
    the whole run, before anything is written where that can be known.
    """
    workbook, out = Path(workbook), Path(out_dir)
    if report_path is not None:
        from docgen.report_file import check_report_path

        report_path = Path(report_path)
        check_report_path(report_path, overwrite)
        also_writes = {**(also_writes or {}), "--report": report_path}
    if out.exists() and not out.is_dir():
        raise NamePatternError(f"--out {out} is a file; give a folder for the notices")
    combined = Path(combine) if combine else None
    if combined is not None and combined.suffix.lower() != ".docx":
        raise NamePatternError(f"--combine {combined}: the name must end in .docx")
    if skip_existing and combined is not None:
        raise NamePatternError("--skip-existing goes without --combine (the combined "
                               "document would lack the notices left as they were)")
    drafts = None
    if email_drafts is not None:
        from docgen.email_drafts import EmailDrafts

        drafts = EmailDrafts(Path(email_drafts), Path(email_template) if email_template
                             else None, overwrite)
    if archive is not None and (combined is not None or pdf or edgar or drafts):
        raise NamePatternError("an archive of notices goes without --combine, --pdf and "
                               "--edgar, which need the notices as files")
    soffice = find_soffice() if pdf else None
    compiled = CompiledTemplate(Path(template) if template else bundled_template())
    report = MergeReport(workbook, out)
    with ContextSpool() as spool:  # the good rows' contexts, from pass 1 to pass 2
        planned = _plan(workbook, compiled, name_pattern, report, spool.append, strict,
                        calendar, signed, selection(rows, where, sheet),
                        drafts.check_variables if drafts is not None else None)
        combined = _write_all(report, compiled, planned, spool, overwrite=overwrite,
                              strict=strict, combined=combined, pdf=pdf, jobs=jobs,
                              progress=progress, also_writes=also_writes or {}, edgar=edgar,
                              archive=Path(archive) if archive is not None else None,
                              dry_run=dry_run, skip_existing=skip_existing,
                              drafts=drafts)
    if dry_run:
        return report
    if archive is not None:
        return _reported(report, report_path)
    if edgar:
        from docgen.edgar.batch import write_edgar

        for row, message in write_edgar(report.written, overwrite, jobs).items():
            report.problems.append(Problem(row, "", report.sheet, Severity.ERROR, message))
        report.problems.sort(key=Problem.sort_key)
    if drafts is not None:
        report.drafts = drafts.write(report)
    if report.out_dir.is_dir():  # notices of earlier runs that no row wrote now
        ours = [n.name for n in planned if n.name] + ([combined.name] if combined else [])
        report.stale = stale_notices(report.out_dir, ours)  # ours: written or failed
        report.removed = clean_stale(report.stale) if clean else []
    if combined is not None or pdf:
        _combine_and_convert(report, planned, combined, soffice if pdf else None, jobs,
                             pdf_progress)
    return _reported(report, report_path)


def _reported(report: MergeReport, path: Path | None) -> MergeReport:
    if path is not None:
        from docgen.report_file import write_report  # it reads MergeReport: no cycle here

        report.unstorable = write_report(path, report)
    return report


def _offset(progress: Progress | None, before: int, total: int) -> Progress | None:
    """``progress`` for one folder's PDFs, counted with those of the folders before."""
    if progress is None:
        return None
    return lambda made, _share: progress(before + made, total)


def _combine_and_convert(report: MergeReport, planned: list[NoticeResult],
                         combined: Path | None, soffice: str | None,
                         jobs: int | None = None, progress: Progress | None = None) -> None:
    """``--combine`` and ``--pdf``, once every notice is written."""
    documents = [n.path for n in planned if n.path is not None]
    if combined is not None and not documents:
        combined = None  # every row failed: nothing to combine
    if combined is not None:
        from docgen.combine import combine as combine_documents  # python-docx, docxcompose

        combined.parent.mkdir(parents=True, exist_ok=True)
        combine_documents(documents, combined)
        documents.append(combined)
    if soffice is not None and documents:
        folders = list(dict.fromkeys(d.parent for d in documents))  # the combined one's too
        done = 0
        for folder in folders:
            share = [d for d in documents if d.parent == folder]
            convert_to_pdf(share, soffice, jobs, _offset(progress, done, len(documents)))
            done += len(share)
        report.pdfs = [d.with_suffix(".pdf") for d in documents]
    report.combined = combined


def _write_all(
    report: MergeReport, compiled: CompiledTemplate, planned: list[NoticeResult],
    contexts: ContextSpool, *, overwrite: bool, strict: bool, combined: Path | None,
    pdf: bool, jobs: int | None, progress: Progress | None, also_writes: Mapping[str, Path],
    edgar: bool = False, archive: Path | None = None, dry_run: bool = False,
    skip_existing: bool = False, drafts: EmailDrafts | None = None,
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
    everything = planned
    for result, name in zip(planned, names):
        result.name, result.folder = name, None if archive is not None else out
    if dry_run or skip_existing:
        there = existing_names(out, names) if archive is None else set()
        for result in planned:
            result.status = "exists" if result.name in there else (
                "planned" if dry_run else result.status)
        if dry_run:
            return None
        planned = [p for p in planned if p.status != "exists"]
        names = [p.name for p in planned]
    if archive is not None:
        write_archive(report, compiled, planned, contexts, archive, overwrite, progress,
                       {"workbook": workbook, "template": compiled.path, **also_writes})
        return None
    combined = combined if planned else None  # nothing to combine without notices
    outputs = [*also_writes.items(), *([("--combine", combined)] if combined else [])]
    if pdf:
        outputs += [("PDF", out / (name[:-5] + ".pdf")) for name in names]
        outputs += [("PDF", combined.with_suffix(".pdf"))] if combined else []
    if edgar:
        from docgen.edgar.batch import plan_edgar

        outputs += plan_edgar(planned, out)
    eml = [drafts.folder / (name[:-5] + ".eml") for name in names] if drafts else []
    outputs += [("e-mail draft", path) for path in eml]
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
        refuse_existing(eml, "e-mail drafts")
    out.mkdir(parents=True, exist_ok=True)
    source = contexts if drafts is None else _observed(contexts, drafts.observe)
    # The contexts are in the order of the planned results (pass 1 kept both).
    tasks = ((c["row"], c, os.path.join(folder, p.name)) for c, p in zip(source, everything)
             if p.status != "exists")
    write_notices(compiled, tasks, effective_jobs(jobs, len(planned)),
                  recorder(report, planned, progress), exclusive=not overwrite)
    report.problems.sort(key=Problem.sort_key)
    return combined




def _observed(contexts: Iterable[dict[str, Any]],
              observe: Callable[[dict[str, Any]], None]) -> Iterator[dict[str, Any]]:
    """The contexts, each shown to ``observe`` first (the e-mail drafts render there)."""
    for context in contexts:
        observe(context)
        yield context


class _CallableModule(_types.ModuleType):
    """``docgen.merge`` is both this module and the function: importing the module (which
    Python then sets as the package's ``merge``) must not hide the function."""

    def __call__(self, *args: Any, **kwargs: Any) -> MergeReport:
        return merge(*args, **kwargs)


_sys.modules[__name__].__class__ = _CallableModule
