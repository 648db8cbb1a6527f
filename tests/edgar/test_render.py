"""The Auxer .htm as a browser engine shows it (LibreOffice's HTML engine, to PDF),
against the .docx as LibreOffice prints it: the same words and the same boxes."""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from docgen.edgar.conversion import convert

from conftest import require_office
from docxread import box_states
from outputs.test_office import pdf_text


def test_auxer_htm_renders_with_the_docx_text_and_boxes(auxer: Path, tmp_path: Path) -> None:
    soffice = require_office()
    converted = convert(auxer)
    htm = tmp_path / converted.name
    htm.write_bytes(converted.data)
    docx = tmp_path / auxer.name
    docx.write_bytes(auxer.read_bytes())
    for source in (htm, docx):
        subprocess.run([soffice, "--headless", "--norestore", "--convert-to", "pdf",
                        "--outdir", str(tmp_path / source.suffix[1:]), str(source)],
                       check=True, capture_output=True, timeout=300,
                       env={**os.environ, "HOME": str(tmp_path)})
    shown = pdf_text(tmp_path / "htm" / (htm.stem + ".pdf"))
    printed = pdf_text(tmp_path / "docx" / (docx.stem + ".pdf"))
    boxes = [c for c in shown if c in "\u2610\u2612"]
    assert boxes == [c for c in printed if c in "\u2610\u2612"]
    assert boxes == ["\u2612" if on else "\u2610" for on in box_states(auxer)]
    assert boxes.count("\u2612") == 4 and len(boxes) == 16  # 10-K, Part II, Yes, No
    # Table cells may come out glued or apart, so compare what is printed, not spacing.
    assert Counter("".join(shown.split())) == Counter("".join(printed.split()))
    for line in ("FORM 12b-25", "THE AUXER GROUP, INC.", "By: /s/ Robert J. Scott",
                 "PART III \u2014 NARRATIVE"):
        assert line in shown


# Markers for the fast lane (README, "Development"): -m "not slow and not office and not browser"
pytestmark = [pytest.mark.office]
