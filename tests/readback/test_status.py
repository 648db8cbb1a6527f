"""docgen status (#28): every state, the workbook differences naming cells, edits as
Word and LibreOffice leave them, the fallback without properties, and the doors."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import docgen
from docgen.cli.app import app
from tests.readback.season import (
    add_comment,
    controls_to_text,
    edit,
    season,
    set_box,
    set_paragraph,
    split_runs,
    track_insertion,
    unhighlight,
    without_part,
)

runner = CliRunner()
TODAY = dt.date(2026, 11, 12)


def _states(report: docgen.readback.run.StatusReport) -> dict[int | None, str]:  # type: ignore[name-defined]
    return {r.row: r.state for r in report.notices}


def _row(folder: Path, workbook: Path, row: int) -> docgen.readback.run.NoticeStatus:  # type: ignore[name-defined]
    """The status of the notice of ``row``, as of TODAY."""
    return next(r for r in docgen.status(folder, workbook, today=TODAY).notices if r.row == row)


@pytest.fixture
def merged(tmp_path: Path) -> tuple[Path, Path, dict[int, Path]]:
    return season(tmp_path)


def test_a_fresh_merge_is_ready_draft_or_filed(merged) -> None:  # type: ignore[no-untyped-def]
    workbook, folder, _ = merged
    report = docgen.status(folder, workbook, today=TODAY)
    assert _states(report) == {2: "ready", 3: "draft", 4: "filed", 5: "ready", 6: "ready"}
    draft = next(r for r in report.notices if r.row == 3)
    assert draft.to_fill == ["Signer Title"]
    assert draft.registrant == "Beta Draft & Sons <fictitious>"
    assert all(r.matched_by == "properties" for r in report.notices)
    assert report.summary().startswith("3 ready, 1 draft, 1 filed; next due Beta Draft & Sons")
    assert not report.all_ready


def test_sorted_by_urgency_due_first_filed_last(merged) -> None:  # type: ignore[no-untyped-def]
    workbook, folder, _ = merged
    report = docgen.status(folder, workbook, today=TODAY)
    dues = [r.nt_due for r in report.notices if r.state != "filed"]
    assert dues == sorted(dues)  # type: ignore[type-var]
    assert report.notices[-1].state == "filed"
    assert [r.row for r in report.notices] == [6, 3, 2, 5, 4]  # 3 and 2: due the same day
    assert report.notices[1].state == "draft"  # not ready first, among those due that day


def test_a_row_without_notice_is_missing(merged) -> None:  # type: ignore[no-untyped-def]
    workbook, folder, notices = merged
    notices[5].unlink()
    report = docgen.status(folder, workbook, today=TODAY)
    missing = next(r for r in report.notices if r.row == 5)
    assert (missing.state, missing.file) == ("missing", "")
    assert missing.nt_due == dt.date(2026, 12, 1)  # a large accelerated 10-K: 60 days + 1


def test_a_box_ticked_in_word_differs_from_the_row_naming_the_cell(merged) -> None:  # type: ignore[no-untyped-def]
    workbook, folder, notices = merged
    edit(notices[2], set_box("Yes", False, 0))  # Part IV (2): Yes cleared...
    edit(notices[2], set_box("Yes", True, 1))  # ...and No ticked
    report = docgen.status(folder, workbook, today=TODAY)
    record = next(r for r in report.notices if r.row == 2)
    assert record.state == "needs review"
    assert [str(f) for f in record.findings] == [
        "Registrants!Q2: Other Reports Filed not ticked in the notice, Yes in the workbook"]


def test_per_item_template_part_ii_c_ticked(tmp_path: Path) -> None:
    from docgen.template.render import bundled_template

    template = bundled_template("form_12b25_per_item.docx")
    workbook, folder, notices = season(tmp_path, template=template)
    edit(notices[5], set_box("(c) The accountant", True))
    report = docgen.status(folder, workbook, template=template, today=TODAY)
    record = next(r for r in report.notices if r.row == 5)
    assert record.state == "needs review"
    assert "Registrants!P5: Part II (c) ticked in the notice, No in the workbook" in [
        str(f) for f in record.findings]
    read_wrongly = _row(folder, workbook, 2)  # with the bundled template: its (c) is not seen
    assert (read_wrongly.state, str(read_wrongly.findings[0])) == (
        "needs review", "merged with the template form_12b25_per_item.docx, read with "
        "form_12b25.docx; give --template form_12b25_per_item.docx")


def test_a_value_typed_over_differs_and_an_edited_narrative_is_only_noted(merged) -> None:  # type: ignore[no-untyped-def]
    workbook, folder, notices = merged
    edit(notices[6], set_paragraph("CFO", "Chief Financial Officer"))
    edit(notices[2], set_paragraph("The audit is not complete.",
                                   "The audit is not complete; the auditor needs two weeks."))
    report = docgen.status(folder, workbook, today=TODAY)
    epsilon = next(r for r in report.notices if r.row == 6)
    assert epsilon.state == "needs review"
    assert [str(f) for f in epsilon.findings] == [
        "Registrants!K6: Signer Title is “Chief Financial Officer” in the notice, “CFO” in "
        "the workbook"]
    alpha = next(r for r in report.notices if r.row == 2)
    assert alpha.state == "ready"
    assert [(f.kind, str(f)) for f in alpha.findings] == [
        ("noted", "Registrants!F2: Narrative edited in the notice")]


def test_a_placeholder_filled_in_word_makes_the_draft_ready_and_is_noted(merged) -> None:  # type: ignore[no-untyped-def]
    workbook, folder, notices = merged
    edit(notices[3], set_paragraph("[\u25cf]", "Treasurer"))
    beta = _row(folder, workbook, 3)
    assert beta.state == "needs review"  # typed over, but still highlighted
    assert beta.findings[0].message.startswith("the EDGAR check fails: the notice still has "
                                               "highlighted text (paragraph 55, in Part IV)")
    edit(notices[3], unhighlight)
    report = docgen.status(folder, workbook, today=TODAY)
    beta = next(r for r in report.notices if r.row == 3)
    assert beta.state == "ready"
    assert [str(f) for f in beta.findings] == [
        "Registrants!K3: Signer Title filled in the notice (“Treasurer”), blank in the "
        "workbook; add it there too"]


@pytest.mark.parametrize(("change", "words"), [
    (track_insertion, "1 tracked change left"),
    (add_comment, "1 comment left"),
])
def test_tracked_changes_and_comments_need_review(merged, change, words) -> None:  # type: ignore[no-untyped-def]
    workbook, folder, notices = merged
    edit(notices[2], change)
    record = _row(folder, workbook, 2)
    assert record.state == "needs review"
    assert any(str(f).startswith(words) for f in record.findings), record.findings


def test_an_unsigned_draft_is_a_draft(tmp_path: Path) -> None:
    workbook, folder, _ = season(tmp_path, signed=False)
    record = _row(folder, workbook, 2)
    assert (record.state, record.to_fill) == ("draft", ["/s/ signature"])


def test_an_edgar_refusal_needs_review(merged) -> None:  # type: ignore[no-untyped-def]
    workbook, folder, notices = merged

    def hidden(root) -> None:  # type: ignore[no-untyped-def]
        from tests.edgar.build import W, fragment, paragraph_with

        paragraph_with(root, "Dover").append(fragment(
            '<w:r><w:rPr><w:vanish/></w:rPr><w:t>secret</w:t></w:r>'))
        del W

    edit(notices[2], hidden)
    record = _row(folder, workbook, 2)
    assert record.state == "needs review"
    assert [str(f) for f in record.findings] == [
        "the EDGAR check fails: the notice has hidden text (paragraph 26, in Part I); in "
        "Word select all, open Font and clear Hidden (or delete the hidden text), then save"]


@pytest.mark.parametrize("change", [split_runs, controls_to_text])
def test_split_runs_and_controls_replaced_read_the_same(merged, change) -> None:  # type: ignore[no-untyped-def]
    workbook, folder, notices = merged
    before = docgen.status(folder, workbook, today=TODAY)
    for path in notices.values():
        edit(path, change)
    after = docgen.status(folder, workbook, today=TODAY)
    assert [(r.row, r.state, r.findings) for r in after.notices] == [
        (r.row, r.state, r.findings) for r in before.notices]


def test_plain_box_characters_from_another_program(merged) -> None:  # type: ignore[no-untyped-def]
    workbook, folder, notices = merged
    edit(notices[2], controls_to_text)
    edit(notices[2], set_paragraph("(Check one):", "(Check one): \u2610 Form 10-K \u2611 Form "
                                   "20-F \u2610 Form 11-K \u2610 Form 10-Q \u2610 Form 10-D "
                                   "\u2610 Form N-CEN \u2610 Form N-CSR"))
    record = _row(folder, workbook, 2)
    assert "Registrants!D2: Form 20-F ticked in the notice, Form 10-Q in the workbook" in [
        str(f) for f in record.findings]


def test_without_properties_a_notice_is_matched_by_its_text(merged) -> None:  # type: ignore[no-untyped-def]
    workbook, folder, notices = merged
    without_part(notices[6], "docProps/custom.xml")
    record = _row(folder, workbook, 6)
    assert (record.state, record.matched_by) == ("ready", "text")
    assert record.findings[0].message.startswith("matched by its text (registrant, form, "
                                                 "period)")


def test_a_notice_whose_row_is_gone_is_unknown_and_a_stranger_too(merged, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    workbook, folder, _ = merged
    from tests.readback.season import ROWS, write_workbook

    write_workbook(workbook, [r for r in ROWS if "Delta" not in str(r["Registrant Name"])])
    Document().save(str(folder / "letter.docx"))
    (folder / "broken.docx").write_bytes(b"not a zip")
    report = docgen.status(folder, workbook, today=TODAY)
    by_file = {r.file: r for r in report.notices}
    assert by_file["5.docx"].state == "unknown"
    assert "no row of the workbook is for delta annual corp. (fictitious) 10-K 2026-09-30" \
        in by_file["5.docx"].brief()
    assert by_file["letter.docx"].state == "unknown"
    assert by_file["letter.docx"].brief().startswith("not a Form 12b-25 notice")
    assert by_file["broken.docx"].brief().startswith("is not a Word .docx file")


def test_two_notices_for_one_row(merged) -> None:  # type: ignore[no-untyped-def]
    workbook, folder, notices = merged
    shutil.copyfile(notices[2], folder / "2 copy.docx")
    records = [r for r in docgen.status(folder, workbook, today=TODAY).notices if r.row == 2]
    assert sorted(r.state for r in records) == ["needs review", "ready"]
    assert "another notice is for the same row: 2 copy.docx; keep one" in [
        str(f) for r in records for f in r.findings]


def test_without_a_workbook_the_notices_alone(merged) -> None:  # type: ignore[no-untyped-def]
    _, folder, _ = merged
    report = docgen.status(folder, today=TODAY)
    assert sorted(r.state for r in report.notices) == ["draft", "ready", "ready", "ready",
                                                       "ready"]  # no Filed mark without it
    assert {r.row for r in report.notices} == {None}
    assert {r.nt_due for r in report.notices} >= {dt.date(2026, 11, 17)}  # from properties


def test_a_zip_of_notices_and_a_combined_document_left_out(tmp_path: Path) -> None:
    workbook, folder, _ = season(tmp_path, combine=tmp_path / "notices" / "all.docx")
    archive = tmp_path / "notices.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in folder.iterdir():
            out.write(path, f"season/{path.name}")
        out.writestr("__MACOSX/season/._2.docx", b"junk")
        out.writestr("season/~$2.docx", b"lock")
    report = docgen.status(archive, workbook, today=TODAY)
    assert len(report.notices) == 5
    assert report.left_out == ["season/all.docx: a combined document (merge --combine), not "
                               "one notice; left out"]


def test_cli_table_json_csv_only_and_exit_codes(merged) -> None:  # type: ignore[no-untyped-def]
    workbook, folder, _ = merged
    result = runner.invoke(app, ["status", str(folder), str(workbook), "--today", "2026-11-12"])
    assert result.exit_code == 3, result.output
    lines = result.output.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    summary = lines[len(lines) - 1 - lines[::-1].index("") + 1:]  # after the last blank line
    assert " ".join(line.strip() for line in summary) == (
        "3 ready, 1 draft, 1 filed; next due Beta Draft & Sons <fictitious> in 5 days; 1 "
        "overdue (Société Epsilon S.A. (fictitious), NT due 9 days ago)")  # wrapped at 80
    assert "    to fill: Signer Title" in lines
    result = runner.invoke(app, ["status", str(folder), "-w", str(workbook), "--only",
                                 "ready,filed", "--format", "json", "--today", "2026-11-12"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert sorted(n["state"] for n in data["notices"]) == ["filed", "ready", "ready", "ready"]
    assert data["summary"].startswith("3 ready")
    result = runner.invoke(app, ["status", str(folder), str(workbook), "--only",
                                 "needs-review,draft", "--format", "csv", "--today",
                                 "2026-11-12"])
    assert result.exit_code == 3, result.output
    rows = result.output.splitlines()
    assert rows[0].startswith("file,state,row,registrant")
    assert rows[1].startswith('3.docx,draft,3,Beta Draft & Sons <fictitious>,10-Q')
    result = runner.invoke(app, ["status", str(folder), "--only", "later"])
    assert result.exit_code == 2
    assert "'later' is not a state" in result.output


def test_cli_refuses_what_is_not_notices(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    result = runner.invoke(app, ["status", str(tmp_path / "notes.txt")])
    assert result.exit_code == 2
    assert "give notices (.docx), a folder or a .zip" in result.output
    result = runner.invoke(app, ["status", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "not found" in result.output


def test_the_api_gives_what_the_cli_prints(merged) -> None:  # type: ignore[no-untyped-def]
    workbook, folder, notices = merged
    edit(notices[6], set_paragraph("CFO", "Chief Financial Officer"))
    result = runner.invoke(app, ["status", str(folder), str(workbook), "--format", "json",
                                 "--today", "2026-11-12"])
    report = docgen.status(folder, workbook, today=TODAY)
    assert json.loads(result.output)["notices"] == [r.record() for r in report.notices]


def test_rows_with_errors_are_missing_and_said_once(tmp_path: Path) -> None:
    from tests.readback.season import ROWS

    rows = [*ROWS, {**ROWS[0], "Registrant Name": "Zeta Broken Co. (fictitious)",
                    "Form": "10-KK"}]
    workbook, folder, _ = season(tmp_path, rows)
    report = docgen.status(folder, workbook, today=TODAY)
    assert [str(p) for p in report.problems] == [
        'Registrants!D7: error: Form "10-KK" is not a form that Form 12b-25 covers (expected '
        "one of 10-K, 20-F, 11-K, 10-Q, 10-D, N-CEN, N-CSR)"]
    zeta = next(r for r in report.notices if r.row == 7)
    assert (zeta.state, zeta.brief()) == ("missing", "no notice in the folder")
    assert [str(f) for f in zeta.findings] == [
        "its row has errors (see above); fix the workbook, then merge it"]


def test_a_placeholder_typed_outside_any_field_is_still_to_fill(merged) -> None:  # type: ignore[no-untyped-def]
    workbook, folder, notices = merged
    edit(notices[2], set_paragraph("Full Name of Registrant", "Full Name of Registrant [\u25cf]"))
    record = _row(folder, workbook, 2)
    assert (record.state, record.to_fill) == ("draft", ["a [●] outside the form's fields"])


def test_a_name_corrected_in_both_is_matched_by_its_text(merged) -> None:  # type: ignore[no-untyped-def]
    from tests.readback.season import ROWS, write_workbook

    workbook, folder, notices = merged
    rows = [dict(r) for r in ROWS]
    rows[0]["Registrant Name"] = "Alpha Ready Corporation (fictitious)"
    write_workbook(workbook, rows)
    edit(notices[2], set_paragraph("Alpha Ready Corp.", "Alpha Ready Corporation (fictitious)"))
    record = next(r for r in docgen.status(folder, workbook, today=TODAY).notices
                  if r.file == "2.docx")
    assert (record.row, record.matched_by) == (2, "text")
    assert str(record.findings[0]) == (
        "matched by its text (registrant, form, period): its docgen properties name Alpha "
        "Ready Corp. (fictitious) 10-Q 2026-09-30, which no row has now")
    # The signature block still has the old name: that is a difference, at its cell.
    assert "Registrants!A2: Registrant Name is “Alpha Ready Corp. (fictitious)” in the " \
        "notice, “Alpha Ready Corporation (fictitious)” in the workbook" in [
            str(f) for f in record.findings]


def test_ctrl_c_says_nothing_was_written(merged, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import docgen.readback.run as run

    def interrupted(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(run, "status", interrupted)
    workbook, folder, _ = merged
    result = runner.invoke(app, ["status", str(folder), str(workbook)])
    assert result.exit_code == 130
    assert result.output.strip() == "Error: interrupted; nothing was written"


def test_a_templates_own_custom_properties_are_kept_beside_the_key(tmp_path: Path) -> None:
    import io

    from lxml import etree

    from docgen.template import properties
    from docgen.template.render import bundled_template

    source = zipfile.ZipFile(bundled_template())
    firm = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="'
            b'http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="4" name="Matter">'
            b'<vt:lpwstr>A-17</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-'
            b'9397-08002B2CF9AE}" pid="5" name="docgen.registrant"><vt:lpwstr>stale'
            b'</vt:lpwstr></property></Properties>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/docProps/custom.xml" '
                                    b'ContentType="' + properties.CUSTOM_TYPE.encode()
                                    + b'"/></Types>')
            elif info.filename == "_rels/.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rId9" Type="'
                                    + properties.CUSTOM_REL.encode()
                                    + b'" Target="docProps/custom.xml"/></Relationships>')
            target.writestr(info, data)
        target.writestr("docProps/custom.xml", firm)
    template = tmp_path / "firm.docx"
    template.write_bytes(out.getvalue())
    workbook, folder, notices = season(tmp_path, template=template)
    root = etree.fromstring(zipfile.ZipFile(notices[2]).read("docProps/custom.xml"))
    named = {p.get("name"): (p.get("pid"), p[0].text) for p in root}
    assert named["Matter"] == ("4", "A-17")
    assert named["docgen.registrant"] == ("6", "Alpha Ready Corp. (fictitious)")  # after 4, 5
    assert len({pid for pid, _ in named.values()}) == len(named)  # every pid its own
    rels = zipfile.ZipFile(notices[2]).read("_rels/.rels")
    assert rels.count(properties.CUSTOM_REL.encode()) == 1
    record = next(r for r in docgen.status(folder, workbook, template=template,
                                           today=TODAY).notices if r.row == 2)
    assert (record.state, record.matched_by) == ("ready", "properties")


def test_notices_given_one_by_one_are_all_that_is_asked_about(merged) -> None:  # type: ignore[no-untyped-def]
    workbook, _, notices = merged
    report = docgen.status([notices[2], notices[3]], workbook, today=TODAY)
    assert [(r.row, r.state) for r in report.notices] == [(3, "draft"), (2, "ready")]


def test_docgen_toml_sets_status_defaults_and_says_so(merged) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    workbook, folder, _ = merged
    toml = workbook.parent / "docgen.toml"
    toml.write_text('[status]\nonly = "draft"\n')

    def docgen_run(*args: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "docgen", *map(str, args)],
                              capture_output=True, text=True, timeout=120, cwd=folder)

    result = docgen_run("status", folder, workbook, "--today", "2026-11-12")
    assert result.returncode == 3, result.stderr
    assert f"note: {toml} sets [status] only = draft" in result.stderr
    states = {line.split()[0] for line in result.stdout.splitlines()
              if line.startswith(("ready ", "draft ", "filed "))}
    assert states == {"draft"}
    assert f"status --only = draft  ({toml})" in docgen_run("config", workbook).stdout
