"""The evaluation on audits the crawler made in Chromium of the small real sites of
``tests/siteaudit_sites.py``: a banner done right gives no tracking finding, a site
that ignores the refusal and one that tracks before any choice do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from waarborg.siteaudit.crawl import audit_site
from waarborg.siteaudit.evaluate import Finding, evaluate
from waarborg.siteaudit.model import ACCEPT_ALL, BEFORE, REFUSE_ALL, Audit

from .siteaudit_sites import Tracker, serve_site, tracker

TRACKING = ("tracking-cookie", "tracking-storage", "tracking-request")


@pytest.fixture(scope="module")
def the_tracker() -> Iterator[Tracker]:
    with tracker() as served:
        yield served


def _audit(the_tracker: Tracker, name: str, **options: Any) -> Audit:
    with serve_site(name, the_tracker.url) as url:
        return audit_site(url, timeout=10, **options)


def _tracking(findings: list[Finding]) -> list[tuple[str | None, str]]:
    return sorted((f.phase or "", f.subject) for f in findings if f.rule in TRACKING)


def test_waarborgs_banner_done_right_gives_no_tracking_finding(
    chromium: Path, the_tracker: Tracker
) -> None:
    audit = _audit(the_tracker, "waarborg", pages=0)
    assert {"only:analytics", "only:marketing"} <= {p.name for p in audit.phases}
    findings = evaluate(audit)
    assert _tracking(findings) == []
    assert not [f for f in findings if f.rule in ("choice-not-made", "banner-no-refuse")]


def test_a_site_that_ignores_the_refusal_is_an_error_after_refusing(
    chromium: Path, the_tracker: Tracker
) -> None:
    findings = evaluate(_audit(the_tracker, "ignores", pages=0, categories=[]))
    tracked = _tracking(findings)
    assert (REFUSE_ALL, "_fbp") in tracked and (REFUSE_ALL, "_ga") in tracked
    assert all(phase != ACCEPT_ALL for phase, _ in tracked)
    said = next(f for f in findings if f.phase == REFUSE_ALL and f.subject == "_fbp")
    assert "after refusing all" in said.message("en")


def test_a_site_that_tracks_before_any_choice_is_an_error_before(
    chromium: Path, the_tracker: Tracker
) -> None:
    findings = evaluate(_audit(the_tracker, "tracker", pages=0, categories=[]))
    assert (BEFORE, "_fbp") in _tracking(findings)
    not_made = [f.phase for f in findings if f.rule == "choice-not-made"]
    assert not_made == [ACCEPT_ALL, REFUSE_ALL]
    assert "no consent banner was found" in next(
        f for f in findings if f.rule == "choice-not-made"
    ).message("en")
