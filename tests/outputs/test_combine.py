"""`--combine`: one document holding every notice, each on a new page, ids unique."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import docgen.outputs.combine as combine_module
from docgen import merge
from docgen.outputs.combine import combine

from docxread import box_states, paragraphs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body_of(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


@pytest.fixture
def written(sample: Path, tmp_path: Path) -> list[Path]:
    report = merge(sample, out_dir=tmp_path / "notices")
    return [n.path for n in report.written if n.path is not None]


def check_combined(notices: list[Path], combined: Path) -> None:
    expected = [p for notice in notices for p in paragraphs(notice)]
    got = [p for p in paragraphs(combined) if p.strip()]
    assert got == [p for p in expected if p.strip()]  # every notice's text, in order
    assert box_states(combined) == [s for notice in notices for s in box_states(notice)]
    root = body_of(combined)
    breaks = root.findall(f".//{W}br[@{W}type='page']")
    assert len(breaks) >= len(notices) - 1
    ids = [e.get(f"{W}val") for e in root.iter(f"{W}id") if e.getparent().tag == f"{W}sdtPr"]
    assert len(ids) == len(set(ids))  # Word wants content-control ids unique
    marks = [e.get(f"{W}name") for e in root.iter(f"{W}bookmarkStart")]
    assert len(marks) == len(set(marks))
    assert len(root.findall(f"{W}body/{W}sectPr")) == 1


def test_notices_of_one_template_are_combined_directly(
    written: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("docxcompose was used for notices of one template")

    monkeypatch.setattr(combine_module, "_compose", refuse)
    combine(written, tmp_path / "all.docx")
    check_combined(written, tmp_path / "all.docx")
    page_breaks = body_of(tmp_path / "all.docx").findall(f".//{W}br[@{W}type='page']")
    alone = body_of(written[0]).findall(f".//{W}br[@{W}type='page']")
    assert len(page_breaks) == len(written) - 1 + len(alone) * len(written)


def test_notices_whose_parts_differ_go_through_docxcompose(
    written: list[Path], tmp_path: Path
) -> None:
    odd = written[1]
    with zipfile.ZipFile(odd) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts["word/styles.xml"] = re.sub(rb"(<w:styles[^>]*>)", rb"\1", parts["word/styles.xml"]
                                      ) + b" "
    with zipfile.ZipFile(odd, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert not combine_module._same_template(written)
    combine(written, tmp_path / "all.docx")
    check_combined(written, tmp_path / "all.docx")
