r"""(S2b) Equity between areas, every district's total held exactly (model.md 2b).

For one tier c, with the district totals D[k] fixed by (S2a) and the earlier
tiers held, the area coverage vector served[a] / backlog[a] is made
lexicographically max-min in whole cards by the greedy of (S2a)
(`model.fill_whole_cards`): one card at a time to the area of lowest coverage that
can still take one, run in bulk by water levels.
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

Districts alone. Drop every constraint but the district totals (each unit is still
capped by its backlog): the floors that fit form a product, district by district,
and on a product the greedy does in each factor what it does there alone, so its
answer is each district's own water filling (`model.water_fill`, arithmetic only).
The real floors are a down-closed subset of those. If that answer is feasible (one max
flow), every state the relaxed greedy passes through lies below it, so is feasible
too, and the greedy on the real floors makes the same choice at every card: a card
the relaxed greedy gives fits, and a unit it fixes (no room in the relaxation) has
none in the subset either. So the answer is the greedy's own, found with one max flow
instead of a round per water level; when it is not feasible the greedy runs as below.
On Palembang every plan's (S2b) is found this way.

Exactness. The vectors of area floors that can be met with the district totals
held form a down-closed set, and the greedy is exact on it when it is a
polymatroid; unlike (S2a) that is not proven here (fixing district sums
intersects two M-convex sets). The tests check the result independently: no
single card can move between two areas of a district to raise their sorted
coverage (tests/engine/test_independent.py, HiGHS; test_area_equity.py).
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
    _least_level_within,
    _level_within,
    _shares,
    fill_whole_cards,
    tier_caps,
    water_fill,
)
from optimizer.engine.scc import offsets, strong_components_csr


class AreaFilling:
    """The floor network of one tier with its district totals held."""

    def __init__(self, model: FlowModel, holds: Holds, tier: int, backlog: IntArray):
        layout = model.layout
        caps = tier_caps(holds, tier, layout.unlimited)
        self.model, self.tier = model, tier
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
        # The arcs `solve` sets, in one call: floors, extras, then district arcs.
        self._solve_arcs = np.concatenate([self.floor_arcs, self.extra_arcs,
                                           self.district_arcs])
        self.district = layout.district_node[self.group, tier]
        self._residual: tuple[IntArray, IntArray, IntArray, IntArray, IntArray,
                              bool] | None = None

    def start(self) -> tuple[IntArray, BoolArray]:
        """The filling's start: areas of a district served in full at their backlog,
        every other at 0; and which of them rise (a district served, not in full)."""
        totals, group, b = self.totals, self.group, self.backlog
        full = totals[group] >= self.sums(b)[group]
        start = np.where(full, b, 0).astype(np.int64)
        return start, (totals[group] > 0) & ~full

    def sums(self, level: IntArray) -> IntArray:
        return np.bincount(self.group, weights=level,
                           minlength=len(self.totals)).astype(np.int64)

    def solve(self, level: IntArray) -> int:
        """Max flow with the floors at `level` (district sums must not exceed D)."""
        self.model.set_arcs(self._solve_arcs, np.concatenate(
            [level, self.backlog - level, self.totals - self.sums(level)]))
        return self.model.solve()

    def feasible(self, level: IntArray) -> bool:
        """Whether every area can get `level` with every district's total held."""
        return (not (self.sums(level) > self.totals).any()
                and self.solve(level) == self.target)

    def highest(self, active: BoolArray, level: IntArray) -> IntArray:
        return _highest_level(self, active, level)

    def can_rise(self, level: IntArray) -> BoolArray:
        """Areas that can get one more card in the last (feasible) max flow's residual."""
        model, layout = self.model, self.model.layout
        kept, order, arc_heads, first, extra_at, repeats = self._residual_arcs()
        flows = model.flows(kept)  # extra arcs are among them (DEMAND -> DISTRICT)
        extra = flows[extra_at]
        residual = np.concatenate([model.caps[kept] > flows, flows > 0])
        chosen = residual[order]
        if repeats:
            # An arc twice (u -> v with room and v -> u carrying flow) is kept once.
            tails, heads = np.repeat(np.arange(layout.n_nodes), np.diff(first))[chosen], \
                arc_heads[chosen]
            single = np.ones(len(tails), dtype=bool)
            single[1:] = (tails[1:] != tails[:-1]) | (heads[1:] != heads[:-1])
            label = strong_components_csr(layout.n_nodes,
                                          offsets(layout.n_nodes, tails[single]), heads[single])
        else:
            # Where each node's chosen arcs start: the count of chosen arcs before its
            # first candidate (candidates are sorted by tail).
            at = np.flatnonzero(chosen)
            label = strong_components_csr(layout.n_nodes, np.searchsorted(at, first),
                                          arc_heads[at])
        linked = label[self.demand] == label[self.district]
        return np.asarray((level < self.backlog) & ((extra > 0) | linked), dtype=bool)

    def _residual_arcs(self) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray, bool]:
        """The arcs `can_rise` searches, built on its first call: every arc without a
        tier or sink node (`kept`), each forward and backward (2 * len(kept) candidate
        residual arcs, forward ones first), their order by tail then head, the
        candidates' heads in that order, where each node's candidates start in it
        (CSR row pointers), where the extra arcs are in `kept`, and whether two
        candidates are the same arc. A search then takes its CSR form by a mask and a
        running count, with no sort.

        Later tiers' pair and area arcs are left out: their area arcs are shut in this
        stage (`tier_caps`) and so are their floor arcs, so their DEMAND nodes have no
        way on, no flow enters them, and a residual arc into one starts no cycle."""
        if self._residual is None:
            layout = self.model.layout
            keep = np.ones(layout.n_nodes, dtype=bool)
            keep[layout.tier_node] = False
            keep[layout.sink] = False
            keep_arc = keep[layout.tails] & keep[layout.heads]
            for index in (layout.pair_arc_index, layout.area_arc_index):
                later = index[:, self.tier + 1:]
                keep_arc[later[later >= 0]] = False
            kept = np.flatnonzero(keep_arc)
            tails = np.concatenate([layout.tails[kept], layout.heads[kept]])
            heads = np.concatenate([layout.heads[kept], layout.tails[kept]])
            order = np.lexsort((heads, tails))
            tails, heads = tails[order], heads[order]
            repeats = bool(((tails[1:] == tails[:-1]) & (heads[1:] == heads[:-1])).any())
            self._residual = (kept, order, heads, offsets(layout.n_nodes, tails),
                              np.searchsorted(kept, self.extra_arcs), repeats)
        return self._residual


def equalize_areas(model: FlowModel, holds: Holds, tier: int, backlog: IntArray,
                   budget: Budget, relaxed_first: bool = True) -> EquityResult:
    """(S2b) for one tier: (areas,) shares whose district sums are `holds.upper[:, tier]`.

    `backlog` is the tier's (areas,) backlog. Areas of a district served not at all
    or in full are fixed at once; the others get the whole-card lexicographic
    max-min (`model.fill_whole_cards`). `complete` is False when the work budget
    stopped the filling (the shares are then valid lower bounds only).

    With `relaxed_first`, the greedy's answer with every district alone and its
    offices unbounded (`model.water_fill`, no max flow) is tried first: when one max
    flow finds it feasible it is the greedy's own answer (the module docstring,
    "Districts alone"), for one round of the budget.
    Raises SolverFailure if the held district totals are not feasible (a bug).
    """
    fill = AreaFilling(model, holds, tier, backlog)
    start, active = fill.start()
    if relaxed_first and budget.left > 0:
        alone = water_fill(fill.group, fill.totals, fill.backlog, start, active)
        if alone is not None and fill.solve(alone) == fill.target:
            budget.take()
            served = np.zeros(len(backlog), dtype=np.int64)
            served[fill.idx] = alone
            return EquityResult(served=served, complete=True, rounds=1)
    level, complete, rounds = fill_whole_cards(fill, start, active, budget)
    # After a round the levels are proven feasible (`fill_whole_cards` verifies every
    # state and prefix it keeps, or `can_rise` proved the single card), so only the
    # starting levels need a max flow of their own.
    if complete and rounds == 0 and fill.solve(level) != fill.target:
        raise SolverFailure("area equity: the held district totals are not feasible")
    served = np.zeros(len(backlog), dtype=np.int64)
    served[fill.idx] = level
    return EquityResult(served=served, complete=complete, rounds=rounds)


def districts_alone(model: FlowModel, holds: Holds, tier: int,
                    backlog: IntArray) -> tuple[AreaFilling, IntArray | None]:
    """The filling of tier `tier` over `model` (loaded) and every district's own water
    filling (`model.water_fill`, the module docstring's "Districts alone"), (units,)
    cards in the filling's units, or None when the arithmetic could not tell."""
    fill = AreaFilling(model, holds, tier, backlog)
    start, active = fill.start()
    return fill, water_fill(fill.group, fill.totals, fill.backlog, start, active)


def _highest_level(fill: AreaFilling, active: BoolArray, level: IntArray) -> IntArray:
    """Floors ceil(t * backlog) at the highest water level t found feasible, by discrete
    Newton steps: on a district's own total first, then on a max flow's min cut."""
    b, group, cap = fill.backlog, fill.group, fill.backlog
    held = None  # each district's cards in its units that do not rise
    t = 1.0
    while True:
        trial = np.where(active, _shares(t, b, level, cap, up=True), level)
        over = fill.sums(trial) > fill.totals
        if over.any():  # a district's own total is the violated cut
            # Every district over its total has rising units (the rest hold a feasible
            # level), so its units' groups are the over districts in ascending order.
            rising = active & over[group]
            districts = np.flatnonzero(over)
            local = (np.cumsum(over) - 1)[group[rising]]
            if held is None:
                held = fill.sums(np.where(active, 0, level))
            room = fill.totals[districts] - held[districts]
            t = _least_level_within(room, local, b[rising], level[rising], cap[rising], t)
            continue
        flow = fill.solve(trial)
        if flow == fill.target:
            return trial
        source = fill.model.source_side()
        rising = active & ~source[fill.demand] & source[fill.district]
        room_left = flow - fill.target + int(trial[rising].sum())
        t = _level_within(room_left, b[rising], level[rising], cap[rising], t, up=True)

