"""The rights the statement names, the promised response time and its extension, how
identity is checked, where requests go, and the complaint to the supervisory authority
(Art. 12, 13(2)(b)-(d), 77)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Silence
from . import contact
from ._context import Context, Sentence
from ._periods import PERIOD, duration

__all__ = ["rights"]

_RIGHTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.IGNORECASE))
    for key, pattern in (
        (
            "access",
            r"\binza(?:ge|gerecht)\b|\binzien\b|\bin te zien\b|toegang tot (?:alle |de |uw |je |"
            r"jouw )?"
            r"(?:informatie|gegevens|persoonsgegevens)|\bopvragen\b|\bop te vragen\b|\baccess\b|"
            r"\b(?:te )?(?:weten|vragen|zien) welke (?:persoons)?gegevens (?:wij|we)\b|"
            r"\b(?:overzicht|kopie|afschrift) van (?:je|uw|jouw|alle) (?:persoons)?gegevens\b|"
            r"\b(?:request|ask for) (?:information about|a copy of|an overview of) "
            r"(?:the |your |all )?(?:personal )?(?:data|information)\b",
        ),
        (
            "rectification",
            r"\bcorrect\w*|\bcorrigeren\b|\brectifica\w*|\brectify\b|\baan te passen\b|"
            r"\baanpass\w*|\bverbeter\w*|\bwijzig\w*|\bverander\w*|\bto update\b",
        ),
        (
            "erasure",
            r"\bverwijder\w*|\bwissen\b|\bte wissen\b|\b(?:gegevens)?wissing\b|\bvergetelheid\b|"
            r"\bvergeten te worden\b|"
            r"\beras\w+|\bdelet\w+|\bremov(?:e|ed|al)\b|\bbe forgotten\b",
        ),
        # The right's noun or infinitive: "Dit beperkt het gebruik niet" is no right.
        (
            "restriction",
            r"\bbeperking\w*|\bbeperken\b|\bbeperkt (?:wordt|worden|laten)\b|"
            r"\brestriction\w*|\brestrict\b|\brestricted processing\b|\brestricting\b",
        ),
        ("objection", r"\bbezwaar\b|\bverzet\b|\bverzetten\b|\bobject(?:ion)?\b|\bobject to\b"),
        (
            "portability",
            r"overdraagbaarheid|\boverdracht\b|\boverdragen\b|\bover te (?:laten )?dragen\b|"
            r"gegevensoverdra\w*|portab\w+|"
            r"\bdata transfer\b|machine-?readable|computerbestand",
        ),
    )
)
_WITHDRAW = re.compile(
    r"toestemming\b[^.]{0,80}?\b(?:in\s*te\s*trekken|intrekken|intrekking|trekt\b[^.]{0,30}\bin)|"
    r"(?:intrekken|intrekking)\b[^.]{0,40}\btoestemming|"
    r"withdraw\w*\b[^.]{0,40}\bconsent|consent\b[^.]{0,60}\bwithdraw",
    re.IGNORECASE,
)
# The label of a purpose's line on how to withdraw ("Toestemming intrekken: via de
# afmeldlink"): the line says how one purpose's consent ends, which is the right only
# where its own words say so.
_LABELLED_WITHDRAWAL = re.compile(
    r"^\s*(?:toestemming intrekken|withdrawing consent|withdraw consent)\s*:", re.IGNORECASE
)
_RIGHTS_WORDS = re.compile(r"\brecht(?:en)?\b|\bright(?:s)?\b|verzoek|request", re.IGNORECASE)
_RIGHTS_HEADING = re.compile(
    r"recht|rights|inzage|inzien|corrigeren|verwijderen|access|your data", re.IGNORECASE
)
_AUTHORITIES = (
    (
        re.compile(
            r"Autoriteit\s+[Pp]ersoonsgegevens|Dutch (?:Data Protection|Data Protection) "
            r"Authority|\bAP\b"
        ),
        "nl-ap",
    ),
)
_COMPLAINT = re.compile(r"klacht|complain", re.IGNORECASE)
_SUPERVISOR = re.compile(
    r"Autoriteit\s+[Pp]ersoonsgegevens|toezichthouder|supervisory authority|"
    r"data protection authority|\bAP\b|autoriteitpersoonsgegevens\.nl|\bCBP\b|"
    r"College\s+bescherming\s+persoonsgegevens|\bICO\b|Information Commissioner",
    re.IGNORECASE,
)
_RESPOND = re.compile(
    r"reageren|reageert|reageer|reactie|antwoord\w*|beantwoord\w*|respond\w*|response|reply|"
    r"behandel\w*|afhandel\w*|afgehandeld|uitvoeren|uitgevoerd|voldoen|voldaan|inform\w*|"
    r"laten weten|hoort u|hoor je|gereageerd",
    re.IGNORECASE,
)
_DEADLINE_WORD = re.compile(r"\b(?:binnen|uiterlijk|within|no later than|at the latest)\b", re.I)
# A sentence in which the law, not the organisation, speaks: "De AVG schrijft voor dat wij
# binnen een maand reageren", "The GDPR requires ...". What it says is the law's rule, not
# the organisation's own promise.
_THE_LAW = re.compile(
    r"\b(?:AVG|GDPR|wet|law)\s+(?:schrijft\s+(?:\w+\s+)?voor|verplicht|vereist|eist|requires|"
    r"obliges)|\b(?:schrijft|verplicht|vereist|eist)\s+(?:\w+\s+)?de\s+(?:AVG|wet)\b",
    re.IGNORECASE,
)
_EXTEND = re.compile(r"verleng\w*|extend\w*|extension", re.IGNORECASE)
_ID_COPY = re.compile(
    r"kopie\s+(?:van\s+)?(?:je|uw|jouw|een)?\s*(?:geldig\s+)?(?:identiteitsbewijs|legitimatiebewijs|"
    r"ID|id-bewijs|paspoort|identiteitskaart)|"
    r"cop(?:y|ies)\s+of\s+(?:your\s+|a\s+|an\s+)?(?:valid\s+)?(?:ID|identity|identification|passport)",
    re.IGNORECASE,
)
_VERIFY_MAIL = re.compile(
    r"(?:identiteit|identity)[^.]{0,80}(?:e-?mail|link)|(?:e-?mail|link)[^.]{0,80}"
    r"(?:identiteit|identity)[^.]{0,40}(?:bevestig|controle|controleren|verifi|confirm|check)|"
    # "het e-mailadres waarvan je de mail stuurt wordt gebruikt om ...": the sender's address
    # is what the request is matched to.
    r"(?:e-?mail\s*adres|e-?mail address)\s+(?:waarvan|waarmee|vanaf|waar\w* vandaan|"
    r"(?:from )?which|you (?:send|write|wrote) from)[^.]{0,80}"
    r"(?:gebruikt|used|controle|controleren|kijken|check|match)",
    re.IGNORECASE,
)
_VERIFY_ACCOUNT = re.compile(
    r"(?:ingelogd|inloggen|log in|logged in)[^.]{0,60}(?:account|omgeving)[^.]{0,80}"
    r"(?:verzoek|request|identiteit|identity)",
    re.IGNORECASE,
)
_MASK = re.compile(
    r"\bzwart\b|zwart\s*maken|gemaskeerd|maskeren|afschermen|afgeschermd|onleesbaar|"
    r"\bmask\w*|black(?:en)?\s+out|\bcover\b|\bredact",
    re.IGNORECASE,
)


_YOU_MAY = re.compile(
    r"\b(?:you may|you can|you have|u kunt|kunt u|je kunt|kun je|jij kunt|kun jij|u mag|je mag|"
    r"u kan|kan u|je kan|kan je|jij kan|kan jij)\b",
    re.IGNORECASE,
)
# "de mogelijkheid tot het inzien ... van alle persoonlijke informatie", "zijn/haar eigen
# gegevens inzien": what people may do with their own data.
_OWN_DATA = re.compile(
    r"\b(?:mogelijkheid (?:tot|om)|(?:option|possibility) to)\b.*\b(?:gegevens|"
    r"persoonsgegevens|informatie|data|information)\b|"
    r"\beigen (?:persoons)?gegevens\b|\btheir own (?:personal )?data\b",
    re.IGNORECASE,
)


# "Wij behouden ons het recht voor om deze verklaring te wijzigen", "we reserve the right
# to change": the organisation's right, not one it offers.
_RESERVES = re.compile(
    r"\bbehoud\w*\s+(?:ons|zich|zichzelf)\s+(?:\w+\s+){0,2}?het recht voor\b|"
    r"\breserves?\s+the\s+right\b",
    re.IGNORECASE,
)

_BROWSER = re.compile(r"cookie|browser", re.I)
# What a person does for themselves, not asks of the organisation: a choice of cookies
# or settings ("U kunt uw keuze hieronder aanpassen"), or data on their own device or
# in an app's screen ("kun je jouw gegevens verwijderen door de app te deïnstalleren").
_OWN_DOING = re.compile(
    r"cookie|browser|\bkeuze\b|voorkeur\w*|instelling\w*|\bsettings?\b|\bpreferences?\b|"
    r"\b(?:apparaat|toestel|device|smartphone)\b|de-?[iï]nstall\w*|uninstall\w*|"
    r"\b(?:scherm|screen|knop|button|handmatig|manually|tikken|tap)\b|\bicoon|\bicon",
    re.I,
)


def _in_rights_context(ctx: Context, sentence: Sentence) -> bool:
    if _RESERVES.search(sentence.text):
        return False
    if _RIGHTS_WORDS.search(sentence.text):
        return True
    if (_YOU_MAY.search(sentence.text) or _OWN_DATA.search(sentence.text)) and not (
        _OWN_DOING.search(sentence.text) or ctx.heading_search(_BROWSER, sentence)
    ):
        return True
    return bool(ctx.heading_search(_RIGHTS_HEADING, sentence))


def rights(ctx: Context) -> None:
    path = ("rights",)
    offered: dict[str, list[Sentence]] = {}
    for sentence in ctx.sentences:
        if _in_rights_context(ctx, sentence) and not _COMPLAINT.search(sentence.text):
            for key, pattern in _RIGHTS:
                if pattern.search(sentence.text):
                    offered.setdefault(key, []).append(sentence)
        if _WITHDRAW.search(_LABELLED_WITHDRAWAL.sub("", sentence.text)):
            offered.setdefault("withdraw_consent", []).append(sentence)
    complaint = _complaint(ctx)
    if complaint is not None:
        offered.setdefault("complain", []).append(complaint)
    order = ("access", "rectification", "erasure", "restriction", "objection", "portability",
             "withdraw_consent", "complain")  # fmt: skip
    keys = [k for k in order if k in offered]
    ctx.put((*path, "offered"), keys, [], "rights.offered")
    for key in keys:
        ctx.cite((*path, "offered"), keys, offered[key][:1], f"rights.offered.{key}")
    if not keys:
        ctx.silent((*path, "offered"), "rights_offered")
    else:
        for key in order:
            if key not in offered:
                ctx.silences.append(_missing_right(ctx, key))

    deadline = _deadline(ctx)
    if deadline is not None:
        ctx.put((*path, "respond_within"), deadline[0], deadline[1], "rights.respond_within")
        if deadline[2] is not None:
            ctx.put((*path, "extension"), deadline[2], deadline[1], "rights.extension")
    else:
        ctx.silent((*path, "respond_within"), "respond_within", "unstated")

    copy = ctx.first(_ID_COPY)
    if copy is not None:
        sentence = copy[0]
        ctx.put((*path, "verify"), "id_copy", sentence, "rights.verify.id_copy")
        index = ctx.index_of(sentence)
        for each in ctx.sentences[index : index + 3]:
            if _MASK.search(each.text):
                ctx.put(
                    (*path, "id_copy_masking"), True, [sentence, each], "rights.id_copy_masking"
                )
                break
    elif (by_mail := ctx.first(_VERIFY_MAIL)) is not None:
        ctx.put((*path, "verify"), "email", by_mail[0], "rights.verify.email")
    elif (by_account := ctx.first(_VERIFY_ACCOUNT)) is not None:
        ctx.put((*path, "verify"), "account", by_account[0], "rights.verify.account")
    else:
        ctx.silent((*path, "verify"), "verify", "unstated")

    _request_address(ctx, {s.block for key in keys for s in offered[key] if key != "complain"})


def _missing_right(ctx: Context, key: str) -> Silence:
    from ...i18n import t

    return Silence(("rights", "offered", key), t(f"importer.silence.right_{key}", ctx.lang))


@lru_cache(maxsize=1)
def _catalogue_authorities() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The Dutch AP first, then every authority of the catalogue by its names: each
    part of its official name, its labels without what is in brackets, and the
    abbreviation its name gives in brackets ("CNIL")."""
    from ... import catalogue

    found = list(_AUTHORITIES)
    for key, authority in catalogue.authorities().items():
        if key == "nl-ap":
            continue
        spoken = [*authority.name.split(" / "), authority.label.nl, authority.label.en]
        names = {re.sub(r"\s*\([^)]*\)", "", name).strip() for name in spoken}
        names |= set(re.findall(r"\(([A-Z]{2,})\)", authority.name))
        spelled = sorted((n for n in names if len(n) >= 3), key=len, reverse=True)
        if spelled:
            found.append((re.compile("|".join(rf"\b{re.escape(n)}\b" for n in spelled)), key))
    return tuple(found)


def _complaint(ctx: Context) -> Sentence | None:
    """The sentence that tells people they may complain to the supervisory authority;
    records the authority when the statement names it (the Dutch AP, or another the
    catalogue knows: "de Gegevensbeschermingsautoriteit", "the CNIL")."""
    authorities = _catalogue_authorities()
    for index, sentence in enumerate(ctx.sentences):
        if not _COMPLAINT.search(sentence.text) or _THE_LAW.search(sentence.text):
            continue
        window = ctx.sentences[index : index + 2]
        for each in window:
            if _SUPERVISOR.search(each.text) or any(p.search(each.text) for p, _k in authorities):
                for pattern, key in authorities:
                    for named in window:
                        if pattern.search(named.text):
                            ctx.put(("controller", "authority"), key, named, "controller.authority")
                            break
                    if ctx.has(("controller", "authority")):
                        break
                return sentence
    return None


def _deadline(ctx: Context) -> tuple[str, Sentence, str | None] | None:
    """The response time promised for a request, and the extension where the same
    sentence gives one."""
    for sentence in ctx.sentences:
        text = sentence.text
        if not _RESPOND.search(text):
            continue
        if _COMPLAINT.search(text) and not _RIGHTS_WORDS.search(text):
            continue
        if _THE_LAW.search(text):
            continue
        if not (
            _RIGHTS_WORDS.search(text)
            or ctx.heading_search(_RIGHTS_HEADING, sentence)
            or _after_request(ctx, sentence)
        ):
            continue
        respond: str | None = None
        extension: str | None = None
        for match in PERIOD.finditer(text):
            value = duration(match)
            if value is None:
                continue
            before = text[max(0, match.start() - 40) : match.start()]
            if _EXTEND.search(text[max(0, match.start() - 60) : match.end() + 40]) and respond:
                extension = extension or value
            elif respond is None and _DEADLINE_WORD.search(before):
                respond = value
        if respond is not None:
            if extension is None:
                extension = _extension_after(ctx, sentence)
            return respond, sentence, extension
    return None


def _after_request(ctx: Context, sentence: Sentence) -> bool:
    """The sentence follows one, in the same paragraph, about a request to exercise a
    right ("... een verzoek in te dienen om je gegevens te laten verwijderen. Hier
    reageren wij binnen een maand op.")."""
    index = ctx.index_of(sentence)
    for before in reversed(ctx.sentences[max(0, index - 2) : index]):
        if before.block != sentence.block:
            return False
        # "Wil je gebruikmaken van een van deze rechten? Stuur een e-mail naar ...", "Stuur
        # uw verzoek naar ...": the request is to exercise the rights.
        if _RIGHTS_WORDS.search(before.text) and (
            any(pattern.search(before.text) for _key, pattern in _RIGHTS)
            or _EXERCISE.search(before.text)
        ):
            return True
    return False


_EXERCISE = re.compile(
    r"gebruik\s*(?:te\s+)?maken\s+van\s+(?:\w+\s+){0,4}?recht|uitoefenen|uit\s+te\s+oefenen|"
    r"\bexercise\b|\b(?:stuur|stuurt|sturen|send)\b[^.]{0,30}?\b(?:verzoek|request)\b",
    re.IGNORECASE,
)


def _extension_after(ctx: Context, sentence: Sentence) -> str | None:
    """An extension the next sentence gives ("... kunnen wij deze termijn met nog 2
    maanden verlengen")."""
    index = ctx.index_of(sentence)
    for following in ctx.sentences[index + 1 : index + 3]:
        if not _EXTEND.search(following.text):
            continue
        match = PERIOD.search(following.text)
        if match and (value := duration(match)):
            return value
    return None


def _request_address(ctx: Context, blocks: set[int]) -> None:
    """The e-mail address the statement says requests go to: in a sentence about a
    request or a right, under a heading about rights, or in the paragraph that names
    the rights."""
    for sentence, match in ctx.search_text(contact.EMAIL, contact.find_emails):
        text = sentence.text
        if _COMPLAINT.search(text) and not _RIGHTS_WORDS.search(text):
            continue
        if not (
            re.search(r"verzoek|request|inzage|recht|right", text, re.I)
            or ctx.heading_search(_RIGHTS_HEADING, sentence)
            or sentence.block in blocks
            or _after_request(ctx, sentence)  # "Wil je gebruikmaken van deze rechten? Mail"
        ):
            continue
        if not re.search(
            r"\b(?:sturen|stuur|mailen|mail|e-mail|send|email|contact|via|naar|to)\b", text, re.I
        ):
            continue
        value = contact.valid_email(match.group(0))
        if value:
            ctx.put(("rights", "email"), value, sentence, "rights.email")
            ctx.put(("rights", "channels"), [f"mailto:{value}"], sentence, "rights.channels")
            return


_ACKNOWLEDGE = re.compile(r"ontvangstbevestiging|bevestig\w*|acknowledg\w*", re.IGNORECASE)


def complaints(ctx: Context) -> None:
    """The organisation's own complaint procedure: how soon a complaint is acknowledged
    and answered, and where complaints go; never the authority's."""
    for index, sentence in enumerate(ctx.sentences):
        text = sentence.text
        before = ctx.sentences[index - 1].text if index else ""
        if not _COMPLAINT.search(f"{before} {text} {ctx.heading(sentence)}"):
            continue
        if _SUPERVISOR.search(text):
            continue
        for match in PERIOD.finditer(text):
            value = duration(match)
            if value is None or not _DEADLINE_WORD.search(
                text[max(0, match.start() - 40) : match.start()]
            ):
                continue
            if _ACKNOWLEDGE.search(text):
                if not ctx.has(("complaints", "acknowledge_within")):
                    ctx.put(
                        ("complaints", "acknowledge_within"),
                        value,
                        sentence,
                        "complaints.acknowledge",
                    )
            elif _RESPOND.search(text) or re.search(r"reageren|inhoudelijk", text, re.I):
                if not ctx.has(("complaints", "respond_within")):
                    ctx.put(("complaints", "respond_within"), value, sentence, "complaints.respond")
        if ctx.has(("complaints",)) and not ctx.has(("complaints", "email")):
            address = contact.email_in(text)
            if address and (value := contact.valid_email(address.group(0))):
                ctx.put(("complaints", "email"), value, sentence, "complaints.email")
    if ctx.has(("complaints",)) and not ctx.has(("complaints", "email")):
        for sentence in ctx.sentences:
            about = f"{sentence.text} {ctx.heading(sentence)}"
            if _COMPLAINT.search(about) and not _SUPERVISOR.search(sentence.text):
                address = contact.email_in(sentence.text)
                if address and (value := contact.valid_email(address.group(0))):
                    ctx.put(("complaints", "email"), value, sentence, "complaints.email")
                    break
