"""Server-rendered pages: the Jinja2 templates, the words, dates and the language.

``render`` builds an HTML response from a template with everything a page needs:
``t()`` for the words of its part in the page's language (``word()`` by a full key),
``form_error()`` for a form field's error, ``csrf()`` for a form's token (which also
sets the CSRF cookie), the organisation and the link to the other language.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from .. import i18n
from . import address_wording
from .security import csrf_token, set_pending_cookies
from .state import web
from .wording import LANGS, lookup

__all__ = ["environment", "pick_language", "render"]

ZONE = ZoneInfo("Europe/Amsterdam")


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("waarborg.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = _date
    env.filters["datetime"] = _datetime
    return env


def _date(value: datetime | None, lang: str) -> str:
    if value is None:
        return ""
    return i18n.format_date(value.astimezone(ZONE), lang)


def _datetime(value: datetime | str | None, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return i18n.format_datetime(value, lang)


def pick_language(request: Request) -> str:
    """The language the browser prefers of ``nl`` and ``en`` (Accept-Language); Dutch
    when it names neither."""
    best, best_q = "nl", -1.0
    for position, part in enumerate(request.headers.get("accept-language", "").split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower().split("-")[0]
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        q -= position / 1000  # earlier wins a tie
        if tag in LANGS and q > best_q:
            best, best_q = tag, q
    return best


def _self_url(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def _switch_url(request: Request, lang: str, other: str) -> str:
    """The same page in the other language: the path's language swapped, or ``lang=``."""
    path = request.url.path
    if path.startswith(f"/{lang}/"):
        return f"/{other}/" + path[len(lang) + 2 :]
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    params.append(("lang", other))
    return path + "?" + urlencode(params)


def render(
    request: Request,
    template: str,
    *,
    lang: str,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
    part: str = "centre",
    **context: Any,
) -> HTMLResponse:
    """The page ``template`` in ``lang``; its ``t()`` looks words up in ``part``
    (``i18n/<lang>/<part>.yaml``)."""
    shared = web(request)
    controller = shared.declaration.controller
    other = "en" if lang == "nl" else "nl"

    def t(key: str, **values: Any) -> Any:
        return lookup(lang, key, part=part, **values)

    def word(key: str, **values: Any) -> Any:
        """Words by their full key (``admin.nav.requests``), in any part."""
        found = i18n.tree(key, lang)
        return found.format(**values) if values and isinstance(found, str) else found

    def csrf() -> str:
        return csrf_token(request, shared.key)

    def form_error(key: str, of: str = part) -> str:
        """A form's error sentence: an address's (``addresses``) or ``<of>.errors.<key>``."""
        return address_wording.form_error(lang, key, of)

    context.setdefault("switch_url", _switch_url(request, lang, other))
    context.setdefault("action", _self_url(request))
    html = (
        environment()
        .get_template(template)
        .render(
            t=t,
            word=word,
            lang=lang,
            other_lang=other,
            org=controller.name,
            org_email=(shared.declaration.rights.email if shared.declaration.rights else None)
            or controller.email,
            csrf=csrf,
            form_error=form_error,
            **context,
        )
    )
    response = HTMLResponse(html, status_code=status, headers=headers)
    set_pending_cookies(request, response, secure=shared.https)
    return response
