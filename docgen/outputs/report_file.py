"""`docgen merge --report FILE`: one line per input row, as .csv or .xlsx."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from docgen.engine.results import MergeReport
from docgen.errors import OutputExistsError, ReportFormatError
from docgen.files import write_atomic
from docgen.outputs.xlsx_tidy import excel_ready
from docgen.problems import Severity
from docgen.rules.submission import submission_type
from docgen.values import csv_safe

HEADERS = ("Row", "Registrant", "Output File", "Status", "Errors", "Warnings", "Due Date",
           "NT Due", "Extended Due", "Deadlines", "EDGAR File", "EDGAR Submission Type")
FORMATS = (".csv", ".xlsx")


def check_report_path(path: Path, overwrite: bool) -> None:
    """Refuse a bad --report before anything is written."""
    if path.suffix.lower() not in FORMATS:
        raise ReportFormatError(f"--report {path}: the name must end in .csv or .xlsx")
    if path.exists() and not overwrite:
        raise OutputExistsError(f"--report {path} already exists; nothing written. Give "
                                "another --report name, or --overwrite (which also replaces "
                                "existing notices)")
    if path.parent.exists() and not path.parent.is_dir():
        raise ReportFormatError(f"--report {path}: {path.parent} is a file, not a folder")
    path.parent.mkdir(parents=True, exist_ok=True)  # as --combine does


def _rows(report: MergeReport) -> list[list[object]]:
    by_row: dict[int, dict[Severity, list[str]]] = {}
    for problem in report.problems:
        messages = by_row.setdefault(problem.row, {Severity.ERROR: [], Severity.WARNING: []})
        messages[problem.severity].append(f"{problem.location}: {problem.message}")
    lines: list[list[object]] = []
    for notice in report.notices:
        found = by_row.get(notice.row, {Severity.ERROR: [], Severity.WARNING: []})
        d = notice.deadlines
        lines.append([
            notice.row, notice.registrant, notice.path.name if notice.path else "",
            notice.status, "\n".join(found[Severity.ERROR]), "\n".join(found[Severity.WARNING]),
            d.due if d else None, d.nt_due if d else None, d.extended_due if d else None,
            "" if d is None else "; ".join((d.certainty, *d.unconfirmed)),
            notice.edgar, _submission(notice.form, notice.amendment),
        ])
    return lines


def _submission(form: str, amendment: str) -> str:
    if not form:
        return ""
    kind, note = submission_type(form, amended=bool(amendment))
    return f"{kind} ({note})" if note else kind


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # Excel's ST_Xstring escape
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _storable(value: object) -> object:
    """Text a report format can hold: characters XML forbids (and lone surrogates) become
    U+FFFD, so writing the report can never fail after the notices are written."""
    if isinstance(value, str) and _NOT_XML.search(value):
        return _NOT_XML.sub("\ufffd", value)
    return value


def write_report(path: Path, report: MergeReport) -> int:
    """Write the report atomically, in the format its extension names.

    Returns how many values held characters the report cannot hold (shown as U+FFFD).
    """
    raw = _rows(report)
    lines = [[_storable(v) for v in line] for line in raw]
    changed = sum(v is not r for line, before in zip(lines, raw) for v, r in zip(line, before))
    if path.suffix.lower() == ".csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADERS)
        writer.writerows([[v.isoformat() if hasattr(v, "isoformat") else
                           ("" if v is None else csv_safe(v)) for v in line] for line in lines])
        write_atomic(path, out.getvalue().encode("utf-8-sig"))  # BOM: Excel reads UTF-8
        return changed
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "Merge Report"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append([_ESCAPE.sub(r"_x005F_x\1_", v) if isinstance(v, str) else v
                      for v in line])  # text "_x0041_" stays text, not "A", in Excel
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it starts with "="
    for row in sheet.iter_rows(min_row=2, min_col=7, max_col=9):
        for cell in row:
            cell.number_format = "mmmm d, yyyy"
    for letter, width in zip("ABCDEFGHIJKL", (6, 40, 50, 10, 60, 60, 18, 18, 18, 60, 32, 24)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(path, excel_ready(buffer.getvalue()))
    return changed
