"""Admin tokens get a scope: ``admin`` (everything, as every token was before) or
``app`` (the applications' API only: consent and restrictions, for a web shop).

Revision ID: 0004
Revises: 0003
Created: 2026-12-05 14:00:00

Existing tokens keep opening everything (``admin``). SQLite adds the column with its
CHECK constraint in place (``ALTER TABLE … ADD COLUMN``), so the table is not rebuilt.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_CHECK = "ck_admin_tokens_token_scope"
_VALUES = "scope IN ('admin', 'app')"


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE admin_tokens ADD COLUMN scope VARCHAR(32) DEFAULT 'admin' NOT NULL"
            f" CONSTRAINT {_CHECK} CHECK ({_VALUES})"
        )
        return
    op.add_column(
        "admin_tokens",
        sa.Column("scope", sa.String(length=32), nullable=False, server_default="admin"),
    )
    op.create_check_constraint(op.f(_CHECK), "admin_tokens", _VALUES)


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        # SQLite drops a column only when no constraint names it: rebuild the table.
        with op.batch_alter_table("admin_tokens") as batch:
            batch.drop_constraint(op.f(_CHECK), type_="check")
            batch.drop_column("scope")
        return
    op.drop_constraint(op.f(_CHECK), "admin_tokens", type_="check")
    op.drop_column("admin_tokens", "scope")
