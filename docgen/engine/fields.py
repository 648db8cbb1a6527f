"""`docgen fields`: which variables a template uses, and what fills each one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.engine.context import DERIVED_VARIABLES
from docgen.rules.schema import COLUMNS_BY_KEY
from docgen.template.render import CompiledTemplate, bundled_template
from docgen.workbook.reader import open_workbook


@dataclass(frozen=True)
class Field:
    variable: str
    source: str
    filled: bool


def template_fields(template: Path | None = None, workbook: Path | None = None) -> list[Field]:
    """Every variable the template uses, in name order, with its source."""
    compiled = CompiledTemplate(template or bundled_template())
    custom: dict[str, str] = {}
    if workbook is not None:
        with open_workbook(workbook) as book:
            custom = {name: f"custom column {letter} of sheet {book.sheet}"
                      for name, letter in book.custom_columns.items()}
    fields = []
    for name in sorted(compiled.variables):
        if name in COLUMNS_BY_KEY:
            fields.append(Field(name, f'column "{COLUMNS_BY_KEY[name].header}"', True))
        elif name in DERIVED_VARIABLES:
            fields.append(Field(name, f"docgen: {DERIVED_VARIABLES[name]}", True))
        elif name in custom:
            fields.append(Field(name, custom[name], True))
        else:
            header = name.replace("_", " ").title()
            fields.append(Field(name, f'NOT FILLED: add a column headed "{header}"', False))
    return fields
