"""Blank values the form needs print as a highlighted [●], never as nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from lxml import etree
from typer.testing import CliRunner

from docgen import merge
from docgen.cli.app import app

from conftest import GOOD_ROW, write_workbook
from docxread import NS, W, paragraphs

runner = CliRunner()
BLANKS = {"Narrative": None, "Signature Date": None, "Contact Area Code": None,
          "Contact Telephone": None, "Signer Title": None}


def highlighted_runs(path: Path) -> list[tuple[str, list[str]]]:
    """(text, run property names) of every yellow-highlighted run."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    runs = []
    for run in root.iter(f"{{{W}}}r"):
        mark = run.find("w:rPr/w:highlight", NS)
        if mark is not None and mark.get(f"{{{W}}}val") == "yellow":
            props = [etree.QName(e).localname for e in run.find("w:rPr", NS)]
            runs.append(("".join(run.itertext()), props))
    return runs


def test_blank_needed_values_become_highlighted_placeholders(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, **BLANKS}])
    report = merge(book, out_dir=tmp_path / "out")
    assert not report.errors
    assert [(p.cell, p.placeholder) for p in report.warnings] == [
        ("F2", True), ("I2", True), ("K2", True), ("L2", True)]
    path = report.written[0].path
    assert path is not None
    runs = highlighted_runs(path)
    # narrative, area code, telephone, signer title, signature date
    assert [text for text, _ in runs] == ["[●]"] * 5
    lines = paragraphs(path)
    assert "Date: [●]" in lines and "([●])" in lines
    assert "Former Name if Applicable" in lines  # optional fields stay blank...
    assert lines[lines.index("Former Name if Applicable") - 1] == ""  # ...with no [●]
    assert path.name == "example-corp-fictitious_NT-10-Q_2026-09-30.docx"
    docx.Document(str(path))


def test_placeholder_keeps_the_run_formatting(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Narrative: ")
    run = paragraph.add_run("{{ narrative }}")
    run.bold, run.underline = True, True
    paragraph.add_run(" (end)")
    template = tmp_path / "t.docx"
    document.save(str(template))
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, "Narrative": None}])
    report = merge(book, template=template, out_dir=tmp_path / "out")
    path = report.written[0].path
    assert path is not None
    assert paragraphs(path) == ["Narrative: [●] (end)"]
    ((text, props),) = highlighted_runs(path)
    assert text == "[●]"
    assert props == ["b", "highlight", "u"]  # bold and underline kept, in schema order


def test_strict_makes_placeholders_errors(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, "Narrative": None}])
    checked = runner.invoke(app, ["check", str(book), "--strict"])
    assert checked.exit_code == 3, checked.output
    assert "Registrants!F2: error: Narrative is blank (--strict)" in checked.stdout
    merged = runner.invoke(app, ["merge", str(book), "-o", str(tmp_path / "o"), "--strict"])
    assert merged.exit_code == 3
    assert not (tmp_path / "o").exists()
    relaxed = runner.invoke(app, ["merge", str(book), "-o", str(tmp_path / "o")])
    assert relaxed.exit_code == 0, relaxed.output
