"""The initial schema: requests, tokens, the audit log, the outbox, consents,
complaints, breaches, jobs and rate limits.

Revision ID: 0001
Revises: (none)
Created: 2026-11-22 01:01:45.537467
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# The column types as they were when this migration was written; a migration never
# imports the models, which change later.
TIME = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
#: The hash the first audit entry points back to.
GENESIS = "0" * 64

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "admin_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("last_used_at", TIME, nullable=True),
        sa.Column("revoked_at", TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_admin_tokens_token_hash")),
    )
    op.create_index(
        "uq_admin_tokens_active_name",
        "admin_tokens",
        ["name"],
        unique=True,
        sqlite_where=sa.text("revoked_at IS NULL"),
        postgresql_where=sa.text("revoked_at IS NULL"),
    )

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    audit_head = sa.table(
        "audit_head",
        sa.column("id", sa.Integer),
        sa.column("seq", sa.Integer),
        sa.column("hash", sa.String),
    )
    op.bulk_insert(audit_head, [{"id": 1, "seq": 0, "hash": GENESIS}])
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=128), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_log_hash")),
    )
    op.create_index(op.f("ix_audit_log_subject"), "audit_log", ["subject"], unique=False)

    op.create_table(
        "breaches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("occurred_at", TIME, nullable=True),
        sa.Column("aware_at", TIME, nullable=False),
        sa.Column("contained_at", TIME, nullable=True),
        sa.Column("categories", JSON, nullable=False),
        sa.Column("subject_types", JSON, nullable=False),
        sa.Column("subjects_estimate", sa.Integer(), nullable=True),
        sa.Column("records_estimate", sa.Integer(), nullable=True),
        sa.Column("consequences", sa.Text(), nullable=True),
        sa.Column("measures", sa.Text(), nullable=True),
        sa.Column("contact", sa.Text(), nullable=True),
        sa.Column(
            "risk",
            sa.Enum(
                "unlikely",
                "risk",
                "high",
                name="breach_risk",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("notify_authority", sa.Boolean(), nullable=True),
        sa.Column("notify_subjects", sa.Boolean(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("authority_deadline", TIME, nullable=False),
        sa.Column("authority_notified_at", TIME, nullable=True),
        sa.Column("authority_reference", sa.String(length=100), nullable=True),
        sa.Column("late_reason", sa.Text(), nullable=True),
        sa.Column("subjects_notified_at", TIME, nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breaches")),
        sa.UniqueConstraint("public_id", name=op.f("uq_breaches_public_id")),
    )
    op.create_table(
        "consents",
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
        sa.Column("details", JSON, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    op.create_index(op.f("ix_consents_purpose"), "consents", ["purpose"], unique=False)
    op.create_index(
        "ix_consents_subject_key_purpose_id",
        "consents",
        ["subject_key", "purpose", "id"],
        unique=False,
    )

    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "running",
                "done",
                "failed",
                name="job_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("started_at", TIME, nullable=False),
        sa.Column("heartbeat_at", TIME, nullable=True),
        sa.Column("finished_at", TIME, nullable=True),
        sa.Column("progress", JSON, nullable=False),
        sa.Column("result", JSON, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_runs")),
        sa.UniqueConstraint("job", "key", name=op.f("uq_job_runs_job")),
    )
    op.create_table(
        "rate_limits",
        sa.Column("bucket", sa.String(length=128), nullable=False),
        sa.Column("window_start", TIME, nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", "window_start", name=op.f("pk_rate_limits")),
    )
    op.create_table(
        "requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "access",
                "portability",
                "erasure",
                "rectification",
                "restriction",
                "objection",
                "withdraw_consent",
                name="request_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "received",
                "verifying",
                "verified",
                "in_progress",
                "review",
                "executed",
                "answered",
                "denied",
                "expired",
                "revoked",
                name="request_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("identity", JSON, nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("received_at", TIME, nullable=False),
        sa.Column("deadline", TIME, nullable=False),
        sa.Column("extended_until", TIME, nullable=True),
        sa.Column("extension_reason", sa.Text(), nullable=True),
        sa.Column("verified_at", TIME, nullable=True),
        sa.Column("answered_at", TIME, nullable=True),
        sa.Column("deny_reason", sa.String(length=64), nullable=True),
        sa.Column("deny_details", sa.Text(), nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.Column("outcome", JSON, nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TIME, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests")),
        sa.UniqueConstraint("public_id", name=op.f("uq_requests_public_id")),
    )
    op.create_index(op.f("ix_requests_email"), "requests", ["email"], unique=False)
    op.create_index("ix_requests_status_deadline", "requests", ["status", "deadline"], unique=False)

    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "received",
                "acknowledged",
                "answered",
                "closed",
                name="complaint_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("received_at", TIME, nullable=False),
        sa.Column("acknowledge_by", TIME, nullable=True),
        sa.Column("respond_by", TIME, nullable=True),
        sa.Column("acknowledged_at", TIME, nullable=True),
        sa.Column("answered_at", TIME, nullable=True),
        sa.Column("closed_at", TIME, nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_complaints_request_id_requests"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("public_id", name=op.f("uq_complaints_public_id")),
    )
    op.create_index(op.f("ix_complaints_email"), "complaints", ["email"], unique=False)
    op.create_index(op.f("ix_complaints_request_id"), "complaints", ["request_id"], unique=False)
    op.create_index(
        "ix_complaints_status_respond_by", "complaints", ["status", "respond_by"], unique=False
    )

    op.create_table(
        "objections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_key", sa.String(length=320), nullable=False),
        sa.Column("purpose", sa.String(length=100), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "upheld",
                "overridden",
                name="objection_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("grounds", sa.Text(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("decided_at", TIME, nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_objections_request_id_requests"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objections")),
    )
    op.create_index(op.f("ix_objections_request_id"), "objections", ["request_id"], unique=False)
    op.create_index(
        "ix_objections_subject_key_purpose", "objections", ["subject_key", "purpose"], unique=False
    )

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("message", sa.LargeBinary(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "sent",
                "failed",
                name="outbox_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TIME, nullable=True),
        sa.Column("claimed_until", TIME, nullable=True),
        sa.Column("sent_at", TIME, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_outbox_request_id_requests"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_outbox_idempotency_key")),
    )
    op.create_index(op.f("ix_outbox_request_id"), "outbox", ["request_id"], unique=False)
    op.create_index(
        "ix_outbox_status_next_attempt_at", "outbox", ["status", "next_attempt_at"], unique=False
    )

    op.create_table(
        "request_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "received",
                "verifying",
                "verified",
                "in_progress",
                "review",
                "executed",
                "answered",
                "denied",
                "expired",
                "revoked",
                name="request_event_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("data", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_request_events_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_events")),
    )
    op.create_index(
        op.f("ix_request_events_request_id"), "request_events", ["request_id"], unique=False
    )

    op.create_table(
        "restrictions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_key", sa.String(length=320), nullable=False),
        sa.Column("purpose", sa.String(length=100), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("lifted_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_restrictions_request_id_requests"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_restrictions")),
    )
    op.create_index(
        op.f("ix_restrictions_request_id"), "restrictions", ["request_id"], unique=False
    )
    op.create_index(
        "ix_restrictions_subject_key_active",
        "restrictions",
        ["subject_key", "active"],
        unique=False,
    )

    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "verify",
                "download",
                "confirm",
                "unsubscribe",
                "status",
                name="token_purpose",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=320), nullable=True),
        sa.Column("data", JSON, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=True),
        sa.Column("used_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_tokens_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_tokens_token_hash")),
    )
    op.create_index(op.f("ix_tokens_expires_at"), "tokens", ["expires_at"], unique=False)
    op.create_index(op.f("ix_tokens_request_id"), "tokens", ["request_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_tokens_request_id"), table_name="tokens")
    op.drop_index(op.f("ix_tokens_expires_at"), table_name="tokens")

    op.drop_table("tokens")
    op.drop_index("ix_restrictions_subject_key_active", table_name="restrictions")
    op.drop_index(op.f("ix_restrictions_request_id"), table_name="restrictions")

    op.drop_table("restrictions")
    op.drop_index(op.f("ix_request_events_request_id"), table_name="request_events")

    op.drop_table("request_events")
    op.drop_index("ix_outbox_status_next_attempt_at", table_name="outbox")
    op.drop_index(op.f("ix_outbox_request_id"), table_name="outbox")

    op.drop_table("outbox")
    op.drop_index("ix_objections_subject_key_purpose", table_name="objections")
    op.drop_index(op.f("ix_objections_request_id"), table_name="objections")

    op.drop_table("objections")
    op.drop_index("ix_complaints_status_respond_by", table_name="complaints")
    op.drop_index(op.f("ix_complaints_request_id"), table_name="complaints")
    op.drop_index(op.f("ix_complaints_email"), table_name="complaints")

    op.drop_table("complaints")
    op.drop_index("ix_requests_status_deadline", table_name="requests")
    op.drop_index(op.f("ix_requests_email"), table_name="requests")

    op.drop_table("requests")
    op.drop_table("rate_limits")
    op.drop_table("job_runs")
    op.drop_index("ix_consents_subject_key_purpose_id", table_name="consents")
    op.drop_index(op.f("ix_consents_purpose"), table_name="consents")

    op.drop_table("consents")
    op.drop_table("breaches")
    op.drop_index(op.f("ix_audit_log_subject"), table_name="audit_log")

    op.drop_table("audit_log")
    op.drop_table("audit_head")
    op.drop_index(
        "uq_admin_tokens_active_name",
        sqlite_where=sa.text("revoked_at IS NULL"),
        postgresql_where=sa.text("revoked_at IS NULL"),
        table_name="admin_tokens",
    )

    op.drop_table("admin_tokens")
