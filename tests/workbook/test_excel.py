"""docgen's own Excel conventions give what openpyxl's give (docgen no longer imports them)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from openpyxl.styles.numbers import BUILTIN_FORMATS
from openpyxl.styles.numbers import is_date_format as openpyxl_is_date
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900
from openpyxl.utils.datetime import from_excel as openpyxl_from_excel

from docgen.workbook.excel import (
    BUILTIN_DATE_FORMATS,
    EPOCH_1900,
    EPOCH_1904,
    column_index,
    column_letter,
    from_excel,
    is_date_format,
)


def test_the_builtin_date_formats_are_openpyxls() -> None:
    assert {int(k): v for k, v in BUILTIN_FORMATS.items()
                                    if openpyxl_is_date(v)} == BUILTIN_DATE_FORMATS
    assert (EPOCH_1900, EPOCH_1904) == (CALENDAR_WINDOWS_1900, CALENDAR_MAC_1904)


@given(st.one_of(st.sampled_from(["yyyy-mm-dd", '"Day" d', "[$-409]mmmm d, yyyy", "0.00",
                                  "[h]:mm", "General", "#,##0;[Red]-#,##0", "_(d", "\\d",
                                  "[Red]0", ""]), st.text(max_size=12)))
def test_date_formats_are_recognised_as_openpyxl_does(code: str) -> None:
    assert is_date_format(code) == openpyxl_is_date(code)


@given(st.floats(min_value=0, max_value=2958465.99, allow_nan=False),
       st.sampled_from([EPOCH_1900, EPOCH_1904]))
def test_serial_dates_convert_as_openpyxl_does(value: float, epoch: object) -> None:
    def outcome(convert: object) -> object:
        try:
            return convert(value, epoch)  # type: ignore[operator]
        except OverflowError:
            return "past year 9999"

    assert outcome(from_excel) == outcome(openpyxl_from_excel)


@given(st.integers(min_value=1, max_value=16384))
def test_column_letters_match(index: int) -> None:
    assert column_letter(index) == get_column_letter(index)
    assert column_index(column_letter(index)) == column_index_from_string(
        get_column_letter(index)) == index
