"""A notice's own package metadata, so that Word shows what the notice is.

Word's File > Info (and a file browser) show ``docProps/core.xml``: each notice gets
its own title ("NT 10-K — The Auxer Group, Inc."), docgen as creator and last
author, and the time of the run as created and modified; nothing of the template
(its title, its author, a comment) is carried over. A template whose properties
hold tags keeps them, rendered, instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Mapping
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


# -- the notice's key, kept where Word and LibreOffice keep it --------------------------
# ``docgen status`` finds a notice's workbook row by these custom document properties
# (File > Properties > Custom in Word; File > Properties > Custom Properties in
# LibreOffice), which both keep when they save. Their values are what the row said
# when the notice was written.

CUSTOM = "docProps/custom.xml"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
KEY_VERSION = "1"
# property name -> the context variable it records
KEY_PROPERTIES: dict[str, str] = {
    "docgen.registrant": "registrant_name", "docgen.form": "form", "docgen.period": "period",
    "docgen.amendment": "amendment", "docgen.cik": "cik", "docgen.row": "row",
    "docgen.nt_due": "nt_due_iso",
}
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word gives user properties
_CUSTOM_NS = ('xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
              'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"')


def _property(pid: int, name: str, value: str) -> str:
    return (f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name)}"><vt:lpwstr>'
            f"{escape(value)}</vt:lpwstr></property>")


def custom_xml(values: Mapping[str, str], kept: str = "", first_pid: int = 2) -> bytes:
    """``docProps/custom.xml`` holding ``values`` (name -> text) as text properties,
    after ``kept`` (the template's own properties, serialised)."""
    body = "".join(_property(pid, name, value) for pid, name, value in
                   zip(range(first_pid, first_pid + len(values)), values, values.values()))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
            f"{_CUSTOM_NS}>{kept}{body}</Properties>").encode()


def template_custom(data: bytes) -> tuple[str, int]:
    """A template's own custom properties (docgen's dropped), serialised, and the next
    free ``pid``: a firm's own properties stay in every notice."""
    from lxml import etree

    from docgen import safexml

    root = safexml.parse(data)
    kept, pid = [], 1
    for element in root:
        if not isinstance(element.tag, str):
            continue
        if str(element.get("name", "")).startswith("docgen."):
            continue
        with contextlib.suppress(ValueError):
            pid = max(pid, int(element.get("pid", "1")))
        kept.append(etree.tostring(element, encoding="unicode"))
    return "".join(kept), pid + 1


def key_values(context: Mapping[str, Any], template: str = "") -> dict[str, str]:
    """The properties that say which row one notice was written for, and from which
    template (its file name)."""
    values = {"docgen.key": KEY_VERSION}
    for name, variable in KEY_PROPERTIES.items():
        values[name] = str(context.get(variable, "") or "")
    values["docgen.template"] = template
    return values


def key_writer(template: str = "", kept: str = "", first_pid: int = 2
               ) -> Callable[[Mapping[str, Any]], bytes]:
    """``custom_xml(key_values(context, template), kept, first_pid)`` for each notice,
    with the part's fixed text laid out once (a merge writes thousands)."""
    names = list(key_values({}, template))
    layout = custom_xml({name: "\0" for name in names}, kept, first_pid).decode().split("\0")
    variables = list(KEY_PROPERTIES.values())
    head = layout[0] + KEY_VERSION + layout[1]
    tails = [*layout[2:-2], layout[-2] + escape(template) + layout[-1]]

    def write(context: Mapping[str, Any]) -> bytes:
        parts = [head]
        for variable, tail in zip(variables, tails):
            parts += (escape(str(context.get(variable, "") or "")), tail)
        return "".join(parts).encode("utf-8")

    return write


def with_custom_part(content_types: bytes, rels: bytes) -> tuple[bytes, bytes]:
    """A package's ``[Content_Types].xml`` and ``_rels/.rels`` made to announce
    ``docProps/custom.xml`` (a template from Word rarely has one)."""
    override = (f'<Override PartName="/{CUSTOM}" ContentType="{CUSTOM_TYPE}"/>').encode()
    if f"/{CUSTOM}".encode() not in content_types:
        content_types = content_types.replace(b"</Types>", override + b"</Types>", 1)
    if CUSTOM_REL.encode() not in rels:
        relation = (f'<Relationship Id="rIdDocgenKey" Type="{CUSTOM_REL}" '
                    f'Target="{CUSTOM}"/>').encode()
        rels = rels.replace(b"</Relationships>", relation + b"</Relationships>", 1)
    return content_types, rels
