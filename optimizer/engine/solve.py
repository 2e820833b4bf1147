"""solve(instance, shipment, policy) -> Plan: compile, run the stages, extract."""

from __future__ import annotations

import hashlib
import time
from importlib.metadata import version
from operator import attrgetter

import numpy as np

from optimizer.engine import decompose
from optimizer.engine import kpis as explain
from optimizer.engine.areas import equalize_areas
from optimizer.engine.codes import code_warnings
from optimizer.engine.lots import choose_lots
from optimizer.engine.marginals import Marginals
from optimizer.engine.marginals import marginals as marginal_values
from optimizer.engine.model import (
    Budget,
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
from optimizer.engine.pins import check_pins, pin_infeasibility, pinned_network
from optimizer.engine.shadow import ShadowPrices, shadow_prices
from optimizer.schema import (
    AreaLine,
    Binding,
    DistrictLine,
    Instance,
    InvalidInput,
    Kpis,
    Message,
    Plan,
    Policy,
    Problem,
    ServiceLine,
    Shipment,
    ShipmentLine,
    SiteLine,
    SolverInfo,
    Status,
    UnmetReason,
)

SOLVER_NAME = "ortools-network"
SOLVER_VERSION = f"ortools {version('ortools')}"


def solve(instance: Instance, shipment: Shipment, policy: Policy | None = None) -> Plan:
    """The optimal plan of model.md for one shipment (status `feasible` at the time limit)."""
    policy = policy or Policy()
    started = time.perf_counter()
    budget = Budget.of(policy.time_limit_s)
    digest = input_sha256(instance, shipment, policy)
    check_pins(instance, policy)
    refusal = (hard_infeasibility(instance, shipment, policy)
               or pin_infeasibility(instance, shipment, policy))
    if refusal is not None:
        return infeasible_plan(instance, policy, digest, refusal, started)
    net = compile_network(instance, shipment, policy)
    check_reachable(net, policy)
    # The model sees pinned blanks as stock (engine/pins.py); the plan reports `net`.
    work, pinned = pinned_network(net, policy.pinned_shipments)

    site_supply, lots_proven, cards_without_lots, lot_free = None, True, None, None
    if policy.lot_size > 1:
        # The lot-free plan first: its shipments rounded down to whole lots are a valid
        # lot plan, the floor no lot plan may fall below (model.md "Lot sizes").
        lot_free = solve(instance, shipment, policy.model_copy(
            update={"lot_size": 1, "marginals": False}))
        cards_without_lots = np.array([lot_free.kpis.cards_by_tier[t] for t in net.tiers],
                                      dtype=np.int64)
        free_shipped = np.array([line.blanks for line in lot_free.shipments], dtype=np.int64)
        floor = np.where(pinned, 0, free_shipped // policy.lot_size)
        choice = choose_lots(work, policy.lot_size, policy.time_limit_s, floor,
                             _tier_totals(work, build_layout(work, floor * policy.lot_size)))
        site_supply, lots_proven = choice.site_supply, choice.proven
    layout = build_layout(work, site_supply)
    flow_model = FlowModel(layout)
    parts = decompose.Parts.of(work)
    holds, equity_complete = _run_tier_stages(work, parts, flow_model, policy, budget)
    # With lots the sites' supplies are fixed, which the parts do not know.
    cards = None if parts is None or site_supply is not None else decompose.travel(parts, holds)
    if cards is None:
        cards = pair_cards(layout, _travel_flows(layout, holds))
    printed = np.bincount(net.pairs.site, weights=cards.sum(axis=1),
                          minlength=net.n_sites).astype(np.int64)
    shipped = _shipments(work, printed, site_supply, policy.lot_size)
    shipped[pinned] = work.stock[pinned] - net.stock[pinned]
    lost_to_lots = 0
    if cards_without_lots is not None:
        lost_to_lots = int(cards_without_lots.sum() - holds.tier_total.sum())
    marginals = marginal_values(work, flow_model, policy.marginals)
    prices = shadow_prices(work, layout, holds, cards, policy.marginals)
    messages = code_warnings(instance) + explain.messages(
        net, shipment, policy, printed, shipped, equity_complete, lots_proven, lost_to_lots,
        False) + explain.strongest_marginals(net, marginals, prices) + _pin_message(net, pinned)
    status: Status = "optimal" if equity_complete and lots_proven else "feasible"
    plan = assemble_plan(net, shipment.blanks, policy, digest, status, started, cards, printed,
                         shipped, marginals, messages, lost_to_lots, prices)
    return plan if lot_free is None else explain.with_lot_cost(plan, lot_free)


def _pin_message(net: Network, pinned: np.ndarray) -> list[Message]:
    if not pinned.any():
        return []
    sites = [net.site_ids[s] for s in np.flatnonzero(pinned)]
    return [Message(code="PINNED_SHIPMENTS", params={"sites": len(sites)},
                    text=f"The shipments of {len(sites)} sites were pinned by the planner; the "
                         f"other sites share what is left and every stage plans the rest.")]


def input_sha256(instance: Instance, shipment: Shipment, policy: Policy) -> str:
    """Hash of the normalized input: rows sorted by id, backlog keys sorted, JSON bytes."""
    tiers = tuple(sorted(instance.tiers))
    areas = [a if tuple(a.backlog) == tiers
             else a.model_copy(update={"backlog": {t: a.backlog[t] for t in tiers}})
             for a in sorted(instance.areas, key=attrgetter("area_id"))]
    normal = instance.model_copy(update={
        "districts": tuple(sorted(instance.districts, key=attrgetter("district_id"))),
        "sites": tuple(sorted(instance.sites, key=attrgetter("site_id"))),
        "areas": tuple(areas),
        "distances": tuple(sorted(instance.distances, key=attrgetter("area_id", "site_id"))),
    })
    digest = hashlib.sha256()
    # Pins join the hash only when there are some (hashes of unpinned input unchanged).
    pins = dict(sorted(policy.pinned_shipments.items()))
    policy_json = (policy.model_copy(update={"pinned_shipments": pins}).model_dump_json()
                   if pins else policy.model_dump_json(exclude={"pinned_shipments"}))
    for part in (normal.model_dump_json(), shipment.model_dump_json(), policy_json):
        digest.update(part.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _run_tier_stages(net: Network, parts: decompose.Parts | None, flow_model: FlowModel,
                     policy: Policy, budget: Budget) -> tuple[Holds, bool]:
    """(S1) and (S2a, S2b) for each tier in order; the holds they leave for (S3)."""
    district_backlog = net.district_backlog()
    holds = Holds.open(net.backlog, district_backlog)
    complete = True
    for c in range(net.n_tiers):
        holds.tier_total[c] = maximize_tier(flow_model, holds, c)
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
        guess = None if parts is None else decompose.ceilings(parts, holds, c, budget)
        result = equalize_tier(flow_model, holds, c, backlog, budget, guess)
        holds.lower[:, c] = result.served
        if not result.complete:
            complete = False
            continue
        if int(result.served.sum()) != holds.tier_total[c]:
            raise SolverFailure("equity changed a tier's total")
        holds.upper[:, c] = result.served
        areas = equalize_areas(flow_model, holds, c, net.backlog[:, c], budget)
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
    stranded = unreachable_districts(net)
    if stranded:
        limit = "no limit" if policy.max_travel_km is None else f"{policy.max_travel_km} km"
        raise InvalidInput([Problem(
            location="areas.district_id",
            message=f"district {d} has waiting residents but no printing site in the district "
                    f"or within max_travel_km ({limit})",
            pointer="/areas") for d in stranded])


def _solver_info(policy: Policy, started: float) -> SolverInfo:
    return SolverInfo(name=SOLVER_NAME, version=SOLVER_VERSION,
                      seconds=round(time.perf_counter() - started, 6),
                      time_limit_s=policy.time_limit_s)


def infeasible_plan(instance: Instance, policy: Policy, digest: str, reason: Message,
                     started: float) -> Plan:
    tiers = tuple(instance.tiers)
    return Plan(
        status="infeasible", input_sha256=digest, solver=_solver_info(policy, started),
        tiers=tiers,
        kpis=Kpis(cards_by_tier=dict.fromkeys(tiers, 0),
                  coverage_min_by_tier=dict.fromkeys(tiers), coverage_max_by_tier=dict.fromkeys(
                      tiers), resident_km_total=0.0, resident_km_mean=0.0, max_km=0.0,
                  blanks_shipped=0, blanks_kept_central=0, blanks_stranded=0),
        shipments=(), service=(), districts=(), sites=(), messages=(reason,))


def assemble_plan(net: Network, blanks: int, policy: Policy, digest: str, status: Status,
              started: float, cards: np.ndarray, printed: np.ndarray, shipped: np.ndarray,
              marginals: Marginals, messages: list[Message], lost_to_lots: int,
              prices: ShadowPrices | None = None) -> Plan:
    served = np.zeros((net.n_areas, net.n_tiers), dtype=np.int64)
    np.add.at(served, net.pairs.area, cards)
    district_served = np.zeros((net.n_districts, net.n_tiers), dtype=np.int64)
    np.add.at(district_served, net.area_district, served)
    district_backlog = net.district_backlog()
    return Plan(
        status=status, input_sha256=digest, solver=_solver_info(policy, started),
        tiers=net.tiers,
        kpis=explain.kpis(net, blanks, cards, district_served, district_backlog, shipped,
                          printed, lost_to_lots),
        shipments=tuple(ShipmentLine.model_construct(site_id=net.site_ids[s],
                                                     blanks=int(shipped[s]))
                        for s in range(net.n_sites)),
        service=_service_lines(net, cards),
        districts=_district_lines(net, district_served, district_backlog,
                                  explain.unmet_reasons(net, served, printed, shipped)),
        sites=_site_lines(net, printed, shipped, explain.binding(net, served, printed, shipped),
                          marginals, prices),
        messages=tuple(messages),
        areas=_area_lines(net, served),
    )


# Lines are built from the solver's own arrays, already checked: no re-validation.

def _site_lines(net: Network, printed: np.ndarray, shipped: np.ndarray,
                binding: list[Binding], marginals: Marginals,
                prices: ShadowPrices | None) -> tuple[SiteLine, ...]:
    none: list[float | None] = [None] * net.n_sites
    per_capacity = none if prices is None else prices.km_per_card_capacity
    per_blank = none if prices is None else prices.km_per_blank
    return tuple(SiteLine.model_construct(
        site_id=net.site_ids[s], district_id=net.district_ids[net.site_district[s]],
        capacity=int(net.capacity[s]), stock=int(net.stock[s]), blanks=int(shipped[s]),
        printed=int(printed[s]), binding=binding[s],
        marginal_cards_per_printer_day=marginals.per_printer_day[s],
        marginal_cards_per_100_blanks=marginals.per_100_blanks[s],
        km_saved_per_card_capacity=per_capacity[s], km_saved_per_blank=per_blank[s])
        for s in range(net.n_sites))


def _district_lines(net: Network, served: np.ndarray, backlog: np.ndarray,
                    reasons: list[list[UnmetReason]]) -> tuple[DistrictLine, ...]:
    return tuple(DistrictLine.model_construct(
        district_id=net.district_ids[k], tier=net.tiers[c], backlog=int(backlog[k, c]),
        served=int(served[k, c]), coverage=_ratio(served[k, c], backlog[k, c]),
        unmet=int(backlog[k, c] - served[k, c]), unmet_reason=reasons[k][c])
        for k in range(net.n_districts) for c in range(net.n_tiers))


def _area_lines(net: Network, served: np.ndarray) -> tuple[AreaLine, ...]:
    return tuple(AreaLine.model_construct(
        area_id=net.area_ids[a], district_id=net.district_ids[net.area_district[a]],
        tier=net.tiers[c], backlog=int(net.backlog[a, c]), served=int(served[a, c]),
        coverage=_ratio(served[a, c], net.backlog[a, c]))
        for a in range(net.n_areas) for c in range(net.n_tiers))


def _service_lines(net: Network, cards: np.ndarray) -> tuple[ServiceLine, ...]:
    pair, tier = np.nonzero(cards)
    return tuple(ServiceLine.model_construct(
        area_id=net.area_ids[net.pairs.area[p]], site_id=net.site_ids[net.pairs.site[p]],
        tier=net.tiers[c], cards=int(cards[p, c]), km=float(net.pairs.km[p]))
        for p, c in zip(pair.tolist(), tier.tolist(), strict=True))


def _ratio(served: int, backlog: int) -> float | None:
    return round(float(served) / float(backlog), 6) if backlog else None
