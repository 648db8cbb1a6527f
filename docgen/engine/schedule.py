"""The deadlines of every row: what `docgen deadlines` shows and `--report` records."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docgen.engine.results import MergeReport
from docgen.problems import Problem
from docgen.rules.business_days import BusinessCalendar
from docgen.rules.deadlines import Deadlines, status
from docgen.values import csv_safe
from docgen.workbook.selection import Selection


@dataclass(frozen=True)
class DeadlineRow:
    row: int
    registrant: str
    form: str
    period: dt.date | None
    deadlines: Deadlines | None
    status: str
    days_left: int | None
    amendment: str = ""  # "1", "2"... for an amended notification

    @property
    def form_shown(self) -> str:
        """The form as tables show it: ``10-K``, or ``10-K/A1`` for Amendment No. 1."""
        return f"{self.form}/A{self.amendment}" if self.amendment else self.form


def deadline_rows(
    workbook: Path | str, today: dt.date, calendar: BusinessCalendar | None = None,
    select: Selection | None = None,
) -> tuple[list[DeadlineRow], list[Problem]]:
    """One line per registrant row (those ``select`` chooses), from the same validated-rows
    pass as ``check`` and ``merge``; rows with errors say so instead of guessing dates."""
    from docgen.engine.plan import plan

    report = MergeReport(Path(workbook), Path())
    plan(Path(workbook), None, None, report, lambda _context: None, cal=calendar,
         select=select)
    return rows_of(report, today), list(report.problems)


def rows_of(report: MergeReport, today: dt.date) -> list[DeadlineRow]:
    """The deadline lines of a report ``check`` or ``merge`` made: the page reads the
    workbook once, not once for its problems and again for its deadlines."""
    rows: list[DeadlineRow] = []
    for result in report.notices:
        if result.status == "skipped":
            rows.append(DeadlineRow(result.row, result.registrant, "", None, None,
                                    "row has errors", None))
            continue
        deadlines = result.deadlines
        if result.filed:  # the Filed column: done, whatever the dates say
            text, left = f"filed ({result.filed})", None
        elif deadlines is None:
            text, left = "no confirmed rule for this form", None
        else:
            text, left = status(deadlines, today, result.signed_on)
        period = dt.date.fromisoformat(result.period) if result.period else None
        rows.append(DeadlineRow(result.row, result.registrant, result.form, period,
                                deadlines, text, left, result.amendment))
    return rows


FIELDS = ("row", "registrant", "form", "period", "due", "nt_due", "extended_due", "days_left",
          "status", "certainty", "amendment")


def record(item: DeadlineRow) -> dict[str, object]:
    d = item.deadlines

    def iso(day: dt.date | None) -> str:
        return day.isoformat() if day else ""

    return {
        "row": item.row, "registrant": item.registrant, "form": item.form,
        "period": iso(item.period), "due": iso(d.due if d else None),
        "nt_due": iso(d.nt_due if d else None),
        "extended_due": iso(d.extended_due if d else None),
        "days_left": item.days_left, "status": item.status, "amendment": item.amendment,
        "certainty": d.certainty if d else "",
        **({"unconfirmed": list(d.unconfirmed)} if d and d.unconfirmed else {}),
        **({"notes": list(d.notes)} if d and d.notes else {}),
    }


def as_csv(rows: Iterable[DeadlineRow]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: csv_safe(v) for k, v in record(r).items()} for r in rows)
    return out.getvalue()


def as_json(rows: Iterable[DeadlineRow], today: dt.date) -> str:
    return json.dumps({"today": today.isoformat(), "rows": [record(r) for r in rows]},
                      ensure_ascii=False, indent=2)
