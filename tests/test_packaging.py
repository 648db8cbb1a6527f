"""A plain `pip install .` ships the template: docgen merge works from any folder."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE


def test_wheel_ships_the_template_and_runs_outside_the_repo(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = wheels.glob("docgen-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert "docgen/word_templates/form_12b25.docx" in archive.namelist()
        assert "docgen/word_templates/form_12b25_per_item.docx" in archive.namelist()
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-c", "import docgen, sys; print(docgen.__file__)"],
        capture_output=True, text=True, env=env, cwd=elsewhere, timeout=60,
    )
    assert done.stdout.startswith(str(target)), done.stdout + done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "merge", str(SAMPLE)],
        capture_output=True, text=True, env=env, cwd=elsewhere, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "8 notices written to notices/; 2 warnings"
    assert len(list((elsewhere / "notices").glob("*.docx"))) == 8


_PROBE = ("import runpy, sys; sys.argv = ['docgen'] + sys.argv[1:]\n"
          "try:\n    runpy.run_module('docgen', run_name='__main__')\n"
          "except SystemExit:\n    pass\n"
          "print(sorted(m for m in sys.modules), file=sys.stderr)")


def _loaded(tmp_path: Path, *args: str) -> tuple[str, set[str]]:
    """stdout of ``docgen *args`` in a fresh process, and the modules it imported."""
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    return done.stdout, set(ast.literal_eval(done.stderr.strip().splitlines()[-1]))


HEAVY = ("openpyxl", "docx", "docxcompose", "docxtpl", "rich.progress", "pydantic")


def test_a_plain_merge_imports_no_heavy_library(tmp_path: Path) -> None:
    """Start-up (#18): reading and merging never import openpyxl (its helpers are in
    docgen.workbook.excel), and once docxtpl's clean-up of the template is cached (the first
    run), neither python-docx, docxcompose nor docxtpl; nor rich's progress bar
    without a terminal."""
    import shutil

    shutil.copyfile(ROOT / "sample_workbooks" / "registrants.xlsx", tmp_path / "r.xlsx")
    first, _ = _loaded(tmp_path, "merge", "r.xlsx", "-q")
    assert "8 notices written" in first
    again, modules = _loaded(tmp_path, "merge", "r.xlsx", "-q", "--overwrite")
    assert "8 notices written" in again
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)
    assert heavy == [], heavy


def test_version_loads_none_of_the_pipeline(tmp_path: Path) -> None:
    out, modules = _loaded(tmp_path, "--version")
    assert out.startswith("docgen ")
    for heavy in ("docgen.api", "docgen.edgar.batch", "docgen.template.render",
                  "docgen.outputs.calendar_file", "docgen.rules.deadlines", "rich.console",
                  "docgen.web.manifest", "jinja2", "lxml.etree"):
        assert heavy not in modules, heavy


def test_public_functions_are_plain_functions_no_module_shadows() -> None:
    """#26: docgen.merge, check and deadlines (and docgen.edgar.convert) are functions;
    no module has their names, so importing every module leaves them as they are."""
    import importlib
    import types

    import docgen
    import docgen.edgar

    for module in ("docgen.api", "docgen.engine.schedule", "docgen.rules.deadlines",
                   "docgen.edgar.conversion"):
        importlib.import_module(module)
    for function in (docgen.merge, docgen.check, docgen.deadlines, docgen.edgar.convert):
        assert isinstance(function, types.FunctionType), function


# Markers for the fast lane (README, "Development"): -m "not slow and not office and not browser"
pytestmark = [pytest.mark.slow]
