"""Due dates, NT deadlines and extensions: the reference's worked examples and rules."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.rules.business_days import default_calendar, federal_holidays
from docgen.rules.deadlines import compute, status

is_business_day = default_calendar().is_business_day

D = dt.date.fromisoformat


# Worked examples 1-17 of the reference (deadlines.md, section 5).
@pytest.mark.parametrize("form, status_, period, due, nt, extended", [
    ("10-K", "non-accelerated", "2002-12-31", "2003-03-31", "2003-04-01", "2003-04-15"),
    ("10-K", "large accelerated", "2019-12-31", "2020-03-02", "2020-03-03", "2020-03-17"),
    ("10-K", "accelerated", "2019-12-31", "2020-03-16", "2020-03-17", "2020-03-31"),
    ("10-K", "non-accelerated", "2019-12-31", "2020-03-30", "2020-03-31", "2020-04-14"),
    ("10-Q", "large accelerated", "2020-03-31", "2020-05-11", "2020-05-12", "2020-05-18"),
    ("10-Q", "non-accelerated", "2020-03-31", "2020-05-15", "2020-05-18", "2020-05-20"),
    ("10-K", "large accelerated", "2020-12-31", "2021-03-01", "2021-03-02", "2021-03-16"),
    ("10-K", "non-accelerated", "2020-12-31", "2021-03-31", "2021-04-01", "2021-04-15"),
    ("10-Q", "non-accelerated", "2021-03-31", "2021-05-17", "2021-05-18", "2021-05-24"),
    ("10-Q", "accelerated", "2021-09-30", "2021-11-09", "2021-11-10", "2021-11-15"),
    ("10-Q", "non-accelerated", "2021-09-30", "2021-11-15", "2021-11-16", "2021-11-22"),
    ("20-F", "non-accelerated", "2020-12-31", "2021-04-30", "2021-05-03", "2021-05-17"),
    ("10-K", "large accelerated", "2024-12-31", "2025-03-03", "2025-03-04", "2025-03-18"),
    ("10-Q", "large accelerated", "2025-03-31", "2025-05-12", "2025-05-13", "2025-05-19"),
    ("10-K", "accelerated", "2026-03-31", "2026-06-15", "2026-06-16", "2026-06-30"),
    ("11-K", "non-accelerated", "2024-12-31", "2025-06-30", "2025-07-01", "2025-07-15"),
    ("N-CEN", "non-accelerated", "2024-12-31", "2025-03-17", "2025-03-18", "2025-04-01"),
])
def test_worked_examples(form: str, status_: str, period: str, due: str, nt: str,
                         extended: str) -> None:
    result = compute(form, D(period), status_)
    assert result is not None
    assert (result.due, result.nt_due, result.extended_due) == (D(due), D(nt), D(extended))


@pytest.mark.parametrize("form, period, due, extended", [
    ("10-D", "2026-10-15", "2026-10-30", "2026-11-04"),  # 15 days, 5-day extension
    ("N-CSR", "2026-06-30", "2026-09-08", "2026-09-23"),  # 70 days (worst case)
    ("20-F", "2025-06-15", "2025-10-15", "2025-10-30"),  # same day four months later
    ("20-F", "2025-06-30", "2025-10-31", "2025-11-17"),  # month end stays month end
    ("10-K", "2005-12-31", "2006-03-16", "2006-03-31"),  # LAF before Dec 15, 2006: 75 days
])
def test_other_forms(form: str, period: str, due: str, extended: str) -> None:
    status_ = "large accelerated" if period == "2005-12-31" else "non-accelerated"
    result = compute(form, D(period), status_)
    assert result is not None
    assert (result.due, result.extended_due) == (D(due), D(extended))


def test_unconfirmed_rules_say_so() -> None:
    ncsr = compute("N-CSR", D("2026-06-30"))
    assert ncsr is not None and ncsr.certainty == "UNCONFIRMED"
    assert any("worst case" in n for n in ncsr.unconfirmed)
    transition = compute("10-K", D("2026-06-30"), transition=True)
    assert transition is not None and any("transition" in n for n in transition.unconfirmed)
    regular = compute("10-K", D("2026-06-30"))
    assert regular is not None and regular.certainty == "confirmed" and not regular.unconfirmed
    assert compute("10-KSB", D("2005-12-31")) is None  # no confirmed rule: no dates
    assert compute("N-SAR", D("2005-12-31")) is None


@pytest.mark.parametrize("year, expected", [
    (2021, ["01-01", "01-18", "02-15", "05-31", "06-18", "07-05", "09-06", "10-11", "11-11",
            "11-25", "12-24", "12-31"]),
    (2025, ["01-01", "01-20", "02-17", "05-26", "06-19", "07-04", "09-01", "10-13", "11-11",
            "11-27", "12-25"]),
    (2026, ["01-01", "01-19", "02-16", "05-25", "06-19", "07-03", "09-07", "10-12", "11-11",
            "11-26", "12-25"]),
    (2027, ["01-01", "01-18", "02-15", "05-31", "06-18", "07-05", "09-06", "10-11", "11-11",
            "11-25", "12-24", "12-31"]),
])
def test_observed_holidays(year: int, expected: list[str]) -> None:
    assert sorted(federal_holidays(year)) == [D(f"{year}-{md}") for md in expected]


def test_juneteenth_only_from_2021() -> None:
    assert D("2020-06-19") not in federal_holidays(2020)
    assert D("2021-06-18") in federal_holidays(2021)  # June 19, 2021 was a Saturday


def test_due_date_on_juneteenth() -> None:
    result = compute("10-Q", D("2026-05-05"), "non-accelerated")  # + 45 = Fri June 19, 2026
    assert result is not None
    assert (result.due, result.nt_due) == (D("2026-06-22"), D("2026-06-23"))


def test_saturday_before_a_monday_holiday() -> None:
    result = compute("10-Q", D("2026-07-22"), "non-accelerated")  # + 45 = Sat Sep 5, 2026
    assert result is not None
    assert result.due == D("2026-09-08")  # Sunday, then Labor Day Monday


def test_new_years_day_observed_on_december_31() -> None:
    result = compute("10-Q", D("2021-11-16"), "non-accelerated")  # + 45 = Fri Dec 31, 2021
    assert result is not None
    assert result.due == D("2022-01-03")


def test_one_off_closure() -> None:
    assert not is_business_day(D("2025-01-09"))
    result = compute("10-Q", D("2024-11-25"), "non-accelerated")  # + 45 = Thu Jan 9, 2025
    assert result is not None and result.due == D("2025-01-10")


FORMS = st.sampled_from(["10-K", "10-Q", "20-F", "11-K", "10-D", "N-CEN", "N-CSR"])
STATUSES = st.sampled_from(["large accelerated", "accelerated", "non-accelerated"])
PERIODS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))


@given(FORMS, PERIODS, STATUSES)
def test_every_date_is_a_business_day_and_in_order(form: str, period: dt.date,
                                                   status_: str) -> None:
    result = compute(form, period, status_)
    assert result is not None
    for day in (result.due, result.nt_due, result.extended_due):
        assert is_business_day(day)
    assert result.due > period
    assert result.nt_due > result.due
    extension = 5 if form in ("10-Q", "10-D") else 15
    assert result.extended_due >= result.due + dt.timedelta(days=extension)


# Since the last phase-in ended (20-F, fiscal years ending on or after Dec 15, 2011) a
# later period never gives an earlier date; across an era boundary it can (75 < 90 days).
SETTLED = st.dates(min_value=dt.date(2011, 12, 15), max_value=dt.date(2090, 12, 31))


@given(FORMS, SETTLED, SETTLED, STATUSES)
def test_monotonic_in_period_end(form: str, a: dt.date, b: dt.date, status_: str) -> None:
    first, second = sorted((a, b))
    one, two = compute(form, first, status_), compute(form, second, status_)
    assert one is not None and two is not None
    assert one.due <= two.due and one.nt_due <= two.nt_due
    assert one.extended_due <= two.extended_due


def test_status() -> None:
    result = compute("10-K", D("2002-12-31"))
    assert result is not None  # due Mar 31, NT Apr 1, extended Apr 15, 2003
    assert status(result, D("2003-03-20")) == ("report due in 11 days", 11)
    assert status(result, D("2003-03-31")) == ("report due today", 0)
    assert status(result, D("2003-04-01")) == ("NT due today", 0)
    assert status(result, D("2003-04-02")) == ("NT late; extension ends in 13 days", 13)
    assert status(result, D("2003-04-12"), signed=D("2003-03-31")) == (
        "extension ends in 3 days", 3)
    assert status(result, D("2003-04-16"), signed=D("2003-03-31")) == ("extension ended", -1)
