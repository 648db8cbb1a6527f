"""Notices saved again by LibreOffice (docx -> docx, and docx -> .doc -> docx) read the
same: the key in the custom properties survives, and so do the boxes and values."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

import docgen
from tests.readback.season import edit, season, set_box

from conftest import require_office

pytestmark = pytest.mark.office
TODAY = dt.date(2026, 11, 12)


def _convert(soffice: str, profile: Path, target: str, out: Path, files: list[Path]) -> None:
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", target, "--outdir", str(out),
                    *map(str, files)], check=True, capture_output=True, timeout=300)


def _seen(report: docgen.readback.run.StatusReport) -> list[tuple[object, ...]]:  # type: ignore[name-defined]
    return [(r.row, r.state, r.matched_by, [str(f) for f in r.findings])
            for r in report.notices]


def test_libreoffice_round_trips_keep_what_status_reads(tmp_path: Path) -> None:
    soffice = require_office()
    workbook, folder, notices = season(tmp_path)
    edit(notices[2], set_box("Yes", False, 0))
    edit(notices[2], set_box("Yes", True, 1))
    before = docgen.status(folder, workbook, today=TODAY)
    assert [s for _, s, _, _ in _seen(before)] == ["ready", "draft", "needs review", "ready",
                                                  "filed"]
    profile = tmp_path / "profile"
    files = sorted(folder.glob("*.docx"))
    _convert(soffice, profile, "docx:MS Word 2007 XML", tmp_path / "saved", files)
    assert _seen(docgen.status(tmp_path / "saved", workbook, today=TODAY)) == _seen(before)
    _convert(soffice, profile, "doc", tmp_path / "doc", files)
    _convert(soffice, profile, "docx:MS Word 2007 XML", tmp_path / "back",
             sorted((tmp_path / "doc").glob("*.doc")))
    assert _seen(docgen.status(tmp_path / "back", workbook, today=TODAY)) == _seen(before)
