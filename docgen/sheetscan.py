"""What openpyxl's read-only mode does not show: a fast scan of the sheet XML.

Read-only mode (needed for speed and flat memory) hides hidden rows and merged
cells and, when reading values, turns a formula without a cached result into a
blank. One regex pass over the sheet's XML finds all three, so docgen can warn
or refuse instead of silently printing a blank, and can tell whether anything
follows a long run of blank rows (a "used range" that formatting stretched to
row 1,048,576) without reading a million empty rows through openpyxl.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

_ROW_HIDDEN = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"')
_ROW_HIDDEN_FIRST = re.compile(rb'<row\b[^>]*?\bhidden="(?:1|true)"[^>]*?\br="(\d+)"')
_MERGE = re.compile(rb'<mergeCell\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_CELL = re.compile(rb'<c\b([^>]*?)(/?)>')
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_FORMULA_CELL = re.compile(rb"<c\b([^>]*)>((?:(?!</c>).)*?<f\b(?:(?!</c>).)*?)</c>", re.DOTALL)
_VALUE = re.compile(rb"<v>[^<]")


@dataclass
class SheetFacts:
    """Rows and cells of one sheet that need a word to the user."""

    hidden_rows: set[int] = field(default_factory=set)
    merged: list[tuple[str, int, int]] = field(default_factory=list)  # (range, first, last row)
    uncached_formulas: set[str] = field(default_factory=set)  # cell refs like "C7"
    _xml: bytes = b""

    def next_value_row(self, after: int) -> int | None:
        """The first row after ``after`` holding a value, or None."""
        for match in _CELL.finditer(self._xml):
            if match.group(2):  # <c .../> holds nothing
                continue
            ref = _REF.search(match.group(1))
            if ref is not None and int(ref.group(2)) > after:
                return int(ref.group(2))
        return None


def scan_sheet(archive: zipfile.ZipFile, part: str) -> SheetFacts:
    """Scan one worksheet part of an open .xlsx archive."""
    xml = archive.read(part)
    facts = SheetFacts(_xml=xml)
    for pattern in (_ROW_HIDDEN, _ROW_HIDDEN_FIRST):
        facts.hidden_rows.update(int(m.group(1)) for m in pattern.finditer(xml))
    for m in _MERGE.finditer(xml):
        first = int(m.group(2))
        last = int(m.group(4)) if m.group(4) else first
        text = m.group(0).split(b'ref="')[1].rstrip(b'"').decode()
        facts.merged.append((text, first, last))
    if b"<f" in xml:
        for m in _FORMULA_CELL.finditer(xml):
            if not _VALUE.search(m.group(2)):
                ref = _REF.search(m.group(1))
                if ref is not None:
                    facts.uncached_formulas.add((ref.group(1) + ref.group(2)).decode())
    return facts
