"""The cookies: a summary for the statement, and the cookie declaration with one
table per kind of cookie (Tw art. 11.7a)."""

from __future__ import annotations

from ..document import Block, Cell, Para, Sub, Table
from ..model import Cookie
from ..wording import expiry_words, join, text
from .context import Context, full_stop, lower_first

__all__ = ["cookie_declaration", "cookies"]


def cookies(c: Context) -> list[Block]:
    if not c.d.cookies:
        return []
    blocks: list[Block] = [Para(c.t("cookies_intro"))]
    categories = _cookie_categories(c)
    if categories:
        names = [lower_first(c.w["cookie_category"][k]) for k in categories]
        blocks.append(Para(c.t("cookies_used", items=join(names, c.lang))))
    if any(cookie.consent == "asked" for cookie in c.d.cookies.values()):
        blocks.append(Para(c.t("cookies_consent")))
    blocks.append(Para(c.t("cookies_link")))
    return blocks


def cookie_declaration(c: Context) -> list[Block]:
    if not c.d.cookies:
        return []
    blocks: list[Block] = [Para(c.t("cookie_declaration_intro"))]
    headers = list(c.w["cookie_headers"])
    for category in _cookie_categories(c):
        rows = [
            _cookie_row(c, cookie) for cookie in c.d.cookies.values() if cookie.category == category
        ]
        title = c.w["cookie_category"][category]
        blocks.append(
            Sub(
                f"cookies-{category}",
                title,
                [
                    Para(c.w["cookie_category_intro"][category]),
                    Table(title, headers, rows, code_first=True),
                ],
            )
        )
    other = [_cookie_row(c, cookie) for cookie in c.d.cookies.values() if cookie.category is None]
    if other:
        blocks.append(Table("", headers, other, code_first=True))
    return blocks


def _cookie_categories(c: Context) -> list[str]:
    seen: list[str] = []
    for cookie in c.d.cookies.values():
        if cookie.category and cookie.category not in seen:
            seen.append(cookie.category)
    order = list(c.w["cookie_category"])
    return sorted(seen, key=order.index)


def _cookie_row(c: Context, cookie: Cookie) -> list[Cell]:
    provider = cookie.provider or ""
    if provider in c.d.recipients:
        provider = c.recipient(provider)
    name = cookie.name if cookie.name and cookie.name != "unstated" else ""
    if name and cookie.pattern:
        name += "*"
    consent = c.w["consent"].get(cookie.consent, "")
    return [
        name,
        provider if provider != "unstated" else "",
        full_stop(text(cookie.purpose, c.lang)),
        expiry_words(cookie.expiry, c.lang),
        str(consent),
    ]
