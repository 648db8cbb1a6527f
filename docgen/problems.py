"""What is wrong with a workbook, cell by cell.

A :class:`Problem` points at one spreadsheet cell (``Registrants!C7``) and says
what to do. Errors stop a row from becoming a notice; warnings do not.
"""

from __future__ import annotations

import heapq
import re
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

# C0 and C1 controls, DEL, line and paragraph separators and the bidirectional
# overrides (and lone surrogates, which no terminal encoding can print): anything that
# could move the cursor, start an escape sequence, end the
# line or reorder what a terminal shows.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def one_line(text: str) -> str:
    """``text`` as one printable line: each control character shown as ``\\xNN``, so no
    cell can colour a terminal, forge an extra output line or hide what it holds."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", text)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding, sortable by row then cell."""

    row: int  # Excel row number; 0 for the workbook or sheet as a whole
    cell: str  # e.g. "C7", or "" when no single cell is to blame
    sheet: str
    severity: Severity
    message: str
    placeholder: bool = False  # a blank the notice shows as [●]; an error under --strict
    assumed: bool = False  # a blank filled with a default that changes a representation

    def __post_init__(self) -> None:
        # The same warning on 10,000 rows is one string, not 10,000 (#25: memory stays
        # flat however many rows carry warnings); the cell's column letters likewise.
        object.__setattr__(self, "message", sys.intern(self.message))
        object.__setattr__(self, "sheet", sys.intern(self.sheet))

    def sort_key(self) -> tuple[int, int, str]:
        """Row order, then column order (``C7`` before ``AA7``)."""
        return (self.row, len(self.cell), self.cell)

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def __str__(self) -> str:
        return one_line(f"{self.location}: {self.severity.value}: {self.message}")


GROUP_AFTER = 5  # a message repeated on more rows than this is shown this many times


def plural(count: int, word: str) -> str:
    """``1 notice``, ``2 notices``: every summary line's counts."""
    return f"{count} {word}{'' if count == 1 else 's'}"
_CELL = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_Kind = tuple[str, Severity, str, bool, bool]


class ProblemLog:
    """The problems of a run, always iterated in row order (as ``sort`` left a list).

    The first :data:`KEEP` problems of each kind (sheet, severity, message) are kept
    whole; after that only the row and column of each, six bytes, and the problem is
    made again when read. A warning on every one of 30,000 rows then costs 180 KB, not
    25 MB, and memory stays flat however many rows carry warnings (#25)."""

    KEEP = 8

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self._whole: list[Problem] = []
        self._compact: dict[_Kind, tuple[array[int], array[int]]] = {}
        self._kinds: Counter[_Kind] = Counter()
        self._columns: list[str] = []
        self._column_ids: dict[str, int] = {}
        self._severities: Counter[Severity] = Counter()
        self._repeated: Counter[str] = Counter()  # message -> how many rows below the header
        self.extend(problems)

    def append(self, problem: Problem) -> None:
        kind = (problem.sheet, problem.severity, problem.message, problem.placeholder,
                problem.assumed)
        self._kinds[kind] += 1
        self._severities[problem.severity] += 1
        if problem.row > 1:
            self._repeated[problem.message] += 1
        cell = _CELL.fullmatch(problem.cell)
        if self._kinds[kind] <= self.KEEP or cell is None or int(cell[2]) != problem.row:
            self._whole.append(problem)
            return
        column = self._column_ids.get(cell[1])
        if column is None:
            column = self._column_ids[cell[1]] = len(self._columns)
            self._columns.append(cell[1])
        rows, columns = self._compact.setdefault(kind, (array("I"), array("H")))
        rows.append(problem.row)
        columns.append(column)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems: Iterable[Problem]) -> ProblemLog:
        self.extend(problems)
        return self

    def __len__(self) -> int:
        return sum(self._severities.values())

    def __bool__(self) -> bool:
        return bool(self._whole)

    def count(self, severity: Severity) -> int:
        return self._severities[severity]

    def repeated(self) -> Counter[str]:
        """How many rows below the header each message is on (for :func:`grouped_lines`)."""
        return Counter(self._repeated)

    def sort(self, key: Callable[[Problem], Any] | None = None) -> None:
        """Row order: the only order a log has (``key`` is accepted, as a list's)."""
        self._whole.sort(key=Problem.sort_key)

    def __iter__(self) -> Iterator[Problem]:
        streams: list[Iterable[Problem]] = [sorted(self._whole, key=Problem.sort_key)]
        streams += [self._expanded(kind, *packed) for kind, packed in self._compact.items()]
        return heapq.merge(*streams, key=Problem.sort_key)

    def _expanded(self, kind: _Kind, rows: array[int], columns: array[int]
                  ) -> Iterator[Problem]:
        sheet, severity, message, placeholder, assumed = kind
        names = self._columns
        order: Iterable[int] = range(len(rows))
        if any(rows[i] > rows[i + 1] for i in range(len(rows) - 1)):
            order = sorted(order, key=lambda i: (rows[i], len(names[columns[i]]),
                                                 names[columns[i]]))
        for i in order:
            yield Problem(rows[i], f"{names[columns[i]]}{rows[i]}", sheet, severity, message,
                          placeholder, assumed)


def grouped_lines(problems: Iterable[Problem], *, verbose: bool = False) -> Iterator[str]:
    """One line per problem; a message repeated on many rows shows its first
    :data:`GROUP_AFTER` and one line that counts the rest (all of them with ``verbose``)."""
    if isinstance(problems, ProblemLog):
        counts = problems.repeated()  # and read once, as it goes: nothing held whole
    else:
        problems = list(problems)
        counts = Counter(p.message for p in problems if p.row > 1)
    shown: Counter[str] = Counter()
    for problem in problems:
        total = counts[problem.message] if problem.row > 1 else 0
        if verbose or total <= GROUP_AFTER:
            yield str(problem)
            continue
        shown[problem.message] += 1
        if shown[problem.message] <= GROUP_AFTER:
            yield str(problem)
        if shown[problem.message] == GROUP_AFTER:
            kind = problem.severity.value
            yield one_line(f"{problem.sheet}: {kind}: the same {kind} on {total:,} rows; first "
                           f"{GROUP_AFTER} shown; --verbose for all")
