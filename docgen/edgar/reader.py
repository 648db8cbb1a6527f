"""Step 1 of ``docgen edgar``: a finished .docx notice -> :class:`~docgen.edgar.model.Notice`.

Reads what Word shows, as the lawyer left it: hyperlinks become their text,
fields their last result, list numbers literal text, footnotes numbered
paragraphs, checkboxes their control's state. What EDGAR cannot take, or what
docgen cannot carry over faithfully, is refused with one line that says what to
do in Word: tracked changes, comments, hidden text, highlighting or a ``[●]``
left to fill in, images, text boxes, embedded objects, nested tables, a box
whose glyph disagrees with its state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from lxml import etree

from docgen.edgar.boxes import SYMBOL_BOXES, SYMBOL_FONTS, W14, control_checked, form_field_box
from docgen.edgar.model import (
    Block,
    Border,
    Box,
    Format,
    Inline,
    LineBreak,
    Notice,
    PageBreak,
    Paragraph,
    Tab,
    Text,
)
from docgen.edgar.numbering import Numbering
from docgen.edgar.preflight import preflight
from docgen.edgar.source import Source, parse_part
from docgen.edgar.styles import W, paragraph_props, run_props
from docgen.edgar.tables import read_table
from docgen.errors import SourceError
from docgen.values import PLACEHOLDER_TEXT

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_CONTAINERS = {f"{W}{t}" for t in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir",
                                   "bdo", "sdtContent")}
_IMAGES = {f"{W}drawing": "an image or drawing", f"{W}pict": "an image or drawing",
           f"{W}object": "an embedded object", f"{MC}AlternateContent": "an image or drawing",
           f"{M}oMath": "an equation", f"{M}oMathPara": "an equation"}
_TEXT_BOX = re.compile(rb"txbx|textbox")
# Bullets of the symbol fonts, as Unicode (their boxes: docgen.edgar.boxes).
_SYMBOL_TEXT = {"\uf0b7": "\u2022", "\uf0a7": "\u25aa"}
_PART = re.compile(r"^PART\s+([IVX]+)\b")
_BOX_CHARACTER = re.compile("([\u2610\u2612])")
# Controls a browser cannot show as themselves (it reads &#128;-&#159; as Windows-1252).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class _Builder:
    """The paragraph being read; a Word page break inside it splits it in two."""

    def __init__(self, template: Paragraph) -> None:
        self.template = template
        self.pieces: list[Block] = [template]
        self.current = template

    def add(self, item: Inline) -> None:
        self.current.inlines.append(item)

    def page_break(self) -> None:
        t = self.template
        self.current = Paragraph([], t.align, 0.0, t.after, t.left, t.right, t.first_line,
                                 dict(t.borders), t.format)
        self.pieces += [PageBreak(), self.current]

    def blocks(self) -> list[Block]:
        if len(self.pieces) == 1:
            return self.pieces
        return [b for b in self.pieces if not isinstance(b, Paragraph) or b.inlines]


@dataclass(frozen=True, slots=True)
class _Shape:
    props: dict[str, Any]
    run_props: dict[str, Any]
    format: Format
    borders: dict[str, Border]


MAX_PARAGRAPHS = 50_000  # a notice has about 100; a hostile file, 500,000 empty ones


class Reader:
    """Reads one notice; :func:`read_notice` is the way in."""

    def __init__(self, source: Source, preview: bool = False) -> None:
        self.preview = preview  # a look at a draft: [●] and highlighting are shown, not refused
        self.name = source.name
        self.styles = source.styles
        self.numbering_xml = source.numbering
        self._numbering: Numbering | None = None
        self.notes = {kind: {n.get(f"{W}id", ""): n for n in root.iter(f"{W}{kind}")}
                      for kind, root in (("footnote", source.footnotes),
                                         ("endnote", source.endnotes)) if root is not None}
        self.notice = Notice()
        self.paragraph_no = 0
        self.part = ""
        self.box_no = 0
        self.fields: list[bool] = []  # per open field: True while in its instructions
        self.note_number = 0
        self.formats: dict[tuple[Any, ...], Format] = {}
        self.unknown_styles: set[str] = set()
        self.shapes: dict[object, _Shape] = {}

    # -- refusals -----------------------------------------------------------------------

    def where(self) -> str:
        return f"paragraph {self.paragraph_no}" + (f", in {self.part}" if self.part else "")

    def refuse(self, what: str, fix: str, where: str | None = None) -> SourceError:
        return SourceError(f"{self.name}: {what} ({where or self.where()}); {fix}; "
                           "no .htm written")

    # -- blocks -------------------------------------------------------------------------

    def blocks(self, parent: etree._Element) -> list[Block]:
        out: list[Block] = []
        for child in parent:
            tag = child.tag
            if tag == f"{W}p":
                out.extend(self.paragraph(child))
            elif tag == f"{W}tbl":
                out.append(read_table(self, child))
            elif tag in (f"{W}sdt", f"{W}customXml"):
                content = child.find(f"{W}sdtContent") if tag == f"{W}sdt" else child
                if content is not None:
                    out.extend(self.blocks(content))
            elif tag == f"{W}altChunk":
                raise self.refuse("the notice imports another document (altChunk) that "
                                  "Word merges only when it opens the file", "open the "
                                  "notice in Word and save it again")
            elif tag in _IMAGES:
                raise self.refuse(f"the notice has {_IMAGES[tag]}", "delete it in Word")
        return out

    def format(self, props: dict[str, Any]) -> Format:
        key = tuple(props.get(k) for k in ("bold", "italic", "underline", "strike",
                                           "small_caps", "caps", "vert", "size", "font",
                                           "color", "highlight"))
        found = self.formats.get(key)
        if found is None:
            flags = [bool(v) for v in key[:6]]
            found = self.formats[key] = Format(
                flags[0], flags[1], flags[2], flags[3], flags[4], flags[5], str(key[6] or ""),
                key[7], key[8], key[9], key[10] not in (None, "none"))
        return found

    def shape(self, ppr: etree._Element | None) -> _Shape:
        """A paragraph's resolved properties, shared by paragraphs with the same ``w:pPr``."""
        if ppr is None:
            key: object = None
        elif len(ppr) == 1 and ppr[0].tag == f"{W}pStyle":
            key = ppr[0].get(f"{W}val", "")
        else:
            key = etree.tostring(ppr)
        found = self.shapes.get(key)
        if found is not None:
            return found
        direct = paragraph_props(ppr)
        style_id = direct.get("style", "")
        if style_id and not self.styles.known(style_id) and style_id not in self.unknown_styles:
            self.unknown_styles.add(style_id)
            self.notice.warnings.append(f"{self.name}: paragraph style {style_id[:40]!r} is "
                                        "not defined in the file; written as Normal text")
        style_ppr, style_rpr = self.styles.paragraph(style_id)
        props = {**style_ppr, **direct}
        raw_borders = props.get("borders", {})
        found = self.shapes[key] = _Shape(
            props, style_rpr, self.format(style_rpr),
            {side: Border(*value) for side, value in raw_borders.items()
             if value is not None and side in ("top", "left", "bottom", "right")})
        return found

    def paragraph(self, element: etree._Element) -> list[Block]:
        self.paragraph_no += 1
        if self.paragraph_no > MAX_PARAGRAPHS:
            raise self.refuse(f"more than {MAX_PARAGRAPHS:,} paragraphs, which no Form "
                              "12b-25 has", "remove the empty paragraphs in Word")
        ppr = element.find(f"{W}pPr")
        shape = self.shape(ppr)
        props, style_rpr = shape.props, shape.run_props
        paragraph = Paragraph(
            [], props.get("align", "left"), props.get("before", 0.0), props.get("after", 0.0),
            props.get("left", 0.0), props.get("right", 0.0), props.get("first_line", 0.0),
            shape.borders, shape.format)
        builder = _Builder(paragraph)
        if props.get("numbering"):
            if self._numbering is None:
                self._numbering = Numbering(parse_part(
                    self.name, "word/numbering.xml", self.numbering_xml)
                    if self.numbering_xml else None)
            label, separator = self._numbering.label(*props["numbering"])
            if label:
                builder.add(Text(label, paragraph.format))
                if separator:
                    builder.add(Tab() if separator == "\t" else Text(" ", paragraph.format))
        self.inlines(element, style_rpr, shape.format, builder)
        blocks = builder.blocks()
        if props.get("page_break_before"):
            blocks.insert(0, PageBreak())
        section = ppr.find(f"{W}sectPr") if ppr is not None else None
        if section is not None:
            kind = section.find(f"{W}type")
            if kind is None or kind.get(f"{W}val") != "continuous":
                blocks.append(PageBreak())  # a section break that starts a new page
        first = paragraph.inlines[0] if paragraph.inlines else None
        if isinstance(first, Text) and first.text.startswith("PART"):
            match = _PART.match(paragraph.text())
            self.part = f"Part {match.group(1)}" if match else self.part
        return blocks

    # -- inlines ------------------------------------------------------------------------

    def inlines(self, parent: etree._Element, base: dict[str, Any], base_format: Format,
                out: _Builder) -> None:
        for child in parent:
            tag = child.tag
            if tag == f"{W}r":
                self.run(child, base, base_format, out)
            elif tag in _CONTAINERS:
                self.inlines(child, base, base_format, out)
            elif tag == f"{W}sdt":
                checkbox = child.find(f"{W}sdtPr/{W14}checkbox")
                content = child.find(f"{W}sdtContent")
                if checkbox is not None:
                    out.add(self.checkbox(checkbox, content))
                elif content is not None:
                    self.inlines(content, base, base_format, out)
            elif tag in _IMAGES:
                raise self.refuse(f"the notice has {_IMAGES[tag]}", "delete it in Word")

    def checkbox(self, checkbox: etree._Element, content: etree._Element | None) -> Box:
        self.box_no += 1
        checked = control_checked(checkbox)
        shown = "".join(t.text or "" for t in content.iter(f"{W}t")) if content is not None else ""

        def glyph(name: str, default: str) -> str:
            element = checkbox.find(f"{W14}{name}")
            value = element.get(f"{W14}val", default) if element is not None else default
            try:
                return chr(int(value, 16))
            except (ValueError, OverflowError):
                return chr(int(default, 16))

        expected = glyph("checkedState", "2612") if checked else glyph("uncheckedState", "2610")
        if shown.strip() != expected:
            state_text = "checked" if checked else "not checked"
            raise self.refuse(f"checkbox {self.box_no} is {state_text} but shows "
                              f"{shown.strip()[:3] or 'nothing'!r}", "click the box twice "
                              "in Word so that it shows its state, then save")
        return Box(checked)

    def run(self, run: etree._Element, base: dict[str, Any], base_format: Format,
            out: _Builder) -> None:
        rpr = run.find(f"{W}rPr")
        props = base
        if rpr is not None:
            direct = run_props(rpr)
            props = dict(base)
            if direct.get("style"):
                props.update(self.styles.character(direct["style"]))
            props.update(direct)
        if props.get("vanish"):
            raise self.refuse("the notice has hidden text", "in Word select all, open Font "
                              "and clear Hidden (or delete the hidden text), then save")
        if props.get("highlight", "none") != "none" and not self.preview:
            raise self.refuse("the notice still has highlighted text", "fill in each "
                              "highlighted [●] and remove the highlighting in Word once the "
                              "text is final, then save")
        fmt = base_format if props is base else self.format(props)
        symbol = (props.get("font") or "").lower() in SYMBOL_FONTS
        for child in run:
            tag = child.tag
            if tag == f"{W}t":
                if self.fields and any(self.fields):
                    continue
                text = child.text or ""
                if PLACEHOLDER_TEXT in text and not self.preview:
                    raise self.refuse(f"the notice still has a {PLACEHOLDER_TEXT} to fill in",
                                      "in Word use Find > Highlight, fill each one in, "
                                      "then save")
                control = _CONTROL.search(text)
                if control:
                    raise self.refuse(f"the notice has the invisible control character "
                                      f"U+{ord(control.group()):04X}, which EDGAR cannot "
                                      "show", "delete it in Word (it often comes from text "
                                      "pasted from another program), then save")
                if symbol:
                    self.symbol_text(text, out, fmt)
                elif text:
                    self.plain_text(text, out, fmt)
            elif tag in (f"{W}tab", f"{W}ptab"):
                out.add(Tab())
            elif tag == f"{W}br":
                if child.get(f"{W}type") == "page":
                    out.page_break()
                else:
                    out.add(LineBreak())
            elif tag == f"{W}cr":
                out.add(LineBreak())
            elif tag == f"{W}noBreakHyphen":
                out.add(Text("\u2011", fmt))
            elif tag == f"{W}softHyphen":
                out.add(Text("\u00ad", fmt))
            elif tag == f"{W}sym":
                self.symbol_text(chr(int(child.get(f"{W}char", "0"), 16) | 0xF000)
                                 if re.fullmatch(r"[0-9A-Fa-f]{1,4}", child.get(f"{W}char", ""))
                                 else "?", out, fmt)
            elif tag == f"{W}fldChar":
                self.field_char(child, out)
            elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                number = self.note(child, tag[len(W):-len("Reference")])
                out.add(Text(str(number), replace(fmt, vert="superscript")))
            elif tag in (f"{W}footnoteRef", f"{W}endnoteRef"):
                out.add(Text(str(self.note_number), replace(fmt, vert="superscript")))
            elif tag == f"{W}ruby":
                base_text = child.find(f"{W}rubyBase")
                if base_text is not None:
                    self.inlines(base_text, base, base_format, out)
            elif tag in _IMAGES:
                text_box = _TEXT_BOX.search(etree.tostring(child)) is not None
                raise self.refuse("the notice has a text box" if text_box else
                                  f"the notice has {_IMAGES[tag]}",
                                  "move its text into the body of the notice and delete the "
                                  "text box in Word" if text_box else "delete it in Word "
                                  "(EDGAR notices carry no images; a signature is typed as "
                                  "/s/ Name)")

    @staticmethod
    def plain_text(text: str, out: _Builder, fmt: Format) -> None:
        """Text; a ☒ or ☐ typed as a character (a replaced control) is the box it shows."""
        if "\u2610" not in text and "\u2612" not in text:
            out.add(Text(text, fmt))
            return
        for piece in _BOX_CHARACTER.split(text):
            if piece in ("\u2610", "\u2612"):
                out.add(Box(piece == "\u2612"))
            elif piece:
                out.add(Text(piece, fmt))

    def symbol_text(self, text: str, out: _Builder, fmt: Format) -> None:
        """Characters set in a symbol font: boxes and bullets are mapped, others refused."""
        for char in text:
            code = chr(ord(char) | 0xF000) if ord(char) < 0x100 else char
            if code in SYMBOL_BOXES:
                out.add(Box(SYMBOL_BOXES[code]))
            elif code in _SYMBOL_TEXT:
                out.add(Text(_SYMBOL_TEXT[code], fmt))
            else:
                raise self.refuse("the notice has a character set in a symbol font "
                                  "(Wingdings, Symbol)", "replace it with a normal "
                                  "character or a checkbox in Word")

    def field_char(self, element: etree._Element, out: _Builder) -> None:
        kind = element.get(f"{W}fldCharType")
        if kind == "begin":
            checked = form_field_box(element)
            if checked is not None:
                out.add(Box(checked))
            self.fields.append(True)
        elif kind == "separate" and self.fields:
            self.fields[-1] = False
        elif kind == "end" and self.fields:
            self.fields.pop()

    def note(self, reference: etree._Element, kind: str) -> int:
        """Read a footnote or endnote (numbered in the order referenced); its number."""
        element = self.notes.get(kind, {}).get(reference.get(f"{W}id", ""))
        number = len(self.notice.footnotes) + 1
        if element is None:
            return number
        self.notice.footnotes.append([])  # reserve the number for nested references
        outer, self.note_number = self.note_number, number
        saved, part = self.paragraph_no, self.part
        blocks = self.blocks(element)
        self.paragraph_no, self.part, self.note_number = saved, part, outer
        self.notice.footnotes[number - 1] = [b for b in blocks if isinstance(b, Paragraph)]
        return number


def read_notice(source: Source, *, preview: bool = False) -> Notice:
    """The notice's content, or :class:`SourceError` saying what to fix in Word.

    ``preview``: a draft to look at, not to file: a ``[●]`` and highlighting are kept.
    """
    reader = Reader(source, preview)
    root = source.document
    preflight(reader, root, source)
    body = root.find(f"{W}body")
    if body is None:
        raise reader.refuse("the notice has no body", "open it in Word and save it again",
                            "the document")
    reader.notice.blocks = reader.blocks(body)
    _, normal = reader.styles.paragraph("")
    reader.notice.body_format = reader.format(normal)
    section = body.find(f"{W}sectPr")
    if section is not None:
        size, margins = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")
        try:
            width = float(size.get(f"{W}w", "12240")) if size is not None else 12240.0
            if margins is not None:
                width -= float(margins.get(f"{W}left", "1440")) + float(
                    margins.get(f"{W}right", "1440"))
            reader.notice.width_inches = min(max(width / 1440, 2.0), 20.0)
        except ValueError:
            pass
    return reader.notice
