"""Retention: the periods the statement gives (with the event they count from and a
statutory hold where it names one), or the criteria it gives instead of a period."""

from __future__ import annotations

import re

from ._context import Context, Sentence
from ._lists import key_of
from ._periods import PERIOD, duration

__all__ = ["retention"]

_KEEP = re.compile(
    r"bewaar\w*|bewaren|bewaard|opgeslagen|opslaan|\bsla(?:an|at|a)?\b[^.]{0,60}\bop\b|verwijder\w*|vernietig\w*|gewist|wissen|"
    r"anonimis\w*|retain\w*|retention|\bkeep\b|\bkept\b|stored|delete\w*|erase\w*|storage period|"
    r"\bbewaring\b|\bheld for\b|overschreven|overwritten|\bremoved\b|\bpurged\b",
    re.IGNORECASE,
)
_NOT_RETENTION = re.compile(
    r"klacht|complain|verzoek|request|reageren|respond|cookie|ontvangstbevestiging|jonger dan|"
    r"younger than|ouder dan|older than|\bleeftijd\b|\bage\b",
    re.IGNORECASE,
)
_EVENTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.IGNORECASE))
    for key, pattern in (
        (
            "account_cancelled",
            r"(?:opzeg\w*|opheff\w*|verwijder\w*|beëindig\w*) (?:van )?(?:je|jouw|uw|het) "
            r"(?:account|abonnement)|abonnement opzegt|account (?:is )?(?:opgezegd|verwijderd)|"
            r"account (?:closure|deletion)|(?:close|cancel|delete|end)\w* (?:your|the|an) "
            r"(?:account|subscription|membership)|account (?:is )?(?:closed|cancelled|deleted)|"
            r"(?:opzeg\w*|beëindig\w*) (?:van )?(?:je|jouw|uw|het) lidmaatschap|"
            r"lidmaatschap opzegt",
        ),
        (
            "relationship_end",
            r"(?:na|after) (?:de |het )?(?:beëindiging|einde|afloop|end|termination)|"
            r"geen (?:verbintenis|overeenkomst|relatie) meer|zakelijke verbinding|"
            r"relatie (?:is )?beëindigd|na afloop|after the end",
        ),
        (
            "consent_withdrawn",
            r"afmeld\w*|afgemeld|uitschrijv\w*|intrekking|toestemming intrekt|"
            r"unsubscrib\w*|withdraw\w*",
        ),
        ("last_contact", r"laatste contact|last contact"),
        ("last_order", r"laatste (?:bestelling|aankoop|order)|last (?:order|purchase)"),
        ("invoice_date", r"factuurdatum|invoice date"),
    )
)
_STATUTE = re.compile(
    r"fiscale bewaarplicht|wettelijke bewaarplicht|wettelijke bewaartermijn|belastingdienst|"
    r"fiscal\w*|tax (?:law|authorit\w*|purposes|retention|obligations?|reasons)|statutory|"
    r"wettelijk(?:e)? (?:verplicht\w*|termijn)|"
    r"wet(?:- en regelgeving)? (?:ons )?verplicht|required by law|Algemene wet inzake "
    r"rijksbelastingen|\bAWR\b|\bWGBO\b|Wet op de geneeskundige behandelingsovereenkomst|"
    r"medische bewaarplicht",
    re.IGNORECASE,
)
_CRITERIA = re.compile(
    r"\b(?:niet|nooit|no|not|never)\s+(?:[\w-]+\s+){0,6}?(?:langer|longer)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:dan|than)\b[^.]{0,100}?(?:nodig|noodzakelijk|necessary|vereist|required|needed)|"
    r"zolang (?:als )?(?:dit |dat |het )?(?:nodig|noodzakelijk)|zo lang als (?:nodig|noodzakelijk)|"
    r"as long as (?:is |it is )?(?:necessary|needed|required)",
    re.IGNORECASE,
)
_AT_ONCE = re.compile(r"\bdirect\b|\bmeteen\b|\bonmiddellijk\b|\bimmediately\b", re.I)
_LABEL = re.compile(
    r"^\s*[-\u2022*]?\s*(?:\*\*)?(?:bewaartermijn|retention(?: period)?)(?:\*\*)?\s*:", re.I
)
_SOON = re.compile(r"zo (?:spoedig|snel) mogelijk|as soon as possible|promptly", re.I)


_UNTIL = re.compile(
    r"^\s*(?:tot(?:dat)?|until)\b|\b(?:bewaard|bewaren|kept|keep|stored)\s+(?:tot(?:dat)?|until)\b",
    re.I,
)


def until(text: str) -> str | None:
    """The event data is kept until ("tot u zich afmeldt", "until you unsubscribe"):
    gone once it happens."""
    if not _UNTIL.search(text):
        return None
    return _event(text)


def _event(text: str) -> str | None:
    for key, pattern in _EVENTS:
        if pattern.search(text):
            return key
    return None


def _put_rule(
    ctx: Context, rule: dict[str, object], sentence: Sentence, name: str, kind: str
) -> None:
    taken = ctx.data.get("retention", {})
    for existing_key, existing in taken.items():
        if {k: v for k, v in existing.items() if k != "quote"} == {
            k: v for k, v in rule.items() if k != "quote"
        }:
            ctx.cite(("retention", existing_key), existing, sentence, f"retention.{kind}")
            return
    key = key_of(name, taken)
    ctx.put(("retention", key), rule, sentence, f"retention.{kind}")


# A period that places an event in time ("zes jaar later", "two years ago", "3 jaar
# oud") says when, not how long data is kept.
_WHEN = re.compile(r"\s*(?:later|geleden|eerder|oud|ago|earlier|old)\b", re.I)
# A placeholder a template leaves to fill in ("[INVULLEN -- bijv. 2 jaar]"): no value.
_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
# Kept while the account exists: gone when it is closed.
_WHILE_ACCOUNT = re.compile(
    r"\b(?:zolang|zo lang als) (?:je|jouw|uw|het|de) (?:account|abonnement|lidmaatschap) "
    r"(?:actief is|bestaat|loopt)|\b(?:as long as|while) (?:your|the) "
    r"(?:account|subscription|membership) (?:is active|is open|exists|lasts)",
    re.I,
)


# Headers of a table of periods the purpose tables do not read: "Bewaarperiode",
# "Hoe lang bewaren wij het?", "Termijn"; and the column of what is kept beside it.
_RETENTION_HEADER = re.compile(
    r"^(?:bewaar(?:periode|tijd|termijnen)|(?:hoe lang|how long)\b.*|termijn|"
    r"retention periods?|storage (?:time|duration))\??$",
    re.I,
)
_KEPT_HEADER = re.compile(
    r"^(?:doel(?:einden|en)?|purposes?|(?:soort|type|categorie(?:ën|en)?) (?:van )?"
    r"(?:persoons)?gegevens|(?:type|kind|categor(?:y|ies)) of (?:personal )?data|"
    r"gegevens(?:soort|categorie)|categorie(?:ën|en)?|categor(?:y|ies)|type|soort|wat|what)$",
    re.I,
)


def _own_header(label: str) -> str | None:
    if _RETENTION_HEADER.match(label):
        return "retention"
    return "other" if _KEPT_HEADER.match(label) else None


def _column_cells(ctx: Context) -> list[tuple[int, int]]:
    """The cells under a table's retention column ("Gegevens | Bewaartermijn",
    "Data | Retention period"): each row's period."""
    from .purpose_blocks import _NOTE, _header_field

    spans: list[tuple[int, int]] = []
    source = ctx.text.text
    for cells in ctx.tables:
        header: list[str | None] = []
        for start, stop in cells[:6]:
            label = source[start:stop].strip(" *:")
            field = _header_field(label) or _own_header(label)
            if field is None and not (header and _NOTE.match(label)):
                break
            header.append(field)
        width = len(header)
        if width < 2 or header.count("retention") != 1 or len(cells) % width:
            continue
        column = header.index("retention")
        spans += [cells[row * width + column] for row in range(1, len(cells) // width)]
    return spans


# A heading or lead-in on keeping: "Bewaartermijnen", "Hoe lang we gegevens bewaren"
# (the verb has one a), "How long we keep your data", "Retention".
_KEEPING_SECTION = re.compile(
    r"bewaar|bewaren|bewaard|bewaring|retention|how long|hoe lang|opslagtermijn", re.I
)


def retention(ctx: Context) -> None:
    column = _column_cells(ctx)
    for index, sentence in enumerate(ctx.sentences):
        text = sentence.text
        heading = ctx.heading(sentence)
        before = ctx.sentences[index - 1].text if index else ""
        in_column = any(start <= sentence.start < stop for start, stop in column)
        about_keeping = (
            in_column or _KEEP.search(text) or _KEEPING_SECTION.search(f"{heading} {before}")
        )
        if not about_keeping or _not_retention(text):
            continue
        if _LABEL.match(text):
            continue  # a block's "Bewaartermijn: ..." line: read with its purpose
        text = _PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), text)
        periods = [(m, duration(m)) for m in PERIOD.finditer(text)]
        periods = [(m, d) for m, d in periods if d is not None and not _WHEN.match(text, m.end())]
        if not in_column and not _KEEP.search(text):
            # Kept only by its section's heading: "een jaar" in "Of misschien een jaar
            # blijven zitten" is no period the data is kept.
            periods = [(m, d) for m, d in periods if not _ARTICLE.match(m.group("number"))]
        event = _event(text)
        if in_column or _EACH_ITS_OWN.search(text):  # "7 dagen / 1 dag": every period
            for _match, also in periods[1:]:
                kept: dict[str, object] = {"keep": also}
                if event:
                    kept["after"] = event
                _put_rule(ctx, kept, sentence, f"{also} {event or ''}", "table")
            if not periods and _WHILE_ACCOUNT.search(text):
                _put_rule(
                    ctx, {"keep": "P0D", "after": "account_cancelled"}, sentence, "account", "table"
                )
        if periods:
            _match, value = periods[0]
            rule: dict[str, object] = {"keep": value}
            if event:
                rule["after"] = event
            statute = _STATUTE.search(text)
            if statute:
                rule["hold"] = _clause(text, statute.start(), statute.end())
            _put_rule(
                ctx,
                rule,
                sentence,
                f"{value} {event or ''} {_hold_name(statute.group(0)) if statute else ''}",
                "period",
            )
        elif event and (_AT_ONCE.search(text) or until(text)):
            rule = {"keep": "P0D", "after": event}
            _put_rule(ctx, rule, sentence, f"at once {event}", "at-once")
        elif event and _SOON.search(text):
            rule = {"after": event, "criteria": {ctx.lang: _sentence_form(text)}}
            _put_rule(ctx, rule, sentence, f"soon {event}", "soon")
        elif _CRITERIA.search(text):
            rule = {"criteria": {ctx.lang: _sentence_form(text)}}
            if event:
                rule["after"] = event
            _put_rule(ctx, rule, sentence, "as necessary", "criteria")
    if not ctx.has(("retention",)):
        ctx.silent(("retention",), "retention")


# "Facturen bewaren wij 7 jaar, offertes 1 jaar": a sentence of several data, each with
# its own period (separated by a comma or a semicolon between the periods).
_EACH_ITS_OWN = re.compile(
    r"\b(?:jaar|jaren|maanden|maand|weken|week|dagen|dag|years?|months?|weeks?|days?)\b"
    r"[^.]{0,40}?[;,]\s*(?:en\s+|and\s+)?(?:(?!na\b|after\b|binnen\b|within\b|over\b|in\b)"
    r"\w+\s+){1,4}?(?:\d{1,3}|een|twee|drie|vier|vijf|"
    r"zes|zeven|acht|negen|tien|one|two|three|four|five|six|seven|ten)\s+"
    r"(?:jaar|jaren|maanden|maand|weken|week|dagen|dag|years?|months?|weeks?|days?)\b",
    re.I,
)
_ARTICLE = re.compile(r"^(?:een|a|an)$", re.I)
# "Analytische cookies > Bewaartermijn: 2 jaar": a period the statement itself labels as
# the retention of the data it names, cookies too.
_LABELLED = re.compile(r"\b(?:bewaartermijn|retention period)\s*:", re.I)


def _not_retention(text: str) -> bool:
    """The sentence speaks of something else (a complaint, an age, a cookie's lifetime),
    unless it labels its period as the retention of what it names."""
    labelled = _LABELLED.search(text) is not None
    kept = _KEPT.search(text) is not None and _ANSWER.search(text) is None
    return any(
        not (labelled and m.group(0).lower().startswith("cookie"))
        and not (kept and _OF_REQUESTS.match(m.group(0)))
        and not (_AGED_DATA.search(text) and _OLDER.match(m.group(0)))
        for m in _NOT_RETENTION.finditer(text)
    )


# "Klachten bewaren wij twee jaar na de afhandeling": a period the data of a complaint or
# request is kept, unless the sentence speaks of answering it.
# "Gegevens ouder dan twee jaar worden verwijderd": the age of the data, not of a person.
_OLDER = re.compile(r"ouder dan|older than", re.I)
_AGED_DATA = re.compile(
    r"\b(?:gegevens|data|informatie|information|records?|berichten|messages)\s+(?:die\s+)?"
    r"(?:ouder|older)\s+(?:zijn\s+|are\s+)?(?:dan|than)\b",
    re.I,
)
_OF_REQUESTS = re.compile(r"klacht|complain|verzoek|request", re.I)
_KEPT = re.compile(r"\b(?:bewaren|bewaard|bewaart|retain\w*|keep|kept|stored)\b", re.I)
_ANSWER = re.compile(
    r"reageren|reactie|respond|response|antwoord|answer|reply|ontvangstbevestiging|"
    r"\bbinnen\b|\bwithin\b",
    re.I,
)


def _hold_name(statute: str) -> str:
    """A key's word for the statute that holds the data: tax law or another."""
    medical = re.search(r"WGBO|geneeskundige|medische", statute, re.I)
    return "statutory" if medical else "fiscal"


def _clause(text: str, start: int, end: int) -> str:
    """The words around a statute the statement names, up to the nearest punctuation."""
    left = max(text.rfind(c, 0, start) for c in "(,;:") + 1
    rights = [i for i in (text.find(c, end) for c in "),;:") if i >= 0]
    right = min(rights) if rights else len(text)
    return text[left:right].strip(" .")


def _sentence_form(text: str) -> str:
    text = re.sub(r"^[\s•·\u2013*-]+", "", text).strip()
    return text if text.endswith((".", "!", "?")) else text + "."
