"""EDGAR HTML as a browser shows it: Debian's Chromium, driven by Playwright.

An EDGAR document has no DOCTYPE, so browsers render it in quirks mode, where a table
does not inherit the body's font size: the signature block printed at 12 pt beside a
10 pt body until each table stated its font (#23). Fails, not skips, when
DOCGEN_REQUIRE_BROWSER=1 (CI) and chromium is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import require_program

GOLDEN = Path(__file__).parent / "golden"
SIZES = """() => {
  const size = (p) => getComputedStyle(p).fontSize;
  const ps = [...document.querySelectorAll('p')];
  const find = (start) => ps.find((p) => p.textContent.startsWith(start));
  const date = find('Date: '), by = find('By: '), state = find('State below'),
        narrative = state.nextElementSibling, body = find('If the subject report');
  const hyphens = [...document.querySelectorAll('font')]
    .filter((f) => f.textContent === '12b-25').map((f) => getComputedStyle(f).whiteSpace);
  return {compat: document.compatMode, body: size(body), date: size(date), by: size(by),
          narrative: size(narrative), rule: hyphens};
}"""


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    executable = require_program(("chromium", "chromium-browser"), "chromium (apt-get "
                                 "install chromium)", "DOCGEN_REQUIRE_BROWSER")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        context = browser.new_context()
        context.route("**/*", lambda route: route.abort())  # nothing leaves the machine
        yield context.new_page()
        browser.close()


@pytest.mark.parametrize("golden", sorted(p.name for p in GOLDEN.glob("*.htm")))
def test_signature_block_narrative_and_body_print_at_one_size(page: Any, golden: str) -> None:
    page.set_content((GOLDEN / golden).read_text(encoding="ascii"))
    found = page.evaluate(SIZES)
    assert found["compat"] == "BackCompat"  # quirks mode, as EDGAR shows it
    assert found["body"] == found["date"] == found["by"] == found["narrative"], found
    assert found["body"] == "13.3333px"  # 10 pt
    assert found["rule"] and set(found["rule"]) == {"nowrap"}  # "Rule 12b-25" never breaks


# Markers for the fast lane (README, "Development"): -m "not slow and not office and not browser"
pytestmark = [pytest.mark.browser]
