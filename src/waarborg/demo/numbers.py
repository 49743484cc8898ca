"""Dutch business numbers for generated data: each one valid by its own check.

KvK numbers, BTW (VAT) numbers, IBANs with the BIC of a real Dutch bank, postcodes
and phone numbers, drawn from a seeded ``random.Random`` so the demo is the same on
every machine.
"""

from __future__ import annotations

import random

from stdnum import iban as _iban
from stdnum.iso7064 import mod_97_10
from stdnum.nl import bsn

__all__ = ["BANKS", "btw", "iban", "kvk", "landline", "mobile", "postcode"]

#: Bank codes of Dutch IBANs with the bank's BIC.
BANKS: dict[str, str] = {
    "ABNA": "ABNANL2A",
    "INGB": "INGBNL2A",
    "RABO": "RABONL2U",
    "SNSB": "SNSBNL2A",
    "TRIO": "TRIONL2U",
    "ASNB": "ASNBNL21",
    "KNAB": "KNABNL2H",
    "BUNQ": "BUNQNL2A",
}

#: The second part of a postcode never uses these letter pairs.
_POSTCODE_UNUSED = {"SA", "SD", "SS"}
_LETTERS = "ABCDEFGHJKLMNPRSTVWXZ"


def kvk(rng: random.Random) -> str:
    """An 8-digit KvK number in the range the Business Register issues today."""
    return str(rng.randint(60_000_000, 99_999_999))


def btw(rng: random.Random, *, sole_trader: bool) -> str:
    """A Dutch VAT number (btw-identificatienummer), e.g. ``NL123456782B01``.

    A company's number is its RSIN (which passes the 11-test) with ``B01``. A sole
    trader's number (since 2020) is nine random digits and two mod-97 check digits.
    """
    if sole_trader:
        body = f"NL{rng.randint(100_000_000, 999_999_999)}B"
        return body + mod_97_10.calc_check_digits(body)
    while True:
        rsin = f"{rng.randint(1_000_000, 99_999_999):08d}"
        for last in range(10):
            if bsn.is_valid(rsin + str(last)):
                return f"NL{rsin}{last}B01"


def iban(rng: random.Random) -> tuple[str, str]:
    """A Dutch IBAN (mod-97 checked, written compact) and the BIC of its bank."""
    bank = rng.choice(sorted(BANKS))
    bban = f"{bank}{rng.randint(0, 9_999_999_999):010d}"
    number = f"NL{_iban.calc_check_digits('NL00' + bban)}{bban}"
    return number, BANKS[bank]


def postcode(rng: random.Random, first: int, last: int) -> str:
    """A postcode in ``first``..``last`` (the four digits), e.g. ``1234 AB``."""
    while True:
        letters = rng.choice(_LETTERS) + rng.choice(_LETTERS)
        if letters not in _POSTCODE_UNUSED:
            return f"{rng.randint(first, last)} {letters}"


def landline(rng: random.Random, area: str) -> str:
    """A landline number in ``area`` (e.g. ``074``), written the Dutch way."""
    digits = 10 - len(area)
    return f"{area}-{rng.randint(2, 9)}{rng.randint(0, 10 ** (digits - 1) - 1):0{digits - 1}d}"


def mobile(rng: random.Random) -> str:
    """A mobile number, in one of the forms people write it."""
    number = f"{rng.randint(1, 5)}{rng.randint(0, 9_999_999):07d}"
    if rng.random() < 0.3:
        return f"+31 6 {number}"
    return f"06-{number}"
