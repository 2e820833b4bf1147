"""The tables: plans, their history of events, and jobs (SQLAlchemy 2 declarative).

The schema itself is created by the migrations in `migrations/versions`; these models
describe it for queries, and a test checks that the two agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

PLAN_STATUSES = ("draft", "approved", "published", "superseded")
JOB_STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")
JOB_KINDS = ("plan", "comparison", "replay")
# At most one plan per shipment is in force (approved or published).
IN_FORCE = "status IN ('approved', 'published')"


class UtcDateTime(TypeDecorator[datetime]):
    """A UTC instant: stored naive in UTC (SQLite has no time zones), read back aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a naive datetime cannot be stored: give it a time zone")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class PlanRow(Base):
    """One kept plan: its input, the plan JSON exactly as returned, and its status."""

    __tablename__ = "plans"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'approved', 'published', 'superseded')",
                        name="plans_status_known"),
        CheckConstraint("source IN ('dataset', 'instance')", name="plans_source_known"),
        Index("plans_created_at", "created_at"),
        Index("plans_dataset_created_at", "dataset", "created_at"),
        Index("plans_one_in_force", "shipment_key", unique=True,
              sqlite_where=text(IN_FORCE), postgresql_where=text(IN_FORCE)),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    created_by: Mapped[str] = mapped_column(String(200), nullable=False)
    label: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    replaces_id: Mapped[str | None] = mapped_column(ForeignKey("plans.id"))
    source: Mapped[str] = mapped_column(String(16), nullable=False)
    dataset: Mapped[str | None] = mapped_column(String(64))
    dataset_sha256: Mapped[str | None] = mapped_column(String(64))
    overrides: Mapped[str | None] = mapped_column(Text)
    request: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    shipment: Mapped[str] = mapped_column(Text, nullable=False)
    shipment_key: Mapped[str] = mapped_column(String(200), nullable=False)
    policy: Mapped[str] = mapped_column(Text, nullable=False)
    input_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    plan: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    plan_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    solver_versions: Mapped[str] = mapped_column(Text, nullable=False)


class PlanEventRow(Base):
    """The history of a plan: saved, approved, published, superseded, verified."""

    __tablename__ = "plan_events"
    __table_args__ = (Index("plan_events_plan", "plan_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("plans.id"), nullable=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    by: Mapped[str] = mapped_column(String(200), nullable=False)
    action: Mapped[str] = mapped_column(String(16), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)


class JobRow(Base):
    """Long work run in the background: plan, comparison or replay."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')",
                        name="jobs_status_known"),
        CheckConstraint("kind IN ('plan', 'comparison', 'replay')", name="jobs_kind_known"),
        UniqueConstraint("created_by", "idempotency_key", name="jobs_idempotency_key"),
        Index("jobs_status_created_at", "status", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    body: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    body_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    created_by: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    owner: Mapped[str | None] = mapped_column(String(200))
    progress: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    result: Mapped[bytes | None] = mapped_column(LargeBinary)
    result_media_type: Mapped[str | None] = mapped_column(String(64))
    plan_id: Mapped[str | None] = mapped_column(ForeignKey("plans.id"))
    problem: Mapped[str | None] = mapped_column(Text)
