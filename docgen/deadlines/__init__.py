"""Deadlines: when each report, its Form 12b-25 and the extension are due.

* :mod:`~docgen.deadlines.rules` — the SEC's rules by era, and the three dates of a row;
* :mod:`~docgen.deadlines.business_days` — Rule 0-3's business days: federal holidays
  and the SEC's closures (``data/sec_closures.csv``);
* :mod:`~docgen.deadlines.schedule` — every row's dates, as `docgen deadlines` and
  ``--report`` give them;
* :mod:`~docgen.deadlines.view` — how `docgen deadlines` prints them.
"""

import datetime as _dt
import sys as _sys
import types as _types
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

if _TYPE_CHECKING:
    from docgen.deadlines.rules import (
        EXTENSION_DAYS,
        FORM_SINCE,
        RULES,
        Deadlines,
        Rule,
        Step,
        compute,
        explain,
        rule_for,
        status,
    )

__all__ = ["EXTENSION_DAYS", "FORM_SINCE", "RULES", "Deadlines", "Rule", "Step", "compute",
           "explain", "rule_for", "status"]


def __getattr__(name: str) -> _Any:
    """The rules, imported on first use: the CLI's start-up needs only business days."""
    if name in __all__:
        from docgen.deadlines import rules

        return getattr(rules, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _CallableModule(_types.ModuleType):
    """``docgen.deadlines(workbook)``: the package is also the function the CLI mirrors."""

    def __call__(self, workbook: object, *, today: _dt.date | None = None,
                 rows: str | None = None, where: tuple[str, ...] | list[str] = (),
                 sheet: str | None = None, closed: tuple[str, ...] | list[str] = ()) -> object:
        """Every chosen row's deadlines (``docgen deadlines``), as ``(rows, problems)``."""
        from pathlib import Path

        from docgen.config import business_calendar
        from docgen.deadlines.schedule import deadline_rows
        from docgen.selection import selection

        path = Path(str(workbook))
        calendar, _settings = business_calendar(path, closed)
        return deadline_rows(path, today or _dt.date.today(), calendar,
                             selection(rows, where, sheet))


_sys.modules[__name__].__class__ = _CallableModule
