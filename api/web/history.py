"""The hook for plan history (issue 14's plan store): approve and diff on the page.

Until a plan store is installed the page shows no history section and `remember`
does nothing. The store installs itself by setting `app.state.plan_history` to an
object with this module's `PlanHistory` shape; the page then records every plan it
shows and `available(app)` turns the history section on (templates/page.html).
"""

from __future__ import annotations

from typing import Any, Protocol

from api.web import work


class PlanHistory(Protocol):
    def record(self, planned: work.Planned, lang: str) -> str:
        """Store the plan with its instance, shipment and policy; return its id."""


def available(app: Any) -> bool:
    return getattr(app.state, "plan_history", None) is not None


def remember(app: Any, planned: work.Planned, lang: str) -> str | None:
    """The stored plan's id, or None while no plan store is installed."""
    store: PlanHistory | None = getattr(app.state, "plan_history", None)
    return None if store is None else store.record(planned, lang)
