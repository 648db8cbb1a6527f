"""Closures a firm adds (docgen.toml, --closed), --explain, and UNCONFIRMED in every output."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from docgen.cli.app import app

from conftest import GOOD_ROW, write_workbook

runner = CliRunner()

# A 10-Q whose 45 days end on Thursday December 24, 2026: a business day unless the
# SEC announces a closure (an executive order that day is plausible, not yet known).
CHRISTMAS_EVE_ROW = {**GOOD_ROW, "Period Ended": "2026-11-09", "Signature Date": "2026-12-20"}


def csv_rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(output.splitlines()))


def test_closed_option_moves_the_deadlines(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "wb.xlsx", [CHRISTMAS_EVE_ROW])
    plain = runner.invoke(app, ["deadlines", str(book), "--today", "2026-12-01",
                                "--format", "csv"])
    assert plain.exit_code == 0, plain.output
    assert csv_rows(plain.stdout)[0]["due"] == "2026-12-24"
    closed = runner.invoke(app, ["deadlines", str(book), "--today", "2026-12-01", "--format",
                                 "csv", "--closed", "2026-12-24", "--closed", "2026-12-28"])
    assert closed.exit_code == 0, closed.output
    row = csv_rows(closed.stdout)[0]
    assert (row["due"], row["nt_due"]) == ("2026-12-29", "2026-12-30")  # 25 holiday, 26-27 w/e


def test_docgen_toml_beside_the_workbook_adds_closures(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "wb.xlsx", [CHRISTMAS_EVE_ROW])
    (tmp_path / "docgen.toml").write_text(
        'closures = [{ date = 2026-12-24, reason = "Executive order", '
        'source = "https://www.sec.gov/example" }]\n', encoding="utf-8")
    result = runner.invoke(app, ["deadlines", str(book), "--today", "2026-12-01",
                                 "--format", "csv", "--closed", "2026-12-28"])
    assert result.exit_code == 0, result.output
    assert "docgen.toml: SEC closures added to the deadlines: 2026-12-24" in result.stderr
    assert csv_rows(result.stdout)[0]["due"] == "2026-12-29"  # the file's and the option's
    explained = runner.invoke(app, ["deadlines", str(book), "--explain", "2"])
    assert explained.exit_code == 0, explained.output
    assert "Thu 2026-12-24 is not a business day: SEC closed: Executive order" in (
        explained.stdout)
    # check and merge use the same calendar: the late-signature warning follows it.
    late = write_workbook(tmp_path / "late.xlsx",
                          [{**CHRISTMAS_EVE_ROW, "Signature Date": "2026-12-29"}])
    checked = runner.invoke(app, ["check", str(late)])
    assert checked.exit_code == 0, checked.output
    assert "is after the Form 12b-25 deadline" not in checked.stdout  # NT due Dec 29 now
    (tmp_path / "docgen.toml").unlink()
    checked = runner.invoke(app, ["check", str(late)])
    assert ("Signature Date December 29, 2026 is after the Form 12b-25 deadline (December 28, "
            "2026, one business day after the December 24, 2026 due date)") in checked.stdout


@pytest.mark.parametrize("command", ["deadlines", "check", "merge"])
def test_every_command_takes_closed(tmp_path: Path, command: str) -> None:
    book = write_workbook(tmp_path / "wb.xlsx",
                          [{**CHRISTMAS_EVE_ROW, "Signature Date": "2026-12-29"}])
    warned = runner.invoke(app, ["check", str(book)])
    assert "is after the Form 12b-25 deadline" in warned.output  # without the closure
    args = [command, str(book), "--closed", "2026-12-24"]
    args += ["-o", str(tmp_path / "out")] if command == "merge" else []
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "is after the Form 12b-25 deadline" not in result.output
    bad = runner.invoke(app, [command, str(book), "--closed", "Dec 24"])
    assert bad.exit_code == 2
    assert "--closed: 'Dec 24' is not a date; use YYYY-MM-DD" in bad.stderr


@pytest.mark.parametrize("text, message", [
    ("closures = 12\n", "closures must be a list"),
    ('closure = ["2026-12-24"]\n', "unknown setting 'closure'"),
    ('closures = ["24/12/2026"]\n', "is not a date"),
    ("closures = [\n", "not valid TOML"),
])
def test_bad_docgen_toml_is_a_usage_error(tmp_path: Path, text: str, message: str) -> None:
    book = write_workbook(tmp_path / "wb.xlsx", [GOOD_ROW])
    (tmp_path / "docgen.toml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["deadlines", str(book)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_explain_a_row(sample: Path) -> None:
    result = runner.invoke(app, ["deadlines", str(sample), "--today", "2026-09-09",
                                 "--explain", "8"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Row 8: Placeholder Municipal Bond Fund (fictitious) N-CSR, period ended " \
        "June 30, 2026"
    assert lines[1].startswith("Rule: N-CSR, non-accelerated filer: 70 days")
    assert "Due: period end 2026-06-30 + 70 days = Tue 2026-09-08" in lines
    assert any(line.startswith("UNCONFIRMED: N-CSR: 70 days is a worst case") for line in lines)
    assert lines[-1] == "Status on September 9, 2026: NT due today"
    missing = runner.invoke(app, ["deadlines", str(sample), "--explain", "40"])
    assert missing.exit_code == 2
    assert "no registrant row 40 (rows 2 to 9)" in missing.stderr


def test_report_marks_unconfirmed_rows(sample: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.xlsx"
    result = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path / "o"),
                                 "--report", str(report)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(report).active
    assert sheet is not None
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][9] == "Deadlines"
    by_row = {line[0]: line[9] for line in lines[1:]}
    assert by_row[2] == "confirmed"
    assert str(by_row[8]).startswith("UNCONFIRMED; N-CSR: 70 days is a worst case")


def test_form_before_it_existed_is_a_warning(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "wb.xlsx", [
        {**GOOD_ROW, "Form": "N-CEN", "Period Ended": "2016-12-31",
         "Signature Date": "2017-03-20"}])
    result = runner.invoke(app, ["check", str(book)])
    assert result.exit_code == 0, result.output
    assert ("Registrants!E2: warning: Form N-CEN for a period ended December 31, 2016: N-CEN "
            "was first filed for periods from its compliance date, June 1, 2018") in result.stdout
    listed = runner.invoke(app, ["deadlines", str(book), "--format", "json"])
    row = json.loads(listed.stdout)["rows"][0]
    assert row["certainty"] == "UNCONFIRMED"
