"""Deadlines for every year since 2003: rule eras, SEC closures, UNCONFIRMED marks.

Each era boundary is tested on the last period end of the old rule and the first
of the new (reference deadlines.md, section 6); each sourced closure with a
deadline that lands on it.
"""

from __future__ import annotations

import csv
import datetime as dt
from importlib import resources

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.rules.business_days import (
    BusinessCalendar,
    Closure,
    bundled_closures,
    default_calendar,
    federal_holidays,
)
from docgen.rules.deadlines import compute, explain, rule_for

D = dt.date.fromisoformat


def raw_due(form: str, period: str, status: str) -> dt.date:
    result = compute(form, D(period), status)
    assert result is not None
    return result.steps[0].raw


@pytest.mark.parametrize("form, status, period, days", [
    # 10-K accelerated: 90 days for fiscal years ending before Dec 15, 2003, then 75.
    ("10-K", "accelerated", "2003-12-14", 90),
    ("10-K", "accelerated", "2003-12-15", 75),
    # 10-K large accelerated: 90, then 75 from Dec 15, 2003, then 60 from Dec 15, 2006.
    ("10-K", "large accelerated", "2003-12-14", 90),
    ("10-K", "large accelerated", "2003-12-15", 75),
    ("10-K", "large accelerated", "2006-12-14", 75),
    ("10-K", "large accelerated", "2006-12-15", 60),
    ("10-K", "non-accelerated", "2003-12-14", 90),
    ("10-K", "non-accelerated", "2006-12-15", 90),
    # 10-Q accelerated and large accelerated: 45 before March 2004, 40 after.
    ("10-Q", "accelerated", "2004-02-29", 45),
    ("10-Q", "accelerated", "2004-03-01", 40),
    ("10-Q", "large accelerated", "2004-02-29", 45),
    ("10-Q", "large accelerated", "2004-09-01", 40),
    ("10-Q", "non-accelerated", "2004-03-31", 45),
])
def test_era_boundaries_in_days(form: str, status: str, period: str, days: int) -> None:
    assert raw_due(form, period, status) == D(period) + dt.timedelta(days=days)


@pytest.mark.parametrize("period, raw", [
    ("2011-12-14", "2012-06-14"),  # six months: last fiscal year under the old rule
    ("2011-12-15", "2012-04-15"),  # four months from fiscal years ending Dec 15, 2011
    ("2010-12-31", "2011-06-30"),
    ("2011-12-31", "2012-04-30"),
])
def test_20f_six_then_four_months(period: str, raw: str) -> None:
    assert raw_due("20-F", period, "non-accelerated") == D(raw)


@pytest.mark.parametrize("form, status, period, due, nt, extended", [
    # Phase-in rows the old code put early (all dates computed from section 6's rules).
    ("10-K", "accelerated", "2002-12-31", "2003-03-31", "2003-04-01", "2003-04-15"),
    ("10-K", "large accelerated", "2003-06-30", "2003-09-29", "2003-09-30", "2003-10-14"),
    ("10-K", "large accelerated", "2003-12-31", "2004-03-15", "2004-03-16", "2004-03-30"),
    ("10-Q", "accelerated", "2003-09-30", "2003-11-14", "2003-11-17", "2003-11-19"),
    ("20-F", "non-accelerated", "2010-12-31", "2011-06-30", "2011-07-01", "2011-07-15"),
])
def test_historic_dates(form: str, status: str, period: str, due: str, nt: str,
                        extended: str) -> None:
    result = compute(form, D(period), status)
    assert result is not None and not result.unconfirmed
    assert (result.due, result.nt_due, result.extended_due) == (D(due), D(nt), D(extended))


# Each sourced closure, and the business day a deadline landing on it moves to.
CLOSURES = {
    "2007-01-02": "2007-01-03", "2008-12-26": "2008-12-29", "2018-12-05": "2018-12-06",
    "2018-12-24": "2018-12-26", "2019-12-24": "2019-12-26", "2020-12-24": "2020-12-28",
    "2025-01-09": "2025-01-10", "2025-12-24": "2025-12-29", "2025-12-26": "2025-12-29",
}


def test_closures_data_file_holds_every_sourced_day_with_its_source() -> None:
    text = resources.files("docgen.rules").joinpath("data/sec_closures.csv").read_text("utf-8")
    lines = list(csv.DictReader(text.splitlines()))
    confirmed = {line["date"]: line for line in lines if line["status"] == "confirmed"}
    assert set(confirmed) == set(CLOSURES)
    assert all(line["source"].startswith("http") and line["reason"]
               for line in confirmed.values())
    assert {c.day.isoformat() for c in bundled_closures() if c.confirmed} == set(CLOSURES)


@pytest.mark.parametrize("closed, moved_to", sorted(CLOSURES.items()))
def test_deadline_on_a_closure_moves_to_the_next_business_day(closed: str,
                                                               moved_to: str) -> None:
    period = D(closed) - dt.timedelta(days=45)  # a non-accelerated 10-Q due that day
    result = compute("10-Q", period, "non-accelerated")
    assert result is not None and result.steps[0].raw == D(closed)
    assert result.due == D(moved_to)
    assert any("SEC closed" in why for _, why in result.steps[0].skipped)
    assert not result.unconfirmed


def test_unconfirmed_closure_keeps_the_day_and_marks_the_row() -> None:
    # 2024-12-24: an executive order closed federal agencies; no SEC announcement found.
    result = compute("10-Q", D("2024-12-24") - dt.timedelta(days=45), "non-accelerated")
    assert result is not None and result.due == D("2024-12-24")
    assert result.certainty == "UNCONFIRMED"
    assert any("2024-12-24" in why for why in result.unconfirmed)
    clean = compute("10-Q", D("2024-12-20") - dt.timedelta(days=45), "non-accelerated")
    assert clean is not None and not clean.unconfirmed


@pytest.mark.parametrize("form, status, period, fragment", [
    ("10-Q", "accelerated", "2004-03-31", "fiscal year end"),
    ("10-Q", "large accelerated", "2004-08-31", "fiscal year end"),
    ("20-F", "non-accelerated", "2025-06-30", "2025-10-30"),  # Jun 30 + 4: Oct 31 or 30
    ("20-F", "non-accelerated", "2010-09-30", "2011-03-30"),  # Sep 30 + 6: Mar 31 or 30
    ("N-CSR", "non-accelerated", "2026-06-30", "worst case"),
    ("N-CEN", "non-accelerated", "2016-12-31", "June 1, 2018"),
    ("10-D", "non-accelerated", "2005-06-15", "2006"),
])
def test_unsettled_points_mark_the_row(form: str, status: str, period: str,
                                       fragment: str) -> None:
    result = compute(form, D(period), status)
    assert result is not None and result.certainty == "UNCONFIRMED"
    assert any(fragment in why for why in result.unconfirmed), result.unconfirmed


@pytest.mark.parametrize("form, status, period", [
    ("10-Q", "accelerated", "2004-02-29"), ("10-Q", "accelerated", "2004-09-30"),
    ("20-F", "non-accelerated", "2025-12-31"), ("20-F", "non-accelerated", "2025-03-31"),
    ("N-CEN", "non-accelerated", "2018-06-30"), ("10-D", "non-accelerated", "2006-01-15"),
])
def test_settled_points_are_confirmed(form: str, status: str, period: str) -> None:
    result = compute(form, D(period), status)
    assert result is not None and result.certainty == "confirmed", result.unconfirmed


def test_a_firms_closure_combines_with_the_bundled_ones() -> None:
    firm = default_calendar().with_closures([Closure(D("2026-12-24"), "executive order")])
    assert not firm.is_business_day(D("2026-12-24"))
    assert not firm.is_business_day(D("2025-01-09"))  # the bundled ones still apply
    assert default_calendar().is_business_day(D("2026-12-24"))
    period = D("2026-12-24") - dt.timedelta(days=45)
    plain, added = compute("10-Q", period), compute("10-Q", period, cal=firm)
    assert plain is not None and added is not None
    assert (plain.due, added.due) == (D("2026-12-24"), D("2026-12-28"))


def test_explain_names_the_rule_the_era_and_every_skipped_day() -> None:
    result = compute("10-Q", D("2025-11-09"), "non-accelerated")  # + 45 = Wed Dec 24, 2025
    assert result is not None
    text = "\n".join(explain(result))
    assert "45 days" in text and "Form 10-Q General Instruction A.1" in text
    assert "Wed 2025-12-24 is not a business day: SEC closed" in text
    assert "Thu 2025-12-25 is not a business day: Christmas Day (federal holiday)" in text
    assert "Sat 2025-12-27 is not a business day: Saturday" in text
    assert "Due is Monday, December 29, 2025" in text
    era = compute("10-K", D("2005-12-31"), "large accelerated")
    assert era is not None
    assert "periods ending before December 15, 2006" in "\n".join(explain(era))


def test_holidays_match_an_independent_implementation() -> None:
    """The `holidays` package's US public holidays, on weekdays, for 2000-2059."""
    for year in range(2000, 2060):
        theirs = holidays.country_holidays("US", years=[year - 1, year, year + 1])
        expected = {d for d in theirs if d.year == year and d.weekday() < 5}
        assert federal_holidays(year) == expected, year


def test_rule_for_every_form_and_status_from_2003() -> None:
    for form in ("10-K", "10-Q", "20-F", "11-K", "10-D", "N-CEN", "N-CSR"):
        for status in ("large accelerated", "accelerated", "non-accelerated"):
            for year in range(2003, 2031):
                assert rule_for(form, dt.date(year, 6, 30), status) is not None


FORMS = st.sampled_from(["10-K", "10-Q", "20-F", "11-K", "10-D", "N-CEN", "N-CSR"])
STATUSES = st.sampled_from(["large accelerated", "accelerated", "non-accelerated"])
CLOSED = st.lists(st.dates(min_value=dt.date(2003, 1, 1), max_value=dt.date(2031, 12, 31)),
                  max_size=20)


@given(FORMS, st.dates(min_value=dt.date(2002, 1, 1), max_value=dt.date(2030, 12, 31)),
       STATUSES, CLOSED)
def test_dates_are_ordered_business_days(form: str, period: dt.date, status: str,
                                         closed: list[dt.date]) -> None:
    cal = BusinessCalendar(bundled_closures() + tuple(Closure(d, "test") for d in closed))
    result = compute(form, period, status, cal=cal)
    assert result is not None
    assert result.due <= result.nt_due <= result.extended_due
    assert all(cal.is_business_day(d) for d in (result.due, result.nt_due, result.extended_due))
    following, _ = cal.roll_forward(result.due + dt.timedelta(days=1))
    assert result.nt_due == following  # the next business day after the due date
    assert result.due >= result.steps[0].raw > period
