"""What a real office suite makes of the notices: LibreOffice opens, converts and
round-trips them.

Needs soffice and pdftotext (poppler-utils); with DOCGEN_REQUIRE_OFFICE=1 (CI)
a missing install fails these tests instead of skipping them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen import merge
from docgen.api import MergeReport
from docgen.cli.app import app

from conftest import SAMPLE, require_office
from docxread import box_states, paragraphs, text

runner = CliRunner()


def pdf_text(pdf: Path, layout: bool = False) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        require_office()
        pytest.fail("pdftotext (poppler-utils) is required: apt-get install poppler-utils")
    done = subprocess.run([pdftotext, *(["-layout"] if layout else []), str(pdf), "-"],
                          check=True, capture_output=True, text=True, timeout=60)
    return done.stdout


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> MergeReport:
    """The sample merged once with --pdf and --combine: one soffice run for the batch."""
    require_office()
    out = tmp_path_factory.mktemp("office") / "notices"
    return merge(SAMPLE, out_dir=out, combine=out / "all-notices.docx", pdf=True,
                 pdf_progress=lambda done, total: PDF_PROGRESS.append((done, total)))


PDF_PROGRESS: list[tuple[int, int]] = []


def test_the_pdf_progress_counts_every_pdf(merged: MergeReport) -> None:
    """merge(pdf_progress=...) hears of the PDFs made, the combined one's too (#18)."""
    assert PDF_PROGRESS[-1] == (len(merged.pdfs), len(merged.pdfs)), PDF_PROGRESS


def test_every_notice_converts_to_pdf(merged: MergeReport) -> None:
    assert len(merged.pdfs) == len(merged.written) + 1  # and the combined document
    for notice in merged.written:
        assert notice.path is not None
        pdf = notice.path.with_suffix(".pdf")
        flat = " ".join(pdf_text(pdf).split())
        assert " ".join(notice.registrant.split()) in flat
        narrative = next(p for p in paragraphs(notice.path)
                         if p.startswith("State below in reasonable detail"))
        following = paragraphs(notice.path)[paragraphs(notice.path).index(narrative) + 1]
        assert " ".join(following.split()[:8]) in flat
        # The glyphs, in reading order, are exactly the checkbox states of the .docx.
        glyphs = [c == "☒" for c in re.findall("[☐☒]", pdf_text(pdf, layout=True))]
        assert glyphs == box_states(notice.path)


def test_auxer_notice_reads_like_the_seed(merged: MergeReport) -> None:
    auxer = merged.written[0].path
    assert auxer is not None
    flat = " ".join(pdf_text(auxer.with_suffix(".pdf"), layout=True).split())
    assert "☒ Form 10-K ☐ Form 20-F ☐ Form 11-K ☐ Form 10-Q" in flat
    assert "For the Transition Period Ended: December 31, 2002" in flat
    # The form's one Part II box, for (a) to (c).
    assert "☒ (a) The reasons described" in flat and "☐" not in flat.split("(a) The")[1][:900]
    assert "(c) The accountant’s statement" in flat
    assert "☒ Yes ☐ No" in flat and "☐ Yes ☒ No" in flat
    assert "Robert J. Scott (231) 946-4343" in flat
    assert "Date: March 31, 2003 By: /s/ Robert J. Scott" in flat
    assert flat.count("☒") == 4


def test_round_trip_through_libreoffice_keeps_text_and_boxes(
    merged: MergeReport, tmp_path: Path
) -> None:
    soffice = require_office()
    for notice in merged.written[:3]:
        assert notice.path is not None
        subprocess.run(
            [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
             "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "rt"),
             str(notice.path)],
            check=True, capture_output=True, timeout=180,
        )
        again = tmp_path / "rt" / notice.path.name
        assert " ".join(text(again).split()) == " ".join(text(notice.path).split())
        assert box_states(again) == box_states(notice.path)


def test_combined_document_has_one_page_break_per_notice(merged: MergeReport) -> None:
    combined = merged.combined
    assert combined is not None
    body = text(combined)
    assert body.count("NOTIFICATION OF LATE FILING") == len(merged.written)
    import zipfile
    xml = zipfile.ZipFile(combined).read("word/document.xml").decode()
    assert xml.count('<w:br w:type="page"/>') == len(merged.written) - 1
    pages = pdf_text(combined.with_suffix(".pdf")).split("\f")
    # Every notice's first page carries the form's title once (poppler may order the
    # page's text boxes either way, so look for the title, not for the first line).
    starts = [p for p in pages if "NOTIFICATION OF LATE FILING" in p]
    assert len(starts) == len(merged.written)  # every notice starts on a page of its own
    assert all(p.count("NOTIFICATION OF LATE FILING") == 1 for p in starts)
    for notice in merged.written:
        assert notice.registrant in body


def test_placeholders_show_in_the_pdf(tmp_path: Path) -> None:
    from conftest import GOOD_ROW, write_workbook

    require_office()
    book = write_workbook(tmp_path / "wb.xlsx", [{**GOOD_ROW, "Signature Date": None}])
    report = merge(book, out_dir=tmp_path / "out", pdf=True)
    assert "Date: [●]" in pdf_text(report.pdfs[0])


def test_missing_libreoffice_is_a_clear_error(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr("docgen.outputs.pdf._CANDIDATES", ())
    monkeypatch.delenv("DOCGEN_SOFFICE", raising=False)
    result = runner.invoke(app, ["merge", str(sample), "-o", str(tmp_path / "o"), "--pdf"])
    assert result.exit_code == 1
    assert "--pdf needs LibreOffice" in result.stderr
    assert "apt-get install libreoffice-writer-nogui" in result.stderr
    assert not (tmp_path / "o").exists()


def test_pdfs_in_several_processes_each_have_their_notice(tmp_path: Path) -> None:
    """--pdf with one soffice per core (#18): every PDF is its own notice's."""
    from docgen.outputs.pdf import convert, processes_for

    require_office()
    from conftest import GOOD_ROW, write_workbook

    rows = [{**GOOD_ROW, "Registrant Name": f"Parallel Corp. No. {n}"} for n in range(16)]
    report = merge(write_workbook(tmp_path / "b.xlsx", rows), out_dir=tmp_path / "n")
    notices = [n.path for n in report.written if n.path is not None]
    assert processes_for(len(notices), 2) == 2 or (os.cpu_count() or 1) < 2
    seen: list[tuple[int, int]] = []
    pdfs = convert(notices, jobs=2, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (16, 16), seen  # the bar ends full
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)  # and never goes back
    for notice, pdf in zip(notices, pdfs):
        number = notice.name.split("-no-")[1].split("_")[0]
        assert f"Parallel Corp. No. {number}" in pdf_text(pdf)
    assert not list((tmp_path / "n").glob(".docgen-pdf-*"))


def test_libreoffice_keeps_its_heap_unless_the_user_says_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A soffice start costs half as much with glibc's heap top pad (#18); a user's own
    setting wins, and LibreOffice still gets no Python of docgen's."""
    from docgen.outputs.pdf import conversion_environment

    monkeypatch.delenv("MALLOC_TOP_PAD_", raising=False)
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    env = conversion_environment()
    assert env["MALLOC_TOP_PAD_"] == str(256 << 20) and "PYTHONPATH" not in env
    monkeypatch.setenv("MALLOC_TOP_PAD_", "0")
    assert conversion_environment()["MALLOC_TOP_PAD_"] == "0"


def _fake_office(monkeypatch: pytest.MonkeyPatch, fails_on: str | None = None) -> list[str]:
    """soffice replaced by a stand-in that 'converts' (writes each PDF) and records the
    profile it was given; it fails on a profile path containing ``fails_on``."""
    from docgen.outputs import pdf

    profiles: list[str] = []

    def run(command: list[str], timeout: float) -> int:
        profile = next(a for a in command if a.startswith("-env:UserInstallation="))
        profiles.append(profile)
        if fails_on is not None and fails_on in profile:
            return 1
        out = Path(command[command.index("--outdir") + 1])
        out.mkdir(exist_ok=True)
        for docx in command[command.index("--outdir") + 2:]:
            (out / (Path(docx).stem + ".pdf")).write_bytes(b"%PDF-1.4 fake")
        return 0

    monkeypatch.setattr(pdf, "_run_office", run)
    return profiles


def test_profiles_are_kept_between_runs_one_per_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """#18: soffice starts sooner on a kept profile; a slot another run holds (locked)
    gets a throw-away profile instead, inside the run's temporary folder."""
    import fcntl

    from docgen.outputs.pdf import convert

    cache = tmp_path / "cache"
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(cache))
    profiles = _fake_office(monkeypatch)
    notices = [tmp_path / f"n{i}.docx" for i in range(3)]
    for notice in notices:
        notice.write_bytes(b"docx")
    assert [p.name for p in convert(notices, "soffice", 1)] == ["n0.pdf", "n1.pdf", "n2.pdf"]
    kept = (cache / "libreoffice" / "profile-0").resolve().as_uri()
    assert profiles == [f"-env:UserInstallation={kept}"]
    (cache / "libreoffice").mkdir(exist_ok=True)
    with (cache / "libreoffice" / "profile-0.lock").open("ab") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # as another docgen run would
        convert(notices, "soffice", 1)
    assert kept not in profiles[1] and "/.docgen-pdf-" in profiles[1]
    assert not list(tmp_path.glob(".docgen-pdf-*"))  # the throw-away one went with it
    monkeypatch.setenv("DOCGEN_CACHE_DIR", "off")
    convert(notices, "soffice", 1)
    assert "/.docgen-pdf-" in profiles[2]


def test_a_kept_profile_that_fails_is_made_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from docgen.outputs.pdf import convert

    cache = tmp_path / "cache"
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(cache))
    (cache / "libreoffice").mkdir(parents=True)
    (cache / "libreoffice" / "profile-0").write_text("not a profile")
    profiles = _fake_office(monkeypatch, fails_on="/cache/libreoffice/")
    notice = tmp_path / "n.docx"
    notice.write_bytes(b"docx")
    assert convert([notice], "soffice", 1) == [tmp_path / "n.pdf"]
    assert len(profiles) == 2 and "/.docgen-pdf-" in profiles[1]  # converted again
    assert not (cache / "libreoffice" / "profile-0").exists()  # and the bad one gone


# Markers for the fast lane (README, "Development"): -m "not slow and not office and not browser"
pytestmark = [pytest.mark.office]
