"""E-mail addresses as people: the one form in which Waarborg compares them.

A person types an address as they like: ``Jinthe.vanGelder@example.nl``, with a space
copied along, with an é composed as one character or as e plus an accent. The
organisation's data holds it as it was once typed there. Waarborg writes its letters to
the address as the person entered it (``email_address``) and compares addresses in one
form (``email_key``): Unicode NFC, without surrounding white space, in lower case. That
key is what the consent ledger, restrictions and objections are kept under, so one
person is one key.

In the organisation's databases the stored side is compared as ``lower(column)``, which
an expression index ``ON table (lower(column))`` serves. SQLite's ``lower()`` (and
PostgreSQL's under the ``C`` collation) folds only A-Z, and a database may hold an
address decomposed (e plus accent). So the connector does not compare ``lower(column)``
with the key alone but with ``email_forms``: the few values ``lower()`` can leave of
any stored spelling of the same address, in NFC and NFD, with its non-ASCII letters in
either case. One ``IN`` list, one indexed lookup per value, no SQL function of our own
(which the index would then need on every connection of the organisation's own
application).

Why NFC and ``lower()``, not NFKC and ``casefold()``: a match hands a person's data to
the one who asked, or erases it. NFC only joins spellings that are the same text
(canonically equivalent); NFKC would also join different characters that look alike
(``ﬁ`` and ``fi``, full-width letters). ``casefold()`` turns ``ß`` into ``ss``, which
``lower()`` in SQL does not, so the key could never equal a stored ``straße``.

**Taking an address in.** Every address a person, an application or staff hand to
Waarborg (the privacy centre's forms, the APIs, the newsletter, complaints, the command
line, the admin page) passes ``parse_email``: one plain address and nothing else, checked
by email-validator (no network: deliverability is not looked up). Refused, each with a
sentence that says why: a display name or angle brackets (``Eve <victim@example.nl>``),
a comment (``victim@example.nl(1)``), quotes, several addresses, spaces, and invisible or
direction-changing characters inside it (a zero-width space, a right-to-left override).
White space and invisible marks at either end, which a copy and paste brings along, are
dropped first. An SMTP server would deliver every refused form to a mailbox of its
own choosing, so accepting them let one mailbox be counted as many.

**Counting mailboxes.** ``mailbox_key`` is the mailbox mail to an address lands in, as
far as the address shows it, for rate limits only: the key in lower case, without a
``+tag`` (sub-addressing, which most providers deliver to the mailbox without it), the
domain in its ASCII (IDNA) form, and for Gmail without the dots in the name (Gmail
ignores them; ``googlemail.com`` is ``gmail.com``). It errs towards one mailbox: two
people share a count only where one provider would deliver both addresses to one
mailbox anyway. It never finds a person: ``jan+shop@`` and ``jan@`` stay different keys
for lookups, because the organisation's data may hold either, and a match hands data
over.
"""

from __future__ import annotations

import itertools
import unicodedata

from email_validator import EmailNotValidError, ValidatedEmail, validate_email

from .errors import EmailAddressError

__all__ = [
    "EMAIL",
    "email_address",
    "email_forms",
    "email_key",
    "is_email",
    "mailbox_key",
    "parse_email",
]

#: The identity kind of an e-mail address (``identity: {email: column}``).
EMAIL = "email"
#: Up to this many non-ASCII letters, every mix of their cases is a form of its own;
#: above it, all in lower case, all in upper case, and capitalised words.
_EVERY_MIX = 5
#: White space and the invisible characters that a copy and paste brings along.
_EDGES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + (
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
)


#: Unicode categories never part of an address: controls, format characters (zero-width,
#: direction marks and overrides), private use, unassigned, line and paragraph separators.
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
#: Providers that deliver ``a.b@`` to ``ab@``, under the one domain they use.
_DOTLESS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}
_EXAMPLE = "e.g. naam@voorbeeld.nl"


def is_email(kind: str) -> bool:
    """Whether identities of ``kind`` are e-mail addresses (matched by ``email_forms``)."""
    return kind == EMAIL


def email_address(value: str) -> str:
    """The address as the person entered it, for writing to: NFC, without surrounding
    white space, its case kept."""
    return unicodedata.normalize("NFC", value.strip(_EDGES))


def email_key(value: str) -> str:
    """The form in which Waarborg compares and keeps an address: NFC, without
    surrounding white space, in lower case."""
    return unicodedata.normalize("NFC", email_address(value).lower())


def parse_email(value: str) -> str:
    """The one plain e-mail address ``value`` is, to write to: NFC, the domain in lower
    case, the name's case kept. Raises EmailAddressError, with a reason and a sentence,
    for anything else (see the module's docstring)."""
    return _validated(value).normalized


def mailbox_key(value: str) -> str:
    """The mailbox mail to ``value`` lands in, as far as the address shows it, for
    counting (rate limits), never for finding a person (see the module's docstring).
    Text that is not an address is counted by its key."""
    try:
        found = _validated(value)
    except EmailAddressError:
        return email_key(value)
    name = unicodedata.normalize("NFC", found.local_part).lower()
    name = name.split("+", 1)[0] or name
    domain = (found.ascii_domain or found.domain).lower()
    if domain in _DOTLESS:
        domain = _DOTLESS[domain]
        name = name.replace(".", "") or name
    return f"{name}@{domain}"


def _validated(value: str) -> ValidatedEmail:
    text = unicodedata.normalize("NFC", value.strip(_EDGES))
    if not text:
        raise EmailAddressError("empty", f"give an e-mail address, {_EXAMPLE}")
    hidden = next((c for c in text if unicodedata.category(c) in _INVISIBLE), None)
    if hidden is not None:
        name = unicodedata.name(hidden, "a control character")
        raise EmailAddressError(
            "invisible",
            f"the address contains an invisible or direction-changing character "
            f"(U+{ord(hidden):04X} {name}); type it again by hand",
        )
    if "<" in text or ">" in text:
        raise EmailAddressError(
            "display_name",
            f"give the address alone, without a name or angle brackets, {_EXAMPLE}",
        )
    if text.count("@") > 1 or any(c in text for c in ",;"):
        raise EmailAddressError("several", "give one e-mail address, not several")
    if "(" in text or ")" in text:
        raise EmailAddressError("comment", "give the address without a comment in brackets")
    if '"' in text:
        raise EmailAddressError("quoted", "give the address without quotation marks")
    if any(c.isspace() for c in text):
        raise EmailAddressError("space", "an e-mail address has no spaces")
    try:
        found = validate_email(
            text,
            check_deliverability=False,
            test_environment=False,
            allow_display_name=False,
            allow_quoted_local=False,
            allow_domain_literal=False,
            allow_empty_local=False,
            strict=True,
        )
    except EmailNotValidError as exc:
        raise EmailAddressError(
            "invalid", f"not an e-mail address we can write to: {exc} ({_EXAMPLE})"
        ) from None
    if len((found.ascii_domain or found.domain).rsplit(".", 1)[-1]) < 2:
        raise EmailAddressError(
            "invalid", f"not an e-mail address we can write to: no such domain ({_EXAMPLE})"
        )
    return found


def email_forms(value: str) -> list[str]:
    """The values ``lower(column)`` takes, in SQLite and PostgreSQL under any collation,
    for a stored address that is ``value`` up to case, composition and surrounding white
    space on either side (the key first). Empty for an empty address."""
    key = email_key(value)
    if not key:
        return []
    forms: list[str] = []
    for text in (key, unicodedata.normalize("NFD", key)):
        for form in _cases(text):
            if form not in forms:
                forms.append(form)
    return forms


def _cases(text: str) -> list[str]:
    """``text`` (in lower case) with its non-ASCII letters in either case, as a
    ``lower()`` that folds only A-Z leaves them."""
    spots = [i for i, c in enumerate(text) if not c.isascii() and _upper(c) is not None]
    if not spots:
        return [text]
    if len(spots) <= _EVERY_MIX:
        mixes = list(itertools.product((False, True), repeat=len(spots)))
    else:
        starts = tuple(i == 0 or not _in_word(text[i - 1]) for i in spots)
        mixes = [(False,) * len(spots), (True,) * len(spots), starts]
    found: list[str] = []
    for mix in mixes:
        letters = list(text)
        for spot, up in zip(spots, mix, strict=True):
            if up:
                letters[spot] = _upper(letters[spot]) or letters[spot]
        form = "".join(letters)
        if form not in found:
            found.append(form)
    return found


def _upper(letter: str) -> str | None:
    """The capital of a lower-case letter, when it is one character that ``lower()``
    in SQL leaves as it is: not ``ß`` (whose capital is ``SS``), nor the dotless i (``I``)."""
    upper = letter.upper()
    if len(upper) != 1 or upper == letter or upper.isascii():
        return None
    return upper


def _in_word(character: str) -> bool:
    return character.isalpha() or unicodedata.category(character).startswith("M")
