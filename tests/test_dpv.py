"""The JSON-LD export: valid RDF with an inline context, real DPV 2 terms, and a triple
for every purpose, legal basis, data category and recipient."""

from __future__ import annotations

import json
import urllib.request
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from waarborg import catalogue
from waarborg.declaration.dpv import CONTEXT, base_iri, to_jsonld
from waarborg.declaration.loader import load, load_text
from waarborg.declaration.model import Declaration

# rdflib's JSON-LD parser builds a ConjunctiveGraph internally and warns about it.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "src" / "waarborg" / "declaration" / "starter.yaml"
DECLARATIONS = [STARTER, *sorted((ROOT / "examples").glob("*/privacy.yaml"))]
IDS = [p.parent.name if p != STARTER else "starter" for p in DECLARATIONS]

DPV = Namespace("https://w3id.org/dpv#")
PD = Namespace("https://w3id.org/dpv/pd#")
EU_GDPR = Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
LOC = Namespace("https://w3id.org/dpv/loc#")
SCHEMA = Namespace("https://schema.org/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")

#: DPV 2.1 terms the export uses beyond the modules listed in dpv_terms.txt, each
#: checked against the W3C DPV 2.1 sources (process, processing, processing_context,
#: context, jurisdiction and entities modules; the loc extension).
_ALSO_DPV = {
    "Process",
    "PersonalDataHandling",
    "hasProcess",
    "hasProcessing",
    "CrossBorderTransfer",
    "Profiling",
    "hasStorageCondition",
    "StorageDuration",
    "hasDuration",
    "TemporalDuration",
    "hasJustification",
    "Justification",
    "hasContext",
    "AutomatedDecisionMaking",
    "hasAlgorithmicLogic",
    "AlgorithmicLogic",
    "hasCountry",
    "hasLocation",
    "hasThirdCountry",
    "hasRepresentative",
    "Representative",
    "DataProtectionOfficer",
}


def _known_terms() -> set[str]:
    text = resources.files("waarborg.catalogue").joinpath("data", "dpv_terms.txt").read_text()
    terms = {
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    }
    return terms | {f"dpv:{t}" for t in _ALSO_DPV}


def _prefixed(iri: str) -> str | None:
    for prefix, namespace in CONTEXT.items():
        if prefix in ("dpv", "pd", "eu-gdpr") and iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return None


def _graph(document: dict[str, Any]) -> Graph:
    return Graph().parse(data=json.dumps(document), format="json-ld")


@pytest.fixture(scope="module", params=DECLARATIONS, ids=IDS)
def declaration(request: pytest.FixtureRequest) -> Declaration:
    path: Path = request.param
    return load(path)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the export must be readable without network access")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def test_context_is_inline_and_json_serialisable(declaration: Declaration) -> None:
    document = to_jsonld(declaration)
    assert isinstance(document["@context"], dict)
    assert document["@context"]["dpv"] == "https://w3id.org/dpv#"
    assert document["@context"]["pd"] == "https://w3id.org/dpv/pd#"
    assert document["@context"]["eu-gdpr"] == "https://w3id.org/dpv/legal/eu/gdpr#"
    json.dumps(document)


def test_every_node_has_an_iri_under_the_base(declaration: Declaration) -> None:
    document = to_jsonld(declaration)
    base = base_iri(declaration)
    for node in document["@graph"]:
        assert node["@id"].startswith(base)
    ids = [node["@id"] for node in document["@graph"]]
    assert len(ids) == len(set(ids))


@pytest.mark.usefixtures("no_network")
def test_triples_for_purposes_bases_data_and_recipients(declaration: Declaration) -> None:
    graph = _graph(to_jsonld(declaration))
    base = base_iri(declaration)
    controller = URIRef(base + "controller")
    assert (controller, RDF.type, DPV.DataController) in graph
    assert (controller, SCHEMA.name, Literal(declaration.controller.name)) in graph
    for key, purpose in declaration.purposes.items():
        process = URIRef(f"{base}process-{key}")
        assert (process, RDF.type, DPV.Process) in graph
        assert (process, DPV.hasDataController, controller) in graph
        purpose_node = URIRef(f"{base}purpose-{key}")
        assert (process, DPV.hasPurpose, purpose_node) in graph
        assert (purpose_node, RDF.type, DPV.Purpose) in graph
        if purpose.label is not None and purpose.label.nl:
            assert (purpose_node, SKOS.prefLabel, Literal(purpose.label.nl, lang="nl")) in graph
        for basis in purpose.bases:
            info = catalogue.bases()[basis]
            for term in (info.dpv, info.eu_gdpr):
                prefix, name = term.split(":")
                namespace = DPV if prefix == "dpv" else EU_GDPR
                assert (process, DPV.hasLegalBasis, namespace[name]) in graph
        data = set(graph.objects(process, DPV.hasPersonalData))
        for category_key in purpose.categories:
            category = declaration.categories[category_key]
            term = category.dpv or ""
            if term in ("", "pd:PersonalData", "dpv:PersonalData"):
                assert URIRef(f"{base}data-{category_key}") in data
            else:
                prefix, name = term.split(":")
                assert (PD if prefix == "pd" else DPV)[name] in data
        recipients = purpose.recipients if isinstance(purpose.recipients, list) else []
        for recipient_key in recipients:
            node = URIRef(f"{base}recipient-{recipient_key}")
            assert (process, DPV.hasRecipient, node) in graph
            assert (node, RDF.type, DPV.Recipient) in graph
            country = declaration.recipients[recipient_key].country
            if country not in (None, "unstated", "EEA"):
                assert (node, DPV.hasCountry, LOC[str(country)]) in graph
        if isinstance(purpose.retention, str) and purpose.retention in declaration.retention:
            storage = URIRef(f"{base}retention-{purpose.retention}")
            assert (process, DPV.hasStorageCondition, storage) in graph
            keep = declaration.retention[purpose.retention].keep
            if keep is not None:
                durations = list(graph.objects(storage, DPV.hasDuration))
                assert durations and (durations[0], RDF.value, None) in graph


def test_only_real_dpv_terms_are_used(declaration: Declaration) -> None:
    graph = _graph(to_jsonld(declaration))
    known = _known_terms()
    used = set()
    for triple in graph:
        for part in triple:
            if isinstance(part, URIRef):
                prefixed = _prefixed(str(part))
                if prefixed:
                    used.add(prefixed)
    assert used
    assert not sorted(used - known)


def test_transfers_outside_the_eea_name_their_safeguard() -> None:
    d = load_text(
        """
waarborg: 1
controller: {name: Voorbeeld B.V., email: info@voorbeeld.nl}
categories: {email: {}}
purposes:
  newsletter:
    basis: consent
    categories: [email]
    recipients: [tool, legacy]
    retention: letters
recipients:
  tool: {name: Tool Inc., role: processor, country: US, transfer: scc}
  legacy: {name: Legacy Inc., role: processor, country: US, transfer: privacy_shield}
retention:
  letters: {after: consent_withdrawn, keep: P0D}
"""
    )
    graph = _graph(to_jsonld(d))
    base = base_iri(d)
    assert base.startswith("urn:waarborg:voorbeeld-b-v:")
    process = URIRef(base + "process-newsletter")
    transfer = URIRef(base + "transfer-tool")
    assert (process, DPV.hasProcess, transfer) in graph
    assert (process, DPV.hasThirdCountry, LOC.US) in graph
    assert (transfer, DPV.hasProcessing, DPV.CrossBorderTransfer) in graph
    assert (transfer, DPV.hasThirdCountry, LOC.US) in graph
    assert (transfer, DPV.hasLegalBasis, EU_GDPR["A46-2-c"]) in graph
    assert (transfer, DPV.hasTechnicalOrganisationalMeasure, EU_GDPR.SCCByCommission) in graph
    legacy = URIRef(base + "transfer-legacy")
    assert not list(graph.objects(legacy, DPV.hasLegalBasis))


def test_retention_of_a_category_is_a_part_of_the_process() -> None:
    d = load_text(
        """
waarborg: 1
controller: {name: Webwinkel B.V., email: privacy@webwinkel.nl}
categories:
  email: {}
  iban: {retention: fiscal}
purposes:
  orders:
    label: {nl: Bestellingen, en: Orders}
    basis: contract
    categories: [email, iban]
    retention: customer_file
retention:
  customer_file: {after: relationship_end, keep: P2Y}
  fiscal: {after: invoice_date, keep: P7Y, hold: "AWR art. 52"}
"""
    )
    graph = _graph(to_jsonld(d))
    base = base_iri(d)
    process = URIRef(base + "process-orders")
    assert (process, DPV.hasStorageCondition, URIRef(base + "retention-customer_file")) in graph
    kept = URIRef(base + "process-orders.retention-fiscal")
    assert (process, DPV.hasProcess, kept) in graph
    assert (kept, RDF.type, DPV.Process) in graph
    assert set(graph.objects(kept, DPV.hasPersonalData)) == {PD.FinancialAccountNumber}
    fiscal = URIRef(base + "retention-fiscal")
    assert (kept, DPV.hasStorageCondition, fiscal) in graph
    assert list(graph.objects(fiscal, DPV.hasDuration))
    used = {
        prefixed
        for triple in graph
        for part in triple
        if isinstance(part, URIRef) and (prefixed := _prefixed(str(part)))
    }
    assert not sorted(used - _known_terms())


def test_processor_work_for_clients() -> None:
    d = load_text(
        """
waarborg: 1
controller: {name: Belservice B.V., email: info@belservice.nl, role: processor, website: "https://belservice.nl"}
categories: {phone: {}}
subjects: {caller: {}}
processing_for:
  shops:
    controller: {name: Klant B.V.}
    label: {nl: Call tracking, en: Call tracking}
    subjects: [caller]
    categories: [phone]
    agreement: VWO 2024
"""
    )
    graph = _graph(to_jsonld(d))
    base = base_iri(d)
    assert base == "https://belservice.nl/privacy#"
    process = URIRef(base + "client-process-shops")
    assert (process, DPV.hasDataProcessor, URIRef(base + "controller")) in graph
    client = URIRef(base + "client-shops")
    assert (process, DPV.hasDataController, client) in graph
    assert (client, SCHEMA.name, Literal("Klant B.V.")) in graph
    assert (process, DPV.hasPersonalData, PD.TelephoneNumber) in graph
    assert (URIRef(base + "controller"), RDF.type, DPV.DataProcessor) in graph


def test_every_part_of_the_model_uses_real_terms() -> None:
    d = load_text(
        """
waarborg: 1
controller:
  name: Zorgpunt B.V.
  kvk: "12345678"
  email: privacy@zorgpunt.nl
  dpo: {name: Anna de Vries, email: fg@zorgpunt.nl}
  representative: {name: EU Rep Ltd}
  joint_controllers: {partner: {name: Partnerzorg B.V.}}
categories: {health: {}, name: {}}
subjects: {patient: {}}
purposes:
  triage:
    label: {nl: Triage, en: Triage}
    basis: legitimate_interest
    interest: {nl: Snelle hulp, en: Quick help}
    art9: health_care
    subjects: [patient]
    categories: [name, health]
    recipients: [lab, helpdesk]
    retention: medical
    profiling: {automated_decision: true, logic: {nl: Een score, en: A score}}
recipients:
  lab: {name: Lab AG, role: processor, country: CH, transfer: adequacy}
  helpdesk:
    name: Help Inc.
    role: processor
    country: US
    transfer: derogation
    derogation: {nl: Uitdrukkelijke toestemming, en: Explicit consent}
retention:
  medical: {after: contract_end, keep: P20Y, hold: "WGBO art. 7:454 BW"}
security:
  measures: {encryption_in_transit: {}, own: {label: {nl: Eigen maatregel, en: Own measure}}}
"""
    )
    graph = _graph(to_jsonld(d))
    base = base_iri(d)
    controller = URIRef(base + "controller")
    process = URIRef(base + "process-triage")
    assert (controller, DPV.hasDataProtectionOfficer, URIRef(base + "dpo")) in graph
    assert (controller, DPV.hasRepresentative, URIRef(base + "representative")) in graph
    assert (process, DPV.hasLegalBasis, EU_GDPR["A9-2-h"]) in graph
    assert (process, DPV.hasLegalBasis, URIRef(base + "interest-triage")) in graph
    assert (process, DPV.hasContext, DPV.AutomatedDecisionMaking) in graph
    assert (URIRef(base + "recipient-lab"), DPV.hasCountry, LOC.CH) in graph
    assert (URIRef(base + "transfer-lab"), DPV.hasLegalBasis, EU_GDPR["A45-3"]) in graph
    assert (process, DPV.hasTechnicalOrganisationalMeasure, URIRef(base + "measure-own")) in graph
    used = {
        prefixed
        for triple in graph
        for part in triple
        if isinstance(part, URIRef) and (prefixed := _prefixed(str(part)))
    }
    assert not sorted(used - _known_terms())
