"""solve(instance, shipment, policy) -> Plan: compile, run the stages, extract."""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import ortools

from optimizer.engine import decompose
from optimizer.engine import kpis as explain
from optimizer.engine.areas import AreaFilling, equalize_areas
from optimizer.engine.checks import planner_warnings
from optimizer.engine.codes import code_warnings
from optimizer.engine.fingerprint import input_sha256 as input_sha256  # re-exported
from optimizer.engine.marginals import Marginals
from optimizer.engine.marginals import marginals as marginal_values
from optimizer.engine.model import (
    Budget,
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
from optimizer.engine.narrow import row_totals
from optimizer.engine.network import (
    Network,
    compile_network,
    row_sums,
    sorted_sites,
)
from optimizer.engine.pins import check_pins, pin_infeasibility, pinned_network
from optimizer.engine.record import Solver, StageRecord, build_plan, refused_plan
from optimizer.engine.shadow import ShadowPrices, plan_flows, shadow_prices
from optimizer.engine.ties import break_ties, lots_ties_message
from optimizer.engine.wording import counted, num
from optimizer.schema import (
    Instance,
    Message,
    Plan,
    Policy,
    Shipment,
)

if TYPE_CHECKING:
    # Lots (engine/lots.py, engine/lot_equity.py) load only when lot_size > 1.
    from optimizer.engine.lot_equity import LotEquity, Stages

SOLVER_NAME = "ortools-network"
# The package's own version string (importlib.metadata would add ~40 ms to start-up).
SOLVER_VERSION = f"ortools {ortools.__version__}"  # type: ignore[attr-defined]


def solve(instance: Instance, shipment: Shipment, policy: Policy | None = None, *,
          lot_free: Plan | None = None) -> Plan:
    """The optimal plan of docs/model.md for one shipment.

    Stages (S1), (S2a), (S2b), (S3), (S4) run in order (optimizer.engine.model,
    optimizer.engine.areas); the status is `optimal` when every stage finished,
    `feasible` when the work budget of `policy.time_limit_s` (deterministic:
    `model.Budget`, CP-SAT's deterministic time for lots) cut the equity stage or the
    lot choice short (the plan is still valid; it prints as many cards per tier unless
    the lot choice for the tiers was cut, which its messages then say),
    `feasible` too when equally fair ties had too many alternatives to compare
    (engine/ties.py: without lots, ties among equal backlogs go to (S2b), then to
    travel; TRAVEL_TIES_UNEXPLORED beyond its limit),
    `infeasible` when the reserve exceeds the shipment, a site's stock exceeds its
    storage cap, or pinned shipments break (1), (2c) or the lot size. With
    `policy.pinned_shipments` the pinned sites receive exactly those blanks and the
    stages plan the rest; with `lot_size > 1` the lot-free plan is solved first, CP-SAT
    chooses lots for (S1), the lots are chosen again for (S2) with the tier totals held
    (engine/lot_equity.py: `feasible` and LOT_EQUITY_UNPROVEN unless proven against the
    same stages without lots) and then by CP-SAT, with tiers and equity held, for (S3)
    (engine/lots.py), and `kpis.lot_cost` compares the plan with the lot-free one; a
    lot plan's marginal values are the lot-free plan's (exact there, and said so).
    `lot_free` (only with lot_size > 1) is a lot-free plan of the same input made by
    another planner (the lookahead's): its shipments rounded down to whole lots are
    the floor and CP-SAT's hint instead of the engine's own lot-free plan, and the
    lots' cost (`kpis.lot_cost`, `cards_lost_to_lots`, LOT_ROUNDING) and the blanks
    the lots keep central are measured against it.

    Residents no office that can print reaches (none in their kecamatan, none within
    max_travel_km) are planned as unmet: their kecamatan's lines say `reach` and the
    plan warns (DISTRICT_WITHOUT_OFFICE, AREA_UNREACHABLE). Raises InvalidInput when a
    pinned site is unknown, and SolverFailure (a bug, not bad input) when a flow
    solver reports no optimum.
    """
    policy = policy or Policy()
    who = Solver(SOLVER_NAME, SOLVER_VERSION, time.perf_counter())
    budget = Budget.of(policy.time_limit_s)
    digest = input_sha256(instance, shipment, policy)
    check_pins(instance, policy)
    refusal = (hard_infeasibility(instance, shipment, policy)
               or pin_infeasibility(instance, shipment, policy))
    if refusal is not None:
        return refused_plan(tuple(instance.tiers), policy, digest, who, refusal,
                            blanks=shipment.blanks)
    net = compile_network(instance, shipment, policy)
    # The model sees pinned blanks as stock (engine/pins.py); the plan reports `net`.
    work, pinned = pinned_network(net, policy.pinned_shipments)

    site_supply, lots_proven, cards_without_lots = None, True, None
    proof = {"tiers": True, "equity": True, "travel": True}  # S1, S2, S3 over the lots
    if policy.lot_size == 1:
        lot_free = None
    else:
        # The lot-free plan first: its shipments rounded down to whole lots are a valid
        # lot plan, the floor no lot plan may fall below (model.md "Lot sizes").
        from optimizer.engine.lots import choose_lots

        if lot_free is None:
            # Its marginal values are the lot plan's (below): exact for the network
            # without lots, which a lot plan cannot be priced on by one max flow.
            lot_free = solve(instance, shipment, policy.model_copy(
                update={"lot_size": 1}))
        cards_without_lots = np.array([lot_free.kpis.cards_by_tier[t] for t in net.tiers],
                                      dtype=np.int64)
        free_shipped = np.array([line.blanks for line in lot_free.shipments], dtype=np.int64)
        floor = np.where(pinned, 0, free_shipped // policy.lot_size)
        choice = choose_lots(work, policy.lot_size, policy.time_limit_s, floor,
                             _tier_totals(work, build_layout(work, floor * policy.lot_size)))
        site_supply, proof["tiers"] = choice.site_supply, choice.proven
        proof["equity"] = False  # until the equity stages are proven over the lots
    layout = build_layout(work, site_supply)
    flow_model = FlowModel(layout)
    parts = decompose.Parts.of(work)
    holds, equity_complete = _run_tier_stages(work, parts, flow_model, policy, budget)
    tie_messages: list[Message] = []
    if site_supply is None and policy.equity and equity_complete:
        # Equally fair shares: the ones (S2b) and then travel prefer (engine/ties.py).
        ties = break_ties(work, flow_model, holds, budget,
                          partial(_area_stage, work, parts, flow_model), parts)
        holds = ties.holds
        tie_messages = [] if ties.message is None else [ties.message]
    lot_messages: list[Message] = []
    if site_supply is not None and not policy.equity:
        proof["equity"] = True  # no equity stage to prove
    elif site_supply is not None and equity_complete:
        # (S2) over the lots: other whole lots with the same tier totals may be fairer.
        from optimizer.engine.lot_equity import Stages

        over = _equity_over_lots(work, parts, policy, Stages(
            supply=site_supply, holds=holds, complete=True, layout=layout,
            flow_model=flow_model))
        best = over.best
        site_supply, holds, layout, flow_model = (best.supply, best.holds, best.layout,
                                                  best.flow_model)
        # The bound or exhaustion may prove the tiers where CP-SAT's budget did not.
        proof["tiers"] = proof["tiers"] or over.tiers_proven
        proof["equity"] = over.proven
        lot_messages = [] if over.message is None else [over.message]
    lot_ties = None
    if site_supply is not None and policy.equity and equity_complete:
        # Equally fair ties on the lots chosen (engine/ties.py); whether another lot
        # choice with another tie does better is not searched: see below.
        ties = break_ties(work, flow_model, holds, budget,
                          partial(_area_stage, work, None, flow_model))
        if ties.holds is not holds or ties.combinations or ties.unexplored is not None:
            lot_ties = ties
        holds = ties.holds
    # With lots the sites' supplies are fixed, which the parts do not know.
    cards = None if parts is None or site_supply is not None else decompose.travel(
        parts, holds, layout)
    if cards is None:
        cards = pair_cards(layout, _travel_flows(layout, holds))
    if site_supply is not None:
        moved, proof["travel"] = _travel_lots(work, policy, site_supply, holds, cards,
                                              equity_complete)
        if moved is not None:
            site_supply, cards, layout = moved
            flow_model = FlowModel(layout)
        if lot_ties is not None and lot_free is not None:
            # Ties were chosen on these lots alone; travel is proven only where it meets
            # the lot-free plan, which chose among every equally fair tie (a bound).
            km = float((cards.sum(axis=1) * net.pairs.km).sum())
            if lot_ties.message is not None:
                proof["travel"] = False
                tie_messages = [lot_ties.message]
            elif proof["travel"] and round(km, 3) > lot_free.kpis.resident_km_total:
                proof["travel"] = False
                tie_messages = [lots_ties_message(
                    lot_ties.combinations, round(km - lot_free.kpis.resident_km_total, 3))]
        lots_proven = all(proof.values())
    printed = np.bincount(net.pairs.site, weights=row_totals(cards),  # (engine/narrow.py)
                          minlength=net.n_sites).astype(np.int64)
    # Cards served per area and tier: the plan's lines and the marginals' arc flows.
    served = row_sums(net.pairs.area, cards, net.n_areas)
    shipped = _shipments(work, printed, site_supply, policy.lot_size)
    shipped[pinned] = work.stock[pinned] - net.stock[pinned]
    lost_to_lots = 0
    if cards_without_lots is not None:
        # Against another planner's lot-free plan the lots may print more: nothing lost.
        lost_to_lots = max(0, int(cards_without_lots.sum() - holds.tier_total.sum()))
    marginals: Marginals | None
    prices: ShadowPrices | None
    if lot_free is None:
        # The plan's arc flows, which the card marginals and the shadow prices both read.
        flows = (plan_flows(work, layout, cards, printed, served)
                 if policy.marginals and flow_model.layout is layout else None)
        marginals = marginal_values(work, flow_model, policy.marginals, cards, flows,
                                    policy.time_limit_s)
        prices = shadow_prices(work, layout, holds, cards, policy.marginals, flows)
    else:
        # With lots: the lot-free plan's values, exact on the same input without lots
        # (the MARGINALS message says so). Priced on this plan's lots held, they would
        # be the gain with every shipment frozen, which names the wrong office where a
        # re-plan moves lots (tests/engine/test_marginals_lots.py).
        marginals, prices = _lot_free_marginals(lot_free, policy.marginals)
    # The stages' networks are done with: free them (the parts' own layouts and the
    # flow solver's arcs, ~400 MB at national scale) before the plan's lines are made.
    del parts, flow_model, layout, holds
    plan = build_plan(StageRecord(
        net=net, policy=policy, blanks=shipment.blanks, input_sha256=digest, solver=who,
        status=("optimal" if equity_complete and lots_proven and not tie_messages
                else "feasible"),
        cards=cards, printed=printed, shipped=shipped, marginals=marginals, prices=prices,
        equity_complete=equity_complete, lots_proven=lots_proven, lost_to_lots=lost_to_lots,
        kept_without_lots=None if lot_free is None else lot_free.kpis.blanks_kept_central,
        marginals_without_lots=lot_free is not None,
        lot_choice_cut=not proof["tiers"], served=served,
        leading=tuple(code_warnings(instance) + planner_warnings(net, policy)),
        trailing=tuple(tie_messages + lot_messages
                       + ([] if marginals is None or prices is None else
                          explain.strongest_marginals(net, marginals, prices,
                                                      without_lots=lot_free is not None))
                       + _pin_message(net, pinned)
                       + explain.stranded_messages(net, policy, shipped, printed))))
    if lot_free is None:
        return plan
    return explain.with_lot_cost(_with_lot_proof(plan, proof), lot_free)


def _lot_free_marginals(lot_free: Plan, enabled: bool
                        ) -> tuple[Marginals | None, ShadowPrices | None]:
    """The marginal values of the lot-free plan of the same input, per site in its order
    (the network's, as the lot plan's); (None, None) when `enabled` is False or that plan
    was made without them (the lookahead's): the plan then shows none and says nothing
    about them."""
    sites = lot_free.sites
    if not enabled or any(line.marginal_cards_per_printer_day is None for line in sites):
        return None, None
    return (Marginals(per_printer_day=[line.marginal_cards_per_printer_day for line in sites],
                      per_100_blanks=[line.marginal_cards_per_100_blanks for line in sites]),
            ShadowPrices(km_per_card_capacity=[line.km_saved_per_card_capacity
                                               for line in sites],
                         km_per_blank=[line.km_saved_per_blank for line in sites]))


def _with_lot_proof(plan: Plan, proof: dict[str, bool]) -> Plan:
    """LOT_ROUNDING with `unproven_stages`: the stages over the lots not proven optimal
    ("tiers", "equity", "travel", comma-separated; empty when all are)."""
    unproven = ",".join(stage for stage, proven in proof.items() if not proven)
    messages = tuple(m.model_copy(update={"params": {**m.params, "unproven_stages": unproven}})
                     if m.code == "LOT_ROUNDING" else m for m in plan.messages)
    return plan.model_copy(update={"messages": messages})


def _pin_message(net: Network, pinned: np.ndarray) -> list[Message]:
    if not pinned.any():
        return []
    return [pinned_message(int(pinned.sum()))]


def pinned_message(sites: int) -> Message:
    """PINNED_SHIPMENTS: how many sites' shipments the planner fixed (engine and lookahead)."""
    return Message(code="PINNED_SHIPMENTS", params={"sites": sites},
                   text=f"The shipments of {counted(sites, '{n} site', '{n} sites')} were "
                        f"pinned by the planner; the other sites share what is left and every "
                        f"stage plans the rest.")


def _run_tier_stages(net: Network, parts: decompose.Parts | None, flow_model: FlowModel,
                     policy: Policy, budget: Budget) -> tuple[Holds, bool]:
    """(S1) and (S2a, S2b) for each tier in order; the holds they leave for (S3)."""
    district_backlog = net.district_backlog()
    holds = Holds.open(net.backlog, district_backlog)
    complete = True
    for c in range(net.n_tiers):
        # Tier c's stages need tiers 0..c only: a model without the later tiers' arcs,
        # where the network has parts (a city's few max flows on a few thousand arcs
        # gain less than the second model costs: +0.15 ms a plan, measured).
        model = flow_model if parts is None else flow_model.for_tiers(c + 1)
        # With equity, the tier's total and its parts served in full come from the one
        # max flow `decompose.ceilings` needs (decompose.tier_total), where it can tell.
        found = (decompose.tier_total(parts, model, holds, c)
                 if parts is not None and policy.equity and complete else None)
        in_full = None if found is None else found[1]
        holds.tier_total[c] = (maximize_tier(model, holds, c) if found is None
                               else found[0])
        if not policy.equity or not complete:
            continue
        backlog = district_backlog[:, c]
        if holds.tier_total[c] in (0, int(backlog.sum())):
            # Nobody or everybody is served: the shares are forced, down to each area.
            everybody = holds.tier_total[c] > 0
            holds.lower[:, c] = holds.upper[:, c] = backlog if everybody else 0
            holds.area_lower[:, c] = holds.area_upper[:, c] = \
                net.backlog[:, c] if everybody else 0
            continue
        guess = None if parts is None else decompose.ceilings(parts, holds, c, budget,
                                                                  model, in_full)
        # The parts' answers need no whole-network max flow to fit together when the
        # central supply covers every card so far (decompose.central_suffices).
        fits = (guess is not None and parts is not None
                and decompose.central_suffices(parts, model.layout, holds, c))
        result = equalize_tier(model, holds, c, backlog, budget, guess,
                               under_ceiling_feasible=fits)
        holds.lower[:, c] = result.served
        if not result.complete:
            complete = False
            continue
        if int(result.served.sum()) != holds.tier_total[c]:
            raise SolverFailure("equity changed a tier's total")
        holds.upper[:, c] = result.served
        areas = _area_stage(net, parts, model, holds, c, budget)
        holds.area_lower[:, c] = areas.served
        if not areas.complete:
            complete = False
            continue
        by_district = np.bincount(net.area_district, weights=areas.served,
                                  minlength=net.n_districts).astype(np.int64)
        if not np.array_equal(by_district, result.served):
            raise SolverFailure("area equity changed a district's total")
        holds.area_upper[:, c] = areas.served
    return holds, complete


def _area_stage(net: Network, parts: decompose.Parts | None, flow_model: FlowModel,
                holds: Holds, c: int, budget: Budget) -> EquityResult:
    """(S2b) for tier c: part by part when the parts' shares fit the real supply together
    (decompose.area_shares), else over the whole network."""
    if parts is not None:
        shares = decompose.area_shares(parts, holds, c, budget, flow_model)
        if shares is not None:
            if decompose.central_suffices(parts, flow_model.layout, holds, c):
                return EquityResult(served=shares, complete=True, rounds=0)
            fill = AreaFilling(flow_model, holds, c, net.backlog[:, c])
            if fill.solve(shares[fill.idx]) == fill.target:
                return EquityResult(served=shares, complete=True, rounds=0)
    return equalize_areas(flow_model, holds, c, net.backlog[:, c], budget)


def _equity_over_lots(net: Network, parts: decompose.Parts | None, policy: Policy,
                      start: Stages) -> LotEquity:
    """(S2) with lots (engine/lot_equity.py): candidates run through the same tier
    stages as the plan, on their fixed site supplies."""
    from optimizer.engine.lot_equity import Stages, equity_over_lots

    def evaluate(supply: np.ndarray, budget: Budget) -> Stages:
        layout = build_layout(net, supply)
        model = FlowModel(layout)
        holds, complete = _run_tier_stages(net, parts, model, policy, budget)
        return Stages(supply=supply, holds=holds, complete=complete, layout=layout,
                      flow_model=model)

    return equity_over_lots(net, policy.lot_size, policy.time_limit_s, start, evaluate)


def _travel_lots(net: Network, policy: Policy, site_supply: np.ndarray, holds: Holds,
                 cards: np.ndarray, equity_complete: bool
                 ) -> tuple[tuple[np.ndarray, np.ndarray, Layout] | None, bool]:
    """(S3) with lots: whole-lot shipments chosen for travel (lots.travel_lots), every
    earlier stage held. ((supplies, cards, layout) or None to keep the lots chosen so
    far, whether S3 over the lots is proven): not when CP-SAT found nothing or the
    instance is beyond its objective's range, unless nobody gets a card."""
    if policy.equity and not equity_complete:
        return None, False  # partial shares are no hold to keep: the budget is spent
    from optimizer.engine.lots import travel_lots

    metres = np.round(net.pairs.km * 1000).astype(np.int64)
    choice = travel_lots(net, policy.lot_size, policy.time_limit_s, site_supply,
                         holds.area_upper if policy.equity else None, holds.tier_total,
                         metres, cards)
    if choice is None:
        return None, int(holds.tier_total.sum()) == 0
    if np.array_equal(choice.site_supply, site_supply):
        return (site_supply, cards, build_layout(net, site_supply)), choice.proven
    layout = build_layout(net, choice.site_supply)
    moved = pair_cards(layout, _travel_flows(layout, holds))
    if int((moved * metres[:, None]).sum()) >= int((cards * metres[:, None]).sum()):
        # CP-SAT's hint was the best it found: keep the lots. Proven, if CP-SAT's own
        # minimum is no less than the hint's resident-km.
        return None, choice.proven
    return (choice.site_supply, moved, layout), choice.proven


def _travel_flows(layout: Layout, holds: Holds) -> np.ndarray:
    try:
        return minimize_travel(layout, holds)
    except SolverFailure:
        # Only after a time-out can partial equity shares clash with a tier's total.
        holds.lower[:] = np.where(holds.lower == holds.upper, holds.lower, 0)
        holds.area_lower[:] = np.where(holds.area_lower == holds.area_upper,
                                       holds.area_lower, 0)
        return minimize_travel(layout, holds)


def _tier_totals(net: Network, layout: Layout) -> np.ndarray:
    model = FlowModel(layout)
    holds = Holds.open(net.backlog, net.district_backlog())
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
                       text=f"The reserve ({num(policy.reserve)}) is larger than the shipment "
                            f"({num(shipment.blanks)}): constraint (1) cannot hold.")
    for site in sorted_sites(instance):
        if site.storage_cap is not None and site.stock > site.storage_cap:
            return Message(code="INFEASIBLE_STORAGE", level="error",
                           params={"site_id": site.site_id, "stock": site.stock,
                                   "storage_cap": site.storage_cap},
                           text=f"Site {site.site_id} already holds "
                                f"{counted(site.stock, '{n} blank', '{n} blanks')}, more than "
                                f"its storage cap of {num(site.storage_cap)}: constraint (2c) "
                                f"cannot hold.")
    return None
