"""Hostile inputs, generated in code (no opaque binaries): each returns a file to attack with."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from conftest import GOOD_ROW, write_workbook


def patch_part(path: Path, name: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one part of a zip package (for what openpyxl or Word would not write)."""
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts[name] = change(parts.get(name, b""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return path


SHEET = "xl/worksheets/sheet1.xml"


def good_book(folder: Path, name: str, rows: int = 2) -> Path:
    return write_workbook(folder / f"{name}.xlsx", [
        {**GOOD_ROW, "Registrant Name": f"Visible {n} Corp."} for n in range(rows)])


def sheet_patch(folder: Path, name: str, change: Callable[[str], str], rows: int = 2) -> Path:
    return patch_part(good_book(folder, name, rows), SHEET,
                      lambda data: change(data.decode()).encode())


def commented_row(folder: Path) -> Path:
    """A third registrant inside an XML comment: Excel never shows it."""
    def change(xml: str) -> str:
        last = re.findall(r'<row r="3".*?</row>', xml)[0]
        ghost = last.replace('r="3"', 'r="4"').replace("A3", "A4")
        return xml.replace("</sheetData>", f"<!-- {ghost} --></sheetData>")
    return sheet_patch(folder, "commented-row", change)


def commented_merge(folder: Path) -> Path:
    """A merged range inside a comment: no merged-cell error may appear."""
    return sheet_patch(folder, "commented-merge", lambda xml: xml.replace(
        "</worksheet>", '<!-- <mergeCells count="1"><mergeCell ref="A2:B2"/></mergeCells> -->'
        "</worksheet>"))


def doctype_sheet(folder: Path) -> Path:
    return sheet_patch(folder, "doctype", lambda xml: xml.replace(
        "<worksheet", '<!DOCTYPE worksheet [<!ENTITY x "hidden">]><worksheet', 1))


def inflating_styles(folder: Path) -> Path:
    """styles.xml padded with 40 MB of whitespace: about 40 KB in the zip."""
    return patch_part(good_book(folder, "bomb"), "xl/styles.xml",
                      lambda data: data.replace(b"<styleSheet", b" " * (40 << 20) + b"<styleSheet",
                                                1) if data.startswith(b"<styleSheet") else
                      data.replace(b"?>", b"?>" + b" " * (40 << 20), 1))


def million_rows(folder: Path) -> Path:
    """A million self-closing formatted rows after the data."""
    blank = "".join(f'<row r="{n}" s="1" customFormat="1"/>' for n in range(10, 1_000_010))
    return sheet_patch(folder, "million", lambda xml: xml.replace("</sheetData>",
                                                                  blank + "</sheetData>"))


def enormous_cell(folder: Path) -> Path:
    """One inline string of 12 MB."""
    text = "A" * (12 << 20)
    return sheet_patch(folder, "enormous", lambda xml: xml.replace(
        "</sheetData>", f'<row r="9"><c r="A9" t="inlineStr"><is><t>{text}</t></is></c></row>'
        "</sheetData>"))


def odd_cells(folder: Path) -> Path:
    """Rows 4-8, each with one cell Excel would show oddly or not at all; rows 2-3 good."""
    def change(xml: str) -> str:
        third = re.findall(r'<row r="3".*?</row>', xml)[0]
        extra = []
        for number, cell in ((4, '<c r="E4" t="d"><v>2026-09-30T00:00:00</v></c>'),
                             (5, '<c r="B5" t="b"><v>2</v></c>'),
                             (6, '<c r="A6" t="s"><v>999999</v></c>'),
                             (7, '<c r="A7" t="s"><v>-1</v></c>'),
                             (8, '<c r="E8" s="0"><v>1e300</v></c>')):
            row = third.replace('r="3"', f'r="{number}"').replace("3\"", f'{number}"')
            row = re.sub(rf'<c r="{cell[6:8]}"[^>]*?(/>|>.*?</c>)', cell, row, count=1)
            extra.append(row)
        beyond = third.replace('r="3"', 'r="9"').replace("3\"", '9"').replace(
            "</row>", '<c r="XFE9"><v>1</v></c></row>')
        far = third.replace('r="3"', 'r="2000000"').replace("3\"", '2000000"')
        extra += [beyond, far]  # a cell beyond column XFD; a row beyond row 1,048,576
        duplicate = third.replace("Visible 1 Corp.", "Duplicate Corp.")
        return xml.replace("</sheetData>", "".join(extra) + "</sheetData>").replace(
            third, third + duplicate)
    return sheet_patch(folder, "odd", change)


def template_with(folder: Path, name: str, change: Callable[[Path], Path]) -> Path:
    import shutil

    from docgen.template.render import bundled_template

    path = folder / f"{name}.docx"
    shutil.copyfile(bundled_template(), path)
    return change(path)


def macro_template(folder: Path) -> Path:
    return template_with(folder, "macro", lambda p: patch_part(
        p, "word/vbaProject.bin", lambda _d: b"\xd0\xcf\x11\xe0 macro"))


def doctype_template(folder: Path) -> Path:
    return template_with(folder, "doctype-t", lambda p: patch_part(
        p, "word/document.xml", lambda d: d.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e "e">]>',
                                                    1)))


def external_file_template(folder: Path) -> Path:
    return template_with(folder, "external", lambda p: patch_part(
        p, "word/_rels/document.xml.rels", lambda d: d.replace(
            b"</Relationships>", b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats'
            b'.org/officeDocument/2006/relationships/image" Target="file:///etc/passwd" '
            b'TargetMode="External"/></Relationships>')))


def slip_template(folder: Path) -> Path:
    return template_with(folder, "slip", lambda p: patch_part(
        p, "../../evil.xml", lambda _d: b"<x/>"))


def tag_template(folder: Path, name: str, *paragraphs: str) -> Path:
    """A small template whose paragraphs hold ``paragraphs`` (tags included)."""
    import docx

    document = docx.Document()
    document.add_paragraph("{{ registrant_name }}")
    for text in paragraphs:
        document.add_paragraph(text)
    path = folder / f"{name}.docx"
    document.save(str(path))
    return path


def crossing_if_template(folder: Path) -> Path:
    """An {% if %} opened in a paragraph and closed inside a table cell."""
    import docx

    document = docx.Document()
    document.add_paragraph("{{ registrant_name }}")
    document.add_paragraph("{% if part2_c %}attached")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "statement{% endif %}"
    path = folder / "crossing.docx"
    document.save(str(path))
    return path


def attribute_tag_template(folder: Path) -> Path:
    return template_with(folder, "attribute", lambda p: patch_part(
        p, "word/document.xml", lambda d: d.replace(
            b"<w:body>", b'<w:body><w:p w:rsidR="{{ registrant_name }}"/>', 1)))


def field_code_template(folder: Path) -> Path:
    return template_with(folder, "field", lambda p: patch_part(
        p, "word/document.xml", lambda d: d.replace(
            b"<w:body>", b"<w:body><w:p><w:r><w:instrText>HYPERLINK {{ registrant_name }}"
            b"</w:instrText></w:r></w:p>", 1)))


def zip_flags(path: Path, *, method: int | None = None, encrypted: bool = False) -> Path:
    """Mark every entry of a zip as compressed with ``method`` and/or encrypted (headers
    only: enough for a reader to refuse it, as it must)."""
    import struct

    data = bytearray(path.read_bytes())
    for signature, flags_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = data.find(signature)
        while start >= 0:
            if encrypted:
                (flags,) = struct.unpack_from("<H", data, start + flags_at)
                struct.pack_into("<H", data, start + flags_at, flags | 1)
            if method is not None:
                struct.pack_into("<H", data, start + method_at, method)
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    return path
