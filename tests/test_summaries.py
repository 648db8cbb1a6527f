"""Honest summaries: what still needs the lawyer is counted even with --quiet; repeated
warnings grouped; --strict lists what it refused on (issue 13, item 3)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from docgen.cli import app

from conftest import GOOD_ROW, write_workbook

runner = CliRunner()


def test_quiet_summary_still_counts_blanks_and_warnings(tmp_path: Path) -> None:
    rows = [GOOD_ROW, {**GOOD_ROW, "Registrant Name": "Two Corp.", "Narrative": None},
            {**GOOD_ROW, "Registrant Name": "Three Corp.", "Narrative": None}]
    book = write_workbook(tmp_path / "wb.xlsx", rows)
    out = tmp_path / "out"
    result = runner.invoke(app, ["merge", str(book), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.strip() == (f"3 notices written to {out}/; 2 notices still contain "
                                     "[●] to fill in; 2 warnings")


def test_a_warning_on_many_rows_is_grouped(tmp_path: Path) -> None:
    rows = [{**GOOD_ROW, "Registrant Name": f"Corp {n}", "Part II (a)": None}
            for n in range(12)]
    book = write_workbook(tmp_path / "wb.xlsx", rows)
    result = runner.invoke(app, ["check", str(book)])
    lines = [x for x in result.stdout.splitlines() if "Part II (a)" in x]
    assert len(lines) == 5
    assert ("Registrants: warning: the same warning on 12 rows; first 5 shown; --verbose for "
            "all") in result.stdout
    verbose = runner.invoke(app, ["check", str(book), "--verbose"])
    assert len([x for x in verbose.stdout.splitlines() if "Part II (a)" in x]) == 12
    merged = runner.invoke(app, ["merge", str(book), "-o", str(tmp_path / "o")])
    assert "the same warning on 12 rows" in merged.stderr
    quiet = runner.invoke(app, ["check", str(book), "--quiet"])
    assert quiet.stdout.strip() == "12 rows checked: 0 errors, 12 warnings"


def test_strict_lists_the_errors_it_refused_on(tmp_path: Path) -> None:
    rows = [GOOD_ROW, {**GOOD_ROW, "Registrant Name": "Bad Corp.", "Form": "8-K"}]
    book = write_workbook(tmp_path / "wb.xlsx", rows)
    result = runner.invoke(app, ["merge", str(book), "-o", str(tmp_path / "o"), "--strict"])
    assert result.exit_code == 3
    assert 'Registrants!D3: error: Form "8-K" is not a form' in result.stderr
    assert "1 error(s)" in result.stderr and "nothing written (--strict)" in result.stderr


def test_a_custom_column_the_template_uses_is_no_unknown_header(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("{{ registrant_name }} matter {{ client_matter }}")
    template = tmp_path / "t.docx"
    document.save(str(template))
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, "Client Matter": "A-1"}])
    used = runner.invoke(app, ["check", str(book), "--template", str(template)])
    assert "unknown header" not in used.stdout
    unused = runner.invoke(app, ["check", str(book)])
    assert 'unknown header "Client Matter"' in unused.stdout
