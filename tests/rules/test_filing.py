"""Filing-logic warnings, `docgen deadlines` and `docgen merge --report`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from docgen import check, merge
from docgen.cli.app import app

from conftest import GOOD_ROW, write_workbook

runner = CliRunner()


def warnings_for(tmp_path: Path, **changes: object) -> list[str]:
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, **changes}])
    return [str(p) for p in check(book).problems]


def test_good_row_has_no_filing_warnings(tmp_path: Path) -> None:
    assert warnings_for(tmp_path) == []  # 10-Q, Sept 30, 2026: NT due Nov 17; signed Nov 16


@pytest.mark.parametrize("changes, expected", [
    ({"Signature Date": "2026-11-18"},
     "Registrants!L2: warning: Signature Date November 18, 2026 is after the Form 12b-25 "
     "deadline (November 17, 2026, one business day after the November 16, 2026 due date): "
     "the notice is late; Rule 12b-25 relief may not be available"),
    ({"Signature Date": "2026-09-29"},
     "Registrants!L2: warning: Signature Date September 29, 2026 is before the period ends "
     "(September 30, 2026)"),
    ({"Narrative": "Delayed."},
     "Registrants!F2: warning: Part II (b) is checked but the Narrative is shorter than a "
     "sentence"),
    ({"Part II (c)": "yes"},
     "Registrants!P2: warning: Part II (c) is checked but the Narrative mentions no attached "
     "statement"),
    ({"Period Ended": None, "Transition Period Ended": "2026-09-30"},
     "Registrants!T2: warning: Transition Period Ended is filled but Transition Report is No"),
])
def test_filing_warning(tmp_path: Path, changes: dict[str, object], expected: str) -> None:
    found = warnings_for(tmp_path, **changes)
    assert any(p.startswith(expected) for p in found), found


def test_attached_statement_mentioned(tmp_path: Path) -> None:
    narrative = "The auditor's statement under Rule 12b-25(c) is attached as Exhibit 99."
    assert warnings_for(tmp_path, **{"Part II (c)": "yes", "Narrative": narrative}) == []


def test_deadlines_command_csv(sample: Path) -> None:
    result = runner.invoke(app, ["deadlines", str(sample), "--today", "2026-09-09",
                                 "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = {r["registrant"]: r for r in csv.DictReader(result.stdout.splitlines())}
    auxer = rows["THE AUXER GROUP, INC."]
    assert (auxer["period"], auxer["due"], auxer["nt_due"], auxer["extended_due"]) == (
        "2002-12-31", "2003-03-31", "2003-04-01", "2003-04-15")
    fund = rows["Placeholder Municipal Bond Fund (fictitious)"]
    assert (fund["status"], fund["days_left"]) == ("NT due today", "0")
    transition = rows["Demo Transition Industries, Inc. (fictitious)"]
    assert (transition["due"], transition["nt_due"], transition["extended_due"]) == (
        "2026-09-28", "2026-09-29", "2026-10-13")
    assert rows["Specimen Global Income Fund (fictitious)"]["status"] == "report due in 5 days"
    assert len(rows) == 8


def test_deadlines_command_json_and_table(sample: Path) -> None:
    result = runner.invoke(app, ["deadlines", str(sample), "--today", "2026-11-11",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["today"] == "2026-11-11"
    obrien = next(r for r in data["rows"] if r["form"] == "10-Q")
    assert obrien["status"] == "extension ends in 5 days"  # signed Nov 10, on time
    ncsr = next(r for r in data["rows"] if r["form"] == "N-CSR")
    assert ncsr["certainty"] == "UNCONFIRMED"
    assert any("worst case" in why for why in ncsr["unconfirmed"])
    assert next(r for r in data["rows"] if r["form"] == "10-Q")["certainty"] == "confirmed"
    table = runner.invoke(app, ["deadlines", str(sample), "--today", "2026-11-11"])
    assert table.exit_code == 0, table.output
    assert "Form 12b-25 deadlines as of November 11, 2026" in table.stdout
    assert "2003-04-15" in table.stdout and "Row 8 UNCONFIRMED: N-CSR" in table.stdout
    assert max(len(line) for line in table.stdout.splitlines()) <= 80  # fits a terminal
    bad = runner.invoke(app, ["deadlines", str(sample), "--today", "tomorrow"])
    assert bad.exit_code == 2


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_merge_report(tmp_path: Path, suffix: str) -> None:
    rows = [GOOD_ROW, {**GOOD_ROW, "Form": "8-K", "Registrant Name": "=Bad Corp."}]
    book = write_workbook(tmp_path / "wb.xlsx", rows)
    report_path = tmp_path / f"report{suffix}"
    result = runner.invoke(app, ["merge", str(book), "-o", str(tmp_path / "out"),
                                 "--report", str(report_path)])
    assert result.exit_code == 3, result.output
    if suffix == ".csv":
        lines = list(csv.reader(report_path.read_text(encoding="utf-8-sig").splitlines()))
        header, good, bad = lines
        assert bad[1] == "'=Bad Corp."  # never a formula
    else:
        sheet = load_workbook(report_path).active
        header, good, bad = [[("" if v is None else v) for v in r]
                             for r in sheet.iter_rows(values_only=True)]
        assert bad[1] == "=Bad Corp."
        good[6:9] = [v.date().isoformat() for v in good[6:9]]
    assert header[:4] == ["Row", "Registrant", "Output File", "Status"]
    assert good[0] in (2, "2") and good[3] == "written"
    assert good[2] == "example-corp-fictitious_NT-10-Q_2026-09-30.docx"
    assert good[6:9] == ["2026-11-16", "2026-11-17", "2026-11-23"]
    assert bad[3] == "skipped" and 'Registrants!D3: Form "8-K"' in bad[4]


def test_report_is_not_overwritten(tmp_path: Path, sample: Path) -> None:
    existing = tmp_path / "r.csv"
    existing.write_text("keep")
    result = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path / "o"),
                                 "--report", str(existing)])
    assert result.exit_code == 4 and "already exists" in result.stderr
    assert existing.read_text() == "keep" and not (tmp_path / "o").exists()
    odd = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path / "o"),
                              "--report", str(tmp_path / "r.txt")])
    assert odd.exit_code == 2 and ".csv or .xlsx" in odd.stderr


def test_templates_may_use_the_deadlines(tmp_path: Path) -> None:
    import docx

    from docxread import paragraphs

    document = docx.Document()
    document.add_paragraph("Due {{ due_date }}; NT by {{ nt_due }}; extended {{ extended_due }}")
    template = tmp_path / "t.docx"
    document.save(str(template))
    book = write_workbook(tmp_path / "wb.xlsx", [GOOD_ROW])
    report = merge(book, template=template, out_dir=tmp_path / "out")
    assert paragraphs(report.written[0].path) == [
        "Due November 16, 2026; NT by November 17, 2026; extended November 23, 2026"]


def test_deadlines_with_a_bad_row(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "wb.xlsx", [GOOD_ROW, {**GOOD_ROW, "Form": "8-K"}])
    result = runner.invoke(app, ["deadlines", str(book), "--today", "2026-11-01",
                                 "--format", "csv"])
    assert result.exit_code == 3
    assert 'Registrants!D3: error: Form "8-K"' in result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert [r["status"] for r in rows] == ["report due in 15 days", "row has errors"]
    assert rows[1]["due"] == ""  # no date is guessed for a row with errors
