"""The audit log as a hash chain.

Every entry carries a sequence number, the time, the actor, the action, its subject
(such as a request's public id), data as canonical JSON, and the hash of the entry
before it. Its own hash is SHA-256 over the canonical serialisation of all of these::

    sha256(json([seq, at, actor, action, subject, data, prev_hash]))

where ``json`` writes compact JSON with sorted keys, ``at`` is ISO 8601 in UTC with
microseconds, and ``data`` is the stored JSON text. The first entry points back to
64 zeros. The one-row table ``audit_head`` holds the last sequence number and hash.

Entries are chained as their transaction commits: the session collects them, and
just before the commit takes the head row (an UPDATE, which locks the row on
PostgreSQL and takes the write lock on SQLite), so concurrent writers line up and
no two entries share a number; numbers, times and hashes are given in that order,
the entries inserted in one statement and the head moved once. Three statements per
transaction, however many entries, and the head is held only while committing. The
entries and the head commit or roll back together.

Rows that go with the entries (a request's events) can be handed over with
``at_commit``: they are written at the same moment, the rows of one statement in one
multi-row ``INSERT``. On PostgreSQL those rows, the entries and the head's new hash go
to the server as one statement (data-modifying ``WITH`` clauses), so a transaction's
whole record costs two round trips, however many events and entries it holds.

``verify`` recomputes the chain and reports every entry that was edited, deleted,
inserted or moved, and a head that does not match.

A chain only proves itself consistent: someone able to rewrite every entry and
the head can forge a new one, or delete the last entries and move the head back.
``checkpoint`` pins it from outside the database: a checkpoint names an entry's
number and hash, and ``verify(pins=...)`` finds that entry with that hash, and the
chain from it to the head (``truncated`` and ``rewritten`` problems).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import PurePath
from typing import Any, cast
from uuid import UUID

from sqlalchemy import Insert, Table, Update, bindparam, event, insert, select, union_all, update
from sqlalchemy.orm import Session, SessionTransaction

from .. import clock
from ..errors import StoreError
from ..store.models import AuditEntry, AuditHead

__all__ = [
    "GENESIS",
    "ChainProblem",
    "Pin",
    "append",
    "at_commit",
    "canonical_json",
    "entry_hash",
    "head",
    "trail",
    "verify",
]

#: The hash the first entry points back to.
GENESIS = "0" * 64

#: Where a session keeps the entries appended in its transaction, until it commits.
_PENDING = "waarborg.audit.pending"
#: Where a session keeps the rows to write with them (``at_commit``), by statement.
_WRITES = "waarborg.audit.writes"


@dataclass(frozen=True)
class ChainProblem:
    """One place where the chain does not hold. ``seq`` is None for the head."""

    seq: int | None
    kind: str  # edited | missing | broken_link | head | truncated | rewritten | checkpoint
    message: str

    def __str__(self) -> str:
        if self.kind == "checkpoint":
            return self.message
        where = "head" if self.seq is None else f"entry {self.seq}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Pin:
    """An entry known from outside the database (a checkpoint): its number and hash,
    and where that knowledge comes from, for the messages."""

    seq: int
    hash: str
    source: str


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise TypeError(f"naive datetime {value!r} in audit data")
        return _time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, UUID | PurePath):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not allowed in audit data")


def canonical_json(value: Any) -> str:
    """Compact JSON with sorted keys: one text for one value."""
    return json.dumps(
        value,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=_default,
    )


def _time(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    subject: str | None,
    data: str,
    prev_hash: str,
) -> str:
    """The SHA-256 hash of one entry (``data`` is its canonical JSON text)."""
    text = canonical_json([seq, _time(at), actor, action, subject, data, prev_hash])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _hash_of(entry: AuditEntry) -> str:
    return entry_hash(
        entry.seq, entry.at, entry.actor, entry.action, entry.subject, entry.data, entry.prev_hash
    )


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    subject: str | None = None,
    data: Mapping[str, Any] | Sequence[Any] | None = None,
) -> AuditEntry:
    """Append one entry in the session's transaction; it is kept when that commits,
    and gets its number, time and hashes then (``seq``, ``at``, ``hash``).

    On SQLite, call it in a ``Database.write()`` session (``BEGIN IMMEDIATE``), so the
    write lock is held from the start and the commit never waits for it.
    """
    entry = AuditEntry(
        actor=actor,
        action=action,
        subject=subject,
        data=canonical_json({} if data is None else data),
    )
    session.info.setdefault(_PENDING, []).append(entry)
    return entry


def at_commit(
    session: Session, statement: Insert | Update, row: Mapping[str, Any] | None = None
) -> None:
    """Run ``statement`` at the commit of the session's transaction, just before its
    audit entries are written: an ``INSERT`` of one table without values, with ``row``,
    goes in one multi-row ``INSERT`` with the other rows given to that statement; a
    statement without ``row`` (holding its values) runs as it is. For writes nothing
    reads before the transaction ends, that must be kept exactly when its entries are
    (a request's events, its status): they commit or roll back together, in the order
    given.
    """
    rows = session.info.setdefault(_WRITES, {}).setdefault(statement, [])
    rows.append(dict(row) if row is not None else {})


_HEAD_TABLE = cast(Table, AuditHead.__table__)
#: The head moved on by ``n`` entries, returning where it was moved to.
_MOVE = (
    update(_HEAD_TABLE)
    .where(_HEAD_TABLE.c.id == 1)
    .values(seq=_HEAD_TABLE.c.seq + bindparam("n"))
    .returning(_HEAD_TABLE.c.seq, _HEAD_TABLE.c.hash)
)
_HEAD_TO = update(_HEAD_TABLE).where(_HEAD_TABLE.c.id == 1)
_HEAD = _HEAD_TO.values(hash=bindparam("head_hash"))
_INSERT = insert(cast(Table, AuditEntry.__table__))


#: Multi-row INSERTs built once per statement, columns, number of rows and name.
_SHAPES: dict[tuple[Insert, tuple[str, ...], int, str], Insert] = {}


def _rows(
    statement: Insert, rows: Sequence[Mapping[str, Any]], name: str, params: dict[str, Any]
) -> Insert:
    """``statement`` inserting ``rows`` in one statement, its values put in ``params``.

    An ``INSERT ... SELECT`` of one ``SELECT`` of bound parameters per row (``UNION
    ALL``), built once per shape: SQLAlchemy caches the compiled form of that, not of a
    multi-row ``VALUES`` (which it compiles again at every execution)."""
    columns = tuple(rows[0])
    key = (statement, columns, len(rows), name)
    built = _SHAPES.get(key)
    table = statement.table
    if built is None:
        selects = [
            select(
                *(
                    bindparam(f"{name}_{n}_{column}", type_=table.c[column].type)
                    for column in columns
                )
            )
            for n in range(len(rows))
        ]
        built = statement.from_select(
            columns, selects[0] if len(selects) == 1 else union_all(*selects)
        )
        if len(_SHAPES) < 256:
            _SHAPES[key] = built
    for n, row in enumerate(rows):
        for column in columns:
            params[f"{name}_{n}_{column}"] = row[column]
    return built


@event.listens_for(Session, "before_commit")
def _chain(session: Session) -> None:
    """Write the rows handed to ``at_commit``, then number, time and hash the
    session's entries in order, after the head; at the commit of the whole
    transaction, not of a savepoint inside it."""
    if session.in_nested_transaction():
        return
    writes: dict[Insert | Update, list[dict[str, Any]]] | None = session.info.pop(_WRITES, None)
    pending: list[AuditEntry] | None = session.info.pop(_PENDING, None)
    if not pending and not writes:
        return
    # What the session holds is written first, as the first statement would have
    # flushed it: rows are locked in the same order as before, the head last.
    session.flush()
    # Core statements on the session's connection: the ORM's bulk paths cost more than
    # the statements themselves.
    connection = session.connection()
    together = connection.dialect.name == "postgresql"
    if writes and not (together and pending):
        for statement, rows in writes.items():
            connection.execute(statement, rows if isinstance(statement, Insert) else None)
        writes = None
    if not pending:
        return
    moved = connection.execute(_MOVE, {"n": len(pending)}).one_or_none()
    if moved is None:
        raise StoreError("the audit log has no head row; run 'waarborg db upgrade'")
    last, prev_hash = moved
    at = clock.now()  # taken with the head, so times never go back along the chain
    for seq, entry in enumerate(pending, start=last - len(pending) + 1):
        entry.seq, entry.at, entry.prev_hash = seq, at, prev_hash
        entry.hash = prev_hash = _hash_of(entry)
    # One INSERT of every entry (the entries stay plain objects holding their number,
    # time and hashes).
    entries = [
        {
            "seq": entry.seq,
            "at": entry.at,
            "actor": entry.actor,
            "action": entry.action,
            "subject": entry.subject,
            "data": entry.data,
            "prev_hash": entry.prev_hash,
            "hash": entry.hash,
        }
        for entry in pending
    ]
    if together:
        # One statement: the rows handed over, the entries, the head's new hash. Its
        # parts are built once per shape (``_rows``), so SQLAlchemy compiles it once.
        params: dict[str, Any] = {"head_hash": prev_hash}
        ctes = []
        for n, (statement, rows) in enumerate((writes or {}).items()):
            if isinstance(statement, Insert):
                ctes.append(_rows(statement, rows, f"w{n}", params).cte(f"written_{n}"))
            else:
                ctes.append(statement.cte(f"written_{n}"))
        ctes.append(_rows(_INSERT, entries, "e", params).cte("entries"))
        connection.execute(_HEAD.add_cte(*ctes), params)
        return
    connection.execute(_INSERT, entries)
    connection.execute(_HEAD, {"head_hash": prev_hash})


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    """Entries of a transaction that ends without committing are not kept, nor the
    rows handed over with them."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_WRITES, None)


def head(session: Session) -> tuple[int, str]:
    """The last sequence number and its hash (0 and GENESIS for an empty log), as
    committed: entries appended in this session count once it commits."""
    query = select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)
    row = session.execute(query).one_or_none()
    if row is None:
        raise StoreError("the audit log has no head row; run 'waarborg db upgrade'")
    return int(row[0]), str(row[1])


def trail(session: Session, subject: str) -> list[AuditEntry]:
    """Every entry about one subject, oldest first."""
    query = select(AuditEntry).where(AuditEntry.subject == subject).order_by(AuditEntry.seq)
    return list(session.scalars(query))


def trail_json(session: Session, subject: str) -> list[dict[str, Any]]:
    """The trail of one subject as plain data, for the admin API and pages: sequence
    number, time, actor, action, data and hash of each entry."""
    return [
        {
            "seq": e.seq,
            "at": e.at.isoformat(),
            "actor": e.actor,
            "action": e.action,
            "data": json.loads(e.data),
            "hash": e.hash,
        }
        for e in trail(session, subject)
    ]


def verify(
    session: Session,
    *,
    batch: int = 1000,
    pins: Iterable[Pin] = (),
    start: Pin | None = None,
) -> list[ChainProblem]:
    """Recompute the chain; an empty list means it is intact.

    Each of ``pins`` must be found: its entry, with its hash (else ``rewritten``), and
    not beyond the last entry (else ``truncated``). With ``start``, only the chain from
    that pinned entry to the head is walked (what a new checkpoint adds to the last).
    """
    problems: list[ChainProblem] = []
    wanted: dict[int, list[Pin]] = {}
    for pin in [*pins, *([start] if start is not None else [])]:
        if pin.seq > 0:
            wanted.setdefault(pin.seq, []).append(pin)
    expected, prev = 1, GENESIS
    query = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch)
    if start is not None and start.seq > 0:
        expected, prev = start.seq, ""
        query = query.where(AuditEntry.seq >= start.seq)
    for entry in session.scalars(query):
        if entry.seq > expected:
            missing = (
                f"entry {expected} is"
                if entry.seq == expected + 1
                else f"entries {expected} to {entry.seq - 1} are"
            )
            problems.append(ChainProblem(entry.seq, "missing", f"{missing} missing before it"))
        if prev and entry.prev_hash != prev:
            problems.append(
                ChainProblem(
                    entry.seq,
                    "broken_link",
                    "does not point at the entry before it: an entry before it was removed, "
                    "changed or moved",
                )
            )
        if _hash_of(entry) != entry.hash:
            problems.append(
                ChainProblem(entry.seq, "edited", "its content does not match its hash")
            )
        for pin in wanted.pop(entry.seq, ()):
            if pin.hash != entry.hash:
                problems.append(
                    ChainProblem(
                        entry.seq,
                        "rewritten",
                        f"its hash is not the one {pin.source} recorded: the log was "
                        "rewritten up to this entry",
                    )
                )
        expected, prev = entry.seq + 1, entry.hash
        session.expunge(entry)
    last = expected - 1
    for seq, found in sorted(wanted.items()):
        for pin in found:
            if seq > last:
                problems.append(
                    ChainProblem(
                        seq,
                        "truncated",
                        f"{pin.source} names entry {seq}, but the log ends at entry {last}: "
                        "entries at the end were removed",
                    )
                )
            else:
                problems.append(
                    ChainProblem(
                        seq,
                        "rewritten",
                        f"{pin.source} names this entry, but it is missing: the log was "
                        "rewritten up to it",
                    )
                )
    head_seq, head_hash = head(session)
    if head_seq != last:
        problems.append(
            ChainProblem(
                None,
                "head",
                f"the head says the log has {head_seq} entries, but the last is {last}: "
                "entries at the end were removed"
                if head_seq > last
                else f"the head says the log has {head_seq} entries, but the last is {last}",
            )
        )
    elif head_hash != prev and prev:
        problems.append(
            ChainProblem(None, "head", f"the head's hash does not match entry {last}'s hash")
        )
    return problems
