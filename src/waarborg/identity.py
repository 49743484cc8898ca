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
"""

from __future__ import annotations

import itertools
import unicodedata

__all__ = ["EMAIL", "email_address", "email_forms", "email_key", "is_email"]

#: The identity kind of an e-mail address (``identity: {email: column}``).
EMAIL = "email"
#: Up to this many non-ASCII letters, every mix of their cases is a form of its own;
#: above it, all in lower case, all in upper case, and capitalised words.
_EVERY_MIX = 5
#: White space and the invisible characters that a copy and paste brings along.
_EDGES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + (
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
)


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
