"""What a notice says, between reading the .docx and writing HTML or ASCII.

The reader turns WordprocessingML into these few blocks; the HTML and ASCII
writers only ever see them. Keeping the model this small is what keeps the
output inside EDGAR's closed tag set: a construct the model cannot hold is
refused by the reader, never passed through.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from lxml import etree

    from docgen.edgar.styles import StyleSheet
    from docgen.errors import SourceError

CHECKED, UNCHECKED = "\u2612", "\u2610"  # ☒ ☐, as the SEC's boolballotbox reads them


@dataclass(frozen=True, slots=True)
class Format:
    """Run formatting that HTML can show; ``None`` means "as the paragraph"."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    small_caps: bool = False
    caps: bool = False
    vert: str = ""  # "superscript", "subscript" or ""
    size: float | None = None  # points
    font: str | None = None
    color: str | None = None  # RRGGBB
    highlight: bool = False  # only in a preview: EDGAR output refuses highlighted text


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    format: Format


@dataclass(frozen=True, slots=True)
class Box:
    """A checkbox; ``checked`` comes from the control's state, not from its glyph."""

    checked: bool

    @property
    def glyph(self) -> str:
        return CHECKED if self.checked else UNCHECKED


@dataclass(frozen=True, slots=True)
class Tab:
    pass


@dataclass(frozen=True, slots=True)
class LineBreak:
    pass


Inline = Text | Box | Tab | LineBreak


@dataclass(frozen=True, slots=True)
class Border:
    width: float  # points
    color: str  # RRGGBB
    space: float  # points between border and text
    style: str = "solid"


@dataclass(slots=True)
class Paragraph:
    inlines: list[Inline] = field(default_factory=list)
    align: str = "left"  # left, center, right, justify
    before: float = 0.0  # points
    after: float = 0.0
    left: float = 0.0
    right: float = 0.0
    first_line: float = 0.0  # negative: hanging
    borders: dict[str, Border] = field(default_factory=dict)  # top/left/bottom/right
    format: Format = Format()  # the paragraph's own run formatting (its style)

    def text(self) -> str:
        """Plain text, boxes as ☒/☐, tabs as tabs, line breaks as newlines."""
        parts = []
        for item in self.inlines:
            if isinstance(item, Text):
                parts.append(item.text)
            elif isinstance(item, Box):
                parts.append(item.glyph)
            elif isinstance(item, Tab):
                parts.append("\t")
            else:
                parts.append("\n")
        return "".join(parts)


@dataclass(slots=True)
class Cell:
    blocks: list[Paragraph] = field(default_factory=list)
    colspan: int = 1
    rowspan: int = 1
    width: float = 0.0  # percent of the table
    borders: dict[str, Border] = field(default_factory=dict)
    valign: str = "top"


@dataclass(slots=True)
class Table:
    rows: list[list[Cell]] = field(default_factory=list)
    width: float = 100.0  # percent of the text width


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = Paragraph | Table | PageBreak


@dataclass(slots=True)
class Notice:
    """A converted notice: its blocks, footnotes, and what the reader noticed."""

    blocks: list[Block] = field(default_factory=list)
    footnotes: list[list[Paragraph]] = field(default_factory=list)
    width_inches: float = 6.5
    body_format: Format = Format()
    warnings: list[str] = field(default_factory=list)

    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph in reading order, table cells row by row."""
        found: list[Paragraph] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                found.append(block)
            elif isinstance(block, Table):
                for row in block.rows:
                    for cell in row:
                        found.extend(cell.blocks)
        for note in self.footnotes:
            found.extend(note)
        return found

    def boxes(self) -> list[tuple[bool, str]]:
        """Every checkbox in reading order with the text that follows it in its paragraph."""
        found = []
        for paragraph in self.paragraphs():
            items = paragraph.inlines
            for index, item in enumerate(items):
                if isinstance(item, Box):
                    label = []
                    for after in items[index + 1:]:
                        if isinstance(after, Box):
                            break
                        if isinstance(after, Text):
                            label.append(after.text)
                        else:
                            label.append(" ")
                    found.append((item.checked, " ".join("".join(label).split())))
        return found


class ReaderLike(Protocol):
    """What the table reader and the preflight need of :class:`~docgen.edgar.reader.Reader`
    (a table cell holds blocks, read by the reader again): a Protocol, so neither imports
    the reader and no import runs in a circle."""

    name: str
    notice: Notice
    styles: StyleSheet

    def blocks(self, parent: etree._Element) -> list[Block]: ...

    def refuse(self, what: str, fix: str, where: str | None = None) -> SourceError: ...
