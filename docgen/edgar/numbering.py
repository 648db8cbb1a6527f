"""Word list numbers as the literal text they show ("1.", "(a)", "ii.", "•").

EDGAR's HTML has lists, but a notice's numbering must read exactly as in Word,
so each number is written as text in front of its paragraph. Counting follows
Word: per list, a level restarts when a shallower level advances.
"""

from __future__ import annotations

import re

from lxml import etree

from docgen.edgar.styles import W

_VAL = f"{W}val"
# Bullets Word sets in symbol fonts, and the character each one shows.
_BULLETS = {"\uf0b7": "\u2022", "\uf0a7": "\u25aa", "\uf0d8": "\u27a2", "\uf0fc": "\u2713",
            "\uf076": "\u2756", "o": "o", "\u00b7": "\u2022"}
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _letters(number: int) -> str:
    # Word: a..z, then aa..zz, then aaa..
    letter = "abcdefghijklmnopqrstuvwxyz"[(number - 1) % 26]
    return letter * ((number - 1) // 26 + 1)


def format_number(number: int, kind: str) -> str:
    if kind in ("lowerLetter", "upperLetter"):
        text = _letters(max(number, 1))
        return text.upper() if kind == "upperLetter" else text
    if kind in ("lowerRoman", "upperRoman"):
        text = _roman(max(number, 1))
        return text.upper() if kind == "upperRoman" else text
    if kind == "decimalZero":
        return f"{number:02d}"
    if kind == "none":
        return ""
    return str(number)


class Numbering:
    """Counters for the lists of one document."""

    def __init__(self, root: etree._Element | None) -> None:
        self._levels: dict[str, dict[int, tuple[int, str, str, str]]] = {}
        self._counts: dict[str, list[int]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, tuple[int, str, str, str]]] = {}
        for item in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in item.iter(f"{W}lvl"):
                level = int(lvl.get(f"{W}ilvl", "0") or 0)
                start = lvl.find(f"{W}start")
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                suffix = lvl.find(f"{W}suff")
                levels[level] = (
                    int(start.get(_VAL, "1")) if start is not None
                    and start.get(_VAL, "1").lstrip("-").isdigit() else 1,
                    fmt.get(_VAL, "decimal") if fmt is not None else "decimal",
                    text.get(_VAL, "") if text is not None else "",
                    suffix.get(_VAL, "tab") if suffix is not None else "tab")
            abstract[item.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            levels = dict(abstract.get(ref.get(_VAL, "") if ref is not None else "", {}))
            for override in num.iter(f"{W}lvlOverride"):
                level = int(override.get(f"{W}ilvl", "0") or 0)
                start = override.find(f"{W}startOverride")
                if start is not None and level in levels and start.get(_VAL, "").isdigit():
                    levels[level] = (int(start.get(_VAL, "1")), *levels[level][1:])
            self._levels[num.get(f"{W}numId", "")] = levels

    def label(self, num_id: str, level: int) -> tuple[str, str]:
        """(number text, separator) for the next paragraph of list ``num_id`` at ``level``."""
        levels = self._levels.get(num_id)
        if not levels or level not in levels or num_id == "0":
            return "", ""
        counts = self._counts.setdefault(num_id, [0] * 9)
        level = min(max(level, 0), 8)
        for deeper in range(level + 1, 9):
            counts[deeper] = 0
        counts[level] += 1
        _, kind, template, suffix = levels[level]
        separator = {"tab": "\t", "space": " "}.get(suffix, "")
        if kind == "bullet":
            return "".join(_BULLETS.get(c, c) for c in template), separator

        def number(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            if at not in levels:
                return ""
            first, fmt = levels[at][0], levels[at][1]
            return format_number(first + max(counts[at], 1) - 1, fmt)

        return re.sub(r"%([1-9])", number, template), separator
