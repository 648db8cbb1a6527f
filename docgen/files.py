"""Step 5 of the pipeline: file names and safe writes.

Names come from a ``--name`` pattern filled from the row, made safe for every
operating system and unique ignoring case, and can never leave the output
folder. Each notice is written to a temporary file beside its target and
renamed into place, so an interruption never leaves a half-written .docx.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import string
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from docgen.errors import (
    NamePatternError,
    OutputAppearedError,
    OutputClashError,
    OutputExistsError,
)
from docgen.values import Placeholder

DEFAULT_NAME = "{registrant_slug}_NT-{form}_{period}{amendment_suffix}"
_MAX_NAME_BYTES = 200
_MAX_SPEC = 255  # widths and precisions in --name: no format may allocate more
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?", re.IGNORECASE)


def check_pattern(pattern: str, fields: Iterable[str]) -> None:
    """Fail early, before any row is rendered, on a pattern that cannot be filled."""
    known = set(fields)
    if not pattern.strip():
        raise NamePatternError("--name is empty; give a pattern such as "
                               "{registrant_slug}_NT-{form}_{period}")
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise NamePatternError(f"--name {pattern!r}: {exc}; write fields as {{form}}") from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if conversion not in (None, "s", "r", "a"):
            raise NamePatternError(f"--name: !{conversion} is not a conversion; write fields "
                                   "as {form}")
        spec = spec or ""
        if spec and ("{" in spec or any(int(n) > _MAX_SPEC for n in re.findall(r"\d+", spec))):
            raise NamePatternError(
                f"--name: the format {{{name}:{spec[:20]}}} asks for more than {_MAX_SPEC} "
                "characters or a nested field; names are at most 200 bytes anyway")
        try:
            format("x", spec)  # every field is text by then: this is the real test
        except ValueError as exc:
            raise NamePatternError(f"--name: {{{name}:{spec[:20]}}}: {exc}; fields are text, "
                                   "so use a width or precision only, e.g. {cik:.10}") from None
        if not name or name not in known:
            raise NamePatternError(
                f"--name: unknown field {{{name}}}; use fields such as {{registrant_slug}}, "
                "{form}, {period}, {cik}, {row} or any column's variable name"
            )


def _safe_part(value: Any) -> str:
    if isinstance(value, Placeholder):
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return _UNSAFE.sub("-", text).strip()


@functools.lru_cache(maxsize=16)
def _fields_of(pattern: str) -> frozenset[str]:
    return frozenset(n for _text, n, _spec, _conv in string.Formatter().parse(pattern) if n)


# Fields that are blank by design on most notices (an original has no amendment suffix).
_BLANK_BY_DESIGN = frozenset({"amendment_suffix", "amendment_title", "part2_review"})


def blank_fields(pattern: str, context: Mapping[str, Any]) -> list[str]:
    """The fields of ``pattern`` that are blank for this notice, in pattern order."""
    return sorted((k for k in _fields_of(pattern) - _BLANK_BY_DESIGN
                   if not _safe_part(context.get(k, ""))), key=pattern.index)


def file_name(pattern: str, context: Mapping[str, Any]) -> str:
    """The safe file name (with .docx) for one notice."""
    # A field the context lacks is blank (check_pattern has refused unknown ones).
    fields = {k: _safe_part(context[k]) if k in context else "" for k in _fields_of(pattern)}
    name = _UNSAFE.sub("-", pattern.format_map(fields))
    name = re.sub(r"\s+", " ", name).strip(" .-_") or "notice"
    if name.lower().endswith(".docx"):
        name = name[:-5].rstrip(" .") or "notice"
    if _RESERVED.fullmatch(name):
        name = "_" + name
    encoded = name.encode("utf-8")[: _MAX_NAME_BYTES - len(".docx") - 8]
    return encoded.decode("utf-8", "ignore").rstrip(" .") + ".docx"


def unique_names(names: Iterable[str]) -> list[str]:
    """``a.docx``, ``A.docx`` -> ``a.docx``, ``A-2.docx`` (unique ignoring case, as
    :func:`refuse_clashes` compares them: ``STRASSE`` and ``Straße`` are one name)."""
    seen: set[str] = set()
    result = []
    for name in names:
        stem, candidate, n = name[:-5], name, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{stem}-{n}.docx"
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_PID = [os.getpid()]  # a system call per notice saved; forked workers get their own
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=lambda: _PID.__setitem__(0, os.getpid()))


def link_into_place(temp: str, path: str) -> None:
    """Create ``path`` exclusively (hard link, then drop the temporary name): unlike a
    check followed by a rename, two runs at once can never overwrite each other."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise OutputAppearedError(f"{path} appeared while docgen was writing (another run "
                                  "into the same folder?); it was not overwritten") from None
    except OSError:  # no hard links here (FAT, some shares): check, then rename
        if os.path.lexists(path):
            raise OutputAppearedError(f"{path} appeared while docgen was writing; it was not "
                                      "overwritten") from None
        os.replace(temp, path)
        return
    os.unlink(temp)


def write_atomic(path: str | os.PathLike[str], data: bytes, *, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file moved into place.

    The temporary name is unique to this process and target, so parallel
    workers never collide; ``O_EXCL`` refuses to follow a planted file. With
    ``exclusive`` an existing ``path`` (even a dangling link) is never replaced.
    (Plain string paths: this runs once per notice, and pathlib costs more.)
    """
    folder, name = os.path.split(os.fspath(path))
    temp = os.path.join(folder, f".docgen-{_PID[0]}-{name}.tmp")
    try:
        handle = os.open(temp, _FLAGS, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
        finally:
            os.close(handle)
        if exclusive:
            link_into_place(temp, os.fspath(path))
        else:
            os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _key(path: str) -> str:
    return os.path.normcase(path).casefold()  # a file system may ignore case


def refuse_clashes(inputs: Mapping[str, Path], outputs: Iterable[tuple[str, Path]],
                   folder: Path | None = None, names: Iterable[str] = ()) -> None:
    """Before anything is written: no output may be an input or another output.

    Paths are compared after resolving links (and ignoring case); ``names`` are
    notice file names in ``folder``, whose real path is resolved once.
    """
    seen = {_key(os.path.realpath(path)): f"{what} {path}" for what, path in inputs.items()}
    for what, path in outputs:
        key = _key(os.path.realpath(path))
        if key in seen:
            raise _clash(what, path, seen[key])
        seen[key] = f"{what} {path}"
    if folder is None:
        return
    real = os.path.realpath(folder)
    for name in names:  # unique among themselves (unique_names): checked against the rest
        key = _key(os.path.join(real, name))
        if key in seen:
            raise _clash("notice", Path(folder, name), seen[key])


def _clash(what: str, path: Path | str, earlier: str) -> OutputClashError:
    return OutputClashError(f"{what} {path} would overwrite the {earlier}; choose another "
                            "name or folder")


def refuse_existing(paths: Iterable[str | Path], what: str) -> None:
    """Stop if any of ``paths`` exists (streamed: no list of 10,000 paths is made).

    Each folder is listed once; only names that are in it, ignoring case, are
    then checked one by one (a file system that ignores case sees them as one), and
    so is every non-ASCII name (file systems may store another Unicode form).
    """
    listings: dict[str, set[str] | None] = {}
    first, existing, total = None, 0, 0
    for path in paths:
        total += 1
        folder, name = os.path.split(os.fspath(path))
        if folder not in listings:
            try:
                listings[folder] = {entry.lower() for entry in os.listdir(folder or ".")}
            except OSError:  # no folder yet (nothing exists), or unreadable: ask each
                listings[folder] = None if os.path.isdir(folder or ".") else set()
        listed = listings[folder]
        suspect = listed is None or not name.isascii() or name.lower() in listed
        if suspect and os.path.lexists(path):  # a dangling link counts as a file
            existing += 1
            first = first or path
    if first is not None:
        raise OutputExistsError(
            f"{first} already exists ({existing} of {total} {what} would be "
            "overwritten); nothing written. Use --overwrite or another --out"
        )


def existing_names(folder: Path, names: Iterable[str]) -> set[str]:
    """Which of ``names`` are already in ``folder`` (one listing; a dangling link counts)."""
    try:
        listed = {entry.lower() for entry in os.listdir(folder)}
    except OSError:
        return set()
    return {name for name in names
            if (name.lower() in listed or not name.isascii())
            and os.path.lexists(os.path.join(folder, name))}
