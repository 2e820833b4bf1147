r"""(S2b) Equity between areas, every district's total held exactly (model.md 2b).

For one tier c, with the district totals D[k] fixed by (S2a) and the earlier
tiers held, the area coverage vector served[a] / backlog[a] is made
lexicographically max-min by progressive filling, as (S2a) does for districts.
What differs is the feasibility question. "Every area a gets at least L[a] and
every district exactly D[k]" has lower bounds, which a max flow answers after
splitting each area's flow in two:

    DEMAND[a, c] --floor: L[a]--------------------> TIER[c]
    DEMAND[a, c] --extra: backlog[a] - L[a]--> DISTRICT[k, c] --D[k] - sum_{a in k} L[a]--> TIER[c]

The levels L are feasible exactly when the max flow saturates every floor and
every district arc, i.e. equals held + sum_k D[k] (`target`).

Newton steps. A min cut (S, T) of an infeasible max flow has capacity
const - sum L[a] over the areas with DEMAND[a] in T and DISTRICT[k(a)] in S
(a floor arc in the cut adds L[a], its extra or district arc takes it away
again, so only those areas count). The level cannot exceed the highest t at
which that cut still holds `target`, which bounds t from above; the sum over a
district, sum_{a in k} L[a] <= D[k], is a cut of the same kind.

Who can rise. After a feasible max flow f, area a can get one more card (all
other levels held, every district exact) when one unit can move round a cycle
DEMAND[a] -floor-> TIER -back on k's district arc-> DISTRICT[k] ~> DEMAND[a] in
the residual network. TIER cannot be entered again (its in-arcs are saturated),
so the question is whether DISTRICT[k] reaches DEMAND[a] in the residual network
without the tier and sink nodes: directly, when a carries extra flow, else when
DEMAND[a] and DISTRICT[k] are in one strongly connected component (a's extra arc
is not saturated, so DEMAND[a] reaches DISTRICT[k]). Areas that cannot rise are
fixed at their level; filling goes on with the rest.

Flooring the shares at a level no lower than the LP's keeps every area within
one card of its LP share, as model.md allows, exactly as in (S2a).
"""

from __future__ import annotations

import numpy as np

from optimizer.engine.model import (
    BoolArray,
    Budget,
    EquityResult,
    FlowModel,
    Holds,
    IntArray,
    SolverFailure,
    _by_coverage,
    _level_within,
    _levels_within,
    _shares,
    tier_caps,
)


class AreaFilling:
    """The floor network of one tier with its district totals held."""

    def __init__(self, model: FlowModel, holds: Holds, tier: int, backlog: IntArray):
        layout = model.layout
        caps = tier_caps(holds, tier, layout.unlimited)
        self.model = model
        self.totals = holds.upper[:, tier].astype(np.int64)
        self.target = int(caps.tier[:tier].sum()) + int(self.totals.sum())
        model.load(caps)
        self.idx = np.flatnonzero(backlog > 0)
        self.backlog = backlog[self.idx].astype(np.int64)
        self.group = layout.area_district[self.idx]
        n_k, n_c = layout.district_node.shape
        self.floor_arcs = layout.floor_arc_index[self.idx, tier]
        self.extra_arcs = layout.area_arc_index[self.idx, tier]
        self.district_arcs = layout.district_arc0 + np.arange(n_k, dtype=np.int64) * n_c + tier
        self.demand = layout.demand_node[self.idx, tier]
        self.district = layout.district_node[self.group, tier]
        keep = np.ones(layout.n_nodes, dtype=bool)
        keep[layout.tier_node] = False
        keep[layout.sink] = False
        self.keep_arc = keep[layout.tails] & keep[layout.heads]

    def sums(self, level: IntArray) -> IntArray:
        return np.bincount(self.group, weights=level,
                           minlength=len(self.totals)).astype(np.int64)

    def solve(self, level: IntArray) -> int:
        """Max flow with the floors at `level` (district sums must not exceed D)."""
        self.model.set_arcs(self.floor_arcs, level)
        self.model.set_arcs(self.extra_arcs, self.backlog - level)
        self.model.set_arcs(self.district_arcs, self.totals - self.sums(level))
        return self.model.solve()

    def can_rise(self, level: IntArray) -> BoolArray:
        """Areas that can get one more card in the last (feasible) max flow's residual."""
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        model, layout = self.model, self.model.layout
        flows = model.flows()
        extra = flows[self.extra_arcs]
        fwd = self.keep_arc & (model.caps > flows)
        bwd = self.keep_arc & (flows > 0)
        rows = np.concatenate([layout.tails[fwd], layout.heads[bwd]])
        cols = np.concatenate([layout.heads[fwd], layout.tails[bwd]])
        graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)),
                           shape=(layout.n_nodes, layout.n_nodes)).tocsr()
        _, label = connected_components(graph, directed=True, connection="strong")
        linked = label[self.demand] == label[self.district]
        return np.asarray((level < self.backlog) & ((extra > 0) | linked), dtype=bool)


def equalize_areas(model: FlowModel, holds: Holds, tier: int, backlog: IntArray,
                   budget: Budget) -> EquityResult:
    """(S2b) for one tier: (areas,) shares whose district sums are `holds.upper[:, tier]`.

    `backlog` is the tier's (areas,) backlog. Areas of a district served not at all
    or in full are fixed at once. Shares are whole cards; `complete` is False when
    the work budget stopped the filling (the shares are then valid lower bounds only).
    Raises SolverFailure if the held district totals are not feasible (a bug).
    """
    fill = AreaFilling(model, holds, tier, backlog)
    totals, group, b = fill.totals, fill.group, fill.backlog
    district_backlog = fill.sums(b)
    full = totals[group] >= district_backlog[group]
    level = np.where(full, b, 0).astype(np.int64)
    active = (totals[group] > 0) & ~full
    rounds = 0
    complete = True
    while active.any():
        if not budget.take():
            complete = False
            break
        rounds += 1
        level = _highest_level(fill, active, level)
        blocked = active & ~fill.can_rise(level)
        if blocked.any():
            active &= ~blocked
            continue
        _raise_tied(fill, active, level)
    if complete and fill.solve(level) != fill.target:
        raise SolverFailure("area equity: the held district totals are not feasible")
    served = np.zeros(len(backlog), dtype=np.int64)
    served[fill.idx] = level
    return EquityResult(served=served, complete=complete, rounds=rounds)


def _highest_level(fill: AreaFilling, active: BoolArray, level: IntArray) -> IntArray:
    """The feasible floors at the highest water level, by discrete Newton steps."""
    b, group, cap = fill.backlog, fill.group, fill.backlog
    t = 1.0
    while True:
        trial = np.where(active, _shares(t, b, level, cap), level)
        over = fill.sums(trial) > fill.totals
        if over.any():  # a district's own total is the violated cut
            rising = active & over[group]
            k = group[rising]
            districts, local = np.unique(k, return_inverse=True)
            room = fill.totals[districts] - fill.sums(np.where(active, 0, level))[districts]
            t = float(_levels_within(room, local, b[rising], level[rising], cap[rising],
                                     t).min())
            continue
        flow = fill.solve(trial)
        if flow == fill.target:
            return trial
        source = fill.model.source_side()
        rising = active & ~source[fill.demand] & source[fill.district]
        room_left = flow - fill.target + int(trial[rising].sum())
        t = _level_within(room_left, b[rising], level[rising], cap[rising], t)


def _raise_tied(fill: AreaFilling, active: BoolArray, level: IntArray) -> None:
    """Every area can rise alone, not all together: one card each, lowest coverage first.

    A batch takes areas in coverage order while their district has room; it is
    halved until it fits (a batch of one always fits, since that area can rise).
    """
    room = fill.totals - fill.sums(level)
    batch = []
    for a in _by_coverage(fill.backlog, active, level).tolist():
        k = int(fill.group[a])
        if room[k] > 0:
            room[k] -= 1
            batch.append(a)
    chosen = np.array(batch, dtype=np.int64)
    while True:
        trial = level.copy()
        trial[chosen] += 1
        if fill.solve(trial) == fill.target:
            level[chosen] += 1
            return
        if len(chosen) == 1:  # cannot happen for an area that can rise alone
            active[chosen] = False
            return
        chosen = chosen[:len(chosen) // 2]
