"""Two more purposes of a one-time token: ``session`` (an admin page session, which
logging out ends on the server) and ``complaint`` (the link that confirms the address
of a complaint made in the privacy centre, before anything else is sent to it).

Revision ID: 0007
Revises: 0006
Created: 2026-12-07 04:00:00

Only the CHECK constraint on ``tokens.purpose`` changes. SQLite rebuilds the table
for it (batch mode, from the table as revision 0005 left it, so ``waarborg db upgrade
--sql`` can print it without a database); PostgreSQL replaces the constraint in place.
Downgrading deletes the tokens of the two purposes first: sessions end, and
unconfirmed complaints lapse.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

_NAME = "token_purpose"
_BEFORE = ("verify", "download", "confirm", "unsubscribe", "status")
_AFTER = (*_BEFORE, "session", "complaint")


def _check(values: tuple[str, ...]) -> str:
    return "purpose IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def _tokens() -> sa.Table:
    """The table ``tokens`` as revision 0005 left it, spelled out, without the CHECK on
    its purposes: the batch copies the rows into this table with the new CHECK."""
    naming = {
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
    metadata = sa.MetaData(naming_convention=naming)
    sa.Table("requests", metadata, sa.Column("id", sa.Integer(), primary_key=True))
    return sa.Table(
        "tokens",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column(
            "request_id",
            sa.Integer(),
            sa.ForeignKey("requests.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("subject", sa.String(length=320), nullable=True),
        sa.Column("data", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Index("ix_tokens_expires_at", "expires_at"),
        sa.Index("ix_tokens_request_id", "request_id"),
    )


def _replace(values: tuple[str, ...]) -> None:
    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table("tokens", recreate="always", copy_from=_tokens()) as batch:
            batch.create_check_constraint(_NAME, _check(values))
        return
    op.drop_constraint(op.f(f"ck_tokens_{_NAME}"), "tokens", type_="check")
    op.create_check_constraint(_NAME, "tokens", _check(values))


def upgrade() -> None:
    _replace(_AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM tokens WHERE purpose IN ('session', 'complaint')")
    _replace(_BEFORE)
