"""``docgen deadlines``: the table, one row explained, CSV/JSON, and the calendar file."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from docgen.cli.common import (
    ClosedOption,
    DebugOption,
    RowsOption,
    SheetOption,
    WhereOption,
    WorkbookArgument,
    err,
    guarded,
    parse_today,
    run_calendar,
)
from docgen.errors import CalendarFileError, OutputExistsError
from docgen.files import refuse_clashes, write_atomic
from docgen.problems import one_line, plural
from docgen.workbook.selection import selection


class TableFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def deadlines_command(
    workbook: WorkbookArgument,
    today: Annotated[
        str | None, typer.Option("--today", help="Count days from this date (YYYY-MM-DD).")
    ] = None,
    output_format: Annotated[
        TableFormat, typer.Option("--format", help="table, csv or json.")
    ] = TableFormat.table,
    explain_row: Annotated[
        int | None, typer.Option("--explain", metavar="ROW",
                                 help="Show how each date of this Excel row was computed.")
    ] = None,
    closed: ClosedOption = None,
    row_numbers: RowsOption = None,
    conditions: WhereOption = None,
    sheet: SheetOption = None,
    ics: Annotated[Path | None, typer.Option(
        "--ics", help="Also write the deadlines as a calendar (.ics) to import.")] = None,
    within_days: Annotated[int | None, typer.Option(
        "--within", metavar="DAYS", min=0, help="Only rows with a deadline in the next DAYS "
        "days (table and calendar).")] = None,
    alarm_days: Annotated[int, typer.Option(
        "--alarm", metavar="DAYS", min=0, help="Calendar reminders this many days before "
        "(0: none).")] = 3,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing .ics.")
                         ] = False,
    debug: DebugOption = False,
) -> None:
    """Due date, Form 12b-25 deadline and extended due date of every row."""
    from docgen.cli import deadlines_view
    from docgen.engine.schedule import as_csv, as_json, deadline_rows
    from docgen.outputs.calendar_file import calendar_bytes, within

    day = parse_today(today)
    with guarded(debug):
        from docgen.cli.common import trusted_settings
        from docgen.config import find_config

        trusted_settings(workbook, find_config(workbook), [workbook])
        if ics is not None and ics.suffix.lower() != ".ics":
            raise CalendarFileError(f"--ics {ics}: the name must end in .ics")
        if ics is not None and ics.exists() and not overwrite:
            raise OutputExistsError(f"--ics {ics} already exists; nothing written. Use "
                                    "--overwrite or another name")
        table, problems = deadline_rows(workbook, day, run_calendar(workbook, closed),
                                        selection(row_numbers, conditions or (), sheet))
        if within_days is not None:
            table = within(table, day, within_days)
        if ics is not None:
            refuse_clashes({"workbook": workbook}, [("--ics", ics)])
            write_atomic(ics, calendar_bytes(table, alarm_days=alarm_days))
    for problem in problems:
        if problem.severity.value == "error":
            err.print(str(problem), markup=False)
    if explain_row is not None:
        with guarded(debug):
            deadlines_view.explain_row(table, explain_row, day)
    elif output_format is TableFormat.csv:
        typer.echo(as_csv(table), nl=False)
    elif output_format is TableFormat.json:
        typer.echo(as_json(table, day))
    else:
        deadlines_view.print_table(table, day)
    if ics is not None:
        events = 3 * sum(1 for r in table if r.deadlines is not None)
        err.print(one_line(f"{ics}: {plural(events, 'event')} (report due, NT due, extension "
                           "ends per row); import it into the calendar"), markup=False)
    if any(p.severity.value == "error" for p in problems):
        raise typer.Exit(3)
