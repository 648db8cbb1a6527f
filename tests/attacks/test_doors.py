"""Hostile input on the newer doors (#25): docgen.toml, the calendar, the extension's log,
the server, and the old doors' last open cases.

Each command runs docgen in its own process under the attack suite's memory cap and a
time limit, and asserts the exit code, one line without a traceback, and what must not
have happened (a file written outside, an input changed).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar
from starlette.testclient import TestClient

from docgen.web.app import Settings, create_app
from tests.web.conftest import ORIGIN, merged, upload

from attacks.test_attacks import _cap, docgen, sha
from conftest import GOOD_ROW, SAMPLE, write_workbook


def one_line(result: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and text in errors[0], result.stderr


# 1. A docgen.toml that came with a client's files.
@pytest.fixture
def client_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "client"
    folder.mkdir()
    (folder / "registrants.xlsx").write_bytes(SAMPLE.read_bytes())
    return folder


@pytest.mark.parametrize(("toml", "says"), [
    ("[merge]\noverwrite = true\n", "overwrite = true is not taken from a docgen.toml beside"),
    ("[merge]\nclean = true\n", "clean = true is not taken from a docgen.toml beside"),
    ('[merge]\nreport = "../report.xlsx"\n', "is outside the workbook's folder"),
    ('[merge]\ncombine = "../all.docx"\n', "is outside the workbook's folder"),
    ('[merge]\nreport = "registrants.xlsx"\n', "would write over an input"),
    ('[merge]\nemail_drafts = "/tmp/drafts"\n', "is outside the workbook's folder"),
])
def test_a_docgen_toml_beside_the_workbook_cannot_write_elsewhere_or_replace(
        client_folder: Path, toml: str, says: str) -> None:
    (client_folder / "docgen.toml").write_text(toml)
    workbook = client_folder / "registrants.xlsx"
    before = sha(workbook)
    result = docgen("merge", workbook, "-o", client_folder / "notices")
    one_line(result, 2, says)
    assert sha(workbook) == before
    assert not (client_folder / "notices").exists()
    assert not (client_folder.parent / "report.xlsx").exists()


def test_what_a_docgen_toml_sets_is_said_on_every_run(client_folder: Path) -> None:
    (client_folder / "docgen.toml").write_text(
        '[merge]\nout = "notices"\ntemplate = "firm.docx"\n')
    (client_folder / "firm.docx").write_bytes(
        (Path(__file__).parents[2] / "word_templates" / "form_12b25.docx").read_bytes())
    result = docgen("merge", client_folder / "registrants.xlsx", "-q")
    assert result.returncode == 0, result.stderr
    toml = client_folder / "docgen.toml"
    assert f"note: {toml} sets [merge] template = {client_folder / 'firm.docx'}" in result.stderr
    assert f"note: {toml} sets [merge] out = {client_folder / 'notices'}" in result.stderr


def test_overwrite_from_the_folder_docgen_runs_in_is_taken_and_said(client_folder: Path
                                                                    ) -> None:
    (client_folder / "docgen.toml").write_text("[merge]\noverwrite = true\n")
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "docgen", "merge", "registrants.xlsx",
                               "-q"], cwd=client_folder, capture_output=True, text=True,
                              timeout=120, preexec_fn=_cap)
        assert done.returncode == 0, done.stderr
    assert "sets [merge] overwrite = True" in done.stderr


# 13. docgen.toml values: one line naming the file, the key and the value.
@pytest.mark.parametrize(("toml", "says"), [
    ("[merge]\njobs = " + "[" * 5000 + "]" * 5000 + "\n", "values nested too deeply"),
    ('[merge]\njobs = "many"\n', "[merge] jobs = 'many': 'many' is not a valid"),
    ("[merge]\njobs = [1, 2]\n", "[merge] jobs = [1, 2]: give one value"),
    ('out = "notices"\n', "'out' is an option of docgen merge; put it under [merge]"),
])
def test_a_bad_docgen_toml_value_is_one_line(client_folder: Path, toml: str, says: str
                                             ) -> None:
    (client_folder / "docgen.toml").write_text(toml)
    result = docgen("merge", client_folder / "registrants.xlsx", "-o", client_folder / "o",
                    timeout=60)
    one_line(result, 2, says)
    assert "--jobs" not in result.stderr


# 10. C1 controls (pasted text): named at their cell, kept out of the notice.
def test_c1_control_characters_are_named_and_removed(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, "Narrative":
                                                  "Pasted\u0085text \u0096 here\u009f."}])
    result = docgen("check", book)
    assert result.returncode == 0, result.stderr
    assert "removed characters that a Word document or EDGAR cannot hold (U+0085, U+0096, " \
           "U+009F" in result.stdout
    out = tmp_path / "out"
    merged_run = docgen("merge", book, "-o", out, "--edgar", "-q")
    assert merged_run.returncode == 0, merged_run.stderr  # EDGAR no longer refuses the row
    assert len(list(out.glob("*.htm"))) == 1


# 12. Two rows for one report with different dates: every deadline keeps its own event.
def test_calendar_events_of_repeated_rows_do_not_replace_each_other(tmp_path: Path) -> None:
    rows = [{**GOOD_ROW, "Form": "10-K", "Period Ended": "2026-06-30",
             "Filer Status": status} for status in ("non-accelerated", "large accelerated")]
    book = write_workbook(tmp_path / "wb.xlsx", rows)
    result = docgen("deadlines", book, "--ics", tmp_path / "d.ics", "--today", "2026-07-01")
    assert result.returncode == 0, result.stderr
    calendar = Calendar.from_ical((tmp_path / "d.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 6 and len({str(e["uid"]) for e in events}) == 6


# 14. The LibreOffice extension's log: never through a link, names escaped.
def test_the_extension_log_follows_no_link_and_escapes_names(tmp_path: Path) -> None:
    from extension.test_plugin import uno_python

    python = uno_python()
    component = Path(__file__).parents[2] / "docgen" / "plugin" / "oxt_component.py"
    target = tmp_path / "elsewhere.txt"
    link = tmp_path / "docgen-plugin.log"
    link.symlink_to(target)
    plain = tmp_path / "plain.log"
    script = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('c', {str(component)!r})\n"
        "c = importlib.util.module_from_spec(spec); spec.loader.exec_module(c)\n"
        f"c._append({str(link)!r}, 'x\\n')\n"
        f"c._append({str(plain)!r}, c._printable('a\\x1b[31m\\nb\\x85', lines=False))\n")
    done = subprocess.run([python, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert not target.exists()  # nothing written through the link
    assert plain.read_text() == "a\\x1b[31m\\x0ab\\x85"
    assert oct(plain.stat().st_mode & 0o777) == "0o600"


# 15. The old doors' last open cases.
def test_a_lone_surrogate_in_a_header_is_printed_escaped(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, "Bad _xD800_ head": "x"}])
    for command in ("check", "deadlines"):
        result = docgen(command, book)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert '"Bad \\ud800 head"' in docgen("check", book).stdout


def test_init_never_writes_through_a_dangling_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.docx"
    folder = tmp_path / "init"
    folder.mkdir()
    (folder / "form_12b25.docx").symlink_to(outside)
    result = docgen("init", folder, "--template")
    one_line(result, 4, "already exists")
    assert not outside.exists()


def test_an_out_folder_named_like_an_option_is_no_option_to_libreoffice(tmp_path: Path
                                                                        ) -> None:
    from conftest import require_office

    require_office()
    book = write_workbook(tmp_path / "wb.xlsx", [GOOD_ROW])
    done = subprocess.run([sys.executable, "-m", "docgen", "merge", str(book), "-o", "-dash",
                           "--pdf", "-q"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "-dash").glob("*.pdf"))) == 1


# 6, 7, 8. The server: errors are answers, hosts and tokens parsed strictly, one entry
# per file in the download.
@pytest.fixture
def client() -> TestClient:
    settings = Settings()
    test_client = TestClient(create_app(settings), base_url=ORIGIN,
                             raise_server_exceptions=False)
    test_client.headers["X-Docgen-CSRF"] = settings.csrf
    return test_client


def test_deeply_nested_json_is_a_400_not_a_traceback(client: TestClient,
                                                     capfd: pytest.CaptureFixture[str]
                                                     ) -> None:
    job = upload(client, SAMPLE).json()["job"]
    answer = client.post(f"/api/jobs/{job}/merge", content="[" * 100_000 + "]" * 100_000,
                         headers={"Content-Type": "application/json"})
    assert answer.status_code == 400 and "could not be read" in answer.json()["error"]
    assert "Traceback" not in "".join(capfd.readouterr())


@pytest.mark.parametrize("host", ["localhost:1@tracker.example", "[::1].tracker.example",
                                  "localhost:8765 evil", "localhost:", "[::1", ""])
def test_a_host_header_is_parsed_strictly(client: TestClient, host: str) -> None:
    assert client.get("/", headers={"Host": host}).status_code == 400


def test_an_empty_token_is_refused_and_no_empty_cookie_gets_in(tmp_path: Path) -> None:
    result = docgen("serve", "--token", "", timeout=30)
    one_line(result, 2, "--token must be at least 8 characters")
    settings = Settings(token="a-long-enough-token")
    with TestClient(create_app(settings), base_url=ORIGIN) as guarded:
        assert guarded.get("/", headers={"Cookie": "docgen_token="}).status_code == 401
        assert guarded.get("/?token=").status_code == 401


def test_office_js_is_taken_only_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "docgen.toml").write_text('[serve]\noffice_js = "https://evil.example/o.js"\n')
    done = subprocess.run([sys.executable, "-m", "docgen", "serve"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=30, preexec_fn=_cap,
                          stdin=subprocess.DEVNULL)
    one_line(done, 2, "office_js is taken only from the command line")


def test_merging_twice_keeps_one_entry_per_file(client: TestClient) -> None:
    import zipfile
    from io import BytesIO

    job = upload(client, SAMPLE).json()["job"]
    for _ in range(2):
        assert merged(client, job)["status"] == "merged"
    status = client.get(f"/api/jobs/{job}/notices.zip")
    names = zipfile.ZipFile(BytesIO(status.content)).namelist()
    assert len(names) == len(set(names)) == 9  # 8 notices and report.csv


# 11. Review e-mail drafts: addresses, a template bound like a notice template, one-line
# subjects, every output checked before the first write.
def _drafts(tmp_path: Path, rows: list[dict[str, object]], *extra: str | Path
            ) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    book = write_workbook(tmp_path / "wb.xlsx", rows)
    out, drafts = tmp_path / "out", tmp_path / "drafts"
    return docgen("merge", book, "-o", out, "--email-drafts", drafts, *extra), out, drafts


def test_addresses_are_written_as_every_mail_program_reads_them(tmp_path: Path) -> None:
    import email
    import email.policy

    rows = [{**GOOD_ROW, "Registrant Name": f"Corp {n}", "Contact Email": address}
            for n, address in enumerate(("pat@bücher.example", "josé@client.example",
                                         "a@b@client.example", "@route:user@x.example",
                                         "pat@client"))]
    result, _out, drafts = _drafts(tmp_path, rows)
    assert result.returncode == 0, result.stderr
    to = {}
    for path in drafts.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        to[str(message["Subject"]).split(" for ")[1].split(":")[0]] = str(message["To"])
    assert to["Corp 0"] == "Pat Placeholder <pat@xn--bcher-kva.example>"
    assert to["Corp 1"] == to["Corp 2"] == to["Corp 3"] == to["Corp 4"] == ""
    said = result.stdout + result.stderr
    assert said.count("has an e-mail address docgen cannot use") == 3, said
    assert "has an e-mail address whose domain is not a valid name ('pat@client')" in said


@pytest.mark.parametrize(("template", "says"), [
    ("Subject: x\n\n{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
     "a review e-mail grew past 1 MB"),
    ("Subject: x\n\n{{ ''.__class__.__mro__ }}", "--email-template: not allowed"),
    ("Subject: x\n\n{{ 9 ** 999999 }}", "--email-template: not allowed: a power"),
    ("Subject: x\n\n{% if row > 2 %}{{ nope }}{% endif %}", "'nope' is undefined"),
])
def test_the_email_template_is_bounded_and_checked_first(tmp_path: Path, template: str,
                                                         says: str) -> None:
    path = tmp_path / "email-template.txt"
    path.write_text(template)
    rows = [{**GOOD_ROW, "Registrant Name": f"Corp {n}"} for n in range(3)]
    result, out, _drafts_folder = _drafts(tmp_path, rows, "--email-template", path)
    one_line(result, 2, says)
    if "undefined" in says:
        assert not list(out.glob("*.docx"))  # refused before the first notice


def test_a_drafts_folder_that_is_a_file_is_refused_first(tmp_path: Path) -> None:
    (tmp_path / "drafts").write_text("not a folder")
    result, out, _drafts_folder = _drafts(tmp_path, [GOOD_ROW])
    one_line(result, 2, "is a file")
    assert not list(out.glob("*.docx"))


def test_a_line_break_in_a_value_cannot_split_the_subject(tmp_path: Path) -> None:
    import email
    import email.policy

    row = {**GOOD_ROW, "Registrant Name": "Corp\nBcc: leak@evil.example",
           "Contact Email": "pat@client.example"}
    result, _out, drafts = _drafts(tmp_path, [row])
    assert result.returncode == 0, result.stderr
    [path] = drafts.glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["Bcc"] is None
    assert str(message["Subject"]) == ("Draft Form 12b-25 (NT 10-Q) for Corp Bcc: "
                                       "leak@evil.example: please review")


# 2. The caches: a planted macro in a kept LibreOffice profile never runs.
def test_a_kept_profile_holds_nothing_that_runs(tmp_path: Path) -> None:
    from lxml import etree

    from docgen.outputs.office_profile import harden

    user = tmp_path / "profile" / "user"
    (user / "basic" / "Standard").mkdir(parents=True)
    (user / "basic" / "Standard" / "Module1.xba").write_text("Sub Main : Shell(\"x\") : End Sub")
    (user / "Scripts" / "python").mkdir(parents=True)
    (user / "Scripts" / "python" / "evil.py").write_text("import os")
    oor = "http://openoffice.org/2001/registry"
    (user / "registrymodifications.xcu").write_text(
        f'<?xml version="1.0"?><oor:items xmlns:oor="{oor}">'
        '<item oor:path="/org.openoffice.Office.Common/Security/Scripting">'
        '<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>0</value></prop></item>'
        '<item oor:path="/org.openoffice.Office.Events/ApplicationEvents/Bindings">'
        '<node oor:name="OnStartApp" oor:op="replace"><prop oor:name="BindingURL">'
        "<value>vnd.sun.star.script:Standard.Module1.Main?language=Basic</value></prop>"
        "</node></item></oor:items>")
    harden(tmp_path / "profile")
    assert not (user / "basic").exists() and not (user / "Scripts").exists()
    root = etree.parse(str(user / "registrymodifications.xcu")).getroot()
    settings = {p.get(f"{{{oor}}}name"): p.findtext("value") for p in root.iter("prop")}
    assert settings == {"MacroSecurityLevel": "3", "DisableMacrosExecution": "true"}


def test_pdf_runs_keep_their_profiles_only_where_they_are_private(tmp_path: Path) -> None:
    from conftest import require_office

    require_office()
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(0o777)
    book = write_workbook(tmp_path / "wb.xlsx", [GOOD_ROW])
    done = subprocess.run([sys.executable, "-m", "docgen", "merge", str(book), "-o",
                           str(tmp_path / "out"), "--pdf", "-q"], capture_output=True,
                          text=True, timeout=300,
                          env={**os.environ, "DOCGEN_CACHE_DIR": str(shared)})
    assert done.returncode == 0, done.stderr
    assert "is not yours alone" in done.stderr
    assert not list(shared.iterdir())  # no profile kept there
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 1


# Markers for the fast lane (README, "Development"): -m "not slow and not office and not browser"
pytestmark = [pytest.mark.slow, pytest.mark.office]
