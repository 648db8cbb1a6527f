"""`docgen merge --combine FILE.docx`: every notice in one document, each on a new page.

Uses docxcompose, which carries styles and numbering over from each document,
instead of hand-written XML merging.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docxcompose.composer import Composer

from docgen.output import write_atomic


def combine(notices: Sequence[Path], target: Path) -> None:
    """Write ``notices`` into ``target``, each starting on a new page."""
    composer = Composer(Document(str(notices[0])))
    for path in notices[1:]:
        composer.doc.add_page_break()
        composer.append(Document(str(path)))
    # Each notice brought the same content-control ids; Word wants them unique.
    for number, sdt_id in enumerate(composer.doc.element.body.iter(qn("w:id")), start=1):
        if sdt_id.getparent().tag == qn("w:sdtPr"):
            sdt_id.set(qn("w:val"), str(100000 + number))
    buffer = io.BytesIO()
    composer.save(buffer)
    write_atomic(target, buffer.getvalue())
