"""The five real seed organisations in ``examples/``: each declaration loads, and the
checker finds exactly the gaps its privacy statement has.

Each example records its statement as written, including what it leaves out or gets
wrong, so the findings below are the statements' real problems: Privacy Shield at
iemagoo, no legal bases and no rights at Plusjeklas, advertising and cross-device
cookies without consent at Connect Me Now, and the processor side of Qooqie.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from waarborg.declaration.lint import Finding, Scope, check
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

ORGANISATIONS = {
    "classigogo": "Classigogo",
    "plusjeklas": "Jongleren.biz",
    "iemagoo": "iemagoo Ontwerp & Communicatie",
    "connectmenow": "Stichting Connect Me Now",
    "qooqie": "Qooqie",
}

Path_ = tuple[str | int, ...]


@cache
def _checked(org: str) -> tuple[Declaration, tuple[Finding, ...]]:
    declaration = load(EXAMPLES / org / "privacy.yaml")
    return declaration, tuple(check(declaration))


def _matches(finding: Finding, rule: str, path: Path_, text: str | None) -> bool:
    return (
        finding.rule == rule
        and tuple(finding.path[: len(path)]) == path
        and (text is None or text in finding.message)
    )


def _ids(cases: list[tuple[str, str, Path_, str | None]]) -> list[str]:
    return [
        f"{org}-{rule}-{'.'.join(map(str, path)) or 'any'}" + (f"-{text}" if text else "")
        for org, rule, path, text in cases
    ]


# (organisation, rule id, path prefix of the finding, text in the message or None)
MUST_FIND: list[tuple[str, str, Path_, str | None]] = [
    # Classigogo lists five bases for all purposes at once (its marketing rests on
    # consent alone), and lists location data that no purpose uses.
    *[
        ("classigogo", "basis-ambiguous", ("purposes", key, "basis"), None)
        for key in (
            "application_assessment",
            "contract_performance",
            "service_provision",
            "service_updates",
            "experience_contact",
            "service_usage_analytics",
            "customer_support",
        )
    ],
    ("classigogo", "low-risk-data-unused", ("categories", "location"), None),
    ("classigogo", "retention-vague", ("retention", "statutory_or_necessary"), None),
    ("classigogo", "id-copy-requested", ("rights", "verify"), None),
    # Plusjeklas names no legal basis, no right and no complaint to the authority.
    *[
        ("plusjeklas", "basis-missing", ("purposes", key, "basis"), None)
        for key in (
            "payment_processing",
            "newsletter",
            "service_calls",
            "service_updates",
            "feedback",
        )
    ],
    *[
        ("plusjeklas", "rights-missing", ("rights", "offered"), f"right to {right} ")
        for right in (
            "access",
            "rectification",
            "erasure",
            "restriction",
            "objection",
            "portability",
        )
    ],
    ("plusjeklas", "complaint-right-missing", ("rights", "offered"), None),
    ("plusjeklas", "newsletter-opt-in-missing", ("purposes", "newsletter"), None),
    ("plusjeklas", "consent-withdrawal-missing", ("purposes", "newsletter"), None),
    ("plusjeklas", "controller-identity-unclear", ("controller",), "Plusjeklas"),
    ("plusjeklas", "controller-address-missing", ("controller",), None),
    ("plusjeklas", "cookies-undeclared", ("categories",), None),
    ("plusjeklas", "retention-vague", ("retention", "as_long_as_needed"), None),
    ("plusjeklas", "effective-date-missing", ("statement",), None),
    ("plusjeklas", "response-deadline-unstated", ("rights",), None),
    # iemagoo relies on Privacy Shield for Podio, MailChimp and Google.
    *[
        ("iemagoo", "transfer-privacy-shield", ("recipients", key, "transfer"), None)
        for key in ("podio", "mailchimp", "gmail", "google_analytics")
    ],
    ("iemagoo", "transfer-mechanism-missing", ("recipients", "dropbox"), None),
    ("plusjeklas", "cookies-undeclared", ("categories", "cross_site_behaviour"), None),
    ("iemagoo", "cookie-consent-missing", ("cookies", "_utma"), "without consent being asked"),
    ("iemagoo", "cookie-consent-missing", ("cookies", "tracking_cookies"), None),
    ("iemagoo", "rights-missing", ("rights", "offered"), "right to restriction "),
    ("iemagoo", "id-copy-requested", ("rights", "verify"), None),
    ("iemagoo", "basis-missing", ("purposes", "communication", "basis"), None),
    ("iemagoo", "retention-vague", ("retention", "strictly_necessary"), None),
    # Connect Me Now places cross-device and advertising cookies without asking.
    ("connectmenow", "cookie-consent-missing", ("cookies", "google_signals"), "cross-device"),
    *[
        ("connectmenow", "cookie-consent-missing", ("cookies", key), "a marketing cookie")
        for key in (
            "linkedin_advertising",
            "facebook_advertising",
            "google_advertising",
            "microsoft_advertising",
        )
    ],
    ("connectmenow", "cookie-consent-missing", ("cookies", "google_analytics_cookies"), None),
    ("connectmenow", "transfer-mechanism-missing", ("recipients", "google_analytics"), None),
    ("connectmenow", "rights-missing", ("rights", "offered"), "right to restriction "),
    ("connectmenow", "rights-missing", ("rights", "offered"), "right to portability "),
    ("connectmenow", "basis-missing", ("purposes", "ad_measurement", "basis"), None),
    ("connectmenow", "consent-withdrawal-missing", ("cookies",), "google_signals"),
    # Qooqie is also a processor: no categories or subjects for its clients' call data.
    ("qooqie", "processor-categories-unstated", ("processing_for", "clients"), "categories"),
    ("qooqie", "processor-categories-unstated", ("processing_for", "clients"), "subjects"),
    ("qooqie", "controller-contact-missing", ("controller",), None),
    ("qooqie", "retention-missing", ("purposes", "service_provision"), None),
    ("qooqie", "basis-missing", ("purposes", "direct_debit", "basis"), None),
    ("qooqie", "complaint-right-missing", ("rights", "offered"), None),
    ("qooqie", "recipient-unnamed", ("recipients", "resellers"), None),
    ("qooqie", "recipient-unnamed", ("recipients", "third_parties"), None),
    ("iemagoo", "security-not-specific", ("security",), "third_party_credentials"),
]

# (organisation, rule id, path prefix; () means anywhere, text or None)
MUST_NOT_FIND: list[tuple[str, str, Path_, str | None]] = [
    *[(org, "translation-missing", (), None) for org in ORGANISATIONS],
    *[(org, "env-missing", (), None) for org in ORGANISATIONS],
    *[(org, "transfer-privacy-shield", (), None) for org in ORGANISATIONS if org != "iemagoo"],
    # Classigogo tells all rights, masks ID copies and has an effective date; its
    # marketing e-mails carry an unsubscribe link.
    ("classigogo", "newsletter-unsubscribe-missing", (), None),
    ("classigogo", "rights-missing", (), None),
    ("classigogo", "complaint-right-missing", (), None),
    ("classigogo", "consent-withdrawal-missing", (), None),
    # Its marketing rests on consent, withdrawn through the unsubscribe link in its mails.
    ("classigogo", "newsletter-opt-in-missing", (), None),
    ("classigogo", "newsletter-unsubscribe-missing", (), None),
    ("classigogo", "controller-identity-unclear", (), None),
    ("classigogo", "id-copy-unmasked", (), None),
    ("classigogo", "basis-missing", (), None),
    ("classigogo", "response-deadline-too-long", (), None),
    ("classigogo", "extension-too-long", (), None),
    ("classigogo", "children-consent-age", (), None),
    ("classigogo", "effective-date-missing", (), None),
    ("classigogo", "security-measures-missing", (), None),
    # Plusjeklas shares with no one and gives a real period for its feedback data.
    ("plusjeklas", "recipient-unused", (), None),
    ("plusjeklas", "retention-missing", (), None),
    ("plusjeklas", "retention-vague", ("retention", "two_years_after_subscription"), None),
    ("plusjeklas", "controller-contact-missing", (), None),
    ("plusjeklas", "security-measures-missing", (), None),
    # iemagoo: confirmed newsletter sign-up, masked ID copies, 4 weeks; the statement
    # does not make it a processor for its hosting customers, so no processor register.
    ("iemagoo", "newsletter-opt-in-missing", (), None),
    ("iemagoo", "newsletter-unsubscribe-missing", (), None),
    ("iemagoo", "id-copy-unmasked", (), None),
    ("iemagoo", "response-deadline-too-long", (), None),
    ("iemagoo", "complaint-right-missing", (), None),
    ("iemagoo", "consent-withdrawal-missing", (), None),
    ("iemagoo", "processor-register-missing", (), None),
    ("iemagoo", "processor-categories-unstated", (), None),
    ("iemagoo", "subprocessor-authorisation-missing", (), None),
    ("iemagoo", "children-consent-age", (), None),
    ("iemagoo", "cookie-consent-missing", ("cookies", "functional_cookies"), None),
    ("iemagoo", "source-unstated", ("categories", "kvk"), None),
    ("iemagoo", "source-unstated", ("categories", "company_address"), None),
    # What a website sees of visits to itself can come from its own logs: no cookies.
    ("classigogo", "cookies-undeclared", (), None),
    ("iemagoo", "transfer-privacy-shield", ("recipients", "moneybird"), None),
    ("iemagoo", "transfer-privacy-shield", ("recipients", "dropbox"), None),
    # Connect Me Now: functional cookies need no consent; complaint clocks and the
    # right to complain are there; one month is within the law.
    ("connectmenow", "cookie-consent-missing", ("cookies", "functional_cookies"), None),
    ("connectmenow", "complaint-right-missing", (), None),
    ("connectmenow", "response-deadline-too-long", (), None),
    ("connectmenow", "retention-missing", (), None),
    ("connectmenow", "id-copy-requested", (), None),
    ("connectmenow", "controller-kvk-missing", (), None),
    ("connectmenow", "security-measures-missing", (), None),
    # Qooqie keeps a processor register with its agreement, and its newsletter is opt-in
    # with an opt-out in every message. Its resellers receive the customer's details,
    # not the call-tracking data: they are no sub-processors of that processing.
    ("qooqie", "subprocessor-authorisation-missing", (), None),
    ("qooqie", "processor-register-missing", (), None),
    ("qooqie", "processor-agreement-unstated", (), None),
    ("qooqie", "newsletter-opt-in-missing", (), None),
    ("qooqie", "newsletter-unsubscribe-missing", (), None),
    ("qooqie", "consent-withdrawal-missing", (), None),
    ("qooqie", "basis-missing", ("purposes", "newsletter"), None),
    ("qooqie", "controller-kvk-missing", (), None),
    ("qooqie", "controller-identity-unclear", (), None),
    ("qooqie", "cookie-consent-missing", (), None),
    # A criterion is no vague period: an event, or the tax obligation; functional
    # cookies owe no details; competent authorities are a category of recipients.
    ("qooqie", "retention-vague", (), None),
    ("connectmenow", "retention-vague", ("retention", "tax"), None),
    ("connectmenow", "cookie-details-missing", ("cookies", "functional_cookies"), None),
    ("iemagoo", "cookie-details-missing", ("cookies", "functional_cookies"), None),
    ("qooqie", "recipient-unnamed", ("recipients", "authorities"), None),
    *[(org, "recipient-unnamed", (), None) for org in ("iemagoo", "connectmenow")],
]


def test_all_examples_present() -> None:
    assert sorted(p.parent.name for p in EXAMPLES.glob("*/privacy.yaml")) == sorted(ORGANISATIONS)


@pytest.mark.parametrize("org", sorted(ORGANISATIONS))
def test_example_loads(org: str) -> None:
    declaration, _ = _checked(org)
    assert declaration.controller.name == ORGANISATIONS[org]


@pytest.mark.parametrize(("org", "rule", "path", "text"), MUST_FIND, ids=_ids(MUST_FIND))
def test_checker_finds(org: str, rule: str, path: Path_, text: str | None) -> None:
    _, findings = _checked(org)
    assert any(_matches(f, rule, path, text) for f in findings), (
        f"{rule} at {'.'.join(map(str, path))} not found; found: "
        + ", ".join(sorted({f.rule for f in findings}))
    )


@pytest.mark.parametrize(("org", "rule", "path", "text"), MUST_NOT_FIND, ids=_ids(MUST_NOT_FIND))
def test_checker_does_not_find(org: str, rule: str, path: Path_, text: str | None) -> None:
    _, findings = _checked(org)
    wrong = [f for f in findings if _matches(f, rule, path, text)]
    assert not wrong, [f"{f.location}: {f.message}" for f in wrong]


def test_facts_recorded_as_stated() -> None:
    """A few facts the statements give, as the completed declarations carry them."""
    iemagoo, _ = _checked("iemagoo")
    assert iemagoo.rights is not None
    assert str(iemagoo.rights.respond_within) == "P4W"
    assert iemagoo.rights.verify == "id_copy" and iemagoo.rights.id_copy_masking
    assert iemagoo.purposes["newsletter"].opt_in == "double"
    source = iemagoo.categories["kvk"].source
    assert source is not None and source.kind == "public_register"
    assert str(iemagoo.retention["four_weeks_after_relationship"].keep) == "P4W"
    assert str(iemagoo.retention["fiscal"].keep) == "P7Y"
    # No legal reading: no processor role, no agreement beyond "waar nodig", and the
    # newsletter uses only the data MailChimp holds.
    assert iemagoo.controller.role == "controller" and not iemagoo.processing_for
    assert iemagoo.recipients["moneybird"].agreement == "unstated"
    assert iemagoo.recipients["moneybird"].role is None
    assert iemagoo.purposes["newsletter"].categories == ["name", "email"]
    assert iemagoo.recipients["online_bank"].named is False
    assert iemagoo.categories["kvk"].retention == "four_weeks_after_relationship"

    plusjeklas, _ = _checked("plusjeklas")
    assert plusjeklas.controller.trade_names == ["Plusjeklas"]
    rule = plusjeklas.retention["two_years_after_subscription"]
    assert (rule.after, str(rule.keep)) == ("subscription_end", "P2Y")
    # The two-year term holds the data it names, whatever the purpose.
    assert plusjeklas.categories["name"].retention == "two_years_after_subscription"
    # Sending a newsletter needs the e-mail address, and nothing else the text names.
    assert plusjeklas.purposes["newsletter"].categories == ["email"]

    cmn, _ = _checked("connectmenow")
    assert cmn.categories["ip_address"].anonymised
    assert cmn.complaints is not None
    assert str(cmn.complaints.acknowledge_within) == "P3D"
    assert str(cmn.complaints.respond_within) == "P14D"
    account = cmn.retention["account"]
    assert (account.after, str(account.keep)) == ("account_cancelled", "P0D")
    assert cmn.cookies["google_signals"].cross_device

    classigogo, _ = _checked("classigogo")
    assert classigogo.controller.regimes == ["eu-gdpr", "uk-gdpr"]
    rights = classigogo.rights
    assert rights is not None
    assert (str(rights.respond_within), str(rights.extension)) == ("P1M", "P2M")

    qooqie, _ = _checked("qooqie")
    assert qooqie.controller.role == "both"
    assert qooqie.processing_for["clients"].agreement == "Algemene voorwaarden Qooqie, artikel 12"
    assert qooqie.processing_for["clients"].categories == "unstated"


# The README in examples/ states, per organisation, how many findings of each severity
# the checker reports and which rules they come from. These tests read those tables
# back, so a change to the rules that alters a count fails here until the README is
# brought up to date.

README = EXAMPLES / "README.md"
SEVERITIES = ("error", "warning", "info")
SUMMARY_HEADER = ("Organisation", "Errors", "Warnings", "Infos", "Headline gaps")
RULES_HEADER = ("Severity", "Rule", "Count", "Where")
REGISTER_HEADER = ("Severity", "Register rule", "Count", "Where")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _tables(text: str, header: tuple[str, ...]) -> list[list[list[str]]]:
    """Every Markdown table in ``text`` whose header row is ``header``, as rows of cells."""
    tables: list[list[list[str]]] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|") and tuple(_cells(line)) == header:
            rows = []
            for row in lines[i + 2 :]:  # skip the | --- | row
                if not row.startswith("|"):
                    break
                rows.append(_cells(row))
            tables.append(rows)
    return tables


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading, e.g. ``plusjeklas-jonglerenbiz``."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


@cache
def _summary() -> dict[str, tuple[str, dict[str, int]]]:
    """The summary table: folder -> (anchor of its section, count per severity)."""
    (table,) = _tables(README.read_text(encoding="utf-8"), SUMMARY_HEADER)
    summary: dict[str, tuple[str, dict[str, int]]] = {}
    for cells in table:
        link = re.fullmatch(r"\[[^]]+\]\(#([\w-]+)\) \(`(\w+)/`\)", cells[0])
        assert link, f"summary row does not start with [name](#anchor) (`folder/`): {cells[0]}"
        anchor, org = link.groups()
        assert org not in summary, f"{org} appears twice in the summary table"
        summary[org] = anchor, dict(zip(SEVERITIES, map(int, cells[1:4]), strict=True))
    return summary


def _sections() -> dict[str, str]:
    """The README's ``## `` sections by anchor."""
    parts = re.split(r"^## (.+)$", README.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {_slug(heading): body for heading, body in zip(parts[1::2], parts[2::2], strict=True)}


def test_readme_summary_lists_every_example() -> None:
    assert sorted(_summary()) == sorted(ORGANISATIONS)


@pytest.mark.parametrize("org", sorted(ORGANISATIONS))
def test_readme_summary_counts(org: str) -> None:
    _, stated = _summary()[org]
    findings = check(load(EXAMPLES / org / "privacy.yaml"), scope=Scope.STATEMENT)
    found = Counter(f.severity.value for f in findings)
    assert stated == {severity: found[severity] for severity in SEVERITIES}


@pytest.mark.parametrize("org", sorted(ORGANISATIONS))
def test_readme_rule_table(org: str) -> None:
    """The organisation's own section: its count line and its table of rules on the
    statement (what ``waarborg check`` reports), and those on the register, if any
    (``waarborg check --register``)."""
    anchor, _ = _summary()[org]
    sections = _sections()
    assert anchor in sections, f"the summary links to #{anchor}, which is no section"
    section = sections[anchor]
    _, findings = _checked(org)
    for scope, prefix, header in (
        (Scope.STATEMENT, r"^", RULES_HEADER),
        (Scope.REGISTER, r"^On the register: ", REGISTER_HEADER),
    ):
        found = [f for f in findings if f.scope == scope]
        counts = Counter(f.severity.value for f in found)
        pattern = prefix + r"\*\*(\d+) errors?, (\d+) warnings?, (\d+) infos?\*\*$"
        line = re.search(pattern, section, re.M)
        tables = _tables(section, header)
        if scope == Scope.REGISTER and not found:
            assert not line and not tables, f"#{anchor} lists findings on the register"
            continue
        assert line, f"no {prefix[1:]}**N errors, N warnings, N infos** line under #{anchor}"
        assert tuple(map(int, line.groups())) == tuple(counts[s] for s in SEVERITIES)
        (table,) = tables
        stated: Counter[tuple[str, str]] = Counter()
        for severity, rule, count, _where in table:
            key = (severity, rule.strip("`"))
            assert key not in stated, f"{key} appears twice under #{anchor}"
            stated[key] = int(count)
        assert stated == Counter((f.severity.value, f.rule) for f in found)
