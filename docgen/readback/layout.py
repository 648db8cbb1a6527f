"""Step 2 of ``docgen status``: where in a notice each field of the template stands.

The template is rendered once with a marker in every text field and every box
off, then once per yes/no variable switched on: what changes tells which box is
which variable (``Yes``/``No`` pairs read as one answer). Each paragraph of that
probe becomes a pattern: its own words (spaces loose), a group per field, a
group per box. A notice is then read by finding those paragraphs in order (the
ones with words of their own are the anchors); the paragraphs between two
anchors hold the fields in between. What cannot be placed is said to be
unknown, with the reason, never guessed.

This works for any template docgen merges, the bundled one or a firm's own.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docgen import safexml
from docgen.engine.context import DERIVED_VARIABLES
from docgen.errors import NoticeError, TemplateError
from docgen.readback.document import CHECKED, UNCHECKED, paragraphs_of
from docgen.rules.schema import COLUMNS, Kind
from docgen.template.render import CompiledTemplate

_OPEN, _CLOSE = "\ue010", "\ue011"  # a probe's field marker (docgen's [●] uses U+E000)
_MARKER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
BOOLEAN_VARIABLES = frozenset(
    [c.key for c in COLUMNS if c.kind is Kind.YESNO]
    + [k for k in DERIVED_VARIABLES if k.startswith(("form_", "transition_")) or k == "part2"])
_BODY = "word/document.xml"
# Bounds for any file: a form line is never this long, and the next line of the form
# is never further away than this (a notice has some 150 paragraphs).
LONGEST_LINE = 2_000
WINDOW = 1_000


@dataclass(frozen=True)
class Line:
    """One paragraph of the template, as a pattern to find in a notice."""

    pattern: re.Pattern[str]
    fields: tuple[str, ...]  # the variables in it, in order (groups f0, f1...)
    boxes: tuple[tuple[str, bool] | None, ...]  # per box: (variable, negated) or unknown
    words: str  # its own text, fields and boxes left out
    paragraphs: str = ""  # the variable, when the line is a field of many paragraphs
    # Whether the line has words of its own to be found by (or boxes): set once, read
    # for every notice.
    anchor: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "anchor", bool(self.boxes) or sum(
            c.isalnum() for c in self.words) >= 2)


@dataclass
class Reading:
    """What one notice holds, field by field."""

    values: dict[str, list[str]] = field(default_factory=dict)  # each place it stands
    boxes: dict[str, list[bool]] = field(default_factory=dict)
    unsure: dict[str, str] = field(default_factory=dict)  # variable -> why unknown
    anchors: int = 0  # the template's lines with words of their own...
    found: int = 0  # ...and how many of them the notice has

    @property
    def follows(self) -> bool:
        """Whether the notice has most of the template's own lines (it is one of its
        notices, however edited)."""
        return self.anchors > 0 and self.found * 2 >= self.anchors


class Layout:
    """A template's paragraphs as patterns; :meth:`read` reads a notice with them."""

    def __init__(self, template: CompiledTemplate) -> None:
        self.template = template
        names = sorted(template.variables)
        many = template.filtered_variables("paragraphs")
        context: dict[str, Any] = {
            name: False if name in BOOLEAN_VARIABLES else f"{_OPEN}{i}{_CLOSE}"
            for i, name in enumerate(names)}
        base = self._probe(context)
        boxes: dict[tuple[int, int], tuple[str, bool]] = {}
        for name in names:
            if name not in BOOLEAN_VARIABLES:
                continue
            switched = self._probe({**context, name: True})
            if len(switched) != len(base):
                continue  # an {% if %} on it: its boxes stay unknown
            for line, (before, after) in enumerate(zip(base, switched)):
                was, now = _box_states(before), _box_states(after)
                if len(was) != len(now):
                    continue
                for index, (a, b) in enumerate(zip(was, now)):
                    if a != b:
                        boxes[line, index] = (name, a)  # on when off: a "No" box
        self.lines = [_line(text, names, many, [boxes.get((n, i)) for i in range(
            len(_box_states(text)))]) for n, text in enumerate(base)]
        self.variables = {v for line in self.lines for v in line.fields} | {
            b[0] for line in self.lines for b in line.boxes if b is not None}

    def _probe(self, context: dict[str, Any]) -> list[str]:
        try:
            return paragraphs_of(safexml.parse(self.template.render_parts(context)[_BODY]))
        except NoticeError:
            raise TemplateError(f"{self.template.path}: docgen status cannot place this "
                                "template's fields (a tag needs a number or a list, not "
                                "text); read its notices with the bundled template, or "
                                "simplify the tag") from None

    def read(self, paragraphs: Sequence[str]) -> Reading:
        """The fields of a notice whose paragraphs (as :func:`paragraphs_of` gives
        them) are ``paragraphs``."""
        reading = Reading()
        found: list[tuple[int, int, re.Match[str]]] = []  # (line, paragraph, match)
        at = 0
        for number, line in enumerate(self.lines):
            if not line.anchor:
                continue
            for position in range(at, min(at + WINDOW, len(paragraphs))):
                text = paragraphs[position]
                match = line.pattern.fullmatch(text) if len(text) <= LONGEST_LINE else None
                if match:
                    found.append((number, position, match))
                    at = position + 1
                    break
            else:
                for name in (*line.fields, *(b[0] for b in line.boxes if b)):
                    reading.unsure.setdefault(name, f"the line “{_short(line.words)}” is "
                                                    "not in the notice as the template has it")
        reading.anchors = sum(1 for line in self.lines if line.anchor)
        reading.found = len(found)
        for number, _position, match in found:
            _take(reading, self.lines[number], match)
        edges = [(-1, -1), *((n, p) for n, p, _ in found), (len(self.lines), len(paragraphs))]
        for (line_a, para_a), (line_b, para_b) in itertools.pairwise(edges):
            self._gap(reading, self.lines[line_a + 1:line_b],
                      list(paragraphs[para_a + 1:para_b]))
        return reading

    def _gap(self, reading: Reading, lines: list[Line], paragraphs: list[str]) -> None:
        """The field lines between two anchors, read from the paragraphs between them.

        A line of the form's own words that was edited (so not found as it is) still
        divides the gap where a paragraph is most like it; the field lines on either
        side are then read on their own. Empty paragraphs count for nothing: Word
        users add and remove them.
        """
        for index, line in enumerate(lines):
            if line.anchor:
                like = _most_like(line.words, paragraphs)
                if like is not None:
                    self._gap(reading, lines[:index], paragraphs[:like])
                    self._gap(reading, lines[index + 1:], paragraphs[like + 1:])
                    return
        wanted = [line for line in lines if line.fields and not line.anchor]
        if not wanted:
            return
        lost = any(line.anchor for line in lines)  # its edited text is among the paragraphs
        full = [p for p in paragraphs if p]
        tries: list[list[tuple[Line, str]]] = []
        many = [n for n, line in enumerate(wanted) if line.paragraphs]
        if lost:
            pass  # which paragraph is the lost line's cannot be told: nothing is guessed
        elif len(wanted) == 1:
            tries.append([(wanted[0], "\n".join(full))])  # lines added to it: one value
        elif len(many) == 1 and len(full) >= len(wanted) - 1:
            split, after = many[0], len(wanted) - many[0] - 1
            middle = full[split:len(full) - after]
            tries.append([*zip(wanted[:split], full[:split]), (wanted[split], "\n".join(middle)),
                          *zip(wanted[split + 1:], full[len(full) - after:])])
        elif len(full) == len(wanted):
            tries.append(list(zip(wanted, full)))
        for pairs in tries:
            scratch = Reading()
            if pairs and all(self._fill(scratch, line, text) for line, text in pairs):
                for name, values in scratch.values.items():
                    reading.values.setdefault(name, []).extend(values)
                for name, states in scratch.boxes.items():
                    reading.boxes.setdefault(name, []).extend(states)
                return
        for line in wanted:
            for name in line.fields:
                reading.unsure.setdefault(name, "its paragraph was moved, split or joined "
                                                "with another")

    @staticmethod
    def _fill(reading: Reading, line: Line, text: str) -> bool:
        if line.paragraphs:
            reading.values.setdefault(line.paragraphs, []).append(text)
            return True
        match = line.pattern.fullmatch(text) if len(text) <= LONGEST_LINE else None
        if match is None:
            if len(line.fields) == 1 and not line.boxes:  # its words edited: the whole line
                reading.values.setdefault(line.fields[0], []).append(text)
                return True
            return False
        _take(reading, line, match)
        return True


def _most_like(words: str, paragraphs: list[str]) -> int | None:
    """The paragraph most like a line of the form's words (at least 60 % alike), if any."""
    best, index = 0.6, None
    for number, text in enumerate(paragraphs):
        if not text or len(text) > LONGEST_LINE:
            continue
        matcher = difflib.SequenceMatcher(None, words, text, autojunk=False)
        if matcher.real_quick_ratio() >= best and matcher.quick_ratio() >= best and (
                ratio := matcher.ratio()) >= best:
            best, index = ratio, number
    return index


def _take(reading: Reading, line: Line, match: re.Match[str]) -> None:
    for index, name in enumerate(line.fields):
        reading.values.setdefault(name, []).append(match.group(f"f{index}").strip())
    for index, box in enumerate(line.boxes):
        if box is not None:
            on = match.group(f"b{index}") == CHECKED
            reading.boxes.setdefault(box[0], []).append(on != box[1])


def _box_states(text: str) -> list[bool]:
    return [c == CHECKED for c in text if c in (CHECKED, UNCHECKED)]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 50 else text[:49] + "…"


def _line(text: str, names: list[str], many: set[str],
          boxes: list[tuple[str, bool] | None]) -> Line:
    pattern: list[str] = ["\\s*"]
    fields: list[str] = []
    words: list[str] = []
    box = 0
    position = 0
    for match in re.finditer(f"{_MARKER.pattern}|[{CHECKED}{UNCHECKED}]|\\s+", text):
        literal = text[position:match.start()]
        pattern.append(re.escape(literal))
        words.append(literal)
        position = match.end()
        token = match.group(0)
        if match.group(1) is not None:
            pattern.append(f"(?P<f{len(fields)}>.*?)")
            fields.append(names[int(match.group(1))])
        elif token in (CHECKED, UNCHECKED):
            pattern.append(f"(?P<b{box}>[{CHECKED}{UNCHECKED}])")
            box += 1
        else:
            pattern.append("\\s*")
            words.append(" ")
    pattern.append(re.escape(text[position:]) + "\\s*")
    words.append(text[position:])
    only = _MARKER.fullmatch(text.strip())
    paragraphs = names[int(only.group(1))] if only and names[int(only.group(1))] in many else ""
    return Line(re.compile("".join(pattern), re.DOTALL), tuple(fields), tuple(boxes),
                "".join(words).strip(), paragraphs)
