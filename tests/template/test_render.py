"""The compiled template: same text as docxtpl, strict variables, custom templates."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docxtpl import DocxTemplate

from docgen import merge
from docgen.engine.context import build_context
from docgen.engine.validate import validate_row
from docgen.errors import TemplateError
from docgen.template.jinja_env import make_environment
from docgen.template.render import CompiledTemplate, _Paragraphs, bundled_template
from docgen.workbook.reader import open_workbook

from conftest import GOOD_ROW, write_workbook
from docxread import checked, paragraphs, text


def sample_contexts(sample: Path) -> list[dict[str, object]]:
    with open_workbook(sample) as book:
        notices = [validate_row(book.sheet, r, book.columns, book.contacts)[0]
                   for r in book.rows()]
    return [build_context(n) for n in notices if n is not None]


def test_same_text_as_docxtpl_renders(sample: Path) -> None:
    """docgen's compiled path prints what docxtpl itself prints with the same environment."""
    compiled = CompiledTemplate(bundled_template())
    env = make_environment()
    env.filters["paragraphs"] = _Paragraphs()
    for context in sample_contexts(sample):
        reference = DocxTemplate(bundled_template())
        reference.render(context, jinja_env=env)
        buffer = io.BytesIO()
        reference.save(buffer)
        ours = compiled.render(context)
        assert text(ours) == text(buffer.getvalue())
        assert str(context["registrant_name"]) in text(ours)


def test_output_is_a_valid_package(sample: Path, tmp_path: Path) -> None:
    report = merge(sample, out_dir=tmp_path)
    import zipfile
    for notice in report.written:
        with zipfile.ZipFile(notice.path) as archive:
            assert archive.testzip() is None
            names = archive.namelist()
        assert names[0] == "[Content_Types].xml" and "word/document.xml" in names
        saved = io.BytesIO()
        docx.Document(str(notice.path)).save(saved)  # python-docx can load and save it


def _template(tmp_path: Path, *texts: str | list[str]) -> Path:
    """A .docx whose paragraphs hold ``texts``; a list is one paragraph split into runs."""
    document = docx.Document()
    for item in texts:
        paragraph = document.add_paragraph()
        for number, run in enumerate([item] if isinstance(item, str) else item):
            paragraph.add_run(run).bold = number % 2 == 1  # Word splits runs on formatting
    path = tmp_path / "custom.docx"
    document.save(str(path))
    return path


def test_custom_template_with_custom_column_and_split_tags(tmp_path: Path) -> None:
    template = _template(
        tmp_path,
        ["Dear ", "{{ regis", "trant_name }}", ","],
        "Fiscal year: {{ fiscal_year }} ({{ form }}, {{ edgar_form }})",
        "{% if part2_c %}Statement attached.{% else %}No statement.{% endif %}",
        "Box: {{ part2_a|checkbox }}",
    )
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, "Fiscal Year": "FY2026"}])
    report = merge(book, template=template, out_dir=tmp_path / "out")
    assert not report.errors
    lines = paragraphs(report.written[0].path)
    assert lines == ["Dear Example Corp. (fictitious),", "Fiscal year: FY2026 (10-Q, NT 10-Q)",
                     "No statement.", "Box: ☒"]


def test_variable_the_workbook_cannot_supply_fails_before_writing(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ registrant_name }} {{ fiscal_year }} {{ partner }}")
    book = write_workbook(tmp_path / "wb.xlsx", [GOOD_ROW])
    with pytest.raises(TemplateError, match="uses fiscal_year, partner, which the workbook"):
        merge(book, template=template, out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_broken_tag_names_the_tag(tmp_path: Path) -> None:
    template = _template(tmp_path, "Fine {{ form }}", "Broken {% if form %} never closed")
    with pytest.raises(TemplateError, match=r"broken tag near \"Broken {% if form %} never"):
        CompiledTemplate(template)


def test_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ registrant_name.__class__.__mro__ }}")
    book = write_workbook(tmp_path / "wb.xlsx", [GOOD_ROW])
    with pytest.raises(TemplateError) as caught:
        merge(book, template=template, out_dir=tmp_path / "out")
    assert "Example Corp" not in str(caught.value)  # no personal data in the message


def test_not_a_template(tmp_path: Path) -> None:
    bogus = tmp_path / "t.docx"
    bogus.write_text("hello")
    with pytest.raises(TemplateError, match=r"is not a Word \.docx template"):
        CompiledTemplate(bogus)
    with pytest.raises(TemplateError, match="template not found"):
        CompiledTemplate(tmp_path / "missing.docx")


def test_checkbox_state_follows_the_row(tmp_path: Path) -> None:
    compiled = CompiledTemplate(bundled_template())
    book = write_workbook(tmp_path / "wb.xlsx", [
        {**GOOD_ROW, "Part II (a)": "no", "Part II (c)": "x", "Other Reports Filed": "n",
         "Reports Not Filed": "Form 10-Q for June 30, 2026", "Transition Report": "yes"},
    ])
    with open_workbook(book) as wb:
        row = next(wb.rows())
        notice, problems = validate_row(wb.sheet, row, wb.columns, wb.contacts)
    assert notice is not None, problems
    rendered = compiled.render(build_context(notice))
    # The form's one Part II box needs both (a) and (b): left empty, marked for review.
    assert checked(rendered) == {"form_10q", "transition_10q", "other_reports_filed_no",
                                 "significant_change_no"}
    assert any(p.startswith("\u2610[\u25cf]\t(a) The reasons") for p in paragraphs(rendered))
    assert [p.message.split(":")[0] for p in problems if "[●]" in p.message] == [
        "Part II (a) is No but Part II (b) is Yes (N2 and O2)"]
    per_item = CompiledTemplate(bundled_template("form_12b25_per_item.docx"))
    assert checked(per_item.render(build_context(notice))) == {
        "form_10q", "transition_10q", "part2_b", "part2_c", "other_reports_filed_no",
        "significant_change_no"}
    assert "For the Transition Period Ended: September 30, 2026" in paragraphs(rendered)
    assert "For Period Ended: " in paragraphs(rendered)


def test_tags_split_the_way_word_saves_them(tmp_path: Path) -> None:
    """Word splits a tag over runs with rsids, proofing marks and bookmarks."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")} w:rsidR="00A1"><w:t xml:space="preserve">Name: {{{{ </w:t></w:r>'
    ))
    paragraph._p.append(parse_xml(f'<w:proofErr {nsdecls("w")} w:type="spellStart"/>'))
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")} w:rsidRPr="00B2"><w:rPr><w:b/></w:rPr><w:t>registrant</w:t></w:r>'
    ))
    paragraph._p.append(parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="0" w:name="x"/>'))
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")} w:rsidR="00C3"><w:t>_name</w:t></w:r>'
    ))
    paragraph._p.append(parse_xml(f'<w:proofErr {nsdecls("w")} w:type="spellEnd"/>'))
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> }}}} (end)</w:t></w:r>'
    ))
    document.add_paragraph("Curly \u201cquotes\u201d: {{ \u2018x\u2019 if part2_a else "
                           "\u2018y\u2019 }}")  # Word's AutoFormat turns ' into ‘ ’
    template = tmp_path / "word.docx"
    document.save(str(template))
    book = write_workbook(tmp_path / "wb.xlsx", [GOOD_ROW])
    report = merge(book, template=template, out_dir=tmp_path / "out")
    assert paragraphs(report.written[0].path) == [
        "Name: Example Corp. (fictitious) (end)", "Curly \u201cquotes\u201d: x"]


def test_bundled_template_is_what_its_build_script_makes(tmp_path: Path) -> None:
    """The shipped template is reproducible, and carries no thumbnail of another
    document nor Word 2010's duplicate styles part."""
    import subprocess
    import sys
    import zipfile

    from conftest import ROOT

    # A fresh interpreter, as the script is meant to run; it writes both templates.
    subprocess.run([sys.executable, str(ROOT / "word_templates" / "build_form_12b25.py"),
                    str(tmp_path)], check=True, capture_output=True, timeout=120)
    for name in ("form_12b25.docx", "form_12b25_per_item.docx"):
        shipped = (ROOT / "word_templates" / name).read_bytes()
        assert (tmp_path / name).read_bytes() == shipped, name
    built = tmp_path / "form_12b25.docx"
    with zipfile.ZipFile(built) as archive:
        names = archive.namelist()
        listed = b"".join(archive.read(n) for n in names
                          if n.endswith((".rels", "[Content_Types].xml")))
    assert "docProps/thumbnail.jpeg" not in names and "word/stylesWithEffects.xml" not in names
    assert b"thumbnail" not in listed and b"stylesWithEffects" not in listed
    assert "word/styles.xml" in names and "word/numbering.xml" in names
