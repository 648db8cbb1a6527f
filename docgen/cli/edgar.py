"""``docgen edgar``: finished notices -> EDGAR documents, or ``--check`` of .htm files.

A thin layer over :func:`docgen.edgar.batch.convert_all` and
:func:`docgen.edgar.checker.check_file`; exit 0 when everything was written (or
every checked file is valid), 3 when a notice was refused or a file has errors.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Protocol

import typer

from docgen.cli.common import DebugOption, err, guarded
from docgen.errors import EdgarUsageError
from docgen.problems import one_line, plural
from docgen.rules.submission import submission_type

if TYPE_CHECKING:
    from docgen.edgar.batch import EdgarReport
    from docgen.edgar.checker import CheckResult


class _Written(Protocol):
    form: str
    edgar: str


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def _say(line: str) -> None:
    err.print(one_line(line), markup=False)


def _check(files: list[Path], output: OutputFormat) -> None:
    from docgen.edgar.checker import check_file

    results: list[tuple[Path, CheckResult]] = []
    for path in files:
        if not path.is_file():
            raise EdgarUsageError(f"{path}: not found; give .htm (or .txt) files to --check")
        results.append((path, check_file(path)))
    if output is OutputFormat.json:
        typer.echo(json.dumps([{
            "file": str(path), "valid": not result.errors, "form": result.form,
            "submission_type": submission_type(result.form)[0] if result.form else "",
            "findings": [f.as_dict() for f in result.findings]}
            for path, result in results], indent=2))
    else:
        for path, result in results:
            for finding in result.findings:
                typer.echo(one_line(f"{path}:{finding}"))
            warnings = len(result.findings) - len(result.errors)
            verdict = (f"{plural(len(result.errors), 'error')}" if result.errors
                       else "passes docgen's EDGAR checklist")
            extra = f" ({plural(warnings, 'warning')})" if warnings else ""
            typer.echo(one_line(f"{path}: {verdict}{extra}"))
    if any(result.errors for _, result in results):
        raise typer.Exit(3)


def _print_report(report: EdgarReport, output: OutputFormat, ascii_text: bool) -> None:
    for converted in report.lossy:
        lossy = [r for r in converted.replacements if r.lossy]
        _say(f"error: {converted.source.name}: {plural(sum(r.count for r in lossy), 'character')}"
             f" have no ASCII form ({'; '.join(str(r) for r in lossy[:5])}); the ASCII notice "
             "would not say what the Word notice says. File the .htm instead, or give "
             "--lossy-ok to accept the change; no .txt written")
    for line in report.failures:
        _say(f"error: {line}")
    records = []
    for converted, target in report.written:
        for warning in converted.warnings:
            _say(f"warning: {warning}")
        for finding in converted.findings:
            _say(f"{target}:{finding}")
        for replacement in converted.replacements:
            _say(f"{target}: replaced {replacement}")
        records.append({"notice": str(converted.source), "file": str(target),
                        "submission_type": converted.submission,
                        "unconfirmed": converted.note})
        if output is OutputFormat.text:
            note = f" ({converted.note})" if converted.note else ""
            typer.echo(one_line(f"{target}  submission type {converted.submission}{note}"))
    if output is OutputFormat.json:
        typer.echo(json.dumps(records, indent=2))
    refused = len(report.failures) + len(report.lossy)
    kind = "ASCII document" if ascii_text else "EDGAR document"
    summary = f"{plural(len(report.written), kind)} written"
    if refused:
        summary += f"; {plural(refused, 'notice')} not converted (see above)"
    _say(summary + ("; file a TEST submission in EDGARLink first" if report.written else ""))


def edgar_summary(written: Sequence[_Written]) -> str:
    """``merge --edgar``: how many .htm were written, and any UNCONFIRMED submission type."""
    done = [n for n in written if n.edgar]
    for form in sorted({n.form for n in done}):
        kind, note = submission_type(form)
        if note:
            _say(f"note: Form {form} notices: submission type {kind} ({note})")
    return plural(len(done), "EDGAR document") + " (.htm)"


def edgar_command(
    files: Annotated[list[Path], typer.Argument(
        help="Finished notices (.docx), or with --check the .htm/.txt files to check.")],
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Folder for the documents (default: beside each notice).")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace existing files.")] = (
        False),
    check: Annotated[bool, typer.Option(
        "--check", help="Check .htm (or .txt) files against EDGAR's rules; write nothing.")] = (
        False),
    ascii_text: Annotated[bool, typer.Option(
        "--ascii", help="Write EDGAR ASCII (.txt, 80 columns) instead of HTML.")] = False,
    lossy_ok: Annotated[bool, typer.Option(
        "--lossy-ok", help="With --ascii: accept replacing characters that have no ASCII "
        "form (accents, CJK, emoji).")] = False,
    output: Annotated[OutputFormat, typer.Option(
        "--format", help="text, or json for scripts.")] = OutputFormat.text,
    debug: DebugOption = False,
) -> None:
    """Convert finished notices to the HTML EDGAR accepts, and check EDGAR files."""
    with guarded(debug):
        if check:
            _check(files, output)
            return
        if lossy_ok and not ascii_text:
            raise EdgarUsageError("--lossy-ok goes with --ascii")
        for path in files:
            if path.suffix.lower() != ".docx":
                raise EdgarUsageError(f"{path}: give the notice's .docx (to check an EDGAR "
                                      "file, use docgen edgar --check FILE.htm)")
            if not path.is_file():
                raise EdgarUsageError(f"{path}: not found")
        if out is not None and out.exists() and not out.is_dir():
            raise EdgarUsageError(f"--out {out} is a file; give a folder")
        from docgen.edgar.batch import convert_all

        report = convert_all(files, out, overwrite=overwrite, ascii_text=ascii_text,
                             lossy_ok=lossy_ok)
    _print_report(report, output, ascii_text)
    if report.failures or report.lossy:
        raise typer.Exit(3)
