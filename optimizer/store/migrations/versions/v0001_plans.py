"""Plans and their history of events.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from optimizer.store.models import IN_FORCE, UtcDateTime

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("label", sa.String(200)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("replaces_id", sa.String(36), sa.ForeignKey("plans.id")),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("dataset", sa.String(64)),
        sa.Column("dataset_sha256", sa.String(64)),
        sa.Column("overrides", sa.Text()),
        sa.Column("request", sa.LargeBinary(), nullable=False),
        sa.Column("shipment", sa.Text(), nullable=False),
        sa.Column("shipment_key", sa.String(200), nullable=False),
        sa.Column("policy", sa.Text(), nullable=False),
        sa.Column("input_sha256", sa.String(64), nullable=False),
        sa.Column("plan", sa.LargeBinary(), nullable=False),
        sa.Column("plan_sha256", sa.String(64), nullable=False),
        sa.Column("solver_versions", sa.Text(), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'approved', 'published', 'superseded')",
                           name="plans_status_known"),
        sa.CheckConstraint("source IN ('dataset', 'instance')", name="plans_source_known"),
    )
    with op.batch_alter_table("plans") as batch:
        batch.create_index("plans_created_at", ["created_at"])
        batch.create_index("plans_dataset_created_at", ["dataset", "created_at"])
        batch.create_index("plans_one_in_force", ["shipment_key"], unique=True,
                           sqlite_where=sa.text(IN_FORCE), postgresql_where=sa.text(IN_FORCE))
    op.create_table(
        "plan_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("plan_id", sa.String(36), sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text()),
    )
    with op.batch_alter_table("plan_events") as batch:
        batch.create_index("plan_events_plan", ["plan_id", "id"])


def downgrade() -> None:
    op.drop_table("plan_events")
    op.drop_table("plans")
