"""Item 2 of issue 16: every guard refuses what it must, and jobs leave nothing behind."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

from starlette.testclient import TestClient

from docgen.web.app import Settings, create_app
from tests.web.conftest import ORIGIN, merged, upload

from conftest import SAMPLE


def test_another_host_name_is_refused(client: TestClient) -> None:
    """DNS rebinding: a page on evil.example resolved to 127.0.0.1 is not answered."""
    for host in ("evil.example", "evil.example:8765", "127.0.0.1.evil.example"):
        answer = client.get("/", headers={"Host": host})
        assert answer.status_code == 400, host
        assert "host name" in answer.json()["error"]
    for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host


def test_posts_without_the_pages_csrf_token_are_refused(client: TestClient) -> None:
    for headers in ({"X-Docgen-CSRF": ""}, {"X-Docgen-CSRF": "guess"}):
        answer = client.post("/api/jobs", content=SAMPLE.read_bytes(), headers=headers)
        assert answer.status_code == 403
        assert "docgen's own page" in answer.json()["error"]
    job = upload(client, SAMPLE).json()["job"]
    assert client.delete(f"/api/jobs/{job}", headers={"X-Docgen-CSRF": "x"}).status_code == 403
    assert client.get(f"/api/jobs/{job}").status_code == 200  # still there


def test_cross_origin_preflight_gets_no_cors(client: TestClient) -> None:
    answer = client.options("/api/jobs", headers={"Origin": "https://evil.example",
                                                  "Access-Control-Request-Method": "POST"})
    assert answer.status_code == 403
    assert not any(h.startswith("access-control-") for h in answer.headers)


def test_a_token_is_needed_for_every_request_when_set() -> None:
    settings = Settings(token="s3cret-token", hosts=("docgen.firm.test",))
    with TestClient(create_app(settings), base_url="http://docgen.firm.test") as c:
        c.headers["X-Docgen-CSRF"] = settings.csrf
        assert c.get("/").status_code == 401
        assert c.get("/static/docgen.js").status_code == 401
        assert upload(c, SAMPLE).status_code == 401
        page = c.get("/?token=wrong")
        assert page.status_code == 401
        page = c.get("/?token=s3cret-token")
        assert page.status_code == 200
        cookie = page.headers["set-cookie"]
        assert "docgen_token=s3cret-token" in cookie and "HttpOnly" in cookie
        assert "SameSite=Strict" in cookie
        assert c.get("/static/docgen.js").status_code == 200  # by the cookie
        c.cookies.clear()
        bearer = {"Authorization": "Bearer s3cret-token",
                  "X-Docgen-Filename": "registrants.xlsx"}
        assert c.post("/api/jobs", content=SAMPLE.read_bytes(), headers=bearer
                      ).status_code == 200


def test_oversize_uploads_are_refused(tmp_path: Path) -> None:
    settings = Settings(max_upload_mb=1)
    with TestClient(create_app(settings), base_url=ORIGIN) as c:
        c.headers["X-Docgen-CSRF"] = settings.csrf
        big = b"PK" + b"\0" * (2 << 20)
        answer = upload(c, big)
        assert answer.status_code == 413 and "larger than 1 MB" in answer.json()["error"]

        def chunks():  # type: ignore[no-untyped-def]
            for _ in range(40):
                yield b"\0" * 65536  # no Content-Length: counted as it arrives

        answer = c.post("/api/jobs", content=chunks())
        assert answer.status_code == 413
        assert list(c.app.state.jobs.root.iterdir()) == []  # type: ignore[attr-defined]


def test_a_zip_bomb_is_a_clear_message_not_an_out_of_memory(client: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(SAMPLE) as source, zipfile.ZipFile(buffer, "w",
                                                            zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"</sheetData>" + b" " * (300 << 20))
            bomb.writestr(info, data)
    assert len(buffer.getvalue()) < 2 << 20
    answer = upload(client, buffer.getvalue())
    assert answer.status_code == 413
    error = answer.json()["error"]
    assert error.startswith("registrants.xlsx: inflates to more than 256 MB")
    assert "\n" not in error
    assert list(client.app.state.jobs.root.iterdir()) == []  # type: ignore[attr-defined]


def test_jobs_are_private_and_deleted(client: TestClient) -> None:
    first = upload(client, SAMPLE).json()["job"]
    second = upload(client, SAMPLE).json()["job"]
    assert len(first) >= 24 and first != second
    assert client.get(f"/api/jobs/{first[:-1]}x").status_code == 404
    assert client.get("/api/jobs/..%2F..%2Fetc/report.csv").status_code == 404
    jobs = client.app.state.jobs  # type: ignore[attr-defined]
    folder = jobs.root / first
    assert (folder.stat().st_mode & 0o777) == 0o700 and (jobs.root.stat().st_mode & 0o777) == 0o700
    state = merged(client, second)
    assert state["status"] == "merged"
    assert client.delete(f"/api/jobs/{first}").status_code == 204
    assert not folder.exists()
    assert client.get(f"/api/jobs/{second}/notices.zip").status_code == 200
    assert [p.name for p in jobs.root.iterdir()] == [second]  # kept after the download
    assert client.delete(f"/api/jobs/{second}").status_code == 204  # the page was left
    assert list(jobs.root.iterdir()) == []


def test_idle_jobs_expire_and_the_server_leaves_nothing(tmp_path: Path) -> None:
    settings = Settings(lifetime=0.2)
    app = create_app(settings)
    with TestClient(app, base_url=ORIGIN) as c:
        c.headers["X-Docgen-CSRF"] = settings.csrf
        job = upload(c, SAMPLE).json()["job"]
        root = app.state.jobs.root
        time.sleep(0.3)
        assert c.get(f"/api/jobs/{job}").status_code == 404
        assert list(root.iterdir()) == []
        upload(c, SAMPLE)
    assert not root.exists()  # the server stopped: every job's files went with it


def test_nothing_is_logged_but_counts(client: TestClient, capsys: object) -> None:
    upload(client, SAMPLE)
    out = capsys.readouterr()  # type: ignore[attr-defined]
    assert "AUXER" not in out.out + out.err and "Registrants!" not in out.out + out.err
