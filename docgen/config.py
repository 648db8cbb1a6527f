"""A firm's own settings: ``docgen.toml`` beside the workbook, or in the current folder.

It holds the SEC closures announced after this release of docgen, so a firm can
add a day the SEC closes EDGAR without waiting for a new version, and the firm's
defaults for any command-line option, one table per command (the command line
still wins; ``docgen config`` shows what applies and where it comes from)::

    closures = [
      "2026-12-24",
      { date = 2026-12-26, reason = "Executive order", source = "https://www.sec.gov/..." },
    ]

    [merge]
    out = "notices"              # paths are relative to this file's folder
    template = "firm-12b25.docx"
    jobs = 2

    [deadlines]
    alarm = 5

``--closed YYYY-MM-DD`` on ``deadlines``, ``check`` and ``merge`` adds more for
one run. The TOML parser is the standard library's (``tomli`` before 3.11).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.errors import ConfigError

if TYPE_CHECKING:
    from docgen.rules.business_days import BusinessCalendar, Closure

CONFIG_NAME = "docgen.toml"
_MAX_BYTES = 1 << 20  # a settings file, not a data file
COMMANDS = ("merge", "check", "deadlines", "status", "edgar", "serve", "fields", "init")
_KNOWN = ("closures", *COMMANDS)


@dataclass(frozen=True)
class Settings:
    """What ``docgen.toml`` says, and where it was found (None: no file)."""

    path: Path | None = None
    closures: tuple[Closure, ...] = ()
    options: dict[str, dict[str, Any]] = field(default_factory=dict)  # command -> option


# What a docgen.toml may not decide on its own (it may have come with a client's files):
# where outputs go (by either spelling, the command line's or MergeOptions'), and
# replacing or removing notices.
OUTPUT_KEYS = frozenset({"out", "out_dir", "report", "report_path", "combine", "email_drafts",
                         "archive", "ics"})
CONFIRMED_HERE = ("overwrite", "clean")


def refuse_untrusted(config: Path | None, table: str, workbook: Path,
                     values: Iterable[tuple[str, Any]], inputs: Iterable[Path | None] = (),
                     override: Callable[[str], str] = lambda key: f"ask for {key} yourself",
                     ) -> None:
    """Refuse settings ``values`` of ``config``'s ``[table]`` that write outside the
    workbook's folder or over an input, or turn on overwrite or clean from a file that
    does not lie in the folder docgen runs in. ``override(key)`` says how the user asks
    for it instead. Every door (the command line, ``MergeOptions``) applies this one."""
    root = workbook.resolve().parent
    protected = {p.resolve() for p in inputs if p is not None}
    for key, value in values:
        where = f"{config or 'docgen.toml'}: [{table}] {key}"
        if key in CONFIRMED_HERE and value and (
                config is None or config.resolve().parent != Path.cwd().resolve()):
            raise ConfigError(f"{where} = true is not taken from a docgen.toml beside the "
                              f"workbook (it may have come with it); {override(key)}, or run "
                              "docgen in that folder")
        if key in OUTPUT_KEYS and value:
            target = Path(str(value)).resolve()
            if target in protected or (key in ("out", "out_dir") and any(
                    p.parent == target for p in protected if p.suffix == ".docx")):
                raise ConfigError(f"{where} = {value} would write over an input; choose "
                                  "another path")
            if not target.is_relative_to(root):
                raise ConfigError(f"{where} = {value} is outside the workbook's folder "
                                  f"({root}); a docgen.toml writes only inside it. "
                                  f"{override(key)[0].upper()}{override(key)[1:]} to write "
                                  "there")


def find_config(workbook: Path | None) -> Path | None:
    """``docgen.toml`` beside the workbook, else in the current folder, else None."""
    folders = ([workbook.resolve().parent] if workbook is not None else []) + [Path.cwd()]
    for folder in folders:
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def _closure(value: object, where: str) -> Closure:
    """One entry of ``closures``: a date (or "YYYY-MM-DD"), or a table with a ``date``."""
    from docgen.rules.business_days import Closure

    reason, source = "added by the firm", ""
    if isinstance(value, dict):
        unknown = set(value) - {"date", "reason", "source"}
        if unknown or "date" not in value:
            raise ConfigError(f"{where}: a closure is a date or {{ date = ..., reason = ..., "
                              "source = ... }}")
        reason = str(value.get("reason") or reason)
        source = str(value.get("source") or "")
        value = value["date"]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return Closure(value, reason, source)
    try:
        return Closure(dt.date.fromisoformat(str(value).strip()), reason, source)
    except ValueError:
        raise ConfigError(f"{where}: {str(value)[:40]!r} is not a date; use YYYY-MM-DD, "
                          "e.g. 2026-12-24") from None


def parse_closed(values: Iterable[str]) -> tuple[Closure, ...]:
    """The ``--closed`` dates of one run."""
    return tuple(_closure(value, "--closed") for value in values)


def load_settings(path: Path | None,
                  home_of: Callable[[str], str | None] | None = None) -> Settings:
    """Read ``docgen.toml`` at ``path`` (None: no settings). ``home_of(key)`` names the
    command whose option a key put at the top level by mistake is (the CLI knows)."""
    if path is None:
        return Settings()
    try:
        with path.open("rb") as file:
            data = file.read(_MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    if len(data) > _MAX_BYTES:
        raise ConfigError(f"{path}: larger than 1 MB; it is a settings file")
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:  # the parser recurses once per level of nesting
        raise ConfigError(f"{path}: values nested too deeply; a setting is a value or a "
                          "list of values") from None
    unknown = sorted(set(table) - set(_KNOWN))
    if unknown:
        home = home_of(unknown[0]) if home_of is not None else None
        if home:
            raise ConfigError(f"{path}: {unknown[0]!r} is an option of docgen {home}; put it "
                              f"under [{home}] (a line [{home}] above it)")
        raise ConfigError(f"{path}: unknown setting {unknown[0]!r} (docgen knows: "
                          f"{', '.join(_KNOWN)})")
    closures = table.get("closures", [])
    if not isinstance(closures, list):
        raise ConfigError(f"{path}: closures must be a list of dates, e.g. "
                          'closures = ["2026-12-24"]')
    options = {name: table[name] for name in COMMANDS if name in table}
    for name, values in options.items():
        if not isinstance(values, dict):
            raise ConfigError(f"{path}: {name} must be a table of options, e.g. [{name}] "
                              'then out = "notices"')
    return Settings(path, tuple(_closure(v, f"{path}: closures") for v in closures), options)


def business_calendar(
    workbook: Path | None, closed: Iterable[str] = (),
) -> tuple[BusinessCalendar, Settings]:
    """The calendar of a run: bundled closures + ``docgen.toml`` + ``--closed``."""
    from docgen.rules.business_days import default_calendar

    settings = load_settings(find_config(workbook))
    extra = settings.closures + parse_closed(closed)
    return default_calendar().with_closures(extra), settings
