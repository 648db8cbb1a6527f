"""Every .docx and .xlsx docgen writes or ships, validated as Word and Excel read them.

The validator is openxml-audit (PyPI): a pure-Python port of the validation of
Microsoft's Open XML SDK (the rules Word's and Excel's own tooling apply:
ISO/IEC 29500 transitional schemas, particle order, semantic constraints), calibrated
against SDK 3.5. Chosen over the published XSDs with lxml because the XSDs alone do not
load in libxml2 without hand-edits (substitution groups across namespaces, the
``mc:Ignorable`` extension rules) and say nothing of what Excel rewrites on save
(inline strings); the SDK itself needs .NET, which Debian does not package.
LibreOffice forgives what Word repairs, so this runs besides the LibreOffice tests.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openxml_audit.errors import ValidationSeverity
from openxml_audit.validator import OpenXmlValidator
from typer.testing import CliRunner

from docgen.cli.app import app
from docgen.template.render import BUNDLED_TEMPLATES, bundled_template

from conftest import GOOD_ROW, ROOT, SAMPLE, write_workbook

runner = CliRunner()
VALIDATOR = OpenXmlValidator(max_errors=0)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

HOSTILE = {
    **GOOD_ROW, "Registrant Name": 'A & B <Holdings> "Ltd" ]]> {{ x }} {% if %} 中文 \u202e',
    "Narrative": "Line one & <two>\nLine 2\ttab \u00a0nbsp \U0001f600 _x0007_ bell\n\n"
                 "<w:p>not markup</w:p> &amp; ]]>",
    "Former Name": "x" * 3000, "Portion Items": "Item 8 & 9A", "Part II (c)": "Yes",
}
PLACEHOLDERS = {**GOOD_ROW, "Contact Telephone": None, "Contact Area Code": None,
                "Signer Title": None, "Part II (b)": "No", "Other Reports Filed": "No"}
AMENDED = {**GOOD_ROW, "Amendment No.": 1}


def problems(path: Path) -> list[str]:
    """Each error as part, path and element, so a failure says where to look."""
    result = VALIDATOR.validate(path)
    return [f"{e.part_uri} {e.path} <{e.node}>: {e.description}" for e in result.errors
            if e.severity is ValidationSeverity.ERROR or "inline-string" in e.description]


def merged(tmp_path: Path, workbook: Path, *options: str) -> list[Path]:
    out = tmp_path / "out"
    result = runner.invoke(app, ["merge", str(workbook), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    return sorted(out.rglob("*.docx")) + sorted(out.rglob("*.xlsx"))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One of every kind of file docgen writes, by a name that says what it is."""
    root = tmp_path_factory.mktemp("schema")
    files: dict[str, Path] = {}
    for path in merged(root / "sample", SAMPLE, "--combine", str(root / "all.docx"),
                       "--report", str(root / "report.xlsx")):
        files[f"sample notice {path.name}"] = path
    files["combined document of the sample"] = root / "all.docx"
    files["report .xlsx"] = root / "report.xlsx"
    rows = write_workbook(root / "rows.xlsx", [HOSTILE, PLACEHOLDERS, AMENDED])
    for path in merged(root / "rows", rows, "--unsigned", "--combine", str(root / "rows.docx")):
        files[f"unsigned notice {path.name}"] = path
    files["combined hostile, placeholder and amended notices"] = root / "rows.docx"
    per_item = bundled_template("form_12b25_per_item.docx")
    for path in merged(root / "per-item", SAMPLE, "-t", str(per_item)):
        files[f"per-item notice {path.name}"] = path
    init = root / "init"
    result = runner.invoke(app, ["init", str(init), "--template"])
    assert result.exit_code == 0, result.output
    for path in sorted(init.iterdir()):
        if path.suffix in (".docx", ".xlsx"):
            files[f"docgen init {path.name}"] = path
    for name in BUNDLED_TEMPLATES:
        files[f"bundled template {name}"] = bundled_template(name)
    for path in sorted((ROOT / "sample_workbooks").glob("*.xlsx")):
        files[f"sample workbook {path.name}"] = path
    return files


def test_every_kind_of_file_is_there(written: dict[str, Path]) -> None:
    kinds = " ".join(written)
    for kind in ("sample notice", "combined document", "report .xlsx", "unsigned notice",
                 "combined hostile", "per-item notice", "docgen init registrants.xlsx",
                 "docgen init form_12b25.docx", "bundled template form_12b25_per_item",
                 "sample workbook with-errors.xlsx"):
        assert kind in kinds
    assert sum(name.startswith("sample notice") for name in written) == 8
    assert sum(name.startswith("unsigned notice") for name in written) == 3


def test_every_file_validates_against_the_schema(written: dict[str, Path]) -> None:
    found = {name: problems(path) for name, path in written.items()}
    assert not {name: errors for name, errors in found.items() if errors}


def test_the_validator_sees_an_element_out_of_order(tmp_path: Path) -> None:
    """A check that cannot fail checks nothing: the template's old fault is caught."""
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(bundled_template()) as source, zipfile.ZipFile(bad, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                tbl_pr = root.find(f".//{W}tblPr")
                assert tbl_pr is not None
                tbl_pr.append(tbl_pr.find(f"{W}tblBorders"))  # after tblLook, as before #23
                data = etree.tostring(root)
            target.writestr(info, data)
    assert any("tblBorders" in line and "/word/document.xml" in line for line in problems(bad))


def test_workbooks_keep_their_strings_in_a_shared_table(written: dict[str, Path]) -> None:
    for name, path in written.items():
        if path.suffix != ".xlsx":
            continue
        with zipfile.ZipFile(path) as archive:
            sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
            assert "xl/sharedStrings.xml" in archive.namelist(), name
        assert sheets and not any(b't="inlineStr"' in sheet for sheet in sheets), name


def _part(docx: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(docx) as archive:
        return etree.fromstring(archive.read(name))


@pytest.mark.parametrize("name", sorted(BUNDLED_TEMPLATES))
def test_templates_give_word_what_its_accessibility_checker_asks(name: str) -> None:
    template = bundled_template(name)
    styles = _part(template, "word/styles.xml")
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}val") == "en-US"
    body = _part(template, "word/document.xml")
    styled = [(p, p.find(f"{W}pPr/{W}pStyle")) for p in body.iter(f"{W}p")]
    headings = [p for p, s in styled if s is not None and s.get(f"{W}val") == "Heading1"]
    texts = ["".join(p.itertext()) for p in headings]
    assert [t.split(" \u2014 ")[0] for t in texts] == ["PART I", "PART II", "PART III", "PART IV"]
    tables = list(body.iter(f"{W}tbl"))
    assert tables
    for table in tables:
        look = table.find(f"{W}tblPr/{W}tblLook")
        assert look is not None and look.get(f"{W}firstRow") == "0"
        assert table.find(f".//{W}tblHeader") is None
    title = _part(template, "docProps/core.xml").find(
        "{http://purl.org/dc/elements/1.1/}title")
    assert title is not None and "Form 12b-25" in (title.text or "")


# Markers for the fast lane (README, "Development"): -m "not slow and not office and not browser"
pytestmark = [pytest.mark.slow]
