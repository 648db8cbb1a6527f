"""docxtpl's clean-up of a template, kept between runs (docgen.template.patch_cache)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from docxtpl import DocxTemplate

from docgen import user_cache
from docgen.template import patch_cache
from docgen.template.render import CompiledTemplate, bundled_template

SPLIT = ('<w:p><w:r><w:t>{{ regi</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>strant_name'
         '</w:t></w:r><w:r><w:t> }}</w:t></w:r></w:p>')


def _parts(template: Path) -> dict[str, str]:
    with zipfile.ZipFile(template) as package:
        return {name: package.read(name).decode() for name in package.namelist()
                if name.startswith("word/") and name.endswith(".xml")
                and b"{" in package.read(name)}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "patched"


def test_the_cache_gives_what_docxtpl_gives(folder: Path) -> None:
    parts = _parts(bundled_template()) | {"word/header1.xml": SPLIT}
    expected = {name: DocxTemplate(bundled_template()).patch_xml(xml)
                for name, xml in parts.items()}
    assert "{{ registrant_name }}" in expected["word/header1.xml"]
    assert patch_cache.patched(parts) == expected  # computed, then stored
    assert len(list(folder.glob("*.json"))) == 1
    assert patch_cache.patched(parts) == expected  # read back


def test_another_template_is_another_entry(folder: Path) -> None:
    one = patch_cache.patched({"word/document.xml": SPLIT})
    other = patch_cache.patched({"word/document.xml": SPLIT.replace("regi", "zz")})
    assert one != other and len(list(folder.glob("*.json"))) == 2


def test_a_damaged_entry_is_computed_again(folder: Path) -> None:
    parts = {"word/document.xml": SPLIT}
    expected = patch_cache.patched(parts)
    (entry,) = folder.glob("*.json")
    for damage in ("{not json", json.dumps({"word/other.xml": "x"}), json.dumps([1, 2]),
                   json.dumps({"word/document.xml": 3})):
        entry.write_text(damage)
        assert patch_cache.patched(parts) == expected
        assert json.loads(entry.read_text())["parts"] == expected  # and repaired


def test_a_changed_entry_is_not_used(folder: Path) -> None:
    """#25: an entry someone edited (its digest no longer matches), or one made for
    another template (its key), changes no notice."""
    parts = {"word/document.xml": SPLIT}
    expected = patch_cache.patched(parts)
    (entry,) = folder.glob("*.json")
    stored = json.loads(entry.read_text())
    forged = {"word/document.xml": expected["word/document.xml"].replace(
        "{{ registrant_name }}", "WIRE THE FEE TO ACCOUNT 666")}
    for tampered in ({**stored, "parts": forged},
                     {**stored, "key": "0" * 64}):
        entry.write_text(json.dumps(tampered))
        assert patch_cache.patched(parts) == expected


def test_a_cache_folder_others_may_write_is_not_used(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(shared))
    monkeypatch.setattr(user_cache, "_said", set())
    parts = {"word/document.xml": SPLIT}
    assert "{{ registrant_name }}" in patch_cache.patched(parts)["word/document.xml"]
    assert not list(shared.rglob("*.json"))  # nothing kept, nothing read
    assert "is not yours alone" in capsys.readouterr().err
    fresh = tmp_path / "fresh"
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(fresh))
    patch_cache.patched(parts)
    assert oct(fresh.stat().st_mode & 0o777) == "0o700"
    assert oct((fresh / "patched").stat().st_mode & 0o777) == "0o700"


def test_off_and_unwritable_folders_still_merge(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    parts = {"word/document.xml": SPLIT}
    monkeypatch.setenv("DOCGEN_CACHE_DIR", "off")
    assert user_cache.cache_dir() is None
    assert "{{ registrant_name }}" in patch_cache.patched(parts)["word/document.xml"]
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(blocked))
    assert "{{ registrant_name }}" in patch_cache.patched(parts)["word/document.xml"]
    assert blocked.read_text() == "not a folder"


def test_the_folder_keeps_only_the_newest_entries(folder: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patch_cache, "KEEP", 3)
    for n in range(6):
        patch_cache.patched({"word/document.xml": SPLIT.replace("regi", f"r{n}")})
    assert len(list(folder.glob("*.json"))) == 3
    assert not list(folder.glob(".*.tmp"))


def test_the_default_folder_follows_the_platform(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.delenv("DOCGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(user_cache.sys, "platform", "linux")
    assert user_cache.cache_dir() == tmp_path / "xdg" / "docgen"


def test_a_compiled_template_renders_the_same_from_the_cache(folder: Path) -> None:
    first = CompiledTemplate(bundled_template())
    assert list(folder.glob("*.json"))
    again = CompiledTemplate(bundled_template())
    assert first.variables == again.variables and set(first.fast) == set(again.fast)
    context = dict.fromkeys(first.variables, "A & B <Co.>")
    # docProps/core.xml carries the time of the render (to the second): compared apart.
    one, two = first.render_parts(context), again.render_parts(context)
    assert {k: v for k, v in one.items() if k != "docProps/core.xml"} == {
        k: v for k, v in two.items() if k != "docProps/core.xml"}
    assert one.keys() == two.keys()
