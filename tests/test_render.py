"""The privacy statement and cookie declaration: every declared fact is published, in
Dutch and English, as HTML and Markdown; nothing unstated is published as a fact; the
HTML is a standalone page whose table of contents resolves."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest

from waarborg import catalogue
from waarborg.declaration.lint import check
from waarborg.declaration.loader import load, load_text
from waarborg.declaration.model import Declaration, Retention
from waarborg.declaration.render import render_cookie_declaration, render_statement
from waarborg.declaration.types import Duration
from waarborg.declaration.wording import (
    duration_words,
    expiry_words,
    format_date,
    recipient_name,
    retention_period,
    retention_sentence,
    text,
)

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "src" / "waarborg" / "declaration" / "starter.yaml"
DECLARATIONS = [STARTER, *sorted((ROOT / "examples").glob("*/privacy.yaml"))]
IDS = [p.parent.name if p != STARTER else "starter" for p in DECLARATIONS]


# --- reading the output ------------------------------------------------------------


class _Page(HTMLParser):
    """Collects the visible text, the ids, the in-page links and the tags of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.ids: list[str] = []
        self.anchors: list[str] = []
        self.links: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        href = attributes.get("href") or ""
        if href.startswith("#"):
            self.anchors.append(href[1:])
        elif href:
            self.links.append(href)
        if tag in ("style", "script", "title"):
            self._skip += 1
        if tag not in ("meta", "br", "link", "img", "hr", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._skip -= 1
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def _norm(value: str) -> str:
    return " ".join(value.split())


def _visible(output: str, fmt: str) -> str:
    """The reader's text: HTML without tags, Markdown without escapes and markup."""
    if fmt == "html":
        return _norm(" ".join(_page(output).text))
    plain = re.sub(r"\\([<|])", r"\1", output).replace("<br>", " ").replace("`", "")
    plain = plain.replace("**", "")
    return _norm(plain)


def _facts(d: Declaration, lang: str) -> list[str]:
    """Every declared fact that a statement in ``lang`` must show."""
    c = d.controller
    facts = [c.name]
    if c.address is not None:
        facts += [v for v in (c.address.street, c.address.postcode, c.address.city) if v]
    facts += [v for v in (c.kvk, c.vat, c.email, c.phone, c.website) if v]
    if c.contact is not None and c.contact.name:
        facts.append(c.contact.name)
    if c.dpo is not None and c.dpo.name:
        facts.append(c.dpo.name)
    facts += [text(cat.label, lang) for cat in d.categories.values() if cat.label]
    facts += [text(s.label, lang) for s in d.subjects.values() if s.label]
    facts += [text(p.label, lang) for p in d.purposes.values() if p.label]
    facts += [recipient_name(k, r, lang) for k, r in d.recipients.items()]
    for rule in d.retention.values():
        sentence = retention_sentence(rule, lang)
        if sentence:
            facts.append(sentence)
    for cookie in d.cookies.values():
        if cookie.name and cookie.name != "unstated":
            facts.append(cookie.name)
        words = expiry_words(cookie.expiry, lang)
        if words:
            facts.append(words)
    if d.rights is not None and isinstance(d.rights.respond_within, Duration):
        facts.append(duration_words(d.rights.respond_within, lang))
    if d.rights is not None and d.rights.verify == "id_copy":
        facts += ["MRZ", "BSN"]
    if d.complaints is not None:
        for clock in (d.complaints.acknowledge_within, d.complaints.respond_within):
            if clock is not None:
                facts.append(duration_words(clock, lang))
    if d.rights is not None and d.rights.offered and "complain" in d.rights.offered:
        authority = catalogue.authorities()[c.authority]
        facts += [authority.name, authority.complaint_url]
    if d.statement.effective is not None:
        facts.append(format_date(d.statement.effective, lang))
    if d.security is not None:
        facts += [text(m.label, lang) for m in d.security.measures.values() if m.label]
    return [_norm(f) for f in facts]


def _github_slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


# --- every fact, in both languages and both formats ----------------------------------


@pytest.fixture(scope="module", params=DECLARATIONS, ids=IDS)
def declaration(request: pytest.FixtureRequest) -> Declaration:
    path: Path = request.param
    return load(path)


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_declared_fact_is_published(declaration: Declaration, lang: str, fmt: str) -> None:
    output = render_statement(declaration, lang, fmt)
    shown = _visible(output, fmt)
    missing = [fact for fact in _facts(declaration, lang) if fact not in shown]
    assert not missing


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_nothing_unstated_is_published(declaration: Declaration, lang: str, fmt: str) -> None:
    output = render_statement(declaration, lang, fmt)
    assert "unstated" not in output.lower()
    assert "None" not in _visible(output, fmt).split()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_is_a_standalone_accessible_page(declaration: Declaration, lang: str) -> None:
    html = render_statement(declaration, lang, "html")
    page = _page(html)
    assert html.startswith("<!DOCTYPE html>")
    assert ("html", {"lang": lang}) in page.tags
    title = re.search(r"<title>(.+?)</title>", html)
    assert title and title.group(1).strip()
    assert not page.errors
    assert not page.stack
    # one page: no scripts, no stylesheets or images from elsewhere
    assert not [t for t, _ in page.tags if t in ("script", "link", "img", "iframe")]
    assert all(link.startswith(("https://", "http://", "mailto:", "tel:")) for link in page.links)
    # the table of contents links to every section, and every in-page link resolves
    sections = [a["id"] for t, a in page.tags if t == "section" and a.get("id")]
    assert page.anchors
    assert set(page.anchors) <= set(page.ids)
    top_level = re.findall(r'<li><a href="#([^"]+)">', html)
    assert top_level and set(top_level) <= set(sections)
    assert len(page.ids) == len(set(page.ids))
    # tables have column headers, and row headers
    for tag, attributes in page.tags:
        if tag == "th":
            assert attributes.get("scope") in ("col", "row")
    assert ("h1", {}) in page.tags
    _assert_heading_order(page)


def _assert_heading_order(page: _Page) -> None:
    """One h1, and no heading level is skipped on the way down."""
    levels = [int(tag[1]) for tag, _ in page.tags if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in pairwise(levels):
        assert after <= before + 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_markdown_contents_link_to_headings(declaration: Declaration, lang: str) -> None:
    md = render_statement(declaration, lang, "md")
    headings = [line.lstrip("#").strip() for line in md.splitlines() if line.startswith("## ")]
    slugs = {_github_slug(h) for h in headings}
    links = re.findall(r"^\d+\. \[[^\]]+\]\(#([^)]+)\)$", md, flags=re.MULTILINE)
    assert links
    assert set(links) <= slugs
    assert md.startswith("# ")
    assert "\n\n\n" not in md


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_cookie_declaration_on_its_own(declaration: Declaration, lang: str, fmt: str) -> None:
    output = render_cookie_declaration(declaration, lang, fmt)
    shown = _visible(output, fmt)
    for cookie in declaration.cookies.values():
        if cookie.name and cookie.name != "unstated":
            assert cookie.name in shown
        if cookie.provider and cookie.provider not in declaration.recipients:
            assert _norm(cookie.provider) in shown
    if fmt == "html":
        page = _page(output)
        assert not page.errors
        _assert_heading_order(page)


# --- the wording -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "nl", "en"),
    [
        ("P4W", "4 weken", "4 weeks"),
        ("P1W", "1 week", "1 week"),
        ("P1M", "1 maand", "1 month"),
        ("P2M", "2 maanden", "2 months"),
        ("P1Y", "1 jaar", "1 year"),
        ("P7Y", "7 jaar", "7 years"),
        ("P3D", "3 dagen", "3 days"),
        ("P1D", "1 dag", "1 day"),
        ("PT72H", "72 uur", "72 hours"),
        ("P1Y6M", "1 jaar en 6 maanden", "1 year and 6 months"),
        ("P1Y2M3D", "1 jaar, 2 maanden en 3 dagen", "1 year, 2 months and 3 days"),
    ],
)
def test_duration_in_words(duration: str, nl: str, en: str) -> None:
    assert duration_words(Duration.parse(duration), "nl") == nl
    assert duration_words(Duration.parse(duration), "en") == en


def test_expiry_in_words() -> None:
    assert expiry_words("session", "nl") == "Sessie"
    assert expiry_words("session", "en") == "Session"
    assert expiry_words(Duration.parse("P2Y"), "nl") == "2 jaar"
    assert expiry_words("unstated", "nl") == ""


@pytest.mark.parametrize(
    ("rule", "nl", "en"),
    [
        (
            {"after": "relationship_end", "keep": "P4W"},
            "4 weken na het einde van onze zakelijke relatie",
            "4 weeks after the end of our business relationship",
        ),
        (
            {"after": "invoice_date", "keep": "P7Y"},
            "7 jaar na de factuurdatum",
            "7 years after the invoice date",
        ),
        (
            {"after": "consent_withdrawn", "keep": "P0D"},
            "direct na het intrekken van uw toestemming",
            "immediately after you withdraw your consent",
        ),
        ({"keep": "P30D"}, "30 dagen", "30 days"),
        (
            {"criteria": {"nl": "Zolang nodig.", "en": "As long as needed."}},
            "Zolang nodig.",
            "As long as needed.",
        ),
    ],
)
def test_retention_in_words(rule: dict[str, object], nl: str, en: str) -> None:
    retention = Retention.model_validate(rule)
    assert retention_period(retention, "nl") == nl
    assert retention_period(retention, "en") == en


def test_retention_with_a_legal_hold_says_why() -> None:
    rule = Retention.model_validate({"after": "invoice_date", "keep": "P7Y", "hold": "AWR art. 52"})
    assert retention_sentence(rule, "nl") == (
        "7 jaar na de factuurdatum, omdat de wet dat voorschrijft (AWR art. 52)."
    )
    assert retention_sentence(rule, "en") == (
        "7 years after the invoice date, because the law requires this (AWR art. 52)."
    )


_CATEGORY_RETENTION = """
waarborg: 1
controller: {name: Webwinkel B.V., email: privacy@webwinkel.nl}
categories:
  email: {retention: customer_file}
  iban: {retention: fiscal}
purposes:
  orders:
    label: {nl: Bestellingen, en: Orders}
    basis: contract
    categories: [email, iban]
retention:
  customer_file: {after: relationship_end, keep: P2Y}
  fiscal: {after: invoice_date, keep: P7Y, hold: "AWR art. 52"}
"""


def _cells(output: str, fmt: str) -> str:
    """The reader's text with a table row read as its cells, one after the other."""
    return _norm(_visible(output, fmt).replace("|", " "))


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            [
                "E-mailadres: 2 jaar na het einde van onze zakelijke relatie; "
                "IBAN (bankrekeningnummer): 7 jaar na de factuurdatum",
                "Voor sommige gegevens geldt een eigen bewaartermijn, voor welk doel wij ze "
                "ook gebruiken:",
                "E-mailadres 2 jaar na het einde van onze zakelijke relatie.",
                "IBAN (bankrekeningnummer) 7 jaar na de factuurdatum, omdat de wet dat "
                "voorschrijft (AWR art. 52).",
            ],
        ),
        (
            "en",
            [
                "Email address: 2 years after the end of our business relationship; "
                "IBAN (bank account number): 7 years after the invoice date",
                "Some data has a retention period of its own, whatever we use it for:",
                "Email address 2 years after the end of our business relationship.",
                "IBAN (bank account number) 7 years after the invoice date, because the law "
                "requires this (AWR art. 52).",
            ],
        ),
    ],
)
def test_retention_given_on_categories_is_published(
    lang: str, expected: list[str], fmt: str
) -> None:
    shown = _cells(render_statement(load_text(_CATEGORY_RETENTION), lang, fmt), fmt)
    assert [e for e in expected if e not in shown] == []
    # no purpose points at a rule, so there is no table of the purposes' rules
    assert ("Gegevens voor" if lang == "nl" else "Data for") not in shown


def test_a_purpose_rule_holds_what_the_categories_rules_leave() -> None:
    d = load_text(
        _CATEGORY_RETENTION.replace(
            "  iban: {retention: fiscal}", "  iban: {}\n  name: {}"
        ).replace("categories: [email, iban]", "categories: [email, iban]\n    retention: fiscal")
    )
    nl = _cells(render_statement(d, "nl", "md"), "md")
    assert (
        "E-mailadres: 2 jaar na het einde van onze zakelijke relatie; "
        "overige gegevens: 7 jaar na de factuurdatum"
    ) in nl
    assert "Bestellingen 7 jaar na de factuurdatum" in nl  # the table of the purposes' rules
    assert "E-mailadres 2 jaar na het einde van onze zakelijke relatie." in nl


def test_effective_date_is_written_out() -> None:
    assert format_date(date(2024, 2, 24), "nl") == "24 februari 2024"
    assert format_date(date(2024, 2, 24), "en") == "24 February 2024"


def test_starter_reads_as_a_statement() -> None:
    d = load(STARTER)
    nl = _visible(render_statement(d, "nl", "md"), "md")
    assert "7 jaar na de factuurdatum, omdat de wet dat voorschrijft" in nl
    assert "Dit is nodig om onze overeenkomst met u uit te voeren" in nl
    assert "art. 6 lid 1 sub b AVG" in nl
    assert "uiterlijk binnen 1 maand" in nl
    assert "binnen 3 dagen een ontvangstbevestiging" in nl
    assert "Postbus 93374, 2509 AJ Den Haag" in nl
    assert "1 januari 2026" in nl
    assert "double opt-in" in nl
    assert "afmeldlink" in nl
    en = _visible(render_statement(d, "en", "md"), "md")
    assert "necessary to perform our contract with you" in en
    assert "Art. 6(1)(b) GDPR" in en
    assert "within 1 month" in en
    assert "1 January 2026" in en


# --- what is unstated or invalid is not published as a fact ------------------------

_SILENT = """
waarborg: 1
controller:
  name: Stil B.V.
  email: info@stil.nl
  authority: nl-ap
categories:
  email: {}
purposes:
  contact:
    label: {nl: Contact, en: Contact}
    basis: unstated
    categories: [email]
    recipients: [mailchimp]
    retention: vague
recipients:
  mailchimp: {transfer: privacy_shield}
retention:
  vague:
    criteria: {nl: Niet langer dan nodig., en: No longer than necessary.}
rights:
  offered: [access]
  respond_within: unstated
  verify: unstated
  channels: []
"""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_unstated_facts_are_left_out(lang: str) -> None:
    d = load_text(_SILENT)
    shown = _visible(render_statement(d, lang, "html"), "html")
    assert "Grondslag" not in shown and "Legal basis" not in shown
    assert "Niet langer dan nodig." in shown or "No longer than necessary." in shown
    # the invalid Privacy Shield is not presented as a safeguard; the recipient's country
    # and role are not declared, so the catalogue's (US, processor) are not published
    assert "Privacy Shield" not in shown
    assert ("Verenigde Staten" if lang == "nl" else "United States") not in shown
    assert ("Verwerker" if lang == "nl" else "Processor") not in shown
    assert "double opt-in" not in shown
    # no deadline of the organisation's own; the law's is worded as the law
    assert ("artikel 12 lid 3 AVG" if lang == "nl" else "Article 12(3) GDPR") in shown
    assert "unstated" not in shown


def test_transfer_safeguards_are_explained() -> None:
    d = load_text(
        _SILENT.replace("transfer: privacy_shield", "transfer: scc, country: US").replace(
            "basis: unstated",
            "basis: legitimate_interest\n    interest: {nl: Klantcontact, en: Contact}",
        )
    )
    nl = _visible(render_statement(d, "nl", "md"), "md")
    assert "standaardcontractbepalingen van de Europese Commissie" in nl
    assert "Dit is nodig voor ons gerechtvaardigd belang: klantcontact" in nl
    assert "De AVG geeft u het recht hiertegen bezwaar te maken (artikel 21 AVG)." in nl


def test_id_copy_asks_to_mask_the_document() -> None:
    d = load_text(_SILENT.replace("verify: unstated", "verify: id_copy\n  id_copy_masking: true"))
    nl = _visible(render_statement(d, "nl", "html"), "html")
    for word in ("pasfoto", "MRZ", "documentnummer", "burgerservicenummer (BSN)"):
        assert word in nl
    en = _visible(render_statement(d, "en", "html"), "html")
    for word in ("photo", "MRZ", "document number", "citizen service number (BSN)"):
        assert word in en


def test_unknown_language_or_format_is_refused() -> None:
    d = load(STARTER)
    with pytest.raises(ValueError, match="language"):
        render_statement(d, "de", "html")
    with pytest.raises(ValueError, match="format"):
        render_statement(d, "nl", "pdf")


def test_html_escapes_declared_text() -> None:
    d = load_text(_SILENT.replace("name: Stil B.V.", 'name: "Stil <b>B.V.</b> & Zn"'))
    html = render_statement(d, "nl", "html")
    assert "<b>B.V.</b>" not in html
    assert "Stil &lt;b&gt;B.V.&lt;/b&gt; &amp; Zn" in html


_FULL = """
waarborg: 1
controller:
  name: Zorgpunt B.V.
  trade_names: [Zorgpunt]
  legal_form: besloten vennootschap
  address: {street: Stationsplein 1, postcode: 3511 ED, city: Utrecht, country: NL}
  kvk: "12345678"
  vat: NL123456782B01
  email: privacy@zorgpunt.nl
  phone: "030 123 4567"
  website: https://www.zorgpunt.nl
  contact: {name: Piet Jansen, role: {nl: Privacyfunctionaris, en: Privacy officer}}
  dpo: {name: Anna de Vries, email: fg@zorgpunt.nl, external: true}
  representative: {name: EU Rep Ltd, email: rep@example.ie}
  joint_controllers:
    partner: {name: Partnerzorg B.V., email: info@partnerzorg.nl}
  role: both
  authority: nl-ap
statement: {effective: 2025-03-01, version: "2.1", url: "https://www.zorgpunt.nl/privacy"}
subjects:
  patient: {}
categories:
  name: {}
  health: {}
  kvk:
    source: {kind: public_register, name: {nl: het Handelsregister, en: the trade register}}
purposes:
  care:
    label: {nl: Zorg verlenen, en: Providing care}
    basis: contract
    art9: health_care
    subjects: [patient]
    categories: [name, health]
    recipients: [lab]
    retention: medical
    requirement:
      kind: contract_prerequisite
      consequence: {nl: Wij kunnen u dan niet helpen., en: We cannot help you then.}
  triage:
    label: {nl: Triage, en: Triage}
    basis: legitimate_interest
    interest: {nl: Snelle hulp, en: Quick help}
    balancing_test: {date: 2025-01-01, document: LIA-1}
    categories: [health]
    recipients: none
    retention: medical
    profiling:
      automated_decision: true
      logic: {nl: Een score op basis van uw klachten, en: A score based on your symptoms}
      significance: {nl: Bepaalt de volgorde van behandeling, en: Sets the order of treatment}
  updates:
    label: {nl: Nieuwsbrief, en: Newsletter}
    basis: consent
    categories: [name]
    opt_in: double
    unsubscribe: every_message
    existing_customers: true
    retention: until_unsubscribed
recipients:
  lab: {name: Lab AG, role: processor, country: CH, transfer: adequacy, agreement: true}
retention:
  medical: {after: contract_end, keep: P20Y, hold: "WGBO art. 7:454 BW", then: anonymise}
  until_unsubscribed: {after: unsubscribed, keep: P0D}
cookies:
  session_id:
    provider: Zorgpunt
    category: functional
    purpose: {nl: Sessie, en: Session}
    expiry: session
    consent: not_asked
  _ga: {privacy_friendly: true}
rights:
  respond_within: P4W
  extension: P2M
  verify: account
  channels: [web, "mailto:privacy@zorgpunt.nl", "https://www.zorgpunt.nl/privacy/verzoek"]
complaints: {acknowledge_within: P3D, respond_within: P14D, email: klacht@zorgpunt.nl}
security:
  description: {nl: Wij beveiligen alles., en: We secure everything.}
  measures: {encryption_in_transit: {}, access_control: {}}
  contact: security@zorgpunt.nl
children: {min_age: 16, parental_consent: true}
processing_for:
  clinics:
    controller: {name: Kliniek B.V.}
    label: {nl: Afsprakenplanning voor klinieken, en: Appointment planning for clinics}
    categories: [name]
    subjects: [patient]
"""


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_part_of_the_model_is_rendered(lang: str, fmt: str) -> None:
    d = load_text(_FULL)
    output = render_statement(d, lang, fmt)
    shown = _visible(output, fmt)
    missing = [fact for fact in _facts(d, lang) if fact not in shown]
    assert not missing
    nl = lang == "nl"
    expected = [
        "Piet Jansen",
        "Anna de Vries",
        "fg@zorgpunt.nl",
        "EU Rep Ltd",
        "Partnerzorg B.V.",
        "Afsprakenplanning voor klinieken" if nl else "Appointment planning for clinics",
        "art. 9 lid 2 sub h AVG" if nl else "Art. 9(2)(h) GDPR",
        "snelle hulp" if nl else "quick help",
        "een score op basis van uw klachten" if nl else "a score based on your symptoms",
        "menselijke tussenkomst" if nl else "human intervention",
        "20 jaar na het einde van de overeenkomst"
        if nl
        else "20 years after the end of the contract",
        "WGBO art. 7:454 BW",
        "anonimiseren" if nl else "anonymise",
        "Zwitserland" if nl else "Switzerland",
        "adequaatheidsbesluit" if nl else "adequacy decision",
        "het Handelsregister" if nl else "the trade register",
        "double opt-in",
        "vergelijkbare producten" if nl else "similar products",
        "16",
        "ouder of voogd" if nl else "parent or guardian",
        "security@zorgpunt.nl",
        "klacht@zorgpunt.nl",
        "https://www.zorgpunt.nl/privacy/verzoek",
        "1 maart 2025" if nl else "1 March 2025",
        "2.1",
        "Sessie" if nl else "Session",
    ]
    assert [e for e in expected if e not in shown] == []
    assert "unstated" not in output


@pytest.mark.parametrize(("lang", "shown"), [("nl", "februari 2026"), ("en", "February 2026")])
def test_a_month_without_a_day_is_published_as_a_month(lang: str, shown: str) -> None:
    d = load_text(_SILENT + "statement: {effective_month: '2026-02'}\n")
    text = _visible(render_statement(d, lang, "html"), "html")
    assert shown in text and "1 februari" not in text and "1 February" not in text
    assert "effective-date-missing" not in {f.rule for f in check(d)}


def test_no_cookies_is_said_only_when_declared() -> None:
    """`cookies: {}` is the statement's "we place none"; a file without the key is silent."""
    said = _visible(render_statement(load_text(_SILENT + "cookies: {}\n"), "nl", "html"), "html")
    assert "Onze website gebruikt geen cookies of vergelijkbare technieken." in said
    silent = _visible(render_statement(load_text(_SILENT), "nl", "html"), "html")
    assert "geen cookies" not in silent
