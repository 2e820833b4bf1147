"""The policies by name, in the order reports show them, and `compare`."""

from __future__ import annotations

import functools
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
    rule_plan,
)
from optimizer.studies.hosts import Hosts
from optimizer.studies.lookahead import lookahead_policy
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
    "lookahead": lookahead_policy,
}
BASELINES = tuple(name for name in POLICIES
                  if not name.startswith("optimal") and name != "lookahead")
STATUS_QUO = "capacity_capped"
RULE_SUFFIX = "@rule"  # "optimal@rule": the policy's shipments, printed by the shared rule


@dataclass(frozen=True)
class Label:
    """What a policy stands for in a report: described practice, a reference point or the engine."""

    kind: str    # "described practice" | "reference point" | "the engine"
    source: str  # where the practice is described (reference README), or why it is there


LABELS: dict[str, Label] = {
    "proportional": Label(
        "described practice",
        "region to kecamatan in proportion to each kecamatan's PRR/suket backlog (Sleman split "
        "10,000 blanks across 17 kecamatan that way); first-time applicants first, "
        "replacements only from the surplus (Antara Sumsel, Palembang founding article)"),
    "capacity_capped": Label(
        "described practice",
        "the Ministry's rule, capped at what an office can print ('asked for 100,000, given "
        "20,000, because it can print at most 20,000 a month'; Kemendagri in news reports, "
        "2016-2022), here office by office; the status quo every difference is measured against"),
    "population": Label("reference point", "in proportion to wajib KTP; no official said so"),
    "equal": Label("reference point", "the same to every office; no official said so"),
    "central_only": Label(
        "reference point",
        "all printing at the Disdukcapil office as before 5 Sep 2017, but residents may use it "
        "only within the travel limit (model.md), so it is not a replica of that practice"),
    "greedy": Label("reference point", "nearest office first while it can print; a simple "
                                       "heuristic, not an official rule"),
    "optimal": Label("the engine", "model.md: max flow, lexicographic max-min equity, "
                                   "min-cost travel"),
    "optimal_no_equity": Label("the engine", "model.md with stage 2 (equity) off"),
    "lookahead": Label("the engine", "a flow over time in weekly periods over the next "
                                     "three tranches (studies/lookahead.py), shipping only "
                                     "on tranche days, re-planned at every tranche "
                                     "(rolling horizon)"),
}


# Every name a comparison or replay takes, the command line's and the service's alike:
# each policy, then each policy's '@rule' variant (its shipments, printed by the shared
# rule). Error messages list these; the service's enum is this list.
POLICY_NAMES: tuple[str, ...] = (*POLICIES, *(f"{name}{RULE_SUFFIX}" for name in POLICIES))


def split_variant(name: str) -> tuple[str, bool]:
    """('optimal', True) for 'optimal@rule'; the flag says: print by the shared rule."""
    if name.endswith(RULE_SUFFIX):
        return name.removesuffix(RULE_SUFFIX), True
    return name, False


def label(name: str) -> Label:
    """The label of a policy or of its '@rule' variant."""
    return LABELS[split_variant(name)[0]]


def allocator(name: str, hosts: Hosts | None = None) -> Allocate:
    """The policy called `name` (an '@rule' suffix is ignored), with `hosts` bound."""
    allocate = get(split_variant(name)[0])
    if not hosts:
        return allocate
    return functools.partial(allocate, hosts=hosts)


def get(name: str) -> Allocate:
    """The policy called `name`; InvalidInput naming the known ones otherwise.

    A name may end in '@rule' (split_variant); `get` returns the policy itself.
    """
    if name not in POLICY_NAMES:
        raise InvalidInput([Problem(location="policies",
                                    message=f"unknown policy '{name}' (known: "
                                            f"{', '.join(POLICY_NAMES)})")])
    return POLICIES[split_variant(name)[0]]


def check_pins_apply(name: str, policy: Policy) -> None:
    """InvalidInput at /policy/pinned_shipments when `name` is a baseline (BASELINES, with
    or without '@rule') and the policy pins shipments: a baseline's rule chooses every
    shipment and keeps no pin, so its plan would not be what was asked, while its
    parameters echo the pins (tester qa7: capacity_capped with KEC-16.71.01 pinned at 0
    still shipped 1,476 there). The engine's policies keep pins (model.md)."""
    base = split_variant(name)[0]
    if base in BASELINES and policy.pinned_shipments:
        raise InvalidInput([Problem(
            location="policy.pinned_shipments",
            message=f"the baseline '{base}' takes no pinned shipments: its rule chooses "
                    "every shipment",
            fix="leave pinned_shipments out of its policy, or compare the pins with "
                "'optimal'",
            pointer="/policy/pinned_shipments")])


def check_distinct(names: Sequence[str], location: str = "policies") -> None:
    """InvalidInput at `location` when a policy is listed twice ('optimal,optimal'): its
    row would be shown twice, as if two policies had been compared. Names are compared
    as given ('optimal' and 'optimal@rule' are two policies)."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise InvalidInput([Problem(
                location=location, message=f"lists policy '{name}' twice",
                fix="list each policy once")])
        seen.add(name)


def plan_policy(name: str, instance: Instance, shipment: Shipment, policy: Policy,
                hosts: Hosts | None = None) -> Plan:
    """The plan of the policy called `name` (one of POLICY_NAMES): 'name@rule' is name's
    shipments printed by the shared rule (`rule_plan`). What `compare` plans for each
    name, and what the service's comparisons plan. Raises InvalidInput for a name not in
    POLICY_NAMES (naming them), and as `solve` does."""
    check_pins_apply(name, policy)
    plan = allocator(name, hosts)(instance, shipment, policy)
    if split_variant(name)[1]:
        plan = rule_plan(instance, shipment, policy, plan, hosts=hosts)
    return plan


@dataclass(frozen=True)
class Comparison:
    """One policy's plan on a shipment, judged by `evaluate` and measured."""

    policy: str
    plan: Plan
    evaluation: Evaluation
    metrics: PlanMetrics


def compare(instance: Instance, shipment: Shipment, policy: Policy,
            names: Sequence[str] = tuple(POLICIES), hosts: Hosts | None = None
            ) -> list[Comparison]:
    """Every named policy on the same shipment and state, in the given order.

    Each plan is judged by `evaluate` and summarized by `plan_metrics`, so every
    policy is measured the same way. 'name@rule' is name's shipments printed by the
    shared rule (`rule_plan`); `hosts` as in studies.hosts. Raises InvalidInput for a
    name not in `POLICY_NAMES` (naming them) or listed twice, and as `solve` does.
    """
    for name in names:
        get(name)  # every name checked before the first plan
        check_pins_apply(name, policy)
    check_distinct(names)
    out = []
    for name in names:
        plan = plan_policy(name, instance, shipment, policy, hosts)
        out.append(Comparison(policy=name, plan=plan,
                              evaluation=evaluate(instance, shipment, policy, plan),
                              metrics=plan_metrics(instance, plan)))
    return out


