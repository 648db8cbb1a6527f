"""The README's examples are what docgen prints today: each ``$ docgen ...`` line of a
``text`` block runs on a copy of the sample workbooks, and its output must be the
lines shown (``...`` stands for lines left out). Only ``docgen plugin install`` is
not run here: it installs into LibreOffice for every user (tests/test_plugin.py
installs it into a profile of its own)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, require_office

NOT_RUN = ("docgen plugin install",)


def examples() -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """(first command, [(command, expected lines)]) for each ``text`` block of the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = []
    for block in re.findall(r"```text\n(.*?)```", text, re.DOTALL):
        steps: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if not line.startswith("$ #"):
                    steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line)
        if steps and steps[0][0].startswith("docgen") and not steps[0][0].startswith(NOT_RUN):
            blocks.append((steps[0][0], steps))
    return blocks


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is ``expected``, where a ``...`` line stands for any lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and matches(expected[1:], actual[1:])


def test_the_readme_has_examples_to_check() -> None:
    commands = [first for first, _steps in examples()]
    assert any(c.startswith("docgen merge sample_workbooks") for c in commands)
    assert any(c.startswith("docgen check") for c in commands)
    assert any(c.startswith("docgen deadlines") for c in commands)
    assert any(c.startswith("docgen init") for c in commands)


@pytest.mark.parametrize("first, steps", examples(), ids=[f for f, _s in examples()])
def test_readme_example(first: str, steps: list[tuple[str, list[str]]],
                        tmp_path: Path) -> None:
    shutil.copytree(ROOT / "sample_workbooks", tmp_path / "sample_workbooks")
    for command, expected in steps:
        if "--pdf" in command:
            require_office()
        args = shlex.split(command)
        done = subprocess.run([sys.executable, "-m", "docgen", *args[1:]], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)
        actual = done.stderr.splitlines() + done.stdout.splitlines()
        assert matches(expected, actual), f"$ {command}\n" + "\n".join(actual)
        if args[1] == "init":  # "fill in the workbook": here, with the sample's registrants
            shutil.copyfile(tmp_path / "sample_workbooks" / "registrants.xlsx",
                            tmp_path / args[2] / "registrants.xlsx")
