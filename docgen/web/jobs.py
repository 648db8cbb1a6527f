"""Each upload is a job: its own private folder, an unguessable id, a short life.

Registrant data is confidential, so a job's files live in a folder only this
process can read (mode 0700, under one 0700 root), are reachable only through the
job's 144-bit random id, and are deleted when the notices have been downloaded,
when the page says it is done, after :data:`JOB_LIFETIME` seconds idle (a timer
checks every :data:`SWEEP_SECONDS`, whether or not requests come), and when the
server stops. Deleting a job that is merging cancels the merge (its next progress
report stops it, LibreOffice included) and removes what it wrote meanwhile. No file
name or path ever comes from the client.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

JOB_LIFETIME = 30 * 60
SWEEP_SECONDS = 30
MAX_JOBS = 64  # at once; more is refused, not queued, so memory and disk stay bounded


def safe_name(name: str) -> str:
    """The upload's file name for messages (``registrants.csv: is a CSV file...``): its
    last part only, in plain characters; never a path."""
    last = re.split(r"[\\/]", name)[-1]
    cleaned = re.sub(r"[^\w.\- ()]", "_", last).strip(" .")[:120]
    return cleaned if cleaned and not cleaned.startswith(".") else "registrants.xlsx"


class JobLimit(Exception):
    """Too many jobs at once."""


class Cancelled(Exception):
    """The job was deleted while it merged: the merge stops where it is."""


@dataclass
class Job:
    id: str
    folder: Path
    touched: float = field(default_factory=time.monotonic)
    status: str = "checked"  # checked, merging, merged, failed
    done: int = 0
    total: int = 0
    result: dict[str, Any] = field(default_factory=dict)  # the last merge's summary
    archive: Path | None = None  # notices.zip, once merged
    report: Path | None = None  # report.csv, once merged
    # row -> (the .docx, or the .zip holding it; its name), for previews
    notices: dict[int, tuple[Path, str]] = field(default_factory=dict)
    checked: Any = None  # the check's MergeReport: its rows give deadlines on any date
    lock: threading.Lock = field(default_factory=threading.Lock)
    finished: threading.Event = field(default_factory=threading.Event)  # set when a merge ends
    name: str = "registrants.xlsx"  # the uploaded file's own name, made safe
    cancelled: threading.Event = field(default_factory=threading.Event)

    def check_cancelled(self) -> None:
        """Raise :class:`Cancelled` once the job is deleted (called from progress)."""
        if self.cancelled.is_set():
            raise Cancelled

    @property
    def workbook(self) -> Path:
        return self.folder / "workbook" / self.name


class JobStore:
    """The jobs of one server; thread-safe."""

    def __init__(self, lifetime: float = JOB_LIFETIME) -> None:
        self._root: Path | None = None  # made with the first job
        self.lifetime = lifetime
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    @property
    def root(self) -> Path:
        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix="docgen-serve-"))  # mode 0700
        return self._root

    def create(self, workbook: bytes | None = None, name: str = "") -> Job:
        """A new job, its workbook written from ``workbook`` (or, None, left for the
        caller to stream into ``job.workbook``)."""
        self.sweep()
        with self._lock:
            if len(self._jobs) >= MAX_JOBS:
                raise JobLimit
            job_id = secrets.token_urlsafe(18)
            folder = self.root / job_id
            folder.mkdir(mode=0o700)
            job = self._jobs[job_id] = Job(job_id, folder, name=safe_name(name))
        job.workbook.parent.mkdir(mode=0o700)
        if workbook is not None:
            job.workbook.write_bytes(workbook)
        return job

    def get(self, job_id: str) -> Job | None:
        self.sweep()
        with self._lock:
            job = self._jobs.get(job_id)
        if job is not None:
            job.touched = time.monotonic()
        return job

    def remove(self, job_id: str) -> None:
        with self._lock:
            job = self._jobs.pop(job_id, None)
        if job is not None:
            job.cancelled.set()  # a merge under way stops, and removes what it wrote
            shutil.rmtree(job.folder, ignore_errors=True)

    def sweep(self) -> None:
        """Delete the jobs idle for longer than the lifetime (never one still merging)."""
        now = time.monotonic()
        with self._lock:
            old = [j.id for j in self._jobs.values()
                   if now - j.touched > self.lifetime and j.status != "merging"]
        for job_id in old:
            self.remove(job_id)

    def __len__(self) -> int:
        return len(self._jobs)

    def close(self, wait: float = 30.0) -> None:
        """Every job gone: merges cancelled and waited for (LibreOffice stopped), then
        the whole folder removed."""
        with self._lock:
            jobs = list(self._jobs.values())
            self._jobs.clear()
            root, self._root = self._root, None
        for job in jobs:
            job.cancelled.set()
        deadline = time.monotonic() + wait
        for job in jobs:
            if job.status == "merging":
                job.finished.wait(max(0.0, deadline - time.monotonic()))
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)
