"""Notices that look finished in Word: their own title, no Compatibility Mode, no
template leftovers; drafts without the conformed signature (issue 13, item 6)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

from docgen.cli.app import app

from docxread import paragraphs

runner = CliRunner()
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
AUXER = "the-auxer-group-inc_NT-10-K_2002-12-31.docx"


def merged(sample: Path, out: Path, *extra: str) -> Path:
    result = runner.invoke(app, ["merge", str(sample), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out / AUXER


def test_each_notice_has_its_own_metadata(sample: Path, tmp_path: Path) -> None:
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    notice = merged(sample, tmp_path / "out")
    with zipfile.ZipFile(notice) as archive:
        names = archive.namelist()
        core = etree.fromstring(archive.read("docProps/core.xml"))
        app_xml = archive.read("docProps/app.xml").decode()
        settings = etree.fromstring(archive.read("word/settings.xml"))
    assert core.findtext(f"{DC}title") == "NT 10-K — THE AUXER GROUP, INC."
    assert core.findtext(f"{DC}creator") == "docgen"
    assert core.findtext(f"{CP}lastModifiedBy") == "docgen"
    assert core.find(f"{DC}description") is None  # no template comment
    created = dt.datetime.strptime(core.findtext(f"{DCTERMS}created") or "",
                                   "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    assert before - dt.timedelta(seconds=5) <= created <= dt.datetime.now(dt.timezone.utc)
    assert core.findtext(f"{DCTERMS}modified") == core.findtext(f"{DCTERMS}created")
    assert "Microsoft Macintosh Word" not in app_xml and "<Application>docgen" in app_xml
    assert not [n for n in names if n.startswith("customXml/")]
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    modes = [s.get(f"{w}val") for s in settings.iter(f"{w}compatSetting")
             if s.get(f"{w}name") == "compatibilityMode"]
    assert modes == ["15"]  # Word opens it without "Compatibility Mode"


def test_conformed_signature_and_drafts_without_it(sample: Path, tmp_path: Path) -> None:
    signed = [p for p in paragraphs(merged(sample, tmp_path / "a")) if p.startswith("By:")]
    assert signed == ["By: /s/ Robert J. Scott"]  # the seed's signer
    draft = [p for p in paragraphs(merged(sample, tmp_path / "b", "--unsigned"))
             if p.startswith("By:")]
    assert [p.strip() for p in draft] == ["By:"]
    text = " ".join(paragraphs(tmp_path / "b" / AUXER))
    assert "/s/" not in text
