"""Hostile notices given to ``docgen edgar``: bounded, one line, nothing hidden gets out.

Each runs docgen in its own process under the memory cap of the attack suite.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from docgen import merge

from attacks.build import patch_part
from attacks.test_attacks import docgen, sha
from conftest import SAMPLE

DOC = "word/document.xml"


@pytest.fixture(scope="module")
def notice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("notice")
    shutil.copyfile(SAMPLE, folder / "registrants.xlsx")
    report = merge(folder / "registrants.xlsx", out_dir=folder / "notices")
    return next(n.path for n in report.written if n.path and "auxer" in n.name)


def copy(notice: Path, folder: Path, name: str) -> Path:
    target = folder / f"{name}.docx"
    shutil.copyfile(notice, target)
    return target


def convert(path: Path, out: Path, code: int, *extra: str) -> str:
    before = sha(path)
    result = docgen("edgar", path, "--out", out, *extra)
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert sha(path) == before
    assert not list(out.glob(".docgen-*")) if out.is_dir() else True
    return result.stdout + result.stderr


def test_doctype_entities_are_refused(notice: Path, tmp_path: Path) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
              + b"".join(b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;">' % ((98 + i,) + (97 + i,) * 5)
                         for i in range(9)) + b"]>")
    bad = patch_part(copy(notice, tmp_path, "laughs"), DOC,
                     lambda d: laughs + d.split(b"?>", 1)[1].replace(b"12 Andrews", b"&j; 12"))
    output = convert(bad, tmp_path / "out", 3)
    assert "DOCTYPE" in output
    assert not list((tmp_path / "out").glob("*.htm"))


def test_part_inflating_past_the_cap_stops_before_inflating(notice: Path,
                                                           tmp_path: Path) -> None:
    bad = tmp_path / "bomb.docx"
    with zipfile.ZipFile(notice) as source, zipfile.ZipFile(bad, "w",
                                                            zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("word/footnotes.xml", b"<a>" + b" " * (80 << 20) + b"</a>")
    start = time.monotonic()
    output = convert(bad, tmp_path / "out", 3)
    assert "inflates to more than 64 MB" in output and time.monotonic() - start < 20


def test_hidden_xml_comments_and_unlisted_parts_never_reach_the_htm(
        notice: Path, tmp_path: Path) -> None:
    bad = patch_part(copy(notice, tmp_path, "hidden"), DOC, lambda d: d.replace(
        b"<w:t xml:space=\"preserve\">12 Andrews Drive",
        b"<!-- SECRET-COMMENT --><w:t xml:space=\"preserve\">12 Andrews Drive"))
    patch_part(bad, "word/secret.xml", lambda _d: b"<w:t>SECRET-PART</w:t>")
    output = convert(bad, tmp_path / "out", 0)
    [htm] = (tmp_path / "out").glob("*.htm")
    assert b"SECRET" not in htm.read_bytes() and "SECRET" not in output


def test_deep_nesting_and_many_paragraphs_run_in_bounded_time(notice: Path,
                                                             tmp_path: Path) -> None:
    nested = (b"<w:sdt><w:sdtContent>" * 100 + b"<w:r><w:t>deep</w:t></w:r>"
              + b"</w:sdtContent></w:sdt>" * 100)
    many = b"<w:p><w:r><w:t>line &amp; more</w:t></w:r></w:p>" * 30000

    def change(data: bytes) -> bytes:
        data = data.replace(b"<w:r><w:t xml:space=\"preserve\">12 Andrews Drive",
                            nested + b"<w:r><w:t xml:space=\"preserve\">12 Andrews Drive", 1)
        return data.replace(b"<w:sectPr", many + b"<w:sectPr", 1)

    bad = patch_part(copy(notice, tmp_path, "deep"), DOC, change)
    start = time.monotonic()
    convert(bad, tmp_path / "out", 0)
    assert time.monotonic() - start < 60
    [htm] = (tmp_path / "out").glob("*.htm")
    data = htm.read_bytes()
    assert b"deep12 Andrews Drive" in data and data.count(b"line &amp; more") == 30000


def test_an_output_cannot_clobber_the_notice_through_a_link(notice: Path,
                                                            tmp_path: Path) -> None:
    source = copy(notice, tmp_path, "notice")
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(source, out / "nt10k-20021231auxer.htm")
    output = convert(source, out, 2)
    assert re.search(r"would overwrite the notice .*notice\.docx", output)
    assert (out / "nt10k-20021231auxer.htm").resolve() == source.resolve()


# #25: a tracked change in any story Word shows is found, and said where it is.
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_INSERTED = ('<w:ins w:id="9" w:author="Opposing counsel" w:date="2026-12-01T00:00:00Z">'
             '<w:r><w:t>, unless waived</w:t></w:r></w:ins>')
_STORIES = {
    "footnotes": ("footnotes.xml", "footnotes", "footnote 5",
                  f'<w:footnotes xmlns:w="{_W}"><w:footnote w:id="5"><w:p><w:r>'
                  f'<w:t>Note</w:t></w:r>{_INSERTED}</w:p></w:footnote></w:footnotes>'),
    "endnotes": ("endnotes.xml", "endnotes", "endnote 2",
                 f'<w:endnotes xmlns:w="{_W}"><w:endnote w:id="2"><w:p>{_INSERTED}</w:p>'
                 "</w:endnote></w:endnotes>"),
    "header": ("header7.xml", "header", "a header or footer",
               f'<w:hdr xmlns:w="{_W}"><w:p>{_INSERTED}</w:p></w:hdr>'),
    "moved in a footnote": ("footnotes.xml", "footnotes", "footnote 5",
                            f'<w:footnotes xmlns:w="{_W}"><w:footnote w:id="5"><w:p>'
                            '<w:moveTo w:id="3" w:author="A" w:date="2026-12-01T00:00:00Z">'
                            "<w:r><w:t>moved</w:t></w:r></w:moveTo></w:p></w:footnote>"
                            "</w:footnotes>"),
}


@pytest.mark.parametrize("story", sorted(_STORIES))
def test_a_tracked_change_in_any_story_is_refused(notice: Path, tmp_path: Path,
                                                  story: str) -> None:
    part, kind, where, xml = _STORIES[story]
    path = tmp_path / "notice.docx"
    with zipfile.ZipFile(notice) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", (
                    f'<Relationship Id="rId990" Type="{_REL}/{kind}" Target="{part}"/>'
                    "</Relationships>").encode())
            if info.filename != f"word/{part}":
                target.writestr(info, data)
        target.writestr(f"word/{part}", xml)
    text = convert(path, tmp_path / "out", 3)
    assert f"tracked changes are still in the notice ({where})" in text
    assert not list((tmp_path / "out").glob("*.htm"))


# #25 (9): every external reference refused, hidden text said, linear time.
_PAGE = ('<html>\n<head><title>x</title></head>\n<body>{}<p>/s/ A. Signer Date: 2026</p>'
         "</body>\n</html>\n")


@pytest.mark.parametrize(("snippet", "rule"), [
    ('<img src="http://tracker.example/a.jpg">', "V10"),
    ('<img src="//tracker.example/a.jpg">', "V10"),
    ('<img src="a.jpg" srcset="http://tracker.example/b.jpg 2x">', "V08"),
    ('<table background="http://tracker.example/bg.gif"><tr><td>x</td></tr></table>', "V08"),
    ('<p style="background:u\\72l(http://tracker.example/x)">x</p>', "V11"),
    ('<p style="background:ur/**/l(http://tracker.example/x)">x</p>', "V11"),
    ('<img src="a.jpg" lowsrc="http://tracker.example/l.jpg">', "V08"),
    ('<img src="a.jpg" longdesc="http://tracker.example/d">', "V09"),
])
def test_check_refuses_every_external_reference(tmp_path: Path, snippet: str, rule: str
                                                ) -> None:
    page = tmp_path / "nt10k-20261231x.htm"
    page.write_text(_PAGE.format(snippet))
    (tmp_path / "a.jpg").write_bytes(b"\xff\xd8\xff")
    result = docgen("edgar", "--check", page)
    assert result.returncode == 3, result.stdout + result.stderr
    assert f" {rule} error" in result.stdout


@pytest.mark.parametrize("style", ["display:none", "visibility: hidden", "font-size:0pt"])
def test_check_warns_of_hidden_text(tmp_path: Path, style: str) -> None:
    page = tmp_path / "nt10k-20261231x.htm"
    page.write_text(_PAGE.format(f'<p style="{style}">a secret</p>'))
    result = docgen("edgar", "--check", page)
    assert "V20 warning: hidden text" in result.stdout, result.stdout


def test_check_is_linear_in_character_references(tmp_path: Path) -> None:
    page = tmp_path / "nt10k-20261231x.htm"
    page.write_text(_PAGE.format("<p>" + "&#233;" * 400_000 + "</p>"))
    started = time.monotonic()
    result = docgen("edgar", "--check", page, timeout=60)
    assert result.returncode == 0, result.stdout
    assert time.monotonic() - started < 15


def test_a_notice_of_empty_paragraphs_is_refused_quickly(notice: Path, tmp_path: Path) -> None:
    bad = patch_part(copy(notice, tmp_path, "empty"), DOC,
                     lambda d: d.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 500_000, 1))
    started = time.monotonic()
    output = convert(bad, tmp_path / "out", 3)
    assert "more than 50,000 paragraphs" in output
    assert time.monotonic() - started < 30


# Markers for the fast lane (README, "Development"): -m "not slow and not office and not browser"
pytestmark = [pytest.mark.slow]
