"""Reusable field types of the declaration, as ``Annotated`` types.

Each validator raises ``PydanticCustomError`` with a message that says what is
wrong and how to write it instead; the loader attaches file:line:column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    PlainValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

Unstated = Literal["unstated"]
"""Recorded where a statement is silent or vague. The checker reports it."""

UNSTATED: Unstated = "unstated"

_DURATION = re.compile(
    r"^P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)


@dataclass(frozen=True, order=False)
class Duration:
    """An ISO 8601 duration (``P4W``, ``P1M``, ``P7Y``, ``PT72H``).

    Months and years are calendar units: adding ``P1M`` to 31 January gives the last
    day of February, as Art. 12(3) GDPR and Regulation 1182/71 count a month.
    """

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: int = 0

    @classmethod
    def parse(cls, text: str) -> Duration:
        match = _DURATION.match(text.strip().upper())
        if not match:
            raise ValueError(text)
        return cls(**{k: int(v) for k, v in match.groupdict().items() if v})

    def __str__(self) -> str:
        date_part = "".join(
            f"{value}{unit}"
            for value, unit in (
                (self.years, "Y"),
                (self.months, "M"),
                (self.weeks, "W"),
                (self.days, "D"),
            )
            if value
        )
        time_part = "".join(
            f"{value}{unit}"
            for value, unit in ((self.hours, "H"), (self.minutes, "M"), (self.seconds, "S"))
            if value
        )
        if not date_part and not time_part:
            return "P0D"
        return "P" + date_part + (f"T{time_part}" if time_part else "")

    def after(self, start: datetime) -> datetime:
        """The moment this duration after ``start``, counting calendar months and years:
        the years and months move the date, which keeps its day or takes the month's
        last; then the weeks, days and time are added. This is how dateutil's
        ``relativedelta`` counts (``tests/test_loader.py`` holds the two to the same
        answers), without importing it on the path of every ``check``."""
        months = start.month - 1 + self.months
        year = start.year + self.years + months // 12
        month = months % 12 + 1
        moved = start.replace(year=year, month=month, day=min(start.day, _month_days(year, month)))
        return moved + timedelta(
            weeks=self.weeks,
            days=self.days,
            hours=self.hours,
            minutes=self.minutes,
            seconds=self.seconds,
        )

    def after_date(self, start: date) -> date:
        return self.after(datetime(start.year, start.month, start.day)).date()

    @property
    def approx_days(self) -> float:
        """Length in days, counting a month as 30.44 and a year as 365.25 days (for sorting)."""
        return (
            self.years * 365.25
            + self.months * 30.44
            + self.weeks * 7
            + self.days
            + (self.hours * 3600 + self.minutes * 60 + self.seconds) / 86400
        )

    @property
    def _day_bounds(self) -> tuple[float, float]:
        fixed = (
            self.weeks * 7
            + self.days
            + (self.hours * 3600 + self.minutes * 60 + self.seconds) / 86400
        )
        return (
            fixed + self.years * 365 + self.months * 28,
            fixed + self.years * 366 + self.months * 31,
        )

    def longer_than(self, other: Duration) -> bool:
        """True if, from some start date, this duration ends later than ``other``."""
        low, high = self._day_bounds
        other_low, other_high = other._day_bounds
        if high <= other_low:
            return False
        if low > other_high:
            return True
        for start in _reference_dates():
            if self.after(start) > other.after(start):
                return True
        return False

    def as_timedelta_at(self, start: datetime) -> timedelta:
        return self.after(start) - start


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_days(year: int, month: int) -> int:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _MONTH_DAYS[month - 1]


@cache
def _reference_dates() -> tuple[datetime, ...]:
    """Start dates where calendar arithmetic differs: month starts and month ends,
    in a common year and a leap year."""
    dates = []
    for year in (2023, 2024):
        for month in range(1, 13):
            for day in (1, 28, 29, 30, 31):
                try:
                    dates.append(datetime(year, month, day))
                except ValueError:
                    continue
    return tuple(dates)


def _parse_duration(value: Any) -> Any:
    if isinstance(value, Duration):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "duration",
            "expected an ISO 8601 duration such as P4W, P1M or P7Y, got '{value}'",
            {"value": value},
        )
    try:
        return Duration.parse(value)
    except ValueError:
        raise PydanticCustomError(
            "duration",
            "'{value}' is not an ISO 8601 duration; write e.g. P4W (4 weeks), P1M (1 month), "
            "P7Y (7 years), P3D (3 days) or PT72H (72 hours)",
            {"value": value},
        ) from None


DurationField = Annotated[Duration, BeforeValidator(_parse_duration), PlainSerializer(str)]


def _duration_or(words: tuple[str, ...]) -> Any:
    def parse(value: Any) -> Any:
        if isinstance(value, str) and value in words:
            return value
        try:
            return _parse_duration(value)
        except PydanticCustomError:
            raise PydanticCustomError(
                "duration",
                "'{value}' is not an ISO 8601 duration (e.g. P4W, P1M, P7Y) nor one of: {words}",
                {"value": value, "words": ", ".join(words)},
            ) from None

    return parse


DurationOrUnstated = Annotated[
    Duration | Literal["unstated"],
    PlainValidator(_duration_or(("unstated",))),
    PlainSerializer(str),
]
Expiry = Annotated[
    Duration | Literal["session", "unstated"],
    PlainValidator(_duration_or(("session", "unstated"))),
    PlainSerializer(str),
]

KEY_PATTERN = _KEY = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


def _check_key(value: str) -> str:
    if not _KEY.match(value):
        raise PydanticCustomError(
            "key",
            "'{value}' is not a valid key; use lower-case letters, digits, '_' and '-' "
            "(for example: customer_contact)",
            {"value": value},
        )
    return value


Key = Annotated[str, AfterValidator(_check_key)]


def _stdnum(module_name: str, label: str, example: str) -> Any:
    def check(value: Any) -> str:
        import importlib

        module = importlib.import_module(f"stdnum.{module_name}")
        text = str(value)
        try:
            formatter = getattr(module, "format", module.compact)
            return str(formatter(module.validate(text)))
        except Exception:  # stdnum raises ValidationError subclasses
            raise PydanticCustomError(
                "number",
                "'{value}' is not a valid {label}; check the digits (example: {example})",
                {"value": text, "label": label, "example": example},
            ) from None

    return check


#: python-stdnum's ``stdnum.nl.postcode``: four digits (not starting with 0) and two
#: letters, of which SA, SD and SS are not given out.
_POSTCODE = re.compile(r"^(?P<pt1>[1-9][0-9]{3})(?P<pt2>[A-Z]{2})$")


def dutch_postcode(text: str) -> str | None:
    """A Dutch postcode as ``stdnum.nl.postcode.validate`` writes it (``7551 HT``), or
    None where it refuses it. Text in ASCII is checked here in the same steps, since
    importing python-stdnum's helpers (with ``ssl`` and ``pydoc``) costs more than a
    check; other text, whose dashes and spaces stdnum first maps to ASCII, is given to
    stdnum itself. ``tests/test_loader.py`` holds both to stdnum's answers."""
    if not text.isascii() or "`" in text:
        from stdnum.exceptions import ValidationError
        from stdnum.nl import postcode

        try:
            return str(postcode.validate(text))
        except ValidationError:
            return None
    number = text.replace(" ", "").replace("-", "").upper().strip()
    if number.startswith("NL"):
        number = number[2:]
    match = _POSTCODE.search(number)
    if not match or match["pt2"] in ("SA", "SD", "SS"):
        return None
    return f"{match['pt1']} {match['pt2']}"


def _check_kvk(value: Any) -> str:
    text = re.sub(r"[\s.]", "", str(value))
    if not re.fullmatch(r"\d{8}", text):
        raise PydanticCustomError(
            "kvk",
            "'{value}' is not a valid KvK number; a KvK number has exactly 8 digits "
            "(example: 68750110)",
            {"value": str(value)},
        )
    return text


KvK = Annotated[str, BeforeValidator(_check_kvk)]


def _check_vat(value: Any) -> str:
    """An EU VAT number, checked by the module of its country only (fast to load)."""
    import importlib

    text = re.sub(r"[\s.\-]", "", str(value)).upper()
    country = {"EL": "gr", "XI": "gb"}.get(text[:2], text[:2].lower())
    try:
        module = importlib.import_module(
            "stdnum.nl.btw" if country == "nl" else f"stdnum.{country}.vat"
        )
        number = str(module.compact(module.validate(text)))
        return text[:2] + (number[2:] if number[:2] == text[:2] else number)
    except Exception:  # an unknown country prefix or a stdnum ValidationError
        raise PydanticCustomError(
            "number",
            "'{value}' is not a valid EU VAT (BTW) number; it starts with the country code "
            "and the digits must check out (example: NL123456782B01)",
            {"value": str(value)},
        ) from None


Vat = Annotated[str, BeforeValidator(_check_vat)]
Iban = Annotated[
    str, BeforeValidator(_stdnum("iban", "IBAN", "NL91 ABNA 0417 1643 00 (mod-97 checked)"))
]
Bic = Annotated[str, BeforeValidator(_stdnum("bic", "BIC", "ABNANL2A"))]
Brin = Annotated[str, BeforeValidator(_stdnum("nl.brin", "BRIN school number", "05KO"))]


def _territories() -> Any:
    from .. import catalogue

    return catalogue.countries()


def check_country(value: Any) -> str:
    text = str(value)
    if text.upper() in ("EEA", "EUROPE") or text == UNSTATED:
        return text.upper() if text != UNSTATED else text
    upper = text.upper()
    if len(upper) != 2 or upper not in _territories():
        raise PydanticCustomError(
            "country",
            "'{value}' is not an ISO 3166-1 alpha-2 country code; write e.g. NL, DE or US "
            "(or EEA when it is somewhere in the EEA, Europe when a statement says only "
            "'in Europe', or unstated)",
            {"value": text},
        )
    return upper


Country = Annotated[str, BeforeValidator(check_country)]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


def _check_email(value: Any) -> str:
    text = str(value)
    if not _EMAIL.match(text):
        raise PydanticCustomError(
            "email",
            "'{value}' is not an e-mail address (example: privacy@example.nl)",
            {"value": text},
        )
    return text


Email = Annotated[str, BeforeValidator(_check_email)]


def _check_phone(value: Any) -> str:
    import phonenumbers

    text = str(value)
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise PydanticCustomError(
            "phone",
            "'{value}' is not a phone number; write it in international form "
            "(example: +31 20 123 4567) or as a Dutch number (020 123 4567)",
            {"value": text},
        )
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


Phone = Annotated[str, BeforeValidator(_check_phone)]


def _check_url(value: Any) -> str:
    text = str(value)
    if not re.match(r"^(https?://|mailto:)\S+$", text):
        raise PydanticCustomError(
            "url",
            "'{value}' is not a web address; start it with https:// (or mailto:)",
            {"value": text},
        )
    return text


Url = Annotated[str, BeforeValidator(_check_url)]

Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = ("nl", "en")


class Text(BaseModel):
    """Text in Dutch and English. A plain string is used for both languages."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nl: str | None = None
    en: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"nl": value, "en": value}
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Text:
        if not self.nl and not self.en:
            raise PydanticCustomError(
                "text",
                "give the text in nl and/or en, e.g. {example}",
                {"example": "{nl: Naam, en: Name}"},
            )
        return self

    def get(self, lang: str) -> str:
        """The text in ``lang``, or in the other language when it has none."""
        value = getattr(self, lang) if lang in LANGS else None
        return value or self.en or self.nl or ""

    def has(self, lang: str) -> bool:
        return bool(getattr(self, lang) if lang in LANGS else self.en)
