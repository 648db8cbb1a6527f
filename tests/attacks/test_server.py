"""The page's server under load and abuse (#25, classes 4 and 5), on loopback only.

Every test bounds its clients in count and time. Real servers run in a thread of this
process (uvicorn with docgen's own protocol and limits) or, where memory is measured,
as a ``docgen serve`` process of their own.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.testclient import TestClient

from docgen.web import app as web_app
from docgen.web.app import Settings, create_app
from docgen.web.server import config
from tests.web.conftest import ORIGIN, upload

from conftest import GOOD_ROW, SAMPLE, require_office, write_workbook


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served() -> Iterator[tuple[str, Any, Settings]]:
    """A real server on loopback, with a one-second header deadline."""
    settings = Settings()
    app = create_app(settings)
    port = _free_port()
    server = uvicorn.Server(config(app, "127.0.0.1", port, header_seconds=1.0))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app, settings
    server.should_exit = True
    thread.join(15)


def test_half_sent_requests_are_dropped_and_others_get_in(served: tuple[str, Any, Settings]
                                                          ) -> None:
    url, _app, _settings = served
    port = int(url.rsplit(":", 1)[1])
    slow = []
    for _ in range(150):
        client = socket.create_connection(("127.0.0.1", port), timeout=5)
        client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # never finished
        slow.append(client)
    try:
        time.sleep(2.5)  # past the one-second deadline
        for client in slow:
            assert client.recv(64) == b""  # the server closed it
        answer = httpx.get(url + "/", timeout=10)
        assert answer.status_code == 200
    finally:
        for client in slow:
            client.close()


def test_long_polls_hold_no_thread_and_stall_no_upload(served: tuple[str, Any, Settings]
                                                       ) -> None:
    url, app, settings = served
    headers = {"X-Docgen-CSRF": settings.csrf}
    first = httpx.post(url + "/api/jobs", content=SAMPLE.read_bytes(), headers={
        **headers, "Content-Type": "application/octet-stream"}, timeout=30).json()["job"]
    app.state.jobs.get(first).status = "merging"  # as if a long merge ran: polls wait

    async def scenario() -> float:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            polls = [asyncio.create_task(client.get(f"/api/jobs/{first}?wait=4"))
                     for _ in range(60)]
            await asyncio.sleep(0.3)
            started = time.monotonic()
            answer = await client.post("/api/jobs", content=SAMPLE.read_bytes(), headers={
                **headers, "Content-Type": "application/octet-stream"})
            took = time.monotonic() - started
            assert answer.status_code == 200, answer.text
            app.state.jobs.get(first).status = "checked"
            await asyncio.gather(*polls)
            return took

    assert asyncio.run(scenario()) < 3.0  # not queued behind 60 waiting polls


def test_deleting_a_job_mid_merge_stops_it_and_leaves_nothing(tmp_path: Path) -> None:
    rows = [{**GOOD_ROW, "Registrant Name": f"Corp {n}"} for n in range(3000)]
    book = write_workbook(tmp_path / "big.xlsx", rows)
    settings = Settings()
    with TestClient(create_app(settings), base_url=ORIGIN) as client:
        client.headers["X-Docgen-CSRF"] = settings.csrf
        job = upload(client, book.read_bytes()).json()["job"]
        stored = client.app.state.jobs.get(job)  # type: ignore[attr-defined]
        assert client.post(f"/api/jobs/{job}/merge", json={}).status_code == 202
        time.sleep(0.3)
        assert client.delete(f"/api/jobs/{job}").status_code == 204
        assert stored.finished.wait(30)
        assert stored.done < 3000  # it stopped, not ran to the end
        assert not stored.folder.exists()


def test_the_job_outlives_its_download_and_goes_when_the_page_says(
        client_and_job: tuple[TestClient, str]) -> None:
    """#27: a second merge or the report after the zip; the page's DELETE (on leaving)
    removes it, files and all."""
    client, job = client_and_job
    folder = client.app.state.jobs.get(job).folder  # type: ignore[attr-defined]
    assert client.head(f"/api/jobs/{job}/notices.zip").status_code == 200
    assert client.get(f"/api/jobs/{job}/notices.zip").status_code == 200
    assert client.get(f"/api/jobs/{job}/report.csv").status_code == 200
    assert client.get(f"/api/jobs/{job}").status_code == 200  # still there
    assert client.delete(f"/api/jobs/{job}").status_code == 204
    assert client.get(f"/api/jobs/{job}").status_code == 404 and not folder.exists()


@pytest.fixture
def client_and_job() -> Iterator[tuple[TestClient, str]]:
    from tests.web.conftest import merged

    settings = Settings()
    with TestClient(create_app(settings), base_url=ORIGIN) as client:
        client.headers["X-Docgen-CSRF"] = settings.csrf
        job = upload(client, SAMPLE).json()["job"]
        assert merged(client, job)["status"] == "merged"
        yield client, job


def test_idle_jobs_expire_on_a_timer_without_requests(monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    monkeypatch.setattr(web_app, "SWEEP_SECONDS", 0.2)
    settings = Settings(lifetime=0.5)
    with TestClient(create_app(settings), base_url=ORIGIN) as client:
        client.headers["X-Docgen-CSRF"] = settings.csrf
        job = upload(client, SAMPLE).json()["job"]
        folder = client.app.state.jobs.get(job).folder  # type: ignore[attr-defined]
        deadline = time.monotonic() + 10
        while folder.exists() and time.monotonic() < deadline:
            time.sleep(0.1)  # no request meanwhile
        assert not folder.exists()


def test_stopping_the_server_mid_pdf_merge_leaves_nothing(tmp_path: Path) -> None:
    require_office()
    settings = Settings()
    with TestClient(create_app(settings), base_url=ORIGIN) as client:
        client.headers["X-Docgen-CSRF"] = settings.csrf
        job = upload(client, SAMPLE).json()["job"]
        root = client.app.state.jobs.root  # type: ignore[attr-defined]
        assert client.post(f"/api/jobs/{job}/merge", json={"pdf": True}).status_code == 202
        time.sleep(1.0)  # LibreOffice is converting
    assert not root.exists()
    leftover = subprocess.run(["pgrep", "-f", f"UserInstallation=.*{root.name}"],
                              capture_output=True, text=True)
    assert leftover.stdout.strip() == ""


def test_concurrent_large_uploads_keep_memory_flat(tmp_path: Path) -> None:
    """Six 20 MB uploads at once: written to disk as they arrive, never held whole."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               cwd=tmp_path)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                page = httpx.get(url + "/", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        csrf = page.text.split('name="docgen-csrf" content="')[1].split('"')[0]
        before = _peak_kb(process.pid)
        payload = os.urandom(20 << 20)

        async def send_all() -> list[int]:
            async with httpx.AsyncClient(base_url=url, timeout=60) as client:
                answers = await asyncio.gather(*(client.post(
                    "/api/jobs", content=payload, headers={
                        "X-Docgen-CSRF": csrf, "Content-Type": "application/octet-stream"})
                    for _ in range(6)))
                return [a.status_code for a in answers]

        codes = asyncio.run(send_all())
        assert all(code in (422,) for code in codes), codes  # not a workbook: refused
        grown = _peak_kb(process.pid) - before
        assert grown < 80 << 10, f"peak memory grew {grown >> 10} MB"  # 120 MB if held whole
    finally:
        process.terminate()
        process.wait(15)


def _peak_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0])


# Markers for the fast lane (README, "Development"): -m "not slow and not office and not browser"
pytestmark = [pytest.mark.slow, pytest.mark.office]
