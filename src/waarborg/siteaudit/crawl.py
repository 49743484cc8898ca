"""The browser side of a cookie audit: Debian's Chromium through Playwright, a fresh
browser profile per phase, recording what the site sets and sends.

Phases: ``before`` (no choice made), ``accept_all``, ``refuse_all`` and, per category
the banner offers (or ``categories``), ``only:<category>``. In each, the first page is
loaded, the choice is made in the consent manager (``managers``), then the same
same-site links (found on the first page of ``before``) are visited in order.

Recorded per phase:

- cookies in the browser's jar after every page and choice, each with how it was set
  where that was seen (a ``Set-Cookie`` header of a response: ``http``; a write to
  ``document.cookie``, seen by a script run before the page's own: ``js``), the page
  open and the time it was first seen, and its lifetime from then to its expiry;
- keys of localStorage and sessionStorage per origin (their sizes, not their values);
- every request to a host outside the site: resource type, status, and the page whose
  load caused it;
- a timeline of all of these, and of pages loaded and clicks in the banner.

A phase whose choice could not be made in the banner is kept, marked
``chosen=False`` with the reason in ``error``: it shows what a visitor gets who cannot
make that choice.

Playwright's synchronous API is used: call ``audit_site`` outside a running asyncio
event loop (in a thread from async code).
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .model import (
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
    only,
)
from .sites import follow, host_of, same_site, site_of

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "AuditError", "audit_site"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
)
#: The screenshot of the banner, in ``out_dir``.
SCREENSHOT = "banner.png"
#: How long to wait for a consent manager to appear on the first page.
_FIND_MS = 4000
#: A page has settled when no request of it has been in flight for this long after its
#: load event (Playwright's "networkidle" is the same with 500 ms): late scripts and the
#: requests they make are waited for, and no longer than that.
_QUIET_MS = 500
#: The longest a page is waited for to settle, on a site that never stops requesting.
_SETTLE_MAX_MS = 5000

# Writes to document.cookie, reported before the page's own scripts run (every frame).
_COOKIE_HOOK = """(() => {
  const d = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  const report = window.__waarborgCookie;
  if (!d || !d.set || !report) return;
  Object.defineProperty(Document.prototype, "cookie", {
    configurable: true, enumerable: d.enumerable,
    get() { return d.get.call(this); },
    set(v) { try { report(String(v)); } catch (e) {} d.set.call(this, v); }
  });
  const store = window.CookieStore && CookieStore.prototype.set;
  if (store) {
    CookieStore.prototype.set = function (a, b) {
      try { report(typeof a === "string" ? a + "=" + b : String(a && a.name) + "="); } catch (e) {}
      return store.apply(this, arguments);
    };
  }
})();"""

_STORAGE = """() => {
  const out = {origin: location.origin, local: [], session: []};
  for (const [kind, name] of [["local", "localStorage"], ["session", "sessionStorage"]]) {
    try {
      const s = window[name];
      for (let i = 0; i < s.length; i++) {
        const k = s.key(i); out[kind].push([k, (s.getItem(k) || "").length]);
      }
    } catch (e) {}
  }
  return out;
}"""

_LINKS = "() => Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))"


class AuditError(Exception):
    """The audit could not be made: not a web address, no browser, or the first page
    did not load at all. Its message is one line for a person, naming the fix."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _cookie_name(header: str) -> str:
    return header.split(";", 1)[0].split("=", 1)[0].strip()


def _domain_matches(host: str, domain: str) -> bool:
    domain = domain.lstrip(".").lower()
    return host == domain or host.endswith("." + domain)


@dataclass
class _Seen:
    """Evidence of a cookie being set: by whom, from which host, when, on which page."""

    how: str
    name: str
    host: str
    ms: int
    epoch: float
    page: str | None


@dataclass
class _Open:
    """A third-party request on its way: the model's Request is made when it ends."""

    url: str
    host: str
    resource_type: str
    page: str
    at_ms: int
    status: int | None = None


@dataclass
class _Run:
    """One phase in one fresh browser context."""

    browser: Any
    name: str
    site: str
    timeout_ms: int
    phase: Phase = field(init=False)
    t0: float = field(default_factory=time.monotonic)
    current: str | None = None
    evidence: list[_Seen] = field(default_factory=list)
    responses: list[tuple[Any, int, float, str | None]] = field(default_factory=list)
    open: dict[int, _Open] = field(default_factory=dict)
    done: list[_Open] = field(default_factory=list)
    cookies: dict[tuple[str, str, str], SeenCookie] = field(default_factory=dict)
    stored: dict[tuple[str, str, str], StoredItem] = field(default_factory=dict)
    #: Requests of any host in flight, and when the last one started or ended.
    in_flight: set[int] = field(default_factory=set)
    last_traffic: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.phase = Phase(name=self.name)
        self.context = self.browser.new_context(viewport={"width": 1280, "height": 800})
        self.context.set_default_timeout(self.timeout_ms)
        self.context.expose_binding("__waarborgCookie", self._js_cookie)
        self.context.add_init_script(_COOKIE_HOOK)
        self.context.on("request", self._request)
        self.context.on("response", self._response)
        self.context.on("requestfailed", self._failed)
        self.context.on("requestfinished", self._finished)
        self.page = self.context.new_page()

    # --- what the browser reports -----------------------------------------------------

    def ms(self) -> int:
        return int((time.monotonic() - self.t0) * 1000)

    def event(self, kind: Any, what: str, at: int | None = None) -> None:
        self.phase.timeline.append(
            Event(at_ms=self.ms() if at is None else at, kind=kind, what=what, page=self.current)
        )

    def problem(self, code: str, english: str, values: tuple[tuple[str, str], ...] = ()) -> None:
        """A note in the timeline, as a code the reports word; the phase's first
        problem is the phase's ``error`` (in English) and ``problem`` (its code)."""
        self.phase.timeline.append(
            Event(self.ms(), "note", english, self.current, code=code, values=values)
        )
        if self.phase.error is None:
            self.phase.error, self.phase.problem = english, code
            self.phase.problem_values = values

    def _js_cookie(self, source: Any, value: str) -> None:
        frame = source.get("frame") if isinstance(source, dict) else None
        host = host_of(frame.url) if frame is not None else host_of(self.current or "")
        self.evidence.append(
            _Seen("js", _cookie_name(value), host, self.ms(), time.time(), self.current)
        )

    def _traffic(self, request: Any, started: bool) -> None:
        if started:
            self.in_flight.add(id(request))
        else:
            self.in_flight.discard(id(request))
        self.last_traffic = time.monotonic()

    def _finished(self, request: Any) -> None:
        self._traffic(request, False)

    def _request(self, request: Any) -> None:
        self._traffic(request, True)
        url = request.url
        if urlsplit(url).scheme not in ("http", "https"):
            return
        host = host_of(url)
        if same_site(host, self.site):
            return
        ms = self.ms()
        self.open[id(request)] = _Open(url, host, request.resource_type, self.current or url, ms)
        self.event("request", f"{request.resource_type} {url}", ms)

    def _response(self, response: Any) -> None:
        # A response's headers count as the end of its request for settling: Chromium
        # reports no "finished" for a fetch with keepalive (a banner's stored choice).
        self._traffic(response.request, False)
        self.responses.append((response, self.ms(), time.time(), self.current))
        item = self.open.pop(id(response.request), None)
        if item is not None:
            item.status = response.status
            self.done.append(item)

    def _failed(self, request: Any) -> None:
        self._traffic(request, False)
        item = self.open.pop(id(request), None)
        if item is not None:
            self.done.append(item)

    # --- collecting -------------------------------------------------------------------

    def _headers(self) -> None:
        pending, self.responses = self.responses, []
        for response, ms, epoch, page in pending:
            try:
                headers = response.headers_array()
            except Exception:
                continue
            host = host_of(response.url)
            for header in headers:
                if header["name"].lower() == "set-cookie":
                    for line in header["value"].split("\n"):
                        if line.strip():
                            self.evidence.append(
                                _Seen("http", _cookie_name(line), host, ms, epoch, page)
                            )

    def collect(self) -> None:
        """What the browser holds now: cookies and storage not seen before."""
        self._headers()
        now_ms, now = self.ms(), time.time()
        try:
            jar = self.context.cookies()
        except Exception:
            jar = []
        for c in jar:
            key = (c["name"], c["domain"], c.get("path", "/"))
            if key in self.cookies:
                continue
            seen = next(
                (
                    e
                    for e in self.evidence
                    if e.name == c["name"] and _domain_matches(e.host, c["domain"])
                ),
                None,
            )
            expires = c.get("expires", -1)
            epoch = seen.epoch if seen else now
            lifetime = round(expires - epoch) if expires and expires > 0 else None
            cookie = SeenCookie(
                name=c["name"],
                domain=c["domain"],
                path=c.get("path", "/"),
                lifetime=lifetime,
                http_only=bool(c.get("httpOnly")),
                secure=bool(c.get("secure")),
                same_site=c.get("sameSite"),
                first_party=same_site(c["domain"], self.site),
                set_by="http" if seen and seen.how == "http" else "js" if seen else None,
                page=seen.page if seen else self.current,
                at_ms=seen.ms if seen else now_ms,
            )
            self.cookies[key] = cookie
            self.phase.cookies.append(cookie)
            self.event("cookie", f"{cookie.name} ({cookie.domain})", cookie.at_ms)
        for frame in list(self.page.frames):
            try:
                found = frame.evaluate(_STORAGE)
            except Exception:
                continue
            origin = found.get("origin") or ""
            if origin in ("", "null"):
                continue
            for kind in ("local", "session"):
                for k, size in found.get(kind, []):
                    skey = (kind, origin, k)
                    if skey in self.stored:
                        continue
                    item = StoredItem(
                        kind=kind, origin=origin, key=k, size=int(size), page=self.current
                    )
                    self.stored[skey] = item
                    self.phase.storage.append(item)
                    self.event("storage", f"{kind}Storage {origin} {k}")

    def settle(self) -> None:
        """Wait until no request has been in flight for ``_QUIET_MS`` (the browser's
        request events, not a fixed time), at most ``_SETTLE_MAX_MS``."""
        deadline = time.monotonic() + min(self.timeout_ms, _SETTLE_MAX_MS) / 1000
        while True:
            now = time.monotonic()
            quiet = (now - self.last_traffic) * 1000
            if (not self.in_flight and quiet >= _QUIET_MS) or now >= deadline:
                return
            wait = _QUIET_MS - quiet if not self.in_flight else 50
            try:  # waiting inside Playwright lets it deliver the request events
                self.page.wait_for_timeout(max(20, min(wait, 100)))
            except Exception:
                return

    def visit(self, url: str) -> bool:
        self.current = url
        self.phase.pages.append(url)
        self.event("page", url)
        try:
            self.page.goto(url, wait_until="load", timeout=self.timeout_ms)
        except Exception as error:
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            self.problem("page-failed", f"{url}: {message}", (("url", url), ("detail", message)))
            return False
        self.settle()
        self.collect()
        return True

    def close(self) -> Phase:
        self.collect()
        try:
            self.context.close()
        except Exception:
            pass
        self._headers()
        for item in [*self.done, *self.open.values()]:
            self.phase.requests.append(
                Request(
                    url=item.url,
                    host=item.host,
                    resource_type=item.resource_type,
                    page=item.page,
                    at_ms=item.at_ms,
                    status=item.status,
                )
            )
        self.phase.requests.sort(key=lambda r: r.at_ms or 0)
        self.phase.cookies.sort(key=lambda c: c.at_ms or 0)
        self.phase.timeline.sort(key=lambda e: e.at_ms)
        return self.phase


def _choose(run: _Run, choice: str, category: str | None, wait_ms: int) -> None:
    """Make ``choice`` in the consent manager on the page open, waiting up to
    ``wait_ms`` for it to appear; mark the phase when it cannot be made."""
    from . import managers

    found = managers.find(run.page, wait_ms)
    if found is None:
        run.phase.chosen = False
        run.problem("no-manager", "no consent manager found to make the choice in")
        return
    run.event("banner", found.name)
    outcome = found.choose(run.page, choice, category)
    for step in outcome.clicks:
        run.event("click", step)
    if not outcome.made:
        run.phase.chosen = False
        run.problem(
            outcome.code or "choice-failed",
            outcome.reason or "the choice could not be made",
            outcome.values or (("choice", run.name),),
        )
    run.settle()
    run.collect()


def audit_site(
    url: str,
    *,
    pages: int = 5,
    categories: list[str] | tuple[str, ...] | None = None,
    out_dir: Path | str | None = None,
    timeout: float = 20.0,
    executable: str = CHROMIUM,
    browser_args: tuple[str, ...] = (),
) -> Audit:
    """Audit the site at ``url``: ``before``, ``accept_all``, ``refuse_all`` and
    ``only:<category>`` for each of ``categories`` (by default those the banner offers),
    following up to ``pages`` same-site links from the first page. A screenshot of the
    banner goes to ``out_dir`` when given. ``timeout`` is per page, in seconds."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:  # Playwright's synchronous API refuses to run inside an event loop
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(
                audit_site,
                url,
                pages=pages,
                categories=categories,
                out_dir=out_dir,
                timeout=timeout,
                executable=executable,
                browser_args=browser_args,
            ).result()

    from playwright.sync_api import sync_playwright

    from . import managers

    if urlsplit(url).scheme not in ("http", "https") or not host_of(url):
        raise AuditError(f"not a web address: {url} (give one starting with https://)")
    if not Path(executable).exists():
        raise AuditError(f"Chromium is not installed at {executable} (apt-get install chromium)")
    site = site_of(host_of(url))
    audit = Audit(url=url, started=_now(), site=site)
    timeout_ms = int(timeout * 1000)
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(
                executable_path=executable, args=[*CHROMIUM_ARGS, *browser_args]
            )
        except Exception as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise AuditError(f"Chromium at {executable} did not start: {first}") from None
        try:
            # Before any choice: the banner, its screenshot, and the links to follow.
            run = _Run(browser, BEFORE, site, timeout_ms)
            links: list[str] = []
            banner = Banner(found=False)
            if not run.visit(url):
                raise AuditError(
                    f"could not load {run.phase.error} (check the address, and that the site is up)"
                )
            found = managers.find(run.page, _FIND_MS)
            if found is not None:
                refuse, offered = found.describe(run.page)
                banner = Banner(
                    found=True,
                    manager=found.name,
                    refuse_on_first_layer=refuse,
                    categories=tuple(offered),
                )
                run.event("banner", found.name)
                if out_dir is not None:
                    folder = Path(out_dir)
                    folder.mkdir(parents=True, exist_ok=True)
                    run.page.screenshot(path=str(folder / SCREENSHOT))
                    banner = replace(banner, screenshot=SCREENSHOT)
            else:
                run.phase.timeline.append(
                    Event(run.ms(), "note", "no consent manager found", run.current, "no-banner")
                )
            try:
                hrefs = run.page.evaluate(_LINKS)
            except Exception:
                hrefs = []
            links = follow(run.page.url, [str(h) for h in hrefs], site, max(0, pages))
            run.collect()
            for link in links:
                run.visit(link)
            audit.phases.append(run.close())
            audit.banner = banner

            wanted = list(categories) if categories is not None else list(banner.categories)
            plan: list[tuple[str, str, str | None]] = [
                (ACCEPT_ALL, ACCEPT_ALL, None),
                (REFUSE_ALL, REFUSE_ALL, None),
                *((only(c), "only", c) for c in wanted),
            ]
            for name, choice, category in plan:
                run = _Run(browser, name, site, timeout_ms)
                if run.visit(url):
                    # A banner seen before is waited for as long as a page may take;
                    # where none appeared before any choice, one look is enough.
                    _choose(run, choice, category, max(_FIND_MS, timeout_ms) if banner.found else 0)
                else:
                    run.phase.chosen = False
                for link in links:
                    run.visit(link)
                audit.phases.append(run.close())
        finally:
            browser.close()
    audit.finished = _now()
    return audit
