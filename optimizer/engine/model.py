r"""The maths of model.md as a flow network, solved stage by stage.

Data
    sites s: capacity[s] = printers * cards_per_printer_day * working_days, stock[s],
             room[s] = storage_cap[s] - stock[s] (unlimited without a cap)
    areas a: backlog[a, c] for each tier c (0 = highest priority); district k(a)
    pairs (a, s) allowed with km[a, s]; B = blanks - reserve

Variables
    x[s]        blanks shipped to site s
    y[a, s, c]  cards printed at s for residents of a in tier c (allowed pairs only)

Constraints
    (1)  sum_s x[s] <= B
    (2a) sum_{a,c} y[a, s, c] <= stock[s] + x[s]
    (2b) sum_{a,c} y[a, s, c] <= capacity[s]
    (2c) stock[s] + x[s] <= storage_cap[s]
    (3)  sum_s y[a, s, c] <= backlog[a, c]

Stages, each with the earlier ones held at their optimum
    for each tier c in order:
      (S1) maximize F[c] = sum y[., ., c]
      (S2) lexicographically maximize the sorted vector served[k, c] / backlog[k, c]
    (S3) minimize sum km[a, s] * y[a, s, c]
    (S4) minimize blanks shipped beyond what a site prints

All of it is one network, so every stage is a max-flow or min-cost-flow problem and
every optimum is integral:

    SRC --(1) B--> CENTRAL --(2c) room[s]--> SITE[s] --(2b) capacity[s]--> OUT[s]
    SRC --stock[s]--> SITE[s]                   (2a) is conservation at SITE[s]
    OUT[s] --km--> DEMAND[a, c] --(3) backlog[a, c]--> DISTRICT[k, c] --u[k, c]--> TIER[c]
    TIER[c] --v[c]--> SINK

The district arcs u and tier arcs v carry the stages: a tier's total is held by
v[c] = F[c], a district's share by u[k, c] = served[k, c].

(S1) Tiers. The cards a set of tiers can receive form a polymatroid, so the
lexicographic maximum is the greedy one: with tiers < c held, F[c] is the max flow
with tier c's arcs opened, less what the held tiers carry.

(S2) Equity is progressive filling. Every district still rising gets
L[k](t) = floor(t * backlog[k]) for the largest water level t that is feasible;
the level is found by discrete Newton steps on minimum cuts (each infeasible max
flow's cut bounds t from above). Districts that cannot rise further — not
reachable from SRC in the residual network, or full — are fixed, and filling goes
on with the rest. Flooring at a level no lower than the LP's keeps every district
within one card of its LP share, as model.md allows. When every district can rise
alone but not all together, the spare cards go one each to the lowest coverage
first. (Whole-card max-min, ceil(t * backlog), can leave a district more than one
card below its LP share, so it is not used.)

(S3) Travel is one min-cost flow with every district's share held exactly (a lower
bound equal to the upper one, turned into node supplies); `decompose` solves it part
by part when only the central supply links the parts and cannot run short.

(S4) Shipments follow from printing: x[s] = max(0, printed[s] - stock[s]), the
least that lets s print what (S1)-(S3) chose, so nothing is stranded (with lots,
rounded up to a whole lot).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import max_flow, min_cost_flow

from optimizer.engine.network import UNLIMITED, Network

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class SolverFailure(RuntimeError):
    """A flow solver reported something other than an optimum (a bug, not bad input)."""


@dataclass(frozen=True)
class Layout:
    """Node numbering and arc blocks of the network, in a fixed order."""

    n_nodes: int
    tails: IntArray
    heads: IntArray
    caps: IntArray            # capacities that do not change between stages
    costs: IntArray           # metres per card on pair arcs, 0 elsewhere
    site_in: IntArray         # node of SITE[s]
    district_node: IntArray   # (districts, tiers) node of DISTRICT[k, c]
    tier_node: IntArray       # node of TIER[c]
    pair_arc_index: IntArray  # (pairs, tiers) arc index, -1 where the area has no backlog
    central_arc: int          # arc SRC->CENTRAL
    stock_arc0: int           # first of the SRC->SITE arcs
    ship_arc0: int            # first of the CENTRAL->SITE arcs
    capacity_arc0: int        # first of the SITE->OUT arcs
    district_arc0: int        # first of the DISTRICT->TIER arcs (k * tiers + c)
    tier_arc0: int            # first of the TIER->SINK arcs

    SRC = 0
    CENTRAL = 1

    @property
    def sink(self) -> int:
        return self.n_nodes - 1


def build_layout(net: Network, site_supply: IntArray | None = None) -> Layout:
    """The network's arcs as arrays (no per-arc Python loop).

    `site_supply`, when given, replaces the central office's shipments by fixed
    amounts per site (used once lot sizes have fixed what each site receives).
    """
    n_s, n_a, n_k, n_c = net.n_sites, net.n_areas, net.n_districts, net.n_tiers
    site_in = 2 + np.arange(n_s)
    site_out = 2 + n_s + np.arange(n_s)
    has_backlog = net.backlog > 0                           # (areas, tiers)
    demand_node = np.full((n_a, n_c), -1, dtype=np.int64)
    demand_node[has_backlog] = 2 + 2 * n_s + np.arange(int(has_backlog.sum()))
    first_district = 2 + 2 * n_s + int(has_backlog.sum())
    district_node = (first_district + np.arange(n_k * n_c)).reshape(n_k, n_c)
    tier_node = first_district + n_k * n_c + np.arange(n_c)
    sink = int(tier_node[-1]) + 1 if n_c else first_district + n_k * n_c

    pa, ps = net.pairs.area, net.pairs.site
    pair_ok = has_backlog[pa]                                # (pairs, tiers)
    n_pair_arcs = int(pair_ok.sum())
    demand_a, demand_c = np.nonzero(has_backlog)
    ship_caps = net.room if site_supply is None else site_supply
    central_cap = net.supply if site_supply is None else int(site_supply.sum())

    blocks = [
        (np.array([Layout.SRC]), np.array([Layout.CENTRAL]), np.array([central_cap])),
        (np.zeros(n_s, np.int64), site_in, net.stock),
        (np.ones(n_s, np.int64), site_in, ship_caps),
        (site_in, site_out, net.capacity),
        (np.broadcast_to(site_out[ps][:, None], pair_ok.shape)[pair_ok],
         demand_node[pa][pair_ok], net.backlog[pa][pair_ok]),
        (demand_node[demand_a, demand_c], district_node[net.area_district[demand_a], demand_c],
         net.backlog[demand_a, demand_c]),
        (district_node.ravel(), np.tile(tier_node, n_k), np.zeros(n_k * n_c, np.int64)),
        (tier_node, np.full(n_c, sink), np.zeros(n_c, np.int64)),
    ]
    tails = np.concatenate([b[0] for b in blocks]).astype(np.int64)
    heads = np.concatenate([b[1] for b in blocks]).astype(np.int64)
    caps = np.concatenate([b[2] for b in blocks]).astype(np.int64)
    starts = np.cumsum([0] + [len(b[0]) for b in blocks])
    costs = np.zeros(len(tails), dtype=np.int64)
    pair_arc0 = int(starts[4])
    costs[pair_arc0:pair_arc0 + n_pair_arcs] = np.round(
        np.broadcast_to(net.pairs.km[:, None], pair_ok.shape)[pair_ok] * 1000).astype(np.int64)
    pair_arc_index = np.full(pair_ok.shape, -1, dtype=np.int64)
    pair_arc_index[pair_ok] = pair_arc0 + np.arange(n_pair_arcs)
    return Layout(
        n_nodes=sink + 1, tails=tails, heads=heads, caps=caps, costs=costs,
        site_in=site_in, district_node=district_node, tier_node=tier_node,
        pair_arc_index=pair_arc_index,
        central_arc=0, stock_arc0=int(starts[1]), ship_arc0=int(starts[2]),
        capacity_arc0=int(starts[3]), district_arc0=int(starts[6]), tier_arc0=int(starts[7]),
    )


class FlowModel:
    """One max-flow instance over the layout, re-solved with new district and tier caps."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self._mf = max_flow.SimpleMaxFlow()
        self._mf.add_arcs_with_capacity(layout.tails, layout.heads, layout.caps)
        n_k, n_c = layout.district_node.shape
        self._var_arcs = np.arange(layout.district_arc0, layout.district_arc0 + n_k * n_c + n_c)

    def max_flow(self, u: IntArray, v: IntArray) -> int:
        """Max flow with DISTRICT->TIER caps `u` (districts, tiers) and TIER->SINK caps `v`."""
        self._mf.set_arcs_capacity(self._var_arcs, np.concatenate([u.ravel(), v]))
        status = self._mf.solve(Layout.SRC, self.layout.sink)
        if status != max_flow.SimpleMaxFlow.OPTIMAL:
            raise SolverFailure(f"max flow returned {status}")
        return int(self._mf.optimal_flow())

    def set_arc_capacity(self, arc: int, capacity: int) -> None:
        """Change one arc's capacity (cards or blanks) for the next max flow."""
        self._mf.set_arc_capacity(arc, capacity)

    def source_side(self) -> BoolArray:
        """Nodes reachable from SRC in the residual network of the last max flow."""
        mask = np.zeros(self.layout.n_nodes, dtype=bool)
        mask[np.asarray(self._mf.get_source_side_min_cut(), dtype=np.int64)] = True
        return mask

    def sink_side(self) -> BoolArray:
        """Nodes that reach SINK in the residual network of the last max flow."""
        mask = np.zeros(self.layout.n_nodes, dtype=bool)
        mask[np.asarray(self._mf.get_sink_side_min_cut(), dtype=np.int64)] = True
        return mask


@dataclass
class Holds:
    """What earlier stages fixed: district shares (lower = upper) and tier totals."""

    lower: IntArray   # (districts, tiers) least cards a district-tier must receive
    upper: IntArray   # (districts, tiers) most it may receive
    tier_total: IntArray  # (tiers,) cards held per tier; -1 for tiers not yet maximized

    @classmethod
    def open(cls, district_backlog: IntArray) -> Holds:
        """Nothing held yet: shares from 0 to the (districts, tiers) backlog, no totals."""
        return cls(lower=np.zeros_like(district_backlog), upper=district_backlog.copy(),
                   tier_total=np.full(district_backlog.shape[1], -1, dtype=np.int64))


def maximize_tier(model: FlowModel, holds: Holds, tier: int) -> int:
    """(S1) The most cards tier `tier` can get with the earlier tiers held."""
    u, v = _caps_for_tier(holds, tier)
    held = int(v[:tier].sum())
    total = model.max_flow(u, v)
    return total - held


def _caps_for_tier(holds: Holds, tier: int) -> tuple[IntArray, IntArray]:
    u = holds.upper.copy()
    u[:, tier + 1:] = 0
    v = np.where(np.arange(len(holds.tier_total)) < tier, holds.tier_total, 0)
    v[tier] = UNLIMITED
    return u, v.astype(np.int64)


@dataclass(frozen=True)
class EquityResult:
    """(S2) for one tier: each district's cards, and whether the filling finished."""

    served: IntArray     # (districts,) cards for the tier per district
    complete: bool       # False when the deadline stopped the filling early


def equalize_tier(model: FlowModel, holds: Holds, tier: int, backlog: IntArray,
                  deadline: float, ceiling: IntArray | None = None) -> EquityResult:
    """(S2) Progressive filling of district coverage for one tier (module docstring).

    `ceiling` is a guess of where districts stop (for example each one's level when
    its part of the network is filled alone): the water level is searched with
    every district capped there, which saves most rounds on large instances. A
    guess never changes the result: a district found able to rise above its
    ceiling has the ceiling lifted, and only districts that cannot rise are fixed.
    """
    u, v = _caps_for_tier(holds, tier)
    held = int(v[:tier].sum())
    nodes = model.layout.district_node[:, tier]
    active = backlog > 0
    level = np.zeros_like(backlog)
    cap = backlog.copy() if ceiling is None else np.minimum(ceiling, backlog)
    while active.any():
        if time.monotonic() > deadline:
            return EquityResult(served=level, complete=False)
        level = _highest_level(model, u, v, tier, held, backlog, active, level, cap)
        reachable = model.source_side()[nodes]
        blocked = active & (~reachable | (level >= backlog))
        lifted = active & reachable & (level >= cap) & (cap < backlog)
        cap[lifted] = backlog[lifted]
        if blocked.any() or lifted.any():
            active &= ~blocked
            continue
        _raise_tied(model, u, v, tier, held, backlog, active, level)
    return EquityResult(served=level, complete=True)


def _highest_level(model: FlowModel, u: IntArray, v: IntArray, tier: int, held: int,
                   backlog: IntArray, active: BoolArray, level: IntArray,
                   cap: IntArray) -> IntArray:
    """The feasible shares at the highest water level, by discrete Newton steps."""
    nodes = model.layout.district_node[:, tier]
    t = 1.0
    while True:
        trial = np.where(active, _shares(t, backlog, level, cap), level)
        u[:, tier] = trial
        flow = model.max_flow(u, v)
        if flow == held + int(trial.sum()):
            return trial
        rising = active & ~model.source_side()[nodes]
        room = flow - held - int(trial[~rising].sum())
        t = _level_within(room, backlog[rising], level[rising], cap[rising], t)


def _shares(t: float, backlog: IntArray, base: IntArray, cap: IntArray) -> IntArray:
    """Cards at water level t: floor(t * backlog), never below `base` nor above `cap`."""
    return np.asarray(np.maximum(base, np.minimum(cap, np.floor(t * backlog))), dtype=np.int64)


def _level_within(room: int, backlog: IntArray, base: IntArray, cap: IntArray,
                  above: float) -> float:
    """The highest t < `above` whose shares fit in `room`."""
    def need(t: float) -> int:
        return int(_shares(t, backlog, base, cap).sum())

    lo, hi = 0.0, above
    if need(lo) > room:
        raise SolverFailure("equity: a level that was feasible is no longer")
    for _ in range(64):
        mid = (lo + hi) / 2
        if need(mid) <= room:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-15:
            break
    return lo


def _raise_tied(model: FlowModel, u: IntArray, v: IntArray, tier: int, held: int,
                backlog: IntArray, active: BoolArray, level: IntArray) -> None:
    """Every district can rise alone, not all together: share the spare cards.

    The spare is what the rising districts could take together beyond their
    shares; it goes one card each to the districts with the lowest coverage (then
    the lowest coverage after the card, then the lowest index), as many as fit.
    """
    u[:, tier] = np.where(active, backlog, level)
    spare = model.max_flow(u, v) - held - int(level.sum())
    rising = np.flatnonzero(active)
    order = rising[np.lexsort((rising, (level[rising] + 1) / backlog[rising],
                               level[rising] / backlog[rising]))]
    batch = order[:max(1, min(spare, len(order)))]
    while True:
        trial = level.copy()
        trial[batch] += 1
        u[:, tier] = trial
        if model.max_flow(u, v) == held + int(trial.sum()):
            level[batch] += 1
            break
        if len(batch) == 1:  # cannot happen for a district that can rise alone
            active[batch] = False
            break
        batch = batch[:len(batch) // 2]
    u[:, tier] = level


def minimize_travel(layout: Layout, holds: Holds) -> IntArray:
    """(S3) Min resident-km with every district share and tier total held; arc flows."""
    n_k, n_c = layout.district_node.shape
    mcf = min_cost_flow.SimpleMinCostFlow()
    caps = layout.caps.copy()
    lower = holds.lower.ravel()
    d0 = layout.district_arc0
    caps[d0:d0 + n_k * n_c] = holds.upper.ravel() - lower
    caps[layout.tier_arc0:layout.tier_arc0 + n_c] = 0
    mcf.add_arcs_with_capacity_and_unit_cost(layout.tails, layout.heads, caps, layout.costs)
    supply = np.zeros(layout.n_nodes, dtype=np.int64)
    supply[Layout.SRC] = int(holds.tier_total.sum())
    np.subtract.at(supply, layout.district_node.ravel(), lower)
    np.add.at(supply, np.tile(layout.tier_node, n_k), lower)
    supply[layout.tier_node] -= holds.tier_total
    mcf.set_nodes_supplies(np.arange(layout.n_nodes), supply)
    status = mcf.solve()
    if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
        raise SolverFailure(f"min cost flow returned {status}")
    return np.asarray(mcf.flows(np.arange(len(caps))), dtype=np.int64)


def pair_cards(layout: Layout, flows: IntArray) -> IntArray:
    """(pairs, tiers) cards printed on each allowed pair, read off the arc flows."""
    index = layout.pair_arc_index
    return np.where(index >= 0, flows[np.maximum(index, 0)], 0).astype(np.int64)


def total_max_flow(model: FlowModel, district_backlog: IntArray) -> int:
    """Most cards all tiers together can get (what marginal values are measured on)."""
    n_c = district_backlog.shape[1]
    return model.max_flow(district_backlog, np.full(n_c, UNLIMITED, dtype=np.int64))
