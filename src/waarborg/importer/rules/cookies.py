"""Cookies: the cookies the statement names, matched against the Open Cookie Database,
and the kinds of cookies it says it uses without naming them ("functionele, analytische
en tracking cookies"). Only what the statement says is recorded; the database's facts
are not adopted (that is the organisation's choice, ``from_catalogue: true``)."""

from __future__ import annotations

import re

from ._context import Context, Sentence
from ._periods import PERIOD, duration

__all__ = ["cookies"]

_COOKIE = re.compile(r"cookie|tracking|pixel|local storage|localstorage", re.IGNORECASE)
_TOKEN = re.compile(
    r"(?<![\w.@/-])(_{0,2}[A-Za-z][A-Za-z0-9_]*_[A-Za-z0-9_]*|_{1,2}[A-Za-z][A-Za-z0-9]+|[a-z]+[A-Z][A-Za-z0-9]+)(?![\w@/-])"
)
_LABELLED = re.compile(
    r"(?:\bNaam|\bName|\bCookie(?:naam|name)?)\s*:\s*(?P<name>[\w.-]{2,40})", re.I
)
_KINDS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (key, category, re.compile(pattern, re.IGNORECASE))
    for key, category, pattern in (
        (
            "functional_cookies",
            "functional",
            r"functionele|technische|noodzakelijke|essenti[eë]le|"
            r"functional|strictly necessary|necessary cookies|essential",
        ),
        (
            "analytics_cookies",
            "analytics",
            r"analytische|statistische|analytics?\b|analytical|statistics?\b",
        ),
        (
            "marketing_cookies",
            "marketing",
            r"tracking|marketing|advertentie\w*|reclame|advertising|targeting",
        ),
        (
            "personalisation_cookies",
            "personalisation",
            r"personalisatie|voorkeurs|personali[sz]ation|preference",
        ),
    )
)
_NO_COOKIES = re.compile(
    r"(?:gebruikt|plaatst|plaatsen|gebruiken|uses?|places?)\s+geen\s+cookies|\bno cookies\b|"
    r"maakt geen gebruik van cookies|do(?:es)? not use (?:any )?cookies",
    re.IGNORECASE,
)


def _kind_sentence(ctx: Context, sentence: Sentence) -> bool:
    """A sentence that says the website uses (or places) cookies of some kind."""
    verbs = r"gebruik\w*|plaats\w*|uses?\b|places?\b|set\b|\bzijn\b|are\b"
    return bool(
        re.search(r"cookies?\b", sentence.text, re.I)
        and (
            re.search(verbs, sentence.text, re.I)
            or re.search(r"cookie", ctx.heading(sentence), re.I)
        )
    )


def cookies(ctx: Context) -> None:
    from ... import catalogue

    mentioned = any(_COOKIE.search(s.text) for s in ctx.sentences)
    if not mentioned:
        ctx.silent(("cookies",), "cookies")
        return
    named: dict[str, list[Sentence]] = {}
    for index, sentence in enumerate(ctx.sentences):
        near = " ".join(s.text for s in ctx.sentences[max(0, index - 2) : index + 1])
        if not _COOKIE.search(near) and not ctx.heading_search(_COOKIE, sentence):
            continue
        names = [m.group("name") for m in _LABELLED.finditer(sentence.text)]
        names += [m.group(1) for m in _TOKEN.finditer(sentence.text)]
        for name in names:
            entry = catalogue.find_cookie(name)
            if entry is None or (entry.wildcard and not name.startswith(entry.name)):
                continue
            if entry.wildcard and name == entry.name.rstrip("_"):
                continue
            named.setdefault(name, []).append(sentence)
    for name, sentences in named.items():
        value: dict[str, object] = {"quote": sentences[0].text}
        index = ctx.index_of(sentences[0])
        for following in ctx.sentences[index : index + 3]:
            if re.search(
                r"bewaartermijn|expir|looptijd|geldigheid|vervalt|retention", following.text, re.I
            ):
                match = PERIOD.search(following.text)
                if match and (period := duration(match)):
                    value["expiry"] = period
                    sentences = [*sentences, following]
                    break
        ctx.put(("cookies", name), value, sentences[:3], "cookies.named")
    _kinds(ctx)
    for sentence in ctx.sentences:
        if _NO_COOKIES.search(sentence.text) and not ctx.has(("cookies",)):
            ctx.put(("cookies",), {}, sentence, "cookies.none")
            return
    if not ctx.has(("cookies",)):
        ctx.silent(("cookies",), "cookies")
    else:
        consent_and_masking(ctx)


def _kinds(ctx: Context) -> None:
    for index, sentence in enumerate(ctx.sentences):
        if ctx.is_heading(sentence):
            for key, category, pattern in _KINDS:
                if re.fullmatch(
                    rf"(?:{pattern.pattern})\w*\s*-?\s*cookies?", sentence.text.strip(), re.I
                ):
                    body = ctx.sentences[index + 1 : index + 2]
                    value = {"name": "unstated", "category": category, "expiry": "unstated",
                             "quote": sentence.text}  # fmt: skip
                    if not ctx.has(("cookies", key)):
                        ctx.put(("cookies", key), value, [sentence, *body], "cookies.kind.heading")
                        ctx.silent(("cookies", key, "name"), "cookie_name")
            continue
        if not _kind_sentence(ctx, sentence) or _NO_COOKIES.search(sentence.text):
            continue
        head = sentence.text
        for key, category, pattern in _KINDS:
            negated = rf"\b(?:geen|no|not|nooit|never)\s+(?:\w+\s+){{0,3}}?(?:{pattern.pattern})"
            if re.search(negated, head, re.I):
                continue
            if not re.search(
                rf"(?:{pattern.pattern})\w*(?:[\s,/]+[\w-]+){{0,5}}?[\s,/]+cookies\b|"
                rf"(?:{pattern.pattern})-?cookies\b|"
                rf"cookies\s+(?:voor|for)\s+(?:{pattern.pattern})",
                head,
                re.I,
            ):
                continue
            if ctx.has(("cookies", key)):
                ctx.cite(("cookies", key), ctx.get(("cookies", key)), sentence, "cookies.kind")
                continue
            value = {
                "name": "unstated",
                "category": category,
                "expiry": "unstated",
                "quote": sentence.text,
            }
            ctx.put(("cookies", key), value, sentence, "cookies.kind")
            ctx.silent(("cookies", key, "name"), "cookie_name")


_CONSENT = re.compile(r"toestemming|consent|akkoord", re.IGNORECASE)
_NO_CONSENT = re.compile(
    r"(?:zonder|geen|niet)\s+(?:\w+\s+){0,3}?(?:toestemming|akkoord)|"
    r"(?:without|no|not need)\s+(?:\w+\s+){0,3}?consent",
    re.IGNORECASE,
)
_IP_ANONYMISED = re.compile(
    r"IP-?\s?anonimis\w*|IP[- ]anonymi[sz]\w*|anonymizeIp|IP-?adres\w*[^.]{0,60}"
    r"(?:afgekort|geanonimiseerd|gemaskeerd|anonymi[sz]ed|masked|truncated)",
    re.IGNORECASE,
)


def _nearest_kind(text: str, at: int) -> str | None:
    """The kind of cookie named nearest to position ``at`` of the sentence, if any; a
    kind named after the consent word counts only in its own clause."""
    best: tuple[int, str] | None = None
    for key, _category, pattern in _KINDS:
        for match in pattern.finditer(text):
            distance = abs(match.start() - at)
            if best is None or distance < best[0]:
                best = (distance, key)
    return best[1] if best else None


def consent_and_masking(ctx: Context) -> None:
    """Whether consent is asked for each kind of cookie, where the sentences about that
    kind say so, and whether analytics stores IP addresses anonymised."""
    cookies = ctx.data.get("cookies") or {}
    for key, entry in cookies.items():
        if not isinstance(entry, dict) or "category" not in entry:
            continue
        cited = ctx.cited(("cookies", key))
        window: list[Sentence] = []
        for sentence in cited:
            index = ctx.index_of(sentence)
            window.extend(ctx.sentences[index : index + 3])
        for sentence in window:
            refused = _NO_CONSENT.search(sentence.text)
            given = _CONSENT.search(sentence.text)
            if given is None or re.search(r"intrek|withdraw", sentence.text, re.I):
                continue
            if _nearest_kind(sentence.text, (refused or given).start()) not in (key, None):
                continue  # the consent belongs to another kind named in the sentence
            value = "not_asked" if refused else "asked"
            ctx.put(("cookies", key, "consent"), value, sentence, "cookies.consent")
            break
        if entry["category"] == "analytics":
            found = ctx.first(_IP_ANONYMISED)
            if found is not None:
                ctx.put(("cookies", key, "ip_anonymised"), True, found[0], "cookies.ip")
