"""Build sample_workbooks/registrants.xlsx, the bundled example workbook.

Run ``python sample_workbooks/build_registrants.py`` and commit the .xlsx files
(``registrants.xlsx``, and ``with-errors.xlsx``: the fictitious rows with three
slips, for the README's ``docgen check`` example). Row 2
is The Auxer Group, Inc.'s 2003 NT 10-K exactly as filed (../shared/seed/);
every other registrant, person, address and number is fictitious (names say
"Fictitious" or "Example", phone numbers are in the 555-01xx range kept for
fiction). Together the rows use every form type and every part of the form.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from docgen.outputs.xlsx_tidy import excel_ready

OUT = Path(__file__).resolve().parent / "registrants.xlsx"

HEADERS = (
    "Registrant Name", "Former Name", "Street Address", "City, State and Zip",
    "SEC File Number", "CUSIP", "CIK", "Form", "Transition Report", "Period Ended",
    "Transition Period Ended", "Portion Items", "Part II (a)", "Part II (b)", "Part II (c)",
    "Narrative", "Contact Name", "Contact Area Code", "Contact Telephone",
    "Other Reports Filed", "Reports Not Filed", "Significant Change", "Change Explanation",
    "Signer Name", "Signer Title", "Signature Date", "Filer Status",
)

AUXER_NARRATIVE = (
    "Registrant did not obtain all information prior to filing date and attorney and accountant "
    "could not complete the required legal information and financial statements and management "
    "could not complete Management's Discussion and Analysis of such financial statements by "
    "March 31, 2003."
)

ROWS: list[dict[str, Any]] = [
    {  # The seed: NT 10-K of The Auxer Group, Inc., as filed in 2003.
        "Registrant Name": "THE AUXER GROUP, INC.",
        "Street Address": "12 Andrews Drive",
        "City, State and Zip": "West Paterson, New Jersey 07424",
        "Form": "10-K", "Transition Report": "No",
        "Transition Period Ended": dt.datetime(2002, 12, 31),
        "Part II (a)": "Yes", "Part II (b)": "Yes", "Part II (c)": "No",
        "Narrative": AUXER_NARRATIVE,
        "Contact Name": "Robert J. Scott", "Contact Area Code": "(231)",
        "Contact Telephone": "946-4343",
        "Other Reports Filed": "Yes", "Significant Change": "No",
        "Signer Name": "Robert J. Scott", "Signer Title": "President",
        "Signature Date": dt.datetime(2003, 3, 31), "Filer Status": "non-accelerated",
    },
    {
        "Registrant Name": "O'Brien & Daughters Fictitious Holdings, Inc.",
        "Former Name": "O'Brien Fictitious Provisions Co.",
        "Street Address": "100 Example Avenue, Suite 5",
        "City, State and Zip": "Springfield, Illinois 62701",
        "SEC File Number": "001-99901", "CUSIP": "000000000", "CIK": "0009999901",
        "Form": "10-Q", "Period Ended": dt.datetime(2026, 9, 30),
        "Narrative": "The Registrant's review of inventory reserves at its \"Lakeside\" "
                     "warehouse is not complete; the Registrant needs additional time to "
                     "finish the review and the related disclosures.",
        "Contact Name": "Jane Q. Example",
        "Significant Change": "Yes",
        "Change Explanation": "Net sales for the quarter are expected to be about 12% lower "
                              "than in the corresponding quarter of the prior year (<$40.0 "
                              "million vs. $45.5 million), mainly because of lower volume.",
        "Signer Name": "Mary O'Brien", "Signer Title": "Chief Financial Officer",
        "Signature Date": dt.datetime(2026, 11, 10), "Filer Status": "accelerated",
    },
    {
        "Registrant Name": "Société Exemplaire Fictive S.A.",
        "Street Address": "1, rue de l'Exemple",
        "City, State and Zip": "75001 Paris, France",
        "SEC File Number": "001-99902",
        "Form": "20-F", "Period Ended": dt.datetime(2025, 12, 31),
        "Narrative": "The Company completed a significant acquisition late in its fiscal year "
                     "and requires additional time to complete the audit of the acquired "
                     "business.\nIn addition, the Company's independent auditor, Exemple & "
                     "Associés (fictitious), needs additional time to complete its procedures "
                     "on the Company's transition to a new accounting system.\nThe Company "
                     "expects to file the Form 20-F within the fifteen-day extension period.",
        "Contact Name": "jane q. example",
        "Signer Name": "Zoë Lefèvre-Müller", "Signer Title": "Directrice financière",
        "Signature Date": dt.datetime(2026, 5, 1), "Filer Status": "large accelerated",
    },
    {
        "Registrant Name": "Example Widgets Corp. Fictitious Employee Savings Plan",
        "Street Address": "200 Sample Road",
        "City, State and Zip": "Dover, Delaware 19901",
        "SEC File Number": "333-99903",
        "Form": "11-K", "Period Ended": dt.datetime(2025, 12, 31),
        "Part II (c)": "Yes",
        "Narrative": "The Plan's independent registered public accounting firm has not "
                     "completed its audit of the Plan's financial statements. The statement of "
                     "the accounting firm required by Rule 12b-25(c) is attached as Exhibit 99.1.",
        "Contact Name": "Pat Placeholder",
        "Signer Name": "Pat Placeholder", "Signer Title": "Plan Administrator",
        "Signature Date": dt.datetime(2026, 6, 30),
    },
    {
        "Registrant Name": "Fictitious Auto Receivables Trust 2026-A",
        "Street Address": "300 Example Plaza",
        "City, State and Zip": "Wilmington, Delaware 19801",
        "SEC File Number": "333-99904-01",
        "Form": "10-D", "Period Ended": dt.datetime(2026, 10, 15),
        "Narrative": "The servicer has not delivered the servicer report for the distribution "
                     "period because of a systems conversion.",
        "Contact Name": "Chris Sample", "Contact Telephone": "(302) 555-0175",
        "Other Reports Filed": "No",
        "Reports Not Filed": "Form 10-D for the distribution period ended September 15, 2026",
        "Signer Name": "Chris Sample", "Signer Title": "Vice President of the Depositor",
        "Signature Date": dt.datetime(2026, 10, 30),
    },
    {
        "Registrant Name": "Specimen Global Income Fund (fictitious)",
        "Street Address": "400 Demo Street",
        "City, State and Zip": "Boston, Massachusetts 02110",
        "SEC File Number": "811-99905",
        "Form": "N-CEN", "Period Ended": dt.datetime(2026, 6, 30),
        "Narrative": "The Fund's administrator requires additional time to compile the "
                     "information for Form N-CEN after a change of fund administrator.",
        "Contact Name": "Pat Placeholder",
        "Signer Name": "Alex Demo", "Signer Title": "Treasurer",
        "Signature Date": dt.datetime(2026, 9, 14),
    },
    {
        "Registrant Name": "Placeholder Municipal Bond Fund (fictitious)",
        "Street Address": "400 Demo Street",
        "City, State and Zip": "Boston, Massachusetts 02110",
        "SEC File Number": "811-99906",
        "Form": "N-CSR", "Period Ended": dt.datetime(2026, 6, 30),
        "Narrative": "The Fund's independent registered public accounting firm requires "
                     "additional time to complete its audit of the valuation of certain "
                     "portfolio securities.",
        "Contact Name": "Alex Demo", "Contact Area Code": "617",
        "Contact Telephone": "555-0123",
        "Signer Name": "Alex Demo", "Signer Title": "Treasurer",
        "Signature Date": dt.datetime(2026, 9, 9),
    },
    {
        "Registrant Name": "Demo Transition Industries, Inc. (fictitious)",
        "Street Address": "500 Example Boulevard",
        "City, State and Zip": "Austin, Texas 78701",
        "SEC File Number": "000-99907",
        "Form": "NT 10-K", "Transition Report": "Yes",
        "Transition Period Ended": dt.datetime(2026, 6, 30),
        "Portion Items": "Part II, Item 8 (Financial Statements and Supplementary Data)",
        "Narrative": "The Registrant changed its fiscal year end from December 31 to June 30 "
                     "and its auditor needs additional time to complete the audit of the "
                     "six-month transition period.",
        "Contact Name": "Jane Q. Example",
        "Signer Name": "Sam Example", "Signer Title": "Chief Executive Officer",
        "Signature Date": dt.datetime(2026, 9, 29), "Filer Status": "Non-Accelerated",
    },
]
# A careful user answers every Part II and Part IV question: a blank would be filled
# with docgen's default and warned about (the answers below are those defaults).
for _row in ROWS[1:]:
    for _header, _answer in (("Part II (a)", "Yes"), ("Part II (b)", "Yes"),
                             ("Part II (c)", "No"), ("Other Reports Filed", "Yes"),
                             ("Significant Change", "No")):
        _row.setdefault(_header, _answer)

CONTACTS = (
    ("Name", "Area Code", "Telephone", "Email", "Firm"),
    ("Jane Q. Example", "212", "555-0142", "jane@example.com",
     "Example & Partners LLP (fictitious)"),
    ("Pat Placeholder", "(302)", "555-0199", "pat@example.org", "Sample Plan Services"),
)


def with_errors() -> list[dict[str, Any]]:
    """The fictitious rows with three slips a paralegal makes (for `docgen check`)."""
    rows = [dict(row) for row in ROWS[1:]]
    rows[4]["Form"] = "10-KK"  # Excel row 6
    rows[6]["Period Ended"] = "2026-02-30"  # Excel row 8: a day February never has
    rows[6]["CUSIP"] = "123456789"  # check digit wrong
    return rows


def build(out: Path = OUT, rows: list[dict[str, Any]] | None = None) -> Path:
    rows = ROWS if rows is None else rows
    book = Workbook()
    sheet = book.active
    sheet.title = "Registrants"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        unknown = set(values) - set(HEADERS)
        assert not unknown, unknown
        sheet.append([values.get(h) for h in HEADERS])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, header in enumerate(HEADERS, start=1):
        width = 48 if header in ("Narrative", "Change Explanation") else max(12, len(header) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    contacts = book.create_sheet("Contacts")
    for values in CONTACTS:
        contacts.append(values)
    book.properties.creator = "docgen"
    book.properties.created = book.properties.modified = dt.datetime(2026, 1, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    out.write_bytes(excel_ready(buffer.getvalue()))  # shared strings, as Excel keeps them
    return out


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT.parent
    print(build(folder / "registrants.xlsx"))
    print(build(folder / "with-errors.xlsx", with_errors()))
