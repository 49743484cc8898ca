"""The audit's findings, exactly, for every small real site of
``tests/siteaudit_sites.py``: audited in Chromium (once per session, shared with the
crawler's tests), held against the site's own declaration. A finding is
(rule, severity, phase, subject); the phase is empty for a finding about the whole
audit. 127.0.0.2, the sites' tracker, is a host Waarborg cannot attribute to anyone
(a warning wherever it is first called); ``shop.zendesk.com`` is Zendesk, which no
site declares."""

from __future__ import annotations

import pytest

from waarborg.siteaudit.evaluate import Finding, evaluate
from waarborg.siteaudit.model import ACCEPT_ALL, BEFORE, REFUSE_ALL, only

from .siteaudit_sites import NAMES, TRACKER_HOST, ZENDESK, Audits, declaration

Seen = tuple[str, str, str, str]

#: The tracker's scripts, first called once a category is accepted.
_TRACKER_AFTER_ACCEPTING = ("third-party-unattributed", "warning", ACCEPT_ALL, TRACKER_HOST)

EXPECTED: dict[str, set[Seen]] = {
    # Waarborg's own banner done right: nothing before a choice or after refusing.
    "waarborg": {_TRACKER_AFTER_ACCEPTING},
    # The same banner, with a Zendesk image on the page whatever the choice.
    "undeclared": {
        ("third-party-undeclared", "error", BEFORE, ZENDESK),
        _TRACKER_AFTER_ACCEPTING,
    },
    # A marketing cookie by Set-Cookie and the tracker's script, with no banner at all:
    # no choice can be made, so every phase is without consent.
    "tracker": {
        ("tracking-cookie", "error", BEFORE, "_fbp"),
        ("tracking-cookie", "error", ACCEPT_ALL, "_fbp"),
        ("tracking-cookie", "error", REFUSE_ALL, "_fbp"),
        ("choice-not-made", "warning", ACCEPT_ALL, ACCEPT_ALL),
        ("choice-not-made", "warning", REFUSE_ALL, REFUSE_ALL),
        ("third-party-unattributed", "warning", BEFORE, TRACKER_HOST),
    },
    # A CookieYes-shaped banner whose "reject" runs every tracker all the same.
    "ignores": {
        ("tracking-cookie", "error", REFUSE_ALL, "_ga"),
        ("tracking-cookie", "error", REFUSE_ALL, "_fbp"),
        _TRACKER_AFTER_ACCEPTING,
    },
    # Banners shaped as the common managers' are, operated in each phase.
    "cookiebot": {_TRACKER_AFTER_ACCEPTING},
    "cookieyes": {_TRACKER_AFTER_ACCEPTING},
    "complianz": {_TRACKER_AFTER_ACCEPTING},
    # OneTrust's first layer has no refuse button (refusing is done in its settings).
    "onetrust": {
        ("banner-no-refuse", "warning", "", "banner"),
        _TRACKER_AFTER_ACCEPTING,
    },
    # Google Consent Mode: the tag loads before any choice, sets nothing while denied;
    # its hit to the tracker goes out once analytics is granted.
    "consentmode": {_TRACKER_AFTER_ACCEPTING},
}


def _seen(findings: list[Finding]) -> set[Seen]:
    return {(f.rule, f.severity, f.phase or "", f.subject) for f in findings}


def test_every_site_has_its_expected_findings() -> None:
    assert set(EXPECTED) == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_the_findings_of_each_site_exactly(site_audits: Audits, name: str) -> None:
    findings = evaluate(site_audits(name).audit, declaration(name))
    assert _seen(findings) == EXPECTED[name]
    assert len(findings) == len(EXPECTED[name])  # each once
    # Every finding reads in both languages, with nothing left unfilled.
    for f in findings:
        for lang in ("nl", "en"):
            assert "{" not in f.message(lang) and f.hint(lang)


def test_consent_mode_sets_googles_cookies_only_as_each_choice_grants(
    site_audits: Audits,
) -> None:
    audit = site_audits("consentmode").audit

    def names(phase: str) -> set[str]:
        found = audit.phase(phase)
        assert found is not None and found.chosen, phase
        return {c.name for c in found.cookies} - {"sid", "wbg_consent"}

    def hits(phase: str) -> list[str]:
        found = audit.phase(phase)
        assert found is not None
        return [r.url.rsplit("/", 1)[-1] for r in found.requests]

    assert audit.banner is not None and audit.banner.manager == "waarborg"
    assert audit.banner.categories == ("analytics", "marketing")
    assert names(BEFORE) == names(REFUSE_ALL) == set()
    assert hits(BEFORE) == hits(REFUSE_ALL) == []
    assert names(ACCEPT_ALL) == {"_ga", "_ga_TEST", "_gcl_au"}
    assert names(only("analytics")) == {"_ga", "_ga_TEST"}
    assert hits(only("analytics")) == ["collect?tid=G-TEST"]
    assert names(only("marketing")) == {"_gcl_au"} and hits(only("marketing")) == []
    accepted = audit.phase(ACCEPT_ALL)
    assert accepted is not None
    lifetimes = {c.name: c.lifetime for c in accepted.cookies}
    # Two years asked for; Chromium keeps a cookie 400 days at most.
    assert abs((lifetimes["_ga"] or 0) - 400 * 86_400) <= 5
    assert abs((lifetimes["_gcl_au"] or 0) - 7_776_000) <= 5


def test_a_site_that_ignores_the_refusal_says_so_in_words(site_audits: Audits) -> None:
    findings = evaluate(site_audits("ignores").audit, declaration("ignores"))
    said = next(f for f in findings if f.phase == REFUSE_ALL and f.subject == "_fbp")
    assert "after refusing all" in said.message("en")
    assert "na alles weigeren" in said.message("nl")


def test_without_a_banner_the_choices_not_made_are_said_in_dutch(site_audits: Audits) -> None:
    findings = evaluate(site_audits("tracker").audit, declaration("tracker"))
    not_made = [f for f in findings if f.rule == "choice-not-made"]
    assert "er is geen cookiebanner gevonden" in not_made[0].message("nl")
    # the crawler's own reason is worded, not quoted in English
    assert "no consent manager" not in not_made[0].message("nl")
