"""docx -> EDGAR HTML: golden files, faithfulness, a lawyer's re-saved file, any text."""

from __future__ import annotations

import html
import os
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.edgar.checker import ALLOWED, check_html
from docgen.edgar.conversion import convert
from docgen.edgar.source import SourceError
from docgen.rules.submission import STRICT_NAME
from tests.edgar.build import paragraph_with, set_text, variant
from tests.edgar.htmltext import boxes
from tests.edgar.htmltext import paragraphs as htm_paragraphs

from docxread import box_states, paragraphs

GOLDEN = Path(__file__).parent / "golden"


def _words(texts: list[str]) -> list[str]:
    return " ".join(t.replace("\t", " ") for t in texts).split()


def test_every_sample_notice_matches_its_golden_htm(sample_notices: dict[str, Path]) -> None:
    """The output is deterministic and reviewed: a change to it shows in the diff."""
    names = []
    for docx in sorted(sample_notices.values()):
        converted = convert(docx)
        golden = GOLDEN / converted.name
        names.append(converted.name)
        if os.environ.get("DOCGEN_UPDATE_GOLDEN") == "1":
            golden.write_bytes(converted.data)
        assert converted.data == golden.read_bytes(), f"{golden.name} changed"
    assert sorted(p.name for p in GOLDEN.glob("*.htm")) == sorted(names)


def test_every_sample_notice_says_what_its_docx_says(sample_notices: dict[str, Path]) -> None:
    for docx in sample_notices.values():
        converted = convert(docx)
        assert not check_html(converted.data, converted.name).errors
        assert STRICT_NAME.fullmatch(converted.name) and len(converted.name) <= 32
        texts = htm_paragraphs(converted.data)
        assert _words(texts) == _words(paragraphs(docx)), docx.name
        assert boxes("".join(texts)) == box_states(docx), docx.name
        assert set(converted.data) <= ALLOWED


def test_a_notice_resaved_by_libreoffice_converts_the_same(
        sample_notices: dict[str, Path], tmp_path: Path) -> None:
    """A lawyer's re-saved file: LibreOffice drops the box tags and wraps paragraphs in
    content controls; the text and the box states must not change."""
    from conftest import require_office

    soffice = require_office()
    subprocess.run([soffice, "--headless", "--norestore", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path),
                    *map(str, sample_notices.values())], check=True, capture_output=True,
                   timeout=300, env={**os.environ, "HOME": str(tmp_path)})
    for original in sample_notices.values():
        resaved = tmp_path / original.name
        assert resaved.is_file()
        before, after = convert(original), convert(resaved)
        assert after.name == before.name and after.submission == before.submission
        old, new = htm_paragraphs(before.data), htm_paragraphs(after.data)
        assert _words(new) == _words(old), original.name
        assert boxes("".join(new)) == boxes("".join(old)) == box_states(original)
        assert not check_html(after.data, after.name).errors


_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=(
    [chr(c) for c in range(0x20) if c not in (9, 10, 13)] + [chr(c) for c in range(0x7F, 0xA0)]
    + ["\u25cf", "\ufffe", "\uffff"])),
    min_size=1, max_size=40)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(_TEXT, st.sampled_from([
    "AT&T <Holdings> \"Q\" 'R'", "Société Générale", "株式会社", "\U0001f600 \U0001d11e",
    "a  b ^ c", "&#9746; &amp;", "  lead and trail  ", "</p><script>x</script>"])))
def test_any_cell_text_survives_docx_to_htm_exactly(auxer: Path, text: str) -> None:
    def put(root: object) -> None:
        set_text(paragraph_with(root, "12 Andrews Drive"), text)  # type: ignore[arg-type]

    converted = convert(auxer, variant(auxer.read_bytes(), put))
    assert set(converted.data) <= ALLOWED
    assert text in htm_paragraphs(converted.data)  # references resolved as html.unescape does
    # Tags may sit inside it ("0-0" is kept on one line by a nowrap <font>), never in the
    # text a browser shows.
    shown = re.sub(r"<[^>]*>", "", converted.data.decode("ascii"))
    assert html.unescape(shown).count(text) >= 1


@pytest.mark.parametrize("control", ["\x7f", "\x80", "\x96", "\x9f"])
def test_a_control_character_a_browser_would_misread_is_refused(auxer: Path,
                                                                 control: str) -> None:
    """&#150; shows as an en dash in a browser: the text would change, so no .htm."""
    def put(root: object) -> None:
        set_text(paragraph_with(root, "12 Andrews Drive"), f"12{control}Andrews")  # type: ignore[arg-type]

    with pytest.raises(SourceError, match=f"U\\+{ord(control):04X}.*delete it in Word"):
        convert(auxer, variant(auxer.read_bytes(), put))
