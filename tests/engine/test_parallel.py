"""--jobs: several processes write the same notices, names and order as one."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import pytest

import docgen.engine.parallel as parallel
from docgen import merge

from conftest import GOOD_ROW, write_workbook
from docxread import box_states, text


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    rows = [{**GOOD_ROW, "Registrant Name": f"Example {n} Corp. (fictitious)",
             "Form": ("10-Q", "10-K", "20-F")[n % 3]} for n in range(40)]
    return write_workbook(tmp_path / "wb.xlsx", rows)


def test_jobs_give_the_same_notices(
    workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_MIN_NOTICES", 0)  # force processes
    assert parallel.effective_jobs(2, 40) == 2
    one = merge(workbook, out_dir=tmp_path / "one", jobs=1)
    seen: list[int] = []
    two = merge(workbook, out_dir=tmp_path / "two", jobs=2,
                progress=lambda done, total: seen.append(done))
    assert seen == list(range(1, 41))  # progress counts every notice once
    assert [n.name for n in one.written] == [n.name for n in two.written]
    for a, b in zip(one.written, two.written):
        assert a.path is not None and b.path is not None
        assert text(a.path) == text(b.path)
        assert box_states(a.path) == box_states(b.path)


def test_small_runs_stay_in_one_process() -> None:
    assert parallel.effective_jobs(8, parallel.PARALLEL_MIN_NOTICES - 1) == 1
    assert parallel.effective_jobs(None, 10**6) >= 1
    cores = os.cpu_count() or 1
    assert parallel.effective_jobs(1, 10**6) == 1
    assert parallel.effective_jobs(10_000, 10**6) == cores  # never more than the CPUs


def test_interrupt_with_jobs_leaves_only_complete_notices(
    workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_MIN_NOTICES", 0)

    def progress(done: int, total: int) -> None:
        if done == 5:
            raise KeyboardInterrupt

    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        merge(workbook, out_dir=out, jobs=2, progress=progress)
    left = sorted(out.iterdir())
    assert left and all(p.suffix == ".docx" and not p.name.startswith(".") for p in left)
    for path in left:
        docx.Document(str(path))  # every file there is complete
