"""An upload as it arrives: written to its job's folder piece by piece (never held
whole), with a size cap and an idle timeout; and what a zip says it inflates to."""

from __future__ import annotations

import asyncio
import zipfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

UPLOAD_IDLE_SECONDS = 30.0  # a client that sends nothing for this long is dropped


def _error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def receive(request: Request, target: Path, limit: int) -> Response | None:
    """The request's body written to ``target`` as it arrives; an error answer when it
    is too large, empty, or its sender goes quiet."""
    size = 0
    stream = request.stream().__aiter__()
    with target.open("wb") as file:
        while True:
            try:
                chunk = await asyncio.wait_for(stream.__anext__(), UPLOAD_IDLE_SECONDS)
            except StopAsyncIteration:
                break
            except asyncio.TimeoutError:
                return _error("the upload stalled; try again", 408)
            size += len(chunk)
            if size > limit:
                return _error(f"the workbook is larger than {limit >> 20} MB; docgen "
                              "refuses it", 413)
            if chunk:
                await run_in_threadpool(file.write, chunk)
    if size == 0:
        return _error("no workbook received; choose or drop an .xlsx file", 400)
    return None


def inflated(path: Path) -> int:
    """What a zip says its parts inflate to, from its headers (nothing is inflated)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return 0  # not a zip: the workbook reader says what it is
