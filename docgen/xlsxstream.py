"""A streaming .xlsx reader: cached cell values, row by row, in flat memory.

Why not openpyxl or calamine: openpyxl's read-only mode streams but costs about
0.2 ms a row; calamine is fast but holds the whole sheet in memory and reports a
formula without a saved result, or a cell showing #N/A, as a blank. This reader
walks the sheet XML once with lxml's ``iterparse``, clearing each row as it goes,
and reports per row what a lawyer must know about: hidden rows, formulas saved
without a result and Excel error values. Merged ranges sit at the end of the
sheet XML, so one cheap streaming pre-scan finds them first.

It never writes: the workbook is opened read-only through :mod:`zipfile`.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ROW, _C, _V, _F, _IS, _T = (f"{{{NS}}}{t}" for t in ("row", "c", "v", "f", "is", "t"))
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# A row with no cell that holds anything: formatting only. Dropped before parsing,
# at C speed, so a "used range" stretched to row 1,048,576 costs no Python loop.
# (Some writers prefix SpreadsheetML elements, as in <x:row>: the patterns allow it.)
_EMPTY_ROW = re.compile(
    rb"<(\w+:)?row\b[^>]*/>|<(\w+:)?row\b[^>]*>(?:\s*<(?:\w+:)?c\b[^>]*/>)*\s*</(?:\w+:)?row>"
)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')


def _unescape(text: str) -> str:
    """Excel's ST_Xstring escapes: ``_x0007_`` is BEL, ``_x005F_`` a literal underscore."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


@dataclass(frozen=True)
class Flagged:
    """A cell whose value is not known: a formula without a result, or an Excel error."""

    reason: str  # "uncached" or the error text, e.g. "#N/A"


@dataclass
class Row:
    number: int
    values: dict[int, object]  # 0-based column index -> value (str, int, float, bool, date)
    hidden: bool = False
    flagged: dict[int, Flagged] = field(default_factory=dict)


class _ValueRows:
    """A file-like view of a sheet's XML without its empty rows (see ``_EMPTY_ROW``)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream, self._pending, self._done = stream, b"", False

    def read(self, size: int = -1) -> bytes:
        while not self._done:
            chunk = self._stream.read(1 << 16)
            if not chunk:
                self._done = True
                out, self._pending = self._pending, b""
                return _EMPTY_ROW.sub(b"", out)
            buffer = self._pending + chunk
            cut = buffer.rfind(b"row>") + len(b"row>")
            if cut < len(b"row>"):  # no complete row yet (</row> or </x:row>)
                self._pending = buffer
                continue
            self._pending = buffer[cut:]
            out = _EMPTY_ROW.sub(b"", buffer[:cut])
            if out:
                return out
        out, self._pending = self._pending, b""
        return out


def _text_of(element: etree._Element) -> str:
    """Text of a shared or inline string, without phonetic (rPh) runs."""
    if len(element) == 1 and element[0].tag == _T:  # the usual <si><t>text</t></si>
        return element[0].text or ""
    return "".join(t.text or "" for t in element.iter(_T) if _outside_phonetic(t))


def _outside_phonetic(node: etree._Element) -> bool:
    parent = node.getparent()
    return parent is None or parent.tag != f"{{{NS}}}rPh"


class XlsxBook:
    """An open .xlsx archive: sheet names, shared strings, date styles."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        workbook = etree.fromstring(archive.read("xl/workbook.xml"))
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        self.parts: dict[str, str] = {}
        for sheet in workbook.iter(f"{{{NS}}}sheet"):
            target = targets.get(sheet.get(f"{{{REL_NS}}}id"), "")
            target = target.lstrip("/")
            self.parts[sheet.get("name", "")] = target if target.startswith("xl/") else (
                f"xl/{target}")
        self.sheet_names = list(self.parts)
        props = workbook.find(f"{{{NS}}}workbookPr")
        on_1904 = props is not None and props.get("date1904") in ("1", "true")
        self.epoch = CALENDAR_MAC_1904 if on_1904 else CALENDAR_WINDOWS_1900
        self.shared = self._shared_strings()
        self.date_styles = self._date_styles()

    def _shared_strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.archive.namelist():
            return []
        strings = []
        with self.archive.open("xl/sharedStrings.xml") as stream:
            for _event, si in etree.iterparse(stream, tag=f"{{{NS}}}si"):
                strings.append(_unescape(_text_of(si)))
                si.clear()
        return strings

    def _date_styles(self) -> set[int]:
        if "xl/styles.xml" not in self.archive.namelist():
            return set()
        styles = etree.fromstring(self.archive.read("xl/styles.xml"))
        formats = {int(k): v for k, v in BUILTIN_FORMATS.items()}
        for fmt in styles.iter(f"{{{NS}}}numFmt"):
            formats[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
        xfs = styles.find(f"{{{NS}}}cellXfs")
        dates = set()
        for index, xf in enumerate(xfs if xfs is not None else ()):
            code = formats.get(int(xf.get("numFmtId", "0")), "")
            if code and is_date_format(code):
                dates.add(index)
        return dates

    def merged_ranges(self, sheet: str) -> list[str]:
        """Merged ranges of a sheet (``A3:B3``), found by a streaming byte scan."""
        found: dict[str, None] = {}
        tail = b""
        with self.archive.open(self.parts[sheet]) as stream:
            while chunk := stream.read(1 << 20):
                buffer = tail + chunk  # the overlap finds a tag cut at a chunk boundary
                found.update((m.group(1).decode(), None) for m in _MERGE.finditer(buffer))
                tail = buffer[-512:]
        return list(found)

    def rows(self, sheet: str) -> Iterator[Row]:
        """Every row that holds a value, in order; rows are cleared as they go."""
        shared, dates, epoch = self.shared, self.date_styles, self.epoch
        columns: dict[str, int] = {}  # "AB" -> 27, computed once per letter
        with self.archive.open(self.parts[sheet]) as stream:
            expected = 0
            for _event, row in etree.iterparse(_ValueRows(stream), tag=_ROW, huge_tree=True):
                number = int(row.get("r") or expected + 1)
                expected = number
                item = Row(number, {}, row.get("hidden") in ("1", "true"))
                column = -1
                for cell in row:
                    if cell.tag != _C:
                        continue
                    ref = cell.get("r")
                    if ref is None:
                        column += 1
                    else:
                        letters = ref.rstrip("0123456789")
                        index = columns.get(letters)
                        if index is None:
                            index = columns[letters] = column_index_from_string(letters) - 1
                        column = index
                    raw = formula = inline = None
                    for child in cell:
                        if child.tag == _V:
                            raw = child.text
                        elif child.tag == _F:
                            formula = child
                        elif child.tag == _IS:
                            inline = child
                    kind = cell.get("t", "n")
                    if inline is not None:
                        item.values[column] = _unescape(_text_of(inline))
                    elif raw is None:
                        if formula is not None:
                            item.flagged[column] = Flagged("uncached")
                    elif kind == "s":
                        item.values[column] = shared[int(raw)]
                    elif kind == "str":
                        item.values[column] = _unescape(raw)
                    elif kind == "b":
                        item.values[column] = raw.strip() in ("1", "true")
                    elif kind == "e":
                        item.flagged[column] = Flagged(raw)
                    else:
                        item.values[column] = _number(raw, int(cell.get("s", "0")) in dates,
                                                      epoch)
                row.clear()
                while row.getprevious() is not None:
                    del row.getparent()[0]
                yield item


def _number(raw: str, is_date: bool, epoch: dt.datetime) -> object:
    value = float(raw)
    if is_date:
        try:
            moment = from_excel(value, epoch)
        except (ValueError, OverflowError):
            return value
        if isinstance(moment, dt.datetime) and moment.time() == dt.time():
            return moment.date()
        return moment
    if value.is_integer() and not any(c in raw for c in ".eE"):
        return int(raw)
    return value
