"""Step 1 of the pipeline: read the registrants workbook.

Opens the file read-only (values, not formulas; the file is never written),
matches the header row to the known columns, reads the optional Contacts sheet
and yields one :class:`SheetRow` per non-blank data row. Parsing cell values is
the validator's job; this module only locates them.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from docgen.errors import WorkbookError
from docgen.problems import Problem, Severity
from docgen.schema import (
    COLUMNS,
    CONTACT_HEADER_INDEX,
    CONTACTS_SHEET,
    REGISTRANTS_SHEET,
    custom_variable_name,
    match_header,
    normalize_header,
)
from docgen.sheetscan import SheetFacts, scan_sheet
from docgen.values import cell_text, split_phone

_CONVERT_HINT = {
    ".xls": "an old Excel .xls file: open it in Excel or LibreOffice and save it as .xlsx",
    ".csv": "a CSV file: open it in Excel or LibreOffice and save it as .xlsx",
    ".ods": "an OpenDocument spreadsheet: in LibreOffice, File > Save As > Excel 2007-365 (.xlsx)",
    ".numbers": "a Numbers file: File > Export To > Excel",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# A run of this many blank rows ends the sheet unless the XML shows values further down.
BLANK_RUN = 1000


@dataclass(frozen=True)
class Cell:
    """A cell's raw value and where it is (``C7``)."""

    value: Any
    ref: str
    uncached_formula: bool = False  # a formula saved without its result: value is unknown


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


@dataclass
class Workbook:
    """An open registrants workbook; iterate :meth:`rows` once."""

    path: Path
    sheet: str
    columns: dict[str, str]  # column key -> column letter
    custom_columns: dict[str, str]  # variable name -> column letter
    contacts: dict[str, Contact]
    problems: list[Problem] = field(default_factory=list)
    _book: Any = None
    _positions: list[tuple[int, str | None, str | None]] = field(default_factory=list)
    _facts: SheetFacts = field(default_factory=SheetFacts)

    def rows(self) -> Iterator[SheetRow]:
        """Non-blank data rows in sheet order, read lazily.

        A run of :data:`BLANK_RUN` blank rows ends the read unless the sheet XML
        shows a value further down, in which case reading resumes there.
        """
        sheet = self._book[self.sheet]
        start = 2
        while True:
            blank_run, resume = 0, None
            for number, values in enumerate(
                sheet.iter_rows(min_row=start, values_only=True), start=start
            ):
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    blank_run += 1
                    if blank_run >= BLANK_RUN:
                        resume = self._facts.next_value_row(number)
                        break
                    continue
                blank_run = 0
                yield self._row(number, values)
            if resume is None:
                return
            start = resume

    def _row(self, number: int, values: tuple[Any, ...]) -> SheetRow:
        row = SheetRow(number, {}, {})
        facts = self._facts
        for index, key, custom in self._positions:
            value = values[index] if index < len(values) else None
            ref = f"{get_column_letter(index + 1)}{number}"
            cell = Cell(value, ref, value is None and ref in facts.uncached_formulas)
            if cell.uncached_formula:
                row.problems.append(Problem(
                    number, ref, self.sheet, Severity.ERROR,
                    "formula has no saved result (the workbook was saved by a program that "
                    "does not calculate); open it in Excel or LibreOffice and save it again",
                ))
            if key is not None:
                row.cells[key] = cell
            elif custom is not None:
                row.custom[custom] = cell
        if number in facts.hidden_rows:
            row.problems.append(Problem(
                number, f"A{number}", self.sheet, Severity.WARNING,
                "row is hidden; it is merged like any other (delete it if it is not a notice)",
            ))
        for text, first, last in facts.merged:
            if first <= number <= last and last >= 2:
                row.problems.append(Problem(
                    number, text, self.sheet, Severity.ERROR,
                    "merged cells in a data row; unmerge them and fill each cell",
                ))
        return row

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
            self._book = None

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open(path: Path) -> Any:
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
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise WorkbookError(
            f"{path}: is not a readable .xlsx workbook (the file is damaged or of "
            f"another kind: {type(exc).__name__}); re-save it from Excel as .xlsx"
        ) from None


def _header_row(book: Any, name: str) -> list[Any]:
    for values in book[name].iter_rows(min_row=1, max_row=1, values_only=True):
        return list(values)
    return []


def _read_contacts(book: Any, problems: list[Problem]) -> dict[str, Contact]:
    names = {n.lower(): n for n in book.sheetnames}
    if CONTACTS_SHEET.lower() not in names:
        return {}
    sheet_name = names[CONTACTS_SHEET.lower()]
    rows = book[sheet_name].iter_rows(values_only=True)
    header = next(rows, None) or ()
    where: dict[str, int] = {}
    for index, title in enumerate(header):
        key = CONTACT_HEADER_INDEX.get(normalize_header(str(title or "")))
        if key and key not in where:
            where[key] = index
    if "name" not in where:
        problems.append(Problem(1, "", sheet_name, Severity.WARNING,
                                "no 'Name' header; the Contacts sheet is ignored"))
        return {}

    def text(values: tuple[Any, ...], key: str) -> str:
        index = where.get(key)
        return cell_text(values[index])[0] if index is not None and index < len(values) else ""

    contacts: dict[str, Contact] = {}
    for values in rows:
        name = text(values, "name")
        if name:
            area, phone = split_phone(text(values, "area_code"), text(values, "telephone"))
            contacts.setdefault(contact_key(name), Contact(name, area, phone))
    return contacts


def contact_key(name: str) -> str:
    """Contacts match ignoring case and spaces."""
    return "".join(name.lower().split())


def open_workbook(path: Path) -> Workbook:
    """Open ``path`` and map its header row; raises :class:`WorkbookError` if unusable."""
    book = _open(path)
    try:
        return _map_sheet(path, book)
    except BaseException:
        book.close()
        raise


def _map_sheet(path: Path, book: Any) -> Workbook:
    names = {n.lower(): n for n in book.sheetnames}
    sheet = names.get(REGISTRANTS_SHEET.lower(), book.sheetnames[0])
    header = _header_row(book, sheet)
    problems: list[Problem] = []
    columns: dict[str, str] = {}
    custom: dict[str, str] = {}
    positions: list[tuple[int, str | None, str | None]] = []
    for index, title in enumerate(header):
        if title is None or not str(title).strip():
            continue
        letter = get_column_letter(index + 1)
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
            positions.append((index, key, None))
            continue
        variable = custom_variable_name(text)
        if not variable or variable in custom:
            problems.append(Problem(1, f"{letter}1", sheet, Severity.WARNING,
                                    f'header "{text}" cannot be used as a template variable; '
                                    "the column is ignored"))
            continue
        custom[variable] = letter
        positions.append((index, None, variable))
        problems.append(Problem(
            1, f"{letter}1", sheet, Severity.WARNING,
            f'unknown header "{text}"; passed to the template as {{{{ {variable} }}}}',
        ))
    if not columns:
        what = "is empty" if not header else "has no known headers in row 1"
        raise WorkbookError(
            f"{path}: sheet {sheet} {what}; put the registrants on a sheet named "
            f"{REGISTRANTS_SHEET} with headers such as Registrant Name, Form, Period Ended "
            "in row 1 (see docs/workbook-format.md, or run docgen init)"
        )
    missing = [c.header for c in COLUMNS if c.required and c.key not in columns]
    if "period_ended" not in columns and "transition_period_ended" not in columns:
        missing.append("Period Ended")
    if missing:
        raise WorkbookError(
            f"{path}: sheet {sheet} has no column for {', '.join(missing)}; add the "
            "header(s) to row 1 (see docs/workbook-format.md)"
        )
    contacts = _read_contacts(book, problems)
    facts = _scan(book, sheet)
    return Workbook(path, sheet, columns, custom, contacts, problems, book, positions, facts)


def _scan(book: Any, sheet: str) -> SheetFacts:
    """Hidden rows, merged cells and uncached formulas (see :mod:`docgen.sheetscan`)."""
    archive = getattr(book, "_archive", None)
    part = getattr(book[sheet], "_worksheet_path", None)
    if archive is None or part is None:  # pragma: no cover - other openpyxl internals
        return SheetFacts()
    return scan_sheet(archive, part)
