"""The page in a real headless Chromium (Debian's, driven by Playwright), in a browser and
as the Excel task pane with a stand-in for Office.js routed in place of Microsoft's file.

Fails, not skips, when DOCGEN_REQUIRE_BROWSER=1 (CI) and chromium is missing. Every
request to anything but this machine is aborted.
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn
from typer.testing import CliRunner

from docgen.cli.app import app as cli
from docgen.web.app import OFFICE_JS, Settings, create_app
from tests.web.conftest import TODAY, unzip

from conftest import GOOD_ROW, SAMPLE, require_program, write_workbook
from docxread import box_states, paragraphs

DOUBLE = Path(__file__).with_name("office_double.js").read_text()
DOCS = Path(__file__).resolve().parents[2] / "docs"
runner = CliRunner()


def require_browser() -> str:
    return require_program(("chromium", "chromium-browser"), "chromium (apt-get install "
                           "chromium)", "DOCGEN_REQUIRE_BROWSER")


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Any]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(Settings(today=TODAY))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            access_log=False)
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/", app
    running.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
    blocked: list[str] = []

    def local_only(route: Any) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    context.route(OFFICE_JS, lambda route: route.fulfill(
        body=DOUBLE, content_type="application/javascript"))
    context.add_init_script(
        f"window.__docgenWorkbook = '{base64.b64encode(SAMPLE.read_bytes()).decode()}';")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    yield opened
    context.close()
    assert errors == []
    assert blocked == []


def _cli_notices(tmp_path: Path, *extra: str) -> Path:
    workbook = tmp_path / "cli" / "registrants.xlsx"
    workbook.parent.mkdir()
    shutil.copyfile(SAMPLE, workbook)
    out = tmp_path / "cli" / "notices"
    done = runner.invoke(cli, ["merge", str(workbook), "--out", str(out), *extra])
    assert done.exit_code == 0, done.output
    return out


def _download(page: Any, tmp_path: Path, name: str) -> list[Path]:
    page.click("#merge")
    page.wait_for_selector("#downloads:not([hidden])", timeout=60000)
    with page.expect_download() as info:
        page.click("#download")
    archive = tmp_path / f"{name}.zip"
    info.value.save_as(archive)
    return unzip(archive.read_bytes(), tmp_path / name)


def _same_notices(files: list[Path], cli_out: Path) -> None:
    ours = {p.name: p for p in files if p.suffix == ".docx"}
    theirs = {p.name: p for p in cli_out.glob("*.docx")}
    assert sorted(ours) == sorted(theirs) and len(ours) == 8
    for name, path in ours.items():
        assert paragraphs(path) == paragraphs(theirs[name])
        assert box_states(path) == box_states(theirs[name])


def test_web_mode_checks_previews_and_downloads_the_clis_notices(
        page: Any, server: tuple[str, Any], tmp_path: Path) -> None:
    url, _app = server
    page.goto(url)
    page.wait_for_selector("body[data-ready=yes]")
    assert page.inner_text("#mode") == ""
    assert page.is_hidden("#use-open") and page.is_hidden("#open-word")
    page.set_input_files("#file", str(SAMPLE))
    page.wait_for_selector("#checked:not([hidden])")
    assert page.inner_text("#summary") == "8 rows checked: 0 errors, 2 warnings"
    problems = page.inner_text("#problems")
    assert "Registrants!K2: warning: Transition Period Ended is filled" in problems
    assert page.locator("#deadlines tbody tr").count() == 8
    first_status = page.inner_text("#deadlines tbody tr:first-child td.status")
    assert first_status == "extension ended"
    if os.environ.get("DOCGEN_UPDATE_SCREENSHOTS") == "1":
        page.screenshot(path=str(DOCS / "serve-page.png"), full_page=False)
    page.select_option("#preview-row", "2")
    frame = page.frame_locator("#preview")
    frame.locator("text=THE AUXER GROUP, INC.").first.wait_for()
    shown = frame.locator("body").inner_text()
    glyphs = [c == "\u2612" for c in shown if c in "\u2610\u2612"]
    assert glyphs == box_states(_cli_notices(tmp_path) /
                                "the-auxer-group-inc_NT-10-K_2002-12-31.docx")
    page.check("#opt-edgar")
    files = _download(page, tmp_path, "web")
    assert page.inner_text("#merged") == ("8 notices in notices.zip, 8 EDGAR documents; "
                                          "2 warnings")
    _same_notices(files, tmp_path / "cli" / "notices")
    assert len([p for p in files if p.suffix == ".htm"]) == 8


def test_a_bad_workbook_shows_the_clis_one_line(page: Any, server: tuple[str, Any],
                                               tmp_path: Path) -> None:
    url, _app = server
    bad = tmp_path / "registrants.csv"
    bad.write_text("Registrant Name,Form\nAcme,10-K\n")
    cli_line = runner.invoke(cli, ["check", str(bad)]).stderr.strip()
    page.goto(url)
    page.wait_for_selector("body[data-ready=yes]")
    page.set_input_files("#file", str(bad))
    page.wait_for_selector("#error:not([hidden])")
    assert page.inner_text("#error") == cli_line.replace(str(bad), bad.name)
    assert page.is_hidden("#checked")


def test_cell_text_is_shown_as_text_never_as_markup(page: Any, server: tuple[str, Any],
                                                    tmp_path: Path) -> None:
    url, _app = server
    name = '<img src=x onerror=alert(1)> & "Q" {{ 7*7 }}'
    workbook = write_workbook(tmp_path / "book.xlsx", [{**GOOD_ROW, "Registrant Name": name,
                                                        "SEC File Number": None}])
    page.goto(url)
    page.wait_for_selector("body[data-ready=yes]")
    page.set_input_files("#file", str(workbook))
    page.wait_for_selector("#checked:not([hidden])")
    assert page.inner_text("#deadlines tbody tr td:nth-child(3)") == name
    assert f"Row 2: {name}" in page.inner_text("#preview-row")
    assert ": warning: SEC File Number is blank" in page.inner_text("#problems")
    assert page.locator("#checked img").count() == 0


def test_task_pane_reads_the_open_workbook_in_slices_with_the_same_results(
        page: Any, server: tuple[str, Any], tmp_path: Path) -> None:
    url, _app = server
    page.goto(url + "?pane=1")
    page.wait_for_selector("#use-open:not([hidden])")
    assert page.inner_text("#mode") == "(Excel task pane)"
    page.click("#use-open")
    page.wait_for_selector("#checked:not([hidden])")
    assert page.inner_text("#summary") == "8 rows checked: 0 errors, 2 warnings"
    assert "Registrants!K2: warning:" in page.inner_text("#problems")
    calls = page.evaluate("window.__officeCalls")
    size = SAMPLE.stat().st_size
    slices = -(-size // 1000)
    assert calls[0] == ["getFileAsync", "compressed", 4194304]
    assert calls[1:-1] == [["getSliceAsync", i] for i in range(slices)]
    assert calls[-1] == ["closeAsync"]
    if os.environ.get("DOCGEN_UPDATE_SCREENSHOTS") == "1":
        page.set_viewport_size({"width": 350, "height": 800})
        page.screenshot(path=str(DOCS / "serve-pane.png"))
    files = _download(page, tmp_path, "pane")
    _same_notices(files, _cli_notices(tmp_path))


@pytest.mark.parametrize("failure, message", [
    ("file", "Error: Excel could not hand over the workbook (The operation failed.)"),
    ("slice", "Error: Excel stopped while handing over the workbook; try again"),
])
def test_task_pane_failures_are_shown_and_the_file_is_closed(
        page: Any, server: tuple[str, Any], failure: str, message: str) -> None:
    url, _app = server
    page.add_init_script(f"window.__docgenFail = '{failure}';")
    page.goto(url + "?pane=1")
    page.wait_for_selector("#use-open:not([hidden])")
    page.click("#use-open")
    page.wait_for_selector("#error:not([hidden])")
    assert page.inner_text("#error").startswith(message)
    calls = page.evaluate("window.__officeCalls")
    assert (calls[-1] == ["closeAsync"]) == (failure == "slice")


def test_word_pane_opens_a_notice_as_a_word_document(page: Any, server: tuple[str, Any],
                                                    tmp_path: Path) -> None:
    url, _app = server
    page.add_init_script("window.__officeHost = 'Word';")
    page.goto(url + "?pane=1")
    page.wait_for_selector("body[data-ready=yes]")
    page.wait_for_selector("#mode:has-text('Word task pane')")
    assert page.inner_text("#mode") == "(Word task pane)"
    assert page.is_hidden("#use-open")
    page.set_input_files("#file", str(SAMPLE))
    page.wait_for_selector("#checked:not([hidden])")
    page.select_option("#preview-row", "2")
    page.click("#open-word")
    for _ in range(200):  # wait_for_function would need eval, which the page's CSP forbids
        if page.evaluate("window.__createdDocument !== undefined"):
            break
        time.sleep(0.05)
    opened = base64.b64decode(page.evaluate("window.__createdDocument"))
    expected = _cli_notices(tmp_path) / "the-auxer-group-inc_NT-10-K_2002-12-31.docx"
    assert paragraphs(opened) == paragraphs(expected)
    assert page.evaluate("window.__officeCalls").count(["open"]) == 1


def test_on_a_mac_the_pane_hands_downloads_to_the_browser(page: Any, server: tuple[str, Any]
                                                          ) -> None:
    url, _app = server
    page.add_init_script("window.__officePlatform = 'Mac';")
    page.goto(url + "?pane=1")
    page.wait_for_selector("#use-open:not([hidden])")
    page.click("#use-open")
    page.wait_for_selector("#checked:not([hidden])")
    page.click("#merge")
    page.wait_for_selector("#downloads:not([hidden])", timeout=60000)
    page.click("#download")  # the page first asks the server whether the file is there
    for _ in range(100):  # (the page's policy forbids wait_for_function's eval)
        opened = [c for c in page.evaluate("window.__officeCalls")
                  if c[0] == "openBrowserWindow"]
        if opened:
            break
        page.wait_for_timeout(50)
    assert len(opened) == 1
    assert opened[0][1].startswith(url + "api/jobs/") and opened[0][1].endswith("/notices.zip")


# Markers for the fast lane (README, "Development"): -m "not slow and not office and not browser"
pytestmark = [pytest.mark.browser]
