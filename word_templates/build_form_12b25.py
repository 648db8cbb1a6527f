"""Build the bundled Form 12b-25 templates in word_templates/.

``form_12b25.docx`` follows the form as the SEC prints it: one Part II box for
representations (a)-(c). ``form_12b25_per_item.docx`` keeps the layout of the 2003
seed (The Auxer Group's NT 10-K), a box per item, for firms that file that way.

Run ``python word_templates/build_form_12b25.py`` after changing this script and
commit the .docx files it writes. The wording is the current SEC Form 12b-25 as filed
on EDGAR in 2026 (see ../shared/reference/form-12b-25.md); text that the
reference marks UNCONFIRMED (OMB expiry, edition code, General Instructions) is
left out rather than guessed.

Everything is ordinary paragraphs and tables with named styles, so a lawyer can
edit any of it in Word. Every property element goes in at its place in the ISO/IEC
29500 schema sequence (:data:`SEQUENCES`, :func:`insert_ordered`), never appended by
hand: Word drops or "repairs" elements out of order. The PART headings use the
built-in "heading 1" style (restyled to look as before), so Word's navigation pane
and accessibility checker see the structure; the layout tables claim no header row.
Every box is a Word checkbox content control whose content is a
``{{ variable|checkbox }}`` tag; docgen sets both the glyph and the control's checked
state from the row.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Inches, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
OUT = HERE / "form_12b25.docx"
PER_ITEM = HERE / "form_12b25_per_item.docx"
FONT = "Times New Roman"
BOX_FONT = "MS Gothic"
_ids = iter(range(1001, 2000))

W14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'


# Child order of the property elements this script writes into, from ISO/IEC 29500-4
# wml.xsd (CT_PPr and CT_TblPr; python-docx knows them too but does not expose them).
SEQUENCES: dict[str, tuple[str, ...]] = {
    "w:pPr": (
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
        "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku",
        "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
        "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
        "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
        "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
    "w:tblPr": (
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
        "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
        "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange"),
}


def insert_ordered(parent: BaseOxmlElement, child: BaseOxmlElement) -> BaseOxmlElement:
    """Put ``child`` where the schema sequence of ``parent`` wants it, replacing one of
    the same name."""
    sequence = next(names for tag, names in SEQUENCES.items() if qn(tag) == parent.tag)
    names = [qn(f"w:{name}") for name in sequence]
    for old in parent.findall(child.tag):
        parent.remove(old)
    later = names[names.index(child.tag) + 1:]
    successor = next((c for c in parent if c.tag in later), None)
    if successor is None:
        parent.append(child)
    else:
        successor.addprevious(child)
    return child


def _border(sides: str, size: int = 6) -> str:
    edges = "".join(
        f'<w:{side} w:val="single" w:sz="{size}" w:space="4" w:color="000000"/>'
        for side in sides.split()
    )
    return f"<w:pBdr {nsdecls('w')}>{edges}</w:pBdr>"


def _style(doc: Document, name: str, size: float, *, bold: bool = False, align: int | None = None,
           before: float = 0, after: float = 4, base: str = "Normal") -> ParagraphStyle:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if align is not None:
        fmt.alignment = align
    return style


def make_styles(doc: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    _style(doc, "Form Agency", 11, bold=True, align=center, after=0)
    _style(doc, "Form Title", 14, bold=True, align=center, before=8, after=2)
    _style(doc, "Form Subtitle", 12, bold=True, align=center, after=10)
    part_heading_style(doc)
    _style(doc, "Form Text", 10, align=justify, after=6)
    _style(doc, "Form Box Line", 10, after=2)
    _style(doc, "Form Legend", 9.5, bold=True, align=center, before=6, after=8)
    legend = doc.styles["Form Legend"].element.get_or_add_pPr()
    insert_ordered(legend, parse_xml(_border("top left bottom right")))
    value = _style(doc, "Form Field Value", 10.5, before=8, after=0)
    insert_ordered(value.element.get_or_add_pPr(), parse_xml(_border("bottom", 4)))
    _style(doc, "Form Field Caption", 8.5, after=4)
    # The body's size: EDGAR readers and printed filings show Part III as the form's text.
    _style(doc, "Form Narrative", 10, align=justify, after=8)
    _style(doc, "Form Attention", 10, bold=True, align=center, before=10, after=2)


def part_heading_style(doc: Document) -> None:
    """Word's own "heading 1", dressed as the form's PART headings (it was a custom
    "Form Part Heading" style that looked the same): a real heading for Word's
    navigation pane, its accessibility checker and tagged PDF."""
    style = doc.styles["Heading 1"]
    for old in (style.element.pPr, style.element.rPr):
        if old is not None:
            style.element.remove(old)
    style.font.name = FONT
    style.font.size = Pt(10.5)
    style.font.bold = True
    fmt = style.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.space_before, fmt.space_after = Pt(12), Pt(6)
    fmt.keep_with_next = True
    insert_ordered(style.element.get_or_add_pPr(),
                   parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))


def checkbox(paragraph: Paragraph, tag: str, alias: str, expression: str) -> None:
    """Append a Word checkbox content control showing ``{{ expression|checkbox }}``."""
    sdt = parse_xml(
        f"<w:sdt {nsdecls('w')} {W14}>"
        "<w:sdtPr>"
        f'<w:rPr><w:rFonts w:ascii="{BOX_FONT}" w:eastAsia="{BOX_FONT}" w:hAnsi="{BOX_FONT}"/>'
        "</w:rPr>"
        f'<w:alias w:val="{alias}"/><w:tag w:val="{tag}"/><w:id w:val="{next(_ids)}"/>'
        "<w14:checkbox>"
        '<w14:checked w14:val="0"/>'
        f'<w14:checkedState w14:val="2612" w14:font="{BOX_FONT}"/>'
        f'<w14:uncheckedState w14:val="2610" w14:font="{BOX_FONT}"/>'
        "</w14:checkbox>"
        "</w:sdtPr>"
        "<w:sdtContent><w:r>"
        f'<w:rPr><w:rFonts w:ascii="{BOX_FONT}" w:eastAsia="{BOX_FONT}" w:hAnsi="{BOX_FONT}"/>'
        "</w:rPr>"
        f"<w:t>{{{{ {expression}|checkbox }}}}</w:t>"
        "</w:r></w:sdtContent>"
        "</w:sdt>"
    )
    paragraph._p.append(sdt)


def boxed(paragraph: Paragraph, tag: str, alias: str, expression: str, label: str) -> None:
    checkbox(paragraph, tag, alias, expression)
    paragraph.add_run("\u00a0" + label)


def field(container: Document | _Cell, value: str, caption: str) -> None:
    container.add_paragraph(value, style="Form Field Value")
    container.add_paragraph(caption, style="Form Field Caption")


def _widths(table: Table, *inches: float) -> None:
    """Fix column widths in the grid (LibreOffice) and in every cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, inches):
        column.width = Inches(width)
        for cell in column.cells:
            cell.width = Inches(width)


def _as_layout(table: Table) -> None:
    """No borders, and no header row, banding or first column claimed: Word's
    accessibility checker and screen readers then take it for a layout table."""
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    borders = "".join(f'<w:{side} w:val="nil"/>' for side in sides)
    tbl_pr = table._tbl.tblPr
    insert_ordered(tbl_pr, parse_xml(f"<w:tblBorders {nsdecls('w')}>{borders}</w:tblBorders>"))
    insert_ordered(tbl_pr, parse_xml(
        f'<w:tblLook {nsdecls("w")} w:val="0600" w:firstRow="0" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'))


def layout_table(doc: Document, rows: int, *inches: float) -> Table:
    """A borderless table used only to place things side by side."""
    table = doc.add_table(rows=rows, cols=len(inches))
    _as_layout(table)
    _widths(table, *inches)
    return table


def fill(cell: _Cell, text: str, style: str) -> None:
    """Put ``text`` in the cell's first paragraph, which every new cell has."""
    cell.paragraphs[0].text = text
    cell.paragraphs[0].style = style


def header_block(doc: Document) -> None:
    left, right = layout_table(doc, 1, 4.5, 2.0).rows[0].cells
    fill(left, "UNITED STATES", "Form Agency")
    left.add_paragraph("SECURITIES AND EXCHANGE COMMISSION", style="Form Agency")
    left.add_paragraph("Washington, D.C. 20549", style="Form Agency")
    left.add_paragraph("FORM 12b-25", style="Form Title")
    left.add_paragraph("NOTIFICATION OF LATE FILING", style="Form Subtitle")
    # An amended notification says so under the title (removed on an original).
    left.add_paragraph("{%p if amendment_title %}", style="Form Subtitle")
    left.add_paragraph("{{ amendment_title }}", style="Form Subtitle")
    left.add_paragraph("{%p endif %}", style="Form Subtitle")
    fill(right, "SEC FILE NUMBER", "Form Field Caption")
    right.add_paragraph("{{ sec_file_number }}", style="Form Field Value")
    cusip = right.add_paragraph("CUSIP NUMBER", style="Form Field Caption")
    cusip.paragraph_format.space_before = Pt(10)
    right.add_paragraph("{{ cusip }}", style="Form Field Value")


def check_one(doc: Document) -> None:
    # One paragraph with a hanging indent: the tab after the label goes to the indent,
    # so the second line of boxes lines up under the first (in Word and in ASCII).
    line = doc.add_paragraph("(Check one):\t", style="Form Box Line")
    line.paragraph_format.left_indent = Inches(0.85)
    line.paragraph_format.first_line_indent = Inches(-0.85)
    line.paragraph_format.tab_stops.add_tab_stop(Inches(0.85))
    for number, form in enumerate(("10-K", "20-F", "11-K", "10-Q", "10-D", "N-CEN", "N-CSR")):
        if number == 4:
            line.add_run().add_break()
        var = "form_" + form.replace("-", "").lower()
        boxed(line, var, f"Form {form}", var, f"Form {form}")
        if number not in (3, 6):
            line.add_run("\u00a0\u00a0\u00a0 ")
    period = doc.add_paragraph("For Period Ended: {{ period_ended }}", style="Form Box Line")
    period.paragraph_format.space_before = Pt(6)
    for form in ("10-K", "20-F", "11-K", "10-Q"):
        var = "transition_" + form.replace("-", "").lower()
        label = f"Transition Report on Form {form}"
        boxed(doc.add_paragraph(style="Form Box Line"), var, label, var, label)
    doc.add_paragraph("For the Transition Period Ended: {{ transition_period_ended }}",
                      style="Form Box Line")
    doc.add_paragraph(
        "Nothing in this form shall be construed to imply that the Commission has verified any "
        "information contained herein.", style="Form Legend")
    doc.add_paragraph(
        "If the notification relates to a portion of the filing checked above, identify the "
        "Item(s) to which the notification relates: {{ portion_items }}", style="Form Text")


def part_one(doc: Document) -> None:
    doc.add_paragraph("PART I \u2014 REGISTRANT INFORMATION", style="Heading 1")
    field(doc, "{{ registrant_name }}", "Full Name of Registrant")
    field(doc, "{{ former_name }}", "Former Name if Applicable")
    field(doc, "{{ street_address }}", "Address of Principal Executive Office (Street and Number)")
    field(doc, "{{ city_state_zip }}", "City, State and Zip Code")


PART_II = (
    ("part2_a", "(a)", "The reasons described in reasonable detail in Part III of this form could "
     "not be eliminated without unreasonable effort or expense;"),
    ("part2_b", "(b)", "The subject annual report, semi-annual report, transition report on Form "
     "10-K, Form 20-F, Form 11-K, Form N-CEN or Form N-CSR, or portion thereof, will be filed on "
     "or before the fifteenth calendar day following the prescribed due date; or the subject "
     "quarterly report or transition report on Form 10-Q or subject distribution report on Form "
     "10-D, or portion thereof, will be filed on or before the fifth calendar day following the "
     "prescribed due date; and"),
    ("part2_c", "(c)", "The accountant\u2019s statement or other exhibit required by Rule "
     "12b-25(c) has been attached if applicable."),
)


def _hanging(line: Paragraph) -> None:
    """Box, tab, text with a hanging indent: reads like the form and wraps cleanly."""
    line.paragraph_format.left_indent = Inches(0.45)
    line.paragraph_format.first_line_indent = Inches(-0.45)
    line.paragraph_format.tab_stops.add_tab_stop(Inches(0.45))


def part_two(doc: Document, per_item: bool) -> None:
    """One box for (a)-(c), as the SEC prints the form; or, ``per_item``, one per item
    as in the 2003 seed."""
    doc.add_paragraph("PART II \u2014 RULES 12b-25(b) AND (c)", style="Heading 1")
    doc.add_paragraph(
        "If the subject report could not be filed without unreasonable effort or expense and the "
        "registrant seeks relief pursuant to Rule 12b-25(b), the following should be completed. "
        "(Check box if appropriate)", style="Form Text")
    if not per_item:
        for number, (_var, label, text) in enumerate(PART_II):
            line = doc.add_paragraph(style="Form Text")
            _hanging(line)
            if number == 0:
                # Ticked when the row makes both representations (a) and (b); a row that
                # makes only one leaves it empty and prints a highlighted [\u25cf] after it.
                checkbox(line, "part2", "Part II", "part2")
                line.add_run("{{ part2_review }}")
            line.add_run(f"\t{label} {text}")
        return
    for var, label, text in PART_II:
        line = doc.add_paragraph(style="Form Text")
        _hanging(line)
        checkbox(line, var, f"Part II {label}", var)
        line.add_run(f"\t{label} {text}")


def part_three(doc: Document) -> None:
    doc.add_paragraph("PART III \u2014 NARRATIVE", style="Heading 1")
    doc.add_paragraph(
        "State below in reasonable detail why Forms 10-K, 20-F, 11-K, 10-Q, 10-D, N-CEN, N-CSR, "
        "or the transition report or portion thereof, could not be filed within the prescribed "
        "time period.", style="Form Text")
    doc.add_paragraph("{{ narrative|paragraphs }}", style="Form Narrative")


def yes_no(doc: Document, var: str, alias: str) -> None:
    line = doc.add_paragraph(style="Form Box Line")
    line.paragraph_format.left_indent = Inches(4.5)
    boxed(line, f"{var}_yes", f"{alias} Yes", var, "Yes")
    line.add_run("\u00a0\u00a0\u00a0\u00a0")
    boxed(line, f"{var}_no", f"{alias} No", f"(not {var})", "No")


def optional_block(doc: Document, var: str) -> None:
    doc.add_paragraph(f"{{%p if {var} %}}", style="Form Narrative")
    doc.add_paragraph(f"{{{{ {var}|paragraphs }}}}", style="Form Narrative")
    doc.add_paragraph("{%p endif %}", style="Form Narrative")


def part_four(doc: Document) -> None:
    doc.add_paragraph("PART IV \u2014 OTHER INFORMATION", style="Heading 1")
    doc.add_paragraph("(1) Name and telephone number of person to contact in regard to this "
                      "notification", style="Form Text")
    table = layout_table(doc, 2, 3.3, 1.2, 2.0)
    values = ("{{ contact_name }}", "({{ contact_area_code }})", "{{ contact_telephone }}")
    captions = ("(Name)", "(Area Code)", "(Telephone Number)")
    for value, caption, column in zip(values, captions, table.columns):
        fill(column.cells[0], value, "Form Field Value")
        fill(column.cells[1], caption, "Form Field Caption")
    doc.add_paragraph(
        "(2) Have all other periodic reports required under Section 13 or 15(d) of the Securities "
        "Exchange Act of 1934 or Section 30 of the Investment Company Act of 1940 during the "
        "preceding 12 months or for such shorter period that the registrant was required to file "
        "such report(s) been filed? If answer is no, identify report(s).", style="Form Text"
    ).paragraph_format.space_before = Pt(8)
    yes_no(doc, "other_reports_filed", "Part IV (2)")
    optional_block(doc, "reports_not_filed")
    doc.add_paragraph(
        "(3) Is it anticipated that any significant change in results of operations from the "
        "corresponding period for the last fiscal year will be reflected by the earnings "
        "statements to be included in the subject report or portion thereof?", style="Form Text"
    ).paragraph_format.space_before = Pt(8)
    yes_no(doc, "significant_change", "Part IV (3)")
    doc.add_paragraph(
        "If so, attach an explanation of the anticipated change, both narratively and "
        "quantitatively, and, if appropriate, state the reasons why a reasonable estimate of the "
        "results cannot be made.", style="Form Text")
    optional_block(doc, "change_explanation")


def signature(doc: Document) -> None:
    field(doc, "{{ registrant_name }}", "(Name of Registrant as Specified in Charter)")
    doc.add_paragraph("has caused this notification to be signed on its behalf by the "
                      "undersigned hereunto duly authorized.", style="Form Text")
    left, right = layout_table(doc, 1, 3.0, 3.5).rows[0].cells
    fill(left, "Date: {{ signature_date }}", "Form Text")
    fill(right, "By: {{ conformed_signature }}", "Form Text")
    right.add_paragraph("{{ signer_name }}", style="Form Box Line")
    right.add_paragraph("{{ signer_title }}", style="Form Box Line")


def instructions(doc: Document) -> None:
    doc.add_paragraph(
        "INSTRUCTION: The form may be signed by an executive officer of the registrant or by any "
        "other duly authorized representative. The name and title of the person signing the form "
        "shall be typed or printed beneath the signature. If the statement is signed on behalf of "
        "the registrant by an authorized representative (other than an executive officer), "
        "evidence of the representative\u2019s authority to sign on behalf of the registrant shall "
        "be filed with the form.", style="Form Text").paragraph_format.space_before = Pt(12)
    attention = doc.add_paragraph("ATTENTION", style="Form Attention")
    attention.paragraph_format.keep_with_next = True
    doc.add_paragraph("Intentional misstatements or omissions of fact constitute Federal Criminal "
                      "Violations (See 18 U.S.C. 1001).", style="Form Legend")


def build(out: Path = OUT, per_item: bool = False) -> Path:
    global _ids
    _ids = iter(range(1001, 2000))  # the same ids on every build
    doc = Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Inches(1)
    section.top_margin = section.bottom_margin = Inches(0.8)
    make_styles(doc)
    header_block(doc)
    check_one(doc)
    part_one(doc)
    part_two(doc, per_item)
    part_three(doc)
    part_four(doc)
    signature(doc)
    instructions(doc)
    props = doc.core_properties
    props.title = "Form 12b-25 Notification of Late Filing" + (
        " (Part II box per item)" if per_item else "")
    props.author = "docgen"
    props.revision = 1
    props.created = props.modified = dt.datetime(2026, 1, 1)
    props.last_modified_by = "docgen"
    doc.save(str(out))
    _reproducible(out)
    return out


# Parts of python-docx's default package that a notice should not carry: a
# thumbnail of some other document (file browsers would show it), and Word 2010's
# duplicate of styles.xml, which later Word and LibreOffice do not need. Without
# them a notice is some 22 KB smaller.
# python-docx's default also carries a customXml part (bibliography sources) that
# nothing uses, and says it was made by "Microsoft Macintosh Word" in compatibility
# mode 14 (Word 2010): Word would open every notice in Compatibility Mode.
_DROPPED = {"docProps/thumbnail.jpeg", "word/stylesWithEffects.xml", "customXml/item1.xml",
            "customXml/_rels/item1.xml.rels", "customXml/itemProps1.xml"}
_REWRITTEN = {
    "docProps/app.xml": (b"<Application>Microsoft Macintosh Word</Application>",
                         b"<Application>docgen</Application>"),
    "word/settings.xml": (b'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/'
                          b'office/word" w:val="14"', b'w:name="compatibilityMode" w:uri='
                          b'"http://schemas.microsoft.com/office/word" w:val="15"'),
}


def _unlisted(data: bytes, dropped: set[str]) -> bytes:
    """A relationships or content-types part without entries for ``dropped`` parts."""
    text = data.decode("utf-8")
    for part in dropped:
        name = re.escape(part.rsplit("/", 1)[-1])
        text = re.sub(rf'<(Relationship|Override) [^>]*"[^"]*{name}"[^>]*/>', "", text)
    return text.encode("utf-8")


def _reproducible(path: Path) -> None:
    """Fixed timestamps in the zip, so rebuilding an unchanged template changes no
    byte; and none of the parts in _DROPPED."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()
                 if info.filename not in _DROPPED]
    parts = [(name, _unlisted(data, _DROPPED) if name.endswith((".rels", "Types].xml"))
              else data) for name, data in parts]
    for index, (name, data) in enumerate(parts):
        if name in _REWRITTEN:
            old, new = _REWRITTEN[name]
            assert old in data, f"{name} no longer holds what the build rewrites"
            parts[index] = (name, data.replace(old, new))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    print(build(folder / OUT.name))
    print(build(folder / PER_ITEM.name, per_item=True))
