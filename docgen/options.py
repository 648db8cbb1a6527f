"""Every choice of a run, in one frozen, validated object that every door builds.

The CLI, ``docgen.toml``, the page, the Calc extension (through the CLI) and the
Python API all make a :class:`MergeOptions`; its combinations are checked once, here,
in words that suit every caller (each names the keyword and the command-line option),
and it carries the business calendar with the firm's closures, so a door cannot forget
them. :meth:`MergeOptions.for_workbook` applies the ``docgen.toml`` that goes with a
workbook (its closures and ``[merge]`` defaults) as the command line does, with the
same limits on what such a file may do.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.errors import OptionsError
from docgen.files import DEFAULT_NAME

if TYPE_CHECKING:
    from docgen.config import Settings
    from docgen.rules.business_days import BusinessCalendar
    from docgen.workbook.selection import Selection


@dataclass(frozen=True, kw_only=True)
class MergeOptions:
    """How to merge: which rows, into what, and what else to write."""

    template: Path | None = None  # None: the bundled Form 12b-25
    out_dir: Path = Path("notices")
    name_pattern: str = DEFAULT_NAME
    overwrite: bool = False
    skip_existing: bool = False
    dry_run: bool = False
    strict: bool = False
    signed: bool = True  # False: drafts without the conformed signature (--unsigned)
    clean: bool = False
    rows: str | None = None  # "2-5,9"
    where: tuple[str, ...] = ()  # ("Form=10-Q",)
    sheet: str | None = None
    calendar: BusinessCalendar | None = None  # None: the bundled closures
    jobs: int | None = None
    combine: Path | None = None
    pdf: bool = False
    edgar: bool = False
    archive: Path | None = None  # the notices into one .zip instead of out_dir
    report_path: Path | None = None
    email_drafts: Path | None = None
    email_template: Path | None = None
    also_writes: Mapping[str, Path] = field(default_factory=dict)  # the caller's outputs

    def __post_init__(self) -> None:
        for name in ("template", "out_dir", "combine", "archive", "report_path",
                     "email_drafts", "email_template"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Path):
                object.__setattr__(self, name, Path(value))
        object.__setattr__(self, "where", tuple(self.where))
        _check(self)

    @property
    def select(self) -> Selection | None:
        from docgen.workbook.selection import selection

        return selection(self.rows, self.where, self.sheet)

    def replace(self, **changes: Any) -> MergeOptions:
        """These options with ``changes`` (checked again)."""
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            raise TypeError(f"unknown merge option {unknown[0]!r}")
        return dataclasses.replace(self, **changes)

    @classmethod
    def for_workbook(cls, workbook: Path | str, closed: Sequence[str] = (),
                     **changes: Any) -> MergeOptions:
        """The options the command line would start from for ``workbook``: the closures
        and ``[merge]`` defaults of its ``docgen.toml`` (beside it, else in the current
        folder), then ``changes``."""
        from docgen.config import business_calendar

        calendar, settings = business_calendar(Path(workbook), closed)
        base = cls.from_settings(settings, Path(workbook), calendar=calendar)
        return base.replace(**changes) if changes else base

    @classmethod
    def from_settings(cls, settings: Settings, workbook: Path | None = None,
                      **changes: Any) -> MergeOptions:
        """``[merge]`` of ``settings`` as options; refused as the command line refuses it
        when the file may not decide (writing outside ``workbook``'s folder, or turning
        on overwrite or clean from beside it)."""
        values = dict(settings.options.get("merge", {}))
        folder = settings.path.parent if settings.path is not None else Path.cwd()
        chosen: dict[str, Any] = {}
        for key, value in values.items():
            name = str(key).lstrip("-").replace("-", "_")
            target = _FROM_FILE.get(name, name)
            if target not in _SETTABLE:
                continue  # how the command line prints (quiet, verbose...), not the run
            if target in _PATHS and isinstance(value, str):
                value = (folder / value).resolve() if value else None
            if target == "signed":
                value = not value
            if target == "where" and isinstance(value, str):
                value = (value,)
            chosen[target] = value
        if settings.path is not None and workbook is not None:
            from docgen.config import refuse_untrusted

            refuse_untrusted(settings.path, "merge", workbook, chosen.items())
        return cls(**{**chosen, **changes})


_FROM_FILE = {"out": "out_dir", "name": "name_pattern", "report": "report_path",
              "unsigned": "signed"}
_PATHS = {"template", "out_dir", "combine", "archive", "report_path", "email_drafts",
          "email_template"}
_SETTABLE = {f.name for f in dataclasses.fields(MergeOptions)} - {"calendar", "also_writes"}


def _check(options: MergeOptions) -> None:
    """The combinations no run can do, said for every caller."""
    if options.combine is not None and options.combine.suffix.lower() != ".docx":
        raise OptionsError(f"combine (--combine) {options.combine}: the name must end in "
                           ".docx")
    if options.skip_existing and options.combine is not None:
        raise OptionsError("skip_existing (--skip-existing) goes without combine (--combine): "
                           "the combined document would lack the notices left as they were")
    if options.skip_existing and options.overwrite:
        raise OptionsError("skip_existing (--skip-existing) and overwrite (--overwrite) "
                           "exclude each other: keep the notices there, or replace them")
    if options.archive is not None and (options.combine is not None or options.pdf
                                        or options.edgar or options.email_drafts):
        raise OptionsError("an archive of notices goes without combine, pdf, edgar and "
                           "email_drafts (--combine, --pdf, --edgar, --email-drafts), which "
                           "need the notices as files")
    if options.jobs is not None and options.jobs < 1:
        raise OptionsError(f"jobs (--jobs) {options.jobs}: give 1 or more")
