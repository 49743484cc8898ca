"""The sentences of a statement, as character spans into its text, so that evidence
quotes a whole sentence and nothing more.

A sentence never crosses a block: a heading, a list item and a table cell are each at
least one sentence of their own. Inside a block a sentence ends at ``.``, ``!`` or
``?`` before a space and a capital, a digit or an opening quote or bracket, except
after an abbreviation (Dutch ones such as ``o.a.``, ``bijv.``, ``t.a.v.``, ``nr.``,
``art.`` and English ones such as ``e.g.``), an initial (``J. Jansen``), or a legal
form (``B.V.``) that the next word shows goes on. A line break ends a sentence too,
unless the line plainly goes on (it ends in a comma or a hyphen, the next line starts
in lower case, or a long line ends without a mark, as a wrapped line does), as the
lines of an address or a contact block do not.
"""

from __future__ import annotations

import itertools
import re

from ._pieces import line_goes_on
from .model import Text

__all__ = ["sentences"]

#: Abbreviations written with a final dot that do not end a sentence (lower case).
ABBREVIATIONS = frozenset(
    """
    a.s. afd. alg. art. bijv. bv. bijz. blz. ca. d.d. d.m.v. d.w.z. dhr. dr. drs. e.a.
    e.d. e.e.a. enz. etc. evt. excl. fa. gem. i.c.m. i.e. e.g. i.o.v. i.p.v. i.s.m.
    i.v.m. ing. incl. ir. jl. j.l. jo. jr. m.b.t. m.b.v. m.i.v. m.u.v. max. mevr. min.
    mr. mw. nl. nr. nrs. o.a. o.b.v. o.g.v. o.i.d. o.l.v. p. pag. p.p. prof. resp.
    sr. st. stb. stcrt. t.a.v. t.b.v. t.o.v. t.w. tel. v.w.b. vgl. vs. z.s.m. zgn. z.g.
    no. nos. approx. inc. ltd. co. corp. cf. viz. fig. sec. ch. mob. ref.
    a.u.b. bijl. c.q. e.v. i.h.k.v. m.a.w. m.n. mld. mln. o.m. q.q. t.z.t. vlg. vnl. z.o.z.
    jan. feb. febr. mrt. apr. jun. jul. aug. sep. sept. okt. oct. nov. dec.
    """.split()
)
#: Legal forms written with dots: the sentence goes on after one unless the next
#: word is one that starts sentences.
LEGAL_FORMS = frozenset("b.v. n.v. v.o.f. c.v. u.a. b.a. w.a. inc. ltd.".split())
#: Words that start a sentence after a legal form ("... Acme B.V. Wij ...").
STARTERS = frozenset(
    """
    wij we u uw jij je jouw de het een deze dit die dat onze ons als indien in op voor
    om bij wanneer heeft is hebben zij ze hij er daarnaast ook
    our we you your the this these if in when it they
    """.split()
)

_END = re.compile(r"[.!?]+['\"\u2019\u201d)\]]*(?=\s)")
_NEXT = re.compile(r"\s+(['\"\u2018\u201c(\[]?)(\S+)")


def _abbreviation(before: str) -> str:
    """The word that ends just before a sentence's end mark, with its dots."""
    return re.split(r"[\s(\[\"'\u2018\u201c]", before)[-1].lower()


def _ends(block: str, at: int) -> bool:
    """Whether the end mark ending at ``at`` ends a sentence."""
    mark = block[at - 1]
    following = _NEXT.match(block, at)
    if following is None:
        return True
    word = following.group(2)
    first = following.group(1) or word[:1]
    if not (first[:1].isupper() or first[:1].isdigit() or first in "'\"\u2018\u201c(["):
        return False
    if "\n" in block[at : following.start(2)]:
        return True
    stripped = block[:at].rstrip("'\"\u2019\u201d)]")
    if not stripped.endswith("."):
        return mark in "!?"
    token = _abbreviation(stripped)
    if token in LEGAL_FORMS:
        return word.strip("'\"\u2018\u201c(").lower() in STARTERS
    if token in ABBREVIATIONS:
        return False
    if re.fullmatch(r"[^\W\d_]\.", token):  # an initial: "J. Jansen"
        return False
    return not re.fullmatch(r"(?:[^\W\d_]\.){2,}", token)


def _block_sentences(block: str) -> list[tuple[int, int]]:
    """Spans of the sentences in one block's text, relative to the block."""
    cuts = [0]
    for match in _END.finditer(block):
        if _ends(block, match.end()):
            cuts.append(match.end())
    position = 0
    lines = block.split("\n")
    for index, line in enumerate(lines[:-1]):
        position += len(line) + 1
        if not line_goes_on(line.rstrip(), lines[index + 1].lstrip()):
            cuts.append(position)
    cuts = [*sorted(set(cuts)), len(block)]
    spans = []
    for start, end in itertools.pairwise(cuts):
        while start < end and block[start].isspace():
            start += 1
        while end > start and block[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def sentences(text: Text) -> list[tuple[int, int]]:
    """The sentences of ``text`` as ``(start, end)`` offsets into ``text.text``, in
    reading order; ``text.text[start:end]`` is the sentence without surrounding space.
    Every block is cut apart from the others, so a list item or a cell is a sentence
    of its own even without an end mark."""
    spans: list[tuple[int, int]] = []
    for block in text.blocks:
        content = text.text[block.start : block.end]
        spans.extend((block.start + s, block.start + e) for s, e in _block_sentences(content))
    return spans
