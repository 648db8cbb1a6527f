"""``docgen edgar --ascii``: the notice as an EDGAR ASCII document (80 columns).

ASCII is EDGAR's other official format. Every character outside EDGAR's byte set
must be replaced, which changes the lawyer's text, so each replacement is
counted and listed. Replacements with an agreed ASCII form (curly quotes,
dashes, no-break spaces, ☒ -> ``[X]``) are made and listed; any other character
(an accented name, CJK, an emoji) has no faithful ASCII form and is refused
unless the caller accepts the loss (``--lossy-ok``).
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections import Counter
from dataclasses import dataclass

from docgen.edgar.model import Block, Notice, PageBreak, Paragraph, Table

WIDTH = 80
_PT_PER_COLUMN = 6.0  # 80 columns over a 6.5-inch line: about 12 characters an inch
AGREED = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
          "\u2014": "--", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
          "\u2011": "-", "\u00ad": "", "\u2026": "...", "\u2022": "*", "\u2612": "[X]",
          "\u2611": "[X]", "\u2610": "[ ]", "\t": "  "}
_PLAIN = frozenset(chr(c) for c in range(0x20, 0x7F)) - {"^"}


@dataclass(frozen=True)
class Replacement:
    character: str
    replacement: str
    count: int
    lossy: bool  # no agreed ASCII form: the text no longer says the same

    def __str__(self) -> str:
        code = f"U+{ord(self.character):04X}"
        name = unicodedata.name(self.character, "control character").lower()
        kind = "lossy" if self.lossy else "agreed"
        return f"{code} {name} -> {self.replacement!r} ({self.count}x, {kind})"


class _Ascii:
    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str, bool]] = Counter()

    def text(self, value: str) -> str:
        out = []
        for char in value:
            if char in _PLAIN or char == "\n":
                out.append(char)
                continue
            lossy = char not in AGREED
            if lossy:
                folded = "".join(c for c in unicodedata.normalize("NFKD", char)
                                 if c in _PLAIN and not unicodedata.combining(c))
                replacement = folded or "?"
            else:
                replacement = AGREED[char]
            if char != "\t":
                self.counts[(char, replacement, lossy)] += 1
            out.append(replacement)
        return "".join(out)

    def paragraph(self, paragraph: Paragraph, width: int) -> list[str]:
        left = min(int(paragraph.left / _PT_PER_COLUMN), width // 2)
        first = min(max(left + int(paragraph.first_line / _PT_PER_COLUMN), 0), width // 2)
        pieces = paragraph.text().split("\n")
        if paragraph.first_line < 0 and "\t" in pieces[0]:
            # A hanging indent's first tab goes to the indent, as in Word: what follows
            # it lines up with the paragraph's later lines ("(Check one):" and its boxes).
            label, rest = pieces[0].split("\t", 1)
            label = " " * first + self.text(label)
            left = min(max(left, len(label) + 2), width // 2)
            pieces[0] = label.ljust(left) + rest
            first = 0
        lines: list[str] = []
        for number, piece in enumerate(self.text("\n".join(pieces)).split("\n")):
            wrapper = textwrap.TextWrapper(
                width=width, initial_indent=" " * (first if number == 0 else left),
                subsequent_indent=" " * left, break_on_hyphens=False, break_long_words=True,
                replace_whitespace=False, drop_whitespace=True)
            wrapped = wrapper.wrap(piece) or [""]
            if paragraph.align == "center":
                wrapped = [w.strip().center(width).rstrip() for w in wrapped]
            elif paragraph.align == "right":
                wrapped = [w.strip().rjust(width) for w in wrapped]
            lines += wrapped
        borders = paragraph.borders
        if "top" in borders and "bottom" in borders:
            rule = "-" * width
            return [rule, *lines, rule]
        if "bottom" in borders:
            lines.append("-" * min(width, max(max(len(x) for x in lines), 40)))
        return lines

    def table(self, table: Table) -> list[str]:
        lines: list[str] = []
        for row in table.rows:
            if not row:
                continue
            widths = [max(int(WIDTH * (cell.width or 100 / len(row)) / 100) - 1, 8)
                      for cell in row]
            while sum(widths) + len(widths) - 1 > WIDTH and max(widths) > 8:
                widths[widths.index(max(widths))] -= 1
            columns = [[line for p in cell.blocks for line in self.paragraph(p, width)]
                       for cell, width in zip(row, widths)]
            for index in range(max(len(c) for c in columns)):
                parts = [(c[index] if index < len(c) else "").ljust(w)
                         for c, w in zip(columns, widths)]
                lines.append(" ".join(parts).rstrip())
        return lines

    def blocks(self, blocks: list[Block]) -> list[str]:
        lines: list[str] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                lines += self.paragraph(block, WIDTH)
                if block.after >= 4 or block.before >= 4:
                    lines.append("")
            elif isinstance(block, Table):
                lines += [*self.table(block), ""]
            elif isinstance(block, PageBreak):
                lines += ["", ""]
        return lines


def to_ascii(notice: Notice) -> tuple[bytes, list[Replacement]]:
    """The .txt file, and every replacement made (agreed and lossy) with its count."""
    writer = _Ascii()
    lines = writer.blocks(notice.blocks)
    if notice.footnotes:
        lines += ["-" * 20, *writer.blocks([p for note in notice.footnotes for p in note])]
    while lines and not lines[-1]:
        lines.pop()
    text = "\n".join(line.rstrip() for line in lines) + "\n"
    replacements = [Replacement(c, r, n, lossy) for (c, r, lossy), n in
                    sorted(writer.counts.items(), key=lambda item: -item[1])]
    return text.encode("ascii"), replacements
