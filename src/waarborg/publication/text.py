"""The text of a published page, one block per line, to compare two versions by.

Each heading, paragraph, list item, fact (its label and value) and table row of the
page's ``<main>`` becomes one line, its white space made single. A heading starts with
``#`` marks as in Markdown (``## 3. Bewaartermijnen``), so a list of changes can name
the section a change is in. The table of contents and the style block are left out:
they repeat the headings, or say nothing a reader reads.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["comparable_text", "heading_level"]

_BLOCKS = frozenset(
    {
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "li",
        "tr",
        "caption",
        "blockquote",
        "figcaption",
    }
)
_SKIPPED = frozenset({"style", "script", "nav", "template"})
_CELLS = frozenset({"td", "th"})
_SPACE = re.compile(r"\s+")
_HEADING = re.compile(r"^(#{1,6}) ")


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._buffer: list[str] = []
        self._prefix = ""
        self._skip = 0
        self._in_main = False
        self._cell_started = False
        self._fact = False

    def _flush(self) -> None:
        line = _SPACE.sub(" ", "".join(self._buffer)).strip()
        if line:
            self.lines.append(self._prefix + line)
        self._buffer = []
        self._prefix = ""
        self._cell_started = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self._in_main = True
        if tag in _SKIPPED:
            self._skip += 1
            return
        if self._skip:
            return
        if tag in _BLOCKS:
            self._flush()
            if tag[0] == "h" and tag[1:].isdigit():
                self._prefix = "#" * int(tag[1]) + " "
        elif tag == "dt":
            self._flush()
        elif tag == "dd":
            self._fact = True
        elif tag in _CELLS:
            if self._cell_started:
                self._buffer.append(" | ")
            self._cell_started = True
        elif tag == "br":
            self._buffer.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if tag == "dt":
            self._buffer.append(": ")
        elif tag == "dd" or tag in _BLOCKS or tag == "main":
            self._flush()
        if tag == "main":
            self._in_main = False

    def handle_data(self, data: str) -> None:
        if not self._skip and self._in_main:
            self._buffer.append(data)


def comparable_text(html: str) -> str:
    """The text of ``html``'s ``<main>``, one block per line."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    parser._flush()
    return "\n".join(parser.lines)


def heading_level(line: str) -> int | None:
    """The level of a heading line (``## ...`` is 2), None for any other line."""
    match = _HEADING.match(line)
    return len(match.group(1)) if match else None
