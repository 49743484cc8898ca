"""The scanner's checks made in bulk, held to the checks made one value at a time: a
column's names, a table's lines, a Dutch telephone number of ten digits, the first
part of an IPv4 address. Every value here is made up."""

from __future__ import annotations

import random

import phonenumbers

from waarborg.scan import delimited
from waarborg.scan.recognizers.base import Text
from waarborg.scan.recognizers.ipv4 import Ipv4
from waarborg.scan.recognizers.person_name import (
    is_name_column,
    personal_value,
    personal_values,
    places,
)
from waarborg.scan.recognizers.phone import Phone

#: Values a column of names, of places or of companies may hold, edge cases included.
VALUES = [
    "Jan Jansen",
    "Fatma Yilmaz-de Boer",
    "J.P. de Vries",
    "van der Berg",
    "Jansen, Jan",
    "Johannes Vermeerstraat",  # a street named after a person
    "Ab Weg",  # a word no longer than the street ending by three letters
    "Van der Laan",
    "Bakkerij Jansen",  # a word of a business
    "Jan Jansen B.V.",  # a legal form
    "Stichting De Linde",
    "Bergen op Zoom",  # a place
    "Anna Paulowna",
    "Albert Heijn",
    "İsmail Öztürk",  # a capital that grows in lower case
    "Σίσυφος Παπαδόπουλος",
    "jan jansen",
    "Jan  Jansen",
    "Jan\tJansen",
    "06-12345678",
    "1234 AB",
    "",
    " ",
    "Kerkstraat 12",
    "IJsbrand IJzerman",
    "D'Hondt",
]


def test_names_judged_in_bulk_are_judged_as_one_by_one() -> None:
    rng = random.Random(14)
    made = list(VALUES) + list(sorted(places()))[:500]
    words = [v for v in VALUES if v.strip()]
    for _ in range(2000):  # random joins of the values' words
        made.append(" ".join(rng.choice(words).split()[-1] for _ in range(rng.randint(1, 3))))
    judged = personal_values(made)
    assert set(judged) == set(made)
    assert judged == {value: personal_value(value) for value in made}
    assert judged["Jan Jansen"] and not judged["Johannes Vermeerstraat"]
    assert not judged["Bergen op Zoom"] and not judged["Bakkerij Jansen"]


def test_the_column_test_keeps_what_it_judged() -> None:
    column = ["Jan Jansen", "Piet Bakker", "Wim Visser", "Bergen op Zoom", "Henk Smit"] * 4
    judged: dict[str, bool] = {}
    assert is_name_column(column, judged)
    assert judged == {value: personal_value(value) for value in set(column)}


def _table(text: str) -> list[tuple[str, list[tuple[int, str]]]]:
    grid = delimited.table(text)
    assert grid is not None
    columns = [(c.name, list(zip(c.starts, c.values, strict=True))) for c in grid.columns]
    for _, cells in columns:
        for start, value in cells:
            assert text[start : start + len(value)] == value
    return columns


def test_a_table_split_in_bulk_is_the_table_split_line_by_line() -> None:
    """Without quotes below the header the lines are split in bulk; one quote in the
    last line sends every line through the loop: the rows before it come out alike."""
    rows = [
        "naam;telefoon;plaats",
        *(f"Klant {i};06-1234{i:04d};Zwolle" for i in range(10)),
        "Jan Jansen;06-12345678; Utrecht ",
        "",
        "   ",
        "Piet Bakker;;Zwolle",
        "een regel zonder scheidingstekens",
        "Wim Visser;020-1234567;Hengelo;te veel",
        "Henk Smit;085 - 782 27 77;Bergen op Zoom",
        *(f"Klant {i};06-1234{i:04d};Zwolle" for i in range(10, 20)),
    ]
    for end in ("\n", "\r\n"):
        plain = end.join(rows) + end
        quoted = plain + 'Anna de Wit;"06 1234 5678";Delft' + end
        bulk, loop = _table(plain), _table(quoted)
        assert [name for name, _ in bulk] == ["naam", "telefoon", "plaats"]
        for (name, cells), (_, more) in zip(bulk, loop, strict=True):
            assert more[: len(cells)] == cells, name
        assert [v for _, v in bulk[2][1]][10:13] == ["Utrecht", "Zwolle", "Bergen op Zoom"]
        assert len(bulk[0][1]) == 23 and len(loop[0][1]) == 24
        assert [v for _, v in loop[1][1]][-1] == "06 1234 5678"


def test_a_table_without_a_header_keeps_its_first_row() -> None:
    text = "Jan Jansen,06-12345678,1\nPiet Bakker,020-1234567,2\nWim Visser,,3\n"
    columns = _table(text)
    assert [name for name, _ in columns] == ["", "", ""]
    assert [v for _, v in columns[0][1]] == ["Jan Jansen", "Piet Bakker", "Wim Visser"]


def test_dutch_numbers_of_ten_digits_are_judged_as_phonenumbers_judges_them() -> None:
    """The quick path for ten digits gives what phonenumbers says, in the ways numbers
    are written: a valid number whole, an invalid one (outside 08 and 09, where a
    shorter number may remain) not at all."""
    rng = random.Random(7)
    phone = Phone()
    forms = (
        lambda d, c: d,
        lambda d, c: f"{d[:c]}-{d[c:]}",
        lambda d, c: f"({d[:c]}) {d[c:]}",
        lambda d, c: f"{d[:c]} - {d[c:]}",
        lambda d, c: " ".join((d[:2], d[2:4], d[4:6], d[6:8], d[8:])),
    )
    valid_seen = 0
    for _ in range(3000):
        digits = rng.choice("0123456789"[1:]) + "".join(rng.choice("0123456789") for _ in range(8))
        digits = "0" + digits
        text = rng.choice(forms)(digits, rng.choice((2, 3, 4)))
        valid = phonenumbers.is_valid_number(phonenumbers.parse(digits, "NL"))
        end = phone.accept(text, 0, len(text), True)
        if valid:
            valid_seen += 1
            assert end == len(text), text
        elif digits[1] not in "89":
            assert end is None, text
    assert valid_seen > 100
    assert phone.accept("09-09-2018", 0, 10, True) is None


def test_an_ipv4_address_s_first_part_is_one_to_three_digits() -> None:
    ipv4 = Ipv4()

    def found(text: str) -> list[str]:
        return [text[s:e] for s, e, _ in ipv4.spans(Text(text))]

    assert found("10.0.0.1") == ["10.0.0.1"]
    assert found("1.2.3.4 en 192.168.1.20") == ["1.2.3.4", "192.168.1.20"]
    assert found("x 255.255.255.255") == ["255.255.255.255"]
    assert found("1234.1.1.1") == []  # four digits before the first dot
    assert found("a1.1.1.1") == [] and found("v.1.1.1.1") == []
    assert found("256.1.1.1") == []
    assert found(".1.1.1") == []  # no first part
