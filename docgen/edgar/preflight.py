"""What makes a whole notice unfinished, found before it is read: tracked changes and
comments left in (checklist V19), and headers or footers that the .htm leaves out.
"""

from __future__ import annotations

from lxml import etree

from docgen.edgar.model import ReaderLike
from docgen.edgar.source import Source
from docgen.edgar.styles import W

TRACKED = tuple(f"{W}{t}" for t in (
    "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange",
    "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange", "numberingChange",
    "cellIns", "cellDel", "cellMerge"))
COMMENTS = (f"{W}commentReference", f"{W}commentRangeStart")


def _paragraph_of(element: etree._Element) -> str:
    paragraph = next(element.iterancestors(f"{W}p"), None)
    if paragraph is None:
        return "the document"
    before = paragraph.xpath("count(preceding::w:p)", namespaces={"w": W[1:-1]})
    return f"paragraph {1 + int(before) if isinstance(before, float) else '?'}"

def _stories(root: etree._Element, source: Source
             ) -> list[tuple[str, etree._Element | None]]:
    """Every story Word shows and keeps changes in: the body (text boxes included), the
    notes, the headers and footers, the comments."""
    return [("body", root), ("footnotes", source.footnotes), ("endnotes", source.endnotes),
            *(("a header or footer", part) for part in source.headers),
            ("the comments", source.comments)]


def _where(story: str, change: etree._Element) -> str:
    if story == "body":
        inside_box = next(change.iterancestors(f"{W}txbxContent"), None) is not None
        return ("a text box in " if inside_box else "") + _paragraph_of(change)
    note = next(change.iterancestors(f"{W}footnote", f"{W}endnote"), None)
    if note is not None:
        return f"{story[:-1]} {note.get(f'{W}id', '?')}"
    return story


def preflight(reader: ReaderLike, root: etree._Element, source: Source) -> None:
    """What makes the whole notice unfinished, found before reading it."""
    for story, part in _stories(root, source):
        change = None if part is None else next(part.iter(*TRACKED), None)
        if change is not None:
            raise reader.refuse("tracked changes are still in the notice", "in Word choose "
                                "Review > Accept All Changes (or reject them), then save",
                                _where(story, change))
    comment = next(root.iter(*COMMENTS), None)
    has_comments = source.comments is not None and next(
        source.comments.iter(f"{W}comment"), None) is not None
    if comment is not None or has_comments:
        raise reader.refuse("comments are still in the notice", "in Word choose Review > "
                          "Delete All Comments in Document, then save",
                          _paragraph_of(comment) if comment is not None else None)
    if any("".join(str(t) for t in part.itertext()).strip() for part in source.headers):
        reader.notice.warnings.append(
            f"{reader.name}: the header and footer are left out of the .htm (EDGAR "
            "filings do not repeat them on each page)")
