"""The checker's rules on data: categories and purposes, retention, recipients and
transfers, cookies, children, security and the statement's words.

``CASES`` gives each rule of this theme a declaration that breaks it and one that
passes (``test_rules.py`` holds every rule to having one). The tables below hold each
class of statement a rule must tell apart: what a careful reader reports, and what it
must leave alone, so that neither a false alarm nor a miss comes back.
"""

from __future__ import annotations

from typing import Any

import pytest

from .test_rules import BASE, DELETE, US_PROCESSOR, rule_ids

NL_EN = dict[str, str]


def text(nl: str, en: str | None = None) -> NL_EN:
    return {"nl": nl, "en": en or nl}


def criteria(nl: str, en: str | None = None) -> dict[str, Any]:
    """A patch: the account rule gives only criteria, no period."""
    return {"retention": {"account": {"keep": DELETE, "criteria": text(nl, en)}}}


def with_recipient(key: str, recipient: dict[str, Any]) -> dict[str, Any]:
    """A patch: ``recipient`` receives the delivery data."""
    return {
        "recipients": {key: recipient},
        "purposes": {"delivery": {"recipients": ["postnl", key]}},
    }


def with_category(key: str, category: dict[str, Any], *, used: bool = True) -> dict[str, Any]:
    """A patch: the declaration holds ``key``, for delivery unless ``used`` is false."""
    patch: dict[str, Any] = {"categories": {key: category}}
    if used:
        patch["purposes"] = {"delivery": {"categories": ["name", "email", "address", key]}}
    return patch


def with_cookie(**cookie: Any) -> dict[str, Any]:
    return {"cookies": {"probe": cookie}}


def quoted(sentence: str) -> dict[str, Any]:
    """A patch: the statement's words about PostNL."""
    return {"recipients": {"postnl": {"quote": sentence}}}


FISCAL = {"keep": "P7Y", "hold": "AWR art. 52 lid 4"}
#: Removes the base's measures (patches merge mappings).
NO_MEASURES = {"encryption_in_transit": DELETE, "access_control": DELETE}

#: A cookie that needs consent: the sign of an online service a child could join.
TRACKING: dict[str, Any] = {
    "cookies": {
        "_fbp": {
            "provider": "Meta",
            "category": "marketing",
            "purpose": text("Advertenties", "Advertising"),
            "expiry": "P3M",
            "consent": "asked",
        }
    }
}


# rule id -> (a patch that breaks it, a patch that passes it)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "low-risk-data-unused": (
        with_category("location", {"source": "observed"}, used=False),
        with_category("location", {"source": "observed"}),
    ),
    "purpose-vague": (
        {
            "purposes": {
                "delivery": {
                    "label": text(
                        "Voor het doel waarvoor u de gegevens heeft verstrekt",
                        "For the purpose for which you provided the data",
                    )
                }
            }
        },
        {"purposes": {"delivery": {"label": text("Uw bestelling bezorgen", "Delivering")}}},
    ),
    "retention-contradictory": (
        {
            "categories": {"email": {"retention": "account"}},
            "retention": {"fiscal": FISCAL},
            "purposes": {"delivery": {"retention": "fiscal"}},
        },
        {
            "categories": {"email": {"retention": "account"}},
            "retention": {"fiscal": {**FISCAL, "keeps": ["name", "address"]}},
            "purposes": {"delivery": {"retention": "fiscal"}},
        },
    ),
    "retention-beyond-statute": (
        {"retention": {"account": {"keep": "P10Y", "hold": "fiscale bewaarplicht"}}},
        {"retention": {"account": {"keep": "P7Y", "hold": "fiscale bewaarplicht"}}},
    ),
    "recipient-unnamed": (
        with_recipient("derden", {"name": "Derden", "role": "third_party", "country": "NL"}),
        with_recipient(
            "derden",
            {
                "name": "Derden",
                "named": False,
                "label": text("Ons administratiekantoor", "Our accounting firm"),
                "role": "processor",
                "country": "NL",
                "agreement": True,
            },
        ),
    ),
    "recipient-country-europe": (
        with_recipient("host", {"name": "Host B.V.", "role": "processor", "country": "Europe"}),
        with_recipient("host", {"name": "Host B.V.", "role": "processor", "country": "EEA"}),
    ),
    "transfer-safeguard-invalid": (
        with_recipient(
            "acme", {**US_PROCESSOR, "transfer": "unstated", "safeguard_text": "GDPR compliant"}
        ),
        with_recipient(
            "acme", {**US_PROCESSOR, "transfer": "scc", "safeguard_text": "GDPR compliant"}
        ),
    ),
    "transfer-recipients-unstated": (
        {"transfers": {"abroad": {"countries": "unstated", "transfer": "scc"}}},
        {"transfers": {"abroad": {"countries": ["DE", "BE"]}}},
    ),
    "age-limit-unstated": (
        {**with_category("date_of_birth", {}), **TRACKING},
        {**with_category("date_of_birth", {}), **TRACKING, "children": {"min_age": "none"}},
    ),
    "security-not-specific": (
        {
            **with_category("third_party_credentials", {}),
            "security": {"measures": {**NO_MEASURES, "staff_confidentiality": {}}},
        },
        {
            **with_category("third_party_credentials", {}),
            "security": {
                "measures": {**NO_MEASURES, "staff_confidentiality": {}, "encryption_at_rest": {}}
            },
        },
    ),
    "outdated-law": (
        quoted("Wij houden ons aan de Wet bescherming persoonsgegevens."),
        quoted("De Autoriteit Persoonsgegevens (voorheen het CBP) houdt toezicht."),
    ),
    "outdated-term": (
        quoted("Met PostNL hebben wij een bewerkersovereenkomst gesloten."),
        quoted("Met PostNL hebben wij een verwerkersovereenkomst gesloten."),
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_on_the_breaking_declaration(rule_id: str) -> None:
    bad, _good = CASES[rule_id]
    assert rule_id in rule_ids(bad)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_on_the_fixed_declaration(rule_id: str) -> None:
    _bad, good = CASES[rule_id]
    assert rule_id not in rule_ids(good)


def test_the_base_is_what_the_cases_patch() -> None:
    assert "delivery" in BASE["purposes"] and "postnl" in BASE["recipients"]


def judged(cases: list[tuple[str, dict[str, Any], bool]]) -> list[Any]:
    return [pytest.param(patch, fires, id=name) for name, patch, fires in cases]


# --- retention-vague: necessity alone is vague; an event, a statute or a condition is not

VAGUE_RETENTION: list[tuple[str, dict[str, Any], bool]] = [
    (
        "necessary-for-the-purposes",
        criteria(
            "Niet langer dan de verplichte wettelijke termijn voorschrijft of, indien een "
            "dergelijke wettelijke termijn niet van toepassing is, niet langer dan strikt nodig "
            "is voor het realiseren van de doeleinden waarvoor de gegevens zijn verzameld.",
            "No longer than the statutory term requires or, where no statutory term applies, "
            "no longer than strictly necessary for the purposes for which the data was "
            "collected.",
        ),
        True,
    ),
    (
        "never-longer-than-strictly-necessary",
        criteria("Nooit langer dan strikt noodzakelijk."),
        True,
    ),
    (
        "as-long-as-needed-for-our-services",
        criteria(
            "Alleen zolang dit nodig is voor onze dienstverlening.",
            "Only as long as needed for our services.",
        ),
        True,
    ),
    (
        "in-order-to-achieve-the-purposes",
        criteria("Zo lang als nodig.", "As long as necessary in order to achieve the purposes."),
        True,
    ),
    (
        "until-the-purpose-is-met",
        criteria("Tot het doel is bereikt.", "Until the purpose is met."),
        True,
    ),
    (
        "after-the-purpose-is-achieved",
        criteria("Na het bereiken van het doel.", "After the purpose has been achieved."),
        True,
    ),
    (
        "statutory-term-without-a-law",
        {"retention": {"account": {"keep": DELETE, "hold": "de verplichte wettelijke termijn"}}},
        True,
    ),
    (
        "after-collection-is-no-event",
        {
            "retention": {
                "account": {
                    "keep": DELETE,
                    "after": "collection",
                    "criteria": text("Zo lang als nodig."),
                }
            }
        },
        True,
    ),
    (
        "as-soon-as-possible-after-unsubscribing",
        criteria("Zo spoedig mogelijk na afmelding.", "As soon as possible after unsubscribing."),
        False,
    ),
    (
        "an-event-without-a-period",
        {
            "retention": {
                "account": {
                    "keep": DELETE,
                    "after": "consent_withdrawn",
                    "criteria": text("Zo spoedig mogelijk.", "As soon as possible."),
                }
            }
        },
        False,
    ),
    (
        "until-you-clear-your-browser-cache",
        criteria("Tot u uw browsercache leegt.", "Until you clear your browser cache."),
        False,
    ),
    (
        "as-long-as-you-are-a-customer",
        criteria("Zolang u klant bent.", "While you are a customer."),
        False,
    ),
    (
        "the-statutory-tax-term",
        {"retention": {"account": {"keep": DELETE, "hold": "AWR art. 52 lid 4"}}},
        False,
    ),
    (
        "the-tax-authority",
        {
            "retention": {
                "account": {
                    "keep": DELETE,
                    "hold": "wettelijke verplichtingen voor de Belastingdienst",
                }
            }
        },
        False,
    ),
    (
        "anonymised-data",
        {
            **criteria("Zo lang als nodig."),
            "categories": {c: {"anonymised": True} for c in ("name", "email", "address")},
        },
        False,
    ),
    (
        "a-principle-that-holds-no-data",
        {"retention": {"principle": {"criteria": text("Nooit langer dan strikt noodzakelijk.")}}},
        False,
    ),
    (
        "a-vague-rule-a-table-keeps-its-rows-by",
        {
            "retention": {"principle": {"criteria": text("Nooit langer dan strikt noodzakelijk.")}},
            "datastores": {
                "shop": {"url": "sqlite://", "tables": {"t": {"retention": "principle"}}}
            },
        },
        True,
    ),
    (
        "a-vague-rule-a-category-carries",
        {
            "retention": {"principle": {"criteria": text("Nooit langer dan strikt noodzakelijk.")}},
            "categories": {"name": {"retention": "principle"}},
        },
        True,
    ),
    (
        "anonymised-and-personal-data",
        {**criteria("Zo lang als nodig."), "categories": {"name": {"anonymised": True}}},
        True,
    ),
]


@pytest.mark.parametrize(("patch", "fires"), judged(VAGUE_RETENTION))
def test_retention_vague(patch: dict[str, Any], fires: bool) -> None:
    assert ("retention-vague" in rule_ids(patch)) is fires


# --- retention-contradictory and retention-beyond-statute

CONTRADICTIONS: list[tuple[str, dict[str, Any], bool]] = [
    (
        "a-category-deleted-early-and-kept-under-a-hold-named-in-keeps",
        {
            "categories": {"email": {"retention": "account"}},
            "retention": {"fiscal": {**FISCAL, "keeps": ["email"]}},
        },
        True,
    ),
    (
        "a-hold-without-a-period-outlasts-a-short-rule",
        {
            "categories": {"email": {"retention": "account"}},
            "retention": {"fiscal": {"hold": "AWR art. 52"}},
            "purposes": {"delivery": {"retention": "fiscal"}},
        },
        True,
    ),
    (
        "the-short-rule-yields-to-the-hold",
        {
            "categories": {"email": {"retention": "account"}},
            "retention": {"account": {"hold": "AWR art. 52"}, "fiscal": FISCAL},
            "purposes": {"delivery": {"retention": "fiscal"}},
        },
        False,
    ),
    (
        "periods-per-purpose-are-no-contradiction",
        {
            "retention": {"fiscal": FISCAL},
            "purposes": {"delivery": {"retention": "fiscal"}},
        },
        False,
    ),
    (
        "the-own-rule-is-the-longer-one",
        {
            "categories": {"email": {"retention": "long"}},
            "retention": {"long": {"keep": "P10Y"}, "fiscal": FISCAL},
            "purposes": {"delivery": {"retention": "fiscal"}},
        },
        False,
    ),
]


@pytest.mark.parametrize(("patch", "fires"), judged(CONTRADICTIONS))
def test_retention_contradictory(patch: dict[str, Any], fires: bool) -> None:
    assert ("retention-contradictory" in rule_ids(patch)) is fires


BEYOND_STATUTE: list[tuple[str, dict[str, Any], bool]] = [
    (
        "ten-years-under-awr",
        {"retention": {"account": {"keep": "P10Y", "hold": "AWR art. 52"}}},
        True,
    ),
    ("eight-years-under-bw", {"retention": {"account": {"keep": "P8Y", "hold": "BW 2:10"}}}, True),
    (
        "ten-years-fiscal-in-the-label",
        {
            "retention": {
                "account": {"keep": "P10Y", "label": text("Fiscaal: 10 jaar", "Tax: 10 years")}
            }
        },
        True,
    ),
    (
        "real-estate",
        {
            "retention": {
                "account": {"keep": "P10Y", "hold": "AWR art. 52 lid 5 (onroerende zaken)"}
            }
        },
        False,
    ),
    ("seven-years", {"retention": {"account": {"keep": "P84M", "hold": "AWR art. 52"}}}, False),
    (
        "another-statute",
        {
            "retention": {
                "account": {"keep": "P10Y", "hold": "Wet op de medische behandelingsovereenkomst"}
            }
        },
        False,
    ),
]


@pytest.mark.parametrize(("patch", "fires"), judged(BEYOND_STATUTE))
def test_retention_beyond_statute(patch: dict[str, Any], fires: bool) -> None:
    assert ("retention-beyond-statute" in rule_ids(patch)) is fires


# --- cookie-details-missing: exempt cookies owe no details (Tw art. 11.7a lid 3)

PURPOSE = text("Meten", "Measuring")
COOKIES: list[tuple[str, dict[str, Any], bool]] = [
    (
        "functional-without-name-or-expiry",
        with_cookie(name="unstated", provider="Voorbeeld", category="functional", purpose=PURPOSE),
        False,
    ),
    (
        "privacy-friendly-analytics-without-expiry",
        with_cookie(
            provider="Voorbeeld", category="analytics", privacy_friendly=True, purpose=PURPOSE
        ),
        False,
    ),
    (
        "tracking-analytics-without-expiry",
        with_cookie(
            provider="Voorbeeld",
            category="analytics",
            privacy_friendly=False,
            consent="asked",
            purpose=PURPOSE,
        ),
        True,
    ),
    (
        "marketing-with-a-lifetime-as-criterion",
        with_cookie(
            provider="Voorbeeld",
            category="marketing",
            consent="asked",
            purpose=PURPOSE,
            expiry="unstated",
            expiry_criteria=text("Tot u uw browsercache leegt.", "Until you clear your cache."),
        ),
        False,
    ),
    ("unknown-category", with_cookie(provider="Voorbeeld", purpose=PURPOSE, expiry="P1Y"), True),
]


@pytest.mark.parametrize(("patch", "fires"), judged(COOKIES))
def test_cookie_details(patch: dict[str, Any], fires: bool) -> None:
    assert ("cookie-details-missing" in rule_ids(patch)) is fires


# --- category-unused (warning) and low-risk-data-unused (info)

UNUSED = [
    (
        "provided-data",
        with_category("date_of_birth", {"source": "subject"}, used=False),
        "category-unused",
    ),
    ("source-not-stated", with_category("contact_list", {}, used=False), "category-unused"),
    (
        "observed-data",
        with_category("browser", {"source": "observed"}, used=False),
        "low-risk-data-unused",
    ),
    ("a-business-identifier", with_category("kvk", {}, used=False), "low-risk-data-unused"),
    (
        "observed-special-data",
        with_category("health", {"source": "observed"}, used=False),
        "category-unused",
    ),
]


@pytest.mark.parametrize(("patch", "expected"), [pytest.param(p, r, id=n) for n, p, r in UNUSED])
def test_unused_category_severity(patch: dict[str, Any], expected: str) -> None:
    found = rule_ids(patch) & {"category-unused", "low-risk-data-unused"}
    assert found == {expected}


def test_client_processing_uses_a_category() -> None:
    patch = {
        **with_category("contact_list", {}, used=False),
        "controller": {"role": "both"},
        "processing_for": {
            "clients": {
                "controller": {"name": "Klanten"},
                "label": text("Hosting"),
                "categories": ["contact_list"],
                "subjects": ["customer"],
                "agreement": "DPA",
            }
        },
    }
    assert "category-unused" not in rule_ids(patch)


# --- purpose-vague: only purposes that name no purpose at all

PURPOSES = [
    ("other-purposes", text("Andere doeleinden", "Other purposes"), True),
    ("internal-business-purposes", text("Voor interne zakelijke doeleinden"), True),
    ("all-lawful-purposes", text("All lawful purposes"), True),
    ("improving-services", text("Verbeteren van onze dienstverlening"), False),
    ("business-operations", text("Bedrijfsvoering, registratie in het CRM-systeem"), False),
    ("analytics", text("Analyses voor statistische en analytische doeleinden"), False),
]


@pytest.mark.parametrize(
    ("label", "fires"), [pytest.param(label, f, id=n) for n, label, f in PURPOSES]
)
def test_purpose_vague(label: NL_EN, fires: bool) -> None:
    patch = {"purposes": {"delivery": {"label": label}}}
    assert ("purpose-vague" in rule_ids(patch)) is fires


# --- recipients: unnamed kinds, Europe, safeguards in words, transfer clauses

RECIPIENT = {"name": "Host B.V.", "role": "processor", "country": "NL", "agreement": True}
RECIPIENTS = [
    ("derden", {**RECIPIENT, "name": "Derden"}, True),
    ("resellers", {**RECIPIENT, "name": "Resellers en andere ingeschakelde bedrijven"}, True),
    (
        "companies-that-perform-the-agreement",
        {
            **RECIPIENT,
            "name": "Resellers",
            "named": False,
            "label": text(
                "Resellers en andere bedrijven die delen van de overeenkomst uitvoeren",
                "Resellers and other companies that carry out parts of the agreement",
            ),
        },
        True,
    ),
    ("nothing-said", {**RECIPIENT, "name": "unstated"}, True),
    ("derden-not-named", {**RECIPIENT, "name": "Derden (niet genoemd)"}, True),
    (
        "a-kind-of-party",
        {**RECIPIENT, "name": "unstated", "label": text("Internetbankieromgeving", "Online bank")},
        False,
    ),
    ("an-external-web-administrator", {**RECIPIENT, "name": "Externe webbeheerder"}, False),
    ("it-service-providers", {**RECIPIENT, "name": "IT-dienstverleners"}, False),
    (
        "competent-authorities",
        {**RECIPIENT, "role": "authority", "name": "Bevoegde instanties"},
        False,
    ),
    ("a-company", {**RECIPIENT, "name": "Drukkerij Jansen B.V."}, False),
    ("named-true-wins", {**RECIPIENT, "name": "Partners", "named": True}, False),
]


@pytest.mark.parametrize(
    ("recipient", "fires"), [pytest.param(r, f, id=n) for n, r, f in RECIPIENTS]
)
def test_recipient_unnamed(recipient: dict[str, Any], fires: bool) -> None:
    assert ("recipient-unnamed" in rule_ids(with_recipient("r", recipient))) is fires


def test_europe_is_a_warning_not_a_missing_mechanism() -> None:
    found = rule_ids(with_recipient("host", {**RECIPIENT, "country": "Europe"}))
    assert "recipient-country-europe" in found
    assert not found & {"transfer-mechanism-missing", "recipient-country-unstated"}


def test_a_safeguard_in_words_is_one_error_not_two() -> None:
    found = rule_ids(
        with_recipient("acme", {**US_PROCESSOR, "safeguard_text": "Zorgvuldig geselecteerd"})
    )
    assert "transfer-safeguard-invalid" in found
    assert "transfer-mechanism-missing" not in found


def test_privacy_shield_in_words_is_one_error() -> None:
    found = rule_ids(
        with_recipient(
            "acme", {**US_PROCESSOR, "transfer": "privacy_shield", "safeguard_text": "Shield"}
        )
    )
    assert "transfer-privacy-shield" in found
    assert "transfer-safeguard-invalid" not in found


def test_a_safeguard_in_words_within_the_eea_is_no_transfer() -> None:
    found = rule_ids(with_recipient("host", {**RECIPIENT, "safeguard_text": "AVG-proof"}))
    assert "transfer-safeguard-invalid" not in found


CLAUSES = [
    (
        "no-mechanism",
        {"countries": "unstated", "transfer": "unstated"},
        {"transfer-mechanism-missing", "transfer-recipients-unstated"},
    ),
    (
        "privacy-shield",
        {"countries": ["US"], "transfer": "privacy_shield"},
        {"transfer-privacy-shield"},
    ),
    (
        "adequacy-for-the-us",
        {"countries": ["US"], "transfer": "adequacy"},
        {"transfer-adequacy-invalid"},
    ),
    (
        "safeguard-in-words",
        {"countries": ["US"], "safeguard_text": "GDPR compliant"},
        {"transfer-safeguard-invalid"},
    ),
    ("adequate-country", {"countries": ["CH"]}, set[str]()),
    ("scc", {"countries": "unstated", "transfer": "scc"}, set[str]()),
    ("europe", {"countries": ["Europe"]}, {"recipient-country-europe"}),
]
CLAUSE_RULES = {
    "transfer-mechanism-missing",
    "transfer-privacy-shield",
    "transfer-adequacy-invalid",
    "transfer-safeguard-invalid",
    "recipient-country-europe",
}


@pytest.mark.parametrize(("clause", "expected"), [pytest.param(c, e, id=n) for n, c, e in CLAUSES])
def test_transfer_clause(clause: dict[str, Any], expected: set[str]) -> None:
    found = rule_ids({"transfers": {"abroad": clause}})
    assert "transfer-recipients-unstated" in found
    assert found & (CLAUSE_RULES | {"transfer-recipients-unstated"}) == expected | {
        "transfer-recipients-unstated"
    }


# --- age-limit-unstated: a date of birth in an online service that takes consent, and
# no age limit (children among the subjects are for children-consent-age)

AGES: list[tuple[str, dict[str, Any], bool]] = [
    ("date-of-birth-online", {**with_category("date_of_birth", {}), **TRACKING}, True),
    (
        "date-of-birth-tied-to-no-purpose",
        {**with_category("date_of_birth", {}, used=False), **TRACKING},
        True,
    ),
    # A practice or club that notes a birth date runs no online service a child joins.
    ("date-of-birth-offline", with_category("date_of_birth", {}), False),
    (
        "pupils-are-for-children-consent-age",
        {"subjects": {"leerling": {"label": text("Leerling", "Pupil")}}, **TRACKING},
        False,
    ),
    (
        "an-age-limit",
        {**with_category("date_of_birth", {}), **TRACKING, "children": {"min_age": 16}},
        False,
    ),
    (
        "no-limit-stated-as-such",
        {"subjects": {"child": {}}, "children": {"min_age": "none"}},
        False,
    ),
    (
        "staff-only",
        {
            "subjects": {"employee": {}},
            "categories": {"date_of_birth": {}},
            "purposes": {
                "payroll": {
                    "basis": "legal_obligation",
                    "subjects": ["employee"],
                    "categories": ["date_of_birth"],
                    "recipients": "none",
                    "retention": "account",
                    "requirement": {"kind": "statutory"},
                }
            },
        },
        False,
    ),
    ("students-are-no-signal", {"subjects": {"student": {}}}, False),
]


@pytest.mark.parametrize(("patch", "fires"), judged(AGES))
def test_age_limit(patch: dict[str, Any], fires: bool) -> None:
    assert ("age-limit-unstated" in rule_ids(patch)) is fires


#: Children among the subjects of a statement that relies on consent (BASE has a
#: newsletter on consent): a parent consents for those under 16, unless it says so.
CHILDREN: list[tuple[str, dict[str, Any], bool]] = [
    ("pupils", {"subjects": {"leerling": {"label": text("Leerling", "Pupil")}}}, True),
    ("pupils-by-label", {"subjects": {"klas": {"label": text("Leerlingen", "Pupils")}}}, True),
    (
        "parents-consent",
        {
            "subjects": {"leerling": {"label": text("Leerling", "Pupil")}},
            "children": {"parental_consent": True},
        },
        False,
    ),
    (
        "no-consent-relied-on",
        {
            "subjects": {"leerling": {"label": text("Leerling", "Pupil")}},
            "purposes": {"newsletter": {"basis": "contract", "opt_in": DELETE}},
        },
        False,
    ),
]


@pytest.mark.parametrize(("patch", "fires"), judged(CHILDREN))
def test_children_consent_without_a_parent(patch: dict[str, Any], fires: bool) -> None:
    assert ("children-consent-age" in rule_ids(patch)) is fires


# --- security-not-specific: high-risk data needs a named technical measure

VAGUE_SECURITY = {"security": {"description": text("Passende maatregelen"), "measures": DELETE}}
SECURITY: list[tuple[str, dict[str, Any], bool]] = [
    ("special-category", {**with_category("health", {}), **VAGUE_SECURITY}, True),
    ("bsn", {**with_category("bsn", {"statute": "Wet IB 2001"}), **VAGUE_SECURITY}, True),
    ("payment-card", {**with_category("payment_card", {}), **VAGUE_SECURITY}, True),
    ("an-iban-is-ordinary", {**with_category("iban", {}), **VAGUE_SECURITY}, False),
    ("ordinary-data", VAGUE_SECURITY, False),
    (
        "credentials-with-access-control",
        {
            **with_category("third_party_credentials", {}),
            "security": {"measures": {**NO_MEASURES, "access_control": {}}},
        },
        False,
    ),
]


@pytest.mark.parametrize(("patch", "fires"), judged(SECURITY))
def test_security_not_specific(patch: dict[str, Any], fires: bool) -> None:
    assert ("security-not-specific" in rule_ids(patch)) is fires


# --- outdated terms, wherever the statement's words are recorded

TERMS = [
    ("wbp", quoted("Conform de Wbp bewaren wij uw gegevens."), "outdated-law"),
    ("cbp", quoted("U kunt een klacht indienen bij het CBP."), "outdated-law"),
    (
        "college",
        {"rights": {"quote": "Klachten gaan naar het College bescherming persoonsgegevens."}},
        "outdated-law",
    ),
    (
        "in-a-label",
        {
            "purposes": {
                "delivery": {"description": text("Volgens de Wet bescherming persoonsgegevens")}
            }
        },
        "outdated-law",
    ),
    ("bewerker", quoted("PostNL is onze bewerker."), "outdated-term"),
    ("replaced", quoted("De Wbp is in 2018 vervangen door de AVG."), None),
    ("a-word-with-wbp-inside", quoted("Zie https://example.nl/wbp-archief en WBPX."), None),
    ("editing", quoted("De vorm van bewerking is zeer beperkt."), None),
]


@pytest.mark.parametrize(("patch", "expected"), [pytest.param(p, e, id=n) for n, p, e in TERMS])
def test_outdated_terms(patch: dict[str, Any], expected: str | None) -> None:
    found = rule_ids(patch) & {"outdated-law", "outdated-term"}
    assert found == ({expected} if expected else set())


# --- the catalogue's knowledge by a statement's own names


def test_a_provider_named_in_the_statements_words_is_judged_by_the_catalogue() -> None:
    """A recipient under a key of the declaration's own, named as the statement names it
    ("Firebase (Google Cloud)"), is still known to be in the US: a transfer without a
    mechanism is an error, whatever the key."""
    app = {
        "recipients": {"cloud": {"name": "Firebase (Google Cloud)", "country": "unstated"}},
        "purposes": {"delivery": {"recipients": ["postnl", "cloud"]}},
    }
    assert "transfer-mechanism-missing" in rule_ids(app)
    local = {
        "recipients": {"cloud": {"name": "Eigen Hosting B.V.", "country": "unstated"}},
        "purposes": {"delivery": {"recipients": ["postnl", "cloud"]}},
    }
    assert "transfer-mechanism-missing" not in rule_ids(local)


@pytest.mark.parametrize(
    ("provider", "fires"),
    [("youtube", True), ("YouTube", True), ("meta", True), ("Eigen Website B.V.", False)],
)
def test_an_unnamed_cookie_of_a_tracking_platform_needs_consent(provider: str, fires: bool) -> None:
    """ "YouTube may place cookies": which ones is not said, so the cookie is judged by
    what the platform places, marketing cookies included (CJEU C-40/17 Fashion ID)."""
    patch = {
        "cookies": {"embed": {"name": "unstated", "provider": provider, "consent": "unstated"}}
    }
    assert ("cookie-consent-missing" in rule_ids(patch)) is fires
