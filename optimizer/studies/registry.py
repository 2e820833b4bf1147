"""The policies by name, in the order reports show them, and `compare`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from optimizer.engine.evaluate import Evaluation, evaluate
from optimizer.schema import Instance, InvalidInput, Plan, Policy, Problem, Shipment
from optimizer.studies.baselines import (
    Allocate,
    capacity_capped,
    central_only,
    equal,
    greedy,
    optimal,
    optimal_no_equity,
    population,
    proportional,
)
from optimizer.studies.metrics import PlanMetrics, plan_metrics

POLICIES: dict[str, Allocate] = {
    "proportional": proportional,
    "capacity_capped": capacity_capped,
    "population": population,
    "equal": equal,
    "central_only": central_only,
    "greedy": greedy,
    "optimal": optimal,
    "optimal_no_equity": optimal_no_equity,
}
BASELINES = tuple(name for name in POLICIES if not name.startswith("optimal"))


def get(name: str) -> Allocate:
    """The policy called `name`; InvalidInput naming the known ones otherwise."""
    if name not in POLICIES:
        raise InvalidInput([Problem(location="policies",
                                    message=f"unknown policy '{name}' (known: "
                                            f"{', '.join(POLICIES)})")])
    return POLICIES[name]


@dataclass(frozen=True)
class Comparison:
    """One policy's plan on a shipment, judged by `evaluate` and measured."""

    policy: str
    plan: Plan
    evaluation: Evaluation
    metrics: PlanMetrics


def compare(instance: Instance, shipment: Shipment, policy: Policy,
            names: Sequence[str] = tuple(POLICIES)) -> list[Comparison]:
    """Every named policy on the same shipment and state, in the given order.

    Each plan is judged by `evaluate` and summarized by `plan_metrics`, so every
    policy is measured the same way. Raises InvalidInput for a name not in
    `POLICIES` (naming the known ones), and as `solve` does.
    """
    allocators = [(name, get(name)) for name in names]
    out = []
    for name, allocate in allocators:
        plan = allocate(instance, shipment, policy)
        out.append(Comparison(policy=name, plan=plan,
                              evaluation=evaluate(instance, shipment, policy, plan),
                              metrics=plan_metrics(instance, plan)))
    return out


