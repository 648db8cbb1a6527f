"""Template contexts kept between the merge's two passes, in flat memory.

Pass 1 checks every row before anything is written; pass 2 renders. Keeping
every context in memory would grow with the workbook, and reading the workbook
again costs as much as rendering. :class:`ContextSpool` keeps the first
:data:`KEEP_IN_MEMORY` in memory (a run of that size never touches the disk) and
only the rest goes to an anonymous temporary file (unlinked as soon as it is made,
removed by the system when closed) that pass 2 reads back in order.
Contexts are written with :mod:`marshal` (plain ``str``, ``int``, ``bool``: three
times faster than pickle) or, when they hold anything else (a placeholder, a
date), with :mod:`pickle`; both give back exactly what was written.
"""

from __future__ import annotations

import marshal
import pickle
import tempfile
from collections.abc import Iterator
from typing import IO, Any

Context = dict[str, Any]

# This many contexts stay in memory (about 2.5 KB each with their strings); the rest
# spill to disk, so that 10,000 rows peak within 1.2 times the memory of 1,000.
KEEP_IN_MEMORY = 1000


class ContextSpool:
    """An append-then-read-once sequence of template contexts."""

    def __init__(self, keep_in_memory: int | None = None) -> None:
        self._keep = KEEP_IN_MEMORY if keep_in_memory is None else keep_in_memory
        self._memory: list[Context] = []
        self._file: IO[bytes] | None = None
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def append(self, context: Context) -> None:
        self._count += 1
        if len(self._memory) < self._keep:
            self._memory.append(context)
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._dump(context)

    def _dump(self, context: Context) -> None:
        """One record: a kind byte, the length (4 bytes), the data."""
        assert self._file is not None
        try:
            kind, data = b"M", marshal.dumps(context)
        except ValueError:  # a type marshal does not write exactly (str subclasses...)
            kind, data = b"P", pickle.dumps(context, pickle.HIGHEST_PROTOCOL)
        self._file.write(kind + len(data).to_bytes(4, "little") + data)

    def __iter__(self) -> Iterator[Context]:
        yield from self._memory
        if self._file is None:
            return
        self._file.flush()
        self._file.seek(0)
        read = self._file.read
        for _ in range(self._count - len(self._memory)):  # our own unlinked file
            head = read(5)
            data = read(int.from_bytes(head[1:], "little"))
            yield marshal.loads(data) if head[:1] == b"M" else pickle.loads(data)

    def close(self) -> None:
        self._memory = []
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> ContextSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
