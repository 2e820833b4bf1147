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
from collections.abc import Sequence
from itertools import chain
from typing import NamedTuple

import numpy as np

from optimizer.engine import kpis as figures
from optimizer.engine.limits import plan_limits
from optimizer.engine.lines import lines_from_columns, paused_gc
from optimizer.engine.marginals import Marginals
from optimizer.engine.model import IntArray
from optimizer.engine.network import Network, row_sums
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


class Solver(NamedTuple):
    """Who made the plan, as `Plan.solver` names it, and when it started."""

    name: str        # "ortools-network", or "baseline:<policy>"
    version: str     # e.g. "ortools 9.12.4544"
    started: float   # time.perf_counter() when planning began (for `seconds`)

    def info(self, policy: Policy) -> SolverInfo:
        """`SolverInfo` with the seconds elapsed since `started`, to the microsecond."""
        return SolverInfo(name=self.name, version=self.version,
                          seconds=round(time.perf_counter() - self.started, 6),
                          time_limit_s=policy.time_limit_s)


class StageRecord(NamedTuple):
    """What the stages (or a baseline) decided: every array a `Plan` is built from.

    Shapes follow the network `net`: `cards` is (pairs, tiers) cards printed on each
    allowed area-site pair per tier; `printed` and `shipped` are (sites,) cards and
    blanks. `marginals` is None when they were not computed (baselines), else one
    value or None (time limit) per site. `leading` and `trailing` are the planner's
    own messages, placed before and after the standard ones of `kpis.messages`.
    `served`, when given, must be `row_sums(net.pairs.area, cards, net.n_areas)` (the
    engine's, which its marginals read too).
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
    marginals_without_lots: bool = False  # the marginals are the lot-free plan's (lots only)
    lot_choice_cut: bool = False  # the time limit stopped the lot choice for (S1) unproven
    leading: tuple[Message, ...] = ()
    trailing: tuple[Message, ...] = ()
    served: IntArray | None = None  # (areas, tiers) cards served, when the planner has them


def build_plan(record: StageRecord) -> Plan:
    """The `Plan` of a stage record: KPIs, lines and messages, the same for every planner."""
    with paused_gc():  # ~100,000 acyclic lines at national scale (optimizer.engine.lines)
        return _build_plan(record)


def _build_plan(record: StageRecord) -> Plan:
    net, policy = record.net, record.policy
    served = (row_sums(net.pairs.area, record.cards, net.n_areas) if record.served is None
              else record.served)
    district_served = row_sums(net.area_district, served, net.n_districts)
    district_backlog = net.district_backlog()
    marginals = record.marginals
    bindings, reasons = plan_limits(net, policy, record.cards, record.printed, record.shipped,
                                    served)
    if marginals is None:
        none: list[int | None] = [None] * net.n_sites
        marginals = Marginals(per_printer_day=none, per_100_blanks=list(none))
    computed = record.marginals is not None and policy.marginals
    standard = figures.messages(
        net, record.blanks, policy, record.printed, record.shipped,
        marginals="skipped" if computed and (None in marginals.per_printer_day
                                             or None in marginals.per_100_blanks)
        else "exact" if computed else "none",
        equity_complete=record.equity_complete, lots_proven=record.lots_proven,
        lost_to_lots=record.lost_to_lots, kept_without_lots=record.kept_without_lots,
        marginals_without_lots=record.marginals_without_lots,
        lot_choice_cut=record.lot_choice_cut)
    return Plan(
        status=record.status, input_sha256=record.input_sha256,
        solver=record.solver.info(policy), tiers=net.tiers,
        kpis=figures.kpis(net, record.blanks, record.cards, district_served, district_backlog,
                          record.shipped, record.printed, record.lost_to_lots),
        shipments=_shipment_lines(net, record.shipped),
        service=_service_lines(net, record.cards),
        districts=_district_lines(net, district_served, district_backlog, reasons),
        sites=_site_lines(net, record.printed, record.shipped, bindings, marginals,
                          record.prices),
        messages=(*record.leading, *standard, *record.trailing),
        areas=_area_lines(net, served),
    )


def refused_plan(tiers: tuple[str, ...], policy: Policy, input_sha256: str, solver: Solver,
                 reason: Message, *, blanks: int) -> Plan:
    """The `infeasible` plan: no lines, `reason` (an error message) alone. Nothing ships,
    so the shipment's `blanks` all stay central (blanks_kept_central); every other KPI is
    zero (no figure: the outputs show none)."""
    return Plan(
        status="infeasible", input_sha256=input_sha256, solver=solver.info(policy),
        tiers=tiers,
        kpis=Kpis(cards_by_tier=dict.fromkeys(tiers, 0),
                  coverage_min_by_tier=dict.fromkeys(tiers), coverage_max_by_tier=dict.fromkeys(
                      tiers), resident_km_total=0.0, resident_km_mean=0.0, max_km=0.0,
                  blanks_shipped=0, blanks_kept_central=blanks, blanks_stranded=0),
        shipments=(), service=(), districts=(), sites=(), messages=(reason,))


# Lines are built from the solver's own arrays, already checked: no re-validation
# (optimizer.engine.lines: what model_construct gives, without its per-object work).
# Columns are made from numpy in C-level loops (tolist, map, repeat), not row by row.


def _shipment_lines(net: Network, shipped: IntArray) -> tuple[ShipmentLine, ...]:
    return lines_from_columns(ShipmentLine, net.site_ids, shipped.tolist())


def _site_lines(net: Network, printed: IntArray, shipped: IntArray,
                binding: list[Binding], marginals: Marginals,
                prices: ShadowPrices | None) -> tuple[SiteLine, ...]:
    none: list[float | None] = [None] * net.n_sites
    per_capacity = none if prices is None else prices.km_per_card_capacity
    per_blank = none if prices is None else prices.km_per_blank
    return lines_from_columns(
        SiteLine, net.site_ids, _ids(net.district_ids, net.site_district),
        net.capacity.tolist(), net.stock.tolist(), shipped.tolist(), printed.tolist(),
        binding, marginals.per_printer_day, marginals.per_100_blanks, per_capacity,
        per_blank)


def _area_lines(net: Network, served: IntArray) -> tuple[AreaLine, ...]:
    # One line per (area, tier) in row order.
    n_tiers = net.n_tiers
    return lines_from_columns(
        AreaLine, _each_repeated(net.area_ids, n_tiers),
        _each_repeated(_ids(net.district_ids, net.area_district), n_tiers),
        list(net.tiers) * net.n_areas, net.backlog.ravel().tolist(), served.ravel().tolist(),
        figures.coverages(served.ravel(), net.backlog.ravel()))


def _district_lines(net: Network, served: IntArray, backlog: IntArray,
                    reasons: list[list[UnmetReason]]) -> tuple[DistrictLine, ...]:
    # One line per (district, tier) in row order.
    n_tiers = net.n_tiers
    return lines_from_columns(
        DistrictLine, _each_repeated(net.district_ids, n_tiers),
        list(net.tiers) * net.n_districts, backlog.ravel().tolist(), served.ravel().tolist(),
        figures.coverages(served.ravel(), backlog.ravel()), (backlog - served).ravel().tolist(),
        list(chain.from_iterable(reasons)))


def _service_lines(net: Network, cards: IntArray) -> tuple[ServiceLine, ...]:
    # The cells with cards, row-major as np.nonzero(cards) gives them, found over the flat
    # cells of a boolean array (optimizer.engine.narrow: ~0.1 ms of a province's (33,134,
    # 2) cards against ~0.6).
    flat = cards.ravel()
    cell = (flat != 0).nonzero()[0]
    pair, tier = np.divmod(cell, cards.shape[1])
    return lines_from_columns(ServiceLine, _ids(net.area_ids, net.pairs.area[pair]),
                              _ids(net.site_ids, net.pairs.site[pair]), _ids(net.tiers, tier),
                              flat[cell].tolist(), net.pairs.km[pair].tolist())


def _ids(ids: tuple[str, ...], index: IntArray) -> list[str]:
    """ids[i] for each i of `index` (the same str objects), by one gather of an object
    array: ~45 us for a province's 3,476 service lines, ~110 by a map over the tuple."""
    return np.array(ids, dtype=object)[index].tolist()  # type: ignore[no-any-return]


def _each_repeated(values: Sequence[str], times: int) -> list[str]:
    """Each value `times` times in a row: (a, b), 2 -> [a, a, b, b] (slice assignments:
    0.4 ms for 84,000 values, 8 ms through itertools)."""
    out: list[str] = [""] * (len(values) * times)
    for k in range(times):
        out[k::times] = values
    return out
