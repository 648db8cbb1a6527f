"""The bad-workbook corpus: one broken workbook (or template) per kind of mistake.

Built by code, not kept as binaries: ``python tests/bad_workbooks/corpus.py DIR``
writes every case into DIR for a look in Excel; the tests build them in a temp
folder. Each case says what ``docgen check`` must print and which exit codes
``check`` and ``merge`` must give.
"""

from __future__ import annotations

import atexit
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook, load_workbook

from conftest import GOOD_ROW, write_workbook


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], Path]  # writes the workbook into a folder, returns its path
    expect: tuple[str, ...]  # lines (or line starts) `docgen check` must print
    check_exit: int
    merge_exit: int
    written: int = 0  # notices `docgen merge` writes (good rows only)
    template: Callable[[Path], Path] | None = None


def row(**changes: object) -> dict[str, object]:
    return {k: v for k, v in {**GOOD_ROW, **changes}.items() if v is not ...}


def one_row(name: str, **changes: object) -> Callable[[Path], Path]:
    """A workbook with a good row 2 and the changed row 3."""
    return lambda folder: write_workbook(folder / f"{name}.xlsx", [GOOD_ROW, row(**changes)])


def raw_bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path
    return build


def _patch_sheet(path: Path, change: Callable[[str], str]) -> Path:
    """Rewrite the first worksheet's XML (for what openpyxl cannot write)."""
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = change(parts[sheet].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def empty_sheet(folder: Path) -> Path:
    book = Workbook()
    book.active.title = "Registrants"
    path = folder / "empty.xlsx"
    book.save(path)
    return path


def no_header_row(folder: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Registrants"
    sheet.append(list(row().values()))  # data in row 1, no headers
    path = folder / "no-header.xlsx"
    book.save(path)
    return path


def formula_without_result(folder: Path) -> Path:
    path = write_workbook(folder / "formula.xlsx", [GOOD_ROW, row()])
    book = load_workbook(path)
    book["Registrants"]["A3"] = '=CONCAT("Formula ", "Corp.")'  # openpyxl saves no result
    book.save(path)
    return path


def hidden_row(folder: Path) -> Path:
    path = write_workbook(folder / "hidden.xlsx", [GOOD_ROW, row()])
    book = load_workbook(path)
    book["Registrants"].row_dimensions[3].hidden = True
    book.save(path)
    return path


def merged_cells(folder: Path) -> Path:
    path = write_workbook(folder / "merged.xlsx", [GOOD_ROW, row()])
    book = load_workbook(path)
    book["Registrants"].merge_cells("A3:B3")
    book.save(path)
    return path


def control_characters(folder: Path) -> Path:
    # Excel stores a pasted BEL character as _x0007_; docgen must drop it, not corrupt.
    path = write_workbook(folder / "control.xlsx", [GOOD_ROW, row(Narrative="Late.MARK")])
    return _patch_sheet(path, lambda xml: xml.replace("Late.MARK", "Late._x0007_"))


_BUILT: dict[str, Path] = {}


def formatted_to_the_last_row(folder: Path) -> Path:
    """Data, then formatting on every row to 1,048,576 (Excel's "used range" trap): built
    once per test run (it takes seconds), copied for each test that asks."""
    if "huge" not in _BUILT or not _BUILT["huge"].exists():
        cache = Path(tempfile.mkdtemp(prefix="docgen-test-huge-"))
        atexit.register(shutil.rmtree, cache, True)
        _BUILT["huge"] = _build_the_last_row(cache)
    target = folder / "huge-used-range.xlsx"
    shutil.copyfile(_BUILT["huge"], target)
    return target


def _build_the_last_row(folder: Path) -> Path:
    path = write_workbook(folder / "huge-used-range.xlsx", [GOOD_ROW, row()])

    def stretch(xml: str) -> str:
        blank = "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(4, 1_048_577))
        xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:L1048576"/>', xml)
        return xml.replace("</sheetData>", blank + "</sheetData>")

    return _patch_sheet(path, stretch)


def broken_template(folder: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("{{ registrant_name }}")
    document.add_paragraph("{% if form == '10-K' %}annual")  # never closed
    path = folder / "broken-template.docx"
    document.save(str(path))
    return path


def template_with(tags: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        import docx

        document = docx.Document()
        document.add_paragraph(tags)
        path = folder / "template.docx"
        document.save(str(path))
        return path
    return build


def good(folder: Path) -> Path:
    return write_workbook(folder / "good.xlsx", [GOOD_ROW])


CASES: tuple[Case, ...] = (
    Case("missing-file", lambda f: f / "nowhere.xlsx", ("nowhere.xlsx: no such file",), 1, 1),
    Case("old-xls", raw_bytes("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
         ("is password-protected or an old .xls workbook",), 1, 1),
    Case("encrypted", raw_bytes("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\1" * 512),
         ("is password-protected or an old .xls workbook; remove the password",), 1, 1),
    Case("csv", raw_bytes("registrants.csv", b"Registrant Name,Form\nX,10-K\n"),
         ("is a CSV file: open it in Excel or LibreOffice and save it as .xlsx",), 1, 1),
    Case("ods", raw_bytes("registrants.ods", b"PK\x03\x04odsish"),
         ("is an OpenDocument spreadsheet",), 1, 1),
    Case("corrupt-zip", raw_bytes("corrupt.xlsx", b"PK\x03\x04" + b"\x00" * 64),
         ("is not a readable .xlsx workbook",), 1, 1),
    Case("empty-sheet", empty_sheet, ("sheet Registrants is empty",), 1, 1),
    Case("no-header-row", no_header_row, ("sheet Registrants has no known headers in row 1",),
         1, 1),
    Case("no-known-headers",
         lambda f: write_workbook(f / "other.xlsx", [{"Name": "x", "Phone": "1"}], sheet="Data"),
         ("sheet Data has no known headers in row 1",), 1, 1),
    Case("missing-column",
         lambda f: write_workbook(f / "no-narrative.xlsx", [row(Narrative=...)]),
         ("sheet Registrants has no column for Narrative",), 1, 1),
    Case("required-blank", one_row("blank", **{"Registrant Name": "  "}),
         ("Registrants!A3: error: Registrant Name is required",), 3, 3, 1),
    Case("needed-value-blank", one_row("fill-in", Narrative="  "),
         ("Registrants!F3: warning: Narrative is blank; the notice shows a highlighted [●]",),
         0, 0, 2),
    Case("unknown-form", one_row("form", Form="10-KK"),
         ('Registrants!D3: error: Form "10-KK" is not a form that Form 12b-25 covers '
          "(expected one of 10-K, 20-F, 11-K, 10-Q, 10-D, N-CEN, N-CSR)",), 3, 3, 1),
    Case("bad-date", one_row("date", **{"Period Ended": "2026-02-30"}),
         ('Registrants!E3: error: Period Ended "2026-02-30" is not a real date',), 3, 3, 1),
    Case("bad-yes-no", one_row("yesno", **{"Part II (b)": "perhaps"}),
         ('Registrants!O3: error: Part II (b) "perhaps" is not a yes/no answer',), 3, 3, 1),
    Case("reports-not-filed-blank", one_row("reports", **{"Other Reports Filed": "no"}),
         ("Registrants!Q3: warning: Reports Not Filed is blank while Other Reports Filed is No",),
         0, 0, 2),
    Case("change-explanation-blank", one_row("change", **{"Significant Change": "yes"}),
         ("Registrants!R3: warning: Change Explanation is blank while Significant Change is "
          "Yes",), 0, 0, 2),
    Case("unknown-filer-status", one_row("status", **{"Filer Status": "huge"}),
         ('Registrants!S3: error: Filer Status "huge" is not one of',), 3, 3, 1),
    Case("duplicate-header", lambda f: write_workbook(f / "dup.xlsx", [row(FORM="10-K")]),
         ('Registrants!T1: error: header "FORM" repeats column D1',), 3, 3, 0),
    Case("contact-not-found",
         one_row("contact", **{"Contact Name": "Nobody Known", "Contact Area Code": None,
                               "Contact Telephone": None}),
         ("Registrants!I3: warning: Contact Telephone is blank and the contact is not on the "
          "Contacts sheet",), 0, 0, 2),
    Case("formula-without-result", formula_without_result,
         ("Registrants!A3: error: formula has no saved result",), 3, 3, 1),
    Case("excel-error-value", one_row("error", **{"Former Name": "#N/A"}),
         ("Registrants!T3: error: cell shows the Excel error #N/A",), 3, 3, 1),
    Case("merged-cells", merged_cells,
         ("Registrants!A3:B3: error: merged cells in a data row",), 3, 3, 1),
    Case("bad-cusip", one_row("cusip", CUSIP="123456789"),
         ('Registrants!T3: warning: CUSIP "123456789" is not a valid 9-character CUSIP',), 0, 0, 2),
    Case("bad-sec-file-number", one_row("secfile", **{"SEC File Number": "12345"}),
         ('Registrants!M3: warning: SEC File Number "12345" is not in a known pattern',), 0, 0, 2),
    Case("legacy-form", one_row("legacy", Form="10-QSB"),
         ("Registrants!D3: warning: Form 10-QSB has been replaced by Form 10-Q",), 0, 0, 2),
    Case("numeric-zip", one_row("zip", Zip=7424),
         ("Registrants!T3: warning: 7424 looks like a ZIP code that lost its leading zero",),
         0, 0, 2),
    Case("unknown-header", one_row("custom", **{"Client Matter #": "A-1"}),
         ('Registrants!T1: warning: unknown header "Client Matter #"; passed to the template '
          "as {{ client_matter }}",), 0, 0, 2),
    Case("control-characters", control_characters,
         ("Registrants!F3: warning: removed characters that a Word document or EDGAR cannot "
          "hold (U+0007",), 0, 0, 2),
    Case("hidden-row", hidden_row, ("Registrants!A3: warning: row is hidden",), 0, 0, 2),
    Case("huge-used-range", formatted_to_the_last_row, ("2 rows checked: 0 errors",), 0, 0, 2),
    Case("broken-template", good,
         ('has a broken tag near "{% if form == \'10-K\' %}annual"',), 1, 1,
         template=broken_template),
    Case("unknown-template-variable", good,
         ("uses partner_name, which the workbook does not supply",), 1, 1,
         template=template_with("{{ registrant_name }} {{ partner_name }}")),
    Case("template-reaches-python", good, ("a tag failed: SecurityError",), 1, 1,
         template=template_with("{{ registrant_name.__class__.__mro__ }}")),
)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bad_workbooks_out")
    for case in CASES:
        folder = target / case.name
        folder.mkdir(parents=True, exist_ok=True)
        print(case.build(folder))
        if case.template:
            print(case.template(folder))


# The cases as test parameters: the million-row one marked slow (the fast lane skips it).
SLOW_MARKED = [pytest.param(case, marks=pytest.mark.slow) if case.name == "huge-used-range"
               else case for case in CASES]
