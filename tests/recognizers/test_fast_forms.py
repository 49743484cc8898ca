"""The scanner's fast forms agree with the plain ones they stand for: the Mod 97, 10
check and the VAT check with python-stdnum's; a scan of alternatives that each start
with a literal with one scan of their alternation; titles, and the beginnings of
context words, found in one pass with one pattern of them and with ``str.find``; a
trie of JSON name fields with their alternation; an IBAN's end found from its spaces
with the walk over its characters; a delimited table's fast split with the plain one;
the offsets of joined values with their running sum; the candidates after context
words found by bisection with those found one by one; and the BSN's and KvK number's
candidates searched for from each context word with those of the whole text."""

from __future__ import annotations

import random
import re

import pytest
from stdnum.iso7064 import mod_97_10 as stdnum_mod_97_10
from stdnum.nl import btw as stdnum_btw

from waarborg.scan import delimited
from waarborg.scan.engine import _offsets
from waarborg.scan.recognizers import person_name
from waarborg.scan.recognizers._mod97 import mod_97_10
from waarborg.scan.recognizers.base import (
    Recognizer,
    Text,
    _after_stems,
    _shape_after_stems,
    leftmost,
    trie_pattern,
)
from waarborg.scan.recognizers.bsn import Bsn
from waarborg.scan.recognizers.btw import Btw
from waarborg.scan.recognizers.iban import Iban
from waarborg.scan.recognizers.kvk import Kvk
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


def test_titles_found_in_one_pass_as_by_one_pattern() -> None:
    """A title that ends a line ("groet,\\n") may be followed by one that starts with
    that line end: the titles found with the context words skip it, as the one
    pattern does, and at each place the longest title stands."""
    one = re.compile(r"[ \n(]" + trie_pattern((*person_name._TITLES, *person_name._CLOSINGS)))
    rnd = random.Random(5)
    pieces = [" ", "\n", "(", "groet,", "naam:", "dhr.", "de heer", "heer", "x", "t.a.v."]
    pieces += ["heer/mevrouw ", "mevrouw/heer", "mr.", "mrs."]
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12)))
        expected = [m.end() for m in one.finditer(text)]
        assert person_name.title_ends(Text(text)) == expected, text
    text = "met vriendelijke groet,\nnaam: jan"
    assert person_name.title_ends(Text(text)) == [len("met vriendelijke groet,\n")]


def test_name_fields_found_through_a_trie_as_through_the_alternation() -> None:
    """The trie of JSON name fields matches what the alternation of the names did."""
    names = person_name._FIELD_NAMES
    one = re.compile(r'"(' + "|".join(names) + r')"[ \t]*:[ \t]*"([^"\\\n]{1,100})"', re.IGNORECASE)
    rnd = random.Random(7)
    keys = [*names, "FIRSTNAME", "Last_Name", "firstx", "nam", "namen", "contact", "id"]
    pieces = ['"', ":", " ", '"Jan de Vries"', '"x\\"y"', ",", "\n", *(f'"{k}"' for k in keys)]
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 10)))
        expected = [m.span(1) + m.span(2) for m in one.finditer(text)]
        assert [m.span(1) + m.span(2) for m in person_name._FIELD.finditer(text)] == expected


def _walked_end(text: str, start: int, size: int) -> int:
    """Where an IBAN of ``size`` characters that starts at ``start`` ends, walked
    character by character, as the recognizer found it before."""
    end, seen = start, 0
    while seen < size:
        if text[end] != " ":
            seen += 1
        end += 1
    return end


def test_iban_end_found_from_its_spaces_as_by_walking() -> None:
    recognizer = Iban()
    rnd = random.Random(13)
    alphabet = "0123456789ABNL"
    for _ in range(5_000):
        body = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(14, 24)))
        grouped = "".join(c if rnd.random() < 0.7 else " " + c for c in body)
        number = "NL" + str(rnd.randint(10, 99)) + grouped
        text = f"x {number} y"
        for match in recognizer.shape_regex.finditer(Text(text).shape):  # type: ignore[union-attr]
            start, end = match.span()
            found = recognizer.accept(text, start, end, True)
            if found is not None:
                assert found == _walked_end(text, start, 18)
    # a valid IBAN in groups, and another group after it
    text = "IBAN NL91 ABNA 0417 1643 00 12"
    assert [text[s:e] for s, e, _ in recognizer.spans(Text(text))] == ["NL91 ABNA 0417 1643 00"]


def test_table_cells_split_fast_as_by_the_plain_split() -> None:
    """The fast split of a delimited table gives every value, stripped, at the offset
    where it stands in the text, with empty cells left out."""
    rnd = random.Random(21)
    cells = ["Jan", " Piet ", "", "  ", "06-12345678", "\tx", '"a;b"', '"say ""hi"""', "1234 AB"]
    tables = 0
    for _ in range(500):
        lines = ["naam;tel;postcode;x"]
        for _ in range(rnd.randint(2, 12)):
            lines.append(";".join(rnd.choice(cells) for _ in range(4)))
        text = "\n".join(lines)
        grid = delimited.table(text)
        if grid is None:
            continue
        tables += 1
        header = grid.columns[0].name == "naam"
        rows = [r for r in lines[header:] if r.strip() and len(delimited._split(r, ";")) == 4]
        for index, column in enumerate(grid.columns):
            expected = []
            for row in rows:
                _, value = delimited._split(row, ";")[index]
                if value:
                    expected.append(value)
            assert column.values == expected
            for start, value in zip(column.starts, column.values, strict=True):
                if '"' not in value:
                    assert text[start : start + len(value)] == value
    assert tables > 300


def test_offsets_of_joined_values_are_their_starts() -> None:
    rnd = random.Random(3)
    for _ in range(200):
        values = ["x" * rnd.randint(0, 5) for _ in range(rnd.randint(0, 20))]
        joined = "\n".join(values)
        starts = _offsets(values)
        assert len(starts) == len(values)
        assert all(joined[s : s + len(v)] == v for s, v in zip(starts, values, strict=True))
        assert all(s == 0 or joined[s - 1] == "\n" for s in starts)


def test_candidates_after_stems_by_bisection_as_one_by_one() -> None:
    """Few stems and many candidates: each stem's candidates found by bisection are
    those a test of each candidate keeps (a stem in the window before its start)."""
    rnd = random.Random(48)
    for _ in range(3_000):
        starts = sorted(rnd.sample(range(2_000), rnd.randint(0, 120)))
        candidates = [(s, s + rnd.randint(1, 12)) for s in starts]
        stems = sorted(rnd.sample(range(2_000), rnd.randint(1, 40)))
        window = rnd.choice([1, 40, 48, 64])
        expected = [c for c in candidates if any(c[0] - window <= stem < c[0] for stem in stems)]
        assert _after_stems(candidates, stems, window) == expected


def test_context_words_found_in_one_pass_as_by_str_find() -> None:
    """The beginnings of context words found together by the automaton are where
    ``str.find`` finds each, overlapping ones and those after characters beyond the
    Basic Multilingual Plane included; one asked for the first time is found too."""
    stems = ("bsn", "sn x", "aa", "kvk", "k.v.k", "geb")
    rnd = random.Random(6)
    pieces = ["bsn", "BSN", "sn x", "a", "kvk", "K.v.K", "geb", " ", "\U0001d518", "é", "😀"]
    assert Text("bsn aa").stem_positions(stems) == [0, 4]
    for _ in range(3_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30)))
        doc = Text(text)
        lower = doc.lower
        expected = sorted(
            i for stem in stems for i in range(len(lower)) if lower.startswith(stem, i)
        )
        assert doc.stem_positions(stems) == expected, text
        assert doc.stem_positions(("aa", "zz")) == [
            i for i in range(len(lower)) if lower.startswith(("aa", "zz"), i)
        ]


@pytest.mark.parametrize("recognizer", [Bsn(), Kvk()], ids=lambda r: r.name)
def test_numeric_candidates_searched_from_context_words_as_in_the_whole_text(
    recognizer: Recognizer,
) -> None:
    """The candidates of a search started at each context word are those of the
    whole text that stand after one, whatever digits, separators and words surround
    them."""
    rnd = random.Random(recognizer.name)
    pieces = ["bsn", "BSN:", "kvk", "K.v.K.", "coc", "1", "2", "9", "0", " ", ".", ",", "-"]
    pieces += ["a", "x", "\n", "123456782", "12345678", "1234.56.782", "123 456 782"]
    regex = recognizer.shape_regex
    assert regex is not None
    for _ in range(5_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 60)))
        doc = Text(text)
        stems = doc.stem_positions(recognizer.stems)
        whole = [m.span() for m in regex.finditer(doc.shape)]
        expected = _after_stems(whole, stems, recognizer.window)
        found = _shape_after_stems(doc.shape, regex, stems, recognizer.window, recognizer.longest)
        assert found == expected, text
        assert all(e - s <= recognizer.longest for s, e in whole), text
