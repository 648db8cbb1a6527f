"""The Office add-in manifest and the two commands that start the page and write it."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from starlette.testclient import TestClient
from typer.testing import CliRunner

from docgen.cli.app import app as cli
from docgen.web.app import Settings, create_app
from docgen.web.manifest import manifest_xml

runner = CliRunner()
NS = "{http://schemas.microsoft.com/office/appforoffice/1.1}"
# OfficeApp (TaskPaneApp) child order, from the schema (1.1).
SCHEMA_ORDER = ["Id", "AlternateId", "Version", "ProviderName", "DefaultLocale", "DisplayName",
                "Description", "IconUrl", "HighResolutionIconUrl", "SupportUrl", "AppDomains",
                "Hosts", "Requirements", "DefaultSettings", "Permissions", "VersionOverrides"]


def _check(data: bytes, origin: str) -> etree._Element:
    root = etree.fromstring(data)
    assert root.tag == f"{NS}OfficeApp"
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "TaskPaneApp"
    names = [etree.QName(child).localname for child in root]
    assert names == [n for n in SCHEMA_ORDER if n in names]  # schema order
    uuid.UUID(root.findtext(f"{NS}Id"))  # a GUID
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", root.findtext(f"{NS}Version") or "")
    assert root.findtext(f"{NS}Permissions") == "ReadDocument"
    assert [h.get("Name") for h in root.iter(f"{NS}Host")] == ["Workbook", "Document"]
    urls = [e.get("DefaultValue") for e in root.iter() if str(e.get("DefaultValue", "")
                                                                ).startswith("http")]
    urls += [e.text for e in root.iter(f"{NS}AppDomain")]
    assert len(urls) >= 5
    for url in urls:
        assert url is not None and url.startswith("https://") and (
            url == origin or url.startswith(origin + "/")), url
    assert root.find(f"{NS}DefaultSettings/{NS}SourceLocation").get(  # type: ignore[union-attr]
        "DefaultValue") == origin + "/?pane=1"
    return root


def test_manifest_is_well_formed_in_schema_order_and_under_its_origin() -> None:
    _check(manifest_xml("https://docgen.firm.internal:8765"), "https://docgen.firm.internal:8765")


def test_the_server_serves_its_own_manifest_over_https() -> None:
    settings = Settings(hosts=("docgen.firm.test",))
    with TestClient(create_app(settings), base_url="https://docgen.firm.test") as c:
        answer = c.get("/manifest.xml")
        assert answer.status_code == 200
        _check(answer.content, "https://docgen.firm.test")
        icon = c.get("/icon-64.png")
        assert icon.status_code == 200 and icon.content.startswith(b"\x89PNG")


def test_office_manifest_command(tmp_path: Path) -> None:
    out = tmp_path / "docgen-addin.xml"
    done = runner.invoke(cli, ["office", "manifest", "--url", "https://docgen.firm.test/",
                               "--out", str(out)])
    assert done.exit_code == 0, done.output
    _check(out.read_bytes(), "https://docgen.firm.test")
    again = runner.invoke(cli, ["office", "manifest", "--url", "https://docgen.firm.test",
                                "--out", str(out)])
    assert again.exit_code == 4
    plain = runner.invoke(cli, ["office", "manifest", "--url", "http://localhost:8765"])
    assert plain.exit_code == 2 and "only from an https:// address" in plain.output


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    import uvicorn

    calls: dict[str, Any] = {}

    def run(server: uvicorn.Server) -> None:
        config = server.config
        calls.update(app=config.app, host=config.host, port=config.port,
                     access_log=config.access_log, ssl_certfile=config.ssl_certfile,
                     ssl_keyfile=config.ssl_keyfile, http=config.http,
                     limit_concurrency=config.limit_concurrency)

    monkeypatch.setattr(uvicorn.Server, "run", run)
    return calls


def test_serve_listens_on_loopback_without_a_token(started: dict[str, Any]) -> None:
    done = runner.invoke(cli, ["serve", "--port", "8799"])
    assert done.exit_code == 0, done.output
    assert "docgen is serving http://localhost:8799/ " in done.output
    assert started["host"] == "127.0.0.1" and started["port"] == 8799
    assert started["access_log"] is False
    assert started["app"].state.settings.token is None
    assert started["limit_concurrency"] == 100 and started["http"].__name__ == "TimedProtocol"


def test_serve_beyond_loopback_warns_and_requires_a_token(started: dict[str, Any]) -> None:
    done = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "--allow-host", "docgen.firm"])
    assert done.exit_code == 0, done.output
    token = started["app"].state.settings.token
    assert token and len(token) >= 24
    assert "warning: listening on 0.0.0.0" in done.output
    assert f"?token={token}" in done.output


def test_serve_option_slips_are_one_line(tmp_path: Path, started: dict[str, Any]) -> None:
    done = runner.invoke(cli, ["serve", "--cert", str(tmp_path / "c.pem")])
    assert done.exit_code == 2 and "--cert and --key go together" in done.output
    (tmp_path / "c.pem").write_text("x")
    done = runner.invoke(cli, ["serve", "--cert", str(tmp_path / "c.pem"),
                               "--key", str(tmp_path / "k.pem")])
    assert done.exit_code == 2 and "k.pem: not found" in done.output
    assert not started


def test_serve_passes_the_certificate_to_uvicorn(tmp_path: Path, started: dict[str, Any]) -> None:
    (tmp_path / "c.pem").write_text("x")
    (tmp_path / "k.pem").write_text("y")
    done = runner.invoke(cli, ["serve", "--cert", str(tmp_path / "c.pem"), "--key",
                               str(tmp_path / "k.pem"), "--office-js",
                               "https://intranet.firm/office/office.js"])
    assert done.exit_code == 0, done.output
    assert "docgen is serving https://localhost:8765/" in done.output
    assert started["ssl_certfile"] == str(tmp_path / "c.pem")
    assert started["ssl_keyfile"] == str(tmp_path / "k.pem")
    settings = started["app"].state.settings
    assert settings.office_js == "https://intranet.firm/office/office.js"


def test_a_stopped_server_leaves_no_workbook_behind(tmp_path: Path) -> None:
    import os
    import re
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    from conftest import SAMPLE

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "TMPDIR": str(tmp_path)})
    try:
        for _ in range(100):
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        csrf = re.search(r'docgen-csrf" content="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        answer = httpx.post(f"http://127.0.0.1:{port}/api/jobs", content=SAMPLE.read_bytes(),
                            headers={"X-Docgen-CSRF": csrf})
        assert answer.status_code == 200
        assert [p.name[:13] for p in tmp_path.iterdir()] == ["docgen-serve-"]
    finally:
        server.send_signal(signal.SIGTERM)
        _out, errors = server.communicate(timeout=20)
    assert server.returncode == 0, errors
    assert "Traceback" not in errors and "docgen stopped" in errors
    assert list(tmp_path.iterdir()) == []


def test_a_taken_port_is_one_line_before_anything_else() -> None:
    """#27: never "docgen is serving" first, never uvicorn's raw [Errno 98] line."""
    import socket
    import subprocess
    import sys

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "docgen", "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr.strip() == (f"Error: port {port} is in use (another docgen serve?); "
                                   "use --port to choose another")
