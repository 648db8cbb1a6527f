"""The registrants workbook format (format 1): columns, header matching, form types.

This module is the single source of truth for ``docs/workbook-format.md``: which
headers exist, what kind of value each holds, its default and which template
variable it fills. Nothing here reads files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

REGISTRANTS_SHEET = "Registrants"
CONTACTS_SHEET = "Contacts"


class Kind(Enum):
    """How a cell is parsed."""

    TEXT = "text"
    YESNO = "yes/no"
    DATE = "date"
    FORM = "form"
    FILER_STATUS = "filer status"


@dataclass(frozen=True)
class Column:
    """One known column of the Registrants sheet."""

    key: str  # template variable name
    header: str  # canonical header, as `docgen init` writes it
    kind: Kind
    required: bool = False  # the column must exist; a blank cell is an error...
    placeholder: bool = False  # ...or, for these, a highlighted [●] and a warning
    default: bool | str | None = None
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("registrant_name", "Registrant Name", Kind.TEXT, required=True,
           aliases=("Full Name of Registrant", "Registrant", "Company Name")),
    Column("former_name", "Former Name", Kind.TEXT, aliases=("Former Name if Applicable",)),
    Column("street_address", "Street Address", Kind.TEXT, required=True, placeholder=True,
           aliases=("Address", "Street and Number",
                    "Address of Principal Executive Office")),
    Column("city_state_zip", "City, State and Zip", Kind.TEXT, required=True, placeholder=True,
           aliases=("City State Zip", "City, State and Zip Code", "City State Zip Code")),
    Column("sec_file_number", "SEC File Number", Kind.TEXT,
           aliases=("File Number", "Commission File Number")),
    Column("cusip", "CUSIP", Kind.TEXT, aliases=("CUSIP Number",)),
    Column("cik", "CIK", Kind.TEXT),
    Column("form", "Form", Kind.FORM, required=True, aliases=("Form Type",)),
    Column("transition_report", "Transition Report", Kind.YESNO, default=False),
    Column("period_ended", "Period Ended", Kind.DATE,
           aliases=("For Period Ended", "Period End")),
    Column("transition_period_ended", "Transition Period Ended", Kind.DATE,
           aliases=("For the Transition Period Ended",)),
    Column("portion_items", "Portion Items", Kind.TEXT),
    Column("part2_a", "Part II (a)", Kind.YESNO, default=True, aliases=("Part 2 (a)",)),
    Column("part2_b", "Part II (b)", Kind.YESNO, default=True, aliases=("Part 2 (b)",)),
    Column("part2_c", "Part II (c)", Kind.YESNO, default=False, aliases=("Part 2 (c)",)),
    Column("narrative", "Narrative", Kind.TEXT, required=True, placeholder=True,
           aliases=("Part III", "Part III Narrative")),
    Column("contact_name", "Contact Name", Kind.TEXT, required=True, placeholder=True),
    Column("contact_area_code", "Contact Area Code", Kind.TEXT),
    Column("contact_telephone", "Contact Telephone", Kind.TEXT,
           aliases=("Contact Phone", "Contact Telephone Number")),
    Column("other_reports_filed", "Other Reports Filed", Kind.YESNO, default=True),
    Column("reports_not_filed", "Reports Not Filed", Kind.TEXT),
    Column("significant_change", "Significant Change", Kind.YESNO, default=False),
    Column("change_explanation", "Change Explanation", Kind.TEXT),
    Column("signer_name", "Signer Name", Kind.TEXT, required=True, placeholder=True),
    Column("signer_title", "Signer Title", Kind.TEXT, required=True, placeholder=True),
    Column("signature_date", "Signature Date", Kind.DATE, placeholder=True,
           aliases=("Date Signed",)),
    Column("filer_status", "Filer Status", Kind.FILER_STATUS, default="non-accelerated"),
    Column("contact_email", "Contact Email", Kind.TEXT, aliases=("Contact E-mail",)),
    Column("amendment", "Amendment No.", Kind.TEXT, aliases=("Amendment", "Amendment Number")),
    Column("filed", "Filed", Kind.TEXT,
           aliases=("Filed On", "Date Filed", "Accession Number", "Accession No.")),
)

COLUMNS_BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}

CONTACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("Name", "Contact Name"),
    "area_code": ("Area Code", "Contact Area Code"),
    "telephone": ("Telephone", "Phone", "Telephone Number", "Contact Telephone"),
    "email": ("Email", "E-mail"),
    "firm": ("Firm",),
}

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalize_header(header: str) -> str:
    """Match key for a header: case, spaces, punctuation, `&`/`and` and `?` ignored.

    ``CITY, STATE & ZIP``, ``city_state_and_zip`` and ``City State and Zip`` all
    give ``citystateandzip``.
    """
    text = header.strip().lower().replace("&", " and ")
    words = [w for w in _NON_ALNUM.split(text) if w]
    return "".join(words)


def _alias_keys(column: Column) -> set[str]:
    keys = {normalize_header(column.header), normalize_header(column.key)}
    keys.update(normalize_header(a) for a in column.aliases)
    return keys


HEADER_INDEX: dict[str, str] = {k: c.key for c in COLUMNS for k in _alias_keys(c)}
CONTACT_HEADER_INDEX: dict[str, str] = {
    normalize_header(alias): key for key, aliases in CONTACT_COLUMNS.items() for alias in aliases
}


def match_header(header: str) -> str | None:
    """The known column key for a header, or None for a custom column."""
    key = normalize_header(header)
    if key in HEADER_INDEX:
        return HEADER_INDEX[key]
    # "City, State and Zip Code", "Part II (a)?" and friends: drop a trailing "code".
    if key.endswith("code") and key[:-4] in HEADER_INDEX:
        return HEADER_INDEX[key[:-4]]
    return None


def custom_variable_name(header: str) -> str:
    """Template variable for a custom column: ``Fiscal Year`` -> ``fiscal_year``."""
    name = "_".join(w for w in _NON_ALNUM.split(header.strip().lower()) if w)
    if not name:
        return ""
    if name[0].isdigit():
        name = "col_" + name
    return name


# Forms that Form 12b-25 covers today, in the order of the "Check one" line.
FORMS: tuple[str, ...] = ("10-K", "20-F", "11-K", "10-Q", "10-D", "N-CEN", "N-CSR")
# Forms with a "Transition Report on Form ..." line on the current form.
TRANSITION_FORMS: tuple[str, ...] = ("10-K", "20-F", "11-K", "10-Q")
# Retired forms still seen in old workbooks -> the form that replaced them.
LEGACY_FORMS: dict[str, str] = {"10-KSB": "10-K", "10-QSB": "10-Q", "N-SAR": "N-CEN"}


def form_variable(form: str) -> str:
    """Template variable suffix for a form: ``10-K`` -> ``10k``, ``N-CEN`` -> ``ncen``."""
    return form.replace("-", "").lower()


_FORM_SPELLINGS: dict[str, str] = {
    _NON_ALNUM.sub("", f.lower()): f for f in (*FORMS, *LEGACY_FORMS)
}


def parse_form(text: str) -> str | None:
    """Canonical form type for ``10-K``, ``NT 10-K``, ``Form 10-K``, ``10K``, ``10-k``."""
    key = _NON_ALNUM.sub("", text.lower())
    key = key.removeprefix("form")
    if key.startswith("nt") and key[2:] in _FORM_SPELLINGS:
        key = key[2:]
    return _FORM_SPELLINGS.get(key)


FILER_STATUSES: tuple[str, ...] = ("large accelerated", "accelerated", "non-accelerated")
_FILER_SPELLINGS: dict[str, str] = {
    "largeaccelerated": "large accelerated",
    "largeacceleratedfiler": "large accelerated",
    "laf": "large accelerated",
    "accelerated": "accelerated",
    "acceleratedfiler": "accelerated",
    "af": "accelerated",
    "nonaccelerated": "non-accelerated",
    "nonacceleratedfiler": "non-accelerated",
    "naf": "non-accelerated",
}


def parse_filer_status(text: str) -> str | None:
    """Canonical filer status, or None when the text is not one."""
    return _FILER_SPELLINGS.get(_NON_ALNUM.sub("", text.lower()))


# Blank cells whose documented default changes what the notice tells the SEC, or when
# the report is due: the lawyer is told what was assumed and why it matters.
ASSUMED: dict[str, str] = {
    "part2_a": "Part II (a) is blank; docgen assumes Yes, which represents to the SEC that "
               "the reasons for the delay could not be eliminated without unreasonable effort "
               "or expense. Type Yes or No",
    "part2_b": "Part II (b) is blank; docgen assumes Yes, which represents to the SEC that the "
               "report will be filed within the 15-day (10-Q and 10-D: 5-day) extension. Type "
               "Yes or No",
    "part2_c": "Part II (c) is blank; docgen assumes No, which tells the SEC that no "
               "accountant's statement under Rule 12b-25(c) is attached. Type Yes or No",
    "other_reports_filed": "Other Reports Filed is blank; docgen assumes Yes, which represents "
                           "that every other report due in the last 12 months was filed. Type "
                           "Yes or No",
    "significant_change": "Significant Change is blank; docgen assumes No, which represents "
                          "that no significant change in results of operations is expected. "
                          "Type Yes or No",
    "filer_status": "Filer Status is blank; docgen assumes non-accelerated, which gives a 10-K "
                    "90 days (accelerated 75, large accelerated 60) and a 10-Q 45 days (40): a "
                    "wrong status moves the due date. Type large accelerated, accelerated or "
                    "non-accelerated",
}


# The registrant of `docgen init`'s example row: a row still holding it is a slip.
EXAMPLE_REGISTRANT = "Example Corp. (fictitious; replace this row)"
