"""The published statement in the privacy centre (Art. 12(1), 5(2)).

Once a version has been published (``waarborg publish``, or "Publish" in the admin),
``/{lang}/privacy`` serves the current version exactly as it was kept, and lists every
version with its date; each one stays readable at ``/{lang}/privacy/versions/{number}``,
an earlier one marked as such with the date until which it held. Before the first
publication the statement page renders the live declaration as it always did
(``centre.statement``).

A stored page carries its own inline style, as every rendered statement does; the
page's Content-Security-Policy allows exactly those styles by their hashes, and still no
script.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path
from markupsafe import escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ... import i18n
from ...publication import VersionInfo, Versions
from ..errors import ApiError
from ..pages import environment
from ..security import CONTENT_SECURITY_POLICY
from ..state import web
from ..wording import LANGS

__all__ = ["current_statement", "page_response", "router"]

router = APIRouter(tags=["privacy centre"])

_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_LangPath = Annotated[str, Path(json_schema_extra={"enum": list(LANGS)})]
_NumberPath = Annotated[str, Path(max_length=12, description="The version's number")]


def page_response(html: str, *, framed: bool = False) -> HTMLResponse:
    """``html`` as a response whose policy allows its inline styles by their hashes.
    ``framed``: the admin may show it in a frame of its own pages."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode() + "'"
        for style in _STYLE.findall(html)
    )
    policy = CONTENT_SECURITY_POLICY.replace("style-src 'self'", f"style-src 'self' {hashes}")
    headers = {"Content-Security-Policy": policy}
    if framed:
        headers["Content-Security-Policy"] = policy.replace(
            "frame-ancestors 'none'", "frame-ancestors 'self'"
        )
        headers["X-Frame-Options"] = "SAMEORIGIN"
    return HTMLResponse(html, headers=headers)


def _parts(lang: str) -> Any:
    """The macros of ``statement_versions.html.j2``, with the words of ``lang``."""

    def word(key: str, **values: Any) -> Any:
        found = i18n.tree(key, lang)
        return found.format(**values) if values and isinstance(found, str) else found

    return environment().get_template("statement_versions.html.j2").make_module({"word": word})


def _with_versions(
    html: str, versions: Sequence[VersionInfo], shown: VersionInfo, lang: str
) -> str:
    """The stored page ``html`` of version ``shown``, with which version it is and the
    list of all versions (newest first), also in its table of contents."""
    parts = _parts(lang)
    current = versions[0]
    later = [v for v in versions if v.number == shown.number + 1]
    until: datetime | None = later[0].published_at if later else None
    note = str(parts.note(shown, current, until, lang))
    html = html.replace("</head>", str(parts.style()) + "</head>", 1)
    if shown.number == current.number and "</header>" in html:
        html = html.replace("</header>", "</header>\n" + note, 1)
    else:
        html = html.replace("<main>", "<main>\n" + note, 1)
    entry = f'<li><a href="#versions">{escape(i18n.t("statement_versions.title", lang))}</a></li>'
    html = html.replace("</ol>\n</nav>", entry + "\n</ol>\n</nav>", 1)
    return html.replace("</main>", str(parts.section(versions, shown, lang)) + "</main>", 1)


def current_statement(request: Request, lang: str) -> Response | None:
    """The current published version in ``lang`` with the list of versions; None before
    the first publication."""
    versions = Versions(web(request).database)
    listed = versions.list()
    if not listed:
        return None
    html = versions.page(listed[0].number, lang)
    if html is None:
        return None
    return page_response(_with_versions(html, listed, listed[0], lang))


@router.get(
    "/{lang}/privacy/versions/{number}",
    response_class=HTMLResponse,
    summary="A published version of the privacy statement",
)
def version(request: Request, lang: _LangPath, number: _NumberPath) -> Response:
    """Version ``number`` of the statement as it was published, with the date until
    which it held and the way to the current one."""
    if lang not in LANGS or not number.isdigit():
        raise ApiError(404, "not found")
    versions = Versions(web(request).database)
    listed = versions.list()
    shown = next((v for v in listed if v.number == int(number)), None)
    html = versions.page(shown.number, lang) if shown is not None else None
    if shown is None or html is None:
        raise ApiError(404, "not found")
    return page_response(_with_versions(html, listed, shown, lang))
