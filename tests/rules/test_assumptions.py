"""No silent representation: a blank that docgen fills with a default that changes what
the notice tells the SEC, or when it is due, is said, naming the cell (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli.app import app

from conftest import GOOD_ROW, write_workbook

runner = CliRunner()


@pytest.mark.parametrize("header, cell, assumed, why", [
    ("Part II (a)", "N2", "Yes", "could not be eliminated without unreasonable effort"),
    ("Part II (b)", "O2", "Yes", "will be filed within the 15-day (10-Q and 10-D: 5-day)"),
    ("Part II (c)", "P2", "No", "no accountant's statement under Rule 12b-25(c) is attached"),
    ("Other Reports Filed", "Q2", "Yes", "every other report due in the last 12 months"),
    ("Significant Change", "R2", "No", "no significant change in results of operations"),
    ("Filer Status", "S2", "non-accelerated", "a wrong status moves the due date"),
])
def test_blank_answer_is_a_warning_naming_the_cell(tmp_path: Path, header: str, cell: str,
                                                   assumed: str, why: str) -> None:
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, header: None}])
    result = runner.invoke(app, ["check", str(book)])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith(f"Registrants!{cell}:"))
    assert f"warning: {header} is blank; docgen assumes {assumed}" in line and why in line
    strict = runner.invoke(app, ["check", str(book), "--strict"])
    assert strict.exit_code == 3
    assert f"Registrants!{cell}: error: {header} is blank" in strict.stdout
    assert "(--strict)" in strict.stdout
    merged = runner.invoke(app, ["merge", str(book), "-o", str(tmp_path / "o"), "--strict"])
    assert merged.exit_code == 3 and not list((tmp_path / "o").glob("*.docx"))


def test_filer_status_matters_only_where_it_moves_a_deadline(tmp_path: Path) -> None:
    rows = [{**GOOD_ROW, "Filer Status": None, "Form": form} for form in ("10-K", "11-K")]
    result = runner.invoke(app, ["check", str(write_workbook(tmp_path / "wb.xlsx", rows))])
    lines = [x for x in result.stdout.splitlines() if "Filer Status is blank" in x]
    assert [x.split(":")[0] for x in lines] == ["Registrants!S2"]  # the 10-K, not the 11-K


def test_a_missing_column_is_said_once_for_the_sheet(tmp_path: Path) -> None:
    row = {k: v for k, v in GOOD_ROW.items() if k != "Part II (b)"}
    book = write_workbook(tmp_path / "wb.xlsx", [row, row, row])
    result = runner.invoke(app, ["check", str(book)])
    assert result.exit_code == 0, result.output
    lines = [x for x in result.stdout.splitlines() if "Part II (b)" in x]
    assert lines == ["Registrants: warning: no Part II (b) column, so on every row docgen "
                     "assumes Yes, which represents to the SEC that the report will be filed "
                     "within the 15-day (10-Q and 10-D: 5-day) extension; add the column and "
                     "answer it for each row"]
    strict = runner.invoke(app, ["merge", str(book), "-o", str(tmp_path / "o"), "--strict"])
    assert strict.exit_code == 3 and not (tmp_path / "o").exists()


def test_answered_cells_say_nothing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(write_workbook(tmp_path / "wb.xlsx",
                                                             [GOOD_ROW]))])
    assert result.stdout.strip() == "1 row checked: 0 errors, 0 warnings"


@pytest.mark.parametrize("header, value, expected", [
    ("Signature Date", "31/31/2003", 'Signature Date "31/31/2003" is not a real date'),
    ("Part II (a)", "perhaps", 'Part II (a) "perhaps" is not a yes/no answer'),
    ("Period Ended", 42, 'Period Ended "42" is a number, not a date'),
])
def test_errors_quote_what_the_cell_holds(tmp_path: Path, header: str, value: object,
                                          expected: str) -> None:
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, header: value}])
    result = runner.invoke(app, ["check", str(book)])
    assert result.exit_code == 3
    assert expected in result.stdout
