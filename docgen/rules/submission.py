"""EDGAR submission types and document file names for Form 12b-25 notices.

Submission types: ``NT 10-K``, ``NT 10-Q``, ``NT 20-F``, ``NT 11-K`` and ``NT 10-D`` are
the spellings in EDGAR's form-type lists and on every NT filing seen. For the
fund forms the public lists (EDGAR full-text search form types, as copied by
open-source EDGAR clients) show ``NT-NCSR`` for N-CSR, and both ``NT N-CEN`` and
``NT-NCEN`` for N-CEN. Those two were not confirmed against EDGARLink Online's
own list, so docgen marks them UNCONFIRMED wherever it prints them.

File names follow EDGAR Filer Manual rule F1 in both its editions: at most 32
characters, lower case, starting with a letter, one hyphen:
``nt10k-20021231auxer.htm`` (form, period, registrant, and a number when two
notices would otherwise share a name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docgen.rules.schema import LEGACY_FORMS
from docgen.values import slugify

# form -> (submission type, confirmed in EDGAR's lists and filings?)
SUBMISSION_TYPES: dict[str, tuple[str, bool]] = {
    "10-K": ("NT 10-K", True), "10-Q": ("NT 10-Q", True), "20-F": ("NT 20-F", True),
    "11-K": ("NT 11-K", True), "10-D": ("NT 10-D", True),
    "N-CSR": ("NT-NCSR", False), "N-CEN": ("NT N-CEN", False),
}
UNCONFIRMED_NOTE = {
    "N-CSR": "UNCONFIRMED: secondary form-type lists spell it NT-NCSR; check EDGARLink "
             "Online's submission-type list",
    "N-CEN": "UNCONFIRMED: secondary form-type lists show both NT N-CEN and NT-NCEN; "
             "choose the one EDGARLink Online offers",
}
MAX_NAME = 32
STRICT_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)?\.(htm|txt)")
_SKIP = {"the", "a", "an"}


def submission_type(form: str, amended: bool = False) -> tuple[str, str]:
    """(EDGAR submission type, "" or an UNCONFIRMED note) for a notice on ``form``;
    an amended notice's type ends ``/A`` (``NT 10-K/A``)."""
    box_form = LEGACY_FORMS.get(form, form)
    kind, confirmed = SUBMISSION_TYPES.get(box_form, (f"NT {box_form}", False))
    kind += "/A" if amended else ""
    note = "" if confirmed else UNCONFIRMED_NOTE.get(
        box_form, "UNCONFIRMED: not in the form-type lists docgen checked")
    return kind, note


def _word(registrant: str, room: int) -> str:
    words = [w for w in slugify(registrant).split("-") if w]
    while words and words[0] in _SKIP and len(words) > 1:
        words.pop(0)
    word = ""
    for piece in words:
        word += piece
        if len(word) >= 4:
            break
    return word[:room]


def edgar_name(form: str, period: str, registrant: str, extension: str = ".htm",
               amendment: str = "") -> str:
    """``nt10k-20021231auxer.htm``: ``period`` is an ISO date (or ""), ``form`` e.g. 10-K;
    an amendment adds its number: ``nt10ka1-20021231auxer.htm``."""
    prefix = "nt" + re.sub(r"[^a-z0-9]", "", LEGACY_FORMS.get(form, form).lower())
    prefix += f"a{amendment}" if amendment.isdigit() else ""
    digits = re.sub(r"[^0-9]", "", period)[:8]
    room = MAX_NAME - len(prefix) - 1 - len(digits) - len(extension) - 2  # 2: for a number
    return f"{prefix}-{digits}{_word(registrant, room)}{extension}".replace("-.", ".")


def unique(names: Iterable[str]) -> list[str]:
    """The names, the second and later of equal ones numbered: ``...auxer2.htm``."""
    seen: set[str] = set()
    result = []
    for name in names:
        stem, dot, extension = name.rpartition(".")
        candidate, number = name, 1
        while candidate in seen:
            number += 1
            suffix = f"{number}{dot}{extension}"
            candidate = stem[:MAX_NAME - len(suffix)] + suffix
        seen.add(candidate)
        result.append(candidate)
    return result
