"""Every slip answered in one line with its documented exit code (issue 13, item 5)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli.app import app

runner = CliRunner()


@pytest.mark.parametrize("command", [["merge"], ["check"], ["deadlines"], ["init"], ["fields"],
                                     ["plugin", "build"], ["plugin", "install"],
                                     ["plugin", "uninstall"]])
def test_every_command_has_debug(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "--debug" in result.stdout


def test_init_with_a_workbook_name_writes_that_workbook(tmp_path: Path) -> None:
    target = tmp_path / "firm" / "season.xlsx"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert target.is_file() and not (target / "registrants.xlsx").exists()
    again = runner.invoke(app, ["init", str(target)])
    assert again.exit_code == 4 and "never overwrites" in again.stderr


def test_init_on_a_file_is_a_usage_error(tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("keep")
    result = runner.invoke(app, ["init", str(afile)])
    assert result.exit_code == 2 and "is a file; give a folder" in result.stderr
    assert afile.read_text() == "keep"


def test_plugin_build_into_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "docgen.oxt"
    result = runner.invoke(app, ["plugin", "build", "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert target.is_file()


def test_python_m_plugin_help_writes_no_file(tmp_path: Path) -> None:
    for args, code in ((["--help"], 0), (["-h"], 0), (["--bogus"], 2)):
        done = subprocess.run([sys.executable, "-m", "docgen.plugin", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == code, done.stderr
        assert "usage: python -m docgen.plugin" in done.stdout + done.stderr
    assert list(tmp_path.iterdir()) == []  # no file named --help


def test_combine_into_a_missing_folder_is_created(sample: Path, tmp_path: Path) -> None:
    combined = tmp_path / "new" / "all.docx"
    result = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path / "o"),
                                 "--combine", str(combined)])
    assert result.exit_code == 0, result.output
    assert combined.is_file()


def test_messages_point_at_what_pip_users_have(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    assert book.active is not None
    book.active.title = "Registrants"
    book.active.append(["Something", "Else"])
    path = tmp_path / "wb.xlsx"
    book.save(path)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "docs/" not in result.stderr and "README" in result.stderr
