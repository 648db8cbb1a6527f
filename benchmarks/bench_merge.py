"""Merge speed: docgen against a naive docxtpl loop, in the same process and run.

    python benchmarks/bench_merge.py [--rows 1000]

Generates a workbook of fictitious registrants, then times
  * docgen:  ``docgen.merge`` on the workbook (read, validate, render, write),
  * naive:   for each row, ``DocxTemplate(template)`` loaded, rendered with the
             same context and the same Jinja environment, and saved,
  * copy:    copying the template file once per row (the floor),
and prints ms per notice and the ratios. Nothing here is a test: it prints.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

from docxtpl import DocxTemplate
from openpyxl import Workbook

from docgen import merge
from docgen.context import build_context
from docgen.render import _Paragraphs, bundled_template, make_environment
from docgen.validate import validate_row
from docgen.workbook import open_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "sample_workbooks"))
from build_registrants import HEADERS, ROWS


def make_workbook(path: Path, rows: int) -> Path:
    """``rows`` registrants: the sample rows repeated with numbered names and dates."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Registrants")
    sheet.append(HEADERS)
    samples = ROWS[1:]  # the fictitious ones
    for n in range(rows):
        row = dict(samples[n % len(samples)])
        row["Registrant Name"] = f"{row['Registrant Name']} No. {n + 1}"
        if "Period Ended" in row:
            row["Period Ended"] = dt.datetime(2026, 3, 31) - dt.timedelta(days=n % 90)
        contact = {"Contact Area Code": "302", "Contact Telephone": "555-0100"}
        sheet.append([row.get(h, contact.get(h)) for h in HEADERS])
    book.save(path)
    return path


def contexts(workbook: Path) -> list[dict[str, object]]:
    with open_workbook(workbook) as book:
        notices = [validate_row(book.sheet, r, book.columns, book.contacts)[0]
                   for r in book.rows()]
    return [build_context(n) for n in notices if n is not None]


def time_docgen(workbook: Path, out: Path) -> float:
    start = time.perf_counter()
    report = merge(workbook, out_dir=out)
    elapsed = time.perf_counter() - start
    assert len(report.written) == len(report.notices), "every row must merge"
    return elapsed


def time_naive(template: Path, rows: list[dict[str, object]], out: Path) -> float:
    out.mkdir()
    env = make_environment()
    env.filters["paragraphs"] = _Paragraphs()
    start = time.perf_counter()
    for n, context in enumerate(rows):
        document = DocxTemplate(template)
        document.render(context, jinja_env=env)
        document.save(out / f"{n}.docx")
    return time.perf_counter() - start


def time_copy(template: Path, count: int, out: Path) -> float:
    out.mkdir()
    start = time.perf_counter()
    for n in range(count):
        shutil.copyfile(template, out / f"{n}.docx")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    template = bundled_template()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        workbook = make_workbook(work / "registrants.xlsx", args.rows)
        rows = contexts(workbook)
        copy = time_copy(template, len(rows), work / "copy")
        ours = time_docgen(workbook, work / "docgen")
        naive = time_naive(template, rows, work / "naive")
    per = {name: seconds * 1000 / len(rows) for name, seconds in
           (("docgen", ours), ("naive docxtpl loop", naive), ("template copy", copy))}
    print(f"{len(rows)} notices")
    for name, ms in per.items():
        print(f"  {name:<20} {ms:8.3f} ms/doc")
    print(f"  naive / docgen       {naive / ours:8.1f}x   (foundation target >= 10)")
    print(f"  docgen / copy        {ours / copy:8.1f}x")


if __name__ == "__main__":
    main()
