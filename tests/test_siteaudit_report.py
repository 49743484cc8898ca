"""The cookie audit's reports (text, JSON, HTML), its drafted cookies section, and the
command on a recorded audit (``--replay``: no browser)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import yaml
from click.testing import CliRunner

from tests.conftest import STARTER
from waarborg.catalogue import find_cookie
from waarborg.cli import main
from waarborg.declaration.loader import load
from waarborg.siteaudit.draft import draft_cookies
from waarborg.siteaudit.evaluate import evaluate
from waarborg.siteaudit.model import (
    ACCEPT_ALL,
    BEFORE,
    REFUSE_ALL,
    Audit,
    Banner,
    Event,
    Phase,
    Request,
    SeenCookie,
    StoredItem,
)
from waarborg.siteaudit.report import as_json, html, text

SITE = "https://www.voorbeeld.nl/"


def recorded() -> Audit:
    fbp = SeenCookie("_fbp", ".voorbeeld.nl", lifetime=90 * 86_400, set_by="js", page=SITE)
    session = SeenCookie("sessid", "www.voorbeeld.nl", lifetime=None, set_by="http", page=SITE)
    ads = Request("https://stats.g.doubleclick.net/j/collect", "stats.g.doubleclick.net",
                  "image", SITE, at_ms=120)  # fmt: skip
    return Audit(
        url=SITE,
        started="2026-12-07T15:00:00+00:00",
        finished="2026-12-07T15:01:00+00:00",
        site="voorbeeld.nl",
        banner=Banner(
            found=True, manager="cookiebot", refuse_on_first_layer=False, screenshot="banner.png"
        ),
        phases=[
            Phase(
                BEFORE,
                pages=[SITE],
                cookies=[fbp, session],
                storage=[StoredItem("local", "https://www.voorbeeld.nl", "seen", 4, SITE)],
                requests=[ads],
                timeline=[
                    Event(0, "page", SITE, SITE),
                    Event(80, "cookie", "_fbp <script>", SITE),
                    Event(120, "request", ads.url, SITE),
                ],
            ),
            Phase(ACCEPT_ALL, pages=[SITE], cookies=[fbp, session], requests=[ads]),
            Phase(
                REFUSE_ALL,
                pages=[SITE],
                cookies=[session],
                chosen=False,
                error="no refuse button on the first layer",
            ),
        ],
    )


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag == "img":
            self.images.append(str(values.get("src")))
        if tag not in ("meta", "img", "br", "link"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_html_report_parses_links_findings_to_phases_and_shows_the_screenshot() -> None:
    audit = recorded()
    findings = evaluate(audit)
    for lang in ("nl", "en"):
        page = html(audit, findings, None, lang)
        tags = _Tags()
        tags.feed(page)
        tags.close()
        assert tags.open == []
        assert {"phase-before", "phase-accept_all", "phase-refuse_all", "findings"} <= tags.ids
        internal = [link[1:] for link in tags.links if link.startswith("#")]
        assert internal and all(anchor in tags.ids for anchor in internal)
        assert "#phase-before" in tags.links
        assert tags.images == ["banner.png"]
        words = " ".join(tags.text)
        assert "stats.g.doubleclick.net" in words
        assert "_fbp <script>" in words  # escaped as text, not markup
    dutch = html(audit, findings, None, "nl")
    assert "de keuze kon niet worden gemaakt" in dutch
    assert '<strong class="error">fout</strong>' in dutch and "<td>verzoek</td>" in dutch
    assert "the choice could not be made" in html(audit, findings, None, "en")


def test_text_and_json_hold_the_findings() -> None:
    audit = recorded()
    findings = evaluate(audit)
    rules = {f.rule for f in findings}
    assert {"tracking-cookie", "tracking-request", "banner-no-refuse", "choice-not-made"} <= rules
    plain = text(audit, findings, None, "en")
    for f in findings:
        assert f.message("en") in plain
    assert "ERRORS" in plain and "\x1b[" not in plain
    assert "FOUTEN" in text(audit, findings, None, "nl")
    report = json.loads(as_json(audit, findings, "privacy.yaml", "en"))
    assert report["counts"]["error"] == sum(1 for f in findings if f.severity == "error")
    assert [f["rule"] for f in report["findings"]] == [f.rule for f in findings]
    assert Audit.from_json(report["audit"]) == audit


def test_the_drafted_cookies_section_loads_and_claims_no_purpose(tmp_path: Path) -> None:
    audit = recorded()
    audit.phases[1].cookies.append(SeenCookie("_ga_ABC123", ".voorbeeld.nl", lifetime=400 * 86_400))
    drafted = draft_cookies(audit, "nl")
    assert drafted.startswith("# CONCEPT")
    section = yaml.safe_load(drafted)["cookies"]
    assert section["_fbp"]["category"] == "marketing"
    known = find_cookie("_fbp")
    assert known is not None and section["_fbp"]["provider"] == known.platform
    assert section["sessid"] == {"name": "sessid", "provider": "unstated", "expiry": "unstated",
                                 "third_party": False}  # fmt: skip
    assert section["_ga_"]["pattern"] is True
    assert all("purpose" not in entry for entry in section.values())
    data = yaml.safe_load(STARTER.read_text("utf-8"))
    data["cookies"] = section
    path = tmp_path / "privacy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    declaration = load(path)
    assert set(declaration.cookies) == {"_fbp", "sessid", "_ga_"}


def test_the_command_replays_a_recorded_audit_and_exits_1_on_an_error(tmp_path: Path) -> None:
    audit = recorded()
    saved = tmp_path / "audit.json"
    saved.write_text(as_json(audit, evaluate(audit)), "utf-8")
    out = tmp_path / "report.html"
    drafted = tmp_path / "cookies.yaml"
    result = CliRunner().invoke(
        main,
        ["cookies", "audit", "--replay", str(saved), "--format", "html", "-o", str(out),
         "--write", str(drafted), "--lang", "en", "--against", str(STARTER)],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "Held against" in out.read_text("utf-8")
    assert "cookies:" in drafted.read_text("utf-8")
    clean = Audit(url=SITE, started=audit.started, phases=[Phase(ACCEPT_ALL, pages=[SITE])])
    saved.write_text(json.dumps(clean.to_json()), "utf-8")
    result = CliRunner().invoke(main, ["cookies", "audit", "--replay", str(saved)])
    assert result.exit_code == 0, result.output


def test_the_command_needs_an_address_or_a_recording(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["cookies", "audit"])
    assert result.exit_code == 2
    assert "give the address of the site" in result.output
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2]", "utf-8")
    result = CliRunner().invoke(main, ["cookies", "audit", "--replay", str(broken)])
    assert result.exit_code == 2
    assert "not an audit recorded" in result.output
