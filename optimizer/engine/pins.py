"""Pinned shipments (model.md, "Evaluating a planner's own shipments").

A pinned x[s] is fixed: site s receives exactly that many blanks whatever it
prints. In the network this is the same as s holding them in stock with no room
for more, and the central office holding that many fewer: the stages then plan
the rest as usual. `price_pins` solves with and without the pins and reports what
the pins cost against the optimal plan.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from optimizer.engine.network import Network
from optimizer.engine.wording import counted, num
from optimizer.schema import (
    MAX_COUNT,
    Instance,
    InvalidInput,
    Message,
    Plan,
    PlanCost,
    Policy,
    Problem,
    Shipment,
    similar_id,
)


def site_not_in_instance(site_id: str, known: set[str]) -> str:
    """The refusal of a pin (or a plan's shipment) on `site_id`, which `known` (the
    instance's site ids) does not hold: "site '...' is not in the instance", and, when
    `known` holds it but for letter case, invisible characters or the form of its
    characters (schema.similar_id), "did you mean KEC-16.71.01?" (tester qa5's pin on
    'kec-16.71.01'): refused, never read as that site. A str in English; the service's
    catalog (optimizer.i18n.service) has both sentences. Raises nothing."""
    same = similar_id(site_id, known)
    if same is None:
        return f"site '{site_id}' is not in the instance"
    return (f"site '{site_id}' is not in the instance: did you mean {same}? It differs only "
            "in letter case, invisible characters or the form of its characters")


def check_pins(instance: Instance, policy: Policy) -> None:
    """Every pinned site must exist and every pin be a count (0 to 10^12); raises
    InvalidInput naming each fault. Policy's validation refuses bad counts already; a
    policy made with `model_copy(update=...)` skips it (a tester's negative pin made
    `solve` run for over 10 minutes), so they are checked here again."""
    known = {s.site_id for s in instance.sites}
    unknown = sorted(set(policy.pinned_shipments) - known)
    bad = sorted(site_id for site_id, blanks in policy.pinned_shipments.items()
                 if site_id in known and not (isinstance(blanks, int)
                                              and 0 <= blanks <= MAX_COUNT))
    if unknown or bad:
        raise InvalidInput(
            [Problem(location=f"policy.pinned_shipments.{site_id}",
                     message=site_not_in_instance(site_id, known),
                     pointer=f"/policy/pinned_shipments/{site_id}") for site_id in unknown]
            + [Problem(location=f"policy.pinned_shipments.{site_id}",
                       message=f"must be a whole number from 0 to {MAX_COUNT:,}, got "
                               f"{policy.pinned_shipments[site_id]!r}",
                       pointer=f"/policy/pinned_shipments/{site_id}") for site_id in bad])


def pin_infeasibility(instance: Instance, shipment: Shipment, policy: Policy) -> Message | None:
    """The hard constraint pins break, if any: (1) supply, (2c) storage, or the lot size."""
    pins = policy.pinned_shipments
    if not pins:
        return None
    allowed = shipment.blanks - policy.reserve
    if sum(pins.values()) > allowed:
        return Message(code="INFEASIBLE_PINS", level="error",
                       params={"pinned": sum(pins.values()), "allowed": allowed},
                       text=f"The pinned shipments add up to "
                            f"{counted(sum(pins.values()), '{n} blank', '{n} blanks')}, more "
                            f"than the {num(allowed)} that may leave the central office: "
                            f"constraint (1) cannot hold.")
    for site in sorted(instance.sites, key=lambda s: s.site_id):
        pin = pins.get(site.site_id)
        if pin is None:
            continue
        if site.storage_cap is not None and site.stock + pin > site.storage_cap:
            return Message(code="INFEASIBLE_PIN_STORAGE", level="error",
                           params={"site_id": site.site_id, "pinned": pin, "stock": site.stock,
                                   "total": site.stock + pin, "storage_cap": site.storage_cap},
                           text=f"Site {site.site_id} would hold "
                                f"{counted(site.stock + pin, '{n} blank', '{n} blanks')} with "
                                f"the {num(pin)} pinned, more than its storage cap of "
                                f"{num(site.storage_cap)}: constraint (2c) cannot hold.")
        if pin % policy.lot_size:
            return Message(code="INFEASIBLE_PIN_LOT", level="error",
                           params={"site_id": site.site_id, "pinned": pin,
                                   "lot_size": policy.lot_size},
                           text=f"The blanks pinned at site {site.site_id} ({num(pin)}) are "
                                f"not whole lots of {num(policy.lot_size)}.")
    return None


def pinned_network(net: Network, pins: dict[str, int]) -> tuple[Network, np.ndarray]:
    """The network with pinned blanks moved into the sites' stock; and the pinned mask."""
    pinned = np.array([site_id in pins for site_id in net.site_ids], dtype=bool)
    if not pinned.any():
        return net, pinned
    amount = np.array([pins.get(site_id, 0) for site_id in net.site_ids], dtype=np.int64)
    return replace(net, stock=net.stock + amount, room=np.where(pinned, 0, net.room),
                   supply=net.supply - int(amount.sum())), pinned


@dataclass(frozen=True)
class PricedPins:
    """The plan under the pins, the optimal plan, and what the pins cost."""

    plan: Plan
    optimal: Plan
    cost: PlanCost | None  # None when either plan is infeasible


def price_pins(instance: Instance, shipment: Shipment, policy: Policy) -> PricedPins:
    """Solve with the policy's pins and without; the cost of the pins (model.md).

    cards_by_tier and coverage_min_by_tier are the optimal plan's minus the pinned
    plan's; resident_km and blanks_stranded are the pinned plan's minus the optimal's.
    Raises InvalidInput as `solve` does.
    """
    from optimizer.engine.solve import solve

    pinned = solve(instance, shipment, policy)
    optimal = solve(instance, shipment, policy.model_copy(update={"pinned_shipments": {}}))
    if "infeasible" in (pinned.status, optimal.status):
        return PricedPins(plan=pinned, optimal=optimal, cost=None)
    return PricedPins(plan=pinned, optimal=optimal, cost=plan_cost(pinned, optimal))


def plan_cost(plan: Plan, optimal: Plan) -> PlanCost:
    """What `plan` gives up against `optimal` (same input)."""
    def lower(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else round(a - b, 6)

    return PlanCost(
        cards_by_tier={t: optimal.kpis.cards_by_tier[t] - plan.kpis.cards_by_tier[t]
                       for t in plan.tiers},
        coverage_min_by_tier={t: lower(optimal.kpis.coverage_min_by_tier[t],
                                       plan.kpis.coverage_min_by_tier[t]) for t in plan.tiers},
        resident_km=round(plan.kpis.resident_km_total - optimal.kpis.resident_km_total, 3),
        blanks_stranded=plan.kpis.blanks_stranded - optimal.kpis.blanks_stranded)
