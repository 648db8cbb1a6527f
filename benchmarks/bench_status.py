"""``docgen status`` on a season's folder: whole processes, and where the time goes.

    python benchmarks/bench_status.py              # 1,000 notices, 3 rounds
    python benchmarks/bench_status.py --rows 200 --rounds 5

One workbook of fictitious registrants (the sample rows repeated) is merged once;
a tenth of its notices are then edited (a box ticked, a value typed over, a
tracked change) so that every state and the EDGAR check are exercised. Then, in
rotating rounds, as whole processes:
  * status:   ``docgen status NOTICES WORKBOOK`` (read every notice, place its fields,
              compare with its row, run the EDGAR check on the finished ones);
  * merge:    ``docgen merge WORKBOOK`` into a fresh folder, the run that made them;
  * naive:    a script that only opens each notice with python-docx and joins its
              paragraphs' text (what any read-back must at least do), as the floor.
Medians, each round, and the ratios status/merge and status/naive are printed;
then in this process: ``docgen.status`` with one process and with one per core.
Target (issue 28): 1,000 notices in under 5 s, whole process, on 2 cores.
Nothing here is a test: it prints.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import docgen

from bench_merge import make_workbook
from processes import docgen_command, run

TARGET_SECONDS = 5.0
NAIVE = """
import sys, pathlib
from docx import Document
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.docx")):
    "\\n".join(p.text for p in Document(str(path)).paragraphs)
"""


def edit_some(folder: Path) -> int:
    """Edit every tenth notice as a lawyer might (so every path of status runs)."""
    from tests.edgar.build import W, fragment, variant
    from tests.readback.season import set_box, set_paragraph

    def track_insertion(root) -> None:  # type: ignore[no-untyped-def]
        run = next(root.iter(f"{W}r"))
        run.addnext(fragment('<w:ins w:id="901" w:author="A" w:date="2026-11-20T10:00:00Z">'
                             '<w:r><w:t xml:space="preserve"> (draft)</w:t></w:r></w:ins>'))

    edits = [set_box("Yes", False, 0), set_paragraph("(Check one):", "(Check one): ☐ Form "
             "10-K ☒ Form 20-F ☐ Form 11-K ☐ Form 10-Q ☐ Form 10-D ☐ Form N-CEN ☐ Form N-CSR"),
             track_insertion]
    notices = sorted(folder.glob("*.docx"))
    for n, path in enumerate(notices[::10]):
        try:
            path.write_bytes(variant(path.read_bytes(), edits[n % len(edits)]))
        except (AssertionError, StopIteration):
            continue  # that row has no such paragraph: left as merged
    return len(notices[::10])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Python "
          f"{platform.python_version()}, {platform.system()} {platform.release()}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        workbook = make_workbook(work / "registrants.xlsx", args.rows)
        report = docgen.merge(workbook, out_dir=work / "notices")
        edited = edit_some(work / "notices")
        print(f"{len(report.written):,} notices merged, {edited} of them edited")
        command = docgen_command()
        accept = ["sh", "-c", '"$@" > /dev/null; [ $? -le 3 ]', "sh"]  # 3: some not ready
        commands = {
            "status": [*accept, *command, "status", str(work / "notices"), str(workbook)],
            "merge": [*command, "merge", str(workbook), "-o", "", "--quiet"],
            "naive": [sys.executable, "-c", NAIVE, str(work / "notices")],
        }
        run(commands["status"])  # disk cache, compiled modules
        times: dict[str, list[float]] = {name: [] for name in commands}
        peaks: list[float] = []
        names = list(commands)
        for round_ in range(args.rounds):
            for name in names[round_ % 3:] + names[:round_ % 3]:
                cmd = list(commands[name])
                if name == "merge":
                    cmd[cmd.index("-o") + 1] = str(work / f"merged-{round_}")
                done = run(cmd, own_memory=name == "status")
                times[name].append(done.wall)
                if name == "status":
                    peaks.append(done.peak_mb)
        for name, values in times.items():
            rounds = ", ".join(f"{v:.2f}" for v in values)
            print(f"{name:7} median {statistics.median(values):.2f} s  (rounds: {rounds})")
        status_s = statistics.median(times["status"])
        print(f"status / merge = {status_s / statistics.median(times['merge']):.2f}x; "
              f"status / naive python-docx read = "
              f"{status_s / statistics.median(times['naive']):.2f}x; peak RSS "
              f"{min(peaks):.1f} MB")
        met = "met" if status_s < TARGET_SECONDS else "NOT met"
        print(f"docgen status, {args.rows:,} notices, whole process: {status_s:.2f} s "
              f"(target < {TARGET_SECONDS:.0f} s: {met})")
        for jobs in (1, None):
            start = time.perf_counter()
            found = docgen.status(work / "notices", workbook, jobs=jobs)
            took = time.perf_counter() - start
            print(f"in process, jobs={jobs or os.cpu_count()}: {took:.2f} s "
                  f"({took / args.rows * 1000:.2f} ms a notice); {found.summary()}")


if __name__ == "__main__":
    main()
