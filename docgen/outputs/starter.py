"""`docgen init`: a starter workbook that guides the person who fills it in.

Dropdowns for Form, Filer Status and every yes/no column, date validation for
date columns, an input message on every column saying what goes there, text
format where leading zeros matter, a frozen header row and one example row.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from docgen.errors import InitPathError, OutputExistsError
from docgen.files import write_atomic
from docgen.outputs.email_drafts import DEFAULT_TEMPLATE
from docgen.outputs.email_drafts import TEMPLATE_NAME as EMAIL_TEMPLATE_NAME
from docgen.outputs.xlsx_tidy import excel_ready
from docgen.rules.schema import (
    COLUMNS,
    CONTACTS_SHEET,
    EXAMPLE_REGISTRANT,
    FILER_STATUSES,
    FORMS,
    REGISTRANTS_SHEET,
    Kind,
)
from docgen.template.render import bundled_template

LAST_ROW = 2000  # validation and formats reach this far down
WORKBOOK_NAME = "registrants.xlsx"
TEMPLATE_NAME = "form_12b25.docx"
PER_ITEM_TEMPLATE_NAME = "form_12b25_per_item.docx"

HELP: dict[str, str] = {
    "registrant_name": "Full name of the registrant, as in its charter. Required.",
    "former_name": "Former name, if changed since the last report. Optional.",
    "street_address": "Principal executive office: street and number.",
    "city_state_zip": "City, state and ZIP code, e.g. West Paterson, New Jersey 07424.",
    "sec_file_number": "SEC file number, e.g. 001-12345 or 0-12345.",
    "cusip": "CUSIP number, 9 characters. Optional.",
    "cik": "EDGAR CIK, up to 10 digits (leading zeros kept). Not printed.",
    "form": "The late report's form: 10-K, 20-F, 11-K, 10-Q, 10-D, N-CEN or N-CSR.",
    "transition_report": "Yes if the late report is a transition report.",
    "period_ended": "Last day of the period the late report covers.",
    "transition_period_ended": "For a transition report: last day of the transition period.",
    "portion_items": "If only part of the report is late: the Item(s) concerned.",
    "part2_a": "Part II (a): reasons could not be eliminated without unreasonable effort. "
               "The form's one Part II box is ticked when (a) and (b) are both Yes.",
    "part2_b": "Part II (b): report will be filed within the 15- or 5-day extension. "
               "Answer as (a): relief under Rule 12b-25(b) needs both.",
    "part2_c": "Part II (c): the Rule 12b-25(c) accountant's statement is attached.",
    "narrative": "Part III: why the report could not be filed on time. Alt+Enter for a "
                 "new paragraph.",
    "contact_name": "Part IV (1): person to contact. Phone may come from the Contacts sheet.",
    "contact_area_code": "Area code, e.g. 231.",
    "contact_telephone": "Telephone number, e.g. 946-4343, or (231) 946-4343.",
    "other_reports_filed": "Part IV (2): all other periodic reports filed? No: list them in "
                           "Reports Not Filed.",
    "reports_not_filed": "Reports not filed, when Other Reports Filed is No.",
    "significant_change": "Part IV (3): significant change in results expected? Yes: explain "
                          "in Change Explanation.",
    "change_explanation": "The anticipated change, in words and figures, when Significant "
                          "Change is Yes.",
    "signer_name": "Name of the officer or representative who signs.",
    "signer_title": "Title of the person who signs.",
    "signature_date": "Date of signature.",
    "filer_status": "large accelerated, accelerated or non-accelerated (sets the due dates).",
    "contact_email": "E-mail of the client contact who reviews the draft (merge "
                     "--email-drafts). Optional; else the Contacts sheet's Email.",
    "amendment": "Blank for the original notice; 1, 2... for an amended notification "
                 "(NT 10-K/A).",
    "filed": "Once the notice is filed: the date, or EDGAR's accession number "
             "(0001234567-26-000123). Deadlines then show the row as filed.",
}
EXAMPLE: dict[str, str | dt.datetime] = {
    "registrant_name": EXAMPLE_REGISTRANT,
    "street_address": "1 Example Street",
    "city_state_zip": "Dover, Delaware 19901",
    "sec_file_number": "001-00000",
    "form": "10-K", "transition_report": "No", "period_ended": dt.datetime(2026, 12, 31),
    "part2_a": "Yes", "part2_b": "Yes", "part2_c": "No",
    "narrative": "The Registrant requires additional time to complete its financial "
                 "statements and the related disclosures.",
    "contact_name": "Pat Example", "contact_area_code": "302", "contact_telephone": "555-0100",
    "other_reports_filed": "Yes", "significant_change": "No",
    "signer_name": "Pat Example", "signer_title": "Chief Financial Officer",
    "signature_date": dt.datetime(2027, 3, 31), "filer_status": "non-accelerated",
}
_TEXT_KEYS = ("sec_file_number", "cusip", "cik", "city_state_zip", "contact_area_code",
              "contact_telephone")


def _validation(sheet: Worksheet, letter: str, rule: DataValidation) -> None:
    rule.add(f"{letter}2:{letter}{LAST_ROW}")
    sheet.add_data_validation(rule)


def _choices(values: tuple[str, ...], title: str) -> DataValidation:
    return DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                          showErrorMessage=True, errorTitle=title[:32],
                          error=f"Choose one of: {', '.join(values)}")


def starter_workbook() -> bytes:
    """The .xlsx bytes of a starter registrants workbook."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = REGISTRANTS_SHEET
    header_fill = PatternFill("solid", fgColor="DDE4EE")
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(1, index, column.header)
        cell.font, cell.fill = Font(bold=True), header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        example = EXAMPLE.get(column.key)
        data = sheet.cell(2, index, example)
        data.alignment = Alignment(wrap_text=True, vertical="top")
        width = 50 if column.key in ("narrative", "change_explanation", "reports_not_filed") else 18
        sheet.column_dimensions[letter].width = max(width, len(column.header) + 2)
        if column.kind is Kind.DATE:
            # A column style, not 2,000 formatted cells: new rows in Excel inherit it.
            sheet.column_dimensions[letter].number_format = "mmmm d, yyyy"
            data.number_format = "mmmm d, yyyy"
            rule = DataValidation(type="date", operator="between", formula1="DATE(1990,1,1)",
                                  formula2="DATE(2100,12,31)", allow_blank=True,
                                  showErrorMessage=True, errorTitle="Not a date",
                                  error="Type a date, e.g. 3/31/2026 or 2026-03-31.")
        elif column.kind is Kind.YESNO:
            rule = _choices(("Yes", "No"), column.header)
        elif column.kind is Kind.FORM:
            rule = _choices(FORMS, "Form")
        elif column.kind is Kind.FILER_STATUS:
            rule = _choices(FILER_STATUSES, "Filer Status")
        else:
            rule = DataValidation(allow_blank=True)
            if column.key in _TEXT_KEYS:
                sheet.column_dimensions[letter].number_format = "@"  # keep leading zeros
                data.number_format = "@"
        rule.promptTitle = column.header[:32]
        required = " Required." if column.required and "Required" not in HELP[column.key] else ""
        rule.prompt = (HELP[column.key] + required)[:255]
        rule.showInputMessage = True
        _validation(sheet, letter, rule)
    sheet.freeze_panes = "A2"
    contacts = book.create_sheet(CONTACTS_SHEET)
    contacts.append(("Name", "Area Code", "Telephone", "Email", "Firm"))
    for cell in contacts[1]:
        cell.font, cell.fill = Font(bold=True), header_fill
    for letter in "ABCDE":
        contacts.column_dimensions[letter].width = 24
    buffer = io.BytesIO()
    book.save(buffer)
    return excel_ready(buffer.getvalue())


def init(folder: Path, with_template: bool = False,
         with_email_template: bool = False, per_item: bool = False) -> list[Path]:
    """Write the starter workbook (and copies of the Word and e-mail templates); never
    overwrite.

    ``folder`` is where ``registrants.xlsx`` goes; a path ending in ``.xlsx`` names
    the workbook itself (its folder gets the templates, if asked for). When a
    template is asked for and the workbook is already there, the workbook is kept.
    ``per_item`` writes the bundled template with a Part II box per item (the 2003
    seed's layout) instead of the form's one box.
    """
    workbook = folder / WORKBOOK_NAME
    if folder.suffix.lower() == ".xlsx":
        folder, workbook = folder.parent, folder
    elif folder.exists() and not folder.is_dir():
        raise InitPathError(f"docgen init {folder}: is a file; give a folder (or a new "
                            "workbook name ending in .xlsx)")
    template = PER_ITEM_TEMPLATE_NAME if per_item else TEMPLATE_NAME
    extras = ([folder / template] if with_template or per_item else []) + (
        [folder / EMAIL_TEMPLATE_NAME] if with_email_template else [])
    targets = ([] if extras and workbook.exists() else [workbook]) + extras
    existing = [t for t in targets if os.path.lexists(t)]  # a dangling link counts too
    if existing:
        raise OutputExistsError(f"{existing[0]} already exists; docgen init never overwrites. "
                                "Choose another folder or move the file")
    folder.mkdir(parents=True, exist_ok=True)
    for target in targets:  # exclusive: never through a link planted meanwhile
        if target.name == EMAIL_TEMPLATE_NAME:
            data = DEFAULT_TEMPLATE.encode("utf-8")
        elif target.suffix == ".docx":
            data = bundled_template(target.name).read_bytes()
        else:
            data = starter_workbook()
        write_atomic(target, data, exclusive=True)
    return targets
