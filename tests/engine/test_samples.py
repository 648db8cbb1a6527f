"""Every row of the bundled sample workbook becomes a notice that opens."""

from __future__ import annotations

from pathlib import Path

import docx

from docgen import merge

from docxread import checked, paragraphs, text


def test_every_sample_row_merges_and_opens(sample: Path, tmp_path: Path) -> None:
    report = merge(sample, out_dir=tmp_path / "out")
    assert not report.errors
    assert len(report.written) == len(report.notices) == 8
    for result in report.written:
        assert result.path is not None and result.path.exists()
        document = docx.Document(str(result.path))  # opens with python-docx
        assert document.paragraphs
        body = text(result.path)
        assert result.registrant in body
        assert "{{" not in body and "{%" not in body


def _by_form(report_dir: Path) -> dict[str, Path]:
    return {p.name.split("_NT-")[1].split("_")[0]: p for p in report_dir.glob("*.docx")
            if "auxer" not in p.name}


def test_each_form_checks_its_own_box(sample: Path, tmp_path: Path) -> None:
    merge(sample, out_dir=tmp_path)
    notices = _by_form(tmp_path)
    assert set(notices) == {"10-Q", "20-F", "11-K", "10-D", "N-CEN", "N-CSR", "10-K"}
    for form, path in notices.items():
        boxes = checked(path)
        assert {b for b in boxes if b.startswith("form_")} == {
            "form_" + form.replace("-", "").lower()
        }


def test_sample_features(sample: Path, tmp_path: Path) -> None:
    merge(sample, out_dir=tmp_path)
    notices = _by_form(tmp_path)
    # Transition report, with the date on the transition line, and a portion filing.
    transition = notices["10-K"]
    assert "transition_10k" in checked(transition)
    assert "For the Transition Period Ended: June 30, 2026" in paragraphs(transition)
    assert any(p.endswith("Part II, Item 8 (Financial Statements and Supplementary Data)")
               for p in paragraphs(transition))
    # Part II: the form's one box, for (a), (b) and, where it applies, (c).
    assert "part2" in checked(notices["11-K"])
    assert any(p.startswith("\t(c) The accountant\u2019s statement")
               for p in paragraphs(notices["11-K"]))
    # Part IV (2) No with the reports listed.
    abs_trust = notices["10-D"]
    assert {"other_reports_filed_no"} <= checked(abs_trust)
    assert "other_reports_filed_yes" not in checked(abs_trust)
    assert ("Form 10-D for the distribution period ended September 15, 2026"
            in paragraphs(abs_trust))
    assert "(302)" in paragraphs(abs_trust) and "555-0175" in paragraphs(abs_trust)
    # Part IV (3) Yes with the explanation; & < and apostrophes as typed; Contacts sheet.
    quarterly = notices["10-Q"]
    lines = paragraphs(quarterly)
    assert "significant_change_yes" in checked(quarterly)
    assert "O'Brien & Daughters Fictitious Holdings, Inc." in lines
    assert any("(<$40.0 million vs. $45.5 million)" in p for p in lines)
    assert "(212)" in lines and "555-0142" in lines  # from the Contacts sheet
    # A multi-paragraph narrative is three paragraphs; accents as typed.
    foreign = paragraphs(notices["20-F"])
    assert "Société Exemplaire Fictive S.A." in foreign
    assert "By: /s/ Zoë Lefèvre-Müller" in foreign
    starts = [i for i, p in enumerate(foreign) if p.startswith(("The Company completed",
                                                               "In addition, the Company",
                                                               "The Company expects"))]
    assert len(starts) == 3 and starts == list(range(starts[0], starts[0] + 3))
    assert "(212)" in foreign  # "jane q. example" matches the contact ignoring case
