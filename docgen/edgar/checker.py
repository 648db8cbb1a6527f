"""``docgen edgar --check``: the EDGAR checklist (V01-V18) run on a .htm file's bytes.

Independent of the writer on purpose: it shares no code with
:mod:`docgen.edgar.html` and re-states the rules from the SEC's lists (EFM
Volume II, the SEC staff's ``validateHtm`` code), so a writer bug cannot hide
from it. It reports every problem with line, column and rule id and never
changes the file: a legal document is reported on, not rewritten. Checks V17
and V19 on the Word side are the reader's (:mod:`docgen.edgar.reader`).
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass
from html.entities import name2codepoint
from html.parser import HTMLParser
from pathlib import Path

# EFM table 5-1: the bytes an EDGAR document may hold ("^" is not among them).
ALLOWED = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                    b" `~!@#$%&*().-+{}[]|\\:;\"'<>,_?/=\t\n\r\x0c")
RECOGNIZED = frozenset([
    "html", "head", "title", "meta", "isindex", "body", "address", "b", "big", "blockquote",
    "br", "caption", "center", "cite", "code", "dd", "dfn", "dir", "div", "dl", "dt", "em",
    "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "menu", "ol",
    "p", "pre", "samp", "small", "strike", "strong", "sub", "sup", "table", "td", "th",
    "tr", "tt", "u", "ul", "var", "a",
])
FORBIDDEN = frozenset([
    "abbrev", "acronym", "applet", "area", "au", "banner", "base", "basefont", "bgsound",
    "blink", "col", "colgroup", "credit", "del", "embed", "fig", "fn", "form", "frame",
    "frameset", "input", "ins", "lang", "lh", "map", "marquee", "nextid", "nobr", "noembed",
    "noframe", "noframes", "note", "noscript", "object", "option", "overlay", "param",
    "person", "q", "range", "s", "script", "select", "spot", "style", "tab", "tbody",
    "textarea", "tfoot", "thead", "wbr",
])
SGML_WRAPPERS = frozenset([
    "document", "type", "sequence", "filename", "description", "text", "page",
])
SEC_LINK = re.compile(r"https?://www\.sec\.gov/(ix\?doc=/)?Archives/edgar/data/", re.I)
SEC_NAME = re.compile(r"[a-zA-Z0-9][._a-zA-Z0-9-]*\.htm")
STRICT_NAME = re.compile(r"[a-z][a-z0-9]*([-._][a-z0-9]+)?\.htm")
ASCII_NAME = re.compile(r"[a-zA-Z0-9][._a-zA-Z0-9-]*\.txt")
_REFERENCE = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_BAD_CSS = re.compile(r"@import|url\s*\(|expression\s*\(|behavior\s*:|image-set\s*\(|"
                      r"-moz-binding", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|"
                     r"font-size\s*:\s*0+(\.0+)?\s*(pt|px|em|%)?\s*(;|$)", re.I)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)
# Attributes that name something to fetch or go to: only <a href> may (to sec.gov).
_LINKS = frozenset({"href", "src", "lowsrc", "dynsrc", "longdesc", "usemap", "cite",
                    "action", "data", "codebase", "poster", "formaction", "profile"})


def _css(value: str) -> str:
    """A style as the browser reads it: comments dropped, escapes resolved (so
    ``u\\72l(`` is ``url(``)."""
    value = re.sub(r"/\*.*?(\*/|$)", "", value, flags=re.S)

    def unescape(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""
        return match.group(2)

    return _CSS_ESCAPE.sub(unescape, value)
_YELLOW = re.compile(r"background(-color)?\s*:\s*(yellow|#ff0\b|#ffff00)", re.I)
_PLACEHOLDER = "\u25cf"
_FORMS = r"10-K|20-F|11-K|10-Q|10-D|N-CEN|N-CSR|N-SAR|10-KSB|10-QSB"
_FORM_BOX = re.compile(rf"([\u2610\u2611\u2612])[\s\u00a0\u2002\u2003]*Form\s+({_FORMS})\b")
MAX_FINDINGS_PER_RULE = 20


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # "error" or "warning"
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.rule} {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class _Scanner(HTMLParser):
    """Tags, attributes and text of the file, with where each one starts."""

    def __init__(self, folder: Path | None) -> None:
        super().__init__(convert_charrefs=False)
        self.folder = folder
        self.findings: list[Finding] = []
        self.html_count = 0
        self.where = "before"  # before / head / body / after
        self.table_depth = 0
        self.text: list[str] = []

    def add(self, rule: str, message: str, severity: str = "error") -> None:
        line, offset = self.getpos()
        self.findings.append(Finding(rule, severity, line, offset + 1, message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SGML_WRAPPERS:
            self.add("V13", f"<{tag.upper()}> is an EDGAR wrapper tag; EDGAR adds the "
                     "wrappers itself, so the document must not contain them")
            return
        if tag in FORBIDDEN:
            self.add("V06", f"<{tag}> is forbidden in EDGAR HTML")
        elif tag not in RECOGNIZED:
            self.add("V05", f"<{tag}> is not in EDGAR's HTML 3.2 tag set")
        self._structure(tag)
        self._attributes(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "table":
            self.table_depth -= 1

    def _structure(self, tag: str) -> None:
        if tag == "html":
            self.html_count += 1
            if self.html_count == 2:
                self.add("V04", "a second <html> element; a document has exactly one")
        elif tag == "head":
            self.where = "head"
        elif tag == "body":
            self.where = "body"
        elif tag == "table":
            if self.table_depth:
                self.add("V07", "a table inside a table; EDGAR does not accept nested tables")
            self.table_depth += 1
        if tag in ("html", "head", "body"):
            return
        if self.where == "head" and tag not in ("title", "meta"):
            self.add("V04", f"<{tag}> in <head>, which may hold only <title> and <meta>")
        elif self.where in ("before", "after") and tag not in ("title", "meta"):
            self.add("V04", f"<{tag}> outside <body>; all content goes inside <body>")

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.add("V08", f"event attribute {name} on <{tag}> (executable code)")
            elif name.startswith("xmlns"):
                self.add("V08", f"{name} attribute on <{tag}>; EDGAR HTML has no namespaces")
            elif name in ("background", "srcset", "http-equiv", "dynsrc", "lowsrc"):
                self.add("V08", f"{name} attribute on <{tag}> is not allowed (it would load "
                         "something from outside the document)")
            elif name == "face" and tag == "font":
                self.add("V14", "<font face> is in no EDGAR source; use "
                         "style=\"font-family:...\"", "warning")
            elif name == "style":
                value = _css(value)
                if _HIDDEN.search(value):
                    self.add("V20", f"hidden text: style on <{tag}> hides what it holds "
                             "(display:none, visibility:hidden or font-size:0); the SEC "
                             "receives it all the same", "warning")
                if _BAD_CSS.search(value):
                    self.add("V11", f"style on <{tag}> uses @import, url(), expression() or "
                             "behavior, which would reach outside the document")
                if _YELLOW.search(value):
                    self.add("V16", "yellow highlighting left in the document; the text "
                             "is not final")
            if name in _LINKS:
                self._link(tag, name, value)

    def _link(self, tag: str, name: str, value: str) -> None:
        squeezed = re.sub(r"[\s\x00-\x1f]", "", html.unescape(value)).lower()
        if squeezed.startswith("javascript:") or "javascript:" in squeezed:
            self.add("V09", f"{name} on <{tag}> runs javascript")
            return
        external = re.match(r"[a-z][a-z0-9+.-]*:", squeezed) or squeezed.startswith("//")
        if tag == "img" and name == "src":
            if external:
                self.add("V10", "an image from outside the submission; EDGAR takes .jpg/.gif "
                         "files sent with the document")
            elif squeezed.startswith("data:"):
                self.add("V10", "an image given inline as data:; EDGAR takes .jpg/.gif files")
            elif not squeezed.endswith((".jpg", ".gif")):
                self.add("V10", "an image that is not .jpg or .gif")
            elif self.folder is not None and "/" not in value and ":" not in value and not (
                    self.folder / value).is_file():
                self.add("V10", f"the image {value[:60]} is not beside the document")
            return
        if name != "href" or tag != "a":
            if external or squeezed:
                self.add("V09", f"{name} on <{tag}> refers to something outside the "
                         "document; EDGAR documents may only link with <a href>")
            return
        if external and not SEC_LINK.match(value.strip()):
            self.add("V09", f"{name} on <{tag}> points outside the submission (only sec.gov "
                     "EDGAR archive links are allowed)")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.table_depth:
            self.table_depth -= 1
        elif tag == "body":
            self.where = "after"
        elif tag == "head" and self.where == "head":
            self.where = "before"

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if data.strip() and self.where in ("before", "after") and not self._in_title():
            self.add("V04", "text outside <body>; all content goes inside <body>")

    def _in_title(self) -> bool:
        return bool(self.lasttag == "title")

    def handle_charref(self, name: str) -> None:
        self.text.append(html.unescape(f"&#{name};"))

    def handle_entityref(self, name: str) -> None:
        self.text.append(html.unescape(f"&{name};"))


def _position(data: bytes, index: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, index) + 1
    return line, index - (data.rfind(b"\n", 0, index) + 1) + 1


def _limited(findings: list[Finding]) -> list[Finding]:
    """At most :data:`MAX_FINDINGS_PER_RULE` per rule, then one line saying how many more."""
    kept: list[Finding] = []
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
        if counts[finding.rule] <= MAX_FINDINGS_PER_RULE:
            kept.append(finding)
    for rule, count in counts.items():
        if count > MAX_FINDINGS_PER_RULE:
            first = next(f for f in kept if f.rule == rule)
            kept.append(Finding(rule, first.severity, first.line, first.column,
                                f"... and {count - MAX_FINDINGS_PER_RULE} more like this"))
    return kept


def _bytes(data: bytes) -> list[Finding]:
    findings = []
    if data.startswith(b"\xef\xbb\xbf"):
        findings.append(Finding("V02", "error", 1, 1, "the file starts with a byte-order "
                                "mark; save it without one"))
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if data[start:].translate(None, bytes(ALLOWED)):
        for index in range(start, len(data)):
            byte = data[index]
            if byte in ALLOWED:
                continue
            line, column = _position(data, index)
            what = "'^'" if byte == 0x5E else (f"byte 0x{byte:02X} (not 7-bit ASCII; write "
                                               "the character as &#N;)" if byte > 0x7E else
                                               f"control character 0x{byte:02X}")
            findings.append(Finding("V01", "error", line, column, f"disallowed {what}"))
            if len(findings) > MAX_FINDINGS_PER_RULE * 4:
                break
    return findings


def _references(data: bytes) -> list[Finding]:
    """Bad character references; where each is, found only for the bad ones (a file of
    200,000 good references costs one pass, not one pass each)."""
    findings = []
    text = data.decode("latin-1")
    for match in _REFERENCE.finditer(text):
        ref = match.group(1)
        if ref.startswith("#"):
            digits = ref[2:] if ref[1:2] in "xX" else ref[1:]
            code = int(digits, 16) if ref[1:2] in "xX" else int(digits)
            if len(digits) > 8 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or (
                    code < 0x20 and code not in (9, 10, 12, 13)) or 0x7F <= code < 0xA0:
                findings.append(Finding("V03", "error", *_position(data, match.start()),
                                        f"&{ref[:12]}; is not a character EDGAR can show"))
        elif ref not in name2codepoint:
            findings.append(Finding("V03", "error", *_position(data, match.start()),
                                    f"&{ref[:20]}; is not an HTML 4 entity; write the "
                                    "character as &#N;"))
        if len(findings) > MAX_FINDINGS_PER_RULE * 4:
            break
    return findings


def _name(name: str) -> list[Finding]:
    if not SEC_NAME.fullmatch(name) or len(name) > 32:
        return [Finding("V12", "error", 1, 1, f"file name {name[:60]!r} breaks EDGAR's rule "
                        "(at most 32 characters: letters, digits, . - _, starting with a "
                        "letter or digit, ending .htm)")]
    if not STRICT_NAME.fullmatch(name):
        return [Finding("V12b", "warning", 1, 1, f"file name {name!r} does not meet the "
                        "stricter 2009 rule (lower case, starts with a letter, one . - or _)")]
    return []


def _content(text: str) -> list[Finding]:
    findings = []
    if _PLACEHOLDER in text:
        findings.append(Finding("V16", "error", 1, 1, "a [\u25cf] placeholder is still in the "
                                "text; fill it in before filing"))
    boxes = _FORM_BOX.findall(text)
    if boxes:
        checked = [form for glyph, form in boxes if glyph != "\u2610"]
        if len(checked) != 1:
            findings.append(Finding("V17", "error", 1, 1, f"{len(checked)} of the 'Form ...' "
                                    "boxes are checked; exactly one must be"))
    if not re.search(r"/s/\s*\S", text):
        findings.append(Finding("V18", "warning", 1, 1, "no typed signature (/s/ Name) found"))
    elif not re.search(r"\bDated?\b", text, re.I):
        findings.append(Finding("V18", "warning", 1, 1, "no signature date found"))
    return findings


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding]
    form: str  # the form whose box is checked, when exactly one is

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def check_html(data: bytes, name: str, folder: Path | None = None) -> CheckResult:
    """Every checklist finding for the .htm ``data`` named ``name``."""
    findings = _bytes(data) + _references(data) + _name(name)
    first_line = data.split(b"\n", 1)[0].lstrip(b"\xef\xbb\xbf")
    if not first_line.startswith(b"<html"):
        findings.append(Finding("V15", "warning", 1, 1, "line 1 does not begin with <html "
                                "(lower case); the SEC's own checker then misreads the file"))
    scanner = _Scanner(folder)
    scanner.feed(data.decode("latin-1"))
    scanner.close()
    findings += scanner.findings
    if scanner.html_count == 0:
        findings.append(Finding("V04", "error", 1, 1, "no <html> element"))
    text = "".join(scanner.text)
    findings += _content(text)
    checked = [form for glyph, form in _FORM_BOX.findall(text) if glyph != "\u2610"]
    findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return CheckResult(_limited(findings), checked[0] if len(checked) == 1 else "")


def check_ascii(data: bytes, name: str) -> CheckResult:
    """The ASCII rules: the same bytes as HTML, lines of at most 80 characters."""
    findings = _bytes(data)
    if not ASCII_NAME.fullmatch(name) or len(name) > 32:
        findings.append(Finding("V12", "error", 1, 1, f"file name {name[:60]!r} breaks "
                                "EDGAR's rule (at most 32 characters, ending .txt)"))
    for number, line in enumerate(data.split(b"\n"), 1):
        length = len(line.rstrip(b"\r"))
        if length > 80:
            findings.append(Finding("T-V1", "error", number, 81, f"line is {length} "
                                    "characters; EDGAR ASCII lines are at most 80"))
    text = data.decode("latin-1")
    findings += [f for f in _content(text) if f.rule != "V17"]
    findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return CheckResult(_limited(findings), "")


def check_file(path: Path) -> CheckResult:
    """Check a .htm (or ASCII .txt) file as EDGAR would; never changes it."""
    data = path.read_bytes()
    if path.suffix.lower() == ".txt":
        return check_ascii(data, path.name)
    return check_html(data, path.name, path.parent)
