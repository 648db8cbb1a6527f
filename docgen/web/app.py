"""``docgen serve``: the page and its API, a thin layer over :mod:`docgen`'s library.

Endpoints (all under one origin; every POST/DELETE needs the page's CSRF token):

* ``GET /``: the page (``?pane=1``: as the Office task pane, with Office.js);
* ``POST /api/jobs``: the workbook's bytes -> a job: its problems (as ``docgen check``
  prints them) and its deadlines (as ``docgen deadlines``), most urgent first;
* ``POST /api/jobs/{id}/merge``: start ``docgen merge`` with the options chosen;
  ``GET /api/jobs/{id}``: its progress and result;
* ``GET /api/jobs/{id}/notices.zip``, ``/report.csv``, ``/preview/{row}``,
  ``/notice/{row}.docx``; ``DELETE /api/jobs/{id}``;
* ``POST /api/jobs/{id}/notices`` (one edited notice, or a zip), ``DELETE`` them, and
  ``POST /api/jobs/{id}/status``: ``docgen status`` of those notices against the
  job's workbook (:mod:`docgen.web.status_view`);
* ``GET /manifest.xml``: the Office add-in manifest for this server's address.

Expected failures answer with ``{"error": "<the CLI's one line>"}``; an unexpected
one with a fixed line, never a traceback.

Bounded whatever the clients do: an upload is written to its job's folder as it
arrives (never held whole), at most :data:`MAX_UPLOADS` at once, each with
:data:`~docgen.web.uploads.UPLOAD_IDLE_SECONDS` to send its next piece; long-polls wait on the event
loop, not in a thread; merges queue server-wide (:mod:`docgen.web.merging`); jobs
expire on a timer. ``docgen serve`` adds a header timeout and a connection cap.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
import secrets
import zipfile
from collections.abc import AsyncIterator
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from docgen.api import check, merge
from docgen.edgar import preview_html
from docgen.engine.schedule import rows_of
from docgen.errors import DocgenError
from docgen.options import MergeOptions
from docgen.outputs.icon import png
from docgen.outputs.pdf import find_soffice
from docgen.problems import grouped_lines, one_line
from docgen.version import __version__
from docgen.web.guards import Guard
from docgen.web.jobs import SWEEP_SECONDS, Job, JobLimit, JobStore
from docgen.web.manifest import ManifestError, manifest_xml
from docgen.web.merging import deadline_records, start_merge
from docgen.web.status_view import status_handlers
from docgen.web.uploads import inflated, receive

MAX_UPLOAD_MB = 50
MAX_UPLOADS = 4  # received at once, server-wide; more wait (unread) for a turn
UPLOAD_WAIT_SECONDS = 60.0  # then answer 503 ("busy")
MAX_INFLATED_MB = 256  # what the upload may inflate to (the CLI allows 1 GB from disk)
OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js"
UNEXPECTED = "unexpected error; run the same workbook with docgen check --debug, and report it"


class Settings:
    """How one server was started."""

    def __init__(self, *, token: str | None = None, hosts: tuple[str, ...] = (),
                 office_js: str = OFFICE_JS, today: dt.date | None = None,
                 max_upload_mb: int = MAX_UPLOAD_MB, lifetime: float | None = None,
                 options: MergeOptions | None = None, config: Path | None = None,
                 config_note: str = "") -> None:
        # The options every upload is checked and merged with: the docgen.toml of the
        # folder `docgen serve` started in (its closures and [merge] defaults), said on
        # the page as ``config_note``. Where the notices go is the job's own folder.
        self.options = options or MergeOptions()
        self.config = config
        self.config_note = config_note
        self.token = token
        self.hosts = hosts
        self.office_js = office_js
        self.today = today
        self.max_upload = max_upload_mb << 20
        self.lifetime = lifetime
        self.csrf = secrets.token_urlsafe(24)


def _error(message: str, status: int = 422) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(settings: Settings | None = None) -> Starlette:
    """The ASGI app; ``app.state.jobs`` holds the jobs (deleted on shutdown)."""
    settings = settings or Settings()
    jobs = JobStore(**({"lifetime": settings.lifetime} if settings.lifetime else {}))
    folder = resources.files("docgen.web")
    pages = Jinja2Templates(env=jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder / "templates")), autoescape=True))

    def job_or_404(request: Request) -> Job:
        job = jobs.get(str(request.path_params["job"]))
        if job is None:
            raise _Missing
        return job

    async def index(request: Request) -> Response:
        pane = request.query_params.get("pane") == "1"
        page: Response = pages.TemplateResponse(request, "index.html", {
            "csrf": settings.csrf, "pane": pane, "office_js": settings.office_js,
            "token": settings.token or "", "version": __version__,
            "pdf": find_soffice_or_none() is not None, "max_mb": settings.max_upload >> 20,
            "config": settings.config, "config_note": settings.config_note})
        return page

    uploads = asyncio.Semaphore(MAX_UPLOADS)

    async def upload(request: Request) -> Response:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > settings.max_upload:
            return _error(f"the workbook is larger than {settings.max_upload >> 20} MB; "
                          "docgen refuses it", 413)
        try:  # a turn among MAX_UPLOADS; the body is not read while waiting for it
            await asyncio.wait_for(uploads.acquire(), UPLOAD_WAIT_SECONDS)
        except asyncio.TimeoutError:
            return _error("the server is busy receiving other workbooks; try again in a "
                          "moment", 503)
        try:
            try:
                job = await run_in_threadpool(
                    jobs.create, None, unquote(request.headers.get("x-docgen-filename", "")))
            except JobLimit:
                return _error("too many workbooks open on this server; close one and try "
                              "again", 503)
            refusal = await receive(request, job.workbook, settings.max_upload)
            if refusal is None and await run_in_threadpool(
                    inflated, job.workbook) > MAX_INFLATED_MB << 20:
                refusal = _error(f"{job.name}: inflates to more than {MAX_INFLATED_MB} MB (a "
                                 "zip bomb, or far more than a registrants workbook holds); "
                                 "docgen's page refuses it", 413)
        finally:
            uploads.release()
        if refusal is not None:
            await run_in_threadpool(jobs.remove, job.id)
            return refusal
        try:
            result = await run_in_threadpool(_check, job, settings.today, settings.options)
        except DocgenError as exc:
            jobs.remove(job.id)
            return _error(str(exc).replace(str(job.workbook), job.name))
        except Exception:
            jobs.remove(job.id)
            return _error(UNEXPECTED, 500)
        return JSONResponse({"job": job.id, **result})

    async def merge(request: Request) -> Response:
        job = job_or_404(request)
        try:
            options = await request.json()
        except ValueError:
            options = {}
        options = options if isinstance(options, dict) else {}
        chosen: dict[str, Any] = {k: bool(options.get(k)) for k in (
            "combine", "pdf", "edgar", "drafts", "unsigned")}
        rows = options.get("rows")
        if isinstance(rows, str) and rows.strip():
            if len(rows) > 20_000 or not re.fullmatch(r"[0-9,\- ]+", rows):
                return _error("rows: give row numbers such as 2-5,9", 400)
            chosen["rows"] = rows
        if not await run_in_threadpool(start_merge, job, chosen, settings.options):
            return _error("a merge of this workbook is already running", 409)
        return JSONResponse({"status": job.status}, status_code=202)

    async def status(request: Request) -> Response:
        """The job's state; ``?wait=S`` answers as soon as a merge ends, or after S seconds
        (at most 10), so the page learns at once without polling often."""
        job = job_or_404(request)
        try:
            wait = min(max(float(request.query_params.get("wait", "0")), 0.0), 10.0)
        except ValueError:
            wait = 0.0
        deadline = asyncio.get_running_loop().time() + wait
        while job.status == "merging" and not job.finished.is_set() and (
                asyncio.get_running_loop().time() < deadline):
            await asyncio.sleep(0.1)  # on the loop: forty waiting pages hold no thread
        return JSONResponse({"status": job.status, "done": job.done, "total": job.total,
                             **job.result})

    async def archive(request: Request) -> Response:
        job = job_or_404(request)
        if job.archive is None:
            return _error("merge the workbook first", 409)
        # The job stays after the download (a second merge, say with PDFs, or the
        # report): it goes when the page is left (DELETE) or after 30 minutes unused.
        response = FileResponse(job.archive, filename="notices.zip",
                                media_type="application/zip")
        response.chunk_size = 1 << 20  # 64 KB chunks cost a thread hop each
        return response

    def _day(request: Request) -> dt.date:
        """The page's "as of" date (``?today=``), else the server's today."""
        given = request.query_params.get("today", "")
        try:
            return dt.date.fromisoformat(given) if given else settings.today or dt.date.today()
        except ValueError:
            raise DocgenError(f"as of {given[:12]!r}: not a date (YYYY-MM-DD)") from None

    async def deadlines(request: Request) -> Response:
        """The job's deadlines as of another day, from the check already made."""
        job = job_or_404(request)
        today = _day(request)
        return JSONResponse({"deadlines": deadline_records(rows_of(job.checked, today), today)})

    async def calendar(request: Request) -> Response:
        """``docgen deadlines --ics`` of the job (``?within=DAYS`` as on the command line)."""
        from docgen.outputs.calendar_file import calendar_bytes, within

        job = job_or_404(request)
        today, days = _day(request), request.query_params.get("within", "")
        rows = rows_of(job.checked, today)
        if days.isdigit():
            rows = within(rows, today, int(days))
        data = await run_in_threadpool(calendar_bytes, rows)
        return Response(data, media_type="text/calendar", headers={
            "content-disposition": 'attachment; filename="deadlines.ics"'})

    async def report(request: Request) -> Response:
        job = job_or_404(request)
        if job.report is None:
            return _error("merge the workbook first", 409)
        return FileResponse(job.report, filename="report.csv", media_type="text/csv")

    async def notice(request: Request) -> Response:
        job = job_or_404(request)
        found = await run_in_threadpool(_notice_of, job, int(request.path_params["row"]),
                                        settings.options)
        if found is None:
            return _error("that row has no notice (see its errors)", 404)
        name, data = found
        return Response(data, headers={"content-disposition": f'attachment; filename="{name}"'},
                        media_type="application/vnd.openxmlformats-officedocument"
                                   ".wordprocessingml.document")

    async def preview(request: Request) -> Response:
        job = job_or_404(request)
        row = int(request.path_params["row"])
        found = await run_in_threadpool(_notice_of, job, row, settings.options)
        if found is None:
            return _error("that row has no notice (see its errors)", 404)
        name, data = found
        html = await run_in_threadpool(preview_html, Path(name), data)
        return Response(html, media_type="text/html", headers={
            "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                       "frame-ancestors 'self'; sandbox"})

    async def remove(request: Request) -> Response:
        jobs.remove(str(request.path_params["job"]))
        return Response(status_code=204)

    async def manifest(request: Request) -> Response:
        origin = f"{request.url.scheme}://{request.url.netloc}"
        try:
            return Response(manifest_xml(origin), media_type="application/xml")
        except ManifestError as exc:
            return _error(str(exc), 409)

    async def icon(request: Request) -> Response:
        size = int(request.path_params["size"])
        if size not in (16, 32, 64, 80):
            return _error("no such icon", 404)
        return Response(png(size), media_type="image/png")

    routes = [
        Route("/", _contained(index)),
        Route("/icon-{size:int}.png", _contained(icon)),
        Route("/manifest.xml", _contained(manifest)),
        Route("/api/jobs", _contained(upload), methods=["POST"]),
        Route("/api/jobs/{job}", _contained(status)),
        Route("/api/jobs/{job}", _contained(remove), methods=["DELETE"]),
        Route("/api/jobs/{job}/merge", _contained(merge), methods=["POST"]),
        Route("/api/jobs/{job}/notices.zip", _contained(archive)),
        Route("/api/jobs/{job}/report.csv", _contained(report)),
        Route("/api/jobs/{job}/deadlines", _contained(deadlines)),
        Route("/api/jobs/{job}/deadlines.ics", _contained(calendar)),
        Route("/api/jobs/{job}/preview/{row:int}", _contained(preview)),
        Route("/api/jobs/{job}/notice/{row:int}.docx", _contained(notice)),
        Mount("/static", StaticFiles(directory=str(folder / "static")), name="static"),
    ]
    view = status_handlers(job_or_404, uploads, settings.max_upload, settings.options, _day)
    routes[-1:-1] = [
        Route("/api/jobs/{job}/notices", _contained(view["add"]), methods=["POST"]),
        Route("/api/jobs/{job}/notices", _contained(view["clear"]), methods=["DELETE"]),
        Route("/api/jobs/{job}/status", _contained(view["run"]), methods=["POST"])]
    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        async def sweeper() -> None:  # idle jobs expire whether or not requests come
            while True:
                await asyncio.sleep(SWEEP_SECONDS)
                await run_in_threadpool(jobs.sweep)

        task = asyncio.create_task(sweeper())
        try:
            yield
        finally:
            task.cancel()
            await run_in_threadpool(jobs.close)  # merges stopped, every job's files gone

    async def missing(_request: Request, _exc: Exception) -> Response:
        return _error("this workbook is no longer on the server (it is deleted after the "
                      "download, or after 30 minutes); upload it again", 404)

    async def unexpected(_request: Request, _exc: Exception) -> Response:
        return _error(UNEXPECTED, 500)

    hosts = ("127.0.0.1", "localhost", "::1", *settings.hosts)
    app = Starlette(
        routes=routes, lifespan=lifespan,
        exception_handlers={_Missing: missing, Exception: unexpected},
        middleware=[Middleware(Guard, hosts=hosts, csrf=settings.csrf, token=settings.token,
                               office_js=settings.office_js)])
    app.state.jobs = jobs
    app.state.settings = settings
    return app


class _Missing(Exception):
    """A job id that is not (or no longer) on this server."""


def _contained(handler: Any) -> Any:
    """A route whose failures are answers, never tracebacks: docgen's own errors are its
    one line (422), unreadable requests 400 (deeply nested JSON: RecursionError), and
    anything else the one unexpected-error line (500). Nothing is logged or re-raised."""

    async def answer(request: Request) -> Response:
        try:
            response: Response = await handler(request)
            return response
        except _Missing:
            raise  # a 404 with its own message (handled below, not logged)
        except DocgenError as exc:
            return _error(one_line(str(exc)), 422)
        except (RecursionError, UnicodeError):
            return _error("the request could not be read; reload the page", 400)
        except Exception:
            return _error(UNEXPECTED, 500)

    return answer


def find_soffice_or_none() -> str | None:
    try:
        return str(find_soffice())
    except DocgenError:
        return None


def _check(job: Job, today: dt.date | None, options: MergeOptions) -> dict[str, Any]:
    """What ``docgen check`` and ``docgen deadlines`` say of the job's workbook, from one
    read of it."""
    report = check(job.workbook, options)
    job.checked = report
    rows = rows_of(report, today or dt.date.today())
    problems = [{"row": p.row, "cell": p.cell, "sheet": p.sheet,
                 "severity": p.severity.value, "message": p.message, "line": str(p)}
                for p in report.problems]
    job.total = len(report.notices)
    return {"rows": len(report.notices), "errors": report.error_count,
            "warnings": report.warning_count, "problems": problems,
            "lines": list(grouped_lines(report.problems)),
            "deadlines": deadline_records(rows, today or dt.date.today()),
            "registrants": {n.row: n.registrant for n in report.notices}}


def _notice_of(job: Job, row: int, options: MergeOptions) -> tuple[str, bytes] | None:
    """The row's notice (name, bytes): from the last merge, or from one merge made for
    previews, straight into a zip."""
    with job.lock:
        if not job.notices:
            archive = job.folder / "preview.zip"
            report = merge(job.workbook, options.replace(
                out_dir=job.folder / "preview", archive=archive, overwrite=True, combine=None,
                pdf=False, edgar=False, email_drafts=None, report_path=None, dry_run=False,
                skip_existing=False, clean=False))
            job.notices = {n.row: (archive, n.name) for n in report.written}
        found = job.notices.get(row)
    if found is None:
        return None
    source, name = found
    if source.suffix != ".zip":
        return name, source.read_bytes()
    with zipfile.ZipFile(source) as archive_file:
        return name, archive_file.read(name)
