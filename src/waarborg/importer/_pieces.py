"""What each format's reader gives back before the text is put together: pieces of
the statement (a heading, a paragraph, a list item, a table cell) with their text,
and the one way their whitespace is made plain, whatever the format."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import BlockKind

__all__ = [
    "BULLET",
    "Piece",
    "bold_heading",
    "clean",
    "line_goes_on",
    "link_host",
    "plain_pieces",
    "unwrap",
]

# Characters that carry no text: soft hyphen, zero-width spaces and joiners, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# Spaces of every width become one plain space.
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
#: A list item's marker at the start of a line: a bullet glyph, a dash, an asterisk,
#: or a number or letter with a dot or bracket ("1.", "a)", "(ii)").
BULLET = re.compile(
    r"^\s*(?:[\u2022\u2023\u2043\u2219\u25aa\u25ab\u25cf\u25cb\u25e6\u25a0\u25a1\u27a2"
    r"\u2713\u2714\u00b7\uf0b7\uf0a7\-\u2013\u2014*>o](?=\s)"
    r"|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)](?=\s))\s*"
)
_NUMBERED = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+\S")
_SENTENCE_END = re.compile(r"[.;:,!]\s*$")
_DOTTED_END = re.compile(r"(?:^|\s)(?:[^\W\d_]\.){2,}$")


#: A line at least this long that ends without a mark is taken to be wrapped.
WRAPPED = 60
# "Telefoon: 030-1234567", "KvK-nummer: 12345678": a line of its own.
_LABEL = re.compile(r"^[^\W\d][\w .()/-]{0,30}:\s")
_MARK_END = re.compile(r"[.!?:;]['\"\u2019\u201d)]*$")


def line_goes_on(line: str, following: str) -> bool:
    """Whether a line break is the writer's wrapping rather than a break: the line
    ends mid-phrase (a comma, a hyphen), the next starts in lower case, or the line is
    long and ends without a mark while the next is not a "Label: value" line (as the
    lines of an address or a contact block are)."""
    if BULLET.match(following):
        return False
    if line.endswith((",", "-", "\u2013", "(", "/", "&")) or following[:1].islower():
        return True
    if _LABEL.match(following) or _MARK_END.search(line):
        return False
    return len(line) >= WRAPPED


def unwrap(lines: list[str]) -> str:
    """Lines as the reader sees them: a wrapped line joined to the next with a space,
    a real break kept."""
    out = lines[:1]
    for line in lines[1:]:
        if line_goes_on(out[-1].rsplit("\n", 1)[-1], line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


@dataclass(frozen=True)
class Piece:
    kind: BlockKind
    text: str
    level: int = 0
    anchor: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (the link's words, the host it points to)


def link_host(href: str) -> str | None:
    """The host a link to another site points to, without ``www.``
    (``https://www.antagonist.nl/x`` gives ``antagonist.nl``); None for a link within
    the page or site, an e-mail address or a telephone number."""
    found = re.match(r"^\s*(?:https?:)?//([^/?#:@\s]+)", href, re.I)
    if found is None:
        return None
    host = found.group(1).lower().rstrip(".")
    host = host[4:] if host.startswith("www.") else host
    return host if "." in host else None


def clean(text: str) -> str:
    """``text`` with its whitespace made plain: Unicode composed (NFC), invisible
    characters dropped, spaces collapsed, each line stripped, and no empty lines (a
    blank line is what separates blocks)."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def bold_heading(text: str, last_level: int) -> int:
    """The level of a paragraph set wholly in bold that reads as a heading (one short
    line that does not end as a sentence or a lead-in does), one below the heading
    before it; 0 for one that does not read as a heading."""
    line = text.rstrip(".") if _DOTTED_END.search(text) else text
    if "\n" in text or len(text) > 120 or re.search(r"[.;:,]$", line):
        return 0
    if not any(c.isalpha() for c in text):
        return 0
    return min(last_level + 1, 6) if last_level else 2


def _is_heading(lines: list[str]) -> bool:
    """A chunk of plain text that reads as a heading: one short line that does not
    end as a sentence or a list's lead-in does (a question is a heading)."""
    if len(lines) != 1:
        return False
    line = lines[0]
    if _DOTTED_END.search(line):  # "Privacyverklaring Acme B.V."
        line = line.rstrip(".")
    if len(line) > 90 or _SENTENCE_END.search(line) or not line[:1].isalnum():
        return False
    return not BULLET.match(line) or bool(_NUMBERED.match(line))


def _heading_level(line: str, first: bool) -> int:
    if first:
        return 1
    number = re.match(r"^\s*(\d{1,2}(?:\.\d{1,2})*)", line)
    if number:
        return min(2 + number.group(1).rstrip(".").count("."), 6)
    return 2


def plain_pieces(text: str) -> list[Piece]:
    """Pieces of plain text: blank lines separate chunks; a chunk that is one short
    line without a sentence's end is a heading; lines that start with a bullet or a
    number are list items (the lines after one, up to the next, belong to it); the
    other lines of a chunk form its paragraphs."""
    pieces: list[Piece] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line for line in clean(chunk).split("\n") if line]
        if not lines:
            continue
        if _is_heading(lines):
            pieces.append(Piece("heading", lines[0], _heading_level(lines[0], not pieces)))
            continue
        kind: BlockKind = "paragraph"
        current: list[str] = []
        for line in lines:
            marker = BULLET.match(line)
            if marker and len(line) > marker.end():
                if current:
                    pieces.append(Piece(kind, unwrap(current)))
                kind, current = "item", [line[marker.end() :]]
            else:
                current.append(line)
        if current:
            pieces.append(Piece(kind, unwrap(current)))
    return pieces
