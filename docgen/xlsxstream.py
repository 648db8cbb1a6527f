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
# Only rows that carry their number (r="...") are dropped, so rows without one are
# still counted right. (Some writers prefix SpreadsheetML elements, as in <x:row>:
# _EMPTY_ROW allows it; _EMPTY_PLAIN_ROW, for plain sheets, is about 5 times faster.)
_EMPTY_ROW = re.compile(
    rb'<(\w+:)?row\b(?=[^>]*\sr=")[^>]*(?:/>|>(?:\s*<(?:\w+:)?c\b[^>]*/>)*\s*</(?:\w+:)?row>)'
)
_ROOT = re.compile(rb"<(\w+:)?worksheet\b[^>]*>")
_PREFIXED = re.compile(rb"<\w+:row[\s>/]")
_EMPTY_PLAIN_ROW = re.compile(rb'<row\b(?=[^>]*\sr=")[^>]*(?:/>|>(?:\s*<c\b[^>]*/>)*\s*</row>)')
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

    def __init__(self, stream: IO[bytes], empty: re.Pattern[bytes] = _EMPTY_ROW) -> None:
        self._stream, self._pending, self._done = stream, b"", False
        self._empty = empty

    def read(self, size: int = -1) -> bytes:
        while not self._done:
            chunk = self._stream.read(1 << 16)
            if not chunk:
                self._done = True
                out, self._pending = self._pending, b""
                return self._empty.sub(b"", out)
            buffer = self._pending + chunk
            cut = buffer.rfind(b"row>") + len(b"row>")
            if cut < len(b"row>"):  # no complete row yet (</row> or </x:row>)
                self._pending = buffer
                continue
            self._pending = buffer[cut:]
            out = self._empty.sub(b"", buffer[:cut])
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
        self._columns: dict[str, int] = {}
        self._scans: dict[str, tuple[list[str], bytes | None]] = {}

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
        return self._scan(sheet)[0]

    def _scan(self, sheet: str) -> tuple[list[str], bytes | None]:
        """One streaming pass over a sheet's bytes, once per sheet: its merged
        ranges, and its root start tag if rows are plain (no prefixed names)."""
        if sheet in self._scans:
            return self._scans[sheet]
        found: dict[str, None] = {}
        tail, head, prefixed = b"", b"", False
        with self.archive.open(self.parts[sheet]) as stream:
            while chunk := stream.read(1 << 20):
                buffer = tail + chunk  # the overlap finds a tag cut at a chunk boundary
                head = head or buffer[:4096]
                if b"mergeCell" in buffer:
                    found.update((m.group(1).decode(), None) for m in _MERGE.finditer(buffer))
                prefixed = prefixed or (b":row" in buffer and bool(_PREFIXED.search(buffer)))
                tail = buffer[-512:]
        opening = _ROOT.search(head)
        plain = opening.group(0) if opening and not opening.group(1) and not prefixed else None
        self._scans[sheet] = list(found), plain
        return self._scans[sheet]

    def rows(self, sheet: str) -> Iterator[Row]:
        """Every row that holds a value, in order, in flat memory.

        Rows in the plain form Excel, LibreOffice and openpyxl write are read
        by :class:`_FastRows` straight from the bytes; any other row (formulas,
        rich text, unusual attributes...) and any sheet with prefixed element
        names are parsed with lxml, so every row gives the same values either way.
        """
        opening = self._scan(sheet)[1]
        with self.archive.open(self.parts[sheet]) as stream:
            if opening is None:  # prefixed SpreadsheetML (<x:row>): lxml only
                yield from self._parsed_rows(stream)
            else:
                yield from _FastRows(self, opening).rows(stream)

    def _parsed_rows(self, stream: IO[bytes]) -> Iterator[Row]:
        """The lxml path: iterparse the whole sheet, clearing each row as it goes."""
        expected = 0
        for _event, row in etree.iterparse(_ValueRows(stream), tag=_ROW, huge_tree=True):
            item = self.row_of(row, expected)
            expected = item.number
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
            yield item

    def row_of(self, row: etree._Element, previous: int) -> Row:
        """The values of one parsed ``<row>`` element."""
        number = int(row.get("r") or previous + 1)
        item = Row(number, {}, row.get("hidden") in ("1", "true"))
        column = -1
        for cell in row:
            if cell.tag != _C:
                continue
            ref = cell.get("r")
            column = column + 1 if ref is None else self.column(ref.rstrip("0123456789"))
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
            else:
                self.put(item, column, kind, raw, cell.get("s", "0"))
        return item

    def column(self, letters: str) -> int:
        """0-based index of a column's letters (``AB`` -> 27), computed once per letters."""
        index = self._columns.get(letters)
        if index is None:
            index = self._columns[letters] = column_index_from_string(letters) - 1
        return index

    def put(self, item: Row, column: int, kind: str, raw: str, style: str) -> None:
        """Store a ``<v>`` value of cell type ``kind`` (``s``, ``str``, ``b``, ``e``, ``n``)."""
        if kind == "s":
            item.values[column] = self.shared[int(raw)]
        elif kind == "str":
            item.values[column] = _unescape(raw)
        elif kind == "b":
            item.values[column] = raw.strip() in ("1", "true")
        elif kind == "e":
            item.flagged[column] = Flagged(raw)
        else:
            item.values[column] = _number(raw, int(style) in self.date_styles, self.epoch)


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


_AFTER_NAME = (b" ", b">", b"/", b"\t", b"\n", b"\r")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_ROW_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
# A cell as Excel, LibreOffice and openpyxl write it: r, s, t in that order; one
# <v> or one plain inline string. Anything else sends its row to lxml.
_CELL_TEXT = re.compile(
    r'<c r="([A-Z]{1,3})[0-9]+"(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?'
    r'(?:/>|>(?:<v>([^<]*)</v>|(<is><t(?: xml:space="preserve")?>)([^<]*)</t></is>)?</c>)'
)
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class _NotPlain(Exception):
    """A row the byte reader does not handle; lxml reads it instead."""


def _entity(match: re.Match[str]) -> str:
    if match.group(1):
        return _NAMED[match.group(1)]
    code = int(match.group(2)) if match.group(2) else int(match.group(3), 16)
    if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF):
        raise _NotPlain  # not allowed in XML: let lxml report it
    return chr(code)


def _xml_text(text: str) -> str:
    """Character data as an XML parser gives it (the row holds no carriage return)."""
    if "&" in text:
        decoded, count = _ENTITY.subn(_entity, text)
        if count != text.count("&"):
            raise _NotPlain  # an entity XML does not define
        return decoded
    return text


class _FastRows:
    """Rows read from the sheet's bytes with regular expressions (see XlsxBook.rows)."""

    def __init__(self, book: XlsxBook, opening: bytes) -> None:
        self.book = book
        self.opening = opening  # the root start tag, with its namespace declarations
        self.closing = b"</" + opening.split(None, 1)[0][1:].rstrip(b">") + b">"

    def rows(self, stream: IO[bytes]) -> Iterator[Row]:
        source = _ValueRows(stream, _EMPTY_PLAIN_ROW)
        previous = 0
        while chunk := source.read():
            find = chunk.find
            start = find(b"<row")
            while start >= 0:
                if chunk[start + 4:start + 5] not in _AFTER_NAME:  # <rowBreaks>, ...
                    start = find(b"<row", start + 4)
                    continue
                close = find(b">", start)
                if chunk[close - 1:close] == b"/":
                    attributes, body, end = chunk[start + 4:close - 1], b"", close + 1
                else:
                    stop = find(b"</row>", close)
                    if stop < 0:  # cut short: lxml reports where the sheet breaks
                        stop = len(chunk)
                    attributes, body, end = chunk[start + 4:close], chunk[close + 1:stop], stop + 6
                try:
                    item = self._plain(attributes, body, previous)
                except _NotPlain:
                    item = self._parsed(chunk[start:end], previous)
                previous = item.number
                yield item
                start = find(b"<row", end)

    def _plain(self, attributes: bytes, body: bytes, previous: int) -> Row:
        if b"\r" in body or b"<![CDATA[" in body:
            raise _NotPlain
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _NotPlain from None
        cells = _CELL_TEXT.findall(text)
        if text.count("<c") != len(cells):  # a cell the pattern does not cover (lxml, like
            raise _NotPlain  # this reader, skips the row's other elements)
        number = _ROW_NUMBER.search(attributes)
        item = Row(int(number.group(1)) if number else previous + 1, {},
                   _ROW_HIDDEN.search(attributes) is not None)
        book, values, columns = self.book, item.values, self.book._columns
        for letters, style, kind, value, inline_open, inline in cells:
            column = columns.get(letters)  # the book's cache, read inline: once per cell
            if column is None:
                column = book.column(letters)
            if inline_open:
                values[column] = _unescape(_xml_text(inline)) if "&" in inline or "_x" in (
                    inline) else inline
            elif value:  # <v></v> holds nothing, as for lxml
                book.put(item, column, kind or "n", _xml_text(value) if "&" in value else value,
                         style or "0")
        return item

    def _parsed(self, row: bytes, previous: int) -> Row:
        root = etree.fromstring(self.opening + row + self.closing,
                                etree.XMLParser(huge_tree=True))
        return self.book.row_of(root[0], previous)
