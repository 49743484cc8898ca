"""Person names, found three ways:

- a first name from the gazetteer followed by a surname: one or two capitalised words,
  after tussenvoegsels such as ``van der`` (``Jan van der Berg``, ``Fatma Yilmaz-de
  Boer``); a first name alone only after a greeting (``Beste Sanne,``);
- a title or a label and then a name, known or not (``de heer P. Bakker``, ``mevrouw
  Van Loon``, ``t.a.v. Noor Haddou``, ``Naam: Wout Claes``);
- initials and a surname (``J.P. de Vries``);
- the line below a label line, as identity cards and passports print the surname and
  the given names (``Naam / Surname``, then ``Jansen`` or ``DE BRUIJN``): a line of
  capitalised words, or of capitals, with particles.

In a column named for names (naam, voornaam, achternaam, name...) every value of
capitalised words is a name; so it is in a column without a name whose values are,
most of them, names of the gazetteer (``is_name_column``).

Organisations and places are told apart from people: a legal form (B.V., N.V.,
Stichting, Vereniging), a word of an institution or a business (College, School,
Ziekenhuis, Gemeente, Bakkerij), an organisation of the built-in catalogue of
recipients, or a Dutch place (``Bergen op Zoom``, ``Anna Paulowna``) is no person.

The gazetteers ship with the package (data/: first names from the Meertens
Voornamenbank and Faker, surnames from the Meertens/CBG Familienamenbank and Faker,
places from the BAG; see data/NOTICE-names.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from itertools import compress, filterfalse
from operator import methodcaller

from . import register
from .base import Recognizer, Span, Text, trie_pattern

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
#: The apostrophes of names such as D'Hondt, typed or typographic.
_APOSTROPHE = "'\u2019"
#: A capitalised word; a Dutch word may begin with the capital digraph IJ (IJsbrand,
#: IJzerman).
_WORD = rf"(?:IJ|[{_UP}])[{_LOW}]+(?:[-{_APOSTROPHE}][{_UP}{_LOW}][{_LOW}]+)*"
#: The prefixes of surnames (voorvoegsels) of the BRP's table of them, each one word;
#: the longer ones (``van der``, ``uit den``, ``voor in 't``) are several of these.
_PREFIXES = (
    "van de der den het ter ten te in op la le du da di von el al aan aen af auf bij "
    "bin dal dalla das del della des do dos im les lo los onder over tho thoe thor to "
    "toe tot uijt uit uyt ver voor vom zu zum zur"
).split()
#: One prefix, small or capitalised, as a trie (the engine tries one branch per letter,
#: longer prefixes first); and ``'t``, ``'s`` and ``d'``.
_PARTICLE = (
    "(?:"
    + trie_pattern(
        (
            *_PREFIXES,
            *(w.capitalize() for w in _PREFIXES),
            *(a + c for a in _APOSTROPHE for c in "ts"),
            *("d" + a for a in _APOSTROPHE),
        )
    )
    + ")"
)
_SURNAME = rf"(?:{_PARTICLE}[ ]){{0,3}}{_WORD}(?:-(?:{_PARTICLE}[ ]){{0,2}}{_WORD})?"
#: A capitalised word; the look-behind after the first letter keeps the scan fast.
_CAPITALISED = re.compile(
    rf"[{_UP}](?<![\w{_APOSTROPHE}@.-].)J?[{_LOW}]+(?:[-{_APOSTROPHE}][{_UP}{_LOW}][{_LOW}]+)*"
)
#: After a first name: a second first name or a surname, and at most one more word.
_TAIL = re.compile(rf"[ ]{_SURNAME}(?:[ ]{_WORD}(?![ ]{_WORD}))?")
#: Initials and a surname, on the shape: ``A.`` starts them.
_INITIALS_SHAPE = re.compile(rb"A\.(?<![a9A.]A\.)")
_INITIALS = re.compile(rf"(?:[{_UP}]\.){{1,4}}[ ]?{_SURNAME}")
_AFTER_TITLE = re.compile(
    rf"[ ]*(?::[ ]*)?((?:[{_UP}]\.){{1,4}}[ ]?{_SURNAME}|{_WORD}(?:[ ]{_SURNAME})?|{_SURNAME})"
)
_COLUMN_VALUE = re.compile(
    rf"^(?:(?:{_PARTICLE}|[{_UP}]\.)[ ]?)*{_WORD}(?:[ ,][ ]?(?:(?:{_PARTICLE}|[{_UP}]\.)[ ]?)*"
    rf"{_WORD}){{0,3}}$",
    re.MULTILINE,
)
#: Titles and labels before a name, in lower case; each is searched for as a literal.
_TITLES = (
    "de heer ",
    "heer/mevrouw ",
    "mevrouw/heer ",
    "heer ",
    "dhr.",
    "dhr ",
    "mevrouw ",
    "mevr.",
    "mevr ",
    "mw.",
    "meneer ",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "ir.",
    "drs.",
    "prof.",
    "t.a.v.",
    "tav ",
    "ter attentie van",
    "attn.",
    "naam:",
    "name:",
    "van:",
    "from:",
    "contactpersoon",
    "aanvrager",
    "klantnaam",
    "ondertekend",
    "namens",
    "ten name van",
    "t.n.v.",
)
#: A JSON field of a name: ``"first": "Jan"``, ``"lastName":"Jansen"``.
_FIELD_NAMES = (
    "first last given family firstName lastName fullName givenName familyName displayName "
    "name naam voornaam achternaam roepnaam surname first_name last_name full_name "
    "contactName contactpersoon klantnaam"
).split()
#: The field names as a trie, in lower case: the engine tries one branch per letter at
#: each quote rather than every name.
_FIELD = re.compile(
    r'"(' + trie_pattern(tuple(sorted({n.lower() for n in _FIELD_NAMES}))) + r')"'
    r'[ \t]*:[ \t]*"([^"\\\n]{1,100})"',
    re.IGNORECASE,
)
#: The fields of a first name or a surname alone: its value may also be a place's name
#: (the surnames Tiel, Horn, Lutten).
_PART_FIELD = re.compile(r"first|last|given|family|voornaam|achternaam|roepnaam|surname", re.I)
#: Legal forms written as initials (``B.V. aan de Kerkstraat`` is no J. aan de Berg).
_LEGAL_INITIALS = frozenset(("B.V.", "N.V.", "C.V.", "V.O.F."))
#: A closing line; the name follows on the next line.
_CLOSINGS = ("groet,\n", "groeten,\n", "groetjes,\n", "regards,\n", "mvg,\n")
#: Between a closing and the name: blank lines and the line ``--`` that begins an
#: e-mail's signature.
_SIGNATURE = re.compile(r"(?:[ \t]*\n)*(?:--[ ]?\n)?")
#: A name right before an e-mail address in angle brackets, as mail headers, lists of
#: authors and README files write them (``Jan de Vries <jan@example.nl>``).
_BEFORE_ADDRESS = re.compile(
    rf"(?:(?:{_PARTICLE}|[{_UP}]\.)[ ]?)*{_WORD}(?:[ ](?:(?:{_PARTICLE}|[{_UP}]\.)[ ]?)*"
    rf"{_WORD}){{0,3}}\Z"
)
_ADDRESS = re.compile(r" <[^\s<>@]+@[^\s<>@]+>")
#: The labels of an identity document's name lines, in its languages.
_DOCUMENT_LABEL = (
    r"(?:naam|achternaam|geslachtsnaam|voornamen|voornaam|surname|given[ ]names?|nom|prénoms)"
)
#: A line of two or three such labels, as bilingual documents print them (``Naam /
#: Surname``, ``Voornamen/Given names``; a label alone is a form's field), and the line
#: below it: the name, in capitalised words or in capitals.
_CAPITALS = rf"[{_UP}]{{2,}}(?:['-][{_UP}]{{2,}})*(?:[ ][{_UP}]+(?:['-][{_UP}]{{2,}})*){{0,4}}"
_BELOW_LABEL = re.compile(
    rf"^[ \t]*(?i:{_DOCUMENT_LABEL}(?:[ \t]*/[ \t]*{_DOCUMENT_LABEL}){{1,2}})[ \t]*:?[ \t]*\n"
    rf"[ \t]*((?:(?:{_PARTICLE}|[{_UP}]\.)[ ]?)*{_WORD}(?:[ ](?:(?:{_PARTICLE}|[{_UP}]\.)[ ]?)*"
    rf"{_WORD}){{0,3}}|{_CAPITALS})[ \t]*$",
    re.MULTILINE,
)
#: Words of the labels of a document's name lines: ``_BELOW_LABEL`` is tried only when
#: one of them is in the text.
_DOCUMENT_WORDS = ("surname", "given name", "voornamen", "achternaam", "prénoms")


#: The name of a column that holds first names or surnames only.
_NAME_PART_HINT = re.compile(
    r"(?:voornaam|voornamen|roepnaam|first ?name|given ?name|achternaam|familienaam"
    r"|geslachtsnaam|surname|last ?name|family ?name)",
    re.IGNORECASE,
)
#: A title after a space, a line end or a bracket, as literals found with the context
#: words' beginnings in one pass over the text (``Text.stem_positions``); a title at
#: the very start of a text is matched on its own.
_TITLE_STRINGS = tuple(before + title for before in " \n(" for title in (*_TITLES, *_CLOSINGS))
#: Longest first: the title that stands at a place is the longest that does. Grouped
#: by their first four characters (every title has four or more), so that only the
#: few sharing them are tried at a place.
_TITLES_LONGEST = tuple(sorted(_TITLE_STRINGS, key=len, reverse=True))
_TITLES_BY_HEAD: dict[str, tuple[str, ...]] = {}
for _title in _TITLES_LONGEST:
    _TITLES_BY_HEAD[_title[:4]] = (*_TITLES_BY_HEAD.get(_title[:4], ()), _title)
_TITLE_AT_START = re.compile(trie_pattern((*_TITLES, *_CLOSINGS)))


def title_ends(doc: Text) -> list[int]:
    """Where the titles after a space, a line end or a bracket end, none overlapping
    the one before: at each place the longest, as one search of their alternation
    from the text's start would find them."""
    lower = doc.lower
    ends: list[int] = []
    last = 0
    for start in doc.stem_positions(_TITLE_STRINGS):
        if start < last:
            continue
        titles = _TITLES_BY_HEAD[lower[start : start + 4]]
        last = start + len(next(t for t in titles if lower.startswith(t, start)))
        ends.append(last)
    return ends


_GREETINGS = re.compile(r"(?:beste|hallo|hoi|hi|dear|geachte|lieve|dag)[ ]+\Z", re.IGNORECASE)
#: Words that begin the names of organisations, not of people (after "Van:").
_ORGANISATIONS = frozenset(
    "Stichting Vereniging Gemeente Provincie Ministerie Coöperatie Bureau Afdeling Team "
    "Klantenservice Servicedesk Helpdesk Redactie Support".split()
)
#: Words of the names of institutions, clubs and places people go to.
_INSTITUTIONS = frozenset(
    "College School Scholengemeenschap Lyceum Gymnasium Academie Hogeschool Universiteit "
    "Ziekenhuis Kliniek Centrum Huis Oord Zorg Zorggroep Thuiszorg Huisartsenpraktijk "
    "Gemeente Provincie Waterschap Vereniging Muziekvereniging Sportvereniging Stichting "
    "Club Kerk Parochie Museum Bibliotheek Theater Schouwburg Markt Plein Park Kazerne "
    "Station Dienst Fonds Instituut Genootschap Federatie Bond Raad Hof Rechtbank "
    "Supermarkt Apotheek Omroep Krant Vastgoed Woningcorporatie Wonen".split()
)
#: Words of company names, not of people's.
_BUSINESS = frozenset(
    "Groep Holding Beheer Bouw Techniek Advies Consultancy Services Installatietechniek "
    "Bank Verzekeringen Makelaars Makelaardij Transport Logistiek Media Design Solutions "
    "Partners Bakkerij Webwinkel Winkel Kantoor Administratiekantoor Garage Praktijk "
    "Apotheek Salon Studio Fotografie Advocaten Notariaat Restaurant Hotel Camping "
    "School Voorbeeld Example Company".split()
)
_NOT_PERSONAL = _ORGANISATIONS | _INSTITUTIONS | _BUSINESS
#: Legal forms after a name make it a company's.
_LEGAL_FORM = re.compile(r"[ ,]+(?:B\.?V\.?|N\.?V\.?|V\.?O\.?F\.?|C\.?V\.?|Ltd|GmbH|Inc)\b")


#: The endings of street names, many of which are named after people
#: (``Johannes Vermeerstraat``); a word longer than the ending, so ``van der Laan``
#: stays a name.
_STREET_ENDINGS = (
    "straat", "weg", "laan", "kade", "plein", "singel", "gracht", "steeg", "dreef",
    "allee", "boulevard", "pad", "hof", "park", "wal", "markt",
)  # fmt: skip


def _street(last_word: str) -> bool:
    lower = last_word.lower()
    if not lower.endswith(_STREET_ENDINGS):  # most words: one test in C
        return False
    return any(len(lower) - len(e) > 2 for e in _STREET_ENDINGS if lower.endswith(e))


def _personal(text: str, words: str, end: int) -> bool:
    """Whether words found as a name are no company's, institution's or place's: no
    word of a business or an institution, no legal form (B.V., N.V.) after them, not
    a place and not an organisation of the catalogue."""
    parts = words.split()
    return (
        bool(parts)
        and not _street(parts[-1])
        and _NOT_PERSONAL.isdisjoint(parts)
        and _LEGAL_FORM.match(text, end) is None
        and words not in places()
        and words.lower() not in organisations()
    )


def organisation_value(value: str) -> bool:
    """Whether the whole value of a field names an organisation: a legal form, a word
    of an institution or a business, or an organisation of the catalogue."""
    parts = value.replace(",", " ").split()
    return (
        _LEGAL_FORM.search(" " + value) is not None
        or not _INSTITUTIONS.isdisjoint(parts)
        or not _ORGANISATIONS.isdisjoint(parts)
        or not _BUSINESS.isdisjoint(parts)
        or value.lower() in organisations()
    )


def personal_value(value: str) -> bool:
    """Whether the whole value of a field can be a person's name: capitalised words
    (with particles and initials), no organisation's or place's."""
    return _COLUMN_VALUE.fullmatch(value) is not None and _personal(value, value, len(value))


def personal_values(values: Iterable[str]) -> dict[str, bool]:
    """``personal_value`` of each of ``values`` (a column's different values), in bulk:
    the pattern, the words of organisations, the places and the catalogue's
    organisations are met with the values by ``map`` and ``compress`` in C, and only
    the values that end like a street name reach Python (a test holds the two to
    each other)."""
    judged = dict.fromkeys(values, False)
    shaped = list(compress(judged, map(_COLUMN_VALUE.fullmatch, judged)))
    shaped = list(compress(shaped, map(_NOT_PERSONAL.isdisjoint, map(str.split, shaped))))
    shaped = list(filterfalse(places().__contains__, shaped))
    lowered = list(map(str.lower, shaped))
    organisation = map(organisations().__contains__, lowered)
    # Nothing follows a whole value, so no legal form does (``_personal``'s last test).
    streetlike = map(methodcaller("endswith", _STREET_ENDINGS), lowered)
    for value, other, street in zip(shaped, organisation, streetlike, strict=True):
        if not other and not (street and _street(value.split()[-1])):
            judged[value] = True
    return judged


#: The share of a column's values that must hold a name of the gazetteer, and the
#: share of places it may hold, for the column to be a column of names; or, when
#: nearly all values are shaped as names (``SHAPED_SHARE``), the smaller share of
#: known names (``KNOWN_SHARE``): a column of surnames holds many the gazetteer lacks.
NAME_SHARE = 0.5
PLACE_SHARE = 0.2
SHAPED_SHARE = 0.9
KNOWN_SHARE = 0.25
TRIAL_NAMES = 40


def is_name_column(values: list[str], judged: dict[str, bool] | None = None) -> bool:
    """Whether the values of a column without a name are, most of them, names: a first
    name of the gazetteer begins them or a surname ends them. ``judged`` keeps what
    ``personal_value`` said of each value, for the caller to reuse."""
    sample = values[:500]
    if not sample:
        return False
    # Most columns are plainly not of names: numbers, codes, addresses in lower case.
    head = sample[:TRIAL_NAMES]
    capitalised = sum(v[:1].isupper() and not any(map(str.isdigit, v)) for v in head)
    if capitalised < NAME_SHARE * len(head):
        return False
    first, last, where = first_names(), surnames(), places()
    if judged is None:
        judged = {}
    judged.update(personal_values(set(sample).difference(judged)))
    known = in_place = shaped = 0
    for value in sample:
        if value in where:
            in_place += 1
            continue
        words = value.replace(",", " ").split()
        if words and judged[value]:
            shaped += 1
            if words[0] in first or words[-1] in last:
                known += 1
    size = len(sample)
    return in_place <= PLACE_SHARE * size and (
        known >= NAME_SHARE * size
        or (shaped >= SHAPED_SHARE * size and known >= KNOWN_SHARE * size)
    )


def _read(name: str) -> frozenset[str]:
    text = resources.files(__package__).joinpath("data", name).read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


@cache
def first_names() -> frozenset[str]:
    """The gazetteer's first names."""
    return _read("first_names.txt")


@cache
def surnames() -> frozenset[str]:
    """The gazetteer's surnames (the capitalised word each ends with)."""
    return _read("surnames.txt")


@cache
def places() -> frozenset[str]:
    """The places (woonplaatsen) of the Netherlands."""
    return _read("places.txt")


@cache
def organisations() -> frozenset[str]:
    """The names of the organisations in the built-in catalogue of recipients, in lower
    case."""
    from ... import catalogue

    found: set[str] = set()
    for recipient in catalogue.recipients().values():
        for name in (recipient.name, recipient.legal_entity, *recipient.aliases):
            if name:
                found.add(name.lower())
    return frozenset(found)


@register
class PersonName(Recognizer):
    name = "person_name"
    label = "Person name"
    categories = ("name", "first_name", "last_name", "initials", "contact_list")
    context = (
        "naam",
        "name",
        "voornaam",
        "voornamen",
        "achternaam",
        "familienaam",
        "geslachtsnaam",
        "roepnaam",
        "contactpersoon",
        "klantnaam",
        "tenaamstelling",
        "attention of",
        "attention",
        "ter attentie",
        "full name",
        "first name",
        "last name",
        "surname",
        "firstname",
        "lastname",
    )

    def __init__(self) -> None:
        super().__init__()
        self.first = first_names()

    def _first_names(self, plain: str) -> Iterator[tuple[int, int]]:
        """Where the gazetteer's first names stand in the text, as whole words.

        The capitalised words are listed in C and met with the gazetteer as sets. A few
        names are then looked up with ``str.find``; many are found in the order the
        words come, one ``str.find`` each. Each must stand as a whole capitalised word
        (``Jan`` in ``Jansen`` does not), and have a space after it (a surname may
        follow) or before it (a greeting may precede it): ``Sep`` in a log's
        ``03/Sep/2020`` has neither.
        """
        words = _CAPITALISED.findall(plain)
        known = self.first.intersection(words)
        if len(known) <= 8:
            for word in known:
                start = plain.find(word)
                while start != -1:
                    end = start + len(word)
                    whole = _CAPITALISED.match(plain, start)
                    if (
                        whole is not None
                        and whole.end() == end
                        and (plain.startswith(" ", end) or plain.startswith(" ", start - 1))
                    ):
                        yield start, end
                    start = plain.find(word, end)
            return
        position = 0
        for word in [w for w in words if w in known]:
            start = plain.find(word, position)
            while start != -1:
                end = start + len(word)
                whole = _CAPITALISED.match(plain, start)
                if whole is not None and whole.end() == end:
                    if plain.startswith(" ", end) or plain.startswith(" ", start - 1):
                        yield start, end
                    position = end
                    break
                start = plain.find(word, start + 1)

    def spans(self, doc: Text, hint: str = "", *, context: bool = True) -> list[Span]:
        out: list[Span] = []
        plain, name = doc.text, self.name
        if hint and _NAME_PART_HINT.search(hint.replace("_", " ")):
            # A column of first names or surnames: every value of capitalised words.
            for match in _COLUMN_VALUE.finditer(plain):
                out.append((match.start(), match.end(), name))
            return out
        starts: set[int] = set()
        for start, end in self._first_names(plain):
            # A surname follows a space, a greeting ends in one (``Sep`` in a log's
            # ``03/Sep/2020`` is neither): the patterns are tried only then.
            rest = _TAIL.match(plain, end) if plain.startswith(" ", end) else None
            if rest is not None and _personal(plain, plain[start : rest.end()], rest.end()):
                starts.add(start)
                out.append((start, rest.end(), name))
            elif plain.startswith(" ", start - 1) and _GREETINGS.search(
                plain, max(0, start - 10), start
            ):
                out.append((start, end, name))
        if b"A." in doc.shape:
            for dot in _INITIALS_SHAPE.finditer(doc.shape):
                initials = _INITIALS.match(plain, dot.start())
                if (
                    initials is not None
                    and initials.group().split(" ", 1)[0] not in _LEGAL_INITIALS
                    and not _street(initials.group().rsplit(" ", 1)[-1])
                ):
                    out.append((initials.start(), initials.end(), name))
        if '":' in plain or '" :' in plain:
            for field in _FIELD.finditer(plain):
                value = field.group(2)
                if field.start(2) not in starts and (
                    personal_value(value)
                    or (
                        _PART_FIELD.match(field.group(1)) is not None
                        and _COLUMN_VALUE.fullmatch(value) is not None
                        and value in places()
                    )
                ):
                    out.append((field.start(2), field.end(2), name))
        at = plain.find(" <")
        while at != -1:
            if _ADDRESS.match(plain, at):
                line = plain.rfind("\n", max(0, at - 80), at) + 1
                found = _BEFORE_ADDRESS.search(plain, max(line, at - 80), at)
                if (
                    found is not None
                    and found.start() not in starts
                    and not plain[found.start() - 1 : found.start()].isalnum()
                    and _personal(plain, found.group(), at)
                ):
                    starts.add(found.start())
                    out.append((found.start(), at, name))
            at = plain.find(" <", at + 2)
        lower = doc.lower
        if any(word in lower for word in _DOCUMENT_WORDS):
            for below in _BELOW_LABEL.finditer(plain):
                value = below.group(1)
                if below.start(1) not in starts and _personal(
                    plain, value.title() if value.isupper() else value, below.end(1)
                ):
                    starts.add(below.start(1))
                    out.append((below.start(1), below.end(1), name))
        first_title = _TITLE_AT_START.match(lower)
        titles = title_ends(doc)
        for title_end in [first_title.end(), *titles] if first_title is not None else titles:
            after = title_end
            if lower[after - 1] == "\n":  # a closing: the name may follow a signature line
                after = _SIGNATURE.match(plain, after).end()  # type: ignore[union-attr]
            while after < len(plain) and plain[after] in " \n" and after - title_end < 3:
                after += 1
            if after in starts:  # the gazetteer found this name already
                continue
            found = _AFTER_TITLE.match(plain, after)
            if (
                found is not None
                and found.group(1).split(" ", 1)[0] not in _ORGANISATIONS
                and _personal(plain, found.group(1), found.end(1))
            ):
                out.append((found.start(1), found.end(1), name))
        return out
