"""Plans kept by older versions under names the current ones no longer write.

Until tester qa10b's fixes, `blanko plan --dataset ' Palembang' --save` kept the dataset
as typed (' Palembang', 'PALEMBANG'), and its shipment key with it
(`dataset: Palembang:40000`), while POST /v1/plans kept 'palembang'
(`dataset:palembang:40000`): one shipment under two keys, so approving the one
superseded nothing, two plans were in force for one shipment, and
`GET /v1/plans?dataset=palembang` did not list the older plan. And a `shipment_ref`
longer than the key column was kept cut at 200 characters, where the current versions
keep `ref#sha256:...` (optimizer.store.verify._bounded): the same reference, two keys.

This revision writes each plan's dataset by its listed name (optimizer.io.datasets
.canonical: case and surrounding spaces aside; a name no longer listed stays) and its
shipment key as the current versions compute it. Where that leaves more than one plan
in force for one shipment, the one approved last stays in force and the others become
`superseded`, each with a history event that says why (as approving it would have
done). A `shipment_ref` with spaces around it ('2026-11 tranche 3 ') is the reference
without them, as verify.shipment_key now computes it. Nothing else changes; the step
down leaves the names as they are.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None

BY = "blanko db upgrade 0003"


def upgrade() -> None:
    from optimizer.io import datasets
    from optimizer.store.models import UtcDateTime
    from optimizer.store.verify import KEY_CHARS, _bounded

    _plans = sa.table("plans", sa.column("id", sa.String), sa.column("dataset", sa.String),
                      sa.column("shipment_key", sa.String), sa.column("status", sa.String),
                      sa.column("request", sa.LargeBinary),
                      sa.column("created_at", UtcDateTime()))
    events = sa.table("plan_events", sa.column("plan_id", sa.String),
                      sa.column("at", UtcDateTime()), sa.column("by", sa.String),
                      sa.column("action", sa.String), sa.column("status", sa.String),
                      sa.column("note", sa.Text))
    bind = op.get_bind()
    rows = bind.execute(sa.select(_plans.c.id, _plans.c.dataset, _plans.c.shipment_key,
                                  _plans.c.status, _plans.c.request)).all()
    names: dict[str, str | None] = {}
    changes: dict[str, dict[str, Any]] = {}
    for row in rows:
        change: dict[str, Any] = {}
        if row.dataset is not None:
            listed = names.setdefault(row.dataset, datasets.canonical(row.dataset))
            if listed is not None and listed != row.dataset:
                change["dataset"] = listed
        key = _current_key(row.shipment_key, bytes(row.request), names, datasets.canonical,
                           _bounded, KEY_CHARS)
        if key != row.shipment_key:
            change["shipment_key"] = key
        if change:
            changes[row.id] = change
    if not changes:
        return
    # Plans that would share a key while in force: the one approved last stays.
    key_of = {row.id: changes.get(row.id, {}).get("shipment_key", row.shipment_key)
              for row in rows}
    in_force: dict[str, list[str]] = {}
    for row in rows:
        if row.status in ("approved", "published"):
            in_force.setdefault(key_of[row.id], []).append(row.id)
    at = datetime.now(UTC)
    for ids in in_force.values():
        if len(ids) < 2:
            continue
        approved = {plan_id: bind.execute(
            sa.select(sa.func.max(events.c.at)).where(
                events.c.plan_id == plan_id, events.c.action == "approved")).scalar()
            for plan_id in ids}
        created = {row.id: row.created_at for row in bind.execute(
            sa.select(_plans.c.id, _plans.c.created_at).where(_plans.c.id.in_(ids)))}
        stays = max(ids, key=lambda i: (_aware(approved[i] or created[i]), i))
        for plan_id in ids:
            if plan_id == stays:
                continue
            bind.execute(_plans.update().where(_plans.c.id == plan_id)
                         .values(status="superseded"))
            bind.execute(events.insert().values(
                plan_id=plan_id, at=at, by=BY, action="superseded", status="superseded",
                note=f"by plan {stays}: plans of one shipment kept under two names by an "
                     "older version"))
    for plan_id, change in changes.items():
        bind.execute(_plans.update().where(_plans.c.id == plan_id).values(**change))


def downgrade() -> None:
    """The names stay as they are: the older versions read them alike."""


def _current_key(key: str, request: bytes, names: dict[str, str | None], canonical: Any,
                 bounded: Any, key_chars: int) -> str:
    """The shipment key the current versions compute for a kept plan (verify.shipment_key):
    `dataset:<name>:<blanks>` with the listed name, a reference cut at the column's width
    as its `ref#sha256:` form; any other key as it is."""
    if key.startswith("dataset:"):
        name, separator, blanks = key.removeprefix("dataset:").rpartition(":")
        if not separator:
            return key
        listed = names.setdefault(name, canonical(name))
        return key if listed is None else bounded(f"dataset:{listed}:{blanks}")
    if key.startswith("ref:"):
        try:
            reference = json.loads(request).get("shipment_ref")
        except (ValueError, AttributeError):
            return key
        if isinstance(reference, str) and f"ref:{reference}"[:key_chars] == key:
            # Cut at the column's width, or with spaces around it: as kept now.
            return _reference_key(reference.strip(), key, bounded)
    return key


def _reference_key(reference: str, key: str, bounded: Any) -> str:
    # A reference of spaces alone is none: its plans keep the key they have (the source
    # and blanks are not all in the record's request for every version).
    return str(bounded(f"ref:{reference}")) if reference else key


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
