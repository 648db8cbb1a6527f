"""The toolbar icon of docgen's LibreOffice extension: a checked box, drawn in code.

Written as PNG with :mod:`zlib` and :mod:`struct` (no image library, no binary in
the repository): a dark square outline with an X, like the ☒ a notice prints.
"""

from __future__ import annotations

import struct
import zlib

INK = (31, 56, 100, 255)  # dark blue
PAPER = (255, 255, 255, 0)  # transparent


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pixels(size: int) -> list[list[tuple[int, int, int, int]]]:
    """RGBA rows of the icon: a box outline inset by one pixel, and its diagonals."""
    line = max(1, size // 12)
    low, high = 1, size - 2
    rows = []
    for y in range(size):
        row = []
        for x in range(size):
            inside = low <= x <= high and low <= y <= high
            border = inside and (x - low < line or high - x < line or y - low < line
                                 or high - y < line)
            margin = low + line + 1
            cross = (margin <= x <= high - line - 1 and margin <= y <= high - line - 1
                     and (abs(x - y) < line or abs(x + y - (size - 1)) < line))
            row.append(INK if border or cross else PAPER)
        rows.append(row)
    return rows


def png(size: int) -> bytes:
    """The icon as a ``size`` x ``size`` RGBA PNG."""
    raw = b"".join(b"\x00" + bytes(v for pixel in row for v in pixel) for row in pixels(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b""))
