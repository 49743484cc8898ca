from __future__ import annotations

import pytest

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Geboortedatum: 12-03-1985", ["12-03-1985"]),
        ('{"dateOfBirth": "1985-03-12"}', ["1985-03-12"]),
        ('{"birthDate":"12-03-1985"}', ["12-03-1985"]),
        ("geboren op 3 maart 1985 te Hengelo", ["3 maart 1985"]),
        ("Geb. 12/03/1985", ["12/03/1985"]),
        ("Date of birth: 1985-03-12", ["1985-03-12"]),
        ("born on March 12, 1985", ["March 12, 1985"]),
        ("DOB 12.03.1985", ["12.03.1985"]),
        # dates that are not dates of birth
        ("Factuurdatum: 12-03-2023", []),
        ("Geleverd op 3 maart 2024", []),
        ("geboren in Hengelo, in dienst sinds 12-03-2010", []),
        # no such day, or not a plausible year
        ("Geboortedatum: 31-02-1985", []),
        ("Geboortedatum: 12-03-1850", []),
        ("Geboortedatum: 12-03-2999", []),
        # "gebruik" is not "geb."
        ("gebruik 12-03-1985", []),
    ],
)
def test_date_of_birth(text: str, expected: list[str]) -> None:
    assert found("date_of_birth", text) == expected


def test_a_column_of_birth_dates() -> None:
    values = "1978-04-12\n08-07-1966\nonbekend\n2023-01-01 09:00:00"
    assert found("date_of_birth", values, hint="geboortedatum") == [
        "1978-04-12",
        "08-07-1966",
        "2023-01-01",
    ]


def test_the_latest_plausible_year_comes_from_the_clock() -> None:
    import datetime as dt

    from waarborg import clock
    from waarborg.scan.engine import Scanner

    with clock.frozen(dt.datetime(2030, 6, 1, tzinfo=dt.UTC)):
        scanner = Scanner.build(selected={"date_of_birth"})
    text = "Geboortedatum: 12-03-2029"
    assert [text[s:e] for s, e, _ in scanner.find(text)] == ["12-03-2029"]
    assert found("date_of_birth", text) == []
