"""What the importer passes between its steps: the statement's text, and the draft
declaration with its evidence.

Offsets are character offsets into ``Text.text`` (Python string indices), so a quote
is always ``text[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Block", "Draft", "Evidence", "Outdated", "Silence", "Text"]

Path = tuple[str | int, ...]
BlockKind = Literal["heading", "paragraph", "item", "cell"]


@dataclass(frozen=True)
class Block:
    """One structural piece of the statement: a heading (with its level, 1 highest), a
    paragraph, a list item or a table cell. ``text[start:end]`` is its text.
    ``anchor`` is the id a web page gives a heading's section (``purpose-newsletter``),
    or empty. ``links`` are the block's links to other sites, each as its words (as
    they stand in the block's text) and the host it points to (``antagonist.nl``,
    without ``www.``): the address is not part of the text, so every offset stays an
    index into ``Text.text``."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    anchor: str = ""
    links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Text:
    """A statement as plain text: blocks separated by a blank line, each block's text
    on one or more lines, in reading order.

    ``origin`` is the file path or URL it was read from, ``format`` one of ``txt``,
    ``md``, ``html``, ``pdf``, ``docx``, ``odt``; ``title`` the document's own title
    where it has one; ``lang`` ``nl`` or ``en`` as detected from the text.
    """

    text: str
    blocks: tuple[Block, ...]
    origin: str
    format: str
    title: str | None = None
    lang: str = "nl"

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]


@dataclass(frozen=True)
class Evidence:
    """Why a value of the draft is there: the sentence of the statement it came from.

    ``path`` is the value's place in the declaration (as in ``Problem.path``),
    ``rule`` the id of the extraction rule that found it (for debugging and the
    report), ``quote`` equals ``text[start:end]`` of the statement.
    """

    path: Path
    value: Any
    quote: str
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class Silence:
    """An item the statement leaves out, written as ``unstated`` (or left out) in the
    draft, with what the statement would have had to say."""

    path: Path
    what: str


@dataclass(frozen=True)
class Outdated:
    """A term that is outdated in law, recorded as what it is: ``Privacy Shield``
    (invalid since 16 July 2020), ``Wbp`` and ``CBP`` (replaced by the AVG and the AP
    on 25 May 2018), ``bewerkersovereenkomst`` (now a verwerkersovereenkomst)."""

    term: str
    kind: str
    meaning: str
    quote: str
    start: int
    end: int


@dataclass
class Draft:
    """A draft declaration: ``data`` is the declaration as plain YAML-able data, which
    ``declaration.loader.load_text`` accepts; every value the text gave has its
    ``Evidence``; every item the text leaves out its ``Silence``."""

    text: Text
    data: dict[str, Any]
    evidence: list[Evidence] = field(default_factory=list)
    silences: list[Silence] = field(default_factory=list)
    outdated: list[Outdated] = field(default_factory=list)

    def evidence_at(self, path: Path) -> list[Evidence]:
        """The evidence for the value at ``path`` or, failing that, its nearest
        ancestor with evidence; an ancestor that is a party with no evidence of its own
        (``controller``) is quoted by the sentence that names it (``controller.name``)."""
        for n in range(len(path), -1, -1):
            found = [e for e in self.evidence if e.path == path[:n]]
            if not found and n:
                found = [e for e in self.evidence if e.path == (*path[:n], "name")]
            if found:
                return found
        return []
