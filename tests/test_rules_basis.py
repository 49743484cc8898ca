"""The rules on the legal basis, consent, the controller and the rights: a declaration
that breaks each, and one that passes; and, for the rules whose reach changed, the
classes of declaration they must and must not fire on.

The cases patch the clean base declaration of ``test_rules`` (``DELETE`` removes a key).
"""

from __future__ import annotations

from typing import Any

import pytest

from waarborg.declaration.lint import Severity, all_rules

from .test_rules import DELETE, rule_ids

DPO = {"name": "Functionaris gegevensbescherming", "email": "fg@voorbeeld.nl"}
AUTHORITY = {"public_authority": True, "dpo": DPO}
#: The rights of the base declaration without withdrawing consent.
NO_WITHDRAW = {
    "offered": [
        "access",
        "rectification",
        "erasure",
        "restriction",
        "objection",
        "portability",
        "complain",
    ]
}
#: A marketing purpose as a statement that says little about it records it.
MARKETING: dict[str, Any] = {
    "label": {"nl": "Aanbiedingen", "en": "Offers"},
    "direct_marketing": True,
    "channels": ["email"],
    "categories": ["name", "email"],
    "subjects": ["customer"],
    "recipients": "none",
    "retention": "account",
    "requirement": {"kind": "optional"},
}


def offers(**facts: Any) -> dict[str, Any]:
    """A patch that adds purpose ``offers``: marketing by e-mail, with ``facts``."""
    return {"purposes": {"offers": {**MARKETING, **facts}}}


def unwithdrawn(**facts: Any) -> dict[str, Any]:
    """A patch whose rights do not include withdrawing consent (the base newsletter says
    how to withdraw its own), with purpose ``offers`` when ``facts`` are given."""
    purposes: dict[str, Any] = {"newsletter": {"withdraw": "Via de afmeldlink"}}
    if facts:
        purposes["offers"] = {**MARKETING, **facts}
    return {"rights": NO_WITHDRAW, "purposes": purposes}


# rule id -> (a patch that breaks it, a patch that passes it)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "controller-unreachable": (
        {"controller": {"address": DELETE, "email": DELETE}},
        {"controller": {"email": DELETE}},
    ),
    "controller-identity-unclear": (
        {"controller": {"address": DELETE, "kvk": DELETE, "trade_names": ["Voorbeeldmerk"]}},
        {"controller": {"address": DELETE, "trade_names": ["Voorbeeldmerk"]}},
    ),
    "controller-identity-weak": (
        {
            "controller": {
                "address": {"street": DELETE, "po_box": "Postbus 1234"},
                "kvk": DELETE,
                "email": "voorbeeldwinkel@gmail.com",
            }
        },
        {
            "controller": {
                "address": {"street": DELETE, "po_box": "Postbus 1234"},
                "kvk": DELETE,
            }
        },
    ),
    "dpo-missing": (
        {"controller": {"public_authority": True}},
        {"controller": AUTHORITY},
    ),
    "purpose-controller-unidentified": (
        {
            "parties": {"school": {"name": "Basisschool De Linde"}},
            "purposes": {"delivery": {"controller": "school"}},
        },
        {
            "parties": {"school": {"name": "Basisschool De Linde", "email": "info@delinde.nl"}},
            "purposes": {"delivery": {"controller": "school"}},
        },
    ),
    "consent-not-withdrawable": ({"purposes": {"newsletter": {"withdrawable": False}}}, {}),
    "basis-invalid": (
        {
            "purposes": {
                "newsletter": {
                    "basis": "unstated",
                    "invalid_basis": "Akkoord door gebruik van de website",
                }
            }
        },
        {},
    ),
    "public-authority-legitimate-interest": (
        {"controller": AUTHORITY},
        {
            "controller": AUTHORITY,
            "purposes": {
                "security": {"basis": "public_task", "interest": DELETE, "balancing_test": DELETE}
            },
        },
    ),
    "consent-basis-unsuitable": ({"purposes": {"delivery": {"basis": "consent"}}}, {}),
    "rights-conditional": ({"rights": {"condition": "Als EU-burger"}}, {}),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_on_the_breaking_declaration(rule_id: str) -> None:
    bad, _good = CASES[rule_id]
    assert rule_id in rule_ids(bad)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_on_the_fixed_declaration(rule_id: str) -> None:
    _bad, good = CASES[rule_id]
    assert rule_id not in rule_ids(good)


# (rule id, patch, whether the rule fires): the classes of declaration each changed
# rule is judged on, beyond the one case above or in test_rules.
CLASSES: dict[str, tuple[str, dict[str, Any], bool]] = {
    # Marketing that rests on consent among other bases, whose statement names the
    # unsubscribe link in its mails but not how consent is recorded (Classigogo).
    "opt-in: consent among a list of bases": (
        "newsletter-opt-in-missing",
        offers(
            basis=["consent", "contract", "legitimate_interest"],
            interest="Klantrelatie",
            opt_in="unstated",
            unsubscribe="unstated",
            withdraw="Via de afmeldlink in onze e-mails",
        ),
        False,
    ),
    "opt-in: consent, how it is taken not stated": (
        "newsletter-opt-in-missing",
        offers(basis="consent"),
        False,
    ),
    "opt-in: basis unstated, consent withdrawn by a link": (
        "newsletter-opt-in-missing",
        offers(basis="unstated", withdraw="Via de afmeldlink"),
        False,
    ),
    "opt-in: basis unstated, opt-in described": (
        "newsletter-opt-in-missing",
        offers(basis="unstated", opt_in="single"),
        False,
    ),
    "opt-in: nothing stated (Plusjeklas)": (
        "newsletter-opt-in-missing",
        offers(basis="unstated", opt_in="unstated", unsubscribe="unstated"),
        True,
    ),
    "opt-in: legitimate interest, no opt-in": (
        "newsletter-opt-in-missing",
        offers(basis="legitimate_interest", interest="Klantbinding"),
        True,
    ),
    "opt-in: consent, but no opt-in asked": (
        "newsletter-opt-in-missing",
        offers(basis="consent", opt_in="none"),
        True,
    ),
    "opt-in: consent that is none (a business card)": (
        "newsletter-opt-in-missing",
        offers(basis="consent", invalid_basis="Afgifte visitekaartje"),
        True,
    ),
    "opt-in: marketing by post": (
        "newsletter-opt-in-missing",
        offers(basis="unstated", channels=["post"]),
        False,
    ),
    "unsubscribe: not stated": (
        "newsletter-unsubscribe-missing",
        offers(basis="consent", opt_in="double", unsubscribe="unstated"),
        False,
    ),
    "unsubscribe: not recorded at all": (
        "newsletter-unsubscribe-missing",
        offers(basis="consent", opt_in="double"),
        False,
    ),
    "unsubscribe: only on request (the messages are not described)": (
        "newsletter-unsubscribe-missing",
        offers(basis="consent", opt_in="double", unsubscribe="on_request"),
        False,
    ),
    "unsubscribe: none": (
        "newsletter-unsubscribe-missing",
        offers(basis="consent", opt_in="double", unsubscribe="none"),
        True,
    ),
    "dpo: a contact page": (
        "dpo-contact-missing",
        {"controller": {"dpo": {"name": "FG", "contact_form": "https://voorbeeld.nl/fg"}}},
        False,
    ),
    "dpo: a postal address": (
        "dpo-contact-missing",
        {
            "controller": {
                "dpo": {
                    "name": "FG",
                    "address": {
                        "po_box": "Postbus 20011",
                        "postcode": "2500 EA",
                        "city": "Den Haag",
                    },
                }
            }
        },
        False,
    ),
    "kvk: a ministry": (
        "controller-kvk-missing",
        {"controller": {"name": "Ministerie van Voorbeeldzaken", "kvk": DELETE, **AUTHORITY}},
        False,
    ),
    "identity: a ministry under two names": (
        "controller-identity-unclear",
        {
            "controller": {
                "address": DELETE,
                "kvk": DELETE,
                "trade_names": ["Rijksdienst voor Voorbeelden"],
                **AUTHORITY,
            }
        },
        False,
    ),
    "identity: one name and an e-mail address": (
        "controller-identity-unclear",
        {"controller": {"address": DELETE, "kvk": DELETE}},
        False,
    ),
    "identity: two names and a PO box": (
        "controller-identity-unclear",
        {
            "controller": {
                "address": {"street": DELETE, "po_box": "Postbus 1234"},
                "kvk": DELETE,
                "trade_names": ["Voorbeeldmerk"],
            }
        },
        True,
    ),
    "identity: two names and a street address": (
        "controller-identity-unclear",
        {"controller": {"kvk": DELETE, "trade_names": ["Voorbeeldmerk"]}},
        False,
    ),
    "identity: a trade name that is the name": (
        "controller-identity-unclear",
        {
            "controller": {
                "address": DELETE,
                "kvk": DELETE,
                "trade_names": ["VOORBEELD WEBWINKEL B.V."],
            }
        },
        False,
    ),
    "unreachable: a website only": (
        "controller-unreachable",
        {"controller": {"address": DELETE, "email": DELETE, "website": "https://voorbeeld.nl"}},
        True,
    ),
    "unreachable: a PO box": (
        "controller-unreachable",
        {"controller": {"address": {"street": DELETE, "po_box": "Postbus 1234"}, "email": DELETE}},
        False,
    ),
    "unreachable: a contact page": (
        "controller-unreachable",
        {
            "controller": {
                "address": DELETE,
                "email": DELETE,
                "contact": {"contact_form": "https://voorbeeld.nl/contact"},
            }
        },
        False,
    ),
    "contact: nothing at all is reported once, as unreachable": (
        "controller-contact-missing",
        {"controller": {"address": DELETE, "email": DELETE}},
        False,
    ),
    "weak identity: the name of a website": (
        "controller-identity-weak",
        {"controller": {"name": "Voorbeeldwinkel.nl", "address": DELETE, "kvk": DELETE}},
        True,
    ),
    "weak identity: a name and a Gmail address": (
        "controller-identity-weak",
        {"controller": {"address": DELETE, "kvk": DELETE, "email": "m.voorbeeld@gmail.com"}},
        True,
    ),
    "weak identity: a name and an address at its own domain": (
        "controller-identity-weak",
        {"controller": {"address": DELETE, "kvk": DELETE}},
        False,
    ),
    "weak identity: a legal form is no web address": (
        "controller-identity-weak",
        {"controller": {"name": "Voorbeeld B.V.", "address": DELETE, "kvk": DELETE}},
        False,
    ),
    "weak identity: two names are identity-unclear's": (
        "controller-identity-weak",
        {
            "controller": {
                "address": DELETE,
                "kvk": DELETE,
                "trade_names": ["Voorbeeldmerk"],
                "email": "voorbeeld@gmail.com",
            }
        },
        False,
    ),
    "weak identity: a PO box with a KvK number": (
        "controller-identity-weak",
        {
            "controller": {
                "address": {"street": DELETE, "po_box": "Postbus 1234"},
                "email": "voorbeeldwinkel@hotmail.com",
            }
        },
        False,
    ),
    "weak identity: a street address and Gmail": (
        "controller-identity-weak",
        {"controller": {"kvk": DELETE, "email": "voorbeeldwinkel@gmail.com"}},
        False,
    ),
    "contact: a contact page": (
        "controller-contact-missing",
        {
            "controller": {
                "email": DELETE,
                "contact": {"contact_form": "https://voorbeeld.nl/contact"},
            }
        },
        False,
    ),
    "interest: in a list of bases, named nowhere (Classigogo)": (
        "legitimate-interest-missing",
        {
            "purposes": {
                "delivery": {"basis": ["contract", "legitimate_interest"]},
                "security": {
                    "basis": "legal_obligation",
                    "interest": DELETE,
                    "balancing_test": DELETE,
                },
            }
        },
        True,
    ),
    "interest: in a list of bases, named on another purpose": (
        "legitimate-interest-missing",
        {"purposes": {"delivery": {"basis": ["contract", "legitimate_interest"]}}},
        False,
    ),
    "interest: named, in a list of bases": (
        "legitimate-interest-missing",
        {
            "purposes": {
                "delivery": {"basis": ["contract", "legitimate_interest"], "interest": "Bezorgen"}
            }
        },
        False,
    ),
    "withdrawal: a newsletter with no basis (Plusjeklas)": (
        "consent-withdrawal-missing",
        unwithdrawn(basis="unstated"),
        True,
    ),
    "withdrawal: no basis, opt-in described": (
        "consent-withdrawal-missing",
        unwithdrawn(basis="unstated", channels=["post"], opt_in="double"),
        True,
    ),
    "withdrawal: no basis, how to withdraw given": (
        "consent-withdrawal-missing",
        unwithdrawn(basis="unstated", withdraw="Via de afmeldlink"),
        False,
    ),
    "withdrawal: existing customers, no consent needed": (
        "consent-withdrawal-missing",
        unwithdrawn(basis="unstated", existing_customers=True, opt_out_at_collection=True),
        False,
    ),
    "withdrawal: marketing by post on legitimate interest": (
        "consent-withdrawal-missing",
        unwithdrawn(basis="legitimate_interest", interest="Klantbinding", channels=["post"]),
        False,
    ),
    "withdrawal: advertising cookies (Connect Me Now)": (
        "consent-withdrawal-missing",
        {
            "rights": NO_WITHDRAW,
            "purposes": {"newsletter": {"withdraw": "Via de afmeldlink"}},
            "cookies": {"_fbp": {"provider": "Meta", "category": "marketing", "consent": "asked"}},
        },
        True,
    ),
    "withdrawal: privacy-friendly analytics": (
        "consent-withdrawal-missing",
        {
            "rights": NO_WITHDRAW,
            "purposes": {"newsletter": {"withdraw": "Via de afmeldlink"}},
            "cookies": {"_ga": {"category": "analytics", "privacy_friendly": True}},
        },
        False,
    ),
    "withdrawal: functional cookies only": (
        "consent-withdrawal-missing",
        unwithdrawn(),
        False,
    ),
    "withdrawal: declared impossible is its own rule": (
        "consent-withdrawal-missing",
        {"rights": NO_WITHDRAW, "purposes": {"newsletter": {"withdrawable": False}}},
        False,
    ),
    "basis: an invalid ground is reported once": (
        "basis-missing",
        {
            "purposes": {
                "newsletter": {"basis": "unstated", "invalid_basis": "Akkoord door gebruik"}
            }
        },
        False,
    ),
    "basis: a purpose processed for a client": (
        "basis-missing",
        {"purposes": {"delivery": {"basis": "unstated", "role": "processor"}}},
        False,
    ),
    "basis: a purpose another controller decides, which the statement informs about": (
        "basis-missing",
        {
            "parties": {"school": {"name": "De Linde", "email": "info@delinde.nl"}},
            "purposes": {"delivery": {"basis": "unstated", "controller": "school"}},
        },
        True,
    ),
    "basis: a purpose decided jointly": (
        "basis-missing",
        {
            "parties": {"school": {"name": "De Linde", "email": "info@delinde.nl"}},
            "purposes": {
                "delivery": {
                    "basis": "unstated",
                    "controller": "school",
                    "role": "joint_controller",
                }
            },
        },
        True,
    ),
    "other controller: a name and a contact page": (
        "purpose-controller-unidentified",
        {
            "parties": {"school": {"name": "De Linde", "contact_form": "https://delinde.nl/c"}},
            "purposes": {"delivery": {"controller": "school"}},
        },
        False,
    ),
    "authority: legitimate interest in a list": (
        "public-authority-legitimate-interest",
        {
            "controller": AUTHORITY,
            "purposes": {"security": {"basis": ["public_task", "legitimate_interest"]}},
        },
        True,
    ),
    "authority: processing for another controller": (
        "public-authority-legitimate-interest",
        {"controller": AUTHORITY, "purposes": {"security": {"role": "processor"}}},
        False,
    ),
    "unsuitable: consent for what the law requires": (
        "consent-basis-unsuitable",
        {
            "purposes": {
                "tax_records": {
                    "label": "Belastingaangifte",
                    "basis": "consent",
                    "categories": ["name", "address"],
                    "subjects": ["customer"],
                    "recipients": "none",
                    "retention": "account",
                    "requirement": {"kind": "statutory"},
                }
            }
        },
        True,
    ),
    "unsuitable: invoicing on consent": (
        "consent-basis-unsuitable",
        {
            "purposes": {
                "billing": {
                    "basis": "consent",
                    "categories": ["name", "address"],
                    "subjects": ["customer"],
                    "recipients": "none",
                    "retention": "account",
                }
            }
        },
        True,
    ),
    "unsuitable: a consent list is basis-ambiguous's": (
        "consent-basis-unsuitable",
        {"purposes": {"delivery": {"basis": ["consent", "contract"]}}},
        False,
    ),
    "unsuitable: optional data on consent": (
        "consent-basis-unsuitable",
        {"purposes": {"delivery": {"basis": "consent", "requirement": {"kind": "optional"}}}},
        True,  # delivery is still needed for the contract (its DPV purpose)
    ),
    "unsuitable: security on consent": (
        "consent-basis-unsuitable",
        {
            "purposes": {
                "security": {"basis": "consent", "interest": DELETE, "balancing_test": DELETE}
            }
        },
        True,
    ),
    "unsuitable: an optional custom purpose": (
        "consent-basis-unsuitable",
        {
            "purposes": {
                "reviews": {
                    "label": "Reviews",
                    "basis": "consent",
                    "categories": ["name"],
                    "subjects": ["customer"],
                    "recipients": "none",
                    "retention": "account",
                    "requirement": {"kind": "optional"},
                }
            }
        },
        False,
    ),
}


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_rule_on_a_class_of_declaration(name: str) -> None:
    rule_id, patch, fires = CLASSES[name]
    assert (rule_id in rule_ids(patch)) is fires


# The severity is part of the rule: what the law requires the statement to say (an
# error), what is incomplete but names something (a warning).
SEVERITIES = {
    "basis-ambiguous": Severity.WARNING,
    "controller-contact-missing": Severity.WARNING,
    "controller-identity-unclear": Severity.ERROR,
    "controller-unreachable": Severity.ERROR,
    "controller-identity-weak": Severity.WARNING,
    "legitimate-interest-missing": Severity.ERROR,
    "consent-not-withdrawable": Severity.ERROR,
    "basis-invalid": Severity.ERROR,
    "public-authority-legitimate-interest": Severity.ERROR,
    "dpo-missing": Severity.ERROR,
    "consent-basis-unsuitable": Severity.WARNING,
    "rights-conditional": Severity.WARNING,
}


@pytest.mark.parametrize("rule_id", sorted(SEVERITIES))
def test_severity(rule_id: str) -> None:
    assert all_rules()[rule_id].severity is SEVERITIES[rule_id]


def test_a_statement_that_names_no_purpose_names_no_basis_and_no_period() -> None:
    # Without any purpose there is no purpose to miss a basis or a period: the checker
    # says so of the statement as a whole (Art. 13(1)(c), 13(2)(a)).
    silent = rule_ids({"purposes": DELETE, "retention": DELETE})
    assert {"basis-missing", "retention-missing"} <= silent
    # A period declared somewhere is something said about keeping data.
    with_period = rule_ids({"purposes": DELETE, "retention": {"account": {"keep": "P2Y"}}})
    assert "basis-missing" in with_period and "retention-missing" not in with_period
    # With purposes, the findings stay per purpose (the base declaration has all of them).
    assert not {"basis-missing", "retention-missing"} & rule_ids({})
