"""``docgen deadlines --ics FILE``: every deadline as an all-day calendar event.

Written with the ``icalendar`` library. One event per deadline (report due, NT
due, extension ends) per row. UIDs come from the workbook row's registrant, form
and period, not from the run, so importing the file again updates the events
instead of adding copies. Each event has an alarm ``alarm_days`` before, and the
row's status and rule certainty in its description.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from icalendar import Alarm, Calendar, Event

from docgen.engine.schedule import DeadlineRow

PRODID = "-//docgen//Form 12b-25 deadlines//EN"
_KINDS = (("due", "report due"), ("nt_due", "Form 12b-25 (NT) due"),
          ("extended_due", "extension ends"))


def _uid(item: DeadlineRow, kind: str, taken: set[str]) -> str:
    """Stable across runs: the same registrant, form, period and deadline give the same UID.
    A second row for the same report (the workbook repeats it, perhaps with another filer
    status) gets its own, from its row number: no deadline silently replaces another."""
    key = "|".join((" ".join(item.registrant.casefold().split()), item.form_shown,
                    item.period.isoformat() if item.period else "", kind))
    uid = hashlib.sha256(key.encode()).hexdigest()[:32] + "@docgen"
    if uid in taken:
        uid = hashlib.sha256(f"{key}|row {item.row}".encode()).hexdigest()[:32] + "@docgen"
    taken.add(uid)
    return uid


def calendar_bytes(rows: Iterable[DeadlineRow], *, alarm_days: int = 3,
                   stamp: dt.datetime | None = None) -> bytes:
    """The .ics file for ``rows`` (rows without dates are left out)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Form 12b-25 deadlines")
    when = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    taken: set[str] = set()
    for item in rows:
        d = item.deadlines
        if d is None:
            continue
        for kind, label in _KINDS:
            day: dt.date = getattr(d, kind)
            event = Event()
            event.add("uid", _uid(item, kind, taken))
            event.add("dtstamp", when)
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            event.add("summary", f"{item.registrant}: {item.form_shown} {label}")
            period = f", period ended {item.period.isoformat()}" if item.period else ""
            notes = [f"Row {item.row} of the registrants workbook{period}.",
                     f"Report due {d.due.isoformat()}; NT due {d.nt_due.isoformat()}; "
                     f"extension ends {d.extended_due.isoformat()}.",
                     f"Rule: {d.certainty}" + "".join(f"; UNCONFIRMED: {u}"
                                                      for u in d.unconfirmed)]
            event.add("description", "\n".join(notes))
            event.add("transp", "TRANSPARENT")
            if alarm_days > 0:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"{item.registrant}: {item.form_shown} {label} "
                                         f"in {alarm_days} days")
                alarm.add("trigger", dt.timedelta(days=-alarm_days))
                event.add_component(alarm)
            calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def within(rows: Iterable[DeadlineRow], today: dt.date, days: int) -> list[DeadlineRow]:
    """Rows with a deadline from today to ``days`` ahead (``--within``)."""
    last = today + dt.timedelta(days=days)
    return [r for r in rows if r.deadlines is not None and any(
        today <= getattr(r.deadlines, kind) <= last for kind, _ in _KINDS)]
