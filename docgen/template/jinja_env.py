"""The Jinja environment docgen renders with: every value escaped once, as Word text.

A sandboxed environment (:mod:`docgen.template.limits` bounds what a template may
cost) whose ``finalize`` escapes each ``{{ }}`` value for ``<w:t>``, turning line
breaks and tabs into Word's marks, and a code generator that skips Jinja's second
escape of what ``finalize`` already escaped.
"""

from __future__ import annotations

from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from docgen.template import limits

CHECKED, UNCHECKED = "☒", "☐"
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'


def _escaped_text(text: str) -> str:
    """Text for inside ``<w:t>``: escaped as markupsafe escapes (``&amp; &lt; &gt; &#34;
    &#39;``), with line breaks and tabs as Word marks them."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&#34;")
    if "'" in text:
        text = text.replace("'", "&#39;")
    if "\n" in text:
        text = text.replace("\n", _BREAK)
    if "\t" in text:
        text = text.replace("\t", _TAB)
    return text


def _run_text(text: str) -> Markup:
    return Markup(_escaped_text(text))


def _finalize(value: Any) -> Markup:
    """Every ``{{ }}`` output passes here: escape text, keep line breaks and tabs.

    Always returns Markup: the compiled templates rely on it (see _CodeGenerator).
    """
    if type(value) is str:
        return _run_text(value)
    if isinstance(value, Markup):
        return value
    if hasattr(value, "__html__"):  # docxtpl RichText/Listing objects carry their own XML
        return Markup(value.__html__())
    return _run_text(value if isinstance(value, str) else str(value))


def _plain_finalize(value: Any) -> str:
    """:func:`_finalize` for the simple-template renderer: the same text as a plain
    str, without building Markup per value."""
    return _escaped_text(value) if type(value) is str else _finalize(value)


# Constant outputs are Markup already, so rendering them costs no escaping.
_BOX = {True: Markup(CHECKED), False: Markup(UNCHECKED)}
_STATE = {True: Markup("1"), False: Markup("0")}


def _checkbox(value: Any) -> Markup:
    return _BOX[bool(value)]


class _CodeGenerator(CodeGenerator):
    """Compiles ``{{ x }}`` to ``finalize(x)`` where Jinja writes ``escape(finalize(x))``.

    docgen's finalize escapes every value itself and always returns Markup, which
    ``escape`` would only copy again: once per tag per notice, a third of the
    render time. Anything else (no finalize, volatile autoescape) compiles as usual.
    """

    def _direct(self, frame: Frame, finalize: CodeGenerator._FinalizeInfo) -> bool:
        return (finalize.src == "environment.finalize(" and self.environment.finalize is (
            _finalize) and not frame.eval_ctx.volatile and bool(frame.eval_ctx.autoescape))

    def _output_child_pre(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        if self._direct(frame, finalize):
            self.write("environment.finalize(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        if self._direct(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, with what one render may cost bounded (:mod:`docgen.template.limits`):
    for notices, and as it is for the plain-text e-mail template."""

    intercepted_binops = limits.INTERCEPTED

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        return limits.binop(operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        limits.check_call(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:
        limits.check_format_method(value)
        return super().wrap_str_format(value)


class _Environment(BoundedEnvironment):
    """The notices' environment: values escaped for ``<w:t>`` by ``finalize``."""

    code_generator_class = _CodeGenerator


def text_environment() -> BoundedEnvironment:
    """A bounded sandbox for plain text (no escaping): the review e-mail template."""
    env = BoundedEnvironment(autoescape=False, undefined=StrictUndefined,
                             keep_trailing_newline=True, optimized=False)
    limits.bound_filters(env.filters)
    return env


def make_environment() -> SandboxedEnvironment:
    """The Jinja environment docgen renders with (also used by tests and benchmarks)."""
    env = _Environment(
        autoescape=True, undefined=StrictUndefined, finalize=_finalize,
        keep_trailing_newline=True, optimized=False,  # no constant folding at compile time
    )
    limits.bound_filters(env.filters)
    env.filters["checkbox"] = _checkbox
    env.filters["checkbox_state"] = lambda value: _STATE[bool(value)]
    return env
