"""Merge speed and memory: docgen against a naive docxtpl loop, docx-mailmerge2 and a copy.

    python benchmarks/bench_merge.py            # start-up, 1,000 and 10,000 notices
    python benchmarks/bench_merge.py --quick    # start-up and 1,000 only
    python benchmarks/bench_merge.py --crossover

Generates workbooks of fictitious registrants, then prints, in one run:

* start-up: ``docgen --version`` and a merge of the 8-row sample against
  ``import typer, jinja2, lxml`` (:mod:`startup`), with their targets;
* per size, whole process (what a user waits for): ``docgen merge`` as a command
  against the naive docxtpl loop and docx-mailmerge2 each run as a script of its
  own (:mod:`baselines`; they read the workbook with docgen's reader, so only the
  writing differs); in-process: ``docgen.merge()`` (reading included) against
  those scripts' loops alone;
* the copy floor: ``shutil.copyfile`` of the template once per notice, same disk;
* the CPU per notice (user and system: the kernel writing files) of ``merge()``
  and of the ``docgen merge`` process, medians over the same rounds as the times;
* the peak RSS of the ``docgen merge`` process at each size, measured at the end,
  sizes alternating (:func:`peak_rss`), with its target.

docgen and the copy run in alternating rounds, each into a fresh folder after
``os.sync()`` (creating a file on this virtual machine costs 0.01-0.25 ms as the
host's memory behind the page cache drifts), medians printed; the baselines, 10 to
100 times slower, run once per size. Nothing here is a test: it prints.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from docgen import check, merge
from docgen.template.render import bundled_template

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "sample_workbooks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import baselines
import startup
from build_registrants import HEADERS, ROWS
from processes import Run, docgen_command, run

HERE = Path(__file__).resolve().parent
RSS_GROWTH, RSS_LIMIT_MB, NAIVE_TARGET = 1.2, 200.0, 25.0


def make_workbook(path: Path, rows: int) -> Path:
    """``rows`` registrants: the fictitious sample rows repeated, numbered, dated."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Registrants")
    sheet.append(HEADERS)
    samples = ROWS[1:]
    for n in range(rows):
        row = dict(samples[n % len(samples)])
        row["Registrant Name"] = f"{row['Registrant Name']} No. {n + 1}"
        if "Period Ended" in row:
            row["Period Ended"] = dt.datetime(2026, 3, 31) - dt.timedelta(days=n % 90)
            row["Signature Date"] = row["Period Ended"] + dt.timedelta(days=10)
        contact = {"Contact Area Code": "302", "Contact Telephone": "555-0100"}
        sheet.append([row.get(h, contact.get(h)) for h in HEADERS])
    book.save(path)
    return path


def time_docgen(workbook: Path, out: Path, jobs: int | None = None) -> float:
    start = time.perf_counter()
    report = merge(workbook, out_dir=out, jobs=jobs)
    elapsed = time.perf_counter() - start
    assert len(report.written) == len(report.notices), "every row must merge"
    return elapsed


def run_docgen(workbook: Path, out: Path) -> tuple[float, float, float]:
    """Wall, user CPU and system CPU seconds of one in-process ``merge()``."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    wall = time_docgen(workbook, out)
    after = resource.getrusage(resource.RUSAGE_SELF)
    return wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def time_copy(count: int, out: Path) -> float:
    template = bundled_template()
    out.mkdir()
    start = time.perf_counter()
    for n in range(count):
        shutil.copyfile(template, out / f"{n}.docx")
    return time.perf_counter() - start


def rounds(runs: int, work: Path, **methods: Callable[[Path], object]) -> list[dict[str, object]]:
    """What each method returns in each of ``runs`` rounds; in a round the methods run
    back to back, in rotating order, each into a fresh folder after ``os.sync()``."""
    results: list[dict[str, object]] = []
    names = list(methods)
    for round_ in range(runs):
        result: dict[str, object] = {}
        for name in names[round_ % len(names):] + names[: round_ % len(names)]:
            out = work / f"{name}-{round_}"
            os.sync()  # start each run with no write-back pending from the last one
            result[name] = methods[name](out)
            shutil.rmtree(out)
        results.append(result)
    return results


def baseline(method: str, workbook: Path, out: Path, *extra: Path) -> tuple[float, float]:
    """Whole-process and loop seconds of one baseline script run."""
    done = run([sys.executable, str(HERE / "baselines.py"), method, str(workbook), str(out),
                *map(str, extra)])
    loop = json.loads(done.stdout)["loop_s"]
    shutil.rmtree(out)
    return done.wall, float(loop)


def measure_size(size: int, work: Path, form: Path, runs: int) -> dict[str, float]:
    workbook = make_workbook(work / f"w{size}.xlsx", size)
    command = [*docgen_command(), "merge", str(workbook), "--quiet", "-o"]
    results = rounds(
        runs, work,
        copy=lambda o: time_copy(size, o),
        cli=lambda o: run([*command, str(o)]),
        inproc=lambda o: run_docgen(workbook, o),
    )
    cli: list[Run] = [r["cli"] for r in results]  # type: ignore[misc]
    inproc: list[tuple[float, float, float]] = [r["inproc"] for r in results]  # type: ignore[misc]
    copies: list[float] = [r["copy"] for r in results]  # type: ignore[misc]
    per = 1000 / size
    figures = {
        "copy_ms": statistics.median(copies) * per,
        "cli_s": statistics.median(r.wall for r in cli),
        "cli_user_ms": statistics.median(r.user for r in cli) * per,
        "cli_system_ms": statistics.median(r.system for r in cli) * per,
        "inproc_s": statistics.median(r[0] for r in inproc),
        "user_ms": statistics.median(r[1] for r in inproc) * per,
        "system_ms": statistics.median(r[2] for r in inproc) * per,
    }
    figures["naive_s"], figures["naive_loop_s"] = baseline("naive", workbook, work / "naive")
    figures["mm_s"], figures["mm_loop_s"] = baseline("mailmerge", workbook, work / "mm", form)
    if size >= 10000:
        start = time.perf_counter()
        check(workbook)
        figures["check_s"] = time.perf_counter() - start
    return figures


def report_size(size: int, f: dict[str, float]) -> list[str]:
    per = 1000 / size

    def line(label: str, seconds: float, ratio: str = "") -> str:
        return f"  {label:34}{seconds:8.2f} s  {seconds * per:8.3f} ms/notice  {ratio}"

    naive_whole, naive_in = f["naive_s"] / f["cli_s"], f["naive_loop_s"] / f["inproc_s"]
    lines = [
        f"{size:,} notices:",
        line("docgen merge (command)", f["cli_s"]),
        line("naive docxtpl loop (script)", f["naive_s"], f"{naive_whole:6.1f}x docgen"),
        line("docx-mailmerge2 loop (script)", f["mm_s"], f"{f['mm_s'] / f['cli_s']:6.1f}x docgen"),
        "  in-process:",
        line("  docgen.merge()", f["inproc_s"]),
        line("  naive loop alone", f["naive_loop_s"], f"{naive_in:6.1f}x docgen"),
        line("  docx-mailmerge2 loop alone", f["mm_loop_s"],
             f"{f['mm_loop_s'] / f['inproc_s']:6.1f}x docgen"),
        f"  naive / docgen, whole process  {naive_whole:6.1f}x   (target >= {NAIVE_TARGET:g}: "
        f"{'met' if naive_whole >= NAIVE_TARGET else 'NOT met'})",
        f"  copy floor (same disk)      {f['copy_ms']:8.3f} ms/notice   (no target: the kernel"
        " creating a file)",
        f"  CPU per notice, merge()     {f['user_ms']:8.3f} ms user + {f['system_ms']:.3f} ms "
        "system (the kernel writing files)",
        f"  CPU per notice, command     {f['cli_user_ms']:8.3f} ms user + "
        f"{f['cli_system_ms']:.3f} ms system (start-up included)",
    ]
    if "check_s" in f:
        lines.append(f"  docgen check                {f['check_s']:8.2f} s")
    return lines


def peak_rss(work: Path, sizes: tuple[int, ...]) -> dict[int, list[float]]:
    """Peak RSS (MB) of ``docgen merge`` at each size, three times, sizes alternating.

    Each runs through :mod:`own_peak` (a child started from this grown process
    would report this process's size). Peak RSS also counts the pages of shared
    libraries a process maps, and how many it maps depends on the page cache at
    the time, so the sizes are compared under the same conditions, one after the
    other, and the lowest peak of each is the figure.
    """
    peaks: dict[int, list[float]] = {size: [] for size in sizes}
    for attempt in range(3):
        for size in sizes:
            out = work / f"rss{size}-{attempt}"
            peaks[size].append(run([*docgen_command(), "merge", str(work / f"w{size}.xlsx"),
                                    "--quiet", "-o", str(out)], own_memory=True).peak_mb)
            shutil.rmtree(out)
    return peaks


def crossover(work: Path) -> None:
    """One process against two, forced, for growing runs: where do processes pay?"""
    import docgen.engine.parallel as parallel

    parallel.PARALLEL_MIN_NOTICES = 0
    print("notices  1 job ms/doc  2 jobs ms/doc")
    for count in (400, 1600, 6400, 20000):
        workbook = make_workbook(work / f"x{count}.xlsx", count)
        results = rounds(3, work, one=lambda o, w=workbook: time_docgen(w, o, 1),
                         two=lambda o, w=workbook: time_docgen(w, o, 2))
        one = min(float(r["one"]) for r in results)  # type: ignore[arg-type]
        two = min(float(r["two"]) for r in results)  # type: ignore[arg-type]
        print(f"{count:7}  {one * 1000 / count:12.3f}  {two * 1000 / count:13.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 rows only")
    parser.add_argument("--crossover", action="store_true", help="measure where jobs pay")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Python "
          f"{sys.version.split()[0]}, {platform.system()} {platform.release()}")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if args.crossover:
            crossover(work)
            return
        figures: dict[str, object] = {"startup": startup.measure()}
        print("\n".join(startup.report(figures["startup"])))  # type: ignore[arg-type]
        form = work / "form-mergefield.docx"
        baselines.mergefield_form(bundled_template(), form)
        sizes = (1000,) if args.quick else (1000, 10000)
        for size in sizes:
            figures[str(size)] = measure_size(size, work, form, 5 if size == 1000 else 3)
            print("\n".join(report_size(size, figures[str(size)])))  # type: ignore[arg-type]
            sys.stdout.flush()
        figures["rss"] = peak_rss(work, sizes)
    rss: dict[int, list[float]] = figures["rss"]  # type: ignore[assignment]
    print("peak RSS of the docgen merge process (lowest of 3, sizes alternating):")
    for size in sizes:
        print(f"  {size:6,} rows                {min(rss[size]):8.1f} MB   "
              f"[{', '.join(f'{mb:.1f}' for mb in rss[size])}]")
    if not args.quick:
        small, large = min(rss[1000]), min(rss[10000])
        growth = large / small
        met = growth <= RSS_GROWTH and large < RSS_LIMIT_MB
        print(f"  10,000 / 1,000 rows          {growth:8.2f}x   (target <= {RSS_GROWTH}x and "
              f"< {RSS_LIMIT_MB:g} MB: {'met' if met else 'NOT met'})")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
