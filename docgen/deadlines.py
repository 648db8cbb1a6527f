"""SEC due dates for the reports Form 12b-25 covers, and the notice's own deadlines.

Pure functions, no I/O. Sources and worked examples: ``docs/deadlines.md`` (from
the project's reference notes). In short:

* due date = period end + the form's period, moved to the next business day
  under Rule 0-3 when it falls on a Saturday, Sunday or federal holiday;
* Form 12b-25 itself is due no later than one business day after that due date
  (Rule 12b-25(a));
* the extension runs 15 calendar days (10-K, 20-F, 11-K, N-CEN, N-CSR) or 5
  (10-Q, 10-D) from the due date, again moved to a business day.

Where the reference could not confirm a rule the result says so in ``notes``
and the computation errs early (a date that is too early is safe for a filer,
one that is too late is not).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from docgen.schema import LEGACY_FORMS

# Days from period end to due date, by form and filer status.
_DAYS: dict[str, dict[str, int]] = {
    "10-K": {"large accelerated": 60, "accelerated": 75, "non-accelerated": 90},
    "10-Q": {"large accelerated": 40, "accelerated": 40, "non-accelerated": 45},
    "11-K": dict.fromkeys(("large accelerated", "accelerated", "non-accelerated"), 180),
    "10-D": dict.fromkeys(("large accelerated", "accelerated", "non-accelerated"), 15),
    "N-CEN": dict.fromkeys(("large accelerated", "accelerated", "non-accelerated"), 75),
    "N-CSR": dict.fromkeys(("large accelerated", "accelerated", "non-accelerated"), 70),
}
_EXTENSION: dict[str, int] = {
    "10-K": 15, "20-F": 15, "11-K": 15, "N-CEN": 15, "N-CSR": 15, "10-Q": 5, "10-D": 5,
}
_NOTES: dict[str, str] = {
    "11-K": "11-K: 180 days assumes a plan subject to ERISA (90 days otherwise)",
    "10-D": "10-D: Period Ended is taken as the distribution date (due 15 days after it)",
    "N-CEN": "N-CEN: 75 days after fiscal year end (for UITs, after calendar year end)",
    "N-CSR": "N-CSR: UNCONFIRMED worst case of 70 days (60 days to transmit the "
             "shareholder report + 10 days); the real due date is 10 days after transmission",
    "20-F": "20-F: four months after fiscal year end; month arithmetic for non-month-end "
            "periods is UNCONFIRMED",
}
_TRANSITION_NOTE = (
    "transition report: due dates under Rules 13a-10/15d-10 are UNCONFIRMED; computed as "
    "for the regular report from the transition period end, which is never later than the "
    "rule allows"
)

# Days the SEC was closed although no statute makes them holidays (executive orders).
# Only closures the SEC announced for EDGAR are listed; verify new ones before adding.
ONE_OFF_CLOSURES: dict[dt.date, str] = {
    dt.date(2018, 12, 5): "National Day of Mourning for President George H. W. Bush",
    dt.date(2025, 1, 9): "National Day of Mourning for President Jimmy Carter",
}


@dataclass(frozen=True, slots=True)
class Deadlines:
    """The three dates for one report, and what they rest on."""

    due: dt.date
    nt_due: dt.date
    extended_due: dt.date
    notes: tuple[str, ...] = ()


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th ``weekday`` (0 = Monday) of a month; n = -1 for the last one."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: dt.date) -> dt.date:
    """Saturday holidays are kept on Friday, Sunday holidays on Monday."""
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


@lru_cache(maxsize=256)
def federal_holidays(year: int) -> frozenset[dt.date]:
    """Observed U.S. federal holidays (5 U.S.C. 6103) falling in ``year``.

    Includes New Year's Day of ``year + 1`` when it is observed on December 31.
    Inauguration Day is not included (a D.C.-area holiday only; UNCONFIRMED for
    EDGAR).
    """
    fixed = [(1, 1), (7, 4), (11, 11), (12, 25)]
    if year >= 2021:
        fixed.append((6, 19))  # Juneteenth, enacted June 17, 2021
    days = {_observed(dt.date(year, m, d)) for m, d in fixed}
    days.add(_observed(dt.date(year + 1, 1, 1)))  # may be Friday, December 31
    days |= {
        _nth_weekday(year, 1, 0, 3),  # Martin Luther King, Jr.
        _nth_weekday(year, 2, 0, 3),  # Washington's Birthday
        _nth_weekday(year, 5, 0, -1),  # Memorial Day
        _nth_weekday(year, 9, 0, 1),  # Labor Day
        _nth_weekday(year, 10, 0, 2),  # Columbus Day
        _nth_weekday(year, 11, 3, 4),  # Thanksgiving Day
    }
    return frozenset(d for d in days if d.year == year)


def is_business_day(day: dt.date) -> bool:
    """Monday to Friday, not a federal holiday, not a one-off SEC closure."""
    return (
        day.weekday() < 5
        and day not in federal_holidays(day.year)
        and day not in ONE_OFF_CLOSURES
    )


def roll_forward(day: dt.date) -> dt.date:
    """Rule 0-3: a deadline on a weekend or holiday moves to the next business day."""
    while not is_business_day(day):
        day += dt.timedelta(days=1)
    return day


def next_business_day(day: dt.date) -> dt.date:
    return roll_forward(day + dt.timedelta(days=1))


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month ``months`` later; a month end stays a month end."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    at_month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month, last if at_month_end else min(day.day, last))


def raw_due_date(form: str, period_end: dt.date, filer_status: str) -> dt.date:
    """Period end plus the form's period, before Rule 0-3."""
    if form == "20-F":
        return add_months(period_end, 4)
    days = _DAYS[form][filer_status]
    if form == "10-K" and filer_status == "large accelerated" and period_end < dt.date(
        2006, 12, 15
    ):
        days = 75  # large accelerated filers had 75 days for fiscal years before Dec 15, 2006
    return period_end + dt.timedelta(days=days)


@lru_cache(maxsize=4096)  # rows share period ends: one Deadlines object per combination
def compute(
    form: str, period_end: dt.date, filer_status: str = "non-accelerated",
    *, transition: bool = False,
) -> Deadlines | None:
    """The due date, NT deadline and extended due date; None where no rule is known.

    ``form`` is a canonical form type (``10-K``...). Legacy forms (10-KSB,
    10-QSB, N-SAR) have no confirmed rule here and give None.
    """
    if form in LEGACY_FORMS or form not in _EXTENSION:
        return None
    due = roll_forward(raw_due_date(form, period_end, filer_status))
    notes = [_NOTES[form]] if form in _NOTES else []
    if transition:
        notes.append(_TRANSITION_NOTE)
    return Deadlines(
        due=due,
        nt_due=next_business_day(due),
        extended_due=roll_forward(due + dt.timedelta(days=_EXTENSION[form])),
        notes=tuple(notes),
    )


def status(deadlines: Deadlines, today: dt.date, signed: dt.date | None = None) -> tuple[str, int]:
    """A short status for ``today`` and the days left to the next deadline.

    ``signed`` (the notice's signature date) on or before the NT deadline counts
    as a timely notice, so the extension is what is left to watch.
    """

    def in_days(day: dt.date) -> str:
        left = (day - today).days
        return {0: "today", 1: "tomorrow"}.get(left, f"in {left} days")

    if today < deadlines.due:
        return f"report due {in_days(deadlines.due)}", (deadlines.due - today).days
    if today <= deadlines.nt_due:
        return f"NT due {in_days(deadlines.nt_due)}", (deadlines.nt_due - today).days
    timely = signed is not None and signed <= deadlines.nt_due
    left = (deadlines.extended_due - today).days
    if left < 0:
        return "extension ended", left
    if not timely:
        return "NT late", left
    return f"extension ends {in_days(deadlines.extended_due)}", left
