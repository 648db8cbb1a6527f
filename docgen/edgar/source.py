"""A finished notice (.docx) from outside, opened safely: only the parts docgen reads.

The file may come from a client, a filing agent or an old archive, so it is
read like a template: zip entry names and sizes are checked from the headers
before anything is inflated, each part is parsed with :mod:`docgen.safexml`
(no entities, no network, comments dropped) and a DOCTYPE is refused. Only
the document, its styles, numbering, notes, comments and header/footer parts
are read; nothing else in the package can reach the output.

Styles are resolved once per distinct ``styles.xml`` (every notice of a merge has
the same one), found by the CRC and size in the zip header: a forged match could
only change how a notice looks, never what it says.
"""

from __future__ import annotations

import contextlib
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree

from docgen import safexml
from docgen.edgar.styles import StyleSheet
from docgen.errors import SourceError
from docgen.template.safety import MB, PART_LIMIT_MB, TOTAL_LIMIT_MB

_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_SHEETS: dict[tuple[int, int], StyleSheet] = {}
_SHEETS_KEPT = 8
_READ = ("styles", "numbering", "footnotes", "endnotes", "comments", "header", "footer")


@dataclass
class Source:
    """The parsed parts of one notice that the reader needs."""

    name: str
    document: etree._Element
    styles: StyleSheet = field(default_factory=lambda: StyleSheet(None))
    numbering: bytes | None = None  # parsed only if a paragraph is numbered
    footnotes: etree._Element | None = None
    endnotes: etree._Element | None = None
    comments: etree._Element | None = None
    headers: list[etree._Element] = field(default_factory=list)  # headers and footers
    core: etree._Element | None = None  # docProps/core.xml, when asked for
    custom: etree._Element | None = None  # docProps/custom.xml, when asked for


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in PurePosixPath(base, target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def parse_part(name: str, part: str, data: bytes) -> etree._Element:
    if b"<!DOCTYPE" in data[:4096]:  # before parsing: its entities are never even read
        raise SourceError(f"{name}: part {part} has a DOCTYPE, which Word never writes; "
                          "docgen refuses this file")
    try:
        root = safexml.parse(data)
    except etree.XMLSyntaxError:
        raise SourceError(f"{name}: part {part} is damaged (not well-formed XML); open the "
                          "notice in Word and save it again") from None
    if safexml.has_doctype(root):
        raise SourceError(f"{name}: part {part} has a DOCTYPE, which Word never writes; "
                          "docgen refuses this file")
    return root


def read_source(path: Path, data: bytes | None = None, *, properties: bool = False) -> Source:
    """Open ``path`` (or its bytes ``data``) as a notice; raise :class:`SourceError`.

    ``properties``: also the package's core and custom properties (``docgen status``
    reads its key there); a damaged one is left out, as Word leaves it.
    """
    name = path.name
    try:
        archive = zipfile.ZipFile(path if data is None else __import__("io").BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        reason = "cannot be read" if isinstance(exc, OSError) else "is not a Word .docx file"
        raise SourceError(f"{name}: {reason}; give the .docx the lawyer saved from Word "
                          "or LibreOffice") from None
    with archive:
        infos = {info.filename: info for info in archive.infolist()}
        total = 0
        for info in infos.values():
            if info.file_size > PART_LIMIT_MB * MB:
                raise SourceError(f"{name}: part {info.filename} inflates to more than "
                                  f"{PART_LIMIT_MB} MB; docgen stops here")
            total += info.file_size
        if total > TOTAL_LIMIT_MB * MB:
            raise SourceError(f"{name}: the file inflates to more than {TOTAL_LIMIT_MB} MB; "
                              "docgen stops here")

        def read(part: str) -> bytes:
            try:
                return archive.read(infos[part])
            except (RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error,
                    EOFError):
                raise SourceError(f"{name}: part {part} cannot be read (encrypted, damaged "
                                  "or compressed unusually); save the notice again from "
                                  "Word as .docx") from None

        main = "word/document.xml"
        rels_part = "word/_rels/document.xml.rels"
        if main not in infos:
            raise SourceError(f"{name}: has no word/document.xml, so it is not a Word "
                              "document; give the .docx the lawyer saved")
        source = Source(name, parse_part(name, main, read(main)))
        if properties:
            for attribute, part in (("core", "docProps/core.xml"),
                                    ("custom", "docProps/custom.xml")):
                if part in infos:
                    with contextlib.suppress(SourceError):
                        setattr(source, attribute, parse_part(name, part, read(part)))
        if rels_part not in infos:
            return source
        for rel in parse_part(name, rels_part, read(rels_part)).iter(_RELS):
            kind = rel.get("Type", "")
            if not kind.startswith(_OFFICE_REL) or rel.get("TargetMode") == "External":
                continue
            kind = kind[len(_OFFICE_REL):]
            part = _target("word", rel.get("Target", ""))
            if kind not in _READ or part not in infos:
                continue
            if kind == "styles":
                source.styles = _style_sheet(name, part, infos[part], read)
                continue
            if kind == "numbering":
                source.numbering = read(part)
                continue
            root = parse_part(name, part, read(part))
            if kind in ("header", "footer"):
                source.headers.append(root)
            else:
                setattr(source, kind, root)
        return source


def _style_sheet(name: str, part: str, info: zipfile.ZipInfo,
                 read: Callable[[str], bytes]) -> StyleSheet:
    key = (info.CRC, info.file_size)
    sheet = _SHEETS.get(key)
    if sheet is None:
        sheet = StyleSheet(parse_part(name, part, read(part)))
        if len(_SHEETS) >= _SHEETS_KEPT:
            _SHEETS.pop(next(iter(_SHEETS)))
        _SHEETS[key] = sheet
    return sheet
