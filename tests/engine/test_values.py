"""Parsing cells: yes/no, dates, text, phones, headers, forms."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.rules.schema import match_header, normalize_header, parse_filer_status, parse_form
from docgen.values import cell_text, format_date, parse_date, parse_yes_no, split_phone


@pytest.mark.parametrize("typed", ["yes", "Yes", "Y", "x", "X", "true", "TRUE", "1", 1, True,
                                   "✓", " yes "])
def test_yes(typed: object) -> None:
    assert parse_yes_no(typed) is True


@pytest.mark.parametrize("typed", ["no", "No", "N", "false", "0", 0, False])
def test_no(typed: object) -> None:
    assert parse_yes_no(typed) is False


@pytest.mark.parametrize("typed", [None, "", "   "])
def test_blank_yes_no_means_default(typed: object) -> None:
    assert parse_yes_no(typed) is None


@pytest.mark.parametrize("typed", ["maybe", "yes!", "2", 2, "nope", "ja"])
def test_not_yes_no(typed: object) -> None:
    with pytest.raises(ValueError, match="is not a yes/no answer"):
        parse_yes_no(typed)


@pytest.mark.parametrize("typed", [
    dt.datetime(2003, 3, 31), dt.date(2003, 3, 31), "2003-03-31", "3/31/2003", "03/31/2003",
    "March 31, 2003", "march 31 2003", "Mar. 31, 2003", "31 March 2003", "2003/03/31",
    "2003-03-31 00:00:00",
])
def test_dates(typed: object) -> None:
    assert parse_date(typed) == dt.date(2003, 3, 31)


@pytest.mark.parametrize("typed, reason", [
    ("31/03/2003", "not a real date"), ("3/31/03", "two-digit year"),
    ("February 30, 2003", "not a real date"), ("soon", "not a date docgen can read"),
    (37711, "is a number"), ("Smarch 3, 2003", "not a date docgen can read"),
])
def test_bad_dates(typed: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_date(typed)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_printed_dates_read_back(day: dt.date) -> None:
    assert parse_date(format_date(day)) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.month}/{day.day}/{day.year}") == day


def test_format_date() -> None:
    assert format_date(dt.date(2003, 3, 31)) == "March 31, 2003"
    assert format_date(dt.date(2026, 7, 4)) == "July 4, 2026"


def test_cell_text() -> None:
    assert cell_text("  07424 ") == ("07424", False)
    assert cell_text(7424) == ("7424", False)
    assert cell_text(12.0) == ("12", False)
    assert cell_text(946.4343) == ("946.4343", False)
    assert cell_text("a\r\nb\rc") == ("a\nb\nc", False)
    assert cell_text("bell\x07") == ("bell", True)
    assert cell_text(None) == ("", False)
    assert cell_text(dt.datetime(2003, 3, 31)) == ("March 31, 2003", False)


@pytest.mark.parametrize("area, phone, expected", [
    ("(231)", "946-4343", ("231", "946-4343")),
    ("231", "946-4343", ("231", "946-4343")),
    ("", "(231) 946-4343", ("231", "946-4343")),
    ("", "231.946.4343", ("231", "946-4343")),
    ("", "231-946-4343 ext. 12", ("231", "946-4343 ext. 12")),
    ("", "+44 20 7946 0000", ("", "+44 20 7946 0000")),
])
def test_split_phone(area: str, phone: str, expected: tuple[str, str]) -> None:
    assert split_phone(area, phone) == expected


@pytest.mark.parametrize("header", ["City, State and Zip", "CITY, STATE & ZIP",
                                    "city_state_and_zip", "City State and Zip Code"])
def test_header_spellings(header: str) -> None:
    assert match_header(header) == "city_state_zip"


def test_header_matching() -> None:
    assert match_header("Part II (a)?") == "part2_a"
    assert match_header("  registrant name ") == "registrant_name"
    assert match_header("Fiscal Year") is None
    assert normalize_header("Other Reports Filed?") == "otherreportsfiled"


@pytest.mark.parametrize("typed, form", [
    ("10-K", "10-K"), ("NT 10-K", "10-K"), ("Form 10-K", "10-K"), ("10K", "10-K"),
    ("10-k", "10-K"), ("n-cen", "N-CEN"), ("NT N-CSR", "N-CSR"), ("20F", "20-F"),
    ("10-KSB", "10-KSB"), ("Form NT 10-Q", "10-Q"),
])
def test_forms(typed: str, form: str) -> None:
    assert parse_form(typed) == form


@pytest.mark.parametrize("typed", ["10-KK", "8-K", "S-1", "", "NT"])
def test_not_forms(typed: str) -> None:
    assert parse_form(typed) is None


def test_filer_status() -> None:
    assert parse_filer_status("Large Accelerated Filer") == "large accelerated"
    assert parse_filer_status("non accelerated") == "non-accelerated"
    assert parse_filer_status("accelerated") == "accelerated"
    assert parse_filer_status("fast") is None
