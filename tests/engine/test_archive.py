"""merge(..., archive=FILE): the notices go into one zip, the same as the files would be."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from docgen import merge
from docgen.errors import DocgenError, OutputExistsError

from conftest import GOOD_ROW, write_workbook
from docxread import box_states, paragraphs


def test_the_archive_holds_the_notices_merge_would_write(sample: Path, tmp_path: Path) -> None:
    archive = tmp_path / "out" / "notices.zip"
    report = merge(sample, out_dir=tmp_path / "never", archive=archive)
    assert report.archive == archive and len(report.written) == 8
    assert all(n.path is None for n in report.written)  # not files
    assert not (tmp_path / "never").exists()
    files = merge(sample, out_dir=tmp_path / "files")
    with zipfile.ZipFile(archive) as zipped:
        assert sorted(zipped.namelist()) == sorted(n.name for n in files.written)
        for notice in files.written:
            data = zipped.read(notice.name)
            assert notice.path is not None
            assert paragraphs(data) == paragraphs(notice.path)
            assert box_states(data) == box_states(notice.path)
            assert zipped.getinfo(notice.name).compress_type == zipfile.ZIP_STORED
    assert [p.name for p in archive.parent.iterdir()] == ["notices.zip"]  # no temporary


def test_an_existing_archive_is_kept_unless_overwrite(sample: Path, tmp_path: Path) -> None:
    archive = tmp_path / "notices.zip"
    archive.write_bytes(b"earlier")
    with pytest.raises(OutputExistsError):
        merge(sample, archive=archive)
    assert archive.read_bytes() == b"earlier"
    merge(sample, archive=archive, overwrite=True)
    assert zipfile.is_zipfile(archive)


def test_options_that_need_files_are_refused(sample: Path, tmp_path: Path) -> None:
    for options in ({"pdf": True}, {"edgar": True}, {"combine": tmp_path / "all.docx"}):
        with pytest.raises(DocgenError, match="need the notices as files"):
            merge(sample, archive=tmp_path / "n.zip", **options)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == [sample]


def test_a_row_that_fails_is_reported_and_the_rest_archived(tmp_path: Path) -> None:
    workbook = write_workbook(tmp_path / "book.xlsx", [GOOD_ROW, {**GOOD_ROW, "Form": None}])
    report = merge(workbook, archive=tmp_path / "n.zip")
    assert len(report.written) == 1 and report.errors
    with zipfile.ZipFile(tmp_path / "n.zip") as zipped:
        assert len(zipped.namelist()) == 1
