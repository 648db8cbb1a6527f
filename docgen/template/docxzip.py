"""A .docx package read once and re-written per notice with only some parts changed.

A Word file is a zip. Re-zipping it per notice with :mod:`zipfile` (what
python-docx does) re-compresses styles, fonts and themes every time although
they never change. :class:`DocxPackage` keeps each untouched part as its
already-compressed bytes and writes a new archive around the few parts that a
notice changes, which costs little more than copying the template.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_OFFSET = struct.Struct("<I")
_DOS_TIME, _DOS_DATE = 0, (1980 - 1980) << 9 | 1 << 5 | 1  # 1980-01-01 00:00
_UTF8_FLAG = 0x800


@dataclass(frozen=True)
class _Entry:
    name: bytes
    flags: int
    method: int
    crc: int
    compressed: bytes
    size: int


def _entry(name: str, data: bytes, level: int) -> _Entry:
    """A part to write: deflated at ``level``, or stored as is when ``level`` is 0."""
    encoded = name.encode("utf-8")
    flags = 0 if encoded.isascii() else _UTF8_FLAG
    if level == 0:
        return _Entry(encoded, flags, zipfile.ZIP_STORED, zlib.crc32(data), data, len(data))
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    compressed = packer.compress(data) + packer.flush()
    return _Entry(encoded, flags, zipfile.ZIP_DEFLATED, zlib.crc32(data), compressed, len(data))


class DocxPackage:
    """The parts of a template package, ready to be written again quickly."""

    def __init__(self, path: Path) -> None:
        self._entries: list[_Entry] = []
        self._plans: dict[frozenset[str], tuple[bytes, bytes]] = {}
        with zipfile.ZipFile(path) as archive, path.open("rb") as raw:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    # Unusual method: let zipfile decode it, store it deflated ourselves.
                    self._entries.append(_entry(info.filename, archive.read(info), 6))
                    continue
                raw.seek(info.header_offset)
                header = raw.read(_LOCAL.size)
                name_len, extra_len = struct.unpack("<HH", header[26:30])
                raw.seek(info.header_offset + _LOCAL.size + name_len + extra_len)
                compressed = raw.read(info.compress_size)
                name = info.filename.encode("utf-8")
                self._entries.append(
                    _Entry(name, 0 if name.isascii() else _UTF8_FLAG, info.compress_type,
                           info.CRC, compressed, info.file_size)
                )
            self.names = [e.name.decode("utf-8") for e in self._entries]
            # Validate every stored part once, so a damaged template fails here.
            bad = archive.testzip()
            if bad is not None:
                raise zipfile.BadZipFile(f"damaged part {bad}")

    def amend(self, name: str, data: bytes) -> None:
        """Replace part ``name`` in every notice (or add it, as the last part)."""
        entry = _entry(name, data, 6)
        if name in self.names:
            self._entries[self.names.index(name)] = entry
        else:
            self._entries.append(entry)
            self.names.append(name)
        self._plans.clear()

    def read(self, name: str) -> bytes:
        """The uncompressed bytes of one part."""
        entry = self._entries[self.names.index(name)]
        if entry.method == zipfile.ZIP_STORED:
            return entry.compressed
        return zlib.decompress(entry.compressed, -15)

    @staticmethod
    def _pieces(entry: _Entry) -> tuple[bytes, bytes]:
        """An entry's local header with its data, and its central record up to the offset."""
        local = _LOCAL.pack(
            0x04034B50, 20, entry.flags, entry.method, _DOS_TIME, _DOS_DATE,
            entry.crc, len(entry.compressed), entry.size, len(entry.name), 0,
        ) + entry.name + entry.compressed
        central = _CENTRAL.pack(
            0x02014B50, 20, 20, entry.flags, entry.method, _DOS_TIME, _DOS_DATE,
            entry.crc, len(entry.compressed), entry.size, len(entry.name), 0, 0, 0, 0, 0, 0,
        )[:-4]  # the offset goes last, per archive
        return local, central

    def _plan(self, replaced: frozenset[str]) -> tuple[bytes, bytes]:
        """The parts no notice changes, laid out once: their local entries, and their
        central records. They come first in every archive, so their offsets never move."""
        plan = self._plans.get(replaced)
        if plan is None:
            locals_: list[bytes] = []
            central: list[bytes] = []
            offset = 0
            for name, entry in zip(self.names, self._entries):
                if name in replaced:
                    continue
                local, record = self._pieces(entry)
                locals_.append(local)
                central += (record, _OFFSET.pack(offset), entry.name)
                offset += len(local)
            plan = self._plans[replaced] = (b"".join(locals_), b"".join(central))
        return plan

    def build(self, replacements: Mapping[str, bytes], level: int = 0) -> bytes:
        """A complete archive: the template's parts, with ``replacements`` swapped in.

        Untouched parts are copied as prepared bytes, ahead of the replaced ones.
        The replaced parts are stored uncompressed by default (``level`` 0):
        deflating a 25 KB document part costs more than everything else docgen
        does for a notice. Word re-compresses on its first save.
        """
        replaced = [n for n in self.names if n in replacements]
        static_locals, static_central = self._plan(frozenset(replaced))
        chunks, central, offset = [static_locals], [static_central], len(static_locals)
        for name in replaced:
            local, record = self._pieces(_entry(name, replacements[name], level))
            chunks.append(local)
            central += (record, _OFFSET.pack(offset), name.encode("utf-8"))
            offset += len(local)
        directory = b"".join(central)
        count = len(self.names)
        chunks += (directory, _END.pack(0x06054B50, 0, 0, count, count, len(directory),
                                        offset, 0))
        return b"".join(chunks)
