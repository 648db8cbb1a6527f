"""One way to parse XML from outside (workbooks, templates): safely, everywhere.

No entity is expanded, nothing is fetched, no DTD is loaded and text nodes are
capped by libxml2's default limits (``huge_tree`` off). Comments and processing
instructions are dropped, so nothing a user cannot see in Excel or Word is read
as data. A DOCTYPE, which Excel and Word never write, is refused by the callers.
"""

from __future__ import annotations

from typing import IO, Any

from lxml import etree

OPTIONS: dict[str, Any] = {
    "resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False,
    "remove_comments": True, "remove_pis": True,
}
PARSER = etree.XMLParser(**OPTIONS)


def parse(data: bytes) -> etree._Element:
    """A small part, parsed with :data:`OPTIONS`."""
    return etree.fromstring(data, PARSER)


def iterparse(stream: IO[bytes], tag: str | tuple[str, ...]) -> Any:
    """``end`` events for ``tag`` from a streamed part, parsed with :data:`OPTIONS`."""
    return etree.iterparse(stream, events=("end",), tag=tag, **OPTIONS)


def has_doctype(element: etree._Element) -> bool:
    """Whether the document ``element`` belongs to declares a DOCTYPE."""
    doctype: str = getattr(element.getroottree().docinfo, "doctype", "")
    return bool(doctype)
