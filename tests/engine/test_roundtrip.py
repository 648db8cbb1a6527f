"""Data is text, never markup: whatever a cell holds comes out exactly as typed.

The check: render a notice with a marker in one field, then with the generated
value; the document text must be the marker's text with the marker replaced by
the value (so the value appears where the marker did, as often, and nothing
else changed: no character lost, added, escaped twice or evaluated).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from docgen import merge
from docgen.engine.context import build_context
from docgen.engine.validate import Notice
from docgen.template.render import CompiledTemplate, bundled_template
from docgen.values import cell_text

from docxread import text

MARKER = "QQMARKERQQ"
TEXT_FIELDS = (
    "registrant_name", "former_name", "street_address", "city_state_zip", "sec_file_number",
    "cusip", "portion_items", "narrative", "contact_name", "contact_area_code",
    "contact_telephone", "reports_not_filed", "change_explanation", "signer_name",
    "signer_title",
)
PARAGRAPH_FIELDS = {"narrative", "reports_not_filed", "change_explanation"}
NASTY = ["&", "<", ">", "\"", "'", "{{ 7*7 }}", "{% if 1 %}x{% endif %}", "{#", "#}", "%}",
         "}}", "&amp;", "<w:t>", "]]>", "Zoë", "東京", "🙂", "\t", "\n", "  ", "_x0041_"]
VALUES = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
        st.sampled_from(["\n", "\t"]),
    ),
    max_size=60,
) | st.lists(st.sampled_from(NASTY), max_size=8).map("".join)

_TEMPLATE = CompiledTemplate(bundled_template())


def _notice(**text_values: str) -> Notice:
    text_fields = dict.fromkeys(TEXT_FIELDS, "x")
    text_fields.update(cik="", reports_not_filed="listed", change_explanation="explained")
    text_fields.update(text_values)
    flags = dict(transition_report=False, part2_a=True, part2_b=True, part2_c=False,
                 other_reports_filed=True, significant_change=False)
    dates: dict[str, dt.date | None] = dict(
        period_ended=dt.date(2026, 3, 31), transition_period_ended=None,
        signature_date=dt.date(2026, 4, 1))
    return Notice(2, text_fields, flags, dates, "10-K", "non-accelerated")


def excel_escape(typed: str) -> str:
    """What Excel writes for a typed "_x0041_": the underscore escaped as _x005F_."""
    return re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", typed)


def expected_text(field: str, typed: str) -> str:
    """What the notice must show for ``typed``: trimmed, blank lines between paragraphs
    dropped where the field is printed as paragraphs."""
    value, _ = cell_text(typed)
    if field in PARAGRAPH_FIELDS:
        value = "\n".join(line for line in value.split("\n") if line.strip())
    return value


def _render(field: str, value: str) -> str:
    return text(_TEMPLATE.render(build_context(_notice(**{field: value}))))


@pytest.mark.parametrize("field", TEXT_FIELDS)
@settings(max_examples=40, deadline=None)
@given(value=VALUES)
@example(value="{{ 7*7 }} & <b>bold</b> \"quoted\" 'single' {% raw %} Zoë 東京 🙂")
def test_value_is_printed_exactly_as_typed(field: str, value: str) -> None:
    expected = expected_text(field, value)
    if not expected.strip():
        return  # a blank value is the required-field rule's business (test_validate)
    marked = _render(field, MARKER)
    assert MARKER in marked
    typed = cell_text(value)[0]  # what the workbook reader hands on: trimmed
    assert _render(field, typed) == marked.replace(MARKER, expected)


def _workbook(path: Path, cells: dict[str, Any]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Registrants"
    for column, (header, value) in enumerate(cells.items(), start=1):
        sheet.cell(1, column, header)
        cell = sheet.cell(2, column, excel_escape(value) if isinstance(value, str) else value)
        if isinstance(value, str):
            cell.data_type = "s"  # a value starting with "=" is text, not a formula
    book.save(path)


BASE_ROW = {
    "Registrant Name": "Example Corp.", "Street Address": "1 Example St.",
    "City, State and Zip": "Dover, DE 19901", "Form": "10-K", "Period Ended": "2026-03-31",
    "Narrative": "Reasons.", "Contact Name": "Pat", "Contact Area Code": "302",
    "Contact Telephone": "555-0100", "Signer Name": "Pat", "Signer Title": "CFO",
    "Portion Items": "", "Former Name": "",
}
HEADER_OF = {"registrant_name": "Registrant Name", "narrative": "Narrative",
             "portion_items": "Portion Items", "former_name": "Former Name",
             "signer_title": "Signer Title"}


@pytest.mark.parametrize("field", sorted(HEADER_OF))
@settings(max_examples=15, deadline=None)
@given(value=VALUES)
@example(value="=SUM(A1) _x0041_ & <b>{{ x }}</b>\n  second line")
def test_value_survives_the_workbook(field: str, value: str) -> None:
    """The same through a real .xlsx, escaped as Excel escapes, read back by docgen."""
    expected = expected_text(field, value)  # the reader undoes Excel's escaping
    if not expected.strip():
        return
    with tempfile.TemporaryDirectory() as folder:
        _check_workbook_round_trip(Path(folder), field, value, expected)


def _check_workbook_round_trip(tmp_path: Path, field: str, value: str, expected: str) -> None:
    out = tmp_path / "o"
    for name, typed in (("m.xlsx", MARKER), ("v.xlsx", value)):
        _workbook(tmp_path / name, {**BASE_ROW, HEADER_OF[field]: typed})
        report = merge(tmp_path / name, out_dir=out / name, name_pattern="{row}")
        assert not report.errors, report.errors
    marked = text(out / "m.xlsx" / "2.docx")
    assert text(out / "v.xlsx" / "2.docx") == marked.replace(MARKER, expected)
