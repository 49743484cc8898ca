"""A published document as sections of blocks: paragraphs, facts, lists, tables and
subsections.

The privacy statement and the cookie declaration are built as a ``Document``; one
Jinja2 template per format lays its blocks out, so the HTML page and the Markdown file
have the same structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Block",
    "Bullets",
    "Cell",
    "Document",
    "Draft",
    "DraftFinding",
    "Fact",
    "Facts",
    "Item",
    "Para",
    "Section",
    "Source",
    "Span",
    "Sub",
    "Table",
    "declared",
    "law",
    "sentences",
]

#: A table cell: one text, or several lines.
Cell = str | list[str]

SourceKind = Literal["declared", "law", "waarborg", "catalogue", "event"]


@dataclass(frozen=True)
class Source:
    """Where a sentence comes from; every sentence of a document has exactly one.

    - ``declared``: ``refs`` are paths in the declaration (``purposes.newsletter.opt_in``)
      that the file really contains;
    - ``law``: ``refs`` are the articles the sentence words (``art. 15 AVG``);
    - ``waarborg``: ``refs`` name what Waarborg itself does, where the declaration says
      Waarborg runs it (``privacy centre``);
    - ``catalogue``: ``refs`` are the catalogue, its source and date, for a fact the
      declaration adopts (``from_catalogue: true``), with the declared path that adopts it;
    - ``event``: ``refs`` name a recorded event.
    """

    kind: SourceKind
    refs: tuple[str, ...] = ()
    #: For ``declared`` and ``catalogue``: the declaration's paths, as tuples of keys.
    paths: tuple[tuple[str | int, ...], ...] = ()

    def __str__(self) -> str:
        return f"{self.kind}: {', '.join(self.refs)}" if self.refs else self.kind


def declared(*paths: tuple[str | int, ...]) -> Source:
    """A declared fact: the paths in the declaration the sentence rests on."""
    return Source("declared", tuple(".".join(map(str, p)) for p in paths), tuple(paths))


def law(*articles: str) -> Source:
    """The law, worded as the law: the articles the sentence words."""
    return Source("law", tuple(articles))


@dataclass
class Span:
    """One sentence (or a few from the same source) and its source."""

    text: str
    src: Source


@dataclass
class Fact:
    """A label and its value: sentences, each span with its own source."""

    label: str
    spans: list[Span]
    href: str | None = None

    @classmethod
    def of(cls, label: str, value: str, src: Source, href: str | None = None) -> Fact:
        return cls(label, [Span(value, src)], href)

    @property
    def value(self) -> str:
        return " ".join(span.text for span in self.spans if span.text)


@dataclass
class Item:
    """A list item, with an optional lead (``lead: text``)."""

    spans: list[Span]
    lead: str = ""

    @classmethod
    def of(cls, text: str, src: Source, lead: str = "") -> Item:
        return cls([Span(text, src)], lead)

    @property
    def text(self) -> str:
        return " ".join(span.text for span in self.spans if span.text)


@dataclass
class Para:
    """A paragraph: sentences, each span with its own source."""

    spans: list[Span]
    kind: Literal["para"] = "para"

    @classmethod
    def of(cls, text: str, src: Source) -> Para:
        return cls([Span(text, src)])

    @property
    def text(self) -> str:
        return " ".join(span.text for span in self.spans if span.text)


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
    #: The source of each row, in the order of ``rows``.
    sources: list[Source]
    code_first: bool = False
    kind: Literal["table"] = "table"

    def __post_init__(self) -> None:
        if len(self.sources) != len(self.rows):
            raise ValueError("a table needs one source per row")


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
    subtitle: list[Span]
    intro: Span | None
    sections: list[Section] = field(default_factory=list)
    toc: bool = True
    toc_title: str = ""
    #: A draft: the open findings that keep it from being published as final.
    draft: Draft | None = None

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


@dataclass(frozen=True)
class DraftFinding:
    """An open finding, as listed on a draft."""

    severity: str
    rule: str
    article: str
    message: str
    where: str
    #: The message in each language the checker words it in: ``(lang, text)`` pairs.
    texts: tuple[tuple[str, str], ...] = ()
    #: The article as each language cites it: ``(lang, article)`` pairs.
    articles: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str) -> str:
        """The message in ``lang``; the English ``message`` when it has no words there."""
        return dict(self.texts).get(lang, self.message)

    def article_in(self, lang: str) -> str:
        """The article as ``lang`` cites it (``art. 13 lid 2 sub a AVG``); ``article``
        when it has no citation there."""
        return dict(self.articles).get(lang, self.article)


@dataclass(frozen=True)
class Draft:
    """What marks a document as a draft (CONCEPT): its open findings."""

    findings: tuple[DraftFinding, ...]


def sentences(document: Document) -> Iterator[tuple[str, Span]]:
    """Every text the document says, with its source: ``(where, span)``.

    Headings, captions and table headers are the document's structure and are not
    listed; a table row is one span (its cells joined), a fact is its label and value.
    """
    for span in document.subtitle:
        yield "subtitle", span
    if document.intro is not None:
        yield "intro", document.intro
    for section in document.sections:
        yield from _block_sentences(section.id, section.blocks)


def _block_sentences(where: str, blocks: list[Block]) -> Iterator[tuple[str, Span]]:
    for block in blocks:
        if isinstance(block, Para):
            for span in block.spans:
                yield where, span
        elif isinstance(block, Facts):
            for fact in block.rows:
                for span in fact.spans:
                    yield f"{where} ({fact.label})", span
        elif isinstance(block, Bullets):
            for item in block.items:
                for span in item.spans:
                    yield (f"{where} ({item.lead})" if item.lead else where), span
        elif isinstance(block, Table):
            for row, src in zip(block.rows, block.sources, strict=True):
                cells = [", ".join(c) if isinstance(c, list) else c for c in row]
                yield where, Span(" | ".join(cells), src)
        else:
            yield from _block_sentences(f"{where}/{block.id}", block.blocks)


def _github_slug(heading: str) -> str:
    """The anchor GitHub and most Markdown renderers give a heading."""
    slug = heading.strip().lower()
    slug = re.sub(r"[^\w\- ]", "", slug)
    return slug.replace(" ", "-")
