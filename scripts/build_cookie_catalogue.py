"""Build the cookie catalogue (``catalogue/data/cookies.json``) from the Open Cookie Database.

Usage::

    python scripts/build_cookie_catalogue.py [--source DIR] [--output FILE]

The source defaults to ``../shared/data/open-cookie-database`` next to the repository.
The script uses the standard library only. It refuses a CSV whose git blob hash
differs from the vendored copy, so the recorded commit stays true; pass
``--allow-other-source`` (and update ``SOURCE_COMMIT``) to convert a newer export.

What the conversion does, row by row (also recorded in
``catalogue/data/NOTICE-open-cookie-database.md``):

- ``Category``: Functional and Necessary become ``functional``; Security, Analytics
  and Marketing become ``security``, ``analytics`` and ``marketing``; Personalization
  becomes ``personalisation``. Any other value stops the build.
- ``Retention period``: free text becomes an ISO 8601 duration in the unit the source
  uses (``2 years`` -> ``P2Y``, ``30 minutes`` -> ``PT30M``), or ``session``. Where the
  text names several periods (a range, alternatives, "A or B"), the longest is kept,
  since a cookie declaration states the longest time a cookie can stay. Text with no
  usable period ("Unknown", "forever", "Local Storage", a calendar date, "1 hour or
  longer") becomes null.
- ``Domain``: "(3rd party)" markers, stray spaces, zero-width characters and trailing
  dots are removed; alternatives are joined with " or "; empty becomes null.
- Cookie names are stripped of surrounding whitespace.
- Urchin cookies (``__utma`` and its siblings) also get the single-underscore
  spelling (``_utma``) as an alias, as privacy statements often write them.
- ``recipient``: the key in ``recipients.yaml`` whose name or alias equals the
  platform (case-insensitive), else null.
- Empty fields become null. The one row without a platform gets ``Unknown``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "waarborg" / "catalogue" / "data"
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "open-cookie-database"
DEFAULT_OUTPUT = DATA / "cookies.json"
RECIPIENTS = DATA / "recipients.yaml"

SOURCE_REPOSITORY = "https://github.com/jkwakman/Open-Cookie-Database"
SOURCE_COMMIT = "0ee5a17fe1cb002943f89370d24fc26a4226061c"
SOURCE_CSV_BLOB = "b44506a7c47cc70a809379e4a926b43c11831577"
UNKNOWN_PLATFORM = "Unknown"

CATEGORIES = {
    "functional": "functional",
    "necessary": "functional",
    "security": "security",
    "analytics": "analytics",
    "marketing": "marketing",
    "personalization": "personalisation",
    "personalisation": "personalisation",
}

_SESSION = {"session", "sessions", "seesion", "session cookie", "end of session (browser)"}
_IMMEDIATE = {"immediately removed"}
# unit word -> (ISO designator, is a time part, length in seconds for comparison)
_UNITS: dict[str, tuple[str, bool, int]] = {
    "second": ("S", True, 1),
    "sec": ("S", True, 1),
    "minute": ("M", True, 60),
    "min": ("M", True, 60),
    "hour": ("H", True, 3600),
    "day": ("D", False, 86400),
    "week": ("W", False, 7 * 86400),
    "w": ("W", False, 7 * 86400),
    "month": ("M", False, 30 * 86400),
    "year": ("Y", False, 365 * 86400),
    "y": ("Y", False, 365 * 86400),
}
_PERIOD = re.compile(
    r"(\d+)\s*(seconds?|secs?|minutes?|mins?|hours?|days?|weeks?|months?|years?|w|y)\b",
    re.IGNORECASE,
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"))


def git_blob_sha1(data: bytes) -> str:
    """The hash git gives a file with these bytes (to check the vendored copy)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def parse_retention(text: str) -> str | None:
    """An ISO 8601 duration, ``session``, or None where the text gives no usable period."""
    clean = " ".join(text.translate(_ZERO_WIDTH).split())
    low = clean.lower()
    if low in _SESSION:
        return "session"
    if low in _IMMEDIATE:
        return "P0D"
    if "or longer" in low:
        return None  # only a lower bound
    periods = []
    for number, word in _PERIOD.findall(clean):
        unit = word.lower()
        if unit not in _UNITS:
            unit = unit.rstrip("s")
        designator, is_time, seconds = _UNITS[unit]
        periods.append((int(number) * seconds, int(number), designator, is_time))
    if not periods:
        return None
    _, value, designator, is_time = max(periods)
    return f"PT{value}{designator}" if is_time else f"P{value}{designator}"


def clean_domain(text: str) -> str | None:
    text = re.sub(r"\(3rd party\)", " ", text.translate(_ZERO_WIDTH), flags=re.IGNORECASE)
    parts = [part.strip().rstrip(".") for part in re.split(r"\s+or\s+|\s+or$|^or\s+", text)]
    parts = [part for part in parts if part]
    return " or ".join(parts) or None


def _recipient_names(path: Path) -> dict[str, str]:
    """Map each recipient name and alias (case-folded) to its key.

    Reads only the top-level keys and their ``name:`` and ``aliases: [...]`` lines, so
    the script needs no YAML library.
    """
    names: dict[str, str] = {}
    key: str | None = None
    for line in path.read_text("utf-8").splitlines():
        line = line.split(" #", 1)[0].rstrip()
        top = re.match(r"^([a-z0-9_]+):$", line)
        if top:
            key = top.group(1)
            continue
        if key is None:
            continue
        found: list[str] = []
        name = re.match(r"^  name:\s*(.+)$", line)
        if name:
            found.append(name.group(1))
        aliases = re.match(r"^  aliases:\s*\[(.*)\]$", line)
        if aliases:
            found.extend(next(csv.reader([aliases.group(1)], skipinitialspace=True)))
        for value in found:
            folded = value.strip().strip("\"'").casefold()
            if names.setdefault(folded, key) != key:
                raise SystemExit(f"{path}: {value!r} names both {names[folded]} and {key}")
    return names


def _none_if_empty(text: str) -> str | None:
    text = text.strip()
    return text or None


def convert(rows: list[dict[str, str]], recipients: dict[str, str]) -> list[dict[str, object]]:
    names = {row["Cookie / Data Key name"].strip() for row in rows}
    cookies: list[dict[str, object]] = []
    for row in rows:
        category = row["Category"].strip().casefold()
        if category not in CATEGORIES:
            raise SystemExit(f"unknown category {row['Category']!r} in row {row['ID']}")
        name = row["Cookie / Data Key name"].strip()
        platform = row["Platform"].strip() or UNKNOWN_PLATFORM
        entry: dict[str, object] = {
            "name": name,
            "platform": platform,
            "category": CATEGORIES[category],
            "domain": clean_domain(row["Domain"]),
            "description": row["Description"].strip(),
            "expiry": parse_retention(row["Retention period"]),
            "controller": _none_if_empty(row["Data Controller"]),
            "privacy_url": _none_if_empty(row["User Privacy & GDPR Rights Portals"]),
            "wildcard": row["Wildcard match"].strip() == "1",
            "recipient": recipients.get(platform.casefold()),
        }
        if name.startswith("__utm") and name[1:] not in names:
            entry["aliases"] = [name[1:]]
        cookies.append(entry)
    return cookies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--allow-other-source", action="store_true")
    args = parser.parse_args(argv)

    raw = (args.source / "open-cookie-database.csv").read_bytes()
    blob = git_blob_sha1(raw)
    if blob != SOURCE_CSV_BLOB and not args.allow_other_source:
        print(
            f"open-cookie-database.csv has blob {blob}, expected {SOURCE_CSV_BLOB} "
            f"(commit {SOURCE_COMMIT}); use --allow-other-source for another export",
            file=sys.stderr,
        )
        return 1
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
    cookies = convert(rows, _recipient_names(RECIPIENTS))
    document = {
        "source": {
            "name": "Open Cookie Database",
            "repository": SOURCE_REPOSITORY,
            "commit": SOURCE_COMMIT,
            "file": "open-cookie-database.csv",
            "blob": blob,
            "licence": "Apache-2.0",
            "licence_file": "LICENSE-open-cookie-database",
            "notice_file": "NOTICE-open-cookie-database.md",
            "attribution": "Open Cookie Database contributors",
            "converted_by": "scripts/build_cookie_catalogue.py",
        },
        "cookies": cookies,
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
    args.output.write_text(text, encoding="utf-8")

    nulls = [
        row["Retention period"] for row, c in zip(rows, cookies, strict=True) if not c["expiry"]
    ]
    linked = sum(1 for c in cookies if c["recipient"])
    print(f"wrote {len(cookies)} cookies to {args.output}")
    print(f"{linked} cookies linked to a recipient")
    print(f"{len(nulls)} retention values without a usable period: {sorted(set(nulls))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
