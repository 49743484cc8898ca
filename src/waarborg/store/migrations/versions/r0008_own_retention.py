"""Indexes for the sweep of Waarborg's own data (``store.sweep``): it deletes letters
sent more than 30 days ago, link tokens used more than 7 days ago and rate-limit
windows that ended more than a day ago, each by a range on one time column.

Revision ID: 0008
Revises: 0007
Created: 2026-12-20 10:00:00

Indexes only: no table is rebuilt and no row changes.
"""

from __future__ import annotations

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_index("ix_outbox_status_sent_at", "outbox", ["status", "sent_at"], unique=False)
    op.create_index(op.f("ix_tokens_used_at"), "tokens", ["used_at"], unique=False)
    op.create_index("ix_rate_limits_window_start", "rate_limits", ["window_start"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_rate_limits_window_start", table_name="rate_limits")
    op.drop_index(op.f("ix_tokens_used_at"), table_name="tokens")
    op.drop_index("ix_outbox_status_sent_at", table_name="outbox")
