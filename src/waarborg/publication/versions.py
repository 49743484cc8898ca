"""What would be published from a declaration, and the published versions in the store.

``prepare`` renders the statement (with the cookie declaration as its last section) and
the cookie declaration on its own, in every language the privacy centre serves, after
the same gate as ``waarborg render``: a declaration the checker finds errors in on the
statement is refused (``NotPublishable``); it is never published as final.

``Versions.publish`` keeps a new version when what would be published differs from the
current one, and otherwise keeps nothing and says which version it already is. Every new
version writes an audit entry in the same transaction, with the SHA-256 of each page, so
the audit chain shows when a version was published and that it was not changed after.
Versions are never changed or deleted (triggers in the store refuse it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import __version__, i18n
from ..audit import chain as audit
from ..declaration.lint import Finding
from ..declaration.model import Declaration
from ..declaration.publish import gate
from ..declaration.render import render_cookie_declaration, render_statement
from ..errors import NotFoundError
from ..store.db import Database
from ..store.models import StatementVersion
from .changes import Changes, changes
from .text import comparable_text

__all__ = ["Documents", "Published", "VersionInfo", "Versions", "declaration_hash", "prepare"]

#: What is added to the statement page where it is served: ``(html, lang) -> html``
#: (the privacy centre adds its own section).
Addition = Callable[[str, str], str]
#: How often a publication that met another one at the same moment is tried again.
_ATTEMPTS = 3


def declaration_hash(declaration: Declaration) -> str:
    """SHA-256 of the declaration as loaded, in canonical JSON: the same declaration
    gives the same hash whatever its comments, order of keys or layout."""
    content = json.dumps(
        declaration.model_dump(mode="json"),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Documents:
    """What would be published: each page per language, and the statement's text."""

    declaration_hash: str
    statement: dict[str, str]
    cookies: dict[str, str]
    text: dict[str, str]


def prepare(
    declaration: Declaration,
    *,
    findings: Sequence[Finding] | None = None,
    addition: Addition | None = None,
) -> Documents:
    """The statement and the cookie declaration as they would be published, in every
    language Waarborg writes. Raises ``NotPublishable`` when the checker finds errors
    on the statement (``findings``, when given, saves running it again)."""
    gate(declaration, draft=False, findings=findings)
    statement: dict[str, str] = {}
    cookies: dict[str, str] = {}
    text: dict[str, str] = {}
    for lang in i18n.LANGUAGES:
        page = render_statement(declaration, lang, "html")
        if addition is not None:
            page = addition(page, lang)
        statement[lang] = page
        cookies[lang] = render_cookie_declaration(declaration, lang, "html")
        text[lang] = comparable_text(page)
    return Documents(declaration_hash(declaration), statement, cookies, text)


@dataclass(frozen=True)
class VersionInfo:
    """A published version, without its pages."""

    number: int
    published_at: datetime
    published_by: str
    declaration_hash: str
    waarborg_version: str


@dataclass(frozen=True)
class Published:
    """What publishing came to: the version that is now current, and whether it is new
    (False: nothing differed from the current version, and nothing was kept)."""

    version: VersionInfo
    new: bool


def _info(row: StatementVersion) -> VersionInfo:
    return VersionInfo(
        row.number, row.published_at, row.published_by, row.declaration_hash, row.waarborg_version
    )


def _from_row(row: Any) -> VersionInfo:
    number, published_at, published_by, declaration_hash, waarborg_version = row
    return VersionInfo(number, published_at, published_by, declaration_hash, waarborg_version)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Versions:
    """The published versions of the statement in Waarborg's store."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def publish(self, documents: Documents, *, actor: str) -> Published:
        """Keep ``documents`` as the next version, unless they are what the current
        version already holds."""
        for _ in range(_ATTEMPTS - 1):
            try:
                return self._publish(documents, actor)
            except IntegrityError:
                continue  # another publication took the number at the same moment: look again
        return self._publish(documents, actor)

    def _publish(self, documents: Documents, actor: str) -> Published:
        with self.database.write() as session:
            current = session.scalar(
                select(StatementVersion).order_by(StatementVersion.number.desc()).limit(1)
            )
            if (
                current is not None
                and current.statement_html == documents.statement
                and current.cookies_html == documents.cookies
            ):
                return Published(_info(current), new=False)
            number = 1 if current is None else current.number + 1
            row = StatementVersion(
                number=number,
                published_by=actor,
                declaration_hash=documents.declaration_hash,
                waarborg_version=__version__[:32],
                statement_html=dict(documents.statement),
                cookies_html=dict(documents.cookies),
                text=dict(documents.text),
            )
            session.add(row)
            session.flush()
            audit.append(
                session,
                actor=actor,
                action="statement.published",
                subject=f"statement:{number}",
                data={
                    "number": number,
                    "declaration_hash": documents.declaration_hash,
                    "statement_sha256": {k: _sha256(v) for k, v in documents.statement.items()},
                    "cookies_sha256": {k: _sha256(v) for k, v in documents.cookies.items()},
                },
            )
            return Published(_info(row), new=True)

    def current(self) -> VersionInfo | None:
        """The version the privacy centre serves; None before the first publication."""
        with self.database.read() as session:
            row = session.execute(self._infos().limit(1)).first()
        return _from_row(row) if row is not None else None

    def list(self) -> list[VersionInfo]:
        """Every version, the newest first."""
        with self.database.read() as session:
            return [_from_row(row) for row in session.execute(self._infos())]

    def count(self) -> int:
        with self.database.read() as session:
            return int(session.scalar(select(func.count()).select_from(StatementVersion)) or 0)

    @staticmethod
    def _infos() -> Any:
        return select(
            StatementVersion.number,
            StatementVersion.published_at,
            StatementVersion.published_by,
            StatementVersion.declaration_hash,
            StatementVersion.waarborg_version,
        ).order_by(StatementVersion.number.desc())

    def page(self, number: int, lang: str, *, cookies: bool = False) -> str | None:
        """The statement (or the cookie declaration) of version ``number`` in ``lang``,
        as it was published; None when there is no such version or language."""
        column = StatementVersion.cookies_html if cookies else StatementVersion.statement_html
        with self.database.read() as session:
            pages = session.scalar(select(column).where(StatementVersion.number == number))
        if not pages:
            return None
        found = pages.get(lang)
        return found if isinstance(found, str) else None

    def info(self, number: int) -> VersionInfo | None:
        with self.database.read() as session:
            row = session.execute(self._infos().where(StatementVersion.number == number)).first()
        return _from_row(row) if row is not None else None

    def changes(self, number: int, lang: str) -> Changes | None:
        """What changed in the statement's text from the version before ``number`` to
        ``number``, in ``lang``; None for the first version. Raises ``NotFoundError``
        for a version that does not exist."""
        with self.database.read() as session:
            rows = session.execute(
                select(StatementVersion.number, StatementVersion.text)
                .where(StatementVersion.number.in_((number - 1, number)))
                .order_by(StatementVersion.number)
            ).all()
        texts = {n: t for n, t in rows}
        if number not in texts:
            raise NotFoundError(f"no version {number} of the statement")
        if number - 1 not in texts:
            return None
        return changes(str(texts[number - 1].get(lang, "")), str(texts[number].get(lang, "")))

    def differs(self, documents: Documents) -> bool:
        """Whether ``documents`` differ from the current version (True when there is none)."""
        with self.database.read() as session:
            current = session.execute(
                select(StatementVersion.statement_html, StatementVersion.cookies_html)
                .order_by(StatementVersion.number.desc())
                .limit(1)
            ).first()
        if current is None:
            return True
        return bool(current[0] != documents.statement or current[1] != documents.cookies)
