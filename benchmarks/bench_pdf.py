"""PDF conversion: one soffice process per notice against one for the batch.

    python benchmarks/bench_pdf.py [--notices 50]

Merges the sample rows repeated to N notices, then converts them to PDF twice in
the same run: once starting LibreOffice for every file (what a naive loop does)
and once with docgen's single batch process. Prints seconds, s/notice and the
ratio. Needs LibreOffice (soffice) on the PATH.
"""

from __future__ import annotations

import argparse
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
    parser.add_argument("--notices", type=int, default=50)
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
        start = time.perf_counter()
        convert(notices, soffice)
        batch = time.perf_counter() - start
    count = len(notices)
    print(f"{count} notices to PDF")
    print(f"  one soffice per file   {naive:7.1f} s   {naive / count * 1000:7.0f} ms/notice")
    print(f"  one soffice per batch  {batch:7.1f} s   {batch / count * 1000:7.0f} ms/notice")
    print(f"  per-file / batch       {naive / batch:7.1f}x   (target >= 5)")


if __name__ == "__main__":
    main()
