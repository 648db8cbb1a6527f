"""A faster renderer for templates made only of values, filters and ``if`` blocks.

Jinja's compiled templates pay per notice for a new context, name resolution
through it and a generator step per piece. Most Word templates use nothing but
``{{ name }}``, ``{{ name|filter(constant) }}`` and ``{% if name %}...{% endif %}``;
for those, :func:`compile_simple` turns Jinja's own parse tree into one Python
function that looks names up in the context dict and joins a list. It gives the
same text as Jinja (tests compare them); a template with anything else (loops,
attributes, calls, macros, expressions...) returns None and renders with Jinja.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from jinja2 import nodes

Render = Callable[[Mapping[str, Any]], str]


class SimpleTemplate(NamedTuple):
    render: Render
    variables: frozenset[str]  # what the template reads: all of it comes from the context


class _Unsupported(Exception):
    """The template uses something the simple renderer does not know."""


class _Writer:
    def __init__(self, filters: Mapping[str, Any], static: Callable[[str], str]) -> None:
        self.filters = filters
        self.static = static
        self.lines: list[str] = []
        self.constants: list[Any] = []  # bound to the function as k0, k1, ...
        self.used_filters: dict[str, str] = {}
        self.names: set[str] = set()  # every variable the template reads

    def constant(self, value: Any) -> str:
        self.constants.append(value)
        return f"k{len(self.constants) - 1}"

    def value(self, node: nodes.Node) -> str:
        """Python for one value expression: a name, ``not`` name, or a filter of them."""
        if isinstance(node, nodes.Name) and node.ctx == "load":
            self.names.add(node.name)
            return f"c[{node.name!r}]"
        if isinstance(node, nodes.Not):
            return f"(not {self.value(node.node)})"
        if isinstance(node, nodes.Filter) and node.node is not None:
            if (node.kwargs or node.dyn_args or node.dyn_kwargs or node.name not in self.filters
                    or getattr(self.filters[node.name], "jinja_pass_arg", None) is not None):
                raise _Unsupported
            if not all(isinstance(a, nodes.Const) for a in node.args):
                raise _Unsupported
            function = self.used_filters.setdefault(node.name, self.constant(
                self.filters[node.name]))
            args = "".join(f", {self.constant(a.value)}" for a in node.args)  # type: ignore[attr-defined]
            return f"{function}({self.value(node.node)}{args})"
        raise _Unsupported

    def body(self, body: list[nodes.Node], indent: str) -> None:
        pieces: list[str] = []

        def flush() -> None:
            if pieces:
                self.lines.append(f"{indent}o += ({', '.join(pieces)},)")
                pieces.clear()

        for node in body:
            if isinstance(node, nodes.Output):
                for child in node.nodes:
                    if isinstance(child, nodes.TemplateData):
                        pieces.append(repr(self.static(child.data)))
                    else:
                        pieces.append(f"fin({self.value(child)})")
            elif isinstance(node, nodes.If) and not node.elif_:
                flush()
                self.lines.append(f"{indent}if {self.value(node.test)}:")
                self.lines.append(f"{indent}    pass")
                self.body(node.body, indent + "    ")
                if node.else_:
                    self.lines.append(f"{indent}else:")
                    self.lines.append(f"{indent}    pass")
                    self.body(node.else_, indent + "    ")
            else:
                raise _Unsupported
        flush()


def compile_simple(
    tree: nodes.Template, filters: Mapping[str, Any], finalize: Callable[[Any], Any],
    static: Callable[[str], str] = str,
) -> SimpleTemplate | None:
    """One function rendering ``tree`` (Jinja's parse of a template), or None.

    ``static`` may rewrite the template's own text (not the values) once, at
    compile time, into an equivalent form.
    """
    writer = _Writer(filters, static)
    try:
        writer.body(tree.body, "    ")
    except _Unsupported:
        return None
    source = "def render(c):\n    o = []\n" + "\n".join(writer.lines) + "\n    return ''.join(o)\n"
    namespace: dict[str, Any] = {f"k{n}": value for n, value in enumerate(writer.constants)}
    namespace["fin"] = finalize
    exec(compile(source, "<docgen template>", "exec"), namespace)
    render: Render = namespace["render"]
    return SimpleTemplate(render, frozenset(writer.names))
