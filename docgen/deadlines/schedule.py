"""The deadlines of every row: what `docgen deadlines` shows and `--report` records."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docgen.deadlines.business_days import BusinessCalendar
from docgen.deadlines.rules import Deadlines, status
from docgen.filing import period_end
from docgen.problems import Problem
from docgen.selection import Selection
from docgen.validate import validate_row
from docgen.values import csv_safe
from docgen.workbook import open_workbook


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
    """One line per registrant row (those ``select`` chooses); rows with errors say so
    instead of guessing dates."""
    rows: list[DeadlineRow] = []
    problems: list[Problem] = []
    with open_workbook(Path(workbook), select) as book:
        problems += book.problems
        for sheet_row in book.rows():
            notice, found = validate_row(book.sheet, sheet_row, book.columns, book.contacts,
                                         calendar)
            problems += found
            if notice is None:
                cell = sheet_row.cells.get("registrant_name")
                name = "" if cell is None or cell.value is None else str(cell.value)
                rows.append(DeadlineRow(sheet_row.number, name, "", None, None,
                                        "row has errors", None))
                continue
            deadlines = notice.deadlines
            if deadlines is None:
                text, left = "no confirmed rule for this form", None
            else:
                text, left = status(deadlines, today, notice.dates["signature_date"])
            rows.append(DeadlineRow(notice.row, notice.text["registrant_name"], notice.form,
                                    period_end(notice.dates), deadlines, text, left,
                                    notice.text.get("amendment", "")))
    return rows, problems


FIELDS = ("row", "registrant", "form", "period", "due", "nt_due", "extended_due", "days_left",
          "status", "certainty", "amendment")


def _record(item: DeadlineRow) -> dict[str, object]:
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
    writer.writerows({k: csv_safe(v) for k, v in _record(r).items()} for r in rows)
    return out.getvalue()


def as_json(rows: Iterable[DeadlineRow], today: dt.date) -> str:
    return json.dumps({"today": today.isoformat(), "rows": [_record(r) for r in rows]},
                      ensure_ascii=False, indent=2)
