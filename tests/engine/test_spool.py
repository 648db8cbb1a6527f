"""Pass 1 -> pass 2: contexts kept in memory, or spilled to a temporary file, alike."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import docgen.engine.spool as spool_module
from docgen import merge
from docgen.engine.spool import ContextSpool
from docgen.values import PLACEHOLDER

from conftest import GOOD_ROW, write_workbook
from docxread import box_states, text

values = st.one_of(st.text(), st.integers(), st.booleans(), st.dates(), st.none(),
                   st.just(PLACEHOLDER), st.floats(allow_nan=False))
contexts = st.lists(st.dictionaries(st.text(max_size=8), values, max_size=6), max_size=12)


@given(contexts, st.integers(min_value=0, max_value=4))
def test_spool_gives_back_what_it_was_given(items: list[dict[str, object]], keep: int) -> None:
    with ContextSpool(keep_in_memory=keep) as spool:
        for item in items:
            spool.append(item)
        assert len(spool) == len(items)
        back = list(spool)
        assert back == items
        assert [[type(v) for v in c.values()] for c in back] == [
            [type(v) for v in c.values()] for c in items]  # placeholders stay placeholders


def test_a_spilled_spool_keeps_only_the_first_in_memory() -> None:
    with ContextSpool(keep_in_memory=2) as spool:
        for n in range(5):
            spool.append({"row": n, "date": dt.date(2026, 1, 1 + n), "name": "A & B <Co.>"})
        assert [c["row"] for c in spool._memory] == [0, 1] and spool._file is not None
        assert [c["row"] for c in spool] == [0, 1, 2, 3, 4]
        assert [c["row"] for c in spool] == [0, 1, 2, 3, 4]  # and again, from the start


def test_a_spool_within_its_memory_never_touches_the_disk() -> None:
    with ContextSpool(keep_in_memory=3) as spool:
        for n in range(3):
            spool.append({"row": n})
        assert spool._file is None and [c["row"] for c in spool] == [0, 1, 2]


def test_spilled_merge_writes_the_same_notices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [{**GOOD_ROW, "Registrant Name": f"Spill {n} & Sons <fictitious>",
             "Form": ("10-Q", "10-K", "20-F")[n % 3]} for n in range(12)]
    rows[4]["Form"] = "not a form"  # a skipped row between spilled ones
    workbook = write_workbook(tmp_path / "wb.xlsx", rows)
    memory = merge(workbook, out_dir=tmp_path / "memory", jobs=1)
    monkeypatch.setattr(spool_module, "KEEP_IN_MEMORY", 3)
    spills: list[object] = []
    real_file = tempfile.TemporaryFile

    def spill_file() -> object:
        spills.append(None)
        return real_file()

    monkeypatch.setattr(spool_module.tempfile, "TemporaryFile", spill_file)
    spilled = merge(workbook, out_dir=tmp_path / "spilled", jobs=1)
    assert len(spills) == 1  # the contexts went through the temporary file
    assert len(spilled.written) == len(memory.written) == 11
    assert [n.status for n in spilled.notices] == [n.status for n in memory.notices]
    for a, b in zip(memory.written, spilled.written):
        assert a.path is not None and b.path is not None and a.name == b.name
        assert text(a.path) == text(b.path)
        assert box_states(a.path) == box_states(b.path)
    assert "Spill 5 & Sons <fictitious>" in text(spilled.written[4].path)
