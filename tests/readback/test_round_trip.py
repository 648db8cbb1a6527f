"""What docgen writes, status reads back as written: any text a cell may hold (markup
characters, quotes, accents, CJK, line breaks) comes back equal, so a fresh notice is
ready and never "differs" (hypothesis)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

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
