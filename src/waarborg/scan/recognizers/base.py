"""What every recognizer is: a kind of personal data, the regular expression that finds
its candidates, and the check that accepts or rejects each candidate.

A recognizer is fast because a regular expression does the scanning in C and only the
candidates reach Python: a checksum (python-stdnum), a calendar, a look-up in a set.
Most recognizers scan the text's *shape* rather than the text: the same text with every
digit written as ``9``, every capital as ``A`` and every small letter as ``a``
(``BSN 1234.56.782`` becomes ``AAA 9999.99.999``). A pattern on the shape starts with a
literal (``9999``, ``AA99``), which the regular-expression engine finds far faster than
a class such as ``\\d``; the candidate is then read from the text at the same offsets.

Identifiers that carry no checksum (a KvK number is any eight digits) need a context
word near them (``needs_context``): one of ``context`` in the ``window`` characters
before the candidate with no other number in between, or in the *hint*, the name of
the column or field the text came from.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar

import ahocorasick

__all__ = ["Recognizer", "Span", "Text", "context_pattern", "leftmost", "trie_pattern"]

#: A match: start and end offsets in the text, and the recognizer's name.
Span = tuple[int, int, str]


def _shape_table() -> bytes:
    table = bytearray(range(256))
    for code in range(256):
        char = chr(code)
        if char.isdigit() and code < 128:
            table[code] = ord("9")
        elif char.isalpha() and char.isupper():
            table[code] = ord("A")
        elif char.isalpha():
            table[code] = ord("a")
    return bytes(table)


_SHAPE = _shape_table()
#: How many first letters of a context word are searched for before a candidate.
STEM = 6
_ASCII_DIGIT = re.compile("[0-9]")


class _Stems:
    """Every beginning of a context word asked for so far, and the automaton that finds
    them all in one pass over a text (Aho-Corasick, in pyahocorasick's C), made anew
    when the set grows: after the first text, each text is read once for all of them
    rather than once per beginning."""

    known: frozenset[str] = frozenset()
    automaton: Any = None

    @classmethod
    def add(cls, stems: Iterable[str]) -> None:
        cls.known = cls.known.union(stems)
        cls.automaton = None

    @classmethod
    def find(cls, lower: str) -> tuple[frozenset[str], dict[str, list[int]]]:
        """The known beginnings, and where each occurs in ``lower``."""
        known, automaton = cls.known, cls.automaton
        found: dict[str, list[int]] = {}
        if not known:
            return known, found
        if automaton is None:
            automaton = ahocorasick.Automaton()
            for stem in sorted(known):
                automaton.add_word(stem, (len(stem) - 1, stem))
            automaton.make_automaton()
            cls.automaton = automaton
        for end, (back, stem) in automaton.iter(lower):
            found.setdefault(stem, []).append(end - back)
        return known, found


class Text:
    """A text to scan, with its shape and its lower-case form made once, on demand."""

    __slots__ = ("_every_stem", "_lower", "_matches", "_shape", "_stems", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._shape: bytes | None = None
        self._lower: str | None = None
        self._matches: dict[re.Pattern[bytes], list[tuple[int, int]]] = {}
        self._stems: dict[tuple[str, ...], list[int]] = {}
        self._every_stem: tuple[frozenset[str], dict[str, list[int]]] | None = None

    def stem_positions(self, stems: tuple[str, ...]) -> list[int]:
        """Where any of ``stems`` (lower case) occurs in the lower-case text, sorted;
        found once for every recognizer with the same stems. The beginnings asked for
        before are found together, in one pass over the text; one asked for the
        first time is searched for with ``str.find`` (a search for a literal runs at
        the speed of memory, where a regular expression of a list of words tries the
        list at every position)."""
        found = self._stems.get(stems)
        if found is None:
            if self._every_stem is None:
                self._every_stem = _Stems.find(self.lower)
            known, every = self._every_stem
            found = []
            new: list[str] = []
            for stem in stems:
                if stem in known:
                    found += every.get(stem, ())
                    continue
                new.append(stem)
                lower = self.lower
                position = lower.find(stem)
                while position != -1:
                    found.append(position)
                    position = lower.find(stem, position + 1)
            if new:
                _Stems.add(new)
            found.sort()
            self._stems[stems] = found
        return found

    def shape_matches(self, pattern: re.Pattern[bytes]) -> list[tuple[int, int]]:
        """The spans of ``pattern`` on the shape, found once for every recognizer that
        uses the same pattern (the passport and identity-card numbers do)."""
        found = self._matches.get(pattern)
        if found is None:
            shape = self.shape
            # Most patterns do not occur in a text at all: one search says so cheaply.
            first = pattern.search(shape)
            found = self._matches[pattern] = (
                [] if first is None else [m.span() for m in pattern.finditer(shape, first.start())]
            )
        return found

    @property
    def shape(self) -> bytes:
        """One byte per character: ``9`` for a digit, ``A`` for a capital, ``a`` for a
        small letter (in Latin-1), ``?`` for other characters beyond Latin-1, and every
        other character as itself."""
        if self._shape is None:
            self._shape = self.text.encode("latin-1", "replace").translate(_SHAPE)
        return self._shape

    @property
    def lower(self) -> str:
        if self._lower is None:
            self._lower = self.text.lower()
            if len(self._lower) != len(self.text):  # a few characters grow in lower case
                self._lower = "".join(c.lower()[0] for c in self.text)
        return self._lower


def context_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern for context words, each matched as a whole word
    (a word may end in a dot or a hyphen, as ``geb.`` and ``kvk-nummer`` do)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W\d_])", re.IGNORECASE)


def trie_pattern(words: tuple[str, ...]) -> str:
    """One regular expression for a list of literals, as a trie (``de heer|dhr.``
    becomes ``d(?:e heer|hr\\.)``): the engine then tries one branch per letter.
    Longer words win over their prefixes."""
    trie: dict[str, dict[str, Any]] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def leftmost(patterns: Sequence[re.Pattern[str]], text: str) -> Iterator[re.Match[str]]:
    """The matches that ``finditer`` of the alternation of ``patterns`` would find, for
    patterns of which at most one can match at any position (each starts with a literal
    of its own) and none matches the empty string.

    A pattern that starts with a literal is scanned far faster than one that starts
    with a class of characters (``[+0(]``): the engine skips to the literal instead of
    testing every character against the class.
    """
    heads = [pattern.search(text) for pattern in patterns]
    position = 0
    while True:
        best: re.Match[str] | None = None
        for index, head in enumerate(heads):
            if head is not None and head.start() < position:
                head = heads[index] = patterns[index].search(text, position)
            if head is not None and (best is None or head.start() < best.start()):
                best, chosen = head, index
        if best is None:
            return
        yield best
        position = best.end()
        heads[chosen] = patterns[chosen].search(text, position)


def _word_edges(text: str, match: re.Match[str]) -> bool:
    """Whether a match stands as whole words (a word may end in ``.`` or ``-``)."""
    start, end = match.span()
    before = start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")
    after = end == len(text) or not text[end].isalpha() or not text[end - 1].isalnum()
    return before and after


def _after_stems(
    candidates: list[tuple[int, int]], stems: list[int], window: int
) -> list[tuple[int, int]]:
    """The candidates (sorted by start) that start within ``window`` characters after a
    stem (sorted): a stem stands in ``[start - window, start)``. Where stems are few
    and candidates many (a CSV file with one header), each stem's candidates are
    found by bisection rather than each candidate's stem."""
    if len(stems) * 8 >= len(candidates):
        kept: list[tuple[int, int]] = []
        for candidate in candidates:
            index = bisect_left(stems, candidate[0] - window)
            if index < len(stems) and stems[index] < candidate[0]:
                kept.append(candidate)
        return kept
    firsts = [start for start, _ in candidates]
    chosen: list[tuple[int, int]] = []
    done = 0
    for stem in stems:
        low = max(done, bisect_right(firsts, stem))
        done = max(done, bisect_right(firsts, stem + window))
        chosen += candidates[low:done]
    return chosen


def _shape_after_stems(
    shape: bytes, pattern: re.Pattern[bytes], stems: list[int], window: int, longest: int
) -> list[tuple[int, int]]:
    """The matches of ``pattern`` on the whole shape that start within ``window``
    characters after a stem (sorted), for a pattern whose matches hold no letter.

    A stem begins with a letter, which no match holds or straddles; so the matches of a
    search started at a stem are those of the whole shape from there on. Each stem's
    search reads ``window`` characters, the longest match and the two characters its
    end looks at, and no further.
    """
    found: list[tuple[int, int]] = []
    last = -1
    for stem in stems:
        limit = stem + window
        for match in pattern.finditer(shape, stem + 1, limit + longest + 3):
            start = match.start()
            if start > limit:
                break
            if start > last:
                found.append(match.span())
                last = start
    return found


class Recognizer:
    """One kind of personal data. Subclasses set the class variables and may override
    ``validate`` (a checksum), ``accept`` (to adjust the span) or ``spans`` (a scan of
    their own)."""

    #: The registry key, also the kind of data reported (e.g. ``bsn``).
    name: ClassVar[str]
    #: What it finds, in a few words.
    label: ClassVar[str]
    #: The data categories of the built-in catalogue that declare this data; the first
    #: is the one to declare when it is missing.
    categories: ClassVar[tuple[str, ...]]
    #: The regular expression of a candidate, on the text.
    pattern: ClassVar[str] = ""
    flags: ClassVar[int] = 0
    #: Or: the regular expression of a candidate as alternatives that each start with a
    #: literal of their own (``+``, ``0``, ``(``), scanned as one (see ``leftmost``).
    alternatives: ClassVar[tuple[str, ...]] = ()
    #: Or: the regular expression of a candidate on the text's shape (bytes).
    shape: ClassVar[bytes] = b""
    #: Words (lower case) that say what a nearby value is.
    context: ClassVar[tuple[str, ...]] = ()
    #: Accept a candidate only with a context word nearby (or in the hint).
    needs_context: ClassVar[bool] = False
    #: How many characters before a candidate are searched for a context word.
    window: ClassVar[int] = 48
    #: A checksum makes a column of valid candidates convincing without a context word.
    checksum: ClassVar[bool] = False
    #: A substring without which no candidate can occur (skips the scan cheaply).
    trigger: ClassVar[str | None] = None
    #: A candidate on the shape holds digits and separators only, never a letter, and
    #: is at most ``longest`` characters long: the candidates after a context word are
    #: searched for from it (``_shape_after_stems``).
    numeric: ClassVar[bool] = False
    longest: ClassVar[int] = 0

    def __init__(self) -> None:
        self.regex = re.compile(self.pattern, self.flags) if self.pattern else None
        self.shape_regex = re.compile(self.shape) if self.shape else None
        self.alternative_regexes = [re.compile(a, self.flags) for a in self.alternatives]
        self.context_regex = context_pattern(self.context) if self.context else None
        #: The context words as one case-sensitive trie, for lower-case windows.
        self.context_words = re.compile(trie_pattern(self.context)) if self.context else None
        #: The beginnings of the context words (none the beginning of another): a
        #: context word can stand before a candidate only where one of these does.
        beginnings = sorted({word[:STEM] for word in self.context})
        self.stems = tuple(
            b for b in beginnings if not any(b != o and b.startswith(o) for o in beginnings)
        )
        if self.numeric and not all(stem[:1].isalpha() for stem in self.stems):
            raise ValueError(
                f"{self.name}: a numeric recognizer's context words begin with a letter"
            )

    def validate(self, candidate: str) -> bool:
        """Whether a candidate is really this kind of data (a checksum, a range)."""
        return True

    def accept(self, text: str, start: int, end: int, waived: bool) -> int | None:
        """The end of the match when the candidate ``text[start:end]`` is accepted,
        else None. ``waived`` says that no context word is needed."""
        # The context first: most candidates have none, and a checksum costs more.
        if (waived or self.near(text, start)) and self.validate(text[start:end]):
            return end
        return None

    def in_hint(self, hint: str) -> bool:
        """Whether the hint (a column or field name) names this kind of data."""
        return (
            bool(hint)
            and self.context_regex is not None
            and bool(self.context_regex.search(hint.replace("_", " ")))
        )

    def near(self, text: str, start: int) -> bool:
        """Whether a context word stands in the window before ``start``, with no other
        number between them (in "BSN 123456782, order 987654321" the second number is
        not a BSN)."""
        words = self.context_words
        if words is None:
            return False
        window = text[max(0, start - self.window) : start].lower()
        # A loop of searches: most windows hold no word or one, and a search costs
        # less than an iterator over the matches.
        last = -1
        word = words.search(window)
        while word is not None:
            if _word_edges(window, word):
                last = word.end()
            word = words.search(window, word.end())
        if last == -1:
            return False
        between = window[last:]
        if between.isascii():
            return _ASCII_DIGIT.search(between) is None
        return not any(c.isdigit() for c in between)

    def spans(self, doc: Text, hint: str = "", *, context: bool = True) -> list[Span]:
        """The matches in ``doc``. ``hint`` is the name of the column or field the text
        came from; ``context=False`` waives the context words (for a column whose values
        the caller judges as a whole). Recognizers with a scan of their own override
        this."""
        plain = doc.text
        if self.trigger is not None and self.trigger not in plain:
            return []
        waived = not context or not self.needs_context or self.in_hint(hint)
        # A candidate without a context word before it is rejected (``near``): only
        # those with a context word's first letters in the window reach ``accept``, and
        # a text without any needs no candidates at all.
        stems = [] if waived else doc.stem_positions(self.stems)
        if not waived and not stems:
            return []
        if not waived and self.numeric and self.shape_regex is not None:
            # Only the candidates after a context word count, and none can hold the
            # context word's first letter: each context word's are searched for from it.
            candidates = _shape_after_stems(
                doc.shape, self.shape_regex, stems, self.window, self.longest
            )
            stems = []  # every one of them stands after a context word
        elif self.shape_regex is not None:
            candidates = doc.shape_matches(self.shape_regex)
        elif self.regex is not None:
            candidates = [m.span() for m in self.regex.finditer(plain)]
        elif self.alternative_regexes:
            candidates = [m.span() for m in leftmost(self.alternative_regexes, plain)]
        else:
            return []
        accept, name = self.accept, self.name
        found: list[Span] = []
        if stems:
            for start, candidate_end in _after_stems(candidates, stems, self.window):
                end = accept(plain, start, candidate_end, False)
                if end is not None:
                    found.append((start, end, name))
            return found
        for start, candidate_end in candidates:
            end = accept(plain, start, candidate_end, waived)
            if end is not None:
                found.append((start, end, name))
        return found

    def find(self, text: Text | str, hint: str = "", *, context: bool = True) -> Iterator[Span]:
        """The matches in ``text`` (a string or a ``Text``), one by one."""
        doc = text if isinstance(text, Text) else Text(text)
        yield from self.spans(doc, hint, context=context)
