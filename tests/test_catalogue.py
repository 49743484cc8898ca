"""Properties of the built-in catalogues, checked over every entry."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import babel
import pytest
import yaml

from waarborg import catalogue
from waarborg.catalogue import (
    EEA_COUNTRIES,
    Authority,
    Basis,
    Category,
    Condition,
    Label,
    Measure,
    Purpose,
    Recipient,
    SubjectType,
)

REPO = Path(__file__).resolve().parents[1]
DATA = resources.files("waarborg.catalogue").joinpath("data")
OCD_SOURCE = REPO.parent / "shared" / "data" / "open-cookie-database"

SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
KEBAB = re.compile(r"^[a-z]{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DURATION = re.compile(
    r"^P(?!$)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$"
)
DPV_TERM = re.compile(r"^(?:dpv|pd|eu-gdpr):[A-Za-z0-9][A-Za-z0-9-]*$")

Entries = Mapping[str, Any]

# Every keyed catalogue, with its file and the style of its keys.
KEYED: dict[str, tuple[str, Callable[[], Entries], re.Pattern[str]]] = {
    "categories": ("categories.yaml", catalogue.categories, SNAKE),
    "purposes": ("purposes.yaml", catalogue.purposes, SNAKE),
    "bases": ("bases.yaml", catalogue.bases, SNAKE),
    "art9_conditions": ("art9_conditions.yaml", catalogue.art9_conditions, SNAKE),
    "authorities": ("authorities.yaml", catalogue.authorities, KEBAB),
    "recipients": ("recipients.yaml", catalogue.recipients, SNAKE),
    "measures": ("measures.yaml", catalogue.measures, SNAKE),
    "subjects": ("subjects.yaml", catalogue.subject_types, SNAKE),
}
YAML_FILES = [*(file for file, _, _ in KEYED.values()), "adequacy.yaml"]


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that rejects a mapping with the same key twice."""


def _construct_unique_mapping(
    loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


@cache
def _iso_countries() -> frozenset[str]:
    territories = babel.Locale("en").territories
    codes = (code for code in territories if isinstance(code, str))
    return frozenset(code for code in codes if re.fullmatch(r"[A-Z]{2}", code))


@cache
def _dpv_terms() -> frozenset[str]:
    lines = DATA.joinpath("dpv_terms.txt").read_text("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _labels(entries: Entries) -> list[tuple[str, Label]]:
    return [(key, entry.label) for key, entry in entries.items()]


# --- loading and keys --------------------------------------------------------------


@pytest.mark.parametrize("name", YAML_FILES)
def test_yaml_has_no_duplicate_keys(name: str) -> None:
    text = DATA.joinpath(name).read_text("utf-8")
    data = yaml.load(text, Loader=_UniqueKeyLoader)
    assert isinstance(data, dict) and data


def test_duplicate_key_loader_rejects_duplicates() -> None:
    with pytest.raises(yaml.constructor.ConstructorError, match="duplicate key"):
        yaml.load("a: 1\nb: 2\na: 3\n", Loader=_UniqueKeyLoader)


@pytest.mark.parametrize("name", sorted(KEYED))
def test_catalogue_loads_through_the_api(name: str) -> None:
    file, load, _ = KEYED[name]
    entries = load()
    raw = yaml.safe_load(DATA.joinpath(file).read_text("utf-8"))
    assert list(entries) == list(raw)


@pytest.mark.parametrize("name", sorted(KEYED))
def test_keys_follow_the_key_style(name: str) -> None:
    _, load, pattern = KEYED[name]
    bad = [key for key in load() if not pattern.match(key)]
    assert not bad


def test_adequacy_keys_are_country_codes() -> None:
    countries = catalogue.adequate_countries()
    assert set(countries) <= _iso_countries()


# --- labels ------------------------------------------------------------------------


def _all_labels() -> list[tuple[str, str, Label]]:
    rows = [(name, key, label) for name in KEYED for key, label in _labels(KEYED[name][1]())]
    rows += [("adequacy", key, label) for key, label in catalogue.adequate_countries().items()]
    return rows


@pytest.mark.parametrize(("catalogue_name", "key", "label"), _all_labels())
def test_label_exists_in_dutch_and_english(catalogue_name: str, key: str, label: Label) -> None:
    for text in (label.nl, label.en):
        assert text.strip() == text and text, (catalogue_name, key)
        assert text != key and "_" not in text, (catalogue_name, key)


@pytest.mark.parametrize(
    "entries",
    [catalogue.categories(), catalogue.purposes(), catalogue.bases()],
    ids=["categories", "purposes", "bases"],
)
def test_descriptions_are_complete_sentences(entries: Entries) -> None:
    for key, entry in entries.items():
        if entry.description is not None:
            for text in (entry.description.nl, entry.description.en):
                assert text and text.endswith("."), key


# --- DPV ---------------------------------------------------------------------------


def test_dpv_terms_file_is_sorted_unique_and_well_formed() -> None:
    text = DATA.joinpath("dpv_terms.txt").read_text("utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    terms = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert "W3C Software and Document License" in "\n".join(header)
    assert terms == sorted(set(terms))
    assert all(DPV_TERM.match(term) for term in terms)
    assert {"dpv:", "pd:", "eu-gdpr:"} == {term.split(":")[0] + ":" for term in terms}


def _dpv_values() -> list[tuple[str, str, str]]:
    rows = [(name, key, entry.dpv) for name in KEYED for key, entry in KEYED[name][1]().items()]
    rows += [("bases", key, basis.eu_gdpr) for key, basis in catalogue.bases().items()]
    return rows


@pytest.mark.parametrize(("catalogue_name", "key", "term"), _dpv_values())
def test_dpv_term_is_a_real_dpv_term(catalogue_name: str, key: str, term: str) -> None:
    assert term in _dpv_terms(), (catalogue_name, key)


@pytest.mark.parametrize(
    ("entries", "prefixes"),
    [
        (catalogue.categories(), ("pd:", "dpv:")),
        (catalogue.purposes(), ("dpv:",)),
        (catalogue.measures(), ("dpv:",)),
        (catalogue.subject_types(), ("dpv:",)),
        (catalogue.art9_conditions(), ("eu-gdpr:A9-2-",)),
    ],
    ids=["categories", "purposes", "measures", "subjects", "art9"],
)
def test_dpv_terms_come_from_the_right_namespace(
    entries: Entries, prefixes: tuple[str, ...]
) -> None:
    assert all(entry.dpv.startswith(prefixes) for entry in entries.values())


# --- sizes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("load", "minimum"),
    [
        (catalogue.categories, 60),
        (catalogue.purposes, 25),
        (catalogue.recipients, 50),
        (catalogue.measures, 20),
        (catalogue.subject_types, 15),
    ],
    ids=["categories", "purposes", "recipients", "measures", "subjects"],
)
def test_catalogue_is_large_enough(load: Callable[[], Entries], minimum: int) -> None:
    assert len(load()) >= minimum


# --- categories --------------------------------------------------------------------

REQUIRED_CATEGORIES = """
name first_name last_name email phone address postcode country_of_residence date_of_birth
age gender nationality bsn kvk vat_number iban bic bank_account payment_card brin
id_document_number passport_number id_card_number drivers_licence_number photo ip_address
location device_type browser user_agent cookie_id device_id online_identifier website_activity
cross_site_behaviour app_usage login_credentials third_party_credentials username password
account_data company_name company_address job_title correspondence call_recording
call_metadata invoice_data transaction_history purchase_history payment_data contact_list
user_content preferences health racial_ethnic_origin political_opinions religious_beliefs
trade_union_membership genetic_data biometric_data sex_life_orientation criminal_data
signature emergency_contact social_media_profile
""".split()
ART9 = {
    "health",
    "racial_ethnic_origin",
    "political_opinions",
    "religious_beliefs",
    "trade_union_membership",
    "genetic_data",
    "biometric_data",
    "sex_life_orientation",
}
GROUPS = set(
    "identity contact financial online location behaviour credentials official_id special "
    "criminal demographic employment education communication media other".split()
)


def test_required_categories_exist() -> None:
    assert set(REQUIRED_CATEGORIES) <= set(catalogue.categories())


def test_special_categories() -> None:
    cats: dict[str, Category] = catalogue.categories()
    assert {k for k, c in cats.items() if c.special == "art9"} == ART9
    assert {k for k, c in cats.items() if c.special == "art10"} == {"criminal_data"}
    assert {k for k, c in cats.items() if c.needs_statute} == {"bsn"}
    assert all(cats[k].group == "special" for k in ART9)


def test_category_groups_are_known() -> None:
    assert {c.group for c in catalogue.categories().values()} <= GROUPS


# --- purposes ----------------------------------------------------------------------

REQUIRED_PURPOSES = """
service_provision contract_performance customer_management customer_support billing
payment_processing bookkeeping legal_compliance tax_compliance newsletter direct_marketing
service_improvement service_usage_analytics website_analytics personalisation security
fraud_prevention account_management communication feedback recruitment hr delivery
advertising service_updates geolocation_services
""".split()


def test_required_purposes_exist() -> None:
    assert set(REQUIRED_PURPOSES) <= set(catalogue.purposes())


def test_direct_marketing_purposes() -> None:
    purposes: dict[str, Purpose] = catalogue.purposes()
    for key in ("newsletter", "direct_marketing", "advertising"):
        assert purposes[key].direct_marketing, key
    for key in ("service_provision", "service_updates", "website_analytics", "legal_compliance"):
        assert not purposes[key].direct_marketing, key


@pytest.mark.parametrize(
    ("key", "term"),
    [
        ("service_provision", "dpv:ServiceProvision"),
        ("customer_management", "dpv:CustomerManagement"),
        ("direct_marketing", "dpv:DirectMarketing"),
        ("service_usage_analytics", "dpv:ServiceUsageAnalytics"),
        ("legal_compliance", "dpv:LegalCompliance"),
    ],
)
def test_purpose_maps_to_the_expected_dpv_term(key: str, term: str) -> None:
    assert catalogue.purposes()[key].dpv == term


# --- legal bases and Art. 9(2) conditions ------------------------------------------

BASES = {
    "consent": ("6(1)(a)", "dpv:Consent", "eu-gdpr:A6-1-a"),
    "contract": ("6(1)(b)", "dpv:Contract", "eu-gdpr:A6-1-b"),
    "legal_obligation": ("6(1)(c)", "dpv:LegalObligation", "eu-gdpr:A6-1-c"),
    "vital_interest": ("6(1)(d)", "dpv:VitalInterest", "eu-gdpr:A6-1-d"),
    "public_task": ("6(1)(e)", "dpv:PublicInterest", "eu-gdpr:A6-1-e"),
    "legitimate_interest": ("6(1)(f)", "dpv:LegitimateInterest", "eu-gdpr:A6-1-f"),
}


def test_bases_are_exactly_the_six_of_article_6() -> None:
    bases: dict[str, Basis] = catalogue.bases()
    assert list(bases) == list(BASES)
    for key, (article, dpv, eu_gdpr) in BASES.items():
        assert (bases[key].article, bases[key].dpv, bases[key].eu_gdpr) == (article, dpv, eu_gdpr)
        assert bases[key].description is not None


def test_art9_conditions_are_the_ten_of_article_9_2() -> None:
    conditions: dict[str, Condition] = catalogue.art9_conditions()
    letters = "abcdefghij"
    assert len(conditions) == 10
    assert [c.article for c in conditions.values()] == [f"9(2)({x})" for x in letters]
    assert [c.dpv for c in conditions.values()] == [f"eu-gdpr:A9-2-{x}" for x in letters]
    assert {"explicit_consent", "vital_interest", "legal_claims", "health_care"} <= set(conditions)


# --- supervisory authorities -------------------------------------------------------


def test_every_eea_country_has_an_authority() -> None:
    countries = {a.country for a in catalogue.authorities().values()}
    assert countries >= EEA_COUNTRIES
    assert "GB" in countries


@pytest.mark.parametrize(("key", "authority"), list(catalogue.authorities().items()))
def test_authority_is_complete(key: str, authority: Authority) -> None:
    assert authority.country in _iso_countries()
    prefix = "uk" if authority.country == "GB" else authority.country.lower()
    assert key.startswith(prefix + "-")
    assert authority.name and authority.address
    assert authority.website.startswith("https://")
    assert authority.complaint_url.startswith("https://")
    assert authority.dpv in _dpv_terms()
    if authority.email is not None:
        assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", authority.email)


def test_dutch_authority_is_exact() -> None:
    ap = catalogue.authorities()["nl-ap"]
    assert ap.name == "Autoriteit Persoonsgegevens"
    assert ap.country == "NL"
    assert ap.address == "Hoge Nieuwstraat 8, 2514 EL Den Haag"
    assert ap.postal_address == "Postbus 93374, 2509 AJ Den Haag"
    assert ap.phone is not None and re.sub(r"\D", "", ap.phone) == "0881805250"
    assert ap.website == "https://autoriteitpersoonsgegevens.nl"
    assert ap.complaint_url.startswith("https://autoriteitpersoonsgegevens.nl/")
    assert "klacht" in ap.complaint_url


# --- recipients --------------------------------------------------------------------

SEED_RECIPIENTS = """
moneybird podio stack_transip dropbox mailchimp google_analytics google_signals gmail
shockmedia versio bitninja linkedin meta microsoft microsoft_365 microsoft_advertising
microsoft_clarity whatsapp
""".split()
REQUIRED_RECIPIENTS = [
    *SEED_RECIPIENTS,
    *"""
    google_workspace google_ads transip mollie exact snelstart e_boekhouden twinfield afas
    visma buckaroo adyen multisafepay pay_nl stripe paypal sendcloud postnl dhl laposta
    spotler hubspot salesforce zendesk intercom hotjar matomo_cloud cloudflare aws
    microsoft_azure hetzner ovhcloud hostnet antagonist mijndomein youtube vimeo tiktok
    pinterest x_twitter trengo zoom slack apple_icloud calendly typeform wordpress_com
    shopify wix squarespace lightspeed
    """.split(),
]
ROLE_DPV = {
    "processor": {"dpv:DataProcessor"},
    "controller": {"dpv:DataController", "dpv:ThirdParty"},
    "joint_controller": {"dpv:JointDataControllers"},
}


def test_required_recipients_exist() -> None:
    assert set(REQUIRED_RECIPIENTS) <= set(catalogue.recipients())


@pytest.mark.parametrize(("key", "recipient"), list(catalogue.recipients().items()))
def test_recipient_is_consistent(key: str, recipient: Recipient) -> None:
    assert recipient.name and recipient.legal_entity
    assert recipient.country in _iso_countries()
    assert recipient.dpv in ROLE_DPV[recipient.role]
    if recipient.country not in EEA_COUNTRIES:
        assert recipient.transfer != "none", f"{key} is outside the EEA without a mechanism"
    if recipient.transfer == "adequacy" and recipient.country not in EEA_COUNTRIES:
        assert recipient.country in catalogue.adequate_countries()
    if recipient.transfer == "dpf":
        assert recipient.dpf_certified
    for url in (recipient.website, recipient.privacy_url):
        assert url is None or url.startswith("https://")


def test_recipient_names_and_aliases_are_unambiguous() -> None:
    owner: dict[str, str] = {}
    for key, recipient in catalogue.recipients().items():
        for name in {recipient.name.casefold(), *(a.casefold() for a in recipient.aliases)}:
            assert owner.setdefault(name, key) == key, f"{name!r}: {owner[name]} and {key}"


@pytest.mark.parametrize(
    ("key", "alias"),
    [
        ("mailchimp", "MailChimp"),
        ("meta", "Facebook"),
        ("podio", "Citrix Podio"),
        ("stack_transip", "STACK by TransIP"),
    ],
)
def test_recipient_aliases_from_privacy_statements(key: str, alias: str) -> None:
    assert alias in catalogue.recipients()[key].aliases


# --- adequacy ----------------------------------------------------------------------


def test_adequacy_list() -> None:
    countries = catalogue.adequate_countries()
    expected = set("AD AR CA CH FO GB GG IL IM JP JE KR NZ UY".split())
    assert expected <= set(countries)
    assert "US" not in countries
    assert not set(countries) & EEA_COUNTRIES


# --- measures and subjects ---------------------------------------------------------

REQUIRED_MEASURES = """
network_segmentation firewall ddos_protection file_integrity_monitoring strong_authentication
encryption_in_transit encryption_at_rest monitoring_alerting access_control backups
patch_management malware_scanning spam_filtering logging pseudonymisation ip_anonymisation
staff_confidentiality staff_training processor_agreements incident_response
vulnerability_scanning secure_development least_privilege
""".split()
REQUIRED_SUBJECTS = """
customer customer_contact prospect website_visitor app_user newsletter_subscriber employee
job_applicant supplier_contact school_contact account_administrator client_end_user caller
member student patient child user
""".split()


def test_required_measures_exist() -> None:
    measures: dict[str, Measure] = catalogue.measures()
    assert set(REQUIRED_MEASURES) <= set(measures)
    assert measures["staff_training"].kind == "organisational"
    assert measures["encryption_in_transit"].dpv == "dpv:EncryptionInTransfer"


def test_required_subjects_exist() -> None:
    subjects: dict[str, SubjectType] = catalogue.subject_types()
    assert set(REQUIRED_SUBJECTS) <= set(subjects)
    assert subjects["website_visitor"].dpv == "dpv:Visitor"


# --- cookies -----------------------------------------------------------------------


def test_cookie_catalogue_is_complete() -> None:
    cookies = catalogue.cookies()
    assert len(cookies) == 2264
    assert sum(c.wildcard for c in cookies) == 260
    categories = {c.category for c in cookies}
    assert categories <= {"functional", "analytics", "marketing", "personalisation", "security"}


def test_cookie_source_is_attributed() -> None:
    source = json.loads(DATA.joinpath("cookies.json").read_text("utf-8"))["source"]
    assert source["commit"] == "0ee5a17fe1cb002943f89370d24fc26a4226061c"
    assert source["licence"] == "Apache-2.0"
    assert "Open Cookie Database" in source["attribution"]
    licence = DATA.joinpath("LICENSE-open-cookie-database").read_text("utf-8")
    assert "Apache License" in licence and "Version 2.0" in licence
    notice = DATA.joinpath("NOTICE-open-cookie-database.md").read_text("utf-8")
    assert source["commit"] in notice and "Apache" in notice


@pytest.mark.parametrize("name", ["_ga", "_utma", "__utma", "_ga_ABC123", "_gid"])
def test_google_analytics_cookies_resolve(name: str) -> None:
    cookie = catalogue.find_cookie(name)
    assert cookie is not None
    assert cookie.platform == "Google Analytics"
    assert cookie.recipient == "google_analytics"
    assert cookie.category == "analytics"


@pytest.mark.parametrize(
    ("name", "recipient", "expiry"),
    [
        ("_ga", "google_analytics", "P2Y"),
        ("_fbp", "meta", "P4M"),
        ("_gid", "google_analytics", "PT24H"),
    ],
)
def test_known_cookie_details(name: str, recipient: str, expiry: str) -> None:
    cookie = catalogue.find_cookie(name)
    assert cookie is not None
    assert (cookie.recipient, cookie.expiry) == (recipient, expiry)


def _reference_lookup(name: str) -> catalogue.CookieEntry | None:
    """The look-up as the whole parsed catalogue answers it: a real name first, then
    an alias, then the longest wildcard prefix."""
    entries = catalogue.cookies()
    for entry in entries:
        if not entry.wildcard and entry.name == name:
            return entry
    for entry in entries:
        if name in entry.aliases:
            return entry
    prefixes = [entry for entry in entries if entry.wildcard and name.startswith(entry.name)]
    return max(prefixes, key=lambda entry: len(entry.name), default=None)


def test_every_cookie_is_found_as_the_whole_catalogue_finds_it() -> None:
    """Look-ups read one entry from the kept index; every name, alias and wildcard of
    the catalogue resolves to the entry the whole parsed catalogue gives."""
    names = {"waarborg-no-such-cookie", "_ga_ABC123", ""}
    for entry in catalogue.cookies():
        names.add(entry.name)
        names.update(entry.aliases)
        if entry.wildcard:
            names.add(entry.name + "x1")
    assert len(names) > 2000
    wrong = [n for n in sorted(names) if catalogue.find_cookie(n) != _reference_lookup(n)]
    assert wrong == []


def test_platform_cookie_kinds_are_those_of_the_whole_catalogue() -> None:
    kinds: dict[str, set[str]] = {}
    for entry in catalogue.cookies():
        if entry.recipient:
            kinds.setdefault(entry.recipient, set()).add(entry.category)
    assert kinds
    for recipient in [*kinds, "waarborg-no-such-recipient"]:
        assert catalogue.platform_categories(recipient) == frozenset(kinds.get(recipient, ()))


def test_the_cookie_index_kept_in_the_cache_folder_is_the_one_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from waarborg import filecache

    monkeypatch.setenv("WAARBORG_CACHE_DIR", str(tmp_path))
    path = Path(str(DATA.joinpath("cookies.json")))
    built = catalogue._index_cookies(path.read_bytes())
    first = filecache.parsed(path, "cookie-index-1", catalogue._index_cookies)
    kept = list((tmp_path / "data").iterdir())
    assert len(kept) == 1 and kept[0].stat().st_mode & 0o777 == 0o600
    again = filecache.parsed(path, "cookie-index-1", lambda data: pytest.fail("parsed again"))
    assert first == built and again == built


def test_unknown_cookie_is_not_found() -> None:
    assert catalogue.find_cookie("waarborg-no-such-cookie") is None


def test_cookie_recipients_exist() -> None:
    recipients = catalogue.recipients()
    assert {c.recipient for c in catalogue.cookies() if c.recipient} <= set(recipients)


def test_cookie_expiry_is_iso_8601_or_session() -> None:
    bad = [
        (c.name, c.expiry)
        for c in catalogue.cookies()
        if c.expiry is not None and c.expiry != "session" and not ISO_DURATION.match(c.expiry)
    ]
    assert not bad
    assert sum(c.expiry is None for c in catalogue.cookies()) == 55


def test_cookie_fields_are_clean() -> None:
    for cookie in catalogue.cookies():
        assert cookie.name == cookie.name.strip() and cookie.name
        assert cookie.platform and cookie.description
        if cookie.domain is not None:
            assert cookie.domain and "3rd party" not in cookie.domain
            assert cookie.domain == cookie.domain.strip()


# --- the converter -----------------------------------------------------------------


@cache
def _converter() -> ModuleType:
    path = REPO / "scripts" / "build_cookie_catalogue.py"
    spec = importlib.util.spec_from_file_location("build_cookie_catalogue", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 years", "P2Y"),
        ("1 Year", "P1Y"),
        ("13 months", "P13M"),
        ("30 days", "P30D"),
        ("2 Weeks", "P2W"),
        ("24 hours", "PT24H"),
        ("30 mins", "PT30M"),
        ("90 sec", "PT90S"),
        ("1440 Minutes", "PT1440M"),
        ("0 days", "P0D"),
        ("session", "session"),
        ("Session", "session"),
        ("Seesion", "session"),
        ("End of session (browser)", "session"),
        ("Session to 30 days", "P30D"),
        ("1 week to 1 year", "P1Y"),
        ("30 minutes, 3w or 1y depending on value", "P1Y"),
        ("180 days after last activity or 10 years when opting out", "P10Y"),
        ("13 months by default, modifiable", "P13M"),
        ("14 days if you select “Remember Me” when logging in. Otherwise, Session.", "P14D"),
        ("Immediately removed", "P0D"),
        ("Unknown", None),
        ("forever", None),
        ("Local Storage", None),
        ("10 Nov 2030", None),
        ("1 hour or longer", None),
        ("", None),
    ],
)
def test_retention_conversion(text: str, expected: str | None) -> None:
    assert _converter().parse_retention(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("cookiebot.com (3rd party)", "cookiebot.com"),
        ("google-analytics.com (3rd party) or ", "google-analytics.com"),
        (" or 207.net (3rd party)", "207.net"),
        (".bing.com (3rd party) or .microsoft.com (3rd party)", ".bing.com or .microsoft.com"),
        (".amplitude.com.", ".amplitude.com"),
        (".commander1.com\u200b", ".commander1.com"),
    ],
)
def test_domain_cleanup(text: str, expected: str | None) -> None:
    assert _converter().clean_domain(text) == expected


def test_cookie_catalogue_is_up_to_date() -> None:
    """cookies.json is what the converter makes of the vendored source today."""
    source = OCD_SOURCE / "open-cookie-database.csv"
    if not source.exists():
        pytest.skip("the Open Cookie Database source is not next to the repository")
    converter = _converter()
    raw = source.read_bytes()
    assert converter.git_blob_sha1(raw) == converter.SOURCE_CSV_BLOB
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
    built = converter.convert(rows, converter._recipient_names(converter.RECIPIENTS))
    shipped = json.loads(DATA.joinpath("cookies.json").read_text("utf-8"))["cookies"]
    assert built == shipped


# --- compiled file and strict validation -----------------------------------------------


def test_compiled_catalogue_matches_the_yaml_sources() -> None:
    spec = importlib.util.spec_from_file_location(
        "build_catalogues", REPO / "scripts" / "build_catalogues.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    compiled = DATA.joinpath("compiled.json").read_text("utf-8")
    assert compiled == module.compile_catalogues(), "run: python scripts/build_catalogues.py"


@pytest.mark.parametrize("name", sorted(catalogue.SOURCES))
def test_every_source_entry_validates_strictly(name: str) -> None:
    from pydantic import TypeAdapter

    _file, cls = catalogue.SOURCES[name]
    adapter = TypeAdapter(dict[str, cls])  # type: ignore[valid-type]
    adapter.validate_python(catalogue.load_source(name))


def test_strict_validation_rejects_unknown_fields() -> None:
    from pydantic import TypeAdapter, ValidationError

    with pytest.raises(ValidationError, match="Unexpected keyword argument"):
        TypeAdapter(Label).validate_python({"nl": "Naam", "en": "Name", "de": "Name"})


def test_every_cookie_entry_validates_strictly() -> None:
    from pydantic import TypeAdapter

    raw = json.loads(DATA.joinpath("cookies.json").read_text("utf-8"))["cookies"]
    TypeAdapter(list[catalogue.CookieEntry]).validate_python(raw)
