"""What every rule works on: the statement's text split into sentences, and the draft
as it grows, with the evidence for each value it holds.

A rule reads sentences and puts values at paths of the declaration; ``put`` records
the sentence a value came from, so no value enters the draft without its quote.
"""

from __future__ import annotations

import functools
import itertools
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ...i18n import t
from ..model import Evidence, Outdated, Path, Silence, Text
from ._literals import fold, forget_folded, has_word, required

__all__ = ["Context", "Sentence", "split_sentences"]


@dataclass(frozen=True)
class Sentence:
    """One sentence (or list item, or line of a contact block) of the statement."""

    start: int
    end: int
    text: str
    block: int


# Abbreviations after which a full stop does not end a sentence (lower case, no dot).
_ABBREVIATIONS = frozenset(
    "o.a bijv b.v bv n.v nv nr t.a.v i.v.m m.b.t e.d enz etc z.s.m d.w.z a.u.b evt ca "
    "art jl tbv t.b.v incl excl dhr mevr mr dr ir ing drs prof vs i.e e.g cf no "
    "st str k.v.k kvk resp mln min max blz p pag zgn z.g.a.n n.a.v v.o.f vof".split()
)
_END = re.compile(r"[.!?]+[\"'\u201d\u2019)]*(?=\s+[\"'\u201c\u2018(]?[A-Z0-9À-Ý•\u2013\-])")
# "Gegevens: naam en e-mailadres", "Naam: _ga": a labelled line, not a heading.
_LABEL_LINE = re.compile(r"^[^\W\d][^\W\d -]*(?: [^\W\d]+){0,2}\s*:\s*\S")
_WORD_BEFORE = re.compile(r"(\S+)$")


def _split_line(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    begin = start
    for match in _END.finditer(text, start, end):
        word = _WORD_BEFORE.search(text, begin, match.start())
        token = word.group(1).lower().lstrip("([\"'\u201c\u2018").rstrip(".") if word else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        if token.isdigit() and len(token) <= 2 and match.group(0) == ".":
            continue  # "artikel 6.2", a numbered list item
        yield begin, match.end()
        begin = match.end()
    yield begin, end


def _lines(source: str, start: int, end: int) -> list[tuple[int, int]]:
    """The lines of a block, a line that runs on in lower case joined to the one
    before it (a hard wrap in the middle of a sentence)."""
    lines: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", source[start:end]):
        line_start, line_end = start + line.start(), start + line.end()
        text = line.group(0).strip()
        if not text:
            continue
        if lines:
            previous = source[lines[-1][0] : lines[-1][1]].rstrip()
            if (
                text[0].islower()
                and previous
                and previous[-1] not in ".:;!?"
                and len(previous) > 40
            ):
                lines[-1] = (lines[-1][0], line_end)
                continue
        lines.append((line_start, line_end))
    return lines


def split_sentences(text: Text) -> list[Sentence]:
    """The statement's sentences in reading order: each line of a block is split at
    the ends of its sentences, so list items and lines of an address are sentences
    of their own. Leading and trailing white space is left out of each span."""
    source = text.text
    blocks = [(b.start, b.end) for b in text.blocks] or [(0, len(source))]
    found: list[Sentence] = []
    for number, (block_start, block_end) in enumerate(blocks):
        for line_start, line_end in _lines(source, block_start, block_end):
            for start, end in _split_line(source, line_start, line_end):
                while start < end and source[start].isspace():
                    start += 1
                while end > start and source[end - 1].isspace():
                    end -= 1
                if end > start:
                    found.append(Sentence(start, end, source[start:end], number))
    return found


# What can make a pattern that matches in a sentence fail in the sentences joined one
# to a line: the edges of a string (``^``, ``$``), what must not stand before or after
# (a line break might), and what never gives back what it took.
_EDGE_BOUND = re.compile(r"(?<!\[)\^|\$|\\[AZB]|\(\?<?!|\(\?>|[*+?}]\+")


@functools.lru_cache(maxsize=1024)
def _joinable(pattern: re.Pattern[str]) -> bool:
    """Whether every match of ``pattern`` in a sentence is one in the joined text."""
    return _EDGE_BOUND.search(pattern.pattern) is None


@dataclass
class Context:
    """The statement being read and the draft being written."""

    text: Text
    sentences: list[Sentence]
    data: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    silences: list[Silence] = field(default_factory=list)
    outdated: list[Outdated] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _headings: list[int] = field(default_factory=list)
    _block_starts: list[int] = field(default_factory=list)
    _text_hits: dict[re.Pattern[str], list[tuple[Sentence, re.Match[str]]]] = field(
        default_factory=dict
    )
    # Facts about a sentence that a helper works out once per statement (``is_item``).
    facts: dict[tuple[str, Sentence], Any] = field(default_factory=dict)
    _heading_hits: dict[tuple[re.Pattern[str], int], re.Match[str] | None] = field(
        default_factory=dict
    )
    # The (path, start) of each piece of evidence in ``evidence[:_cited_upto]``.
    _cited: set[tuple[Path, int]] = field(default_factory=set)
    _cited_upto: int = 0
    _heading_starts: list[int] = field(default_factory=list)
    _heading_reach: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]
        heading_spans = sorted({(b.start, b.end) for b in self.text.blocks if b.kind == "heading"})
        # The headings' starts, and the furthest end of those starting at or before each.
        self._heading_starts = [start for start, _end in heading_spans]
        self._heading_reach = list(
            itertools.accumulate((end for _start, end in heading_spans), max)
        )
        current = -1
        for index in range(len(self.sentences)):
            if self._is_heading(index, heading_spans):
                current = index
            self._headings.append(current)

    @functools.cached_property
    def tables(self) -> list[list[tuple[int, int]]]:
        """Each run of consecutive table cells in the text, as the spans of its cells:
        one table each, in reading order."""
        runs: list[list[tuple[int, int]]] = []
        current: list[tuple[int, int]] = []
        for block in self.text.blocks:
            if block.kind == "cell":
                current.append((block.start, block.end))
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        return runs

    def _is_heading(self, index: int, spans: list[tuple[int, int]]) -> bool:
        sentence = self.sentences[index]
        source = self.text.text
        if spans:  # the reader knows the headings: is the sentence's start inside one?
            last = bisect_right(self._heading_starts, sentence.start) - 1
            return last >= 0 and self._heading_reach[last] > sentence.start
        line_start = source.rfind("\n", 0, sentence.start) + 1
        line_end = source.find("\n", sentence.end)
        line = source[line_start : line_end if line_end >= 0 else len(source)].strip()
        if line != sentence.text or len(line) > 90 or line[-1] in ".;,:" or line[0] in "•\u2013-*":
            return False
        if ">" in line or "|" in line or "@" in line or _LABEL_LINE.match(line):
            return False
        previous = self.sentences[index - 1] if index else None
        return previous is None or previous.block != sentence.block or len(line.split()) <= 8

    @functools.cached_property
    def _joined_starts(self) -> list[int]:
        """Where each sentence starts in ``_joined``."""
        starts: list[int] = []
        at = 0
        for sentence in self.sentences:
            starts.append(at)
            at += len(sentence.text) + 1
        return starts

    @functools.cached_property
    def _joined(self) -> str:
        """The sentences one to a line: a pattern that matches in a sentence matches
        here too (see ``_joinable``)."""
        return "\n".join(s.text for s in self.sentences)

    @functools.cached_property
    def _folded(self) -> tuple[str, list[int]]:
        """The sentences one to a line in ``fold``'s lower case, and where each starts."""
        folded = [fold(s.text) for s in self.sentences]
        starts: list[int] = []
        at = 0
        for text in folded:
            starts.append(at)
            at += len(text) + 1
        return "\n".join(folded), starts

    @functools.cached_property
    def _folded_text(self) -> str:
        return fold(self.text.text)

    def _holding(self, words: tuple[str, ...]) -> list[int]:
        """The indices of the sentences that hold one of ``words`` (folded), in order."""
        joined, starts = self._folded
        found: set[int] = set()
        for word in words:
            at = joined.find(word)
            while at >= 0:
                index = bisect_right(starts, at) - 1
                found.add(index)
                if index + 1 >= len(starts):
                    break
                at = joined.find(word, starts[index + 1])
        return sorted(found)

    def kind_of(self, sentence: Sentence) -> str | None:
        """The kind of the reader's block the sentence starts in (``heading``,
        ``paragraph``, ``item``, ``cell``), or None outside every block."""
        index = self.block_index(sentence)
        return None if index is None else self.text.blocks[index].kind

    def block_index(self, sentence: Sentence) -> int | None:
        """The index of the reader's block the sentence starts in."""
        if not self._block_starts:
            self._block_starts = [b.start for b in self.text.blocks]
        index = bisect_right(self._block_starts, sentence.start) - 1
        if index < 0:
            return None
        block = self.text.blocks[index]
        return index if block.start <= sentence.start < block.end else None

    def heading(self, sentence: Sentence) -> str:
        """The heading of the section the sentence is in (empty before the first)."""
        index = self._headings[self.index_of(sentence)]
        return self.sentences[index].text if index >= 0 else ""

    def heading_search(self, pattern: re.Pattern[str], sentence: Sentence) -> re.Match[str] | None:
        """``pattern.search`` over the heading of the sentence's section, asked once per
        heading and pattern: every sentence of a section shares its heading."""
        index = self._headings[self.index_of(sentence)]
        key = (pattern, index)
        try:
            return self._heading_hits[key]
        except KeyError:
            found = pattern.search(self.sentences[index].text if index >= 0 else "")
            self._heading_hits[key] = found
            return found

    def is_heading(self, sentence: Sentence) -> bool:
        index = self.index_of(sentence)
        return self._headings[index] == index

    @classmethod
    def of(cls, text: Text) -> Context:
        forget_folded()
        whole = cls(text, split_sentences(text))
        skipped = whole._draft_findings()
        if not skipped:
            return whole
        return cls(text, [s for i, s in enumerate(whole.sentences) if i not in skipped])

    def _draft_findings(self) -> set[int]:
        """The sentences of a draft's list of open findings (a statement Waarborg wrote
        as a draft lists the checker's findings first): they are about the statement,
        not part of it."""
        titles = {t("statement.draft.findings_title", lang).lower() for lang in ("nl", "en")}
        skipped: set[int] = set()
        inside = False
        for index, sentence in enumerate(self.sentences):
            if self._headings[index] == index:
                inside = re.sub(r"^[#\s\d.]+", "", sentence.text).strip().lower() in titles
            if inside:
                skipped.add(index)
        return skipped

    @property
    def lang(self) -> str:
        return self.text.lang

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence that holds ``offset`` (or the nearest one before it)."""
        index = max(bisect_right(self._starts, offset) - 1, 0)
        return self.sentences[index]

    def index_of(self, sentence: Sentence) -> int:
        return bisect_right(self._starts, sentence.start) - 1

    def search(self, pattern: re.Pattern[str]) -> Iterator[tuple[Sentence, re.Match[str]]]:
        """Every match of ``pattern`` in each sentence, with its sentence; none without
        reading each sentence where the pattern matches nowhere in them all."""
        words = required(pattern)
        if words is not None:
            # A sentence can match only if it holds one of the words the pattern needs.
            for index in self._holding(words):
                sentence = self.sentences[index]
                for match in pattern.finditer(sentence.text):
                    yield sentence, match
            return
        if not _joinable(pattern):
            for sentence in self.sentences:
                for match in pattern.finditer(sentence.text):
                    yield sentence, match
            return
        # Only the sentences a match in the joined text touches can hold a match: one of
        # a sentence's own matches starts a match there, or lies inside one that does.
        touched: list[int] = []
        starts = self._joined_starts
        for hit in pattern.finditer(self._joined):
            first = bisect_right(starts, hit.start()) - 1
            last = bisect_right(starts, max(hit.end() - 1, hit.start())) - 1
            for index in range(max(first, touched[-1] + 1 if touched else 0), last + 1):
                touched.append(index)
        for index in touched:
            sentence = self.sentences[index]
            for match in pattern.finditer(sentence.text):
                yield sentence, match

    def search_text(
        self,
        pattern: re.Pattern[str],
        finditer: Callable[[str], Iterable[re.Match[str]]] | None = None,
    ) -> Iterator[tuple[Sentence, re.Match[str]]]:
        """Every match of ``pattern`` in the whole text that lies within one sentence,
        with that sentence; faster than ``search`` for a pattern that is rare. Found
        once per pattern: several rules ask for the same one (the e-mail addresses).
        ``finditer``, when given, finds the same matches as ``pattern.finditer`` does,
        only faster (``contact.find_emails``)."""
        found = self._text_hits.get(pattern)
        if found is None:
            found = []
            words = required(pattern)
            if words is not None and not has_word(words, self._folded_text):
                self._text_hits[pattern] = found  # none of the words it needs: no match
                return iter(found)
            for match in (finditer or pattern.finditer)(self.text.text):
                sentence = self.sentence_at(match.start())
                if sentence.start <= match.start() and match.end() <= sentence.end:
                    found.append((sentence, match))
            self._text_hits[pattern] = found
        return iter(found)

    def first(self, pattern: re.Pattern[str]) -> tuple[Sentence, re.Match[str]] | None:
        return next(self.search(pattern), None)

    def has(self, path: Path) -> bool:
        node: Any = self.data
        for part in path:
            if isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return False
        return True

    def get(self, path: Path) -> Any:
        node: Any = self.data
        for part in path:
            node = node[part]
        return node

    def put(self, path: Path, value: Any, where: Sentence | list[Sentence], rule: str) -> None:
        """Set the value at ``path`` and record the sentences it came from."""
        node: Any = self.data
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
        self.cite(path, value, where, rule)

    def cite(self, path: Path, value: Any, where: Sentence | list[Sentence], rule: str) -> None:
        """Record evidence for a value (one entry per sentence it rests on)."""
        if len(self.evidence) < self._cited_upto:  # evidence taken out: count afresh
            self._cited, self._cited_upto = set(), 0
        for evidence in self.evidence[self._cited_upto :]:
            self._cited.add((evidence.path, evidence.start))
        for sentence in where if isinstance(where, list) else [where]:
            if (path, sentence.start) in self._cited:
                continue
            self.evidence.append(
                Evidence(path, value, sentence.text, sentence.start, sentence.end, rule)
            )
            self._cited.add((path, sentence.start))
        self._cited_upto = len(self.evidence)

    def cited(self, path: Path) -> list[Sentence]:
        """The sentences the value at ``path`` was taken from."""
        return [self.sentence_at(e.start) for e in self.evidence if e.path == path]

    def silent(self, path: Path, what: str, value: Any = None) -> None:
        """Record that the statement does not say what the wording ``importer.silence.
        <what>`` names; with a value (``unstated``) the draft says so at ``path``."""
        if value is not None:
            node: Any = self.data
            for part in path[:-1]:
                node = node.setdefault(part, {})
            node[path[-1]] = value
        if not any(s.path == path for s in self.silences):
            self.silences.append(Silence(path, t(f"importer.silence.{what}", self.lang)))

    def flag(self, term: str, kind: str, meaning: str, sentence: Sentence) -> None:
        if any(o.term == term and o.start == sentence.start for o in self.outdated):
            return
        self.outdated.append(
            Outdated(term, kind, meaning, sentence.text, sentence.start, sentence.end)
        )
