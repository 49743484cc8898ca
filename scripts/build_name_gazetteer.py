"""Build the scanner's gazetteers: first names, surnames and Dutch place names, from
public lists of real names, with their licences (see the NOTICE files written beside
them in src/waarborg/scan/recognizers/data/).

- First names: the Meertens Instituut's Nederlandse Voornamenbank, as scraped into
  ``name_popularity_netherlands_1880-2014.csv`` of github.com/Josha91/DutchFirstNames
  (MIT licence), together with Faker's person lists (MIT licence) of the Netherlands,
  Flanders and the countries most Dutch residents with a foreign background come
  from. The Voornamenbank counts registered names of newborns; the everyday short
  forms people are called by (Henk, Piet, Wim, Jeroen) come from Faker's Flemish list
  (nl_BE), which holds them.
- Surnames: the Meertens Instituut / CBG Nederlandse Familienamenbank, every surname
  borne by five or more people in 2007 (``family_names_freq_5_or_more.lst`` of
  github.com/digitalheir/family-names-in-the-netherlands, data CC0 1.0), reduced to
  the capitalised word a surname ends with (``van den Berg`` gives ``Berg``), and
  Faker's surname lists.
- Places: every woonplaats of the Basisregistratie Adressen en Gebouwen (BAG, Kadaster,
  CC0), as listed in ``results/bagadres.csv.woonplaats-sorted.txt`` of
  github.com/OpenTaal/bag-addresses (MIT licence).

Words that begin Dutch sentences and are also names (Dan, Van, Mei) are left out of
the first names. Run from the repository root with clones of the three repositories;
commit the files it writes:

    python scripts/build_name_gazetteer.py \
        DutchFirstNames/ family-names-in-the-netherlands/ bag-addresses/
"""

from __future__ import annotations

import argparse
import csv
import importlib
import io
import re
import subprocess
import unicodedata
from importlib import metadata
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src/waarborg/scan/recognizers/data"

FIRST_NAME_LOCALES = (
    "nl_NL nl_BE de_DE en_GB en_US fr_FR fr_DZ tr_TR id_ID pl_PL es_ES it_IT pt_PT".split()
)
SURNAME_LOCALES = "nl_NL nl_BE de_DE en_GB tr_TR fr_FR id_ID".split()

#: Dutch words (and month names) that are also someone's name somewhere.
NOT_NAMES = frozenset(
    """
    Al Alle Als Bij Dag Dan Dat De Deze Die Dit Door Dus Een En Er Geen Graag Groet
    Het Hier Hij Hoe Hoi Hun Ik Je Jij Maar Man Meer Met Mijn Na Niet Nog Nu Of Om Onze
    Ook Over Per Sinds Toen Tot Uw Van Veel Voor Wat We Wel Wie Wij Zo Ze Zij Zijn
    Januari Februari Maart April Mei Juni Juli Augustus September Oktober November
    December January February March May June July August October Monday Friday
    Sunday Holland Nederland Amsterdam Paris Berlin London Mercedes Porsche
    Beste Geachte Hallo Lieve Hoi Hi Dear Heer Mevrouw Meneer Beste
    Adres Straat Klant Bedrijf Factuur Naam Datum Bank Post Zon Ster
    """.split()
)

_NAME = re.compile("^[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[-'\u2019][A-ZÀ-ÖØ-Þa-zß-öø-ÿ][a-zß-öø-ÿ]+)*$")


def _faker(locales: list[str], attributes: tuple[str, ...]) -> set[str]:
    found: set[str] = set()
    for locale in locales:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in attributes:
            for name in getattr(provider, attribute, ()) or ():
                found.add(unicodedata.normalize("NFC", str(name).strip()))
    return found


def _git(repo: Path, path: str) -> tuple[str, str]:
    """A file of a clone at its HEAD, and the commit."""
    commit = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()
    text = subprocess.run(
        ["git", "-C", str(repo), "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    return text, commit


def _clean(names: set[str]) -> set[str]:
    return {n for n in names if _NAME.match(n) and n not in NOT_NAMES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first_names", type=Path, help="a clone of Josha91/DutchFirstNames")
    parser.add_argument("surnames", type=Path, help="a clone of family-names-in-the-netherlands")
    parser.add_argument("places", type=Path, help="a clone of OpenTaal/bag-addresses")
    args = parser.parse_args()

    text, first_commit = _git(args.first_names, "name_popularity_netherlands_1880-2014.csv")
    meertens_first = {row["naam"].strip() for row in csv.DictReader(io.StringIO(text))}
    first = _clean(
        meertens_first
        | _faker(FIRST_NAME_LOCALES, ("first_names", "first_names_male", "first_names_female"))
    )

    text, surname_commit = _git(args.surnames, "family_names_freq_5_or_more.lst")
    cores = {
        unicodedata.normalize("NFC", line.strip()).split(" ")[-1] for line in text.splitlines()
    }
    last = _clean(cores | _faker(SURNAME_LOCALES, ("last_names",)))

    text, place_commit = _git(args.places, "results/bagadres.csv.woonplaats-sorted.txt")
    places = {unicodedata.normalize("NFC", line.strip()) for line in text.splitlines()}
    places.discard("")

    faker = metadata.version("Faker")
    sources = {
        "first_names.txt": (
            first,
            f"Meertens Voornamenbank via Josha91/DutchFirstNames {first_commit} (MIT)"
            f" and Faker {faker} (MIT)",
        ),
        "surnames.txt": (
            last,
            "Meertens/CBG Familienamenbank via digitalheir/family-names-in-the-netherlands"
            f" {surname_commit} (CC0 1.0) and Faker {faker} (MIT)",
        ),
        "places.txt": (
            places,
            f"BAG woonplaatsen (Kadaster, CC0) via OpenTaal/bag-addresses {place_commit} (MIT)",
        ),
    }
    DATA.mkdir(parents=True, exist_ok=True)
    for name, (words, source) in sources.items():
        header = (
            f"# Generated by scripts/build_name_gazetteer.py from {source}; see NOTICE-names.md.\n"
        )
        (DATA / name).write_text(header + "\n".join(sorted(words)) + "\n", "utf-8")
    print(f"{len(first)} first names, {len(last)} surnames, {len(places)} places")


if __name__ == "__main__":
    main()
