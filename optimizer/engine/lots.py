"""Lot sizes: shipments in whole lots (model.md, decision x[s], "Lot sizes").

With `lot_size > 1` the shipments are no longer a network decision. The lot-free
plan comes first (solve.py); its shipments rounded down to whole lots are a valid
lot plan, the floor. CP-SAT, started from the floor, chooses the lots per site that
maximize the tiers in order (S1), then, with those totals held, the lots closest
to the rounded-down shipments. A CP-SAT answer below the floor (a budget cut
short) is never used: the floor is. The chosen lots become fixed supplies and the
network stages (S2) run with them; then equity is chosen over the lots too
(engine/lot_equity.py): with the tier totals held, other whole-lot shipments are
tried, each judged by the same stages, and the fairest found is kept, proven
optimal when its shares equal those of the same stages without lots. Then (S3)
chooses the lots again (`travel_lots`): with every tier total and every area's
share held, the whole-lot shipments that need the fewest resident-km, the lots
chosen so far being CP-SAT's hint and the fallback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from optimizer.engine.model import IntArray
from optimizer.engine.network import Network

if TYPE_CHECKING:
    from ortools.sat.python import cp_model


# Share of time_limit_s given to each lot stage (CP-SAT's tier and travel searches, the
# equity search of lot_equity.py): the floor makes a short search safe.
LOT_SHARE = 0.2
# CP-SAT's deterministic time per second of the time limit. Its unit is not a second:
# on Palembang's travel model (2,097 variables, 5,000 blanks in lots of 1,000) 2.03
# units took 8.3 CPU-seconds (4.1 s per unit; 2026-11-29, load 2.3), so a plan with a
# 10 s limit ran 14 s and the service's deadline cut it. 0.25 units per second keeps
# each CP-SAT stage near its share of the limit.
DTIME_PER_SECOND = 0.25


@dataclass(frozen=True)
class LotChoice:
    """What CP-SAT chose: each site's fixed supply in blanks, and whether it is proven."""

    site_supply: IntArray  # blanks per site, a multiple of the lot size
    proven: bool           # CP-SAT proved every tier optimal within the time limit


def choose_lots(net: Network, lot_size: int, time_limit_s: float, floor: IntArray,
                floor_tiers: IntArray) -> LotChoice:
    """Lots per site maximizing the tiers lexicographically.

    CP-SAT runs on one worker and spends DTIME_PER_SECOND * LOT_SHARE * time_limit_s of
    its deterministic time (a count of its own work, not wall-clock seconds) over its tier and
    closeness solves, so the same input gives the same lots under any load. `floor` is
    the lots of the rounded-down lot-free plan and `floor_tiers` what it prints per
    tier; the answer is never lexicographically below it.
    """
    from ortools.sat.python import cp_model  # CP-SAT loads only when lots are asked for

    model = cp_model.CpModel()
    # A last lot may be only partly printed: up to ceil(capacity / lot) lots can help.
    most_lots = np.minimum(np.minimum(net.room, net.supply) // lot_size,
                           -(-net.capacity // lot_size))
    lots = [model.new_int_var(0, int(m), f"lots[{s}]") for s, m in enumerate(most_lots)]
    model.add(sum(lot_size * n for n in lots) <= net.supply)                       # (1)
    pa, ps = net.pairs.area, net.pairs.site
    flows: list[list[cp_model.IntVar]] = [[] for _ in net.tiers]
    by_site: list[list[cp_model.IntVar]] = [[] for _ in net.site_ids]
    by_demand: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    for p in range(len(pa)):
        for c in range(net.n_tiers):
            cap = int(min(net.backlog[pa[p], c], net.capacity[ps[p]]))
            if cap <= 0:
                continue
            y = model.new_int_var(0, cap, f"y[{p},{c}]")
            flows[c].append(y)
            by_site[ps[p]].append(y)
            by_demand.setdefault((int(pa[p]), c), []).append(y)
    for s, ys in enumerate(by_site):
        model.add(sum(ys) <= int(net.stock[s]) + lot_size * lots[s])              # (2a)
        model.add(sum(ys) <= int(net.capacity[s]))                                 # (2b)
    for (a, c), ys in by_demand.items():
        model.add(sum(ys) <= int(net.backlog[a, c]))                               # (3)

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = max(
        0.05, DTIME_PER_SECOND * LOT_SHARE * time_limit_s / (net.n_tiers + 1))
    proven = True
    best = [int(min(f, m)) for f, m in zip(floor.tolist(), most_lots.tolist(), strict=True)]
    reached: list[int] = []
    for n, value in zip(lots, best, strict=True):
        model.add_hint(n, value)
    for c in range(net.n_tiers):
        model.maximize(sum(flows[c]))
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            proven = False
            break
        proven &= status == cp_model.OPTIMAL
        best = [int(solver.value(n)) for n in lots]
        reached.append(round(solver.objective_value))
        model.add(sum(flows[c]) >= reached[-1])
        _hint(model, lots, best)
    if len(reached) == net.n_tiers:
        # With the tiers held: the lots closest to the lot-free shipments.
        free = [int(f) * lot_size for f in floor.tolist()]
        gaps = [model.new_int_var(0, int(net.supply) + lot_size, f"gap[{s}]")
                for s in range(len(lots))]
        for n, g, x in zip(lots, gaps, free, strict=True):
            model.add(g >= lot_size * n - x)
            model.add(g >= x - lot_size * n)
        model.minimize(sum(gaps))
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            best = [int(solver.value(n)) for n in lots]
            proven &= status == cp_model.OPTIMAL
        else:
            proven = False
    chosen = np.array(best, dtype=np.int64)
    if len(reached) < net.n_tiers or reached < floor_tiers.tolist():
        chosen, proven = floor.astype(np.int64), False  # never below the floor
    return LotChoice(site_supply=chosen * lot_size, proven=proven)


def _hint(model: cp_model.CpModel, lots: list[cp_model.IntVar], values: list[int]) -> None:
    model.clear_hints()  # type: ignore[no-untyped-call]
    for n, value in zip(lots, values, strict=True):
        model.add_hint(n, value)


# Most resident-metres a CP-SAT objective may reach (its coefficients and bounds must stay
# well inside int64); larger instances keep the lots chosen for the tiers.
TRAVEL_OBJECTIVE_LIMIT = 2**53


def travel_lots(net: Network, lot_size: int, time_limit_s: float, site_supply: IntArray,
                area_share: IntArray | None, tier_total: IntArray, metres: IntArray,
                hint: IntArray) -> LotChoice | None:
    """(S3) with lots: the whole-lot shipments that let the fewest resident-km print the
    held shares; None when there is nothing to choose or CP-SAT found nothing.

    Every stage before travel is held: each tier's total `tier_total` (tiers,), and
    with equity each area's cards `area_share` (areas, tiers). The lots chosen for
    the tiers (`site_supply`, blanks per site) with the cards `hint` (pairs, tiers)
    are a feasible answer and CP-SAT's hint, so what it returns is never worse;
    `metres` (pairs,) are the metres per card of each pair. CP-SAT runs on one
    worker for DTIME_PER_SECOND * LOT_SHARE * time_limit_s of deterministic time;
    `proven` is whether it proved the minimum.
    """
    from ortools.sat.python import cp_model

    pa, ps = net.pairs.area, net.pairs.site
    most_cards = int(tier_total.sum())
    if most_cards == 0 or float(metres.max(initial=0)) * most_cards >= TRAVEL_OBJECTIVE_LIMIT:
        return None
    model = cp_model.CpModel()
    most_lots = np.minimum(np.minimum(net.room, net.supply) // lot_size,
                           -(-net.capacity // lot_size))
    lots = [model.new_int_var(0, int(m), f"lots[{s}]") for s, m in enumerate(most_lots)]
    model.add(sum(lot_size * n for n in lots) <= net.supply)                       # (1)
    by_site: list[list[cp_model.IntVar]] = [[] for _ in net.site_ids]
    by_demand: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    by_tier: list[list[cp_model.IntVar]] = [[] for _ in net.tiers]
    cost: list[tuple[int, cp_model.IntVar]] = []
    ys: list[tuple[cp_model.IntVar, int]] = []
    for p in range(len(pa)):
        for c in range(net.n_tiers):
            cap = int(min(net.backlog[pa[p], c], net.capacity[ps[p]]))
            if cap <= 0:
                continue
            y = model.new_int_var(0, cap, f"y[{p},{c}]")
            by_site[ps[p]].append(y)
            by_demand.setdefault((int(pa[p]), c), []).append(y)
            by_tier[c].append(y)
            cost.append((int(metres[p]), y))
            ys.append((y, int(hint[p, c])))
    for s, group in enumerate(by_site):
        model.add(sum(group) <= int(net.stock[s]) + lot_size * lots[s])            # (2a)
        model.add(sum(group) <= int(net.capacity[s]))                               # (2b)
    for (a, c), group in by_demand.items():
        if area_share is None:
            model.add(sum(group) <= int(net.backlog[a, c]))                         # (3)
        else:
            model.add(sum(group) == int(area_share[a, c]))                          # S2 held
    for c, group in enumerate(by_tier):
        model.add(sum(group) == int(tier_total[c]))                                 # S1 held
    model.minimize(sum(m * y for m, y in cost))
    for n, value in zip(lots, (site_supply // lot_size).tolist(), strict=True):
        model.add_hint(n, int(value))
    for y, value in ys:
        model.add_hint(y, value)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = max(
        0.05, DTIME_PER_SECOND * LOT_SHARE * time_limit_s)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen = np.array([int(solver.value(n)) for n in lots], dtype=np.int64)
    return LotChoice(site_supply=chosen * lot_size, proven=status == cp_model.OPTIMAL)
