"""What a real office suite makes of a notice: LibreOffice converts it to PDF.

Needs soffice and pdftotext; with DOCGEN_REQUIRE_OFFICE=1 (CI) a missing
install fails these tests instead of skipping them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from docgen import merge

from conftest import require_office


def _pdf_text(soffice: str, docx: Path, out: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        require_office()  # same rule: fail under DOCGEN_REQUIRE_OFFICE=1
        pytest.fail("pdftotext (poppler-utils) is required")
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{out}/profile",
         "--convert-to", "pdf", "--outdir", str(out), str(docx)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = out / (docx.stem + ".pdf")
    assert pdf.exists()
    done = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60)
    return done.stdout


def test_auxer_notice_in_libreoffice(sample: Path, tmp_path: Path) -> None:
    soffice = require_office()
    report = merge(sample, out_dir=tmp_path / "out")
    auxer = report.written[0].path
    assert auxer is not None
    pdf = _pdf_text(soffice, auxer, tmp_path)
    flat = " ".join(pdf.split())
    assert "THE AUXER GROUP, INC." in flat
    assert "Registrant did not obtain all information prior to filing date" in flat
    assert "☒ Form 10-K ☐ Form 20-F ☐ Form 11-K ☐ Form 10-Q" in flat
    assert "For the Transition Period Ended: December 31, 2002" in flat
    assert "☒ (a) The reasons described" in flat and "☐ (c) The accountant" in flat
    assert "☒ Yes ☐ No" in flat and "☐ Yes ☒ No" in flat
    assert "Robert J. Scott (231) 946-4343" in flat
    assert flat.count("☒") == 5
