"""Business days for SEC deadlines: weekends, federal holidays and the SEC's closures.

Rule 0-3 (17 CFR 240.0-3(a)) moves a last day that falls on a Saturday, Sunday or
holiday to the next business day. The holidays are the statutory ones of
5 U.S.C. 6103(a), observed on the Friday before / Monday after a weekend. On top of
them the SEC closes EDGAR on some days by executive order (Christmas Eves, national
days of mourning): those live as data in ``docgen/deadlines/data/sec_closures.csv`` (date,
status, reason, source), so a firm can add the day the SEC announces one through
``docgen.toml`` or ``--closed`` without a new release of docgen.

A closure is ``confirmed`` when a day-specific source says EDGAR was closed; only
those are skipped. An ``unconfirmed`` one (an executive-order closure with no SEC
announcement found) is kept as a business day, and a deadline that would move if
it were closed is marked UNCONFIRMED by :mod:`docgen.rules.deadlines`.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Closure:
    """A day the SEC closed EDGAR although no statute makes it a holiday."""

    day: dt.date
    reason: str
    source: str = ""
    confirmed: bool = True


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
        return day - ONE_DAY
    if day.weekday() == 6:
        return day + ONE_DAY
    return day


@lru_cache(maxsize=256)
def federal_holiday_names(year: int) -> dict[dt.date, str]:
    """Observed U.S. federal holidays (5 U.S.C. 6103(a)) falling in ``year``, named.

    Includes New Year's Day of ``year + 1`` when it is observed on December 31.
    Inauguration Day is not one: 6103(c) makes it a holiday only for the pay and
    leave of D.C.-area federal employees, and EDGAR calendars do not list it.
    """
    fixed = [(1, 1, "New Year's Day"), (7, 4, "Independence Day"),
             (11, 11, "Veterans Day"), (12, 25, "Christmas Day")]
    if year >= 2021:  # enacted June 17, 2021; first observed Friday June 18, 2021
        fixed.append((6, 19, "Juneteenth National Independence Day"))
    days = {_observed(dt.date(year, m, d)): name for m, d, name in fixed}
    if year < dt.MAXYEAR:
        days[_observed(dt.date(year + 1, 1, 1))] = "New Year's Day"  # may be Friday Dec 31
    days.update({
        _nth_weekday(year, 1, 0, 3): "Birthday of Martin Luther King, Jr.",
        _nth_weekday(year, 2, 0, 3): "Washington's Birthday",
        _nth_weekday(year, 5, 0, -1): "Memorial Day",
        _nth_weekday(year, 9, 0, 1): "Labor Day",
        _nth_weekday(year, 10, 0, 2): "Columbus Day",
        _nth_weekday(year, 11, 3, 4): "Thanksgiving Day",
    })
    return {d: name for d, name in days.items() if d.year == year}


def federal_holidays(year: int) -> frozenset[dt.date]:
    """The observed federal holidays of ``year`` (see :func:`federal_holiday_names`)."""
    return frozenset(federal_holiday_names(year))


def read_closures(text: str) -> tuple[Closure, ...]:
    """Closures from CSV text with the columns date, status, reason, source."""
    return tuple(
        Closure(dt.date.fromisoformat(line["date"]), line["reason"], line.get("source") or "",
                line["status"].strip().lower() == "confirmed")
        for line in csv.DictReader(io.StringIO(text))
    )


@lru_cache(maxsize=1)
def bundled_closures() -> tuple[Closure, ...]:
    """The closures shipped with docgen (``docgen/deadlines/data/sec_closures.csv``)."""
    data = resources.files("docgen.rules").joinpath("data/sec_closures.csv")
    return read_closures(data.read_text(encoding="utf-8"))


@dataclass(frozen=True, eq=False)
class BusinessCalendar:
    """Which days count as business days for Rule 0-3.

    Compared and hashed by identity: a run builds one and every cached deadline
    computation is keyed on it.
    """

    closures: tuple[Closure, ...]
    _closed: dict[dt.date, str] = field(init=False, repr=False)
    _possible: dict[dt.date, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        closed = {c.day: c.reason for c in self.closures if c.confirmed}
        possible = {c.day: c.reason for c in self.closures
                    if not c.confirmed and c.day not in closed}
        object.__setattr__(self, "_closed", closed)
        object.__setattr__(self, "_possible", possible)

    def with_closures(self, extra: Iterable[Closure]) -> BusinessCalendar:
        """This calendar plus ``extra`` (a firm's own closures)."""
        extra = tuple(extra)
        return BusinessCalendar(self.closures + extra) if extra else self

    @cached_property  # one per calendar: asked on every deadline computed
    def assuming_closed(self) -> BusinessCalendar:
        """This calendar with every unconfirmed closure taken as real."""
        if not self._possible:
            return self
        return BusinessCalendar(tuple(Closure(c.day, c.reason, c.source, True)
                                      for c in self.closures))

    def possible_closures(self) -> dict[dt.date, str]:
        """Unconfirmed closures: business days here, but perhaps closed."""
        return dict(self._possible)

    def why_closed(self, day: dt.date) -> str | None:
        """Why ``day`` is not a business day, or None when it is one."""
        if day.weekday() >= 5:
            return day.strftime("%A")
        holiday = federal_holiday_names(day.year).get(day)
        if holiday is not None:
            return f"{holiday} (federal holiday)"
        reason = self._closed.get(day)
        return None if reason is None else f"SEC closed: {reason}"

    def is_business_day(self, day: dt.date) -> bool:
        """Monday to Friday, not a federal holiday, not a confirmed SEC closure."""
        return self.why_closed(day) is None

    def roll_forward(self, day: dt.date) -> tuple[dt.date, tuple[tuple[dt.date, str], ...]]:
        """Rule 0-3: the first business day on or after ``day``, and each day skipped."""
        skipped: list[tuple[dt.date, str]] = []
        why = self.why_closed(day)
        while why is not None:
            skipped.append((day, why))
            day += ONE_DAY
            why = self.why_closed(day)
        return day, tuple(skipped)


@lru_cache(maxsize=1)
def default_calendar() -> BusinessCalendar:
    """The calendar of the bundled closures alone."""
    return BusinessCalendar(bundled_closures())
