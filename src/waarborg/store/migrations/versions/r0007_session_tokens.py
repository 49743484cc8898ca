"""Two more purposes of a one-time token: ``session`` (an admin page session, which
logging out ends on the server) and ``complaint`` (the link that confirms the address
of a complaint made in the privacy centre, before anything else is sent to it).

Revision ID: 0007
Revises: 0005
Created: 2026-12-07 04:00:00

Only the CHECK constraint on ``tokens.purpose`` changes. SQLite rebuilds the table
for it (batch mode); PostgreSQL replaces the constraint in place. Downgrading deletes
the tokens of the two purposes first: sessions end, and unconfirmed complaints lapse.
"""

from __future__ import annotations

from alembic import op

revision: str = "0007"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

_NAME = "token_purpose"
_BEFORE = ("verify", "download", "confirm", "unsubscribe", "status")
_AFTER = (*_BEFORE, "session", "complaint")


def _check(values: tuple[str, ...]) -> str:
    return "purpose IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def _replace(values: tuple[str, ...]) -> None:
    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table("tokens", recreate="always") as batch:
            batch.drop_constraint(op.f(f"ck_tokens_{_NAME}"), type_="check")
            batch.create_check_constraint(_NAME, _check(values))
        return
    op.drop_constraint(op.f(f"ck_tokens_{_NAME}"), "tokens", type_="check")
    op.create_check_constraint(_NAME, "tokens", _check(values))


def upgrade() -> None:
    _replace(_AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM tokens WHERE purpose IN ('session', 'complaint')")
    _replace(_BEFORE)
