"""What an .htm says: its block texts (unescaped) and its checkbox sequence."""

from __future__ import annotations

import html
from html.parser import HTMLParser

BLOCKS = {"p", "td", "tr", "table", "div", "hr", "br", "title"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.in_title = False

    def _flush(self) -> None:
        if self.current:
            self.blocks.append("".join(self.current))
        self.current = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.in_title = tag == "title"
        if tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            self.current = []
        elif tag in BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if data != "\n" or self.current:  # the writer puts a newline between blocks only
            self.current.append(data)

    def handle_charref(self, name: str) -> None:
        self.current.append(html.unescape(f"&#{name};"))

    def handle_entityref(self, name: str) -> None:
        self.current.append(html.unescape(f"&{name};"))


def paragraphs(data: bytes) -> list[str]:
    """Text of each <p> (and other block), character references resolved."""
    parser = _Text()
    parser.feed(data.decode("ascii"))
    parser.close()
    parser._flush()
    return parser.blocks


def boxes(text: str) -> list[bool]:
    return [c == "\u2612" for c in text if c in "\u2610\u2612"]
