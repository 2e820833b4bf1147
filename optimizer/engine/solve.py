"""solve(instance, shipment, policy) -> Plan: compile, run the stages, extract."""

from __future__ import annotations

import time
from importlib.metadata import version

import numpy as np

from optimizer.engine import decompose
from optimizer.engine.checks import planner_warnings
from optimizer.engine.codes import code_warnings
from optimizer.engine.fingerprint import input_sha256 as input_sha256  # re-exported
from optimizer.engine.lots import choose_lots
from optimizer.engine.marginals import marginals as marginal_values
from optimizer.engine.model import (
    EquityResult,
    FlowModel,
    Holds,
    Layout,
    SolverFailure,
    build_layout,
    equalize_tier,
    maximize_tier,
    minimize_travel,
    pair_cards,
)
from optimizer.engine.network import Network, compile_network, unreachable_districts
from optimizer.engine.record import Solver, StageRecord, build_plan, refused_plan
from optimizer.schema import (
    Instance,
    InvalidInput,
    Message,
    Plan,
    Policy,
    Problem,
    Shipment,
)

SOLVER_NAME = "ortools-network"
SOLVER_VERSION = f"ortools {version('ortools')}"


def solve(instance: Instance, shipment: Shipment, policy: Policy | None = None) -> Plan:
    """The optimal plan of docs/model.md for one shipment.

    Stages (S1)-(S4) run in order (optimizer.engine.model); the status is `optimal`
    when every stage finished, `feasible` when the time limit (`policy.time_limit_s`,
    wall-clock seconds from the call) cut the equity stage or the lot choice short
    (the plan is still valid and prints as many cards per tier), `infeasible` when
    the reserve exceeds the shipment or a site's stock exceeds its storage cap.

    Raises InvalidInput when a district with waiting residents can reach no site,
    and SolverFailure (a bug, not bad input) when a flow solver reports no optimum.
    """
    policy = policy or Policy()
    who = Solver(SOLVER_NAME, SOLVER_VERSION, time.perf_counter())
    deadline = time.monotonic() + policy.time_limit_s
    digest = input_sha256(instance, shipment, policy)
    refusal = hard_infeasibility(instance, shipment, policy)
    if refusal is not None:
        return refused_plan(tuple(instance.tiers), policy, digest, who, refusal)
    net = compile_network(instance, shipment, policy)
    check_reachable(net, policy)

    site_supply, lots_proven, cards_without_lots = None, True, None
    if policy.lot_size > 1:
        cards_without_lots = _tier_totals(net, build_layout(net))
        choice = choose_lots(net, policy.lot_size, deadline)
        site_supply, lots_proven = choice.site_supply, choice.proven
    layout = build_layout(net, site_supply)
    flow_model = FlowModel(layout)
    parts = decompose.Parts.of(net)
    holds, equity_complete = _run_tier_stages(net, parts, flow_model, policy, deadline)
    # With lots the sites' supplies are fixed, which the parts do not know.
    cards = None if parts is None or site_supply is not None else decompose.travel(parts, holds)
    if cards is None:
        cards = pair_cards(layout, _travel_flows(layout, holds))
    printed = np.bincount(net.pairs.site, weights=cards.sum(axis=1),
                          minlength=net.n_sites).astype(np.int64)
    lost_to_lots = 0
    if cards_without_lots is not None:
        lost_to_lots = int(cards_without_lots.sum() - holds.tier_total.sum())
    return build_plan(StageRecord(
        net=net, policy=policy, blanks=shipment.blanks, input_sha256=digest, solver=who,
        status="optimal" if equity_complete and lots_proven else "feasible",
        cards=cards, printed=printed,
        shipped=_shipments(net, printed, site_supply, policy.lot_size),
        marginals=marginal_values(net, flow_model, policy.marginals, deadline),
        equity_complete=equity_complete, lots_proven=lots_proven, lost_to_lots=lost_to_lots,
        leading=tuple(code_warnings(instance) + planner_warnings(net, policy))))


def _run_tier_stages(net: Network, parts: decompose.Parts | None, flow_model: FlowModel,
                     policy: Policy, deadline: float) -> tuple[Holds, bool]:
    """(S1) and (S2) for each tier in order; the holds they leave for (S3)."""
    district_backlog = net.district_backlog()
    holds = Holds.open(district_backlog)
    complete = True
    for c in range(net.n_tiers):
        holds.tier_total[c] = maximize_tier(flow_model, holds, c)
        if not policy.equity:
            continue
        backlog = district_backlog[:, c]
        if holds.tier_total[c] in (0, int(backlog.sum())):
            # Nobody or everybody is served: the shares are forced.
            served = np.zeros_like(backlog) if holds.tier_total[c] == 0 else backlog
            result = EquityResult(served=served, complete=True)
        else:
            guess = None if parts is None else decompose.ceilings(parts, holds, c, deadline)
            result = equalize_tier(flow_model, holds, c, backlog, deadline, guess)
        holds.lower[:, c] = result.served
        if result.complete:
            if int(result.served.sum()) != holds.tier_total[c]:
                raise SolverFailure("equity changed a tier's total")
            holds.upper[:, c] = result.served
        else:
            complete = False
    return holds, complete


def _travel_flows(layout: Layout, holds: Holds) -> np.ndarray:
    try:
        return minimize_travel(layout, holds)
    except SolverFailure:
        # Only after a time-out can partial equity shares clash with a tier's total.
        holds.lower[:] = np.where(holds.lower == holds.upper, holds.lower, 0)
        return minimize_travel(layout, holds)


def _tier_totals(net: Network, layout: Layout) -> np.ndarray:
    model = FlowModel(layout)
    holds = Holds.open(net.district_backlog())
    for c in range(net.n_tiers):
        holds.tier_total[c] = maximize_tier(model, holds, c)
    return holds.tier_total


def _shipments(net: Network, printed: np.ndarray, site_supply: np.ndarray | None,
               lot_size: int) -> np.ndarray:
    """(S4) The least each site needs beyond its stock, in whole lots."""
    need = np.maximum(0, printed - net.stock)
    shipped = -(-need // lot_size) * lot_size
    if site_supply is not None:
        shipped = np.minimum(shipped, site_supply)
    return shipped.astype(np.int64)


def hard_infeasibility(instance: Instance, shipment: Shipment,
                       policy: Policy) -> Message | None:
    """The error message of a hard constraint that fails before any stage runs, or None.

    (1) the reserve exceeds the shipment; (2c) a site already holds more stock than
    its storage cap. The first failure found, sites in site_id order.
    """
    if policy.reserve > shipment.blanks:
        return Message(code="INFEASIBLE_RESERVE", level="error",
                       params={"reserve": policy.reserve, "blanks": shipment.blanks},
                       text=f"The reserve ({policy.reserve}) is larger than the shipment "
                            f"({shipment.blanks}): constraint (1) cannot hold.")
    for site in sorted(instance.sites, key=lambda s: s.site_id):
        if site.storage_cap is not None and site.stock > site.storage_cap:
            return Message(code="INFEASIBLE_STORAGE", level="error",
                           params={"site_id": site.site_id, "stock": site.stock,
                                   "storage_cap": site.storage_cap},
                           text=f"Site {site.site_id} already holds {site.stock} blanks, more "
                                f"than its storage cap of {site.storage_cap}: constraint (2c) "
                                f"cannot hold.")
    return None


def check_reachable(net: Network, policy: Policy) -> None:
    """Raise InvalidInput naming every district whose waiting residents can reach no site."""
    stranded = unreachable_districts(net)
    if stranded:
        limit = "no limit" if policy.max_travel_km is None else f"{policy.max_travel_km} km"
        raise InvalidInput([Problem(
            location="areas.district_id",
            message=f"district {d} has waiting residents but no printing site in the district "
                    f"or within max_travel_km ({limit})",
            pointer="/areas") for d in stranded])
