"""E-mail addresses in one form: the key Waarborg compares and keeps them by, and the
forms ``lower(column)`` can take in the organisation's databases."""

from __future__ import annotations

import unicodedata

import pytest

from waarborg.consent import ledger
from waarborg.errors import EmailAddressError
from waarborg.identity import (
    email_address,
    email_forms,
    email_key,
    is_email,
    mailbox_key,
    parse_email,
)
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


# --- taking an address in: one plain address, nothing else --------------------------


@pytest.mark.parametrize(
    ("entered", "address"),
    [
        ("Jinthe.vanGelder@example.nl", "Jinthe.vanGelder@example.nl"),
        (" jan@EXAMPLE.NL\n", "jan@example.nl"),  # the domain in lower case, the name kept
        ("\ufeff\u200bjan@example.nl\u200b", "jan@example.nl"),  # pasted marks at the ends
        (nfd("René@example.nl"), "René@example.nl"),
        ("jan+nieuwsbrief@example.nl", "jan+nieuwsbrief@example.nl"),
        ("jörg@bücher.de", "jörg@bücher.de"),
        ("jörg@xn--bcher-kva.de", "jörg@bücher.de"),
    ],
)
def test_a_plain_address_is_taken(entered: str, address: str) -> None:
    assert parse_email(entered) == address


@pytest.mark.parametrize(
    ("entered", "reason"),
    [
        ("victim@example.nl(1)", "comment"),
        ("(x)victim@example.nl", "comment"),
        ("Eve <victim@example.nl>", "display_name"),
        ("Eve<victim@example.nl>", "display_name"),
        ("<victim@example.nl>", "display_name"),
        ('"victim"@example.nl', "quoted"),
        ('"a b"@example.nl', "quoted"),
        ("victim@example.nl,x.yz", "several"),
        ("victim@example.nl;eve@example.nl", "several"),
        ("victim@example.nl eve@example.nl", "several"),
        ("jan jansen@example.nl", "space"),
        ("vic\u200btim@example.nl", "invisible"),  # zero-width space
        ("victim@exa\u200dmple.nl", "invisible"),  # zero-width joiner
        ("vic\u202etim@example.nl", "invisible"),  # right-to-left override
        ("victim\u200f@example.nl", "invisible"),  # right-to-left mark
        ("vic\x00tim@example.nl", "invisible"),
        ("", "empty"),
        (" \u200b ", "empty"),
        ("victim", "invalid"),
        ("victim@localhost", "invalid"),
        ("victim@[192.0.2.1]", "invalid"),
        ("victim@example.nl.", "invalid"),
        ("victim..x@example.nl", "invalid"),
        ("victim@b.c", "invalid"),
        ("mailto:victim@example.nl", "invalid"),
        ("x" * 65 + "@example.nl", "invalid"),
    ],
)
def test_anything_but_one_plain_address_is_refused_with_its_reason(
    entered: str, reason: str
) -> None:
    with pytest.raises(EmailAddressError) as refused:
        parse_email(entered)
    assert refused.value.reason == reason
    assert refused.value.message  # a sentence that says why


def test_every_entry_point_uses_the_one_parser() -> None:
    """The services that take an address in (requests, complaints, the consent ledger
    and so the newsletter and the consent API) refuse what the parser refuses."""
    from waarborg.errors import ConsentError, RequestError
    from waarborg.registers.complaints import _email as complaint_email
    from waarborg.rights.service import _email as request_email

    for entered in ("victim@example.nl(1)", "Eve <victim@example.nl>", "vic\u200btim@x.nl"):
        with pytest.raises(RequestError, match=r"comment|angle|invisible"):
            request_email(entered)
        with pytest.raises(RequestError, match=r"comment|angle|invisible"):
            complaint_email(entered)
        with pytest.raises(ConsentError, match=r"comment|angle|invisible"):
            ledger.email_subject(entered)


@pytest.mark.parametrize(
    ("entered", "mailbox"),
    [
        ("Victim@Example.NL", "victim@example.nl"),
        ("victim+1@example.nl", "victim@example.nl"),
        ("victim+a+b@example.nl", "victim@example.nl"),
        ("v.i.c.t.i.m@gmail.com", "victim@gmail.com"),
        ("V.ictim+x@GoogleMail.com", "victim@gmail.com"),
        ("jörg+1@bücher.de", "jörg@xn--bcher-kva.de"),
        ("jörg@xn--bcher-kva.de", "jörg@xn--bcher-kva.de"),
    ],
)
def test_the_mailbox_an_address_lands_in(entered: str, mailbox: str) -> None:
    assert mailbox_key(entered) == mailbox


def test_mailboxes_join_only_for_counting_never_for_finding_a_person() -> None:
    # Dots count elsewhere than at Gmail, and a hyphen is part of a name.
    assert mailbox_key("jan.jansen@example.nl") != mailbox_key("janjansen@example.nl")
    assert mailbox_key("jan-willem@example.nl") != mailbox_key("jan@example.nl")
    # The lookup key keeps the tag: the organisation's data may hold either address.
    assert email_key("jan+shop@example.nl") != email_key("jan@example.nl")
    key = b"k" * 32
    assert ratelimit.bucket("email", "jan+shop@example.nl", key) == ratelimit.bucket(
        "email", "Jan@Example.nl", key
    )


@pytest.mark.parametrize(
    ("ip", "network"),
    [
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("192.0.2.7", "192.0.2.7/32"),
        ("::ffff:192.0.2.7", "192.0.2.7/32"),
    ],
)
def test_an_ip_address_counts_by_its_network(ip: str, network: str) -> None:
    assert ratelimit.network(ip) == network
    key = b"k" * 32
    assert ratelimit.bucket("ip", ip, key) == ratelimit.bucket("ip", network.split("/")[0], key)
    assert ratelimit.bucket("subscribe-ip", ip, key) == ratelimit.bucket(
        "subscribe-ip", network.split("/")[0], key
    )


def test_another_ipv6_network_is_another_count() -> None:
    key = b"k" * 32
    assert ratelimit.bucket("ip", "2001:db8:1:2::1", key) != ratelimit.bucket(
        "ip", "2001:db8:1:3::1", key
    )
