"""What changed between two versions of a text, as a reader follows it.

The texts are compared block by block (``text.comparable_text``: a paragraph, a list
item, a table row per line). A block that was added or removed is shown whole; a block
that was changed is shown once, with the words taken out and put in marked inside it,
so a changed period or name stands out in its sentence. Unchanged blocks are counted,
not repeated, and every change comes under the heading of the section it is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from .text import heading_level

__all__ = ["Block", "Changes", "Piece", "changes"]

#: Two blocks at least this alike are one block changed, not one removed and one added.
ALIKE = 0.5
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Piece:
    """A run of words: kept, put in (``ins``) or taken out (``del``)."""

    kind: Literal["same", "ins", "del"]
    text: str


@dataclass(frozen=True)
class Block:
    """One block of the text in the list of changes.

    ``kind``: ``heading`` (the section a change is in, unchanged), ``added``,
    ``removed``, ``changed`` (with its pieces), or ``skipped`` (``count`` unchanged
    blocks left out). ``level`` is a heading's level.
    """

    kind: Literal["heading", "added", "removed", "changed", "skipped"]
    pieces: tuple[Piece, ...] = ()
    level: int | None = None
    count: int = 0

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


@dataclass
class Changes:
    """The changes from one text to the next, in the order of the newer text."""

    blocks: list[Block] = field(default_factory=list)
    added: int = 0
    removed: int = 0
    changed: int = 0

    @property
    def none(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _plain(line: str) -> str:
    """A line without its heading marks."""
    level = heading_level(line)
    return line[level + 1 :] if level else line


def _words(old: str, new: str) -> tuple[Piece, ...]:
    """``old`` changed into ``new``, word by word."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[Piece] = []

    def add(kind: Literal["same", "ins", "del"], tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if pieces and pieces[-1].kind == kind:
            pieces[-1] = Piece(kind, pieces[-1].text + text)
        else:
            pieces.append(Piece(kind, text))

    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for position, (op, i1, i2, j1, j2) in enumerate(opcodes):
        between = 0 < position < len(opcodes) - 1
        if op == "equal" and not (between and not "".join(a[i1:i2]).strip()):
            add("same", a[i1:i2])
            continue
        # a change, or a mere space between two changes: read as one change, not as
        # words taken out and put in one by one
        add("del", a[i1:i2])
        add("ins", b[j1:j2])
    # the words taken out before the words put in, however the changes interleaved
    merged: list[Piece] = []
    for piece in pieces:
        if merged and piece.kind in ("del", "ins") and merged[-1].kind in ("del", "ins"):
            run = [merged.pop()]
            while merged and merged[-1].kind in ("del", "ins"):
                run.insert(0, merged.pop())
            run.append(piece)
            taken = "".join(p.text for p in run if p.kind == "del")
            put = "".join(p.text for p in run if p.kind == "ins")
            merged.extend(p for p in (Piece("del", taken), Piece("ins", put)) if p.text)
        else:
            merged.append(piece)
    pieces[:] = merged
    return tuple(pieces)


def _alike(old: str, new: str) -> float:
    return SequenceMatcher(None, old, new, autojunk=False).ratio()


def changes(old: str, new: str) -> Changes:
    """What changed from the text ``old`` to the text ``new`` (one block per line)."""
    a, b = old.splitlines(), new.splitlines()
    result = Changes()
    #: The headings of the newer text the current block is under: (line number, level,
    #: whether counted among the unchanged blocks), outermost first.
    path: list[tuple[int, int, bool]] = []
    shown: set[int] = set()
    skipped = 0

    def section(index: int, unchanged: bool) -> None:
        level = heading_level(b[index])
        if level == 1:  # the page's title: the whole text is under it
            path.clear()
        elif level:
            path[:] = [h for h in path if h[1] < level]
            path.append((index, level, unchanged))

    def emit(block: Block) -> None:
        nonlocal skipped
        context = [h for h in path if h[0] not in shown] if block.level is None else []
        skipped -= sum(1 for h in context if h[2])  # shown as headings, not left out
        if skipped:
            result.blocks.append(Block("skipped", count=skipped))
            skipped = 0
        for index, level, _ in context:
            result.blocks.append(Block("heading", (Piece("same", _plain(b[index])),), level=level))
            shown.add(index)
        result.blocks.append(block)

    def whole(kind: Literal["added", "removed"], line: str, index: int | None = None) -> None:
        level = heading_level(line)
        piece = Piece("ins" if kind == "added" else "del", _plain(line))
        emit(Block(kind, (piece,), level=level))
        if index is not None and level:
            shown.add(index)
        if kind == "added":
            result.added += 1
        else:
            result.removed += 1

    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for index in range(j1, j2):
                section(index, unchanged=True)
                skipped += 1
            continue
        olds = a[i1:i2]
        pairs = max(len(olds), j2 - j1) if op == "replace" else 0
        # a replaced block beside the new one in the same place is one block changed,
        # where the two are alike; otherwise one is removed and the other added
        for offset in range(pairs):
            was = olds[offset] if offset < len(olds) else None
            at = j1 + offset if j1 + offset < j2 else None
            if at is not None:
                section(at, unchanged=False)
            now = b[at] if at is not None else None
            if was is not None and now is not None and _alike(was, now) >= ALIKE:
                level = heading_level(now)
                emit(Block("changed", _words(_plain(was), _plain(now)), level=level))
                if level and at is not None:
                    shown.add(at)
                result.changed += 1
                continue
            if was is not None:
                whole("removed", was)
            if now is not None:
                whole("added", now, at)
        if op == "replace":
            continue
        for line in olds:
            whole("removed", line)
        for index in range(j1, j2):
            section(index, unchanged=False)
            whole("added", b[index], index)
    if skipped and result.blocks:
        result.blocks.append(Block("skipped", count=skipped))
    return result
