"""What a lawyer may have done in Word: refused with one line, or carried over as Word shows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli.app import app
from docgen.edgar.conversion import convert
from tests.edgar.build import W, fragment, paragraph_with, set_text, variant
from tests.edgar.htmltext import paragraphs as htm_paragraphs

runner = CliRunner()
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _first_run(root, text="12 Andrews Drive"):  # type: ignore[no-untyped-def]
    return paragraph_with(root, text).find(f"{W}r")


def tracked(root) -> None:  # type: ignore[no-untyped-def]
    run = _first_run(root)
    ins = fragment('<w:ins w:id="901" w:author="Associate" w:date="2026-11-20T10:00:00Z"/>')
    run.addprevious(ins)
    ins.append(run)


def comment(root) -> None:  # type: ignore[no-untyped-def]
    _first_run(root).addnext(fragment('<w:r><w:commentReference w:id="0"/></w:r>'))


def placeholder(root) -> None:  # type: ignore[no-untyped-def]
    set_text(paragraph_with(root, "12 Andrews Drive"), "[\u25cf]")


def highlight(root) -> None:  # type: ignore[no-untyped-def]
    _first_run(root).insert(0, fragment('<w:rPr><w:highlight w:val="yellow"/></w:rPr>'))


def hidden(root) -> None:  # type: ignore[no-untyped-def]
    _first_run(root).insert(0, fragment("<w:rPr><w:vanish/></w:rPr>"))


def image(root) -> None:  # type: ignore[no-untyped-def]
    _first_run(root).addnext(fragment(
        '<w:r><w:drawing><wp:inline><a:graphic><a:graphicData uri="pic"/></a:graphic>'
        "</wp:inline></w:drawing></w:r>"))


def text_box(root) -> None:  # type: ignore[no-untyped-def]
    _first_run(root).addnext(fragment(
        '<w:r><w:drawing><wp:anchor><a:graphic><a:graphicData uri="wps"><wps:wsp><wps:txbx>'
        "<w:txbxContent><w:p><w:r><w:t>Draft</w:t></w:r></w:p></w:txbxContent></wps:txbx>"
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"))


def nested_table(root) -> None:  # type: ignore[no-untyped-def]
    cell = next(root.iter(f"{W}tc"))
    cell.append(fragment("<w:tbl><w:tblGrid><w:gridCol w:w=\"100\"/></w:tblGrid><w:tr><w:tc>"
                         "<w:p><w:r><w:t>inner</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"))
    cell.append(fragment("<w:p/>"))


def box_disagrees(root) -> None:  # type: ignore[no-untyped-def]
    state = next(root.iter(f"{W14}checked"))  # Form 10-K: checked, shows the checked glyph
    state.set(f"{W14}val", "0")


def two_forms(root) -> None:  # type: ignore[no-untyped-def]
    boxes = list(root.iter(f"{W}sdt"))
    second = boxes[1]  # Form 20-F
    second.find(f"{W}sdtPr/{W14}checkbox/{W14}checked").set(f"{W14}val", "1")
    second.find(f".//{W}t").text = "\u2612"


REFUSED = {
    "tracked": (tracked, "tracked changes are still in the notice", "Accept All Changes"),
    "comment": (comment, "comments are still in the notice", "Delete All Comments"),
    "placeholder": (placeholder, "still has a [\u25cf] to fill in", "Find > Highlight"),
    "highlight": (highlight, "still has highlighted text", "remove the highlighting"),
    "hidden": (hidden, "has hidden text", "Hidden"),
    "image": (image, "has an image or drawing", "delete it in Word"),
    "text-box": (text_box, "has a text box", "delete the text box"),
    "nested-table": (nested_table, "a table inside a table", "Convert to Text"),
    "box": (box_disagrees, "checkbox 1 is not checked but shows", "click the box twice"),
    "two-forms": (two_forms, "2 of the Form boxes", "check exactly one"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_unfinished_notice_gets_one_line_and_no_htm(
        auxer: Path, tmp_path: Path, case: str) -> None:
    edit, what, fix = REFUSED[case]
    bad = tmp_path / f"{case}.docx"
    bad.write_bytes(variant(auxer.read_bytes(), edit))
    good = tmp_path / auxer.name
    good.write_bytes(auxer.read_bytes())
    out = tmp_path / "edgar"
    result = runner.invoke(app, ["edgar", str(bad), str(good), "--out", str(out)])
    assert result.exit_code == 3, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"{case}.docx: " in errors[0], result.output
    assert what in errors[0] and fix in errors[0] and "no .htm written" in errors[0]
    assert [p.name for p in out.iterdir()] == ["nt10k-20021231auxer.htm"]  # the good one
    assert "Traceback" not in result.output


def _hyperlink(root) -> None:  # type: ignore[no-untyped-def]
    run = _first_run(root)
    link = fragment('<w:hyperlink r:id="rId900"/>')
    run.addprevious(link)
    link.append(run)


def _field(root) -> None:  # type: ignore[no-untyped-def]
    paragraph = paragraph_with(root, "12 Andrews Drive")
    for xml in ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r><w:instrText xml:space="preserve"> DATE \\@ "MMMM d, yyyy" '
                "</w:instrText></w:r>",
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                "<w:r><w:t>(cached date)</w:t></w:r>",
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph.append(fragment(xml))


def test_links_and_fields_become_what_word_shows(auxer: Path) -> None:
    converted = convert(auxer, variant(auxer.read_bytes(), lambda r: (_hyperlink(r), _field(r))))
    assert b"<a" not in converted.data and b"DATE" not in converted.data
    assert "12 Andrews Drive(cached date)" in htm_paragraphs(converted.data)


NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W[1:-1]}"><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0">
<w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%1)"/></w:lvl>
</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>""".encode()
FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W[1:-1]}"><w:footnote w:id="5"><w:p><w:r><w:footnoteRef/></w:r>
<w:r><w:t xml:space="preserve"> Before the 2004 amendments.</w:t></w:r></w:p></w:footnote>
</w:footnotes>""".encode()
HEADER = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="{W[1:-1]}"><w:p><w:r><w:t>Confidential draft</w:t></w:r></w:p></w:hdr>""".encode()


def _lists_and_notes(root) -> None:  # type: ignore[no-untyped-def]
    for text in ("12 Andrews Drive", "West Paterson"):
        ppr = paragraph_with(root, text).find(f"{W}pPr")
        ppr.append(fragment('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>'))
    paragraph_with(root, "West Paterson").append(
        fragment('<w:r><w:footnoteReference w:id="5"/></w:r>'))


def test_lists_footnotes_and_headers(auxer: Path, tmp_path: Path) -> None:
    rels = (f'<Relationship Id="rId901" Type="{REL}/footnotes" Target="footnotes.xml"/>'
            f'<Relationship Id="rId902" Type="{REL}/header" Target="header9.xml"/>'
            f'<Relationship Id="rId903" Type="{REL}/numbering" Target="numbering.xml"/>')
    data = variant(auxer.read_bytes(), _lists_and_notes,
                   {"word/numbering.xml": NUMBERING, "word/footnotes.xml": FOOTNOTES,
                    "word/header9.xml": HEADER}, rels)
    converted = convert(auxer, data)
    texts = htm_paragraphs(converted.data)
    assert "(a)\u200312 Andrews Drive" in texts  # the list number as text, tab as em space
    assert "(b)\u2003West Paterson, New Jersey 074241" in texts  # footnote mark 1
    assert "1 Before the 2004 amendments." in texts
    assert b"<sup>1</sup>" in converted.data
    assert b"Confidential" not in converted.data
    assert any("header and footer are left out" in w for w in converted.warnings)


def test_old_style_boxes_become_unicode_boxes(auxer: Path) -> None:
    """Legacy form-field checkboxes and Wingdings boxes (rule K2) read as their state."""
    def old_boxes(root) -> None:  # type: ignore[no-untyped-def]
        paragraph = paragraph_with(root, "12 Andrews Drive")
        paragraph.append(fragment('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox>'
                                  '<w:checked/></w:checkBox></w:ffData></w:fldChar></w:r>'))
        paragraph.append(fragment('<w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r>'))
        paragraph.append(fragment('<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
        paragraph.append(fragment('<w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>'))
        paragraph.append(fragment('<w:r><w:rPr><w:rFonts w:ascii="Wingdings" '
                                  'w:hAnsi="Wingdings"/></w:rPr><w:t>\u00fe</w:t></w:r>'))

    converted = convert(auxer, variant(auxer.read_bytes(), old_boxes))
    assert "12 Andrews Drive\u2612\u2610\u2612" in htm_paragraphs(converted.data)
