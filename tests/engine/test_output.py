"""File names: safe on every system, unique ignoring case, never outside --out."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen import merge
from docgen.files import DEFAULT_NAME, file_name, unique_names, write_atomic

from conftest import GOOD_ROW, write_workbook


@pytest.mark.parametrize("name, expected", [
    ("THE AUXER GROUP, INC.", "the-auxer-group-inc_NT-10-K_2002-12-31.docx"),
])
def test_default_pattern(name: str, expected: str) -> None:
    context = {"registrant_slug": "the-auxer-group-inc", "form": "10-K", "period": "2002-12-31"}
    assert file_name(DEFAULT_NAME, context) == expected


@pytest.mark.parametrize("value", ["../../etc/passwd", "/abs/path", "a\\b", "CON", "nul",
                                   "lpt1.txt", "x\x00y", "tab\there", "..", ".hidden",
                                   "é" * 300, "a:b*c?d|e<f>g\"h"])
def test_names_cannot_escape_or_break(value: str) -> None:
    name = file_name("{registrant_name}", {"registrant_name": value})
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".")
    assert name.endswith(".docx")
    assert len(name.encode("utf-8")) <= 200
    assert name.split(".")[0].lower() not in {"con", "nul", "lpt1"}
    assert not any(c in name for c in '<>:"|?*\t')


def test_unique_ignoring_case() -> None:
    assert unique_names(["a.docx", "A.docx", "a.docx", "b.docx"]) == [
        "a.docx", "A-2.docx", "a-3.docx", "b.docx"]


def test_same_registrant_twice_gets_two_files(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "wb.xlsx", [GOOD_ROW, GOOD_ROW])
    report = merge(book, out_dir=tmp_path / "out")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["example-corp-fictitious_NT-10-Q_2026-09-30-2.docx",
                     "example-corp-fictitious_NT-10-Q_2026-09-30.docx"]
    assert len(report.written) == 2


def test_atomic_write_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "n.docx"
    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
    write_atomic(target, b"ok")
    assert target.read_bytes() == b"ok" and len(list(tmp_path.iterdir())) == 1
