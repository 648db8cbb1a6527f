"""What is wrong with a workbook, cell by cell.

A :class:`Problem` points at one spreadsheet cell (``Registrants!C7``) and says
what to do. Errors stop a row from becoming a notice; warnings do not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

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

    def sort_key(self) -> tuple[int, int, str]:
        """Row order, then column order (``C7`` before ``AA7``)."""
        return (self.row, len(self.cell), self.cell)

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def __str__(self) -> str:
        return one_line(f"{self.location}: {self.severity.value}: {self.message}")


GROUP_AFTER = 5  # a message repeated on more rows than this is shown this many times


def grouped_lines(problems: Iterable[Problem], *, verbose: bool = False) -> Iterator[str]:
    """One line per problem; a message repeated on many rows shows its first
    :data:`GROUP_AFTER` and one line that counts the rest (all of them with ``verbose``)."""
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
