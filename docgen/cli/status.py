"""``docgen status``: the state of every edited notice, most urgent first.

A table (fits 80 columns), then what stands in the way for each notice that is
not ready, naming the cells, then one summary line. ``--format csv|json`` for
scripts. Exit 0 when every notice shown is ready or filed, 3 otherwise. Text
from notices and cells goes through :func:`~docgen.problems.one_line`, never
through rich markup.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from docgen.cli.common import (
    ClosedOption,
    DebugOption,
    RowsOption,
    SheetOption,
    TemplateOption,
    WhereOption,
    err,
    guarded,
    parse_today,
    trusted_settings,
)
from docgen.errors import UsageError
from docgen.problems import one_line
from docgen.values import csv_safe, format_date

if TYPE_CHECKING:  # the status package loads when the command runs
    from docgen.readback.run import NoticeStatus, StatusReport


class StatusFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


_STATE_NAMES = {"filed": "filed", "ready": "ready", "needsreview": "needs review",
                "review": "needs review", "draft": "draft", "missing": "missing",
                "unknown": "unknown"}


def _only(value: str | None) -> set[str] | None:
    if value is None:
        return None
    chosen = set()
    for word in value.split(","):
        key = "".join(c for c in word.lower() if c.isalpha())
        if key not in _STATE_NAMES:
            raise typer.BadParameter(f"{word.strip()!r} is not a state; use "
                                     "ready, draft, needs-review, missing, unknown, filed",
                                     param_hint="--only")
        chosen.add(_STATE_NAMES[key])
    return chosen


def status_command(
    paths: Annotated[list[Path], typer.Argument(
        help="The notices: a folder, a .zip or .docx files; then, optionally, the workbook "
             "(.xlsx) to compare them with.", show_default=False,
        metavar="NOTICES... [WORKBOOK]")],
    workbook: Annotated[Path | None, typer.Option(
        "--workbook", "-w", help="The registrants workbook (or give it last).")] = None,
    output_format: Annotated[StatusFormat, typer.Option(
        "--format", help="table, csv or json.")] = StatusFormat.table,
    only: Annotated[str | None, typer.Option(
        "--only", metavar="STATES", help="Only these states, e.g. draft,needs-review.")] = None,
    today: Annotated[str | None, typer.Option(
        "--today", help="Count days from this date (YYYY-MM-DD).")] = None,
    template: TemplateOption = None,
    closed: ClosedOption = None,
    row_numbers: RowsOption = None,
    conditions: WhereOption = None,
    sheet: SheetOption = None,
    debug: DebugOption = False,
) -> None:
    """Which edited notices are ready to file, which are drafts, what differs from the
    workbook, and which are due first."""
    states = _only(only)
    day = parse_today(today)
    with guarded(debug):
        if workbook is None and len(paths) > 1 and paths[-1].suffix.lower() in (".xlsx",
                                                                                ".xlsm"):
            workbook, paths = paths[-1], paths[:-1]
        for path in paths:
            if not path.exists():
                raise UsageError(f"{path}: not found; give the folder of notices, a .zip or "
                                 ".docx files")
            if path.is_file() and path.suffix.lower() not in (".docx", ".zip"):
                raise UsageError(f"{path}: give notices (.docx), a folder or a .zip; the "
                                 "workbook goes last")
        from docgen.options import MergeOptions
        from docgen.readback.run import status
        from docgen.workbook.selection import selection

        if workbook is not None:
            from docgen.config import find_config

            trusted_settings(workbook, find_config(workbook), [workbook, template])
            chosen = MergeOptions.for_workbook(workbook, closed or ())
        else:
            from docgen.cli.common import announce_settings
            from docgen.config import find_config

            announce_settings(find_config(paths[0]))
            chosen = MergeOptions()
        if template is not None:
            chosen = chosen.replace(template=template)
        if row_numbers or conditions or sheet:
            chosen = chosen.replace(rows=row_numbers, where=tuple(conditions or ()),
                                    sheet=sheet)
            selection(row_numbers, conditions or (), sheet)  # a bad --where fails here
        report = status(paths, workbook, chosen, today=day)
    for problem in report.problems:
        err.print(one_line(str(problem)), markup=False)
    for line in report.left_out:
        err.print(one_line(line), markup=False)
    shown = [r for r in report.notices if states is None or r.state in states]
    if output_format is StatusFormat.json:
        typer.echo(json.dumps({"today": day.isoformat(), "summary": report.summary(),
                               "notices": [r.record() for r in shown]},
                              ensure_ascii=False, indent=2))
    elif output_format is StatusFormat.csv:
        typer.echo(_csv(shown), nl=False)
    else:
        _print(report, shown, day, workbook)
    if not all(r.state in ("ready", "filed") for r in shown):
        raise typer.Exit(3)


_CSV_FIELDS = ("file", "state", "row", "registrant", "form", "period", "amendment", "nt_due",
               "days_left", "filed", "author", "modified", "matched_by", "edited", "to_fill",
               "findings")


def _csv(rows: list[NoticeStatus]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, _CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for item in rows:
        record = item.record()
        record["to_fill"] = "; ".join(record["to_fill"])
        record["findings"] = "; ".join(str(f) for f in item.findings)
        writer.writerow({k: csv_safe(v) for k, v in record.items()})
    return out.getvalue()




def _print(report: StatusReport, shown: list[NoticeStatus], day: dt.date,
           workbook: Path | None) -> None:
    """A line per notice, most urgent first, and under it its file and what stands in
    the way (cells named); 80 columns, or the terminal's width up to 120."""
    import shutil
    import sys
    import textwrap

    width = 80
    if sys.stdout.isatty():
        width = min(max(shutil.get_terminal_size((80, 24)).columns, 80), 120)
    against = f", against {workbook.name}" if workbook else " (no workbook: notices only)"
    lines = [one_line(f"Form 12b-25 notices as of {format_date(day)}{against}"), ""]
    name_width = width - _LEFT
    lines.append(f"{'State':12}  {'NT due':10}  {'Days':>5}  {'Form':7}  Registrant")
    lines.append(f"{'-' * 12}  {'-' * 10}  {'-' * 5}  {'-' * 7}  {'-' * name_width}")
    for item in shown:
        names = textwrap.wrap(one_line(item.registrant), name_width) or [""]
        days = "" if item.days_left is None or item.state == "filed" else str(item.days_left)
        due = item.nt_due.isoformat() if item.nt_due else ""
        lines.append(f"{item.state:12}  {due:10}  {days:>5}  {item.form_shown:7}  {names[0]}")
        lines += [" " * _LEFT + more for more in names[1:]]
        for text in _details(item):
            lines += textwrap.wrap(one_line(text), width, initial_indent="    ",
                                   subsequent_indent="      ", break_on_hyphens=False)
    lines += ["", *textwrap.wrap(one_line(report.summary()), width, subsequent_indent="  ",
                                 break_on_hyphens=False)]
    typer.echo("\n".join(lines))


_LEFT = 12 + 2 + 10 + 2 + 5 + 2 + 7 + 2


def _details(item: NoticeStatus) -> list[str]:
    """The lines under a notice: its file and who saved it, then each finding (none for
    a ready notice with nothing to note)."""
    if item.state in ("ready", "filed") and not item.findings:
        return []
    if not item.file:
        where = "no notice for this row" if item.state == "missing" else ""
    else:
        where = item.file + (f" (row {item.row})" if item.row else "")
        if item.edited is False:
            where += ", not edited since the merge"
        elif item.modified is not None:
            where += f", saved {item.modified.astimezone().strftime('%Y-%m-%d %H:%M')}"
            where += f" by {item.author}" if item.author else ""
    return [w for w in [where] if w] + [f"{f.kind}: {f}" for f in item.findings]
