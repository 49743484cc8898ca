"""The words Waarborg writes, as data, and the one way to look them up.

Every sentence a person reads (the statement, the cookie declaration, the register,
the letters, the privacy centre and the admin) lives in YAML files, one per part and
language: ``i18n/<lang>/<part>.yaml``. A translator edits those files; no Python is
involved. A file's name is the first part of every key in it: ``statement.yaml``
holds ``statement.sections.rights``. Placeholders are written ``{name}``, as in
Python's ``str.format``; both languages of a key carry the same placeholders
(``tests/test_wording.py`` checks every key, its type and its placeholders).

There is one lookup, :func:`t` (a sentence) and :func:`tree` (a part, for code that
walks it), and one fallback: a key missing in a language is taken from the other one
and logged, except when ``WAARBORG_STRICT_WORDING`` is set (the test suite sets it),
where it raises :class:`WordingError`. A key missing in both raises everywhere.

Dates, numbers, amounts and lists are formatted by Babel in the reader's locale
(:func:`format_date`, :func:`format_list`...): Dutch as in the Netherlands, English as
in Europe (``7 December 2026``, never ``December 7, 2026``).
"""

from __future__ import annotations

import os
import string
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from babel import Locale

__all__ = [
    "LANGUAGES",
    "WordingError",
    "catalogue",
    "format_currency",
    "format_date",
    "format_datetime",
    "format_list",
    "format_number",
    "keys",
    "locale",
    "placeholders",
    "t",
    "tree",
]

#: The languages Waarborg writes in; the first is the default.
LANGUAGES = ("nl", "en")
#: The locale Babel formats each language in.
_LOCALES = {"nl": "nl_NL", "en": "en_GB"}
_HERE = Path(__file__).resolve().parent
_STRICT = "WAARBORG_STRICT_WORDING"


class WordingError(LookupError):
    """A key that is not in the wording, or a language Waarborg does not write."""


def _language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise WordingError(f"unknown language {lang!r}; use one of: {', '.join(LANGUAGES)}")
    return lang


@cache
def catalogue(lang: str) -> dict[str, Any]:
    """All of ``lang``'s words: each file's content under its name."""
    folder = _HERE / _language(lang)
    return {path.stem: _part(lang, path.stem) for path in sorted(folder.glob("*.yaml"))}


@cache
def _part(lang: str, name: str) -> dict[str, Any] | None:
    """The words of one file, ``i18n/<lang>/<name>.yaml`` (None when there is none).

    A lookup reads only the file its key names, so a command that words findings does
    not read the letters or the admin's words."""
    path = _HERE / _language(lang) / f"{name}.yaml"
    if not name.isidentifier() or not path.is_file():
        return None
    from .. import filecache

    content = filecache.parsed(path, "yaml", _yaml)
    if not isinstance(content, dict):
        raise WordingError(f"{path}: a wording file holds keys and their words")
    return content


def _yaml(data: bytes) -> Any:
    """A wording file's words (kept parsed in the cache folder: ``waarborg.filecache``)."""
    import yaml  # here, not above: a command that words nothing does not load YAML

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(data.decode("utf-8"), Loader=loader)


def _find(key: str, lang: str) -> Any:
    first, _, rest = key.partition(".")
    node: Any = _part(lang, first)
    if node is None:
        raise KeyError(key)
    for part in rest.split(".") if rest else ():
        if not isinstance(node, dict) or part not in node:
            raise KeyError(key)
        node = node[part]
    return node


def _other(lang: str) -> str:
    return "en" if lang == "nl" else "nl"


def tree(key: str, lang: str) -> Any:
    """The words under ``key`` in ``lang``: a sentence, a list, or a part (a dict)."""
    try:
        return _find(key, _language(lang))
    except KeyError:
        pass
    if os.environ.get(_STRICT, "").strip().lower() not in ("", "0", "false", "no"):
        raise WordingError(f"{key!r} has no words in {lang!r} (i18n/{lang}/*.yaml)")
    try:
        found = _find(key, _other(lang))
    except KeyError:
        raise WordingError(f"{key!r} has no words in any language") from None
    import logging  # here, not on every command's start-up path

    logging.getLogger(__name__).error(
        "wording: %r has no words in %r; the other language's are used", key, lang
    )
    return found


def t(key: str, lang: str, /, **values: Any) -> str:
    """The sentence ``key`` in ``lang``, its placeholders filled with ``values``."""
    found = tree(key, lang)
    if not isinstance(found, str):
        raise WordingError(f"{key!r} is not one sentence but {type(found).__name__}")
    return found.format(**values) if values else found


def placeholders(sentence: str) -> set[str]:
    """The names of the placeholders in ``sentence`` (``{name}`` -> ``name``)."""
    return {
        field.split(".")[0].split("[")[0]
        for _, field, _, _ in string.Formatter().parse(sentence)
        if field
    }


def keys(node: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Each leaf under ``node`` with its dotted key (a list counts as one leaf)."""
    if isinstance(node, dict):
        for name, value in node.items():
            yield from keys(value, f"{prefix}.{name}" if prefix else str(name))
    else:
        yield prefix, node


# --- formatting in the reader's locale ----------------------------------------------


def locale(lang: str) -> Locale:
    """Babel's locale for ``lang``."""
    return _locale(_language(lang))


@cache
def _locale(lang: str) -> Locale:
    from babel import Locale  # here, not above: Babel is loaded by what formats

    return Locale.parse(_LOCALES[lang])


def format_date(value: date, lang: str, form: str = "long") -> str:
    """``7 december 2026`` / ``7 December 2026`` (``form``: Babel's short, medium, long)."""
    from babel.dates import format_date as _babel_date

    return _babel_date(value, format=form, locale=locale(lang))


def format_datetime(value: datetime, lang: str, tz: str = "Europe/Amsterdam") -> str:
    """A moment as read in the Netherlands: ``7 december 2026 14:05`` (Amsterdam time)."""
    from zoneinfo import ZoneInfo

    from babel.dates import format_date as _babel_date
    from babel.dates import format_time as _babel_time

    local = value.astimezone(ZoneInfo(tz)) if value.tzinfo is not None else value
    day = _babel_date(local, format="long", locale=locale(lang))
    return f"{day} {_babel_time(local, format='HH:mm', locale=locale(lang))}"


def format_list(
    items: Iterable[str], lang: str, style: Literal["standard", "or"] = "standard"
) -> str:
    """``a, b en c`` / ``a, b and c``; ``style="or"`` for ``of`` / ``or``."""
    values = [item for item in items if item]
    # the patterns are CLDR's as Babel joins them (babel.lists.format_list), kept as
    # words (i18n/<lang>/lists.yaml) so that a list does not load Babel's locale data
    patterns: dict[str, str] = tree(f"lists.{style}", lang)
    if len(values) < 2:
        return values[0] if values else ""
    if len(values) == 2:
        return patterns["2"].format(*values)
    result = patterns["start"].format(values[0], values[1])
    for value in values[2:-1]:
        result = patterns["middle"].format(result, value)
    return patterns["end"].format(result, values[-1])


def format_number(value: int | float | Decimal, lang: str) -> str:
    """``1.234,5`` / ``1,234.5``."""
    from babel.numbers import format_decimal as _babel_decimal

    return _babel_decimal(value, locale=locale(lang))


def format_currency(value: int | float | Decimal, lang: str, currency: str = "EUR") -> str:
    """``€ 1.234,50`` / ``€1,234.50``."""
    from babel.numbers import format_currency as _babel_currency

    return _babel_currency(value, currency, locale=locale(lang))
