"""A statement in Markdown as pieces, parsed by markdown-it-py (CommonMark with
tables): headings with their level, paragraphs, list items and table cells, their
text without the markup (a link keeps its words, an image its alternative text)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ._html import html_pieces
from ._pieces import Piece, clean

__all__ = ["markdown_pieces"]


def _inline(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":  # the source's wrapping, not a break
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "html_inline" and re.match(r"<br\s*/?>", child.content, re.I):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def markdown_pieces(source: str) -> tuple[list[Piece], str | None]:
    """The pieces of a Markdown text, and its first top-level heading as its title."""
    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    pieces: list[Piece] = []
    title: str | None = None
    heading = 0
    in_item = in_cell = 0
    for token in tokens:
        if token.type == "heading_open":
            heading = int(token.tag[1])
        elif token.type == "heading_close":
            heading = 0
        elif token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        elif token.type in ("td_open", "th_open"):
            in_cell += 1
        elif token.type in ("td_close", "th_close"):
            in_cell -= 1
        elif token.type == "inline":
            text = clean(_inline(token))
            if not text:
                continue
            if heading:
                pieces.append(Piece("heading", text, heading))
                if heading == 1 and title is None:
                    title = text.replace("\n", " ")
            elif in_cell:
                pieces.append(Piece("cell", text))
            elif in_item:
                pieces.append(Piece("item", text))
            else:
                pieces.append(Piece("paragraph", text))
        elif token.type in ("fence", "code_block"):
            text = clean(token.content)
            if text:
                pieces.append(Piece("paragraph", text))
        elif token.type == "html_block":
            pieces.extend(html_pieces(token.content)[0])
    return pieces, title
