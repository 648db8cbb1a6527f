"""Hostile files cost nothing: one test per class of attack, each with variants.

Each runs docgen as a separate process under a memory cap (RLIMIT_AS) and a time
limit, so a hang or a blow-up fails the test instead of stalling CI, and asserts
the exit code, a one-line message without a traceback, the notices written (none
from hidden data), the input's SHA-256 unchanged and no temporary file left.
"""

from __future__ import annotations

import csv
import hashlib
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from attacks import build
from conftest import GOOD_ROW, write_workbook

MEMORY_CAP = 1536 << 20


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def docgen(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "docgen", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, preexec_fn=_cap,
                          stdin=subprocess.DEVNULL)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def attack(path: Path, out: Path, *extra: str | Path, code: int,
           message: str = "") -> subprocess.CompletedProcess[str]:
    """Merge ``path`` into ``out``; check what every attack must leave true."""
    before = sha(path)
    result = docgen("merge", path, "-o", out, "-q", *extra)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "unexpected" not in result.stderr
    if code in (1, 2, 4):
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr + result.stdout
    assert sha(path) == before  # the input is never modified
    leftovers = list(out.glob(".docgen-*")) if out.is_dir() else []
    assert leftovers == []
    return result


def notices(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob("*.docx")) if out.is_dir() else []


# 1. A real XML parser: nothing hidden in the XML reaches a notice.
def test_commented_out_row_writes_no_notice(tmp_path: Path) -> None:
    path = build.commented_row(tmp_path)
    attack(path, tmp_path / "out", code=0)
    assert len(notices(tmp_path / "out")) == 2


def test_commented_out_merge_is_no_error(tmp_path: Path) -> None:
    attack(build.commented_merge(tmp_path), tmp_path / "out", code=0)
    assert len(notices(tmp_path / "out")) == 2


def test_doctype_in_a_sheet_is_refused(tmp_path: Path) -> None:
    attack(build.doctype_sheet(tmp_path), tmp_path / "out", code=1, message="DOCTYPE")
    assert notices(tmp_path / "out") == []


# 2. Linear time, bounded memory.
def test_part_that_inflates_past_its_cap_stops_early(tmp_path: Path) -> None:
    path = build.inflating_styles(tmp_path)
    assert path.stat().st_size < 1 << 20
    attack(path, tmp_path / "out", code=1,
           message="part xl/styles.xml of the workbook inflates to more than 32 MB")


def test_a_million_formatted_rows_read_in_bounded_time_and_memory(tmp_path: Path) -> None:
    path = build.million_rows(tmp_path)
    start = time.monotonic()
    attack(path, tmp_path / "out", code=0)
    assert time.monotonic() - start < 90
    assert len(notices(tmp_path / "out")) == 2


def test_enormous_cell_is_one_line(tmp_path: Path) -> None:
    attack(build.enormous_cell(tmp_path), tmp_path / "out", code=1,
           message="not well-formed XML")
    assert notices(tmp_path / "out") == []


# 3. Odd but valid cells: a value read correctly, or an error naming the cell.
def test_odd_cells_are_read_or_named(tmp_path: Path) -> None:
    path = build.odd_cells(tmp_path)
    result = attack(path, tmp_path / "out", code=3)
    for cell in ("B5", "A6", "A7", "E8"):
        assert f"Registrants!{cell}: error" in result.stderr, result.stderr
    assert "holds row 3 more than once" in result.stderr
    assert "Registrants!A9: error: the sheet XML puts a cell of this row at 'XFE9'" in (
        result.stderr)
    assert "Registrants!A10: error: the sheet XML numbers this row 2000000" in result.stderr
    written = notices(tmp_path / "out")
    assert any(name.startswith("visible-0-corp") for name in written)
    assert any(name.startswith("visible-1-corp") for name in written)  # t="d" row 4 too
    assert not any(name.startswith("duplicate") for name in written)
    assert len(written) == 3


@pytest.mark.parametrize("period", ["9999-12-31", "1900-01-01"])
def test_extreme_dates_never_abort_the_run(tmp_path: Path, period: str) -> None:
    from datetime import date

    path = write_workbook(tmp_path / "x.xlsx", [
        GOOD_ROW, {**GOOD_ROW, "Registrant Name": "Far Corp.",
                   "Period Ended": date.fromisoformat(period)}])
    result = docgen("deadlines", path, "--format", "csv")
    assert result.returncode in (0, 3) and "Traceback" not in result.stderr
    attack(path, tmp_path / "out", code=0)


# 4. No output can clobber an input or another output.
def test_report_cannot_overwrite_the_workbook(tmp_path: Path) -> None:
    path = build.good_book(tmp_path, "book")
    attack(path, tmp_path / "out", "--report", path, "--overwrite", code=2,
           message="would overwrite the workbook")
    assert notices(tmp_path / "out") == []


def test_combine_cannot_overwrite_the_template(tmp_path: Path) -> None:
    path = build.good_book(tmp_path, "book")
    template = build.template_with(tmp_path, "mine", lambda p: p)
    before = sha(template)
    attack(path, tmp_path / "out", "--template", template, "--combine", template,
           "--overwrite", code=2, message="would overwrite the template")
    assert sha(template) == before


def test_dangling_link_named_like_a_notice_counts_as_a_file(tmp_path: Path) -> None:
    path = build.good_book(tmp_path, "book")
    out = tmp_path / "out"
    out.mkdir()
    name = "visible-0-corp_NT-10-Q_2026-09-30.docx"
    (out / name).symlink_to(tmp_path / "nowhere")
    attack(path, out, code=4, message="already exists")
    assert not (tmp_path / "nowhere").exists()


def test_sigterm_leaves_no_partial_file(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "big.xlsx", [
        {**GOOD_ROW, "Registrant Name": f"Corp {n}"} for n in range(4000)])
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "docgen", "merge", str(path), "-o",
                                str(out), "-q"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, preexec_fn=_cap)
    deadline = time.monotonic() + 60
    while not notices(out) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    _stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert "terminated" in stderr and "Traceback" not in stderr
    assert list(out.glob(".docgen-*")) == []
    import docx

    for name in notices(out)[:20]:
        docx.Document(str(out / name))  # every notice left is complete


# 5. Templates are code from outside.
@pytest.mark.parametrize("maker, message", [
    (build.macro_template, "macros"),
    (build.doctype_template, "DOCTYPE"),
    (build.external_file_template, "links to a file outside the template"),
    (build.slip_template, "unsafe name"),
])
def test_hostile_template_is_refused(tmp_path: Path, maker: object, message: str) -> None:
    template = maker(tmp_path)  # type: ignore[operator]
    path = build.good_book(tmp_path, "book")
    attack(path, tmp_path / "out", "--template", template, code=1, message=message)
    assert notices(tmp_path / "out") == []


# 7. Reports: no cell becomes a formula, whatever it starts with.
def test_report_neutralises_every_formula_start(tmp_path: Path) -> None:
    starts = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]
    path = write_workbook(tmp_path / "r.xlsx", [
        {**GOOD_ROW, "Registrant Name": f"{s} Corp.", "Form": "8-K"} for s in starts])
    report = tmp_path / "r.csv"
    attack(path, tmp_path / "out", "--report", report, code=3)
    with report.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    assert sorted(r[1] for r in rows) == sorted(f"'{s} Corp." for s in starts)


# 8. Scale limits that protect the machine.
def test_jobs_are_capped_at_the_cpus() -> None:
    from docgen.engine import parallel

    assert parallel.effective_jobs(10**6, 10**9) == (os.cpu_count() or 1)


# 6. Messages, never "unexpected".
def test_out_naming_a_file_is_a_usage_error(tmp_path: Path) -> None:
    path = build.good_book(tmp_path, "book")
    afile = tmp_path / "afile"
    afile.write_text("keep")
    result = docgen("merge", path, "-o", afile)
    assert result.returncode == 2 and "is a file; give a folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and afile.read_text() == "keep"


def test_report_in_a_missing_folder_is_created(tmp_path: Path) -> None:
    path = build.good_book(tmp_path, "book")
    report = tmp_path / "new" / "deeper" / "r.csv"
    result = docgen("merge", path, "-o", tmp_path / "out", "--report", report)
    assert result.returncode == 0, result.stderr
    assert report.is_file() and "unexpected" not in result.stderr


def test_missing_sheet_part_is_one_line(tmp_path: Path) -> None:
    import zipfile

    path = build.good_book(tmp_path, "book")
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    del parts[build.SHEET]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    attack(path, tmp_path / "out", code=1, message=f"the part {build.SHEET} is missing")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_report_sanitises_what_it_cannot_hold_and_says_so(tmp_path: Path, suffix: str) -> None:
    # "_x0001_" is Excel's escape for U+0001, which no report format can hold; the
    # literal text "_x0041_" (typed as such: stored escaped) must stay text.
    path = write_workbook(tmp_path / "r.xlsx", [
        {**GOOD_ROW, "Registrant Name": "Bad_x0001_Corp", "Form": "8-K"},
        {**GOOD_ROW, "Registrant Name": "Lit _x005F_x0041_ Corp"}])
    report = tmp_path / f"report{suffix}"
    result = attack(path, tmp_path / "out", "--report", report, code=3)
    assert "warning: 1 value held characters a report cannot hold" in result.stderr
    if suffix == ".xlsx":
        import zipfile

        from docgen.workbook.xlsx import XlsxBook

        with zipfile.ZipFile(report) as archive:
            names = [r.values.get(1) for r in XlsxBook(archive).rows("Merge Report")]
    else:
        with report.open(encoding="utf-8-sig", newline="") as handle:
            names = [r[1] for r in csv.reader(handle)]
    assert "Bad\ufffdCorp" in names and "Lit _x0041_ Corp" in names


def test_cells_cannot_drive_the_terminal_or_forge_lines(tmp_path: Path) -> None:
    forged = "10-K\nRegistrants!A9: error: forged line"
    path = write_workbook(tmp_path / "t.xlsx", [
        {**GOOD_ROW, "Form": forged},
        {**GOOD_ROW, "Form": "_x001B_[31m8-K [bold]loud[/bold]"},
        {**GOOD_ROW, "Evil _x001B_]0;title_x0007_ Header": "x"}])
    for command in ("check", "merge"):
        args = [command, path] + (["-o", tmp_path / "out"] if command == "merge" else [])
        result = docgen(*args)
        assert result.returncode == 3, result.stderr
        output = result.stdout + result.stderr
        assert "\x1b" not in output and "\x07" not in output
        assert '"[31m8-K [bold]loud[/bold]"' in output  # ESC removed, markup shown as data
        assert "Evil \\x1b]0;title\\x07 Header" in output  # a header's controls, escaped
        assert "10-K\\x0aRegistrants!A9: error: forged line" in output  # one line
        assert not any(line.startswith("Registrants!A9") for line in output.splitlines())


# 5. What a template may cost per notice.
@pytest.mark.parametrize("tag", [
    "{{ 9 ** 999999 }}",
    "{{ (2 ** 5000) ** 3 }}",
    "{{ 'x' * 1000000000 }}",
    "{{ 'x' * 100000 + 'y' * 1000000 }}",
    "{{ 'x'|center(999999999) }}",
    "{{ 'x'.ljust(999999999) }}",
    "{{ '%999999999d'|format(1) }}",
    "{{ '%999999999d' % 1 }}",
    "{{ '{:999999999}'.format(1) }}",
    "{{ '{:{}}'.format(1, 999999999) }}",
    "{{ '%*d' % (999999999, 1) }}",
    "{% for a in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
])
def test_costly_template_is_one_line(tmp_path: Path, tag: str) -> None:
    template = build.tag_template(tmp_path, "costly", tag)
    path = build.good_book(tmp_path, "book")
    start = time.monotonic()
    attack(path, tmp_path / "out", "--template", template, code=1,
           message="the template asks too much")
    assert time.monotonic() - start < 30
    assert notices(tmp_path / "out") == []
    checked = docgen("check", path, "--template", template)
    assert checked.returncode == 1 and "the template asks too much" in checked.stderr


def test_a_loop_of_loops_stops_at_the_time_limit(tmp_path: Path) -> None:
    from docgen.template.limits import MAX_SECONDS

    template = build.tag_template(
        tmp_path, "loops",
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}")
    start = time.monotonic()
    attack(build.good_book(tmp_path, "book"), tmp_path / "out", "--template", template,
           code=1, message=f"took more than {MAX_SECONDS:g} seconds")
    assert time.monotonic() - start < MAX_SECONDS + 20


def test_numbers_as_data_and_modest_sizes_still_render(tmp_path: Path) -> None:
    template = build.tag_template(
        tmp_path, "fine", "{{ '{:,}'.format(750000000) }} {{ 2 ** 64 }} {{ 'ab' * 3 }}",
        "{{ registrant_name|center(40) }}|{{ '%05d'|format(42) }}|{{ 'x'.rjust(5) }}")
    out = tmp_path / "out"
    attack(build.good_book(tmp_path, "book"), out, "--template", template, code=0)
    from docxread import paragraphs

    text = paragraphs(out / notices(out)[0])
    assert "750,000,000 18446744073709551616 ababab" in text
    assert "|00042|    x" in text[-1]


def test_thousands_of_tags_in_one_control_compile_in_linear_time(tmp_path: Path) -> None:
    import zipfile

    from docgen.template.render import CompiledTemplate

    def control_with(count: int) -> Path:
        path = build.tag_template(tmp_path, f"control{count}", "x")
        runs = "".join("<w:r><w:t>{{ registrant_name }}</w:t></w:r>" for _ in range(count))
        sdt = ("<w:sdt><w:sdtPr><w14:checkbox>x</w14:checkbox></w:sdtPr><w:sdtContent>"
               f"{runs}</w:sdtContent></w:sdt>")
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("word/document.xml").decode()
        build.patch_part(path, "word/document.xml",
                         lambda _d: xml.replace("<w:p>", "<w:p>" + sdt, 1).encode())
        return path

    timings = []
    for count in (1000, 4000):
        start = time.perf_counter()
        CompiledTemplate(control_with(count))
        timings.append(time.perf_counter() - start)
    assert timings[1] < 8 * timings[0] + 0.5  # 4x the tags: far from 16x (quadratic)


@pytest.mark.parametrize("maker, message", [
    (build.attribute_tag_template, "inside an XML attribute"),
    (build.field_code_template, "inside a field code"),
])
def test_tags_where_word_reads_markup_are_refused(tmp_path: Path, maker: object,
                                                  message: str) -> None:
    template = maker(tmp_path)  # type: ignore[operator]
    path = build.good_book(tmp_path, "book")
    attack(path, tmp_path / "out", "--template", template, code=1, message=message)
    checked = docgen("check", path, "--template", template)
    assert checked.returncode == 1 and message in checked.stderr


def test_block_across_a_table_is_an_error_only_for_rows_it_would_corrupt(
    tmp_path: Path,
) -> None:
    import zipfile

    from lxml import etree

    template = build.crossing_if_template(tmp_path)
    path = write_workbook(tmp_path / "b.xlsx", [
        {**GOOD_ROW, "Registrant Name": "Yes Corp.", "Part II (c)": "yes",
         "Narrative": "The accountant's statement is attached as Exhibit 99."},
        {**GOOD_ROW, "Registrant Name": "No Corp."}])
    out = tmp_path / "out"
    result = attack(path, out, "--template", template, code=3, message="would be corrupt")
    assert "Registrants!A3: error: the template's word/document.xml would be corrupt" in (
        result.stderr)
    written = notices(out)
    assert len(written) == 1 and written[0].startswith("yes-corp")
    with zipfile.ZipFile(out / written[0]) as archive:
        etree.fromstring(archive.read("word/document.xml"))  # the one written is sound
    checked = docgen("check", path, "--template", template)
    assert checked.returncode == 3 and "Registrants!A3: error:" in checked.stdout
    assert "Registrants!A2: error" not in checked.stdout


def test_check_renders_every_row_not_only_the_first(tmp_path: Path) -> None:
    template = build.tag_template(tmp_path, "divide", "{{ 100 / (cik|int) }}")
    path = write_workbook(tmp_path / "b.xlsx", [
        {**GOOD_ROW, "CIK": "5"}, {**GOOD_ROW, "CIK": "7"}, {**GOOD_ROW, "CIK": "0"}])
    checked = docgen("check", path, "--template", template)
    assert checked.returncode == 3, checked.stdout + checked.stderr
    assert "Registrants!A4: error: a tag of the template failed on this row's values " \
        "(ZeroDivisionError)" in checked.stdout
    result = attack(path, tmp_path / "out", "--template", template, code=3)
    assert "Registrants!A4" in result.stderr and len(notices(tmp_path / "out")) == 2


def test_line_breaks_in_document_properties_stay_text(tmp_path: Path) -> None:
    import re
    import zipfile

    from lxml import etree

    def describe(data: bytes) -> bytes:
        data = re.sub(rb"<dc:description>.*?</dc:description>", b"", data, flags=re.S)
        return data.replace(b"</cp:coreProperties>", b"<dc:description>{{ narrative }}"
                            b"</dc:description></cp:coreProperties>")

    template = build.template_with(tmp_path, "props", lambda p: build.patch_part(
        p, "docProps/core.xml", describe))
    path = write_workbook(tmp_path / "b.xlsx", [
        {**GOOD_ROW, "Narrative": "First line.\nSecond & <last> line."}])
    out = tmp_path / "out"
    attack(path, out, "--template", template, code=0)
    with zipfile.ZipFile(out / notices(out)[0]) as archive:
        core = etree.fromstring(archive.read("docProps/core.xml"))
    description = core.find("{http://purl.org/dc/elements/1.1/}description")
    assert description is not None
    assert description.text == "First line.\nSecond & <last> line."


# 6. Every slip answered in one line, in every command.
@pytest.mark.parametrize("flags, message", [
    ({"method": 9}, "Deflate64"),
    ({"encrypted": True}, "encrypted"),
])
def test_unreadable_zip_methods_are_one_line(tmp_path: Path, flags: dict[str, object],
                                             message: str) -> None:
    book = build.zip_flags(build.good_book(tmp_path, "book"), **flags)  # type: ignore[arg-type]
    attack(book, tmp_path / "out", code=1, message=message)
    template = build.zip_flags(build.template_with(tmp_path, "t", lambda p: p),
                               **flags)  # type: ignore[arg-type]
    attack(build.good_book(tmp_path, "good"), tmp_path / "out2", "--template", template,
           code=1, message=message)


@pytest.mark.parametrize("pattern, message", [
    ("", "--name is empty"),
    ("{row:d}", "Unknown format code"),
    ("{form:>100000000}", "more than 255"),
    ("{form!z}", "is not a conversion"),
    ("{nope}", "unknown field"),
])
def test_bad_name_patterns_are_usage_errors(tmp_path: Path, pattern: str, message: str) -> None:
    attack(build.good_book(tmp_path, "book"), tmp_path / "out", "--name", pattern, code=2,
           message=message)
    assert notices(tmp_path / "out") == []


@pytest.mark.parametrize("command", [["deadlines"], ["deadlines", "--format", "json"],
                                     ["check", "--format", "json"], ["check"]])
def test_hostile_workbook_in_every_command_is_one_line(tmp_path: Path,
                                                       command: list[str]) -> None:
    book = build.doctype_sheet(tmp_path)
    result = docgen(command[0], book, *command[1:])
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "DOCTYPE" in result.stderr


def test_disk_full_is_one_line_and_leaves_nothing(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from typer.testing import CliRunner

    from docgen.cli.app import app

    def full(_fd: int, _data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["merge", str(sample), "-o", str(out)])
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "unexpected" not in result.stderr
    assert list(out.iterdir()) == []  # no notice, no temporary file


def test_1904_workbook_dates_read_as_excel_shows_them(tmp_path: Path) -> None:
    import datetime as dt
    import re

    book = write_workbook(tmp_path / "mac.xlsx", [
        {**GOOD_ROW, "Period Ended": dt.datetime(2026, 9, 30)}])
    old = (dt.date(2026, 9, 30) - dt.date(1899, 12, 30)).days  # as openpyxl wrote it
    new = (dt.date(2026, 9, 30) - dt.date(1904, 1, 1)).days  # as Excel on a Mac stores it
    build.patch_part(book, "xl/workbook.xml", lambda d: re.sub(
        rb"<workbookPr\b", b'<workbookPr date1904="1"', d, count=1)
        if b"<workbookPr" in d else d.replace(b"<sheets>", b'<workbookPr date1904="1"/>'
                                              b"<sheets>", 1))
    build.patch_part(book, build.SHEET, lambda d: d.replace(
        f"<v>{old}</v>".encode(), f"<v>{new}</v>".encode(), 1))
    result = docgen("deadlines", book, "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert rows[0]["period"] == "2026-09-30"


def _assert_stopped(pid: int, what: str) -> None:
    """``pid`` must be gone within five seconds."""
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"{what} is still running")


def test_interrupted_office_run_stops_its_process_group(tmp_path: Path) -> None:
    """What docgen starts for --pdf is stopped whole: soffice and what it started."""
    from docgen.outputs import pdf

    pidfile = tmp_path / "child.pid"
    with pytest.raises(subprocess.TimeoutExpired):
        pdf._run_office(["sh", "-c", f"sleep 60 & echo $! > {pidfile}; wait"], timeout=2)
    _assert_stopped(int(pidfile.read_text()), "the child of the office process")


def test_interrupted_pdf_conversion_leaves_no_work_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from docgen.outputs import pdf

    def interrupted(_command: list[str], timeout: float) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(pdf, "_run_office", interrupted)
    notice = tmp_path / "n.docx"
    notice.write_bytes(b"x")
    with pytest.raises(KeyboardInterrupt):
        pdf.convert([notice], soffice="/bin/true")
    assert [p.name for p in tmp_path.iterdir()] == ["n.docx"]  # no .docgen-pdf-* folder


def test_interrupted_parallel_pdfs_stop_every_office_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-C while several soffice run at once (#18): every one stops, nothing is left."""
    from docgen.outputs import pdf

    pidfile = tmp_path / "child.pid"

    def share(_soffice: str, paths: list[Path], _work: Path, number: int) -> None:
        if number == 0:
            pdf._run_office(["sh", "-c", f"sleep 60 & echo $! > {pidfile}; wait"], 120)
        else:
            time.sleep(1)
            raise KeyboardInterrupt

    monkeypatch.setattr(pdf, "_convert_share", share)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    notices = []
    for n in range(16):
        notices.append(tmp_path / f"n{n}.docx")
        notices[-1].write_bytes(b"x")
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        pdf.convert(notices, soffice="/bin/true", jobs=2)
    assert time.monotonic() - start < 20
    _assert_stopped(int(pidfile.read_text()), "an office process of the other share")
    assert not list(tmp_path.glob(".docgen-pdf-*"))


# Markers for the fast lane (README, "Development"): -m "not slow and not office and not browser"
pytestmark = [pytest.mark.slow]
