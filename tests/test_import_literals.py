"""The words a pattern needs (``rules._literals``): looking for them first never hides
a match. Each pattern is held, on made-up sentences, to itself without the look-out:
the same matches, in the same places, from ``Prefiltered``, ``Context.search`` and
``Context.search_text``; and a tree of phrases finds what their plain alternation finds.
"""

from __future__ import annotations

import importlib
import random
import re
import types

import pytest

from waarborg.importer.model import Block, Text
from waarborg.importer.rules._context import Context
from waarborg.importer.rules._literals import (
    Prefiltered,
    alternation,
    fold,
    prefilter_patterns,
    prefiltered,
    required,
)

PATTERNS = [
    (r"bewaar\w*|bewaren|retain\w*|\bkeep\b|storage period", re.IGNORECASE),
    (r"\bsla(?:an|at|a)?\b[^.]{0,60}\bop\b|verwijder\w*", re.IGNORECASE),
    (r"(?<!is )\breseller(?:s)?\b(?! van| of)", re.IGNORECASE),
    (r"\bBelastingdienst\b|tax authorit\w*", re.IGNORECASE),
    (r"(?:opzeg\w*|opheff\w*) (?:van )?(?:je|jouw|uw|het) account", re.I),
    (r"^\s*(?:\d+[.)]?\s*)?(?:onze\s+)?(?:verwerkers|processors)\s*:?\s*$", re.I),
    (r"Kamer van Koophandel|KvK[- ]?(?:nummer|nr)?", 0),
    (r"(?P<n>\d+)\s+(?:dagen|weken|maanden|jaar)", 0),
    (r"(?:ab)+cd(?=ef)|x{2,}yz", re.I),
    (r"geen|niet|no|not", re.I),  # a word of two letters: too short to look for
    (r"[a-z]+@[a-z]+\.nl", 0),  # no literal word at all
    (r"skip|SKIP|Sk", re.I),
    (r"(?i:kelvin)|(?-i:Case)", 0),
]

WORDS = (
    "bewaren bewaart retain keep kept storage period sla op slaan reseller resellers is "
    "van of Belastingdienst tax authority opzeggen opheffen je uw account verwerkers : "
    "processors 12 dagen weken maanden jaar Kamer Koophandel KvK-nummer nr abab cd ef "
    "xxyz xyz geen niet no skip SKIP sk kelvin Case case \u0130 \u0131 \u212a \u017f "
    "\u212aeep \u017fkip B\u0130nnen ret\u0131ain f\u00e9 \u00c9t\u00e9 . , -"
).split()


def _sentences(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 14))) for _ in range(count)]


def _spans(matches: object) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in matches]  # type: ignore[attr-defined]


def test_required_words_of_patterns() -> None:
    assert required(re.compile(r"bewaar\w*|bewaren|\bkeep\b", re.I)) == (
        "keep",
        "bewaar",
        "bewaren",
    )
    assert required(re.compile(r"bewaar|bewaart|nobewaar")) == ("bewaar",)  # in the others
    assert required(re.compile(r"(?:opzeg\w*|opheff\w*) (?:van )?account")) == ("account",)
    assert required(re.compile(r"Kamer van Koophandel")) == ("kamer van koophandel",)
    assert required(re.compile(r"geen|niet|no")) is None  # too short a word
    assert required(re.compile(r"[a-z]+@[a-z]+")) is None
    assert required(re.compile(r"(?:ab)?cde|(?:xyz)*")) is None  # may match nothing
    assert fold("B\u0130NNEN \u212aeep \u017fkip ret\u0131ain") == "binnen keep skip retiain"


@pytest.mark.parametrize(("source", "flags"), PATTERNS)
def test_prefiltered_pattern_finds_what_the_pattern_finds(source: str, flags: int) -> None:
    plain = re.compile(source, flags)
    filtered = Prefiltered(plain)
    for sentence in _sentences(400, seed=len(source)):
        assert _spans(filtered.finditer(sentence)) == _spans(plain.finditer(sentence))
        found, expected = filtered.search(sentence), plain.search(sentence)
        assert (found and found.span()) == (expected and expected.span())
        found, expected = filtered.match(sentence), plain.match(sentence)
        assert (found and found.span()) == (expected and expected.span())
        assert filtered.findall(sentence) == plain.findall(sentence)
        assert filtered.sub("#", sentence) == plain.sub("#", sentence)


def test_prefiltered_passes_a_pattern_without_words_through() -> None:
    assert isinstance(prefiltered(r"no|op", re.I), re.Pattern)
    assert isinstance(prefiltered(r"bewaar\w*|retain\w*", re.I), Prefiltered)
    # The look-out does find what it must: a match with a dotted capital I.
    assert prefiltered(r"binnen", re.I).search("B\u0130NNEN") is not None


def _context(sentences: list[str]) -> Context:
    source = "\n\n".join(sentences)
    blocks, at = [], 0
    for sentence in sentences:
        blocks.append(Block("paragraph", at, at + len(sentence)))
        at += len(sentence) + 2
    return Context.of(Text(source, tuple(blocks), "made-up.txt", "txt"))


@pytest.mark.parametrize(("source", "flags"), PATTERNS)
def test_context_search_finds_every_match_of_each_sentence(source: str, flags: int) -> None:
    pattern = re.compile(source, flags)
    ctx = _context(_sentences(300, seed=7 + len(source)))
    expected = [
        (s.start, *span) for s in ctx.sentences for span in _spans(pattern.finditer(s.text))
    ]
    found = [(s.start, m.start(), m.end(), m.group(0)) for s, m in ctx.search(pattern)]
    assert found == expected


@pytest.mark.parametrize(("source", "flags"), PATTERNS)
def test_context_search_text_finds_what_a_scan_of_the_text_finds(source: str, flags: int) -> None:
    pattern = re.compile(source, flags)
    for seed in (1, 2, 3):
        ctx = _context(_sentences(40, seed=seed + len(source)))
        expected = []
        for match in pattern.finditer(ctx.text.text):
            sentence = ctx.sentence_at(match.start())
            if sentence.start <= match.start() and match.end() <= sentence.end:
                expected.append((sentence.start, match.span()))
        found = [(s.start, m.span()) for s, m in ctx.search_text(pattern)]
        assert found == expected


PHRASES = [
    "naam", "naw", "naam en adres", "adres", "adresgegevens", "e mailadres", "emailadres",
    "email", "telefoon", "telefoonnummer", "ip adres", "ip", "bsn", "bank", "bankrekening",
    "bankrekeningnummer", "a", "ab", "abc", "abd", "x.y", "(haakje)",
]  # fmt: skip


def test_alternation_finds_what_the_plain_alternation_finds() -> None:
    plain = "|".join(re.escape(p) for p in sorted(PHRASES, key=len, reverse=True))
    longest_first = re.compile(rf"(?<!\w)(?:{plain})(?!\w)")
    tree = re.compile(rf"(?<!\w)(?:{alternation(PHRASES)})(?!\w)")
    rng = random.Random(3)
    words = [*PHRASES, "naamx", "adress", "abcd", "x", "y", "en", "of", ".", "(", ")"]
    for _ in range(2000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        text = text if rng.random() < 0.7 else text.replace(" ", "")
        assert _spans(tree.finditer(text)) == _spans(longest_first.finditer(text))
        for start in range(len(text)):
            found, expected = tree.match(text, start), longest_first.match(text, start)
            assert (found and found.group(0)) == (expected and expected.group(0))


def test_the_rules_patterns_look_for_their_words_first() -> None:
    # The modules, not the rules of the same name that ``rules`` exports.
    retention = importlib.import_module("waarborg.importer.rules.retention")
    recipients = importlib.import_module("waarborg.importer.rules.recipients")
    assert isinstance(retention._KEEP, Prefiltered)  # a pattern of the module
    assert all(isinstance(p, Prefiltered) for _key, p in recipients._KINDS)  # in a tuple
    module = types.ModuleType("made_up")
    module.WORDS = re.compile(r"bewaar\w*|retain", re.I)  # type: ignore[attr-defined]
    module.SHORT = re.compile(r"no|op")  # type: ignore[attr-defined]
    module.PAIRS = (("keep", re.compile(r"\bkeep\b")), ("x", re.compile(r"x")))  # type: ignore[attr-defined]
    prefilter_patterns(module)
    assert isinstance(module.WORDS, Prefiltered)
    assert isinstance(module.SHORT, re.Pattern)  # nothing worth looking for first
    assert isinstance(module.PAIRS[0][1], Prefiltered)
    assert isinstance(module.PAIRS[1][1], re.Pattern)
    # What Prefiltered does not define is the pattern's own.
    assert module.WORDS.split("a bewaart b") == ["a ", " b"]
    assert module.WORDS.groups == 0


# Sentences of the kind a statement holds, made up for this test.
STATEMENT_LIKE = [
    "Wij bewaren je gegevens niet langer dan 2 jaar na het opzeggen van je account.",
    "We verzamelen de volgende gegevens: naam, adres, e-mailadres en telefoonnummer.",
    "Uw gegevens worden gedeeld met onze hostingprovider en de Belastingdienst.",
    "Wij maken gebruik van de volgende diensten: Mollie (betalingen), Mailchimp.",
    "Je hebt het recht om je gegevens in te zien, te laten corrigeren of te verwijderen.",
    "Stuur je verzoek naar privacy@voorbeeld.nl; wij reageren binnen vier weken.",
    "Je kunt een klacht indienen bij de Autoriteit Persoonsgegevens.",
    "Wij gebruiken analytische cookies (Google Analytics) om de website te verbeteren.",
    "De grondslag is toestemming (artikel 6 lid 1 sub a AVG) of een overeenkomst.",
    "We keep your data for 30 days after you cancel, unless the law requires longer.",
    "We share your information with payment service providers such as Stripe.",
    "You may object to processing based on our legitimate interests at any time.",
    "Personal data is stored on servers within the European Union (EU).",
    "Voorbeeld B.V., Kerkstraat 1, 1234 AB Amsterdam, KvK 12345678, BTW NL001234567B01.",
    "Verwerkers:",
    "Bewaartermijn: 7 jaar (fiscale bewaarplicht)",
    "Kinderen jonger dan 16 jaar hebben toestemming van een ouder nodig.",
    "B\u0130NNEN V\u0130ER WEKEN REAGEREN W\u0130J; \u017fTORED FOR \u212aEEP\u0131NG.",
]


def test_every_pattern_of_the_rules_finds_what_it_finds_without_its_look_out() -> None:
    import sys

    import waarborg.importer.rules  # noqa: F401  (the rules' modules, wrapped)

    patterns = []
    for name, module in list(sys.modules.items()):
        if name.startswith("waarborg.importer.rules."):
            for value in vars(module).values():
                items = value if isinstance(value, tuple) else (value,)
                for item in items:
                    for each in item if isinstance(item, tuple) else (item,):
                        if isinstance(each, Prefiltered):
                            patterns.append(each)
    assert len(patterns) > 100
    texts = [
        *STATEMENT_LIKE,
        *(s.lower() for s in STATEMENT_LIKE),
        *(s.upper() for s in STATEMENT_LIKE),
    ]
    matching = 0
    for filtered in patterns:
        plain = re.compile(filtered.pattern, filtered.flags)
        for text in texts:
            assert _spans(filtered.finditer(text)) == _spans(plain.finditer(text)), filtered
            found, expected = filtered.search(text), plain.search(text)
            assert (found and found.span()) == (expected and expected.span()), filtered
            matching += expected is not None
    assert matching > 300  # the sentences do hold matches: the look-out lets them through


def test_each_statement_folds_its_own_strings() -> None:
    from waarborg.importer.rules import _literals

    prefiltered(r"bewaar\w*", re.I).search("Wij bewaren alles.")
    assert _literals._folded.cache_info().currsize > 0
    _context(["Een zin."])  # a new statement's reading
    assert _literals._folded.cache_info().currsize == 0


def test_a_prefiltered_pattern_copies_and_pickles() -> None:
    import copy
    import pickle

    filtered = prefiltered(r"bewaar\w*", re.I)
    for again in (copy.deepcopy(filtered), pickle.loads(pickle.dumps(filtered))):
        found = again.search("Wij BEWAAREN alles")
        assert found is not None and found.group(0) == "BEWAAREN"
        assert again.search("Wij wissen alles") is None
