"""A small filing season: a workbook, its notices merged, and edits as Word and
LibreOffice leave them (each edit is a function on document.xml, see tests.edgar.build)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from docgen import merge
from tests.edgar.build import W, fragment, paragraph_with, variant

from conftest import GOOD_ROW, write_workbook

W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"

# Row 2 ready, 3 draft (Signer Title blank), 4 filed, 5 ready (10-K), 6 ready (20-F).
ROWS: list[dict[str, object]] = [
    {**GOOD_ROW, "Registrant Name": "Alpha Ready Corp. (fictitious)", "Period Ended":
     "2026-09-30"},
    {**GOOD_ROW, "Registrant Name": "Beta Draft & Sons <fictitious>", "Signer Title": ""},
    {**GOOD_ROW, "Registrant Name": "Gamma Filed Inc. (fictitious)", "Filed": "2026-11-16"},
    {**GOOD_ROW, "Registrant Name": "Delta Annual Corp. (fictitious)", "Form": "10-K",
     "Period Ended": "2026-09-30", "Filer Status": "large accelerated"},
    {**GOOD_ROW, "Registrant Name": "Société Epsilon S.A. (fictitious)", "Form": "20-F",
     "Period Ended": "2026-06-30"},
]
NAMES = {2: "alpha", 3: "beta", 4: "gamma", 5: "delta", 6: "epsilon"}


def season(folder: Path, rows: list[dict[str, object]] | None = None,
           **options: object) -> tuple[Path, Path, dict[int, Path]]:
    """(workbook, notices folder, row -> notice) for ``rows`` merged into ``folder``."""
    workbook = write_workbook(folder / "registrants.xlsx", rows or ROWS)
    report = merge(workbook, out_dir=folder / "notices", name_pattern="{row}", **options)
    written = {n.row: n.path for n in report.written if n.path is not None}
    return workbook, folder / "notices", written


def edit(path: Path, change: Callable[[etree._Element], None], author: str = "",
         when: str = "2026-11-10T16:42:00Z") -> None:
    """Apply ``change`` to the notice's document.xml, in place; with ``author``, save it
    as Word does (last modified by, when, revision + 1)."""
    data = variant(path.read_bytes(), change)
    if author:
        core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
        core = re.sub(r"<cp:lastModifiedBy>.*?</cp:lastModifiedBy>",
                      f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy>", core)
        core = re.sub(r"(<dcterms:modified[^>]*>).*?(</dcterms:modified>)", rf"\g<1>{when}\2",
                      core)
        core = re.sub(r"<cp:revision>(\d+)</cp:revision>",
                      lambda m: f"<cp:revision>{int(m.group(1)) + 1}</cp:revision>", core)
        data = _replaced(data, "docProps/core.xml", core.encode())
    path.write_bytes(data)


def _replaced(docx: bytes, part: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == part else source.read(info))
    return out.getvalue()


def without_part(path: Path, part: str) -> None:
    """The notice without one package part (and nothing else changed)."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info))
    path.write_bytes(out.getvalue())


def set_box(label: str, checked: bool, nth: int = 0) -> Callable[[etree._Element], None]:
    """Tick (or clear) the ``nth`` checkbox control of the paragraph that has ``label``,
    as Word does: its state and its glyph."""
    def change(root: etree._Element) -> None:
        paragraph = next(p for p in root.iter(f"{W}p")
                         if label in "".join(p.itertext()))
        control = list(paragraph.iter(f"{W14}checkbox"))[nth]
        control.find(f"{W14}checked").set(f"{W14}val", "1" if checked else "0")
        sdt = control.getparent().getparent()
        sdt.find(f".//{W}t").text = "\u2612" if checked else "\u2610"
    return change


def set_paragraph(starting: str, text: str) -> Callable[[etree._Element], None]:
    """Replace the text of the paragraph that starts with ``starting``, as typing does."""
    def change(root: etree._Element) -> None:
        paragraph = paragraph_with(root, starting)
        runs = list(paragraph.iter(f"{W}t"))
        runs[0].text = text
        for extra in runs[1:]:
            extra.text = ""
    return change


def split_runs(root: etree._Element) -> None:
    """Every run cut into runs of two characters with proofing marks between, as
    spell-check and revision marks leave them."""
    for run in list(root.iter(f"{W}r")):
        texts = run.findall(f"{W}t")
        if len(texts) != 1 or len(texts[0].text or "") < 3 or any(
                child.tag not in (f"{W}t", f"{W}rPr") for child in run):
            continue
        text = texts[0].text or ""
        parent, at = run.getparent(), run.getparent().index(run)
        parent.remove(run)
        for n, start in enumerate(range(0, len(text), 2)):
            piece = etree.fromstring(etree.tostring(run))
            piece.find(f"{W}t").text = text[start:start + 2]
            piece.find(f"{W}t").set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            parent.insert(at + 2 * n, piece)
            parent.insert(at + 2 * n + 1, fragment('<w:proofErr w:type="spellStart"/>'))


def controls_to_text(root: etree._Element) -> None:
    """Every content control replaced by its content: checkboxes become plain ☒/☐."""
    for sdt in list(root.iter(f"{W}sdt")):
        content = sdt.find(f"{W}sdtContent")
        parent = sdt.getparent()
        at = parent.index(sdt)
        parent.remove(sdt)
        for n, child in enumerate(list(content) if content is not None else []):
            parent.insert(at + n, child)


def track_insertion(root: etree._Element) -> None:
    run = paragraph_with(root, "1 Example St.").find(f"{W}r")
    inserted = fragment('<w:ins w:id="901" w:author="Associate" w:date="2026-11-20T10:00:00Z">'
                        '<w:r><w:t xml:space="preserve"> Suite 5</w:t></w:r></w:ins>')
    run.addnext(inserted)


def add_comment(root: etree._Element) -> None:
    paragraph_with(root, "1 Example St.").append(
        fragment('<w:r><w:commentReference w:id="0"/></w:r>'))


def unhighlight(root: etree._Element) -> None:
    """Highlighting removed (Word: Text Highlight Color > No Color)."""
    for mark in list(root.iter(f"{W}highlight")):
        mark.getparent().remove(mark)
