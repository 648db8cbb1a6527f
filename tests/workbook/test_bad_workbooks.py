"""Every kind of bad input: the right cell, the right words, the right exit code,
nothing half-written, and the input file byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen import check
from docgen.cli.app import app
from docgen.workbook.xlsx import XlsxBook

from bad_workbooks.corpus import CASES, SLOW_MARKED, Case, formatted_to_the_last_row, row
from conftest import GOOD_ROW, write_workbook

runner = CliRunner()


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def test_corpus_has_every_kind() -> None:
    assert len(CASES) >= 15
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", SLOW_MARKED, ids=lambda c: c.name)
def test_check_and_merge(case: Case, tmp_path: Path) -> None:
    workbook = case.build(tmp_path)
    options = ["--template", str(case.template(tmp_path))] if case.template else []
    before = digest(workbook)

    result = runner.invoke(app, ["check", str(workbook), *options])
    assert result.exit_code == case.check_exit, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    for expected in case.expect:
        assert any(expected in line for line in lines), (expected, lines)
    if case.check_exit == 1:
        assert len(result.stderr.strip().splitlines()) == 1  # one clear line

    out = tmp_path / "notices"
    merged = runner.invoke(app, ["merge", str(workbook), "-o", str(out), *options])
    assert merged.exit_code == case.merge_exit, merged.output
    assert "Traceback" not in merged.output
    written = sorted(out.iterdir()) if out.exists() else []
    assert all(p.suffix == ".docx" and not p.name.startswith(".") for p in written)
    assert len(written) == case.written  # good rows written, bad rows and fatal cases not
    assert digest(workbook) == before  # the input is never modified


def test_check_json(tmp_path: Path) -> None:
    import json

    workbook = write_workbook(tmp_path / "wb.xlsx", [GOOD_ROW, row(Form="10-KK")])
    result = runner.invoke(app, ["check", str(workbook), "--format", "json"])
    assert result.exit_code == 3, result.output
    data = json.loads(result.stdout)
    assert data["rows"] == 2 and data["errors"] == 1 and data["warnings"] == 0
    assert data["problems"][0]["cell"] == "D3" and data["problems"][0]["severity"] == "error"


@pytest.mark.slow
def test_used_range_to_the_last_row_is_not_read_to_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = formatted_to_the_last_row(tmp_path)
    seen = 0
    original = XlsxBook.rows

    def counting(self, sheet):  # type: ignore[no-untyped-def]
        nonlocal seen
        for item in original(self, sheet):
            seen += 1
            yield item

    monkeypatch.setattr(XlsxBook, "rows", counting)
    report = check(workbook)
    assert [n.row for n in report.notices] == [2, 3]
    assert seen <= 12  # rows holding values (read twice), not a million formatted blanks


def test_rows_after_a_long_gap_are_still_read(tmp_path: Path) -> None:
    gap = 5000
    rows = [GOOD_ROW] + [{}] * gap + [row(**{"Registrant Name": "Far Down Inc."})]
    workbook = write_workbook(tmp_path / "gap.xlsx", rows)
    report = check(workbook)
    assert [n.row for n in report.notices] == [2, gap + 3]
    assert report.notices[1].registrant == "Far Down Inc."


def test_prefixed_spreadsheetml_is_read_like_any_other(tmp_path: Path) -> None:
    """Some writers spell every element with a prefix (<x:row>, <x:c>, <x:mergeCell>)."""
    import re
    import zipfile

    from bad_workbooks.corpus import merged_cells

    path = merged_cells(tmp_path)
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(r"<(/?)([A-Za-z]+)([\s/>])", r"<\1x:\2\3", sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(' xmlns="', ' xmlns:x="', 1).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert "<x:row" in sheet and "<x:mergeCell" in sheet
    report = check(path)
    assert [n.row for n in report.notices] == [2, 3]
    assert [str(p).split(": ")[0] for p in report.errors] == ["Registrants!A3:B3"]
