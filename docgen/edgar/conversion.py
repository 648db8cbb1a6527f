"""One finished notice (.docx) -> its EDGAR document, checked: the library API.

:func:`convert` reads the notice (:mod:`~docgen.edgar.reader`), finds which form
box is checked (exactly one: the EDGAR submission type follows from it), writes
HTML (:mod:`~docgen.edgar.html`) or ASCII (:mod:`~docgen.edgar.text`) and runs
the independent checklist (:mod:`~docgen.edgar.checker`) on the result. Nothing
touches the disk here; :mod:`~docgen.edgar.batch` writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from docgen.edgar.checker import Finding, check_ascii, check_html
from docgen.edgar.html import to_html
from docgen.edgar.model import Notice
from docgen.edgar.reader import read_notice
from docgen.edgar.source import Source, read_source
from docgen.edgar.text import Replacement, to_ascii
from docgen.errors import SourceError
from docgen.rules.submission import edgar_name, submission_type

_FORM_LABEL = re.compile(r"Form (\S+)")
_PERIOD = re.compile(r"For (?:the Transition )?Period Ended:\s*(\S.*)")
AMENDMENT_LINE = re.compile(r"\(Amendment No\. (\d{1,2})\)")  # under the title


@dataclass
class Converted:
    """One notice's EDGAR document, in memory."""

    source: Path
    form: str  # the checked "Form ..." box: 10-K, 20-F, ...
    submission: str  # the EDGAR submission type to choose: NT 10-K, ...
    note: str  # "" or why the submission type is UNCONFIRMED
    name: str  # the EDGAR file name, e.g. nt10k-20021231auxer.htm
    data: bytes
    findings: list[Finding] = field(default_factory=list)  # warnings only: errors refuse
    warnings: list[str] = field(default_factory=list)
    replacements: list[Replacement] = field(default_factory=list)  # --ascii only


def _identify(notice: Notice, name: str) -> tuple[str, str, str, str]:
    """(form, ISO period, registrant, amendment number or "") as the notice states them."""
    forms = [(checked, m.group(1)) for checked, label in notice.boxes()
             if (m := _FORM_LABEL.fullmatch(label))]
    if not forms:
        raise SourceError(f"{name}: no 'Form ...' box under (Check one) was found, so it is "
                          "not a Form 12b-25 notice docgen can convert; no .htm written")
    checked = [form for on, form in forms if on]
    if len(checked) != 1:
        raise SourceError(f"{name}: {len(checked)} of the Form boxes under (Check one) are "
                          "checked (V17); check exactly one in Word, then save; no .htm "
                          "written")
    period, registrant, amendment = "", "", ""
    paragraphs = [p.text().strip() for p in notice.paragraphs()]
    for index, text in enumerate(paragraphs):
        match = _PERIOD.match(text)
        if match and not period:
            with contextlib.suppress(ValueError):
                period = dt.datetime.strptime(match.group(1).strip(), "%B %d, %Y").date(
                    ).isoformat()
        if text == "Full Name of Registrant" and index and not registrant:
            registrant = paragraphs[index - 1]
        found = AMENDMENT_LINE.fullmatch(text)
        if found and not amendment and index < 12:  # under the title, not in Part III
            amendment = found.group(1)
    return checked[0], period, registrant, amendment


def preview_html(path: Path, data: bytes | None = None) -> bytes:
    """A notice as HTML to look at (the same writer; a draft's [●] shown highlighted).

    Not for EDGAR: nothing is refused for being unfinished and nothing is checked.
    """
    notice = read_notice(read_source(path, data), preview=True)
    page = to_html(notice, "Form 12b-25 notice")
    # For the page only (EDGAR's own rules keep these out of a filed .htm): a language,
    # a main landmark and a heading, for screen readers and axe.
    page = page.replace(b"<html>", b'<html lang="en">', 1)
    page = page.replace(b"<body ", b'<body><main><h1 style="position:absolute;left:-9999px">'
                        b"Preview of the notice</h1><div ", 1)
    return page.replace(b"</body>", b"</div></main></body>", 1)


def convert(path: Path, data: bytes | None = None, *, ascii_text: bool = False,
            expected_form: str | None = None, source: Source | None = None) -> Converted:
    """The EDGAR document for the notice at ``path`` (or its bytes ``data``).

    Raises :class:`~docgen.edgar.source.SourceError` with one line saying what to
    fix in Word. ``expected_form`` (from the workbook row, in a merge) must match
    the checked box. ``source``: the notice already opened (``docgen status``).
    """
    source = source or read_source(path, data)
    notice = read_notice(source)
    form, period, registrant, amendment = _identify(notice, path.name)
    if expected_form is not None and form != expected_form:
        raise SourceError(f"{path.name}: the checked box is Form {form} but the row says "
                          f"{expected_form} (V17); no .htm written")
    submission, note = submission_type(form, amended=bool(amendment))
    name = edgar_name(form, period, registrant, ".txt" if ascii_text else ".htm", amendment)
    replacements: list[Replacement] = []
    if ascii_text:
        output, replacements = to_ascii(notice)
        result = check_ascii(output, name)
    else:
        output = to_html(notice, submission)
        result = check_html(output, name)
    if result.errors:  # docgen's own output must pass its own checklist
        raise SourceError(f"{path.name}: docgen wrote a document its own EDGAR check "
                          f"refuses ({result.errors[0]}); please report this; no file written")
    return Converted(path, form, submission, note, name, output,
                     [f for f in result.findings if f.rule != "V12"], notice.warnings,
                     replacements)
