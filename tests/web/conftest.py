from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from docgen.web.app import Settings, create_app

TODAY = dt.date(2026, 11, 25)
ORIGIN = "http://127.0.0.1:8765"


@pytest.fixture
def settings() -> Settings:
    return Settings(today=TODAY)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url=ORIGIN) as test_client:
        test_client.headers["X-Docgen-CSRF"] = settings.csrf
        yield test_client


def upload(client: TestClient, workbook: Path | bytes) -> Any:
    data = workbook if isinstance(workbook, bytes) else workbook.read_bytes()
    name = "registrants.xlsx" if isinstance(workbook, bytes) else workbook.name
    return client.post("/api/jobs", content=data,
                       headers={"Content-Type": "application/octet-stream",
                                "X-Docgen-Filename": name})


def merged(client: TestClient, job: str, **options: bool) -> dict[str, Any]:
    started = client.post(f"/api/jobs/{job}/merge", json=options)
    assert started.status_code == 202, started.text
    for _ in range(600):
        state: dict[str, Any] = client.get(f"/api/jobs/{job}").json()
        if state["status"] != "merging":
            return state
        time.sleep(0.05)
    raise AssertionError("the merge did not finish")


def unzip(data: bytes, folder: Path) -> list[Path]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(folder)
        return sorted(folder / name for name in archive.namelist())
