"""The Status view's API (#28): the same guards as the workbook's upload, and the
records ``docgen status`` gives."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

import docgen
from tests.readback.season import season
from tests.web.conftest import TODAY, upload


def _job(client: TestClient, tmp_path: Path) -> tuple[str, Path, Path]:
    workbook, folder, _ = season(tmp_path)
    answer = upload(client, workbook)
    assert answer.status_code == 200, answer.text
    return answer.json()["job"], workbook, folder


def _send(client: TestClient, job: str, path: Path, name: str | None = None) -> object:
    return client.post(f"/api/jobs/{job}/notices", content=path.read_bytes(),
                       headers={"Content-Type": "application/octet-stream",
                                "X-Docgen-Filename": name or path.name})


def test_notices_in_records_out(client: TestClient, tmp_path: Path) -> None:
    job, workbook, folder = _job(client, tmp_path)
    for path in sorted(folder.glob("*.docx")):
        answer = _send(client, job, path)
        assert answer.status_code == 201, answer.text  # type: ignore[attr-defined]
    result = client.post(f"/api/jobs/{job}/status").json()
    expected = docgen.status(folder, workbook, today=TODAY)
    assert result["summary"] == expected.summary()
    assert [{k: v for k, v in r.items() if k not in ("brief", "lines")}
            for r in result["notices"]] == [r.record() for r in expected.notices]
    assert client.delete(f"/api/jobs/{job}/notices").status_code == 204
    again = client.post(f"/api/jobs/{job}/status")
    assert again.status_code == 409
    assert again.json()["error"] == "no notices received; choose the notices (.docx or a .zip)"


def test_the_guards_hold(client: TestClient, tmp_path: Path) -> None:
    job, _, folder = _job(client, tmp_path)
    notice = next(folder.glob("*.docx"))
    bare = client.post(f"/api/jobs/{job}/notices", content=notice.read_bytes(),
                       headers={"X-Docgen-CSRF": "", "X-Docgen-Filename": "2.docx"})
    assert bare.status_code == 403
    wrong = _send(client, job, notice, "notes.txt")
    assert wrong.status_code == 415  # type: ignore[attr-defined]
    assert wrong.json()["error"] == "notes.txt: give notices (.docx) or a .zip of them"  # type: ignore[attr-defined]
    sneaky = _send(client, job, notice, "../../etc/passwd.docx")
    assert sneaky.json() == {"file": "passwd.docx"}  # type: ignore[attr-defined]
    assert client.post("/api/jobs/nope/status").status_code == 404
