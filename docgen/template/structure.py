"""Where a template's tags sit in the Word XML, checked once when it compiles.

* A tag inside an XML attribute or a field code (``w:instrText``) would be printed
  where Word reads markup or field switches: refused, naming the part.
* A block (``{% if %}``, ``{% for %}``...) whose ``else`` or ``end`` sits at another
  depth of the XML than its start (an ``if`` opened in one paragraph and closed in
  the next) makes a notice that may be corrupt for some rows. Such a part is
  marked, and each of its rendered copies is parsed before the notice is written
  (a corrupt one is an error for that row); a balanced part needs no check,
  because values are always escaped and cannot change the XML's structure.

Both read the part with the same safe parser as everything else
(:mod:`docgen.safexml`); Jinja tags are plain text to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from docgen import safexml
from docgen.errors import TemplateError

_TAG = re.compile(r"{{|{%")
_BLOCK = re.compile(r"{%[-+]?\s*(\w+)([^%]*)")
_OPENERS = frozenset({"if", "for", "macro", "call", "filter", "with", "block", "raw",
                      "autoescape", "set"})
_MIDDLES = frozenset({"elif", "else"})
_INSTR_TEXT = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instrText"


def refuse_misplaced_tags(path: object, name: str, xml: str) -> None:
    """A tag in an attribute or a field code is refused (as the template was typed)."""
    if not _TAG.search(xml):
        return
    try:
        root = safexml.parse(xml.encode("utf-8"))
    except etree.XMLSyntaxError:
        return  # the structure check below marks the part; Word parts are well-formed
    for element in root.iter():
        if any(_TAG.search(str(value)) for value in element.attrib.values()):
            raise TemplateError(f"{path}: {name} has a tag inside an XML attribute of "
                                f"<{etree.QName(element).localname}>; move it into the text")
        if element.tag == _INSTR_TEXT and element.text and _TAG.search(element.text):
            raise TemplateError(f"{path}: {name} has a tag inside a field code; a value there "
                                "could change the field. Put the tag in ordinary text")


def _texts(root: etree._Element) -> Iterator[tuple[str, int]]:
    """Every text and tail in document order, with the element that holds it."""
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        element, done = stack.pop()
        parent = element.getparent()
        if done:
            if element.tail and parent is not None:
                yield element.tail, id(parent)
            continue
        if element.text:
            yield element.text, id(element)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))


def blocks_are_balanced(source: str) -> bool:
    """Whether every block's start, ``else`` and ``end`` sit in the same XML element."""
    if "{%" not in source:
        return True
    try:
        root = safexml.parse(source.encode("utf-8"))
    except etree.XMLSyntaxError:
        return False
    open_blocks: list[tuple[str, int]] = []
    for text, holder in _texts(root):
        if "{%" not in text:
            continue
        if text.count("{%") != len(_BLOCK.findall(text)) or text.count("{%") != text.count("%}"):
            return False  # a tag split across elements: check every copy
        for keyword, rest in _BLOCK.findall(text):
            if keyword == "set" and "=" in rest:
                continue  # {% set x = ... %} is no block
            if keyword in _OPENERS:
                open_blocks.append((keyword, holder))
            elif keyword in _MIDDLES or keyword.startswith("end"):
                if not open_blocks or open_blocks[-1][1] != holder:
                    return False
                if keyword.startswith("end"):
                    open_blocks.pop()
    return not open_blocks
