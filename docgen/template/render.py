"""Step 4 of the pipeline: a Word template compiled once, rendered per notice.

The template is read with docxtpl's tag syntax (its ``patch_xml`` joins tags that
Word split across runs and handles ``{%p %}``/``{%tr %}`` tags), then compiled
once with a sandboxed Jinja environment that:

* escapes every value (``autoescape``), so ``&``, ``<`` and ``{{`` in a cell are
  printed as typed and never evaluated; docxtpl's default would drop them;
* raises on an unknown variable (``StrictUndefined``) instead of printing blank;
* turns line breaks in a value into Word line breaks, and with ``|paragraphs``
  into real paragraphs that keep the paragraph's style;
* keeps each checkbox content control's ``w14:checked`` state in step with the
  glyph that ``|checkbox`` prints, so the box stays clickable in Word.

Per notice only the parts with tags are rendered; the rest of the package is
copied as already-compressed bytes (:mod:`docgen.template.docxzip`).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta, nodes
from lxml import etree
from markupsafe import Markup

from docgen import safexml
from docgen.errors import NoticeError, TemplateError
from docgen.template import limits, patch_cache, properties
from docgen.template.docxzip import DocxPackage
from docgen.template.fastrender import Render, compile_simple
from docgen.template.jinja_env import (
    _BOX,
    _BREAK,
    _STATE,
    _TAB,
    _plain_finalize,
    _run_text,
    make_environment,
)
from docgen.template.safety import check_template
from docgen.template.structure import blocks_are_balanced, refuse_misplaced_tags
from docgen.values import PLACEHOLDER_MARK, PLACEHOLDER_TEXT

_TAGGED_PART = re.compile(
    r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml|docProps/core\.xml"
)
_INNER_SDT = re.compile(r"<w:sdt>(?:(?!<w:sdt[ >]).)*?</w:sdt>", re.DOTALL)
# Each try stops at its own "}}": linear in the part, however many tags a control holds.
_CHECKBOX_TAG = re.compile(r"{{-?\s*((?:(?!}}).)+?)\s*\|\s*checkbox\s*-?}}", re.DOTALL)
_CHECKED_STATE = re.compile(r'<w14:checked w14:val="[^"]*"\s*/>')
_PARAGRAPH = re.compile(r"<w:p[ >](?:(?!<w:p[ >]).)*?</w:p>", re.DOTALL)
_PARAGRAPHS_FILTER = re.compile(r"\|\s*paragraphs\b(?!\s*\()")


_RUN_WITH_MARK = re.compile(
    r"<w:r(?: [^>]*)?>(?:(?!</w:r>).)*?" + re.escape(PLACEHOLDER_MARK) + r".*?</w:r>", re.DOTALL
)
_RUN_OPEN = re.compile(r"<w:r(?: [^>]*)?>")
_RPR = re.compile(r"<w:rPr>(.*?)</w:rPr>", re.DOTALL)
# Elements that follow w:highlight inside w:rPr (the schema fixes their order).
_AFTER_HIGHLIGHT = re.compile(
    r"<w:(u|effect|bdr|shd|fitText|vertAlign|rtl|cs|em|lang|eastAsianLayout|specVanish|oMath)"
    r"[ />]"
)


_NOT_ASCII = re.compile(r"<\?.*?\?>|<!--.*?-->|<!\[CDATA\[.*?\]\]>|([^\x00-\x7f]+)", re.DOTALL)


def ascii_xml(xml: str) -> str:
    """``xml`` with every non-ASCII character as a character reference (``&#9746;``).

    The same document to any XML reader; but a notice that is all ASCII encodes to
    UTF-8 some 25 times faster. Declarations, comments and CDATA are left alone
    (references mean nothing there).
    """
    if xml.isascii():
        return xml
    return _NOT_ASCII.sub(
        lambda m: m.group(0) if m.group(1) is None else "".join(
            f"&#{ord(c)};" for c in m.group(1)), xml)


def _highlighted(rpr: str) -> str:
    """The run properties ``rpr`` plus a yellow highlight, in schema order."""
    inner = re.sub(r"<w:highlight [^>]*/>", "", rpr)
    mark = '<w:highlight w:val="yellow"/>'
    after = _AFTER_HIGHLIGHT.search(inner)
    inner = inner[: after.start()] + mark + inner[after.start():] if after else inner + mark
    return f"<w:rPr>{inner}</w:rPr>"


def _highlight_placeholders(xml: str) -> str:
    """Turn each placeholder mark into its own highlighted ``[●]`` run.

    Word's "Find > Highlight" then finds every value still to be filled in.
    """

    def split(run: re.Match[str]) -> str:
        body = run.group(0)
        opening = _RUN_OPEN.match(body)
        rpr_match = _RPR.search(body)
        rpr = rpr_match.group(1) if rpr_match else ""
        plain = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
        hole = (f'</w:t></w:r><w:r>{_highlighted(rpr)}<w:t xml:space="preserve">'
                f'{PLACEHOLDER_TEXT}</w:t></w:r>{opening.group(0) if opening else "<w:r>"}'
                f'{plain}<w:t xml:space="preserve">')
        return body.replace(PLACEHOLDER_MARK, hole)

    return _RUN_WITH_MARK.sub(split, xml)


BUNDLED_TEMPLATES = {
    "form_12b25.docx": "the form as the SEC prints it: one Part II box for (a)-(c)",
    "form_12b25_per_item.docx": "the layout of the 2003 seed: a Part II box per item",
}


def bundled_template(name: str = "form_12b25.docx") -> Path:
    """A Form 12b-25 template shipped with docgen (inside the wheel, or the repo)."""
    if name not in BUNDLED_TEMPLATES:
        raise ValueError(f"no bundled template {name!r}")
    packaged = resources.files("docgen") / "word_templates" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "word_templates" / name


class _Paragraphs:
    """The ``|paragraphs`` filter: one Word paragraph per line of the value."""

    def __init__(self) -> None:
        self.styles: list[tuple[str, str]] = []  # (pPr, rPr) per use in the template

    def __call__(self, value: Any, style: int = -1) -> Markup:
        text = value if isinstance(value, str) else str(value)
        lines = [line for line in text.split("\n") if line.strip()]
        if style < 0 or not self.styles:  # no paragraph known: line breaks instead
            mark = _BREAK
        else:
            ppr, rpr = self.styles[style]
            mark = f'</w:t></w:r></w:p><w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">'
        return Markup(mark.join(str(_run_text(line)) for line in lines))

    def bind(self, xml: str) -> str:
        """Give each ``|paragraphs`` use the paragraph and run style around it."""

        def one(paragraph: re.Match[str]) -> str:
            body = paragraph.group(0)
            if not _PARAGRAPHS_FILTER.search(body):
                return body
            ppr = re.search(r"<w:pPr>.*?</w:pPr>", body, re.DOTALL)
            runs = list(re.finditer(r"<w:r[ >].*?</w:r>", body, re.DOTALL))
            run = next((r for r in runs if _PARAGRAPHS_FILTER.search(r.group(0))), None)
            rpr = re.search(r"<w:rPr>.*?</w:rPr>", run.group(0), re.DOTALL) if run else None
            self.styles.append((ppr.group(0) if ppr else "", rpr.group(0) if rpr else ""))
            return _PARAGRAPHS_FILTER.sub(f"|paragraphs({len(self.styles) - 1})", body)

        return _PARAGRAPH.sub(one, xml)


class _Checkboxes:
    """Checkbox content controls whose checked state and glyph follow one tag.

    A control holding only ``{{ expr|checkbox }}`` becomes a single
    ``{{ (expr)|checkbox_control(n) }}`` that returns one of two prepared copies of
    the whole control (checked or not): one expression per box per notice. A
    control with other tags inside keeps them, and only its ``w14:checked`` state
    is tied to the tag.
    """

    def __init__(self) -> None:
        self.variants: list[tuple[Markup, Markup]] = []  # (unchecked, checked) per control

    def __call__(self, value: Any, index: int) -> Markup:
        return self.variants[index][bool(value)]

    def bind(self, xml: str) -> str:
        return _INNER_SDT.sub(self._one, xml)

    def _one(self, sdt: re.Match[str]) -> str:
        body = sdt.group(0)
        if "<w14:checkbox>" not in body:
            return body
        tag = _CHECKBOX_TAG.search(body)
        if tag is None:
            return body
        rest = body[: tag.start()] + body[tag.end():]
        if "{{" in rest or "{%" in rest:
            expression = "{{ (" + tag.group(1) + ")|checkbox_state }}"
            state = f'<w14:checked w14:val="{expression}"/>'
            return _CHECKED_STATE.sub(lambda _: state, body, count=1)

        def variant(checked: bool) -> Markup:
            filled = body[: tag.start()] + str(_BOX[checked]) + body[tag.end():]
            state = f'<w14:checked w14:val="{_STATE[checked]}"/>'
            return Markup(ascii_xml(_CHECKED_STATE.sub(lambda _: state, filled, count=1)))

        self.variants.append((variant(False), variant(True)))
        return "{{ (" + tag.group(1) + f")|checkbox_control({len(self.variants) - 1}) }}}}"


class CompiledTemplate:
    """A .docx template parsed and compiled once; :meth:`render` makes one notice."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            check_template(path)
            self.package = DocxPackage(path)
        except FileNotFoundError:
            raise TemplateError(f"{path}: template not found; check the --template path") from None
        except (zipfile.BadZipFile, OSError) as exc:
            raise TemplateError(
                f"{path}: is not a Word .docx template ({type(exc).__name__}); "
                "save it from Word as .docx"
            ) from None
        if "word/document.xml" not in self.package.names:
            raise TemplateError(f"{path}: is not a Word .docx template (no word/document.xml)")
        self.env = make_environment()
        paragraphs, checkboxes = _Paragraphs(), _Checkboxes()
        self.env.filters["paragraphs"] = paragraphs
        self.env.filters["checkbox_control"] = checkboxes
        self._trees: dict[str, nodes.Template] = {}  # every tagged part, parsed
        self._jinja: dict[str, jinja2.Template] = {}  # compiled by Jinja (when needed)
        self.fast: dict[str, Render] = {}  # parts simple enough for compile_simple
        self.variables: set[str] = set()
        self.verify: set[str] = set()  # parts whose every rendered copy is parsed first
        self.when = properties.run_time()  # created and modified, for every notice of the run
        tagged: dict[str, str] = {}
        for name in self.package.names:
            if not _TAGGED_PART.fullmatch(name):
                continue
            xml = self.package.read(name).decode("utf-8")
            if "{" in xml:
                refuse_misplaced_tags(path, name, xml)
                tagged[name] = xml
        self._custom = self._key_part(tagged)
        patched = patch_cache.patched(tagged)  # docxtpl's patch_xml, cached between runs
        for name in tagged:
            source = patched[name]
            if "{{" not in source and "{%" not in source:
                continue
            source = paragraphs.bind(checkboxes.bind(source)).replace(
                "<w:t>", '<w:t xml:space="preserve">'
            )
            if not blocks_are_balanced(source):
                self.verify.add(name)  # some rows could make it corrupt: parse each copy
            try:
                tree = self.env.parse(source)  # parsed once: for the variables and to compile
                self._trees[name] = tree
                simple = compile_simple(tree, self.env.filters, _plain_finalize, ascii_xml)
                if simple is None:
                    self.variables |= meta.find_undeclared_variables(tree)
                    self.jinja(name)  # compiled now, so that its errors show now
                else:
                    self.variables |= simple.variables
                    self.fast[name] = simple.render
            except jinja2.TemplateSyntaxError as exc:
                raise TemplateError(
                    f"{path}: {name} has a broken tag near "
                    f'"{self._tag_near(source)}": {exc.message}; fix it in Word'
                ) from None

    def _key_part(self, tagged: Mapping[str, str]
                  ) -> Callable[[Mapping[str, Any]], bytes] | None:
        """How each notice's key goes into ``docProps/custom.xml`` (``docgen status``
        reads it): after the template's own properties, or in a part added for it.
        None: the template renders that part from tags itself."""
        package = self.package
        if properties.CUSTOM in tagged:
            return None
        if properties.CUSTOM in package.names:
            try:
                return properties.key_writer(self.path.name, *properties.template_custom(
                    package.read(properties.CUSTOM)))
            except etree.XMLSyntaxError:
                raise TemplateError(f"{self.path}: {properties.CUSTOM} is damaged; save the "
                                    "template again from Word") from None
        types, rels = "[Content_Types].xml", "_rels/.rels"
        if types not in package.names or rels not in package.names:
            return None
        new_types, new_rels = properties.with_custom_part(package.read(types),
                                                          package.read(rels))
        package.amend(types, new_types)
        package.amend(rels, new_rels)
        package.amend(properties.CUSTOM, properties.custom_xml({}))
        return properties.key_writer(self.path.name)

    @property
    def _own_properties(self) -> bool:
        """Whether docgen writes each notice's metadata (the template has untagged ones)."""
        return properties.CORE in self.package.names and properties.CORE not in self._trees

    @property
    def _jinja_parts(self) -> bool:
        """Whether any part renders through Jinja (loops...), not the fast path."""
        return len(self.fast) < len(self._trees)

    def filtered_variables(self, filter_name: str) -> set[str]:
        """The variables the template passes through ``filter_name`` (``paragraphs``)."""
        return {node.node.name for tree in self._trees.values()
                for node in tree.find_all(nodes.Filter)
                if node.name == filter_name and isinstance(node.node, nodes.Name)}

    def missing(self, available: set[str]) -> list[str]:
        """Variables the template uses that ``available`` does not supply."""
        return sorted(self.variables - available)

    def render_parts(self, context: Mapping[str, Any]) -> dict[str, bytes]:
        """The rendered XML of every tagged part."""
        try:
            with limits.time_limit() if self._jinja_parts else nullcontext():
                rendered = {name: self._render_part(name, context) for name in self._trees}
        except limits.TemplateLimitError as exc:
            raise TemplateError(f"{self.path}: the template asks too much: {exc}; docgen "
                                "stops here") from None
        except (ValueError, TypeError, ArithmeticError) as exc:  # a filter on this row's values
            raise NoticeError(f"a tag of the template failed on this row's values "
                              f"({type(exc).__name__}); check the cells the template uses "
                              "or the tag") from None
        except jinja2.UndefinedError as exc:
            raise TemplateError(f"{self.path}: {exc.message}; add the column to the workbook "
                                "or remove the tag from the template") from None
        except jinja2.TemplateError as exc:
            raise TemplateError(f"{self.path}: a tag failed: {type(exc).__name__}") from None
        if "docProps/core.xml" in rendered:  # plain text there, not Word's line marks
            rendered["docProps/core.xml"] = rendered["docProps/core.xml"].replace(
                _BREAK, "\n").replace(_TAB, "\t")
        parts = {
            name: (_highlight_placeholders(xml) if PLACEHOLDER_MARK in xml else xml).encode()
            for name, xml in rendered.items()
        }
        if self._own_properties:
            parts[properties.CORE] = properties.core_xml(context, self.when)
        if self._custom is not None:
            parts[properties.CUSTOM] = self._custom(context)
        for name in self.verify:
            try:
                safexml.parse(parts[name])
            except etree.XMLSyntaxError:
                raise NoticeError(f"the template's {name} would be corrupt for this row (an "
                                  "{% if %} or {% for %} opens in one paragraph or table and "
                                  "closes in another); fix the tag in Word") from None
        return parts

    def _render_part(self, name: str, context: Mapping[str, Any]) -> str:
        fast = self.fast.get(name)
        if fast is not None:
            try:
                return fast(context)
            except KeyError:
                pass  # a variable the context lacks: Jinja says which
        return limits.render(self.jinja(name), context)

    def jinja(self, name: str) -> jinja2.Template:
        """Part ``name`` compiled by Jinja; parts that render fast compile only if needed
        (the simple subset holds nothing Jinja could refuse at compile time)."""
        if name not in self._jinja:
            self._jinja[name] = self.env.from_string(self._trees[name])
        return self._jinja[name]

    def render(self, context: Mapping[str, Any]) -> bytes:
        """The complete .docx of one notice."""
        return self.package.build(self.render_parts(context))

    def _tag_near(self, source: str) -> str:
        """The text of the paragraph where Jinja stopped, for the error message."""
        lined = source.replace("<w:p>", "\n<w:p>").replace("<w:p ", "\n<w:p ")
        try:
            self.env.parse(lined)
            return "?"
        except jinja2.TemplateSyntaxError as exc:
            lines = lined.splitlines() or [""]
            line = lines[min(max((exc.lineno or 1) - 1, 0), len(lines) - 1)]
            return re.sub(r"<[^>]+>", "", line).strip()[:80]
