"""The starter and the workbook's shape: example row left in, two rows for one report,
notices of rows no longer in the workbook (issue 13, item 4)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from docgen.cli.app import app

from conftest import GOOD_ROW, write_workbook

runner = CliRunner()


def test_the_starters_example_row_left_in_is_a_warning(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path)]).exit_code == 0
    result = runner.invoke(app, ["check", str(tmp_path / "registrants.xlsx")])
    assert "Registrants!A2: warning: example row not replaced" in result.stdout


def test_two_rows_for_one_report_name_both_rows(tmp_path: Path) -> None:
    rows = [GOOD_ROW, {**GOOD_ROW, "Registrant Name": "Other Corp."},
            {**GOOD_ROW, "Registrant Name": "  example CORP.   (fictitious)"}]
    result = runner.invoke(app, ["check", str(write_workbook(tmp_path / "wb.xlsx", rows))])
    assert ("Registrants!A4: warning: same registrant, form and period as row 2: two notices "
            "for one report") in result.stdout
    assert "Registrants!A3: warning: same" not in result.stdout


def _edit_in_word(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    core = parts["docProps/core.xml"].decode()
    core = re.sub(r"<cp:lastModifiedBy>.*?</cp:lastModifiedBy>",
                  "<cp:lastModifiedBy>Jane Lawyer</cp:lastModifiedBy>", core)
    parts["docProps/core.xml"] = core.replace("<cp:revision>1<", "<cp:revision>3<").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_notices_of_rows_no_longer_in_the_workbook(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = write_workbook(tmp_path / "a.xlsx", [
        GOOD_ROW, {**GOOD_ROW, "Registrant Name": "Gone Corp."},
        {**GOOD_ROW, "Registrant Name": "Edited Corp."}])
    assert runner.invoke(app, ["merge", str(first), "-o", str(out)]).exit_code == 0
    edited = next(out.glob("edited-corp*.docx"))
    _edit_in_word(edited)
    (out / "mine.docx").write_bytes(b"not a notice of docgen's")
    second = write_workbook(tmp_path / "b.xlsx", [GOOD_ROW])
    listed = runner.invoke(app, ["merge", str(second), "-o", str(out), "--overwrite"])
    assert listed.exit_code == 0, listed.output
    assert ("1 notice from an earlier run match no row of this workbook: gone-corp_NT-10-Q_"
            "2026-09-30.docx; --clean removes them") in listed.stderr
    assert f"edited since, match no row of this workbook: {edited.name}" in listed.stderr
    assert next(out.glob("gone-corp*.docx")).exists()
    cleaned = runner.invoke(app, ["merge", str(second), "-o", str(out), "--overwrite",
                                  "--clean"])
    assert cleaned.exit_code == 0, cleaned.output
    assert "removed 1 notice of rows no longer in the workbook: gone-corp" in cleaned.stderr
    assert not list(out.glob("gone-corp*.docx"))
    assert edited.exists() and (out / "mine.docx").exists()  # edited, or not docgen's: kept
    assert len(list(out.glob("example-corp*.docx"))) == 1
