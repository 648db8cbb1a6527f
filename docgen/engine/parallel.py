"""Step 4-5 for many notices: render and write, in this process or in several.

Processes pay only for very large runs, if at all: starting them and compiling
the template in each costs about as much as a few hundred notices, the first
pass (read, check, name) stays in one process, and creating files in one folder
is serialised by the kernel. On the 2-core machine measured, two processes did
not beat one at any size up to 20,000 notices (see benchmarks/RESULTS.md), so
below :data:`PARALLEL_MIN_NOTICES` docgen stays in one process whatever
``--jobs`` says. Names and order are fixed before rendering starts, so the
output is the same with any number of jobs.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from docgen.errors import NoticeError
from docgen.files import write_atomic
from docgen.template.render import CompiledTemplate

PARALLEL_MIN_NOTICES = 20000
T = TypeVar("T")
R = TypeVar("R")
Task = tuple[int, dict[str, Any], str]  # row, context, target file
Sink = Callable[[str, bytes], None]  # takes a notice instead of writing its file

_worker_template: CompiledTemplate | None = None
_worker_exclusive = False


def _start_worker(template: Path, exclusive: bool) -> None:
    global _worker_template, _worker_exclusive
    _worker_template, _worker_exclusive = CompiledTemplate(template), exclusive


def _write_one(task: Task) -> tuple[int, str | None]:
    row, context, target = task
    assert _worker_template is not None
    return row, _write(_worker_template, context, target, _worker_exclusive)


def _write(template: CompiledTemplate, context: dict[str, Any], target: str,
           exclusive: bool, sink: Sink | None = None) -> str | None:
    """Write one notice (or hand it to ``sink``); the message when this row cannot
    become one, else None."""
    try:
        data = template.render(context)
    except NoticeError as exc:
        return str(exc)
    if sink is not None:
        sink(target, data)
    else:
        write_atomic(target, data, exclusive=exclusive)
    return None


def effective_jobs(jobs: int | None, notices: int) -> int:
    """How many processes to use: one below the crossover, else ``jobs`` or the cores."""
    cores = os.cpu_count() or 1
    wanted = min(jobs, cores) if jobs is not None else cores  # more would only thrash
    return 1 if notices < PARALLEL_MIN_NOTICES else max(1, min(wanted, notices))


def write_notices(
    template: CompiledTemplate, tasks: Iterable[Task], jobs: int,
    done: Callable[[int, str | None], None], *, exclusive: bool = False,
    sink: Sink | None = None,
) -> None:
    """Render and write every task; ``done(row, None)`` after each notice is in place,
    ``done(row, message)`` for a row that cannot become a notice.

    ``exclusive``: never replace a file that exists (one made by a concurrent run).
    ``sink(target, data)`` takes each notice instead of a file (in this process).
    """
    if jobs <= 1 or sink is not None:
        for row, context, target in tasks:
            done(row, _write(template, context, target, exclusive, sink))
        return
    targets: list[str] = []

    def recorded() -> Iterator[Task]:
        for task in tasks:
            targets.append(task[2])
            yield task

    try:
        for row, failure in pooled(_write_one, recorded(), jobs, initializer=_start_worker,
                                   initargs=(template.path, exclusive)):
            done(row, failure)
    finally:
        sweep_temporary(targets)


def pooled(function: Callable[[T], R], tasks: Iterable[T], jobs: int, *,
           initializer: Callable[..., None] | None = None,
           initargs: tuple[Any, ...] = (), chunksize: int = 16) -> Iterator[R]:
    """``function`` over ``tasks`` in ``jobs`` processes, results in order; the pool
    is stopped at once if the caller stops (Ctrl-C, SIGTERM, an error)."""
    method = "fork" if hasattr(os, "fork") else "spawn"
    pool = multiprocessing.get_context(method).Pool(jobs, initializer=initializer,
                                                    initargs=initargs)
    try:
        yield from pool.imap(function, tasks, chunksize=chunksize)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def sweep_temporary(targets: list[str]) -> None:
    """Remove temporary files a stopped worker may have left (never a notice)."""
    names = {os.path.basename(t) for t in targets}
    for folder in {os.path.dirname(t) or "." for t in targets}:
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if (entry.name.startswith(".docgen-") and entry.name.endswith(".tmp")
                        and entry.name[:-4].split("-", 2)[-1] in names):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
