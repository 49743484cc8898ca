"""Art. 19 notices: one row per request and recipient of the data it changed, an
e-mail queued in the outbox or a task for staff until they mark it done.

Revision ID: 0005
Revises: 0004
Created: 2026-12-07 10:00:00

A new table only; nothing that exists changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

TIME = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        "recipient_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=100), nullable=False),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("categories", JSON, nullable=False),
        sa.Column("channel", _enum("notice_channel", "email", "staff"), nullable=False),
        sa.Column("status", _enum("notice_status", "queued", "open", "done"), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=True),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("done_at", TIME, nullable=True),
        sa.Column("done_by", sa.String(length=128), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox.id"],
            name=op.f("fk_recipient_notices_outbox_id_outbox"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_recipient_notices_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recipient_notices")),
        sa.UniqueConstraint("public_id", name=op.f("uq_recipient_notices_public_id")),
        sa.UniqueConstraint(
            "request_id", "recipient", name=op.f("uq_recipient_notices_request_id")
        ),
    )
    op.create_index(
        op.f("ix_recipient_notices_outbox_id"), "recipient_notices", ["outbox_id"], unique=False
    )
    op.create_index(
        op.f("ix_recipient_notices_request_id"), "recipient_notices", ["request_id"], unique=False
    )
    op.create_index("ix_recipient_notices_status", "recipient_notices", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_recipient_notices_status", table_name="recipient_notices")
    op.drop_index(op.f("ix_recipient_notices_request_id"), table_name="recipient_notices")
    op.drop_index(op.f("ix_recipient_notices_outbox_id"), table_name="recipient_notices")
    op.drop_table("recipient_notices")
