"""Plan history on the page, from the plan store that `blanko serve` opens (api/store_routes).

The page saves the plan on its form into the store exactly as POST /v1/plans would
(api/web/work.py `keep`), lists the kept plans newest first, approves a draft through
the store (which enforces the status rules: a 409 from the store is shown as a
sentence, never a stack trace) and shows what changed between two kept plans
(optimizer.store.diff, as GET /v1/plans/{id}/diff/{other} computes it).

Every function here reads or writes the store in a thread (the store is synchronous
SQLAlchemy); the section's HTML is the `history.html` template in the language.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

from optimizer import Plan, i18n
from optimizer.store import NotApprovable, NotFound, PlanQuery, PlanRecord, Store, WrongTransition
from optimizer.store.diff import PlanDiff, diff
from optimizer.store.repository import APPROVABLE

SHOWN = 20  # the newest plans listed; older ones stay in the store (GET /v1/plans)


@dataclass(frozen=True)
class Row:
    """One kept plan as the history table shows it."""

    id: str
    created: str  # 'YYYY-MM-DD HH:MM UTC'
    created_by: str
    source: str   # the dataset's name, or the instance's
    blanks: int
    status: str
    label: str
    result: str = "optimal"  # the plan's own status: optimal, feasible, infeasible

    @property
    def approvable(self) -> bool:
        """A draft whose result may be sent (the store refuses the others)."""
        return self.status == "draft" and self.result in APPROVABLE


def store(app: Any) -> Store | None:
    """The open plan store, or None (the store opens with the app's lifespan)."""
    found: Store | None = getattr(app.state, "store", None)
    return found


def available(app: Any) -> bool:
    return store(app) is not None


async def rows(kept: Store) -> tuple[Row, ...]:
    page = await asyncio.to_thread(kept.list_plans, PlanQuery(limit=SHOWN))
    return tuple(_row(r) for r in page.items)


async def approve(kept: Store, plan_id: str, by: str) -> str | None:
    """Approve the plan; None when done, else why the store refused (its status rules).
    NotApprovable (the plan's result is infeasible) is raised for the caller to say."""
    try:
        await asyncio.to_thread(kept.approve, plan_id, by)
    except NotApprovable:
        raise
    except WrongTransition as error:
        return error.status
    return None


async def plan_diff(kept: Store, before_id: str, after_id: str,
                    lang: str = "en") -> tuple[PlanDiff, dict[str, list[str]]]:
    """What changed from `before_id` to `after_id` (NotFound for an unknown id), and for
    each of the two plans that is infeasible (no figures) why, in `lang`."""
    before, after = await asyncio.gather(asyncio.to_thread(kept.get_plan, before_id),
                                         asyncio.to_thread(kept.get_plan, after_id))

    def compute() -> tuple[PlanDiff, dict[str, list[str]]]:
        plans = {before.id: Plan.model_validate_json(before.plan),
                 after.id: Plan.model_validate_json(after.plan)}
        refused = {plan_id: [m.text for m in i18n.localize_messages(plan.messages, lang)
                             if m.level == "error"]
                   for plan_id, plan in plans.items() if plan.status == "infeasible"}
        return diff(before.id, plans[before.id], after.id, plans[after.id]), refused

    return await asyncio.to_thread(compute)


def _row(record: PlanRecord) -> Row:
    shipment = json.loads(record.shipment)
    source = record.dataset or json.loads(record.request).get("instance", {}).get("name", "")
    return Row(id=record.id, created=record.created_at.strftime("%Y-%m-%d %H:%M UTC"),
               created_by=record.created_by, source=str(source),
               blanks=int(shipment.get("blanks", 0)), status=record.status,
               label=record.label or "", result=record.result)


__all__ = ["NotApprovable", "NotFound", "Row", "approve", "available", "plan_diff", "rows", "store"]
