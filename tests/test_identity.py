"""E-mail addresses in one form: the key Waarborg compares and keeps them by, and the
forms ``lower(column)`` can take in the organisation's databases."""

from __future__ import annotations

import unicodedata

import pytest

from waarborg.consent import ledger
from waarborg.identity import email_address, email_forms, email_key, is_email
from waarborg.rights.service import subject_key
from waarborg.store import ratelimit


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("entered", "key"),
    [
        ("Jinthe.vanGelder@example.nl", "jinthe.vangelder@example.nl"),
        ("jinthe.vangelder@EXAMPLE.NL", "jinthe.vangelder@example.nl"),
        ("  Jinthe.vanGelder@example.nl \n", "jinthe.vangelder@example.nl"),
        ("\u00a0jan@example.nl\u3000", "jan@example.nl"),  # no-break and ideographic space
        ("\ufeff\u200bjan@example.nl\u200b", "jan@example.nl"),  # pasted invisible marks
        (nfd("Élodie@example.nl"), "élodie@example.nl"),  # decomposed becomes composed
        ("ÉLODIE@example.nl", "élodie@example.nl"),
        ("Straße@example.de", "straße@example.de"),  # lower(), not casefold(): no "ss"
    ],
)
def test_the_key_of_an_address(entered: str, key: str) -> None:
    assert email_key(entered) == key
    assert email_key(key) == key


def test_compatibility_characters_stay_what_they_are() -> None:
    # NFC, not NFKC: a ligature or full-width letters are other characters, not a spelling
    assert email_key("ﬁnn@example.nl") != email_key("finn@example.nl")
    assert email_key("\uff4a\uff41\uff4e@example.nl") != email_key("jan@example.nl")
    assert "finn@example.nl" not in email_forms("ﬁnn@example.nl")


def test_the_address_as_entered_keeps_its_case() -> None:
    assert email_address("  Jinthe.vanGelder@Example.NL ") == "Jinthe.vanGelder@Example.NL"
    assert email_address(nfd("René@example.nl")) == "René@example.nl"


def test_an_ascii_address_has_one_form() -> None:
    assert email_forms(" Jinthe.vanGelder@Example.NL ") == ["jinthe.vangelder@example.nl"]


@pytest.mark.parametrize(
    "stored",
    [
        "élodie@example.nl",
        "ÉLODIE@example.nl",
        "Élodie@Example.NL",
        nfd("élodie@example.nl"),
        nfd("ÉLODIE@EXAMPLE.NL"),
        "ÉlOdIe@example.nl",
    ],
)
@pytest.mark.parametrize("asked", ["Élodie@example.nl", nfd(" élodie@EXAMPLE.nl ")])
def test_every_stored_spelling_is_among_the_forms(stored: str, asked: str) -> None:
    forms = email_forms(asked)
    assert forms[0] == "élodie@example.nl"
    assert _ascii_lower(stored) in forms  # SQLite's lower(), PostgreSQL's under "C"
    assert stored.lower() in forms  # PostgreSQL's lower() under a Unicode collation


def test_mixed_case_of_several_non_ascii_letters() -> None:
    stored = "ÇAĞLAR.ÖZTÜRK@example.com.tr"
    assert _ascii_lower(stored) in email_forms("çağlar.öztürk@example.com.tr")
    # six letters and more: lower, upper and capitalised words, not every mix
    many = "ΑΝΔΡΈΑΣ@example.gr"
    forms = email_forms(many)
    assert _ascii_lower(many) in forms and _ascii_lower("Ανδρέας@example.gr") in forms
    assert len(forms) <= 8


def test_an_empty_address_has_no_forms() -> None:
    assert email_forms("  \u200b ") == []


def test_only_email_identities_are_folded() -> None:
    assert is_email("email")
    assert not is_email("phone")


def _ascii_lower(text: str) -> str:
    """What SQLite's lower() does: A-Z only."""
    return "".join(c.lower() if c.isascii() else c for c in text)


def test_one_person_is_one_key_in_the_store() -> None:
    """The consent ledger, restrictions and objections, and the rate limit by address
    key a person the same way, whatever the spelling."""
    spellings = [
        "René.Dubois@example.nl",
        nfd(" rené.dubois@EXAMPLE.nl "),
        "RENÉ.DUBOIS@example.nl",
    ]
    assert {ledger.email_subject(s) for s in spellings} == {"rené.dubois@example.nl"}
    assert {subject_key(s) for s in spellings} == {"rené.dubois@example.nl"}
    assert len({ratelimit.bucket("email", s, b"k" * 32) for s in spellings}) == 1
