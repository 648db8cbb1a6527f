"""Every door sees the same engine (#26): one workbook and one docgen.toml (a closure and
a [merge] default) through the command line, the Python API, the page's API and the
LibreOffice extension give the same problems, the same deadlines and the same notices.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

import docgen
from docgen.cli.serve import page_options
from docgen.engine.schedule import record
from docgen.web.app import Settings, create_app
from tests.web.conftest import ORIGIN, merged, upload

from conftest import SAMPLE
from docxread import box_states, paragraphs

TODAY = dt.date(2026, 11, 25)
TOML = 'closures = ["2003-03-31"]\n\n[merge]\nunsigned = true\n'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "registrants.xlsx").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "docgen.toml").write_text(TOML)
    return tmp_path


def _cli(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "docgen", *args], capture_output=True,
                          text=True, timeout=300, cwd=folder)


def _problems(items: list[Any]) -> list[tuple[str, str, str]]:
    return [(p["cell"], p["severity"], p["message"]) if isinstance(p, dict)
            else (p.cell, p.severity.value, p.message) for p in items]


def _notices(paths: list[Path]) -> dict[str, tuple[list[str], list[bool]]]:
    return {p.name: (paragraphs(p), box_states(p)) for p in paths}


def test_cli_api_page_and_extension_agree(folder: Path, tmp_path_factory: pytest.TempPathFactory
                                          ) -> None:
    workbook = folder / "registrants.xlsx"
    # The command line.
    checked = _cli(folder, "check", "registrants.xlsx", "--format", "json")
    assert checked.returncode == 0, checked.stderr
    cli_problems = _problems(json.loads(checked.stdout)["problems"])
    dated = _cli(folder, "deadlines", "registrants.xlsx", "--format", "json", "--today",
                 TODAY.isoformat())
    assert dated.returncode == 0, dated.stderr
    cli_deadlines = json.loads(dated.stdout)["rows"]
    made = _cli(folder, "merge", "registrants.xlsx", "-o", "cli", "-q")
    assert made.returncode == 0, made.stderr
    cli_notices = _notices(sorted((folder / "cli").glob("*.docx")))

    # The Python API.
    api_problems = _problems(list(docgen.check(workbook).problems))
    rows, _found = docgen.deadlines(workbook, today=TODAY)
    api_deadlines = [record(row) for row in rows]
    api_notices = _notices([n.path for n in docgen.merge(workbook, out_dir=folder / "api")
                            .written if n.path is not None])

    # The page, served from the folder that holds the docgen.toml.
    options, note = page_options(folder / "docgen.toml")
    assert "closures 2003-03-31" in note and "[merge] unsigned = True" in note
    settings = Settings(today=TODAY, options=options, config=folder / "docgen.toml",
                        config_note=note)
    with TestClient(create_app(settings), base_url=ORIGIN) as client:
        client.headers["X-Docgen-CSRF"] = settings.csrf
        assert "closures 2003-03-31" in client.get("/").text
        answer = upload(client, workbook).json()
        page_problems = _problems(answer["problems"])
        page_deadlines = sorted(answer["deadlines"], key=lambda r: r["row"])
        assert merged(client, answer["job"])["status"] == "merged"
        archive = client.get(f"/api/jobs/{answer['job']}/notices.zip").content
    unpacked = folder / "page"
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        zipped.extractall(unpacked)
    page_notices = _notices(sorted(unpacked.glob("*.docx")))

    assert cli_problems == api_problems == page_problems
    assert cli_deadlines == api_deadlines == page_deadlines
    assert cli_notices == api_notices == page_notices
    auxer = next(r for r in cli_deadlines if r["row"] == 2)
    assert auxer["due"] == "2003-04-01"  # the firm's closure moved it from 2003-03-31
    assert not any("/s/" in line for lines, _boxes in cli_notices.values() for line in lines)

    # The LibreOffice extension, on a copy of the same folder.
    from extension.test_plugin import _office, drive

    office_folder = tmp_path_factory.mktemp("extension")
    shutil.copyfile(workbook, office_folder / "registrants.xlsx")
    shutil.copyfile(folder / "docgen.toml", office_folder / "docgen.toml")
    office = _office(tmp_path_factory, background=False)
    try:
        drive(next(office), office_folder / "registrants.xlsx", "menu")
    finally:
        office.close()
    extension_notices = _notices(sorted((office_folder / "notices").glob("*.docx")))
    assert extension_notices == cli_notices


# Markers for the fast lane (README, "Development"): -m "not slow and not office and not browser"
pytestmark = [pytest.mark.office]
