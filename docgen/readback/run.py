"""``docgen status``: which edited notices are ready to file, and what stops the others.

The pipeline: find the notices (a folder, a zip, files) -> examine each on its own
(:mod:`.examine`: read, place the fields, EDGAR check) -> match each to its row
(the key docgen put in its custom properties at merge time; else its registrant,
form and period as printed, with a warning) -> compare with the row
(:mod:`.compare`) -> one state per notice, and one per row that has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.edgar.conversion import AMENDMENT_LINE
from docgen.engine.results import MergeReport, NoticeResult
from docgen.errors import UsageError
from docgen.options import MergeOptions
from docgen.problems import Problem, plural
from docgen.readback.compare import (
    DIFFERS,
    FILL,
    NOTED,
    UNFIT,
    UNSURE,
    Cells,
    Finding,
    row_findings,
)
from docgen.readback.examine import Examined, examine_all, notice_files
from docgen.readback.layout import Layout
from docgen.rules.schema import LEGACY_FORMS
from docgen.template.render import CompiledTemplate, bundled_template
from docgen.values import parse_date

FILED, READY, REVIEW, DRAFT, MISSING, UNKNOWN = (
    "filed", "ready", "needs review", "draft", "missing", "unknown")
STATES = (MISSING, DRAFT, REVIEW, UNKNOWN, READY, FILED)  # most urgent first, at one date


@dataclass
class NoticeStatus:
    """One notice (or one row with none): its state and everything behind it."""

    state: str
    file: str = ""  # "" for a row with no notice
    row: int | None = None
    registrant: str = ""
    form: str = ""  # 10-K, ...
    period: str = ""  # ISO
    amendment: str = ""
    nt_due: dt.date | None = None
    days_left: int | None = None
    filed: str = ""  # the workbook's Filed mark
    author: str = ""  # who saved it last
    modified: dt.datetime | None = None
    matched_by: str = ""  # "properties", "text" or ""
    edited: bool | None = None  # False: as docgen wrote it (no one has saved it since)
    findings: list[Finding] = field(default_factory=list)

    @property
    def form_shown(self) -> str:
        return f"{self.form}/A{self.amendment}" if self.amendment and self.form else self.form

    @property
    def to_fill(self) -> list[str]:
        return [f.message for f in self.findings if f.kind == FILL]

    def brief(self) -> str:
        """What stands in the way, in a few words, for the table."""
        count = {k: sum(1 for f in self.findings if f.kind == k)
                 for k in (FILL, DIFFERS, UNFIT, UNSURE)}
        if self.state == MISSING:
            return "no notice in the folder"
        if self.state == UNKNOWN:
            return self.findings[0].message if self.findings else "not a docgen notice"
        parts = []
        if count[FILL]:
            parts.append("to fill: " + ", ".join(self.to_fill))
        if count[DIFFERS]:
            parts.append(plural(count[DIFFERS], "difference") + " from the workbook")
        if count[UNFIT]:
            parts.append(next(f.message for f in self.findings if f.kind == UNFIT)
                         if count[UNFIT] == 1 else plural(count[UNFIT], "problem"))
        if count[UNSURE]:
            parts.append(plural(count[UNSURE], "field") + " unreadable")
        if self.state == FILED:
            return f"filed {self.filed}"
        return "; ".join(parts)

    def record(self) -> dict[str, Any]:
        """As ``--format json`` writes it."""
        return {
            "file": self.file, "state": self.state, "row": self.row,
            "registrant": self.registrant, "form": self.form, "period": self.period,
            "amendment": self.amendment,
            "nt_due": self.nt_due.isoformat() if self.nt_due else None,
            "days_left": self.days_left, "filed": self.filed, "author": self.author,
            "modified": self.modified.isoformat() if self.modified else None,
            "matched_by": self.matched_by, "edited": self.edited, "to_fill": self.to_fill,
            "findings": [{"kind": f.kind, "cell": f.cell, "message": f.message}
                         for f in self.findings],
        }


@dataclass
class StatusReport:
    """What :func:`status` found: a record per notice and per row without one."""

    notices: list[NoticeStatus]
    today: dt.date
    workbook: Path | None = None
    problems: list[Problem] = field(default_factory=list)  # the workbook's own
    left_out: list[str] = field(default_factory=list)  # combined documents, said once

    def counts(self) -> dict[str, int]:
        return {s: n for s in (READY, DRAFT, REVIEW, MISSING, UNKNOWN, FILED)
                if (n := sum(1 for r in self.notices if r.state == s))}

    @property
    def all_ready(self) -> bool:
        """Whether every notice is ready or filed (exit 0)."""
        return all(r.state in (READY, FILED) for r in self.notices)

    def summary(self) -> str:
        """"37 ready, 2 draft, 1 needs review, 3 filed; next due X in 2 days": the next
        NT deadline of a notice not filed, and how many have passed unfiled."""
        counts = self.counts()
        text = ", ".join(f"{n:,} {s}" for s, n in counts.items()) or "no notices"
        open_ = [r for r in self.notices if r.state not in (FILED, UNKNOWN)
                 and r.days_left is not None]
        coming = [r for r in open_ if (r.days_left or 0) >= 0]
        if coming:
            first = min(coming, key=lambda r: (r.days_left or 0, STATES.index(r.state)))
            text += f"; next due {first.registrant} {_when(first.days_left or 0)}"
        late = [r for r in open_ if (r.days_left or 0) < 0]
        if len(late) == 1:
            text += (f"; 1 overdue ({late[0].registrant}, NT due "
                     f"{plural(-(late[0].days_left or 0), 'day')} ago)")
        elif late:
            text += f"; {len(late):,} overdue"
        return text


def _when(days: int) -> str:
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


Key = tuple[str, str, str, str]  # registrant (case and spaces aside), form, period, amendment


def _key(registrant: str, form: str, period: str, amendment: str) -> Key:
    return (" ".join(registrant.casefold().split()), LEGACY_FORMS.get(form, form), period,
            amendment)


@dataclass
class _Row:
    result: NoticeResult
    context: dict[str, Any]
    cells: Cells
    matched: list[str] = field(default_factory=list)  # the notices found for it


def status(notices: Path | str | Sequence[Path | str], workbook: Path | str | None = None,
           options: MergeOptions | None = None, *, today: dt.date | None = None,
           jobs: int | None = None, **changes: Any) -> StatusReport:
    """The state of every notice in ``notices`` (a folder, a zip, or files), matched to
    the rows of ``workbook`` when given; for a folder or a zip, also each row with no
    notice there (``missing``).

    ``options`` (or keywords of :class:`~docgen.options.MergeOptions`: ``template``,
    ``rows``, ``where``, ``sheet``, ``calendar``) as for merge; without them the
    workbook's ``docgen.toml`` gives them, as on the command line.
    """
    items = [Path(notices)] if isinstance(notices, (str, Path)) else [Path(p) for p in notices]
    today = today or dt.date.today()
    book = Path(workbook) if workbook is not None else None
    if options is None:
        chosen = (MergeOptions.for_workbook(book, (), **changes) if book is not None
                  else MergeOptions(**changes))
    else:
        chosen = options.replace(**changes) if changes else options
    compiled = CompiledTemplate(chosen.template or bundled_template())
    layout = Layout(compiled)
    report = StatusReport([], today, book)
    rows: list[_Row] = []
    skipped: list[NoticeResult] = []
    if book is not None:
        rows, skipped, report.problems = _rows(book, compiled, chosen)
    tasks = list(notice_files(items))
    if not tasks and book is None:
        raise UsageError(f"no notices (.docx) in {', '.join(str(i) for i in items)}; give the "
                         "folder the notices are in, a .zip of it, or the files")
    examined = examine_all(layout, tasks, len(tasks), jobs)
    report.notices = _match(examined, rows, skipped, today, report,
                            book is not None and bool(chosen.select), compiled.path.name)
    if any(item.is_dir() or item.suffix.lower() == ".zip" for item in items):
        # A folder (or its zip) is the season: a row with no notice in it is missing.
        # Notices given one by one are all that is asked about.
        report.notices += [_missing(row, today) for row in rows if not row.matched]
        named = {r.row for r in report.notices if r.row is not None}
        report.notices += [NoticeStatus(MISSING, "", n.row, n.registrant, findings=[Finding(
            UNSURE, "its row has errors (see above); fix the workbook, then merge it")])
            for n in skipped if n.row not in named]
    report.notices.sort(key=lambda r: (r.state == FILED, r.nt_due or dt.date.max,
                                       STATES.index(r.state), r.registrant.casefold(),
                                       r.file))
    return report


def _rows(book: Path, compiled: CompiledTemplate, chosen: MergeOptions
          ) -> tuple[list[_Row], list[NoticeResult], list[Problem]]:
    from docgen.engine.plan import plan

    contexts: list[dict[str, Any]] = []
    merged = MergeReport(book, Path())
    planned = plan(book, compiled, None, merged, contexts.append, cal=chosen.calendar,
                   select=chosen.select)

    def cells_of(row: int) -> Cells:
        """The cells of some columns in ``row``: ``Registrants!L5, M5`` (those it has)."""
        def cells(keys: tuple[str, ...]) -> str:
            found = [merged.cell(row, key) for key in keys if key in merged.columns]
            return f"{merged.sheet}!" + ", ".join(found) if found else ""
        return cells

    rows = [_Row(result, context, cells_of(result.row))
            for result, context in zip(planned, contexts)]
    skipped = [n for n in merged.notices if n.status == "skipped"]
    return rows, skipped, [p for p in merged.problems if p.severity.value == "error"]


def _property_key(item: Examined) -> Key | None:
    """The key docgen wrote into the notice's custom properties, if it is there."""
    assert item.document is not None
    key = item.document.key
    if "docgen.registrant" not in key or "docgen.form" not in key:
        return None
    return _key(key["docgen.registrant"], key["docgen.form"], key.get("docgen.period", ""),
                key.get("docgen.amendment", ""))


def _text_key(item: Examined) -> Key | None:
    """The key as the notice prints it: registrant, the ticked Form box, the period and
    the amendment line."""
    reading = item.reading
    names = reading.values.get("registrant_name") or [""]
    forms = [v[5:].upper() for v, states in reading.boxes.items()
             if v.startswith("form_") and any(states)]
    form = item.edgar_form or (_form_name(forms[0]) if len(forms) == 1 else "")
    period = ""
    for variable in ("period_ended", "transition_period_ended"):
        for value in reading.values.get(variable, []):
            try:
                day = parse_date(value)
            except ValueError:
                continue
            if isinstance(day, dt.date):
                period = period or day.isoformat()
    found = AMENDMENT_LINE.search(" ".join(reading.values.get("amendment_title", [])))
    if not names[0] or not form:
        return None
    return _key(names[0], form, period, found.group(1) if found else "")


def _form_name(variable_suffix: str) -> str:
    from docgen.rules.schema import FORMS, form_variable

    return next((f for f in FORMS if form_variable(f).upper() == variable_suffix), "")


def _match(examined: Iterable[Examined], rows: list[_Row], skipped: list[NoticeResult],
           today: dt.date, report: StatusReport, selecting: bool, template: str
           ) -> list[NoticeStatus]:
    index = {_key(r.result.registrant, r.result.form, r.result.period, r.result.amendment): r
             for r in rows}
    errors = {" ".join(n.registrant.casefold().split()): n for n in skipped}
    out: list[NoticeStatus] = []
    for item in examined:
        if item.combined:
            report.left_out.append(f"{item.name}: a combined document (merge --combine), "
                                   "not one notice; left out")
            continue
        record = _examined(item, today, template)
        out.append(record)
        if item.document is None or record.state == UNKNOWN:
            continue
        key, how = _property_key(item), "properties"
        row = index.get(key) if key is not None else None
        if row is None and (rows or skipped):
            printed = _text_key(item)
            if printed is not None and (printed in index or key is None):
                named = item.document.key
                said = ("it has no docgen properties (written by an older docgen, or they "
                        "were removed)" if key is None else "its docgen properties name "
                        f"{named['docgen.registrant']} {named['docgen.form']} "
                        f"{named.get('docgen.period', '')}, which no row has now")
                record.findings.insert(0, Finding(NOTED, "matched by its text (registrant, "
                                                  f"form, period): {said}"))
                key, how, row = printed, "text", index.get(printed)
        record.matched_by = how if key is not None else ""
        if row is None and key is not None and key[0] in errors:
            bad = errors[key[0]]
            record.row = bad.row
            record.findings.append(Finding(UNSURE, "its row has errors (see above); fix the "
                                           "workbook, then run status again"))
        elif row is not None:
            _with_row(record, item, row, today)
        elif selecting:
            out.pop()  # a notice of a row not chosen (--rows, --where)
            continue
        elif rows or skipped:
            what = " ".join(x for x in (key or ())[:3] if x) if key else "it"
            record.findings.append(Finding(UNSURE, f"no row of the workbook is for {what}; "
                                           "the row was deleted or its key cells changed"))
            record.state = UNKNOWN
            continue
        record.state = _state(record)
    return out


def _examined(item: Examined, today: dt.date, template: str) -> NoticeStatus:
    """A record from the notice alone (``template``: the file name of the template the
    notices are read with)."""
    document = item.document
    if document is None:
        return NoticeStatus(UNKNOWN, item.name, findings=[Finding(UNSURE, item.unreadable.split(
            ": ", 1)[-1])])
    record = NoticeStatus(READY, item.name, author=document.author, modified=document.modified,
                          edited=not (document.author == "docgen" and document.revision == "1"))
    key = document.key
    values = item.reading.values
    record.registrant = key.get("docgen.registrant") or (values.get("registrant_name") or [""])[0]
    record.form, record.period = key.get("docgen.form", ""), key.get("docgen.period", "")
    record.amendment = key.get("docgen.amendment", "")
    if key.get("docgen.nt_due"):
        try:
            record.nt_due = dt.date.fromisoformat(key["docgen.nt_due"])
            record.days_left = (record.nt_due - today).days
        except ValueError:
            pass
    if not document.key and not item.reading.follows:
        record.findings.append(Finding(UNSURE, "not a Form 12b-25 notice of this template (no "
                                       "docgen properties, and its text does not follow the "
                                       "template)"))
        record.state = UNKNOWN
        return record
    merged_with = key.get("docgen.template", "")
    if merged_with and merged_with != template:  # its fields may stand elsewhere
        record.findings.append(Finding(UNSURE, f"merged with the template {merged_with}, read "
                                       f"with {template}; give --template {merged_with}"))
    if not item.reading.follows:
        record.findings.append(Finding(UNSURE, f"its text does not follow the template (found "
                                       f"{item.reading.found} of {item.reading.anchors} of its "
                                       "lines); give the --template it was merged with"))
    else:
        record.findings += item.findings
    if document.tracked:
        record.findings.append(Finding(UNFIT, f"{plural(document.tracked, 'tracked change')} "
                                       "left: in Word choose Review > Accept All Changes (or "
                                       "reject them), then save"))
    if document.comments:
        record.findings.append(Finding(UNFIT, f"{plural(document.comments, 'comment')} left: "
                                       "in Word choose Review > Delete All Comments, then save"))
    if item.edgar:
        record.findings.append(Finding(UNFIT, f"the EDGAR check fails: {item.edgar}"))
    record.state = _state(record)
    return record


def _with_row(record: NoticeStatus, item: Examined, row: _Row, today: dt.date) -> None:
    result = row.result
    record.row, record.registrant = result.row, result.registrant
    record.form, record.period, record.amendment = result.form, result.period, result.amendment
    record.filed = result.filed
    if result.deadlines is not None:
        record.nt_due = result.deadlines.nt_due
        record.days_left = (record.nt_due - today).days
    if row.matched:
        record.findings.append(Finding(UNFIT, f"another notice is for the same row: "
                                       f"{row.matched[0]}; keep one"))
    row.matched.append(record.file)
    if item.reading.follows:
        record.findings += row_findings(item.reading, row.context, row.cells)


def _state(record: NoticeStatus) -> str:
    if record.filed:
        return FILED
    kinds = {f.kind for f in record.findings}
    if FILL in kinds:
        return DRAFT
    if kinds & {DIFFERS, UNFIT, UNSURE}:
        return REVIEW
    return READY


def _missing(row: _Row, today: dt.date) -> NoticeStatus:
    result = row.result
    record = NoticeStatus(FILED if result.filed else MISSING, "", result.row, result.registrant,
                          result.form, result.period, result.amendment, filed=result.filed)
    if result.deadlines is not None:
        record.nt_due = result.deadlines.nt_due
        record.days_left = (record.nt_due - today).days
    return record
