"""The README's `docgen status` example is what docgen prints for its season."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli.app import app
from tests.readback.readme_example import COMMAND, build

from conftest import ROOT


def test_the_readme_example_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(rf"```console\n\$ {re.escape(COMMAND)}\n(.*?)```", text, re.DOTALL)
    assert block is not None, "the README has no docgen status example"
    build(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TZ", "UTC")  # "saved ... 16:42" is shown in local time
    time.tzset()
    try:
        result = CliRunner().invoke(app, COMMAND.split()[1:])
    finally:
        monkeypatch.undo()
        time.tzset()
    assert result.exit_code == 3, result.output
    assert result.stdout.splitlines() == block.group(1).splitlines()
    assert os.path.isdir(tmp_path / "notices")
