"""Words a pattern cannot match without, so that a text lacking all of them is passed
over without running the pattern, and a list of phrases as one pattern that finds them
fast.

Python's regular expressions try a case-insensitive alternation ("bewaar\\w*|retain\\w*|
...") at every position of a text, each alternative in turn; finding its words with
``in`` first is many times faster, and a sentence without one of them cannot match.
``required`` reads the words off the pattern itself, so they never go out of step
with it: every match of the pattern holds one of them, in ``fold``'s lower case.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any

# The parser's own reading of a pattern (stable since 3.11; not in every type stub, so
# imported by name and used untyped).
C: Any = importlib.import_module("re._constants")
_parser: Any = importlib.import_module("re._parser")

__all__ = [
    "Prefiltered", "alternation", "fold", "forget_folded", "has_word", "prefilter_patterns",
    "prefiltered", "required",
]  # fmt: skip

# The characters a case-insensitive pattern takes for an ASCII letter besides its own
# two cases: the dotted and dotless i, the Kelvin sign, the long s. ``str.lower`` alone
# would turn "İ" into two characters and leave the others as they are.
_SAME_LETTER = str.maketrans({"\u0130": "i", "\u0131": "i", "\u212a": "k", "\u017f": "s"})
_SPECIAL = "\u0130\u0131\u212a\u017f"
#: Words shorter than this find too much to be worth looking for first.
SHORTEST = 3


def fold(text: str) -> str:
    """``text`` in the lower case ``required``'s words are in: any character a
    case-insensitive pattern takes for an ASCII letter becomes that letter."""
    if any(char in text for char in _SPECIAL):  # rare; ``translate`` is slow on a long text
        text = text.translate(_SAME_LETTER)
    return text.lower()


@functools.lru_cache(maxsize=16384)
def _folded(text: str) -> str:
    return fold(text)


def forget_folded() -> None:
    """Empty the store of folded strings: each statement folds its own (``Context.of``),
    so one statement's reading is never faster for the one read before it."""
    _folded.cache_clear()


_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more telling of two sets of words: longer shortest word, then fewer words."""
    if a is None or b is None:
        return a if b is None else b
    rank_a, rank_b = (min(map(len, a)), -len(a)), (min(map(len, b)), -len(b))
    return a if rank_a >= rank_b else b


def _of_sequence(items: Iterable[tuple[Any, Any]]) -> frozenset[str] | None:
    """Words one of which every match of the items in turn holds: a run of ASCII
    literal characters is one word, a group or repetition gives its own words; the
    most telling of them is kept (each is needed, so any one will do)."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def close() -> None:
        nonlocal best
        if run:
            best = _better(best, frozenset({fold("".join(run))}))
            run.clear()

    for op, av in items:
        if op is C.LITERAL and av < 128:
            run.append(chr(av))
            continue
        if op is C.AT:  # \b, ^: takes no character, the run goes on
            continue
        close()
        if op is C.SUBPATTERN:
            best = _better(best, _of_sequence(av[-1]))
        elif op is C.ATOMIC_GROUP:
            best = _better(best, _of_sequence(av))
        elif op in _REPEATS and av[0] >= 1:
            best = _better(best, _of_sequence(av[2]))
        elif op is C.BRANCH:
            best = _better(best, _of_branch(av[1]))
        # Anything else (a class, a lookaround, a back reference, ...) asks for no word.
    close()
    return best


def _of_branch(alternatives: Iterable[Any]) -> frozenset[str] | None:
    words: set[str] = set()
    for alternative in alternatives:
        found = _of_sequence(alternative)
        if found is None:
            return None
        words |= found
    return frozenset(words)


@functools.lru_cache(maxsize=2048)
def required(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Words (in ``fold``'s lower case) one of which the ``fold`` of any string the
    pattern matches in holds, or None when the pattern asks for no word of at least
    ``SHORTEST`` characters. A word holding another is left out: the shorter one is
    there whenever the longer is."""
    words = _of_sequence(_parser.parse(pattern.pattern, pattern.flags))
    if not words or min(map(len, words)) < SHORTEST:
        return None
    kept = sorted(words, key=len)
    return tuple(w for i, w in enumerate(kept) if not any(k in w for k in kept[:i]))


def has_word(words: tuple[str, ...], folded: str) -> bool:
    """Whether ``folded`` holds one of ``words``."""
    for word in words:
        if word in folded:
            return True
    return False


class Prefiltered:
    """A compiled pattern that looks for its words (``required``) before it runs on a
    string: where none of them is, it answers as the pattern would, with no match.
    Every method gives exactly what the pattern's own does; what it does not define
    (``scanner``, ``split``, ...) is the pattern's own. It stands where a rule expects
    an ``re.Pattern`` (``prefilter_patterns``), except as the first argument of
    ``re.search`` and its kin, which take only a real one."""

    __slots__ = ("_pattern", "_words", "flags", "groupindex", "groups", "pattern")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        self._pattern = compiled
        # With no word to look for, the empty one: it is in every string.
        self._words = required(compiled) or ("",)
        self.pattern = compiled.pattern
        self.flags = compiled.flags
        self.groups = compiled.groups
        self.groupindex = compiled.groupindex

    def _absent(self, string: str) -> bool:
        return not has_word(self._words, _folded(string))

    # ``search`` and ``match``, asked of every sentence, look for the words themselves.
    def search(self, string: str, *bounds: int) -> re.Match[str] | None:
        folded = _folded(string)
        for word in self._words:
            if word in folded:
                return self._pattern.search(string, *bounds)
        return None

    def match(self, string: str, *bounds: int) -> re.Match[str] | None:
        folded = _folded(string)
        for word in self._words:
            if word in folded:
                return self._pattern.match(string, *bounds)
        return None

    def fullmatch(self, string: str, *bounds: int) -> re.Match[str] | None:
        return None if self._absent(string) else self._pattern.fullmatch(string, *bounds)

    def finditer(self, string: str, *bounds: int) -> Iterator[re.Match[str]]:
        return iter(()) if self._absent(string) else self._pattern.finditer(string, *bounds)

    def findall(self, string: str, *bounds: int) -> list[Any]:
        return [] if self._absent(string) else self._pattern.findall(string, *bounds)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return string if self._absent(string) else self._pattern.sub(repl, string, count)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_pattern":  # copying, pickling: none of its own
            raise AttributeError(name)
        return getattr(self._pattern, name)

    def __repr__(self) -> str:
        return f"Prefiltered({self._pattern!r})"


def prefilter_patterns(module: ModuleType) -> None:
    """Put a ``Prefiltered`` in place of each compiled pattern of ``module`` (its
    top-level names) that needs a word: the rules keep writing ``re.compile``, and
    their sentence loops pass over the many sentences that cannot match."""
    for name, value in list(vars(module).items()):
        if isinstance(value, re.Pattern | tuple):
            wrapped = _wrapped(value)
            if wrapped is not value:
                setattr(module, name, wrapped)


def _wrapped(value: Any, depth: int = 0) -> Any:
    """``value`` with a ``Prefiltered`` for each pattern that needs a word, in it or in
    the tuples it is made of (``((key, pattern), ...)``); ``value`` itself where none."""
    if isinstance(value, re.Pattern):
        return Prefiltered(value) if required(value) is not None else value
    if isinstance(value, tuple) and depth < 2:
        items = tuple(_wrapped(item, depth + 1) for item in value)
        if any(new is not old for new, old in zip(items, value, strict=True)):
            return type(value)(items) if type(value) is tuple else value
    return value


def prefiltered(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` that passes over a string lacking all the words
    the pattern needs (``Prefiltered``); typed as the pattern it stands for."""
    compiled = re.compile(pattern, flags)
    if required(compiled) is None:
        return compiled
    wrapped: Any = Prefiltered(compiled)
    return wrapped  # type: ignore[no-any-return]


def alternation(phrases: Iterable[str]) -> str:
    """A pattern (without a group around it) that matches each of the literal
    ``phrases`` and, where several match at one place, tries the longest first, as
    ``"|".join`` of them longest first does; but as a tree of their common beginnings,
    so each place costs one step per character instead of one try per phrase."""
    tree: dict[str, Any] = {}
    for phrase in phrases:
        node = tree
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}  # a phrase ends here

    def source(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = []
        for char, child in node.items():
            if char == "":
                continue
            # A chain of single children is one run of characters.
            chars = char
            while len(child) == 1 and "" not in child:
                ((next_char, child),) = child.items()
                chars += next_char
            branches.append(re.escape(chars) + source(child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        # Where a phrase ends here too, the longer ones are tried first (greedy ``?``).
        return f"(?:{body})?" if ends else body

    return source(tree)
