"""What docgen writes, status reads back as written: any text a cell may hold (markup
characters, quotes, accents, CJK, line breaks) comes back equal, so a fresh notice is
ready and never "differs" (hypothesis)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import docgen

from conftest import GOOD_ROW, write_workbook

_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"),
                              blacklist_characters="\u25cf\u2610\u2612"),
                min_size=1, max_size=30).filter(lambda s: s.strip() != "" and
                                                not s.lstrip().startswith("="))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_TEXT, street=_TEXT, former=_TEXT, name=_TEXT, signer=_TEXT,
       narrative=st.lists(_TEXT, min_size=1, max_size=3))
def test_any_text_comes_back_as_written(title: str, street: str, former: str, name: str,
                                        signer: str, narrative: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        workbook = write_workbook(Path(folder) / "registrants.xlsx", [{
            **GOOD_ROW, "Signer Title": title, "Street Address": street,
            "Former Name": former, "Narrative": "\n".join(narrative),
            "Registrant Name": name, "Signer Name": signer, "Contact Name": signer}])
        docgen.merge(workbook, out_dir=Path(folder) / "notices")
        report = docgen.status(Path(folder) / "notices", workbook,
                               today=dt.date(2026, 11, 12))
        [record] = report.notices
        assert record.state == "ready", [str(f) for f in record.findings]
        assert record.findings == []


def _read_back_after(change: Any) -> Any:
    """GOOD_ROW merged, its notice changed by ``change`` (on document.xml), read back."""
    from tests.readback.season import edit

    with tempfile.TemporaryDirectory() as folder:
        workbook = write_workbook(Path(folder) / "registrants.xlsx", [GOOD_ROW])
        report = docgen.merge(workbook, out_dir=Path(folder) / "notices")
        edit(report.written[0].path, change)  # type: ignore[arg-type]
        [record] = docgen.status(Path(folder) / "notices", workbook,
                                 today=dt.date(2026, 11, 12)).notices
        return record


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(places=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=6))
def test_empty_paragraphs_added_anywhere_change_nothing(places: list[int]) -> None:
    """Word users press Enter: empty paragraphs between any two of the body's blocks
    (in table cells too) leave every field where it was read."""
    from tests.edgar.build import W, fragment

    def enter(root) -> None:  # type: ignore[no-untyped-def]
        containers = [root.find(f"{W}body"), *root.iter(f"{W}tc")]
        for place in places:
            parent = containers[place % len(containers)]
            at = (place // len(containers)) % max(len(parent) - 1, 1)
            if parent[at].tag in (f"{W}tcPr", f"{W}sectPr"):
                at += 1
            parent.insert(at, fragment("<w:p/>"))

    record = _read_back_after(enter)
    assert (record.state, record.findings) == ("ready", [])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.integers(min_value=0, max_value=10_000), how=st.sampled_from(
    ["drop empty", "retype a label", "delete a label"]))
def test_word_users_edits_to_the_form_never_invent_a_difference(place: int, how: str) -> None:
    """An empty paragraph removed, or a line of the form's own words retyped or deleted:
    each field is read as it was, or said to be unreadable; never a false difference."""
    from tests.edgar.build import W

    def change(root) -> None:  # type: ignore[no-untyped-def]
        paragraphs = list(root.iter(f"{W}p"))
        texts = ["".join(p.itertext()) for p in paragraphs]
        if how == "drop empty":
            chosen = [p for p, t in zip(paragraphs, texts) if not t.strip()]
        else:  # a line of the form's words: no value of GOOD_ROW in it
            values = {str(v) for v in GOOD_ROW.values()} | {"2026"}  # dates as printed
            chosen = [p for p, t in zip(paragraphs, texts) if len(t) > 3
                      and not any(v in t for v in values) and "\u2610" not in t
                      and "\u2612" not in t]
        paragraph = chosen[place % len(chosen)]
        if how == "delete a label":
            paragraph.getparent().remove(paragraph)
        elif how == "retype a label":
            first = next(t for t in paragraph.iter(f"{W}t") if len(t.text or "") > 3)
            first.text = (first.text or "")[:1] + "#" + (first.text or "")[2:]  # a typo
        else:
            paragraph.getparent().remove(paragraph)

    record = _read_back_after(change)
    assert not [f for f in record.findings if f.kind in ("differs", "to fill")], \
        [str(f) for f in record.findings]
