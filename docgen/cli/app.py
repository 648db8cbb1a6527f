"""The ``docgen`` command: a thin layer over :mod:`docgen.api`.

Exit codes, and what every command shares: :mod:`docgen.cli.common`.
"""

from __future__ import annotations

import json
import signal
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from docgen.cli.common import (
    ClosedOption,
    DebugOption,
    RowsOption,
    SheetOption,
    TemplateOption,
    VerboseOption,
    WhereOption,
    WorkbookArgument,
    err,
    exit_code,
    guarded,
    print_plan,
    print_problems,
    print_stale,
    progress_bar,
    run_calendar,
    trusted_settings,
)
from docgen.cli.deadlines import deadlines_command
from docgen.cli.defaults import default_map, describe, home_of, settings_for
from docgen.cli.edgar import edgar_command
from docgen.cli.serve import office_app, serve_command
from docgen.cli.status import status_command
from docgen.config import find_config, load_settings
from docgen.errors import DocgenError, Terminated, WorkbookError
from docgen.files import DEFAULT_NAME
from docgen.problems import Severity, grouped_lines, one_line, plural
from docgen.version import __version__

app = typer.Typer(
    name="docgen",
    help="Merge a registrants workbook into editable SEC Form 12b-25 notices (.docx).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # rows hold personal data
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"docgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True,
                           help="Show the version and exit.")
    ] = False,
) -> None:
    """Merge a registrants workbook into editable SEC Form 12b-25 notices (.docx)."""


@app.command("merge")
def merge_command(
    workbook: WorkbookArgument,
    template: TemplateOption = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the notices.")] = Path(
        "notices"
    ),
    name: Annotated[
        str, typer.Option("--name", help="File name pattern; fields come from the row.")
    ] = DEFAULT_NAME,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace existing files.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Write nothing if any row has an error; blank "
                           "values that would print [●] count as errors.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the summary.")] = (
        False
    ),
    combine: Annotated[
        Path | None, typer.Option("--combine", help="Also write all notices into one .docx, "
                                  "each on a new page.")
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also make a PDF beside each .docx (LibreOffice).")
    ] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes for large runs "
                                 "(default: one per core; small runs use one).")
    ] = None,
    report_path: Annotated[
        Path | None, typer.Option("--report", help="Also write a report (.csv or .xlsx): one "
                                  "line per row with status, problems and deadlines.")
    ] = None,
    closed: ClosedOption = None,
    clean: Annotated[
        bool, typer.Option("--clean", help="Remove notices docgen wrote earlier into --out "
                           "for rows no longer in the workbook (never one edited since).")
    ] = False,
    unsigned: Annotated[
        bool, typer.Option("--unsigned", help="Drafts: leave the conformed signature (/s/ "
                           "and the signer's name) out, for the signer to add.")
    ] = False,
    edgar: Annotated[
        bool, typer.Option("--edgar", help="Also write each notice's EDGAR .htm beside it "
                           "(checked against EDGAR's rules).")
    ] = False,
    row_numbers: RowsOption = None,
    conditions: WhereOption = None,
    sheet: SheetOption = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print what would be written, row by row; write nothing.")] = False,
    skip_existing: Annotated[bool, typer.Option(
        "--skip-existing", help="Leave notices already in --out as they are and write the "
        "rest (resume an interrupted run).")] = False,
    email_drafts: Annotated[Path | None, typer.Option(
        "--email-drafts", metavar="DIR", help="Also write an unsent review e-mail (.eml) per "
        "notice, to the row's contact, with the notice attached.")] = None,
    email_template: Annotated[Path | None, typer.Option(
        "--email-template", help="Subject and body of the drafts (docgen init "
        "--email-template writes the default).")] = None,
    verbose: VerboseOption = False,
    debug: DebugOption = False,
) -> None:
    """Write one Word notice per registrant row."""
    from docgen.api import merge
    from docgen.options import MergeOptions

    bar, progress, pdf_progress = progress_bar(not quiet and sys.stderr.isatty())
    with guarded(debug):
        trusted_settings(workbook, find_config(workbook), [workbook, template, email_template])
        # Every value is here already (command line, then docgen.toml, then default):
        # the options are made whole, not from the file a second time.
        options = MergeOptions(
            template=template, out_dir=out, name_pattern=name, overwrite=overwrite,
            strict=strict, combine=combine, pdf=pdf, jobs=jobs,
            calendar=run_calendar(workbook, closed), report_path=report_path,
            signed=not unsigned, clean=clean, edgar=edgar, rows=row_numbers,
            where=tuple(conditions or ()), sheet=sheet, dry_run=dry_run,
            skip_existing=skip_existing, email_drafts=email_drafts,
            email_template=email_template)
        with bar:
            report = merge(workbook, options, progress=progress, pdf_progress=pdf_progress)
        if report.unstorable:
            err.print(f"{report_path}: warning: {plural(report.unstorable, 'value')} held "
                      "characters a report cannot hold; they show as \ufffd there",
                      markup=False)
    folder = str(out).rstrip("/") or "/"
    if dry_run:
        print_plan(report, folder, overwrite or skip_existing)
        print_problems(report.problems, quiet, verbose)
        there = sum(n.status == "exists" for n in report.notices)
        raise typer.Exit(3 if report.errors else 4 if there and not (
            overwrite or skip_existing) else 0)
    print_problems(report.problems, quiet, verbose)
    print_stale(report)
    count = len(report.written)
    kept = sum(n.status == "exists" for n in report.notices)
    skipped = len(report.notices) - count - kept
    summary = f"{plural(count, 'notice')} written to {folder}/"
    if report.pdfs:
        summary += f" with {plural(len(report.pdfs), 'PDF')}"
    if edgar:
        from docgen.cli.edgar import edgar_summary

        summary += f"{' and' if report.pdfs else ' with'} {edgar_summary(report.written)}"
    if report.combined is not None:
        summary += f"; all of them in {report.combined}"
    if report.drafts:
        summary += (f"; {plural(len(report.drafts), 'review e-mail')} (unsent drafts) in "
                    f"{report.drafts[0].parent}/")
    if kept:
        summary += f"; {kept} already there (kept, --skip-existing)"
    if skipped:
        summary += f"; {plural(skipped, 'row')} skipped because of errors"
    typer.echo(summary + report.still_to_do())
    if report.errors:
        raise typer.Exit(3)


class Format(str, Enum):
    text = "text"
    json = "json"


@app.command("check")
def check_command(
    workbook: WorkbookArgument,
    template: TemplateOption = None,
    output_format: Annotated[
        Format, typer.Option("--format", help="text (one line per problem) or json.")
    ] = Format.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Blank values that would print [●] are errors.")
    ] = False,
    closed: ClosedOption = None,
    row_numbers: RowsOption = None,
    conditions: WhereOption = None,
    sheet: SheetOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the summary.")
                     ] = False,
    verbose: VerboseOption = False,
    debug: DebugOption = False,
) -> None:
    """Validate every row without writing anything (exit 0 clean, 3 errors, 1 unusable)."""
    with guarded(debug):
        from docgen.api import check
        from docgen.options import MergeOptions

        report = check(workbook, MergeOptions(
            template=template, strict=strict, calendar=run_calendar(workbook, closed),
            rows=row_numbers, where=tuple(conditions or ()), sheet=sheet))
    rows, errors, warnings = len(report.notices), report.error_count, report.warning_count
    if output_format is Format.json:
        typer.echo(json.dumps({
            "workbook": str(workbook), "rows": rows, "errors": errors, "warnings": warnings,
            "problems": [
                {"sheet": p.sheet, "cell": p.cell, "row": p.row, "severity": p.severity.value,
                 "message": p.message} for p in report.problems
            ],
        }, ensure_ascii=False, indent=2))
    else:
        shown = ([p for p in report.problems if p.severity is Severity.ERROR] if quiet
                 else report.problems)  # read as printed: never all held at once
        for line in grouped_lines(shown, verbose=verbose):
            typer.echo(line)
        bad_rows = len({p.row for p in report.errors if p.row > 1})
        where = f" in {plural(bad_rows, 'row')}" if bad_rows else ""
        typer.echo(f"{plural(rows, 'row')} checked: {plural(errors, 'error')}{where}, "
                   f"{plural(warnings, 'warning')}")
    if errors:
        raise typer.Exit(3)


@app.command("init")
def init_command(
    folder: Annotated[Path, typer.Argument(help="Where to write registrants.xlsx.")] = Path("."),
    template: Annotated[
        bool, typer.Option("--template", help="Also copy the bundled Form 12b-25 template "
                           "(form_12b25.docx: one Part II box, as the SEC prints the form) "
                           "there, for the firm to edit.")
    ] = False,
    per_item: Annotated[
        bool, typer.Option("--per-item", help="With --template: copy the template with a "
                           "Part II box per item (form_12b25_per_item.docx, the layout of "
                           "older filings) instead.")
    ] = False,
    email_template: Annotated[
        bool, typer.Option("--email-template", help="Also write the review e-mail template "
                           "(email-template.txt) for merge --email-drafts, to edit.")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Write a starter registrants workbook with dropdowns and help on every column."""
    with guarded(debug):
        from docgen.outputs.starter import init

        written = init(folder, with_template=template, with_email_template=email_template,
                       per_item=per_item)
    for path in written:
        typer.echo(f"wrote {path}")


@app.command("config")
def config_command(
    workbook: Annotated[Path | None, typer.Argument(
        help="The workbook whose docgen.toml applies (default: the current folder's).")] = None,
    debug: DebugOption = False,
) -> None:
    """Show the settings that apply: each option's value and where it comes from."""
    with guarded(debug):
        if workbook is not None and not workbook.exists():
            raise WorkbookError(f"{workbook}: no such file; check the path and try again")
        settings = load_settings(find_config(workbook), home_of(typer.main.get_command(app)))
        lines = describe(typer.main.get_command(app), settings)
    for line in lines:
        typer.echo(one_line(line))


app.command("edgar")(edgar_command)
app.command("deadlines")(deadlines_command)
app.command("status")(status_command)
app.command("serve")(serve_command)
app.add_typer(office_app)


@app.command("fields")
def fields_command(
    template: TemplateOption = None,
    workbook: Annotated[
        Path | None, typer.Option("--workbook", "-w", help="Also count this workbook's custom "
                                  "columns.")
    ] = None,
    debug: DebugOption = False,
) -> None:
    """List the variables a template uses and the column that fills each (exit 3 if any
    cannot be filled)."""
    with guarded(debug):
        from docgen.engine.fields import template_fields

        fields = template_fields(template, workbook)
    width = max((len(f.variable) for f in fields), default=0)
    for field in fields:
        typer.echo(f"{field.variable:<{width}}  {field.source}")
    if not all(f.filled for f in fields):
        raise typer.Exit(3)


plugin_app = typer.Typer(
    help="The LibreOffice extension: merge from inside Calc (Tools > Add-Ons).",
    no_args_is_help=True,
)
app.add_typer(plugin_app, name="plugin")


@plugin_app.command("build")
def plugin_build(
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the .oxt.")] = Path(
        "docgen.oxt"
    ),
    debug: DebugOption = False,
) -> None:
    """Build docgen.oxt (it runs this installation of docgen)."""
    with guarded(debug):
        from docgen import plugin

        typer.echo(f"wrote {plugin.build(out)}")


@plugin_app.command("install")
def plugin_install(
    user_installation: Annotated[
        str | None, typer.Option("--user-installation", hidden=True,
                                 help="LibreOffice profile URL (for tests).")
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Install the extension with unopkg (close LibreOffice first)."""
    with guarded(debug):
        from docgen import plugin

        scope = plugin.install(user_installation)
    typer.echo(f"installed the docgen extension for {scope}; start LibreOffice Calc, open the "
               "registrants workbook and choose Tools > Add-Ons > "
               f"{plugin.MENU_TITLE}")


@plugin_app.command("uninstall")
def plugin_uninstall(
    user_installation: Annotated[
        str | None, typer.Option("--user-installation", hidden=True)
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Remove the extension with unopkg (close LibreOffice first)."""
    with guarded(debug):
        from docgen import plugin

        plugin.uninstall(user_installation)
    typer.echo("removed the docgen extension")


def _terminate(_signum: int, _frame: object) -> None:
    raise Terminated


def main() -> None:
    """Console-script entry point. SIGTERM unwinds like Ctrl-C (exit 143).

    The firm's defaults from ``docgen.toml`` (beside the workbook named on the
    command line, else in the current folder) become click's ``default_map``.
    """
    signal.signal(signal.SIGTERM, _terminate)
    command = typer.main.get_command(app)
    try:
        defaults = default_map(command, settings_for(sys.argv[1:], command))
    except DocgenError as exc:
        err.print(one_line(f"Error: {exc}"), markup=False)
        raise SystemExit(exit_code(exc)) from None
    command(prog_name="docgen", default_map=defaults)


if __name__ == "__main__":  # pragma: no cover
    main()
