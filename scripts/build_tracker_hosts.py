"""Build the list of tracker hosts (``catalogue/data/trackers.json``) from the cookie
catalogue (``catalogue/data/cookies.json``, derived from the Open Cookie Database).

Usage::

    python scripts/build_tracker_hosts.py [--output FILE]

A host is listed when the Open Cookie Database gives it as the domain of a marketing or
analytics cookie: a request to that host can carry or receive those cookies. The list
keeps, per host, the platforms and the categories of their cookies there. The script
uses the standard library only and reads nothing but the shipped cookie catalogue, so
the list has the same source, commit and licence (Apache-2.0) as that catalogue.

What the derivation does (also recorded in ``catalogue/data/NOTICE-trackers.md``):

- a domain the source gives as alternatives (``bing.com or microsoft.com``) becomes
  one host each; a leading dot is removed and the host is lower-cased;
- a domain that is not a host name (``ut``, ``ads-[account].adhese.com``) is left out;
- hosts that mainly serve content every site loads (``gstatic.com``, ``github.com``,
  ``wikimedia.org``, the consent manager's own ``onetrust.com``, and the documentation
  and news hosts of Google) are left out (``EXCLUDED``): a request to them alone does
  not show tracking.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "waarborg" / "catalogue" / "data"
SOURCE = DATA / "cookies.json"
DEFAULT_OUTPUT = DATA / "trackers.json"
TRACKING = ("marketing", "analytics")
EXCLUDED = frozenset(
    {
        "gstatic.com",
        "github.com",
        "wikimedia.org",
        "onetrust.com",
        "developers.google.com",
        "news.google.com",
    }
)
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")


def derive(catalogue: dict[str, object]) -> dict[str, object]:
    hosts: dict[str, dict[str, set[str]]] = {}
    cookies = catalogue["cookies"]
    assert isinstance(cookies, list)
    for entry in cookies:
        if entry["category"] not in TRACKING or not entry.get("domain"):
            continue
        for part in str(entry["domain"]).split(" or "):
            host = part.strip().lstrip(".").lower()
            if not _HOST.match(host) or host in EXCLUDED:
                continue
            found = hosts.setdefault(host, {"platforms": set(), "categories": set()})
            found["platforms"].add(entry["platform"])
            found["categories"].add(entry["category"])
    source = dict(catalogue["source"])  # type: ignore[call-overload]
    source["derived_by"] = "scripts/build_tracker_hosts.py"
    source["derived_from"] = "cookies.json"
    source["notice_file"] = "NOTICE-trackers.md"
    return {
        "source": source,
        "hosts": {
            host: {
                "platforms": sorted(value["platforms"]),
                "categories": sorted(value["categories"]),
            }
            for host, value in sorted(hosts.items())
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    data = derive(json.loads(SOURCE.read_text("utf-8")))
    args.output.write_text(
        json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n", "utf-8"
    )
    print(f"wrote {args.output}: {len(data['hosts'])} hosts", file=sys.stderr)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
