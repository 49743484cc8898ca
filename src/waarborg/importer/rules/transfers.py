"""Transfers outside the EEA that the statement mentions without tying them to a
recipient it names, and the mechanism it gives for them."""

from __future__ import annotations

import re

from ._context import Context

__all__ = ["transfers"]

_OUTSIDE = re.compile(
    r"buiten (?:de )?(?:EER|EU|Europ\w*|Europese (?:Unie|Economische Ruimte))|"
    r"outside (?:the )?(?:EEA|EU|Europ\w*|European (?:Union|Economic Area))|"
    r"(?:naar|in|to) (?:de )?(?:Verenigde Staten|VS|United States|USA|US)\b|derde landen|third "
    r"countr\w+",
    re.IGNORECASE,
)
_MECHANISMS = (
    ("privacy_shield", re.compile(r"privacy[\s-]*shield|\bshield\b", re.I)),
    (
        "scc",
        re.compile(
            r"standaard ?contractbepalingen|model[\s-]?contract\w*|"
            r"standard contractual clauses|\bSCCs?\b",
            re.I,
        ),
    ),
    ("bcr", re.compile(r"binding corporate rules|bindende bedrijfsvoorschriften", re.I)),
    ("dpf", re.compile(r"data privacy framework|\bDPF\b", re.I)),
    ("adequacy", re.compile(r"adequaat|passend beschermingsniveau|adequacy|adequate level", re.I)),
)
_NOT_TRANSFER = re.compile(r"IP-?anonimis|afgekort|anonymi[sz]ed|cookie", re.I)


def transfers(ctx: Context) -> None:
    for sentence in ctx.sentences:
        if not _OUTSIDE.search(sentence.text) or _NOT_TRANSFER.search(sentence.text):
            continue
        if _WITHIN.search(sentence.text) and not _HEDGE.search(sentence.text):
            continue  # "niet buiten de EER verwerkt": no transfer
        if not re.search(
            r"gegevens|data|opgeslagen|stored|doorgeven|transfer|verwerk|process",
            sentence.text,
            re.I,
        ) and not any(p.search(sentence.text) for _k, p in _MECHANISMS):
            continue  # but "IT-diensten buiten Europa, via modelcontractbepalingen"
        named = [
            key
            for key, _v in ctx.data.get("recipients", {}).items()
            if key in _named_in(ctx, sentence.text)
        ]
        if named:
            continue  # the recipients carry the transfer themselves
        named_countries = _outside_countries(sentence.text)
        clause: dict[str, object] = {"countries": named_countries or "unstated"}
        for key, pattern in _MECHANISMS:
            if pattern.search(sentence.text):
                clause["transfer"] = key
                break
        else:
            clause["transfer"] = "unstated"
            ctx.silent(("transfers", "outside_eea", "transfer"), "transfer")
        clause["quote"] = sentence.text
        ctx.put(("transfers", "outside_eea"), clause, sentence, "transfers.outside_eea")
        return
    _within(ctx)


_EEA = (
    r"(?:de\s+|the\s+)?(?:EER|EU|EEA|"
    r"Europ\w*(?:\s+(?:Unie|Union|Economische\s+Ruimte|Economic\s+Area))?)"
)
# "De gegevens worden niet buiten de EER verwerkt", "We verwerken je gegevens binnen de
# EER", "Your data is not transferred outside the EEA": the statement says no data leave
# the EEA.
_WITHIN = re.compile(
    rf"\b(?:niet|nooit)\s+(?:\w+\s+){{0,2}}buiten\s+{_EEA}|"
    rf"\bbuiten\s+{_EEA}\s+(?:\w+\s+){{0,3}}(?:niet|nooit)\b|"
    rf"\b(?:not|never)\s+(?:be\s+)?(?:\w+\s+){{0,2}}outside\s+{_EEA}|"
    rf"\b(?:verwerken|bewaren|opslaan|opgeslagen|verwerkt|bewaard|blijven)\s+(?:\w+\s+){{0,3}}?"
    rf"(?:uitsluitend\s+|alleen\s+)?binnen\s+{_EEA}|"
    rf"\b(?:process|store|stored|processed|kept|remains?)\s+(?:\w+\s+){{0,3}}?(?:only\s+)?"
    rf"(?:within|inside|in)\s+{_EEA}",
    re.IGNORECASE,
)
# "Wij streven ernaar ... binnen de EU te bewaren": an aim is no promise.
_HEDGE = re.compile(
    r"\bstreven\b|\bzo\s*veel\s+mogelijk\b|\bin\s+principe\b|\bwaar\s+mogelijk\b|"
    r"\b(?:aim|strive|try|where possible|as far as possible|in principle)\b|\btenzij\b|"
    r"\bunless\b|\bbehalve\b|\bexcept\b",
    re.IGNORECASE,
)


def _within(ctx: Context) -> None:
    """No transfer at all, where the statement says the data stay within the EEA and
    names no recipient outside it."""
    if any(isinstance(v, dict) and v.get("country") not in (None, "unstated", "EEA", "NL")
           for v in ctx.data.get("recipients", {}).values()):  # fmt: skip
        return
    for sentence, _match in ctx.search(_WITHIN):
        if _HEDGE.search(sentence.text) or not re.search(r"gegevens|data", sentence.text, re.I):
            continue
        clause = {"countries": [], "transfer": "none", "quote": sentence.text}
        ctx.put(("transfers", "eea"), clause, sentence, "transfers.none")
        return


def _outside_countries(text: str) -> list[str]:
    """The countries outside the EEA a sentence names ("doorgifte naar de Verenigde
    Staten"), by their codes."""
    from ... import catalogue
    from .recipients import _REGIONS, _countries, _country_names

    found: list[str] = []
    if _REGIONS[1][1].search(text):
        found.append("US")
    for match in _country_names().finditer(text):
        code = _countries()[match.group(0).lower()]
        if code not in catalogue.EEA_COUNTRIES and code != "EU" and code not in found:
            found.append(code)
    return found


def _named_in(ctx: Context, text: str) -> set[str]:
    return {
        str(e.path[1])
        for e in ctx.evidence
        if len(e.path) == 2 and e.path[0] == "recipients" and e.quote == text
    }
