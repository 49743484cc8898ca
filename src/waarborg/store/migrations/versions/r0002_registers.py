"""The worker's schedule: one row per job with the last tick a worker claimed.

The complaint and breach registers use the ``complaints`` and ``breaches`` tables of
the initial schema as they are.

Revision ID: 0002
Revises: 0001
Created: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

TIME = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "worker_schedule",
        sa.Column("job", sa.String(length=64), nullable=False),
        sa.Column("tick_at", TIME, nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=True),
        sa.Column("lease_until", TIME, nullable=True),
        sa.Column("started_at", TIME, nullable=True),
        sa.Column("finished_at", TIME, nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "running",
                "done",
                "failed",
                name="worker_schedule_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("result", JSON, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("job", name=op.f("pk_worker_schedule")),
    )


def downgrade() -> None:
    op.drop_table("worker_schedule")
