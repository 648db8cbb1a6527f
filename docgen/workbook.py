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
from docgen.values import cell_text, split_phone

_CONVERT_HINT = {
    ".xls": "an old Excel .xls file: open it in Excel or LibreOffice and save it as .xlsx",
    ".csv": "a CSV file: open it in Excel or LibreOffice and save it as .xlsx",
    ".ods": "an OpenDocument spreadsheet: in LibreOffice, File > Save As > Excel 2007-365 (.xlsx)",
    ".numbers": "a Numbers file: File > Export To > Excel",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Cell:
    """A cell's raw value and where it is (``C7``)."""

    value: Any
    ref: str


@dataclass
class SheetRow:
    """One data row: known columns by key, custom columns by variable name."""

    number: int
    cells: dict[str, Cell]
    custom: dict[str, Cell]


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

    def rows(self) -> Iterator[SheetRow]:
        """Non-blank data rows in sheet order, read lazily."""
        sheet = self._book[self.sheet]
        for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            row = SheetRow(number, {}, {})
            for index, key, custom in self._positions:
                value = values[index] if index < len(values) else None
                cell = Cell(value, f"{get_column_letter(index + 1)}{number}")
                if key is not None:
                    row.cells[key] = cell
                elif custom is not None:
                    row.custom[custom] = cell
            yield row

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
    return Workbook(path, sheet, columns, custom, contacts, problems, book, positions)
