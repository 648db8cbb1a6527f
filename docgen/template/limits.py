"""What one template may cost per notice: a template is code from outside.

Jinja's sandbox stops a template from reaching Python's internals, but not from
asking for ``9 ** 9 ** 9``, ``"x" * 10 ** 9``, ``"x"|center(999999999)`` or loops
of loops. docgen bounds each, and a template that goes past a bound stops the run
with one line naming it:

* numbers: an integer argument to a filter or method above :data:`MAX_NUMBER`, a
  power whose result would have more than :data:`MAX_POWER_BITS` bits, a ``%``
  format or ``str.format`` width of seven digits or more;
* text: a string or list built by ``*`` or ``+`` longer than :data:`MAX_LENGTH`;
* output: more than :data:`MAX_PART_MB` MB from one part of one notice;
* time: more than :data:`MAX_SECONDS` seconds for one notice's Jinja parts (an
  interval timer, on systems that have one; elsewhere the output bound applies).

Constant folding is off for templates (``optimized=False``), so none of this can
run while the template compiles either.
"""

from __future__ import annotations

import operator
import re
import signal
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

MAX_NUMBER = 100_000
MAX_POWER_BITS = 10_000
MAX_LENGTH = 1_000_000
MAX_PART_MB = 64
MAX_SECONDS = 10.0
# A format width of seven digits, or one taken from the arguments ({:{}} or %*d).
_WIDE_FORMAT = re.compile(r"\d{7}|:[^{}]*\{|%[^a-zA-Z%]*\*")
_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "**": operator.pow, "*": operator.mul, "+": operator.add, "%": operator.mod,
}
INTERCEPTED = frozenset(_OPERATORS)


class TemplateLimitError(SecurityError):
    """A template asked for more than docgen allows one notice to cost."""


def _sized(value: Any) -> bool:
    return isinstance(value, (str, bytes, list, tuple))


def binop(op: str, left: Any, right: Any) -> Any:
    """``left op right``, refused when the result would be unreasonably large."""
    if op == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
        if right > MAX_POWER_BITS or right * abs(left).bit_length() > MAX_POWER_BITS:
            raise TemplateLimitError(f"a power ({left} ** {right}) is too large")
    elif op == "*" and (_sized(left) or _sized(right)):
        sized, count = (left, right) if _sized(left) else (right, left)
        if isinstance(count, int) and len(sized) * max(count, 0) > MAX_LENGTH:
            raise TemplateLimitError(f"a repetition longer than {MAX_LENGTH:,} items")
    elif op == "+" and _sized(left) and _sized(right):
        if len(left) + len(right) > MAX_LENGTH:
            raise TemplateLimitError(f"a text or list longer than {MAX_LENGTH:,} items")
    elif op == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
        raise TemplateLimitError("a % format with a width of a million or more, or taken "
                                 "from its arguments")
    return _OPERATORS[op](left, right)


# Filters and str methods whose numeric arguments are sizes (widths, counts): the
# only places a number from a template turns into memory. Numbers as data pass.
SIZE_FILTERS = frozenset({"center", "indent", "truncate", "wordwrap", "batch", "slice"})
SIZE_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
FORMAT_FILTERS = frozenset({"format"})


def check_call(function: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse a huge size given to a str method."""
    if isinstance(getattr(function, "__self__", None), str):
        name = getattr(function, "__name__", "")
        if name in SIZE_METHODS:
            _check_sizes(name, (*args, *kwargs.values()))


def check_format_method(method: Any) -> None:
    """Refuse ``str.format``/``format_map`` on a format string with a huge width."""
    owner = getattr(method, "__self__", None)
    if (isinstance(owner, str) and getattr(method, "__name__", "") in ("format", "format_map")
            and _WIDE_FORMAT.search(owner)):
        raise TemplateLimitError("a format with a width of a million or more, or taken "
                                 "from its arguments")


def _check_sizes(name: str, values: tuple[Any, ...]) -> None:
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            raise TemplateLimitError(f"a size larger than {MAX_NUMBER:,} given to {name}")


def bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Filter ``name`` with its size arguments (or format string) checked first."""
    skip = 2 if getattr(function, "jinja_pass_arg", None) is not None else 1

    def bounded(*args: Any, **kwargs: Any) -> Any:
        if name in FORMAT_FILTERS:
            text = args[skip - 1] if len(args) >= skip else ""
            if isinstance(text, str) and _WIDE_FORMAT.search(text):
                raise TemplateLimitError("a format with a width of a million or more")
        else:
            _check_sizes(name, (*args[skip:], *kwargs.values()))
        return function(*args, **kwargs)

    for attribute in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(function, attribute):
            setattr(bounded, attribute, getattr(function, attribute))
    return bounded


def bound_filters(filters: dict[str, Callable[..., Any]]) -> None:
    """Wrap, in place, every filter whose arguments can ask for memory."""
    for name in SIZE_FILTERS | FORMAT_FILTERS:
        if name in filters:
            filters[name] = bounded_filter(name, filters[name])


@contextmanager
def time_limit(seconds: float = MAX_SECONDS) -> Iterator[None]:
    """Raise :class:`TemplateLimitError` in this block after ``seconds`` (Unix, main thread)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not (
            threading.main_thread()):
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise TemplateLimitError(f"one notice took more than {seconds:g} seconds to render")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render(template: jinja2.Template, context: Mapping[str, Any],
           limit_mb: float = MAX_PART_MB, what: str = "one part of a notice") -> str:
    """Render ``template`` chunk by chunk, stopping past ``limit_mb`` MB."""
    chunks: list[str] = []
    size, limit = 0, int(limit_mb * (1 << 20))
    for chunk in template.generate(context):
        size += len(chunk)
        if size > limit:
            raise TemplateLimitError(f"{what} grew past {limit_mb:g} MB")
        chunks.append(chunk)
    return "".join(chunks)
