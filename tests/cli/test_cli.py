"""The command line, through typer's CliRunner (and once as a real process)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from docgen import __version__
from docgen.cli.app import app

runner = CliRunner()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_merge_writes_every_notice(sample: Path, tmp_path: Path) -> None:
    before = sha256(sample)
    out = tmp_path / "notices"
    result = runner.invoke(app, ["merge", str(sample), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"8 notices written to {out}/" in result.stdout
    assert len(list(out.glob("*.docx"))) == 8
    assert "Registrants!K2: warning:" in result.stderr
    assert sha256(sample) == before  # the workbook is never modified
    assert not list(out.glob(".docgen-*"))  # no temporary files left


def test_quiet_hides_warnings(sample: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.strip() == f"8 notices written to {tmp_path}/; 2 warnings"


def test_existing_output_is_refused_and_nothing_written(sample: Path, tmp_path: Path) -> None:
    first = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path)])
    assert first.exit_code == 0, first.output
    auxer = tmp_path / "the-auxer-group-inc_NT-10-K_2002-12-31.docx"
    auxer.write_bytes(b"lawyer's edits")
    other = next(p for p in tmp_path.glob("*.docx") if p != auxer)
    other.unlink()
    second = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path)])
    assert second.exit_code == 4, second.output
    assert "already exists" in second.stderr and "--overwrite" in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1
    assert auxer.read_bytes() == b"lawyer's edits"
    assert not other.exists()  # nothing at all was written
    third = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path), "--overwrite"])
    assert third.exit_code == 0, third.output
    assert auxer.read_bytes() != b"lawyer's edits" and other.exists()


def test_missing_workbook_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["merge", str(tmp_path / "nope.xlsx"), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "nope.xlsx" in lines[0] and "no such file" in lines[0]


def test_not_a_workbook(tmp_path: Path) -> None:
    csv = tmp_path / "registrants.csv"
    csv.write_text("Registrant Name\nX\n")
    result = runner.invoke(app, ["merge", str(csv), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "save it as .xlsx" in result.stderr
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = runner.invoke(app, ["merge", str(broken), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a readable .xlsx" in result.stderr and "Traceback" not in result.output


def test_custom_name_pattern(sample: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path),
                                 "--name", "{row}-{edgar_form}"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "2-NT 10-K.docx").exists()
    bad = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path / "x"),
                              "--name", "{nosuchfield}"])
    assert bad.exit_code == 2
    assert "unknown field {nosuchfield}" in bad.stderr


def test_version_and_help() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"docgen {__version__}"
    result = runner.invoke(app, ["merge", "--help"])
    assert result.exit_code == 0
    for option in ("--template", "--out", "--name", "--overwrite", "--quiet"):
        assert option in result.stdout


def test_python_dash_m(sample: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "merge", str(sample), "-o", str(tmp_path / "n")],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"8 notices written to {tmp_path / 'n'}/; 2 warnings"
