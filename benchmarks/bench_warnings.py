"""Memory when every row carries warnings: 1,000 against 10,000 rows (#25).

    python benchmarks/bench_warnings.py

Each row of the generated workbooks leaves six warnings (SEC File Number blank, three
blank yes/no answers assumed, a CUSIP with a wrong check digit, a signature after the
NT deadline): 6,000 and 60,000 in all. Prints the peak RSS of the whole ``docgen
merge`` and ``docgen check`` processes at each size (three rounds, sizes alternating,
the lowest of each, as bench_merge.py measures) and the ratio, with its target: within
1.2x. Nothing here is a test: it prints.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import docgen_command, run

TARGET = 1.2
HEADERS = ("Registrant Name", "Street Address", "City, State and Zip", "Form",
           "Period Ended", "Narrative", "Contact Name", "Contact Area Code",
           "Contact Telephone", "Signer Name", "Signer Title", "Signature Date",
           "SEC File Number", "CUSIP", "Part II (a)", "Part II (b)", "Part II (c)",
           "Other Reports Filed", "Significant Change", "Filer Status")


def warned_workbook(path: Path, rows: int) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Registrants")
    sheet.append(HEADERS)
    for n in range(rows):
        sheet.append((f"Fictitious Corp. No. {n + 1}", "1 Example St.", "Dover, Delaware 19901",
                      "10-Q", dt.datetime(2026, 9, 30), "The audit is not complete.",
                      "Pat Placeholder", "302", "555-0100", "Pat Placeholder", "CFO",
                      dt.datetime(2026, 12, 31), None, "123456789", None, None, "No", None,
                      "No", "non-accelerated"))
    book.save(path)
    return path


def main() -> None:
    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Python "
          f"{platform.python_version()}, {platform.system()} {platform.release()}")
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-warnings-"))
    try:
        sizes = (1000, 10000)
        for size in sizes:
            warned_workbook(work / f"w{size}.xlsx", size)
        for command in ("merge", "check"):
            peaks: dict[int, list[float]] = {size: [] for size in sizes}
            for attempt in range(3):
                for size in sizes:
                    out = work / f"out{size}-{attempt}"
                    extra = ["--quiet", "-o", str(out)] if command == "merge" else []
                    peaks[size].append(run([*docgen_command(), command,
                                            str(work / f"w{size}.xlsx"), *extra],
                                           own_memory=True).peak_mb)
                    shutil.rmtree(out, ignore_errors=True)
            low = {size: min(values) for size, values in peaks.items()}
            ratio = low[10000] / low[1000]
            print(f"docgen {command:5} peak RSS, 6 warnings a row: 1,000 rows {low[1000]:.1f} MB,"
                  f" 10,000 rows {low[10000]:.1f} MB = {ratio:.2f}x (target <= {TARGET}x: "
                  f"{'met' if ratio <= TARGET else 'NOT met'})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
