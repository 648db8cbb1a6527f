"""Word's style inheritance, resolved to the few properties an EDGAR notice shows.

A paragraph's look is docDefaults, then its style's ``basedOn`` chain, then its
own properties; a run adds its character style and its own properties on top.
Properties are kept as small dicts merged in that order. A style sheet is
resolved once per distinct ``styles.xml`` (every notice of a merge shares one).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{W}val"
_OFF = ("0", "false", "off", "none")
_RUN_TOGGLES = {"b": "bold", "i": "italic", "strike": "strike", "dstrike": "strike",
                "caps": "caps", "smallCaps": "small_caps", "vanish": "vanish",
                "specVanish": "vanish", "webHidden": "vanish"}
_SIDES = ("top", "left", "bottom", "right")
Props = dict[str, Any]


def _num(element: etree._Element | None, attribute: str) -> float | None:
    if element is None:
        return None
    value = element.get(f"{W}{attribute}")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _on(element: etree._Element) -> bool:
    return element.get(_VAL, "1").lower() not in _OFF


def _border(element: etree._Element) -> tuple[float, str, float] | None:
    kind = element.get(_VAL, "nil")
    if kind in ("nil", "none"):
        return None
    size = _num(element, "sz") or 4.0  # eighths of a point
    space = _num(element, "space") or 0.0
    color = element.get(f"{W}color", "000000")
    color = "000000" if color == "auto" or len(color) != 6 else color
    return (max(size / 8, 0.75), color, space)


def borders(element: etree._Element | None) -> dict[str, tuple[float, str, float] | None]:
    """``w:pBdr``/``w:tcBorders``/``w:tblBorders`` -> side -> (points, colour, space) or None."""
    found: dict[str, tuple[float, str, float] | None] = {}
    if element is None:
        return found
    for child in element:
        side = etree.QName(child).localname
        side = {"start": "left", "end": "right"}.get(side, side)
        if side in _SIDES or side in ("insideH", "insideV"):
            found[side] = _border(child)
    return found


def paragraph_props(ppr: etree._Element | None) -> Props:
    """The paragraph properties docgen's writers use, from one ``w:pPr``."""
    props: Props = {}
    if ppr is None:
        return props
    for child in ppr:
        name = child.tag[len(W):] if child.tag.startswith(W) else ""
        if name == "jc":
            value = child.get(_VAL, "left")
            props["align"] = {"both": "justify", "distribute": "justify", "start": "left",
                              "end": "right", "center": "center", "right": "right"}.get(
                                  value, "left")
        elif name == "spacing":
            for key in ("before", "after"):
                number = _num(child, key)
                if number is not None:
                    props[key] = number / 20
        elif name == "ind":
            for key, attributes in (("left", ("left", "start")), ("right", ("right", "end"))):
                for attribute in attributes:
                    number = _num(child, attribute)
                    if number is not None:
                        props[key] = number / 20
            first, hanging = _num(child, "firstLine"), _num(child, "hanging")
            if hanging is not None:
                props["first_line"] = -hanging / 20
            elif first is not None:
                props["first_line"] = first / 20
        elif name == "pBdr":
            props["borders"] = borders(child)
        elif name == "pageBreakBefore":
            props["page_break_before"] = _on(child)
        elif name == "numPr":
            num_id = child.find(f"{W}numId")
            level = child.find(f"{W}ilvl")
            props["numbering"] = (num_id.get(_VAL, "0") if num_id is not None else "0",
                                  int(level.get(_VAL, "0")) if level is not None
                                  and level.get(_VAL, "0").isdigit() else 0)
        elif name == "pStyle":
            props["style"] = child.get(_VAL, "")
    return props


def run_props(rpr: etree._Element | None) -> Props:
    """The run properties docgen's writers use, from one ``w:rPr``."""
    props: Props = {}
    if rpr is None:
        return props
    for child in rpr:
        name = child.tag[len(W):] if child.tag.startswith(W) else ""
        if name in _RUN_TOGGLES:
            props[_RUN_TOGGLES[name]] = _on(child)
        elif name == "u":
            props["underline"] = child.get(_VAL, "single") != "none"
        elif name == "sz":
            size = _num(child, "val")
            if size:
                props["size"] = size / 2
        elif name == "rFonts":
            font = child.get(f"{W}ascii") or child.get(f"{W}hAnsi")
            if font:
                props["font"] = font
        elif name == "color":
            color = child.get(_VAL, "auto")
            props["color"] = None if color == "auto" or len(color) != 6 else color.upper()
        elif name == "vertAlign":
            value = child.get(_VAL, "baseline")
            props["vert"] = value if value in ("superscript", "subscript") else ""
        elif name == "highlight":
            props["highlight"] = child.get(_VAL, "none")
        elif name == "rStyle":
            props["style"] = child.get(_VAL, "")
    return props


class StyleSheet:
    """Resolved paragraph and character styles of one ``styles.xml``."""

    def __init__(self, root: etree._Element | None) -> None:
        self._raw: dict[str, tuple[str | None, Props, Props]] = {}
        self.default_paragraph = ""
        self.default_ppr: Props = {}
        self.default_rpr: Props = {}
        self._paragraph: dict[str, tuple[Props, Props]] = {}
        self._character: dict[str, Props] = {}
        self._tables: dict[str, etree._Element] = {}
        if root is None:
            return
        defaults = root.find(f"{W}docDefaults")
        if defaults is not None:
            self.default_ppr = paragraph_props(defaults.find(f"{W}pPrDefault/{W}pPr"))
            self.default_rpr = run_props(defaults.find(f"{W}rPrDefault/{W}rPr"))
        for style in root.iter(f"{W}style"):
            style_id = style.get(f"{W}styleId", "")
            based = style.find(f"{W}basedOn")
            self._raw[style_id] = (
                based.get(_VAL) if based is not None else None,
                paragraph_props(style.find(f"{W}pPr")), run_props(style.find(f"{W}rPr")))
            table_borders = style.find(f"{W}tblPr/{W}tblBorders")
            if table_borders is not None:
                self._tables[style_id] = table_borders
            if style.get(f"{W}type") == "paragraph" and _on_attr(style, "default"):
                self.default_paragraph = style_id

    def known(self, style_id: str) -> bool:
        return style_id in self._raw

    def _chain(self, style_id: str) -> list[str]:
        chain: list[str] = []
        while style_id and style_id in self._raw and style_id not in chain and len(chain) < 32:
            chain.append(style_id)
            style_id = self._raw[style_id][0] or ""
        return chain[::-1]

    def paragraph(self, style_id: str) -> tuple[Props, Props]:
        """(paragraph props, run props) of a paragraph style, defaults included."""
        style_id = style_id if style_id in self._raw else self.default_paragraph
        cached = self._paragraph.get(style_id)
        if cached is None:
            ppr, rpr = dict(self.default_ppr), dict(self.default_rpr)
            for link in self._chain(style_id):
                ppr.update(self._raw[link][1])
                rpr.update(self._raw[link][2])
            ppr.pop("style", None)
            cached = self._paragraph[style_id] = (ppr, rpr)
        return cached

    def table_borders(self, style_id: str) -> dict[str, tuple[float, str, float] | None]:
        """Borders a table style gives its tables (``basedOn`` chain included)."""
        found: dict[str, tuple[float, str, float] | None] = {}
        for link in self._chain(style_id):
            found.update(borders(self._tables.get(link)))
        return found

    def character(self, style_id: str) -> Props:
        """Run props of a character style (its ``basedOn`` chain), without defaults."""
        cached = self._character.get(style_id)
        if cached is None:
            rpr: Props = {}
            for link in self._chain(style_id):
                rpr.update(self._raw[link][2])
            rpr.pop("style", None)
            cached = self._character[style_id] = rpr
        return cached


def _on_attr(element: etree._Element, name: str) -> bool:
    return element.get(f"{W}{name}", "0").lower() in ("1", "true", "on")
