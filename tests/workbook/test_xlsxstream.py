"""The streaming reader reads what an XML parser (and Excel) sees, for plain and odd rows."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import docgen.workbook.xlsx as xlsxstream
from docgen.workbook.xlsx import Row, XlsxBook

from conftest import write_workbook

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org'
                           '/package/2006/content-types"/>',
    "xl/workbook.xml": f'<workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
                       '<sheet name="Registrants" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package'
                                  '/2006/relationships"><Relationship Id="rId1" Type="x" '
                                  'Target="worksheets/sheet1.xml"/></Relationships>',
    "xl/styles.xml": f'<styleSheet xmlns="{NS}"><cellXfs count="2"><xf numFmtId="0"/>'
                     '<xf numFmtId="14"/></cellXfs></styleSheet>',
    "xl/sharedStrings.xml": f'<sst xmlns="{NS}"><si><t>shared &amp; one</t></si>'
                            '<si><r><t>rich </t></r><r><t>two</t></r></si></sst>',
}


def sheet_workbook(path: Path, rows: str, root: str = f'<worksheet xmlns="{NS}">') -> Path:
    """A minimal .xlsx whose only sheet holds ``rows`` inside sheetData."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml",
                         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{root}'
                         f"<sheetData>{rows}</sheetData></worksheet>")
    return path


def shape(rows: list[Row]) -> list[tuple[object, ...]]:
    return [(r.number, r.values, r.hidden, r.flagged) for r in rows]


def read(path: Path) -> list[tuple[object, ...]]:
    with zipfile.ZipFile(path) as archive:
        return shape(list(XlsxBook(archive).rows("Registrants")))


PLAIN = (
    '<row r="1" spans="1:3"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
    '<c r="B1" t="s"><v>0</v></c><c r="C1" s="1"><v>37711</v></c></row>'
    '<row r="2" hidden="1"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> A &amp; B '
    '&lt;C&gt; &quot;D&quot; &apos;E&apos; &#233;&#x1F600; _x0007_</t></is></c>'
    '<c r="B2" t="b"><v>1</v></c><c r="C2"><v>7424</v></c><c r="D2"><v>12.5</v></c>'
    '<c r="E2" t="e"><v>#N/A</v></c><c r="F2" t="str"><v>x &amp; y</v></c>'
    '<c r="G2" s="1"/><c r="H2"><v></v></c><c r="AB2" t="inlineStr"><is><t></t></is></c></row>'
    '<row r="4"><c r="A4" t="inlineStr"><is><t>Ünïcödé 中文 ☒</t></is></c></row>'
    '<row r="5"/><row r="6"><c r="A6" s="0"/></row>'
)


def test_plain_rows(tmp_path: Path) -> None:
    fast = read(sheet_workbook(tmp_path / "plain.xlsx", PLAIN))
    values = {number: row_values for number, row_values, _h, _f in fast}
    assert values[1] == {0: "Name", 1: "shared & one", 2: dt.date(2003, 3, 31)}
    assert values[2][0] == ' A & B <C> "D" \'E\' é\U0001F600 \x07'
    assert values[2][1] is True
    assert values[2][2] == 7424 and values[2][3] == 12.5 and values[2][5] == "x & y"
    assert 6 not in values[2] and 7 not in values[2] and values[2][27] == ""
    assert fast[1][2] is True and fast[1][3] == {4: xlsxstream.Flagged("#N/A")}
    assert [r[0] for r in fast] == [1, 2, 4]  # empty rows 5 and 6 dropped


def test_rows_without_numbers_are_counted_blank_rows_included(tmp_path: Path) -> None:
    rows = ('<row><c t="inlineStr"><is><t>h</t></is></c></row><row/><row></row>'
            '<row><c t="inlineStr"><is><t>fourth</t></is></c></row>')
    fast = read(sheet_workbook(tmp_path / "unnumbered.xlsx", rows))
    assert [(r[0], r[1]) for r in fast if r[1]] == [(1, {0: "h"}), (4, {0: "fourth"})]


ODD_ROWS: dict[str, tuple[str, dict[int, object]]] = {
    "formula with a cached value": ('<row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row>', {0: 2}),
    "rich inline text": ('<row r="2"><c r="A2" t="inlineStr"><is><r><t>a</t></r>'
                         "<r><t>b</t></r></is></c></row>", {0: "ab"}),
    "shared rich text": ('<row r="2"><c r="A2" t="s"><v>1</v></c></row>', {0: "rich two"}),
    "cell without a reference": ('<row r="2"><c t="inlineStr"><is><t>a</t></is></c>'
                                 '<c><v>5</v></c></row>', {0: "a", 1: 5}),
    "attributes in another order": ('<row r="2"><c t="inlineStr" r="B2"><is><t>a</t></is>'
                                    "</c></row>", {1: "a"}),
    "an extra attribute": ('<row r="2"><c r="A2" t="str" cm="1"><v>a</v></c></row>', {0: "a"}),
    "pretty-printed": ('\n  <row r="2">\n    <c r="A2" t="inlineStr">\n      <is><t>a</t>'
                       '</is>\n    </c>\n    <c r="B2"><v>3</v></c>\n  </row>\n',
                       {0: "a", 1: 3}),
    "carriage returns": ('<row r="2"><c r="A2" t="inlineStr"><is><t>a\r\nb\rc&#13;d</t></is>'
                         "</c></row>", {0: "a\nb\nc\rd"}),
    "CDATA": ('<row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c></row>',
              {0: "a<b"}),
    "single quotes": ("<row r='2'><c r='A2' t='inlineStr'><is><t>a</t></is></c></row>",
                      {0: "a"}),
    "phonetic run": ('<row r="2"><c r="A2" t="inlineStr"><is><t>漢字</t><rPh sb="0" eb="2">'
                     "<t>かんじ</t></rPh></is></c></row>", {0: "漢字"}),
    "row breaks element after the data": ('<row r="2"><c r="A2"><v>1</v></c></row></sheetData>'
                                          '<rowBreaks count="1"><brk id="2" man="1"/>'
                                          "</rowBreaks><sheetData>", {0: 1}),
    "comment inside a value": ('<row r="2"><c r="A2"><v>1<!-- 9 -->2</v></c></row>', {0: 12}),
    "processing instruction in text": ('<row r="2"><c r="A2" t="inlineStr"><is><t>a<?pi x?>b'
                                       "</t></is></c></row>", {0: "ab"}),
    "commented-out cell": ('<row r="2"><c r="A2"><v>1</v></c><!-- <c r="B2" t="inlineStr">'
                           '<is><t>hidden</t></is></c> --></row>', {0: 1}),
    "prefixed names": ('<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c>'
                       "</x:row>", {0: "a"}),
}


@pytest.mark.parametrize("case", ODD_ROWS)
def test_odd_rows_read_as_an_xml_parser_reads_them(case: str, tmp_path: Path) -> None:
    rows, expected = ODD_ROWS[case]
    root = f'<worksheet xmlns="{NS}" xmlns:x="{NS}">'
    got = read(sheet_workbook(tmp_path / "odd.xlsx", rows, root=root))
    assert [(r[0], r[1]) for r in got] == [(2, expected)]


def test_commented_out_row_is_not_read(tmp_path: Path) -> None:
    rows = ('<row r="2"><c r="A2"><v>1</v></c></row><!-- <row r="3"><c r="A3" '
            't="inlineStr"><is><t>ghost</t></is></c></row> --><row r="4"><c r="A4"><v>4</v>'
            "</c></row>")
    assert [(r[0], r[1]) for r in read(sheet_workbook(tmp_path / "c.xlsx", rows))] == [
        (2, {0: 1}), (4, {0: 4})]


def test_formula_without_result_is_flagged(tmp_path: Path) -> None:
    got = read(sheet_workbook(tmp_path / "f.xlsx", '<row r="2"><c r="A2"><f>1+1</f></c></row>'))
    assert got == [(2, {}, False, {0: xlsxstream.Flagged("uncached")})]


def test_undefined_entity_is_an_error(tmp_path: Path) -> None:
    path = sheet_workbook(tmp_path / "bad.xlsx", '<row r="2"><c r="A2" t="inlineStr"><is>'
                                                 "<t>&nbsp;</t></is></c></row>")
    with pytest.raises(etree.XMLSyntaxError):  # never read as a blank or as "&nbsp;"
        read(path)


cell_values = st.one_of(
    st.text(alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc")),
                               st.sampled_from("\n\r\t&<>\"' _x0007_;#")), max_size=30),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.none(),
)
HEADERS = ["Registrant Name", "Form", "Period Ended", "Narrative", "CIK", "City"]


def openpyxl_rows(path: Path) -> list[dict[int, object]]:
    """What openpyxl reads (an independent reader), as {column: value} per row."""
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True).active
    out = []
    for row in sheet.iter_rows(values_only=True):  # type: ignore[union-attr]
        out.append({i: (v.date() if isinstance(v, dt.datetime) and v.time() == dt.time()
                        else v) for i, v in enumerate(row) if v is not None})
    return out


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(cell_values, min_size=1, max_size=6), min_size=1, max_size=6))
def test_any_workbook_openpyxl_writes_reads_as_openpyxl_reads_it(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[object]]
) -> None:
    records = [dict(zip(HEADERS, values)) for values in rows]
    path = write_workbook(tmp_path_factory.mktemp("h") / "h.xlsx", [dict.fromkeys(HEADERS, "h"),
                                                                    *records])
    ours = [r[1] for r in read(path)]
    theirs = [r for r in openpyxl_rows(path) if r]
    assert ours == theirs


NOISE = st.sampled_from(["<!-- x -->", "<!--<row r='3'><c r='A3'><v>9</v></c></row>-->",
                         "<?pi data?>", " ", "\n\t", "<!---->"])


@settings(max_examples=60, deadline=None)
@given(st.lists(NOISE, min_size=12, max_size=12))
def test_comments_pis_and_whitespace_between_elements_change_nothing(
    tmp_path_factory: pytest.TempPathFactory, noise: list[str]
) -> None:
    n = iter(noise)
    rows = (f'{next(n)}<row r="2">{next(n)}<c r="A2" t="inlineStr">{next(n)}<is>{next(n)}'
            f"<t>a &amp; b</t>{next(n)}</is>{next(n)}</c>{next(n)}<c r=\"B2\">{next(n)}"
            f"<v>7</v>{next(n)}</c>{next(n)}</row>{next(n)}"
            f'<row r="4"><c r="A4" t="s"><v>0</v></c></row>{next(n)}')
    got = read(sheet_workbook(tmp_path_factory.mktemp("n") / "n.xlsx", rows))
    assert [(r[0], r[1]) for r in got] == [(2, {0: "a & b", 1: 7}), (4, {0: "shared & one"})]


MERGES = '<mergeCells count="1"><mergeCell ref="A3:B3"/></mergeCells>'


def _merged_sheet(path: Path, sheet: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16", "UTF-16-LE", "ISO-8859-1"])
def test_merged_ranges_are_found_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    """The pre-pass is skipped only for UTF-8 parts without the bytes "mergeCell" (#18);
    a sheet in another encoding always gets the parser's pre-pass."""
    xml = (f'<?xml version="1.0" encoding="{encoding.removesuffix("-LE")}"?>'
           f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>é'
           f"</t></is></c></row></sheetData>{MERGES}</worksheet>")
    data = xml.encode(encoding.lower())
    if encoding == "UTF-16-LE":
        data = b"\xff\xfe" + data  # with its byte-order mark
    path = _merged_sheet(tmp_path / f"{encoding}.xlsx", data)
    with zipfile.ZipFile(path) as archive:
        assert XlsxBook(archive).merged_ranges("Registrants") == ["A3:B3"]


def test_a_sheet_without_merges_is_parsed_once(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = sheet_workbook(tmp_path / "plain.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>')
    parsed: list[object] = []
    real = XlsxBook._iterparse

    def counted(self: XlsxBook, *args: object) -> object:
        parsed.append(args[2])
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(XlsxBook, "_iterparse", counted)
    with zipfile.ZipFile(path) as archive:
        book = XlsxBook(archive)
        parsed.clear()  # shared strings
        assert book.merged_ranges("Registrants") == [] and parsed == []
        assert [r.values for r in book.rows("Registrants")] == [{0: 1}] and len(parsed) == 1
    # The bytes alone (in a string, a comment) make the parser look, and find nothing.
    path = sheet_workbook(tmp_path / "said.xlsx", '<!-- mergeCell --><row r="1"><c r="A1" '
                          't="inlineStr"><is><t>mergeCell</t></is></c></row>')
    with zipfile.ZipFile(path) as archive:
        parsed.clear()
        assert XlsxBook(archive).merged_ranges("Registrants") == [] and len(parsed) == 2
