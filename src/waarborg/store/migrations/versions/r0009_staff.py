"""Each member of staff's own choices, and the notices staff were sent.

Revision ID: 0009
Revises: 0008
Created: 2026-12-22 10:00:00

``admin_tokens`` gets three columns: ``language`` (``nl`` or ``en``; NULL until
chosen, which reads as Dutch), ``email`` (where their notices go; NULL: none) and
``notices_off`` (the kinds of notices they turned off; ``[]`` for every token that
exists). SQLite adds them in place (``ALTER TABLE … ADD COLUMN``, the CHECK on the
language inline), so the table is not rebuilt. ``staff_notices`` is a new table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None

TIME = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_CHECK = "ck_admin_tokens_staff_language"
_LANGUAGES = "language IN ('nl', 'en')"


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE admin_tokens ADD COLUMN language VARCHAR(2)"
            f" CONSTRAINT {_CHECK} CHECK ({_LANGUAGES})"
        )
        op.execute("ALTER TABLE admin_tokens ADD COLUMN email VARCHAR(320)")
        op.execute("ALTER TABLE admin_tokens ADD COLUMN notices_off JSON DEFAULT '[]' NOT NULL")
    else:
        op.add_column("admin_tokens", sa.Column("language", sa.String(length=2), nullable=True))
        op.create_check_constraint(op.f(_CHECK), "admin_tokens", _LANGUAGES)
        op.add_column("admin_tokens", sa.Column("email", sa.String(length=320), nullable=True))
        op.add_column(
            "admin_tokens",
            sa.Column("notices_off", JSON, nullable=False, server_default=sa.text("'[]'")),
        )
    op.create_table(
        "staff_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "complaint",
                "review",
                "breach",
                "deadline",
                name="staff_notice_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("details", JSON, nullable=False),
        sa.Column("told", JSON, nullable=False),
        sa.Column("fallback", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_notices")),
        sa.UniqueConstraint("key", name=op.f("uq_staff_notices_key")),
    )
    op.create_index(
        op.f("ix_staff_notices_created_at"), "staff_notices", ["created_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_staff_notices_created_at"), table_name="staff_notices")
    op.drop_table("staff_notices")
    if op.get_context().dialect.name == "sqlite":
        # SQLite drops a column only when no constraint names it: rebuild the table.
        with op.batch_alter_table("admin_tokens") as batch:
            batch.drop_constraint(op.f(_CHECK), type_="check")
            batch.drop_column("notices_off")
            batch.drop_column("email")
            batch.drop_column("language")
        return
    op.drop_constraint(op.f(_CHECK), "admin_tokens", type_="check")
    op.drop_column("admin_tokens", "notices_off")
    op.drop_column("admin_tokens", "email")
    op.drop_column("admin_tokens", "language")
