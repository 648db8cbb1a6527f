"""docgen's LibreOffice extension: merge from inside Calc, with the same engine.

``build`` writes ``docgen.oxt``: a Python-UNO component (``oxt_component.py``)
and an ``Addons.xcu`` that adds Tools > Add-Ons > "Merge into Form 12b-25
notices..." and a toolbar button to Calc. The component runs ``docgen merge``
with the Python interpreter that built the extension, so it always uses this
installation of docgen; nothing is implemented twice.

``install`` and ``uninstall`` call LibreOffice's ``unopkg`` for the current user.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

from docgen.errors import DocgenError, OfficeMissing
from docgen.files import write_atomic
from docgen.outputs import icon
from docgen.outputs.pdf import office_environment
from docgen.version import __version__

IDENTIFIER = "org.docgen.plugin"
SERVICE_URL = "service:org.docgen.plugin.Merge?merge"
MENU_TITLE = "Merge into Form 12b-25 notices\u2026"
_UNOPKG_CANDIDATES = (
    "/Applications/LibreOffice.app/Contents/MacOS/unopkg",
    r"C:\Program Files\LibreOffice\program\unopkg.com",
)

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="http://openoffice.org/2001/manifest">
  <manifest:file-entry manifest:full-path="docgen_merge.py"
      manifest:media-type="application/vnd.sun.star.uno-component;type=Python"/>
  <manifest:file-entry manifest:full-path="Addons.xcu"
      manifest:media-type="application/vnd.sun.star.configuration-data"/>
  <manifest:file-entry manifest:full-path="CalcWindowState.xcu"
      manifest:media-type="application/vnd.sun.star.configuration-data"/>
</manifest:manifest>
"""

DESCRIPTION = """<?xml version="1.0" encoding="UTF-8"?>
<description xmlns="http://openoffice.org/extensions/description/2006"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:d="http://openoffice.org/extensions/description/2006">
  <identifier value="{identifier}"/>
  <version value="{version}"/>
  <display-name><name lang="en">docgen: Form 12b-25 notices</name></display-name>
  <publisher><name xlink:href="https://pypi.org/project/docgen/" lang="en">docgen</name></publisher>
  <platform value="all"/>
  <dependencies>
    <d:OpenOffice.org-minimal-version value="4.1" d:name="OpenOffice.org 4.1"/>
  </dependencies>
</description>
"""

# One menu or toolbar item: both run the same component.
_ITEM = """<prop oor:name="URL" oor:type="xs:string"><value>{url}</value></prop>
        <prop oor:name="Title" oor:type="xs:string"><value xml:lang="en-US">{title}</value></prop>
        <prop oor:name="Target" oor:type="xs:string"><value>_self</value></prop>
        <prop oor:name="Context" oor:type="xs:string"><value>com.sun.star.sheet.SpreadsheetDocument</value></prop>"""

ADDONS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:component-data xmlns:oor="http://openoffice.org/2001/registry"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" oor:name="Addons" oor:package="org.openoffice.Office">
  <node oor:name="AddonUI">
    <node oor:name="AddonMenu">
      <node oor:name="org.docgen.plugin.menu" oor:op="replace">
        {item}
      </node>
    </node>
    <node oor:name="OfficeToolBar">
      <node oor:name="org.docgen.plugin.toolbar" oor:op="replace">
        <prop oor:name="Title" oor:type="xs:string"><value xml:lang="en-US">{toolbar}</value></prop>
        <node oor:name="m1" oor:op="replace">
        {item}
        </node>
      </node>
    </node>
    <node oor:name="Images">
      <node oor:name="org.docgen.plugin.image" oor:op="replace">
        <prop oor:name="URL" oor:type="xs:string"><value>{url}</value></prop>
        <node oor:name="UserDefinedImages">
          <prop oor:name="ImageSmallURL"><value>%origin%/icons/docgen_16.png</value></prop>
          <prop oor:name="ImageBigURL"><value>%origin%/icons/docgen_26.png</value></prop>
        </node>
      </node>
    </node>
  </node>
</oor:component-data>
"""

# The toolbar's name in View > Toolbars (LibreOffice would say "Add-On 1").
WINDOW_STATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:component-data xmlns:oor="http://openoffice.org/2001/registry"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" oor:name="CalcWindowState" oor:package="org.openoffice.Office.UI">
  <node oor:name="UIElements">
    <node oor:name="States">
      <node oor:name="private:resource/toolbar/addon_org.docgen.plugin.toolbar" oor:op="replace">
        <prop oor:name="UIName" oor:type="xs:string"><value>{toolbar}</value></prop>
      </node>
    </node>
  </node>
</oor:component-data>
"""
TOOLBAR_NAME = "docgen"


def component_source(command: list[str]) -> str:
    """The component's Python source with the docgen command filled in."""
    source = resources.files("docgen.plugin").joinpath("oxt_component.py").read_text("utf-8")
    return source.replace("DOCGEN_COMMAND = []", f"DOCGEN_COMMAND = {command!r}", 1)


def build_bytes(command: list[str] | None = None) -> bytes:
    """The .oxt package; ``command`` runs docgen (default: this Python, ``-m docgen``)."""
    command = command or [sys.executable, "-m", "docgen"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as oxt:
        oxt.writestr("META-INF/manifest.xml", MANIFEST)
        oxt.writestr("description.xml",
                     DESCRIPTION.format(identifier=IDENTIFIER, version=__version__))
        item = _ITEM.format(url=SERVICE_URL, title=MENU_TITLE)
        oxt.writestr("Addons.xcu", ADDONS.format(item=item, url=SERVICE_URL,
                                                 toolbar=TOOLBAR_NAME))
        oxt.writestr("CalcWindowState.xcu", WINDOW_STATE.format(toolbar=TOOLBAR_NAME))
        for size in (16, 26):
            oxt.writestr(f"icons/docgen_{size}.png", icon.png(size))
        oxt.writestr("docgen_merge.py", component_source(command))
    return buffer.getvalue()


def build(out: Path) -> Path:
    """Write the extension to ``out`` (a .oxt file), creating its folder if need be."""
    if out.exists() and out.is_dir():
        out = out / "docgen.oxt"
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, build_bytes())
    return out


def find_unopkg() -> str:
    for candidate in (shutil.which("unopkg"), *_UNOPKG_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    raise OfficeMissing(
        "LibreOffice's unopkg was not found; install LibreOffice (Debian/Ubuntu: sudo apt-get "
        "install libreoffice-calc libreoffice-script-provider-python; macOS: brew install "
        "--cask libreoffice; Windows: libreoffice.org) and try again"
    )


def _unopkg(args: list[str], user_installation: str | None) -> str:
    command = [find_unopkg(), *args]
    if user_installation:
        command.append(f"-env:UserInstallation={user_installation}")
    done = subprocess.run(command, capture_output=True, text=True, timeout=600,
                          env=office_environment())
    if done.returncode != 0:
        raise DocgenError(f"unopkg {args[0]} failed: {_real_error(done.stderr + done.stdout)}"
                          f" (exit {done.returncode}); close LibreOffice and try again")
    return done.stdout


def _real_error(output: str) -> str:
    """What went wrong, from unopkg's output: the lines that say "error" (Python's
    fatal errors among them), else its last line; never a message pointing elsewhere."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower() or "exception" in line.lower()]
    chosen = errors[:3] or lines[-1:]
    return " | ".join(chosen)[:500] or "no output"


def _scope() -> list[str]:
    """unopkg refuses per-user installs as root: root installs for all users."""
    return ["--shared"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def install(user_installation: str | None = None) -> str:
    """Install (or update) the extension; returns "all users" or "this user"."""
    with tempfile.TemporaryDirectory() as folder:
        oxt = build(Path(folder) / "docgen.oxt")
        _unopkg(["add", "--force", *_scope(), str(oxt)], user_installation)
    return "all users" if _scope() else "this user"


def uninstall(user_installation: str | None = None) -> None:
    _unopkg(["remove", *_scope(), IDENTIFIER], user_installation)
