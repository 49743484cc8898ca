"""The cookies: a summary for the statement, and the cookie declaration with one
table per kind of cookie (Tw art. 11.7a)."""

from __future__ import annotations

from ..document import Block, Cell, Para, Source, Span, Sub, Table
from ..model import Cookie
from ..wording import expiry_words, join, text
from .context import Context, declared, full_stop, lower_first

__all__ = ["cookie_declaration", "cookies"]


def cookies(c: Context) -> list[Block]:
    if not c.d.cookies:
        if "cookies" in c.d.model_fields_set:  # `cookies: {}`: the statement says none
            return [Para.of(c.t("cookies_none"), declared(("cookies",)))]
        return []
    blocks: list[Block] = [Para.of(c.t("cookies_intro"), declared(("cookies",)))]
    categories = _cookie_categories(c)
    if categories:
        names = [lower_first(c.w["cookie_category"][k]) for k in categories]
        blocks.append(
            Para.of(
                c.t("cookies_used", items=join(names, c.lang)),
                c.of(*(("cookies", k, "category") for k, ck in c.d.cookies.items() if ck.category)),
            )
        )
    asked = [
        category
        for category in categories
        if all(ck.consent == "asked" for ck in c.d.cookies.values() if ck.category == category)
    ]
    if asked:
        keys = [k for k, ck in c.d.cookies.items() if ck.category in asked]
        names = [lower_first(c.w["cookie_category"][k]) for k in asked]
        blocks.append(
            Para(
                [
                    Span(
                        c.t("cookies_consent", items=join(names, c.lang)),
                        c.of(
                            *(("cookies", k, "consent") for k in keys),
                            *(("cookies", k, "category") for k in keys),
                        ),
                    ),
                    Span(c.t("cookies_withdraw"), c.law("art. 7(3) GDPR", "Tw art. 11.7a")),
                ]
            )
        )
    blocks.append(Para.of(c.t("cookies_link"), declared(("cookies",))))
    return blocks


def cookie_declaration(c: Context) -> list[Block]:
    if not c.d.cookies:
        return []
    blocks: list[Block] = [Para.of(c.t("cookie_declaration_intro"), declared(("cookies",)))]
    headers = list(c.w["cookie_headers"])
    for category in _cookie_categories(c):
        keys = [k for k, cookie in c.d.cookies.items() if cookie.category == category]
        title = c.w["cookie_category"][category]
        sub: list[Block] = [_table(c, title, headers, keys)]
        sub += _notes(c, keys)
        blocks.append(Sub(f"cookies-{category}", title, sub))
    other = [k for k, cookie in c.d.cookies.items() if cookie.category is None]
    if other:
        blocks.append(_table(c, "", headers, other))
        blocks += _notes(c, other)
    return blocks


def _table(c: Context, title: str, headers: list[str], keys: list[str]) -> Table:
    rows: list[list[Cell]] = []
    sources: list[Source] = []
    for key in keys:
        row, fields = _cookie_row(c, c.d.cookies[key])
        rows.append(row)
        sources.append(c.of(("cookies", key), *(("cookies", key, f) for f in fields)))
    return Table(title, headers, rows, sources, code_first=True)


def _notes(c: Context, keys: list[str]) -> list[Block]:
    notes = [
        note
        for key in keys
        if (note := c.catalogue_note(_name(c.d.cookies[key]) or key, "cookies", key)) is not None
    ]
    return [Para(notes)] if notes else []


def _cookie_categories(c: Context) -> list[str]:
    seen: list[str] = []
    for cookie in c.d.cookies.values():
        if cookie.category and cookie.category not in seen:
            seen.append(cookie.category)
    order = list(c.w["cookie_category"])
    return sorted(seen, key=order.index)


def _name(cookie: Cookie) -> str:
    name = cookie.name if cookie.name and cookie.name != "unstated" else ""
    return name + "*" if name and cookie.pattern else name


def _cookie_row(c: Context, cookie: Cookie) -> tuple[list[Cell], list[str]]:
    """The row of a cookie, and the fields it shows."""
    fields = []
    provider = cookie.provider or ""
    if provider in c.d.recipients:
        provider = c.recipient(provider)
    if provider == "unstated":
        provider = ""
    if provider:
        fields.append("provider")
    purpose = full_stop(text(cookie.purpose, c.lang))
    if purpose:
        fields.append("purpose")
    expiry = expiry_words(cookie.expiry, c.lang)
    if expiry:
        fields.append("expiry")
    elif cookie.expiry_criteria is not None:
        expiry = full_stop(text(cookie.expiry_criteria, c.lang))
        fields.append("expiry_criteria")
    consent = str(c.w["consent"].get(cookie.consent, "")) if cookie.consent else ""
    if consent:
        fields.append("consent")
    if cookie.category:
        fields.append("category")
    return [_name(cookie), provider, purpose, expiry, consent], fields
