"""``docgen edgar`` and ``docgen merge --edgar`` as a user runs them."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from docgen.cli.app import app
from docgen.edgar.checker import check_file
from tests.edgar.build import paragraph_with, set_text, variant

from conftest import GOOD_ROW, write_workbook

runner = CliRunner()


def test_writes_beside_the_notice_and_refuses_to_overwrite(auxer: Path, tmp_path: Path) -> None:
    notice = tmp_path / auxer.name
    shutil.copyfile(auxer, notice)
    first = runner.invoke(app, ["edgar", str(notice)])
    assert first.exit_code == 0, first.output
    htm = tmp_path / "nt10k-20021231auxer.htm"
    assert f"{htm}  submission type NT 10-K" in first.output
    assert "file a TEST submission in EDGARLink first" in first.output
    before = htm.read_bytes()
    again = runner.invoke(app, ["edgar", str(notice)])
    assert again.exit_code == 4 and "already exists" in again.output
    assert htm.read_bytes() == before
    forced = runner.invoke(app, ["edgar", str(notice), "--overwrite", "--format", "json"])
    assert forced.exit_code == 0, forced.output
    records = json.loads(forced.output[forced.output.index("["):forced.output.rindex("]") + 1])
    assert records == [{"notice": str(notice), "file": str(htm), "submission_type": "NT 10-K",
                        "unconfirmed": ""}]


def test_usage_errors_are_one_line(auxer: Path, tmp_path: Path) -> None:
    for args, message in (
            (["edgar", str(tmp_path / "missing.docx")], "not found"),
            (["edgar", str(tmp_path / "notice.pdf")], "give the notice's .docx"),
            (["edgar", str(auxer), "--lossy-ok"], "--lossy-ok goes with --ascii"),
            (["edgar", "--check", str(tmp_path / "none.htm")], "not found")):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_fund_notices_say_their_submission_type_is_unconfirmed(
        sample_notices: dict[str, Path], tmp_path: Path) -> None:
    csr = sample_notices["placeholder-municipal-bond-fund-fictitious_NT-N-CSR_2026-06-30.docx"]
    result = runner.invoke(app, ["edgar", str(csr), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "submission type NT-NCSR (UNCONFIRMED" in result.output
    assert b"<title>NT-NCSR</title>" in (tmp_path / "ntncsr-20260630placeholder.htm").read_bytes()


def test_ascii_lists_replacements_and_refuses_a_lossy_one(
        sample_notices: dict[str, Path], tmp_path: Path) -> None:
    auxer = sample_notices["the-auxer-group-inc_NT-10-K_2002-12-31.docx"]
    societe = sample_notices["societe-exemplaire-fictive-s-a_NT-20-F_2025-12-31.docx"]
    result = runner.invoke(app, ["edgar", "--ascii", str(auxer), str(societe),
                                 "--out", str(tmp_path)])
    assert result.exit_code == 3, result.output
    assert "error: societe-exemplaire-fictive-s-a_NT-20-F_2025-12-31.docx:" in result.output
    assert "U+00E9 latin small letter e with acute -> 'e'" in result.output
    assert "--lossy-ok" in result.output
    txt = tmp_path / "nt10k-20021231auxer.txt"
    assert [p.name for p in tmp_path.iterdir()] == [txt.name]
    assert "replaced U+2612 ballot box with x -> '[X]'" in result.output
    assert not check_file(txt).errors
    text = txt.read_text("ascii")
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "[X] Form 10-K" in text and "/s/ Robert J. Scott" in text
    lossy = runner.invoke(app, ["edgar", "--ascii", "--lossy-ok", str(societe),
                                "--out", str(tmp_path)])
    assert lossy.exit_code == 0, lossy.output
    assert "x, lossy)" in lossy.output and (tmp_path / "nt20f-20251231societe.txt").is_file()


def test_merge_edgar_writes_and_reports_every_htm(sample: Path, tmp_path: Path) -> None:
    out, report = tmp_path / "notices", tmp_path / "report.csv"
    result = runner.invoke(app, ["merge", str(sample), "--out", str(out), "--edgar",
                                 "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "8 notices written to" in result.output and "8 EDGAR documents (.htm)" in result.output
    htms = sorted(out.glob("*.htm"))
    assert len(htms) == 8 and all(not check_file(h).errors for h in htms)
    rows = list(csv.DictReader(report.read_text("utf-8-sig").splitlines()))
    assert {r["EDGAR File"] for r in rows} == {h.name for h in htms}
    assert {r["EDGAR Submission Type"].split(" (")[0] for r in rows} == {
        "NT 10-K", "NT 10-Q", "NT 20-F", "NT 11-K", "NT 10-D", "NT N-CEN", "NT-NCSR"}
    again = runner.invoke(app, ["merge", str(sample), "--out", str(out), "--edgar"])
    assert again.exit_code == 4 and "already exists" in again.output


def test_merge_edgar_refuses_a_notice_with_a_blank_to_fill(tmp_path: Path) -> None:
    rows = [dict(GOOD_ROW), {**GOOD_ROW, "Registrant Name": "Second Corp.", "Narrative": None}]
    workbook = write_workbook(tmp_path / "book.xlsx", rows)
    out = tmp_path / "notices"
    result = runner.invoke(app, ["merge", str(workbook), "--out", str(out), "--edgar"])
    assert result.exit_code == 3, result.output
    assert "2 notices written" in result.output and "1 EDGAR document (.htm)" in result.output
    assert "Registrants: error:" in result.output and "[\u25cf] to fill in" in result.output
    assert [p.name for p in out.glob("*.htm")] == ["nt10q-20260930example.htm"]
    assert len(list(out.glob("*.docx"))) == 2


def test_row_form_and_checked_box_must_agree(auxer: Path, tmp_path: Path) -> None:
    from docgen.edgar.conversion import convert
    from docgen.edgar.source import SourceError

    try:
        convert(auxer, expected_form="10-Q")
    except SourceError as exc:
        assert "the checked box is Form 10-K but the row says 10-Q (V17)" in str(exc)
    else:
        raise AssertionError("a form mismatch must be refused")
    renamed = variant(auxer.read_bytes(),
                      lambda r: set_text(paragraph_with(r, "THE AUXER"), "THE AUXER & SONS"))
    assert convert(auxer, renamed).name == "nt10k-20021231auxer.htm"


def test_large_runs_convert_in_several_processes_with_the_same_result(
        tmp_path: Path, monkeypatch: object) -> None:
    import docgen.edgar.batch as batch

    rows = [{**GOOD_ROW, "Registrant Name": f"Corp No. {n}"} for n in range(6)]
    rows.append({**GOOD_ROW, "Registrant Name": "Blank Corp.", "Narrative": None})
    workbook = write_workbook(tmp_path / "book.xlsx", rows)
    outputs = {}
    for threshold in (10_000, 2):  # in this process, then in a pool of one per core
        monkeypatch.setattr(batch, "EDGAR_PARALLEL_MIN", threshold)  # type: ignore[attr-defined]
        out = tmp_path / f"out{threshold}"
        result = runner.invoke(app, ["merge", str(workbook), "--out", str(out), "--edgar"])
        assert result.exit_code == 3, result.output
        assert "6 EDGAR documents (.htm)" in result.output
        outputs[threshold] = {p.name: p.read_bytes() for p in out.glob("*.htm")}
        assert not list(out.glob(".docgen-*"))
    assert outputs[2] == outputs[10_000] and len(outputs[2]) == 6
