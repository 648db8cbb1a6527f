"""What the page adds to a merge: ``docgen serve`` over HTTP against the library call.

    python benchmarks/bench_serve.py            # 1,000 rows, 5 rounds
    python benchmarks/bench_serve.py --rows 200 --rounds 3

``docgen serve`` runs in its own process, as a user starts it, and an HTTP client in
this process does what the page does: upload the workbook (check and deadlines),
start the merge, wait for it, download notices.zip. Against it, in the same process and rounds:
``docgen.check`` + ``deadline_rows`` + ``docgen.api`` (the library calls the page
makes), and ``docgen.api`` alone. Medians are printed with every round; the
target (issue 16) is that the page adds less than 20 % to the merge.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from docgen import check, merge
from docgen.engine.schedule import deadline_rows

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_merge import make_workbook


def serve() -> tuple[str, str, subprocess.Popen[bytes]]:
    """``docgen serve`` as a user starts it, in its own process; (url, CSRF token, process)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            page = httpx.get(url + "/")
            break
        except httpx.TransportError:
            time.sleep(0.05)
    token = re.search(r'name="docgen-csrf" content="([^"]+)"', page.text)
    assert token is not None
    return url, token.group(1), process


def page_round(client: httpx.Client, workbook: bytes) -> tuple[float, float]:
    """(upload and check, merge to downloaded zip) in seconds, as the page does them."""
    start = time.perf_counter()
    answer = client.post("/api/jobs", content=workbook,
                         headers={"X-Docgen-Filename": "registrants.xlsx"})
    answer.raise_for_status()
    job = answer.json()["job"]
    checked = time.perf_counter()
    client.post(f"/api/jobs/{job}/merge", json={}).raise_for_status()
    while client.get(f"/api/jobs/{job}?wait=0.5").json()["status"] == "merging":
        pass  # as the page asks: the answer comes as soon as the merge ends
    with client.stream("GET", f"/api/jobs/{job}/notices.zip") as zipped:
        zipped.raise_for_status()
        for _chunk in zipped.iter_raw(1 << 20):  # as a browser saves it: bytes to disk
            pass
    return checked - start, time.perf_counter() - checked


def library_round(workbook: Path, out: Path) -> tuple[float, float]:
    start = time.perf_counter()
    check(workbook)
    deadline_rows(workbook, dt.date.today())
    checked = time.perf_counter()
    merge(workbook, out_dir=out)
    return checked - start, time.perf_counter() - checked


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    url, csrf, server = serve()
    with tempfile.TemporaryDirectory() as folder, httpx.Client(
            base_url=url, headers={"X-Docgen-CSRF": csrf}, timeout=600) as client:
        work = Path(folder)
        workbook = make_workbook(work / "registrants.xlsx", args.rows)
        data = workbook.read_bytes()
        page_round(client, data)  # warm: imports, template, style caches
        library_round(workbook, work / "warm")
        pages, libraries = [], []
        for n in range(args.rounds):
            os.sync()
            if n % 2:
                libraries.append(library_round(workbook, work / f"lib{n}"))
                pages.append(page_round(client, data))
            else:
                pages.append(page_round(client, data))
                libraries.append(library_round(workbook, work / f"lib{n}"))
    server.terminate()
    server.wait(10)
    print(f"{args.rows:,} rows, {args.rounds} rounds (medians; every round in brackets)")
    for label, index in (("check + deadlines", 0), ("merge", 1)):
        page = [p[index] for p in pages]
        lib = [b[index] for b in libraries]
        ratios = [p / b for p, b in zip(page, lib)]
        print(f"  {label:<18} page {statistics.median(page):6.2f} s   library "
              f"{statistics.median(lib):6.2f} s   page/library {statistics.median(ratios):.2f}x "
              f"[{', '.join(f'{r:.2f}' for r in ratios)}]")
    total = [sum(p) / sum(b) for p, b in zip(pages, libraries)]
    print(f"  whole flow         page/library {statistics.median(total):.2f}x "
          f"[{', '.join(f'{r:.2f}' for r in total)}]   (target < 1.20)")


if __name__ == "__main__":
    main()
