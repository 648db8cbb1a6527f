"""The merge pipeline: read workbook -> validate rows -> build context -> render -> write.

:func:`merge` is docgen's public entry point; the CLI is a thin layer over it.
Everything that can be checked is checked before the first file is written:
the template compiles, every variable it uses can be filled, the file names
are valid and no existing file would be overwritten.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.engine.parallel import effective_jobs, write_notices
from docgen.engine.pass_two import recorder, row_failed, write_archive
from docgen.engine.plan import plan
from docgen.engine.results import MergeReport, NoticeResult
from docgen.engine.spool import ContextSpool
from docgen.engine.stale import clean as clean_stale
from docgen.engine.stale import stale_notices
from docgen.errors import NamePatternError, NoticeError, RowErrors
from docgen.files import existing_names, refuse_clashes, refuse_existing, unique_names
from docgen.options import MergeOptions
from docgen.outputs.pdf import convert as convert_to_pdf
from docgen.outputs.pdf import find_soffice
from docgen.problems import Problem, Severity
from docgen.template.render import CompiledTemplate, bundled_template

if TYPE_CHECKING:
    from docgen.engine.schedule import DeadlineRow
    from docgen.outputs.email_drafts import EmailDrafts

Progress = Callable[[int, int], None]


def _options(workbook: Path, options: MergeOptions | None, changes: dict[str, Any],
             closed: Sequence[str] = ()) -> MergeOptions:
    """``options`` (else the workbook's ``docgen.toml`` defaults, as the command line
    starts from) with ``changes``: today's keyword calls keep working."""
    if options is None:
        return MergeOptions.for_workbook(workbook, closed, **changes)
    return options.replace(**changes) if changes else options


def check(workbook: Path | str, options: MergeOptions | None = None,
          **changes: Any) -> MergeReport:
    """Validate every row of ``workbook`` against the template; write nothing.

    Every good row is rendered in memory, as :func:`merge` would render it: what fails
    there fails here. ``options`` (or the keywords of :class:`MergeOptions`:
    ``template``, ``strict``, ``calendar``, ``rows``, ``where``, ``sheet``) as for merge.
    """
    workbook = Path(workbook)
    chosen = _options(workbook, options, changes)
    compiled = CompiledTemplate(chosen.template or bundled_template())
    report = MergeReport(workbook, Path())
    failures: dict[int, str] = {}

    def render(context: dict[str, Any]) -> None:
        try:
            compiled.render_parts(context)
        except NoticeError as exc:
            failures[context["row"]] = str(exc)

    plan(workbook, compiled, None, report, render, chosen.strict, chosen.calendar,
         select=chosen.select)
    for result in report.notices:
        if result.row in failures:
            row_failed(report, result, failures[result.row])
    report.problems.sort(key=Problem.sort_key)
    return report


def merge(workbook: Path | str, options: MergeOptions | None = None, *,
          progress: Progress | None = None, pdf_progress: Progress | None = None,
          **changes: Any) -> MergeReport:
    """Merge every valid row of ``workbook`` into one .docx notice per row.

    ``options`` holds every choice (:class:`~docgen.options.MergeOptions`); without
    it, the ``docgen.toml`` that goes with the workbook gives the defaults, as on the
    command line. Any option may also be given as a keyword (``out_dir=``,
    ``template=``, ``combine=``, ``pdf=``, ``edgar=``, ``rows=``, ``where=``...), which
    changes ``options``. ``progress(done, total)`` and ``pdf_progress(done, total)``
    hear of the notices written and the PDFs made.

    Rows with errors are skipped and reported (``strict``: nothing is written if any
    row has an error). Notices docgen wrote earlier into ``out_dir`` that no row wrote
    now are listed in ``report.stale``; ``clean`` removes those nobody has edited
    since. ``dry_run`` only plans; ``skip_existing`` resumes an interrupted run.
    Raises :class:`~docgen.errors.DocgenError` subclasses for problems that stop the
    whole run, before anything is written where that can be known.
    """
    workbook = Path(workbook)
    o = _options(workbook, options, changes)
    out, also_writes, report_path = o.out_dir, dict(o.also_writes), o.report_path
    if report_path is not None:
        from docgen.outputs.report_file import check_report_path

        check_report_path(report_path, o.overwrite)
        also_writes["--report"] = report_path
    if out.exists() and not out.is_dir():
        raise NamePatternError(f"--out {out} is a file; give a folder for the notices")
    drafts = None
    if o.email_drafts is not None:
        from docgen.outputs.email_drafts import EmailDrafts

        drafts = EmailDrafts(o.email_drafts, o.email_template, o.overwrite)
    soffice = find_soffice() if o.pdf else None
    compiled = CompiledTemplate(o.template or bundled_template())
    report = MergeReport(workbook, out)
    combined = o.combine
    with ContextSpool() as spool:  # the good rows' contexts, from pass 1 to pass 2
        planned = plan(workbook, compiled, o.name_pattern, report, spool.append, o.strict,
                       o.calendar, o.signed, o.select,
                       drafts.check_variables if drafts is not None else None)
        combined = _write_all(report, compiled, planned, spool, overwrite=o.overwrite,
                              strict=o.strict, combined=combined, pdf=o.pdf, jobs=o.jobs,
                              progress=progress, also_writes=also_writes, edgar=o.edgar,
                              archive=o.archive, dry_run=o.dry_run,
                              skip_existing=o.skip_existing, drafts=drafts)
    if o.dry_run:
        return report
    if o.archive is not None:
        return _reported(report, report_path)
    if o.edgar:
        from docgen.edgar.batch import write_edgar

        for row, message in write_edgar(report.written, o.overwrite, o.jobs).items():
            report.problems.append(Problem(row, "", report.sheet, Severity.ERROR, message))
        report.problems.sort(key=Problem.sort_key)
    if drafts is not None:
        report.drafts = drafts.write(report)
    if report.out_dir.is_dir():  # notices of earlier runs that no row wrote now
        ours = [n.name for n in planned if n.name] + ([combined.name] if combined else [])
        report.stale = stale_notices(report.out_dir, ours)  # ours: written or failed
        report.removed = clean_stale(report.stale) if o.clean else []
    if combined is not None or o.pdf:
        _combine_and_convert(report, planned, combined, soffice if o.pdf else None, o.jobs,
                             pdf_progress)
    return _reported(report, report_path)


def _reported(report: MergeReport, path: Path | None) -> MergeReport:
    if path is not None:
        from docgen.outputs.report_file import write_report  # it reads MergeReport: no cycle here

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
        from docgen.outputs.combine import combine as combine_documents  # python-docx, docxcompose

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


def deadlines(workbook: Path | str, options: MergeOptions | None = None, *,
              today: dt.date | None = None, closed: Sequence[str] = (),
              **changes: Any) -> tuple[list[DeadlineRow], list[Problem]]:
    """Every chosen row's deadlines (``docgen deadlines``), as ``(rows, problems)``: the
    same validated-rows pass as :func:`check`, with the same ``docgen.toml`` closures
    (and ``closed`` for this call)."""
    from docgen.engine.schedule import deadline_rows

    workbook = Path(workbook)
    chosen = _options(workbook, options, changes, closed)
    return deadline_rows(workbook, today or dt.date.today(), chosen.calendar, chosen.select)
