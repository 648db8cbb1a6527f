"""The page for anyone (#27): axe-core in every state, and a keyboard-only run.

axe-core comes from npm, pinned in tests/web/package.json (``.ci/run`` installs it with
``npm ci``); the page runs in Debian's chromium through Playwright, as in
test_browser.py. Fails, not skips, when DOCGEN_REQUIRE_BROWSER=1 (CI) and chromium or
axe-core is missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.web.test_browser import browser, server  # noqa: F401 (fixtures)

from conftest import ROOT, SAMPLE

AXE = ROOT / "tests" / "web" / "node_modules" / "axe-core" / "axe.min.js"
WITH_ERRORS = ROOT / "sample_workbooks" / "with-errors.xlsx"


def axe_script() -> str:
    if AXE.is_file():
        return AXE.read_text(encoding="utf-8")
    if os.environ.get("DOCGEN_REQUIRE_BROWSER") == "1":
        pytest.fail("axe-core is required: npm ci --prefix tests/web")
    pytest.skip("axe-core not installed (npm ci --prefix tests/web)")


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:  # noqa: F811
    """A page that may inject axe (the page's own policy allows only its own scripts) and
    reaches nothing but this machine; Office.js is never served (pane mode without it)."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1100, "height": 900},
                                  accept_downloads=True)
    context.route("**/*", lambda route: route.continue_() if urlsplit(
        route.request.url).hostname in ("127.0.0.1", "localhost") else route.abort())
    opened = context.new_page()
    yield opened
    context.close()


def serious(page: Any, script: str) -> list[str]:
    page.add_script_tag(content=script)
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.filter((v) => ['critical', 'serious'].includes(v.impact))
          .map((v) => `${v.id} (${v.impact}): ` +
               v.nodes.map((n) => n.target.join(' ')).join(', '));
    }""")
    return list(found)


def choose(page: Any, workbook: Path) -> None:
    page.set_input_files("#file", str(workbook))
    page.wait_for_selector("#checked:not([hidden])")


def test_axe_finds_nothing_serious_in_any_state(page: Any, server: tuple[str, Any],  # noqa: F811
                                                tmp_path: Path) -> None:
    script = axe_script()
    url, _app = server
    states: dict[str, list[str]] = {}
    page.goto(url)
    states["empty"] = serious(page, script)
    choose(page, SAMPLE)
    states["checked with warnings"] = serious(page, script)
    page.select_option("#preview-row", "2")
    page.wait_for_function("() => document.querySelector('#preview').src !== ''")
    states["preview open"] = serious(page, script)
    preview = page.context.new_page()  # the preview document itself (axe cannot enter the
    preview.goto(page.evaluate("() => document.querySelector('#preview').src"))  # sandbox)
    states["the preview document"] = serious(preview, script)
    page.click("#merge")
    page.wait_for_selector("#downloads:not([hidden])", timeout=60000)
    states["merge done"] = serious(page, script)
    with page.expect_download() as download:
        page.click("#download")
    download.value.save_as(tmp_path / "notices.zip")
    states["after download"] = serious(page, script)
    choose(page, WITH_ERRORS)
    states["with errors"] = serious(page, script)
    page.goto(url + "?pane=1")  # Office.js is blocked, as by a firm proxy
    page.wait_for_selector("#office-missing:not([hidden])")
    states["pane without Office.js"] = serious(page, script)
    assert all(found == [] for found in states.values()), states


def _focus_ring(page: Any) -> str:
    return str(page.evaluate("""() => {
        const el = document.activeElement;
        const target = el.id === 'file' ? document.querySelector('label[for=file]') : el;
        const style = getComputedStyle(target);
        return style.outlineStyle + ' ' + style.outlineWidth;
    }"""))


def test_a_keyboard_alone_checks_merges_and_downloads(page: Any,
                                                      server: tuple[str, Any]  # noqa: F811
                                                      ) -> None:
    url, _app = server
    page.goto(url)
    page.wait_for_selector("body[data-ready=yes]")  # the page's script has run
    page.keyboard.press("Tab")  # the first stop: the control that chooses the workbook
    assert page.evaluate("() => document.activeElement.id") == "file"
    assert _focus_ring(page) != "none 0px"
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(str(SAMPLE))
    page.wait_for_selector("#checked:not([hidden])")
    assert page.evaluate("() => document.activeElement.id") == "summary"  # the result, read
    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("() => document.activeElement.id"))
        if stops[-1] == "merge":
            break
    assert stops[-1] == "merge", stops
    assert _focus_ring(page) != "none 0px"
    page.keyboard.press("Enter")
    page.wait_for_selector("#downloads:not([hidden])", timeout=60000)
    assert page.evaluate("() => document.activeElement.id") == "download"
    assert _focus_ring(page) != "none 0px"
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "notices.zip"


# Markers for the fast lane (README, "Development"): -m "not slow and not office and not browser"
pytestmark = [pytest.mark.browser]


def test_a_thousand_rows_of_warnings_stay_readable(page: Any, server: tuple[str, Any],  # noqa: F811
                                                    tmp_path: Path) -> None:
    """#27: the CLI's grouping on the page (first five of a message, the rest folded) and
    a filter; 1,000 rows with warnings no longer make a page 175,000 px tall."""
    from conftest import GOOD_ROW, write_workbook

    rows = [{**GOOD_ROW, "Registrant Name": f"Corp {n}", "SEC File Number": None,
             "Part II (a)": None, "CUSIP": "123456789"} for n in range(1000)]
    rows[499]["Form"] = "10-KK"  # one error, row 501
    book = write_workbook(tmp_path / "big.xlsx", rows)
    url, _app = server
    page.goto(url)
    choose(page, book)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 40_000, height
    text = page.inner_text("#problems")
    assert text.startswith("Registrants!D501: error:")  # errors first
    assert "the same warning on 1000 rows; 995 more" in text
    page.check("#errors-only")
    assert page.locator("#problems li").count() == 1
    page.uncheck("#errors-only")
    page.fill("#row-filter", "7")
    assert all(line.startswith("Registrants!") and "7:" in line
               for line in page.inner_text("#problems").splitlines())


def test_the_page_survives_its_download(page: Any, server: tuple[str, Any],  # noqa: F811
                                        tmp_path: Path) -> None:
    """#27: after the zip, merge again (with PDFs off, EDGAR on) and preview: the job is
    still there; the report link works too."""
    url, _app = server
    page.goto(url)
    choose(page, SAMPLE)
    page.click("#merge")
    page.wait_for_selector("#downloads:not([hidden])", timeout=60000)
    with page.expect_download() as first:
        page.click("#download")
    first.value.save_as(tmp_path / "first.zip")
    page.check("#opt-edgar")
    page.click("#merge")
    page.wait_for_selector("#downloads:not([hidden])", timeout=60000)
    assert "EDGAR document" in page.inner_text("#merged")
    assert page.is_hidden("#merge-error")
    with page.expect_download() as report:
        page.click("#report")
    assert report.value.suggested_filename == "report.csv"
    page.select_option("#preview-row", "2")
    page.wait_for_function("() => document.querySelector('#preview').src !== ''")
    frame = page.frame_locator("#preview")
    frame.locator("text=THE AUXER GROUP, INC.").first.wait_for()
    assert page.is_hidden("#preview-error")


def test_rows_due_soon_are_chosen_and_merged_as_the_cli_does(
        page: Any, server: tuple[str, Any], tmp_path: Path) -> None:  # noqa: F811
    """#27: as of 2026-09-01, "due within 30 days" ticks rows 7, 8 and 9 (the README's
    `docgen deadlines ... --within 30`), and Merge writes those three notices."""
    import zipfile

    url, _app = server
    page.goto(url)
    choose(page, SAMPLE)
    page.fill("#as-of", "2026-09-01")
    page.dispatch_event("#as-of", "change")
    page.wait_for_function("() => document.querySelector('#deadlines tbody tr td:nth-child(8)')"
                           ".textContent !== ''")
    page.fill("#within", "30")
    page.click("#select-due")
    said = page.inner_text("#chosen-rows")
    assert said.startswith("3 of 8 rows are merged: ")
    assert sorted(said.split(": ")[1].split(", ")) == ["7", "8", "9"]
    page.click("#merge")
    page.wait_for_selector("#downloads:not([hidden])", timeout=60000)
    with page.expect_download() as download:
        page.click("#download")
    download.value.save_as(tmp_path / "chosen.zip")
    with zipfile.ZipFile(tmp_path / "chosen.zip") as archive:
        names = sorted(n for n in archive.namelist() if n.endswith(".docx"))
    assert sorted(n.split("_")[1] for n in names) == ["NT-10-K", "NT-N-CEN", "NT-N-CSR"]


def test_the_page_fits_a_narrow_screen(page: Any, server: tuple[str, Any]  # noqa: F811
                                       ) -> None:
    """WCAG 1.4.10: usable at 320 CSS pixels without scrolling sideways."""
    url, _app = server
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(url)
    choose(page, SAMPLE)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
