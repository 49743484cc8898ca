"""Compile the catalogue YAML sources into src/waarborg/catalogue/data/compiled.json.

Run after editing a catalogue: python scripts/build_catalogues.py
Add --countries to refresh countries.json from the installed Babel (CLDR) first.
The test suite fails while the compiled file is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from waarborg.catalogue import SOURCES, load_source

TARGET = Path(__file__).resolve().parent.parent / "src/waarborg/catalogue/data/compiled.json"


COUNTRIES = TARGET.with_name("countries.json")


def babel_countries() -> dict[str, dict[str, str]]:
    """ISO 3166-1 alpha-2 codes with their Dutch and English names, from Babel's CLDR data."""
    from babel import Locale

    nl, en = Locale("nl").territories, Locale("en").territories
    return {
        str(code): {"nl": str(nl[code]), "en": str(en[code])}
        for code in sorted(en)
        if str(code).isalpha() and len(str(code)) == 2 and code in nl
    }


def compile_catalogues() -> str:
    data: dict[str, object] = {name: load_source(name) for name in SOURCES}
    # The country names are a committed source (countries.json), not read from the
    # installed Babel, so a newer CLDR release cannot change the compiled catalogue
    # behind the project's back. Refresh them on purpose with --countries.
    data["countries"] = json.loads(COUNTRIES.read_text("utf-8"))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def main() -> None:
    if "--countries" in sys.argv[1:]:
        text = json.dumps(babel_countries(), ensure_ascii=False, indent=1, sort_keys=True)
        COUNTRIES.write_text(text + "\n", "utf-8")
        print(f"wrote {COUNTRIES}")
    TARGET.write_text(compile_catalogues(), "utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
