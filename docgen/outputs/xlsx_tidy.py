"""Workbooks that Excel keeps as written: openpyxl's output, finished for Excel.

openpyxl (3.1) writes every text cell as an inline string and each font's
children as ``name, family, color, sz``. Excel reads both, but moves every
inline string into a shared-strings table on the next save (the whole sheet is
rewritten), and Microsoft's validator (the Open XML SDK) wants a font's children
in the order of ``CT_Font``. :func:`excel_ready` rewrites openpyxl's package
into that form: a shared-strings table, ``t="s"`` cells, fonts in order. Nothing
else changes; values, styles and validations are carried over as they are.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from docgen import safexml

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
            "sharedStrings")
SST_PART = "xl/sharedStrings.xml"
# CT_Font, in the order of ISO/IEC 29500-4 sml.xsd (and the Open XML SDK).
_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u",
               "vertAlign", "sz", "color", "name", "family", "charset", "scheme")
_FONT_RANK = {f"{{{_MAIN}}}{name}": rank for rank, name in enumerate(_FONT_ORDER)}


def _xml(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def _share_strings(sheet: etree._Element, table: dict[bytes, int],
                   sst: etree._Element) -> int:
    """Inline-string cells of ``sheet`` as indexes into the shared-strings table ``sst``;
    how many cells now point into it."""
    shared = 0
    for cell in sheet.iter(f"{{{_MAIN}}}c"):
        if cell.get("t") != "inlineStr":
            continue
        inline = cell.find(f"{{{_MAIN}}}is")
        if inline is None:
            del cell.attrib["t"]
            continue
        key = b"".join(etree.tostring(child) for child in inline)
        if key not in table:
            table[key] = len(table)
            etree.SubElement(sst, f"{{{_MAIN}}}si").extend(list(inline))
        cell.remove(inline)
        cell.set("t", "s")
        etree.SubElement(cell, f"{{{_MAIN}}}v").text = str(table[key])
        shared += 1
    return shared


def _fonts_in_order(styles: etree._Element) -> None:
    for font in styles.iter(f"{{{_MAIN}}}font"):
        children = sorted(font, key=lambda child: _FONT_RANK.get(child.tag, len(_FONT_RANK)))
        font[:] = children


def excel_ready(data: bytes) -> bytes:
    """openpyxl's ``.xlsx`` bytes with shared strings and fonts in schema order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
        order = [info.filename for info in source.infolist()]
        stamps = {info.filename: info.date_time for info in source.infolist()}
    if SST_PART in parts:
        return data  # already has one: openpyxl never writes it, so leave it alone
    table: dict[bytes, int] = {}
    sst = safexml.parse(f'<sst xmlns="{_MAIN}"/>'.encode())
    total = 0
    for name in order:
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            sheet = safexml.parse(parts[name])
            total += _share_strings(sheet, table, sst)
            parts[name] = _xml(sheet)
    styles = safexml.parse(parts["xl/styles.xml"])
    _fonts_in_order(styles)
    parts["xl/styles.xml"] = _xml(styles)
    if table:
        sst.set("count", str(total))
        sst.set("uniqueCount", str(len(table)))
        parts[SST_PART] = _xml(sst)
        order.insert(order.index("xl/styles.xml"), SST_PART)
        stamps[SST_PART] = stamps["xl/styles.xml"]
        types = safexml.parse(parts["[Content_Types].xml"])
        etree.SubElement(types, f"{{{_TYPES}}}Override", PartName="/" + SST_PART,
                         ContentType=_SST_TYPE)
        parts["[Content_Types].xml"] = _xml(types)
        rels = safexml.parse(parts["xl/_rels/workbook.xml.rels"])
        taken = {rel.get("Id") for rel in rels}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        etree.SubElement(rels, f"{{{_REL}}}Relationship", Id=f"rId{number}", Type=_SST_REL,
                         Target="sharedStrings.xml")
        parts["xl/_rels/workbook.xml.rels"] = _xml(rels)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in order:
            target.writestr(zipfile.ZipInfo(name, stamps[name]), parts[name],
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
