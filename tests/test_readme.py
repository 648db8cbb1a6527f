"""The README's examples are what docgen prints today: each ``$ docgen ...`` line of a
``text`` block runs on a copy of the sample workbooks, and its output must be the
lines shown (``...`` stands for lines left out). Only ``docgen plugin install`` is
not run here: it installs into LibreOffice for every user (tests/test_plugin.py
installs it into a profile of its own)."""

from __future__ import annotations

import os
import re
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


def first_command() -> tuple[str, list[str], int]:
    """The docgen part of the README's first command (install and run), and the line
    the README says it prints."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    bash = re.search(r"```bash\n(.*?)```", text, re.DOTALL)
    assert bash is not None
    command = bash.group(1).strip().rpartition(".venv/bin/")[2]
    said = re.search(r"The first command prints `([^`]+)`", text)
    assert command.startswith("docgen merge") and said is not None
    return command, ["...", said.group(1)], 0


def in_order() -> list[tuple[str, list[str], int]]:
    """Every ``$ docgen ...`` step of the README's ``text`` blocks, in reading order:
    (command, expected lines, expected exit code). A last line ``[exit N]`` under a
    command's output shows the exit code the README promises; otherwise it is 0."""
    found = [first_command()]
    for _first, steps in examples():
        for command, expected in steps:
            code = 0
            if expected and re.fullmatch(r"\[exit \d+\]", expected[-1]):
                code = int(expected[-1][6:-1])
                expected = expected[:-1]
            found.append((command, expected, code))
    return found


@pytest.mark.slow
@pytest.mark.office
def test_the_readme_pasted_in_order_into_one_shell(tmp_path: Path) -> None:
    """A new user's first hour: a fresh clone, ``source .venv/bin/activate``, then the
    README's commands pasted one after another into one shell. Each step sees what the
    steps before it left behind (notices/, season/, deadlines.ics ...), so a section
    that needs its own folder or --overwrite must say so."""
    require_office()  # one step makes PDFs
    shutil.copytree(ROOT / "sample_workbooks", tmp_path / "sample_workbooks")
    steps = in_order()
    script = ["set +e"]
    for number, (command, _expected, _code) in enumerate(steps):
        script += [f"echo '@@step {number}'", f"{command} 2>&1 </dev/null",
                   "echo \"@@exit $?\""]
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
                   f"{os.environ.get('PATH', '')}", "COLUMNS": "80", "NO_COLOR": "1"}
    done = subprocess.run(["bash", "-c", "\n".join(script)], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, timeout=900)
    outputs = done.stdout.split("@@step ")[1:]
    assert len(outputs) == len(steps), done.stdout[-2000:] + done.stderr[-2000:]
    failures = []
    for (command, expected, code), output in zip(steps, outputs):
        lines = output.splitlines()[1:]
        exit_line = lines.pop()
        actual_code = int(exit_line.removeprefix("@@exit "))
        if actual_code != code or not matches(expected, lines):
            failures.append(f"$ {command}  (exit {actual_code}, README: {code})\n"
                            + "\n".join(lines))
    assert not failures, "\n\n".join(failures)


def test_the_readme_python_examples_run_in_order(tmp_path: Path) -> None:
    """Every ``python`` block of the README, one after another in one folder holding the
    sample workbook, as a reader pastes them (#26: the API kept its documented calls)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert len(blocks) >= 3
    shutil.copyfile(ROOT / "sample_workbooks" / "registrants.xlsx",
                    tmp_path / "registrants.xlsx")
    script = "\n".join(f"exec({block!r})" for block in blocks)
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "nt10k-20021231auxer.htm NT 10-K" in done.stdout
    assert ("\n8 ready; next due Placeholder Municipal Bond Fund (fictitious) in 8 days; 3 "
            "overdue\n") in done.stdout  # docgen.status on the notices merged above
