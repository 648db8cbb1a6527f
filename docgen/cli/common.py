"""What the ``docgen`` commands share: the error console, options, the one-line
failure, the run's business calendar and how problems and summaries are printed.

Exit codes (documented in the README): 0 success; 1 the workbook or template
cannot be used; 2 usage error; 3 some rows have errors; 4 an output file
exists; 130 interrupted; 143 terminated. Expected failures print one line, never
a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from docgen.errors import (
    DocgenError,
    Interrupted,
    NoticeError,
    OutputExistsError,
    RowErrors,
    Terminated,
    UsageError,
)
from docgen.problems import Problem, Severity, grouped_lines, one_line, plural

if TYPE_CHECKING:
    from rich.console import Console

    from docgen.engine.results import MergeReport
    from docgen.rules.business_days import BusinessCalendar

PROGRESS_MIN_ROWS = 50


class _ErrorConsole:
    """rich's console on stderr, made on first use: importing rich.console costs
    some 20 ms that ``docgen --version`` and a quiet run need not pay."""

    def __init__(self) -> None:
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=True, highlight=False, soft_wrap=True)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)


err = _ErrorConsole()

# Arguments and options that several commands share.
WorkbookArgument = Annotated[Path, typer.Argument(help="The registrants workbook (.xlsx).")]
TemplateOption = Annotated[
    Path | None,
    typer.Option("--template", "-t",
                 help="Word template (.docx). Default: the bundled Form 12b-25."),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]
RowsOption = Annotated[str | None, typer.Option(
    "--rows", metavar="2-5,9", help="Only these Excel rows (as the messages number them).")]
WhereOption = Annotated[list[str] | None, typer.Option(
    "--where", metavar="COLUMN=VALUE", help="Only rows whose column has this value "
    "(case-insensitive; repeatable, all must hold; != to exclude).")]
SheetOption = Annotated[str | None, typer.Option(
    "--sheet", help="The registrants sheet (default: Registrants, else the first).")]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", help="Show a warning repeated on many rows on every row.")
]
ClosedOption = Annotated[
    list[str] | None,
    typer.Option("--closed", metavar="YYYY-MM-DD",
                 help="A day the SEC closed EDGAR that docgen does not know yet (repeatable; "
                      "or list it under closures in docgen.toml)."),
]
def from_settings_file() -> list[tuple[str, str, Any]]:
    """The options of the running command whose value came from ``docgen.toml`` (not
    the command line): (``--flag``, its key in the file, the value)."""
    try:  # typer's own copy of click runs the commands (typer is pinned below 0.29)
        from typer._click.core import ParameterSource
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - another typer: nothing can be told
        return []
    context = get_current_context(silent=True)
    if context is None:
        return []
    found = []
    for param in context.command.params:
        flags = [opt for opt in getattr(param, "opts", ()) if opt.startswith("--")]
        if not flags or param.name is None:
            continue
        if context.get_parameter_source(param.name) is ParameterSource.DEFAULT_MAP:
            flag = max(flags, key=len)
            found.append((flag, flag.lstrip("-").replace("-", "_"),
                          context.params.get(param.name)))
    return found


def command_name() -> str:
    try:
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover
        return ""
    context = get_current_context(silent=True)
    return str(context.info_name) if context is not None else ""


def with_origins(message: str) -> str:
    """``message`` with each option it names ("--template") said as where the value came
    from, when that was docgen.toml and not the command line: a setting is blamed on
    the place the user must fix."""
    for flag, key, _value in from_settings_file():
        origin = f"the docgen.toml setting [{command_name()}] {key}"
        message = re.sub(rf"(?:the )?{re.escape(flag)}(?![\w-])", origin, message)
    return message


# Settings that change what is written, or where, or which notices a report shows: said on
# every run they come from a file.
ANNOUNCED = frozenset({"template", "out", "report", "overwrite", "clean", "email_template",
                       "email_drafts", "combine", "name", "unsigned", "ics", "host", "token",
                       "allow_host", "port", "cert", "key", "only", "today"})


def trusted_settings(workbook: Path, config: Path | None, inputs: list[Path | None]) -> None:
    """Refuse what a ``docgen.toml`` may not do on its own (:func:`docgen.config.
    refuse_untrusted`), then say every setting it makes that changes what is written."""
    from docgen.config import refuse_untrusted

    flags = {key: flag for flag, key, _value in from_settings_file()}
    refuse_untrusted(config, command_name(), workbook,
                     ((key, value) for _flag, key, value in from_settings_file()), inputs,
                     lambda key: f"give {flags[key]} on the command line")
    announce_settings(config)


def announce_settings(config: Path | None) -> None:
    """One line per setting from ``docgen.toml`` that changes what is written or where,
    naming the file: a file that arrived with a client's workbook never acts unseen."""
    for _flag, key, value in from_settings_file():
        if key in ANNOUNCED:
            shown = "(set)" if key == "token" else value
            err.print(one_line(f"note: {config or 'docgen.toml'} sets [{command_name()}] "
                               f"{key} = {shown}"), markup=False)


# The exit codes, by kind of failure (README "Exit codes"): the one place they are set.
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (UsageError, 2), (RowErrors, 3), (NoticeError, 3), (OutputExistsError, 4),
    (Interrupted, 130), (Terminated, 143), (DocgenError, 1))


def exit_code(exc: BaseException) -> int:
    """The exit code of a failure: 2 usage, 3 rows, 4 an existing output, 1 otherwise."""
    return next((code for kind, code in EXIT_CODES if isinstance(exc, kind)), 1)


_READ_ONLY = ("status", "check", "fields", "config")  # commands that write nothing


def fail(exc: BaseException, debug: bool) -> NoReturn:
    after = ("nothing was written" if command_name() in _READ_ONLY else
             "notices already written are complete, none is partial")
    if isinstance(exc, Terminated):
        err.print(f"Error: terminated; {after}", markup=False)
        raise typer.Exit(143)
    if isinstance(exc, KeyboardInterrupt):
        exc = Interrupted(f"interrupted; {after}")
    if isinstance(exc, RowErrors) and exc.problems:  # say what it refused on
        print_problems([p for p in exc.problems if isinstance(p, Problem)
                         and p.severity is Severity.ERROR], quiet=True, verbose=False)
    if isinstance(exc, DocgenError):
        text = str(exc) if getattr(exc, "names_its_origin", False) else with_origins(str(exc))
        err.print(one_line(f"Error: {text}"), markup=False)
        raise typer.Exit(exit_code(exc))
    if isinstance(exc, OSError) and exc.strerror and not debug:  # disk full, read-only...
        where = f" {exc.filename}" if exc.filename else ""
        err.print(f"Error: cannot write or read{where}: {exc.strerror}; nothing partial was "
                  "left behind", markup=False)
        raise typer.Exit(1)
    if debug:
        traceback.print_exc()
    else:
        err.print(f"Error: unexpected {type(exc).__name__}; run again with --debug to see "
                  "the traceback, and report it", markup=False)
    raise typer.Exit(1)


def parse_today(value: str | None) -> dt.date:
    """``--today``: the day days are counted from (``deadlines``, ``status``)."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("use YYYY-MM-DD, e.g. 2026-03-31", param_hint="--today") from None


def run_calendar(workbook: Path, closed: list[str] | None) -> BusinessCalendar:
    """The run's business days: bundled closures, docgen.toml's, then --closed."""
    from docgen.config import business_calendar

    cal, settings = business_calendar(workbook, closed or ())
    if settings.closures:
        days = ", ".join(c.day.isoformat() for c in settings.closures)
        err.print(f"{settings.path}: SEC closures added to the deadlines: {days}", markup=False)
    return cal


def print_problems(problems: Iterable[Problem], quiet: bool, verbose: bool) -> None:
    shown = [p for p in problems if p.severity is Severity.ERROR] if quiet else problems
    for line in grouped_lines(shown, verbose=verbose):
        err.print(line, markup=False)


def print_stale(report: MergeReport) -> None:
    """Say which notices of earlier runs no row wrote now, and what --clean did."""
    folder = str(report.out_dir).rstrip("/") or "/"

    def names(paths: list[Path]) -> str:
        shown = ", ".join(p.name for p in paths[:5])
        return shown + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")

    if report.removed:
        err.print(one_line(f"{folder}/: removed {plural(len(report.removed), 'notice')} of rows "
                           f"no longer in the workbook: {names(report.removed)}"), markup=False)
    left = [s for s in report.stale if s.path not in report.removed]
    if not left:
        return
    edited = [s.path for s in left if s.edited]
    untouched = [s.path for s in left if not s.edited]
    if untouched:
        err.print(one_line(f"{folder}/: {plural(len(untouched), 'notice')} from an earlier run "
                           f"match no row of this workbook: {names(untouched)}; --clean "
                           "removes them"), markup=False)
    if edited:
        err.print(one_line(f"{folder}/: {plural(len(edited), 'notice')} from an earlier run, "
                           f"edited since, match no row of this workbook: {names(edited)}; "
                           "docgen never removes an edited notice"), markup=False)


def print_plan(report: MergeReport, folder: str, replacing: bool) -> None:
    """``merge --dry-run``: each row's file, and whether it is there already."""
    would = there = 0
    for notice in report.notices:
        where = f"{report.sheet}!A{notice.row}"
        if notice.status == "planned":
            would += 1
            typer.echo(one_line(f"{where}: {folder}/{notice.name} (new)"))
        elif notice.status == "exists":
            there += 1
            typer.echo(one_line(f"{where}: {folder}/{notice.name} (exists: --overwrite "
                                "replaces it, --skip-existing keeps it)"))
        else:
            typer.echo(one_line(f"{where}: not written: the row has errors (below)"))
    refused = there and not replacing
    typer.echo(f"dry run: {plural(would, 'notice')} would be written to {folder}/"
               + (f", {there} already there" if there else "")
               + ("; a real run would stop (exit 4)" if refused else "")
               + "; nothing written")


def progress_bar(show: bool) -> tuple[Any, Callable[[int, int], None] | None,
                                       Callable[[int, int], None] | None]:
    """A progress bar for long merges and for PDFs, and the two callbacks that move it
    (None when it is not shown: no work per notice; rich is loaded only to show it)."""
    if not show:
        return contextlib.nullcontext(), None, None
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn(), console=err.console, transient=True)
    task = bar.add_task("Checking rows  ", total=None)

    def progress(done: int, total: int) -> None:
        if total >= PROGRESS_MIN_ROWS:
            bar.update(task, description="Writing notices", completed=done, total=total)

    def pdf_progress(done: int, total: int) -> None:
        bar.update(task, description="Making PDFs    ", completed=done, total=total)

    return bar, progress, pdf_progress


@contextlib.contextmanager
def guarded(debug: bool) -> Iterator[None]:
    """Every command's body: a failure becomes its one line and exit code (:func:`fail`),
    never a traceback unless ``--debug``."""
    try:
        yield
    except typer.Exit:
        raise  # a command's own exit, not a failure
    except (Exception, KeyboardInterrupt, Terminated) as exc:
        fail(exc, debug)
