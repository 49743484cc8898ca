"""The controller: its name, legal form, address, KvK and VAT numbers, e-mail, phone
and website, and the data protection officer (Art. 13(1)(a)-(b))."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from . import contact
from ._context import Context, Sentence

__all__ = ["controller"]

_FORMS = (
    (re.compile(r"\bB\.?\s?V\.?(?=\W|$)"), "B.V."),
    (re.compile(r"\bN\.?\s?V\.?(?=\W|$)"), "N.V."),
    (re.compile(r"\bV\.?\s?O\.?\s?F\.?(?=\W|$)"), "V.O.F."),
    # Belgian forms, in a Flemish statement: "Alpha Copy BVBA", "vzw De Link".
    (re.compile(r"\bBVBA\b|\bB\.V\.B\.A\.", re.I), "BVBA"),
    (re.compile(r"\bVZW\b|\bv\.z\.w\.", re.I), "VZW"),
    (re.compile(r"^Stichting\b", re.I), "stichting"),
    (re.compile(r"^\w*vereniging\b", re.I), "vereniging"),
    (re.compile(r"^Co[öo]peratie(?:ve)?\b", re.I), "coöperatie"),
    (re.compile(r"\beenmanszaak\b", re.I), "eenmanszaak"),
)
_NAME = r"[\w&.'\u2019@+-]+(?:[ \t]+[\w&.'\u2019@+-]+){0,6}"
# "Wij zijn X", "We are X": the statement says who it is.
_WE_ARE = re.compile(rf"\b(?:Wij zijn|We are|We zijn)\s+(?P<name>{_NAME}?)\s*(?:[,(]|\bis\b|$)")
# "X, gevestigd aan/in/te ...", "X is verantwoordelijk voor de verwerking",
# "X, located at", "X is the controller".
_SEATED = re.compile(
    r"(?:^|[:;]\s*|(?:onderdeel van|handelsnaam van|part of|trading name of)\s+)"
    rf"(?P<name>{_NAME}?)\s*(?:\([^)]*\))?,?\s+(?:is\s+|are\s+)?"
    r"(?:gevestigd|located|based|having its registered|established)\b"
)
_RESPONSIBLE = re.compile(
    rf"(?:^|[:;]\s*)(?P<name>{_NAME}?)\s*(?:\([^)]*\))?,?\s+"
    r"(?:is\s+|treedt\s+op\s+als\s+|acts\s+as\s+(?:the\s+)?)?"
    r"(?:verantwoordelijk voor de verwerking|verwerkingsverantwoordelijke|is the controller|"
    r"de verantwoordelijke voor de (?:gegevens)?verwerking|"
    r"is responsible for (?:the )?processing|is the data controller)"
)
# "De verwerkingsverantwoordelijke is X", "The controller is X", "Bedrijfsnaam: X".
_IS_CONTROLLER = re.compile(
    rf"(?:(?:verwerkings)?verantwoordelijke|(?:data )?controller|"
    rf"(?:verantwoordelijk|responsible) (?:voor|for) (?:deze|dit|de|het|this|the) \w+)"
    # "verwerkingsverantwoordelijke in de zin van de AVG is X"
    rf"(?:\s+(?:in de zin van|within the meaning of) (?:de|het|the) [\w ]{{1,40}}?)?"
    rf"\s+(?:is|:)\s+(?P<name>{_NAME}?)"
    r"\s*(?:[,(]|\bgevestigd\b|\blocated\b|\bmet\b|\bwith\b|$)",
    re.IGNORECASE,
)
_LABELLED_NAME = re.compile(
    rf"^(?:Bedrijfsnaam|Organisatie|Onderneming|Naam organisatie|Handelsnaam|Statutaire naam|"
    rf"Company name|Company|Organisation|Organization|Legal name)\s*:\s*(?P<name>{_NAME})\s*$"
)
# "Dit is de privacyverklaring van X", "De website is een initiatief van X", "wordt
# beheerd door X", "is operated by X", "Wij, X, vragen ...": the statement says whose it is.
_END_OF_NAME = (
    r"\s*(?:[,(.;:]|\s(?:is|gevestigd|uit|te|met|voor|die|dat|en|and|with|which|that|in)\b|$)"
)
_INTRODUCED = re.compile(
    r"(?:\b(?i:privacyverklaring|privacybeleid|privacystatement|privacy statement|"
    r"privacy policy|privacy notice) (?:van|of)|\bis een (?:initiatief|dienst|product) van|"
    r"\bwordt (?:beheerd|aangeboden|uitgegeven|geëxploiteerd) door|"
    r"\bis (?:operated|provided|run|owned|published) by|\b(?:Wij|wij|We|we|Ik|I)\s*,)"
    rf"\s+(?P<name>{_NAME}?){_END_OF_NAME}"
)
# "X (hierna: 'wij')", "X, hereafter referred to as": a name the statement defines.
_HEREAFTER = re.compile(
    rf"^(?P<name>{_NAME}?)\s*[,(]\s*(?:hierna|hereafter|hereinafter)\b", re.IGNORECASE
)
# A word every naming pattern needs: sentences without one are not tried.
_NAMING = re.compile(
    r"Wij zijn|We are|We zijn|gevestigd|located|based|registered|established|verantwoordelijk|"
    r"controller|naam\s*:|Organisatie\s*:|Company|Organi[sz]ation\s*:|privacy|initiatief|"
    r"beheerd|aangeboden|uitgegeven|geëxploiteerd|operated|provided|run by|owned|published|"
    r"hierna|hereafter|hereinafter|\bwij\s*,|\bwe\s*,|\bik\s*,",
    re.IGNORECASE,
)
# "X verwerkt", "X verzamelt": a name the statement uses as the subject of processing.
_SUBJECT = re.compile(
    r"(?:^|(?<=[.;:]\s))(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?P<name>[A-Z]?[\w&.'\u2019-]*[A-Za-z][\w&.'\u2019-]*"
    r"(?:\s[A-Z][\w&.'\u2019-]*){0,2})\s+(?:verwerkt|verzamelt|"
    r"bewaart|deelt|gebruikt|neemt|verstrekt|zal|respecteert|hecht|beschermt|beveiligt|"
    r"processes|collects|stores|shares|uses|will|respects|protects|maakt|makes)\b"
)
_NOT_NAMES = frozenset(
    "wij we ons onze u je jij jouw uw het de dit deze die dat zij ze men er hier website "
    "our us you your it this that they the company bedrijf organisatie klant klanten "
    "data gegevens persoonsgegevens informatie information cookies cookie verwerker verwerkers "
    "derden partijen iedereen niemand medewerkers personeel websites app applicatie dienst "
    "diensten these those which who he she hij zij personal processors third parties we'll "
    "nobody everyone staff service services google facebook".split()
)
_STREET = re.compile(
    r"(?P<street>(?:[A-Z][\w'\u2019.-]*\s(?:(?:de|van|der|den|het|ter|ten)\s)?){0,3}"
    r"[A-Z]?[\w'\u2019.-]*(?:straat|weg|laan|plein|plantsoen|"
    r"singel|gracht|kade|dijk|dreef|park|hof|markt|steeg|pad|baan|boulevard|allee|ring|"
    r"veld|poort|wal|erf|haven|burg|berg|straatweg|zijde|kwartier|wijk|land|oord|straat|kamp)"
    r"\s+\d{1,5}(?:\s?[a-zA-Z](?![a-zA-Z]))?(?:[-/]\d{1,4}[a-zA-Z]?)?)"
)
_PO_BOX = re.compile(r"\b(?P<box>Postbus\s+\d{1,6})\b")
_POSTCODE = re.compile(r"\b(?P<code>[1-9]\d{3})\s?(?P<letters>[A-Z]{2})\b")
_CITY = r"(?P<city>[A-Z][\w'\u2019-]+(?:[ \t](?:aan|a/d|op|den|de|der|[A-Z][\w'\u2019-]+)){0,4})"
_CITY_AFTER = re.compile(rf"^\s*,?\s*(?:te\s+|in\s+)?{_CITY}")
_CITY_TE = re.compile(rf"^\s*,?\s*(?:te|in)\s+{_CITY}")
_ADDRESS_LABEL = re.compile(r"^\s*(?:Adres|Bezoekadres|Vestigingsadres|Address)\s*:", re.I)
_PROVINCES = frozenset(
    "Groningen Friesland Fryslân Drenthe Overijssel Flevoland Gelderland Utrecht "
    "Noord-Holland Zuid-Holland Zeeland Noord-Brabant Limburg".split()
)
_AUTHORITY = re.compile(r"autoriteit\s*persoonsgegevens|toezichthouder|supervisory", re.I)


# Words that start a clause, not a name: "Wanneer de school de ...", "Deze partners zijn".
_FUNCTION_WORDS = frozenset(
    "de het een en of maar als wanneer toen omdat dat die deze dit wie wat waar hoe welke "
    "welk wij we ons onze u uw je jij jouw zij ze hij hun hen er hier daar daarom dus ook "
    "nog niet geen al alle alleen bij door voor van met naar op in aan uit over onder tot "
    "om te zo dan na via sinds tijdens volgens zonder namens indien mits tenzij zodat "
    "the a an and or but if when while because that this these those which who what where "
    "how we our us you your they their it its he she his her there here also not no all "
    "only by for of with to on at from about under until so then after since during "
    "without within".split()
)
# Words that may start a name when capitalised and followed by a capitalised word.
_NAME_PARTICLES = frozenset("van ten ter in op over bij met voor aan uit onder the".split())
# A verb in a run of words shows a clause was taken, not a name.
_CLAUSE_VERBS = re.compile(
    r"\b(?:is|zijn|was|waren|wordt|worden|blijft|blijven|heeft|hebben|kan|kunnen|zal|zullen|"
    r"are|were|remains?|stays?|has|have|can|will|may)\b"
)


def _fragment(name: str) -> bool:
    """A piece of a sentence rather than a name: it starts with a function word or
    holds a verb."""
    words = name.split()
    if (
        len(words) > 1
        and words[0].lower() in _NAME_PARTICLES
        and words[0][0].isupper()
        and words[1][0].isupper()
    ):
        return False  # "Van Dijk Advocaten", "Op Maat", "The Municipality of Zwolle"
    if _article_name(name) and not _CLAUSE_VERBS.search(name):
        return False  # "Het Energielabel Loket", "De Vries Installatietechniek"
    if not words or words[0].lower().strip(".,") in _FUNCTION_WORDS:
        return True
    return bool(_CLAUSE_VERBS.search(name))


# The number of a clause or an item before a name: "1.1 X, gevestigd te ...".
_NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[a-z]\))\s+")
# "de handelsnaam van X", "onderdeel van X": the name the words lead to.
_NAME_OF = re.compile(
    r"^.*\b(?i:handelsnaam|onderdeel|trading name|part|brand|merk)\s+(?i:van|of)\s+(?=\S)"
)


# Capitalised words after an article that name a role or a thing the text defines ("De
# Opdrachtgever", "Het Platform"), not an organisation.
_DEFINED_TERMS = frozenset(
    "Opdrachtgever Opdrachtnemer Verwerker Verwerkingsverantwoordelijke Verantwoordelijke "
    "Gebruiker Gebruikers Klant Klanten Deelnemer Platform Website Dienst Diensten App "
    "Applicatie Overeenkomst Onderneming Organisatie Vennootschap Ondernemer Leverancier "
    "Koper Verkoper Partij Partijen Algemene Bijzondere".split()
)


def _article_name(name: str) -> bool:
    """A name that starts with its article: "Het Energielabel Loket", "De Vries
    Installatietechniek": three words or more, each after the article capitalised (or a
    particle), the first of them no defined term."""
    words = name.split()
    return (
        words[0] in ("De", "Het")
        and len(words) >= 3
        and words[1] not in _DEFINED_TERMS
        and all(w[0].isupper() or w in ("van", "de", "der", "den", "&") for w in words[1:])
    )


def _clean_name(name: str) -> str | None:
    name = name.strip(" ,;:'\"\u201c\u201d\u2018\u2019()")
    name = _NAME_OF.sub("", _NUMBERING.sub("", name))
    if not re.search(r"\b[A-Z]\.[A-Z]\.$|\b(?:Inc|Ltd|Co)\.$", name):
        name = name.rstrip(".")
    if (
        name.lower().startswith(("de ", "het "))
        and len(name.split()) > 1
        and not _article_name(name)
    ):
        return None
    if not name or name.lower() in _NOT_NAMES or len(name) < 2 or len(name) > 80:
        return None
    if not re.search(r"[A-Za-z]", name) or _fragment(name):
        return None
    return name


# Where a service the statement uses is established, outside the EU.
_ABROAD = re.compile(
    r"\s*(?:in|te)\s+(?:de\s+|the\s+)?(?:Verenigde Staten|VS|USA|US|U\.S\.|United States|"
    r"Amerika|America|Canada|Verenigd Koninkrijk|United Kingdom|India|China)\b"
)


def _named(ctx: Context) -> tuple[str, Sentence, str] | None:
    """The first sentence that says who the organisation is, by any of the patterns."""
    patterns = (
        ("we-are", _WE_ARE),
        ("seated", _SEATED),
        ("responsible", _RESPONSIBLE),
        ("is-controller", _IS_CONTROLLER),
        ("labelled", _LABELLED_NAME),
        ("introduced", _INTRODUCED),
        ("hereafter", _HEREAFTER),
    )
    for sentence in ctx.sentences:
        if not _NAMING.search(sentence.text):
            continue
        for rule, pattern in patterns:
            for match in pattern.finditer(sentence.text):
                name = _clean_name(match.group("name"))
                if rule in ("introduced", "hereafter") and name and not name[0].isupper():
                    continue  # words after "van" or "door" are a name only when capitalised
                if rule == "seated" and _ABROAD.match(sentence.text[match.end() :]):
                    continue  # "Formspree is gevestigd in de Verenigde Staten": a service
                    # the statement names, not the organisation
                if name and not _AUTHORITY.search(name) and not _known_recipient(name):
                    return name, sentence, rule
    return None


# "Statutaire naam | X" in a table, "Bedrijfsnaam" on a line with its value on the next.
_NAME_LABEL = re.compile(
    r"^\s*(?P<label>statutaire naam|juridische naam|bedrijfsnaam|onderneming|naam organisatie|"
    r"organisatienaam|handelsnaam|legal name|registered name|company name|trading name)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)


def _labelled_cells(ctx: Context) -> tuple[str, Sentence, list[str]] | None:
    """The name a table or a block of labelled lines gives, the label on its own and the
    value in the cell or line that follows it: the registered name before the trade
    name, which then is a name it trades under."""
    found: dict[str, tuple[str, Sentence]] = {}
    for index, sentence in enumerate(ctx.sentences[:-1]):
        label = _NAME_LABEL.match(sentence.text)
        if label is None:
            continue
        value = ctx.sentences[index + 1]
        cells = ctx.kind_of(sentence) == ctx.kind_of(value) == "cell"
        if not (cells or sentence.text.rstrip().endswith(":")) or ctx.is_heading(value):
            continue
        text = value.text.strip()
        if len(text.split()) > 8 or re.search(r"[.:;!?]$", text) or _clean_name(text) is None:
            continue
        # The other lines of the same block of details: a KvK number or an address.
        block = " ".join(s.text for s in ctx.sentences[index + 2 : index + 10])
        if not re.search(r"(?i:kvk|kamer van koophandel|adres|address)|\d{4}\s?[A-Z]{2}", block):
            continue
        kind = (
            "trade" if label.group("label").lower() in ("handelsnaam", "trading name") else "name"
        )
        # "X (eenmanszaak)": the legal form in brackets is no part of the name.
        found.setdefault(kind, (re.sub(r"\s*\([^)]*\)$", "", text), value))
    if "name" in found:
        trades = [found["trade"][0]] if "trade" in found else []
        return found["name"][0], found["name"][1], trades
    if "trade" in found:
        return found["trade"][0], found["trade"][1], []
    return None


_FORM_AFTER = r"(?:B\.V\.|B\.\s?V\.|BV|N\.V\.|NV|V\.O\.F\.|VOF)(?![\w])"
_CAPITALISED = r"[A-Z0-9][\w&'\u2019.-]*"
_FORMED = re.compile(
    rf"(?P<name>(?:{_CAPITALISED}|[a-z][\w'\u2019-]*[A-Z][\w&.-]*)"
    rf"(?:\s+(?:{_CAPITALISED}|&|en|van|de|der)){{0,4}}\s+{_FORM_AFTER})|"
    rf"(?P<prefixed>\b(?i:stichting|vereniging|co[öo]peratie(?:ve)?)\s+{_CAPITALISED}"
    rf"(?:\s+(?:{_CAPITALISED}|van|de|der|het|voor|en)){{0,4}})"
)
# "X (KvK 12345678)", "X, ingeschreven bij de Kamer van Koophandel": a name given with
# its registration.
_REGISTERED = re.compile(
    rf"(?:^|(?<=[.;:]\s))(?P<name>{_CAPITALISED}(?:\s+{_CAPITALISED}){{0,4}})\s*"
    r"(?:\(\s*(?:KvK|KVK|Kvk|K\.v\.K\.|Kamer van Koophandel)|,\s*(?:ingeschreven|KvK|KVK)|"
    r"\s+(?:staat|is)\s+ingeschreven\b)"
)


def _formed_name(match: re.Match[str]) -> str | None:
    raw = match.group("name") or match.group("prefixed")
    # "Stichting A en Stichting B": two organisations, the first named first.
    raw = re.split(r"\s+en\s+(?=(?i:stichting|vereniging|co[öo]peratie)\b)", raw)[0]
    words = raw.split()
    # "Via Starred B.V.": words that start a sentence are not part of the name.
    while words and words[0].lower() in _FUNCTION_WORDS and words[0].lower() not in ("de", "het"):
        words = words[1:]
    if match.group("prefixed"):
        while words and words[-1].lower() in _FUNCTION_WORDS:
            words = words[:-1]
    if len(words) < 2:
        return None
    name = _clean_name(" ".join(words))
    if name is None or _AUTHORITY.search(name) or _known_recipient(_bare(name)):
        return None
    return name


def _bare(name: str) -> str:
    """The name without its legal form."""
    bare = re.sub(rf"\s+{_FORM_AFTER}$", "", name)
    return re.sub(r"^(?i:stichting|vereniging|co[öo]peratie(?:ve)?)\s+", "", bare)


# A sentence about a party that works for the organisation.
_OTHER_PARTY = re.compile(
    r"\b(?:verwerker|bewerker|sub-?verwerker|processor|leverancier|supplier|partner|"
    # verbs, not the nouns ("bevordert samenwerking rondom en gebruik van ...")
    r"hosting|gebruik(?:en|t)\s+(?:\w+\s+)?van|ik\s+gebruik|(?:maken|maakt)\s+(?:\w+\s+)?gebruik|"
    r"we use|uses|samenwerk(?:en|t|ing\s+met)|samen\s+werk\w*|werk(?:en|t)\s+samen|"
    r"(?:gemaakt|ontwikkeld|ontworpen|gebouwd)\s+door|"
    r"(?:made|developed|designed|built)\s+by|"
    # data given to another: "delen met", "verstrekken aan", "shared with"
    r"(?:del|verstrekk|geven|doorgev|stur|doorstur)(?:en|t)\b[^.]{0,60}\b(?:met|aan)|"
    r"(?:share|disclose|transfer|send)s?\b[^.]{0,60}\b(?:with|to))\b",
    re.IGNORECASE,
)
# The words before a party the organisation gives data to: "delen uw gegevens met",
# "verstrekken wij aan", "we share your data with".
_GIVEN_TO = re.compile(
    r"\b(?:del\w*|deelt|gedeeld|verstrek\w*|geven|geeft|doorgeven|share\w*|disclos\w*|"
    r"provide[sd]?|transfer\w*)\b(?:\s+[\w'\u2019-]+){0,5}?\s+(?:met|aan|with|to)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# Where the statement introduces itself: its first sentences.
_OPENING = 8


def _legal_entity(ctx: Context) -> tuple[str, Sentence] | None:
    """A name with a legal form ("X B.V.", "Stichting X", "vereniging X") or given with
    its KvK registration, in the statement's opening sentences or in its contact block
    (beside the address or the KvK number)."""
    near: set[int] = set(range(min(_OPENING, len(ctx.sentences))))
    for sentence, _match in ctx.search_text(_POSTCODE):
        index = ctx.index_of(sentence)
        near.update(range(max(0, index - 3), index + 1))
    for index in sorted(near):
        sentence = ctx.sentences[index]
        if _OTHER_PARTY.search(sentence.text):
            continue  # a supplier the statement names, not itself
        for pattern in (_REGISTERED, _FORMED):
            for match in pattern.finditer(sentence.text):
                if _GIVEN_TO.search(sentence.text[: match.start()]):
                    continue  # "Wij delen uw gegevens met Acme B.V.": who receives them
                name = (
                    _formed_name(match) if pattern is _FORMED else _clean_name(match.group("name"))
                )
                if name is not None and not _known_recipient(_bare(name)):
                    return name, sentence
    return None


# "Persoonsgegevens die X verwerkt", the heading of the common generator's text with
# the organisation's name filled in.
_PROCESSES_HEADING = re.compile(
    r"^(?i:(?:bijzondere\s+(?:en/of\s+gevoelige\s+)?)?persoonsgegevens\s+die)\s+"
    r"(?P<name>[A-Z0-9][^\n\[\]#{}]{1,80}?)\s+verwerkt\s*$"
)


def _heading_name(ctx: Context) -> tuple[str, Sentence] | None:
    """The name a heading of the generator's text gives the one that processes."""
    for sentence in ctx.sentences:
        match = _PROCESSES_HEADING.match(sentence.text.strip())
        if match is None or not ctx.is_heading(sentence):
            continue
        name = _clean_name(match.group("name"))
        if name is not None and not _known_recipient(name):
            return name, sentence
    return None


def _title_name(ctx: Context) -> tuple[str, Sentence] | None:
    """The name in the statement's heading ("Privacyverklaring X") when the text names
    X again below it."""
    for sentence in ctx.sentences[:3]:
        titled = _TITLED.match(sentence.text.strip())
        if titled is None or not ctx.is_heading(sentence):
            continue
        name = _clean_name(titled.group("name").strip(" ."))
        if name is None or not (name[0].isupper() or name[0].isdigit()):
            return None
        # "Privacy policy Nuts.nl" beside "info@nuts.nl": the site's own address names it.
        site = re.fullmatch(r"([A-Z][\w-]*)\.(?:nl|com|org|net|eu|be|io|app)", name)
        if site is not None:
            domains = {m.group(1).lower() for m in _OWN_DOMAIN.finditer(ctx.text.text)}
            return (site.group(1), sentence) if site.group(1).lower() in domains else None
        # Capitalised in the middle of a sentence too: a name, not a common noun
        # ("Privacyverklaring Sollicitanten").
        if re.search(rf"(?<=[a-z,] ){re.escape(name)}\b", ctx.text.text[sentence.end :]):
            return name, sentence
        return None
    return None


# The first label of a domain in an e-mail address or a web address of the text.
_OWN_DOMAIN = re.compile(r"(?:@|\bwww\.|https?://)([a-z0-9-]+)\.[a-z]{2,}\b", re.I)


def _subject(ctx: Context) -> tuple[str, Sentence] | None:
    """The name the statement most often makes the subject of processing, if at least
    twice."""
    counts: Counter[str] = Counter()
    first: dict[str, Sentence] = {}
    for sentence, match in ctx.search(_SUBJECT):
        name = _clean_name(match.group("name"))
        if name is None or _known_recipient(name):
            continue
        counts[name] += 1
        first.setdefault(name, sentence)
    if not counts:
        return None
    name, count = counts.most_common(1)[0]
    if count >= 2:
        return name, first[name]
    # Once is enough for the name the organisation's own domain spells ("Polder Pastry
    # maakt ..." beside "info@polderpastry.nl").
    domains = {m.group(1).lower() for m in _OWN_DOMAIN.finditer(ctx.text.text)}
    spelled = [n for n in counts if re.sub(r"[\W_]", "", n).lower() in domains]
    return (spelled[0], first[spelled[0]]) if len(spelled) == 1 else None


_PART_OF = re.compile(
    r"(?P<trade>[A-Z][\w.&'\u2019-]*(?:[ ][A-Z][\w.&'\u2019-]*){0,3})(?:,?\s+|:\s*)"
    r"(?:is\s+)?(?:een\s+|de\s+|a\s+|the\s+)?"
    r"(?:onderdeel van|(?:een )?handelsnaam van|trading name of|part of|brand of|merk van)\s+"
)
_TITLED = re.compile(
    r"^(?:privacy[\s-]*(?:en cookie)?[\s-]*(?:verklaring|statement|beleid|policy|notice)|"
    r"privacyverklaring|privacybeleid)\s+(?:van\s+|of\s+)?(?P<name>[^\s:].{0,40}?)\s*$",
    re.IGNORECASE,
)


# The last word of a product's name: "X Tool", "X App", "X Portaal".
_PRODUCT = re.compile(
    r"\s(?:tool|app|applicatie|application|platform|portaal|portal|software|website|site|"
    r"webshop|dienst|service|module|plugin|plug-in|api)$",
    re.IGNORECASE,
)


def _trade_names(ctx: Context, name: str) -> None:
    """Other names the statement gives the organisation: "X, onderdeel van <name>",
    or the name in the statement's title when it is not the organisation's own and
    the statement uses it again."""
    path = ("controller", "trade_names")
    found: list[tuple[str, Sentence]] = []
    for sentence, match in ctx.search(_PART_OF):
        rest = sentence.text[match.end() :]
        if rest.lower().startswith(name.lower()) and match.group("trade") != name:
            found.append((match.group("trade"), sentence))
    for sentence in ctx.sentences[:3]:
        titled = _TITLED.match(sentence.text.strip())
        if titled is None or not ctx.is_heading(sentence):
            continue
        other = titled.group("name").strip(" .")
        if other.lower() in name.lower() or name.lower() in other.lower():
            continue
        if _PRODUCT.search(other):
            continue  # "Privacyverklaring X Tool": a product it offers, not a name it uses
        uses = [
            m.group(0)
            for m in re.finditer(rf"\b{re.escape(other)}\b", ctx.text.text, re.I)
            if m.start() >= sentence.end
        ]
        if uses:
            spelling = next((u for u in uses if not u.isupper()), uses[0])
            found.append((spelling, sentence))
    known = list(ctx.data["controller"].get("trade_names", []))
    for trade, sentence in found:
        if trade not in known and trade != name:
            known.append(trade)
            ctx.put(path, list(known), sentence, "controller.trade_names")


def _known_recipient(name: str) -> bool:
    """A service the catalogue knows (Google, Mailchimp): never the organisation."""
    from .recipients import _names

    pattern, _keys = _names()
    return pattern.fullmatch(name) is not None


def _legal_form(name: str) -> str | None:
    for pattern, form in _FORMS:
        if pattern.search(name):
            return form
    return None


def _longer_name(ctx: Context, name: str) -> tuple[str, Sentence] | None:
    """A line of its own that starts with the short name and says more ("iemagoo
    Ontwerp & Communicatie"), as contact blocks give the full name."""
    for index, sentence in enumerate(ctx.sentences):
        line = sentence.text.strip()
        if index + 1 < len(ctx.sentences) and _wrapped_prefix(ctx, index + 1):
            continue  # the line ends in the first word of the street below it
        if (
            line.startswith(name + " ")
            and not re.fullmatch(r"\([^)]*\)", line[len(name) :].strip())
            and len(line) <= 80
            and not re.search(r"[.:;!?]$|\b(?:is|zijn|verwerkt|gebruikt|is|are)\b", line)
            and len(line.split()) <= 6
        ):
            return line, sentence
    return None


# The first word of a street name that a line break may leave on the line above
# ("Nieuwe / Herengracht 47").
_STREET_PREFIXES = tuple(
    "Nieuwe Oude Lange Korte Grote Kleine Hoge Lage Eerste Tweede Derde "
    "Achter Binnen Buiten Noorder Zuider Ooster Wester Sint".split()
)
_STREET_PREFIX = re.compile(rf"\s(?P<prefix>{'|'.join(_STREET_PREFIXES)})$")


def _wrapped_prefix(ctx: Context, index: int) -> str | None:
    """The first word of the street that starts sentence ``index``, when a line break
    left it at the end of the line above, in the same block."""
    if index == 0 or not _STREET.match(ctx.sentences[index].text.strip()):
        return None
    above = ctx.sentences[index - 1]
    if above.block != ctx.sentences[index].block:
        return None
    line = above.text.rstrip()
    if not line.endswith(_STREET_PREFIXES):  # the pattern's own test, asked cheaply first
        return None
    found = _STREET_PREFIX.search(line)
    return found.group("prefix") if found else None


# The abbreviated first word of a street ("Fred. Roeskestraat", "Burg. de Withstraat",
# "Mr. Treublaan") after which the sentences were split.
_ABBREVIATION = re.compile(r"(?:^|\s)(?P<prefix>[A-Z][a-z]{1,5}\.|(?:[A-Z]\.){1,4})$")


def _abbreviated_prefix(ctx: Context, index: int) -> str | None:
    """The abbreviation that ends the sentence before sentence ``index``, in the same
    block, where that sentence starts with a street."""
    if index == 0:
        return None
    above = ctx.sentences[index - 1]
    if above.block != ctx.sentences[index].block:
        return None
    found = _ABBREVIATION.search(above.text.rstrip())
    if found is None or _legal_form(found.group("prefix")) is not None:
        return None  # "Limesco B.V." over "Toernooiveld 100": the name's legal form
    return found.group("prefix")


# A line of an address block that holds only a street and number ("Aan de Bogen 11"),
# whatever the street's name ends in; it is taken only over a line with a postcode.
_STREET_LINE = re.compile(
    r"^(?P<street>[A-Z][\w'\u2019.-]*(?:\s[\w'\u2019.-]+){0,3}\s\d{1,5}"
    r"(?:\s?[a-zA-Z](?![a-zA-Z]))?(?:[-/]\d{1,4}[a-zA-Z]?)?)$"
)


# Words and a house number right before a postcode, whatever the street's name ends in
# ("Nieuwe Uitleg 1, 2514 BP Den Haag").
_STREET_BEFORE_CODE = re.compile(
    r"(?<![\w-])(?P<street>[A-Z][\w'\u2019.-]*(?:\s(?:[a-z]{1,3}\s)?[A-Z][\w'\u2019.-]*){0,3}"
    r"\s\d{1,5}(?:\s?[a-zA-Z](?![a-zA-Z]))?(?:[-/]\d{1,4}[a-zA-Z]?)?)"
    r"(?=\s*,?\s*[1-9]\d{3}\s?[A-Z]{2}\b)"
)


def _street(ctx: Context, index: int) -> re.Match[str] | None:
    sentence = ctx.sentences[index]
    found = (
        _STREET.search(sentence.text)
        or _PO_BOX.search(sentence.text)
        or _STREET_BEFORE_CODE.search(sentence.text)
    )
    if found is not None or index + 1 >= len(ctx.sentences):
        return found
    line = _STREET_LINE.match(sentence.text.strip())
    following = ctx.sentences[_next_value(ctx, index)]
    if line is not None and _POSTCODE.match(following.text.strip()):
        return line
    return None


def _next_value(ctx: Context, index: int) -> int:
    """The index of the line after sentence ``index`` that holds the next part of an
    address: the next sentence, or in a table of labels and values the value after the
    next row's label ("Adres | Kerkstraat 1", "Postcode en plaats | 1234 AB Breda")."""
    after = index + 1
    if after + 1 >= len(ctx.sentences) or ctx.kind_of(ctx.sentences[index]) != "cell":
        return after
    label, value = ctx.sentences[after], ctx.sentences[after + 1]
    if (
        ctx.kind_of(label) == "cell"
        and ctx.kind_of(value) == "cell"
        and len(label.text) <= 40
        and not re.search(r"\d", label.text)
    ):
        return after + 1
    return after


def _addresses(ctx: Context) -> Iterator[tuple[dict[str, str], list[Sentence]]]:
    from stdnum.nl import postcode as nl_postcode

    for index, sentence in enumerate(ctx.sentences):
        if _AUTHORITY.search(sentence.text):
            continue
        street = _street(ctx, index)
        if street is None:
            continue
        address: dict[str, str] = {}
        used = [sentence]
        if "box" in street.groupdict() and street.groupdict().get("box"):
            address["po_box"] = street.group("box")
        else:
            address["street"] = " ".join(street.group("street").split())
            prefix = _wrapped_prefix(ctx, index) if street.start() == 0 else None
            if prefix is None and street.start() == 0:
                prefix = _abbreviated_prefix(ctx, index)
            if prefix is not None:
                address["street"] = f"{prefix} {address['street']}"
                used.insert(0, ctx.sentences[index - 1])
        rest = sentence.text[street.end() :]
        code = _POSTCODE.search(rest[:80])
        if code is None and index + 1 < len(ctx.sentences):
            following = ctx.sentences[_next_value(ctx, index)]
            found = _POSTCODE.match(following.text.strip())
            if found:
                code, rest = found, following.text.strip()
                used.append(following)
        if code is not None:
            try:
                address["postcode"] = nl_postcode.validate(code.group(0))
            except Exception:  # not a Dutch postcode after all
                code = None
        if code is not None:
            after = _CITY_AFTER.match(rest[code.end() :])
            before = _CITY_AFTER.match(rest[: code.start()])
            if after:
                address["city"] = after.group("city")
            elif before:
                address["city"] = before.group("city")
            region = re.search(
                r",\s*(?P<region>[A-Z][\w-]+)\s*,?\s*$", rest[: code.start()].rstrip()
            )
            if region and region.group("region") in _PROVINCES:
                if address.get("city") == region.group("region"):
                    address.pop("city")
                address["region"] = region.group("region")
        else:
            te = _CITY_TE.match(rest)
            labelled = _ADDRESS_LABEL.match(sentence.text)
            after = _CITY_AFTER.match(rest) if labelled else None
            seated = re.search(
                r"\b(?:gevestigd|kantoor houdend|located|based)\s+(?:aan|op|in|at)\s*$",
                sentence.text[: street.start()],
                re.IGNORECASE,
            )
            if te is not None:
                address["city"] = te.group("city")
            elif after is not None:
                address["city"] = after.group("city")
            elif seated is None:
                continue  # a street name in passing, no address
        if "city" in address:
            address["city"] = re.sub(
                r"\s+(?:Nederland|The Netherlands|Netherlands)$", "", address["city"]
            )
            # "Venray Tel +31 ...": the label of the next detail is no part of the city.
            address["city"] = _LABEL_AFTER_CITY.sub("", address["city"])
        address["country"] = "NL"
        yield address, used


_LABEL_AFTER_CITY = re.compile(
    r"\s+(?:Tel|Telefoon|Telefoonnummer|T|F|Fax|E|E-mail|Email|Mail|KvK|KVK|Website|Web|"
    r"Mob|Mobiel|Phone|Postbus|Contact)\b.*$"
)


def _address(ctx: Context) -> tuple[dict[str, str], list[Sentence]] | None:
    """The organisation's address; where it is first named without its postcode ("gevestigd
    aan de Dorpsstraat 1 in X"), the same street with its postcode further on is taken."""
    found = _addresses(ctx)
    first = next(found, None)
    if first is None or "street" not in first[0]:
        return first
    if "postcode" in first[0] and "city" in first[0]:
        return first
    for address, used in found:
        same = address.get("street") == first[0]["street"]
        if same and "postcode" in address and "city" in address:
            return address, used  # "Aan de Dril 10, 5801 HX, Venray" further on
        if same and "postcode" in address and "postcode" not in first[0]:
            return address, used
    return first


# "X, gevestigd te Tilburg", "X is gevestigd in Zoetermeer, Nederland": the place of
# an organisation whose street the statement does not give.
_SEAT = re.compile(rf"\b(?:gevestigd|statutair gevestigd|located|based)\s+(?:te|in)\s+{_CITY}")
_NOT_CITY = re.compile(
    r"^(?:Nederland|The Netherlands|Netherlands|Holland|Europa|Europe|Belgi[eë]|"
    r"(?:Zuid|Noord|Oost|West|Midden)-[A-Z]\w+|de|het)$"
)


def _seat(ctx: Context, name: str | None) -> tuple[dict[str, str], list[Sentence]] | None:
    """The city the sentence that names the organisation says it is established in."""
    if not name:
        return None
    for sentence, match in ctx.search(_SEAT):
        if name not in sentence.text[: match.start()]:
            continue
        city = re.sub(r"\s+(?:Nederland|The Netherlands|Netherlands)$", "", match.group("city"))
        if city in _PROVINCES or _NOT_CITY.match(city):
            continue
        return {"city": city, "country": "NL"}, [sentence]
    return None


# The label of a block of details: never a name.
_DETAILS_LABEL = re.compile(
    r"(?i:(?:bezoek|post|vestigings|correspondentie|factuur)?adres(?:gegevens)?|"
    r"contact(?:gegevens|informatie)?|bedrijfsgegevens|gegevens|address(?:es)?|"
    r"contact details|company details|locatie|location|route(?:beschrijving)?)"
)


def _above_address(ctx: Context) -> tuple[str, Sentence] | None:
    """The line above the address in a block of contact details, where it reads as a
    name: short, without a sentence's punctuation."""
    for index, sentence in enumerate(ctx.sentences[1:], start=1):
        if _AUTHORITY.search(sentence.text) or not _STREET.match(sentence.text.strip()):
            continue
        line = ctx.sentences[index - 1].text.strip()
        if _DETAILS_LABEL.fullmatch(line.strip("*_#: ")):
            return None  # "Adresgegevens" over the street: a label, not a name
        if (
            len(line.split()) <= 8
            and (not re.search(r"[.:;!?,]$", line) or _legal_form(line) is not None)
            and not re.search(r"\d{3}|@|https?:", line)
            and (line[0].isupper() or _legal_form(line))
        ):
            return line, ctx.sentences[index - 1]
        return None
    return None


# "Jan is de Functionaris Gegevensbescherming van X. Hij is te bereiken via ...": the
# generator's sentence names the organisation the officer works for.
_DPO_OF = re.compile(
    rf"(?i:functionaris\s+(?:voor\s+de\s+)?gegevensbescherming|data\s+protection\s+officer)"
    rf"\s+(?:van|of)\s+(?P<name>{_NAME}?)"
    r"(?:\s*[.,;(]|\s+(?:Hij|Zij|He|She|Hij/zij|hij/zij|en|and|is|te)\b|\s*$)"
)


# "© 2026 Bakkerij Korst | KvK ...", "Copyright © 2024 - Korst": a footer's owner.
_COPYRIGHT = re.compile(
    r"(?:(?:©|\([cC]\))\s*(?:Copyright\s*)?|Copyright\s*(?:©\s*)?)"
    r"(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?\s*)?(?:[-\u2013|,]\s*)?"
    r"(?P<name>[A-Z][\w&'\u2019.-]*(?:[ ](?:[A-Z][\w&'\u2019.-]*|van|de|der|den|&)){0,5})"
)


def _copyright(ctx: Context) -> tuple[str, Sentence] | None:
    """The owner a footer's copyright line names, where nothing else names the
    organisation and the text gives its registration or address beside it."""
    if not re.search(
        r"(?i:\bkvk\b|k\.v\.k\.|kamer van koophandel)|\b[1-9]\d{3}\s?[A-Z]{2}\b", ctx.text.text
    ):
        return None
    for sentence, match in ctx.search(_COPYRIGHT):
        name = _clean_name(match.group("name"))
        if name is None or re.match(r"(?i)all\b|alle\b|copyright\b", name):
            continue  # "All Rights Reserved by ..."
        if re.search(r"(?i)\bk\.?v\.?k\b|kamer van koophandel|\bbtw\b|\bvat\b", name):
            continue  # "Copyright 2009, K.v.K. Utrecht: ...": a label, not the owner
        if _AUTHORITY.search(name) or _known_recipient(name):
            continue
        return name, sentence
    return None


def _dpo_of(ctx: Context) -> tuple[str, Sentence] | None:
    for sentence, match in ctx.search(_DPO_OF):
        name = _clean_name(match.group("name"))
        if name is None or not name[0].isupper():
            continue
        if _AUTHORITY.search(name) or _known_recipient(name):
            continue
        return name, sentence
    return None


# "Acme B.V., Kerkstraat 1, ..., KvK 12345678 (hierna: "Verwerker")": the details of the
# party that processes for the organisation, in a processing agreement the text holds.
_PROCESSOR_DEFINED = re.compile(
    r"\((?:hierna|hereinafter|hereafter)(?:\s+(?:te\s+noemen|referred\s+to\s+as))?\s*:?\s*"
    r"[\"'\u201c\u2018]?(?:de\s+|the\s+)?(?:sub-?)?(?:verwerker|bewerker|processor)\b",
    re.IGNORECASE,
)


def _processor_details(ctx: Context) -> set[int]:
    """The sentences (by ``id``) of the details a text defines as the processor's: the
    sentence of the definition and the lines of its block above it."""
    found: set[int] = set()
    for sentence, _match in ctx.search(_PROCESSOR_DEFINED):
        index = ctx.index_of(sentence)
        found.add(id(sentence))
        for above in reversed(ctx.sentences[max(0, index - 8) : index]):
            if above.block != sentence.block or len(above.text) > 120:
                break
            found.add(id(above))
    return found


def controller(ctx: Context) -> None:
    path = ("controller",)
    labelled = _labelled_cells(ctx)
    named = _named(ctx)
    entity = _legal_entity(ctx)
    trades: list[str] = []
    if labelled is not None:
        named, trades = (labelled[0], labelled[1], "labelled"), labelled[2]
    elif entity is not None and (
        named is None or (_legal_form(named[0]) is None and _bare(entity[0]) != named[0])
    ):
        # A name with its legal form is the entity; a shorter one the text gives
        # beside it is a name it trades under.
        if named is not None and named[0].lower() not in entity[0].lower():
            trades = [named[0]]
        named = (entity[0], entity[1], "legal-entity")
    if named is None:
        headed = _heading_name(ctx)
        if headed is not None:
            named = (headed[0], headed[1], "heading")
    if named is None:
        titled = _title_name(ctx)
        if titled is not None:
            named = (titled[0], titled[1], "title")
    if named is None:
        above = _above_address(ctx)
        if above is not None:
            named = (above[0], above[1], "contact-block")
    if named is None:
        officer = _dpo_of(ctx)
        if officer is not None:
            named = (officer[0], officer[1], "dpo-of")
    subject = _subject(ctx)
    name: str | None = None
    rule = "subject"
    if named is not None:
        name, sentence, rule = named
        ctx.put((*path, "name"), name, sentence, f"controller.name.{rule}")
        if trades:
            ctx.put((*path, "trade_names"), trades, sentence, "controller.name.trade")
    elif subject is not None:
        name, sentence = subject
        ctx.put((*path, "name"), name, sentence, "controller.name.subject")
    elif (body := _public_body(ctx)) is not None:
        name, sentence = body
        ctx.put((*path, "name"), name, sentence, "controller.name.public-body")
    elif (owner := _copyright(ctx)) is not None:
        name, sentence = owner
        ctx.put((*path, "name"), name, sentence, "controller.name.copyright")
    if name is not None:
        longer = _longer_name(ctx, name)
        if longer is not None:
            ctx.put((*path, "name"), longer[0], longer[1], "controller.name.full")
            ctx.put((*path, "trade_names"), [name], longer[1], "controller.name.short")
            name = longer[0]
        elif (
            subject is not None
            and rule in ("legal-entity", "labelled")
            and subject[0].lower() not in name.lower()
            and subject[0] not in ctx.data["controller"].get("trade_names", [])
        ):
            # The entity the statement names with its legal form processes under the
            # name it uses for itself throughout.
            known = [*ctx.data["controller"].get("trade_names", []), subject[0]]
            ctx.put((*path, "trade_names"), known, subject[1], "controller.name.subject-trade")
        elif (
            subject is not None
            and rule not in ("legal-entity", "labelled")
            and subject[0].lower() not in name.lower()
            and name.lower() not in subject[0].lower()
        ):
            # The statement names one party and has another do the processing: the one
            # that processes is the controller, the other a name it trades under.
            ctx.put(
                (*path, "trade_names"), [name], ctx.cited((*path, "name")), "controller.name.other"
            )
            ctx.put((*path, "name"), subject[0], subject[1], "controller.name.subject")
            name = subject[0]
        form = _legal_form(name)
        if form is None and rule == "labelled":
            form = _legal_form(ctx.cited((*path, "name"))[0].text)
        if form:
            ctx.put(
                (*path, "legal_form"), form, ctx.cited((*path, "name")), "controller.legal_form"
            )
        _trade_names(ctx, name)
        _trade_name_lines(ctx, name)
    else:
        ctx.silent((*path, "name"), "controller_name", "unstated")

    processor = _processor_details(ctx)
    found = _address(ctx) or _seat(ctx, name)
    if found is not None and processor.isdisjoint(id(s) for s in found[1]):
        ctx.put((*path, "address"), found[0], found[1], "controller.address")
    else:
        ctx.silent((*path, "address"), "controller_address")

    number = contact.kvk(ctx)
    if number is not None and id(number[1]) not in processor:
        ctx.put((*path, "kvk"), number[0], number[1], "controller.kvk")
    else:
        number = None
    vat = contact.vat(ctx)
    if vat is not None and id(vat[1]) not in processor:
        ctx.put((*path, "vat"), vat[0], vat[1], "controller.vat")
    else:
        vat = None
    if number is None and vat is None:
        ctx.silent((*path, "kvk"), "controller_kvk")

    email = _email(ctx)
    if email is not None and id(email[1]) in processor:
        email = None
    if email is not None:
        ctx.put((*path, "email"), email[0], email[1], "controller.email")
    else:
        ctx.silent((*path, "email"), "controller_email")
    phone = contact.phone(ctx)
    if phone is not None:
        ctx.put((*path, "phone"), phone[0], phone[1], "controller.phone")
    domain = email[0].split("@")[1].lower() if email else None
    names = [name or "", *ctx.data.get("controller", {}).get("trade_names", [])]
    web = contact.website(ctx, domain, names)
    if web is not None:
        ctx.put((*path, "website"), web[0], web[1], "controller.website")
    _dpo(ctx)
    _contact_person(ctx, name)
    _role(ctx)
    _public_authority(ctx, name)


_CONTACT_WORDS = re.compile(
    r"contact|vragen|vraag|mail|bereik|verzoek|request|question|reach|write", re.I
)
_DPO = re.compile(
    r"(?i:functionaris\s+(?:voor\s+de\s+)?gegevensbescherming|data\s+protection\s+officer)|"
    r"\b(?:FG|DPO)\b(?![@.]\w)",
)
_DPO_NAME = re.compile(
    r"^(?P<name>(?:(?:de heer|mevrouw|dhr\.|mevr\.|mr\.|ms\.|mrs\.)\s+)?"
    r"(?:[A-Z]\.\s?)*[A-Z][\w'\u2019-]+(?:\s(?:van|de|der|den|te|ter|[A-Z][\w'\u2019-]+)){0,3})"
    r"\s+is\s+(?:namens\s+[^,.;:]{1,60}?\s+)?(?:de|onze|our|the)\s+[\u2018'\"]?"
    r"(?:functionaris|data protection officer|FG|DPO)",
    re.IGNORECASE,
)
_NO_DPO = re.compile(r"\b(?:geen|niet|no|not)\b", re.I)
_INITIALS = re.compile(r"(?:[A-Z]\.\s?){1,5}")


def _email(ctx: Context) -> tuple[str, Sentence] | None:
    """The organisation's address: the one the statement gives most often, first in a
    sentence about contact; never the DPO's only address."""
    counts = contact.email_counts(ctx)
    found = contact.emails(ctx)
    if not found:
        return None
    dpo_only = {
        value.lower()
        for value, sentence in found
        if _DPO.search(sentence.text) and counts[value.lower()] == 1
    }
    dpo = _dpo_email(ctx)
    if dpo is not None and (
        counts[dpo.lower()] == 1 or any(v.lower() != dpo.lower() for v, _s in found)
    ):
        # The DPO's address, where the statement gives another or names it only for
        # the DPO ("Hij is te bereiken via ...").
        dpo_only.add(dpo.lower())
    ranked = sorted(
        (item for item in found if item[0].lower() not in dpo_only),
        key=lambda item: -counts[item[0].lower()],
    )
    if not ranked:
        return None
    value = ranked[0][0]
    for sentence, match in ctx.search_text(contact.EMAIL, contact.find_emails):
        if (
            contact.valid_email(match.group(0)) or ""
        ).lower() == value.lower() and _CONTACT_WORDS.search(sentence.text):
            return value, sentence
    return ranked[0]


def _dpo_email(ctx: Context) -> str | None:
    """The e-mail address the statement gives for its DPO, without recording it."""
    for index, sentence in enumerate(ctx.sentences):
        if not _DPO.search(sentence.text) or _NO_DPO.search(sentence.text):
            continue
        window = ctx.sentences[index : index + 3]
        if sentence.text.rstrip().endswith(":"):
            window = _details_below(ctx, index)
        for each in window:
            match = contact.email_in(each.text)
            if match and (value := contact.valid_email(match.group(0))):
                return value
        return None
    return None


def _dpo(ctx: Context) -> None:
    for index, sentence in enumerate(ctx.sentences):
        if not _DPO.search(sentence.text) or _NO_DPO.search(sentence.text):
            continue
        named = _DPO_NAME.search(sentence.text)
        if named is not None:
            above = ctx.sentences[index - 1] if index else None
            if (
                above is not None
                and above.block == sentence.block
                and _INITIALS.fullmatch(above.text.strip())
            ):
                # "I.M.M. Huijbers is de ...", which the sentences split after the initials.
                person = f"{above.text.strip()} {named.group('name')}"
                ctx.put(("controller", "dpo", "name"), person, [above, sentence], "dpo.name")
            else:
                ctx.put(("controller", "dpo", "name"), named.group("name"), sentence, "dpo.name")
        window = ctx.sentences[index : index + 3]
        if sentence.text.rstrip().endswith(":"):
            # "Functionaris Gegevensbescherming:" over a block of labelled details.
            window = _details_below(ctx, index)
            labelled = _labelled_person(window)
            if labelled is not None and named is None:
                ctx.put(("controller", "dpo", "name"), labelled[0], labelled[1], "dpo.name.label")
        for each in window:
            match = contact.email_in(each.text)
            if match:
                value = contact.valid_email(match.group(0))
                if value:
                    ctx.put(("controller", "dpo", "email"), value, [sentence, each], "dpo.email")
                    return
        return


def _details_below(ctx: Context, index: int) -> list[Sentence]:
    """The sentence at ``index`` and the short lines or table cells that follow it,
    up to the next heading or paragraph."""
    window = [ctx.sentences[index]]
    for following in ctx.sentences[index + 1 : index + 9]:
        if ctx.is_heading(following) or len(following.text) > 80:
            break
        if ctx.kind_of(following) not in ("cell", "item") and following.block != window[-1].block:
            if len(following.text.split()) > 6:
                break
        window.append(following)
    return window


_PERSON_LABEL = re.compile(r"^\s*(?:naam|name)\s*:?\s*$", re.IGNORECASE)
_PERSON_VALUE = re.compile(
    r"^(?:[A-Z]\.\s?)*[A-Z][\w'\u2019-]+(?:\s(?:van|de|der|den|ter|ten|[A-Z][\w'\u2019-]+)){1,4}$"
)


def _labelled_person(window: list[Sentence]) -> tuple[str, Sentence] | None:
    """A person's name given as "Naam" and the value in the cell or line after it, or
    as "Naam: X" on one line."""
    for position, sentence in enumerate(window):
        inline = _NAME_LINE.match(sentence.text)
        if inline is not None:
            return inline.group("person").strip(" .,"), sentence
        if _PERSON_LABEL.match(sentence.text) and position + 1 < len(window):
            value = window[position + 1].text.strip()
            if _PERSON_VALUE.match(value):
                return value, window[position + 1]
    return None


# "Handelsnamen: iemagoo, Ontwerpbureau Oost", "Trade names: iemagoo".
_TRADE_LINE = re.compile(
    r"^\s*(?:handelsnamen?|trade names?|trading names?|trading as|handelend onder de naam)"
    r"\s*:\s*(?P<names>[^:]{1,120}?)\s*\.?\s*$",
    re.IGNORECASE,
)


def _trade_name_lines(ctx: Context, name: str) -> None:
    """The names a labelled line says the organisation trades under."""
    path = ("controller", "trade_names")
    for sentence in ctx.sentences:
        match = _TRADE_LINE.match(sentence.text)
        if match is None:
            continue
        known = list(ctx.data["controller"].get("trade_names", []))
        for trade in re.split(r",|;|\s+(?:en|and)\s+", match.group("names")):
            trade = trade.strip(" .")
            if trade and trade.lower() != name.lower() and trade not in known:
                known.append(trade)
        if known:
            ctx.put(path, known, sentence, "controller.trade_names.line")


_PERSON = (
    r"(?P<person>[A-Z][\w'\u2019.-]+"
    r"(?:\s+(?:(?:van|der|den|de|ter|ten|te)\b|[A-Z][\w'\u2019.-]+)){1,4})"
)
# "Contactpersoon: Jochem Westerweel, te bereiken via contact@...", "Contact person: ...".
_CONTACT_LINE = re.compile(
    rf"^\s*(?i:contactpersonen|contactpersoon|contact persons?|aanspreekpunt)\s*:\s*{_PERSON}"
)
_CONTACT_HEADING = re.compile(r"^\s*(?:contactpersoon|contact person)\s*:?\s*$", re.IGNORECASE)
_NAME_LINE = re.compile(rf"^\s*(?i:naam|name)\s*:\s*{_PERSON}\s*$")
_EMAIL_LINE = re.compile(r"^\s*(?:e-?mail(?:adres)?|email address)\s*:", re.IGNORECASE)


# "Als u vragen heeft, kunt u contact met ons opnemen:", "Contact:", "Please contact:":
# a lead-in to the lines of whom to reach.
_CONTACT_LEAD = re.compile(
    r"(?:contact\s+(?:met\s+(?:ons|mij)\s+)?op(?:nemen|\s+met)?|contact\s+opnemen\s+met|"
    r"\bcontact(?:eer|eren)?|\bcontact us|\bcontact me|\breach us)\b[^:]{0,40}:\s*$",
    re.IGNORECASE,
)
_BARE_PERSON = re.compile(rf"^\s*{_PERSON}\s*$")
_NOT_PERSON = re.compile(
    r"\b(?:stichting|vereniging|b\.?v\.?|n\.?v\.?|team|afdeling|klantenservice|support|"
    r"privacy|gemeente|bureau|praktijk|kantoor|club|foundation|association|department|"
    r"functionaris|gegevensbescherming|autoriteit|persoonsgegevens|helpdesk|secretariaat|"
    r"bestuur|redactie|administratie|postbus|officer|protection|authority|service|"
    r"customer|desk|office|nederland|europe)\b",
    re.I,
)


def _person_below(
    ctx: Context, index: int, name: str | None
) -> tuple[re.Match[str] | None, list[Sentence]]:
    """The person named on the first line after a lead-in to contact details ("... kunt u
    contact met ons opnemen:" / "Jan de Vries" / "06-12345678"): a name of two words or
    more, not the organisation's, written nowhere else in the text, with a phone number or
    e-mail address on the lines right below it."""
    below = ctx.sentences[index + 1 : index + 4]
    if not below or name is None:
        return None, []  # without the organisation's name, the person may be the organisation
    found = _BARE_PERSON.match(below[0].text)
    if found is None or _NOT_PERSON.search(found.group("person")):
        return None, []
    person = found.group("person")
    known = [name or "", *ctx.data.get("controller", {}).get("trade_names", [])]
    if any(k and (k.lower() in person.lower() or person.lower() in k.lower()) for k in known):
        return None, []
    if ctx.text.text.count(person) != 1:
        return None, []
    rest = " ".join(s.text for s in below[1:])
    if not (contact.email_in(rest) or re.search(r"\d[\d\s-]{7,}\d", rest)):
        return None, []
    return found, below[:1]


def _contact_person(ctx: Context, name: str | None) -> None:
    """The person to contact the statement names, in a line of its own ("Contactpersoon:
    Jochem Westerweel") or in a block under the heading "Contactpersoon" ("Naam: ...",
    "E-mail: ..."), with the e-mail address that goes with them."""
    path = ("controller", "contact")
    for index, sentence in enumerate(ctx.sentences):
        line = _CONTACT_LINE.match(sentence.text)
        lines = [sentence]
        if line is None and _CONTACT_HEADING.match(sentence.text):
            following = ctx.sentences[index + 1 : index + 5]
            named = next(((s, m) for s in following if (m := _NAME_LINE.match(s.text))), None)
            if named is None:
                continue
            line, lines = named[1], [s for s in following if s.block != sentence.block]
        if line is None and _CONTACT_LEAD.search(sentence.text):
            line, lines = _person_below(ctx, index, name)
        if line is None:
            continue
        person = line.group("person").strip(" .,")
        if name is not None and person.lower() == name.lower():
            continue
        named_in = next(s for s in [sentence, *lines] if line.string == s.text)
        ctx.put((*path, "name"), person, named_in, "controller.contact.name")
        for each in lines:
            if each is not sentence and not _EMAIL_LINE.match(each.text):
                continue
            match = contact.email_in(each.text)
            value = contact.valid_email(match.group(0)) if match else None
            if value:
                ctx.put((*path, "email"), value, each, "controller.contact.email")
                break
        return


# "Voor die verwerkingen zijn wij verwerker", "X treedt daarbij op als verwerker", "we are
# a processor", "we act as a processor": the organisation processes for others too.
_PROCESSOR = re.compile(
    r"\b(?:zijn|treden|treedt)\s+(?:wij|we)\s+(?:\w+\s+){0,2}?(?:op\s+als\s+)?verwerker\b|"
    r"\b(?:wij|we)\s+(?:zijn|treden)\s+(?:\w+\s+){0,3}?(?:op\s+als\s+)?verwerker\b|"
    r"\bwe\s+(?:are|act\s+as)\s+(?:\w+\s+){0,2}?(?:a|the)\s+(?:data\s+)?processor\b",
    re.IGNORECASE,
)
# "Verwerking in opdracht van de klant", "we process ... on behalf of our clients": the
# organisation processes for its customers, who decide.
_FOR_CUSTOMERS = re.compile(
    r"\bverwerk\w*\s+(?:\w+\s+){0,4}?in\s+opdracht\s+van\s+(?:de|onze|haar|zijn)\s+"
    r"(?:klant|klanten|opdrachtgever\w*)\b|"
    r"\bprocess\w*\s+(?:\w+\s+){0,4}?on\s+behalf\s+of\s+(?:the|our|its)\s+"
    r"(?:client|customer)s?\b",
    re.IGNORECASE,
)
# "... en is de klant verantwoordelijk", "the client is the controller".
_NOT_OURS = re.compile(r"verwerkingsverantwoordelijke|verantwoordelijk|controller", re.I)


def _role(ctx: Context) -> None:
    """Both controller and processor, where the statement says the organisation also
    processes as a processor for others, beside what it decides itself."""
    if not ctx.has(("controller", "name")) or ctx.get(("controller", "name")) == "unstated":
        return
    for sentence, _match in ctx.search(_PROCESSOR):
        if re.search(r"\bniet\b|\bnot\b", sentence.text, re.I):
            continue
        own = [e.quote for e in ctx.evidence if e.path == ("controller", "name")]
        if any(_NOT_OURS.search(quote) for quote in own) or _NOT_OURS.search(sentence.text):
            ctx.put(("controller", "role"), "both", sentence, "controller.role.both")
            return
    for sentence, _match in ctx.search_text(_FOR_CUSTOMERS):
        if not re.search(r"\bniet\b|\bnot\b", sentence.text, re.I):
            ctx.put(("controller", "role"), "both", sentence, "controller.role.for_customers")
            return


# The names of Dutch public bodies, and the words a statement uses to say it is one.
_PUBLIC_NAME = re.compile(
    r"^(?:het\s+|de\s+|the\s+)?(?:ministerie|ministry|gemeente|municipality|provincie|province|"
    r"waterschap|hoogheemraadschap|rijksdienst|agentschap|inspectie|belastingdienst|"
    r"rijksoverheid|staat der nederlanden|dienst\s+uitvoering|uitvoeringsinstituut)\b",
    re.IGNORECASE,
)
_PUBLIC_SAID = re.compile(
    r"\b(?:wij zijn|we zijn|is)\s+een\s+(?:\w+\s+)?(?:bestuursorgaan|overheidsorgaan|"
    r"overheidsorganisatie|overheidsinstantie|overheidsinstelling|publiekrechtelijk\w* "
    r"(?:orgaan|lichaam|rechtspersoon))\b|"
    r"\b(?:we are|is)\s+a\s+(?:\w+\s+)?(?:public authority|public body|government body)\b",
    re.IGNORECASE,
)
# A public body the statement speaks of as the one that handles the data or answers for
# it ("de manier waarop de overheid omgaat met de persoonsgegevens", "De gemeente blijft
# verantwoordelijk voor deze verwerkingen"), and a task it calls its own that only a
# public body has ("onze publieke taak", "onze gemeentelijke diensten"); "onze wettelijke
# taak" is also a business's way of saying it has a legal duty.
_BODY = (
    r"(?:de|het)\s+(?:\w+\s+)?(?:overheid|rijksoverheid|gemeente|ministerie|provincie|"
    r"waterschap|hoogheemraadschap)"
)
_PUBLIC_SELF = re.compile(
    rf"\b{_BODY}\s+(?:is|blijft)\s+(?:\w+\s+)?(?:verantwoordelijk\w*|"
    r"verwerkingsverantwoordelijke)\b|"
    rf"\b(?:waarop|hoe)\s+{_BODY}\s+(?:\w+\s+)?(?:omgaat|omgaan|om\s+gaat|verwerkt)\b",
    re.IGNORECASE,
)
# "Als gemeente verwerken wij ...", "As a public body, we ...": it says what it is.
_KIND_OF_BODY = (
    r"(?:gemeente|ministerie|provincie|waterschap|overheidsorganisatie|overheidsinstantie|"
    r"overheidsinstelling|overheidsorgaan|bestuursorgaan|zelfstandig\s+bestuursorgaan|"
    r"publiekrechtelijk\w*\s+(?:orgaan|lichaam))"
)
_AS_BODY = re.compile(
    rf"(?:^|[.;:]\s+)als\s+(?:\w+\s+)?{_KIND_OF_BODY}\s*,?\s+(?:\w+\s+){{0,2}}?"
    r"(?:wij|we|verwerken|hebben|zijn|moeten|gebruiken)\b|"
    r"(?:^|[.;:]\s+)as\s+a\s+(?:public\s+authority|public\s+body|government\s+"
    r"(?:body|agency|organi[sz]ation)|municipality|ministry)\s*,?\s+we\b",
    re.IGNORECASE,
)
_PUBLIC_TASK = re.compile(
    r"\b(?:wij|we)\s+(?:voeren|vervullen)\s+(?:een|onze)\s+(?:publieke|publiekrechtelijke)\s+"
    r"taak\b|"
    r"\bonze\s+(?:\w+\s+(?:en\s+)?)?(?:publieke|publiekrechtelijke)\s+taak|"
    r"\bonze\s+gemeentelijke\s+(?:taken|taak|diensten|dienstverlening)\b|"
    r"\bonze\s+(?:\w+\s+)?taak\s+van\s+algemeen\s+belang\b|"
    r"\bour\s+public\s+tasks?\b",
    re.IGNORECASE,
)
# "verstrekt het Ministerie van Volksgezondheid, Welzijn en Sport geen gegevens meer",
# "De Gemeente Utrecht verwerkt ...": a public body named by its full name, as the one
# that acts, near the top of a statement that names no one else.
_BODY_NAME = (
    r"(?P<name>(?:Ministerie|Gemeente|Provincie|Waterschap|Hoogheemraadschap)\s+"
    r"(?:van\s+|voor\s+)?[A-Z][\w'\u2019-]+(?:(?:,\s*|\s+en\s+|\s+)[A-Z][\w'\u2019-]+){0,4})"
)
_ACTS = (
    r"(?:verwerkt|verwerken|verstrekt|verzamelt|bewaart|gebruikt|is\s+(?:\w+\s+)?"
    r"verantwoordelijk\w*)"
)
_PUBLIC_BODY = (
    re.compile(rf"\b{_ACTS}\s+(?:het|de)\s+{_BODY_NAME}"),
    re.compile(rf"(?:^|\b(?:het|de)\s+){_BODY_NAME}\s+{_ACTS}\b"),
)


# A sentence about another body (the supervisory authority, the tax office) says nothing
# of what the organisation itself is.
_OTHER_BODY = re.compile(
    r"autoriteit\s*persoonsgegevens|toezichthouder|supervisory|belastingdienst|\bpolitie\b|"
    r"\bjustitie\b|\bUWV\b|\bSVB\b|\bDUO\b|\bCBS\b|\bKvK\b|Kamer van Koophandel",
    re.IGNORECASE,
)


def _public_body(ctx: Context) -> tuple[str, Sentence] | None:
    """A public body that names itself by its full name as the one that processes, in
    the opening sentences of a statement that gives no other name."""
    for sentence in ctx.sentences[:_OPENING]:
        for pattern in _PUBLIC_BODY:
            match = pattern.search(sentence.text)
            if match is not None and not _OTHER_BODY.search(sentence.text):
                return match.group("name"), sentence
    return None


def _public_authority(ctx: Context, name: str | None) -> None:
    """A public authority or body (a ministry, a municipality, ...), by its name or by
    what the statement says it is."""
    path = ("controller", "public_authority")
    if name is not None and _PUBLIC_NAME.match(name):
        ctx.put(path, True, ctx.cited(("controller", "name"))[:1], "controller.public.name")
        return
    for pattern in (_PUBLIC_SAID, _AS_BODY, _PUBLIC_SELF, _PUBLIC_TASK):
        for sentence, _match in ctx.search(pattern):
            if _OTHER_BODY.search(sentence.text):
                continue  # "De Autoriteit Persoonsgegevens is een bestuursorgaan"
            ctx.put(path, True, sentence, "controller.public.said")
            return
