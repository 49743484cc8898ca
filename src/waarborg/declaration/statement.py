"""Build the privacy statement and the cookie declaration as documents.

The statement's sections come in a fixed order, each built by one function of
``sections``; a section with nothing to say is left out, and the others are numbered.
What the declaration records as ``unstated`` is left out rather than presented as a
fact. The cookie declaration is the statement's last section, and also a document of
its own.
"""

from __future__ import annotations

from collections.abc import Callable

from .document import Block, Document, Para, Section, Span
from .model import Declaration
from .sections import (
    controller,
    cookies,
    data,
    protection,
    purposes,
    recipients,
    retention,
    rights,
)
from .sections.context import Context, declared, full_stop
from .wording import text

__all__ = ["build_cookie_declaration", "build_statement"]


def _changes(c: Context) -> list[Block]:
    """How changes to the statement are announced, where the current version is, and
    since when this one holds."""
    statement = c.d.statement
    spans: list[Span] = []
    if statement.changes is not None:
        spans.append(
            Span(full_stop(text(statement.changes, c.lang)), declared(("statement", "changes")))
        )
    if statement.url is not None:
        spans.append(Span(c.t("changes_url", url=statement.url), declared(("statement", "url"))))
    blocks: list[Block] = [Para(spans)] if spans else []
    blocks.extend(Para([s]) for s in c.subtitle())
    return blocks


#: The sections of the statement in order: the key of their title, and their builder.
_SECTIONS: tuple[tuple[str, Callable[[Context], list[Block]]], ...] = (
    ("controller", controller.controller),
    ("data", data.data),
    ("purposes", purposes.purposes),
    ("automated", purposes.automated),
    ("recipients", recipients.recipients),
    ("transfers", recipients.transfers),
    ("retention", retention.retention),
    ("cookies", cookies.cookies),
    ("newsletter", rights.newsletter),
    ("rights", rights.rights),
    ("complaints", rights.complaints),
    ("children", protection.children),
    ("security", protection.security),
    ("changes", _changes),
    ("cookie-declaration", cookies.cookie_declaration),
)


def build_statement(declaration: Declaration, lang: str) -> Document:
    """The privacy statement in ``lang``, with the cookie declaration as its last section."""
    c = Context(declaration, lang)
    sections = []
    for key, build in _SECTIONS:
        blocks = build(c)
        if blocks:
            sections.append(Section(key, c.w["sections"][key], blocks))
    return Document(
        lang=lang,
        title=c.title(),
        subtitle=c.subtitle(),
        intro=Span(
            c.t("intro", name=declaration.controller.name), declared(("controller", "name"))
        ),
        sections=sections,
        toc_title=c.t("toc"),
    )


def build_cookie_declaration(declaration: Declaration, lang: str) -> Document:
    """The cookie declaration on its own, in ``lang``."""
    c = Context(declaration, lang)
    blocks = cookies.cookie_declaration(c)
    return Document(
        lang=lang,
        title=c.t("cookie_title_of", name=declaration.controller.name),
        subtitle=c.subtitle("cookie_effective"),
        intro=None,
        sections=[Section("cookie-declaration", "", blocks)] if blocks else [],
        toc=False,
    )
