"""``docgen edgar --check``: one must-fail file per checklist row, and real filings pass."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli.app import app
from docgen.edgar.checker import check_html
from tests.edgar.build import BAD_HTML, GOOD_HTML, WARN_HTML
from tests.edgar.conftest import real_filings

runner = CliRunner()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_the_good_file_passes() -> None:
    result = check_html(GOOD_HTML, "nt10k-20030331auxer.htm")
    assert result.findings == [] and result.form == "10-K"


@pytest.mark.parametrize("rule", sorted(BAD_HTML))
def test_each_rule_has_a_file_that_fails_it(tmp_path: Path, rule: str) -> None:
    name, data = BAD_HTML[rule]
    path = _write(tmp_path, name, data)
    result = runner.invoke(app, ["edgar", "--check", str(path)])
    assert result.exit_code == 3, result.output
    assert re.search(rf"^{re.escape(str(path))}:\d+:\d+: {rule} error: ", result.output, re.M), (
        result.output)
    assert path.read_bytes() == data  # reported, never fixed


@pytest.mark.parametrize("rule", sorted(WARN_HTML))
def test_warnings_leave_a_file_valid(tmp_path: Path, rule: str) -> None:
    name, data = WARN_HTML[rule]
    path = _write(tmp_path, name, data)
    result = runner.invoke(app, ["edgar", "--check", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.output)
    assert record["valid"] is True
    assert [f["rule"] for f in record["findings"]] == [rule]
    assert record["findings"][0]["severity"] == "warning"


def test_findings_name_line_and_column(tmp_path: Path) -> None:
    data = GOOD_HTML.replace(b"<p>Date", b"<p>Dat\xc3\xa9 <span>x</span>")
    result = check_html(data, "nt10k-x.htm")
    where = {(f.rule, f.line, f.column) for f in result.errors}
    assert ("V01", 5, 7) in where and ("V01", 5, 8) in where and ("V05", 5, 10) in where


@pytest.mark.parametrize("name", ["quantum_nt10k.htm", "domo_nt10q.htm"])
def test_real_nt_filings_edgar_accepted_pass(tmp_path: Path, name: str) -> None:
    disseminated = (real_filings() / name).read_bytes()
    assert check_html(disseminated, name).errors  # the <DOCUMENT> wrapper is not the filing
    filename = re.search(rb"<FILENAME>(\S+)", disseminated).group(1).decode()  # type: ignore[union-attr]
    document = disseminated.split(b"<TEXT>\n", 1)[1].rsplit(b"</TEXT>", 1)[0]
    path = _write(tmp_path, filename, document)
    result = runner.invoke(app, ["edgar", "--check", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.output)
    assert record["valid"] and record["form"] == ("10-K" if "10k" in name else "10-Q")
    assert record["submission_type"] == ("NT 10-K" if "10k" in name else "NT 10-Q")
    assert all(f["severity"] == "warning" for f in record["findings"])


def test_docgen_output_is_checked_with_no_finding(sample_notices: dict[str, Path],
                                                  tmp_path: Path) -> None:
    out = tmp_path / "edgar"
    result = runner.invoke(app, ["edgar", *map(str, sample_notices.values()), "--out", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.htm"))
    assert len(files) == 8
    checked = runner.invoke(app, ["edgar", "--check", *map(str, files)])
    assert checked.exit_code == 0, checked.output
    assert checked.output.count("passes docgen's EDGAR checklist\n") == 8
    assert len(checked.output.splitlines()) == 8  # no finding, not even a warning


def test_a_sec_archive_link_and_an_internal_link_are_allowed() -> None:
    data = GOOD_HTML.replace(b"</body>", b'<a href="#part3">III</a> <a href="https://'
                             b'www.sec.gov/Archives/edgar/data/1/000.htm">x</a></body>')
    assert not check_html(data, "nt10k-x.htm").errors
