"""Start-up: ``docgen --version`` and a merge of the 8-row sample, as whole processes.

    python benchmarks/startup.py [--rounds 15]

Both are compared with the floor a Python CLI of this kind cannot go under,
``python -c "import typer, jinja2, lxml.etree"``, timed in the same rounds (the
three commands run back to back, in rotating order). Prints medians and ratios;
imported by ``bench_merge.py``, which prints the same section.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import docgen_command, run

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_workbooks" / "registrants.xlsx"
VERSION_TARGET, MERGE_TARGET = 1.6, 3.0


def measure(rounds: int = 15) -> dict[str, float]:
    """Median seconds of each command over ``rounds`` rotating rounds, and the ratios."""
    docgen = docgen_command()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        commands = {
            "floor": [sys.executable, "-c", "import typer, jinja2, lxml.etree"],
            "version": [*docgen, "--version"],
            "merge": [*docgen, "merge", str(SAMPLE), "-o", str(work / "out"), "--quiet"],
        }
        run(commands["merge"])  # first run: disk cache, docgen's template cache
        times: dict[str, list[float]] = {name: [] for name in commands}
        names = list(commands)
        for round_ in range(rounds):
            for name in names[round_ % 3:] + names[: round_ % 3]:
                shutil.rmtree(work / "out", ignore_errors=True)
                times[name].append(run(commands[name]).wall)
    figures = {f"{name}_s": statistics.median(each) for name, each in times.items()}
    figures["version_ratio"] = figures["version_s"] / figures["floor_s"]
    figures["merge_ratio"] = figures["merge_s"] / figures["floor_s"]
    return figures


def report(figures: dict[str, float]) -> list[str]:
    """The lines to print, with each target and whether it is met."""

    def verdict(ratio: float, target: float) -> str:
        return f"(target <= {target}: {'met' if ratio <= target else 'NOT met'})"

    return [
        "start-up (whole process, medians):",
        f"  import typer, jinja2, lxml  {figures['floor_s'] * 1000:7.0f} ms   (the floor)",
        f"  docgen --version            {figures['version_s'] * 1000:7.0f} ms   "
        f"{figures['version_ratio']:.2f}x {verdict(figures['version_ratio'], VERSION_TARGET)}",
        f"  docgen merge, 8-row sample  {figures['merge_s'] * 1000:7.0f} ms   "
        f"{figures['merge_ratio']:.2f}x {verdict(figures['merge_ratio'], MERGE_TARGET)}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    print("\n".join(report(measure(args.rounds))))


if __name__ == "__main__":
    main()
