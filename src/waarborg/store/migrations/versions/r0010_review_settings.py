"""Review per right: staff choose on the admin page which rights wait for their
approval before anything is carried out; the choice overrides ``WAARBORG_REVIEW``.

Revision ID: 0010
Revises: 0009
Created: 2027-01-11 10:00:00

A new table only; nothing that exists changes. A right without a row follows the
setting, so an upgraded store behaves as before until staff choose.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

TIME = sa.DateTime(timezone=True)

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None

_KINDS = (
    "access",
    "portability",
    "erasure",
    "rectification",
    "restriction",
    "objection",
    "withdraw_consent",
)


def upgrade() -> None:
    op.create_table(
        "review_settings",
        sa.Column(
            "kind",
            sa.Enum(
                *_KINDS, name="review_kind", native_enum=False, create_constraint=True, length=32
            ),
            nullable=False,
        ),
        sa.Column("review", sa.Boolean(), nullable=False),
        sa.Column("changed_at", TIME, nullable=False),
        sa.Column("changed_by", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_review_settings")),
    )


def downgrade() -> None:
    op.drop_table("review_settings")
