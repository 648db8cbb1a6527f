"""Step 2 of the pipeline: turn a sheet row into a checked :class:`Notice`.

Every rule reports a :class:`Problem` naming the cell; a row with an error
gives no notice, so no wrong or silently blank notice is ever written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from docgen.problems import Problem, Severity
from docgen.rules.business_days import BusinessCalendar
from docgen.rules.deadlines import Deadlines
from docgen.rules.filing import filing_problems, notice_deadlines
from docgen.rules.schema import (
    ASSUMED,
    COLUMNS,
    COLUMNS_BY_KEY,
    FILER_STATUSES,
    FORMS,
    LEGACY_FORMS,
    TRANSITION_FORMS,
    Kind,
    parse_filer_status,
    parse_form,
)
from docgen.values import (
    cell_text,
    parse_date,
    parse_yes_no,
    removed_characters,
    split_phone,
)
from docgen.workbook.reader import Cell, Contact, SheetRow, contact_key


@dataclass
class Notice:
    """A validated row: everything the template needs, typed."""

    row: int
    text: dict[str, str]  # text columns, trimmed; "" when blank
    flags: dict[str, bool]  # yes/no columns, defaults applied
    dates: dict[str, dt.date | None]
    form: str
    filer_status: str
    custom: dict[str, str] = field(default_factory=dict)
    deadlines: Deadlines | None = None  # None where no rule is known (legacy forms)
    placeholders: set[str] = field(default_factory=set)  # keys printed as a highlighted [●]


class _RowChecker:
    """Collects the problems of one row while parsing it."""

    def __init__(self, sheet: str, row: SheetRow, columns: dict[str, str]) -> None:
        self.sheet, self.row, self.columns = sheet, row, columns
        self.problems: list[Problem] = list(row.problems)
        # Cells already reported as unreadable: no second message about the same cell.
        self.reported = {c.ref for c in row.cells.values() if c.unreadable}
        self.placeholders: set[str] = set()

    def ref(self, *keys: str) -> str:
        """The first of ``keys`` whose column exists: where the user should look."""
        for key in keys:
            cell = self.row.cells.get(key)
            if cell is not None:
                return cell.ref
        return ""

    def report(self, key: str, severity: Severity, message: str, *fallback: str,
               placeholder: bool = False) -> None:
        """A problem at ``key``'s cell (or the first ``fallback`` column that exists),
        unless that cell was already reported as unreadable."""
        ref = self.ref(key, *fallback)
        if ref in self.reported:
            return
        self.problems.append(
            Problem(self.row.number, ref, self.sheet, severity, message, placeholder)
        )

    def error(self, key: str, message: str, *fallback: str) -> None:
        self.report(key, Severity.ERROR, message, *fallback)

    def warn(self, key: str, message: str) -> None:
        self.report(key, Severity.WARNING, message)

    def assume(self, key: str, message: str) -> None:
        """A blank that docgen fills with a default changing what the notice represents
        or when it is due: said, and an error under ``--strict``."""
        ref = self.ref(key, "registrant_name")
        self.problems.append(Problem(self.row.number, ref, self.sheet, Severity.WARNING,
                                     message, assumed=True))

    def fill_in(self, keys: tuple[str, ...], message: str, *fallback: str) -> None:
        """A needed value is blank: the notice shows a highlighted [●] for each key."""
        self.placeholders.update(keys)
        self.report(keys[0], Severity.WARNING,
                    f"{message}; the notice shows a highlighted [●] to fill in", *fallback,
                    placeholder=True)

    def value(self, key: str) -> Any:
        cell = self.row.cells.get(key)
        return None if cell is None else cell.value

    def text(self, key: str, cell: Cell | None = None) -> str:
        cell = cell if cell is not None else self.row.cells.get(key)
        if cell is None:
            return ""
        text, cleaned = cell_text(cell.value)
        if cleaned:
            self.problems.append(Problem(
                self.row.number, cell.ref, self.sheet, Severity.WARNING,
                f"removed characters that a Word document or EDGAR cannot hold "
                f"({removed_characters(cell.value)}: invisible control characters, which "
                "pasted text often brings)",
            ))
        return text


def validate_row(
    sheet: str, row: SheetRow, columns: dict[str, str], contacts: dict[str, Contact],
    cal: BusinessCalendar | None = None,
) -> tuple[Notice | None, list[Problem]]:
    """The notice for ``row`` (None if it has errors) and every problem found.

    ``cal`` says which days are business days (default: the bundled closures).
    """
    check = _RowChecker(sheet, row, columns)
    text: dict[str, str] = {}
    flags: dict[str, bool] = {}
    dates: dict[str, dt.date | None] = {}
    form, filer_status = "", str(COLUMNS_BY_KEY["filer_status"].default)

    cells = row.cells
    for column in COLUMNS:
        key = column.key
        cell = cells.get(key)
        raw = None if cell is None else cell.value
        if column.kind is Kind.TEXT:
            text[key] = "" if cell is None else check.text(key, cell)
            if column.required and not text[key] and key != "contact_name":
                if column.placeholder:
                    check.fill_in((key,), f"{column.header} is blank")
                else:
                    check.error(key, f"{column.header} is required; fill in the cell")
        elif column.kind is Kind.YESNO:
            try:
                answer = parse_yes_no(raw)
            except ValueError as exc:
                check.error(key, f"{column.header} {quoted(raw)} {exc}")
                answer = None
            else:
                if answer is None and key in ASSUMED and cell is not None:
                    check.assume(key, ASSUMED[key])  # (a missing column is said once)
            flags[key] = bool(column.default) if answer is None else answer
        elif column.kind is Kind.DATE:
            try:
                dates[key] = parse_date(raw)
                if dates[key] is None and column.placeholder:
                    check.fill_in((key,), f"{column.header} is blank")
            except ValueError as exc:
                check.error(key, f"{column.header} {quoted(raw)} {exc}")
                dates[key] = None
        elif column.kind is Kind.FORM:
            form = _check_form(check, check.text(key))
        elif column.kind is Kind.FILER_STATUS:
            given = check.text(key)
            if given:
                status = parse_filer_status(given)
                if status is None:
                    check.error(key, f'Filer Status "{given}" is not one of '
                                     f"{', '.join(FILER_STATUSES)}")
                else:
                    filer_status = status

    if "filer_status" in cells and not check.text("filer_status") and form in ("10-K",
                                                                                  "10-Q"):
        check.assume("filer_status", ASSUMED["filer_status"])
    _check_identifiers(check, text, dates)
    _check_contact(check, text, contacts)
    amendment = text["amendment"]
    if amendment:
        number = amendment[:-2] if amendment.endswith(".0") else amendment
        if not number.isdigit() or not 1 <= int(number) <= 99:
            check.error("amendment", f'Amendment No. "{amendment[:20]}" is not a whole number '
                        "from 1; leave it blank for the original notice")
        else:
            text["amendment"] = str(int(number))
    _check_periods(check, form, flags, dates)
    _check_part_two(check, flags)
    filed = text["filed"]
    if filed and not (_ACCESSION.fullmatch(filed) or _is_date(check.value("filed"))):
        check.warn("filed", f'Filed "{filed[:40]}" is neither a date nor an EDGAR accession '
                   "number (0001234567-26-000123); deadlines show it as typed")
    if not flags["other_reports_filed"] and not text["reports_not_filed"]:
        check.fill_in(("reports_not_filed",), "Reports Not Filed is blank while Other Reports "
                      "Filed is No (list the reports that were not filed)", "other_reports_filed")
    if flags["significant_change"] and not text["change_explanation"]:
        check.fill_in(("change_explanation",), "Change Explanation is blank while Significant "
                      "Change is Yes (explain the anticipated change)", "significant_change")

    custom = {name: check.text(name, cell) for name, cell in row.custom.items()}
    if any(p.severity is Severity.ERROR for p in check.problems):
        return None, check.problems
    deadlines = notice_deadlines(form, dates, filer_status, flags["transition_report"], cal)
    check.problems += filing_problems(
        row.number, sheet, lambda key: check.ref(key, "registrant_name"), deadlines=deadlines,
        dates=dates, flags=flags, narrative=text["narrative"], form=form,
    )
    notice = Notice(row.number, text, flags, dates, form, filer_status, custom, deadlines,
                    check.placeholders)
    return notice, check.problems


def quoted(raw: object) -> str:
    """A cell's value as an error message quotes it: ``"31/31/2003"``, at most 40 chars."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = raw.isoformat() if isinstance(raw, (dt.date, dt.datetime)) else str(raw)
    return f'"{text[:40]}{"…" if len(text) > 40 else ""}"'


_ACCESSION = re.compile(r"\d{10}-\d{2}-\d{6}")


def _is_date(value: object) -> bool:
    try:
        return parse_date(value) is not None
    except ValueError:
        return False


_SEC_FILE_NUMBER = re.compile(r"\d{1,3}-\d{3,6}(-\d{1,3})?")


def cusip_check_digit(first8: str) -> int | None:
    """The CUSIP check digit for 8 characters (modulus 10, double-add-double)."""
    total = 0
    for index, char in enumerate(first8.upper()):
        if char.isdigit():
            value = int(char)
        elif "A" <= char <= "Z":
            value = ord(char) - ord("A") + 10
        elif char in "*@#":
            value = 36 + "*@#".index(char)
        else:
            return None
        if index % 2:
            value *= 2
        total += value // 10 + value % 10
    return (10 - total % 10) % 10


def _check_identifiers(
    check: _RowChecker, text: dict[str, str], dates: dict[str, dt.date | None]
) -> None:
    number = text["sec_file_number"]
    if not number:  # the form has had the box since before 2003 (1997-2002 filings show it)
        check.report("sec_file_number", Severity.WARNING, "SEC File Number is blank, so the "
                     "SEC FILE NUMBER box stays empty; fill it in (e.g. 001-12345)",
                     "registrant_name")
    if number and not _SEC_FILE_NUMBER.fullmatch(number):
        check.warn("sec_file_number", f'SEC File Number "{number}" is not in a known pattern '
                   "(e.g. 001-12345, 0-12345, 811-01234, 333-123456); check it")
    cusip = text["cusip"].replace(" ", "")
    if cusip:
        digit = cusip_check_digit(cusip[:8]) if len(cusip) == 9 else None
        if digit is None or str(digit) != cusip[8]:
            check.warn("cusip", f'CUSIP "{text["cusip"]}" is not a valid 9-character CUSIP '
                       "(length or check digit); check it")
    for name, cell in (*check.row.cells.items(), *check.row.custom.items()):
        value = cell.value
        if (("zip" in name or "postal" in name) and isinstance(value, (int, float))
                and not isinstance(value, bool) and float(value).is_integer()
                and 0 < value < 10000):
            check.problems.append(Problem(
                check.row.number, cell.ref, check.sheet, Severity.WARNING,
                f"{int(value)} looks like a ZIP code that lost its leading zero (the cell is a "
                "number); format the cell as Text and type the zero",
            ))


def _check_form(check: _RowChecker, given: str) -> str:
    if not given:
        check.error("form", f"Form is required; type one of {', '.join(FORMS)}")
        return ""
    form = parse_form(given)
    if form is None:
        check.error("form", f'Form "{given}" is not a form that Form 12b-25 covers '
                            f"(expected one of {', '.join(FORMS)})")
        return ""
    if form in LEGACY_FORMS:
        check.warn("form", f"Form {form} has been replaced by Form {LEGACY_FORMS[form]}; "
                           f"the notice checks the Form {LEGACY_FORMS[form]} box")
    return form


def _check_contact(check: _RowChecker, text: dict[str, str], contacts: dict[str, Contact]) -> None:
    name = text["contact_name"]
    if not name:
        check.fill_in(("contact_name",), "Contact Name is blank")
    area, phone = split_phone(text["contact_area_code"], text["contact_telephone"])
    if not area and not phone:
        contact = contacts.get(contact_key(name)) if name else None
        if contact is not None:
            area, phone = contact.area_code, contact.telephone
            text["contact_email"] = text["contact_email"] or contact.email
        elif name:
            check.fill_in(("contact_telephone", "contact_area_code"),
                          "Contact Telephone is blank and the contact is not on the Contacts "
                          "sheet (fill in the phone or add the contact there)", "contact_name")
        else:
            check.fill_in(("contact_telephone", "contact_area_code"),
                          "Contact Telephone is blank", "contact_name")
    elif not phone:
        check.fill_in(("contact_telephone",), "Contact Telephone is blank", "contact_area_code")
    text["contact_area_code"], text["contact_telephone"] = area, phone
    if not text["contact_email"] and name:
        contact = contacts.get(contact_key(name))
        text["contact_email"] = contact.email if contact is not None else ""


def _check_part_two(check: _RowChecker, flags: dict[str, bool]) -> None:
    """Rule 12b-25(b) relief takes both representations, (a) and (b): the form has one
    box for them. A row that makes only one leaves that box empty, marked for review."""
    if flags["part2_a"] == flags["part2_b"]:
        return
    answers = {key: ("Yes" if flags[key] else "No") for key in ("part2_a", "part2_b")}
    cells = [f"{check.ref(key) or 'no column, so ' + answers[key]}" for key in answers]
    check.placeholders.add("part2_review")
    check.report("part2_a", Severity.WARNING,
                 f"Part II (a) is {answers['part2_a']} but Part II (b) is "
                 f"{answers['part2_b']} ({cells[0]} and {cells[1]}): Rule 12b-25(b) relief "
                 "needs both representations, so the form's one Part II box is left empty and "
                 "the notice shows a highlighted [●]; answer both Yes, or both No if the "
                 "registrant does not seek relief", "registrant_name", placeholder=True)


def _check_periods(
    check: _RowChecker, form: str, flags: dict[str, bool], dates: dict[str, dt.date | None]
) -> None:
    period, transition = dates["period_ended"], dates["transition_period_ended"]
    if check.value("period_ended") is None and check.value("transition_period_ended") is None:
        check.error("period_ended", "Period Ended is required (or Transition Period Ended); "
                    "type the last day of the period, e.g. 2003-03-31", "transition_period_ended")
    effective = LEGACY_FORMS.get(form, form)
    if flags["transition_report"]:
        if effective and effective not in TRANSITION_FORMS:
            check.error("transition_report", f"Form {form} has no transition report line on "
                        f"Form 12b-25 (only {', '.join(TRANSITION_FORMS)}); set Transition "
                        "Report to No")
        if transition is None and period is not None:
            # The form has one date line for a transition report: move the date there.
            dates["transition_period_ended"], dates["period_ended"] = period, None
    elif transition is not None:
        check.warn("transition_period_ended",
                   "Transition Period Ended is filled but Transition Report is No; the date "
                   "is printed on the transition line as given. If this is not a transition "
                   "report, move the date to Period Ended")
