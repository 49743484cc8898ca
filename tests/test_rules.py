"""Every checker rule: a declaration that breaks it, and one that passes.

Each case patches a clean base declaration. ``DELETE`` removes a key; other values
replace or merge into the base (mappings merge, everything else replaces).
"""

from __future__ import annotations

import copy
import importlib
from pathlib import Path
from typing import Any

import pytest
import yaml

from waarborg.declaration.lint import Severity, all_rules, check
from waarborg.declaration.loader import load_text

DELETE = object()

BASE: dict[str, Any] = {
    "waarborg": 1,
    "controller": {
        "name": "Voorbeeld Webwinkel B.V.",
        "address": {"street": "Voorbeeldstraat 1", "postcode": "1234 AB", "city": "Utrecht"},
        "kvk": "12345678",
        "email": "privacy@voorbeeld.nl",
    },
    "statement": {"languages": ["nl", "en"], "effective": "2026-01-01"},
    "subjects": {"customer": {}, "newsletter_subscriber": {}, "website_visitor": {}},
    "categories": {"name": {}, "email": {}, "address": {}, "ip_address": {}},
    "purposes": {
        "delivery": {
            "label": {"nl": "Bezorgen", "en": "Delivery"},
            "basis": "contract",
            "subjects": ["customer"],
            "categories": ["name", "email", "address"],
            "recipients": ["postnl"],
            "retention": "account",
            "requirement": {"kind": "contract_prerequisite"},
        },
        "newsletter": {
            "basis": "consent",
            "opt_in": "double",
            "unsubscribe": "every_message",
            "subjects": ["newsletter_subscriber"],
            "categories": ["name", "email"],
            "recipients": ["laposta"],
            "retention": "newsletter",
            "requirement": {"kind": "optional"},
        },
        "security": {
            "basis": "legitimate_interest",
            "interest": {"nl": "Beveiliging", "en": "Security"},
            "balancing_test": {"date": "2026-01-01", "document": "LIA-1"},
            "subjects": ["website_visitor"],
            "categories": ["ip_address"],
            "recipients": "none",
            "retention": "logs",
            "requirement": {"kind": "optional"},
        },
    },
    "recipients": {
        "postnl": {"agreement": {"date": "2026-01-01"}},
        "laposta": {"agreement": True},
    },
    "retention": {
        "account": {"after": "relationship_end", "keep": "P2Y"},
        "newsletter": {"after": "consent_withdrawn", "keep": "P0D"},
        "logs": {"keep": "P30D"},
    },
    "cookies": {
        "session": {
            "provider": "Voorbeeld",
            "category": "functional",
            "purpose": {"nl": "Sessie", "en": "Session"},
            "expiry": "session",
        }
    },
    "rights": {
        "offered": [
            "access",
            "rectification",
            "erasure",
            "restriction",
            "objection",
            "portability",
            "withdraw_consent",
            "complain",
        ],
        "respond_within": "P4W",
    },
    "complaints": {"acknowledge_within": "P3D", "respond_within": "P14D"},
    "security": {"measures": {"encryption_in_transit": {}, "access_control": {}}},
}


def patched(patch: dict[str, Any]) -> dict[str, Any]:
    def merge(into: dict[str, Any], change: dict[str, Any]) -> None:
        for key, value in change.items():
            if value is DELETE:
                into.pop(key, None)
            elif isinstance(value, dict) and isinstance(into.get(key), dict):
                merge(into[key], value)
            else:
                into[key] = copy.deepcopy(value)

    data = copy.deepcopy(BASE)
    merge(data, patch)
    return data


def rule_ids(patch: dict[str, Any]) -> set[str]:
    declaration = load_text(yaml.safe_dump(patched(patch), allow_unicode=True), "case.yaml")
    return {f.rule for f in check(declaration)}


US_PROCESSOR = {"name": "Acme Inc.", "role": "processor", "country": "US", "agreement": True}

FIDES_DATASET = str(Path(__file__).parent / "data" / "fides_dataset.yml")
CUSTOMERS = {"key": "id", "identity": {"email": "email"}, "columns": {"email": "email"}}


def store(**tables: Any) -> dict[str, Any]:
    """A patch that declares datastore ``shop`` with a customer table and ``tables``."""
    return {"datastores": {"shop": {"tables": {"customers": CUSTOMERS, **tables}}}}


# rule id -> (a patch that breaks it, a patch that passes it)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "controller-contact-missing": (
        {"controller": {"email": DELETE}},
        {"controller": {"email": DELETE, "phone": "+31 20 123 4567"}},
    ),
    "controller-address-missing": ({"controller": {"address": DELETE}}, {}),
    "controller-kvk-missing": (
        {"controller": {"kvk": DELETE}},
        {"controller": {"kvk": DELETE, "address": {"country": "BE", "postcode": "1000"}}},
    ),
    "dpo-contact-missing": (
        {"controller": {"dpo": {"name": "J. Jansen"}}},
        {"controller": {"dpo": {"name": "J. Jansen", "email": "fg@voorbeeld.nl"}}},
    ),
    "effective-date-missing": ({"statement": {"effective": DELETE}}, {}),
    "translation-missing": (
        {"purposes": {"delivery": {"label": {"en": DELETE}}}},
        {"purposes": {"delivery": {"label": {"en": DELETE}}}, "statement": {"languages": ["nl"]}},
    ),
    "basis-missing": ({"purposes": {"delivery": {"basis": "unstated"}}}, {}),
    "basis-ambiguous": ({"purposes": {"delivery": {"basis": ["contract", "consent"]}}}, {}),
    "legitimate-interest-missing": ({"purposes": {"security": {"interest": DELETE}}}, {}),
    "balancing-test-missing": ({"purposes": {"security": {"balancing_test": DELETE}}}, {}),
    "purpose-categories-missing": ({"purposes": {"security": {"categories": []}}}, {}),
    "purpose-subjects-missing": ({"purposes": {"security": {"subjects": []}}}, {}),
    "requirement-missing": ({"purposes": {"delivery": {"requirement": DELETE}}}, {}),
    "profiling-logic-missing": (
        {"purposes": {"delivery": {"profiling": {"automated_decision": True}}}},
        {
            "purposes": {
                "delivery": {
                    "profiling": {
                        "automated_decision": True,
                        "logic": {"nl": "Regels", "en": "Rules"},
                        "significance": {"nl": "Geen", "en": "None"},
                    }
                }
            }
        },
    ),
    "consent-withdrawal-missing": (
        {"rights": {"offered": ["access", "complain"]}},
        {
            "rights": {"offered": ["access", "complain"]},
            "purposes": {"newsletter": {"withdraw": {"nl": "Via de link", "en": "Via the link"}}},
        },
    ),
    "category-unused": ({"categories": {"phone": {}}}, {}),
    "special-category-condition": (
        {
            "categories": {"health": {}},
            "purposes": {"delivery": {"categories": ["name", "health"]}},
        },
        {
            "categories": {"health": {}},
            "purposes": {
                "delivery": {"categories": ["name", "health"], "art9": "explicit_consent"}
            },
        },
    ),
    "criminal-data-ground": (
        {
            "categories": {"criminal_data": {}},
            "purposes": {"delivery": {"categories": ["criminal_data"]}},
        },
        {
            "categories": {"criminal_data": {}},
            "purposes": {"delivery": {"categories": ["criminal_data"], "art10": "UAVG art. 33"}},
        },
    ),
    "bsn-statute-missing": (
        {"categories": {"bsn": {}}, "purposes": {"delivery": {"categories": ["bsn"]}}},
        {
            "categories": {"bsn": {"statute": "Wet op de loonbelasting 1964"}},
            "purposes": {"delivery": {"categories": ["bsn"]}},
        },
    ),
    "children-consent-age": (
        {"children": {"min_age": 13}},
        {"children": {"min_age": 16}},
    ),
    "source-unstated": (
        {"categories": {"name": {"source": "third_party"}}},
        {"categories": {"name": {"source": {"kind": "public_register", "name": "KvK"}}}},
    ),
    "transfer-privacy-shield": (
        {
            "recipients": {"acme": {**US_PROCESSOR, "transfer": "privacy_shield"}},
            "purposes": {"delivery": {"recipients": ["postnl", "acme"]}},
        },
        {
            "recipients": {"acme": {**US_PROCESSOR, "transfer": "scc"}},
            "purposes": {"delivery": {"recipients": ["postnl", "acme"]}},
        },
    ),
    "transfer-mechanism-missing": (
        {
            "recipients": {"acme": US_PROCESSOR},
            "purposes": {"delivery": {"recipients": ["postnl", "acme"]}},
        },
        {
            "recipients": {"acme": {**US_PROCESSOR, "transfer": "scc"}},
            "purposes": {"delivery": {"recipients": ["postnl", "acme"]}},
        },
    ),
    "transfer-adequacy-invalid": (
        {
            "recipients": {"acme": {**US_PROCESSOR, "transfer": "adequacy"}},
            "purposes": {"delivery": {"recipients": ["postnl", "acme"]}},
        },
        {
            "recipients": {"acme": {**US_PROCESSOR, "country": "JP", "transfer": "adequacy"}},
            "purposes": {"delivery": {"recipients": ["postnl", "acme"]}},
        },
    ),
    "transfer-dpf-unverified": (
        {
            "recipients": {"acme": {**US_PROCESSOR, "transfer": "dpf"}},
            "purposes": {"delivery": {"recipients": ["postnl", "acme"]}},
        },
        {
            "recipients": {"acme": {**US_PROCESSOR, "transfer": "dpf", "dpf_certified": True}},
            "purposes": {"delivery": {"recipients": ["postnl", "acme"]}},
        },
    ),
    "transfer-derogation-unexplained": (
        {
            "recipients": {"acme": {**US_PROCESSOR, "transfer": "derogation"}},
            "purposes": {"delivery": {"recipients": ["postnl", "acme"]}},
        },
        {
            "recipients": {
                "acme": {
                    **US_PROCESSOR,
                    "transfer": "derogation",
                    "derogation": {"nl": "Art. 49(1)(b)", "en": "Art. 49(1)(b)"},
                }
            },
            "purposes": {"delivery": {"recipients": ["postnl", "acme"]}},
        },
    ),
    "recipient-country-unstated": (
        {
            "recipients": {
                "host": {"name": "Webbeheerder", "role": "processor", "agreement": True}
            },
            "purposes": {"delivery": {"recipients": ["postnl", "host"]}},
        },
        {
            "recipients": {
                "host": {
                    "name": "Webbeheerder",
                    "role": "processor",
                    "agreement": True,
                    "country": "NL",
                }
            },
            "purposes": {"delivery": {"recipients": ["postnl", "host"]}},
        },
    ),
    "recipient-role-unstated": (
        {
            "recipients": {"host": {"name": "Webbeheerder", "country": "NL"}},
            "purposes": {"delivery": {"recipients": ["postnl", "host"]}},
        },
        {
            "recipients": {"host": {"name": "Webbeheerder", "country": "NL", "role": "controller"}},
            "purposes": {"delivery": {"recipients": ["postnl", "host"]}},
        },
    ),
    "processor-agreement-missing": ({"recipients": {"laposta": {"agreement": "unstated"}}}, {}),
    "recipients-unstated": ({"purposes": {"delivery": {"recipients": "unstated"}}}, {}),
    "recipient-unused": ({"recipients": {"mollie": {"agreement": True}}}, {}),
    "retention-missing": (
        {"purposes": {"delivery": {"retention": "unstated"}}},
        {
            "purposes": {"delivery": {"retention": "unstated", "categories": ["name", "email"]}},
            "categories": {"name": {"retention": "account"}, "email": {"retention": "account"}},
        },
    ),
    "retention-vague": (
        {
            "retention": {
                "account": {
                    "keep": DELETE,
                    "criteria": {"nl": "Zo lang als nodig", "en": "As long as necessary"},
                }
            }
        },
        {},
    ),
    "hold-scope-unstated": (
        {
            "retention": {"account": {"hold": "AWR art. 52"}},
            "datastores": {"shop": {"url": "sqlite://", "tables": {"t": {"retention": "account"}}}},
        },
        {
            "retention": {"account": {"hold": "AWR art. 52", "keeps": ["name", "address"]}},
            "datastores": {"shop": {"url": "sqlite://", "tables": {"t": {"retention": "account"}}}},
        },
    ),
    "retention-event-unmapped": (
        {
            "datastores": {
                "shop": {
                    "url": "sqlite://",
                    "tables": {"customers": {"key": "id", "events": {"created": "created_at"}}},
                }
            }
        },
        {
            "datastores": {
                "shop": {
                    "url": "sqlite://",
                    "tables": {
                        "customers": {
                            "key": "id",
                            "events": {
                                "relationship_end": "ended_at",
                                "consent_withdrawn": "unsubscribed_at",
                            },
                        }
                    },
                }
            }
        },
    ),
    "rights-missing": (
        {"rights": {"offered": ["access", "erasure", "withdraw_consent", "complain"]}},
        {},
    ),
    "complaint-right-missing": (
        {
            "rights": {
                "offered": [
                    "access",
                    "rectification",
                    "erasure",
                    "restriction",
                    "objection",
                    "portability",
                    "withdraw_consent",
                ]
            }
        },
        {},
    ),
    "response-deadline-too-long": (
        {"rights": {"respond_within": "P30D"}},
        {"rights": {"respond_within": "P1M"}},
    ),
    "response-deadline-unstated": ({"rights": {"respond_within": DELETE}}, {}),
    "extension-too-long": ({"rights": {"extension": "P3M"}}, {"rights": {"extension": "P2M"}}),
    "id-copy-requested": ({"rights": {"verify": "id_copy", "id_copy_masking": True}}, {}),
    "id-copy-unmasked": (
        {"rights": {"verify": "id_copy"}},
        {"rights": {"verify": "id_copy", "id_copy_masking": True}},
    ),
    "cookie-consent-missing": (
        {"cookies": {"_fbp": {"consent": "not_asked"}}},
        {"cookies": {"_fbp": {"consent": "asked"}}},
    ),
    "cookie-details-missing": (
        {"cookies": {"ads": {"name": "unstated", "provider": "LinkedIn", "category": "marketing"}}},
        {
            "cookies": {
                "ads": {
                    "name": "li_ads",
                    "provider": "LinkedIn",
                    "category": "marketing",
                    "purpose": {"nl": "Advertenties", "en": "Advertising"},
                    "expiry": "P30D",
                }
            }
        },
    ),
    "cookies-undeclared": (
        {
            "cookies": DELETE,
            "categories": {"cross_site_behaviour": {}},
            "purposes": {"security": {"categories": ["ip_address", "cross_site_behaviour"]}},
        },
        {
            "categories": {"website_activity": {}},
            "purposes": {"security": {"categories": ["ip_address", "website_activity"]}},
        },
    ),
    "newsletter-opt-in-missing": ({"purposes": {"newsletter": {"opt_in": "none"}}}, {}),
    "newsletter-existing-customer": (
        {"purposes": {"newsletter": {"existing_customers": True}}},
        {"purposes": {"newsletter": {"existing_customers": True, "opt_out_at_collection": True}}},
    ),
    "newsletter-unsubscribe-missing": ({"purposes": {"newsletter": {"unsubscribe": "none"}}}, {}),
    "security-measures-missing": ({"security": DELETE}, {}),
    "processor-register-missing": (
        {"controller": {"role": "both"}},
        {
            "controller": {"role": "both"},
            "processing_for": {
                "clients": {
                    "controller": {"name": "Klanten"},
                    "label": {"nl": "Hosting", "en": "Hosting"},
                    "categories": ["name"],
                    "subjects": ["customer"],
                    "agreement": "Verwerkersovereenkomst",
                }
            },
        },
    ),
    "processor-categories-unstated": (
        {
            "controller": {"role": "both"},
            "processing_for": {
                "clients": {
                    "controller": {"name": "Klanten"},
                    "label": "Hosting",
                    "categories": "unstated",
                    "subjects": ["customer"],
                    "agreement": "DPA",
                }
            },
        },
        {
            "controller": {"role": "both"},
            "processing_for": {
                "clients": {
                    "controller": {"name": "Klanten"},
                    "label": "Hosting",
                    "categories": ["name"],
                    "subjects": ["customer"],
                    "agreement": "DPA",
                }
            },
        },
    ),
    "processor-agreement-unstated": (
        {
            "controller": {"role": "both"},
            "processing_for": {
                "clients": {
                    "controller": {"name": "Klanten"},
                    "label": "Hosting",
                    "categories": ["name"],
                    "subjects": ["customer"],
                }
            },
        },
        {
            "controller": {"role": "both"},
            "processing_for": {
                "clients": {
                    "controller": {"name": "Klanten"},
                    "label": "Hosting",
                    "categories": ["name"],
                    "subjects": ["customer"],
                    "agreement": "DPA",
                }
            },
        },
    ),
    "subprocessor-authorisation-missing": (
        {
            "controller": {"role": "both"},
            "recipients": {
                "reseller": {
                    "name": "Reseller",
                    "role": "sub_processor",
                    "country": "NL",
                    "agreement": True,
                }
            },
            "processing_for": {
                "clients": {
                    "controller": {"name": "Klanten"},
                    "label": "Hosting",
                    "categories": ["name"],
                    "subjects": ["customer"],
                    "agreement": "DPA",
                    "subprocessors": ["reseller"],
                }
            },
        },
        {
            "controller": {"role": "both"},
            "recipients": {
                "reseller": {
                    "name": "Reseller",
                    "role": "sub_processor",
                    "country": "NL",
                    "agreement": True,
                    "authorised": True,
                }
            },
            "processing_for": {
                "clients": {
                    "controller": {"name": "Klanten"},
                    "label": "Hosting",
                    "categories": ["name"],
                    "subjects": ["customer"],
                    "agreement": "DPA",
                    "subprocessors": ["reseller"],
                }
            },
        },
    ),
    "datastore-table-unreachable": (
        store(notes={"key": "id", "columns": {"text": "name"}}),
        store(notes={"columns": {"text": "name"}, "references": {"by": "customers.id"}}),
    ),
    "datastore-reference-cycle": (
        store(
            a={"references": {"customer": "customers.id", "b": "b.id"}, "key": "id"},
            b={"references": {"a": "a.id"}, "key": "id"},
        ),
        store(
            a={"references": {"customer": "customers.id"}, "key": "id"},
            b={"references": {"a": "a.id"}, "key": "id"},
        ),
    ),
    "datastore-owner-ambiguous": (
        store(
            staff={"key": "id", "identity": {"email": "email"}},
            requests={"references": {"customer": "customers.id", "by": "staff.id"}},
        ),
        store(
            staff={"key": "id", "identity": {"email": "email"}},
            requests={"references": {"customer": "customers.id"}, "links": {"by": "staff.id"}},
        ),
    ),
    "datastore-fides-category": (
        {"datastores": {"shop": {"fides": FIDES_DATASET}}},
        {
            "categories": {
                c: {}
                for c in (
                    "online_identifier",
                    "purchase_history",
                    "payment_data",
                    "payment_card",
                    "login_history",
                )
            },
            "datastores": {
                "shop": {
                    "fides": FIDES_DATASET,
                    "fides_categories": {"user.sensor": "login_history"},
                }
            },
        },
    ),
    "env-missing": (
        {"datastores": {"shop": {"url": "${WAARBORG_TEST_UNSET_VARIABLE}", "tables": {}}}},
        {
            "datastores": {
                "shop": {"url": "${WAARBORG_TEST_UNSET_VARIABLE:-sqlite://}", "tables": {}}
            }
        },
    ),
}


def test_base_declaration_is_clean() -> None:
    assert rule_ids({}) == set()


def _all_cases() -> set[str]:
    """The rule ids with a case here or in a themed file beside this one
    (``test_rules_<theme>.py``, each with its own ``CASES``)."""
    cases = set(CASES)
    for module in sorted(Path(__file__).parent.glob("test_rules_*.py")):
        cases |= set(importlib.import_module(f"{__package__}.{module.stem}").CASES)
    return cases


def test_every_rule_has_a_case() -> None:
    assert _all_cases() == set(all_rules())


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_on_the_breaking_declaration(rule_id: str) -> None:
    bad, _good = CASES[rule_id]
    assert rule_id in rule_ids(bad)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_on_the_fixed_declaration(rule_id: str) -> None:
    _bad, good = CASES[rule_id]
    assert rule_id not in rule_ids(good)


@pytest.mark.parametrize("rule_id", sorted(all_rules()))
def test_every_rule_has_metadata(rule_id: str) -> None:
    item = all_rules()[rule_id]
    assert item.severity in set(Severity)
    assert item.article and item.title and item.hint
    assert rule_id == rule_id.lower() and " " not in rule_id


def test_a_controller_the_statement_does_not_name_is_called_the_controller() -> None:
    # An imported draft marks a name the statement does not give as unstated; the
    # findings then speak of "the controller", not of "unstated".
    data = patched({"controller": {"name": "unstated", "address": DELETE, "kvk": DELETE}})
    declaration = load_text(yaml.safe_dump(data, allow_unicode=True), "case.yaml")
    found = {f.rule: f for f in check(declaration)}
    address = found["controller-address-missing"]
    assert address.message == "the controller gives no full postal address"
    assert found["controller-kvk-missing"].message == "the controller gives no KvK number"
    assert address.text("nl") == ("de verwerkingsverantwoordelijke geeft geen volledig postadres")
