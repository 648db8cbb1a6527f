"""Notices as a lawyer might leave them, and EDGAR files that break one rule each.

``variant`` edits a notice's document.xml with lxml (and may add parts) to make
the .docx a test needs; ``BAD_HTML`` holds one must-fail .htm per checklist row.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
NS = {"w": W_NS}


def variant(docx: bytes, edit: Callable[[etree._Element], None],
            extra: dict[str, bytes] | None = None,
            rels: str = "") -> bytes:
    """``docx`` with ``edit`` applied to its document.xml, ``extra`` parts added and
    ``rels`` (relationship elements) added to document.xml.rels."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in (extra or {}):
                continue  # replaced below
            data = source.read(info)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                edit(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            elif info.filename == "word/_rels/document.xml.rels" and rels:
                data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            target.writestr(info, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def paragraph_with(root: etree._Element, text: str) -> etree._Element:
    """The first paragraph whose text starts with ``text``."""
    for p in root.iter(f"{W}p"):
        if "".join(p.itertext()).startswith(text):
            return p
    raise AssertionError(f"no paragraph starting {text!r}")


def fragment(xml: str) -> etree._Element:
    """One WordprocessingML element written with the w: prefix (other prefixes declared)."""
    wrapped = (f'<x xmlns:w="{W_NS}" '
               'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
               'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
               'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
               'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
               f"{xml}</x>")
    return etree.fromstring(wrapped)[0]


def set_text(paragraph: etree._Element, text: str) -> None:
    """Replace a paragraph's runs by one run holding ``text``."""
    for run in paragraph.findall(f"{W}r"):
        paragraph.remove(run)
    run = etree.SubElement(paragraph, f"{W}r")
    t = etree.SubElement(run, f"{W}t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text


GOOD_HTML = (b"<html>\n<head><title>NT 10-K</title></head>\n<body>\n"
             b"<p>(Check one): &#9746; Form 10-K &#9744; Form 10-Q</p>\n"
             b"<p>Date: March 31, 2003 By: /s/ Pat Placeholder</p>\n</body>\n</html>\n")


def _with(body: bytes) -> bytes:
    return GOOD_HTML.replace(b"</body>", body + b"\n</body>")


# One file per checklist row that must fail with that rule (name: the file name to use).
BAD_HTML: dict[str, tuple[str, bytes]] = {
    "V01": ("nt10k-bad.htm", _with("<p>caf\u00e9 ^</p>".encode())),
    "V02": ("nt10k-bad.htm", b"\xef\xbb\xbf" + GOOD_HTML),
    "V03": ("nt10k-bad.htm", _with(b"<p>&bogus; &#1;</p>")),
    "V04": ("nt10k-bad.htm", GOOD_HTML.replace(b"<title>", b"<p>x</p><title>")),
    "V05": ("nt10k-bad.htm", _with(b"<span>x</span>")),
    "V06": ("nt10k-bad.htm", _with(b"<input type=\"checkbox\">")),
    "V07": ("nt10k-bad.htm", _with(b"<table><tr><td><table><tr><td>x</td></tr></table>"
                                   b"</td></tr></table>")),
    "V08": ("nt10k-bad.htm", _with(b"<p onclick=\"x()\">x</p>")),
    "V09": ("nt10k-bad.htm", _with(b"<a href=\"https://example.com/\">x</a>")),
    "V10": ("nt10k-bad.htm", _with(b"<img src=\"logo.png\">")),
    "V11": ("nt10k-bad.htm", _with(b"<p style=\"background:url(http://x/y)\">x</p>")),
    "V12": ("NT 10-K notice of the registrant.htm", GOOD_HTML),
    "V13": ("nt10k-bad.htm", b"<DOCUMENT>\n<TYPE>NT 10-K\n<TEXT>\n" + GOOD_HTML
            + b"</TEXT>\n</DOCUMENT>\n"),
    "V16": ("nt10k-bad.htm", _with(b"<p>Narrative: &#9679;</p>")),
    "V17": ("nt10k-bad.htm", GOOD_HTML.replace(b"&#9744; Form 10-Q", b"&#9746; Form 10-Q")),
}
# Rows whose finding is a warning: the file is still valid.
WARN_HTML: dict[str, tuple[str, bytes]] = {
    "V12b": ("nt10k-bad-name.htm", GOOD_HTML),
    "V14": ("nt10k-bad.htm", _with(b"<font face=\"Arial\">x</font>")),
    "V15": ("nt10k-bad.htm", GOOD_HTML.replace(b"<html>", b"<HTML>")),
    "V18": ("nt10k-bad.htm", GOOD_HTML.replace(b"/s/ Pat Placeholder", b"Pat Placeholder")),
}
