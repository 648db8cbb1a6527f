"""The simple-template renderer prints exactly what Jinja prints, or stands aside."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import meta
from lxml import etree

from docgen.errors import TemplateError
from docgen.template.fastrender import compile_simple
from docgen.template.jinja_env import _finalize, make_environment
from docgen.template.render import CompiledTemplate, bundled_template

from conftest import SAMPLE
from template.test_render import sample_contexts

NASTY = st.lists(st.one_of(st.characters(blacklist_categories=("Cs", "Cc", "Cn")),
                           st.sampled_from(["&", "<", ">", '"', "'", "\n", "\t", "{{", "}}",
                                            "&amp;"])), max_size=20).map("".join)


def canonical(xml: str) -> bytes:
    """The document as any XML reader sees it (character references expanded)."""
    return etree.tostring(etree.fromstring(xml.encode("utf-8")), method="c14n")


def jinja_text(compiled: CompiledTemplate, context: dict[str, Any]) -> str:
    return compiled.jinja("word/document.xml").render(context)


def fast_text(compiled: CompiledTemplate, context: dict[str, Any]) -> str:
    return compiled.fast["word/document.xml"](context)


def test_bundled_template_takes_the_fast_path_and_prints_what_jinja_prints(
    sample: Path,
) -> None:
    compiled = CompiledTemplate(bundled_template())
    assert "word/document.xml" in compiled.fast
    assert compiled.variables == meta.find_undeclared_variables(
        compiled._trees["word/document.xml"])
    contexts = sample_contexts(sample)
    assert len(contexts) >= 8
    for context in contexts:
        assert canonical(fast_text(compiled, context)) == canonical(jinja_text(compiled, context))
    assert fast_text(compiled, contexts[0]).isascii()  # encodes at memory speed


@settings(max_examples=60, deadline=None)
@given(values=st.dictionaries(st.sampled_from(["registrant_name", "narrative", "reports_not_filed",
                                               "change_explanation", "signer_title", "cusip"]),
                              NASTY),
       flags=st.dictionaries(st.sampled_from(["form_10k", "part2_b", "other_reports_filed",
                                              "significant_change", "transition_10q"]),
                             st.booleans()))
def test_any_values_print_the_same_both_ways(
    values: dict[str, str], flags: dict[str, bool]
) -> None:
    compiled = CompiledTemplate(bundled_template())
    context = {**sample_contexts(SAMPLE)[0], **values, **flags}
    assert canonical(fast_text(compiled, context)) == canonical(jinja_text(compiled, context))


SUPPORTED = [
    "a {{ x }} b",
    "{{ x|upper }}",
    "{% if x %}yes {{ x }}{% else %}no{% endif %}",
    "{% if not x %}none{% endif %}{{ (not x)|checkbox }}",
    "{{ x|string|title }} {{ x|string|indent(2, true) }}",
]
UNSUPPORTED = [
    "{% for c in x %}{{ c }}{% endfor %}",
    "{{ x.upper() }}",
    "{{ x ~ 'a' }}",
    "{% if x %}a{% elif y %}b{% endif %}",
    "{{ x|replace('a', 'b') }}",  # filters that take the evaluation context...
    "{{ x|truncate(3) }}",  # ... or the environment
    "{{ x|default('n', true) }}{{ x|center(width=9) }}",
    "{% set y = x %}{{ y }}",
    "{{ 'const' }}",
]


@pytest.mark.parametrize("source", SUPPORTED)
@pytest.mark.parametrize("x", ["", "a<b & 'c'", "line\nbreak", 0, 7])
def test_supported_templates_print_the_same(source: str, x: object) -> None:
    env = make_environment()
    tree = env.parse(source)
    fast = compile_simple(tree, env.filters, _finalize)
    assert fast is not None
    assert fast.render({"x": x}) == env.from_string(source).render({"x": x})
    assert fast.variables == meta.find_undeclared_variables(tree) == {"x"}


@pytest.mark.parametrize("source", UNSUPPORTED)
def test_other_templates_are_left_to_jinja(source: str) -> None:
    env = make_environment()
    assert compile_simple(env.parse(source), env.filters, _finalize) is None


def test_missing_value_is_reported_by_jinja(sample: Path) -> None:
    compiled = CompiledTemplate(bundled_template())
    context = dict(sample_contexts(sample)[0])
    del context["cusip"]
    with pytest.raises(TemplateError, match="cusip"):
        compiled.render_parts(context)


@given(st.one_of(NASTY, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False)))
def test_values_are_escaped_as_jinja_autoescape_would(value: object) -> None:
    from markupsafe import escape

    from docgen.template.jinja_env import _BREAK, _TAB, _plain_finalize

    expected = str(escape(str(value))).replace("\n", _BREAK).replace("\t", _TAB)
    assert _plain_finalize(value) == str(_finalize(value)) == expected


@pytest.mark.parametrize("xml", [
    "<a b=\"Zoë\">東京 ☒ —\u00a0🙂</a>",
    "<?xml version='1.0' encoding='UTF-8'?><a><!-- é --><![CDATA[ü]]>ß</a>",
    "plain ascii",
])
def test_ascii_xml_is_the_same_document(xml: str) -> None:
    from docgen.template.render import ascii_xml

    converted = ascii_xml(xml)
    assert "<!-- é -->" in converted or "<!--" not in xml  # comments untouched
    if xml.startswith("<"):
        assert canonical(converted) == canonical(xml)
        assert converted.replace("<!-- é -->", "").replace("<![CDATA[ü]]>", "").isascii()
    else:
        assert converted == xml
