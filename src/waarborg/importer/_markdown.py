"""A statement in Markdown as pieces, parsed by markdown-it-py (CommonMark with
tables): headings with their level, paragraphs, list items and table cells, their
text without the markup (a link keeps its words, an image its alternative text)."""

from __future__ import annotations

import re

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ._html import html_pieces
from ._pieces import Piece, bold_heading, clean, link_host, unwrap

__all__ = ["markdown_pieces"]

# Where the source breaks a line without a hard break: joined or kept by ``unwrap``.
_SOFT = "\ue000"


def _text(inline: str) -> str:
    lines = []
    for hard in inline.split("\n"):
        soft = [clean(part) for part in hard.split(_SOFT)]
        lines.append(unwrap([part for part in soft if part]))
    return clean("\n".join(lines))


def _inline(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":  # wrapping, or a line of an address block
            parts.append(_SOFT)
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "html_inline" and re.match(r"<br\s*/?>", child.content, re.I):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def _links(token: Token) -> tuple[tuple[str, str], ...]:
    """The links to other sites in an inline token: each link's words and the host it
    points to (``[hier](https://www.antagonist.nl/x)`` gives ``("hier", "antagonist.nl")``)."""
    found: list[tuple[str, str]] = []
    host: str | None = None
    words: list[str] = []
    for child in token.children or []:
        if child.type == "link_open":
            host, words = link_host(str(child.attrGet("href") or "")), []
        elif child.type == "link_close":
            text = clean(" ".join(words)).replace("\n", " ")
            if host and text:
                found.append((text, host))
            host = None
        elif host and child.type in ("text", "code_inline", "image"):
            words.append(child.content)
    return tuple(found)


_FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)


def _front_matter(source: str) -> tuple[str, str | None]:
    """The text without its YAML front matter (Jekyll, Hugo, Astro), and the title
    the front matter gives."""
    found = _FRONT_MATTER.match(source)
    if found is None:
        return source, None
    try:
        data = yaml.safe_load(found.group(1))
    except yaml.YAMLError:
        return source, None  # not front matter after all: the text as written
    title = data.get("title") if isinstance(data, dict) else None
    named = clean(title).replace("\n", " ") if isinstance(title, str) else ""
    return source[found.end() :], named or None


def _bold(token: Token) -> bool:
    """Whether a paragraph is set wholly in bold (``**Bewaartermijn**``)."""
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    return (
        len(children) >= 3
        and children[0].type == "strong_open"
        and children[-1].type == "strong_close"
        and not any(c.type == "strong_close" for c in children[1:-1])
    )


_GRID_RULE = re.compile(r"^\s*\+(?:[-=]+\+)+\s*$")
_GRID_ROW = re.compile(r"^\s*\|.*\|\s*$")


def _grid_cells(content: str) -> list[Piece] | None:
    """A table drawn in text, as reStructuredText writes one ("+----+----+" between
    rows, "| Adres | Kerkstraat 1 |"), as its cells, row by row; None for other text. A
    row drawn over several lines gives each cell its lines joined."""
    lines = [line for line in content.split("\n") if line.strip()]
    if len(lines) < 3 or not _GRID_RULE.match(lines[0]):
        return None
    if not all(_GRID_RULE.match(line) or _GRID_ROW.match(line) for line in lines):
        return None
    cells: list[Piece] = []
    row: list[list[str]] = []
    for line in [*lines, "+"]:
        if _GRID_RULE.match(line) or line == "+":
            cells.extend(Piece("cell", text) for c in row if (text := clean(" ".join(c))))
            row = []
            continue
        parts = [part.strip() for part in line.strip().strip("|").split("|")]
        if not row:
            row = [[] for _ in parts]
        for index, part in enumerate(parts[: len(row)]):
            row[index].append(part)
    return cells


def markdown_pieces(source: str) -> tuple[list[Piece], str | None]:
    """The pieces of a Markdown text, and its title: the one its front matter gives,
    or else its first top-level heading."""
    source, title = _front_matter(source)
    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    pieces: list[Piece] = []
    heading = last = 0  # the heading open now, and the level of the one before
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
        elif token.type == "inline" and (grid := _grid_cells(token.content)) is not None:
            pieces.extend(grid)
        elif token.type == "inline":
            text = _text(_inline(token))
            if not text:
                continue
            before = len(pieces)
            if heading:
                pieces.append(Piece("heading", text, heading))
                last = heading
                if heading == 1 and title is None:
                    title = text.replace("\n", " ")
            elif not (in_cell or in_item) and _bold(token) and bold_heading(text, last):
                pieces.append(Piece("heading", text, bold_heading(text, last)))
            elif in_cell:
                pieces.append(Piece("cell", text))
            elif in_item:
                pieces.append(Piece("item", text))
            else:
                pieces.append(Piece("paragraph", text))
            links = _links(token)
            if links and len(pieces) > before:
                pieces[-1] = Piece(pieces[-1].kind, text, pieces[-1].level, links=links)
        elif token.type in ("fence", "code_block"):
            text = clean(token.content)
            if text:
                pieces.append(Piece("paragraph", text))
        elif token.type == "html_block":
            pieces.extend(html_pieces(token.content)[0])
    return pieces, title
