"""Lot sizes: shipments in whole lots (model.md, decision x[s]).

With `lot_size > 1` the shipments are no longer a network decision. CP-SAT chooses
the number of lots per site that maximizes the tiers in order (S1); the chosen
lots then become fixed supplies and the network stages (S2, S3) run as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from optimizer.engine.model import IntArray
from optimizer.engine.network import Network

if TYPE_CHECKING:
    from ortools.sat.python import cp_model


@dataclass(frozen=True)
class LotChoice:
    site_supply: IntArray  # blanks per site, a multiple of the lot size
    proven: bool           # CP-SAT proved every tier optimal within the time limit


def choose_lots(net: Network, lot_size: int, time_limit_s: float) -> LotChoice:
    """Lots per site maximizing the tiers lexicographically.

    Each tier's CP-SAT solve may spend time_limit_s / tiers of CP-SAT's deterministic
    time (a count of its own work, not wall-clock seconds) on one worker, so the same
    input gives the same lots under any load.
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
    proven = True
    best: list[int] = [0] * len(lots)
    for c in range(net.n_tiers):
        model.maximize(sum(flows[c]))
        solver.parameters.max_deterministic_time = max(0.05, time_limit_s / net.n_tiers)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            proven = False
            break
        proven &= status == cp_model.OPTIMAL
        best = [int(solver.value(n)) for n in lots]
        model.add(sum(flows[c]) >= round(solver.objective_value))
        model.clear_hints()  # type: ignore[no-untyped-call]
        for n, value in zip(lots, best, strict=True):
            model.add_hint(n, value)
    return LotChoice(site_supply=np.array(best, dtype=np.int64) * lot_size, proven=proven)
