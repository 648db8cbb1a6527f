"""A template is code from outside: what docgen refuses before it reads one.

Checked from the zip's headers and with a parser that expands no entity and
fetches nothing, before any part is decompressed for rendering:

* a part, or the whole, that inflates past :data:`PART_LIMIT_MB` / :data:`TOTAL_LIMIT_MB`;
* entry names with ``..``, an absolute path or a drive (a zip-slip attempt);
* macros (``vbaProject.bin``, macro-enabled content types): never copied into a notice;
* a DOCTYPE in any XML part (Word never writes one);
* relationships with ``TargetMode="External"`` that point anywhere but the web or
  mail (LibreOffice would embed a local file into a PDF);
* encryption and compression methods zipfile cannot read.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree

from docgen import safexml
from docgen.errors import TemplateError

MB = 1 << 20
PART_LIMIT_MB = 64
TOTAL_LIMIT_MB = 256
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_WEB = ("http://", "https://", "mailto:")


def check_template(path: Path) -> None:
    """Raise :class:`TemplateError` naming the part if the template must be refused."""
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(path, archive)
    except (zipfile.BadZipFile, OSError, EOFError):
        return  # not a zip, or unreadable: DocxPackage says so in its own words
    except NotImplementedError:
        raise TemplateError(f"{path}: is compressed in a way docgen cannot read (for example "
                            "Deflate64); save it from Word as .docx") from None
    except RuntimeError:
        raise TemplateError(f"{path}: is encrypted; remove the password in Word and save "
                            "it as .docx") from None


def _check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    total = 0
    for info in archive.infolist():
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
            raise TemplateError(f"{path}: part {name!r} has an unsafe name (an absolute path "
                                "or ..); docgen refuses this template")
        if info.file_size > PART_LIMIT_MB * MB:
            raise TemplateError(f"{path}: part {name} inflates to more than {PART_LIMIT_MB} "
                                "MB; docgen stops here")
        total += info.file_size
        if total > TOTAL_LIMIT_MB * MB:
            raise TemplateError(f"{path}: the template inflates to more than {TOTAL_LIMIT_MB} "
                                "MB; docgen stops here")
        if "vbaproject" in name.lower():
            raise TemplateError(f"{path}: holds macros ({name}); save it from Word as a .docx "
                                "without macros (docgen never copies macros into a notice)")
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels")) and not info.is_dir():
            _check_part(path, info.filename, archive.read(info))


def _check_part(path: Path, name: str, data: bytes) -> None:
    try:
        root = safexml.parse(data)
    except etree.XMLSyntaxError:
        raise TemplateError(f"{path}: part {name} is not well-formed XML; open the template "
                            "in Word and save it again") from None
    if safexml.has_doctype(root):
        raise TemplateError(f"{path}: part {name} has a DOCTYPE, which Word never writes; "
                            "docgen refuses this template")
    if name == "[Content_Types].xml" and b"macroEnabled" in data:
        raise TemplateError(f"{path}: is a macro-enabled document (.docm/.dotm); save it from "
                            "Word as a .docx without macros")
    if name.endswith(".rels"):
        for rel in root.iter(_REL_NS):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External" and not target.lower().startswith(_WEB):
                raise TemplateError(f"{path}: part {name} links to a file outside the "
                                    f"template ({target[:60]!r}); remove the link or picture "
                                    "link in Word")
