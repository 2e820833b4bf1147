"""Jobs: long work (plan, comparison, replay) that survives a restart.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from optimizer.store.models import UtcDateTime

revision = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("idempotency_key", sa.String(255)),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("started_at", UtcDateTime()),
        sa.Column("finished_at", UtcDateTime()),
        sa.Column("heartbeat_at", UtcDateTime()),
        sa.Column("owner", sa.String(200)),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("result", sa.LargeBinary()),
        sa.Column("result_media_type", sa.String(64)),
        sa.Column("plan_id", sa.String(36), sa.ForeignKey("plans.id")),
        sa.Column("problem", sa.Text()),
        sa.CheckConstraint("status IN ('queued', 'running', 'succeeded', 'failed', "
                           "'cancelled')", name="jobs_status_known"),
        sa.CheckConstraint("kind IN ('plan', 'comparison', 'replay')", name="jobs_kind_known"),
        sa.UniqueConstraint("created_by", "idempotency_key", name="jobs_idempotency_key"),
    )
    with op.batch_alter_table("jobs") as batch:
        batch.create_index("jobs_status_created_at", ["status", "created_at"])


def downgrade() -> None:
    op.drop_table("jobs")
