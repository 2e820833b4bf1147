"""The plan store: plans kept with their input, history and status; background jobs.

    store = Store()                       # BLANKO_DATABASE_URL, else SQLite in the user's
    record = store.save_plan(new_plan)    # data directory; migrations run on open
    store.approve(record.id, by="budi", note="for tranche 3")

See `repository` for the API, `verify` for re-solving a kept plan, `diff` for what
changed between two plans, and `db` for URLs and migrations.
"""

from optimizer.store import db
from optimizer.store.db import StoreUnavailable, default_url
from optimizer.store.repository import (
    IdempotencyConflict,
    JobRecord,
    JobsFull,
    NewPlan,
    NotApprovable,
    NotFound,
    PlanEvent,
    PlanPage,
    PlanQuery,
    PlanRecord,
    Store,
    WrongTransition,
)

__all__ = [
    "IdempotencyConflict",
    "JobRecord",
    "JobsFull",
    "NewPlan",
    "NotApprovable",
    "NotFound",
    "PlanEvent",
    "PlanPage",
    "PlanQuery",
    "PlanRecord",
    "Store",
    "StoreUnavailable",
    "WrongTransition",
    "db",
    "default_url",
]
