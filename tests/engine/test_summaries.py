"""Honest summaries: what still needs the lawyer is counted even with --quiet; repeated
warnings grouped; --strict lists what it refused on (issue 13, item 3)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from docgen.cli.app import app
from docgen.problems import Problem, ProblemLog, Severity

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


# #25: the problem log keeps memory flat and reads back exactly what went in, in order.

_PROBLEMS = st.builds(
    Problem, row=st.integers(0, 40), cell=st.sampled_from(["", "A{r}", "E{r}", "AA{r}", "B7"]),
    sheet=st.sampled_from(["Registrants", "Contacts"]),
    severity=st.sampled_from(list(Severity)), message=st.sampled_from(["m1", "m2", "m3"]),
    placeholder=st.booleans(), assumed=st.booleans())


@settings(max_examples=200)
@given(st.lists(_PROBLEMS, max_size=300))
def test_a_problem_log_reads_back_what_a_sorted_list_holds(problems: list[Problem]) -> None:
    problems = [Problem(p.row, p.cell.replace("{r}", str(p.row)), p.sheet, p.severity,
                        p.message, p.placeholder, p.assumed) for p in problems]
    log = ProblemLog(problems)
    expected = sorted(problems, key=Problem.sort_key)
    assert sorted(map(repr, log)) == sorted(map(repr, expected))
    assert [Problem.sort_key(p) for p in log] == [Problem.sort_key(p) for p in expected]
    assert len(log) == len(problems) and bool(log) == bool(problems)
    assert log.count(Severity.WARNING) == sum(p.severity is Severity.WARNING for p in problems)


def test_a_problem_log_keeps_repeated_warnings_compact() -> None:
    log = ProblemLog(Problem(row, f"E{row}", "Registrants", Severity.WARNING, "blank")
                     for row in range(2, 30_002))
    assert len(log._whole) == ProblemLog.KEEP
    assert len(log) == 30_000 and list(log)[-1].cell == "E30001"
