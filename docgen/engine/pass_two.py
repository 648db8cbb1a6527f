"""Pass 2 of a merge, the parts both ways of writing share: recording what happened to
each notice (its status, its error, the progress), and writing every notice into one
archive instead of a file each (:mod:`docgen.engine.archive`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from docgen.engine.archive import NoticeArchive
from docgen.engine.parallel import write_notices
from docgen.engine.results import MergeReport, NoticeResult
from docgen.engine.spool import ContextSpool
from docgen.files import refuse_clashes, refuse_existing
from docgen.problems import Problem, Severity
from docgen.template.render import CompiledTemplate

Progress = Callable[[int, int], None]


def row_failed(report: MergeReport, result: NoticeResult, message: str) -> None:
    """A row that passed every check but cannot become a notice: an error of that row."""
    result.status = "skipped"
    report.problems.append(Problem(result.row, f"A{result.row}", report.sheet,
                                   Severity.ERROR, message))


def recorder(report: MergeReport, planned: list[NoticeResult],
              progress: Progress | None) -> Callable[[int, str | None], None]:
    """What pass 2 calls after each notice: its status, its error, the progress."""
    result_of = {p.row: p for p in planned}
    count = 0

    def done(row: int, failure: str | None) -> None:
        nonlocal count
        result = result_of[row]
        if failure is None:
            result.status = "written"
        else:
            row_failed(report, result, failure)
        count += 1
        if progress is not None:
            progress(count, len(planned))

    return done


def write_archive(report: MergeReport, compiled: CompiledTemplate, planned: list[NoticeResult],
                   contexts: ContextSpool, archive: Path, overwrite: bool,
                   progress: Progress | None, inputs: Mapping[str, Path]) -> None:
    """Pass 2 into one zip (:mod:`docgen.engine.archive`): the notices are never files."""
    refuse_clashes(inputs, [("archive", archive)])
    if not overwrite:
        refuse_existing([archive], "archives")
    archive.parent.mkdir(parents=True, exist_ok=True)
    name_of = {p.row: p.name for p in planned}
    zipped = NoticeArchive(archive, overwrite=overwrite)
    try:
        write_notices(compiled, ((c["row"], c, name_of[c["row"]]) for c in contexts), 1,
                      recorder(report, planned, progress), sink=zipped.add)
        zipped.close()
    except BaseException:
        zipped.abort()
        raise
    report.archive = archive
    report.problems.sort(key=Problem.sort_key)
