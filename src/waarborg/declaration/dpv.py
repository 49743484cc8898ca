"""Export a declaration as JSON-LD with the W3C Data Privacy Vocabulary (DPV 2.x).

Each purpose becomes a ``dpv:Process`` (also typed ``dpv:PersonalDataHandling`` for
consumers of DPV 1) that names its purpose, legal bases (the DPV term and the
article-specific ``eu-gdpr:`` term), personal data (``pd:`` terms), data subjects,
recipients with their country, storage duration, security measures and the transfers
outside the EEA with their safeguard. Data that a category's own retention rule holds
whatever the purpose is kept by a part of the process (``dpv:hasProcess``) that names
the data and that rule. Work done as a processor for clients (Art. 30(2))
becomes a ``dpv:Process`` with the client as controller and the organisation as
processor. The ``@context`` is inline, so reading the export needs no network.
"""

from __future__ import annotations

import re
from typing import Any

from .. import catalogue
from .model import Declaration, Party, Purpose, Recipient, Retention
from .types import Duration, Text
from .wording import in_eea, recipient_name, retention_sentence

__all__ = ["CONTEXT", "base_iri", "to_jsonld"]

CONTEXT: dict[str, str] = {
    "dpv": "https://w3id.org/dpv#",
    "pd": "https://w3id.org/dpv/pd#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "loc": "https://w3id.org/dpv/loc#",
    "schema": "https://schema.org/",
    "dct": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: Recipient roles as DPV entity classes.
_ROLE_TYPES: dict[str, str] = {
    "processor": "dpv:DataProcessor",
    "sub_processor": "dpv:DataSubProcessor",
    "controller": "dpv:DataController",
    "joint_controller": "dpv:JointDataControllers",
    "third_party": "dpv:ThirdParty",
    "authority": "dpv:Authority",
}

#: Transfer mechanisms as (legal basis, safeguard) in the DPV EU GDPR extension.
_TRANSFER_TERMS: dict[str, tuple[str, str]] = {
    "adequacy": ("eu-gdpr:A45-3", "eu-gdpr:AdequacyDecision"),
    "dpf": ("eu-gdpr:A45-3", "eu-gdpr:AdequacyDecision"),
    "scc": ("eu-gdpr:A46-2-c", "eu-gdpr:SCCByCommission"),
    "bcr": ("eu-gdpr:A46-2-b", "eu-gdpr:BindingCorporateRules"),
}

#: Catalogue terms too general to stand for a category on their own.
_GENERIC = {
    "pd:PersonalData",
    "dpv:PersonalData",
    "dpv:DataSubject",
    "dpv:Purpose",
    "dpv:Recipient",
    "dpv:TechnicalOrganisationalMeasure",
}


def base_iri(declaration: Declaration) -> str:
    """The IRI every node of the export is named under.

    ``https://www.example.nl/privacy#`` (from the statement URL or the website), else
    ``urn:waarborg:<slug>:`` from the organisation's name.
    """
    url = declaration.statement.url
    if url and url.startswith(("http://", "https://")):
        return url.split("#", 1)[0] + "#"
    website = declaration.controller.website
    if website and website.startswith(("http://", "https://")):
        return website.split("#", 1)[0].rstrip("/") + "/privacy#"
    slug = re.sub(r"[^a-z0-9]+", "-", declaration.controller.name.lower()).strip("-")
    return f"urn:waarborg:{slug or 'organisation'}:"


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _langs(value: Text | None) -> list[dict[str, str]]:
    if value is None:
        return []
    out = []
    for lang in ("nl", "en"):
        if value.has(lang):
            out.append({"@value": value.get(lang), "@language": lang})
    return out


def _duration(value: Duration) -> dict[str, str]:
    return {"@value": str(value), "@type": "xsd:duration"}


def _country(code: str | None) -> dict[str, str] | None:
    if code in (None, "unstated"):
        return None
    return _ref(f"loc:{code}")


def _put(node: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key`` unless ``value`` is empty."""
    if value not in (None, "", [], {}):
        node[key] = value


class _Export:
    def __init__(self, declaration: Declaration) -> None:
        self.d = declaration
        self.base = base_iri(declaration)
        self.nodes: dict[str, dict[str, Any]] = {}

    def iri(self, kind: str, key: str = "") -> str:
        return f"{self.base}{kind}-{key}" if key else f"{self.base}{kind}"

    def add(self, node: dict[str, Any]) -> dict[str, str]:
        self.nodes.setdefault(node["@id"], node)
        return _ref(node["@id"])

    # entities

    def _party(self, kind: str, party: Party, types: list[str]) -> dict[str, str]:
        node: dict[str, Any] = {"@id": self.iri(kind), "@type": [*types, "schema:Organization"]}
        _put(node, "schema:name", party.name)
        _put(node, "schema:email", party.email)
        _put(node, "schema:telephone", party.phone)
        _put(node, "schema:url", party.website)
        _put(node, "skos:note", _langs(party.role))
        if party.address is not None:
            _put(node, "schema:address", self._address(party.address))
        return self.add(node)

    def _address(self, address: Any) -> dict[str, Any]:
        node: dict[str, Any] = {"@type": "schema:PostalAddress"}
        _put(node, "schema:streetAddress", address.street or address.po_box)
        _put(node, "schema:postalCode", address.postcode)
        _put(node, "schema:addressLocality", address.city)
        _put(node, "schema:addressRegion", address.region)
        _put(node, "schema:addressCountry", address.country)
        return node

    def controller(self) -> dict[str, str]:
        c = self.d.controller
        types = ["dpv:DataController"]
        if c.role in ("processor", "both"):
            types.append("dpv:DataProcessor")
        node: dict[str, Any] = {
            "@id": self.iri("controller"),
            "@type": [*types, "schema:Organization"],
            "schema:name": c.name,
        }
        _put(node, "schema:alternateName", list(c.trade_names))
        _put(node, "schema:email", c.email)
        _put(node, "schema:telephone", c.phone)
        _put(node, "schema:url", c.website)
        _put(node, "schema:vatID", c.vat)
        if c.kvk:
            node["schema:identifier"] = {
                "@type": "schema:PropertyValue",
                "schema:propertyID": "KvK",
                "schema:value": c.kvk,
            }
        if c.address is not None:
            node["schema:address"] = self._address(c.address)
        if c.dpo is not None:
            node["dpv:hasDataProtectionOfficer"] = self._party(
                "dpo", c.dpo, ["dpv:DataProtectionOfficer"]
            )
        if c.representative is not None:
            node["dpv:hasRepresentative"] = self._party(
                "representative", c.representative, ["dpv:Representative"]
            )
        joint = [
            self._party(f"joint-controller-{key}", party, ["dpv:DataController"])
            for key, party in c.joint_controllers.items()
        ]
        if joint:
            node["dpv:hasJointDataControllers"] = self.add(
                {
                    "@id": self.iri("joint-controllers"),
                    "@type": "dpv:JointDataControllers",
                    "dpv:hasDataController": [_ref(node["@id"]), *joint],
                }
            )
        authority = catalogue.authorities().get(c.authority)
        if authority is not None:
            node["dpv:hasAuthority"] = self.add(
                {
                    "@id": self.iri("authority", c.authority),
                    "@type": [authority.dpv, "schema:GovernmentOrganization"],
                    "schema:name": authority.name,
                    "skos:prefLabel": [
                        {"@value": authority.label.nl, "@language": "nl"},
                        {"@value": authority.label.en, "@language": "en"},
                    ],
                    "schema:url": authority.website,
                    "dpv:hasCountry": _ref(f"loc:{authority.country}"),
                }
            )
        return self.add(node)

    def recipient(self, key: str) -> dict[str, str]:
        recipient = self.d.recipients[key]
        types = ["dpv:Recipient"]
        if recipient.role in _ROLE_TYPES:
            types.append(_ROLE_TYPES[str(recipient.role)])
        if recipient.dpv and recipient.dpv not in types:
            types.append(recipient.dpv)
        node: dict[str, Any] = {
            "@id": self.iri("recipient", key),
            "@type": types,
            "schema:name": recipient_name(key, recipient, "en"),
        }
        _put(node, "skos:prefLabel", _langs(recipient.label))
        _put(node, "dct:description", _langs(recipient.description))
        country = _country(recipient.country)
        if country is not None:
            node["dpv:hasCountry" if recipient.country != "EEA" else "dpv:hasLocation"] = country
        return self.add(node)

    def subject(self, key: str) -> dict[str, str]:
        subject = self.d.subjects.get(key)
        term = subject.dpv if subject is not None else None
        if term and term not in _GENERIC:
            return _ref(term)
        node: dict[str, Any] = {"@id": self.iri("subject", key), "@type": "dpv:DataSubject"}
        if subject is not None:
            _put(node, "skos:prefLabel", _langs(subject.label))
        return self.add(node)

    def category(self, key: str) -> dict[str, str]:
        category = self.d.categories.get(key)
        term = category.dpv if category is not None else None
        if term and term not in _GENERIC:
            return _ref(term)
        types = ["dpv:PersonalData"]
        if category is not None and category.special == "art9":
            types.append("dpv:SpecialCategoryPersonalData")
        node: dict[str, Any] = {"@id": self.iri("data", key), "@type": types}
        if category is not None:
            _put(node, "skos:prefLabel", _langs(category.label))
            _put(node, "dct:description", _langs(category.description))
        return self.add(node)

    def measures(self) -> list[dict[str, str]]:
        security = self.d.security
        if security is None:
            return []
        out = []
        known = catalogue.measures()
        for key, measure in security.measures.items():
            specific = bool(measure.dpv) and measure.dpv not in _GENERIC
            catalogue_label = key in known and (
                measure.label is None or measure.label.nl == known[key].label.nl
            )
            if specific and catalogue_label:
                out.append(_ref(str(measure.dpv)))
                continue
            node: dict[str, Any] = {
                "@id": self.iri("measure", key),
                "@type": "dpv:TechnicalOrganisationalMeasure",
            }
            if measure.dpv and measure.dpv not in _GENERIC:
                node["skos:broader"] = _ref(measure.dpv)
            _put(node, "skos:prefLabel", _langs(measure.label))
            out.append(self.add(node))
        return out

    def retention(self, key: str, rule: Retention) -> dict[str, str]:
        node: dict[str, Any] = {"@id": self.iri("retention", key), "@type": "dpv:StorageDuration"}
        _put(node, "skos:prefLabel", _langs(rule.label))
        description = [
            {"@value": sentence, "@language": lang}
            for lang in ("nl", "en")
            if (sentence := retention_sentence(rule, lang))
        ]
        _put(node, "dct:description", description)
        if rule.keep is not None:
            node["rdf:value"] = _duration(rule.keep)
            duration: dict[str, Any] = {
                "@id": self.iri("retention", f"{key}-duration"),
                "@type": "dpv:TemporalDuration",
                "rdf:value": _duration(rule.keep),
            }
            if rule.after != "collection":
                duration["skos:note"] = f"counted from: {rule.after}"
            node["dpv:hasDuration"] = self.add(duration)
        if rule.hold:
            node["dpv:hasJustification"] = {
                "@type": "dpv:Justification",
                "dct:description": rule.hold,
            }
        return self.add(node)

    def transfer(self, key: str, recipient: Recipient) -> dict[str, str]:
        node: dict[str, Any] = {
            "@id": self.iri("transfer", key),
            "@type": "dpv:Process",
            "dpv:hasProcessing": _ref("dpv:CrossBorderTransfer"),
            "dpv:hasRecipient": self.recipient(key),
            "dpv:hasDataExporter": _ref(self.iri("controller")),
        }
        country = _country(recipient.country)
        if country is not None:
            node["dpv:hasThirdCountry"] = country
        mechanism = recipient.transfer
        if mechanism in _TRANSFER_TERMS:
            basis, safeguard = _TRANSFER_TERMS[str(mechanism)]
            node["dpv:hasLegalBasis"] = _ref(basis)
            node["dpv:hasTechnicalOrganisationalMeasure"] = _ref(safeguard)
            if mechanism == "dpf":
                node["skos:note"] = "EU-US Data Privacy Framework"
        elif mechanism == "derogation":
            legal: dict[str, Any] = {"@type": "dpv:DataTransferLegalBasis"}
            _put(legal, "dct:description", _langs(recipient.derogation))
            node["dpv:hasLegalBasis"] = legal
        elif mechanism == "privacy_shield":
            node["skos:note"] = (
                "Declared safeguard: EU-US Privacy Shield, invalid since 16 July 2020 "
                "(CJEU C-311/18)"
            )
        return self.add(node)

    # processes

    def _bases(self, key: str, purpose: Purpose) -> list[Any]:
        out: list[Any] = []
        for basis in purpose.bases:
            info = catalogue.bases().get(basis)
            if info is None:
                continue
            out += [_ref(info.dpv), _ref(info.eu_gdpr)]
            if basis == "legitimate_interest" and purpose.interest is not None:
                out.append(
                    self.add(
                        {
                            "@id": self.iri("interest", key),
                            "@type": "dpv:LegitimateInterestOfController",
                            "dct:description": _langs(purpose.interest),
                        }
                    )
                )
        if purpose.art9:
            condition = catalogue.art9_conditions().get(purpose.art9)
            if condition is not None:
                out.append(_ref(condition.dpv))
        return out

    def kept(self, key: str, rule: str, categories: list[str]) -> dict[str, str]:
        """The part of process ``key`` that keeps ``categories`` by their own retention
        rule, which holds them whatever the purpose."""
        return self.add(
            {
                "@id": self.iri("process", f"{key}.retention-{rule}"),
                "@type": "dpv:Process",
                "dpv:hasPersonalData": [self.category(c) for c in categories],
                "dpv:hasStorageCondition": self.retention(rule, self.d.retention[rule]),
            }
        )

    def purpose(self, key: str, purpose: Purpose) -> dict[str, str]:
        node: dict[str, Any] = {"@id": self.iri("purpose", key), "@type": "dpv:Purpose"}
        if purpose.dpv and purpose.dpv not in _GENERIC:
            node["skos:broader"] = _ref(purpose.dpv)
        _put(node, "skos:prefLabel", _langs(purpose.label))
        _put(node, "dct:description", _langs(purpose.description))
        return self.add(node)

    def process(self, key: str, purpose: Purpose, measures: list[dict[str, str]]) -> None:
        node: dict[str, Any] = {
            "@id": self.iri("process", key),
            "@type": ["dpv:Process", "dpv:PersonalDataHandling"],
            "dpv:hasPurpose": self.purpose(key, purpose),
            "dpv:hasDataController": _ref(self.iri("controller")),
        }
        _put(node, "skos:prefLabel", _langs(purpose.label))
        _put(node, "dpv:hasLegalBasis", self._bases(key, purpose))
        _put(node, "dpv:hasPersonalData", [self.category(c) for c in purpose.categories])
        _put(node, "dpv:hasDataSubject", [self.subject(s) for s in purpose.subjects])
        recipients = purpose.recipients if isinstance(purpose.recipients, list) else []
        _put(node, "dpv:hasRecipient", [self.recipient(r) for r in recipients])
        outside = [
            (r, self.d.recipients[r])
            for r in recipients
            if in_eea(self.d.recipients[r].country) is False
        ]
        kept = [
            self.kept(key, rule, categories)
            for rule, categories in self.d.category_retention(purpose).items()
        ]
        _put(node, "dpv:hasProcess", [self.transfer(r, rec) for r, rec in outside] + kept)
        countries = list(dict.fromkeys(str(rec.country) for _, rec in outside))
        _put(node, "dpv:hasThirdCountry", [_ref(f"loc:{c}") for c in countries])
        if isinstance(purpose.retention, str) and purpose.retention in self.d.retention:
            node["dpv:hasStorageCondition"] = self.retention(
                purpose.retention, self.d.retention[purpose.retention]
            )
        _put(node, "dpv:hasTechnicalOrganisationalMeasure", measures)
        if purpose.profiling is not None:
            node["dpv:hasProcessing"] = _ref("dpv:Profiling")
            if purpose.profiling.automated_decision:
                node["dpv:hasContext"] = _ref("dpv:AutomatedDecisionMaking")
            if purpose.profiling.logic is not None:
                node["dpv:hasAlgorithmicLogic"] = {
                    "@type": "dpv:AlgorithmicLogic",
                    "dct:description": _langs(purpose.profiling.logic),
                }
        self.add(node)

    def client_process(self, key: str, measures: list[dict[str, str]]) -> None:
        client = self.d.processing_for[key]
        node: dict[str, Any] = {
            "@id": self.iri("client-process", key),
            "@type": ["dpv:Process", "dpv:PersonalDataHandling"],
            "skos:prefLabel": _langs(client.label),
            "dpv:hasDataController": self._party(
                f"client-{key}", client.controller, ["dpv:DataController"]
            ),
            "dpv:hasDataProcessor": _ref(self.iri("controller")),
        }
        _put(node, "dct:description", _langs(client.description))
        if client.categories != "unstated":
            _put(node, "dpv:hasPersonalData", [self.category(c) for c in client.categories])
        if client.subjects != "unstated":
            _put(node, "dpv:hasDataSubject", [self.subject(s) for s in client.subjects])
        _put(node, "dpv:hasRecipient", [self.recipient(r) for r in client.subprocessors])
        outside = [
            (r, self.d.recipients[r])
            for r in client.subprocessors
            if in_eea(self.d.recipients[r].country) is False
        ]
        _put(node, "dpv:hasProcess", [self.transfer(r, rec) for r, rec in outside])
        if client.agreement and client.agreement != "unstated":
            node["dpv:hasLegalMeasure"] = {
                "@type": "dpv:ControllerProcessorAgreement",
                "dct:description": client.agreement,
            }
        _put(node, "dpv:hasTechnicalOrganisationalMeasure", measures)
        self.add(node)

    def notice(self) -> None:
        statement = self.d.statement
        node: dict[str, Any] = {
            "@id": self.iri("statement"),
            "@type": "dpv:PrivacyNotice",
            "dct:publisher": _ref(self.iri("controller")),
        }
        _put(node, "dct:title", _langs(statement.title))
        if statement.effective is not None:
            node["dct:valid"] = {"@value": statement.effective.isoformat(), "@type": "xsd:date"}
        _put(node, "dct:hasVersion", statement.version)
        _put(node, "schema:url", statement.url)
        processes = [_ref(self.iri("process", k)) for k in self.d.purposes]
        processes += [_ref(self.iri("client-process", k)) for k in self.d.processing_for]
        _put(node, "dpv:hasProcess", processes)
        self.add(node)


def to_jsonld(declaration: Declaration) -> dict[str, Any]:
    """The declaration as a JSON-LD document (a dict) with an inline ``@context``."""
    export = _Export(declaration)
    export.controller()
    measures = export.measures()
    for key, purpose in declaration.purposes.items():
        export.process(key, purpose, measures)
    for key in declaration.processing_for:
        export.client_process(key, measures)
    for key in declaration.recipients:
        export.recipient(key)
    for key, rule in declaration.retention.items():
        export.retention(key, rule)
    export.notice()
    return {"@context": dict(CONTEXT), "@graph": list(export.nodes.values())}
