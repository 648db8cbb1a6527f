"""What is wrong with a workbook, cell by cell.

A :class:`Problem` points at one spreadsheet cell (``Registrants!C7``) and says
what to do. Errors stop a row from becoming a notice; warnings do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


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

    def sort_key(self) -> tuple[int, int, str]:
        """Row order, then column order (``C7`` before ``AA7``)."""
        return (self.row, len(self.cell), self.cell)

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message}"
