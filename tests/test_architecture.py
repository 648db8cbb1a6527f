"""The package's layout holds (#26): wings by what each part does, none importing up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "docgen"
MAX_LINES = 425


def test_no_import_runs_back_up_and_no_cycle() -> None:
    """The contracts in pyproject.toml ([tool.importlinter]), as CI checks them."""
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def test_at_most_twelve_modules_at_the_top_and_none_too_long() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 12, top
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long


def test_the_library_loads_no_command_line() -> None:
    """typer and rich belong to docgen.cli alone: the API, the page and EDGAR load neither."""
    code = ("import sys, docgen.api, docgen.web.app, docgen.edgar.conversion, docgen.options, "
            "docgen.readback.run; "
            "print(sorted(m for m in ('typer', 'rich', 'docgen.cli') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_errors_are_one_family_in_one_module_and_exit_codes_are_the_clis() -> None:
    import importlib
    import pkgutil

    import docgen
    from docgen.cli.common import exit_code
    from docgen.errors import DocgenError

    outside = set()
    for info in pkgutil.walk_packages(docgen.__path__, "docgen."):
        if info.name.startswith("docgen.plugin.oxt") or info.name.endswith("__main__"):
            continue  # LibreOffice's own Python; running the command line
        module = importlib.import_module(info.name)
        outside |= {value.__qualname__ for value in vars(module).values()
                    if isinstance(value, type) and issubclass(value, BaseException)
                    and value.__module__ == info.name and info.name != "docgen.errors"}
    assert outside <= _INTERNAL, outside - _INTERNAL
    assert not [p for p in PACKAGE.rglob("*.py") if "exit_code = " in p.read_text()]
    import docgen.errors as errors

    codes = {name: exit_code(value("x")) for name, value in vars(errors).items()
             if isinstance(value, type) and issubclass(value, DocgenError)}
    assert codes["ConfigError"] == codes["OptionsError"] == codes["NamePatternError"] == 2
    assert codes["RowErrors"] == codes["SourceError"] == 3
    assert codes["OutputExistsError"] == codes["OutputAppearedError"] == 4
    assert codes["WorkbookError"] == codes["OfficeMissing"] == 1
    assert codes["Interrupted"] == 130


# Signals inside one module, turned into a DocgenError (or an answer) where they leave it.
_INTERNAL = {"JobLimit", "Cancelled", "_Missing", "TemplateLimitError", "ManifestError",
             "WorkbookLimitError", "_Unsupported"}
