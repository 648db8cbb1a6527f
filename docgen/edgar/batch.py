"""Writing EDGAR documents for many notices: plan every name, refuse, then write.

As with ``docgen merge``: every name is known and checked (unique in the run, no
output over an input, no existing file unless ``overwrite``) before the first
file is written; each file is written atomically; a notice that cannot be
converted is reported in one line and the others are still written.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from docgen.edgar.conversion import Converted, convert
from docgen.engine.parallel import pooled, sweep_temporary
from docgen.errors import SourceError
from docgen.files import refuse_clashes, refuse_existing, write_atomic
from docgen.rules.schema import LEGACY_FORMS
from docgen.rules.submission import edgar_name, unique


@dataclass
class EdgarReport:
    """What ``docgen edgar`` did: the documents written and the notices refused."""

    written: list[tuple[Converted, Path]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # one line each, naming the notice
    lossy: list[Converted] = field(default_factory=list)  # --ascii refused without --lossy-ok




def convert_all(notices: Sequence[Path], out_dir: Path | None = None, *,
                overwrite: bool = False, ascii_text: bool = False, lossy_ok: bool = False,
                expected: Callable[[Path], str | None] | None = None,
                names: Mapping[Path, str] | None = None) -> EdgarReport:
    """Convert ``notices`` and write one document each, into ``out_dir`` or beside each.

    ``names`` fixes the file names (a merge plans them from the rows); otherwise
    each comes from what its notice says. ``expected`` gives a notice's form
    from its row, which the checked box must match.
    """
    report = EdgarReport()
    done: list[tuple[Converted, Path]] = []
    for path in notices:
        try:
            converted = convert(path, ascii_text=ascii_text,
                                expected_form=expected(path) if expected else None)
        except SourceError as exc:
            report.failures.append(str(exc))
            continue
        if ascii_text and not lossy_ok and any(r.lossy for r in converted.replacements):
            report.lossy.append(converted)
            continue
        done.append((converted, path))
    planned = ([names[path] for _, path in done] if names is not None
               else unique(c.name for c, _ in done))
    targets = []
    for (converted, path), name in zip(done, planned):
        converted.name = name
        targets.append((out_dir or path.parent) / name)
    refuse_clashes({f"notice {p}": p for p in notices},
                   [("EDGAR document", t) for t in targets])
    if not overwrite:
        refuse_existing(targets, "EDGAR documents")
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    for (converted, _), target in zip(done, targets):
        write_atomic(target, converted.data, exclusive=not overwrite)
        report.written.append((converted, target))
    return report


class _Planned(Protocol):
    row: int
    registrant: str
    form: str
    period: str
    edgar: str
    amendment: str

    @property
    def path(self) -> Path | None: ...


def plan_edgar(planned: Sequence[_Planned], out: Path) -> list[tuple[str, Path]]:
    """``merge --edgar``: name each row's .htm from the row (unique in the run)."""
    names = unique(edgar_name(p.form, p.period, p.registrant, amendment=p.amendment)
                   for p in planned)
    for result, name in zip(planned, names):
        result.edgar = name
    return [("EDGAR document", out / name) for name in names]


EDGAR_PARALLEL_MIN = 400  # below this, starting processes costs more than it saves
Task = tuple[int, str, str, str, bool]  # row, notice, target, form, overwrite


def _convert_and_write(task: Task) -> tuple[int, str | None]:
    row, notice, target, form, overwrite = task
    try:
        converted = convert(Path(notice), expected_form=form)
    except SourceError as exc:
        return row, f"{exc} (finish the notice in Word, then run docgen edgar on it)"
    write_atomic(target, converted.data, exclusive=not overwrite)
    return row, None


def write_edgar(written: Sequence[_Planned], overwrite: bool,
                jobs: int | None = None) -> dict[int, str]:
    """``merge --edgar``: convert each written notice; the rows that failed, with why.

    Conversion is CPU work (about 3 ms a notice), so runs of
    :data:`EDGAR_PARALLEL_MIN` notices or more use one process per core (``jobs``).
    """
    tasks: list[Task] = [
        (r.row, str(r.path), str(r.path.parent / r.edgar),
         LEGACY_FORMS.get(r.form, r.form), overwrite) for r in written if r.path is not None]
    cores = min(jobs or os.cpu_count() or 1, os.cpu_count() or 1)
    failures: dict[int, str] = {}
    if len(tasks) < EDGAR_PARALLEL_MIN or cores < 2:
        results: Iterable[tuple[int, str | None]] = map(_convert_and_write, tasks)
        failures = {row: message for row, message in results if message is not None}
    else:
        try:
            for row, message in pooled(_convert_and_write, tasks, cores, chunksize=32):
                if message is not None:
                    failures[row] = message
        finally:
            sweep_temporary([task[2] for task in tasks])
    for result in written:
        if result.row in failures:
            result.edgar = ""
    return failures
