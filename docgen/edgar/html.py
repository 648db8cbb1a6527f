"""Step 2 of ``docgen edgar``: the notice as EDGAR HTML, written by docgen itself.

Why not a library: every converter tried (mammoth, pandoc, LibreOffice) writes
tags EDGAR rejects (``input``, ``span``, ``style``, ``thead``, ``col``), raw
UTF-8, or control characters, and a sanitiser would delete content to fit.
This writer emits only a closed set: ``html head title body div p font b i u
strike sup sub table tr td br hr``, inline ``style`` from a small CSS subset,
one level of tables, no links, no images. The file is 7-bit ASCII: ``& < >``
and ``^`` become references, every other non-ASCII character ``&#N;`` (nothing
transliterated, nothing lost), so ``html.unescape`` gives back the text exactly.
"""

from __future__ import annotations

import re

from docgen.edgar.model import (
    Block,
    Border,
    Box,
    Format,
    LineBreak,
    Notice,
    PageBreak,
    Paragraph,
    Tab,
    Table,
    Text,
)

PAGE_BREAK = '<hr style="page-break-after:always">'
_PLAIN = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in "&<>^")


class _References(dict[int, str]):
    """``str.translate`` table: safe ASCII as is, everything else as a reference."""

    def __missing__(self, code: int) -> str:
        value = self[code] = f"&#{code};"
        return value


_TABLE = _References({ord(c): c for c in _PLAIN})
_TABLE.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})
_FONT_NAME = re.compile(r"[A-Za-z0-9 .-]{1,40}")
# Form and rule numbers ("Rule 12b-25", "Form 10-K", "N-CSR", "001-12345"): a browser
# would break a line at their hyphen, so each is kept on one line.
_UNBROKEN = re.compile(r"(?<![\w&#-])(?:[0-9]+[A-Za-z]*|[A-Z]{1,2})(?:-[0-9A-Za-z]+)+(?![\w-])")
_HEX = re.compile(r"[0-9A-Fa-f]{6}")


def escape(text: str) -> str:
    """Text as EDGAR HTML: ASCII only, every character recoverable with ``html.unescape``."""
    return text.translate(_TABLE)


def _pt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") + "pt"


def _font_css(fmt: Format, base: Format | None) -> list[str]:
    css = []
    if fmt.font and (base is None or fmt.font != base.font) and _FONT_NAME.fullmatch(fmt.font):
        css.append(f"font-family:'{fmt.font}',serif")
    if fmt.size and (base is None or fmt.size != base.size):
        css.append(f"font-size:{_pt(fmt.size)}")
    if fmt.color and (base is None or fmt.color != base.color) and _HEX.fullmatch(fmt.color):
        css.append(f"color:#{fmt.color}")
    if base is not None:
        if base.bold and not fmt.bold:
            css.append("font-weight:normal")
        if base.italic and not fmt.italic:
            css.append("font-style:normal")
    if fmt.small_caps and (base is None or not base.small_caps):
        css.append("font-variant:small-caps")
    if fmt.caps and (base is None or not base.caps):
        css.append("text-transform:uppercase")
    if fmt.highlight:
        css.append("background-color:#ffff00")
    return css


def _border_css(borders: dict[str, Border]) -> list[str]:
    css = []
    for side in ("top", "right", "bottom", "left"):
        border = borders.get(side)
        if border is not None:
            css.append(f"border-{side}:{_pt(border.width)} solid #{border.color}")
            if border.space:
                css.append(f"padding-{side}:{_pt(border.space)}")
    return css


def _wrap(text: str, fmt: Format, base: Format) -> str:
    """One run of equally formatted text, inside the tags its formatting needs."""
    html = _UNBROKEN.sub(r'<font style="white-space:nowrap">\g<0></font>', escape(text))
    css = _font_css(fmt, base)
    if css:
        html = f'<font style="{";".join(css)}">{html}</font>'
    for on, tag in ((fmt.bold and not base.bold, "b"), (fmt.italic and not base.italic, "i"),
                    (fmt.underline and not base.underline, "u"), (fmt.strike, "strike"),
                    (fmt.vert == "superscript", "sup"), (fmt.vert == "subscript", "sub")):
        if on:
            html = f"<{tag}>{html}</{tag}>"
    return html


def _inlines(paragraph: Paragraph) -> str:
    out: list[str] = []
    pending: list[str] = []
    pending_format: Format | None = None
    base = paragraph.format

    def flush() -> None:
        nonlocal pending_format
        if pending and pending_format is not None:
            out.append(_wrap("".join(pending), pending_format, base))
        pending.clear()
        pending_format = None

    for item in paragraph.inlines:
        if isinstance(item, Text):
            if item.format != pending_format:
                flush()
                pending_format = item.format
            pending.append(item.text)
            continue
        flush()
        if isinstance(item, Box):
            out.append(escape(item.glyph))
        elif isinstance(item, Tab):
            out.append("&#8195;")
        elif isinstance(item, LineBreak):
            out.append("<br>")
    flush()
    return "".join(out) or "&#160;"


def _paragraph(paragraph: Paragraph, body: Format) -> str:
    css = []
    for side, value in (("top", paragraph.before), ("bottom", paragraph.after),
                        ("left", paragraph.left), ("right", paragraph.right)):
        if value or side in ("top", "bottom"):
            css.append(f"margin-{side}:{_pt(value)}")
    if paragraph.first_line:
        css.append(f"text-indent:{_pt(paragraph.first_line)}")
    if paragraph.align != "left":
        css.append(f"text-align:{paragraph.align}")
    css += _border_css(paragraph.borders)
    fmt = paragraph.format
    css += _font_css(fmt, body)
    if fmt.bold and not body.bold:
        css.append("font-weight:bold")
    if fmt.italic and not body.italic:
        css.append("font-style:italic")
    text = paragraph.text()
    if "  " in text or text[:1] == " " or text[-1:] == " " or "\n " in text:
        css.append("white-space:pre-wrap")  # spaces as typed, as Word shows them
    inner = _inlines(paragraph)
    if fmt.underline and not body.underline:
        inner = f"<u>{inner}</u>"
    return f'<p style="{";".join(css)}">{inner}</p>'


def _body_css(body: Format) -> str:
    return ";".join(_font_css(body, None)) or "font-family:'Times New Roman',serif"


def _table(table: Table, body: Format) -> list[str]:
    # EDGAR documents have no DOCTYPE, so browsers render them in quirks mode, where a
    # table does not inherit the body's font: each table states it again.
    lines = ['<table cellspacing="0" cellpadding="0" '
             f'style="width:{table.width:g}%;border-collapse:collapse;{_body_css(body)}">']
    for row in table.rows:
        cells = []
        for cell in row:
            valign = {"center": "middle", "bottom": "bottom"}.get(cell.valign, "top")
            attributes = f' valign="{valign}"'
            if cell.width:
                attributes = f' width="{cell.width:.0f}%"' + attributes
            if cell.colspan > 1:
                attributes += f' colspan="{cell.colspan}"'
            if cell.rowspan > 1:
                attributes += f' rowspan="{cell.rowspan}"'
            css = ["padding-left:5.4pt", "padding-right:5.4pt", *_border_css(cell.borders)]
            inner = "".join(_paragraph(p, body) for p in cell.blocks) or "&#160;"
            cells.append(f'<td{attributes} style="{";".join(css)}">{inner}</td>')
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return lines


def _blocks(blocks: list[Block], body: Format) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(_paragraph(block, body))
        elif isinstance(block, Table):
            lines.extend(_table(block, body))
        elif isinstance(block, PageBreak):
            lines.append(PAGE_BREAK)
    return lines


def to_html(notice: Notice, title: str) -> bytes:
    """The whole .htm file: ``<html>`` first on line 1, LF line ends, ASCII bytes."""
    body = notice.body_format
    lines = ["<html>", f"<head><title>{escape(title)}</title></head>",
             f'<body style="{_body_css(body)}">',
             f'<div style="width:{notice.width_inches:g}in;margin-left:auto;margin-right:auto">']
    lines += _blocks(notice.blocks, body)
    if notice.footnotes:
        lines.append('<hr size="1" width="30%" align="left">')
        for note in notice.footnotes:
            lines += _blocks(list(note), body)
    lines += ["</div>", "</body>", "</html>", ""]
    return "\n".join(lines).encode("ascii")
