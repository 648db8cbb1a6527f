"""``merge(..., archive=FILE)``: every notice into one .zip instead of one file each.

Made for ``docgen serve``, whose Merge downloads the notices as one file:
rendering straight into the archive skips creating a thousand files only to read
them back. The archive is written under a temporary name and moved into place
when complete (never over an existing file unless asked), so a failed run leaves
nothing behind. Notices are stored, not deflated again (a .docx is already a zip).
"""

from __future__ import annotations

import contextlib
import os
import time
import zipfile
from pathlib import Path

from docgen.files import link_into_place


class NoticeArchive:
    """A zip being filled with notices; :meth:`close` puts it in place."""

    def __init__(self, path: Path, *, overwrite: bool = False) -> None:
        self.path = path
        self.overwrite = overwrite
        self.temp = path.with_name(f".docgen-{os.getpid()}-{path.name}.tmp")
        self._zip = zipfile.ZipFile(self.temp, "x")  # exclusive: never a planted file
        self._when = time.localtime()[:6]

    def add(self, target: str, data: bytes) -> None:
        """Store one notice under its file name (``target``'s last part)."""
        info = zipfile.ZipInfo(os.path.basename(target), date_time=self._when)
        info.compress_type = zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        self._zip.writestr(info, data)

    def close(self) -> None:
        self._zip.close()
        if self.overwrite:
            os.replace(self.temp, self.path)
        else:
            link_into_place(os.fspath(self.temp), os.fspath(self.path))

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._zip.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temp)
