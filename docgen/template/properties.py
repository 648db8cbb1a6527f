"""A notice's own package metadata, so that Word shows what the notice is.

Word's File > Info (and a file browser) show ``docProps/core.xml``: each notice gets
its own title ("NT 10-K — The Auxer Group, Inc."), docgen as creator and last
author, and the time of the run as created and modified; nothing of the template
(its title, its author, a comment) is carried over. A template whose properties
hold tags keeps them, rendered, instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

CORE = "docProps/core.xml"
_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.'
    'org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.'
    'org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:subject>{subject}'
    "</dc:subject><dc:creator>docgen</dc:creator><cp:lastModifiedBy>docgen</cp:lastModifiedBy>"
    '<cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{when}'
    '</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
    "</cp:coreProperties>"
)


def run_time() -> str:
    """The time of this run, as core properties write it (UTC, to the second)."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def core_xml(context: Mapping[str, Any], when: str) -> bytes:
    """``docProps/core.xml`` of one notice."""
    registrant = str(context.get("registrant_name", ""))
    form = str(context.get("edgar_form", "Form 12b-25"))
    title = f"{form} — {registrant}" if registrant else form
    return _CORE.format(title=escape(title), subject="Form 12b-25 Notification of Late Filing",
                        when=when).encode("utf-8")
