"""Recipients: the services and organisations the statement names, matched against
the catalogue of recipients by name and alias, and the kinds of recipient it names
without saying who ("onze externe webbeheerder", "een reseller"). A named recipient
is recorded as named, and nothing the statement does not say about it (its role, its
country) is added: those stay silences."""

from __future__ import annotations

import re
from functools import cache

from ._context import Context, Sentence
from ._lists import key_of
from ._literals import alternation

__all__ = ["recipients"]

# Names that are also ordinary words, or too short to find safely in running text.
_AMBIGUOUS = frozenset(
    "X Snap Teams Exact Apple Clarity Zoom Outlook Bing Meta Messenger Visma Stripe Intercom "
    "Slack Ring Wix Pay. Stack".split()
)
_SHIELD = re.compile(r"privacy[\s-]*shield|\bshield\b", re.IGNORECASE)
_SCC = re.compile(
    r"standaard ?contractbepalingen|model[\s-]?contractbepalingen|standard contractual clauses|"
    r"\bSCCs?\b",
    re.IGNORECASE,
)
_SKIP = re.compile(r"autoriteit\s*persoonsgegevens|privacybeleid van|privacy policy of", re.I)
_US = re.compile(r"\b(?:Verenigde Staten|United States|USA|VS)\b|\bU\.S\.")
_DPF = re.compile(r"data privacy framework|\bDPF\b", re.IGNORECASE)
_SHARE = re.compile(
    r"deel\w*|gedeeld|verstrek\w*|doorgeven|doorgegeven|toegang|ontvang\w*|inschakel\w*|"
    r"ingeschakeld\w*|verwerker\w*|share\w*|disclos\w*|transfer\w*|access|processor\w*|"
    r"werken samen|partij\w*|inzetten|ingezet|inschakelen|ingeschakeld|engage\w*|"
    r"\bgeven\b|\bgeeft\b|\bgive[sn]?\b",
    re.IGNORECASE,
)
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.IGNORECASE))
    for key, pattern in (
        ("web_administrator", r"(?:externe )?webbeheerder|web administrator|webmaster"),
        (
            "hosting_provider",
            r"hostingpartij|hostingbedrijf\w*|hostingprovider|hosting provider|webhost\w*",
        ),
        ("accountant", r"\baccountant\w*|boekhouder|administratiekantoor|accounting firm"),
        ("resellers", r"(?<!is )\breseller(?:s)?\b(?! van| of)"),
        (
            "carriers",
            r"pakketdienst\w*|bezorgdienst\w*|vervoerder\w*|koerier\w*|postbezorger|"
            r"delivery compan\w*|courier\w*|carrier\w*",
        ),
        (
            "payment_providers",
            r"betaalprovider\w*|betaaldienst\w*|payment service provider\w*|"
            r"payment provider\w*|\bPSP\b",
        ),
        (
            "it_suppliers",
            r"ict[- ]leverancier\w*|it[- ]leverancier\w*|it supplier\w*|software ?leverancier\w*",
        ),
        ("tax_authority", r"\bBelastingdienst\b|tax authorit\w*"),
        # the Financial Intelligence Unit, to which firms the Wwft binds report
        ("fiu", r"\bFIU-Nederland\b"),
    )
)
# The public bodies among the kinds, named by their own name.
_BODIES = frozenset({"tax_authority", "fiu"})
# "het inzagerecht van instanties zoals de Belastingdienst", "meldt ... bij de FIU": what
# a public body does with the data it is given a right to see or is told of.
_BODY_GETS = re.compile(r"\binzage\w*|\bmeld\w*|\bgemeld\b|\bopvra\w*", re.IGNORECASE)


def _spellings(name: str) -> list[str]:
    """How statements also write a name with capitals inside it or in its later words:
    with only its first letter a capital ("Whatsapp", "Paypal", "Linkedin") and, for a
    name of several words, its later words in lower case ("Google analytics"). A name
    in capitals or of one or two letters' worth of difference is taken only as written."""
    if len(name) < 5 or name.isupper() or not name[:1].isupper():
        return []
    words = name.split(" ")
    variants = [" ".join([w[:1] + w[1:].lower() for w in words][:1] + words[1:])]
    if len(words) > 1:
        variants.append(" ".join([words[0], *(w.lower() for w in words[1:])]))
    return [v for v in variants if v != name]


@cache
def _names() -> tuple[re.Pattern[str], dict[str, str]]:
    """One case-sensitive, whole-word pattern of every catalogue name and alias,
    longest first, and the key of each name."""
    from ... import catalogue

    keys: dict[str, str] = {}
    for key, entry in catalogue.recipients().items():
        for name in (entry.name, *entry.aliases):
            if name not in _AMBIGUOUS and len(name) >= 3:
                keys.setdefault(name, key)
    for name, key in list(keys.items()):
        for variant in _spellings(name):
            keys.setdefault(variant, key)
    return re.compile(rf"(?<![\w.@/-])(?:{alternation(keys)})(?![\w@-]|\.[a-z])"), keys


_DOMAIN = re.compile(
    r"(?<![\w@./-])(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+(?:nl|com|eu|be|de|io|net|org|"
    r"co\.uk|app|dev|cloud))\b(?![.-]\w)",
    re.IGNORECASE,
)


@cache
def _hosts() -> dict[str, str]:
    """Each catalogue recipient's web address without ``www.``, and its single-word name
    with that address's ending ("antagonist.nl"), each with its key."""
    from ... import catalogue

    hosts: dict[str, str] = {}
    for key, entry in catalogue.recipients().items():
        website = getattr(entry, "website", None) or ""
        host = re.sub(r"^https?://(?:www\.)?", "", website).split("/")[0].lower()
        if not host:
            continue
        hosts.setdefault(host, key)
        if " " not in entry.name and entry.name not in _AMBIGUOUS:
            tld = host.rsplit(".", 1)[-1]
            hosts.setdefault(f"{entry.name.lower()}.{tld}", key)
    return hosts


def _domains(text: str) -> list[tuple[re.Match[str], str, str]]:
    """The recipients a statement names by their web address ("gehost bij antagonist.nl"),
    each with the address as the statement writes it."""
    hosts = _hosts()
    return [(m, hosts[m.group(1).lower()], m.group(1)) for m in _DOMAIN.finditer(text)
            if m.group(1).lower() in hosts]  # fmt: skip


_PARTY = re.compile(
    r"\bhost\w*|gehost|verwerk\w*|\bprocess\w*|dienstverlen\w*|"
    r"service provider\w*|leverancier\w*|supplier\w*",
    re.I,
)


def _linked(ctx: Context) -> list[tuple[int, str, str]]:
    """The recipients a statement names only by a link to their site ("de voorwaarden
    van onze hostingpartij vind je [hier](https://www.antagonist.nl/...)"): each at the
    link's words, with the catalogue's name. Only where the block speaks of a party
    that gets or holds data: a link to a profile or an article names no recipient."""
    from ... import catalogue

    hosts = _hosts()
    found: list[tuple[int, str, str]] = []
    for block in ctx.text.blocks:
        said = ctx.text.text[block.start : block.end]
        if block.links and not (
            _SHARE.search(said) or _PARTY.search(said) or any(k.search(said) for _, k in _KINDS)
        ):
            continue
        for words, host in block.links:
            parts = host.split(".")
            key = next((hosts[".".join(parts[i:])] for i in range(len(parts) - 1)
                        if ".".join(parts[i:]) in hosts), None)  # fmt: skip
            if key is None:
                continue
            pattern = r"\s+".join(re.escape(w) for w in words.split())
            word = re.compile(pattern).search(ctx.text.text, block.start, block.end)
            at = word.start() if word else block.start
            found.append((at, key, catalogue.recipients()[key].name))
    return found


# A list of ways to reach someone ends where a service is named as one more of them.
_CHANNELS = re.compile(
    r"\b(?:per|via|by|through)\s+(?:e-?mail|mail|telefoon|telefonisch|telephone|phone|post|"
    r"sms)\b(?:\s*(?:,|en|and|of|or)\s*[\w-]+){0,4}\s*(?:,|en|and|of|or)\s*$",
    re.IGNORECASE,
)
_CHANNEL_WORD = re.compile(
    r"\b(?:per|via|by|through)\s+(?:e-?mail|mail|telefo|phone|post|sms)", re.IGNORECASE
)
_ADVERTISING = re.compile(r"advert\w*|reclame\w*|\bads\b", re.IGNORECASE)
# "Google en Microsoft plaatsen cookies om te meten of advertenties effectief zijn": the
# company's advertising service places them.
_AD_COOKIES = re.compile(
    r"\bcookies?\s+(?:\w+\s+){0,6}?(?:om|to|voor|for)\s+(?:\w+\s+){0,6}?"
    r"(?:advertenties|advertisements|ads|reclame)\b",
    re.IGNORECASE,
)
# "Wij gebruiken geen Google Analytics", "We do not use Facebook Pixel or similar": the
# services a sentence says are not used or given nothing receive nothing.
_NOT_USED = re.compile(
    r"\b(?:gebruik\w*|deel\w*|delen|verstrek\w*|plaats\w*|zetten|inzetten)\s+(?:\w+\s+){0,3}?"
    r"(?:geen|nooit|niet)\b|\b(?:geen|nooit)\s+(?:gebruik|gegevens)\b|"
    r"\b(?:niet|geen)\s+(?:\w+\s+){0,6}?(?:gebruikt|ingezet|geplaatst|gedeeld|verstrekt)\b|"
    r"\b(?:have|has)\s+not\s+(?:\w+\s+){0,2}?(?:used|shared|disclosed)\b|"
    r"\b(?:do|does|will)\s+not\s+(?:use|share|disclose)\b|\b(?:don't|doesn't|never)\s+"
    r"(?:use|share|disclose)\b|\bno\s+(?:use\s+of|data\s+is\s+shared\s+with)\b",
    re.IGNORECASE,
)
# "Google Analytics is een webanalyse-service ... Deze dienst wordt door de vereniging niet
# gebruikt.": a service its own paragraph says is not used.
_DISOWNED = re.compile(
    r"\b(?:deze|die|this|that)\s+(?:dienst|service|tool)\s+(?:wordt|is|will\s+be)\s+"
    r"(?:\w+\s+){0,5}?(?:niet|nooit|not|never)\s+(?:meer\s+|langer\s+|longer\s+)?"
    r"(?:gebruikt|ingezet|used)\b",
    re.IGNORECASE,
)


def _disowned(ctx: Context, sentence: Sentence) -> bool:
    """Whether another sentence of the sentence's paragraph says the service it names is
    not used."""
    index = ctx.index_of(sentence)
    near = ctx.sentences[max(index - 4, 0) : index + 5]
    return any(s.block == sentence.block and _DISOWNED.search(s.text) for s in near)


# "Google Chrome: https://support.google.com/...": a browser, named where the statement
# says how to refuse or delete cookies, is no party that gets the data.
_BROWSER = re.compile(
    r"\b(?:Chrome|Firefox|Safari|Internet Explorer|Edge|Opera)\b(?!\s+(?:video|app))"
)
# "Denk hierbij aan bijvoorbeeld YouTube video's", "social media zoals Facebook en
# LinkedIn registreren ...": networks and sites given as examples of a kind, in a sentence
# in which the organisation says nothing of its own, are no recipients it names (unlike
# "verwerkers zoals Acme", the parties it says it engages).
_EXAMPLE = re.compile(
    r"(?:\b(?:social\s+media|sociale\s+media|sociale\s+netwerken|social\s+networks?|"
    r"platforms?|websites?|sites)\s+(?:\w+\s+)?(?:zoals|such\s+as|like)\b|"
    r"\bdenk\s+(?:hierbij\s+|daarbij\s+)?aan\b)[^.;:]{0,40}$",
    re.IGNORECASE,
)
_OWN = re.compile(r"\b(?:wij|we|ons|onze|our|us)\b", re.IGNORECASE)
_BUT = re.compile(
    r"\b(?:maar|behalve|wel|alleen|tenzij|uitsluitend|but|except|only|unless)\b", re.I
)


@cache
def _advertising_product(key: str) -> str | None:
    """The catalogue's advertising service of a company named bare ("Google" in
    "advertentiecookies van Google" is Google Ads)."""
    from ... import catalogue

    found = [
        other
        for other, entry in catalogue.recipients().items()
        if other.startswith(f"{key}_")
        and re.search(r"\bads\b|advertising", f"{other.replace('_', ' ')} {entry.name}", re.I)
    ]
    return found[0] if len(found) == 1 else None


def _company_to_services(named: dict[str, tuple[str, list[Sentence]]]) -> dict[str, list[str]]:
    """A company named bare ("Google") where the statement names its services (Gmail,
    Google Analytics) speaks of those services: its sentences are theirs, and it is no
    recipient of its own. Returns the services each such company stands for."""
    from ... import catalogue

    entries = catalogue.recipients()
    meant: dict[str, list[str]] = {}
    for company in list(named):
        own = entries[company].name
        services = [
            key
            for key in named
            if key != company
            and (
                entries[key].name.startswith(f"{own} ")
                or (entries[key].legal_entity or "").startswith(f"{own} ")
            )
        ]
        if not services:
            continue
        for key in services:
            named[key][1].extend(s for s in named[company][1] if s not in named[key][1])
        meant[company] = services
        del named[company]
    return meant


def recipients(ctx: Context) -> None:
    from ... import catalogue

    named: dict[str, tuple[str, list[Sentence]]] = {}
    mentions: dict[str, list[int]] = {}
    pattern, keys = _names()
    channels = _CHANNEL_WORD.search(ctx.text.text) is not None
    data_tables = _data_tables(ctx)
    found = [(m.start(), keys[m.group(0)], m.group(0)) for m in pattern.finditer(ctx.text.text)]
    found += [(m.start(), key, name) for m, key, name in _domains(ctx.text.text)]
    found += _linked(ctx)
    for at, key, name in sorted(found, key=lambda found: found[0]):
        sentence = ctx.sentence_at(at)
        if not sentence.start <= at < sentence.end:
            continue
        if _SKIP.search(sentence.text):
            continue
        before = ctx.text.text[max(sentence.start, at - 60) : at]
        if channels and _CHANNELS.search(before) and not _SHARE.search(sentence.text):
            continue  # "Contact per mail, telefoon, WhatsApp en Facebook": a channel
        ahead = ctx.text.text[sentence.start : at]
        if _NOT_USED.search(ahead) and not _BUT.search(sentence.text):
            continue  # "Wij gebruiken geen Google Analytics": not a recipient
        if _disowned(ctx, sentence):
            continue  # "... Deze dienst wordt door de vereniging niet gebruikt."
        if _SHARE_ON.search(before) and _YOU_CAN.search(sentence.text):
            continue  # "Je kunt artikelen delen op Facebook en X": the visitor shares
        if _BROWSER.search(sentence.text) and not _SHARE.search(sentence.text):
            continue  # "Google Chrome: https://support.google.com/...": a browser's help
        if _EXAMPLE.search(before) and not _OWN.search(sentence.text):
            continue  # "Denk aan bijvoorbeeld YouTube video's": an example of a kind
        if _THROUGH.search(before):
            continue  # "Supabase Inc. (via AWS)": the means of the one named before it
        if _LINKS_TO.search(sentence.text) and not _SHARE.search(sentence.text):
            continue  # "Deze website linkt naar Google Maps": a link, no data given
        if _REFERRER.search(before):
            continue  # "vanaf welke verwijzende site (Google, Facebook)": where visitors came from
        if _YOU_CAN.search(sentence.text) and _YOURSELF.search(sentence.text):
            continue  # "Je kunt zelf een plek delen (bijv. via WhatsApp)": the person shares
        if any(a <= at < b for a, b in data_tables):
            continue  # "Inloggegevens | [...] en Apple ID's": data, not who receives it
        if ctx.is_heading(sentence) and _COOKIE_TITLE.search(sentence.text):
            continue  # "Google DoubleClick DART Cookie": the title of a cookie
        if _securing(ctx, sentence):
            continue  # "Onze servers zijn beveiligd via diensten van X": a measure
        if _ADVERTISING.search(before) or _AD_COOKIES.search(sentence.text):
            key = _advertising_product(key) or key  # "advertentiecookies van Google"
        entry = named.setdefault(key, (name, []))
        if sentence not in entry[1]:
            entry[1].append(sentence)
        mentions.setdefault(key, []).append(at)
    meant = _company_to_services(named)
    for key, (name, sentences) in named.items():
        value: dict[str, object] = {}
        if name != catalogue.recipients()[key].name:
            value["name"] = name
        value["quote"] = sentences[0].text
        said: dict[str, Sentence] = {}
        placed: tuple[str, Sentence] | None = None
        for sentence in sentences:
            if _SHIELD.search(sentence.text):
                value["transfer"], said["transfer"] = "privacy_shield", sentence
            elif _DPF.search(sentence.text) and "transfer" not in value:
                value["transfer"], said["transfer"] = "dpf", sentence
            elif _SCC.search(sentence.text) and "transfer" not in value:
                value["transfer"], said["transfer"] = "scc", sentence
            elif _ADEQUACY.search(sentence.text) and "transfer" not in value:
                value["transfer"], said["transfer"] = "adequacy", sentence
            if "country" in value or _meant(sentence, meant, mentions) != {key}:
                continue
            if _US.search(sentence.text):
                value["country"], said["country"] = "US", sentence
            elif placed is None and (place := _placed_in(sentence.text)) is not None:
                placed = (place, sentence)
        if placed is not None and "country" not in value:
            # the United States, where a sentence says so, outweighs another place
            value["country"], said["country"] = placed
        ctx.put(("recipients", key), value, sentences[:3], "recipients.catalogue")
        for fact, sentence in said.items():
            ctx.cite(("recipients", key, fact), value[fact], sentence, f"recipients.{fact}")
        _silences(ctx, key)
    _kinds(ctx)
    _with_consent(ctx)
    _tables(ctx)
    _listed_services(ctx)
    _named_in_prose(ctx)


_THIRD = re.compile(
    r"\bderden\b|aan (?:een )?derde\b|\bderde partij\w*|\bthird part(?:y|ies)\b", re.I
)
_CONSENT = re.compile(r"toestemming|consent", re.I)


def _with_consent(ctx: Context) -> None:
    """Third parties the statement says it gives data to when the person consents
    ("niet aan derden, tenzij: jij hiervoor uitdrukkelijk toestemming geeft")."""
    from ._lists import intro_of, is_item

    for index, sentence in enumerate(ctx.sentences):
        if not _CONSENT.search(sentence.text) or re.search(r"intrek|withdraw", sentence.text, re.I):
            continue
        where = [sentence]
        if is_item(ctx, sentence):
            intro = intro_of(ctx, index)
            if intro is None:
                continue
            where = [intro, sentence]
        context = where[0].text
        if not _THIRD.search(context) or not _SHARE.search(context):
            continue
        value = {
            "name": "unstated",
            "named": False,
            "label": {ctx.lang: _label(sentence.text)},
            "basis": "consent",
            "role": "unstated",
            "country": "unstated",
            "quote": sentence.text,
        }
        ctx.put(("recipients", "third_parties_with_consent"), value, where, "recipients.consent")
        _silences(ctx, "third_parties_with_consent")
        return


def _label(text: str) -> str:
    from ._lists import label_of

    return label_of(text)


def _in(sentence: Sentence) -> set[str]:
    """The catalogue recipients a sentence names."""
    pattern, keys = _names()
    return {keys[m.group(0)] for m in pattern.finditer(sentence.text)}


def _meant(
    sentence: Sentence, meant: dict[str, list[str]], mentions: dict[str, list[int]]
) -> set[str]:
    """The recipients a sentence speaks of: a company named bare stands for the one of
    its services named last before the sentence ("Wij gebruiken Google Analytics. [...]
    servers van Google in de Verenigde Staten")."""
    found: set[str] = set()
    for key in _in(sentence):
        services = meant.get(key)
        if not services:
            found.add(key)
            continue
        last = {k: max((at for at in mentions[k] if at < sentence.start), default=-1)
                for k in services}  # fmt: skip
        best = max(last.values())
        found.update(k for k, at in last.items() if at == best)
    return found


# "Supabase Inc. (via AWS)", "(hosted on Azure)", "Startplank (vluchtdata via Firebase)": a
# service the one named before it runs on, not a party the organisation gives data to.
_THROUGH = re.compile(
    r"\w[\w.]*\s*\(\s*(?:[^()]{0,30}?\s)?(?:via|through|hosted (?:on|by)|gehost (?:bij|op|door))"
    r"\s+$",
    re.I,
)
# "Je kunt artikelen delen op Facebook en Twitter", "you can share posts on X": what the
# visitor does on a network, not what the organisation gives it.
_SHARE_ON = re.compile(
    r"\b(?:delen|share)\s+(?:op|via|on)\s+(?:[\w.]+(?:\s*,\s*|\s+(?:en|of|and|or)\s+))*$", re.I
)
_YOU_CAN = re.compile(
    r"\b(?:kun(?:t|nen)?\s+(?:je|jij|u)|(?:je|jij|u)\s+kun(?:t)?|you can)\b", re.I
)
_COOKIE_TITLE = re.compile(r"\bcookies?\s*$", re.I)
# "Deze website linkt naar ...", "links to other websites", "verwijst naar": a link.
_LINKS_TO = re.compile(r"\blinkt?\s+naar\b|\blinks?\s+(?:naar|to)\b|\bverwijs\w*\s+naar\b", re.I)
# "vanaf welke verwijzende site (Google, Facebook)", "the referring site": a referrer.
_REFERRER = re.compile(r"\bverwijzende\s+(?:web)?site|\breferr(?:ing|er)\b", re.I)
# "Je kunt er zelf voor kiezen ... te delen", "you can yourself share": the person acts.
_YOURSELF = re.compile(
    r"\bzelf\b[^.]{0,80}?\b(?:delen|doorsturen|versturen)\b|\byourself\b[^.]{0,40}?\bshare\b",
    re.I,
)
# A section on security that names a service by what it secures is naming a measure.
_SECURITY_HEADING = re.compile(r"beveilig|veilig|security|secur(?:e|ity)|protect", re.I)
_SECURED = re.compile(
    r"\bbeveiligd\s+(?:via|door|met)\b|\bbeschermd\s+(?:via|door|met)\b|"
    r"\b(?:secured|protected)\s+(?:by|with|through)\b",
    re.I,
)
# "Virusscanner (X)", "Spam detection (X)": a measure with the service that provides it.
_MEASURE_ITEM = re.compile(r"^[-*\u2022]?\s*\w[\w\s-]{0,40}\(\s*[A-Z][\w .-]{0,30}\)\.?$")
_GIVEN = re.compile(
    r"\b(?:deel\w*|delen|gedeeld|verstrek\w*|verwerker\w*|share\w*|disclos\w*|processor\w*|"
    r"opgeslagen|stored|gehost|hosted)\b",
    re.I,
)


def _securing(ctx: Context, sentence: Sentence) -> bool:
    """A sentence of a section on security that names a service by what it secures
    ("Onze servers zijn beveiligd via diensten van X") and says nothing is given to it."""
    if ctx.heading_search(_SECURITY_HEADING, sentence) is None or _GIVEN.search(sentence.text):
        return False
    return (
        _SECURED.search(sentence.text) is not None or _MEASURE_ITEM.match(sentence.text) is not None
    )


# The first header cell of a table of the personal data processed.
_DATA_HEADER = re.compile(
    r"^(?:(?:soort|categorie(?:ën|en)?|type) (?:van )?)?(?:persoons)?gegevens|"
    r"^categorie(?:ën|en)?$|^(?:(?:kind|type|categor(?:y|ies)) of )?(?:personal )?data$|"
    r"^(?:personal )?data categor(?:y|ies)$",
    re.I,
)


def _data_tables(ctx: Context) -> list[tuple[int, int]]:
    """The spans of the tables that list the personal data processed."""
    spans: list[tuple[int, int]] = []
    for cells in ctx.tables:
        a, b = cells[0]
        if _DATA_HEADER.match(ctx.text.text[a:b].strip(" *:")):
            spans.append((cells[0][0], cells[-1][1]))
    return spans


def _silences(ctx: Context, key: str) -> None:
    ctx.silent(("recipients", key, "role"), "recipient_role")
    if "country" not in ctx.get(("recipients", key)):
        ctx.silent(("recipients", key, "country"), "recipient_country")


def _kinds(ctx: Context) -> None:
    taken = ctx.data.get("recipients", {})
    for key, pattern in _KINDS:
        for sentence, match in ctx.search_text(pattern):  # only the sentences naming it
            if not _SHARE.search(sentence.text) and not (
                key in _BODIES and _BODY_GETS.search(sentence.text)
            ):
                continue
            words = match.group(0)
            value: dict[str, object]
            if key in _BODIES and words[0].isupper():
                value = {"name": words, "quote": sentence.text}
            else:
                value = {
                    "name": "unstated",
                    "named": False,
                    "label": {ctx.lang: words[:1].upper() + words[1:]},
                    "role": "unstated",
                    "country": "unstated",
                    "quote": sentence.text,
                }
            if re.match(r"extern", words, re.I):
                key = f"external_{key}"
            name = key_of(key, taken)
            ctx.put(("recipients", name), value, sentence, f"recipients.kind.{key}")
            _silences(ctx, name)
            break


# The header cells of a table of recipients ("Ontvanger | Dienst | Land | Waarborg").
_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (column, re.compile(rf"^(?:{labels})$", re.IGNORECASE))
    for column, labels in (
        ("recipient", r"ontvangers?|partij(?:en)?|(?:sub-?)?verwerkers?|dienstverleners?|"
                      r"leveranciers?|recipients?|part(?:y|ies)|(?:sub-?)?processors?|"
                      r"service providers?|suppliers?"),
        ("country", r"land(?:en)?|vestigingsland|(?:opslag)?locatie(?: (?:van )?(?:de )?gegevens)?|"
                    r"country|countries|(?:data |server )?location(?: of (?:the )?data)?"),
        ("transfer", r"waarborg(?:en)?|doorgifte(?:mechanisme)?|safeguards?|transfer mechanism"),
        ("other", r"dienst(?:en)?|rol|role|service|doel(?:en|einden)?|purposes?|toelichting|"
                  r"omschrijving|description|(?:welke |soort )?(?:persoons)?gegevens|"
                  r"(?:which |personal )?data|categorie[eë]n|categories"),
    )
)  # fmt: skip
_MECHANISMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("privacy_shield", _SHIELD),
    ("dpf", _DPF),
    ("scc", _SCC),
    ("adequacy", re.compile(r"adequa\w+", re.I)),
    ("bcr", re.compile(r"bindende bedrijfsvoorschriften|binding corporate rules|\bBCR\b", re.I)),
)


def _column(text: str) -> str | None:
    label = text.strip(" *:")
    return next((column for column, pattern in _COLUMNS if pattern.match(label)), None)


@cache
def _countries() -> dict[str, str]:
    """Country names in Dutch and English, lower case, each with its code."""
    from ... import catalogue

    found: dict[str, str] = {}
    for code, label in catalogue.countries().items():
        for lang in ("nl", "en"):
            found.setdefault(label.get(lang).lower(), code)
    return found


# The EEA and the United States as a cell names them ("EU-projectregio / EER", "VS en
# wereldwijd"); a country a region of which is the EEA is within it.
_REGIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("EEA", re.compile(r"\b(?:EU|EER|EEA)\b|\bEurop(?:ese|ean) (?:Unie|Union|Economische "
                       r"Ruimte|Economic Area)\b")),
    ("US", re.compile(r"\b(?:VS|USA|US)\b|\bU\.S\.|\b(?:Verenigde Staten|United States)\b")),
)  # fmt: skip


@cache
def _country_names() -> re.Pattern[str]:
    names = sorted(_countries(), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(re.escape(n) for n in names)})\b", re.IGNORECASE)


def _country_in(cell: str) -> str | None:
    """The one country (or the EEA) a table's cell names, None for none or several."""
    whole = _countries().get(cell.strip(" .").lower())
    if whole is not None:
        return "EEA" if whole == "EU" else whole
    found = {code for code, pattern in _REGIONS if pattern.search(cell)}
    for match in _country_names().finditer(cell):
        code = _countries()[match.group(0).lower()]
        found.add("EEA" if code == "EU" else "US" if code == "US" else code)
    return found.pop() if len(found) == 1 else None


_ADEQUACY = re.compile(
    r"adequaatheidsbesluit|adequacy decision|passend beschermingsniveau|"
    r"adequate level of (?:data )?protection",
    re.I,
)
_PLACE = re.compile(
    r"\b(?:in|binnen|within|inside)\s+(?:de\s+|het\s+|the\s+)?"
    r"(?P<place>(?:[A-Z][\w-]*)(?:\s[A-Z][\w-]*){0,2})"
)


def _placed_in(text: str) -> str | None:
    """The one country (or the EEA) a sentence places data in ("opgeslagen in
    Nederland", "binnen de EU"), None for none or several."""
    found: set[str] = set()
    for match in _PLACE.finditer(text):
        code = _country_in(match.group("place"))
        if code is not None:
            found.add(code)
    return found.pop() if len(found) == 1 else None


def _tables(ctx: Context) -> None:
    """A table of recipients: the country and the safeguard each row gives its
    recipient."""
    for cells in ctx.tables:
        source = ctx.text.text
        columns = [_column(source[a:b]) for a, b in cells[:8]]
        if columns and columns[0] is None:  # a caption before the header
            columns, cells = columns[1:], cells[1:]
        width = next((n for n, column in enumerate(columns) if column is None), len(columns))
        header = columns[:width]
        if header[:1] != ["recipient"] and (
            "recipient" not in header or not {"country", "transfer"} & set(header)
        ):
            continue  # a table of recipients leads with them, or gives where they are
        if width < 2:
            continue
        if len(cells) % width:
            continue
        for row in range(1, len(cells) // width):
            _row(ctx, header, cells[row * width : (row + 1) * width])


def _row(ctx: Context, header: list[str | None], row: list[tuple[int, int]]) -> None:
    source = ctx.text.text
    texts = [" ".join(source[a:b].split()) for a, b in row]
    sentences = [next((s for s in ctx.sentences if a <= s.start < b), None) for a, b in row]
    where = sentences[header.index("recipient")]
    if where is None:
        return
    own = _own_name(texts[header.index("recipient")])
    pattern, _keys = _names()
    if own is not None and not pattern.search(own):  # "**Supabase Inc.** (via AWS)"
        taken = ctx.data.setdefault("recipients", {})
        same = [k for k, v in taken.items() if isinstance(v, dict) and v.get("name") == own]
        key = same[0] if same else key_of(own, taken)
        if same:
            ctx.cite(("recipients", key), taken[key], where, "recipients.row")
        else:
            entry = {"name": own, "quote": where.text}
            ctx.put(("recipients", key), entry, where, "recipients.row")
            _silences(ctx, key)
        keys = [key]
    else:
        keys = [k for k in _in(where) if ctx.has(("recipients", k))]
    if len(keys) != 1:
        return
    path = ("recipients", keys[0])
    for column, text, sentence in zip(header, texts, sentences, strict=True):
        if sentence is None:
            continue
        value: str | None = None
        if column == "country":
            value = _country_in(text)
        elif column == "transfer" and not _HEDGED.search(text):
            value = next((k for k, pattern in _MECHANISMS if pattern.search(text)), None)
        if value is None or column is None or ctx.has((*path, column)):
            continue
        ctx.put((*path, column), value, [where, sentence], f"recipients.table.{column}")
        ctx.silences[:] = [s for s in ctx.silences if s.path != (*path, column)]


# A safeguard promised only "where needed" or still "to be verified" is no safeguard the
# statement says is in place.
_HEDGED = re.compile(
    r"\b(?:waar|indien|als|zo) (?:nodig|noodzakelijk|van toepassing)\b|te verifi\w+|"
    r"\b(?:where|if|when|as) (?:needed|necessary|required|applicable)\b|to be verified",
    re.I,
)


def _own_name(cell: str) -> str | None:
    """The name a recipient's cell gives, before any note in brackets, if it reads as a
    name ("Supabase Inc.", "Black Forest Labs"); None for a kind or a description."""
    name = re.sub(r"\s*\(.*$", "", cell).replace("*", "").strip(" .,;")
    name = re.sub(r"\b(Inc|Ltd|Co|B\.V|N\.V)$", r"\1.", name)
    words = name.split()
    named = len(words) >= 2 and all(w[:1].isupper() for w in words)
    camel = any(c.isupper() for c in name[1:])
    return name if _SERVICE_NAME.match(name) and len(words) <= 4 and (named or camel) else None


# "gebruikt de volgende computerprogramma's of -systemen:", "maakt gebruik van de volgende
# diensten:", "we use the following services:": a list of the services that get the data.
_SERVICES_INTRO = re.compile(
    r"(?:gebruik\w*|maakt?\s+gebruik\s+van|inschakel\w*|werk\w* samen met|use[sd]?|engage[sd]?)"
    r"\s+(?:\w+\s+){0,2}?(?:de\s+)?volgende\s+(?:computerprogramma\W?s|systemen|"
    r"programma\W?s|diensten|dienstverleners|tools|software|partijen|verwerkers|"
    r"leveranciers)|the\s+following\s+(?:services|tools|software|systems|(?:sub-?)?processors|"
    r"service providers|suppliers|parties|recipients)\s*:|"
    r"(?:del\w*|verstrek\w*)\s+(?:\w+\s+){0,4}?(?:met|aan)\s+(?:de\s+)?volgende\s+"
    r"(?:partijen|ontvangers|(?:sub-?)?verwerkers|bedrijven|organisaties|dienstverleners)|"
    r"\b(?:onze\s+)?(?:sub-?)?verwerkers(?:\s+zijn)?\s*:(?=\s*(?:\n|$))|"
    r"\b(?:our\s+)?(?:sub-?)?processors(?:\s+are)?\s*:(?=\s*(?:\n|$))",
    re.IGNORECASE,
)
# What an item says of the service after its name: "Mollie - betalingen", "Mollie (iDEAL)".
_NOTE_AFTER = re.compile(r"\s+[-\u2013\u2014:|]\s+|\s*\(|:\s")
_SERVICE_NAME = re.compile(r"^[A-Z][\w.&'\u2019-]*(?:\s[A-Z0-9][\w.&'\u2019-]*){0,2}$")


# A section whose heading names those who get the data: "Verwerkers", "Subverwerkers",
# "Derde partijen", "Third parties", "Sub-processors", "Ontvangers".
_RECIPIENT_HEADING = re.compile(
    r"^\s*(?:\d+[.)]?\s*)?(?:onze\s+|our\s+)?(?:sub-?)?(?:verwerkers|processors|ontvangers|"
    r"recipients|derde\s+partijen|third[\s-]+part(?:y|ies)(?:\s+services)?|dienstverleners|"
    r"service\s+providers)\s*:?\s*$",
    re.IGNORECASE,
)
# A lead-in that says the list is of something else ("Wij gebruiken geen ...").
_NOT_OURS = re.compile(r"\bgeen\b|\bniet\b|\bno\b|\bnot\b|\bnever\b|\bnooit\b", re.I)


def _listed_services(ctx: Context) -> None:
    """The services a list names by their own name under an introduction that says it
    lists the programmes or services used; those the catalogue knows are already in."""
    from ._lists import item_text

    headed = [s for s in ctx.sentences if ctx.is_heading(s) and _RECIPIENT_HEADING.search(s.text)]
    if not _SERVICES_INTRO.search(ctx.text.text) and not headed:
        return
    pattern, _keys = _names()
    taken = ctx.data.setdefault("recipients", {})
    headings = {s.text for s in headed}
    introduces: dict[int, bool] = {}  # the items of a list share their introduction
    for item, intro, line in _items_with_lines(ctx):
        under = ctx.heading(item) in headings and (
            ctx.is_heading(intro) or _NOT_OURS.search(intro.text) is None
        )
        if intro.start not in introduces:
            introduces[intro.start] = _SERVICES_INTRO.search(intro.text) is not None
        if not introduces[intro.start] and not under:
            continue
        parts = _NOTE_AFTER.split(item_text(line[0]) if len(line) == 1 else _line_text(ctx, line),
                                  maxsplit=1)  # fmt: skip
        words = parts[0].replace("*", "").strip()
        place = _country_in(parts[1].strip(" ()")) if len(parts) > 1 else None
        known = [k for k in _in(item) if k in taken]
        if len(known) == 1 and pattern.fullmatch(words):  # "Mailchimp - VS"
            _put_country(ctx, known[0], place, [intro, *line])
            continue
        if not _SERVICE_NAME.match(words) or pattern.search(words):
            continue
        if any(kind.search(words) for _key, kind in _KINDS):
            continue  # "Hostingpartij": a kind of recipient, read as one
        key = key_of(words, taken)
        ctx.put(("recipients", key), {"name": words, "quote": item.text}, [intro, item],
                "recipients.listed")  # fmt: skip
        _silences(ctx, key)
        _put_country(ctx, key, place, [intro, *line])
    if not taken:
        del ctx.data["recipients"]


def _items_with_lines(ctx: Context) -> list[tuple[Sentence, Sentence, list[Sentence]]]:
    """Each list item with its introduction and the sentences of its line: an item the
    splitter cut after an abbreviation ("- Acme Inc." "- EU") keeps the rest of its line."""
    from ._lists import is_item

    found: list[tuple[Sentence, Sentence, list[Sentence]]] = []
    intro: Sentence | None = None
    source = ctx.text.text
    for sentence in ctx.sentences:
        if found and "\n" not in source[found[-1][2][-1].end : sentence.start]:
            found[-1][2].append(sentence)  # the rest of an item's line
        elif is_item(ctx, sentence):
            if intro is not None:
                found.append((sentence, intro, [sentence]))
        else:
            intro = sentence
    return found


def _line_text(ctx: Context, line: list[Sentence]) -> str:
    from ._lists import item_text

    start, end = line[0].start, line[-1].end
    return item_text(Sentence(start, end, ctx.text.text[start:end], line[0].block))


def _put_country(ctx: Context, key: str, place: str | None, where: list[Sentence]) -> None:
    """The country a list item gives its recipient after its name ("Acme Inc. - VS")."""
    path = ("recipients", key, "country")
    if place is None or (ctx.has(path) and ctx.get(path) != "unstated"):
        return
    ctx.put(path, place, where, "recipients.listed.country")
    ctx.silences[:] = [s for s in ctx.silences if s.path != path]


# A party the catalogue does not know, named where the statement says it gives it the
# data or has it hold them: "Wij delen uw gegevens met Acme B.V.", "gehost bij Acme",
# "we share your data with Acme Ltd", "hosted by Acme".
_NAME = (
    r"[A-Z][\w&'\u2019-]*[a-z0-9][\w&'\u2019-]*"
    r"(?:\s(?!B\.V|N\.V)[A-Z][\w&'\u2019-]*){0,1}(?:\s(?:B\.V\.|N\.V\.|BV|Inc\.|Ltd\.?|GmbH|LLC))?"
)
_GIVEN_TO = re.compile(
    r"\b(?:(?:delen|deelt|verstrekken|verstrekt|geven|geeft)\s+(?:\w+\s+){0,5}?(?:met|aan)|"
    r"(?:gedeeld|doorgegeven|doorgeven|door te geven|doorgestuurd|overgedragen|"
    r"uitgewisseld|te verstrekken)\s+(?:met|aan|naar)|"
    r"(?:maken|maakt|making)\s+gebruik\s+van\s+de\s+diensten\s+van|"
    r"(?:use|uses|using)\s+the\s+services\s+of|"
    r"(?:gehost|ondergebracht|opgeslagen|bewaard)\s+(?:\w+\s+){0,2}?(?:bij|door)|"
    r"(?:share|disclose|provide)\s+(?:\w+\s+){0,5}?(?:with|to)|hosted\s+(?:by|with|at)|"
    r"(?:handled|processed)\s+by|(?:data|information|details)\s+(?:\w+\s+){0,2}?"
    r"(?:is|are)\s+sent\s+to|(?:afgehandeld|verwerkt)\s+door|"
    r"(?:gegevens|informatie)\s+(?:\w+\s+){0,3}?(?:verstuurd|verzonden|gestuurd)\s+naar|"
    r"stored\s+(?:by|with|at))\s+(?:de\s+|het\s+|the\s+)?"
    rf"(?P<name>{_NAME})(?=\s*(?:[,.;:()]|\s(?:en|and|voor|for|om|to|in|op|die|who|which|"
    r"zodat|so)\b|$))"
)
# "verwerkers zoals Acme en Beta", "service providers such as Acme": the parties named
# as examples of those that get the data.
_SUCH_AS = re.compile(
    r"\b(?:(?:sub)?verwerkers|partijen|dienstverleners|leveranciers|bedrijven|"
    r"(?:sub-?)?processors|parties|(?:service )?providers|suppliers)\s+(?:\w+\s+){0,2}?"
    r"(?:zoals|waaronder|such as|including)\s+(?P<list>[^.;:()]+)",
    re.I,
)
_NOT_A_NAME = re.compile(
    r"^(?:Nederland|Europ\w*|Verenigde|United|Autoriteit|AVG|GDPR|Google|Wij|We|U|Uw|Jij|You|"
    r"Derden|Third|Partijen|De|Het|Een|The|A|An)\b"
)


def _named_in_prose(ctx: Context) -> None:
    pattern, _keys = _names()
    taken = ctx.data.setdefault("recipients", {})
    own = _own_names(ctx)
    found = [(sentence, m.group("name")) for sentence, m in ctx.search(_GIVEN_TO)]
    for sentence, match in ctx.search(_SUCH_AS):
        for part in re.split(r",\s*|\s+(?:en|and|of|or)\s+", match.group("list").strip()):
            named = re.match(rf"(?:{_NAME})(?=$|\s+[a-z])", part)
            if named:  # "Postmark to send e-mail": the name before what it does
                found.append((sentence, named.group(0)))
    for sentence, name in found:
        words = name.strip(" .")
        words = re.sub(r"\b(B\.V|N\.V|Inc|Ltd)$", r"\1.", words)
        if _NOT_A_NAME.match(words) or pattern.search(words) or words.casefold() in own:
            continue
        if _NOT_USED.search(sentence.text) or words.lower() in _countries():
            continue
        if any(kind.search(words) for _key, kind in _KINDS):
            continue
        if any(isinstance(v, dict) and v.get("name") == words for v in taken.values()):
            continue
        key = key_of(words, taken)
        ctx.put(("recipients", key), {"name": words, "quote": sentence.text}, sentence,
                "recipients.prose")  # fmt: skip
        _silences(ctx, key)
    if not taken:
        del ctx.data["recipients"]


def _own_names(ctx: Context) -> set[str]:
    """The organisation's own names, folded: it gives nothing to itself."""
    controller = ctx.data.get("controller", {})
    names = [controller.get("name"), *controller.get("trade_names", [])]
    own = {n.casefold() for n in names if isinstance(n, str)}
    return own | {re.sub(r"\s+(?:b\.\s?v\.?|n\.v\.?|bv|nv|v\.o\.f\.?|vof)$", "", n) for n in own}
