"""Benchmark: ``waarborg cookies audit`` of a 10-page website on this machine, all
phases, in Debian's Chromium.

The site is served here (127.0.0.1, nothing from the network), as the tests' sites are
(``tests/siteaudit_sites.py``, whose server and scripts it uses): ten pages, the first
linking to the nine others, each with

- Waarborg's banner (``/consent.js`` for a declaration with Google Analytics and Google
  Ads: the categories analytics and marketing, and Google Consent Mode);
- a stand-in for Google's gtag.js that sets ``_ga``, ``_ga_TEST`` and ``_gcl_au`` and
  sends a hit, each only as Consent Mode grants it;
- scripts held back by the banner per category (``_ga``, ``_fbp``, a tracker's script
  on 127.0.0.2 that keeps an id in localStorage), and a session cookie by Set-Cookie.

An audit has five phases (before any choice, accept all, refuse all, analytics alone,
marketing alone), each a fresh browser profile that visits all ten pages: 50 page
loads. The time is the whole ``audit_site`` call, browser start included, as the
command spends it. ``--rounds`` audits are made one after the other; the median is
printed with the machine (cores, CPU model) and its load (``/proc/loadavg``) before
and after, since the machine may be shared. The target: under 60 s on 2 cores.

    python bench/cookie_audit.py [--rounds 3] [--pages 10]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from machine import describe  # noqa: E402
from tests.siteaudit_sites import (  # noqa: E402
    _GTAG_SNIPPET,
    _LOAD,
    GTAG,
    _Handler,
    _Server,
    consent_script,
    tracker,
)

from waarborg.siteaudit.crawl import audit_site  # noqa: E402

TARGET_S = 60.0


def _page(title: str, links: str, tracker_url: str) -> str:
    head = (
        '<script src="/consent.js" data-lang="nl"></script>'
        + _GTAG_SNIPPET % {"collect": quote(tracker_url, safe="")}
        + _LOAD % {"tracker": f'"{tracker_url}"'}
    )
    body = (
        '<script type="text/plain" data-waarborg-category="analytics">'
        'wbgLoad("analytics")</script>'
        '<script type="text/plain" data-waarborg-category="marketing">'
        'wbgLoad("marketing")</script>'
    )
    return (
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title>'
        f"{head}</head><body><h1>{title}</h1><nav>{links}</nav><p>Tekst.</p>{body}"
        "</body></html>"
    )


@contextmanager
def site(pages: int, tracker_url: str) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), _Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    paths = ["/", *(f"/p{i}" for i in range(1, pages))]
    links = " ".join(f'<a href="{p}">Pagina {i}</a>' for i, p in enumerate(paths) if i)
    sid = [("Set-Cookie", "sid=s3ss10n; Path=/; HttpOnly; SameSite=Lax")]
    server.routes = {
        path: (_page(f"Pagina {i}", links, tracker_url), "text/html", sid if i == 0 else [])
        for i, path in enumerate(paths)
    }
    server.routes["/consent.js"] = (
        consent_script(base, "consentmode"),
        "text/javascript",
        [],
    )
    server.routes["/gtag.js"] = (GTAG, "text/javascript", [])
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base + "/"
    finally:
        server.shutdown()
        server.server_close()


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    cores = os.cpu_count()
    return f"{platform.machine()}, {cores} cores ({model}), Python {platform.python_version()}"


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", type=int, default=10)
    args = parser.parse_args()
    print(describe())  # the machine and python -c pass, beside the figures
    times: list[float] = []
    loads = [load()]
    with tracker() as served, site(args.pages, served.url) as url:
        for round_ in range(1, args.rounds + 1):
            start = time.perf_counter()
            audit = audit_site(url, pages=args.pages - 1, timeout=20)
            took = time.perf_counter() - start
            times.append(took)
            visited = sum(len(p.pages) for p in audit.phases)
            print(
                f"round {round_}: {took:.1f} s, {len(audit.phases)} phases, "
                f"{visited} page loads ({', '.join(p.name for p in audit.phases)})",
                flush=True,
            )
            assert all(p.chosen for p in audit.phases), [p.error for p in audit.phases]
            assert all(len(p.pages) == args.pages for p in audit.phases)
    loads.append(load())
    median = statistics.median(times)
    date = datetime.now(UTC).date().isoformat()
    print(f"machine: {machine()}")
    print(f"load (1, 5, 15 min) before: {loads[0]}; after: {loads[1]}")
    ratio = median / TARGET_S
    print(f"median of {args.rounds}: {median:.1f} s (target {TARGET_S:.0f} s: {ratio:.2f})")
    print(
        f"| {date} | {machine()} | load {loads[0]} → {loads[1]} | {args.pages} pages, "
        f"{len(audit.phases)} phases | {median:.1f} s | {median / TARGET_S:.2f} |"
    )


if __name__ == "__main__":
    main()
