"""Step 1 of ``docgen status``: what an edited notice says, read leniently.

``docgen edgar`` refuses a notice that is not finished; status must read exactly
those, so it reads what Word shows as if every tracked change were accepted,
and notes what is left unresolved (changes, comments) instead of refusing. Each
paragraph becomes one line of text in which every checkbox is ``☒`` or ``☐``,
however it is made: a Word checkbox control (its state, not its glyph), a legacy
FORMCHECKBOX field, a Wingdings box, or a plain character that another program
left in place of a control. Tables are read cell by cell, in order.

The file is opened as ``docgen edgar`` opens it (:func:`~docgen.edgar.source.read_source`):
sizes checked before inflating, no entities, comments in the XML dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from docgen.edgar.boxes import SYMBOL_BOXES, SYMBOL_FONTS, W14, control_checked, form_field_box
from docgen.edgar.preflight import COMMENTS, TRACKED
from docgen.edgar.reader import MAX_PARAGRAPHS
from docgen.edgar.source import Source, read_source
from docgen.edgar.styles import W
from docgen.errors import SourceError

CHECKED, UNCHECKED = "\u2612", "\u2610"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_DCTERMS = "{http://purl.org/dc/terms/}"
_VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
# Boxes as other programs type them, read as the two the form uses.
_BOX_CHARS = str.maketrans({c: CHECKED for c in "\u2611\u22a0\u2713\u2714\u2717\u2718\U0001f5f9"}
                           | {c: UNCHECKED for c in "\u25a1\u25fb\u274f"})
_SPACE = re.compile(r"\s+")
_INSIDE = {f"{W}{t}" for t in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo",
                               "ins", "moveTo", "sdtContent")}
_DROPPED = {f"{W}{t}" for t in ("del", "moveFrom")}


@dataclass
class Document:
    """One notice as status needs it."""

    name: str
    paragraphs: list[str]  # whitespace collapsed; boxes as ☒/☐
    key: dict[str, str] = field(default_factory=dict)  # docgen.* custom properties
    author: str = ""  # last modified by
    modified: dt.datetime | None = None
    revision: str = ""
    tracked: int = 0  # tracked changes left, in every story
    comments: int = 0
    source: Source | None = None  # for the EDGAR check, without reading the file again

    @property
    def combined(self) -> bool:
        """A ``merge --combine`` document: every notice of a run, not one notice."""
        return "docgen.combined" in self.key


def normal_text(text: str) -> str:
    """Text as status compares it: boxes as ☒/☐, every run of spaces one space."""
    return _SPACE.sub(" ", text.translate(_BOX_CHARS)).strip()


def read_document(path: Path, data: bytes | None = None) -> Document:
    """The notice at ``path`` (or its bytes); :class:`SourceError` if it cannot be read."""
    source = read_source(path, data, properties=True)
    document = Document(path.name, paragraphs_of(source.document, path.name), source=source)
    _properties(source, document)
    stories = [source.document, source.footnotes, source.endnotes, *source.headers,
               source.comments]
    document.tracked = sum(1 for part in stories if part is not None
                           for _ in part.iter(*TRACKED))
    document.comments = max(
        sum(1 for _ in source.document.iter(COMMENTS[0])),
        0 if source.comments is None else sum(1 for _ in source.comments.iter(f"{W}comment")))
    return document


def paragraphs_of(root: etree._Element, name: str = "the notice") -> list[str]:
    """Every paragraph of a ``w:document``, tables cell by cell, as :func:`normal_text`."""
    body = root.find(f"{W}body")
    if body is None:
        raise SourceError(f"{name}: has no body, so it is not a notice; open it in Word "
                          "and save it again")
    lines: list[str] = []
    _blocks(body, lines, name)
    return lines


def _properties(source: Source, document: Document) -> None:
    if source.core is not None:
        core = source.core
        document.author = (core.findtext(f"{_CP}lastModifiedBy") or "").strip()
        document.revision = (core.findtext(f"{_CP}revision") or "").strip()
        when = (core.findtext(f"{_DCTERMS}modified") or "").strip()
        try:
            document.modified = dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
        except ValueError:
            document.modified = None
    if source.custom is not None:
        for element in source.custom:
            name = str(element.get("name", ""))
            if not name.startswith("docgen."):
                continue  # the firm's own
            value = element.find(f"{_VT}lpwstr")
            document.key[name] = (value.text or "") if value is not None else ""


def _blocks(parent: etree._Element, lines: list[str], name: str) -> None:
    for child in parent:
        tag = child.tag
        if tag == f"{W}p":
            if len(lines) >= MAX_PARAGRAPHS:
                raise SourceError(f"{name}: more than {MAX_PARAGRAPHS:,} paragraphs, which no "
                                  "Form 12b-25 has; docgen stops here")
            pieces: list[str] = []
            _inlines(child, pieces, [])
            lines.append(normal_text("".join(pieces)))
        elif tag == f"{W}tbl":
            for cell in child.iter(f"{W}tc"):
                if next(cell.iterancestors(f"{W}tc"), None) is None:  # nested: in its cell
                    _blocks(cell, lines, name)
        elif tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                _blocks(content, lines, name)
        elif tag in (f"{W}customXml", f"{W}ins", f"{W}moveTo"):
            _blocks(child, lines, name)


def _inlines(parent: etree._Element, out: list[str], fields: list[bool]) -> None:
    for child in parent:
        tag = child.tag
        if tag == f"{W}r":
            _run(child, out, fields)
        elif tag in _INSIDE:
            _inlines(child, out, fields)
        elif tag == f"{W}sdt":
            checkbox = child.find(f"{W}sdtPr/{W14}checkbox")
            content = child.find(f"{W}sdtContent")
            if checkbox is not None:
                out.append(CHECKED if control_checked(checkbox) else UNCHECKED)
            elif content is not None:
                _inlines(content, out, fields)
        elif tag in _DROPPED or tag == f"{W}pPr":
            continue


def _run(run: etree._Element, out: list[str], fields: list[bool]) -> None:
    rpr = run.find(f"{W}rPr")
    if rpr is not None:
        hidden = rpr.find(f"{W}vanish")
        if hidden is not None and hidden.get(f"{W}val", "true") not in ("0", "false", "off"):
            return
    fonts = rpr.find(f"{W}rFonts") if rpr is not None else None
    symbol = fonts is not None and (fonts.get(f"{W}ascii") or "").lower() in SYMBOL_FONTS
    for child in run:
        tag = child.tag
        if tag == f"{W}t":
            if not any(fields):
                text = child.text or ""
                out.append(_symbols(text) if symbol else text)
        elif tag in (f"{W}tab", f"{W}ptab", f"{W}br", f"{W}cr"):
            out.append(" ")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag == f"{W}sym":
            char = child.get(f"{W}char", "")
            if re.fullmatch(r"[0-9A-Fa-f]{1,4}", char):
                out.append(_symbols(chr(int(char, 16) | 0xF000)))
        elif tag == f"{W}fldChar":
            kind = child.get(f"{W}fldCharType")
            if kind == "begin":
                checked = form_field_box(child)
                if checked is not None:
                    out.append(CHECKED if checked else UNCHECKED)
                fields.append(True)
            elif kind == "separate" and fields:
                fields[-1] = False
            elif kind == "end" and fields:
                fields.pop()


def _symbols(text: str) -> str:
    """Checkbox characters of the symbol fonts as ☒/☐; other symbols dropped."""
    out = []
    for char in text:
        code = chr(ord(char) | 0xF000) if ord(char) < 0x100 else char
        if code in SYMBOL_BOXES:
            out.append(CHECKED if SYMBOL_BOXES[code] else UNCHECKED)
    return "".join(out)
