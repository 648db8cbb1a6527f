"""What docgen is measured against: the ways a firm would merge without it.

    python benchmarks/baselines.py naive WORKBOOK OUT
    python benchmarks/baselines.py mailmerge WORKBOOK OUT MERGEFIELD_FORM.docx

Each runs as its own process, as a user's script would, and prints (JSON) the
seconds of its loop alone, so one run gives both the whole-process time (measured
by the caller) and the in-process one:

* naive: per row ``DocxTemplate(template)`` loaded, rendered with the row's
  context and docgen's Jinja environment, and saved (the docxtpl documentation's
  loop);
* mailmerge: per row ``MailMerge(form)`` loaded, merged and written with
  docx-mailmerge2, over :func:`mergefield_form`, the bundled form with each
  ``{{ tag }}`` turned into a MERGEFIELD; a MERGEFIELD holds a value, not an
  expression, so the fields' values (the checkbox glyphs...) are computed per row in
  Python first, and the form's four conditional blocks are always shown.

Both read and check the workbook with docgen's own reader and build the same
contexts, so what differs is the writing of the notices.
"""

from __future__ import annotations

import json
import re
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

_TAG = re.compile(r"{{(.*?)}}|{%.*?%}", re.DOTALL)


def contexts(workbook: Path) -> list[dict[str, Any]]:
    """The template context of every valid row, as docgen builds them."""
    from docgen.engine.context import build_context
    from docgen.engine.validate import validate_row
    from docgen.workbook.reader import open_workbook

    with open_workbook(workbook) as book:
        notices = [validate_row(book.sheet, r, book.columns, book.contacts)[0]
                   for r in book.rows()]
    return [build_context(n) for n in notices if n is not None]


def _tags(template: Path) -> tuple[str, list[str]]:
    """The form's document.xml as docxtpl cleans it up, and its tags' expressions."""
    from docgen.template import patch_cache

    with zipfile.ZipFile(template) as package:
        xml = package.read("word/document.xml").decode()
    source = patch_cache.patched({"word/document.xml": xml})["word/document.xml"]
    return source, [m.group(1).strip() for m in _TAG.finditer(source) if m.group(1)]


def mergefield_form(template: Path, out: Path) -> list[str]:
    """Write the MERGEFIELD version of ``template`` to ``out``; its tags' expressions,
    field ``f{n}`` being the n-th."""
    source, expressions = _tags(template)
    numbers = iter(range(len(expressions)))

    def field(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return ""  # {% if %} / {% endif %}: MERGEFIELD has no conditions
        name = f"f{next(numbers)}"
        return (f'</w:t></w:r><w:fldSimple w:instr=" MERGEFIELD {name} \\* MERGEFORMAT ">'
                f'<w:r><w:t>«{name}»</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve">')

    document = _TAG.sub(field, source)
    with zipfile.ZipFile(template) as package, zipfile.ZipFile(out, "w") as copy:
        for item in package.infolist():
            data = package.read(item)
            if item.filename == "word/document.xml":
                data = document.encode()
            copy.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return expressions


def field_values(expressions: list[str]) -> Callable[[dict[str, Any]], dict[str, str]]:
    """A function from a row's context to the MERGEFIELD values, as a script would
    compute them: each expression once, the checkbox glyph for ``|checkbox``."""
    import jinja2

    env = jinja2.Environment()
    compiled = []
    for expression in expressions:
        bare, _, kind = expression.partition("|")
        compiled.append((env.compile_expression(bare.strip()), kind.strip()))

    def values(context: dict[str, Any]) -> dict[str, str]:
        fields = {}
        for n, (evaluate, kind) in enumerate(compiled):
            value = evaluate(**context)
            if kind == "checkbox":
                fields[f"f{n}"] = "☒" if value else "☐"
            else:
                fields[f"f{n}"] = "" if value is None else str(value)
        return fields

    return values


def naive(workbook: Path, out: Path) -> float:
    from docxtpl import DocxTemplate

    from docgen.template.jinja_env import make_environment
    from docgen.template.render import _Paragraphs, bundled_template

    rows = contexts(workbook)
    out.mkdir()
    template = bundled_template()
    env = make_environment()
    env.filters["paragraphs"] = _Paragraphs()
    start = time.perf_counter()
    for n, context in enumerate(rows):
        document = DocxTemplate(template)
        document.render(context, jinja_env=env)
        document.save(out / f"{n}.docx")
    return time.perf_counter() - start


def mailmerge(workbook: Path, out: Path, form: Path) -> float:
    from mailmerge import MailMerge

    from docgen.template.render import bundled_template

    values = field_values(_tags(bundled_template())[1])
    rows = contexts(workbook)
    out.mkdir()
    start = time.perf_counter()
    for n, context in enumerate(rows):
        document = MailMerge(str(form))
        document.merge(**values(context))
        document.write(str(out / f"{n}.docx"))
        document.close()
    return time.perf_counter() - start


def main() -> None:
    method, workbook, out, *rest = sys.argv[1:]
    if method == "naive":
        loop = naive(Path(workbook), Path(out))
    else:
        loop = mailmerge(Path(workbook), Path(out), Path(rest[0]))
    print(json.dumps({"loop_s": loop}))


if __name__ == "__main__":
    main()
