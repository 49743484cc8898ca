"""The cookie banner as a script for the organisation's website, and its Global Privacy
Control statement.

``GET /consent.js`` is ``scripts/consent.js`` (no dependencies, no build step) with
the banner's configuration written into it: the categories asked about and those that
need no consent, their words in Dutch and English (the banner's own in
``i18n/<lang>/banner.yaml``; the categories' from the cookie declaration's words), the
banner version, whether the request carried ``Sec-GPC: 1``, and Google Consent Mode's
signals per declared category (``consent/google.py``). Websites on other
origins load it, so it is served with ``Cross-Origin-Resource-Policy: cross-origin``.

``GET /.well-known/gpc.json`` says the organisation honours GPC signals. The spec
wants it on the website's own origin: copy it there, or proxy the path
(docs/consent.md).
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ... import i18n
from ...consent.cookies import Banner
from ...consent.google import consent_mode
from ...declaration.model import Declaration
from ..state import web
from .consent_state import parts

__all__ = ["router", "script"]

router = APIRouter(tags=["cookie banner"])

_CSS = (
    ".wbg{position:fixed;z-index:2147483647;left:1rem;right:1rem;bottom:1rem;max-width:40rem;"
    "margin:0 auto;background:#fff;color:#111;border:2px solid #111;border-radius:.5rem;"
    "padding:1rem 1.25rem;font:16px/1.5 system-ui,sans-serif;box-shadow:0 4px 24px #0004}"
    ".wbg h2{font-size:1.2rem;margin:0 0 .5rem}.wbg p{margin:.5rem 0}.wbg a{color:#0645ad}"
    ".wbg fieldset{border:0;margin:.5rem 0;padding:0}.wbg legend{font-weight:700}"
    ".wbg label{font-weight:600}.wbg small{display:block;margin:0 0 .5rem 1.6rem}"
    ".wbg-b{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.75rem}"
    ".wbg button,.wbg-open{font:inherit;padding:.5rem 1rem;border:2px solid #111;"
    "border-radius:.25rem;background:#111;color:#fff;cursor:pointer}"
    ".wbg button.wbg-s{background:#fff;color:#111}"
    ".wbg-open{position:fixed;left:1rem;bottom:1rem;z-index:2147483646;font:14px system-ui,"
    "sans-serif;padding:.25rem .75rem}"
    ".wbg :focus-visible,.wbg-open:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}"
)


@cache
def _source() -> str:
    return files("waarborg.web").joinpath("scripts/consent.js").read_text("utf-8")


def _config(declaration: Declaration, found: Banner, base_url: str, *, gpc: bool) -> dict[str, Any]:
    langs = [lang for lang in declaration.statement.languages if lang in i18n.LANGUAGES] or ["nl"]
    org = declaration.controller.name
    return {
        "api": base_url,
        "version": found.version,
        "gpc": gpc,
        "langs": langs,
        "link": {lang: f"{base_url}/{lang}/privacy#cookie-declaration" for lang in langs},
        "asked": [
            {
                "key": c.key,
                "label": dict(c.label),
                "text": dict(c.description),
                "cookies": list(c.cookies),
            }
            for c in found.asked
        ],
        "free": [c.key for c in found.free],
        "labels": {
            c.key: {"key": c.key, "label": dict(c.label), "text": dict(c.description)}
            for c in found.free
        },
        "words": {
            lang: {k: str(v).format(org=org) for k, v in i18n.tree("banner", lang).items()}
            for lang in langs
        },
        "css": _CSS,
        "gcm": consent_mode(declaration, found),
    }


def script(declaration: Declaration, found: Banner, base_url: str, *, gpc: bool) -> str:
    """The whole script for one organisation, with its configuration in it."""
    config = json.dumps(
        _config(declaration, found, base_url, gpc=gpc), ensure_ascii=False, separators=(",", ":")
    )
    return _source().replace("/*CONFIG*/", config, 1)


@router.get(
    "/consent.js",
    summary="The cookie banner for the organisation's website",
    response_class=Response,
    responses={200: {"content": {"text/javascript": {}}}},
)
async def consent_js(request: Request) -> Response:
    shared = web(request)
    gpc = request.headers.get("sec-gpc", "").strip() == "1"
    cache_key = f"waarborg_consent_js_{int(gpc)}"
    body: str | None = getattr(request.app.state, cache_key, None)
    if body is None:
        body = script(shared.declaration, parts(request).banner, shared.settings.base_url, gpc=gpc)
        setattr(request.app.state, cache_key, body)
    return Response(
        body,
        media_type="text/javascript; charset=utf-8",
        headers={
            "Cache-Control": "public, max-age=300",
            "Vary": "Sec-GPC",
            "Cross-Origin-Resource-Policy": "cross-origin",
        },
    )


@router.get("/.well-known/gpc.json", summary="Global Privacy Control support")
async def gpc_json(request: Request) -> JSONResponse:
    effective = web(request).declaration.statement.effective
    body: dict[str, Any] = {"gpc": True}
    if effective is not None:
        body["lastUpdate"] = effective.isoformat()
    return JSONResponse(
        body,
        headers={
            "Cache-Control": "public, max-age=86400",
            "Access-Control-Allow-Origin": "*",
            "Cross-Origin-Resource-Policy": "cross-origin",
        },
    )
