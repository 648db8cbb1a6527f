"""Word tables -> one level of :class:`~docgen.edgar.model.Table` (EDGAR forbids nesting).

Column widths come from the table grid as percentages, spans from ``gridSpan``
and ``vMerge``, and each cell's borders from the table style, the table's own
borders (outer edges and inside lines) and the cell's, in that order.
"""

from __future__ import annotations

from lxml import etree

from docgen.edgar.model import Border, Cell, Paragraph, ReaderLike, Table
from docgen.edgar.styles import W, borders

_VAL = f"{W}val"


def _int(element: etree._Element | None, default: int) -> int:
    value = element.get(_VAL, "") if element is not None else ""
    return int(value) if value.isdigit() else default


def _children(parent: etree._Element, tag: str) -> list[etree._Element]:
    """``tag`` children, looking through content controls and custom XML around them."""
    found = []
    for child in parent:
        if child.tag == tag:
            found.append(child)
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            content = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if content is not None:
                found.extend(_children(content, tag))
    return found


def read_table(reader: ReaderLike, element: etree._Element) -> Table:
    properties = element.find(f"{W}tblPr")
    style = properties.find(f"{W}tblStyle") if properties is not None else None
    outer = reader.styles.table_borders(style.get(_VAL, "") if style is not None else "")
    outer.update(borders(properties.find(f"{W}tblBorders") if properties is not None else None))
    grid: list[float] = []
    for grid_column in element.iterfind(f"{W}tblGrid/{W}gridCol"):
        try:
            grid.append(max(float(grid_column.get(f"{W}w", "0")), 0.0))
        except ValueError:
            grid.append(0.0)
    rows = _children(element, f"{W}tr")
    columns = max(len(grid), 1)
    total = sum(grid) or 1.0
    table = Table()
    above: dict[int, Cell] = {}  # column -> the cell a vertical merge continues
    for row_index, row in enumerate(rows):
        cells: list[Cell] = []
        column = _int(row.find(f"{W}trPr/{W}gridBefore"), 0)
        for tc in _children(row, f"{W}tc"):
            tc_properties = tc.find(f"{W}tcPr")
            span = max(_int(tc_properties.find(f"{W}gridSpan")
                            if tc_properties is not None else None, 1), 1)
            merge = tc_properties.find(f"{W}vMerge") if tc_properties is not None else None
            blocks = reader.blocks(tc)
            if any(isinstance(b, Table) for b in blocks):
                raise reader.refuse("the notice has a table inside a table", "EDGAR does "
                                    "not accept nested tables: in Word move the inner table "
                                    "out, or convert it to text (Layout > Convert to Text)")
            paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
            if merge is not None and merge.get(_VAL, "continue") != "restart" and column in above:
                above[column].rowspan += 1
                above[column].blocks.extend(p for p in paragraphs if p.inlines)
                column += span
                continue
            align = tc_properties.find(f"{W}vAlign") if tc_properties is not None else None
            cell = Cell(paragraphs, colspan=span,
                        width=100 * sum(grid[column:column + span]) / total if grid else 0.0,
                        valign=align.get(_VAL, "top") if align is not None else "top")
            sides = {
                "top": outer.get("top" if row_index == 0 else "insideH"),
                "bottom": outer.get("bottom" if row_index == len(rows) - 1 else "insideH"),
                "left": outer.get("left" if column == 0 else "insideV"),
                "right": outer.get("right" if column + span >= columns else "insideV"),
            }
            sides.update(borders(tc_properties.find(f"{W}tcBorders")
                                 if tc_properties is not None else None))
            cell.borders = {side: Border(*value) for side, value in sides.items()
                            if value is not None and side in ("top", "left", "bottom", "right")}
            above[column] = cell
            cells.append(cell)
            column += span
        table.rows.append(cells)
    return table
