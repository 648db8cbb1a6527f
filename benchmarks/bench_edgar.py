"""EDGAR conversion cost: ``docgen merge --edgar`` against ``docgen merge``, same process.

    python benchmarks/bench_edgar.py            # 1,000 notices, 5 rounds
    python benchmarks/bench_edgar.py --rows 200 --rounds 3

Prints, for one workbook of fictitious registrants (the sample rows repeated):
  * merge:        ``docgen.api`` (read, validate, render, write .docx);
  * merge+edgar:  ``docgen.merge(..., edgar=True)``: the same, then read each written
                  notice back, convert it to EDGAR HTML and check it (V01-V18);
  * edgar cost:    the difference, per notice (wall time; large runs convert in one
                  process per core), and ``convert`` alone in one process on notices
                  already on disk (read, convert, check; nothing written): the CPU cost;
  * the ratio merge+edgar / merge.
Rounds alternate the two merges, each into a fresh folder; medians are printed,
and every round, so a reader sees the spread; then where one notice's time goes.
Target (issue 15): the conversion costs at most 5 ms per notice. Nothing here is a test: it prints.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docgen import merge
from docgen.edgar.batch import EDGAR_PARALLEL_MIN
from docgen.edgar.conversion import convert

from bench_merge import make_workbook


def timed_merge(workbook: Path, out: Path, edgar: bool) -> float:
    os.sync()
    start = time.perf_counter()
    report = merge(workbook, out_dir=out, edgar=edgar)
    elapsed = time.perf_counter() - start
    assert not report.errors, report.errors[:3]
    return elapsed


def stages(notice: Path, runs: int = 300) -> None:
    """Where one notice's time goes, in this process (median of ``runs``)."""
    from docgen.edgar.checker import check_html
    from docgen.edgar.html import to_html
    from docgen.edgar.reader import read_notice
    from docgen.edgar.source import read_source

    data = notice.read_bytes()
    source = read_source(notice, data)
    model = read_notice(source)
    html = to_html(model, "NT 10-K")
    steps = {"open the .docx": lambda: read_source(notice, data),
             "read the notice": lambda: read_notice(source),
             "write HTML": lambda: to_html(model, "NT 10-K"),
             "EDGAR checklist": lambda: check_html(html, "nt10k-20260331x.htm"),
             "all of convert()": lambda: convert(notice, data)}
    print(f"one notice, one process, median of {runs}:")
    for label, step in steps.items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            step()
            times.append(time.perf_counter() - start)
        print(f"  {label:<18} {1000 * statistics.median(times):6.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        workbook = make_workbook(work / "registrants.xlsx", args.rows)
        timed_merge(workbook, work / "warm", edgar=True)  # imports, caches
        plain, with_edgar, alone = [], [], []
        for n in range(args.rounds):
            order = (False, True) if n % 2 == 0 else (True, False)
            for edgar in order:
                seconds = timed_merge(workbook, work / f"r{n}-{edgar}", edgar)
                (with_edgar if edgar else plain).append(seconds)
            notices = sorted((work / f"r{n}-False").glob("*.docx"))
            start = time.perf_counter()
            for notice in notices:
                convert(notice)
            alone.append(time.perf_counter() - start)
        rows = args.rows
        print(f"{rows:,} notices, {args.rounds} rounds (medians; every round in brackets)")
        for label, values in (("merge", plain), ("merge --edgar", with_edgar),
                              ("convert alone", alone)):
            each = ", ".join(f"{v:.2f}" for v in values)
            print(f"  {label:<15} {statistics.median(values):7.2f} s "
                  f"{1000 * statistics.median(values) / rows:7.3f} ms/notice   [{each}]")
        extra = [(e - p) * 1000 / rows for e, p in zip(with_edgar, plain)]
        print(f"  edgar cost      {statistics.median(extra):15.3f} ms/notice   "
              f"[{', '.join(f'{v:.3f}' for v in extra)}]   (target <= 5)")
        ratio = statistics.median(with_edgar) / statistics.median(plain)
        print(f"  merge --edgar / merge   {ratio:.2f}x   ({os.cpu_count()} cores; runs of "
              f"{EDGAR_PARALLEL_MIN}+ notices convert in one process per core)")
        stages(sorted((work / "r0-False").glob("*.docx"))[0])


if __name__ == "__main__":
    main()
