"""The issue's "Done when", as a test: a team merged 40 notices, edited them in Word
(python-docx, saving the package again) and LibreOffice (saved by it), filed a few,
and one command tells, correctly, which are ready, drafts, different, missing and filed."""

from __future__ import annotations

import copy
import datetime as dt
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

import docgen
from docgen.cli.app import app
from tests.readback.season import edit, season, set_box

from conftest import GOOD_ROW, require_office

TODAY = dt.date(2026, 11, 12)


def _rows() -> list[dict[str, object]]:
    rows = []
    for n in range(40):
        row: dict[str, object] = {**GOOD_ROW, "Registrant Name": f"Registrant {n + 2} Corp."}
        if n % 10 == 3:
            row["Signer Title"] = ""  # a draft: [●] Signer Title
        if n % 10 == 7:
            row["Filed"] = "0001234567-26-00000" + str(n % 10)
        rows.append(row)
    return rows


def python_docx_edit(path: Path) -> None:
    """Open and save with python-docx, as another program would: every run split in two,
    every content control replaced by its content (boxes become ☒/☐ characters)."""
    document = Document(str(path))
    body = document.element.body
    for run in list(body.iter(qn("w:r"))):
        texts = run.findall(qn("w:t"))
        if len(texts) == 1 and len(texts[0].text or "") > 3 and len(run) <= 2:
            tail = copy.deepcopy(run)
            half = len(texts[0].text) // 2
            tail.find(qn("w:t")).text = texts[0].text[half:]
            texts[0].text = texts[0].text[:half]
            for t in (texts[0], tail.find(qn("w:t"))):
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.addnext(tail)
    for sdt in list(body.iter(qn("w:sdt"))):
        content = sdt.find(qn("w:sdtContent"))
        for child in list(content) if content is not None else []:
            sdt.addprevious(child)
        sdt.getparent().remove(sdt)
    document.save(str(path))


@pytest.mark.office
def test_forty_notices_edited_in_word_and_libreoffice(tmp_path: Path) -> None:
    soffice = require_office()
    workbook, folder, notices = season(tmp_path, _rows())
    assert len(notices) == 40
    for row in (2, 12, 22, 32):  # Part IV (2) answered No in the notice
        edit(notices[row], set_box("Yes", False, 0))
        edit(notices[row], set_box("Yes", True, 1), author="Jane Roe")
    for row in range(3, 41, 3):  # a third through python-docx
        python_docx_edit(notices[row])
    libre = [notices[row] for row in range(4, 41, 4)]  # a quarter saved by LibreOffice
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "docx:MS Word 2007 XML",
                    "--outdir", str(tmp_path / "saved"), *map(str, libre)],
                   check=True, capture_output=True, timeout=300)
    for path in libre:
        path.write_bytes((tmp_path / "saved" / path.name).read_bytes())
    notices[41].unlink()  # not written yet
    notices[40].unlink()
    report = docgen.status(folder, workbook, today=TODAY)
    states = {r.row: r.state for r in report.notices}
    assert len(states) == 40
    assert {r.matched_by for r in report.notices if r.file} == {"properties"}  # all kept it
    assert {r for r, s in states.items() if s == "filed"} == {9, 19, 29, 39}
    assert {r for r, s in states.items() if s == "draft"} == {5, 15, 25, 35}
    assert {r for r, s in states.items() if s == "needs review"} == {2, 12, 22, 32}
    assert {r for r, s in states.items() if s == "missing"} == {40, 41}
    assert report.summary().startswith("26 ready, 4 draft, 4 needs review, 2 missing, "
                                       "4 filed; next due")
    review = next(r for r in report.notices if r.row == 12)
    assert [str(f) for f in review.findings] == [
        "Registrants!Q12: Other Reports Filed not ticked in the notice, Yes in the workbook"]
    assert review.author == "Jane Roe"
    result = CliRunner().invoke(app, ["status", str(folder), str(workbook), "--only",
                                      "draft,needs-review", "--today", "2026-11-12"])
    assert result.exit_code == 3, result.output
    shown = [line.split()[0] for line in result.output.splitlines()
             if line.startswith(("draft ", "needs review "))]
    assert sorted(shown) == ["draft"] * 4 + ["needs"] * 4
