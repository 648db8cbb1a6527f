"""PDF conversion: docgen's parallel soffice processes against one batch and one per file.

    python benchmarks/bench_pdf.py [--notices 32] [--rounds 3]

Merges the sample rows repeated to N notices, then converts them to PDF in the
same run: starting LibreOffice for every file (what a naive loop does, plain
``soffice --convert-to pdf``, once), with one soffice process for the whole batch,
and with docgen's default (one process per core, each with its own profile), the
last two in alternating rounds. The one-batch run is docgen's own conversion with
``jobs=1``, so it has every advantage docgen's processes have (the heap setting of
:mod:`docgen.pdf` included) but the parallelism. Prints seconds, ms/notice, both
ratios and whether the target is met. Needs LibreOffice (soffice) on the PATH.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docgen import merge
from docgen.pdf import convert, find_soffice

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_merge import make_workbook


def per_file(soffice: str, notices: list[Path], work: Path) -> float:
    start = time.perf_counter()
    for notice in notices:
        subprocess.run(
            [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(work / "per-file"), str(notice)],
            check=True, capture_output=True, timeout=300,
        )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    soffice = find_soffice()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        workbook = make_workbook(work / "registrants.xlsx", args.notices)
        report = merge(workbook, out_dir=work / "notices")
        notices = [n.path for n in report.written if n.path is not None]
        # Warm the disk cache and LibreOffice's first-start work for both runs alike.
        per_file(soffice, notices[:1], work)
        naive = per_file(soffice, notices, work)
        batches, parallels = [], []
        for n in range(args.rounds):
            for jobs in ((1, None) if n % 2 == 0 else (None, 1)):
                start = time.perf_counter()
                convert(notices, soffice, jobs)
                (batches if jobs == 1 else parallels).append(time.perf_counter() - start)
    count = len(notices)
    batch, parallel = statistics.median(batches), statistics.median(parallels)
    print(f"{count} notices to PDF, {os.cpu_count()} cores, {args.rounds} rounds (medians)")
    print(f"  one soffice per file   {naive:7.1f} s   {naive / count * 1000:7.0f} ms/notice")
    print(f"  one soffice per batch  {batch:7.1f} s   {batch / count * 1000:7.0f} ms/notice"
          f"   [{', '.join(f'{b:.1f}' for b in batches)}]")
    print(f"  docgen (per core)      {parallel:7.1f} s   {parallel / count * 1000:7.0f} "
          f"ms/notice   [{', '.join(f'{p:.1f}' for p in parallels)}]")
    ratio, target = batch / parallel, 1.6 if (os.cpu_count() or 1) >= 2 else 1.0
    print(f"  batch / docgen         {ratio:7.2f}x   (target >= {target} on 2 cores: "
          f"{'met' if ratio >= target else 'NOT met'})")
    print(f"  per-file / docgen      {naive / parallel:7.1f}x")


if __name__ == "__main__":
    main()
