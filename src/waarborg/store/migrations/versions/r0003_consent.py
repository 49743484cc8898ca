"""The consent ledger: a public id per event, the notices events refer to, and
triggers that keep the ledger append-only.

Revision ID: 0003
Revises: 0002
Created: 2026-12-05 11:00:00

``consents.event_id`` names an event in the API and lets a caller retry without
recording twice; rows already there get a random id. ``consent_notices`` keeps the
text behind each notice hash. The triggers refuse UPDATE and DELETE on ``consents``
(and TRUNCATE on PostgreSQL), so no code path can rewrite the ledger. A later
migration that rebuilds ``consents`` on SQLite (batch mode) must create them again.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import context, op

TIME = sa.DateTime(timezone=True)
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

#: 128 random bits in hex, for the events recorded before event ids existed.
_RANDOM = {
    "sqlite": "lower(hex(randomblob(16)))",
    "postgresql": "md5(random()::text || clock_timestamp()::text || id::text)",
}
_MESSAGE = "the consent ledger is append-only: record a new event instead"

_SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents
    BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END""",
    f"""CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents
    BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END""",
)
_POSTGRESQL_TRIGGERS = (
    f"""CREATE FUNCTION consents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{_MESSAGE}'; END $$""",
    """CREATE TRIGGER consents_no_change BEFORE UPDATE OR DELETE ON consents
    FOR EACH ROW EXECUTE FUNCTION consents_append_only()""",
    """CREATE TRIGGER consents_no_truncate BEFORE TRUNCATE ON consents
    FOR EACH STATEMENT EXECUTE FUNCTION consents_append_only()""",
)


def _consents(*, event_id: bool) -> sa.Table:
    """The consents table as revision 0001 made it (plus the new column, nullable), for
    SQLite's batch mode when printing SQL (``--sql``), where no table can be reflected."""
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    columns: list[sa.Column[Any]] = [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_key", sa.String(length=320), nullable=False),
        sa.Column("purpose", sa.String(length=100), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "given",
                "withdrawn",
                name="consent_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("notice_hash", sa.String(length=64), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=True),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    ]
    if event_id:
        columns.append(sa.Column("event_id", sa.String(length=64), nullable=True))
    return sa.Table(
        "consents",
        metadata,
        *columns,
        sa.PrimaryKeyConstraint("id", name="pk_consents"),
        sa.Index("ix_consents_purpose", "purpose"),
        sa.Index("ix_consents_subject_key_purpose_id", "subject_key", "purpose", "id"),
    )


def _batch(*, event_id: bool) -> dict[str, Any]:
    if context.is_offline_mode() and op.get_context().dialect.name == "sqlite":
        return {"copy_from": _consents(event_id=event_id)}
    return {}


def upgrade() -> None:
    with op.batch_alter_table("consents", **_batch(event_id=False)) as batch:
        batch.add_column(sa.Column("event_id", sa.String(length=64), nullable=True))
    dialect = op.get_context().dialect.name
    op.execute(f"UPDATE consents SET event_id = {_RANDOM[dialect]}")
    with op.batch_alter_table("consents", **_batch(event_id=True)) as batch:
        batch.alter_column("event_id", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(op.f("uq_consents_event_id"), ["event_id"])

    op.create_table(
        "consent_notices",
        sa.Column("notice_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("notice_hash", name=op.f("pk_consent_notices")),
    )

    triggers = _POSTGRESQL_TRIGGERS if dialect == "postgresql" else _SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER consents_no_truncate ON consents")
        op.execute("DROP TRIGGER consents_no_change ON consents")
        op.execute("DROP FUNCTION consents_append_only()")
    else:
        op.execute("DROP TRIGGER consents_no_update")
        op.execute("DROP TRIGGER consents_no_delete")
    op.drop_table("consent_notices")
    with op.batch_alter_table("consents") as batch:
        batch.drop_constraint(op.f("uq_consents_event_id"), type_="unique")
        batch.drop_column("event_id")
