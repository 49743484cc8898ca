"""Published versions of the privacy statement: each kept with its date, who published
it, the declaration's hash, the HTML per language and the text to compare versions by.

Revision ID: 0011
Revises: 0010
Created: 2026-12-28 10:00:00

A version is evidence of what the organisation told people and when (Art. 5(2),
12(1)): triggers refuse UPDATE and DELETE on ``statement_versions`` (and TRUNCATE on
PostgreSQL), so no code path can rewrite one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

TIME = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None

_MESSAGE = "a published statement version is never changed: publish a new one instead"
_SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER statement_versions_no_update BEFORE UPDATE ON statement_versions
    BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END""",
    f"""CREATE TRIGGER statement_versions_no_delete BEFORE DELETE ON statement_versions
    BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END""",
)
_POSTGRESQL_TRIGGERS = (
    f"""CREATE FUNCTION statement_versions_kept() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{_MESSAGE}'; END $$""",
    """CREATE TRIGGER statement_versions_no_change BEFORE UPDATE OR DELETE
    ON statement_versions FOR EACH ROW EXECUTE FUNCTION statement_versions_kept()""",
    """CREATE TRIGGER statement_versions_no_truncate BEFORE TRUNCATE ON statement_versions
    FOR EACH STATEMENT EXECUTE FUNCTION statement_versions_kept()""",
)


def _dialect() -> str:
    return str(op.get_context().dialect.name)


def upgrade() -> None:
    op.create_table(
        "statement_versions",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("published_at", TIME, nullable=False),
        sa.Column("published_by", sa.String(length=200), nullable=False),
        sa.Column("declaration_hash", sa.String(length=64), nullable=False),
        sa.Column("waarborg_version", sa.String(length=32), nullable=False),
        sa.Column("statement_html", JSON, nullable=False),
        sa.Column("cookies_html", JSON, nullable=False),
        sa.Column("text", JSON, nullable=False),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_statement_versions")),
    )
    triggers = _POSTGRESQL_TRIGGERS if _dialect() == "postgresql" else _SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    if _dialect() == "postgresql":
        op.execute("DROP TRIGGER statement_versions_no_truncate ON statement_versions")
        op.execute("DROP TRIGGER statement_versions_no_change ON statement_versions")
        op.execute("DROP FUNCTION statement_versions_kept()")
    else:
        op.execute("DROP TRIGGER statement_versions_no_update")
        op.execute("DROP TRIGGER statement_versions_no_delete")
    op.drop_table("statement_versions")
