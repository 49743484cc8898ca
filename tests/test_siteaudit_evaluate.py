"""The cookie audit's evaluation: each rule, both ways, on audits made by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import STARTER
from waarborg import catalogue
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.siteaudit.evaluate import Finding, evaluate, known_cookie
from waarborg.siteaudit.model import (
    ACCEPT_ALL,
    BEFORE,
    REFUSE_ALL,
    Audit,
    Banner,
    Phase,
    Request,
    SeenCookie,
    StoredItem,
    only,
)

SITE = "https://www.voorbeeld.nl/"
DAY = 86_400


def audit(*phases: Phase, banner: Banner | None = None) -> Audit:
    return Audit(
        url=SITE,
        started="2026-12-07T15:00:00+00:00",
        site="voorbeeld.nl",
        banner=banner or Banner(found=True, manager="waarborg", refuse_on_first_layer=True),
        phases=list(phases),
    )


def phase(name: str, *items: SeenCookie | Request, chosen: bool = True) -> Phase:
    return Phase(
        name,
        pages=[SITE],
        cookies=[i for i in items if isinstance(i, SeenCookie)],
        requests=[i for i in items if isinstance(i, Request)],
        chosen=chosen,
    )


def cookie(name: str, lifetime: int | None = 30 * DAY, first_party: bool = True) -> SeenCookie:
    domain = ".voorbeeld.nl" if first_party else ".doubleclick.net"
    return SeenCookie(name, domain, lifetime=lifetime, first_party=first_party, page=SITE)


def request(host: str) -> Request:
    return Request(f"https://{host}/collect", host, "script", SITE)


def declaration(tmp_path: Path, cookies: dict[str, Any], **more: Any) -> Declaration:
    data = yaml.safe_load(STARTER.read_text("utf-8"))
    data["cookies"] = cookies
    data.update(more)
    path = tmp_path / "privacy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return load(path)


def rules(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


# -- tracking before consent or after refusal -----------------------------------------


@pytest.mark.parametrize("when", [BEFORE, REFUSE_ALL])
def test_a_marketing_cookie_before_consent_or_after_refusal_is_an_error(when: str) -> None:
    found = rules(evaluate(audit(phase(when, cookie("_fbp")))), "tracking-cookie")
    assert [(f.phase, f.subject, f.severity) for f in found] == [(when, "_fbp", "error")]
    assert "Open Cookie Database" in found[0].message("en")
    assert "Tw" not in found[0].message("en")
    assert found[0].article.startswith("NL Telecommunicatiewet art. 11.7a")


def test_the_same_cookie_after_accepting_all_is_no_finding() -> None:
    assert not rules(evaluate(audit(phase(ACCEPT_ALL, cookie("_fbp")))), "tracking-cookie")


def test_a_category_alone_permits_that_category_only() -> None:
    findings = evaluate(
        audit(
            phase(only("analytics"), cookie("_ga"), cookie("_fbp")),
            phase(only("marketing"), cookie("_fbp")),
        )
    )
    found = rules(findings, "tracking-cookie")
    assert [(f.phase, f.subject) for f in found] == [("only:analytics", "_fbp")]
    assert "with only analytics accepted" in found[0].message("en")
    assert "met alleen analytisch geaccepteerd" in found[0].message("nl")


def test_a_short_wildcard_of_the_catalogue_does_not_judge_a_cookie() -> None:
    # The Open Cookie Database's "tp" (Tailtarget, marketing) would match any tp_ name.
    assert catalogue.find_cookie("tp_uid") is not None
    assert known_cookie("tp_uid") is None
    assert not rules(evaluate(audit(phase(BEFORE, cookie("tp_uid")))), "tracking-cookie")
    found = known_cookie("_ga_ABC123")  # a specific prefix still counts
    assert found is not None and found.platform == "Google Analytics"


def test_a_functional_or_unknown_cookie_is_not_tracking() -> None:
    findings = evaluate(audit(phase(BEFORE, cookie("CookieConsent"), cookie("sessid"))))
    assert not rules(findings, "tracking-cookie")
    # Without a declaration a cookie the catalogue does not know is said to be unjudged.
    assert [f.subject for f in rules(findings, "cookie-unknown")] == ["sessid"]


def test_declared_privacy_friendly_analytics_need_no_consent(tmp_path: Path) -> None:
    friendly = declaration(tmp_path, {"_ga": {"from_catalogue": True, "privacy_friendly": True}})
    assert not rules(evaluate(audit(phase(BEFORE, cookie("_ga"))), friendly), "tracking-cookie")
    plain = declaration(tmp_path, {"_ga": {"from_catalogue": True, "consent": "asked"}})
    found = rules(evaluate(audit(phase(BEFORE, cookie("_ga"))), plain), "tracking-cookie")
    assert [f.subject for f in found] == ["_ga"]


def test_the_declared_category_wins_over_the_catalogue(tmp_path: Path) -> None:
    declared = declaration(
        tmp_path, {"sessid": {"name": "sessid", "category": "marketing", "consent": "asked"}}
    )
    found = rules(evaluate(audit(phase(BEFORE, cookie("sessid"))), declared), "tracking-cookie")
    assert [f.subject for f in found] == ["sessid"]
    assert "as declared" in found[0].message("en")


def test_a_request_to_a_tracker_host_before_consent_is_an_error() -> None:
    host = "stats.g.doubleclick.net"
    assert catalogue.find_tracker(host) is not None
    findings = evaluate(audit(phase(BEFORE, request(host), request(host))))
    found = rules(findings, "tracking-request")
    assert [(f.subject, f.severity) for f in found] == [(host, "error")]
    assert found[0].message("en").startswith("2 request(s) went to stats.g.doubleclick.net")
    assert not rules(evaluate(audit(phase(ACCEPT_ALL, request(host)))), "tracking-request")


def test_a_request_to_a_host_not_listed_is_not_tracking() -> None:
    assert catalogue.find_tracker("cdn.voorbeeld-cdn.nl") is None
    assert not rules(
        evaluate(audit(phase(BEFORE, request("cdn.voorbeeld-cdn.nl")))), "tracking-request"
    )


def test_a_phase_whose_choice_was_not_made_is_said_so_and_counts_as_without_consent() -> None:
    findings = evaluate(
        audit(phase(ACCEPT_ALL, cookie("_fbp"), chosen=False), phase(REFUSE_ALL, chosen=True))
    )
    assert [(f.phase, f.severity) for f in rules(findings, "choice-not-made")] == [
        (ACCEPT_ALL, "warning")
    ]
    tracking = rules(findings, "tracking-cookie")
    assert [f.phase for f in tracking] == [ACCEPT_ALL]
    assert "could not be made, so without consent" in tracking[0].message("en")
    assert "the banner could not be operated" in rules(findings, "choice-not-made")[0].message("en")
    missing = evaluate(audit(phase(REFUSE_ALL, chosen=False), banner=Banner(found=False)))
    said = rules(missing, "choice-not-made")[0]
    assert "no consent banner was found" in said.message("en")
    assert "er is geen cookiebanner gevonden" in said.message("nl")
    assert "after accepting all" not in tracking[0].message("en")


def test_a_tracking_item_in_local_storage_before_consent_is_an_error() -> None:
    item = StoredItem("local", "https://www.voorbeeld.nl", "rl_anonymous_id", 36, SITE)
    before = Phase(BEFORE, pages=[SITE], storage=[item, item])
    found = rules(evaluate(audit(before)), "tracking-storage")
    assert [(f.phase, f.subject, f.severity) for f in found] == [
        (BEFORE, "rl_anonymous_id", "error")
    ]
    assert "localStorage of https://www.voorbeeld.nl" in found[0].message("en")
    after = Phase(ACCEPT_ALL, pages=[SITE], storage=[item])
    assert not rules(evaluate(audit(after)), "tracking-storage")
    plain = StoredItem("local", "https://www.voorbeeld.nl", "theme", 4, SITE)
    assert not rules(evaluate(audit(Phase(BEFORE, storage=[plain]))), "tracking-storage")


def test_requests_of_analytics_declared_privacy_friendly_need_no_consent(tmp_path: Path) -> None:
    seen = audit(phase(BEFORE, request("www.google-analytics.com")))
    friendly = declaration(tmp_path, {"_ga": {"from_catalogue": True, "privacy_friendly": True}})
    assert not rules(evaluate(seen, friendly), "tracking-request")
    plain = declaration(tmp_path, {"_ga": {"from_catalogue": True, "consent": "asked"}})
    assert [f.subject for f in rules(evaluate(seen, plain), "tracking-request")] == [
        "www.google-analytics.com"
    ]
    # marketing hosts stay tracking whatever analytics are declared
    ads = audit(phase(BEFORE, request("stats.g.doubleclick.net")))
    assert rules(evaluate(ads, friendly), "tracking-request")


# -- against the declaration ----------------------------------------------------------


def test_a_cookie_not_declared_is_an_error_and_a_declared_one_is_not(tmp_path: Path) -> None:
    declared = declaration(
        tmp_path,
        {
            "sessid": {"name": "sessid", "category": "functional"},
            "_ga_": {"name": "_ga_", "pattern": True, "category": "analytics"},
        },
    )
    findings = evaluate(
        audit(phase(ACCEPT_ALL, cookie("sessid"), cookie("_ga_ABC123"), cookie("cart"))), declared
    )
    assert [(f.subject, f.severity) for f in rules(findings, "cookie-undeclared")] == [
        ("cart", "error")
    ]


def test_a_provider_declared_without_cookie_names_covers_its_cookies(tmp_path: Path) -> None:
    declared = declaration(
        tmp_path, {"youtube": {"name": "unstated", "provider": "YouTube", "consent": "asked"}}
    )
    known = catalogue.find_cookie("VISITOR_INFO1_LIVE")
    assert known is not None and known.platform.lower() == "youtube"
    findings = evaluate(audit(phase(ACCEPT_ALL, cookie("VISITOR_INFO1_LIVE"))), declared)
    assert not rules(findings, "cookie-undeclared")


def test_a_third_party_not_declared_is_an_error_and_a_declared_one_is_not(
    tmp_path: Path,
) -> None:
    seen = audit(phase(ACCEPT_ALL, request("www.google-analytics.com")))
    without = declaration(tmp_path, {})
    found = rules(evaluate(seen, without), "third-party-undeclared")
    assert [(f.subject, f.severity) for f in found] == [("www.google-analytics.com", "error")]
    assert "Google Analytics" in found[0].message("en")
    named = declaration(tmp_path, {"_ga": {"from_catalogue": True, "provider": "Google Analytics"}})
    assert not rules(evaluate(seen, named), "third-party-undeclared")


def test_a_third_party_waarborg_cannot_attribute_is_a_warning(tmp_path: Path) -> None:
    findings = evaluate(
        audit(phase(ACCEPT_ALL, request("cdn.voorbeeld-cdn.nl"))), declaration(tmp_path, {})
    )
    assert [(f.subject, f.severity) for f in rules(findings, "third-party-unattributed")] == [
        ("cdn.voorbeeld-cdn.nl", "warning")
    ]


def test_a_lifetime_longer_than_declared_is_a_warning(tmp_path: Path) -> None:
    declared = declaration(
        tmp_path, {"sessid": {"name": "sessid", "category": "functional", "expiry": "P1Y"}}
    )
    long = evaluate(audit(phase(ACCEPT_ALL, cookie("sessid", 800 * DAY))), declared)
    found = rules(long, "cookie-lifetime")
    assert [(f.subject, f.severity) for f in found] == [("sessid", "warning")]
    assert "P800D" in found[0].message("en") and "P1Y" in found[0].message("en")
    within = evaluate(audit(phase(ACCEPT_ALL, cookie("sessid", 365 * DAY))), declared)
    assert not rules(within, "cookie-lifetime")


def test_a_lifetime_is_held_against_the_catalogues_expiry_the_statement_adopts(
    tmp_path: Path,
) -> None:
    known = catalogue.find_cookie("_fbp")
    assert known is not None and known.expiry == "P4M"
    adopted = declaration(
        tmp_path, {"_fbp": {"from_catalogue": True, "category": "marketing", "consent": "asked"}}
    )
    found = rules(evaluate(audit(phase(ACCEPT_ALL, cookie("_fbp", 400 * DAY))), adopted),
                  "cookie-lifetime")  # fmt: skip
    assert [f.subject for f in found] == ["_fbp"] and "P4M" in found[0].message("en")
    assert not rules(
        evaluate(audit(phase(ACCEPT_ALL, cookie("_fbp", 90 * DAY))), adopted), "cookie-lifetime"
    )


def test_a_persistent_cookie_declared_for_the_session_lives_longer(tmp_path: Path) -> None:
    declared = declaration(
        tmp_path, {"sessid": {"name": "sessid", "category": "functional", "expiry": "session"}}
    )
    found = rules(
        evaluate(audit(phase(ACCEPT_ALL, cookie("sessid", 7 * DAY))), declared), "cookie-lifetime"
    )
    assert "until the browser closes" in found[0].message("en")
    assert not rules(
        evaluate(audit(phase(ACCEPT_ALL, cookie("sessid", None))), declared), "cookie-lifetime"
    )


def test_a_declared_cookie_never_seen_is_an_info(tmp_path: Path) -> None:
    declared = declaration(
        tmp_path,
        {
            "sessid": {"name": "sessid", "category": "functional"},
            "_ga": {"from_catalogue": True, "privacy_friendly": True},
        },
    )
    findings = evaluate(audit(phase(ACCEPT_ALL, cookie("sessid"))), declared)
    assert [(f.subject, f.severity) for f in rules(findings, "cookie-not-seen")] == [
        ("_ga", "info")
    ]
    both = evaluate(audit(phase(ACCEPT_ALL, cookie("sessid"), cookie("_ga"))), declared)
    assert not rules(both, "cookie-not-seen")
    # a key in localStorage counts as seen: Tw 11.7a covers such techniques too
    stored = Phase(ACCEPT_ALL, pages=[SITE], cookies=[cookie("sessid")],
                   storage=[StoredItem("local", "https://www.voorbeeld.nl", "_ga")])  # fmt: skip
    assert not rules(evaluate(audit(stored), declared), "cookie-not-seen")


# -- the banner and the phases --------------------------------------------------------


def test_a_banner_without_refuse_on_its_first_layer_is_a_warning() -> None:
    no = Banner(found=True, manager="cookiebot", refuse_on_first_layer=False)
    found = rules(evaluate(audit(phase(BEFORE), banner=no)), "banner-no-refuse")
    assert [(f.subject, f.severity) for f in found] == [("banner", "warning")]
    assert "(cookiebot)" in found[0].message("en")
    for fine in (
        Banner(found=True, refuse_on_first_layer=True),
        Banner(found=True, refuse_on_first_layer=None),  # not known: nothing is claimed
        Banner(found=False),
    ):
        assert not rules(evaluate(audit(phase(BEFORE), banner=fine)), "banner-no-refuse")


def test_an_incomplete_phase_is_said_so() -> None:
    broken = Phase(BEFORE, error="the page did not load: net::ERR_CONNECTION_REFUSED")
    found = rules(evaluate(audit(broken)), "phase-incomplete")
    assert [(f.phase, f.severity) for f in found] == [(BEFORE, "info")]
    assert "ERR_CONNECTION_REFUSED" in found[0].message("nl")
    assert not rules(evaluate(audit(phase(BEFORE))), "phase-incomplete")


def test_findings_come_errors_first_and_read_in_both_languages() -> None:
    no = Banner(found=True, refuse_on_first_layer=False)
    findings = evaluate(audit(phase(BEFORE, cookie("_fbp"), cookie("sessid")), banner=no))
    assert [f.severity for f in findings] == ["error", "warning", "info"]
    for f in findings:
        assert f.message("nl") != f.message("en")
        assert f.as_dict("nl")["hint"]


def test_the_shipped_tracker_hosts_are_what_the_script_derives() -> None:
    import importlib.util
    import json

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location(
        "build_tracker_hosts", root / "scripts" / "build_tracker_hosts.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    data = root / "src" / "waarborg" / "catalogue" / "data"
    derived = script.derive(json.loads((data / "cookies.json").read_text("utf-8")))
    assert json.loads((data / "trackers.json").read_text("utf-8")) == derived
    assert derived["source"]["licence"] == "Apache-2.0"
    assert (data / "NOTICE-trackers.md").exists()
    assert "gstatic.com" not in derived["hosts"]


def test_why_a_choice_was_not_made_is_worded_in_the_readers_language() -> None:
    unchosen = Phase(
        REFUSE_ALL,
        pages=[SITE],
        chosen=False,
        error="refusing all: the steps for cookiebot's banner failed",
        problem="steps-failed",
        problem_values=(("manager", "cookiebot"), ("choice", REFUSE_ALL)),
    )
    said = rules(evaluate(audit(unchosen)), "choice-not-made")[0]
    assert "alles weigeren: de stappen voor de banner van cookiebot mislukten" in said.message("nl")
    assert "refusing all: the steps for the banner of cookiebot failed" in said.message("en")
    assert "steps for" not in said.message("nl")
    broken = Phase(
        BEFORE,
        error="https://www.voorbeeld.nl/over: net::ERR_CONNECTION_REFUSED",
        problem="page-failed",
        problem_values=(("url", SITE + "over"), ("detail", "net::ERR_CONNECTION_REFUSED")),
    )
    incomplete = rules(evaluate(audit(broken)), "phase-incomplete")[0]
    assert f"{SITE}over laadde niet (net::ERR_CONNECTION_REFUSED)" in incomplete.message("nl")
    # Read back from JSON, the codes are kept.
    again = Audit.from_json(audit(unchosen, broken).to_json())
    assert again.phases[0].problem_values == unchosen.problem_values


def test_a_host_of_several_kinds_is_not_tracking_once_one_of_them_is_accepted() -> None:
    # linkedin.com serves marketing and analytics cookies: with one of the two accepted,
    # what a request to it is for cannot be told from the host, so it is no error.
    host = "linkedin.com"
    tracker = catalogue.find_tracker(host)
    assert tracker is not None and {"marketing", "analytics"} <= set(tracker.categories)
    assert not rules(evaluate(audit(phase(only("marketing"), request(host)))), "tracking-request")
    # With neither accepted it is.
    assert rules(evaluate(audit(phase(REFUSE_ALL, request(host)))), "tracking-request")
