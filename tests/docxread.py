"""Reading what a .docx says: paragraph text and checkbox states, from the XML."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}


def _root(docx: Path | bytes) -> etree._Element:
    source = docx if isinstance(docx, Path) else __import__("io").BytesIO(docx)
    with zipfile.ZipFile(source) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def paragraphs(docx: Path | bytes) -> list[str]:
    """Text of every paragraph in document order, content controls included.

    Line breaks are "\\n" and tabs "\\t", so a value can be compared as typed.
    """
    result = []
    for p in _root(docx).iter(f"{{{W}}}p"):
        parts = []
        for node in p.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}tab"):
            if node.tag == f"{{{W}}}t":
                parts.append(node.text or "")
            elif node.tag == f"{{{W}}}br":
                parts.append("\n")
            elif node.getparent().tag == f"{{{W}}}r":  # not a tab stop of the paragraph's
                parts.append("\t")
        result.append("".join(parts))
    return result


def text(docx: Path | bytes) -> str:
    return "\n".join(paragraphs(docx))


@dataclass(frozen=True)
class Box:
    checked: bool  # w14:checked, what Word shows when the box is clicked
    glyph: str  # the character in the control


def checkboxes(docx: Path | bytes) -> dict[str, Box]:
    """Checkbox content controls by their tag."""
    boxes = {}
    for sdt in _root(docx).iter(f"{{{W}}}sdt"):
        state = sdt.find("w:sdtPr/w14:checkbox/w14:checked", NS)
        if state is None:
            continue
        tag = sdt.find("w:sdtPr/w:tag", NS)
        glyph = "".join(sdt.find("w:sdtContent", NS).itertext())
        boxes[tag.get(f"{{{W}}}val")] = Box(state.get(f"{{{W14}}}val") in ("1", "true"), glyph)
    return boxes


def checked(docx: Path | bytes) -> set[str]:
    """Tags of the checked boxes; also asserts every glyph agrees with its state."""
    boxes = checkboxes(docx)
    for tag, box in boxes.items():
        assert box.glyph == ("☒" if box.checked else "☐"), (tag, box)
    return {tag for tag, box in boxes.items() if box.checked}


def box_states(docx: Path | bytes) -> list[bool]:
    """Checked state of every checkbox control in document order (tags not needed).

    Asserts that each box's glyph agrees with its state, as Word requires.
    """
    states = []
    for sdt in _root(docx).iter(f"{{{W}}}sdt"):
        state = sdt.find("w:sdtPr/w14:checkbox/w14:checked", NS)
        if state is None:
            continue
        checked_ = state.get(f"{{{W14}}}val") in ("1", "true")
        glyph = "".join(sdt.find("w:sdtContent", NS).itertext())
        assert glyph == ("☒" if checked_ else "☐"), glyph
        states.append(checked_)
    return states
