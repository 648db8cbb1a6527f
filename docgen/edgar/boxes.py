"""How a notice's checkboxes are told, whatever made them: Word's checkbox content
controls (their state, not their glyph), legacy FORMCHECKBOX fields, and the boxes of
the symbol fonts older notices used (rule K2). ``docgen edgar`` and ``docgen status``
read boxes alike through these."""

from __future__ import annotations

from lxml import etree

from docgen.edgar.styles import W

W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
# Checkbox characters of the symbol fonts (as Word stores them, from U+F000), as states.
SYMBOL_BOXES = {"\uf06f": False, "\uf0a8": False, "\uf071": False, "\uf070": False,
                "\uf0fe": True, "\uf0fd": True, "\uf078": True}
SYMBOL_FONTS = ("wingdings", "webdings", "symbol", "wingdings 2", "wingdings 3")
_ON = ("1", "true", "on")


def control_checked(checkbox: etree._Element) -> bool:
    """A checkbox content control's state, from its ``w14:checkbox`` properties."""
    state = checkbox.find(f"{W14}checked")
    return state is not None and state.get(f"{W14}val", "1").lower() in _ON


def form_field_box(begin: etree._Element) -> bool | None:
    """A legacy FORMCHECKBOX field's state, from its ``w:fldChar`` begin (None: another
    kind of field)."""
    box = begin.find(f"{W}ffData/{W}checkBox")
    if box is None:
        return None
    state = box.find(f"{W}checked")
    if state is None:
        state = box.find(f"{W}default")
    return state is not None and state.get(f"{W}val", "1").lower() in _ON
