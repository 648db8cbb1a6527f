"""Choosing rows: ``--rows 2-5,9`` (Excel row numbers) and ``--where "Form=10-K"``.

A selection narrows what ``merge``, ``check`` and ``deadlines`` read; the rows it
leaves out are not checked and not reported. ``--where`` compares a column's
value as text, ignoring case and surrounding spaces (a date as YYYY-MM-DD); several
are ANDed, and ``!=`` excludes. A selection that matches no registrant row is an
error, never an empty success.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from docgen.errors import SelectionError
from docgen.rules.schema import (
    COLUMNS,
    COLUMNS_BY_KEY,
    Kind,
    custom_variable_name,
    match_header,
    parse_form,
)
from docgen.values import parse_date, parse_yes_no

_RANGE = re.compile(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?")
_WHERE = re.compile(r"\s*([^=!]+?)\s*(!=|=)(.*)")
_HEADERS = {c.key: c.header for c in COLUMNS}


@dataclass(frozen=True)
class Condition:
    column: str  # as the user wrote it
    key: str  # the column key, or a custom column's variable name
    negate: bool
    value: str


@dataclass(frozen=True)
class Selection:
    ranges: tuple[tuple[int, int], ...] = ()
    conditions: tuple[Condition, ...] = ()
    sheet: str | None = None  # the registrants sheet, when not Registrants or the first

    def __bool__(self) -> bool:
        return bool(self.ranges or self.conditions)

    def describe(self) -> str:
        parts = []
        if self.ranges:
            parts.append("--rows " + ",".join(f"{a}" if a == b else f"{a}-{b}"
                                              for a, b in self.ranges))
        parts += [f'--where "{c.column}{"!=" if c.negate else "="}{c.value}"'
                  for c in self.conditions]
        return " ".join(parts)

    def wants(self, number: int) -> bool:
        """Whether Excel row ``number`` is in ``--rows`` (before reading its cells)."""
        return not self.ranges or any(a <= number <= b for a, b in self.ranges)

    def matches(self, number: int, cells: Mapping[str, Any], custom: Mapping[str, Any]) -> bool:
        if not self.wants(number):
            return False
        for condition in self.conditions:
            cell = cells.get(condition.key) or custom.get(condition.key)
            value = cell.value if cell is not None else None
            equal = _meaning(condition.key, value) == _meaning(condition.key, condition.value)
            if equal == condition.negate:
                return False
        return True

    def check_columns(self, known: Iterable[str], sheet: str) -> None:
        """Every ``--where`` column must be one the sheet has."""
        present = set(known)
        for condition in self.conditions:
            if condition.key not in present:
                raise SelectionError(f'--where "{condition.column}=...": sheet {sheet} has no '
                                     f"column {condition.column!r}; use a header of row 1")


def _meaning(key: str, value: Any) -> str:
    """What a value means in its column: ``NT 10-K`` is Form 10-K, ``x`` is Yes,
    ``September 30, 2026`` is 2026-09-30; other text compares ignoring case."""
    column = COLUMNS_BY_KEY.get(key)
    if column is not None and value not in (None, ""):
        if column.kind is Kind.FORM:
            return parse_form(str(value)) or _text(value)
        if column.kind is Kind.YESNO:
            answer = parse_yes_no(value)
            return _text(value) if answer is None else ("yes" if answer else "no")
        if column.kind is Kind.DATE:
            day = parse_date(value)
            return day.isoformat() if day is not None else _text(value)
    return _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().casefold()


def parse_rows(text: str) -> tuple[tuple[int, int], ...]:
    """``2-5,9`` -> ((2, 5), (9, 9)); row 1 is the header, so rows start at 2."""
    ranges = []
    for piece in text.split(","):
        match = _RANGE.fullmatch(piece)
        if match is None:
            raise SelectionError(f"--rows {text}: use Excel row numbers, e.g. --rows 2-5,9")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first < 2 or last < first:
            raise SelectionError(f"--rows {text}: rows start at 2 (row 1 is the header) and "
                                 "a range runs low-high, e.g. 2-5")
        ranges.append((first, last))
    return tuple(ranges)


def parse_where(text: str) -> Condition:
    match = _WHERE.fullmatch(text)
    if match is None or not match.group(1):
        raise SelectionError(f'--where {text!r}: use "Column=value" or "Column!=value", '
                             'e.g. --where "Form=10-Q"')
    column = match.group(1)
    key = match_header(column) or custom_variable_name(column)
    return Condition(column, key, match.group(2) == "!=", match.group(3).strip())


def selection(rows: str | None = None, where: Iterable[str] = (),
              sheet: str | None = None) -> Selection:
    """The selection the options describe (empty: every row of the usual sheet)."""
    conditions = tuple(parse_where(w) for w in where)
    return Selection(parse_rows(rows) if rows else (), conditions, sheet or None)


def nothing_matched(chosen: Selection, sheet: str, seen: int) -> SelectionError:
    return SelectionError(f"{chosen.describe()}: no registrant row of sheet {sheet} matches "
                          f"({seen} rows read); check the row numbers and values")
