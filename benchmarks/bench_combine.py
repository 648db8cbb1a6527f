"""`--combine` in time linear in the number of notices: 250, 500 and 1,000.

Merges a generated workbook of each size once (notices written), then times
:func:`docgen.outputs.combine.combine` over the notices, whole in this process. Prints
milliseconds per notice for each size and the ratio of the largest to the
smallest: about 1 when the time is linear, about 4 when it is quadratic.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docgen import merge
from docgen.outputs.combine import combine

from bench_merge import make_workbook


def main() -> None:
    sizes = (250, 500, 1000)
    per_notice: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for size in sizes:
            report = merge(make_workbook(work / f"w{size}.xlsx", size), out_dir=work / str(size))
            paths = [n.path for n in report.written if n.path is not None]
            start = time.perf_counter()
            combine(paths, work / f"all{size}.docx")
            per_notice[size] = (time.perf_counter() - start) * 1000 / len(paths)
            print(f"{size:5d} notices: {per_notice[size]:7.2f} ms per notice "
                  f"({per_notice[size] * len(paths) / 1000:.1f} s)")
    ratio = per_notice[sizes[-1]] / per_notice[sizes[0]]
    print(f"per-notice time at {sizes[-1]} / at {sizes[0]}: {ratio:.2f}   (linear: about 1; "
          "quadratic: about 4)")


if __name__ == "__main__":
    main()
