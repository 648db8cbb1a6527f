"""Interruptions, unexpected errors and hostile cell values never cost a notice."""

from __future__ import annotations

import io
import os
import sys
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from docgen import merge
from docgen.cli.app import app
from docgen.template.render import CompiledTemplate
from docgen.values import DATE_SPELLINGS, parse_date, parse_yes_no

from conftest import GOOD_ROW, write_workbook

runner = CliRunner()


def test_ctrl_c_leaves_only_complete_notices(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    original = CompiledTemplate.render

    def render(self: CompiledTemplate, context: dict[str, object]) -> bytes:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt
        return original(self, context)

    monkeypatch.setattr(CompiledTemplate, "render", render)
    out = tmp_path / "out"
    result = runner.invoke(app, ["merge", str(sample), "-o", str(out)])
    assert result.exit_code == 130, result.output
    assert "interrupted" in result.stderr
    written = sorted(out.iterdir())
    assert len(written) == 2 and all(p.suffix == ".docx" for p in written)
    for path in written:
        docx.Document(str(path))  # complete, opens


def test_interrupt_during_the_write_removes_the_temporary_file(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def replace(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "link", replace)  # the move into place, either way
    out = tmp_path / "out"
    result = runner.invoke(app, ["merge", str(sample), "-o", str(out)])
    assert result.exit_code == 130
    assert list(out.iterdir()) == []


def test_unexpected_error_is_short_and_private(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(notice: object, **_options: object) -> None:
        raise RuntimeError("THE AUXER GROUP, INC. owes $1,000,000")

    monkeypatch.setattr(sys.modules["docgen.engine.plan"], "build_context", broken)
    result = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "unexpected RuntimeError" in result.stderr and "--debug" in result.stderr
    assert "AUXER" not in result.output and "Traceback" not in result.output
    debug = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path), "--debug"])
    assert debug.exit_code == 1
    assert "Traceback" in debug.stderr


YES_NO = {"yes", "y", "x", "true", "t", "1", "✓", "✔", "☒", "☑",
          "no", "n", "false", "f", "0", "☐", ""}


@given(st.text(max_size=12))
def test_yes_no_accepts_the_documented_spellings_and_rejects_the_rest(typed: str) -> None:
    if typed.strip().lower() in YES_NO:
        assert parse_yes_no(typed) in (True, False, None)
    else:
        with pytest.raises(ValueError, match="yes/no"):
            parse_yes_no(typed)


@given(st.text(alphabet="0123456789/-., abcdefghijklmnopqrstuvwxyz", max_size=20))
def test_dates_parse_or_say_what_is_accepted(typed: str) -> None:
    try:
        parse_date(typed)
    except ValueError as exc:
        assert DATE_SPELLINGS in str(exc) or "two-digit year" in str(exc)


# Every character a cell can hold, including the ones XML cannot carry (Excel stores
# those as _xHHHH_ escapes) and lone surrogate escapes.
ANY_CHAR = st.characters(blacklist_categories=("Cs",)) | st.sampled_from(
    ["\x00", "\x07", "\x1f", "\ufffe", "\r", "\n", "\x7f", "\u2028", "\ud800"]
)


def excel_store(text: str) -> str:
    """How Excel writes a string into the sheet XML: unwritable characters as _xHHHH_."""
    out = []
    for char in text.replace("_x", "_x005F_x"):
        code = ord(char)
        if (code < 0x20 and char not in "\t\n") or 0xD800 <= code <= 0xDFFF or code in (
                0xFFFE, 0xFFFF):
            out.append(f"_x{code:04X}_")
        else:
            out.append(char)
    return "".join(out)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=ANY_CHAR, min_size=1, max_size=40))
def test_any_cell_value_survives_or_is_reported_never_corrupts(value: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        stored = excel_store(value)
        row = {**GOOD_ROW, "Narrative": "Reasons " + stored, "Street Address": stored + " St."}
        workbook = write_workbook(tmp / "wb.xlsx", [row])
        report = merge(workbook, out_dir=tmp / "out")
        assert not report.errors
        path = report.written[0].path
        assert path is not None
        docx.Document(str(path))  # opens with python-docx
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith(".xml") or name.endswith(".rels"):
                    etree.parse(io.BytesIO(archive.read(name)))  # well-formed XML
        warned = {p.cell for p in report.warnings}
        # C0 and C1 controls, DEL, lone surrogates, U+FFFE/FFFF: dropped and reported (#25).
        unwritable = any((ord(c) < 0x20 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F
                         or 0xD800 <= ord(c) <= 0xDFFF or ord(c) in (0xFFFE, 0xFFFF)
                         for c in value)
        assert unwritable == ("B2" in warned)  # reported exactly when something was dropped


def test_existing_outputs_are_found_by_one_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = sys.modules["docgen.files"]
    checks: list[str] = []
    real_exists = os.path.lexists

    def counting(path: object) -> bool:
        checks.append(str(path))
        return real_exists(path)  # type: ignore[arg-type]

    monkeypatch.setattr(module.os.path, "lexists", counting)
    folder = tmp_path / "out"
    names = [str(folder / f"n{i}.docx") for i in range(50)]
    module.refuse_existing(names, "notices")  # no folder yet: nothing to ask
    assert checks == []
    folder.mkdir()
    (folder / "N7.docx").write_bytes(b"other")  # same name but for case
    (folder / "n9.docx").write_bytes(b"old")
    with pytest.raises(module.OutputExistsError, match=r"n9\.docx already exists \(1 of 50"):
        module.refuse_existing(names, "notices")
    assert sorted(checks) == sorted([names[7], names[9]])  # only the names in the listing
    assert (folder / "n9.docx").read_bytes() == b"old"
