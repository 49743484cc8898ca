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

import sqlalchemy as sa
from alembic import op
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


def _constraint(values: str) -> None:
    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table("recipient_notices", recreate="always") as batch:
            batch.drop_constraint(op.f(_CHECK), type_="check")
            batch.create_check_constraint(op.f(_CHECK), sa.text(values))
        return
    op.drop_constraint(op.f(_CHECK), "recipient_notices", type_="check")
    op.create_check_constraint(op.f(_CHECK), "recipient_notices", sa.text(values))


def upgrade() -> None:
    _constraint(_NEW)
    op.add_column("recipient_notices", sa.Column("answer", JSON, nullable=True))
    op.execute(_MOVED)


def downgrade() -> None:
    op.execute("UPDATE recipient_notices SET channel = 'staff' WHERE channel = 'processor'")
    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table("recipient_notices", recreate="always") as batch:
            batch.drop_column("answer")
    else:
        op.drop_column("recipient_notices", "answer")
    _constraint(_OLD)
