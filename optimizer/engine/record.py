"""One record between the stages and the plan: `StageRecord` -> `build_plan` -> `Plan`.

Whoever decides the shipments and the printing, the engine's stages (`solve`) or a
baseline policy (`optimizer.studies.baselines`), fills one frozen `StageRecord`
with its arrays; `build_plan` turns it into the `Plan` of the contract, with the
KPIs, the district and site lines and the standard messages computed the same
way for all. A plan that cannot exist (a hard constraint of model.md fails before
any stage runs) is built by `refused_plan` instead.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from optimizer.engine import kpis as figures
from optimizer.engine.lines import line_maker, lines_from_columns, paused_gc
from optimizer.engine.marginals import Marginals
from optimizer.engine.model import IntArray
from optimizer.engine.network import Network
from optimizer.engine.shadow import ShadowPrices
from optimizer.schema import (
    AreaLine,
    Binding,
    DistrictLine,
    Kpis,
    Message,
    Plan,
    Policy,
    ServiceLine,
    ShipmentLine,
    SiteLine,
    SolverInfo,
    Status,
    UnmetReason,
)


@dataclass(frozen=True)
class Solver:
    """Who made the plan, as `Plan.solver` names it, and when it started."""

    name: str        # "ortools-network", or "baseline:<policy>"
    version: str     # e.g. "ortools 9.12.4544"
    started: float   # time.perf_counter() when planning began (for `seconds`)

    def info(self, policy: Policy) -> SolverInfo:
        """`SolverInfo` with the seconds elapsed since `started`, to the microsecond."""
        return SolverInfo(name=self.name, version=self.version,
                          seconds=round(time.perf_counter() - self.started, 6),
                          time_limit_s=policy.time_limit_s)


@dataclass(frozen=True)
class StageRecord:
    """What the stages (or a baseline) decided: every array a `Plan` is built from.

    Shapes follow the network `net`: `cards` is (pairs, tiers) cards printed on each
    allowed area-site pair per tier; `printed` and `shipped` are (sites,) cards and
    blanks. `marginals` is None when they were not computed (baselines), else one
    value or None (time limit) per site. `leading` and `trailing` are the planner's
    own messages, placed before and after the standard ones of `kpis.messages`.
    """

    net: Network
    policy: Policy
    blanks: int                   # the shipment's blanks, reserve included
    input_sha256: str
    solver: Solver
    status: Status
    cards: IntArray
    printed: IntArray
    shipped: IntArray
    marginals: Marginals | None
    prices: ShadowPrices | None = None  # the travel stage's shadow prices (engine only)
    equity_complete: bool = True  # False when the time limit cut stage (S2) short
    lots_proven: bool = True      # False when CP-SAT did not prove the lot choice optimal
    lost_to_lots: int = 0         # cards printed without lots less cards with them
    kept_without_lots: int | None = None  # blanks the lot-free plan keeps central (lots only)
    leading: tuple[Message, ...] = ()
    trailing: tuple[Message, ...] = ()


def build_plan(record: StageRecord) -> Plan:
    """The `Plan` of a stage record: KPIs, lines and messages, the same for every planner."""
    with paused_gc():  # ~100,000 acyclic lines at national scale (optimizer.engine.lines)
        return _build_plan(record)


def _build_plan(record: StageRecord) -> Plan:
    net, policy = record.net, record.policy
    served = np.zeros((net.n_areas, net.n_tiers), dtype=np.int64)
    np.add.at(served, net.pairs.area, record.cards)
    district_served = np.zeros((net.n_districts, net.n_tiers), dtype=np.int64)
    np.add.at(district_served, net.area_district, served)
    district_backlog = net.district_backlog()
    marginals = record.marginals
    if marginals is None:
        none: list[int | None] = [None] * net.n_sites
        marginals = Marginals(per_printer_day=none, per_100_blanks=list(none))
    computed = record.marginals is not None and policy.marginals
    standard = figures.messages(
        net, record.blanks, policy, record.printed, record.shipped,
        marginals="skipped" if computed and None in marginals.per_printer_day
        else "exact" if computed else "none",
        equity_complete=record.equity_complete, lots_proven=record.lots_proven,
        lost_to_lots=record.lost_to_lots, kept_without_lots=record.kept_without_lots)
    return Plan(
        status=record.status, input_sha256=record.input_sha256,
        solver=record.solver.info(policy), tiers=net.tiers,
        kpis=figures.kpis(net, record.blanks, record.cards, district_served, district_backlog,
                          record.shipped, record.printed, record.lost_to_lots),
        shipments=tuple(_shipment_line(site_id=net.site_ids[s],
                                       blanks=int(record.shipped[s]))
                        for s in range(net.n_sites)),
        service=_service_lines(net, record.cards),
        districts=_district_lines(net, district_served, district_backlog,
                                  figures.unmet_reasons(net, served, record.printed,
                                                        record.shipped)),
        sites=_site_lines(net, record.printed, record.shipped,
                          figures.binding(net, served, record.printed, record.shipped),
                          marginals, record.prices),
        messages=(*record.leading, *standard, *record.trailing),
        areas=_area_lines(net, served),
    )


def refused_plan(tiers: tuple[str, ...], policy: Policy, input_sha256: str, solver: Solver,
                 reason: Message) -> Plan:
    """The `infeasible` plan: no lines, zero KPIs, `reason` (an error message) alone."""
    return Plan(
        status="infeasible", input_sha256=input_sha256, solver=solver.info(policy),
        tiers=tiers,
        kpis=Kpis(cards_by_tier=dict.fromkeys(tiers, 0),
                  coverage_min_by_tier=dict.fromkeys(tiers), coverage_max_by_tier=dict.fromkeys(
                      tiers), resident_km_total=0.0, resident_km_mean=0.0, max_km=0.0,
                  blanks_shipped=0, blanks_kept_central=0, blanks_stranded=0),
        shipments=(), service=(), districts=(), sites=(), messages=(reason,))


# Lines are built from the solver's own arrays, already checked: no re-validation
# (optimizer.engine.lines: what model_construct gives, without its per-object work).
_shipment_line = line_maker(ShipmentLine)
_site_line = line_maker(SiteLine)


def _site_lines(net: Network, printed: IntArray, shipped: IntArray,
                binding: list[Binding], marginals: Marginals,
                prices: ShadowPrices | None) -> tuple[SiteLine, ...]:
    none: list[float | None] = [None] * net.n_sites
    per_capacity = none if prices is None else prices.km_per_card_capacity
    per_blank = none if prices is None else prices.km_per_blank
    return tuple(_site_line(
        site_id=net.site_ids[s], district_id=net.district_ids[net.site_district[s]],
        capacity=int(net.capacity[s]), stock=int(net.stock[s]), blanks=int(shipped[s]),
        printed=int(printed[s]), binding=binding[s],
        marginal_cards_per_printer_day=marginals.per_printer_day[s],
        marginal_cards_per_100_blanks=marginals.per_100_blanks[s],
        km_saved_per_card_capacity=per_capacity[s], km_saved_per_blank=per_blank[s])
        for s in range(net.n_sites))


def _area_lines(net: Network, served: IntArray) -> tuple[AreaLine, ...]:
    # Columns (numpy to Python once), one line per (area, tier) in row order.
    n_tiers = net.n_tiers
    district_ids = [net.district_ids[k] for k in net.area_district.tolist()]
    backlog, cards = net.backlog.ravel().tolist(), served.ravel().tolist()
    return lines_from_columns(
        AreaLine, [a for a in net.area_ids for _ in range(n_tiers)],
        [d for d in district_ids for _ in range(n_tiers)], list(net.tiers) * net.n_areas,
        backlog, cards,
        [round(n / b, 6) if b else None  # kpis.coverage, inlined
         for b, n in zip(backlog, cards, strict=True)])


def _district_lines(net: Network, served: IntArray, backlog: IntArray,
                    reasons: list[list[UnmetReason]]) -> tuple[DistrictLine, ...]:
    # Columns (numpy to Python once), one line per (district, tier) in row order.
    n_tiers = net.n_tiers
    waiting, cards = backlog.ravel().tolist(), served.ravel().tolist()
    return lines_from_columns(
        DistrictLine, [d for d in net.district_ids for _ in range(n_tiers)],
        list(net.tiers) * net.n_districts, waiting, cards,
        [figures.coverage(n, b) for b, n in zip(waiting, cards, strict=True)],
        [b - n for b, n in zip(waiting, cards, strict=True)],
        [reason for row in reasons for reason in row])


def _service_lines(net: Network, cards: IntArray) -> tuple[ServiceLine, ...]:
    pair, tier = np.nonzero(cards)
    # Columns first (numpy to Python once), then one line per row.
    area_ids = [net.area_ids[a] for a in net.pairs.area[pair].tolist()]
    site_ids = [net.site_ids[s] for s in net.pairs.site[pair].tolist()]
    tiers = [net.tiers[c] for c in tier.tolist()]
    return lines_from_columns(ServiceLine, area_ids, site_ids, tiers,
                              cards[pair, tier].tolist(), net.pairs.km[pair].tolist())
