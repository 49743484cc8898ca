"""Facts about the statement itself: its title, its version and the date it took effect."""

from __future__ import annotations

import datetime as dt
import re

from ._context import Context

__all__ = ["statement"]

_MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10,
    "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_WORDS = re.compile(
    r"(?:laatst\s+(?:aangepast|gewijzigd|bijgewerkt|herzien)|bijgewerkt|gewijzigd|"
    r"aangepast|versie|datum|ingangsdatum|geld(?:ig|t)\s+(?:vanaf|per|sinds)|applies\s+from|in\s+effect\s+from|effective\s+from|in\s+werking|"
    r"van\s+kracht|opgesteld|last\s+(?:updated|modified|revised|changed)|updated|"
    r"effective|version|date|dated)\b",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"\b(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>(?:19|20)\d{2})\b")
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_WRITTEN = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:e|ste|de|st|nd|rd|th)?\s+(?P<m>{_MONTH})\.?\s+(?P<y>(?:19|20)\d{{2}})\b",
    re.I,
)
_MONTH_FIRST = re.compile(
    rf"\b(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I
)
_MONTH_ONLY = re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<y>(?:19|20)\d{{2}})\b", re.I)
_TITLE = re.compile(r"privacy|cookie|gegevensbescherming|data protection|AVG|GDPR", re.I)


def _date(text: str) -> dt.date | str | None:
    for pattern in (_ISO, _NUMERIC, _WRITTEN, _MONTH_FIRST):
        match = pattern.search(text)
        if match:
            month = match.group("m")
            number = int(month) if month.isdigit() else _MONTHS[month.lower()]
            try:
                return dt.date(int(match.group("y")), number, int(match.group("d")))
            except ValueError:
                continue
    match = _MONTH_ONLY.search(text)
    if match:
        return f"{match.group('y')}-{_MONTHS[match.group('m').lower()]:02d}"
    return None


# "Versie 0.1", "Versie: 1.0", "Version 2.3 (1 May 2024)": the statement's version,
# given as a label at the start of a line, or in a sentence about the statement itself.
_VERSION_LABEL = re.compile(
    r"^\s*(?:versie(?:nummer)?|version(?: number)?|document ?versie|document version)\s*:?\s*"
    r"v?(?P<version>\d{1,3}(?:\.\d{1,3}){0,2})\b(?![.,/-]\d)",
    re.IGNORECASE,
)
_VERSION_SAID = re.compile(
    r"\b(?:privacyverklaring|privacybeleid|privacystatement|verklaring|statement|policy)\b"
    r"[^.]{0,40}?\b(?:versie|version)\s+v?(?P<version>\d{1,3}(?:\.\d{1,3}){1,2})\b(?![.,/-]\d)",
    re.IGNORECASE,
)


_VERSION_CELL = re.compile(r"^\s*(?:versie|version)\s*:?\s*$", re.IGNORECASE)
_VERSION_VALUE = re.compile(r"^\s*v?(?P<version>\d{1,3}(?:\.\d{1,3}){0,2})\s*$")


def _version(ctx: Context) -> None:
    for index, sentence in enumerate(ctx.sentences):
        if len(sentence.text) > 200:
            continue
        found = _VERSION_LABEL.match(sentence.text) or _VERSION_SAID.search(sentence.text)
        if found is not None:
            ctx.put(("statement", "version"), found.group("version"), sentence, "statement.version")
            return
        # "Versie | 1.0" in a table, or "Versie:" over its number.
        if _VERSION_CELL.match(sentence.text) and index + 1 < len(ctx.sentences):
            value = _VERSION_VALUE.match(ctx.sentences[index + 1].text)
            if value is not None:
                where = [sentence, ctx.sentences[index + 1]]
                ctx.put(
                    ("statement", "version"), value.group("version"), where, "statement.version"
                )
                return


def statement(ctx: Context) -> None:
    _languages(ctx)
    _version(ctx)
    for sentence in ctx.sentences:
        if not _DATE_WORDS.search(sentence.text) or len(sentence.text) > 200:
            continue
        found = _date(sentence.text)
        if isinstance(found, dt.date):
            ctx.put(("statement", "effective"), found, sentence, "statement.effective")
            break
        if isinstance(found, str):
            ctx.put(("statement", "effective_month"), found, sentence, "statement.effective_month")
            break
    else:
        ctx.silent(("statement", "effective"), "effective")
    title = ctx.text.title
    for sentence in ctx.sentences[:3]:
        if title:
            break
        if ctx.is_heading(sentence) and _TITLE.search(sentence.text):
            ctx.put(("statement", "title"), {ctx.lang: sentence.text}, sentence, "statement.title")
            return
    if title:
        for sentence in ctx.sentences[:5]:
            if sentence.text.strip() == title.strip():
                ctx.put(
                    ("statement", "title"), {ctx.lang: sentence.text}, sentence, "statement.title"
                )
                return


def _languages(ctx: Context) -> None:
    """The language the statement is written in is the one it is published in: without
    it the declaration would mean both of Waarborg's languages, and every text of the
    draft would lack its translation. The evidence is the statement's first sentence."""
    if ctx.lang in ("nl", "en") and ctx.sentences:
        ctx.put(("statement", "languages"), [ctx.lang], ctx.sentences[0], "statement.languages")
