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
            r"standaard ?contractbepalingen|modelcontract\w*|"
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
        if not re.search(
            r"gegevens|data|opgeslagen|stored|doorgeven|transfer|verwerk|process",
            sentence.text,
            re.I,
        ):
            continue
        named = [
            key
            for key, _v in ctx.data.get("recipients", {}).items()
            if key in _named_in(ctx, sentence.text)
        ]
        if named:
            continue  # the recipients carry the transfer themselves
        clause: dict[str, object] = {"countries": "unstated"}
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


def _named_in(ctx: Context, text: str) -> set[str]:
    return {
        str(e.path[1])
        for e in ctx.evidence
        if len(e.path) == 2 and e.path[0] == "recipients" and e.quote == text
    }
