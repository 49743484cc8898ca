"""Small real websites for the cookie audit, served on this machine: each on its own
port of 127.0.0.1, with a "tracker" on 127.0.0.2 (another host, so another site: its
requests are third-party for real). Nothing is fetched from the network.

- ``waarborg``: Waarborg's own banner done right, the real ``/consent.js`` output for
  the connectmenow example (analytics and marketing asked, functional free);
- ``undeclared``: the same, plus an image from the tracker loaded whatever is chosen;
- ``tracker``: no banner; a marketing cookie by ``Set-Cookie`` and a tracker script
  before any choice;
- ``cookiebot``, ``cookieyes``, ``complianz``, ``onetrust``: banners shaped as those
  managers' are (their DOM ids and classes, as autoconsent's rules expect), driven by a
  small script of their own; ``onetrust`` has no refuse button on its first layer;
- ``ignores``: a CookieYes-shaped banner whose "reject" still loads every tracker;
- ``consentmode``: Waarborg's ``/consent.js`` with Google Consent Mode (its declaration
  names Google Analytics and Google Ads) and a stand-in for gtag.js (``GTAG``) that, as
  Google's does, reads the consent commands in ``window.dataLayer``: ``_ga`` and
  ``_ga_TEST`` (two years) and a hit to the tracker only while ``analytics_storage``
  is granted, ``_gcl_au`` (90 days) only while ``ad_storage`` is.

The ``undeclared`` site's image comes from ``shop.zendesk.com``, a name the browser
resolves to the tracker (``BROWSER_ARGS``): a party Waarborg knows (Zendesk) that the
site's declaration does not name.

Each site has a declaration of its own (``declaration(name)``, the starter's with a
``cookies`` section of what the site means to set), and the options it is audited with
(``OPTIONS``); ``Audits`` audits each site once per test session, for every test that
looks at it (the ``site_audits`` fixture).

On every site a category accepted runs ``wbgLoad(category)``: analytics sets ``_ga``
(a year) from JavaScript, marketing ``_fbp`` (90 days), functional keeps ``lang`` in
localStorage; each loads the tracker's script ``/t.js?c=<category>``. The first page
sets ``sid`` (a session cookie, HttpOnly) by ``Set-Cookie`` and links to ``/over`` and
``/contact`` (and to things the crawler must not follow).

``serve_site(name)`` serves one; ``tracker()`` the tracker. Used by the crawler's tests
and the evaluation's.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias
from urllib.parse import quote

import pytest

if TYPE_CHECKING:
    from waarborg.declaration.model import Declaration
    from waarborg.siteaudit.model import Audit

__all__ = [
    "BROWSER_ARGS",
    "EXAMPLE",
    "GTAG",
    "NAMES",
    "OPTIONS",
    "TRACKER_HOST",
    "Audits",
    "Routes",
    "Tracker",
    "consent_script",
    "declaration",
    "serve_site",
    "site_audits",
    "tracker",
]

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "src" / "waarborg" / "declaration" / "starter.yaml"
#: The declaration whose banner the ``waarborg`` and ``undeclared`` sites serve.
EXAMPLE = ROOT / "examples" / "connectmenow" / "privacy.yaml"
TRACKER_HOST = "127.0.0.2"
NAMES = (
    "waarborg",
    "undeclared",
    "tracker",
    "cookiebot",
    "cookieyes",
    "complianz",
    "onetrust",
    "ignores",
    "consentmode",
)
#: A third party the ``undeclared`` site calls, by a name Waarborg's catalogue knows.
ZENDESK = "shop.zendesk.com"
#: What the browser is started with for these sites: the third party's name resolves
#: to the tracker on this machine.
BROWSER_ARGS = (f"--host-resolver-rules=MAP {ZENDESK} {TRACKER_HOST}",)
#: What a small server answers, by path: the body, its content type, the extra headers.
Routes: TypeAlias = dict[str, tuple[str, str, list[tuple[str, str]]]]


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    routes: Routes
    seen: list[str]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(
        self, body: bytes, kind: str, headers: list[tuple[str, str]], status: int = 200
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.seen.append(self.path)
        path = self.path.split("?", 1)[0]
        route = self.server.routes.get(path)
        if route is None:
            self._answer(b"not here", "text/plain", [], 404)
            return
        body, kind, headers = route
        self._answer(body.encode("utf-8"), kind, headers)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.server.seen.append("POST " + self.path)
        self._answer(b'{"ok":true}', "application/json", [], 201)


@contextmanager
def _serve(host: str, routes: Routes) -> Iterator[_Server]:
    server = _Server((host, 0), _Handler)
    server.routes = routes
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Tracker:
    url: str
    server: _Server

    @property
    def seen(self) -> list[str]:
        return self.server.seen


@contextmanager
def tracker() -> Iterator[Tracker]:
    """The third party: a script that keeps an id in the page's localStorage, a pixel, a frame."""
    routes: Routes = {
        "/t.js": (
            "try { localStorage.setItem('tp_uid', 'u-123456'); } catch (e) {}",
            "text/javascript",
            [],
        ),
        "/pixel.gif": ("GIF89a", "image/gif", []),
        "/g/collect": ("GIF89a", "image/gif", []),
        "/frame": (
            "<!doctype html><title>t</title><p>t</p>",
            "text/html",
            [],
        ),
    }
    with _serve(TRACKER_HOST, routes) as server:
        yield Tracker(f"http://{TRACKER_HOST}:{server.server_address[1]}", server)


# --- the pages -------------------------------------------------------------------------------

_LOAD = """<script>
var TRACKER = %(tracker)s;
function wbgLoad(cat) {
  if (cat === "analytics") document.cookie = "_ga=GA1.1.42.42; max-age=31536000; path=/";
  if (cat === "marketing") document.cookie = "_fbp=fb.1.42; max-age=7776000; path=/";
  if (cat === "functional") localStorage.setItem("lang", "nl");
  var s = document.createElement("script"); s.src = TRACKER + "/t.js?c=" + cat;
  document.head.appendChild(s);
}
sessionStorage.setItem("visit", "1");
</script>"""

_LINKS = """<nav>
<a href="/over">Over ons</a> <a href="/contact">Contact</a> <a href="/over#team">Team</a>
<a href="mailto:info@example.nl">Mail</a> <a href="tel:+31201234567">Bel</a>
<a href="/logout">Uitloggen</a> <a href="/prijzen.pdf">Prijzen</a>
<a href="%(tracker)s/">Elders</a>
</nav>"""

# A consent manager's banner in miniature, by a configuration of selectors.
_FAKE_CMP = """<script>
(function (C) {
  var d = document;
  function qa(s) { return Array.prototype.slice.call(d.querySelectorAll(s)); }
  function read() {
    var m = d.cookie.match(new RegExp("(?:^|; )" + C.cookie + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : null;
  }
  function choose(cats, refused) {
    d.cookie = C.cookie + "=" + encodeURIComponent(cats.join(",") || "none") +
      "; max-age=31536000; path=/";
    C.hide.forEach(function (s) { qa(s).forEach(function (e) {
      e.style.display = "none"; if (C.openClass) e.classList.remove(C.openClass);
    }); });
    (refused && C.ignoreRefusal ? C.all : cats).forEach(wbgLoad);
  }
  function on(sel, f) {
    qa(sel).forEach(function (e) {
      e.addEventListener("click", function (ev) { ev.preventDefault(); f(); });
    });
  }
  function start() {
    var had = read();
    if (had !== null) {
      had.split(",").filter(function (c) { return c && c !== "none"; }).forEach(wbgLoad);
      return;
    }
    setTimeout(function () {
      qa(C.banner).forEach(function (e) { e.style.display = "block"; });
    }, 300);
    on(C.accept, function () { choose(C.all, false); });
    if (C.reject) on(C.reject, function () { choose([], true); });
    if (C.settings) on(C.settings, function () {
      if (C.settingsHides) qa(C.settingsHides).forEach(function (e) { e.style.display = "none"; });
      qa(C.panel).forEach(function (p) {
        p.style.display = "block"; if (C.openClass) p.classList.add(C.openClass);
      });
    });
    on(C.save, function () {
      var cats = [];
      qa(C.panel + " input[data-cat]").forEach(function (i) {
        var cat = i.getAttribute("data-cat");
        if (i.checked && cats.indexOf(cat) < 0) cats.push(cat);
      });
      choose(cats, cats.length === 0);
    });
  }
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", start); else start();
})(%(config)s);
</script>"""

_ALL = ["functional", "analytics", "marketing"]

_CMPS: dict[str, tuple[str, dict[str, Any]]] = {
    "cookiebot": (
        """<div id="CybotCookiebotDialog" style="display:none">
<div id="CybotCookiebotDialogBodyContentText">Deze website gebruikt cookies.</div>
<a id="CybotCookiebotDialogNavDetails" href="#">Details</a>
<div id="CybotCookiebotDialogTabContentDetails" style="display:none">
<input type="checkbox" id="CybotCookiebotDialogBodyLevelButtonNecessary"
class="CybotCookiebotDialogBodyLevelButton" checked disabled>
<input type="checkbox" id="CybotCookiebotDialogBodyLevelButtonPreferences"
class="CybotCookiebotDialogBodyLevelButton" data-cat="functional">
<input type="checkbox" id="CybotCookiebotDialogBodyLevelButtonStatistics"
class="CybotCookiebotDialogBodyLevelButton" data-cat="analytics">
<input type="checkbox" id="CybotCookiebotDialogBodyLevelButtonMarketing"
class="CybotCookiebotDialogBodyLevelButton" data-cat="marketing">
</div>
<button id="CybotCookiebotDialogBodyButtonDecline">Weigeren</button>
<button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection">Selectie
toestaan</button>
<button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll">Alle cookies
toestaan</button>
</div>""",
        {
            "cookie": "CookieConsent",
            "banner": "#CybotCookiebotDialog",
            "accept": "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll",
            "reject": "#CybotCookiebotDialogBodyButtonDecline",
            "settings": "#CybotCookiebotDialogNavDetails",
            "panel": "#CybotCookiebotDialogTabContentDetails",
            "save": "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection",
            "hide": ["#CybotCookiebotDialog"],
        },
    ),
    "cookieyes": (
        """<div class="cky-consent-container" style="display:none"><div class="cky-consent-bar">
<p class="cky-notice-des">We use cookies.</p>
<button class="cky-btn cky-btn-customize" data-cky-tag="settings-button">Customise</button>
<button class="cky-btn cky-btn-reject" data-cky-tag="reject-button">Reject All</button>
<button class="cky-btn cky-btn-accept" data-cky-tag="accept-button">Accept All</button>
</div></div>
<div class="cky-modal" style="display:none">
<input type="checkbox" id="ckySwitchnecessary" checked disabled>
<input type="checkbox" id="ckySwitchfunctional" data-cat="functional">
<input type="checkbox" id="ckySwitchanalytics" data-cat="analytics">
<input type="checkbox" id="ckySwitchperformance" data-cat="analytics">
<input type="checkbox" id="ckySwitchadvertisement" data-cat="marketing">
<button class="cky-btn cky-btn-preferences" data-cky-tag="detail-save-button">Save My
Preferences</button>
</div>""",
        {
            "cookie": "cookieyes-consent",
            "banner": ".cky-consent-container",
            "accept": "[data-cky-tag=accept-button]",
            "reject": "[data-cky-tag=reject-button]",
            "settings": "[data-cky-tag=settings-button]",
            "panel": ".cky-modal",
            "openClass": "cky-modal-open",
            "save": "[data-cky-tag=detail-save-button]",
            "hide": [".cky-consent-container", ".cky-modal"],
        },
    ),
    "complianz": (
        """<div id="cmplz-cookiebanner-container"><div class="cmplz-cookiebanner"
style="display:none">
<div class="cmplz-message">Wij gebruiken cookies.</div>
<div class="cmplz-categories" style="display:none">
<input type="checkbox" id="cmplz-functional-optin" class="cmplz-consent-checkbox
cmplz-functional" checked disabled>
<input type="checkbox" id="cmplz-preferences-optin" class="cmplz-consent-checkbox
cmplz-preferences" data-cat="functional">
<input type="checkbox" id="cmplz-statistics-optin" class="cmplz-consent-checkbox
cmplz-statistics" data-cat="analytics">
<input type="checkbox" id="cmplz-marketing-optin" class="cmplz-consent-checkbox
cmplz-marketing" data-cat="marketing">
</div>
<div class="cmplz-buttons">
<button class="cmplz-btn cmplz-accept">Accepteren</button>
<button class="cmplz-btn cmplz-deny">Weigeren</button>
<button class="cmplz-btn cmplz-view-preferences">Voorkeuren bekijken</button>
<button class="cmplz-btn cmplz-save-preferences">Voorkeuren opslaan</button>
</div></div></div>""",
        {
            "cookie": "cmplz_banner-status",
            "banner": ".cmplz-cookiebanner",
            "accept": ".cmplz-accept",
            "reject": ".cmplz-deny",
            "settings": ".cmplz-view-preferences",
            "panel": ".cmplz-categories",
            "save": ".cmplz-save-preferences",
            "hide": [".cmplz-cookiebanner"],
        },
    ),
    "onetrust": (
        """<div id="onetrust-consent-sdk">
<div id="onetrust-banner-sdk" style="display:none">
<div id="onetrust-policy-text">We use cookies.</div>
<button id="onetrust-pc-btn-handler">Cookie Settings</button>
<button id="onetrust-accept-btn-handler">Accept All Cookies</button>
</div>
<div id="onetrust-pc-sdk" style="display:none">
<input type="checkbox" id="ot-group-id-C0001" class="category-switch-handler" checked disabled>
<input type="checkbox" id="ot-group-id-C0002" class="category-switch-handler"
data-cat="analytics">
<input type="checkbox" id="ot-group-id-C0003" class="category-switch-handler"
data-cat="functional">
<input type="checkbox" id="ot-group-id-C0004" class="category-switch-handler"
data-cat="marketing">
<button class="save-preference-btn-handler onetrust-close-btn-handler">Confirm My
Choices</button>
</div></div>""",
        {
            "cookie": "OptanonConsent",
            "banner": "#onetrust-banner-sdk",
            "accept": "#onetrust-accept-btn-handler",
            "reject": None,
            "settings": "#onetrust-pc-btn-handler",
            "settingsHides": "#onetrust-banner-sdk",
            "panel": "#onetrust-pc-sdk",
            "save": ".save-preference-btn-handler",
            "hide": ["#onetrust-banner-sdk", "#onetrust-pc-sdk"],
        },
    ),
}


#: A stand-in for Google's gtag.js: like it, it reads the commands queued in
#: window.dataLayer and every one pushed later, and keeps the consent state they give.
#: While analytics_storage is granted it sets _ga and _ga_<id> (two years) and sends a
#: hit to ``collect`` (its own address's parameter) once per page; while ad_storage is
#: granted it sets _gcl_au (90 days). Denied, it sets and sends nothing.
GTAG = """(function () {
  var dl = window.dataLayer = window.dataLayer || [], state = {}, sent = false;
  var src = (document.currentScript && document.currentScript.src) || "";
  var id = (src.match(/[?&]id=G-([^&]+)/) || [0, "TEST"])[1];
  var collect = decodeURIComponent((src.match(/[?&]collect=([^&]+)/) || [0, ""])[1]);
  function set(name, value, age) {
    if (document.cookie.split("; ").some(function (c) { return c.indexOf(name + "=") === 0; }))
      return;
    document.cookie = name + "=" + value + "; max-age=" + age + "; path=/";
  }
  function apply() {
    if (state.analytics_storage === "granted") {
      set("_ga", "GA1.1.42.42", 63072000);
      set("_ga_" + id, "GS1.1.42.1.0", 63072000);
      if (collect && !sent) { sent = true; new Image().src = collect + "/g/collect?tid=G-" + id; }
    }
    if (state.ad_storage === "granted") set("_gcl_au", "1.1.42.42", 7776000);
  }
  function handle(e) {
    if (Object.prototype.toString.call(e) !== "[object Arguments]") return;
    if (e[0] === "consent" && e[2] && typeof e[2] === "object") {
      for (var k in e[2]) state[k] = e[2][k];
      apply();
    }
  }
  dl.forEach(handle);
  var push = dl.push;
  dl.push = function () {
    for (var i = 0; i < arguments.length; i++) handle(arguments[i]);
    return push.apply(dl, arguments);
  };
})();
"""

_GTAG_SNIPPET = """<script async src="/gtag.js?id=G-TEST&collect=%(collect)s"></script>
<script>window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag("js", new Date()); gtag("config", "G-TEST");</script>"""

_SID = {
    "name": "sid",
    "provider": "unstated",
    "category": "functional",
    "expiry": "session",
    "third_party": False,
    "consent": "not_asked",
}
_CONSENT = {"category": "functional", "expiry": "P1Y", "third_party": False, "consent": "not_asked"}
_GA = {"from_catalogue": True, "consent": "asked"}  # Google Analytics, two years
_FBP = {"from_catalogue": True, "consent": "asked"}  # Facebook's pixel, four months
#: What each site's declaration says it sets (besides the starter's own).
_DECLARED: dict[str, dict[str, Any]] = {
    "waarborg": {"sid": _SID, "wbg_consent": _CONSENT, "_ga": _GA, "_fbp": _FBP},
    "undeclared": {"sid": _SID, "wbg_consent": _CONSENT, "_ga": _GA, "_fbp": _FBP},
    "tracker": {"sid": _SID, "_fbp": _FBP},
    "ignores": {
        "sid": _SID,
        "cookieyes-consent": {"from_catalogue": True},
        "_ga": _GA,
        "_fbp": _FBP,
    },
    "cookiebot": {"sid": _SID, "CookieConsent": {"from_catalogue": True}, "_ga": _GA, "_fbp": _FBP},
    "cookieyes": {
        "sid": _SID,
        "cookieyes-consent": {"from_catalogue": True},
        "_ga": _GA,
        "_fbp": _FBP,
    },
    "complianz": {
        "sid": _SID,
        "cmplz_banner-status": {"from_catalogue": True},
        "_ga": _GA,
        "_fbp": _FBP,
    },
    "onetrust": {"sid": _SID, "OptanonConsent": {"from_catalogue": True}, "_ga": _GA, "_fbp": _FBP},
    "consentmode": {
        "sid": _SID,
        "wbg_consent": _CONSENT,
        "_ga": {
            "provider": "google_analytics",
            "category": "analytics",
            "expiry": "P2Y",
            "consent": "asked",
        },
        "_ga_": {
            "name": "_ga_",
            "pattern": True,
            "provider": "google_analytics",
            "category": "analytics",
            "expiry": "P2Y",
            "consent": "asked",
        },
        "_gcl_au": {
            "provider": "google_ads",
            "category": "marketing",
            "expiry": "P90D",
            "consent": "asked",
        },
    },
}


@cache
def declaration(name: str) -> Declaration:
    """The declaration of site ``name``: the starter's, with the cookies the site
    means to set (its ``cookies`` section replaced)."""
    import yaml

    from waarborg.declaration.loader import load_text

    data = yaml.safe_load(STARTER.read_text("utf-8"))
    data["cookies"] = _DECLARED[name]
    return load_text(yaml.safe_dump(data, allow_unicode=True), f"{name}.yaml")


@cache
def consent_script(base_url: str, name: str | None = None) -> str:
    """Waarborg's /consent.js as the app serves it: for the connectmenow example, or
    for site ``name``'s declaration."""
    from waarborg.consent.cookies import banner
    from waarborg.declaration.loader import load
    from waarborg.web.apps.banner import script

    declared = load(EXAMPLE) if name is None else declaration(name)
    return script(declared, banner(declared), base_url, gpc=False)


def _page(title: str, head: str, body: str, tracker_url: str) -> str:
    return (
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title>'
        f"{_LOAD % {'tracker': json.dumps(tracker_url)}}{head}</head><body><h1>{title}</h1>"
        f"{_LINKS % {'tracker': tracker_url}}{body}</body></html>"
    )


def _routes(name: str, base_url: str, tracker_url: str) -> Routes:
    head, body = "", ""
    first: list[tuple[str, str]] = [("Set-Cookie", "sid=s3ss10n; Path=/; HttpOnly; SameSite=Lax")]
    routes: Routes = {}
    if name in ("waarborg", "undeclared"):
        head = '<script src="/consent.js" data-lang="en"></script>'
        body = (
            '<script type="text/plain" data-waarborg-category="analytics">'
            'wbgLoad("analytics")</script>'
            '<script type="text/plain" data-waarborg-category="marketing">'
            'wbgLoad("marketing")</script>'
        )
        if name == "undeclared":
            port = tracker_url.rsplit(":", 1)[1]
            body += f'<img src="http://{ZENDESK}:{port}/pixel.gif" alt="">'
        routes["/consent.js"] = (consent_script(base_url), "text/javascript", [])
    elif name == "consentmode":
        # Consent Mode's default comes first, then Google's tag (as docs/consent.md says).
        head = '<script src="/consent.js" data-lang="en"></script>' + _GTAG_SNIPPET % {
            "collect": quote(tracker_url, safe="")
        }
        routes["/consent.js"] = (consent_script(base_url, name), "text/javascript", [])
        routes["/gtag.js"] = (GTAG, "text/javascript", [])
    elif name == "tracker":
        first.append(("Set-Cookie", "_fbp=fb.1.7; Max-Age=7776000; Path=/; SameSite=Lax"))
        body = (
            f'<script src="{tracker_url}/t.js?c=marketing"></script>'
            f'<iframe src="{tracker_url}/frame" title="t"></iframe>'
        )
    else:
        markup, config = _CMPS["cookieyes" if name == "ignores" else name]
        config = {**config, "all": _ALL, "ignoreRefusal": name == "ignores"}
        body = markup + _FAKE_CMP % {"config": json.dumps(config)}
    routes["/"] = (_page(name, head, body, tracker_url), "text/html", first)
    for path, title in (("/over", "Over ons"), ("/contact", "Contact")):
        routes[path] = (_page(title, head, body, tracker_url), "text/html", [])
    return routes


@contextmanager
def serve_site(name: str, tracker_url: str) -> Iterator[str]:
    """Serve site ``name`` on 127.0.0.1; yields its address (``http://127.0.0.1:port/``)."""
    server = _Server(("127.0.0.1", 0), _Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.routes = _routes(name, base, tracker_url)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base + "/"
    finally:
        server.shutdown()
        server.server_close()


# --- each site audited once per test session ------------------------------------------------

_SHOWN = ("cookiebot", "cookieyes", "complianz", "onetrust")
#: How each site is audited: the pages followed and the categories tried alone.
OPTIONS: dict[str, dict[str, Any]] = {
    "waarborg": {"pages": 5},
    "tracker": {"pages": 1},
    "undeclared": {"pages": 0, "categories": []},
    "ignores": {"pages": 0, "categories": []},
    **{name: {"pages": 0, "categories": ["analytics"]} for name in _SHOWN},
    "consentmode": {"pages": 0},
}


@dataclass
class Audited:
    url: str
    audit: Audit
    #: The folder the banner's screenshot went to.
    folder: Path


class Audits:
    """Every site audited at most once (with its ``OPTIONS``), on first asking."""

    def __init__(self, tracker: Tracker, folder: Path) -> None:
        self.tracker = tracker
        self.folder = folder
        self.done: dict[str, Audited] = {}

    def __call__(self, name: str) -> Audited:
        if name not in self.done:
            from waarborg.siteaudit.crawl import audit_site

            out = self.folder / name
            with serve_site(name, self.tracker.url) as url:
                audit = audit_site(
                    url, timeout=10, out_dir=out, browser_args=BROWSER_ARGS, **OPTIONS[name]
                )
            self.done[name] = Audited(url, audit, out)
        return self.done[name]


@pytest.fixture(scope="session")
def site_audits(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Audits]:
    """The sites' audits, each made once per session (tests/conftest.py shares it)."""
    with tracker() as served:
        yield Audits(served, tmp_path_factory.mktemp("site-audits"))
