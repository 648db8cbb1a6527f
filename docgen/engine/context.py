"""Step 3 of the pipeline: the variables a template sees for one notice.

Values are plain text and booleans; the renderer escapes text, so whatever a
cell holds is printed, never interpreted. ``docgen fields`` and the README list
these names.
"""

from __future__ import annotations

import sys
from typing import Any

from docgen.engine.validate import Notice
from docgen.rules.schema import FORMS, LEGACY_FORMS, TRANSITION_FORMS, form_variable
from docgen.rules.submission import submission_type
from docgen.values import PLACEHOLDER, format_date, slugify

# Variables that every notice has besides one per column (documented in the README).
DERIVED_VARIABLES: dict[str, str] = {
    "row": "Excel row number of the registrant",
    "edgar_form": "EDGAR submission type, e.g. NT 10-K (NT-NCSR and NT N-CEN: UNCONFIRMED)",
    "period": "ISO date of the period (Period Ended, else Transition Period Ended)",
    "registrant_slug": "registrant name for file names: the-auxer-group-inc",
    "due_date": "the report's due date under the SEC rules (Rule 0-3 applied)",
    "nt_due": "last day to file this Form 12b-25 (one business day after the due date)",
    "extended_due": "end of the 15- or 5-day extension",
    "nt_due_iso": "nt_due as an ISO date (2003-04-01), for comparing; blank when unknown",
    "deadline_certainty": "confirmed, or UNCONFIRMED when a rule behind the dates is",
    "conformed_signature": "/s/ and the signer's name; blank in drafts (merge --unsigned)",
    "amendment_title": "(Amendment No. 1) on an amended notice (Amendment No. column); blank "
                       "on the original",
    "amendment_suffix": "-A1 on an amended notice's file name; blank on the original",
    "part2": "the form's one Part II box: Part II (a) and (b) are both Yes",
    "part2_review": "a highlighted [●] when only one of Part II (a) and (b) is Yes; else blank",
    **{f"form_{form_variable(f)}": f"Form {f} is the one checked" for f in FORMS},
    **{
        f"transition_{form_variable(f)}": f"Transition Report on Form {f} is checked"
        for f in TRANSITION_FORMS
    },
}


def build_context(notice: Notice, *, signed: bool = True) -> dict[str, Any]:
    """Template variables for one notice; ``signed=False`` for a draft with no /s/."""
    box_form = LEGACY_FORMS.get(notice.form, notice.form)
    context: dict[str, Any] = dict(notice.custom)
    context.update(notice.text)
    context.update(notice.flags)
    for key, day in notice.dates.items():
        context[key] = format_date(day) if day is not None else ""
    period = notice.dates["period_ended"] or notice.dates["transition_period_ended"]
    context.update(
        row=notice.row,
        form=notice.form,
        filer_status=notice.filer_status,
        edgar_form=submission_type(notice.form, amended=bool(notice.text.get("amendment", "")))[0],
        # One string per distinct period (a season's rows share a few): each row's
        # result keeps it, so 10,000 rows hold a few strings, not 10,000.
        period=sys.intern(period.isoformat()) if period else "",
        registrant_slug=slugify(notice.text["registrant_name"]) or "registrant",
        conformed_signature=f"/s/ {notice.text['signer_name']}" if signed else "",
    )
    amendment = notice.text.get("amendment", "")
    context["amendment_title"] = f"(Amendment No. {amendment})" if amendment else ""
    context["amendment_suffix"] = f"-A{amendment}" if amendment else ""
    deadlines = notice.deadlines
    if deadlines is None:
        context.update(due_date="", nt_due="", extended_due="", nt_due_iso="",
                       deadline_certainty="")
    else:
        context.update(due_date=format_date(deadlines.due), nt_due=format_date(deadlines.nt_due),
                       extended_due=format_date(deadlines.extended_due),
                       nt_due_iso=deadlines.nt_due.isoformat(),
                       deadline_certainty=deadlines.certainty)
    context["part2"] = notice.flags["part2_a"] and notice.flags["part2_b"]
    context["part2_review"] = ""
    for key in notice.placeholders:
        context[key] = PLACEHOLDER
    for form, variable in _FORM_VARIABLES:
        context[variable] = form == box_form
    transition = notice.flags["transition_report"]
    for form, variable in _TRANSITION_VARIABLES:
        context[variable] = transition and form == box_form
    return context


_FORM_VARIABLES = tuple((f, f"form_{form_variable(f)}") for f in FORMS)
_TRANSITION_VARIABLES = tuple((f, f"transition_{form_variable(f)}") for f in TRANSITION_FORMS)
