"""The page's Merge: ``docgen.api`` in a worker thread, its files zipped for download.

The merge is the library's own call with the options the page chose, so the
notices, names and messages are exactly ``docgen merge``'s; progress is counted
into the job for the page to poll.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import threading
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docgen.api import merge
from docgen.engine.results import MergeReport
from docgen.engine.schedule import DeadlineRow, record
from docgen.errors import DocgenError
from docgen.options import MergeOptions
from docgen.outputs.report_file import write_report
from docgen.problems import grouped_lines, plural
from docgen.web.jobs import Cancelled, Job

# Already compressed (a .docx or .pdf is a zip or deflated); stored as is, not deflated again.
_STORED = (".docx", ".pdf")


def urgency(record: dict[str, Any]) -> tuple[int, int]:
    """Most urgent first: a deadline still ahead, fewest days left; then those passed;
    then rows without dates."""
    left = record.get("days_left")
    if left is None:
        return (2, 0)
    return (0, left) if left >= 0 else (1, -left)


def deadline_records(rows: Iterable[DeadlineRow], today: dt.date) -> list[dict[str, Any]]:
    """``docgen deadlines --format json``'s rows, most urgent first (as records, not
    written to JSON text and read back)."""
    return sorted((record(row) for row in rows), key=urgency)


def summary(report: MergeReport, options: dict[str, Any]) -> str:
    written = len(report.written)
    text = f"{plural(written, 'notice')} in notices.zip"
    if report.pdfs:
        text += f" with {plural(len(report.pdfs), 'PDF')}"
    if options.get("edgar"):
        text += f", {plural(sum(1 for n in report.written if n.edgar), 'EDGAR document')}"
    if report.combined is not None:
        text += "; all of them in all-notices.docx"
    if report.drafts:
        text += f"; {plural(len(report.drafts), 'review e-mail')} (unsent drafts)"
    skipped = len(report.notices) - written
    if skipped:
        text += f"; {plural(skipped, 'row')} skipped because of errors"
    return text + report.still_to_do()


def _extras(report: MergeReport) -> list[Path]:
    """What the download holds besides the notices: EDGAR documents, PDFs, the combined."""
    files = [n.path.parent / n.edgar for n in report.written if n.path is not None and n.edgar]
    files += report.pdfs + report.drafts
    if report.combined is not None:
        files.append(report.combined)
    return files


def _zip(files: list[Path], target: Path, report_csv: Path) -> None:
    with zipfile.ZipFile(target, "a" if target.exists() else "w") as archive:
        for path in dict.fromkeys(files):
            if path.is_file():
                method = zipfile.ZIP_STORED if path.suffix in _STORED else zipfile.ZIP_DEFLATED
                archive.write(path, path.name, compress_type=method)
        archive.write(report_csv, "report.csv", compress_type=zipfile.ZIP_DEFLATED)


# One server, one machine: at most one merge per core at once, and one making PDFs
# (it runs a LibreOffice per core), whatever the number of jobs. Others wait their turn.
_MERGES = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))
_PDF = threading.Lock()


def _run(job: Job, options: dict[str, Any], base: MergeOptions) -> None:
    try:
        with _MERGES, (_PDF if options.get("pdf") else contextlib.nullcontext()):
            job.check_cancelled()
            _merge(job, options, base)
    except Cancelled:
        pass
    finally:
        if job.cancelled.is_set():  # deleted meanwhile: nothing it wrote stays
            shutil.rmtree(job.folder, ignore_errors=True)
        job.finished.set()


def _merge(job: Job, options: dict[str, Any], base: MergeOptions) -> None:
    """The library's merge: straight into notices.zip when no option needs the notices
    as files (the usual case, and the fast one), else into a folder, then zipped."""
    out, archive = job.folder / "notices", job.folder / "notices.zip"
    as_files = any(options.get(k) for k in ("combine", "pdf", "edgar", "drafts"))
    archive.unlink(missing_ok=True)  # a second merge: one entry per file, not two

    def progress(done: int, total: int) -> None:
        job.check_cancelled()
        job.done, job.total = done, total

    def pdf_progress(_done: int, _total: int) -> None:
        job.check_cancelled()  # stops LibreOffice too (docgen.outputs.pdf stops every soffice)

    try:
        drafts = job.folder / "drafts" if options.get("drafts") else None
        if drafts is not None:
            shutil.rmtree(drafts, ignore_errors=True)  # a second merge: this one's drafts
        chosen = base.replace(
            out_dir=out, pdf=options["pdf"], edgar=options["edgar"], overwrite=True,
            combine=out / "all-notices.docx" if options["combine"] else None,
            archive=None if as_files else archive, report_path=None, email_drafts=drafts,
            dry_run=False, skip_existing=False, clean=False,
            signed=base.signed and not options.get("unsigned"),
            rows=str(options["rows"]) if options.get("rows") else base.rows)
        report = merge(job.workbook, chosen, progress=progress, pdf_progress=pdf_progress)
        report_csv = job.folder / "report.csv"
        write_report(report_csv, report)
        files = [n.path for n in report.written if n.path is not None] + _extras(report)
        _zip(files, archive, report_csv)
    except Cancelled:
        raise
    except DocgenError as exc:
        job.result = {"error": str(exc).replace(str(job.workbook), job.name).replace(
            str(job.folder) + "/", "")}
        job.status = "failed"
        return
    except Exception:
        job.result = {"error": "unexpected error during the merge; run docgen merge --debug "
                               "on the same workbook, and report it"}
        job.status = "failed"
        return
    job.notices = {n.row: (n.path or archive, n.name) for n in report.written}
    job.report, job.archive = report_csv, archive
    job.done = job.total = len(report.notices)
    job.result = {"summary": summary(report, options),
                  "lines": list(grouped_lines(report.problems)),
                  "written": len(report.written), "errors": report.error_count,
                  "warnings": report.warning_count}
    job.status = "merged"


def start_merge(job: Job, options: dict[str, Any], base: MergeOptions | None = None) -> bool:
    """Start merging in a thread; False when this job is already merging."""
    with job.lock:
        if job.status == "merging":
            return False
        job.status, job.done, job.result, job.archive = "merging", 0, {}, None
        job.finished.clear()
    threading.Thread(target=_run, args=(job, options, base or MergeOptions()),
                     daemon=True).start()
    return True
