"""The page's Status view (#28), in Debian's chromium: the same records as
``docgen status``, problems opened per notice, text shown as text, keyboard and axe."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

import docgen
from tests.readback.season import edit, season, set_box, track_insertion
from tests.web.conftest import TODAY
from tests.web.test_a11y import axe_script, page, serious  # noqa: F401 (fixture)
from tests.web.test_browser import browser, server  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser]
DOCS = Path(__file__).resolve().parents[2] / "docs"


def _season(tmp_path: Path) -> tuple[Path, list[Path]]:
    workbook, folder, notices = season(tmp_path)
    edit(notices[2], set_box("Yes", False, 0))
    edit(notices[2], set_box("Yes", True, 1))
    edit(notices[6], track_insertion)
    notices[5].unlink()
    return workbook, sorted(folder.glob("*.docx"))


def _open(tab: Any, url: str, workbook: Path) -> None:
    tab.goto(url)
    tab.wait_for_selector("body[data-ready=yes]")
    tab.set_input_files("#file", str(workbook))
    tab.wait_for_selector("#checked:not([hidden])")


def test_the_status_view_shows_what_the_cli_shows(page: Any, server: tuple[str, Any],  # noqa: F811
                                                  tmp_path: Path) -> None:
    url, _app = server
    workbook, files = _season(tmp_path)
    expected = docgen.status(files[0].parent, workbook, today=TODAY)  # the page: a folder
    _open(page, url, workbook)
    page.set_input_files("#status-files", [str(p) for p in files])
    page.wait_for_selector("#status-table:not([hidden])")
    assert page.inner_text("#status-summary") == expected.summary()
    assert page.evaluate("() => document.activeElement.id") == "status-summary"
    rows = page.locator("#status-table tbody tr")
    assert rows.count() == len(expected.notices) == 5
    shown = [[rows.nth(n).locator("td").nth(c).inner_text() for c in (0, 4, 5)]
             for n in range(rows.count())]
    assert shown == [[r.state, r.registrant, r.file or "(none)"] for r in expected.notices]
    assert "Beta Draft & Sons <fictitious>" in page.inner_text("#status-table")
    assert page.locator("#status-table img, #status-table fictitious").count() == 0
    review = rows.filter(has_text="Alpha Ready Corp.").first
    review.locator("summary").click()
    lines = review.locator("li").all_inner_texts()
    alpha = next(r for r in expected.notices if r.row == 2)
    assert lines == [f"{f.kind}: {f}" for f in alpha.findings]
    assert "Other Reports Filed not ticked in the notice, Yes in the workbook" in lines[0]
    if os.environ.get("DOCGEN_UPDATE_SCREENSHOTS") == "1":
        top = page.evaluate("() => document.querySelector('#status-title').getBoundingClientRect()"
                            ".top + window.scrollY - 12")
        page.screenshot(path=str(DOCS / "serve-status.png"), full_page=True,
                        clip={"x": 0, "y": top, "width": 1100, "height": 560})
    page.check("#status-not-ready")
    states = page.locator("#status-table tbody tr td:first-child").all_inner_texts()
    assert "ready" not in states and "filed" not in states and states
    other = tmp_path / "other.xlsx"
    other.write_bytes(workbook.read_bytes())
    page.set_input_files("#file", str(other))  # another workbook: the status is gone
    page.wait_for_function("() => document.querySelector('#status-table').hidden")
    assert page.inner_text("#status-summary") == ""


def test_a_zip_of_the_folder_and_the_keyboard(page: Any, server: tuple[str, Any],  # noqa: F811
                                              tmp_path: Path) -> None:
    url, _app = server
    workbook, files = _season(tmp_path)
    archive = tmp_path / "season.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in files:
            out.write(path, f"notices/{path.name}")
    _open(page, url, workbook)
    for _ in range(120):  # Tab on, as a keyboard user does, to the notices' chooser
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "status-files":
            break
    assert page.evaluate("() => document.activeElement.id") == "status-files"
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(str(archive))
    page.wait_for_selector("#status-table:not([hidden])")
    expected = docgen.status(archive, workbook, today=TODAY)
    assert page.inner_text("#status-summary") == expected.summary()
    for _ in range(40):  # Tab on to the first notice's details, and open it
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.tagName") == "SUMMARY":
            break
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.parentElement.open") is True


def test_axe_finds_nothing_serious_in_the_status_view(page: Any, server: tuple[str, Any],  # noqa: F811
                                                      tmp_path: Path) -> None:
    script = axe_script()
    url, _app = server
    workbook, files = _season(tmp_path)
    _open(page, url, workbook)
    page.set_input_files("#status-files", [str(p) for p in files])
    page.wait_for_selector("#status-table:not([hidden])")
    page.locator("#status-table summary").first.click()
    assert serious(page, script) == []
    page.set_viewport_size({"width": 320, "height": 700})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320
