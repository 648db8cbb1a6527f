"""PDF conversion: docgen's `--pdf` against plain LibreOffice, per file and in one batch.

    python benchmarks/bench_pdf.py [--notices 32] [--rounds 5]

Merges the sample rows repeated to N notices, then converts them to PDF in the
same run, four ways:

* one soffice per file: plain ``soffice --headless --convert-to pdf FILE`` in a
  loop (what a naive script does; run once, it is slow);
* one soffice, one batch: plain ``soffice --headless --convert-to pdf FILES...``,
  as a user types it, with a profile warmed beforehand (a user's own is warm);
* docgen, one process: :func:`docgen.outputs.pdf.convert` with ``jobs=1``;
* docgen: :func:`docgen.outputs.pdf.convert` as ``merge --pdf`` runs it, one soffice per
  core, each on its share and with its own throw-away profile.

The last three run in rotating order in each round; medians are printed, with
each round's figures. The target (issue 18) is docgen against the plain batch;
docgen's one process against docgen shows what the parallelism alone gives (the
rest is :mod:`docgen.outputs.pdf`'s heap setting, which halves each soffice's start).
Needs LibreOffice (soffice) on the PATH.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from docgen import merge
from docgen.outputs.pdf import convert, find_soffice

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_merge import make_workbook


def plain(soffice: str, files: list[Path], profile: Path, out: Path) -> float:
    """Seconds of one plain ``soffice --convert-to pdf`` over ``files``."""
    start = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=600)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    soffice = find_soffice()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        workbook = make_workbook(work / "registrants.xlsx", args.notices)
        report = merge(workbook, out_dir=work / "notices")
        notices = [n.path for n in report.written if n.path is not None]
        profile = work / "profile"
        plain(soffice, notices[:1], profile, work / "warm-up")  # the user's profile, made
        naive = sum(plain(soffice, [n], profile, work / "per-file") for n in notices)
        methods: dict[str, Callable[[], float]] = {
            "batch": lambda: plain(soffice, notices, profile, work / "batch"),
            "one": lambda: _timed(lambda: convert(notices, soffice, 1)),
            "docgen": lambda: _timed(lambda: convert(notices, soffice, None)),
        }
        times: dict[str, list[float]] = {name: [] for name in methods}
        names = list(methods)
        for round_ in range(args.rounds):
            for name in names[round_ % 3:] + names[: round_ % 3]:
                times[name].append(methods[name]())
                shutil.rmtree(work / "batch", ignore_errors=True)
    count = len(notices)
    median = {name: statistics.median(each) for name, each in times.items()}

    def line(label: str, seconds: float, each: list[float] | None = None) -> str:
        rounds = f"   [{', '.join(f'{t:.1f}' for t in each)}]" if each else ""
        return f"  {label:31}{seconds:6.1f} s {seconds / count * 1000:7.0f} ms/notice{rounds}"

    target = 1.6 if cores >= 2 else 1.0
    ratio = median["batch"] / median["docgen"]
    print(f"{count} notices to PDF, {cores} cores, {args.rounds} rounds (medians)")
    print(line("one soffice per file (plain)", naive))
    print(line("one soffice, one batch (plain)", median["batch"], times["batch"]))
    print(line("docgen, one process (jobs=1)", median["one"], times["one"]))
    print(line(f"docgen, one per core ({cores})", median["docgen"], times["docgen"]))
    print(f"  one batch / docgen           {ratio:6.2f}x   (target >= {target} on 2 cores: "
          f"{'met' if ratio >= target else 'NOT met'})")
    print(f"  docgen 1 process / docgen    {median['one'] / median['docgen']:6.2f}x   "
          "(the parallelism alone)")
    print(f"  per file / docgen            {naive / median['docgen']:6.1f}x")


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
