"""A streaming .xlsx reader: cached cell values, row by row, in flat memory.

Why not openpyxl or calamine: openpyxl's read-only mode streams but costs about
0.2 ms a row; calamine is fast but holds the whole sheet in memory and reports a
formula without a saved result, or a cell showing #N/A, as a blank. This reader
walks the sheet XML with lxml's ``iterparse`` (a real XML parser: comments,
processing instructions, CDATA, character references and whitespace mean what
they mean in XML, so docgen reads exactly what Excel shows), clearing each row as
it goes, and reports per row what a lawyer must know about: hidden rows, formulas
saved without a result and Excel error values. Merged ranges sit at the end of
the sheet XML, so one streaming pre-pass finds them first.

Workbooks come from clients and may be hostile: every part's decompressed size is
capped from the zip's headers (which :mod:`zipfile` enforces while reading), a
DOCTYPE is refused, entities are never expanded and nothing is fetched, and rows,
columns and merged ranges are bounded by Excel's own limits. It never writes: the
workbook is opened read-only through :mod:`zipfile`.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from lxml import etree

from docgen import safexml
from docgen.workbook.excel import (
    BUILTIN_DATE_FORMATS,
    EPOCH_1900,
    EPOCH_1904,
    column_index,
    from_excel,
    is_date_format,
)

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ROW, _C, _V, _F, _IS, _T = (f"{{{NS}}}{t}" for t in ("row", "c", "v", "f", "is", "t"))
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_MERGE_CELL = f"{{{NS}}}mergeCell"
# A row whose cells hold nothing (<v>, <f>, <is>) is formatting only: one C-level test.
_HAS_CONTENT = etree.XPath("boolean(*/*)")
MAX_ROWS = 1_048_576  # Excel's own limits
MAX_COLUMNS = 16_384  # XFD
MAX_MERGED = 100_000
# Decompressed size caps, checked from the zip's headers before a part is read.
MB = 1 << 20
# A registrants workbook holds a few thousand distinct texts; these bound a hostile one
# (a 238 KB file can inflate to ten million tiny strings: 19 s and 426 MB unbounded).
MAX_SHARED_STRINGS = 500_000
MAX_SHARED_TEXT = 64 << 20  # characters
PART_LIMITS_MB = {"sheet": 512, "xl/sharedStrings.xml": 256, "other": 32}
TOTAL_LIMIT_MB = 1024


class WorkbookLimitError(ValueError):
    """The workbook exceeds one of docgen's documented limits, or is not well-formed."""


def parse_part(data: bytes, name: str) -> etree._Element:
    """A small part, parsed safely; a DOCTYPE is refused (Excel never writes one)."""
    root = safexml.parse(data)
    if safexml.has_doctype(root):
        raise WorkbookLimitError(f"part {name} has a DOCTYPE, which Excel never writes; "
                                 "docgen stops here")
    return root


def _unescape(text: str) -> str:
    """Excel's ST_Xstring escapes: ``_x0007_`` is BEL, ``_x005F_`` a literal underscore."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


@dataclass(frozen=True)
class Flagged:
    """A cell whose value is not known: a formula without a result, an Excel error, or
    a value Excel itself could not read (``invalid``, with ``message`` saying why)."""

    reason: str  # "uncached", "invalid" or the error text, e.g. "#N/A"
    message: str = ""


@dataclass
class Row:
    number: int
    values: dict[int, object]  # 0-based column index -> value (str, int, float, bool, date)
    hidden: bool = False
    flagged: dict[int, Flagged] = field(default_factory=dict)
    problem: str = ""  # something wrong with the row as a whole


def _text_of(element: etree._Element) -> str:
    """Text of a shared or inline string, without phonetic (rPh) runs."""
    if len(element) == 1 and element[0].tag == _T:  # the usual <si><t>text</t></si>
        return element[0].text or ""
    return "".join(t.text or "" for t in element.iter(_T) if _outside_phonetic(t))


def _outside_phonetic(node: etree._Element) -> bool:
    parent = node.getparent()
    return parent is None or parent.tag != f"{{{NS}}}rPh"


_DECLARED_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")


def _utf8_xml(head: bytes) -> bool:
    """Whether a part starting with ``head`` is UTF-8: no BOM but UTF-8's, a ``<``
    first, and no other encoding declared."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    if not head.startswith(b"<"):
        return False
    if not head.startswith(b"<?xml"):
        return True
    declared = _DECLARED_ENCODING.search(head[: head.find(b"?>")])
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")


class XlsxBook:
    """An open .xlsx archive: sheet names, shared strings, date styles."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        _check_sizes(archive)
        workbook = self._part("xl/workbook.xml")
        rels = self._part("xl/_rels/workbook.xml.rels")
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
        self.epoch = EPOCH_1904 if on_1904 else EPOCH_1900
        self.shared = self._shared_strings()
        self.date_styles = self._date_styles()
        self._columns: dict[str, int] = {}
        self._merged: dict[str, list[str]] = {}

    def _part(self, name: str) -> etree._Element:
        with self._open(name) as stream:
            return parse_part(stream.read(), name)

    def _open(self, name: str) -> IO[bytes]:
        """A part of the archive; a missing one is a damaged workbook, said in one line."""
        try:
            return self.archive.open(name)
        except KeyError:
            raise WorkbookLimitError(f"the part {name} is missing (a damaged file); re-save "
                                     "it from Excel as .xlsx") from None

    def _iterparse(self, stream: IO[bytes], name: str,
                   tag: str | tuple[str, ...]) -> Iterator[etree._Element]:
        """``end`` events for ``tag`` from a streamed part, parsed as :func:`parse_part`."""
        events = safexml.iterparse(stream, tag)
        checked = False
        for _event, element in events:
            if not checked:
                checked = True
                if safexml.has_doctype(element):
                    raise WorkbookLimitError(f"part {name} has a DOCTYPE, which Excel never "
                                             "writes; docgen stops here")
            yield element

    def _shared_strings(self) -> list[str]:
        name = "xl/sharedStrings.xml"
        if name not in self.archive.namelist():
            return []
        strings: list[str] = []
        total = 0
        with self._open(name) as stream:
            for si in self._iterparse(stream, name, f"{{{NS}}}si"):
                text = _unescape(_text_of(si))
                total += len(text)
                strings.append(text)
                _release(si)
                if len(strings) > MAX_SHARED_STRINGS or total > MAX_SHARED_TEXT:
                    raise WorkbookLimitError(
                        f"{name} holds more than {MAX_SHARED_STRINGS:,} texts or "
                        f"{MAX_SHARED_TEXT >> 20} MB of text, far more than a registrants "
                        "workbook; docgen stops here")
        return strings

    def _date_styles(self) -> set[int]:
        if "xl/styles.xml" not in self.archive.namelist():
            return set()
        styles = self._part("xl/styles.xml")
        formats = dict(BUILTIN_DATE_FORMATS)
        for fmt in styles.iter(f"{{{NS}}}numFmt"):
            formats[_int(fmt.get("numFmtId"), 0)] = fmt.get("formatCode", "")
        xfs = styles.find(f"{{{NS}}}cellXfs")
        dates = set()
        for index, xf in enumerate(xfs if xfs is not None else ()):
            code = formats.get(_int(xf.get("numFmtId"), 0), "")
            if code and is_date_format(code):
                dates.add(index)
        return dates

    def _may_hold_merges(self, name: str) -> bool:
        """False only when part ``name`` cannot hold a ``mergeCell`` element: it is
        UTF-8 (Excel's encoding, where an element's name is its ASCII bytes, whatever
        its prefix) and the bytes ``mergeCell`` are nowhere in it. Unzipping costs a
        tenth of parsing, so a sheet without merged cells (most) is parsed once, not
        twice; anything else gets the parser's pre-pass."""
        with self._open(name) as stream:
            chunk = stream.read(1 << 16)
            if not _utf8_xml(chunk):
                return True
            tail = b""
            while chunk:
                if b"mergeCell" in tail + chunk:
                    return True
                tail = chunk[-8:]
                chunk = stream.read(1 << 20)
        return False

    def merged_ranges(self, sheet: str) -> list[str]:
        """Merged ranges of a sheet (``A3:B3``), found by a streaming pre-pass."""
        if sheet not in self._merged and not self._may_hold_merges(self.parts[sheet]):
            self._merged[sheet] = []
        if sheet not in self._merged:
            found: dict[str, None] = {}
            name = self.parts[sheet]
            with self._open(name) as stream:
                for element in self._iterparse(stream, name, (_ROW, _MERGE_CELL)):
                    if element.tag == _MERGE_CELL:
                        found[element.get("ref", "")] = None
                        if len(found) > MAX_MERGED:
                            raise WorkbookLimitError(
                                f"sheet {sheet} has more than {MAX_MERGED:,} merged ranges; "
                                "docgen stops here")
                    _release(element)
            self._merged[sheet] = list(found)
        return self._merged[sheet]

    def rows(self, sheet: str) -> Iterator[Row]:
        """Every row element of a sheet, in order, in flat memory.

        A row with no cells (formatting only) costs one test; the row and column
        numbers are bounded by Excel's limits.
        """
        name = self.parts[sheet]
        expected, count = 0, 0
        with self._open(name) as stream:
            for row in self._iterparse(stream, name, _ROW):
                count += 1
                if count > MAX_ROWS:
                    raise WorkbookLimitError(f"sheet {sheet} has more than {MAX_ROWS:,} rows, "
                                             "Excel's limit; docgen stops here")
                if _HAS_CONTENT(row):
                    item = self.row_of(row, expected)
                    if item.number <= expected:
                        item.problem = (f"the sheet XML holds row {item.number} more than once "
                                        "or out of order (a damaged or hand-made file); open "
                                        "it in Excel and save it again")
                    expected = max(expected, item.number)
                    yield item
                else:
                    expected = max(expected, _int(row.get("r"), expected + 1))
                _release(row)

    def row_of(self, row: etree._Element, previous: int) -> Row:
        """The values of one parsed ``<row>`` element."""
        number = _int(row.get("r"), previous + 1)
        problem = ""
        if not 1 <= number <= MAX_ROWS:  # read where it stands, and said
            problem = (f"the sheet XML numbers this row {number}, outside Excel's rows 1 to "
                       f"{MAX_ROWS:,} (a damaged or hand-made file); open it in Excel and "
                       "save it again")
            number = min(previous + 1, MAX_ROWS)
        item = Row(number, {}, row.get("hidden") in ("1", "true"), problem=problem)
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
            if not 0 <= column < MAX_COLUMNS:
                item.problem = (f"the sheet XML puts a cell of this row at {ref!r}, beyond "
                                "column XFD, Excel's last (a damaged or hand-made file); open "
                                "it in Excel and save it again")
                continue
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
            try:
                index = column_index(letters) - 1 if letters.isalpha() else -1
            except ValueError:
                index = -1
            if len(self._columns) < MAX_COLUMNS:
                self._columns[letters] = index
        return index

    def put(self, item: Row, column: int, kind: str, raw: str, style: str) -> None:
        """Store a ``<v>`` value of cell type ``kind`` (``s``, ``str``, ``b``, ``d``, ``e``,
        ``n``) as Excel reads it; a value Excel could not show is flagged, never guessed."""
        if column in item.values or column in item.flagged:
            item.flagged[column] = Flagged("invalid", "the sheet XML holds this cell twice; "
                                           "open the workbook in Excel and save it again")
            item.values.pop(column, None)
        elif kind == "s":
            index = int(raw) if raw.strip().isdigit() else -1
            if 0 <= index < len(self.shared):
                item.values[column] = self.shared[index]
            else:
                item.flagged[column] = Flagged("invalid", "the cell points at a shared string "
                                               "the workbook does not have (a damaged file); "
                                               "retype the value in Excel and save")
        elif kind == "str":
            item.values[column] = _unescape(raw)
        elif kind == "b":
            value = {"1": True, "true": True, "0": False, "false": False}.get(raw.strip())
            if value is None:
                item.flagged[column] = Flagged("invalid", "the cell is a TRUE/FALSE cell whose "
                                               "value is neither; retype it in Excel")
            else:
                item.values[column] = value
        elif kind == "d":
            item.values[column] = _iso_date(raw, item, column)
        elif kind == "e":
            item.flagged[column] = Flagged(raw)
        else:
            try:
                item.values[column] = _number(raw, _int(style, 0) in self.date_styles,
                                              self.epoch)
            except ValueError:
                item.flagged[column] = Flagged("invalid", "the cell holds a number Excel "
                                               "cannot read (a damaged file); retype it")
                item.values.pop(column, None)


def _iso_date(raw: str, item: Row, column: int) -> object:
    """A ``t="d"`` cell: an ISO 8601 date or date-time, as Excel reads it."""
    try:
        moment = dt.datetime.fromisoformat(raw.strip().removesuffix("Z"))
    except ValueError:
        item.flagged[column] = Flagged("invalid", "the cell is a date cell whose value is not "
                                       "a date; retype it in Excel")
        return None
    return moment.date() if moment.time() == dt.time() else moment


def _number(raw: str, is_date: bool, epoch: dt.datetime) -> object:
    value = float(raw)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("not a finite number")
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


def _int(text: str | None, default: int) -> int:
    """An integer attribute; ``default`` when absent."""
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        raise WorkbookLimitError(f'"{text[:20]}" is not a number where the sheet XML needs '
                                 "one; docgen stops here") from None


def _release(element: etree._Element) -> None:
    """Free a parsed element and its earlier siblings: flat memory while streaming."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _check_sizes(archive: zipfile.ZipFile) -> None:
    """Refuse, from the zip's headers, a part or a whole that inflates past the caps."""
    total = 0
    for info in archive.infolist():
        name = info.filename
        if name.startswith("xl/worksheets/"):
            limit = PART_LIMITS_MB["sheet"]
        else:
            limit = PART_LIMITS_MB.get(name, PART_LIMITS_MB["other"])
        if info.file_size > limit * MB:
            raise WorkbookLimitError(f"part {name} of the workbook inflates to more than "
                                     f"{limit} MB; docgen stops here")
        total += info.file_size
    if total > TOTAL_LIMIT_MB * MB:
        raise WorkbookLimitError(f"the workbook inflates to more than {TOTAL_LIMIT_MB} MB; "
                                 "docgen stops here")
