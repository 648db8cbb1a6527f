"""The filing season: choose rows, plan, resume, amend, review drafts, calendar, defaults."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from docgen.cli.app import app
from docgen.engine.context import build_context
from docgen.engine.validate import validate_row
from docgen.outputs.email_drafts import EmailDrafts
from docgen.values import format_date
from docgen.workbook.reader import open_workbook

from conftest import GOOD_ROW, write_workbook
from docxread import paragraphs

runner = CliRunner()


def _book(tmp_path: Path) -> Path:
    rows = [
        {**GOOD_ROW, "Registrant Name": "Alpha Corp.", "Form": "10-K",
         "Period Ended": "2026-06-30", "Contact Email": "pat@alpha.example"},
        {**GOOD_ROW, "Registrant Name": "Beta Corp.", "Form": "NT 10-Q"},
        {**GOOD_ROW, "Registrant Name": "Gamma Corp.", "Form": "10-Q",
         "Contact Name": "Sam Sample", "Contact Telephone": None, "Contact Area Code": None},
        {**GOOD_ROW, "Registrant Name": "Alpha Corp.", "Form": "10-K",
         "Period Ended": "2026-06-30", "Amendment No.": 1},
    ]
    return write_workbook(tmp_path / "season.xlsx", rows,
                          contacts=[("Sam Sample", "212", "555-0199")])


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.docx"))


# -- choosing rows ------------------------------------------------------------------------

def test_rows_and_where_choose_what_every_command_reads(tmp_path: Path) -> None:
    book = _book(tmp_path)
    out = tmp_path / "q"
    done = runner.invoke(app, ["merge", str(book), "--out", str(out), "--where", "Form=10-Q"])
    assert done.exit_code == 0, done.output
    assert _names(out) == ["beta-corp_NT-10-Q_2026-09-30.docx",
                           "gamma-corp_NT-10-Q_2026-09-30.docx"]  # "NT 10-Q" means 10-Q
    checked = runner.invoke(app, ["check", str(book), "--rows", "2,4-5", "--where",
                                  "Registrant Name!=gamma corp."])
    assert checked.exit_code == 0, checked.output
    assert checked.output.splitlines()[-1].startswith("2 rows checked")
    table = runner.invoke(app, ["deadlines", str(book), "--rows", "3", "--format", "json"])
    assert [r["registrant"] for r in json.loads(table.stdout)["rows"]] == ["Beta Corp."]


@pytest.mark.parametrize("args, message", [
    (["--where", "Form=20-F"], 'no registrant row of sheet Registrants matches (4 rows read)'),
    (["--rows", "1-3"], "rows start at 2"),
    (["--rows", "two"], "use Excel row numbers"),
    (["--where", "Form"], 'use "Column=value"'),
    (["--where", "Colour=red"], "has no column 'Colour'"),
    (["--sheet", "Clients"], "has no such sheet; its sheets are Registrants, Contacts"),
])
def test_a_selection_that_cannot_match_is_a_usage_error(tmp_path: Path, args: list[str],
                                                         message: str) -> None:
    book = _book(tmp_path)
    for command in (["merge", str(book), "--out", str(tmp_path / "n")],
                    ["check", str(book)], ["deadlines", str(book)]):
        done = runner.invoke(app, [*command, *args])
        assert done.exit_code == 2, done.output
        assert message in done.output and "Traceback" not in done.output
    assert not (tmp_path / "n").exists()


def test_sheet_names_the_registrants_sheet(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "b.xlsx", [GOOD_ROW], sheet="Q3 Filings")
    done = runner.invoke(app, ["check", str(book), "--sheet", "q3 filings"])
    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[-1].startswith("1 row checked")


# -- planning and resuming ----------------------------------------------------------------

def test_dry_run_writes_nothing_and_exits_as_a_real_run(tmp_path: Path) -> None:
    book, out = _book(tmp_path), tmp_path / "out"
    plan = runner.invoke(app, ["merge", str(book), "--out", str(out), "--dry-run"])
    assert plan.exit_code == 0, plan.output
    assert "Registrants!A2: " + str(out) + "/alpha-corp_NT-10-K_2026-06-30.docx (new)" in (
        plan.output)
    assert "dry run: 4 notices would be written" in plan.output and not out.exists()
    runner.invoke(app, ["merge", str(book), "--out", str(out), "--rows", "2"])
    again = runner.invoke(app, ["merge", str(book), "--out", str(out), "--dry-run"])
    assert again.exit_code == 4
    assert "alpha-corp_NT-10-K_2026-06-30.docx (exists" in again.output
    assert _names(out) == ["alpha-corp_NT-10-K_2026-06-30.docx"]
    kept = runner.invoke(app, ["merge", str(book), "--out", str(out), "--dry-run",
                               "--skip-existing"])
    assert kept.exit_code == 0, kept.output


def test_an_interrupted_run_is_resumed_with_skip_existing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import docgen.engine.parallel as parallel

    book, out = _book(tmp_path), tmp_path / "out"
    real = parallel._write
    calls = []

    def stops_after_two(*args: object, **kwargs: object) -> str | None:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "_write", stops_after_two)
    stopped = runner.invoke(app, ["merge", str(book), "--out", str(out)])
    assert stopped.exit_code == 130, stopped.output
    assert len(_names(out)) == 2 and not list(out.glob(".docgen-*"))
    monkeypatch.setattr(parallel, "_write", real)
    refused = runner.invoke(app, ["merge", str(book), "--out", str(out)])
    assert refused.exit_code == 4
    resumed = runner.invoke(app, ["merge", str(book), "--out", str(out), "--skip-existing"])
    assert resumed.exit_code == 0, resumed.output
    assert "2 notices written to" in resumed.output
    assert "2 already there (kept, --skip-existing)" in resumed.output
    assert len(_names(out)) == 4


# -- amended notifications ----------------------------------------------------------------

def test_an_amended_notice_says_so_and_files_as_slash_a(tmp_path: Path) -> None:
    book, out = _book(tmp_path), tmp_path / "out"
    report = tmp_path / "report.csv"
    done = runner.invoke(app, ["merge", str(book), "--out", str(out), "--edgar",
                               "--report", str(report)])
    assert done.exit_code == 0, done.output
    amended = out / "alpha-corp_NT-10-K_2026-06-30-A1.docx"
    original = out / "alpha-corp_NT-10-K_2026-06-30.docx"
    texts = paragraphs(amended)
    assert texts[texts.index("NOTIFICATION OF LATE FILING") + 1] == "(Amendment No. 1)"
    assert "(Amendment No. 1)" not in paragraphs(original)
    assert (out / "nt10ka1-20260630alpha.htm").is_file()
    lines = report.read_text("utf-8-sig")
    assert "nt10ka1-20260630alpha.htm,NT 10-K/A" in lines
    table = runner.invoke(app, ["deadlines", str(book), "--format", "json", "--rows", "5"])
    assert json.loads(table.stdout)["rows"][0]["amendment"] == "1"
    shown = runner.invoke(app, ["deadlines", str(book), "--explain", "5"])
    assert "Alpha Corp. 10-K/A1" in shown.output
    from docgen.edgar import convert

    assert convert(amended).submission == "NT 10-K/A"


def test_an_amendment_number_must_be_a_whole_number(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "b.xlsx", [{**GOOD_ROW, "Amendment No.": "first"}])
    done = runner.invoke(app, ["check", str(book)])
    assert done.exit_code == 3
    assert 'Amendment No. "first" is not a whole number' in done.output


# -- review drafts ------------------------------------------------------------------------

def test_review_drafts_are_unsent_emails_with_the_notice(tmp_path: Path) -> None:
    book, out, drafts = _book(tmp_path), tmp_path / "out", tmp_path / "drafts"
    done = runner.invoke(app, ["merge", str(book), "--out", str(out), "--email-drafts",
                               str(drafts)])
    assert done.exit_code == 0, done.output
    assert "4 review e-mails (unsent drafts) in" in done.output
    messages = {}
    for path in sorted(drafts.glob("*.eml")):
        messages[path.stem] = email.message_from_bytes(path.read_bytes(),
                                                       policy=email.policy.default)
    alpha = messages["alpha-corp_NT-10-K_2026-06-30"]
    assert alpha["X-Unsent"] == "1"
    assert str(alpha["To"]) == "Pat Placeholder <pat@alpha.example>"
    assert alpha["Subject"] == "Draft Form 12b-25 (NT 10-K) for Alpha Corp.: please review"
    [attached] = list(alpha.iter_attachments())
    assert attached.get_filename() == "alpha-corp_NT-10-K_2026-06-30.docx"
    assert attached.get_content() == (out / attached.get_filename()).read_bytes()
    assert "Dear Pat Placeholder," in alpha.get_body().get_content()  # type: ignore[union-attr]
    beta = messages["beta-corp_NT-10-Q_2026-09-30"]
    assert str(beta["To"]) == ""
    assert re.search(r"Registrants![A-Z]+3: warning: the contact has no e-mail address; the "
                     "review draft's To is empty", done.output), done.output


@pytest.mark.parametrize(("today", "said"), [
    (dt.date(2026, 9, 1), "The notification must be filed by {due}. Please"),
    (dt.date(2026, 12, 5), "The last day to file the notification was {due}, and it has "
                           "passed."),
])
def test_review_email_reads_right_on_any_day(today: dt.date, said: str, tmp_path: Path) -> None:
    """One period after "INC.", a deadline in the past said to be past, an UNCONFIRMED
    one marked (#24)."""
    drafts = EmailDrafts(tmp_path, today=today)
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, "Registrant Name": "ACME, INC.",
                                                  "Form": "10-K", "Period Ended": None,
                                                  "Transition Report": "Yes",
                                                  "Transition Period Ended": "2026-06-30"}])
    with open_workbook(book) as wb:
        notice, problems = validate_row(wb.sheet, next(wb.rows()), wb.columns, wb.contacts)
    assert notice is not None and notice.deadlines is not None, problems
    notice.deadlines = dataclasses.replace(notice.deadlines, unconfirmed=())
    drafts.observe(build_context(notice))
    flat = " ".join(drafts._rendered[2][1].split())
    assert "of ACME, INC. " in flat and "INC.." not in flat
    assert said.format(due=format_date(notice.deadlines.nt_due)) in flat
    assert "UNCONFIRMED" not in flat and "could not confirm" not in flat
    notice.deadlines = dataclasses.replace(notice.deadlines, unconfirmed=("a rule",))
    drafts.observe(build_context(notice))
    assert ("could not confirm" in " ".join(drafts._rendered[2][1].split()))


def test_the_email_template_is_the_firms_and_is_checked(tmp_path: Path) -> None:
    book = _book(tmp_path)
    init = runner.invoke(app, ["init", str(tmp_path), "--email-template"])
    assert init.exit_code == 0, init.output
    template = tmp_path / "email-template.txt"
    template.write_text("Subject: {{ registrant_name }} NT due {{ nt_due }}\n\nHello.\n")
    done = runner.invoke(app, ["merge", str(book), "--out", str(tmp_path / "o"), "--rows", "2",
                               "--email-drafts", str(tmp_path / "d"), "--email-template",
                               str(template)])
    assert done.exit_code == 0, done.output
    [draft] = (tmp_path / "d").glob("*.eml")
    parsed = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert parsed["Subject"].startswith("Alpha Corp. NT due ")
    for text, message in (("Hello {{ nope }}", "first line must be 'Subject: ...'"),
                          ("Subject: {{ nope }}\n\nx", "'nope' is undefined")):
        template.write_text(text)
        bad = runner.invoke(app, ["merge", str(book), "--out", str(tmp_path / "x"),
                                  "--email-drafts", str(tmp_path / "y"), "--email-template",
                                  str(template)])
        assert bad.exit_code == 2 and message in bad.output, bad.output
        assert not list(tmp_path.glob("x/*.docx"))  # refused before any notice was written


# -- the calendar -------------------------------------------------------------------------

def test_deadlines_go_into_a_calendar_with_stable_uids(tmp_path: Path) -> None:
    book, ics = _book(tmp_path), tmp_path / "deadlines.ics"
    done = runner.invoke(app, ["deadlines", str(book), "--ics", str(ics), "--alarm", "5",
                               "--today", "2026-09-01"])
    assert done.exit_code == 0, done.output
    first = Calendar.from_ical(ics.read_bytes())
    events = list(first.walk("VEVENT"))
    assert len(events) == 12  # 4 rows x (report due, NT due, extension ends)
    alpha = [e for e in events if str(e["SUMMARY"]).startswith("Alpha Corp.: 10-K ")]
    assert {str(e["SUMMARY"]) for e in alpha} == {"Alpha Corp.: 10-K report due",
                                                  "Alpha Corp.: 10-K Form 12b-25 (NT) due",
                                                  "Alpha Corp.: 10-K extension ends"}
    due = next(e for e in alpha if str(e["SUMMARY"]).endswith("report due"))
    assert due.decoded("DTSTART").isoformat() == "2026-09-28"
    [alarm] = due.walk("VALARM")
    assert alarm.decoded("TRIGGER").days == -5
    again = runner.invoke(app, ["deadlines", str(book), "--ics", str(ics), "--overwrite"])
    assert again.exit_code == 0, again.output
    second = Calendar.from_ical(ics.read_bytes())
    assert sorted(str(e["UID"]) for e in second.walk("VEVENT")) == sorted(
        str(e["UID"]) for e in events)
    refused = runner.invoke(app, ["deadlines", str(book), "--ics", str(ics)])
    assert refused.exit_code == 4
    soon = runner.invoke(app, ["deadlines", str(book), "--today", "2026-09-20", "--within",
                               "10", "--format", "json"])
    assert [r["registrant"] for r in json.loads(soon.stdout)["rows"]] == ["Alpha Corp.",
                                                                         "Alpha Corp."]


# -- firm defaults --------------------------------------------------------------------------

def _docgen(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "docgen", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_docgen_toml_sets_defaults_the_command_line_overrides(tmp_path: Path) -> None:
    book = _book(tmp_path)
    (tmp_path / "docgen.toml").write_text('[merge]\nout = "firm"\nname = "{row}-{form}"\n'
                                          "[deadlines]\nalarm = 9\n")
    done = _docgen(tmp_path, "merge", book.name, "--rows", "2")
    assert done.returncode == 0, done.stderr
    assert _names(tmp_path / "firm") == ["2-10-K.docx"]
    done = _docgen(tmp_path, "merge", book.name, "--rows", "2", "--out", "mine")
    assert _names(tmp_path / "mine") == ["2-10-K.docx"]
    shown = _docgen(tmp_path, "config", book.name)
    assert f"merge --out = {tmp_path / 'firm'}  ({tmp_path / 'docgen.toml'})" in shown.stdout
    assert "merge --jobs = (none)  (docgen's default)" in shown.stdout
    assert f"deadlines --alarm = 9  ({tmp_path / 'docgen.toml'})" in shown.stdout


@pytest.mark.parametrize("text, message", [
    ('[merge]\ncolour = "red"\n', "[merge] has no option 'colour'; docgen merge has:"),
    ('merge = "fast"\n', "merge must be a table of options"),
    ('[colours]\nred = 1\n', "unknown setting 'colours'"),
])
def test_docgen_toml_mistakes_name_the_file_and_key(tmp_path: Path, text: str,
                                                    message: str) -> None:
    book = _book(tmp_path)
    (tmp_path / "docgen.toml").write_text(text)
    done = _docgen(tmp_path, "merge", book.name)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"Error: {tmp_path / 'docgen.toml'}: ")
    assert message in done.stderr and "Traceback" not in done.stderr


def test_settings_from_docgen_toml_are_blamed_on_docgen_toml(tmp_path: Path) -> None:
    """A bad setting names where it came from (#24): docgen.toml's table and key, not the
    command-line option; docgen config marks a path that does not exist; a key in the
    wrong table says which table it belongs to."""
    book = write_workbook(tmp_path / "wb.xlsx", [GOOD_ROW])
    settings = tmp_path / "docgen.toml"

    def docgen(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "docgen", *args], capture_output=True,
                              text=True, timeout=60, cwd=tmp_path)

    settings.write_text('[merge]\ntemplate = "firm.docx"\n')
    done = docgen("merge", str(book), "-o", str(tmp_path / "out"))
    assert done.returncode == 1 and done.stderr.strip().endswith(
        "firm.docx: template not found; check the docgen.toml setting [merge] template path")
    by_hand = docgen("merge", str(book), "-o", str(tmp_path / "out"), "-t", "other.docx")
    assert "check the --template path" in by_hand.stderr
    shown = docgen("config", str(book))
    assert "firm.docx  (" in shown.stdout and "(does not exist)" in shown.stdout
    settings.write_text('out = "notices"\n')
    done = docgen("merge", str(book))
    assert done.returncode == 2 and "'out' is an option of docgen merge; put it under " \
        "[merge]" in done.stderr
