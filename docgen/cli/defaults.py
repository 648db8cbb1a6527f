"""The firm's option defaults from ``docgen.toml``, handed to the command line.

Click's ``default_map`` does the precedence: an option given on the command line
wins, then ``docgen.toml``, then docgen's own default. Here each table's keys are
matched to the command's options (``email-template``, ``email_template`` and
``--email-template`` all name one option), an unknown key is an error naming the
file and the key, and paths are taken relative to the file's folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from docgen.config import COMMANDS, Settings, find_config, load_settings
from docgen.errors import ConfigError

# Typer ships its own copy of click, so commands and options are used by their
# attributes (click's documented ones), not by class.


def _options(command: Any) -> dict[str, Any]:
    """Every spelling of each option of ``command`` -> the option."""
    found: dict[str, Any] = {}
    for param in command.params:
        if param.param_type_name != "option" or param.name in ("help", "debug"):
            continue
        for flag in (*param.opts, *param.secondary_opts):
            found[flag.lstrip("-").replace("-", "_")] = param
        if param.name:
            found[param.name] = param
    return found


def _is_path(param: Any) -> bool:
    descriptor = getattr(param, "type_descriptor", None)  # Typer's own options
    if descriptor is not None:
        return "Path" in str(getattr(descriptor, "annotation", ""))
    return "path" in type(getattr(param, "type", None)).__name__.lower()


def _check_value(param: Any, value: Any, where: str) -> None:
    """A value the option takes, or one line naming the file, table, key and value (not
    the command-line option it stands in for)."""
    values = value if isinstance(value, list) and getattr(param, "multiple", False) else [value]
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    for item in values:
        if isinstance(item, (list, dict)):
            raise ConfigError(f"{where} = {shown}: give one value"
                              + (" or a list of values" if getattr(param, "multiple", False)
                                 else ""))
        try:
            param.type.convert(item, param, None)
        except Exception as exc:  # click's BadParameter, from typer's own copy of click
            reason = getattr(exc, "message", None) or str(exc)
            raise ConfigError(f"{where} = {shown}: {reason}") from None


def default_map(group: Any, settings: Settings) -> dict[str, dict[str, Any]]:
    """``{"merge": {"out": Path(...), ...}}`` for click, from ``settings``."""
    result: dict[str, dict[str, Any]] = {}
    if settings.path is None:
        return result
    folder = settings.path.parent
    for name, values in settings.options.items():
        command = group.commands.get(name)
        if command is None:
            continue
        options = _options(command)
        mapped: dict[str, Any] = {}
        for key, value in values.items():
            param = options.get(str(key).lstrip("-").replace("-", "_"))
            if param is None or param.name is None:
                known = sorted({p.opts[0].lstrip("-") for p in options.values()})
                raise ConfigError(f"{settings.path}: [{name}] has no option {key!r}; "
                                  f"docgen {name} has: {', '.join(known)}")
            if _is_path(param) and isinstance(value, str):
                value = str((folder / value).resolve()) if value else value
            _check_value(param, value, f"{settings.path}: [{name}] {key}")
            mapped[param.name] = value
        result[name] = mapped
    return result


def workbook_in(args: list[str]) -> Path | None:
    """The workbook a command line names (its docgen.toml is beside it), if any."""
    for arg in args:
        if not arg.startswith("-") and arg.lower().endswith((".xlsx", ".xlsm")):
            return Path(arg)
    return None


def home_of(group: Any) -> Callable[[str], str | None]:
    """For ``docgen.toml``'s messages: which command an option key belongs to."""

    def home(key: str) -> str | None:
        name = key.replace("-", "_")
        for command in COMMANDS:
            found = group.commands.get(command)
            if found is not None and any(p.name == name for p in found.params):
                return command
        return None

    return home


def settings_for(args: list[str], group: Any = None) -> Settings:
    return load_settings(find_config(workbook_in(args)),
                         home_of(group) if group is not None else None)


_INPUT_FILES = ("template", "email_template")  # settings naming files that must exist


def describe(group: Any, settings: Settings) -> list[str]:
    """``docgen config``: every option's value for each command, and where it comes from."""
    defaults = default_map(group, settings)
    where = str(settings.path) if settings.path else ""
    lines = [f"settings file: {where or 'none (no docgen.toml beside the workbook or here)'}"]
    for closure in settings.closures:
        lines.append(f"closure {closure.day.isoformat()}: {closure.reason}  ({where})")
    for name in ("merge", "check", "deadlines", "status", "edgar", "serve"):
        command = group.commands.get(name)
        if command is None:
            continue
        chosen = defaults.get(name, {})
        seen = set()
        for param in _options(command).values():
            if param.name in seen:
                continue
            seen.add(param.name)
            flag = max(param.opts, key=len)
            if param.name in chosen:
                missing = (param.name in _INPUT_FILES
                           and not Path(str(chosen[param.name])).exists())
                lines.append(f"{name} {flag} = {chosen[param.name]}  ({where})"
                             + ("  (does not exist)" if missing else ""))
            else:
                default = param.default
                value = getattr(default, "value", default)
                shown = "(none)" if value in (None, [], ()) else str(value)
                lines.append(f"{name} {flag} = {shown}  (docgen's default)")
    return lines
