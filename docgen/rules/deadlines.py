"""SEC due dates for the reports Form 12b-25 covers, and the notice's own deadlines.

Pure functions, no I/O. Every rule carries the periods it applies to and its
source; ``docs/deadlines.md`` has the full table (from the project's reference
notes, section 6). In short:

* due date = period end + the form's period *in force for that period*, moved to
  the next business day under Rule 0-3 (17 CFR 240.0-3(a));
* Form 12b-25 itself is due no later than one business day after that due date
  (Rule 12b-25(a));
* the extension runs 15 calendar days (10-K, 20-F, 11-K, N-CEN, N-CSR) or 5
  (10-Q, 10-D) from the due date (Rule 12b-25(b)), again moved to a business day.

Where a date rests on a point no source settles, the result lists why in
``unconfirmed`` and every output marks the row UNCONFIRMED.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from docgen.rules.business_days import BusinessCalendar, default_calendar
from docgen.rules.schema import LEGACY_FORMS
from docgen.values import format_date

D = dt.date
_ALL = frozenset({"large accelerated", "accelerated", "non-accelerated"})
_ACCELERATED = frozenset({"large accelerated", "accelerated"})


@dataclass(frozen=True, slots=True)
class Rule:
    """The period a form gives, for filer statuses and period ends in ``[start, end)``."""

    form: str
    statuses: frozenset[str]
    days: int = 0
    months: int = 0
    start: dt.date | None = None  # first period end the rule applies to
    end: dt.date | None = None  # first period end it no longer applies to
    source: str = ""
    unsettled: str = ""  # why a date under this rule is UNCONFIRMED, if it is

    def applies(self, form: str, status: str, period_end: dt.date) -> bool:
        return (form == self.form and status in self.statuses
                and (self.start is None or period_end >= self.start)
                and (self.end is None or period_end < self.end))

    def describe(self) -> str:
        period = f"{self.months} months" if self.months else f"{self.days} days"
        era = ("every period" if self.start is None and self.end is None else
               " and ".join(x for x in (
                   f"periods ending on or after {format_date(self.start)}" if self.start else "",
                   f"periods ending before {format_date(self.end)}" if self.end else "") if x))
        return f"{period} after the period end, for {era} ({self.source})"


_R8128 = "Release 33-8128, 67 FR 58480 (2002)"
_R8644 = "Release 33-8644, 70 FR 76626 (2005)"
RULES: tuple[Rule, ...] = (
    Rule("10-K", frozenset({"non-accelerated"}), 90,
         source="Form 10-K General Instruction A(2)(c)"),
    Rule("10-K", frozenset({"accelerated"}), 90, end=D(2003, 12, 15),
         source=f"{_R8128}: 90 days for year one of the phase-in"),
    Rule("10-K", frozenset({"accelerated"}), 75, start=D(2003, 12, 15),
         source=f"{_R8128} year two; {_R8644}; Form 10-K General Instruction A(2)(b)"),
    Rule("10-K", frozenset({"large accelerated"}), 90, end=D(2003, 12, 15),
         source=f"{_R8128}: 90 days for year one of the phase-in"),
    Rule("10-K", frozenset({"large accelerated"}), 75, start=D(2003, 12, 15),
         end=D(2006, 12, 15), source=f"{_R8644}: 75 days until fiscal years ending on or "
         "after December 15, 2006"),
    Rule("10-K", frozenset({"large accelerated"}), 60, start=D(2006, 12, 15),
         source=f"{_R8644}; Form 10-K General Instruction A(2)(a)"),
    Rule("10-Q", frozenset({"non-accelerated"}), 45,
         source="Form 10-Q General Instruction A.1"),
    Rule("10-Q", _ACCELERATED, 45, end=D(2004, 3, 1),
         source=f"{_R8128}: 45 days until the quarters after the first fiscal year ending on "
         "or after December 15, 2003"),
    Rule("10-Q", _ACCELERATED, 40, start=D(2004, 3, 1), end=D(2004, 9, 1),
         source=f"{_R8128}: 40 days for the quarters after the first 75-day 10-K",
         unsettled="10-Q of an accelerated filer for a quarter ending March to August 2004: "
         "40 or 45 days depending on the fiscal year end, which the workbook does not give; "
         "docgen uses 40, the earlier date"),
    Rule("10-Q", _ACCELERATED, 40, start=D(2004, 9, 1),
         source=f"{_R8128} year two; {_R8644}; Form 10-Q General Instruction A.1"),
    Rule("20-F", _ALL, months=6, end=D(2011, 12, 15),
         source="17 CFR 249.220f(b) before Release 33-8959 (73 FR 58300): six months"),
    Rule("20-F", _ALL, months=4, start=D(2011, 12, 15),
         source="Release 33-8959, 73 FR 58300; Form 20-F General Instruction A(b)"),
    Rule("11-K", _ALL, 180,
         source="Form 11-K General Instruction A and Rule 15d-21 (plan subject to ERISA)"),
    Rule("10-D", _ALL, 15, source="Form 10-D General Instruction A(2); 17 CFR 249.312"),
    Rule("N-CEN", _ALL, 75, source="Form N-CEN, Rule 30a-1"),
    Rule("N-CSR", _ALL, 70, source="Form N-CSR and Rule 30e-1: 60 days to transmit the "
         "shareholder report + 10 days",
         unsettled="N-CSR: 70 days is a worst case (60 days to transmit the shareholder "
         "report + 10 days); the real due date is 10 days after transmission"),
)
EXTENSION_DAYS: dict[str, int] = {
    "10-K": 15, "20-F": 15, "11-K": 15, "N-CEN": 15, "N-CSR": 15, "10-Q": 5, "10-D": 5,
}
# First period a form could be filed for; an earlier period is most likely a typo.
FORM_SINCE: dict[str, tuple[dt.date, str]] = {
    "N-CEN": (D(2018, 6, 1), "its compliance date, June 1, 2018"),
    "10-D": (D(2006, 1, 1), "2006 (Form 10-D came with Regulation AB; 17 CFR 249.312, "
             "70 FR 1626, January 7, 2005)"),
}
_NOTES: dict[str, str] = {
    "11-K": "11-K: 180 days assumes a plan subject to ERISA (90 days otherwise)",
    "10-D": "10-D: Period Ended is taken as the distribution date (due 15 days after it)",
    "N-CEN": "N-CEN: 75 days after fiscal year end (for UITs, after calendar year end)",
}
_TRANSITION = ("transition report: due dates under Rules 13a-10/15d-10 are not confirmed; "
               "computed as for the regular report from the transition period end")


@dataclass(frozen=True, slots=True)
class Step:
    """How one of the three dates was reached: the raw date, then each day skipped."""

    label: str
    how: str
    raw: dt.date
    skipped: tuple[tuple[dt.date, str], ...]
    result: dt.date


@dataclass(frozen=True, slots=True)
class Deadlines:
    """The three dates for one report, and what they rest on."""

    due: dt.date
    nt_due: dt.date
    extended_due: dt.date
    notes: tuple[str, ...] = ()
    unconfirmed: tuple[str, ...] = ()  # why a date may be wrong; empty when all is sourced
    rule: str = ""
    steps: tuple[Step, ...] = ()

    @property
    def certainty(self) -> str:
        return "UNCONFIRMED" if self.unconfirmed else "confirmed"


def rule_for(form: str, period_end: dt.date, filer_status: str) -> Rule | None:
    """The rule in force for this form, filer status and period end."""
    return next((r for r in RULES if r.applies(form, filer_status, period_end)), None)


def add_months(day: dt.date, months: int, *, keep_month_end: bool = True) -> dt.date:
    """The same day of the month ``months`` later (clamped to the month's last day).

    With ``keep_month_end`` a month end stays a month end (June 30 + 4 = October 31).
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    at_month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month, last if keep_month_end and at_month_end else min(day.day, last))


def _dates(rule: Rule, period_end: dt.date, cal: BusinessCalendar, form: str) -> tuple[Step, ...]:
    if rule.months:
        raw, how = add_months(period_end, rule.months), f"+ {rule.months} months"
    else:
        raw, how = period_end + dt.timedelta(days=rule.days), f"+ {rule.days} days"
    due, skipped = cal.roll_forward(raw)
    first = Step("Due", f"period end {period_end.isoformat()} {how}", raw, skipped, due)
    nt, skipped = cal.roll_forward(due + dt.timedelta(days=1))
    second = Step("NT due", "the next business day after the due date (Rule 12b-25(a))",
                  due + dt.timedelta(days=1), skipped, nt)
    extension = EXTENSION_DAYS[form]
    ext_raw = due + dt.timedelta(days=extension)
    extended, skipped = cal.roll_forward(ext_raw)
    third = Step("Extended due", f"due date + {extension} calendar days (Rule 12b-25(b))",
                 ext_raw, skipped, extended)
    return first, second, third


def _unconfirmed(rule: Rule, form: str, period_end: dt.date, steps: tuple[Step, ...],
                 cal: BusinessCalendar) -> list[str]:
    reasons = [rule.unsettled] if rule.unsettled else []
    if rule.months:
        other = add_months(period_end, rule.months, keep_month_end=False)
        if other != steps[0].raw:
            reasons.append(
                f"20-F month arithmetic from a month end shorter than 31 days is unsettled: "
                f"{period_end.isoformat()} + {rule.months} months is {steps[0].raw.isoformat()} "
                f"(month end kept, as docgen prints) or {other.isoformat()} (same day of the "
                f"month); filing by {other.isoformat()} is timely under both")
    since = FORM_SINCE.get(form)
    if since is not None and period_end < since[0]:
        reasons.append(f"{form} was first filed for periods from {since[1]}; "
                       "no rule is known for an earlier period")
    closed = steps if cal.assuming_closed is cal else _dates(rule, period_end,
                                                             cal.assuming_closed, form)
    if tuple(s.result for s in closed) != tuple(s.result for s in steps):
        possible = cal.possible_closures()
        days = sorted({day for step in closed for day, _ in step.skipped if day in possible})
        reasons.append("the dates depend on an executive-order closure the SEC is not known to "
                       "have announced: " + "; ".join(f"{d.isoformat()} ({possible[d]})"
                                                      for d in days))
    return reasons


@lru_cache(maxsize=4096)  # rows share period ends: one Deadlines object per combination
def compute(
    form: str, period_end: dt.date, filer_status: str = "non-accelerated",
    *, transition: bool = False, cal: BusinessCalendar | None = None,
) -> Deadlines | None:
    """The due date, NT deadline and extended due date; None where no rule is known.

    ``form`` is a canonical form type (``10-K``...). Legacy forms (10-KSB,
    10-QSB, N-SAR) have no confirmed rule here and give None, as does a period
    so late in the calendar that its dates cannot be represented.
    """
    cal = cal or default_calendar()
    rule = None if form in LEGACY_FORMS else rule_for(form, period_end, filer_status)
    if rule is None:
        return None
    try:
        steps = _dates(rule, period_end, cal, form)
        reasons = _unconfirmed(rule, form, period_end, steps, cal)
    except (OverflowError, ValueError):  # a period near the year 9999
        return None
    notes = [_NOTES[form]] if form in _NOTES else []
    if transition:
        reasons.append(_TRANSITION)
    return Deadlines(
        due=steps[0].result, nt_due=steps[1].result, extended_due=steps[2].result,
        notes=tuple(notes), unconfirmed=tuple(reasons),
        rule=f"{form}, {filer_status} filer: {rule.describe()}", steps=steps,
    )


def explain(deadlines: Deadlines) -> list[str]:
    """How each date was computed: rule and era, raw date, each day skipped and why."""
    lines = [f"Rule: {deadlines.rule}"]
    for step in deadlines.steps:
        lines.append(f"{step.label}: {step.how} = {step.raw:%a %Y-%m-%d}")
        for day, why in step.skipped:
            lines.append(f"  {day:%a %Y-%m-%d} is not a business day: {why}")
        lines.append(f"  {step.label} is {step.result:%A}, {format_date(step.result)}")
    lines += [f"Note: {note}" for note in deadlines.notes]
    lines += [f"UNCONFIRMED: {reason}" for reason in deadlines.unconfirmed]
    return lines


def status(deadlines: Deadlines, today: dt.date, signed: dt.date | None = None) -> tuple[str, int]:
    """A short status for ``today`` and the days left to the deadline it names.

    ``signed`` (the notice's signature date) on or before the NT deadline counts
    as a timely notice, so the extension is what is left to watch.
    """

    def in_days(day: dt.date) -> str:
        left = (day - today).days
        return {0: "today", 1: "tomorrow"}.get(left, f"in {left} days")

    if today <= deadlines.due:
        return f"report due {in_days(deadlines.due)}", (deadlines.due - today).days
    if today <= deadlines.nt_due:
        return f"NT due {in_days(deadlines.nt_due)}", (deadlines.nt_due - today).days
    timely = signed is not None and signed <= deadlines.nt_due
    left = (deadlines.extended_due - today).days
    if left < 0:
        return "extension ended", left
    if not timely:
        return f"NT late; extension ends {in_days(deadlines.extended_due)}", left
    return f"extension ends {in_days(deadlines.extended_due)}", left
