"""The page's Status view: the team's edited notices against the job's workbook.

``POST /api/jobs/{id}/notices`` receives one notice (.docx) or a zip of them, as the
workbook is received (streamed to the job's private folder, the same size cap, a
turn among the server's uploads); ``DELETE`` clears them; ``POST
/api/jobs/{id}/status`` answers what ``docgen status`` prints, as records. File
names from the client are made safe and never used as paths beyond that folder.
The notices are read in the server's own process (``jobs=1``): a web server's
threads are no place to fork from, and 1,000 notices take some 5 s that way.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from docgen.options import MergeOptions
from docgen.problems import one_line
from docgen.web.jobs import Job, safe_name
from docgen.web.uploads import inflated, receive

MAX_NOTICES = 2_000  # files one job may hold (a zip counts as one; it holds at most 20,000)
MAX_INFLATED_MB = 1024
Handler = Callable[[Request], Awaitable[Response]]


def _error(message: str, status: int = 422) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def status_handlers(job_of: Callable[[Request], Job], uploads: asyncio.Semaphore,
                    max_upload: int, options: MergeOptions,
                    today: Callable[[Request], dt.date]) -> dict[str, Handler]:
    """The view's handlers: ``add`` (POST a notice), ``clear`` (DELETE) and ``run``."""

    def folder(job: Job) -> Path:
        return job.folder / "status"

    async def add(request: Request) -> Response:
        job = job_of(request)
        name = safe_name(request.headers.get("x-docgen-filename", ""))
        if not name.lower().endswith((".docx", ".zip")):
            return _error(f"{name}: give notices (.docx) or a .zip of them", 415)
        target = folder(job)
        target.mkdir(exist_ok=True)
        if sum(1 for _ in target.iterdir()) >= MAX_NOTICES:
            return _error(f"more than {MAX_NOTICES:,} files; put the notices in a .zip", 413)
        path, number = target / name, 1
        while path.exists():
            number += 1
            path = target / f"{Path(name).stem}-{number}{Path(name).suffix}"
        try:
            await asyncio.wait_for(uploads.acquire(), 60.0)
        except asyncio.TimeoutError:
            return _error("the server is busy receiving other files; try again", 503)
        try:
            refusal = await receive(request, path, max_upload)
            if refusal is None and path.suffix == ".zip" and await run_in_threadpool(
                    inflated, path) > MAX_INFLATED_MB << 20:
                refusal = _error(f"{name}: inflates to more than {MAX_INFLATED_MB} MB; "
                                 "docgen's page refuses it", 413)
        finally:
            uploads.release()
        if refusal is not None:
            path.unlink(missing_ok=True)
            return refusal
        return JSONResponse({"file": path.name}, status_code=201)

    async def clear(request: Request) -> Response:
        job = job_of(request)
        await run_in_threadpool(shutil.rmtree, folder(job), True)
        return Response(status_code=204)

    async def run(request: Request) -> Response:
        job = job_of(request)
        if not folder(job).is_dir() or not any(folder(job).iterdir()):
            return _error("no notices received; choose the notices (.docx or a .zip)", 409)
        day = today(request)
        result = await run_in_threadpool(_status, job, folder(job), options, day)
        return JSONResponse(result)

    return {"add": add, "clear": clear, "run": run}


def _status(job: Job, notices: Path, options: MergeOptions, day: dt.date) -> dict[str, Any]:
    from docgen.readback.run import status

    with job.lock:
        report = status(notices, job.workbook, options, today=day, jobs=1)
    return {"summary": report.summary(), "all_ready": report.all_ready,
            "problems": [one_line(str(p)) for p in report.problems],
            "left_out": report.left_out,
            "notices": [{**r.record(), "brief": r.brief(),
                         "lines": [f"{f.kind}: {f}" for f in r.findings]}
                        for r in report.notices]}
