"""Art. 19 notices given through a processor's connector get their own channel,
``processor``, and keep the processor's answer as data (``answer``), so staff and the
letter read it in their own language.

Revision ID: 0012
Revises: 0011
Created: 2026-12-07 18:30:00

Notices a connector gave before were stored as staff tasks: those it closed itself
(``done_by`` ``connector:<datastore>``) and those it left open for staff with its
answer as the note (``through the <name> connector (<datastore>): ...``) move to
``processor``; their answer stays in the note, as it was. The channel's CHECK
constraint takes the new value; SQLite rebuilds the table for it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | None = None
depends_on: str | None = None

_CHECK = "ck_recipient_notices_notice_channel"
_NEW = "channel IN ('email', 'staff', 'processor')"
_OLD = "channel IN ('email', 'staff')"
_MOVED = (
    "UPDATE recipient_notices SET channel = 'processor' WHERE channel = 'staff' "
    "AND (done_by LIKE 'connector:%' OR note LIKE 'through the % connector (%')"
)


def _table(channels: str, *, answer: bool) -> sa.Table:
    """The table as it stands before a step, for SQLite's rebuild when the SQL is only
    printed (``waarborg db upgrade --sql``) and there is no database to read it from."""
    columns: list[Any] = [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=100), nullable=False),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("categories", JSON, nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=True),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(length=128), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
    ]
    if answer:
        columns.append(sa.Column("answer", JSON, nullable=True))
    return sa.Table(
        "recipient_notices",
        sa.MetaData(),
        *columns,
        sa.CheckConstraint(channels, name=_CHECK),
        sa.CheckConstraint(
            "status IN ('queued', 'open', 'done')", name="ck_recipient_notices_notice_status"
        ),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox.id"],
            name="fk_recipient_notices_outbox_id_outbox",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name="fk_recipient_notices_request_id_requests",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_recipient_notices"),
        sa.UniqueConstraint("public_id", name="uq_recipient_notices_public_id"),
        sa.UniqueConstraint("request_id", "recipient", name="uq_recipient_notices_request_id"),
        sa.Index("ix_recipient_notices_outbox_id", "outbox_id"),
        sa.Index("ix_recipient_notices_request_id", "request_id"),
        sa.Index("ix_recipient_notices_status", "status"),
    )


def _batch(channels: str, *, answer: bool) -> dict[str, Any]:
    if context.is_offline_mode():
        return {"copy_from": _table(channels, answer=answer)}
    return {}


def _constraint(values: str, before: str, *, answer: bool) -> None:
    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table(
            "recipient_notices", recreate="always", **_batch(before, answer=answer)
        ) as batch:
            batch.drop_constraint(op.f(_CHECK), type_="check")
            batch.create_check_constraint(op.f(_CHECK), sa.text(values))
        return
    op.drop_constraint(op.f(_CHECK), "recipient_notices", type_="check")
    op.create_check_constraint(op.f(_CHECK), "recipient_notices", sa.text(values))


def upgrade() -> None:
    _constraint(_NEW, _OLD, answer=False)
    op.add_column("recipient_notices", sa.Column("answer", JSON, nullable=True))
    op.execute(_MOVED)


def downgrade() -> None:
    op.execute("UPDATE recipient_notices SET channel = 'staff' WHERE channel = 'processor'")
    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table(
            "recipient_notices", recreate="always", **_batch(_NEW, answer=True)
        ) as batch:
            batch.drop_column("answer")
    else:
        op.drop_column("recipient_notices", "answer")
    _constraint(_OLD, _NEW, answer=False)
