"""Security: the measures the statement names (Art. 32), matched against the catalogue
of measures by their Dutch and English labels and the words statements use for them."""

from __future__ import annotations

import re
from functools import cache

from ._context import Context, Sentence
from ._lists import Gazetteer

__all__ = ["security"]

_PHRASES: dict[str, tuple[str, ...]] = {
    "network_segmentation": ("netwerksegmentatie", "network segmentation"),
    "firewall": ("firewall", "firewalls"),
    "ddos_protection": ("anti ddos", "antiddos", "antiddossystemen", "ddos bescherming",
                        "ddos protection"),
    "file_integrity_monitoring": ("monitoring van bestandsintegriteit",
                                  "file integrity monitoring"),
    "strong_authentication": ("sterke authenticatie", "tweefactorauthenticatie", "2fa",
                              "two factor authentication", "multi factor authentication",
                              "mfa", "strong authentication"),
    "encryption_in_transit": ("versleutelde overdracht", "ssl", "tls", "https",
                              "beveiligde verbinding", "encrypted transfer",
                              "encryption in transit", "ssl certificaat"),
    "encryption_at_rest": ("versleutelde opslag", "encryption at rest", "encrypted storage"),
    "access_control": ("toegangsbeheer", "toegangsbeveiliging", "access control",
                       "alleen bevoegde medewerkers", "only authorised staff"),
    "monitoring_alerting": ("monitoring en alarmering", "monitoring and alerting"),
    "logging": ("logging", "logbestanden", "audit logs"),
    "backups": ("back ups", "backups", "back up", "backup"),
    "malware_scanning": ("virusscanner", "virusscanners", "antivirus", "virus scanner"),
    "spam_filtering": ("spamdetectie", "spamfilter", "spam filter", "spam detection"),
    "pseudonymisation": ("pseudonimisering", "pseudonymisation"),
    "staff_confidentiality": ("geheimhoudingsverklaring", "geheimhoudingsplicht",
                              "confidentiality agreement"),
    "processor_agreements": ("verwerkersovereenkomst", "verwerkersovereenkomsten",
                             "data processing agreement", "data processing agreements"),
    "password_policy": ("wachtwoordbeleid", "sterke wachtwoorden", "password policy"),
    "staff_training": ("bewustwordingstraining", "training van medewerkers", "security awareness"),
}  # fmt: skip
_SECURITY = re.compile(
    r"beveilig\w*|maatregel\w*|secur\w*|measures?\b|bescherm\w*|protect\w*", re.I
)

_ELSEWHERE = re.compile(r"cookie|nieuwsbrief|newsletter", re.I)


@cache
def _gazetteer() -> Gazetteer:
    from ... import catalogue

    return Gazetteer(
        (key, (entry.label.nl, entry.label.en, *_PHRASES.get(key, ())))
        for key, entry in catalogue.measures().items()
    )


def security(ctx: Context) -> None:
    found: dict[str, list[Sentence]] = {}
    for sentence in ctx.sentences:
        if not (_SECURITY.search(sentence.text) or ctx.heading_search(_SECURITY, sentence)):
            continue
        if _ELSEWHERE.search(sentence.text):
            continue
        for key in _gazetteer().find(sentence.text):
            found.setdefault(key, []).append(sentence)
    for key, sentences in found.items():
        ctx.put(("security", "measures", key), {}, sentences[:2], "security.measure")
