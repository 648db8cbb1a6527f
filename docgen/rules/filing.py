"""Filing logic: the mistakes filers really make, found from dates and answers.

Runs on rows that passed validation (so every value is parsed) and only ever
warns: the notice is still written as the row says, and the lawyer decides.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from docgen.problems import Problem, Severity
from docgen.rules.business_days import BusinessCalendar
from docgen.rules.deadlines import FORM_SINCE, Deadlines, compute
from docgen.values import format_date

_ATTACHMENT = re.compile(r"\b(attach\w*|exhibit\w*|statement\w*|letter\w*)\b", re.IGNORECASE)
_MIN_WORDS = 4  # fewer words than this is not a sentence, let alone "reasonable detail"


def period_end(dates: dict[str, dt.date | None]) -> dt.date | None:
    """The period the report covers: Period Ended, else Transition Period Ended."""
    return dates["period_ended"] or dates["transition_period_ended"]


def notice_deadlines(
    form: str, dates: dict[str, dt.date | None], filer_status: str, transition: bool,
    cal: BusinessCalendar | None = None,
) -> Deadlines | None:
    end = period_end(dates)
    return compute(form, end, filer_status, transition=transition, cal=cal) if end else None


def filing_problems(
    row: int, sheet: str, ref: Callable[[str], str], *, deadlines: Deadlines | None,
    dates: dict[str, dt.date | None], flags: dict[str, bool], narrative: str, form: str = "",
) -> list[Problem]:
    """Warnings about the notice's timing and its Part II answers."""
    found: list[Problem] = []

    def warn(key: str, message: str) -> None:
        found.append(Problem(row, ref(key), sheet, Severity.WARNING, message))

    signed, end = dates["signature_date"], period_end(dates)
    if signed is not None and deadlines is not None and signed > deadlines.nt_due:
        warn("signature_date",
             f"Signature Date {format_date(signed)} is after the Form 12b-25 deadline "
             f"({format_date(deadlines.nt_due)}, one business day after the "
             f"{format_date(deadlines.due)} due date): the notice is late; Rule 12b-25 "
             "relief may not be available")
    since = FORM_SINCE.get(form)
    if end is not None and since is not None and end < since[0]:
        key = "period_ended" if dates["period_ended"] else "transition_period_ended"
        warn(key,
             f"Form {form} for a period ended {format_date(end)}: {form} was first filed for "
             f"periods from {since[1]}; check the Form and the period (the deadlines shown "
             "for this row are UNCONFIRMED)")
    if signed is not None and end is not None and signed < end:
        warn("signature_date",
             f"Signature Date {format_date(signed)} is before the period ends "
             f"({format_date(end)}); check both dates")
    if flags["part2_b"] and narrative and len(narrative.split()) < _MIN_WORDS:
        warn("narrative",
             "Part II (b) is checked but the Narrative is shorter than a sentence; Part III "
             "must give the reasons in reasonable detail")
    if flags["part2_c"] and not _ATTACHMENT.search(narrative):
        warn("part2_c",
             "Part II (c) is checked but the Narrative mentions no attached statement or "
             "exhibit; attach the Rule 12b-25(c) statement and say so in Part III")
    return found
