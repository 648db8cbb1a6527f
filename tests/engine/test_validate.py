"""Row rules: every problem names the sheet and cell; bad rows never become notices."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen import merge
from docgen.cli.app import app
from docgen.errors import RowErrors, WorkbookError

from conftest import GOOD_ROW, write_workbook
from docxread import checked, paragraphs

runner = CliRunner()


def problems_of(tmp_path: Path, **changes: object) -> list[str]:
    row = {**GOOD_ROW, **changes}
    row = {k: v for k, v in row.items() if v is not ...}
    book = write_workbook(tmp_path / "wb.xlsx", [row])
    report = merge(book, out_dir=tmp_path / "out")
    return [str(p) for p in report.problems]


def test_good_row_has_no_problems(tmp_path: Path) -> None:
    assert problems_of(tmp_path) == []


@pytest.mark.parametrize("changes, expected", [
    ({"Registrant Name": " "}, "Registrants!A2: error: Registrant Name is required"),
    ({"Form": "10-KK"}, 'Registrants!D2: error: Form "10-KK" is not a form that Form 12b-25 '
                        "covers (expected one of 10-K, 20-F, 11-K, 10-Q, 10-D, N-CEN, N-CSR)"),
    ({"Period Ended": "31/12/2026"}, 'Registrants!E2: error: Period Ended "31/12/2026" is '
     "not a real date"),
    ({"Period Ended": None}, "Registrants!E2: error: Period Ended is required"),
    ({"Narrative": None}, "Registrants!F2: warning: Narrative is blank; the notice shows a "
                          "highlighted [●] to fill in"),
    ({"Form": None}, "Registrants!D2: error: Form is required"),
    ({"Signature Date": "someday"}, 'Registrants!L2: error: Signature Date "someday" is '
     "not a date"),
    ({"Contact Telephone": None, "Contact Area Code": None},
     "Registrants!I2: warning: Contact Telephone is blank and the contact is not on the Contacts"),
    ({"Part II (c)": "maybe"}, 'Registrants!P2: error: Part II (c) "maybe" is not a yes/no answer'),
    ({"Other Reports Filed": "No"}, "Registrants!Q2: warning: Reports Not Filed is blank"),
    ({"Significant Change": "Y"}, "Registrants!R2: warning: Change Explanation is blank"),
    ({"Filer Status": "speedy"}, 'Registrants!S2: error: Filer Status "speedy" is not one of'),
    ({"Form": "10-D", "Transition Report": "yes"},
     "Registrants!T2: error: Form 10-D has no transition report line"),
    ({"Form": "10-KSB"}, "Registrants!D2: warning: Form 10-KSB has been replaced by Form 10-K"),
    ({"Transition Period Ended": "2026-06-30"},
     "Registrants!T2: warning: Transition Period Ended is filled but Transition Report is No"),
    ({"SEC File Number": None},
     "Registrants!M2: warning: SEC File Number is blank, so the SEC FILE NUMBER box stays empty"),
    ({"Fiscal Year": "2026"}, 'Registrants!T1: warning: unknown header "Fiscal Year"; passed to '
                              "the template as {{ fiscal_year }}"),
])
def test_rule(tmp_path: Path, changes: dict[str, object], expected: str) -> None:
    found = problems_of(tmp_path, **changes)
    assert any(p.startswith(expected) for p in found), found


def test_blank_sec_file_number_is_a_warning_for_every_period(tmp_path: Path) -> None:
    """Filings of 1997-2002 already have the SEC FILE NUMBER box: a blank is worth a word."""
    old = {"SEC File Number": None, "Period Ended": "2002-12-31", "Signature Date": "2003-03-31",
           "Form": "10-K"}
    assert problems_of(tmp_path, **old) == [
        "Registrants!M2: warning: SEC File Number is blank, so the SEC FILE NUMBER box stays "
        "empty; fill it in (e.g. 001-12345)"]


def test_contacts_sheet_supplies_the_phone(tmp_path: Path) -> None:
    row = {**GOOD_ROW, "Contact Name": "JANE  Q. example", "Contact Area Code": None,
           "Contact Telephone": None}
    book = write_workbook(tmp_path / "wb.xlsx", [row],
                          contacts=[("Jane Q. Example", "(212)", "555-0142")])
    report = merge(book, out_dir=tmp_path / "out")
    assert not report.problems
    from docxread import paragraphs
    lines = paragraphs(report.written[0].path)
    assert "(212)" in lines and "555-0142" in lines and "JANE  Q. example" in lines


def test_bad_rows_are_skipped_and_good_rows_written(tmp_path: Path) -> None:
    rows = [GOOD_ROW, {**GOOD_ROW, "Form": "8-K", "Registrant Name": "Bad Corp."},
            {**GOOD_ROW, "Registrant Name": "Second Good Corp."}]
    book = write_workbook(tmp_path / "wb.xlsx", rows)
    out = tmp_path / "out"
    result = runner.invoke(app, ["merge", str(book), "-o", str(out)])
    assert result.exit_code == 3, result.output
    assert "Registrants!D3: error: Form \"8-K\"" in result.stderr
    assert "2 notices written" in result.stdout and "1 row skipped" in result.stdout
    assert sorted(p.name.split("_")[0] for p in out.glob("*.docx")) == [
        "example-corp-fictitious", "second-good-corp"]
    with pytest.raises(RowErrors, match="nothing written"):
        merge(book, out_dir=tmp_path / "strict", strict=True)
    assert not (tmp_path / "strict").exists()


def test_blank_rows_are_skipped_and_rows_keep_excel_numbers(tmp_path: Path) -> None:
    rows = [GOOD_ROW, {"Registrant Name": None}, {**GOOD_ROW, "Form": "bogus"}]
    book = write_workbook(tmp_path / "wb.xlsx", rows)
    report = merge(book, out_dir=tmp_path / "out")
    assert [n.row for n in report.notices] == [2, 4]
    assert report.errors[0].location == "Registrants!D4"


def test_headers_are_matched_loosely_and_first_sheet_used(tmp_path: Path) -> None:
    renamed = {"REGISTRANT NAME": "Loose Corp.", "street_address": "1 St.",
               "City State and Zip Code": "X", "form type": "NT 10-K",
               "Period Ended?": "12/31/2025", "Signature Date": "2026-03-31"}
    row = {**renamed, **{k: v for k, v in GOOD_ROW.items()
                         if k not in ("Registrant Name", "Street Address", "Signature Date",
                                      "City, State and Zip", "Form", "Period Ended")}}
    book = write_workbook(tmp_path / "wb.xlsx", [row], sheet="Sheet1")
    report = merge(book, out_dir=tmp_path / "out")
    assert not report.problems, report.problems
    assert report.written[0].path.name == "loose-corp_NT-10-K_2025-12-31.docx"


def test_duplicate_header_is_an_error(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, "FORM": "10-K"}])
    with pytest.raises(RowErrors, match=r"Registrants!T1: error: header \"FORM\" repeats "
                                        r"column D1"):
        merge(book, out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_sheet_without_known_headers(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "wb.xlsx", [{"Name": "x", "Phone": "y"}], sheet="Data")
    with pytest.raises(WorkbookError, match="sheet Data has no known headers in row 1"):
        merge(book, out_dir=tmp_path / "out")


@pytest.mark.parametrize(("a", "b"), [("Yes", "No"), ("No", "Yes")])
def test_part_ii_with_one_representation_names_both_cells(
    tmp_path: Path, a: str, b: str
) -> None:
    """The form's one Part II box takes (a) and (b) together (#23): a row with only one
    is a warning at both cells, the box stays empty and a [●] marks it; --strict refuses."""
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, "Part II (a)": a,
                                                  "Part II (b)": b}])
    result = runner.invoke(app, ["check", str(book)])
    assert result.exit_code == 0, result.output
    letters = {h: chr(ord("A") + i) for i, h in enumerate(GOOD_ROW)}
    a_cell, b_cell = f"{letters['Part II (a)']}2", f"{letters['Part II (b)']}2"
    assert (f"Registrants!{a_cell}: warning: Part II (a) is {a} but Part II (b) is {b} "
            f"({a_cell} and {b_cell}): Rule 12b-25(b) relief needs both representations"
            ) in result.output
    strict = runner.invoke(app, ["merge", str(book), "-o", str(tmp_path / "s"), "--strict"])
    assert strict.exit_code == 3, strict.output
    report = merge(book, out_dir=tmp_path / "out")
    path = report.written[0].path
    assert path is not None and "part2" not in checked(path)
    assert any(p.startswith("\u2610[\u25cf]\t(a) The reasons") for p in paragraphs(path))


def test_a_blank_name_field_is_said_at_its_cell(tmp_path: Path) -> None:
    """--name "{cik}_{form}" on rows without a CIK: a warning per row naming the cell and
    the field, never a silent "-2" (#24); --strict refuses."""
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, "CIK": "0000000042"},
                                                 {**GOOD_ROW, "CIK": None}])
    letter = chr(ord("A") + list({**GOOD_ROW, "CIK": 1}).index("CIK"))
    result = runner.invoke(app, ["merge", str(book), "-o", str(tmp_path / "out"), "--name",
                                 "{cik}_{form}{amendment_suffix}"])
    assert result.exit_code == 0, result.output
    assert (f"Registrants!{letter}3: warning: --name {{cik}} is blank in this row, so the file "
            "name 10-Q.docx lacks it; fill in the cell or use another --name pattern"
            ) in result.output
    assert f"{letter}2" not in result.output  # filled, and {amendment_suffix} is blank by design
    strict = runner.invoke(app, ["merge", str(book), "-o", str(tmp_path / "s"), "--name",
                                 "{cik}_{form}", "--strict"])
    assert strict.exit_code == 3 and "(--strict)" in strict.output, strict.output
