"""The seed: The Auxer Group's 2003 NT 10-K, merged from the sample workbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen import merge
from docgen.template.render import bundled_template

from docxread import checkboxes, checked, paragraphs, text

AUXER = "the-auxer-group-inc_NT-10-K_2002-12-31.docx"


@pytest.fixture
def auxer(sample: Path, tmp_path: Path) -> Path:
    """The seed's notice, made with the template of its layout: a Part II box per item."""
    report = merge(sample, out_dir=tmp_path / "out",
                   template=bundled_template("form_12b25_per_item.docx"))
    assert report.notices[0].row == 2
    path = report.notices[0].path
    assert path is not None and path.name == AUXER
    return path


def test_auxer_text_matches_the_seed(auxer: Path) -> None:
    body = text(auxer)
    lines = paragraphs(auxer)
    assert "THE AUXER GROUP, INC." in lines  # Part I, Full Name of Registrant
    assert lines.count("THE AUXER GROUP, INC.") == 2  # and the signature block
    assert "12 Andrews Drive" in lines
    assert "West Paterson, New Jersey 07424" in lines
    # The seed prints the fiscal year end on the transition line and leaves Period Ended blank.
    assert "For the Transition Period Ended: December 31, 2002" in lines
    assert "For Period Ended: " in lines
    assert (
        "Registrant did not obtain all information prior to filing date and attorney and "
        "accountant could not complete the required legal information and financial statements "
        "and management could not complete Management's Discussion and Analysis of such "
        "financial statements by March 31, 2003."
    ) in lines
    assert "Robert J. Scott" in lines
    assert "(231)" in lines
    assert "946-4343" in lines
    assert "By: /s/ Robert J. Scott" in lines
    assert "President" in lines
    assert "Date: March 31, 2003" in lines
    assert "{{" not in body and "{%" not in body


def test_auxer_has_the_current_form_wording(auxer: Path) -> None:
    body = text(auxer)
    for wording in (
        "FORM 12b-25",
        "NOTIFICATION OF LATE FILING",
        "PART I \u2014 REGISTRANT INFORMATION",
        "PART II \u2014 RULES 12b-25(b) AND (c)",
        "PART III \u2014 NARRATIVE",
        "PART IV \u2014 OTHER INFORMATION",
        "Nothing in this form shall be construed to imply that the Commission has verified any "
        "information contained herein.",
        "State below in reasonable detail why Forms 10-K, 20-F, 11-K, 10-Q, 10-D, N-CEN, N-CSR, "
        "or the transition report or portion thereof, could not be filed within the prescribed "
        "time period.",
        "Intentional misstatements or omissions of fact constitute Federal Criminal Violations "
        "(See 18 U.S.C. 1001).",
        "(Name of Registrant as Specified in Charter)",
    ):
        assert wording in body
    assert "N-SAR" not in body  # retired in 2018; the current form lists N-CEN


def test_auxer_checkboxes(auxer: Path) -> None:
    boxes = checkboxes(auxer)
    forms = {"form_10k", "form_20f", "form_11k", "form_10q", "form_10d", "form_ncen", "form_ncsr"}
    transitions = {"transition_10k", "transition_20f", "transition_11k", "transition_10q"}
    assert forms | transitions <= set(boxes)
    assert checked(auxer) == {
        "form_10k", "part2_a", "part2_b", "other_reports_filed_yes", "significant_change_no",
    }
    assert not boxes["part2_c"].checked
    assert not boxes["other_reports_filed_no"].checked
    assert not boxes["significant_change_yes"].checked


def test_auxer_row_warns_about_the_transition_line(sample: Path, tmp_path: Path) -> None:
    """Two true warnings: the seed has no SEC file number, and its date is on the
    transition line though no transition box is checked."""
    report = merge(sample, out_dir=tmp_path / "out")
    auxer = [p for p in report.problems if p.row == 2]
    assert [p.location for p in auxer] == ["Registrants!E2", "Registrants!K2"]
    assert "SEC File Number is blank" in auxer[0].message
    assert "Transition Report is No" in auxer[1].message


def test_the_current_form_has_one_part_ii_box(sample: Path, tmp_path: Path) -> None:
    """The bundled default follows the form as the SEC prints it (and 2026 filings):
    one box for (a)-(c), ticked because the row makes representations (a) and (b)."""
    report = merge(sample, out_dir=tmp_path / "out")
    path = report.notices[0].path
    assert path is not None
    boxes = checkboxes(path)
    assert "part2" in boxes and boxes["part2"].checked
    assert not {"part2_a", "part2_b", "part2_c"} & set(boxes)
    assert checked(path) == {"form_10k", "part2", "other_reports_filed_yes",
                             "significant_change_no"}
    lines = paragraphs(path)
    assert any(line.startswith("\t(b) The subject annual report") for line in lines)
    assert "\t(c) The accountant\u2019s statement or other exhibit required by Rule 12b-25(c) " \
           "has been attached if applicable." in lines
