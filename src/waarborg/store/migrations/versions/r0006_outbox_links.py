"""Letters' links are made when they are sent, and delivery is recorded per recipient.

Revision ID: 0006
Revises: 0005
Created: 2026-12-09 10:00:00

``outbox.links`` names the reserved tokens whose placeholders a queued message holds
(the tokens are made at delivery, so a queued letter holds no live link);
``outbox.deliveries`` records, per recipient, whether the mail server accepted the
message, so an accepted recipient is never sent it again. Both are added in place
(``ALTER TABLE … ADD COLUMN``), so no table is rebuilt.

Messages already sent or given up held their links' live tokens: their bodies are
emptied here, as every message is from now on once it is sent. Messages still queued
keep theirs until they are sent. The ``.eml`` files an outbox folder already holds are
not touched by a migration: delete them (docs/requests.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

#: An empty body, in each dialect's words.
_EMPTY = {"sqlite": "X''", "postgresql": "'\\x'::bytea"}


def upgrade() -> None:
    for name in ("links", "deliveries"):
        op.add_column(
            "outbox", sa.Column(name, JSON, nullable=False, server_default=sa.text("'{}'"))
        )
    empty = _EMPTY[op.get_context().dialect.name]
    op.execute(f"UPDATE outbox SET message = {empty} WHERE status <> 'queued'")


def downgrade() -> None:
    op.drop_column("outbox", "deliveries")
    op.drop_column("outbox", "links")
