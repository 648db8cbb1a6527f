"""A plain `pip install .` ships the template: docgen merge works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

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


def test_a_plain_merge_does_not_load_openpyxl(tmp_path: Path) -> None:
    """Start-up (#18): reading and merging never import openpyxl (its helpers are in
    docgen.excel); --version loads none of the pipeline."""
    import shutil

    shutil.copyfile(ROOT / "sample_workbooks" / "registrants.xlsx", tmp_path / "r.xlsx")
    probe = ("import runpy, sys; sys.argv = ['docgen'] + sys.argv[1:]\n"
             "try:\n    runpy.run_module('docgen', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('openpyxl', 'docgen')), file=sys.stderr)")
    merged = subprocess.run([sys.executable, "-c", probe, "merge", "r.xlsx", "-q"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    loaded = merged.stderr.strip().splitlines()[-1]
    assert "8 notices written" in merged.stdout and "'openpyxl" not in loaded
    version = subprocess.run([sys.executable, "-c", probe, "--version"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
    modules = version.stderr.strip().splitlines()[-1]
    for heavy in ("docgen.merge", "docgen.edgar.batch", "docgen.template.render",
                  "docgen.deadlines.calendar_file"):
        assert f"'{heavy}'" not in modules


def test_public_functions_stay_callable_after_their_modules_are_imported() -> None:
    """docgen.merge and docgen.edgar.convert are also module names: whichever Python
    binds on the package, calling it runs the function."""
    import importlib

    import docgen
    import docgen.edgar

    importlib.import_module("docgen.merge")
    importlib.import_module("docgen.edgar.convert")
    from docgen import merge
    from docgen.edgar import convert

    assert callable(merge) and callable(convert) and callable(docgen.merge)
    assert callable(docgen.deadlines)
