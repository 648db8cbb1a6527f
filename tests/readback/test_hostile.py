"""Notices from outside may be hostile: status reads them within bounds (time, memory),
never lets hidden XML reach a value, and says in one line why it could not read one."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import docgen
from tests.edgar.build import W, fragment, paragraph_with
from tests.readback.season import edit, season

TODAY = dt.date(2026, 11, 12)


def _record(folder: Path, workbook: Path, name: str) -> docgen.readback.run.NoticeStatus:  # type: ignore[name-defined]
    return next(r for r in docgen.status(folder, workbook, today=TODAY).notices
                if r.file == name)


def test_a_flood_of_paragraphs_is_refused_quickly(tmp_path: Path) -> None:
    workbook, folder, notices = season(tmp_path)

    def flood(root) -> None:  # type: ignore[no-untyped-def]
        body = root.find(f"{W}body")
        for _ in range(60_000):
            body.insert(0, fragment("<w:p/>"))

    edit(notices[2], flood)
    started = time.perf_counter()
    record = _record(folder, workbook, "2.docx")
    assert time.perf_counter() - started < 10
    assert record.state == "unknown"
    assert record.brief() == ("more than 50,000 paragraphs, which no Form 12b-25 has; docgen "
                              "stops here")


def test_long_paragraphs_do_not_make_matching_slow(tmp_path: Path) -> None:
    workbook, folder, notices = season(tmp_path)

    def long_lines(root) -> None:  # type: ignore[no-untyped-def]
        body = root.find(f"{W}body")
        for n in range(1_500):
            body.insert(0, fragment(f"<w:p><w:r><w:t>({'a ' * 999}{n}</w:t></w:r></w:p>"))

    edit(notices[2], long_lines)
    started = time.perf_counter()
    record = _record(folder, workbook, "2.docx")
    assert time.perf_counter() - started < 10
    assert record.state == "needs review"  # the form's lines are beyond the window: unsure
    assert any(f.kind == "cannot tell" for f in record.findings)


def test_xml_comments_never_become_values(tmp_path: Path) -> None:
    workbook, folder, notices = season(tmp_path)
    path = notices[2]

    def commented(root) -> None:  # type: ignore[no-untyped-def]
        from lxml import etree

        paragraph_with(root, "CFO").find(f"{W}r").append(etree.Comment("Treasurer"))

    edit(path, commented)
    assert b"<!--Treasurer-->" in __import__("zipfile").ZipFile(path).read("word/document.xml")
    record = _record(folder, workbook, "2.docx")
    assert (record.state, record.findings) == ("ready", [])


def test_a_doctype_is_refused_in_one_line(tmp_path: Path) -> None:
    import io
    import zipfile

    workbook, folder, notices = season(tmp_path)
    source = zipfile.ZipFile(io.BytesIO(notices[2].read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e "Treasurer">]>', 1)
            target.writestr(info, data)
    notices[2].write_bytes(out.getvalue())
    record = _record(folder, workbook, "2.docx")
    assert record.state == "unknown"
    assert record.brief() == ("part word/document.xml has a DOCTYPE, which Word never writes; "
                              "docgen refuses this file")
