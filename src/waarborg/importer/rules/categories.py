"""The categories of personal data the statement lists, matched against the catalogue
of categories by their Dutch and English labels and the phrases statements use for
them; a listed item the catalogue does not know becomes an entry of its own, labelled
with the statement's words."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from ._context import Context, Sentence
from ._lists import (
    Gazetteer,
    field_line,
    is_item,
    item_text,
    items_under,
    key_of,
    label_of,
    normal,
)
from ._sections import role_of

__all__ = ["categories"]


@cache
def _phrases() -> dict[str, tuple[str, ...]]:
    """The words statements use for each category (catalogue/data/category_phrases.yaml)."""
    from importlib import resources

    import yaml

    source = resources.files("waarborg.catalogue").joinpath("data", "category_phrases.yaml")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(source.read_text("utf-8"), Loader=loader)
    return {str(key): tuple(str(p) for p in phrases) for key, phrases in data.items()}


_DATA_INTRO = re.compile(
    r"gegevens|informatie|data\b|information|vragen (?:we|wij)|registreren|registreer|"
    r"verzamel|vergaren|vul\w* (?:jij|je|u)|invul|collect|we (?:process|hold|receive)|"
    r"\bverwerken (?:wij|we)\s*:",
    re.IGNORECASE,
)
_NOT_DATA = re.compile(
    r"\bdoel|doeleinden|purpose|waarom|waarvoor|\bwhy\b|rechten|\brecht\b|\brights?\b|"
    r"wij (?:je|u|jou) niet|verwijder|partijen|third part|definitie|"
    # "om ... te": what for, unless a list of examples follows ("Ik verwerk alleen
    # gegevens die nodig zijn om mijn dienst uit te voeren, zoals:")
    r"\bom\b(?![^:]*\b(?:zoals|such as|namelijk|bijvoorbeeld)\s*:\s*$).*\bte\b|\bderde|"
    r"tenzij|unless|toegestaan|"
    r"\bbeveilig|security|cookies?\b(?! en)|grondslag|\bgrond\b|legal bas[ie]s|"
    # "Wij delen gegevens met:", "We share data with:": a list of who gets the data
    r"\bdel(?:en|t)\b[^.:]*\bmet\b|\bgedeeld met|verstrek\w* (?:\w+ ){0,3}?aan\b(?! ons)|"
    r"\bshare[sd]?\b[^.:]*\bwith\b|"
    # "Ik gebruik jouw gegevens uitsluitend voor:", "We use your data for:": what for
    r"\b(?:gebruik\w*|use[sd]?)\b[^.:]*\b(?:voor|for)\s*:\s*$",
    re.IGNORECASE,
)
# "Met Google Analytics verzamelen wij gegevens over jouw zoekgedrag", "Daarnaast zien we
# ook de informatie die jij zelf upload", "We collect your IP address": what the
# organisation collects, said in a sentence of its own.
_WE_COLLECT = re.compile(
    r"\b(?:(?:je|jij|u)\s+(?:geeft|verstrekt)\s+(?:ons|aan ons)|"
    r"you\s+(?:give|provide)\s+(?:us\s+(?:with\s+)?)?|"
    r"(?:gegevens|data|information)\s+(?:die|that|which|we)\b[^.]{0,50}?\b"
    r"(?:zijn|betreffen|omvatten|are|include)|(?:wij|we)\s+(?:(?:kunnen|mogen|zullen)\s+"
    r"(?:[^.,;:()]{0,60}?\s)?)?"
    r"(?:verzamelen|verwerken|registreren|vastleggen|ontvangen|zien|gebruiken|slaan)|"
    r"(?:wij|we)\s+vragen\s+(?:(?:je|jou|u)\s+)?(?:ook\s+|daarnaast\s+|tevens\s+)?(?:om|naar)\b|"
    r"(?:verzamelen|verwerken|registreren|ontvangen|zien|gebruiken|vragen|hebben|slaan)\s+(?:wij|we)|"
    r"\bik\s+(?:(?:kan|mag|zal)\s+(?:[^.,;:()]{0,60}?\s)?)?(?:verzamel|verwerk|registreer|"
    r"ontvang|gebruik|bewaar|vraag\s+(?:(?:je|jou|u)\s+)?(?:om|naar))|"
    r"(?:verzamel|verwerk|registreer|ontvang|gebruik|bewaar)\s+ik|"
    r"we\s+(?:(?:can|may|will)\s+(?:\w+\s+)?)?(?:collect|process|record|receive|see|use|store|"
    r"gather|obtain|ask\s+(?:you\s+)?for|need))\b",
    re.IGNORECASE,
)
# "Ook je bestellingen worden hier bewaard", "een chatgesprek wordt bewaard", "Your IP
# address is recorded": data named as the subject of its own keeping.
_STORED = re.compile(
    r"\b(?:wordt|worden)\s+(?:\w+\s+){0,3}?(?:geregistreerd|vastgelegd|opgeslagen|bewaard|"
    r"verzameld|verwerkt)\b|"
    r"\b(?:is|are)\s+(?:\w+\s+)?(?:collected|recorded|stored|logged|processed)\b",
    re.IGNORECASE,
)
# ... unless the sentence says how long they are kept ("De gegevens (naam, adres) worden
# twee jaar bewaard"): a period for data named elsewhere.
_NOT_STORED = re.compile(
    r"\b(?:niet|not|geen|no)\b|cookie|\d|termijn|\blang\b|\blong\b|period|"
    r"\b(?:dag|dagen|week|weken|maand|maanden|jaar|jaren|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
# "Wij verwerken de volgende gegevens: naam, e-mailadres en telefoonnummer": a list
# given after a colon in the sentence itself.
_COLON_LIST = re.compile(
    r"\b(?:(?:persoons)?gegevens|data|information|informatie)\b[^.:;]{0,40}:(?=\s*\S)",
    re.IGNORECASE,
)
_REQUEST = re.compile(r"verzoek|request|inzage|rechten|\brights?\b", re.IGNORECASE)
_COLON_AFTER_VERB = re.compile(r"^\s*(?:[\w\u00e9\u00eb]+\s+){0,2}?[\w\u00e9\u00eb]*\s*:\s*")
_CLAUSE_END = re.compile(
    r"\b(?:om|omdat|zodat|wanneer|indien|nodig|op|voor|ten behoeve|to|for|because|so that|when|"
    r"if|in order)\b|[.;:]",
    re.IGNORECASE,
)
_NOT_PROSE = re.compile(
    r"cookie|verwijder|bewaar|delete|retain|\bniet\b|\bnot\b|\bgeen\b|\bno\b", re.I
)
_PROSE = re.compile(
    r"(?:gegevens|data|informatie|information)[^.]{0,60}\b(?:zoals|namelijk|such as|including|"
    r"bijvoorbeeld)\b",
    re.IGNORECASE,
)


# "Onder persoonsgegevens vallen gegevens zoals naam en geboortedatum", "Personal data
# means any information, such as a name": examples that explain what personal data
# are, not the data the organisation processes.
_DEFINES = re.compile(
    r"\bonder (?:een )?persoonsgegevens? (?:vallen|verstaan)|"
    r"\bpersoonsgegevens? (?:zijn|is) (?:\w+ ){0,2}(?:gegevens|informatie)|"
    r"\b(?:zijn|is) (?:een )?persoonsgegevens?\b|herleidbaar|"
    r"\bpersonal data (?:is|are|means)\b|\bidentifiable\b|\b(?:is|are) personal data\b",
    re.IGNORECASE,
)
# "Wij verwerken geen bijzondere persoonsgegevens, zoals ...", "We do not collect data
# such as ...": data the organisation says it does not process.
_NEGATED = re.compile(
    r"\b(?:verwerken|verzamelen|vragen|registreren|gebruiken|bewaren)\s+(?:\w+\s+){0,2}?"
    r"(?:geen|niet|nooit)\b(?!\s+(?:\w+\s+)?(?:andere|meer)\b[^.]*\bdan\b)|"
    # "Geen andere gegevens worden verwerkt dan:": only those that follow
    r"\b(?:geen|nooit)\s+(?!andere\b[^.]*\bdan\b)(?:\w+\s+)?(?:persoons)?gegevens\b|"
    r"\b(?:do|does|will)\s+not\s+(?:\w+\s+)?(?:collect|process|ask|record|use|store)\b|"
    r"\bnever\s+(?:collect|process|ask|record)\b|\bno\s+(?:special\s+)?(?:personal\s+)?data\b",
    re.IGNORECASE,
)


def _unaccented(text: str) -> str:
    """The text without accents, of the same length: "géén" and "níet" say "geen" and
    "niet" with stress."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain if len(plain) == len(text) else text


def _negated(text: str) -> bool:
    return _NEGATED.search(_unaccented(text)) is not None


# "Wij bewaren gegevens die u op de site plaatst (bijvoorbeeld uw IP-adres en browser)",
# "We collect usage data (such as pages visited)": examples in brackets of the data the
# sentence speaks of.
_BRACKET_EXAMPLES = re.compile(
    r"\((?:bijvoorbeeld|bijv\.|bv\.|b\.v\.|zoals|onder andere|o\.a\.|waaronder|e\.g\.|"
    r"for example|for instance|such as|including|like)\s*,?\s*([^()]{3,240})\)",
    re.IGNORECASE,
)
_DATA_SENTENCE = re.compile(r"gegevens|informatie|\bdata\b|information", re.IGNORECASE)
# "waar u uw naam en e-mailadres invult", "de gegevens die wij vastleggen", "als je je
# adres opgeeft": a Dutch clause with its verb last, the data between its subject and
# its verb.
_CLAUSE_OBJECT = re.compile(
    r"\b(?:waar|als|wanneer|indien|zodra|nadat|die|dat|welke)\s+(?:je|jij|u|wij|we)\s+"
    r"(?P<object>(?:[\w()\-'\u2019]+[,]?\s+){1,10}?)"
    r"(?:invult|invullen|opgeeft|opgeven|verstrekt|verstrekken|achterlaat|achterlaten|"
    r"doorgeeft|doorgeven|verzamelen|verwerken|vastleggen|registreren|ontvangen|bewaren)\b",
    re.IGNORECASE,
)
# "Welke gegevens verwerken wij?", "Persoonsgegevens die wij verzamelen", "What data we
# collect": a heading over the data, under which "Bij een bestelling: uw adres en
# telefoonnummer" lists data after its colon.
_DATA_HEADING = re.compile(
    r"\b(?:welke|which|what)\b[^.?]{0,30}\b(?:gegevens|data|information)\b|"
    r"^\W*(?:\d+[.)]?\s*)?(?:uw |je |jouw |your )?(?:persoons)?gegevens\b|"
    r"^\W*(?:\d+[.)]?\s*)?(?:the )?(?:personal )?(?:data|information) (?:we|that we|wij)\b",
    re.IGNORECASE,
)
# "Het gaat daarbij om uw naam en adres", "Het betreft naam en geboortedatum", "This
# includes your name": the data the sentence before spoke of.
# A sentence on data the organisation or its app keeps or uses: "Alle gegevens die de
# app gebruikt worden lokaal op je toestel opgeslagen", "The data we hold are stored ...".
_KEPT = re.compile(
    r"\b(?:opgeslagen|bewaard|verwerkt|gebruikt|verzameld|vastgelegd|stored|processed|used|"
    r"collected|kept)\b",
    re.IGNORECASE,
)
# "Dit betreft:", "Het gaat om:", "These are:": a list of what the sentence before spoke of.
_THIS_CONCERNS = re.compile(
    r"^\W*(?:dit|het|dat|deze|this|these)\s+(?:betreft|betreffen|gaat\s+om|zijn|includes?|"
    r"are)\s*:\s*$",
    re.IGNORECASE,
)
_IT_CONCERNS = re.compile(
    r"^\W*(?:het|dit|dat|this|these)\s+(?:gaat\s+(?:\w+\s+){0,2}?om|betreft|betreffen|zijn|"
    r"includes?|concerns?|are)\b",
    re.IGNORECASE,
)
# "De vereniging registreert ...", "Bakkerij Jansen verzamelt ...", "The club uses ...":
# the organisation, by its name or as what it is, collecting data.
_ORG_VERB = (
    r"\s+(?:\w+\s+)?(?:verzamelt|verwerkt|registreert|gebruikt|ontvangt|bewaart|legt\s+vast|"
    r"vraagt\s+(?:(?:je|jou|u)\s+)?(?:ook\s+)?(?:om|naar)|maakt\s+(?:\w+\s+)?gebruik\s+van|"
    r"collects|processes|uses|records|receives|stores|asks\s+(?:you\s+)?for)\b"
)
_ORG_KINDS = (
    r"(?:de|het|onze?|the|our)\s+(?:vereniging|stichting|school|praktijk|organisatie|bedrijf|"
    r"club|gemeente|winkel|webshop|association|foundation|practice|organisation|organization|"
    r"company|club|shop)"
)
_LEGAL_FORM = re.compile(
    r"\s*\b(?:B\.?V\.?|N\.?V\.?|V\.?O\.?F\.?|Ltd\.?|GmbH|stichting|vereniging)(?!\w)", re.IGNORECASE
)


def _org_collects(ctx: Context) -> re.Pattern[str]:
    """The organisation, by its own name or as what it is, followed by a verb of
    collecting."""
    controller = ctx.data.get("controller")
    name = controller.get("name") if isinstance(controller, dict) else None
    names = [_ORG_KINDS]
    if isinstance(name, str) and len(name.strip()) > 2:
        bare = _LEGAL_FORM.sub("", name).strip(" ,.")
        names += [re.escape(n) for n in {name.strip(), bare} if len(n) > 2]
    return re.compile(rf"\b(?:{'|'.join(names)}){_ORG_VERB}", re.IGNORECASE)


# "Wij gebruiken Google Analytics om bij te houden hoe bezoekers de website gebruiken",
# "De door het cookie gegenereerde informatie over uw gebruik van de website": what a
# measuring tool or a cookie records of a visit.
_TRACKING = re.compile(
    r"\bcookies?\b|\banalytics\b|\b(?:deze|die|this|that) (?:dienst|tool|service)\b|"
    r"\bbij te houden\b|\bbijhouden\b|\bmeten\b|\bmeet\b|\bmeasure",
    re.IGNORECASE,
)
_TRACKED = frozenset({"website_activity", "ip_address", "device_type",
                      "operating_system", "location"})  # fmt: skip
# "Tijdens activiteiten worden foto's gemaakt", "als er beeldopnamen gemaakt worden",
# "Photos are taken at events": pictures made of people.
_PICTURED = re.compile(
    r"\b(?:worden|wordt)\s+(?:[\w\u00b4'\u2019-]+\s+){0,4}?(?:gemaakt|genomen)\b|"
    r"\b(?:gemaakt|genomen)\s+(?:worden|wordt)\b|\b(?:are|is)\s+(?:\w+\s+)?(?:taken|made)\b",
    re.IGNORECASE,
)
_PICTURES = frozenset({"photo", "camera_footage"})
# "naam of (e-mail)adres": a word with an optional first part in brackets names both
# the whole word and the word without that part.
_OPTIONAL_PART = re.compile(r"(?<!\w)\(([\w-]+)\)(\w+)")
# "Om je bestelling te bezorgen", "Voor het versturen van de nieuwsbrief", "To send you
# updates": an item that says what data are used for.
_PURPOSE_ITEM = re.compile(
    r"^\W*(?:om\s+(?:[\w'\u2019-]+\s+){0,12}?te\s+\w+|voor\s+het\s+\w+en\b|ten\s+behoeve\s+van|"
    r"in\s+order\s+to|to\s+(?!the\b|your\b|our\b)\w+\s)",
    re.IGNORECASE,
)
# "[ ] Postadres voor schriftelijke verzoeken", "[x] Statutaire naam: ...": a checklist
# of the statement's author, not a list of data.
_CHECKBOX = re.compile(r"^\s*(?:[-*]\s*)?\[[ xX]?\]")
# "Bewaartermijn", "Hoe lang wij uw gegevens bewaren": a list of periods or of the
# purposes they are kept for, not of data.
_KEEPING = re.compile(r"bewaartermijn|hoe lang|how long|retention", re.IGNORECASE)
# "Denk hierbij aan je bankrekeningnummer", "For example your IP address": examples of
# the data the sentence before spoke of.
_EXAMPLES = re.compile(
    r"^\s*(?:denk (?:hierbij |daarbij )?aan|bijvoorbeeld|for example|for instance|such as|"
    r"zoals)\b",
    re.IGNORECASE,
)
# The header of a table's column of data ("Gegeven", "Persoonsgegevens", "Categorie
# van gegevens", "Data", "Type of data").
_DATA_HEADER = re.compile(
    r"^(?:(?:soort|type|categorie|categorieën)(?: van)? )?(?:persoons)?gegevens?"
    r"(?:categorie|soort|type)?$|^(?:(?:type|kind|category|categories) of )?(?:personal )?"
    r"data(?: category| type)?$|^personal information$",
    re.IGNORECASE,
)
_OTHER_HEADER = re.compile(
    r"^(?:toelichting|omschrijving|beschrijving|uitleg|details|description|explanation|"
    r"notes?|doel(?:einden|en)?|waarvoor|purposes?|why|grondslag|rechtsgrond|(?:legal )?basis|"
    r"bewaartermijn|bewaren|retention(?: period)?|bron|source|ontvangers?|recipients?|"
    r"waarom|reden|reason|verplicht|required)$",
    re.IGNORECASE,
)


def _data_cells(ctx: Context) -> list[tuple[int, int]]:
    """The cells of a table's column of data ("Gegeven | Toelichting"): each row's
    kind of data."""
    source = ctx.text.text
    spans: list[tuple[int, int]] = []
    for cells in ctx.tables:
        header: list[bool] = []
        for start, stop in cells[:6]:
            label = source[start:stop].strip(" *:")
            if _DATA_HEADER.match(label):
                header.append(True)
            elif _OTHER_HEADER.match(label):
                header.append(False)
            else:
                break
        width = len(header)
        if width < 2 or header.count(True) != 1 or len(cells) % width:
            continue
        column = header.index(True)
        spans += [cells[row * width + column] for row in range(1, len(cells) // width)]
    return spans


# "Naam: Bakkerij Jansen B.V.", "Adres: Dorpsstraat 1": a label with the value itself
# (an e-mail address, a web address, a number, an organisation's legal form).
_GIVES_A_VALUE = re.compile(
    r"^[^:]{1,30}:\s*(?=.*(?:@|https?://|www\.|\d{4}|\bB\.?V\.?(?!\w)|\bN\.?V\.?(?!\w)|"
    r"\bstichting\b|\bvereniging\b|\bfoundation\b|\bassociation\b|\bLtd\b|\bGmbH\b|"
    r"\w\.(?:nl|com|org|net|eu|be|biz|io)\b))",
    re.IGNORECASE,
)


# "De verwerkingsverantwoordelijke voor je gegevens is:", "The controller is:": a list of
# the organisation's own details; "KvK-nummer: [KvK-nummer]": a field of a template left
# unfilled.
_CONTROLLER_INTRO = re.compile(
    r"verantwoordelijke\b[^.:]{0,60}\b(?:is|zijn)\s*:\s*$|\bcontroller\b[^.:]{0,40}\bis\s*:\s*$",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"^[^:]{1,30}:\s*(?:\[[^\]]+\]|\{\{[^}]+\}\})\s*$")


# "per e-mail en telefoon", "by email", "voor correspondentie": how someone is reached,
# not data about them.
_CHANNEL = re.compile(
    r"\b(?:per|via|by|through)\s+(?:e-?mail|mail|telefoon|telephone|phone|post)\b"
    r"(?:\s+(?:en|of|and|or)\s+(?:e-?mail|mail|telefoon|telephone|phone|post)\b)?|"
    r"\b(?:voor|in|via|per|for|by|in)\s+(?:schriftelijke\s+|written\s+)?corresponden\w*",
    re.IGNORECASE,
)
# "Wij verwerken persoonsgegevens van:", "We process personal data of:": a list of people.
_PEOPLE_INTRO = re.compile(r"(?:gegevens|\bdata)\s+(?:van|of)\s*:\s*$", re.IGNORECASE)


def _contact_details(ctx: Context) -> set[int]:
    """The sentences that gave the organisation's own name, address, numbers or e-mail
    ("Adres: Laaresstraat 9, Enschede"): a detail of the organisation, not a kind of
    personal data it processes."""
    own = ("controller", "public_authority")  # what it is, not a detail of it
    return {e.start for e in ctx.evidence if e.path[:1] == ("controller",) and e.path != own}


@cache
def _gazetteer() -> _Lexicon:
    from ... import catalogue

    known = catalogue.categories()
    owners: dict[str, list[str]] = {}
    for key, entry in known.items():
        for phrase in (entry.label.nl, entry.label.en, *_phrases().get(key, ())):
            words = normal(phrase)
            if words and key not in owners.setdefault(words, []):
                owners[words].append(key)
    # "telefoonnummers", "e-mailadressen", "foto's", "addresses": a phrase in the plural
    # names the same data, unless the plural is a phrase of its own.
    for words, keys in list(owners.items()):
        for plural in _plurals(words):
            if plural not in owners:
                owners[plural] = keys
    # "NAW-gegevens" names the name and the address: a phrase listed under two
    # categories names both.
    return _Lexicon(("+".join(keys), (words,)) for words, keys in owners.items())


def _plurals(words: str) -> list[str]:
    """The plural forms of a phrase's last word, Dutch and English ("adres": "adressen",
    "nummer": "nummers", "foto": "foto's", "address": "addresses")."""
    head, _, last = words.rpartition(" ")
    if len(last) < 4 or not last.isalpha():
        return []
    stem = f"{head} " if head else ""
    forms = [last + "s", last + "en", last + "es"]
    if last[-1] in "aeiouy":
        forms.append(last + "'s")
    elif len(last) > 2 and last[-2] in "aeiou" and last[-3] not in "aeiou":
        forms.append(last + last[-1] + "en")  # adres -> adressen
    return [stem + form for form in forms]


@cache
def _known_words() -> frozenset[str]:
    from ... import catalogue

    labels = [(e.label.nl, e.label.en) for e in catalogue.categories().values()]
    words = [p for phrases in _phrases().values() for p in phrases]
    return frozenset(normal(p) for p in [*words, *(label for pair in labels for label in pair)])


def _find(text: str) -> list[str]:
    """The categories a stretch of the statement names; a channel ("per e-mail") names
    no data."""
    return _gazetteer().find(_CHANNEL.sub(" ", text))


class _Lexicon(Gazetteer):
    """The catalogue's categories with the words statements use for them, read as a
    careful reader would: "mail- en postadres" is "mailadres en postadres",
    "geboortedatum en -plaats" is "geboortedatum en geboorteplaats", an item explained
    in brackets ("Naam (voornaam, achternaam)", "Bezorgadres (straat, postcode,
    plaats)") is the category it names before them, and a group explained by its parts
    ("Accountgegevens (naam, e-mail, rol)") is those parts."""

    def find(self, text: str) -> list[str]:
        text = _OPTIONAL_PART.sub(r"\1\2 of \2", text)
        text = _ORGANISATIONS.sub(" ", _unelide(text))
        head, _, inside = text.partition("(")
        closed = inside.rstrip(" .;,").endswith(")") and inside.count(")") == 1
        if closed and head.strip() and super().find(head):
            parts = super().find(inside) if _GROUP.search(head.strip()) else []
            text = inside if parts else head
        keys: list[str] = []
        for found in super().find(text):
            for key in found.split("+"):
                if key not in keys:
                    keys.append(key)
        return keys


_GROUP = re.compile(r"gegevens$|\b(?:details|data|information)$", re.IGNORECASE)
_ELIDED_HEAD = re.compile(r"\b(\w+)-\s+(en|of|and|or)\s+(\w+)")
_ELIDED_TAIL = re.compile(r"\b(\w+)\s+(en|of)\s+-(\w+)")


def _unelide(text: str) -> str:
    """Dutch compounds that share a part, written once ("mail- en postadres",
    "geboortedatum en -plaats"), written out in full where the full word is one the
    catalogue knows."""
    known = _known_words()

    def head(match: re.Match[str]) -> str:
        first, joint, second = match.groups()
        for cut in range(2, len(second) - 2):
            whole = first + second[cut:]
            if whole.lower() in known:
                return f"{whole} {joint} {second}"
        return match.group(0)

    def tail(match: re.Match[str]) -> str:
        first, joint, second = match.groups()
        for cut in range(len(first) - 2, 2, -1):
            whole = first[:cut] + second
            if whole.lower() in known:
                return f"{first} {joint} {whole}"
        return match.group(0)

    return _ELIDED_TAIL.sub(tail, _ELIDED_HEAD.sub(head, text))


# "Naam en adres school", "Name and address of the company": an organisation's own
# name and address, which are not a person's.
_ORGANISATIONS = re.compile(
    r"\b(?:naam en adres|name and address|naam|adres|name|address)\s+(?:van\s+(?:de|het)\s+|"
    r"of\s+the\s+)?(?:school|bedrijf|organisatie|instelling|company|organisation|organization)\b",
    re.IGNORECASE,
)
_FOLLOWING = re.compile(r"\bde volgende\b|\bthe following\b", re.IGNORECASE)


def _own(
    own: dict[str, tuple[str, Sentence]], found: dict[str, list[Sentence]], words: str, at: Sentence
) -> None:
    """An entry of the statement's own for ``words``, once per label."""
    label = label_of(words)
    if any(normal(label) == normal(known) for known, _ in own.values()):
        return
    own[key_of(words, [*found, *own])] = (label, at)


# "**Locatiecoördinaten:** wanneer je een plek opslaat ...", "Naam: voor persoonlijke
# communicatie": an item that names a kind of data before its colon and says more of it
# after.
_ITEM_LABEL = re.compile(r"^\W*(?P<label>[^:]{2,40}?)\W*:\s+\S")


def _labelled(words: str) -> list[str]:
    """The categories a listed item names: where it is a label that names some, with a
    note after its colon, those of the label and of the note up to its first clause
    ("Bestelinformatie: uw adres en bestelstatus voor het verzenden"); else those of the
    whole item."""
    label = _ITEM_LABEL.match(words)
    if label is not None and len(label.group("label").split()) <= 4:
        named = _find(label.group("label"))
        if named:
            note = _CLAUSE_END.split(words[label.end() - 1 :], maxsplit=1)[0]
            return [*named, *(key for key in _find(note) if key not in named)]
    return _find(words)


# "Voor de bovenstaande doelstellingen kunnen wij de volgende persoonsgegevens van u
# vragen:": the purposes named before, and the data that follow.
_FOR_THOSE_PURPOSES = re.compile(
    r"\b(?:voor|ten behoeve van)\s+(?:de|het|deze|die|dit)\s+(?:[\w-]+\s+)?"
    r"doel\w*(?:\(\w+\))?(?=[^:]*\b(?:de volgende|deze)\s+(?:\w+\s+)?(?:persoons)?gegevens\b)|"
    r"\bfor (?:the|these|those) (?:\w+ )?purposes?(?=[^:]*\bthe following (?:personal )?data\b)",
    re.IGNORECASE,
)


def _not_data(intro: str) -> bool:
    return _NOT_DATA.search(_FOR_THOSE_PURPOSES.sub(" ", intro)) is not None


def categories(ctx: Context) -> None:
    found: dict[str, list[Sentence]] = {}
    own: dict[str, tuple[str, Sentence]] = {}
    contact = _contact_details(ctx)
    barred: dict[int, bool] = {}
    for item, intro in items_under(ctx, _DATA_INTRO):
        if intro.start not in barred:
            barred[intro.start] = _not_data(intro.text)
        if barred[intro.start]:
            continue
        if item.start in contact or field_line(item) not in (None, "categories"):
            continue
        if _GIVES_A_VALUE.match(item_text(item)) or _PEOPLE_INTRO.search(intro.text):
            continue
        if _CONTROLLER_INTRO.search(intro.text) or _PLACEHOLDER.match(item_text(item)):
            continue  # "De verwerkingsverantwoordelijke is:" and its "Adres: [adres]"
        if _PURPOSE_ITEM.match(item_text(item)):
            continue  # "Om u berichten te sturen": what data are for, not data
        if _CHECKBOX.match(item.text) or _negated(intro.text):
            continue
        if _KEEPING.search(f"{intro.text} {ctx.heading(item)}"):
            continue
        near = role_of(ctx, item)
        if "recipients" in near and "categories" not in near and not _DATA_INTRO.search(intro.text):
            continue  # under "Met wie delen wij uw gegevens?": those who get the data
        words = item_text(item)
        keys = _labelled(words)
        for key in keys:
            found.setdefault(key, []).append(item)
        if (
            not keys
            and (intro.text.rstrip().endswith(":") or _FOLLOWING.search(intro.text))
            and 0 < len(words.split()) <= 8
            and not re.search(r"\b(?:het|de)\s+\w+en\b", words, re.I)
        ):
            _own(own, found, words, item)
    for item, intro in items_under(ctx, _THIS_CONCERNS):  # "... opgeslagen. Dit betreft:"
        index = ctx.index_of(intro)
        before = ctx.sentences[index - 1].text if index else ""
        if not _DATA_SENTENCE.search(before) or _negated(before) or _DEFINES.search(before):
            continue
        if not (_WE_COLLECT.search(before) or _STORED.search(before) or _KEPT.search(before)):
            continue
        if item.start in contact or field_line(item) not in (None, "categories"):
            continue
        for key in _labelled(item_text(item)):
            found.setdefault(key, []).append(item)
    for start, stop in _data_cells(ctx):
        cell = ctx.sentence_at(start)
        if cell.start in contact:
            continue
        words = ctx.text.text[start:stop].strip(" *")
        keys = _find(words)
        for key in keys:
            found.setdefault(key, []).append(cell)
        if not keys and 0 < len(words.split()) <= 8:
            _own(own, found, words, cell)
    for index, sentence in enumerate(ctx.sentences):
        if _EXAMPLES.match(sentence.text) and index and not is_item(ctx, sentence):
            before = ctx.sentences[index - 1].text
            if (
                re.search(r"gegevens|\bdata\b|information|informatie", before, re.I)
                and not _NOT_PROSE.search(_unaccented(sentence.text))
                and not _DEFINES.search(f"{before} {sentence.text}")
                and not _negated(before)
            ):
                rest = sentence.text[_EXAMPLES.match(sentence.text).end() :]  # type: ignore[union-attr]
                listing = _CLAUSE_END.split(rest, maxsplit=1)[0]
                for key in _find(listing):
                    found.setdefault(key, []).append(sentence)
        if is_item(ctx, sentence) or not _PROSE.search(sentence.text):
            continue
        prose = _PROSE.search(sentence.text)
        if _DEFINES.search(sentence.text) or _negated(sentence.text[: prose.end()]):  # type: ignore[union-attr]
            continue
        if re.search(r"cookie|verwijder|bewaar|delete|retain", sentence.text, re.I):
            continue
        listing = sentence.text[prose.end() :]  # type: ignore[union-attr]
        listing = re.split(r"\bvoor de volgende\b|\bfor the following\b|[:;]", listing)[0]
        for key in _find(listing):
            found.setdefault(key, []).append(sentence)
    for sentence, match in ctx.search_text(_COLON_LIST):
        if is_item(ctx, sentence) or ctx.kind_of(sentence) == "cell":
            continue
        said = sentence.text[: match.end() - sentence.start]
        if _NOT_DATA.search(said) or _negated(said) or _DEFINES.search(said):
            continue
        if _NOT_PROSE.search(_unaccented(said)) or _PEOPLE_INTRO.search(said.rstrip() + ":"):
            continue
        listing = re.split(r"[;:]", sentence.text[match.end() - sentence.start :])[0]
        for key in _find(listing):
            found.setdefault(key, []).append(sentence)
    for sentence, match in [*ctx.search_text(_WE_COLLECT), *ctx.search_text(_org_collects(ctx))]:
        if is_item(ctx, sentence) or _NOT_PROSE.search(_unaccented(sentence.text)):
            continue
        if re.search(r"\bslaan\b|\bstore\b", match.group(0), re.I) and _NOT_STORED.search(
            sentence.text
        ):
            continue  # "slaan wij de berichten 6 maanden op": how long, for data named before
        if _REQUEST.search(sentence.text):
            continue  # "vragen wij een kopie van je identiteitsbewijs": to verify a request
        if _DEFINES.search(sentence.text):
            continue
        rest = sentence.text[match.end() - sentence.start :]
        # "Van klanten verwerken we doorgaans: naam, e-mailadres en ...": the list after
        # the colon that closes the verb's clause
        rest = _COLON_AFTER_VERB.sub("", rest, count=1)
        listing = _CLAUSE_END.split(rest, maxsplit=1)[0]
        for key in _find(listing):
            found.setdefault(key, []).append(sentence)
    for index, sentence in enumerate(ctx.sentences):
        if is_item(ctx, sentence) or ctx.is_heading(sentence) or sentence.start in contact:
            continue
        colon = sentence.text.find(":")
        concerns = _IT_CONCERNS.match(sentence.text)
        if colon > 0 and ctx.kind_of(sentence) != "cell":
            heading = ctx.heading(sentence)
            said = sentence.text[:colon]
            if not _DATA_HEADING.search(heading) or _NOT_DATA.search(f"{heading} {said}"):
                continue
            if _negated(said) or _KEEPING.search(heading) or _GIVES_A_VALUE.match(sentence.text):
                continue
            listing = re.split(r"[;:]", sentence.text[colon + 1 :])[0]
        elif concerns and index:
            before = ctx.sentences[index - 1].text
            if not _WE_COLLECT.search(before) or not _DATA_SENTENCE.search(before):
                continue
            if _negated(before) or _DEFINES.search(before) or _NOT_PROSE.search(before):
                continue
            listing = _CLAUSE_END.split(sentence.text[concerns.end() :], maxsplit=1)[0]
        else:
            continue
        for key in _find(listing):
            found.setdefault(key, []).append(sentence)
    for sentence, match in ctx.search_text(_PICTURED):
        said = sentence.text[: match.end() - sentence.start]
        if ctx.is_heading(sentence) or _negated(said) or re.search(r"\b(?:geen|no)\b", said, re.I):
            continue
        for key in _find(said):
            if key in _PICTURES:
                found.setdefault(key, []).append(sentence)
    for sentence, _match in ctx.search_text(_TRACKING):
        if ctx.is_heading(sentence) or _negated(sentence.text) or _DEFINES.search(sentence.text):
            continue
        if re.search(r"\bniet\b|\bnot\b|\bgeen\b|\bno\b", _unaccented(sentence.text), re.I):
            continue
        for key in _find(sentence.text):
            if key in _TRACKED and sentence not in found.get(key, []):
                found.setdefault(key, []).append(sentence)
    for sentence, match in ctx.search_text(_BRACKET_EXAMPLES):
        before = sentence.text[: match.start() - sentence.start]
        if is_item(ctx, sentence) or ctx.is_heading(sentence) or sentence.start in contact:
            continue
        if not _DATA_SENTENCE.search(before) or _negated(before) or _REQUEST.search(before):
            continue
        if _DEFINES.search(sentence.text) or "cookie" in before.lower():
            continue
        for key in _find(match.group(1)):
            found.setdefault(key, []).append(sentence)
    for sentence, match in ctx.search_text(_CLAUSE_OBJECT):
        if ctx.is_heading(sentence) or sentence.start in contact or _negated(sentence.text):
            continue
        if _REQUEST.search(sentence.text) or _DEFINES.search(sentence.text):
            continue
        for key in _find(match.group("object")):
            found.setdefault(key, []).append(sentence)
    for sentence, match in ctx.search_text(_STORED):
        if ctx.kind_of(sentence) not in (None, "paragraph") or is_item(ctx, sentence):
            continue  # prose only: a heading, an item or a cell names a purpose or a row
        if ctx.is_heading(sentence) or _NOT_STORED.search(sentence.text):
            continue
        subject = sentence.text[: match.end() - sentence.start]  # "worden je bestellingen bewaard"
        subject = re.split(r"[,;:]\s+(?:en\s+|and\s+)?|\ben\s+ook\b", subject)[-1]
        if len(subject.split()) > 10 or _DEFINES.search(sentence.text):
            continue
        for key in _find(subject):
            found.setdefault(key, []).append(sentence)
    if {"first_name", "last_name"} <= found.keys():
        found.pop("name", None)  # the name is the first name and surname listed
    if not found and not own:
        ctx.silent(("categories",), "categories")
        return
    for key, sentences in found.items():
        ctx.put(("categories", key), {}, sentences[:2], "categories.catalogue")
    for key, (label, sentence) in own.items():
        ctx.put(("categories", key), {"label": {ctx.lang: label}}, sentence, "categories.own")
