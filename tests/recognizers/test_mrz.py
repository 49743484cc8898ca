from __future__ import annotations

import pytest

from waarborg.scan.recognizers.mrz import check_digit

from . import found

PASSPORT = (
    "P<NLDDE<BRUIJN<<WILLEKE<LISELOTTE<<<<<<<<<<<\nSPECI20142NLD6503101F2401151999999990<<<<<82"
)
ID_CARD = (
    "I<NLDSPECI20142999999990<<<<<<\n6503101F2403096NLD<<<<<<<<<<<8\nDE<BRUIJN<<WILLEKE<LISELOTTE<<"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PASSPORT, [PASSPORT]),
        (f"Kopie paspoort\n\n{PASSPORT}\n\nGeldig tot 2024", [PASSPORT]),
        (ID_CARD, [ID_CARD]),
        (f"  {ID_CARD.replace(chr(10), chr(10) + '  ')}", [ID_CARD.replace("\n", "\n  ")]),
        # a wrong check digit of the document number (2 -> 3)
        (PASSPORT.replace("SPECI20142", "SPECI20143"), []),
        # one line alone, or lines of unequal length
        (PASSPORT.split("\n")[0], []),
        (PASSPORT[:-1], []),
        # arrows in text
        ("zie hieronder <<<", []),
        # spaces OCR read into the zone's lines
        (
            PASSPORT.replace("<<<<<<<<<<<", "<<<<< <<<<<<").replace("6503101F", "6503101 F"),
            [PASSPORT.replace("<<<<<<<<<<<", "<<<<< <<<<<<").replace("6503101F", "6503101 F")],
        ),
        # a space that makes the name line too long when left out is no help to it; the
        # passport's second line, whose four check digits hold, is a zone of its own
        (PASSPORT.replace("<<<<<<<<<<<", "<<<<< <<<<<<<"), [PASSPORT.split("\n")[1]]),
        # the second line alone, one check digit wrong, is nothing
        (PASSPORT.split("\n")[1].replace("82", "83"), []),
    ],
)
def test_mrz(text: str, expected: list[str]) -> None:
    assert found("mrz", text) == expected


def test_check_digits_of_the_icao_example() -> None:
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
