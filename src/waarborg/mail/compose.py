"""Build emails from the Dutch and English templates in ``mail/templates``.

Each letter is written once, as plain text: ``templates/{lang}/{name}.txt.j2``, with
its subject in ``{% set subject = ... %}``. The HTML alternative is made from that
text (paragraphs, bulleted lists and links), so both parts always say the same.
Dates are shown in the organisation's time zone, in the letter's language, formatted by
``waarborg.i18n``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.policy import EmailPolicy, Policy
from email.policy import default as _default
from email.utils import format_datetime, make_msgid
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup, escape

from .. import clock, i18n
from ..errors import MailError

__all__ = ["LANGS", "POLICY", "Rendered", "compose", "from_text", "render", "text_to_html"]

LANGS = i18n.LANGUAGES
_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]]")


#: Headers whose values repeat from letter to letter (the sender, the MIME parts'
#: types): each value is parsed once, and the parsed header, which is never changed
#: after it is made, shared by every message that holds it.
_REPEATING = frozenset(
    {
        "from",
        "reply-to",
        "auto-submitted",
        "mime-version",
        "content-type",
        "content-transfer-encoding",
        "content-language",
    }
)
#: How many parsed values are kept before the cache starts again (a multipart
#: ``Content-Type`` holds a random boundary, so some values never come back).
_KEPT = 256


def _fold_once(self: BaseHeader, *, policy: Policy) -> str:
    """The header as it is written in a message under ``policy``, folded once per
    header and way of folding (line length, line ending, UTF-8: what the standard
    library's folding reads of the policy): a header's value never changes after it is
    made, and a repeating header (``_REPEATING``) is written in every letter."""
    key = (policy.max_line_length, policy.linesep, getattr(policy, "utf8", False))
    folded: dict[tuple[Any, ...], str] = self.__dict__.setdefault("_folded", {})
    text = folded.get(key)
    if text is None:
        text = folded[key] = BaseHeader.fold(self, policy=policy)
    return text


class _Headers(HeaderRegistry):
    """The standard library's header registry, but building each header's class once
    (its own builds a new class for every header it parses, about a third of the time
    it takes to make a letter), and parsing a repeating header's value once."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type[BaseHeader]] = {}
        self._parsed: dict[tuple[str, str], BaseHeader] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            parsed = super().__getitem__(name)
            made = self._made[key] = type(parsed.__name__, (parsed,), {"fold": _fold_once})
        return made

    def __call__(self, name: str, value: Any) -> BaseHeader:
        if name.lower() not in _REPEATING or not isinstance(value, str):
            return self[name](name, value)
        key = (name, value)
        parsed = self._parsed.get(key)
        if parsed is None:
            if len(self._parsed) >= _KEPT:
                self._parsed.clear()
            parsed = self._parsed[key] = self[name](name, value)
        return parsed


#: ``email.policy.default`` with ``_Headers``: the same messages, made faster.
POLICY: EmailPolicy[EmailMessage] = _default.clone(header_factory=_Headers())


@dataclass(frozen=True)
class Rendered:
    """A letter rendered in one language: its subject and both bodies."""

    subject: str
    text: str
    html: str


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("waarborg.mail", "templates"),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment


def _date(value: date | datetime, lang: str, zone: str) -> str:
    """``6 augustus 2033`` / ``6 August 2033``: a moment as the day it is in ``zone``."""
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(zone)).date()
    return i18n.format_date(value, lang)


def _datetime(value: datetime, lang: str, zone: str) -> str:
    """``6 augustus 2033 14:05`` / ``6 August 2033 14:05``, in ``zone``."""
    return i18n.format_datetime(value, lang, tz=zone)


def _linkify(text: str) -> Markup:
    out: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        out.append(str(escape(text[last : match.start()])))
        url = escape(match.group(0))
        out.append(f'<a href="{url}">{url}</a>')
        last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def text_to_html(text: str) -> list[Markup]:
    """The blocks of a plain-text letter as HTML: ``<p>`` per paragraph, ``<ul>`` for
    paragraphs whose lines all start with "- ", and links for URLs."""
    blocks: list[Markup] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = paragraph.splitlines()
        if lines and all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{_linkify(line[2:])}</li>" for line in lines)
            blocks.append(Markup(f"<ul>{items}</ul>"))
        else:
            blocks.append(Markup("<p>" + "<br>\n".join(_linkify(line) for line in lines) + "</p>"))
    return blocks


def render(name: str, lang: str, context: Mapping[str, Any], *, zone: str) -> Rendered:
    """Render letter ``name`` in ``lang`` with ``context``; dates in time zone ``zone``."""
    if lang not in LANGS:
        raise MailError(f"no letters in language {lang!r}; use one of {', '.join(LANGS)}")
    environment = _environment()
    values = {
        **context,
        "lang": lang,
        "date": lambda value: _date(value, lang, zone),
        "datetime": lambda value: _datetime(value, lang, zone),
    }
    try:
        template = environment.get_template(f"{lang}/{name}.txt.j2")
    except jinja2.TemplateNotFound:
        raise MailError(f"no letter {name!r} in {lang}") from None
    module = template.make_module(values)
    subject = " ".join(str(getattr(module, "subject", "")).split())
    if not subject:
        raise MailError(f"letter {name!r} ({lang}) sets no subject")
    text = re.sub(r"\n{3,}", "\n\n", str(module)).strip() + "\n"
    html = environment.get_template("layout.html.j2").render(
        lang=lang, subject=subject, blocks=text_to_html(text)
    )
    return Rendered(subject=subject, text=text, html=html)


def from_text(subject: str, text: str, lang: str) -> Rendered:
    """A letter written elsewhere (words from ``waarborg.i18n``), with its HTML
    alternative made from its text as ``render`` makes it."""
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    html = (
        _environment()
        .get_template("layout.html.j2")
        .render(lang=lang, subject=subject, blocks=text_to_html(text))
    )
    return Rendered(subject=" ".join(subject.split()), text=text, html=html)


def compose(
    rendered: Rendered,
    *,
    sender: str,
    to: str,
    lang: str,
    reply_to: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    """A MIME message (text with an HTML alternative) ready to send."""
    message = EmailMessage(policy=POLICY)
    message["Subject"] = rendered.subject
    message["From"] = sender
    message["To"] = to
    if reply_to:
        message["Reply-To"] = reply_to
    message["Date"] = format_datetime(clock.now())
    domain = sender.rpartition("@")[2].strip(" >") or None
    message["Message-ID"] = make_msgid(domain=domain)
    # RFC 3834: a machine sent it; auto-responders should not answer.
    message["Auto-Submitted"] = "auto-generated"
    for key, value in (headers or {}).items():
        message[key] = value
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    message["Content-Language"] = lang  # after the content: set_content drops Content-*
    return message
