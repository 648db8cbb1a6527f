"""One notice examined on its own: read, fields placed, and the EDGAR check run.

This is the part of ``docgen status`` that costs per notice, so it is what runs
in several processes for a big folder; what it returns is small and picklable.
The EDGAR check is ``docgen edgar``'s own conversion and checklist, in memory:
nothing is written. It runs only on a notice with nothing left to fill and no
tracked changes or comments (those it would only report again).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from docgen.edgar.conversion import convert
from docgen.engine.parallel import pooled
from docgen.errors import DocgenError, SourceError
from docgen.readback.compare import FILL, Finding, notice_findings
from docgen.readback.document import Document, read_document
from docgen.readback.layout import Layout, Reading
from docgen.template.render import CompiledTemplate
from docgen.values import PLACEHOLDER_TEXT

PARALLEL_MIN = 200  # below this, starting processes costs more than it saves


@dataclass
class Examined:
    """What one file holds, before it is matched to a row."""

    name: str  # as given: a path in a folder, or a member of a zip
    document: Document | None = None  # None: not a notice docgen can read
    reading: Reading = field(default_factory=Reading)
    findings: list[Finding] = field(default_factory=list)
    unreadable: str = ""  # why, when ``document`` is None
    edgar: str = ""  # the EDGAR check's refusal, "" when it passes or did not run
    edgar_form: str = ""  # the Form box the EDGAR reader found checked

    @property
    def combined(self) -> bool:
        """A ``merge --combine`` document: every notice of a run, not one notice."""
        return self.document is not None and self.document.combined


def examine(layout: Layout, name: str, path: Path, data: bytes | None = None) -> Examined:
    """Read one notice; never raises for what the file holds."""
    try:
        document = read_document(path, data)
    except SourceError as exc:
        return Examined(name, unreadable=str(exc))
    if document.combined:  # matched to no row: said once, left out
        return Examined(name, replace(document, source=None, paragraphs=[]))
    reading = layout.read(document.paragraphs)
    found = notice_findings(reading)
    placed = sum(v.count(PLACEHOLDER_TEXT) for values in reading.values.values() for v in values)
    stray = sum(p.count(PLACEHOLDER_TEXT) for p in document.paragraphs) - placed
    if stray > 0:  # typed into the form's own words, or a line the template does not have
        found.append(Finding(FILL, f"{stray} [●] outside the form's fields" if stray > 1
                             else "a [●] outside the form's fields"))
    result = Examined(name, document, reading, found)
    if document.source is not None and not document.tracked and not document.comments \
            and not any(f.kind == FILL for f in found) and layout.variables & set(
                reading.values):
        try:
            converted = convert(path, source=document.source)
            result.edgar_form = converted.form
        except SourceError as exc:
            result.edgar = str(exc).split(": ", 1)[-1].removesuffix("; no .htm written")
        except DocgenError as exc:  # pragma: no cover - a converter bug, said not raised
            result.edgar = str(exc)
    document.source = None  # parsed XML: not kept, not sent between processes
    document.paragraphs = []  # read: 1,000 notices need not hold their text
    return result


# (name as shown, the file, or the zip and its member): a member is read only where it is
# examined, so a big zip is never held whole (a process pool reads its tasks ahead).
Task = tuple[str, Path, str | None]
_worker_layout: Layout | None = None
_open_zip: dict[Path, zipfile.ZipFile] = {}


def _start(template: Path) -> None:
    global _worker_layout
    _worker_layout = Layout(CompiledTemplate(template))


def _one(task: Task) -> Examined:
    assert _worker_layout is not None
    return examine_task(_worker_layout, task)


def examine_task(layout: Layout, task: Task) -> Examined:
    name, path, member = task
    if member is None:
        return examine(layout, name, path)
    try:
        data = _member(path, member)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, KeyError):
        return Examined(name, unreadable=f"{name}: cannot be read from {path.name} (damaged "
                                          "or encrypted); zip the folder again")
    if data is None:
        return Examined(name, unreadable=f"{name}: is larger than {MAX_MEMBER >> 20} MB, "
                                          "which no notice is; docgen stops here")
    return examine(layout, name, Path(member), data)


def _member(path: Path, member: str) -> bytes | None:
    """One member's bytes (None when it says it is too large); the zip stays open for
    the next member of the same zip."""
    archive = _open_zip.get(path)
    if archive is None:
        for old in _open_zip.values():
            old.close()
        _open_zip.clear()
        archive = _open_zip[path] = zipfile.ZipFile(path)
    info = archive.getinfo(member)
    if info.file_size > MAX_MEMBER:
        return None
    with archive.open(info) as stream:
        return stream.read()  # never more than the size checked above (zipfile's own cap)


def examine_all(layout: Layout, tasks: Iterable[Task], count: int,
                jobs: int | None = None) -> Iterator[Examined]:
    """:func:`examine` over every task, in order; in one process per core for many."""
    import os

    workers = min(jobs or os.cpu_count() or 1, 8)
    try:
        if count < PARALLEL_MIN or workers < 2:
            for task in tasks:
                yield examine_task(layout, task)
            return
        yield from pooled(_one, tasks, workers, initializer=_start,
                          initargs=(layout.template.path,), chunksize=32)
    finally:
        for archive in _open_zip.values():
            archive.close()
        _open_zip.clear()


def notice_files(items: Iterable[Path]) -> Iterator[Task]:
    """The .docx notices among ``items``: files, folders (their .docx and .zip files, not
    below) and zips (their .docx members). Word's lock files (``~$...``) and hidden
    files are left out."""
    for item in items:
        if item.is_dir():
            for path in sorted(item.iterdir()):
                if path.suffix.lower() == ".zip" and path.is_file():
                    yield from _zip_members(path)
                elif _is_notice(path.name) and path.is_file():
                    yield path.name, path, None
        elif item.suffix.lower() == ".zip":
            yield from _zip_members(item)
        else:
            yield item.name, item, None


def _is_notice(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return base.lower().endswith(".docx") and not base.startswith(("~$", ".")) \
        and not name.startswith("__MACOSX/")


MAX_MEMBERS = 20_000
MAX_MEMBER = 32 << 20
MAX_TOTAL = 1 << 30


def _zip_members(path: Path) -> list[Task]:
    """The zip's notices, checked from its directory (nothing is inflated here)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [i for i in archive.infolist()
                       if not i.is_dir() and _is_notice(i.filename)]
    except (zipfile.BadZipFile, OSError):
        raise SourceError(f"{path.name}: is not a zip of notices; give the folder, the .zip "
                          "or the .docx files") from None
    if len(members) > MAX_MEMBERS or sum(i.file_size for i in members) > MAX_TOTAL:
        raise SourceError(f"{path.name}: holds more than {MAX_MEMBERS:,} notices or "
                          f"{MAX_TOTAL >> 20:,} MB; docgen stops here")
    return [(i.filename, path, i.filename) for i in members]
