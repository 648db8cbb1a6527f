"""Excel's own conventions that reading a workbook needs: serial dates, date number
formats, column letters.

Written here, not imported from openpyxl, because importing the few openpyxl
helpers loads the whole of openpyxl (about 40 ms of every run's start-up) while
docgen reads workbooks with its own streaming reader. tests/test_excel.py checks
each function against openpyxl's on the same inputs.
"""

from __future__ import annotations

import datetime as dt
import re

EPOCH_1900 = dt.datetime(1899, 12, 30)  # serial 1 is 1900-01-01 (after Excel's 1900 leap bug)
EPOCH_1904 = dt.datetime(1904, 1, 1)
# The built-in number formats (ECMA-376 18.8.30) that show dates or times.
BUILTIN_DATE_FORMATS = {
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 45: "mm:ss",
    46: "[h]:mm:ss", 47: "mmss.0",
}
_IGNORED = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')  # quoted text, [locale]
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_SECONDS_PER_DAY = 86400


def is_date_format(code: str | None) -> bool:
    """Whether a number format shows a date or time (its first section decides)."""
    if not code:
        return False
    return _DATE_PART.search(_IGNORED.sub("", code.split(";")[0])) is not None


def from_excel(value: float, epoch: dt.datetime = EPOCH_1900) -> dt.datetime | dt.time:
    """A serial date-time as Excel shows it (a fraction below 1 alone is a time)."""
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * _SECONDS_PER_DAY * 1000))
    if 0 <= value < 1 and diff.days == 0:
        return (dt.datetime.min + diff).time()
    if 0 < value < 60 and epoch == EPOCH_1900:
        day += 1  # before Excel's fictitious 1900-02-29
    return epoch + dt.timedelta(days=day) + diff


def column_index(letters: str) -> int:
    """``A`` -> 1, ``AA`` -> 27 (letters only; case ignored)."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def column_letter(index: int) -> str:
    """1 -> ``A``, 27 -> ``AA``."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
