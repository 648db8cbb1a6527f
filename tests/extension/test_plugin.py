"""The LibreOffice extension: built, installed with unopkg, and driven in a real
headless LibreOffice Calc through its menu entry's URL.

The live tests need soffice, unopkg, Calc and a Python with LibreOffice's UNO
bridge (Debian: python3-uno); with DOCGEN_REQUIRE_OFFICE=1 (CI) they fail
instead of skipping when any is missing.
"""

from __future__ import annotations

import json
import os
import py_compile
import re
import shutil
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import docgen.plugin as plugin
from docgen import merge
from docgen.cli.app import app
from docgen.outputs.pdf import office_environment

from conftest import ROOT, SAMPLE, require_office
from docxread import box_states, text

runner = CliRunner()
DRIVER = ROOT / "tests" / "office" / "drive_calc.py"


def test_build_makes_a_complete_extension(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plugin", "build", "--out", str(tmp_path / "docgen.oxt")])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "docgen.oxt") as oxt:
        names = set(oxt.namelist())
        manifest = oxt.read("META-INF/manifest.xml").decode()
        addons = oxt.read("Addons.xcu").decode()
        description = oxt.read("description.xml").decode()
        component = oxt.read("docgen_merge.py").decode()
    assert {"META-INF/manifest.xml", "description.xml", "Addons.xcu", "docgen_merge.py"} <= names
    assert "uno-component;type=Python" in manifest and "configuration-data" in manifest
    assert addons.count("service:org.docgen.plugin.Merge?merge") == 3  # menu, toolbar, icon
    assert '"AddonMenu"' in addons and '"OfficeToolBar"' in addons
    assert "com.sun.star.sheet.SpreadsheetDocument" in addons
    assert "Merge into Form 12b-25 notices\u2026" in addons
    assert '<identifier value="org.docgen.plugin"/>' in description
    assert f"DOCGEN_COMMAND = {[sys.executable, '-m', 'docgen']!r}" in component
    source = tmp_path / "docgen_merge.py"
    source.write_text(component)
    py_compile.compile(str(source), doraise=True)  # valid Python for LibreOffice to load


def test_the_toolbar_has_a_name_and_an_icon(tmp_path: Path) -> None:
    import struct
    import zlib

    from lxml import etree

    result = runner.invoke(app, ["plugin", "build", "--out", str(tmp_path / "docgen.oxt")])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "docgen.oxt") as oxt:
        names = set(oxt.namelist())
        addons = etree.fromstring(oxt.read("Addons.xcu"))
        state = oxt.read("CalcWindowState.xcu").decode()
        manifest = oxt.read("META-INF/manifest.xml").decode()
        icons = {size: oxt.read(f"icons/docgen_{size}.png") for size in (16, 26)}
    assert "CalcWindowState.xcu" in manifest
    assert "private:resource/toolbar/addon_org.docgen.plugin.toolbar" in state
    assert "<value>docgen</value>" in state  # not "Add-On 1" in View > Toolbars
    urls = [v.text for v in addons.iter("value") if v.text and v.text.startswith("%origin%")]
    assert urls == ["%origin%/icons/docgen_16.png", "%origin%/icons/docgen_26.png"]
    for size, data in icons.items():
        assert f"icons/docgen_{size}.png" in names and data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert (width, height) == (size, size)
        raw = zlib.decompress(data[data.index(b"IDAT") + 4:data.index(b"IEND") - 8])
        assert len(raw) == size * (1 + 4 * size)  # every row of RGBA pixels is there
        assert raw.count(bytes((31, 56, 100, 255))) > size  # ink: the box and its X


def test_unopkg_errors_are_the_real_ones() -> None:
    from docgen.plugin import _real_error

    output = ("Fatal Python error: init_fs_encoding: failed to get the Python codec\n"
              "Python runtime state: core initialized\nunopkg failed.\n")
    assert _real_error(output).startswith("Fatal Python error: init_fs_encoding")
    assert _real_error("something odd\nlast line\n") == "last line"


def test_office_runs_without_pyenv_or_conda_on_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    other = tmp_path / ".pyenv" / "shims"
    other.mkdir(parents=True)
    (other / "python3").write_text("#!/bin/sh\n")
    plain = tmp_path / "tools"
    plain.mkdir()
    monkeypatch.setenv("PATH", os.pathsep.join([str(other), str(plain), "/usr/bin", "/bin"]))
    monkeypatch.setenv("PYENV_VERSION", "3.11.7")
    env = office_environment()
    assert env["PATH"].split(os.pathsep) == [str(plain), "/usr/bin", "/bin"]
    assert "PYENV_VERSION" not in env


def test_python_dash_m_builds_it(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "docgen.plugin", str(tmp_path / "x.oxt")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert zipfile.is_zipfile(tmp_path / "x.oxt")


def test_missing_libreoffice_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(plugin, "_UNOPKG_CANDIDATES", ())
    result = runner.invoke(app, ["plugin", "install"])
    assert result.exit_code == 1
    assert "unopkg was not found" in result.stderr and "apt-get install" in result.stderr


def uno_python() -> str:
    """A Python that can import LibreOffice's UNO bridge."""
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and subprocess.run([candidate, "-c", "import uno"],
                                        capture_output=True).returncode == 0:
            return candidate
    if os.environ.get("DOCGEN_REQUIRE_OFFICE") == "1":
        pytest.fail("no Python with LibreOffice's UNO bridge: apt-get install python3-uno")
    pytest.skip("python3-uno not installed; set DOCGEN_REQUIRE_OFFICE=1 to make this a failure")


def _office(tmp_path_factory: pytest.TempPathFactory, background: bool,
            install: bool = True) -> Iterator[tuple[str, str]]:
    """A headless LibreOffice with the extension installed by `docgen plugin install`
    (``install=False``: already installed for all users, as root installs it)."""
    soffice = require_office()
    python = uno_python()
    profile = (tmp_path_factory.mktemp("profile") / "lo").as_uri()
    if install:
        with pytest.MonkeyPatch.context() as env:  # as from a shell with the venv activated
            env.setenv("PATH", os.pathsep.join([os.path.dirname(sys.executable),
                                                os.environ.get("PATH", "")]))
            env.setenv("VIRTUAL_ENV", sys.prefix)
            installed = runner.invoke(app, ["plugin", "install", "--user-installation",
                                            profile])
        assert installed.exit_code == 0, installed.output
        assert "installed the docgen extension" in installed.stdout
    pipe = f"docgen_test_{uuid.uuid4().hex[:8]}"
    environment = office_environment()
    if background:
        environment["DOCGEN_PLUGIN_BACKGROUND"] = "1"
    process = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--norestore", "--nologo",
         f"-env:UserInstallation={profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment,
    )
    try:
        yield python, pipe
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        if install:
            removed = runner.invoke(app, ["plugin", "uninstall", "--user-installation",
                                          profile])
            assert removed.exit_code == 0, removed.output


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    yield from _office(tmp_path_factory, background=False)


@pytest.fixture(scope="module")
def office_background(
    tmp_path_factory: pytest.TempPathFactory, office: tuple[str, str],
) -> Iterator[tuple[str, str]]:
    """A second LibreOffice that runs docgen in the background (as with a window)."""
    shared = bool(plugin._scope())  # root installs for all users: already there
    yield from _office(tmp_path_factory, background=True, install=not shared)


def drive(office: tuple[str, str], workbook: Path, mode: str) -> dict[str, object]:
    python, pipe = office
    done = subprocess.run([python, str(DRIVER), pipe, str(workbook), mode],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_menu_entry_writes_the_same_notices_as_the_cli(
    office: tuple[str, str], tmp_path: Path
) -> None:
    workbook = tmp_path / "registrants.xlsx"
    shutil.copyfile(SAMPLE, workbook)
    result = drive(office, workbook, "menu")
    assert result["menu"] == {"url": "service:org.docgen.plugin.Merge?merge",
                              "title": "Merge into Form 12b-25 notices\u2026",
                              "context": "com.sun.star.sheet.SpreadsheetDocument"}
    assert result["modified_after"] is False
    written = sorted((tmp_path / "notices").glob("*.docx"))
    expected = merge(SAMPLE, out_dir=tmp_path / "cli").written
    assert [p.name for p in written] == sorted(n.name for n in expected)
    for notice in expected:
        assert notice.path is not None
        twin = tmp_path / "notices" / notice.name
        assert text(twin) == text(notice.path) and box_states(twin) == box_states(notice.path)
    log = (tmp_path / "docgen-plugin.log").read_text()
    assert "8 notices written to" in log
    assert "Registrants!K2: warning:" in log  # the same lines docgen check prints
    # Run again: the notices exist; headless, the question is answered No.
    before = {p: p.stat().st_mtime_ns for p in written}
    drive(office, workbook, "menu")
    assert "Replace them? [headless: answered No]" in (tmp_path / "docgen-plugin.log").read_text()
    assert {p: p.stat().st_mtime_ns for p in written} == before
    # A docgen.toml that came with the workbook cannot turn overwrite on unasked (#25).
    (tmp_path / "docgen.toml").write_text("[merge]\noverwrite = true\n")
    drive(office, workbook, "menu")
    assert {p: p.stat().st_mtime_ns for p in written} == before
    assert "overwrite = true is not taken from a docgen.toml beside the workbook" in (
        tmp_path / "docgen-plugin.log").read_text()


def test_menu_entry_refuses_an_unsaved_workbook(office: tuple[str, str], tmp_path: Path) -> None:
    workbook = tmp_path / "registrants.xlsx"
    shutil.copyfile(SAMPLE, workbook)
    before = workbook.read_bytes()
    result = drive(office, workbook, "unsaved")
    assert result["modified_after"] is True  # the plugin saved nothing
    assert not (tmp_path / "notices").exists()
    assert "unsaved changes" in (tmp_path / "docgen-plugin.log").read_text()
    assert workbook.read_bytes() == before


def test_office_runs_without_the_virtual_environment_on_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    venv_bin = os.path.dirname(sys.executable)
    monkeypatch.setenv("PATH", os.pathsep.join([venv_bin, "/usr/bin", "/bin"]))
    monkeypatch.setenv("VIRTUAL_ENV", sys.prefix)
    monkeypatch.setenv("PYTHONHOME", sys.prefix)
    monkeypatch.setattr(sys, "base_prefix", "/somewhere/else")  # as in a venv
    env = office_environment()
    assert env["PATH"].split(os.pathsep) == ["/usr/bin", "/bin"]
    assert "VIRTUAL_ENV" not in env and "PYTHONHOME" not in env


def test_the_merge_runs_in_the_background_and_reports_when_done(
    office_background: tuple[str, str], tmp_path: Path
) -> None:
    """Calc stays usable: the menu entry returns while docgen still runs in a thread,
    and the result comes back on LibreOffice's main thread when it is done."""
    workbook = tmp_path / "registrants.xlsx"
    shutil.copyfile(SAMPLE, workbook)
    result = drive(office_background, workbook, "background")
    finished, returned = float(result["finished_after"]), float(result["returned_after"])
    assert returned < finished  # the dispatch came back before the merge was done
    log = (tmp_path / "docgen-plugin.log").read_text()
    assert "8 notices written to" in log and "merge finished" in log
    assert re.search(r"=== \d{4}-\d\d-\d\d \d\d:\d\d:\d\d .* docgen merge of "
                     r"registrants.xlsx ===", log)
    assert len(list((tmp_path / "notices").glob("*.docx"))) == 8


# Markers for the fast lane (README, "Development"): -m "not slow and not office and not browser"
pytestmark = [pytest.mark.office]
