"""Pass 1 of a run: every row read and validated, every file name fixed, nothing written.

:func:`plan` is the one validated-rows loop that ``check``, ``merge`` and
``deadlines`` share (and with them the page and the Calc extension): each good row's
template context goes to ``keep``, and the report gets a result per row and every
problem, including the workbook's shape (the starter's example row left in, two rows
for one report) and ``--name`` fields left blank.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from docgen.engine.context import DERIVED_VARIABLES, build_context
from docgen.engine.results import MergeReport, NoticeResult
from docgen.engine.validate import Notice, validate_row
from docgen.errors import TemplateError
from docgen.files import blank_fields, check_pattern, file_name
from docgen.problems import Problem, ProblemLog, Severity
from docgen.rules.business_days import BusinessCalendar
from docgen.rules.schema import COLUMNS, EXAMPLE_REGISTRANT
from docgen.template.render import CompiledTemplate
from docgen.workbook.reader import open_workbook
from docgen.workbook.selection import Selection


def available_variables(custom_columns: set[str]) -> set[str]:
    """Every variable a notice supplies, for checking a template before rendering."""
    return {c.key for c in COLUMNS} | set(DERIVED_VARIABLES) | custom_columns


def plan(
    workbook: Path, template: CompiledTemplate | None, name_pattern: str | None,
    report: MergeReport, keep: Callable[[dict[str, Any]], None], strict: bool = False,
    cal: BusinessCalendar | None = None, signed: bool = True, select: Selection | None = None,
    check_variables: Callable[[set[str]], None] | None = None,
) -> list[NoticeResult]:
    """Pass 1: read and validate every row, fix every file name; nothing is written.

    Fills ``report`` (a result per row, every problem), hands each good row's
    template context to ``keep`` and returns the good rows' results. ``template`` None:
    no template is involved (``deadlines``), so none is checked.
    """
    planned: list[NoticeResult] = []
    seen: dict[bytes, int] = {}  # digest of (registrant, form, period, amendment) -> row
    with open_workbook(workbook, select) as book:
        # A custom column the template uses is no "unknown header": it is the point.
        used = {f"{letter}1" for variable, letter in book.custom_columns.items()
                if template is not None and variable in template.variables}
        report.problems.extend(p for p in book.problems
                               if not (p.row == 1 and p.cell in used
                                       and p.severity is Severity.WARNING))
        report.sheet, report.columns = book.sheet, dict(book.columns)
        variables = available_variables(set(book.custom_columns))
        if template is not None and (missing := template.missing(variables)):
            raise TemplateError(
                f"{template.path}: uses {', '.join(missing)}, which the workbook does not "
                "supply; add a column with that header or remove the tag"
            )
        if name_pattern is not None:
            check_pattern(name_pattern, variables)
        if check_variables is not None:  # the e-mail template's, before anything is written
            check_variables(variables)
        for row in book.rows():
            notice, problems = validate_row(book.sheet, row, book.columns, book.contacts, cal)
            report.problems.extend(problems)
            if notice is None:
                name = row.cells.get("registrant_name")
                report.notices.append(NoticeResult(row.number, "" if name is None else
                                                   str(name.value or ""), "skipped"))
                continue
            report.problems.extend(_shape_problems(book.sheet, book.columns, notice, seen))
            context = build_context(notice, signed=signed)
            file = file_name(name_pattern, context) if name_pattern else ""
            if name_pattern:
                report.problems += _blank_name_fields(book.sheet, book.columns, name_pattern,
                                                      context, file)
            result = NoticeResult(notice.row, notice.text["registrant_name"], "ready",
                                  notice.deadlines, file, blanks=len(notice.placeholders),
                                  form=notice.form, period=context["period"],
                                  amendment=notice.text.get("amendment", ""),
                                  signed_on=notice.dates["signature_date"],
                                  filed=notice.text.get("filed", ""))
            report.notices.append(result)
            planned.append(result)
            keep(context)
    if strict:  # a blank shown as [●], or filled with an assumption, is an error
        report.problems = ProblemLog(
            replace(p, severity=Severity.ERROR, message=p.message.replace(
                "; the notice shows a highlighted [●] to fill in", "") + " (--strict)")
            if p.placeholder or p.assumed else p for p in report.problems
        )
    report.problems.sort(key=Problem.sort_key)
    return planned


def _blank_name_fields(sheet: str, columns: dict[str, str], pattern: str,
                      context: dict[str, Any], file: str) -> list[Problem]:
    """A --name field blank on this row: the file name lacks it, and names may clash
    (then "-2" is added). Said at the cell; an error under --strict."""
    found = []
    for field_name in blank_fields(pattern, context):
        letter = columns.get(field_name) or columns["registrant_name"]
        found.append(Problem(
            int(context["row"]), f"{letter}{context['row']}", sheet, Severity.WARNING,
            f"--name {{{field_name}}} is blank in this row, so the file name {file} lacks it; "
            "fill in the cell or use another --name pattern", assumed=True))
    return found


def _shape_problems(sheet: str, columns: dict[str, str], notice: Notice,
                    seen: dict[bytes, int]) -> list[Problem]:
    """The workbook's shape: the starter's example row left in, or two rows for one
    report (same registrant, form and period)."""
    name = notice.text["registrant_name"]
    cell = f"{columns['registrant_name']}{notice.row}"
    if name == EXAMPLE_REGISTRANT:
        return [Problem(notice.row, cell, sheet, Severity.WARNING, "example row not replaced: "
                        "this is docgen init's example; replace it with a registrant or "
                        "delete the row")]
    period = notice.dates["period_ended"] or notice.dates["transition_period_ended"]
    key = "\0".join((" ".join(name.casefold().split()), notice.form, str(period),
                     notice.text.get("amendment", "")))
    # A 16-byte digest, not the strings: 10,000 rows then hold 1.5 MB less while read.
    first = seen.setdefault(hashlib.blake2b(key.encode(), digest_size=16).digest(), notice.row)
    if first == notice.row:
        return []
    return [Problem(notice.row, cell, sheet, Severity.WARNING,
                    f"same registrant, form and period as row {first}: two notices for one "
                    "report; delete one of the rows or correct it")]
