"""`docgen init` and `docgen fields`: a guided workbook and a readable variable list."""

from __future__ import annotations

from pathlib import Path

import docx
from openpyxl import load_workbook
from typer.testing import CliRunner

from docgen import check, merge
from docgen.cli.app import app
from docgen.rules.schema import COLUMNS

from conftest import GOOD_ROW, write_workbook

runner = CliRunner()


def test_init_writes_a_guided_workbook(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path), "--template"])
    assert result.exit_code == 0, result.output
    workbook = tmp_path / "registrants.xlsx"
    assert f"wrote {workbook}" in result.stdout
    assert (tmp_path / "form_12b25.docx").exists()
    book = load_workbook(workbook)
    sheet = book["Registrants"]
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    assert sheet.freeze_panes == "A2"
    rules = {str(dv.sqref).split(":")[0]: dv for dv in sheet.data_validations.dataValidation}
    letter = {c.key: chr(ord("A") + i) if i < 26 else "A" + chr(ord("A") + i - 26)
              for i, c in enumerate(COLUMNS)}
    form = rules[f"{letter['form']}2"]
    assert form.type == "list" and "10-K" in form.formula1 and "N-CSR" in form.formula1
    assert rules[f"{letter['part2_c']}2"].formula1 == '"Yes,No"'
    assert "large accelerated" in rules[f"{letter['filer_status']}2"].formula1
    assert rules[f"{letter['period_ended']}2"].type == "date"
    assert all(dv.prompt for dv in rules.values())  # every column explains itself
    assert "Contacts" in book.sheetnames
    # The example row is valid and merges as is.
    report = check(workbook)
    assert not report.errors and len(report.notices) == 1
    written = merge(workbook, out_dir=tmp_path / "out").written
    assert len(written) == 1


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "registrants.xlsx").write_bytes(b"mine")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 4
    assert "already exists" in result.stderr
    assert (tmp_path / "registrants.xlsx").read_bytes() == b"mine"


def test_fields_lists_the_bundled_variables() -> None:
    result = runner.invoke(app, ["fields"])
    assert result.exit_code == 0, result.output
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines())
    assert lines["registrant_name"] == 'column "Registrant Name"'
    assert lines["form_10k"].startswith("docgen: ")
    assert "NOT FILLED" not in result.stdout


def test_fields_flags_what_no_column_fills(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("{{ registrant_name }} {{ fiscal_year }} {{ partner_name }}")
    template = tmp_path / "t.docx"
    document.save(str(template))
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, "Fiscal Year": "2026"}])
    result = runner.invoke(app, ["fields", "--template", str(template), "--workbook", str(book)])
    assert result.exit_code == 3, result.output
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines())
    assert lines["fiscal_year"] == "custom column T of sheet Registrants"
    assert lines["partner_name"] == 'NOT FILLED: add a column headed "Partner Name"'


def test_combine_name_and_existing_file(sample: Path, tmp_path: Path) -> None:
    bad = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path / "a"),
                              "--combine", str(tmp_path / "all.pdf")])
    assert bad.exit_code == 2 and "must end in .docx" in bad.stderr
    (tmp_path / "all.docx").write_bytes(b"keep")
    refused = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path / "b"),
                                  "--combine", str(tmp_path / "all.docx")])
    assert refused.exit_code == 4 and not (tmp_path / "b").exists()
    done = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path / "c"),
                               "--combine", str(tmp_path / "c" / "all.docx")])
    assert done.exit_code == 0, done.output
    assert "all of them in" in done.stdout
    assert len(docx.Document(str(tmp_path / "c" / "all.docx")).paragraphs) > 100
