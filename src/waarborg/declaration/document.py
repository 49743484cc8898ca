"""A published document as sections of blocks: paragraphs, facts, lists, tables and
subsections.

The privacy statement and the cookie declaration are built as a ``Document``; one
Jinja2 template per format lays its blocks out, so the HTML page and the Markdown file
have the same structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Block",
    "Bullets",
    "Cell",
    "Document",
    "Fact",
    "Facts",
    "Item",
    "Para",
    "Section",
    "Sub",
    "Table",
]

#: A table cell: one text, or several lines.
Cell = str | list[str]


@dataclass
class Fact:
    label: str
    value: str
    href: str | None = None


@dataclass
class Item:
    text: str
    lead: str = ""


@dataclass
class Para:
    text: str
    kind: Literal["para"] = "para"


@dataclass
class Facts:
    rows: list[Fact]
    kind: Literal["facts"] = "facts"


@dataclass
class Bullets:
    items: list[Item]
    kind: Literal["bullets"] = "bullets"


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[Cell]]
    code_first: bool = False
    kind: Literal["table"] = "table"


@dataclass
class Sub:
    id: str
    title: str
    blocks: list[Block]
    kind: Literal["sub"] = "sub"


Block = Para | Facts | Bullets | Table | Sub


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block]
    number: int = 0
    slug: str = ""

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass
class Document:
    """A document. With a table of contents (``toc``) its sections are numbered; every
    section gets the anchor (``slug``) that Markdown renderers give its heading."""

    lang: str
    title: str
    subtitle: list[str]
    intro: str
    sections: list[Section] = field(default_factory=list)
    toc: bool = True
    toc_title: str = ""

    def __post_init__(self) -> None:
        if self.toc:
            for number, section in enumerate(self.sections, start=1):
                section.number = number
        seen: dict[str, int] = {_github_slug(self.title): 1}
        if self.toc and self.toc_title:
            seen[_github_slug(self.toc_title)] = 1
        for section in self.sections:
            base = _github_slug(section.heading)
            count = seen.get(base, 0)
            section.slug = base if count == 0 else f"{base}-{count}"
            seen[base] = count + 1


def _github_slug(heading: str) -> str:
    """The anchor GitHub and most Markdown renderers give a heading."""
    slug = heading.strip().lower()
    slug = re.sub(r"[^\w\- ]", "", slug)
    return slug.replace(" ", "-")
