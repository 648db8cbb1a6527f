"""Step 1 of the pipeline: read the registrants workbook.

Streams the sheet with :mod:`docgen.workbook.xlsx` (cached values, never formulas;
the file is opened read-only and never written; memory stays flat however many
rows there are), matches the header row to the known columns, reads the
optional Contacts sheet and yields one :class:`SheetRow` per non-blank data row.
Parsing cell values is the validator's job; this module only locates them and
says which cannot be read.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from lxml import etree

from docgen.errors import SelectionError, WorkbookError
from docgen.problems import Problem, Severity
from docgen.rules.schema import (
    ASSUMED,
    COLUMNS,
    COLUMNS_BY_KEY,
    CONTACT_HEADER_INDEX,
    CONTACTS_SHEET,
    REGISTRANTS_SHEET,
    custom_variable_name,
    match_header,
    normalize_header,
)
from docgen.values import cell_text, split_phone
from docgen.workbook.excel import column_letter
from docgen.workbook.selection import Selection, nothing_matched
from docgen.workbook.xlsx import Row, WorkbookLimitError, XlsxBook

_CONVERT_HINT = {
    ".xls": "an old Excel .xls file: open it in Excel or LibreOffice and save it as .xlsx",
    ".csv": "a CSV file: open it in Excel or LibreOffice and save it as .xlsx",
    ".ods": "an OpenDocument spreadsheet: in LibreOffice, File > Save As > Excel 2007-365 (.xlsx)",
    ".numbers": "a Numbers file: File > Export To > Excel",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RANGE = re.compile(r"[A-Z]+(\d+)(?::[A-Z]+(\d+))?")


class Cell(NamedTuple):
    """A cell's raw value and where it is (``C7``); a tuple: one is made per cell read."""

    value: Any
    ref: str
    unreadable: bool = False  # a formula without a saved result, or an Excel error


@dataclass
class SheetRow:
    """One data row: known columns by key, custom columns by variable name."""

    number: int
    cells: dict[str, Cell]
    custom: dict[str, Cell]
    problems: list[Problem] = field(default_factory=list)  # found by the sheet scan


@dataclass(frozen=True)
class Contact:
    name: str
    area_code: str
    telephone: str
    email: str = ""


@dataclass
class Workbook:
    """An open registrants workbook; iterate :meth:`rows` once."""

    path: Path
    sheet: str
    columns: dict[str, str]  # column key -> column letter
    custom_columns: dict[str, str]  # variable name -> column letter
    contacts: dict[str, Contact]
    problems: list[Problem] = field(default_factory=list)
    _book: XlsxBook | None = None
    # (column index, known key or None, custom variable or None, column letter)
    _positions: list[tuple[int, str | None, str | None, str]] = field(default_factory=list)
    _merged: list[tuple[str, int, int]] = field(default_factory=list)
    select: Selection | None = None  # only the rows it matches are read

    def rows(self) -> Iterator[SheetRow]:
        """Non-blank data rows in sheet order, streamed: each may be read only once.

        Only rows with cell elements are visited, so formatting that stretches
        the "used range" to row 1,048,576 costs a fast XML pass, not a million rows.
        """
        assert self._book is not None, "workbook is closed"
        chosen, seen, matched = self.select, 0, 0
        with reading(self.path):
            for item in self._book.rows(self.sheet):
                if item.number < 2:
                    continue
                if not item.flagged and not item.problem and all(
                        _blank(v) for v in item.values.values()):
                    continue
                seen += 1
                if chosen and not chosen.wants(item.number):
                    continue
                row = self._row(item)
                if chosen and not chosen.matches(row.number, row.cells, row.custom):
                    continue
                matched += 1
                yield row
        if chosen and not matched:
            raise nothing_matched(chosen, self.sheet, seen)

    def _row(self, item: Row) -> SheetRow:
        number = item.number
        row = SheetRow(number, {}, {})
        values, flagged, suffix = item.values, item.flagged, str(number)
        for index, key, custom, letter in self._positions:
            value = values.get(index)
            if value is not None and value.__class__ is str and not value.strip():
                value = None  # blank text is no value
            flag = flagged.get(index) if flagged else None
            ref = letter + suffix
            cell = _new_cell(Cell, (value, ref, flag is not None))
            if flag is None:
                pass
            elif flag.reason == "invalid":
                row.problems.append(Problem(number, ref, self.sheet, Severity.ERROR,
                                            flag.message))
            elif flag.reason == "uncached":
                row.problems.append(Problem(
                    number, ref, self.sheet, Severity.ERROR,
                    "formula has no saved result (the workbook was saved by a program that "
                    "does not calculate); open it in Excel or LibreOffice and save it again",
                ))
            else:
                row.problems.append(Problem(
                    number, ref, self.sheet, Severity.ERROR,
                    f"cell shows the Excel error {flag.reason}; fix the formula or type the "
                    "value",
                ))
            if key is not None:
                row.cells[key] = cell
            elif custom is not None:
                row.custom[custom] = cell
        if item.problem:
            row.problems.append(Problem(number, f"A{number}", self.sheet, Severity.ERROR,
                                        item.problem))
        if item.hidden:
            row.problems.append(Problem(
                number, f"A{number}", self.sheet, Severity.WARNING,
                "row is hidden; it is merged like any other (delete it if it is not a notice)",
            ))
        for text, first, last in self._merged:
            if first <= number <= last:
                row.problems.append(Problem(
                    number, text, self.sheet, Severity.ERROR,
                    "merged cells in a data row; unmerge them and fill each cell",
                ))
        return row

    def close(self) -> None:
        if self._book is not None:
            self._book.archive.close()
            self._book = None

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_new_cell = tuple.__new__  # Cell(...) without NamedTuple's Python-level __new__, per cell


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _open(path: Path) -> XlsxBook:
    if not path.exists():
        raise WorkbookError(f"{path}: no such file; check the path and try again")
    if path.is_dir():
        raise WorkbookError(f"{path}: is a folder; give the path of the .xlsx workbook")
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic == _OLE_MAGIC:
        raise WorkbookError(
            f"{path}: is password-protected or an old .xls workbook; remove the password "
            "(File > Info > Protect Workbook) or save it as .xlsx, then try again"
        )
    if _CONVERT_HINT.get(suffix):
        raise WorkbookError(f"{path}: is {_CONVERT_HINT[suffix]}, then try again")
    archive = zipfile.ZipFile(path) if zipfile.is_zipfile(path) else None
    if archive is None:
        raise WorkbookError(f"{path}: is not a readable .xlsx workbook (the file is damaged or "
                            "of another kind); re-save it from Excel as .xlsx")
    try:
        with reading(path):
            return XlsxBook(archive)
    except BaseException:
        archive.close()
        raise


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn whatever a damaged, hostile or unusual workbook raises into one line."""
    try:
        yield
    except WorkbookLimitError as exc:
        raise WorkbookError(f"{path}: {exc}") from None
    except etree.XMLSyntaxError as exc:
        raise WorkbookError(f"{path}: part of the workbook is not well-formed XML (line "
                            f"{exc.lineno}); re-save it from Excel as .xlsx") from None
    except NotImplementedError:
        raise WorkbookError(f"{path}: is compressed in a way docgen cannot read (for example "
                            "Deflate64); re-save it from Excel as .xlsx") from None
    except RuntimeError as exc:
        if "encrypted" not in str(exc) and "password" not in str(exc):
            raise
        raise WorkbookError(f"{path}: part of the workbook is encrypted; remove the password "
                            "and save it as .xlsx") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as exc:
        raise WorkbookError(
            f"{path}: is not a readable .xlsx workbook (the file is damaged or of another "
            f"kind: {type(exc).__name__}); re-save it from Excel as .xlsx") from None


def _header_row(book: XlsxBook, name: str) -> list[Any]:
    """Row 1's values from column A on ([] when row 1 is empty)."""
    for item in book.rows(name):
        if item.number != 1:
            return []
        width = max(item.values, default=-1) + 1
        return [item.values.get(i) for i in range(width)]
    return []


def _read_contacts(book: XlsxBook, problems: list[Problem]) -> dict[str, Contact]:
    names = {n.lower(): n for n in book.sheet_names}
    if CONTACTS_SHEET.lower() not in names:
        return {}
    sheet_name = names[CONTACTS_SHEET.lower()]
    header = _header_row(book, sheet_name)
    rows = (item.values for item in book.rows(sheet_name) if item.number > 1)
    where: dict[str, int] = {}
    for index, title in enumerate(header):
        key = CONTACT_HEADER_INDEX.get(normalize_header(str(title or "")))
        if key and key not in where:
            where[key] = index
    if "name" not in where:
        problems.append(Problem(1, "", sheet_name, Severity.WARNING,
                                "no 'Name' header; the Contacts sheet is ignored"))
        return {}

    def text(values: dict[int, Any], key: str) -> str:
        index = where.get(key)
        return cell_text(values.get(index))[0] if index is not None else ""

    contacts: dict[str, Contact] = {}
    for values in rows:
        name = text(values, "name")
        if name:
            area, phone = split_phone(text(values, "area_code"), text(values, "telephone"))
            contacts.setdefault(contact_key(name), Contact(name, area, phone,
                                                           text(values, "email")))
    return contacts


def contact_key(name: str) -> str:
    """Contacts match ignoring case and spaces."""
    return "".join(name.lower().split())


def open_workbook(path: Path, select: Selection | None = None) -> Workbook:
    """Open ``path`` and map its header row; raises :class:`WorkbookError` if unusable.

    ``select`` names the registrants sheet (default: Registrants, else the first) and
    keeps only the rows it matches (:mod:`docgen.workbook.selection`).
    """
    book = _open(path)
    try:
        with reading(path):
            opened = _map_sheet(path, book, select.sheet if select is not None else None)
        if select:
            select.check_columns([*opened.columns, *opened.custom_columns], opened.sheet)
            opened.select = select
        return opened
    except BaseException:
        book.archive.close()
        raise


def _map_sheet(path: Path, book: XlsxBook, wanted: str | None = None) -> Workbook:
    names = {n.lower(): n for n in book.sheet_names}
    if wanted is not None and wanted.strip().lower() not in names:
        raise SelectionError(f"--sheet {wanted}: {path} has no such sheet; its sheets are "
                             + ", ".join(book.sheet_names))
    sheet = names.get((wanted or REGISTRANTS_SHEET).strip().lower(), book.sheet_names[0])
    header = _header_row(book, sheet)
    problems: list[Problem] = []
    columns: dict[str, str] = {}
    custom: dict[str, str] = {}
    positions: list[tuple[int, str | None, str | None, str]] = []
    for index, title in enumerate(header):
        if title is None or not str(title).strip():
            continue
        letter = column_letter(index + 1)
        text = str(title).strip()
        key = match_header(text)
        if key is not None:
            if key in columns:
                problems.append(Problem(
                    1, f"{letter}1", sheet, Severity.ERROR,
                    f'header "{text}" repeats column {columns[key]}1; delete or rename one',
                ))
                continue
            columns[key] = letter
            positions.append((index, key, None, letter))
            continue
        variable = custom_variable_name(text)
        if not variable or variable in custom:
            problems.append(Problem(1, f"{letter}1", sheet, Severity.WARNING,
                                    f'header "{text}" cannot be used as a template variable; '
                                    "the column is ignored"))
            continue
        custom[variable] = letter
        positions.append((index, None, variable, letter))
        problems.append(Problem(
            1, f"{letter}1", sheet, Severity.WARNING,
            f'unknown header "{text}"; passed to the template as {{{{ {variable} }}}}',
        ))
    if not columns:
        what = "is empty" if not header else "has no known headers in row 1"
        raise WorkbookError(
            f"{path}: sheet {sheet} {what}; put the registrants on a sheet named "
            f"{REGISTRANTS_SHEET} with headers such as Registrant Name, Form, Period Ended "
            "in row 1 (run docgen init for a starter workbook, or see \"The workbook\" in "
            "docgen's README)"
        )
    missing = [c.header for c in COLUMNS if c.required and c.key not in columns]
    if "period_ended" not in columns and "transition_period_ended" not in columns:
        missing.append("Period Ended")
    if missing:
        raise WorkbookError(
            f"{path}: sheet {sheet} has no column for {', '.join(missing)}; add the "
            "header(s) to row 1 (see \"The workbook\" in docgen's README)"
        )
    for key, why in ASSUMED.items():
        if key not in columns:
            title = COLUMNS_BY_KEY[key].header
            core = why[why.index("docgen assumes"):why.rindex(". Type")]
            problems.append(Problem(1, "", sheet, Severity.WARNING,
                                    f"no {title} column, so on every row {core}; add the "
                                    "column and answer it for each row", assumed=True))
    contacts = _read_contacts(book, problems)
    merged = []
    for text in book.merged_ranges(sheet):
        match = _RANGE.fullmatch(text)
        if match:
            first = int(match.group(1))
            last = int(match.group(2) or first)
            if last >= 2:  # merges in the header row alone are harmless
                merged.append((text, max(first, 2), last))
    return Workbook(path, sheet, columns, custom, contacts, problems, book, positions, merged)
