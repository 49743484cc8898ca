from __future__ import annotations

import pytest

from waarborg.scan.recognizers.person_name import first_names, surnames

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a first name from the gazetteer and a surname
        ("Jan van der Berg belde gisteren.", ["Jan van der Berg"]),
        ("Groeten van Fatma Yilmaz-de Boer.", ["Fatma Yilmaz-de Boer"]),
        ("gesprek met Anna Jansen en Mohammed El Amrani", ["Anna Jansen", "Mohammed El Amrani"]),
        # a title or label, then any name
        ("Geachte heer Broeckx,", ["Broeckx"]),
        ("t.a.v. mevrouw Van Loon", ["Van Loon"]),
        ("Naam: Wout Claes", ["Wout Claes"]),
        ("Met vriendelijke groet,\nKatrien Roosen", ["Katrien Roosen"]),
        # initials and a surname
        ("ondertekend door J.P. de Vries", ["J.P. de Vries"]),
        # a first name alone after a greeting
        ("Beste Sanne,", ["Sanne"]),
        # no names: places, companies, sentence starts, a first name alone
        ("In Hengelo staat het kantoor van Jansen Fotografie.", []),
        ("De directie van Otto Groep besloot anders.", []),
        ("Dan gaan we naar Amsterdam.", []),
        ("Sanne belde.", []),
        ("anna jansen", []),
        ("Van: Stichting Connect Me Now", []),
        ("name: Voorbeeld Webwinkel B.V.", []),
        ("Naam: Jansen Installatie B.V.", []),
        ("contact: Jan Jansen Fotografie", []),
    ],
)
def test_person_name(text: str, expected: list[str]) -> None:
    assert found("person_name", text) == expected


def test_a_column_of_surnames() -> None:
    values = "de Vries\nJansen\nVan den Berg\nA1234"
    assert found("person_name", values, hint="achternaam") == ["de Vries", "Jansen", "Van den Berg"]


def test_the_gazetteer_ships_with_the_package() -> None:
    first, last = first_names(), surnames()
    assert {"Jan", "Sanne", "Mohammed", "Fatma"} <= first
    assert {"Jansen", "de Vries"} & last or {"Jansen"} <= last
    assert "Dan" not in first and "Van" not in first
    assert len(first) > 5000 and len(last) > 2000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the prefixes of the BRP's table of them, and the capital digraph IJ
        ("Gesproken met Jan aan de Weversberg.", ["Jan aan de Weversberg"]),
        ("Overleg met Anna uit den Bogaard.", ["Anna uit den Bogaard"]),
        ('{"last": "IJzerman"}', ["IJzerman"]),
        # a name before an e-mail address in angle brackets, known to the gazetteer or not
        ("- Sabir ter Becke <sabir@example.nl>", ["Sabir ter Becke"]),
        ("To: Kyana Lomanss <k.lomanss@example.nl>", ["Kyana Lomanss"]),
        ("Van: Stichting Connect <info@example.nl>", []),
        # a closing, the signature line, then the name
        ("Met vriendelijke groet,\n\n--\nKay Buijninck\nAdviseur", ["Kay Buijninck"]),
        ("Mvg,\n\nOlivia Decherinck", ["Olivia Decherinck"]),
        # a surname field that is also a place's name; a city field stays a place
        ('{"last": "Horn", "city": "Horn"}', ["Horn"]),
        ('{"name": "Horn"}', []),
        # a legal form written as initials, and a street named after a person
        ("Bakkerij Jansen B.V. aan de Kerkstraat 12", []),
        ("Wij wonen aan de A. Vermeerstraat.", []),
    ],
)
def test_person_name_as_real_files_write_it(text: str, expected: list[str]) -> None:
    assert found("person_name", text) == expected


def test_a_column_of_surnames_the_gazetteer_partly_lacks() -> None:
    from waarborg.scan.recognizers.person_name import is_name_column

    # A third known (Jansen, Bakker, Visser), all shaped as surnames: a column of names.
    surnames_column = ["Jansen", "Hesselingh", "Baalink", "Bakker", "Aelberdinck", "Visser"]
    assert is_name_column(surnames_column * 5)
    # Mostly unknown words and half of them lower case: not one.
    assert not is_name_column(["Jansen", "rood", "groen", "Blauw", "geel", "Paars"] * 5)
