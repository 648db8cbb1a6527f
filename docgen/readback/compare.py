"""Step 3 of ``docgen status``: what a notice says against what its row says.

Every finding names the field as the workbook names it and, where there is one,
the cell: "Part II (c) ticked in the notice, No in Registrants!N5". A field the
row left blank, filled in Word, is only noted (that is what the ``[●]`` asked for);
so is an edited Narrative, which the lawyer is expected to rewrite. Everything
else that differs means the workbook or the notice needs correcting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from docgen.readback.document import normal_text
from docgen.readback.layout import Reading
from docgen.rules.schema import COLUMNS_BY_KEY, FORMS, TRANSITION_FORMS, Kind, form_variable
from docgen.values import PLACEHOLDER_TEXT, Placeholder, parse_date

FILL, DIFFERS, NOTED, UNFIT, UNSURE = "to fill", "differs", "noted", "not fit", "cannot tell"
_FORM_OF = {f"form_{form_variable(f)}": f for f in FORMS}
_TRANSITION_OF = {f"transition_{form_variable(f)}": f for f in TRANSITION_FORMS}
_DERIVED: dict[str, tuple[str, tuple[str, ...]]] = {
    "part2": ("Part II box", ("part2_a", "part2_b")),
    "part2_review": ("Part II box", ("part2_a", "part2_b")),
    "conformed_signature": ("Signature (/s/)", ("signer_name",)),
    "amendment_title": ("Amendment No.", ("amendment",)),
    "period": ("Period", ("period_ended", "transition_period_ended")),
}
_NOTED_WHEN_EDITED = frozenset({"narrative"})  # prose the lawyer is expected to rewrite


@dataclass(frozen=True)
class Finding:
    """One thing about one notice: what kind, what it says, and the cell if any."""

    kind: str  # FILL, DIFFERS, NOTED, UNFIT or UNSURE
    message: str
    cell: str = ""  # "Registrants!N5", or ""

    def __str__(self) -> str:
        return f"{self.cell}: {self.message}" if self.cell else self.message


def label(variable: str) -> str:
    """A field as the workbook and the form name it."""
    if variable in COLUMNS_BY_KEY:
        return COLUMNS_BY_KEY[variable].header
    if variable in _FORM_OF:
        return f"Form {_FORM_OF[variable]} box"
    if variable in _TRANSITION_OF:
        return f"Transition Report on Form {_TRANSITION_OF[variable]} box"
    return _DERIVED.get(variable, (variable.replace("_", " ").capitalize(), ()))[0]


def sources(variable: str) -> tuple[str, ...]:
    """The columns a variable comes from."""
    if variable in _FORM_OF:
        return ("form",)
    if variable in _TRANSITION_OF:
        return ("transition_report",)
    return _DERIVED.get(variable, ("", (variable,)))[1]


def _same(notice: str, row: str) -> bool:
    """Whether the notice's text says what the row says: spaces and box characters as
    the reader normalises them, dates by their day."""
    if normal_text(notice) == normal_text(row):
        return True
    try:
        left, right = parse_date(notice), parse_date(row)
    except ValueError:
        return False
    return isinstance(left, dt.date) and left == right


def _short(text: str) -> str:
    text = " ".join(text.split())
    return f"“{text[:40]}…”" if len(text) > 41 else f"“{text}”"


Cells = Callable[[tuple[str, ...]], str]


def notice_findings(reading: Reading) -> list[Finding]:
    """What the notice alone shows: [●] left, boxes that contradict each other, no
    signature or date, fields that cannot be told."""
    found: list[Finding] = []
    for variable, why in reading.unsure.items():
        found.append(Finding(UNSURE, f"{label(variable)}: cannot tell ({why})"))
    for variable, values in reading.values.items():
        if any(PLACEHOLDER_TEXT in v for v in values):
            found.append(Finding(FILL, label(variable)))
        elif variable == "conformed_signature" and not any(
                v.startswith("/s/") and v[3:].strip() for v in values):
            found.append(Finding(FILL, "/s/ signature"))
        elif variable == "signature_date" and not all(values):
            found.append(Finding(FILL, label(variable)))
    for variable, states in reading.boxes.items():
        if len(set(states)) > 1 and variable not in _FORM_OF:
            found.append(Finding(UNFIT, f"{label(variable)}: Yes and No are both ticked, or "
                                        "neither is"))
    forms = [f for v, f in _FORM_OF.items() if any(reading.boxes.get(v, ()))]
    if any(v in reading.boxes for v in _FORM_OF) and len(forms) != 1:
        found.append(Finding(UNFIT, "no Form box is ticked under (Check one)" if not forms else
                             f"{len(forms)} Form boxes are ticked ({', '.join(forms)}); "
                             "tick exactly one"))
    return found


def row_findings(reading: Reading, context: Mapping[str, Any], cells: Cells) -> list[Finding]:
    """Where the notice and its row disagree, naming the cells."""
    found: list[Finding] = []
    for variable, values in reading.values.items():
        if variable in reading.unsure or variable not in context:
            continue
        expected = context[variable]
        cell = cells(sources(variable))
        for value in dict.fromkeys(values):
            if PLACEHOLDER_TEXT in value:
                continue
            if isinstance(expected, Placeholder):
                if value:
                    found.append(Finding(NOTED, f"{label(variable)} filled in the notice "
                                         f"({_short(value)}), blank in the workbook; add it "
                                         "there too", cell))
                continue
            if variable == "conformed_signature" and not value:
                continue  # said once, as "not signed"
            if _same(value, str(expected)):
                continue
            if variable in _NOTED_WHEN_EDITED:
                found.append(Finding(NOTED, f"{label(variable)} edited in the notice", cell))
            elif not value:
                found.append(Finding(DIFFERS, f"{label(variable)} blank in the notice, "
                                     f"{_short(str(expected))} in the workbook", cell))
            else:
                found.append(Finding(DIFFERS, f"{label(variable)} is {_short(value)} in the "
                                     f"notice, {_short(str(expected)) if expected else 'blank'}"
                                     " in the workbook", cell))
    found += _box_findings(reading, context, cells)
    return found


def _box_findings(reading: Reading, context: Mapping[str, Any], cells: Cells
                  ) -> list[Finding]:
    found: list[Finding] = []
    ticked = {v: states[0] for v, states in reading.boxes.items()
              if len(set(states)) == 1 and v not in reading.unsure and v in context}
    for group, what in ((_FORM_OF, "Form"), (_TRANSITION_OF, "Transition Report on Form")):
        shown = [v for v in group if v in ticked]
        if not shown:
            continue
        notice = [group[v] for v in shown if ticked[v]]
        row = [group[v] for v in shown if context[v]]
        if notice != row and (notice or row):
            column = "form" if group is _FORM_OF else "transition_report"
            said = (f"{what} {', '.join(notice)} ticked in the notice" if notice
                    else f"no {what} box ticked in the notice")
            wants = (f"{what} {', '.join(row)}" if row else
                     "Transition Report No" if group is _TRANSITION_OF else "no form")
            found.append(Finding(DIFFERS, f"{said}, {wants} in the workbook",
                                 cells((column,))))
    for variable, state in ticked.items():
        if variable in _FORM_OF or variable in _TRANSITION_OF or state == bool(
                context[variable]):
            continue
        columns = sources(variable)
        answers = ", ".join(
            f"{COLUMNS_BY_KEY[c].header} {'Yes' if context.get(c) else 'No'}" for c in columns
            if c in COLUMNS_BY_KEY and COLUMNS_BY_KEY[c].kind is Kind.YESNO)
        if variable in COLUMNS_BY_KEY:
            answers = "Yes" if context[variable] else "No"
        found.append(Finding(DIFFERS, f"{label(variable)} {'ticked' if state else 'not ticked'}"
                             f" in the notice, {answers} in the workbook", cells(columns)))
    return found
