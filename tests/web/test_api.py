"""The page's API gives what the CLI gives: the same problems, deadlines and notices."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from docgen.cli.app import app as cli
from tests.web.conftest import TODAY, merged, unzip, upload

from bad_workbooks.corpus import SLOW_MARKED, Case
from conftest import SAMPLE
from docxread import box_states, paragraphs

runner = CliRunner()


def test_the_page_is_served_with_its_tokens_and_policy(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert f'<meta name="docgen-csrf" content="{client.headers["X-Docgen-CSRF"]}">' in page.text
    assert "office.js" not in page.text  # a browser page loads nothing from Microsoft
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'self' https://*.office" in policy
    assert "x-frame-options" not in page.headers  # Office on the web frames the pane
    assert page.headers["cache-control"] == "no-store"
    pane = client.get("/?pane=1")
    assert '<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js">' in (
        pane.text)
    assert client.get("/static/docgen.js").status_code == 200
    assert client.get("/icon-32.png").content.startswith(b"\x89PNG")


def test_sample_problems_and_deadlines_are_the_clis(client: TestClient) -> None:
    answer = upload(client, SAMPLE)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    checked = runner.invoke(cli, ["check", str(SAMPLE), "--format", "json"])
    expected = json.loads(checked.stdout)
    assert [{k: p[k] for k in ("sheet", "cell", "row", "severity", "message")}
            for p in data["problems"]] == expected["problems"]
    assert (data["rows"], data["errors"], data["warnings"]) == (8, 0, 2)
    assert any(line.startswith("Registrants!K2: warning: Transition Period Ended")
               for line in data["lines"])
    deadlines = runner.invoke(cli, ["deadlines", str(SAMPLE), "--format", "json",
                                    "--today", TODAY.isoformat()])
    rows = json.loads(deadlines.stdout)["rows"]
    assert sorted(data["deadlines"], key=lambda r: r["row"]) == rows
    lefts = [r["days_left"] for r in data["deadlines"]]
    upcoming = [d for d in lefts if d is not None and d >= 0]
    assert lefts[:len(upcoming)] == sorted(upcoming)  # the nearest deadline first


@pytest.mark.parametrize("case", SLOW_MARKED, ids=lambda c: c.name)
def test_every_bad_workbook_gets_the_clis_message(client: TestClient, case: Case,
                                                  tmp_path: Path) -> None:
    if case.template is not None:
        return  # the page uses the bundled template; template cases are the CLI's
    workbook = case.build(tmp_path)
    if not workbook.is_file():
        return  # a missing file is a CLI slip; a page can only send bytes
    answer = upload(client, workbook)
    checked = runner.invoke(cli, ["check", str(workbook), "--format", "json"])
    assert "Traceback" not in answer.text
    if case.check_exit == 1:
        assert answer.status_code == 422
        error = answer.json()["error"]
        cli_line = checked.stderr.strip().removeprefix("Error: ")
        assert error == cli_line.replace(str(workbook), workbook.name), (error, cli_line)
        assert "\n" not in error and str(tmp_path) not in error
        return
    assert answer.status_code == 200, answer.text
    expected = json.loads(checked.stdout)["problems"]
    assert [{k: p[k] for k in ("sheet", "cell", "row", "severity", "message")}
            for p in answer.json()["problems"]] == expected


def test_merge_zip_holds_the_clis_notices(client: TestClient, tmp_path: Path) -> None:
    job = upload(client, SAMPLE).json()["job"]
    state = merged(client, job, edgar=True, combine=True)
    assert state["status"] == "merged", state
    assert state["summary"] == ("8 notices in notices.zip, 8 EDGAR documents; all of them in "
                                "all-notices.docx; 2 warnings")
    report = client.get(f"/api/jobs/{job}/report.csv")
    assert report.status_code == 200 and report.text.startswith("\ufeffRow,Registrant")
    archive = client.get(f"/api/jobs/{job}/notices.zip")
    assert archive.status_code == 200
    files = unzip(archive.content, tmp_path / "zip")
    cli_out = tmp_path / "cli"
    workbook = tmp_path / "registrants.xlsx"
    shutil.copyfile(SAMPLE, workbook)
    done = runner.invoke(cli, ["merge", str(workbook), "--out", str(cli_out), "--edgar"])
    assert done.exit_code == 0, done.output
    ours = {p.name: p for p in files if p.suffix == ".docx" and p.name != "all-notices.docx"}
    theirs = {p.name: p for p in cli_out.glob("*.docx")}
    assert sorted(ours) == sorted(theirs) and len(ours) == 8
    for name, path in ours.items():
        assert paragraphs(path) == paragraphs(theirs[name])
        assert box_states(path) == box_states(theirs[name])
    htm = {p.name for p in files if p.suffix == ".htm"}
    assert htm == {p.name for p in cli_out.glob("*.htm")}
    for path in files:
        if path.suffix == ".htm":
            assert path.read_bytes() == (cli_out / path.name).read_bytes()
    assert {"all-notices.docx", "report.csv"} <= {p.name for p in files}
    # Downloaded: the job stays (#27) until the page is left, then its files are gone.
    assert client.get(f"/api/jobs/{job}").status_code == 200
    assert client.delete(f"/api/jobs/{job}").status_code == 204
    assert list(client.app.state.jobs.root.iterdir()) == []  # type: ignore[attr-defined]


def test_preview_shows_the_notice_text_and_boxes(client: TestClient) -> None:
    from tests.edgar.htmltext import boxes
    from tests.edgar.htmltext import paragraphs as htm_paragraphs

    job = upload(client, SAMPLE).json()["job"]
    page = client.get(f"/api/jobs/{job}/preview/2")
    assert page.status_code == 200
    assert "sandbox" in page.headers["content-security-policy"]
    texts = htm_paragraphs(page.content)
    assert "THE AUXER GROUP, INC." in texts
    notice = client.get(f"/api/jobs/{job}/notice/2.docx")
    assert notice.status_code == 200
    docx = notice.content
    assert boxes("".join(texts)) == box_states(docx)
    assert client.get(f"/api/jobs/{job}/preview/99").status_code == 404


def test_a_draft_preview_shows_its_blanks_highlighted(client: TestClient, tmp_path: Path) -> None:
    from conftest import GOOD_ROW, write_workbook

    workbook = write_workbook(tmp_path / "book.xlsx", [{**GOOD_ROW, "Narrative": None}])
    job = upload(client, workbook).json()["job"]
    page = client.get(f"/api/jobs/{job}/preview/2")
    assert page.status_code == 200
    assert b'background-color:#ffff00">[&#9679;]' in page.content


def test_eight_uploads_at_once_all_succeed(client: TestClient) -> None:
    results: list[int] = []

    def one() -> None:
        results.append(upload(client, SAMPLE).status_code)

    threads = [threading.Thread(target=one) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 8
    assert len(client.app.state.jobs) == 8  # type: ignore[attr-defined]


def test_an_unexpected_failure_is_one_line_without_a_traceback(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import docgen.web.app as web

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret row data")

    monkeypatch.setattr(web, "check", broken)
    answer = upload(client, SAMPLE)
    assert answer.status_code == 500
    assert answer.json() == {"error": web.UNEXPECTED}
    assert "secret" not in answer.text
    assert list(client.app.state.jobs.root.iterdir()) == []  # type: ignore[attr-defined]


def test_the_page_does_what_the_cli_does_for_a_selection(client: TestClient, tmp_path: Path
                                                         ) -> None:
    """#27: rows chosen, unsigned drafts, review e-mails, deadlines as of a day and the
    .ics, through the page's API, equal the command line's for the same choices."""
    import email
    import email.policy

    from icalendar import Calendar

    runner = CliRunner()
    workbook = tmp_path / "registrants.xlsx"
    workbook.write_bytes(SAMPLE.read_bytes())
    done = runner.invoke(cli, ["merge", str(workbook), "-o", str(tmp_path / "cli"), "--rows",
                               "2,5", "--unsigned", "--email-drafts", str(tmp_path / "mail")])
    assert done.exit_code == 0, done.output
    job = upload(client, SAMPLE).json()["job"]
    started = client.post(f"/api/jobs/{job}/merge",
                          json={"rows": "2,5", "unsigned": True, "drafts": True})
    assert started.status_code == 202, started.text
    for _ in range(600):
        state = client.get(f"/api/jobs/{job}").json()
        if state["status"] != "merging":
            break
        time.sleep(0.05)
    assert state["status"] == "merged", state
    files = unzip(client.get(f"/api/jobs/{job}/notices.zip").content, tmp_path / "page")
    notices = {p.name: p for p in files if p.suffix == ".docx"}
    cli_notices = {p.name: p for p in (tmp_path / "cli").glob("*.docx")}
    assert notices.keys() == cli_notices.keys() and len(notices) == 2
    for name, path in notices.items():
        assert paragraphs(path) == paragraphs(cli_notices[name])
        assert box_states(path) == box_states(cli_notices[name])

    def mail(path: Path) -> tuple[str, str, str, list[str | None]]:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = message.get_body()
        return (str(message["To"]), str(message["Subject"]),
                body.get_content() if body is not None else "",
                [part.get_filename() for part in message.iter_attachments()])

    drafts = {p.name: mail(p) for p in files if p.suffix == ".eml"}
    assert drafts == {p.name: mail(p) for p in (tmp_path / "mail").glob("*.eml")}
    assert len(drafts) == 2

    dated = client.get(f"/api/jobs/{job}/deadlines?today=2026-09-01").json()["deadlines"]
    shown = runner.invoke(cli, ["deadlines", str(workbook), "--today", "2026-09-01",
                                "--format", "json"])
    assert sorted(dated, key=lambda r: r["row"]) == json.loads(shown.stdout)["rows"]

    def events(data: bytes) -> list[tuple[str, str, str]]:
        return sorted((str(e["uid"]), str(e["dtstart"].dt), str(e["summary"]))
                      for e in Calendar.from_ical(data).walk("VEVENT"))

    page_ics = client.get(f"/api/jobs/{job}/deadlines.ics?today=2026-09-01&within=30")
    assert page_ics.headers["content-type"].startswith("text/calendar")
    done = runner.invoke(cli, ["deadlines", str(workbook), "--today", "2026-09-01",
                               "--within", "30", "--ics", str(tmp_path / "d.ics")])
    assert done.exit_code == 0, done.output
    assert events(page_ics.content) == events((tmp_path / "d.ics").read_bytes())
    assert events(page_ics.content)  # not empty
