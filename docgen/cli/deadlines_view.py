"""What `docgen deadlines` prints: a table, a block per row, or one row explained.

The table fits the terminal: 120 columns or more get one row per line, narrower
ones (and pipes, read as 80 columns) a block of three lines per row. Text from
cells goes through :func:`~docgen.problems.one_line`, never through rich markup.
"""

from __future__ import annotations

import datetime as dt

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from docgen.engine.schedule import DeadlineRow
from docgen.errors import NoSuchRow
from docgen.problems import one_line
from docgen.rules.deadlines import explain
from docgen.values import format_date


def explain_row(rows: list[DeadlineRow], row: int, day: dt.date) -> None:
    """`deadlines --explain ROW`: the rule, the raw dates and every day skipped."""
    item = next((r for r in rows if r.row == row), None)
    if item is None:
        numbers = [r.row for r in rows]
        where = f"rows {min(numbers)} to {max(numbers)}" if numbers else "no registrant rows"
        raise NoSuchRow(f"--explain {row}: the workbook has no registrant row {row} ({where})")
    period = f", period ended {format_date(item.period)}" if item.period else ""
    typer.echo(one_line(f"Row {item.row}: {item.registrant} {item.form_shown}{period}".rstrip()))
    if item.deadlines is None:
        typer.echo(f"No dates: {item.status}")
        return
    for line in explain(item.deadlines):
        typer.echo(line)
    typer.echo(f"Status on {format_date(day)}: {item.status}")


_WIDE_TABLE = 120  # narrower terminals (and pipes, 80 columns) get one block per row


def print_table(rows: list[DeadlineRow], day: dt.date) -> None:
    """The deadlines as a table on a wide terminal, as a block per row on a narrow one."""
    out = Console(highlight=False, markup=False, emoji=False)
    notes: set[str] = set()
    unconfirmed: list[str] = []
    for item in rows:
        d = item.deadlines
        notes.update(d.notes if d else ())
        unconfirmed += [f"Row {item.row} UNCONFIRMED: {why}" for why in (d.unconfirmed if d
                                                                         else ())]
    title = f"Form 12b-25 deadlines as of {format_date(day)}"
    if out.width >= _WIDE_TABLE:
        out.print(_wide_table(rows, title))
    else:
        out.print(title)
        for item in rows:
            out.print()
            for line in _row_block(item):
                out.print(line, overflow="fold")
    out.print()
    for note in [*(f"Note: {n}" for n in sorted(notes)), *unconfirmed]:
        out.print(note)


def _row_block(item: DeadlineRow) -> list[str]:
    """One row of the deadlines for an 80-column terminal."""
    d = item.deadlines
    period = f" {item.period.isoformat()}" if item.period else ""
    lines = [one_line(f"Row {item.row}: {item.registrant} ({item.form_shown}{period})")]
    if d is not None:
        lines.append(f"  due {d.due.isoformat()}   NT due {d.nt_due.isoformat()}   "
                     f"extended {d.extended_due.isoformat()}")
    ago = f" ({-item.days_left} days ago)" if item.days_left and item.days_left < 0 else ""
    lines.append(f"  {item.status}{ago}" + ("   UNCONFIRMED" if d and d.unconfirmed else ""))
    return lines


def _wide_table(rows: list[DeadlineRow], title: str) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for header in ("Row", "Registrant", "Form", "Period", "Due", "NT due", "Extended due",
                   "Days left", "Status"):
        table.add_column(header, justify="right" if header in ("Row", "Days left") else "left",
                         overflow="fold")
    for item in rows:
        d = item.deadlines
        table.add_row(
            str(item.row), one_line(item.registrant), item.form_shown,
            item.period.isoformat() if item.period else "",
            *(x.isoformat() if x else "" for x in
              ((d.due, d.nt_due, d.extended_due) if d else (None, None, None))),
            "" if item.days_left is None else str(item.days_left),
            item.status + (" (UNCONFIRMED)" if d and d.unconfirmed else ""),
        )
    return table
