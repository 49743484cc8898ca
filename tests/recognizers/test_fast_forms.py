"""The scanner's fast forms agree with the plain ones they stand for: the Mod 97, 10
check with python-stdnum's, the VAT check with python-stdnum's, and a scan of
alternatives that each start with a literal with one scan of their alternation."""

from __future__ import annotations

import random
import re

import pytest
from stdnum.iso7064 import mod_97_10 as stdnum_mod_97_10
from stdnum.nl import btw as stdnum_btw

from waarborg.scan.recognizers import person_name
from waarborg.scan.recognizers._mod97 import mod_97_10
from waarborg.scan.recognizers.base import leftmost, trie_pattern
from waarborg.scan.recognizers.btw import Btw
from waarborg.scan.recognizers.phone import Phone

#: The telephone pattern as one alternation, as it was written before it was split.
_PHONE = re.compile(
    r"[+0(](?<![\w+.,:/(-][+0(])"
    r"(?:(?<=\+)[1-9]\d{0,2}(?:[ .-]?\(0\))?|(?<=0)0[1-9]\d{0,2}(?:[ .-]?\(0\))?"
    r"|(?<=\()0\d{1,4}\)|(?<=0)\d)"
    r"(?:(?:[ .\-/]| - )?\d){6,13}(?![\w]|[.,-]\d)"
)


def test_mod_97_10_agrees_with_stdnum() -> None:
    rnd = random.Random(97)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz"
    valid = 0
    for _ in range(20_000):
        number = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(5, 34)))
        if rnd.random() < 0.5:  # make it valid: set the check digits
            number = number[:-2] + stdnum_mod_97_10.calc_check_digits(number[:-2])
        valid += mod_97_10(number)
        assert mod_97_10(number) == stdnum_mod_97_10.is_valid(number), number
    assert valid > 5_000


def test_btw_check_agrees_with_stdnum() -> None:
    rnd = random.Random(11)
    recognizer = Btw()
    valid = 0
    for _ in range(20_000):
        digits = "".join(rnd.choice("0000123456789") for _ in range(9))
        suffix = rnd.choice(["00", "01", "02", "17", "99"])
        if rnd.random() < 0.5:  # a company's number: make the 11-test pass
            total = sum((9 - i) * int(d) for i, d in enumerate(digits[:8]))
            last = total % 11
            if last == 10:
                continue
            digits = digits[:8] + str(last)
        for candidate in (
            f"NL{digits}B{suffix}",
            f"NL {digits[:4]}.{digits[4:6]}.{digits[6:]}.B.{suffix}",
        ):
            expected = stdnum_btw.is_valid(candidate.replace(".", "").replace(" ", ""))
            assert recognizer.validate(candidate) == expected, candidate
            valid += expected
    assert valid > 1_000
    # digits of another script are left to python-stdnum
    arabic = "NL" + "\u0660" * 4 + "99998B57"
    assert recognizer.validate(arabic) == stdnum_btw.is_valid(arabic)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_phone_alternatives_scan_as_one_pattern(seed: int) -> None:
    rnd = random.Random(seed)
    patterns = Phone().alternative_regexes
    for _ in range(20_000):
        text = "".join(rnd.choice("+0(0)0123 -./a:,") for _ in range(rnd.randint(5, 40)))
        expected = [m.span() for m in _PHONE.finditer(text)]
        assert [m.span() for m in leftmost(patterns, text)] == expected, text


def test_title_alternatives_scan_as_one_pattern() -> None:
    """A title that ends a line ("groet,\\n") may be followed by one that starts with
    that line end: the scan of the alternatives skips it, as the one pattern does."""
    one = re.compile(r"[ \n(]" + trie_pattern((*person_name._TITLES, *person_name._CLOSINGS)))
    rnd = random.Random(5)
    pieces = [" ", "\n", "(", "groet,", "naam:", "dhr.", "de heer", "heer", "x", "t.a.v."]
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12)))
        expected = [m.span() for m in one.finditer(text)]
        assert [m.span() for m in leftmost(person_name._TITLE_RES, text)] == expected, text
    text = "met vriendelijke groet,\nnaam: jan"
    assert [m.group() for m in leftmost(person_name._TITLE_RES, text)] == [" groet,\n"]
