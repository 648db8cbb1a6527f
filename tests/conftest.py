from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_workbooks" / "registrants.xlsx"


@pytest.fixture(autouse=True, scope="session")
def _own_template_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """docgen's template cache in a folder of the test run's own, for every test and
    every docgen process a test starts (they inherit the environment)."""
    os.environ["DOCGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("docgen-cache"))


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample workbook, so no test can touch the original."""
    copy = tmp_path / "registrants.xlsx"
    shutil.copyfile(SAMPLE, copy)
    return copy


def require_program(names: tuple[str, ...], what: str, variable: str) -> str:
    """Path of the first of ``names`` found; fails (not skips) when ``variable`` is 1 (CI)."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get(variable) == "1":
        pytest.fail(f"{what} is required ({variable}=1) but not found")
    pytest.skip(f"{what} not installed; set {variable}=1 to make this a failure")


def require_office() -> str:
    """Path of soffice; fails (not skips) when DOCGEN_REQUIRE_OFFICE=1 and it is missing."""
    return require_program(("soffice", "libreoffice"), "LibreOffice (soffice)",
                           "DOCGEN_REQUIRE_OFFICE")


GOOD_ROW: dict[str, object] = {
    "Registrant Name": "Example Corp. (fictitious)", "Street Address": "1 Example St.",
    "City, State and Zip": "Dover, Delaware 19901", "Form": "10-Q",
    "Period Ended": "2026-09-30", "Narrative": "The audit is not complete.",
    "Contact Name": "Pat Placeholder", "Contact Area Code": "302",
    "Contact Telephone": "555-0100", "Signer Name": "Pat Placeholder", "Signer Title": "CFO",
    "Signature Date": "2026-11-16", "SEC File Number": "001-99999",
    # Answered, as a careful user answers them: blank, each is a warning (an assumption).
    "Part II (a)": "Yes", "Part II (b)": "Yes", "Part II (c)": "No",
    "Other Reports Filed": "Yes", "Significant Change": "No", "Filer Status": "non-accelerated",
}


def write_workbook(path: Path, rows: list[dict[str, object]],
                   contacts: list[tuple[str, str, str]] | None = None,
                   sheet: str = "Registrants") -> Path:
    """A registrants workbook with the union of the rows' headers, in first-seen order."""
    from openpyxl import Workbook

    headers: list[str] = []
    for row in rows:
        headers += [h for h in row if h not in headers]
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(headers)
    for number, row in enumerate(rows, start=2):
        ws.append([row.get(h) for h in headers])
        for column, header in enumerate(headers, start=1):
            value = row.get(header)
            if isinstance(value, str) and value.startswith("="):
                # typed text, not a formula (by its coordinates: ws.max_row rescans the
                # sheet, which made this helper quadratic)
                ws.cell(number, column).data_type = "s"
    if contacts is not None:
        cs = book.create_sheet("Contacts")
        cs.append(("Name", "Area Code", "Telephone"))
        for contact in contacts:
            cs.append(contact)
    book.save(path)
    return path
