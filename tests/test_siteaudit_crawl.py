"""The cookie audit's browser side on real small sites (tests/siteaudit_sites.py) in
real Chromium: per phase, the cookies (how set, lifetime, party), storage and
third-party requests (with the page that caused them) recorded; the consent manager
found and operated (Waarborg's own banner, and banners shaped as Cookiebot's,
CookieYes', Complianz' and OneTrust's); a phase whose choice could not be made marked
so; and which links are followed."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from waarborg.siteaudit.crawl import AuditError, audit_site
from waarborg.siteaudit.managers import find
from waarborg.siteaudit.model import ACCEPT_ALL, BEFORE, REFUSE_ALL, Audit, Phase, only
from waarborg.siteaudit.sites import follow, same_site, site_of

from .requirements import launch
from .serving import free_port
from .siteaudit_sites import TRACKER_HOST, ZENDESK, Audits, Tracker, serve_site, tracker

# --- which hosts are the site's, which links are followed -------------------------------------


def test_the_site_is_the_registrable_domain_by_the_public_suffix_list() -> None:
    assert site_of("www.shop.co.uk") == "shop.co.uk"
    assert site_of("cdn.static.example.nl") == "example.nl"
    assert site_of("127.0.0.1") == "127.0.0.1" and site_of("localhost") == "localhost"
    assert same_site(".example.nl", "example.nl") and same_site("a.example.nl", "example.nl")
    assert not same_site("example.nl.evil.com", "example.nl")
    # Private suffixes in the list are respected: two sites on github.io are two sites.
    assert site_of("a.github.io") != site_of("b.github.io")


def test_links_are_followed_in_page_order_once_and_never_out_logout_mail_or_files() -> None:
    hrefs = [
        "/over",
        "https://www.example.nl/contact#form",
        "/over#team",
        "mailto:info@example.nl",
        "tel:+31201234567",
        "javascript:void(0)",
        "/account/logout",
        "/brochure.PDF",
        "https://elders.nl/",
        "https://shop.example.nl/",
        "/",
        "/nieuws",
    ]
    got = follow("https://www.example.nl/", hrefs, "example.nl", 3)
    assert got == [
        "https://www.example.nl/over",
        "https://www.example.nl/contact",
        "https://shop.example.nl/",
    ]
    assert follow("https://www.example.nl/", hrefs, "example.nl", 0) == []


# --- the sites, each audited once per session (tests/siteaudit_sites.py) -------------------------


@pytest.fixture(scope="module")
def the_tracker() -> Iterator[Tracker]:
    with tracker() as served:
        yield served


@pytest.fixture(scope="module")
def waarborg_audit(site_audits: Audits) -> tuple[str, Audit, Path]:
    done = site_audits("waarborg")
    return done.url, done.audit, done.folder


def _phase(audit: Audit, name: str) -> Phase:
    phase = audit.phase(name)
    assert phase is not None, (name, [p.name for p in audit.phases])
    return phase


def _names(phase: Phase) -> set[str]:
    return {c.name for c in phase.cookies}


def _third(phase: Phase) -> list[str]:
    return [r.url.rsplit("/", 1)[-1] for r in phase.requests]


def test_waarborg_banner_is_found_described_and_photographed(
    waarborg_audit: tuple[str, Audit, Path],
) -> None:
    url, audit, out = waarborg_audit
    assert audit.site == "127.0.0.1" and audit.finished
    banner = audit.banner
    assert banner is not None and banner.found and banner.manager == "waarborg"
    assert banner.refuse_on_first_layer is True
    assert banner.categories == ("analytics", "marketing")  # functional needs no consent
    assert banner.screenshot == "banner.png" and (out / "banner.png").stat().st_size > 1000
    assert [p.name for p in audit.phases] == [
        BEFORE,
        ACCEPT_ALL,
        REFUSE_ALL,
        only("analytics"),
        only("marketing"),
    ]
    # The same pages in every phase: the first, then its links in order (the banner's
    # link to the declaration included), without mailto, tel, logout, the PDF or the
    # tracker's host.
    expected = [url, url + "over", url + "contact", url + "en/privacy"]
    assert all(p.pages == expected for p in audit.phases)


def test_before_any_choice_waarborg_sets_only_its_session_cookie_and_calls_no_one(
    waarborg_audit: tuple[str, Audit, Path],
) -> None:
    url, audit, _ = waarborg_audit
    before = _phase(audit, BEFORE)
    assert before.chosen and before.error is None
    (sid,) = before.cookies
    assert (sid.name, sid.set_by, sid.lifetime, sid.http_only) == ("sid", "http", None, True)
    assert sid.first_party and sid.page == url and sid.same_site == "Lax"
    assert before.requests == []
    assert {(s.kind, s.key, s.size) for s in before.storage} == {("session", "visit", 1)}
    kinds = [e.kind for e in before.timeline]
    assert kinds[0] == "page" and "banner" in kinds and "cookie" in kinds
    assert [e.at_ms for e in before.timeline] == sorted(e.at_ms for e in before.timeline)


def test_accepting_all_in_waarborg_runs_the_trackers_and_records_who_set_what(
    waarborg_audit: tuple[str, Audit, Path],
) -> None:
    url, audit, _ = waarborg_audit
    phase = _phase(audit, ACCEPT_ALL)
    assert phase.chosen and phase.error is None
    cookies = {c.name: c for c in phase.cookies}
    assert set(cookies) == {"sid", "wbg_consent", "_ga", "_fbp"}
    ga = cookies["_ga"]
    assert ga.set_by == "js" and ga.first_party and ga.page == url
    assert ga.lifetime is not None and abs(ga.lifetime - 31_536_000) <= 5
    fbp = cookies["_fbp"]
    assert fbp.lifetime is not None and abs(fbp.lifetime - 7_776_000) <= 5
    assert cookies["wbg_consent"].set_by == "js"
    # Third-party requests: the trackers' scripts, on each page, from the tracker's host.
    assert {r.host for r in phase.requests} == {TRACKER_HOST}
    first = [r for r in phase.requests if r.page == url]
    assert sorted(_third(phase)[:2]) == ["t.js?c=analytics", "t.js?c=marketing"]
    assert all(r.resource_type == "script" and r.status == 200 for r in first)
    assert {r.page for r in phase.requests} == {url, url + "over", url + "contact"}
    # The tracker's id, kept in the page's localStorage.
    assert ("local", "tp_uid", 8) in {(s.kind, s.key, s.size) for s in phase.storage}
    assert any(e.kind == "click" for e in phase.timeline)


def test_refusing_all_in_waarborg_keeps_trackers_out(
    waarborg_audit: tuple[str, Audit, Path],
) -> None:
    _, audit, _ = waarborg_audit
    phase = _phase(audit, REFUSE_ALL)
    assert phase.chosen and phase.error is None
    assert _names(phase) == {"sid", "wbg_consent"}
    assert phase.requests == []


def test_one_category_alone_in_waarborg_runs_only_its_tracker(
    waarborg_audit: tuple[str, Audit, Path],
) -> None:
    _, audit, _ = waarborg_audit
    analytics = _phase(audit, only("analytics"))
    assert analytics.chosen and _names(analytics) == {"sid", "wbg_consent", "_ga"}
    assert set(_third(analytics)) == {"t.js?c=analytics"}
    marketing = _phase(audit, only("marketing"))
    assert marketing.chosen and _names(marketing) == {"sid", "wbg_consent", "_fbp"}
    assert set(_third(marketing)) == {"t.js?c=marketing"}


def test_an_audit_is_written_as_json_and_read_back(
    waarborg_audit: tuple[str, Audit, Path],
) -> None:
    _, audit, _ = waarborg_audit
    assert Audit.from_json(audit.to_json()) == audit


def test_a_site_tracking_before_consent_without_banner(site_audits: Audits) -> None:
    done = site_audits("tracker")
    url, audit = done.url, done.audit
    assert audit.banner is not None and not audit.banner.found
    before = _phase(audit, BEFORE)
    assert before.chosen and before.pages == [url, url + "over"]
    fbp = next(c for c in before.cookies if c.name == "_fbp")
    assert (fbp.set_by, fbp.lifetime, fbp.first_party, fbp.page) == ("http", 7_776_000, True, url)
    kinds = {(r.resource_type, r.url.rsplit("/", 1)[-1], r.page) for r in before.requests}
    assert ("script", "t.js?c=marketing", url) in kinds
    assert ("document", "frame", url) in kinds
    assert ("script", "t.js?c=marketing", url + "over") in kinds
    # No banner: the choices could not be made, and the phases say so.
    for name in (ACCEPT_ALL, REFUSE_ALL):
        phase = _phase(audit, name)
        assert not phase.chosen and phase.error and "no consent manager" in phase.error
        assert phase.problem == "no-manager"
        assert "_fbp" in _names(phase)
    assert len(audit.phases) == 3  # no categories offered, none asked for


def test_a_site_that_ignores_the_refusal(site_audits: Audits) -> None:
    audit = site_audits("ignores").audit
    refused = _phase(audit, REFUSE_ALL)
    assert refused.chosen  # the refusal was made in the banner ...
    assert {"_ga", "_fbp"} <= _names(refused)  # ... and the trackers ran anyway
    assert {"t.js?c=analytics", "t.js?c=marketing"} <= set(_third(refused))


def test_an_undeclared_third_party_is_called_whatever_the_choice(site_audits: Audits) -> None:
    done = site_audits("undeclared")
    url, audit = done.url, done.audit
    assert audit.banner is not None and audit.banner.manager == "waarborg"
    for name in (BEFORE, REFUSE_ALL):
        phase = _phase(audit, name)
        pixel = [r for r in phase.requests if r.url.endswith("/pixel.gif")]
        assert [(r.resource_type, r.page, r.host) for r in pixel] == [("image", url, ZENDESK)]
    assert set(_third(_phase(audit, REFUSE_ALL))) == {"pixel.gif"}


@pytest.mark.parametrize(
    ("name", "refuse_first"),
    [("cookiebot", True), ("cookieyes", True), ("complianz", True), ("onetrust", False)],
)
def test_other_consent_managers_are_operated(
    site_audits: Audits, name: str, refuse_first: bool
) -> None:
    audit = site_audits(name).audit
    banner = audit.banner
    assert banner is not None and banner.manager == name
    assert banner.refuse_on_first_layer is refuse_first
    assert banner.categories == ("functional", "analytics", "marketing")
    assert [p.name for p in audit.phases] == [BEFORE, ACCEPT_ALL, REFUSE_ALL, only("analytics")]
    assert {"_ga", "_fbp"} & _names(_phase(audit, BEFORE)) == set()
    accepted = _phase(audit, ACCEPT_ALL)
    assert accepted.chosen and {"_ga", "_fbp"} <= _names(accepted)
    refused = _phase(audit, REFUSE_ALL)
    assert refused.chosen and refused.error is None
    assert {"_ga", "_fbp"} & _names(refused) == set() and refused.requests == []
    alone = _phase(audit, only("analytics"))
    assert alone.chosen and "_ga" in _names(alone) and "_fbp" not in _names(alone)
    assert set(_third(alone)) == {"t.js?c=analytics"}


# --- a banner that can only be hidden is not answered -----------------------------------------


def test_a_banner_that_can_only_be_hidden_is_no_choice_made(chromium: Path) -> None:
    from playwright.sync_api import sync_playwright

    notice = (
        '<div class="cc-window cc-type-info" aria-describedby="cookieconsent:desc">'
        '<span id="cookieconsent:desc">Cookies.</span>'
        '<div class="cc-compliance"><a class="cc-btn cc-dismiss">OK</a></div></div>'
    )
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page()
            page.set_content(f"<html><body>{notice}</body></html>")
            manager = find(page, 1000)
            assert manager is not None and manager.name == "complianz"
            outcome = manager.choose(page, "refuse_all")
            assert not outcome.made and outcome.reason and "hidden" in outcome.reason
            alone = manager.choose(page, "only", "analytics")
            assert not alone.made and alone.reason and "not known" in alone.reason
        finally:
            browser.close()


# --- the site by its name, from async code, and what cannot be audited ------------------------


def test_a_named_site_with_subdomains_audited_from_async_code(
    chromium: Path, the_tracker: Tracker
) -> None:
    """www.shop.test resolves to this machine (Chromium's host rules): the site is
    shop.test, its cookies first party; 127.0.0.2 is still a third party. Called from
    a running event loop, the audit runs in a thread of its own."""
    with serve_site("tracker", the_tracker.url) as url:
        port = url.rsplit(":", 1)[1].strip("/")
        named = f"http://www.shop.test:{port}/"
        rules = "--host-resolver-rules=MAP *.shop.test 127.0.0.1"

        async def run() -> Audit:
            return audit_site(named, pages=1, categories=[], timeout=10, browser_args=(rules,))

        audit = asyncio.run(run())
    assert audit.site == "shop.test"
    before = _phase(audit, BEFORE)
    assert before.pages == [named, named + "over"]
    assert {(c.name, c.domain, c.first_party) for c in before.cookies} >= {
        ("sid", "www.shop.test", True),
        ("_fbp", "www.shop.test", True),
    }
    assert {r.host for r in before.requests} == {TRACKER_HOST}
    assert {r.page for r in before.requests} == {named, named + "over"}


def test_what_cannot_be_audited_is_one_clear_line(chromium: Path) -> None:
    with pytest.raises(AuditError, match="not a web address"):
        audit_site("ftp://example.nl/")
    closed = f"http://127.0.0.1:{free_port()}/"
    with pytest.raises(AuditError, match="could not load") as caught:
        audit_site(closed, timeout=5)
    assert "\n" not in str(caught.value) and closed in str(caught.value)
    with pytest.raises(AuditError, match="Chromium is not installed"):
        audit_site("https://example.nl/", executable="/nonexistent/chromium")
