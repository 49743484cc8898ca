from __future__ import annotations

import pytest

from . import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IBAN: NL91ABNA0417164300", ["NL91ABNA0417164300"]),
        ("op rekening NL91 ABNA 0417 1643 00 t.n.v. J. Jansen", ["NL91 ABNA 0417 1643 00"]),
        ("NL91ABNA0417164300 BIC ABNANL2A", ["NL91ABNA0417164300"]),
        # other countries of the registry
        ("BE71 0961 2345 6769", ["BE71 0961 2345 6769"]),
        ("DE89370400440532013000", ["DE89370400440532013000"]),
        ("GB82 WEST 1234 5698 7654 32", ["GB82 WEST 1234 5698 7654 32"]),
        ("FR1420041010050500013M02606", ["FR1420041010050500013M02606"]),
        ("NO9386011117947", ["NO9386011117947"]),
        # wrong check digits
        ("NL92ABNA0417164300", []),
        ("BE72 0961 2345 6769", []),
        # the Belgian account check of python-stdnum fails
        ("BE68 5390 0754 7034", []),
        # the BBAN has the wrong structure for its country (letters where digits go)
        ("NL91ABNA04171643AB", []),
        # too short for its country, or no such country
        ("NL91ABNA041716430", []),
        ("XX91ABNA0417164300", []),
        # glued to more characters
        ("NL91ABNA0417164300X", []),
        # small letters, as exports and logs write them; not mixed within a group
        ("lowercase nl91abna0417164300", ["nl91abna0417164300"]),
        ("iban=nl91 abna 0417 1643 00;", ["nl91 abna 0417 1643 00"]),
        ("nl91aBna0417164300", []),
    ],
)
def test_iban(text: str, expected: list[str]) -> None:
    assert found("iban", text) == expected
