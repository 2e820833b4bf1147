"""The hook for plan history (issue 14's plan store): approve and diff on the page.

Until a plan store is installed the page shows no history section, `remember` does
nothing and GET /web/history answers 404. The store installs itself by setting
`app.state.plan_history` to an object with this module's `PlanHistory` shape; the
page then records every plan it shows, and its history section (templates/page.html)
loads `fragment(lang)` from GET /web/history, where the store lists the plans with
its approve and diff controls.
"""

from __future__ import annotations

from typing import Any, Protocol

from api.web import work


class PlanHistory(Protocol):
    def record(self, planned: work.Planned, lang: str) -> str:
        """Store the plan with its instance, shipment and policy; return its id."""

    def fragment(self, lang: str) -> str:
        """The history section's HTML (escaped by the store) in the language."""


def available(app: Any) -> bool:
    return getattr(app.state, "plan_history", None) is not None


def store(app: Any) -> PlanHistory | None:
    found: PlanHistory | None = getattr(app.state, "plan_history", None)
    return found


def remember(app: Any, planned: work.Planned, lang: str) -> str | None:
    """The stored plan's id, or None while no plan store is installed."""
    installed = store(app)
    return None if installed is None else installed.record(planned, lang)
