"""Turning spreadsheet cell values into text, yes/no answers and dates.

Pure functions, no I/O. Each parser either returns a value or raises
``ValueError`` with a short reason that the validator puts next to the cell
reference; the reason never quotes more of the cell than the user typed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# XML 1.0 cannot hold these code points at all; a document containing one is corrupt.
# What a cell may not bring into a notice: characters XML 1.0 forbids (C0 controls,
# lone surrogates, U+FFFE/U+FFFF) and the C1 controls (U+0080-U+009F, pasted from
# old encodings): invisible in Word, misread by browsers, refused by EDGAR.
_XML_INVALID = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)


def removed_characters(value: object) -> str:
    """The characters :func:`cell_text` removes from ``value``, named: "U+0007, U+0085"."""
    found = sorted(set(_XML_INVALID.findall(str(value))))
    return ", ".join(f"U+{ord(c):04X}" for c in found[:5]) + (" ..." if len(found) > 5 else "")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)


PLACEHOLDER_TEXT = "[●]"
# What a blank-but-needed value renders as before the renderer turns it into a
# highlighted [●] run; private-use characters, so no typed text can look like it.
PLACEHOLDER_MARK = "\ue000docgen:fill-in\ue001"


class Placeholder(str):
    """A value the form needs and the row lacks: printed as a highlighted [●]."""


PLACEHOLDER = Placeholder(PLACEHOLDER_MARK)


def format_date(day: dt.date) -> str:
    """Dates print the way the form is filed: ``March 31, 2003``."""
    return f"{_MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


def cell_text(value: object) -> tuple[str, bool]:
    """The text a cell shows, trimmed; and whether XML-invalid characters were removed.

    Numbers keep their digits (``7424`` stays ``7424``; ``12.0`` prints ``12``),
    Windows line ends become ``\\n``, and characters that XML cannot carry are
    dropped (reported by the caller) rather than producing a corrupt document.
    """
    if value is None:
        return "", False
    if value.__class__ is str and value.isprintable():  # the usual cell: nothing to clean
        return value.strip(), False  # (printable: no controls, surrogates or private use)
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, dt.datetime):
        text = format_date(value.date()) if value.time() == dt.time() else value.isoformat(" ")
    elif isinstance(value, dt.date):
        text = format_date(value)
    else:
        text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _XML_INVALID.sub("", text).replace(PLACEHOLDER_MARK, "")
    return cleaned.strip(), cleaned != text


_YES = {"yes", "y", "x", "true", "t", "1", "✓", "✔", "☒", "☑"}
_NO = {"no", "n", "false", "f", "0", "☐"}
YES_NO_SPELLINGS = "yes/no, y/n, x/blank, true/false, 1/0 or ✓"


def parse_yes_no(value: object) -> bool | None:
    """True/False for a yes/no cell; None when blank (the column default applies)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"is not a yes/no answer (use {YES_NO_SPELLINGS})")


_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2,4})")
_MONTH_FIRST = re.compile(r"([a-z]+)\.? +(\d{1,2})(?:st|nd|rd|th)?,? +(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2}) +([a-z]+)\.?,? +(\d{4})")
DATE_SPELLINGS = "an Excel date, 2003-03-31, 3/31/2003 or March 31, 2003"


def _make_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"is not a real date (use {DATE_SPELLINGS})") from None


def parse_date(value: object) -> dt.date | None:
    """A date from an Excel date or one of the documented spellings; None when blank."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"is not a date (use {DATE_SPELLINGS})")
    if isinstance(value, (int, float)):
        raise ValueError(
            "is a number, not a date (format the cell as a date, or type 2003-03-31)"
        )
    text = " ".join(str(value).strip().lower().split())
    if not text:
        return None
    if m := _ISO.fullmatch(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _US.fullmatch(text):
        if len(m[3]) != 4:
            raise ValueError("has a two-digit year (type the year in full, e.g. 3/31/2003)")
        return _make_date(int(m[3]), int(m[1]), int(m[2]))
    if (m := _MONTH_FIRST.fullmatch(text)) and m[1] in _MONTHS:
        return _make_date(int(m[3]), _MONTHS[m[1]], int(m[2]))
    if (m := _DAY_FIRST.fullmatch(text)) and m[2] in _MONTHS:
        return _make_date(int(m[3]), _MONTHS[m[2]], int(m[1]))
    raise ValueError(f"is not a date docgen can read (use {DATE_SPELLINGS})")


_FULL_PHONE = re.compile(r"\(?\s*(\d{3})\s*\)?[\s.\-/]*(\d{3})[\s.\-]*(\d{4})(.*)")


def split_phone(area_code: str, telephone: str) -> tuple[str, str]:
    """Area code without parentheses, and the local number.

    ``(231)`` -> ``231``; a full ``(231) 946-4343`` or ``231.946.4343`` in the
    telephone cell is split when the area code cell is blank. Anything else is
    kept exactly as typed.
    """
    area = area_code.strip()
    if area.startswith("(") and area.endswith(")"):
        area = area[1:-1].strip()
    phone = telephone.strip()
    if not area and (m := _FULL_PHONE.fullmatch(phone)):
        area, phone = m[1], f"{m[2]}-{m[3]}{m[4]}"
    return area, phone


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """Keep a spreadsheet from running a CSV cell as a formula (OWASP's list of starts)."""
    if isinstance(value, str) and value[:1] in _FORMULA_START:
        return "'" + value
    return value


def slugify(text: str) -> str:
    """``THE AUXER GROUP, INC.`` -> ``the-auxer-group-inc`` (ASCII, for file names)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
