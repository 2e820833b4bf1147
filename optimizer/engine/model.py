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
      (S2a) lexicographically maximize the sorted vector served[k, c] / backlog[k, c]
      (S2b) with every served[k, c] held, the same for served[a, c] / backlog[a, c]
    (S3) minimize sum km[a, s] * y[a, s, c]
    (S4) minimize blanks shipped beyond what a site prints

All of it is one network, so every stage is a max-flow or min-cost-flow problem and
every optimum is integral:

    SRC --(1) B--> CENTRAL --(2c) room[s]--> SITE[s] --(2b) capacity[s]--> OUT[s]
    SRC --stock[s]--> SITE[s]                   (2a) is conservation at SITE[s]
    OUT[s] --km--> DEMAND[a, c] --(3) backlog[a, c]--> DISTRICT[k, c] --u[k, c]--> TIER[c]
    TIER[c] --v[c]--> SINK
    DEMAND[a, c] --floor[a, c]--> TIER[c]        (shut, except while S2b fills areas)

The district arcs u and tier arcs v carry the stages: a tier's total is held by
v[c] = F[c], a district's share by u[k, c] = served[k, c], an area's by its
DEMAND -> DISTRICT arc. `Network.unlimited` (total backlog + supply + 1) stands for
an unbounded capacity: no flow or shipment can reach it, and every count stays
exact in int64 (network.big_enough refuses input that could not).

(S1) Tiers. The cards a set of tiers can receive form a polymatroid, so the
lexicographic maximum is the greedy one: with tiers < c held, F[c] is the max flow
with tier c's arcs opened, less what the held tiers carry.

(S2) Equity is the whole-card lexicographic max-min of coverage served / backlog.
The district vectors a tier can receive (earlier tiers' area shares held, the
tier's total fixed) are the integral bases of a polymatroid (a network's
deliverable vectors, with some coordinates fixed), and the lexicographic max-min
of v[k](served[k]) for increasing v[k] is the minimum of a separable convex
function on them: order all values v[k](j) ascending as r(k, j) and weigh a card
taking k from j to j + 1 by -N^(-r(k, j)) for a huge N. So it is found greedily
(Federgruen & Groenevelt 1986, "The greedy procedure for resource allocation
problems", Oper. Res. 34(6); Murota 2003, "Discrete Convex Analysis", thm 6.26:
on an M-convex set a local optimum is global): one card at a time to the district
of lowest coverage that can still take one (ties: higher coverage after the card,
then lower index), and a district that cannot take one never can again. The
greedy is run in bulk (`fill_whole_cards`): a water level t gives every rising
district ceil(t * backlog) at once, t found by discrete Newton steps on minimum
cuts (each infeasible max flow's cut bounds t); the state is trimmed exactly
(`greedy_state`) to what the greedy has given when its least coverage is tau; the
districts tied at tau get their card in greedy order, as many as fit; a district
whose node SRC cannot reach in the residual network cannot rise and is fixed.
This can leave a district more than one card below its LP share (backlogs 1, 1
and 6 sharing 3 cards: (1, 1, 1), the LP (3/8, 3/8, 9/4)); docs/model.md says so.
Which of several districts of equal backlog gets a tied card is chosen afterwards,
by (S2b) and then travel (engine/ties.py); the greedy's lower index is its first
candidate.

(S2b) Areas get the same greedy with their district totals held exactly; lower
bounds need a split of each area's flow into a floor arc straight to its tier and
an extra arc through its district (engine/areas.py has the details).

Work is bounded by a deterministic budget (`Budget`: rounds of filling), never by
the clock, so a plan cut short by its time limit is the same on any machine.

(S3) Travel is one min-cost flow with every area's share held exactly (a lower
bound equal to the upper one, turned into node supplies); `decompose` solves it part
by part when only the central supply links the parts and cannot run short.

(S4) Shipments follow from printing: x[s] = max(0, printed[s] - stock[s]), the
least that lets s print what (S1)-(S3) chose, so nothing is stranded (with lots,
rounded up to a whole lot).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol, TypeAlias

import numpy as np
import numpy.typing as npt
from ortools.graph.python import max_flow, min_cost_flow

from optimizer.engine.network import Network

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
MaxFlowSolver: TypeAlias = max_flow.SimpleMaxFlow  # a name FlowModel.max_flow does not hide


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
    demand_node: IntArray     # (areas, tiers) node of DEMAND[a, c], -1 without backlog
    area_arc_index: IntArray  # (areas, tiers) arc DEMAND[a, c]->DISTRICT, -1 without backlog
    floor_arc_index: IntArray  # (areas, tiers) arc DEMAND[a, c]->TIER[c] (S2b), -1 likewise
    area_district: IntArray   # district index of each area
    unlimited: int            # a capacity above any feasible flow (Network.unlimited)
    central_arc: int          # arc SRC->CENTRAL
    stock_arc0: int           # first of the SRC->SITE arcs
    ship_arc0: int            # first of the CENTRAL->SITE arcs
    capacity_arc0: int        # first of the SITE->OUT arcs
    area_arc0: int            # first of the DEMAND->DISTRICT arcs
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

    Built once for the whole network and once for each part the equity stages fill on its
    own (engine/decompose.py; the travel stage reads the parts off the whole layout), so
    the blocks are written into arrays allocated once and the pair arcs are gathered by
    one index rather than by masks over broadcast arrays.
    """
    n_s, n_a, n_k, n_c = net.n_sites, net.n_areas, net.n_districts, net.n_tiers
    site_in = 2 + np.arange(n_s, dtype=np.int64)
    site_out = site_in + n_s
    backlog = net.backlog.ravel()                            # (areas * tiers,) row-major
    cells = np.flatnonzero(backlog > 0)                      # DEMAND[a, c]: a * n_c + c
    n_d = len(cells)
    first_demand = 2 + 2 * n_s
    demand_flat = np.full(n_a * n_c, -1, dtype=np.int64)
    demand_flat[cells] = first_demand + np.arange(n_d, dtype=np.int64)
    demand_node = demand_flat.reshape(n_a, n_c)
    demand_a, demand_c = np.divmod(cells, n_c) if n_c else (cells, cells)
    first_district = first_demand + n_d
    district_node = (first_district + np.arange(n_k * n_c, dtype=np.int64)).reshape(n_k, n_c)
    tier_node = first_district + n_k * n_c + np.arange(n_c, dtype=np.int64)
    sink = int(tier_node[-1]) + 1 if n_c else first_district + n_k * n_c

    # Pair arcs: every (pair, tier) whose area has a backlog in the tier, row by row.
    pa, ps = net.pairs.area, net.pairs.site
    # np.take: a row gather ~15x as fast as demand_node[pa] (numpy 2.x, 33,000 pairs).
    pair_demand = np.take(demand_node, pa, axis=0)           # (pairs, tiers), -1: none
    pair_ok = pair_demand >= 0
    pair_cells = np.flatnonzero(pair_ok)                     # pair * n_c + tier
    pair_of = pair_cells // n_c if n_c > 1 else pair_cells
    pair_heads = np.take(pair_demand.ravel(), pair_cells)
    n_pair_arcs = len(pair_cells)

    ship_caps = net.room if site_supply is None else site_supply
    central_cap = net.supply if site_supply is None else int(site_supply.sum())
    # Blocks, in order: SRC->CENTRAL; SRC->SITE (stock); CENTRAL->SITE (2c); SITE->OUT
    # (2b); OUT->DEMAND (pairs); DEMAND->DISTRICT (3); DISTRICT->TIER; TIER->SINK;
    # (S2b) floor arcs DEMAND[a, c] -> TIER[c], shut except while areas are filled.
    sizes = (1, n_s, n_s, n_s, n_pair_arcs, n_d, n_k * n_c, n_c, n_d)
    starts = [0]
    for size in sizes:
        starts.append(starts[-1] + size)
    n_arcs = starts[-1]
    tails = np.empty(n_arcs, dtype=np.int64)
    heads = np.empty(n_arcs, dtype=np.int64)
    caps = np.zeros(n_arcs, dtype=np.int64)
    costs = np.zeros(n_arcs, dtype=np.int64)
    _, s1, s2, s3, s4, s5, s6, s7, s8, _ = starts
    tails[0], heads[0], caps[0] = Layout.SRC, Layout.CENTRAL, central_cap
    tails[s1:s2] = Layout.SRC
    heads[s1:s2] = site_in
    caps[s1:s2] = net.stock
    tails[s2:s3] = Layout.CENTRAL
    heads[s2:s3] = site_in
    caps[s2:s3] = ship_caps
    tails[s3:s4] = site_in
    heads[s3:s4] = site_out
    caps[s3:s4] = net.capacity
    tails[s4:s5] = np.take(ps, pair_of) + (2 + n_s)        # OUT[s] = site_out[s]
    heads[s4:s5] = pair_heads
    demand_backlog = backlog[cells]                          # by DEMAND node, in order
    caps[s4:s5] = np.take(demand_backlog, pair_heads - first_demand)
    costs[s4:s5] = np.take(np.round(net.pairs.km * 1000), pair_of)
    demand_nodes = demand_flat[cells]
    tails[s5:s6] = demand_nodes
    heads[s5:s6] = district_node[net.area_district[demand_a], demand_c]
    caps[s5:s6] = demand_backlog
    tails[s6:s7] = district_node.ravel()
    heads[s6:s7].reshape(n_k, n_c)[:] = tier_node
    tails[s7:s8] = tier_node
    heads[s7:s8] = sink
    tails[s8:] = demand_nodes
    heads[s8:] = tier_node[demand_c]

    pair_arc_index = np.full(pair_ok.shape, -1, dtype=np.int64)
    pair_arc_index.ravel()[pair_cells] = s4 + np.arange(n_pair_arcs, dtype=np.int64)
    area_arc_index = np.full(n_a * n_c, -1, dtype=np.int64)
    area_arc_index[cells] = s5 + np.arange(n_d, dtype=np.int64)
    floor_arc_index = np.full(n_a * n_c, -1, dtype=np.int64)
    floor_arc_index[cells] = s8 + np.arange(n_d, dtype=np.int64)
    return Layout(
        n_nodes=sink + 1, tails=tails, heads=heads, caps=caps, costs=costs,
        site_in=site_in, district_node=district_node, tier_node=tier_node,
        pair_arc_index=pair_arc_index, demand_node=demand_node,
        area_arc_index=area_arc_index.reshape(n_a, n_c),
        floor_arc_index=floor_arc_index.reshape(n_a, n_c),
        area_district=net.area_district,
        unlimited=net.unlimited,
        central_arc=0, stock_arc0=s1, ship_arc0=s2,
        capacity_arc0=s3, area_arc0=s5, district_arc0=s6,
        tier_arc0=s7,
    )


@dataclass
class StageCaps:
    """Capacities of the arcs that change between stages."""

    area: IntArray      # (areas, tiers) DEMAND->DISTRICT (ignored where no backlog)
    district: IntArray  # (districts, tiers) DISTRICT->TIER
    tier: IntArray      # (tiers,) TIER->SINK
    floor: IntArray | None = None  # (areas, tiers) DEMAND->TIER floor arcs; None: all shut


class FlowModel:
    """One max-flow instance over the layout, re-solved with new stage capacities.

    `tiers`, when fewer than the layout's, leaves the arcs of the later tiers out of
    the solver (a stage of tier c needs tiers 0..c only; `for_tiers`): their area, floor,
    district and tier arcs must then be shut (`tier_caps` shuts them; `solve` refuses
    otherwise), so their DEMAND nodes are dead ends and their pair arcs carry nothing in
    any max flow. Without them the value, which nodes SRC reaches and which reach SINK
    (among the others) and every question the stages ask of a flow are those of the
    whole network: a residual arc into a dead end leads nowhere and none leaves it. Each
    max flow is then solved on half the arcs of a network of two tiers. Arcs keep the
    layout's numbering (a left-out arc carries 0). The solver is built on the first
    `solve`, so a model that is never solved costs no solver.
    """

    def __init__(self, layout: Layout, tiers: int | None = None):
        self.layout = layout
        n_arcs = len(layout.tails)
        self._var_arcs = np.arange(layout.area_arc0, n_arcs, dtype=np.int64)
        self._has = layout.area_arc_index >= 0
        self.caps = layout.caps.copy()  # every arc's capacity as it stands
        self.solves = 0
        n_k, n_c = layout.district_node.shape
        self.tiers = n_c if tiers is None else min(tiers, n_c)
        self._mf: MaxFlowSolver | None = None
        self._inner: npt.NDArray[np.int32] | None = None  # solver arc of each arc, -1: out
        self._shut = np.zeros(0, dtype=np.int64)  # left-out arcs that must stay shut
        if self.tiers < n_c:
            later = slice(self.tiers, None)
            shut = [index[:, later][index[:, later] >= 0]
                    for index in (layout.area_arc_index, layout.floor_arc_index)]
            shut.append((layout.district_arc0 + np.arange(n_k * n_c, dtype=np.int64)
                         ).reshape(n_k, n_c)[:, later].ravel())
            shut.append(layout.tier_arc0 + np.arange(self.tiers, n_c, dtype=np.int64))
            self._shut = np.concatenate(shut)
            live = np.ones(n_arcs, dtype=bool)
            live[self._shut] = False
            pairs = layout.pair_arc_index[:, later]
            live[pairs[pairs >= 0]] = False
            self._live = np.flatnonzero(live)
            # Each live arc's number among the live ones (the count of live arcs before
            # it), -1 for the others.
            inner = np.cumsum(live, dtype=np.int32)
            inner -= 1
            inner[~live] = -1
            self._inner = inner

    def for_tiers(self, tiers: int) -> FlowModel:
        """A model of the same layout for a stage of tiers 0..tiers-1 (itself when that
        is every tier the model has)."""
        return self if tiers >= self.tiers else FlowModel(self.layout, tiers)

    def _solver(self) -> MaxFlowSolver:
        if self._mf is None:
            layout, mf = self.layout, MaxFlowSolver()
            if self._inner is None:
                mf.add_arcs_with_capacity(layout.tails, layout.heads, self.caps)
            else:
                live = self._live
                mf.add_arcs_with_capacity(np.take(layout.tails, live), np.take(layout.heads, live),
                                          np.take(self.caps, live))
            self._mf = mf
        return self._mf

    def load(self, caps: StageCaps) -> None:
        """Set every stage-dependent capacity (area, district, tier and floor arcs)."""
        self.set_arcs(self._var_arcs, self._stage_values(caps))

    def stage_capacities(self, caps: StageCaps) -> IntArray:
        """Every arc's capacity as `load(caps)` would set it, the solver untouched."""
        out = self.caps.copy()
        out[self._var_arcs] = self._stage_values(caps)
        return out

    def _stage_values(self, caps: StageCaps) -> IntArray:
        floor = (np.zeros(int(self._has.sum()), dtype=np.int64) if caps.floor is None
                 else caps.floor[self._has])
        return np.concatenate([caps.area[self._has], caps.district.ravel(), caps.tier, floor])

    def set_arcs(self, arcs: IntArray, capacities: IntArray) -> None:
        capacities = np.asarray(capacities, dtype=np.int64)
        self.caps[arcs] = capacities
        if self._mf is None:
            return  # the solver takes `caps` as they stand when it is built
        if self._inner is None:
            self._mf.set_arcs_capacity(arcs, capacities)
            return
        inner = self._inner[arcs]
        if len(inner) and inner.min() < 0:
            kept = inner >= 0
            inner, capacities = inner[kept], capacities[kept]
        self._mf.set_arcs_capacity(inner, capacities)

    def solve(self) -> int:
        """The max flow SRC->SINK with the capacities as they stand."""
        if self.caps[self._shut].any():
            raise SolverFailure("a later tier's arc is open in a model of earlier tiers")
        mf = self._solver()
        status = mf.solve(Layout.SRC, self.layout.sink)
        if status != max_flow.SimpleMaxFlow.OPTIMAL:
            raise SolverFailure(f"max flow returned {status}")
        return int(mf.optimal_flow())

    def max_flow(self, caps: StageCaps) -> int:
        self.load(caps)
        return self.solve()

    def set_arc_capacity(self, arc: int, capacity: int) -> None:
        self.caps[arc] = capacity
        if self._mf is None:
            return
        inner = arc if self._inner is None else int(self._inner[arc])
        if inner >= 0:
            self._mf.set_arc_capacity(inner, capacity)

    def flows(self, arcs: IntArray | None = None) -> IntArray:
        """Flow on every arc of the last max flow (on `arcs` alone when given)."""
        if arcs is None:
            arcs = np.arange(len(self.layout.tails))
        mf = self._solved()
        if self._inner is None:
            return np.asarray(mf.flows(arcs), dtype=np.int64)
        inner = self._inner[arcs]
        if not len(inner) or inner.min() >= 0:
            return np.asarray(mf.flows(inner), dtype=np.int64)
        kept = inner >= 0
        out = np.zeros(len(inner), dtype=np.int64)
        out[kept] = mf.flows(inner[kept])
        return out

    def _solved(self) -> MaxFlowSolver:
        if self._mf is None:
            raise SolverFailure("a flow was read before any max flow was solved")
        return self._mf

    def source_side(self) -> BoolArray:
        """Nodes reachable from SRC in the residual network of the last max flow."""
        mask = np.zeros(self.layout.n_nodes, dtype=bool)
        mask[np.asarray(self._solved().get_source_side_min_cut(), dtype=np.int64)] = True
        return mask

    def sink_side(self) -> BoolArray:
        """Nodes that reach SINK in the residual network of the last max flow."""
        mask = np.zeros(self.layout.n_nodes, dtype=bool)
        mask[np.asarray(self._solved().get_sink_side_min_cut(), dtype=np.int64)] = True
        return mask


@dataclass
class Holds:
    """What earlier stages fixed: area and district shares (lower = upper), tier totals."""

    lower: IntArray       # (districts, tiers) least cards a district-tier must receive
    upper: IntArray       # (districts, tiers) most it may receive
    area_lower: IntArray  # (areas, tiers) least cards an area-tier must receive
    area_upper: IntArray  # (areas, tiers) most it may receive
    tier_total: IntArray  # (tiers,) cards held per tier; -1 for tiers not yet maximized

    @classmethod
    def open(cls, area_backlog: IntArray, district_backlog: IntArray) -> Holds:
        return cls(lower=np.zeros_like(district_backlog), upper=district_backlog.copy(),
                   area_lower=np.zeros_like(area_backlog), area_upper=area_backlog.copy(),
                   tier_total=np.full(district_backlog.shape[1], -1, dtype=np.int64))


def tier_caps(holds: Holds, tier: int, unlimited: int) -> StageCaps:
    """Tiers before `tier` held at their shares and totals, `tier` open, later tiers shut."""
    district = holds.upper.copy()
    district[:, tier + 1:] = 0
    area = holds.area_upper.copy()
    area[:, tier + 1:] = 0
    total = np.where(np.arange(len(holds.tier_total)) < tier, holds.tier_total, 0)
    total[tier] = unlimited
    return StageCaps(area=area, district=district, tier=total.astype(np.int64))


def maximize_tier(model: FlowModel, holds: Holds, tier: int) -> int:
    """(S1) The most cards tier `tier` can get with the earlier tiers held."""
    caps = tier_caps(holds, tier, model.layout.unlimited)
    held = int(caps.tier[:tier].sum())
    layout = model.layout
    stock = layout.caps[layout.stock_arc0:layout.ship_arc0]
    if held >= int(layout.caps[layout.central_arc]) + int(stock.sum()):
        return 0  # the earlier tiers took every blank there is (every SRC arc is full)
    return model.max_flow(caps) - held


class Budget:
    """Deterministic work a plan may spend (model.md "Limits and reproducibility").

    The unit is a round of progressive filling (one water level found and the units
    that cannot rise fixed: a few max flows). `Policy.time_limit_s` buys
    ROUNDS_PER_SECOND rounds per second, roughly what a busy two-core machine does at
    province scale; the same input then stops at the same round on any machine under
    any load, so it gives the same plan.
    """

    ROUNDS_PER_SECOND = 1000

    def __init__(self, rounds: int):
        self.left = rounds

    @classmethod
    def of(cls, time_limit_s: float) -> Budget:
        return cls(int(time_limit_s * cls.ROUNDS_PER_SECOND))

    def take(self) -> bool:
        """Spend one round; False (and nothing spent) when none is left."""
        if self.left <= 0:
            return False
        self.left -= 1
        return True


class EquityResult(NamedTuple):
    """(S2a) or (S2b) for one tier: each unit's cards, whether the filling finished."""

    served: IntArray     # (units,) cards for the tier per district (S2a) or area (S2b)
    complete: bool       # False when the work budget stopped the filling early
    rounds: int


def district_filling(model: FlowModel, holds: Holds, tier: int,
                     backlog: IntArray) -> DistrictFilling:
    """(S2a) filling of one tier's districts: `model` loaded with the tier's caps (the
    earlier tiers held), the DISTRICT[k, tier] -> TIER arcs as the units, `backlog`
    (districts,) their backlogs."""
    layout = model.layout
    caps = tier_caps(holds, tier, layout.unlimited)
    model.load(caps)
    n_k, n_c = layout.district_node.shape
    return DistrictFilling(
        model, held=int(caps.tier[:tier].sum()), backlog=backlog.astype(np.int64),
        arcs=layout.district_arc0 + np.arange(n_k, dtype=np.int64) * n_c + tier,
        tails=layout.district_node[:, tier])


def equalize_tier(model: FlowModel, holds: Holds, tier: int, backlog: IntArray,
                  budget: Budget, ceiling: IntArray | None = None,
                  relaxed_first: bool = True,
                  under_ceiling_feasible: bool = False) -> EquityResult:
    """(S2a) Whole-card lexicographic max-min of district coverage for one tier.

    `backlog` is the tier's (districts,) backlog; the answer's `served` (districts,)
    sums to the tier total held in `holds`. Raises SolverFailure when a state the
    filling proved feasible is not (a bug).

    `ceiling`, when given, must be the greedy's own result on a relaxation in which
    parts of the network are linked only by the central supply and each has it
    unlimited (decompose.ceilings). Until the supply binds, the greedy on the whole
    network then does in each part what it does there alone: its state at level t is
    exactly min(ceiling, ceil(t * backlog)), and a district with ceiling / backlog < t
    is one the greedy has fixed (it could not rise in its part, so it cannot in the
    whole). So the first water level is searched with those shares: the highest t at
    which they are feasible is at most where the supply first binds (a feasible state
    holds no increment the whole network refused), and filling goes on from there
    with those districts fixed. Without `ceiling` filling starts from zero.

    With `relaxed_first`, the greedy's answer when only the tier's total binds (each
    district capped by its backlog, and by `ceiling` when given) is tried first
    (`water_fill`, arithmetic): the vectors of district cards with that total form a
    superset of the feasible ones (with `ceiling`: the greedy's path up to the supply
    is min(ceiling, ceil(t * backlog)), as above), so when one max flow finds that
    answer feasible it is the greedy's own (areas.py, "Districts alone", the same
    argument), for one round of the budget.

    `under_ceiling_feasible` (only with `ceiling`) says the caller knows that every
    vector at most `ceiling` with the tier's total is feasible: the relaxed answer is
    then taken without its max flow. decompose.central_suffices is such a proof: each
    part's vectors at most its own answer are feasible in the part alone (the feasible
    vectors are down-closed), and the parts' flows together need at most every card
    so far from the central office, which it holds.
    """
    fill = district_filling(model, holds, tier, backlog)
    level = np.zeros_like(fill.backlog)
    active = fill.backlog > 0
    first = 0
    if relaxed_first and active.any() and budget.left > 0:
        # Only the tier's total binding (and the parts' own answers, with `ceiling`):
        # when one max flow finds that answer feasible it is the greedy's own.
        cap = fill.backlog if ceiling is None else np.minimum(ceiling, fill.backlog)
        total = int(holds.tier_total[tier])
        alone = water_fill(np.zeros(len(level), dtype=np.int64), np.array([total]),
                           fill.backlog, level, active, cap.astype(np.int64))
        if alone is not None and int(alone.sum()) == total and (
                (under_ceiling_feasible and ceiling is not None) or fill.feasible(alone)):
            budget.take()
            return EquityResult(served=alone, complete=True, rounds=1)
    if ceiling is not None and active.any():
        first = 1
        if not budget.take():
            return EquityResult(served=level, complete=False, rounds=0)
        cap = np.minimum(ceiling, fill.backlog).astype(np.int64)
        level, t = fill.highest_capped(active, level, cap)
        active &= cap * 1.0 >= t * fill.backlog  # below t: fixed by the greedy in its part
    served, complete, rounds = fill_whole_cards(fill, level, active, budget)
    return EquityResult(served=served, complete=complete, rounds=rounds + first)


class Filling(Protocol):
    """What `fill_whole_cards` needs of a network: units with a backlog, and a test.

    `feasible(level)` solves a max flow with every unit held to at least `level`
    (for S2a: exactly, on its district arc) and says whether it holds; after a
    feasible solve, `can_rise(level)` tells which units could get one more card, all
    others held; `highest(active, level)` is a feasible state at least `level`,
    raising the active units towards ceil(t * backlog) for a water level t as high
    as it finds (any feasible state >= level will do: `greedy_state` trims it).
    """

    backlog: IntArray

    def feasible(self, level: IntArray) -> bool: ...

    def can_rise(self, level: IntArray) -> BoolArray: ...

    def highest(self, active: BoolArray, level: IntArray) -> IntArray: ...


class DistrictFilling:
    """(S2a): DISTRICT[k, c] -> TIER[c] carries district k's cards, the units' arcs."""

    def __init__(self, model: FlowModel, held: int, backlog: IntArray, arcs: IntArray,
                 tails: IntArray):
        self.model, self.held, self.backlog = model, held, backlog
        self.arcs, self.tails = arcs, tails

    def feasible(self, level: IntArray) -> bool:
        self.model.set_arcs(self.arcs, level)
        return self.model.solve() == self.held + int(level.sum())

    def can_rise(self, level: IntArray) -> BoolArray:
        """A district can get one more card when its node is reachable from SRC in the
        residual network of the last (feasible) max flow: that is an augmenting path."""
        return np.asarray(self.model.source_side()[self.tails] & (level < self.backlog))

    def highest(self, active: BoolArray, level: IntArray) -> IntArray:
        return self.highest_capped(active, level, self.backlog)[0]

    def highest_capped(self, active: BoolArray, level: IntArray,
                       cap: IntArray) -> tuple[IntArray, float]:
        """Discrete Newton steps on minimum cuts: an infeasible max flow's cut bounds t.
        The feasible shares max(level, min(cap, ceil(t * backlog))) and their t."""
        b, model = self.backlog, self.model
        t = 1.0
        while True:
            trial = np.where(active, _shares(t, b, level, cap, up=True), level)
            model.set_arcs(self.arcs, trial)
            flow = model.solve()
            if flow == self.held + int(trial.sum()):
                return trial, t
            rising = active & ~model.source_side()[self.tails]
            room = flow - self.held - int(trial[~rising].sum())
            t = _level_within(room, b[rising], level[rising], cap[rising], t, up=True)


def fill_whole_cards(fill: Filling, level: IntArray, active: BoolArray,
                     budget: Budget) -> tuple[IntArray, bool, int]:
    """The whole-card lexicographic max-min of level / backlog over the active units.

    Greedy (the module docstring, "S2"): one card at a time to the unit of lowest
    coverage that can still take one, ties to the larger coverage after the card,
    then the lower index; a unit that cannot take one never can again. Done in
    bulk: a water level t raises every unit to ceil(t * backlog) at once
    (`Filling.highest`), trimmed to the greedy's own state (`greedy_state`); the units
    tied at the lowest coverage then get their card in greedy order, as many as fit
    (a binary search on the longest feasible prefix), and the first that does not fit
    is fixed. Returns (levels, complete, rounds); `complete` is False when the work
    budget stopped it (the levels are then a feasible state short of the end).
    """
    b = fill.backlog
    level = level.copy()
    active = active & (level < b)
    rounds = 0
    while active.any():
        if not budget.take():
            return level, False, rounds
        rounds += 1
        trial = fill.highest(active, level)
        state, tied = greedy_state(trial, level, active, b)
        if not np.array_equal(state, trial) and not fill.feasible(state):
            raise SolverFailure("equity: a state below a feasible one is infeasible")
        level = state
        active &= fill.can_rise(level)
        tied &= active
        if not tied.any():
            continue
        order = np.flatnonzero(tied)
        order = order[np.lexsort((order, b[order]))]  # larger coverage after the card first
        fits = _longest_prefix(fill, level, order)
        level[order[:fits]] += 1
        if fits < len(order):
            active[order[fits]] = False
        active &= level < b
    return level, True, rounds


def _longest_prefix(fill: Filling, level: IntArray, order: IntArray) -> int:
    """The most units of `order`, taken from its start, that can each get one more card
    together (each can alone, so at least one)."""
    def fits(m: int) -> bool:
        trial = level.copy()
        trial[order[:m]] += 1
        return fill.feasible(trial)

    lo, hi = 1, len(order)
    if hi > 1 and not fits(hi):  # one unit alone fits: it can rise (Filling.can_rise)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if fits(mid) else (lo, mid)
        hi = lo
    return hi


def greedy_state(trial: IntArray, base: IntArray, active: BoolArray,
                 backlog: IntArray) -> tuple[IntArray, BoolArray]:
    """The greedy's state at the least coverage tau of `trial`, and the units tied at tau.

    tau = min over active units of trial / backlog, exactly (a fraction p / q). The
    greedy, from `base`, has then given every card whose unit's coverage before it
    was below tau: active units hold max(base, ceil(tau * backlog)) <= trial, a
    feasible state (every state below a feasible one is). Tied units are the active
    ones whose coverage is exactly tau: the next cards go to them. Exact to counts of
    10^12: in int64 when every product p * backlog stays below 2^62 (backlogs below
    2^31), else floats preselect and near-integers are settled in Python integers.
    """
    idx = np.flatnonzero(active)
    state = base.copy()
    tied = np.zeros(len(base), dtype=bool)
    if not len(idx):
        return state, tied
    z, b = trial[idx], backlog[idx]
    ratio = z / b
    near = idx[ratio <= ratio.min() * (1 + 1e-9)]
    p, q = _least_fraction(trial[near], backlog[near])
    if max(p, q, int(b.max()), int(base[idx].max())) < 2**31:  # products below 2^62
        pb = p * b.astype(np.int64)
        state[idx] = np.maximum(base[idx], np.minimum(b, -(-pb // q)))
        tied[idx[state[idx] * q == pb]] = True
        return state, tied
    exact = p * b.astype(np.float64) / q
    up = np.ceil(exact)
    doubt = np.flatnonzero(np.abs(exact - np.round(exact)) <= 1e-3 + 1e-14 * exact)
    for i in doubt.tolist():
        up[i] = -((-p * int(b[i])) // q)
    state[idx] = np.maximum(base[idx], np.minimum(b, up.astype(np.int64)))
    s = state[idx]
    maybe = np.flatnonzero(np.abs(s / b - p / q) <= 1e-9 * (p / q) + 1e-300)
    tied[idx[[i for i in maybe.tolist() if int(s[i]) * q == p * int(b[i])]]] = True
    return state, tied


def water_fill(group: IntArray, totals: IntArray, backlog: IntArray, start: IntArray,
               active: BoolArray, cap: IntArray | None = None) -> IntArray | None:
    """The greedy's whole-card answer when only group totals bind: (units,) cards.

    `group` (units,) is each unit's group (a district of areas for (S2b); one group of
    districts for (S2a)), `totals` (groups,) the cards each group places, `backlog`
    (units,) > 0 each active unit's backlog, `cap` (units,) the most it may get (its
    backlog when not given), `start` (units,) the cards of the units that do not rise
    (`active` False) and the start of those that do (0). Each group alone: its active
    units are raised to min(cap, ceil(t * backlog)) at the highest water level t whose
    cards fit in the group's room (its total less its held units' cards), and the cards
    left go one each to the units then tied at the least coverage below their caps, in
    the greedy's order (smaller backlog first, then lower index: the larger coverage
    after the card first, `fill_whole_cards`). On a group the greedy's own answer when
    nothing else binds (areas.py, "Districts alone").

    None when the arithmetic would leave int64 (backlogs from 2^31) or the levels found
    do not account for every card (floats at their limit, or caps that cannot hold a
    group's total): the caller then runs the greedy itself, which is never wrong.
    """
    level = start.copy()
    idx = np.flatnonzero(active)
    if not len(idx):
        return level
    b, base = backlog[idx].astype(np.int64), start[idx].astype(np.int64)
    top = b if cap is None else np.asarray(cap)[idx].astype(np.int64)
    if int(b.max()) >= 2**31:
        return None
    n_k = len(totals)
    held = np.bincount(group, weights=np.where(active, 0, start), minlength=n_k)
    room_all = totals.astype(np.int64) - held.astype(np.int64)
    groups, local = np.unique(group[idx], return_inverse=True)
    room = room_all[groups]
    if int(b.max()) < EXACT_BELOW and not base.any():
        exact = _events_fill(local, len(groups), room, b, top)
        if exact is not None:
            level[idx] = exact
        return None if exact is None else level
    # A group whose caps all fit is at level 1 (every unit at its cap): no search.
    t = np.ones(len(groups))
    short = np.bincount(local, weights=top, minlength=len(groups)) > room
    if short.any():
        units = short[local]
        renumber = np.cumsum(short) - 1
        t[short] = _levels_within(room[short], renumber[local[units]], b[units], base[units],
                                  top[units], 1.0, up=True)
    trial = np.asarray(np.maximum(base, np.minimum(top, np.ceil(t[local] * b))), dtype=np.int64)
    # Each group's least coverage p / q among its units below their caps (the ones that
    # can still take a card), exactly: products < 2^62.
    rising = trial < top
    ratio = np.where(rising, trial / b, np.inf)
    n_g = len(groups)
    least = np.full(n_g, np.inf)
    np.minimum.at(least, local, ratio)
    open_ = np.isfinite(least)  # groups with a unit below its cap
    pick = np.zeros(n_g, dtype=np.int64)
    at_least = np.flatnonzero(rising & (ratio == least[local]))
    pick[local[at_least]] = at_least
    while True:
        p, q = trial[pick], b[pick]
        smaller = rising & (trial * q[local] < p[local] * b)
        if not smaller.any():
            break
        cand = np.flatnonzero(smaller)
        best = np.full(n_g, np.inf)
        np.minimum.at(best, local[cand], ratio[cand])
        chosen = cand[ratio[cand] == best[local[cand]]]
        pick[local[chosen]] = chosen
    # The greedy's state at that coverage (greedy_state); a group at its caps keeps them.
    state = np.where(open_[local],
                     np.maximum(base, np.minimum(top, -(-(p[local] * b) // q[local]))), trial)
    left = room - np.bincount(local, weights=state, minlength=n_g).astype(np.int64)
    tied = np.flatnonzero(rising & open_[local] & (state * q[local] == p[local] * b))
    if (left < 0).any():
        return None
    # The tied units in the greedy's order within each group: the first `left` rise.
    order = tied[np.lexsort((tied, b[tied], local[tied]))]
    g = local[order]
    first = np.searchsorted(g, np.arange(n_g))
    rank = np.arange(len(order)) - first[g]
    if ((np.bincount(g, minlength=n_g) <= left) & (left > 0)).any():
        # Every tied unit of a group fits: a higher level did (floats lost it), or the
        # caps cannot hold the group's total.
        return None
    state[order[rank < left[g]]] += 1
    level[idx] = state
    return level


def _events_fill(local: IntArray, n_g: int, room: IntArray, b: IntArray,
                 top: IntArray) -> IntArray | None:
    """`water_fill` for units that all start at 0 and have backlogs below 2^26: (units,)
    cards, found by counting cards rather than searching a level.

    A unit's j-th card (j = 0 .. top - 1) comes at coverage j / b: the greedy gives a
    group's `room` cards in that order (ties: smaller backlog, then lower index). The
    (room + 1)-th card's coverage v is found among few candidates: with c(t) =
    sum min(t * b, top) (continuous, inverted on its breakpoints top / b), at most
    room of the cards come below t1 where c(t1) = room + 1 - units (ceil adds less than
    one per unit), and at least room + 1 by t2 where c(t2) = room + 1; the cards
    between, about two per unit, are listed and sorted. Every card below v is given,
    then the ones at exactly v in the greedy's order. Fractions j / b with b < 2^26 are
    distinct floats when distinct and equal when equal (division is correctly
    rounded), so the float order is exact. None when a count does not add up (the
    caller then searches the level).
    """
    full = np.bincount(local, weights=top, minlength=n_g) <= room
    if full.any():  # every unit of such a group gets its cap
        state = top.copy()
        rest = ~full[local]
        if rest.any():
            renumber = np.cumsum(~full) - 1
            sub = _events_fill(renumber[local[rest]], int((~full).sum()), room[~full],
                               b[rest], top[rest])
            if sub is None:
                return None
            state[rest] = sub
        return state
    n = len(b)
    units = np.bincount(local, minlength=n_g)
    total_b = np.bincount(local, weights=b, minlength=n_g)
    # c(t) on each group's breakpoints r = top / b, in ascending order.
    r = top / b
    order = np.lexsort((r, local))
    g_sorted, r_sorted = local[order], r[order]
    start = np.searchsorted(g_sorted, np.arange(n_g))
    # Each running sum once, by the arrays' methods (numpy's module-level wrappers cost
    # more than these arrays' work on a city's few hundred units).
    run_top, run_b = top[order].cumsum(), b[order].cumsum()
    cum_top = run_top - np.concatenate([[0], run_top])[start].repeat(units)
    cum_b = run_b - np.concatenate([[0], run_b])[start].repeat(units)
    # At breakpoint k (units before it saturated): c = sum_{j<k} top + r_k * (B - sum_{j<k} b)
    before_top, before_b = cum_top - top[order], cum_b - b[order]
    c_at = before_top + r_sorted * (total_b[g_sorted] - before_b)

    def level_of(y: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        below = c_at <= y[g_sorted]
        k = np.bincount(g_sorted, weights=below, minlength=n_g).astype(np.int64)
        last = start + k - 1  # the last breakpoint at or below y (k >= 1), saturated
        st = np.where(k > 0, cum_top[np.maximum(last, 0)], 0.0)
        sb = np.where(k > 0, cum_b[np.maximum(last, 0)], 0.0)
        free = total_b - sb
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(free > 0, (y - st) / free, np.inf)
        return np.asarray(t, dtype=np.float64)

    t1 = np.maximum(level_of(np.maximum(room + 1 - units, 0).astype(np.float64)), 0.0)
    t2 = level_of((room + 1).astype(np.float64))
    eps = 1e-9
    # (np.clip's definition, minimum(maximum(.)), without its wrapper's checks)
    lo = np.minimum(np.maximum(np.ceil((t1[local] * (1 - eps) - eps) * b), 0), top
                    ).astype(np.int64)
    hi = np.minimum(top - 1, np.floor(np.minimum(t2[local] * (1 + eps) + eps, 1.0) * b)
                    ).astype(np.int64)
    count = np.maximum(hi - lo + 1, 0)
    given_below = np.bincount(local, weights=lo, minlength=n_g).astype(np.int64)
    k = room - given_below  # the (room + 1)-th card is the k-th (from 0) listed
    listed = np.bincount(local, weights=count, minlength=n_g).astype(np.int64)
    if (k < 0).any() or (k >= listed).any():
        return None
    unit = np.arange(n).repeat(count)
    first = count.cumsum() - count
    j = lo[unit] + np.arange(int(count.sum())) - first.repeat(count)
    value = j / b[unit]
    # The cards by group, then value. Only the value of each group's k-th card is read,
    # and equal floats here are equal fractions, so the order among equal values does
    # not matter: an (unstable) argsort of the values, then a stable one of the groups
    # (as narrow integers: a radix sort), half the instructions of np.lexsort.
    by = np.argsort(value)
    narrow = np.int16 if n_g <= np.iinfo(np.int16).max else np.int64
    by = by[np.argsort(local[unit][by].astype(narrow), kind="stable")]
    group_start = np.concatenate([[0], listed.cumsum()[:-1]])
    pick = by[group_start + k]
    p, q = j[pick], b[unit[pick]]  # v = p / q per group
    pb = p[local] * b
    state = np.minimum(top, -(-pb // q[local]))
    tied = ((pb % q[local] == 0) & (state < top)).nonzero()[0]
    left = room - np.bincount(local, weights=state, minlength=n_g).astype(np.int64)
    order_t = tied[np.lexsort((tied, b[tied], local[tied]))]
    g = local[order_t]
    if (left < 0).any() or (np.bincount(g, minlength=n_g) <= left).any():
        return None
    rank = np.arange(len(order_t)) - np.searchsorted(g, np.arange(n_g))[g]
    state[order_t[rank < left[g]]] += 1
    return np.asarray(state, dtype=np.int64)


def _least_fraction(num: IntArray, den: IntArray) -> tuple[int, int]:
    """(p, q) = (num[i], den[i]) of a least num / den (den > 0), exactly: any of equal
    fractions (callers use only the value). Past a few candidates, with products below
    2^62 in int64: the float ratios' least is a candidate, replaced by any that is
    smaller exactly (num[i] * q < p * den[i]) until none is; else (and for a few, where
    Python is quicker than numpy's calls) the first least by the same cross products in
    Python integers."""
    if len(num) > 8 and max(int(num.max()), int(den.max())) < 2**31:
        i = int(np.argmin(num / den))
        while True:
            smaller = np.flatnonzero(num * den[i] < num[i] * den)
            if not len(smaller):
                return int(num[i]), int(den[i])
            i = int(smaller[np.argmin(num[smaller] / den[smaller])])
    pairs = zip(num.tolist(), den.tolist(), strict=True)
    p, q = next(pairs)
    for a, b in pairs:  # a / b < p / q, in integers (b, q > 0): the first least stays
        if a * q < p * b:
            p, q = a, b
    return int(p), int(q)


def _shares(t: float, backlog: IntArray, base: IntArray, cap: IntArray,
            up: bool = False) -> IntArray:
    """Cards at water level t: floor(t * backlog) (ceil with `up`), never below `base`
    nor above `cap`."""
    shares = np.ceil(t * backlog) if up else np.floor(t * backlog)
    return np.asarray(np.maximum(base, np.minimum(cap, shares)), dtype=np.int64)


EXACT_BELOW = 2**26  # backlogs below which fractions j / b order exactly as floats
GRID = 32  # water levels tried at once per narrowing step (a 33-fold narrowing)
_GRID_STEPS = np.arange(1, GRID + 1) / (GRID + 1)
_GRID_COLUMNS = np.arange(GRID)


def _level_within(room: int, backlog: IntArray, base: IntArray, cap: IntArray,
                  above: float, up: bool = False) -> float:
    """The highest t < `above` whose shares fit in `room` (to 1e-15)."""
    rooms, group = np.array([room], dtype=np.int64), np.zeros(len(backlog), dtype=np.int64)
    if up:
        return _least_level_within(rooms, group, backlog, base, cap, above)
    return float(_levels_within(rooms, group, backlog, base, cap, above, up)[0])


def _levels_within(room: IntArray, group: IntArray, backlog: IntArray, base: IntArray,
                   cap: IntArray, above: float, up: bool = False) -> npt.NDArray[np.float64]:
    """For each group g, the highest t < `above` whose shares in g fit in room[g].

    Shares are floor(t * backlog), or ceil with `up`, clipped to [base, cap]. Their
    sum is nondecreasing in t, so each group's feasible levels form an
    interval [0, t_g]; every step tries GRID levels inside the bracket at once and
    keeps the highest that fits, until the bracket is 1e-15 wide. Raises
    SolverFailure when even t = 0 does not fit (the bases were feasible: a bug).
    """
    n_groups = len(room)
    lo = np.zeros(n_groups)
    hi = np.full(n_groups, above)
    b, low, high = (x.astype(np.float64)[:, None] for x in (backlog, base, cap))
    rounding = np.ceil if up else np.floor
    # At t = 0 every share is its base (bases and caps are >= 0).
    if (np.bincount(group, weights=low[:, 0], minlength=n_groups) > room).any():
        raise SolverFailure("equity: a level that was feasible is no longer")
    steps = np.arange(1, GRID + 1) / (GRID + 1)
    rows = np.arange(n_groups)
    # Each unit's share at each of its group's GRID levels, summed per (group, level).
    cell = (group[:, None] * GRID + np.arange(GRID)[None, :]).ravel()
    # Each row: the bracket's ends around its GRID levels, so the new bracket is
    # columns (fits, fits + 1) whatever fits is (0: lo stays; GRID: hi stays).
    bracket = np.empty((n_groups, GRID + 2))
    for _ in range(12):  # 33^12 > 1e18: the bracket is below 1e-15 by then
        width = hi - lo
        if not (width > 1e-15).any():
            break
        bracket[:, 0], bracket[:, -1] = lo, hi
        grid = bracket[:, 1:-1]
        np.add(lo[:, None], width[:, None] * steps[None, :], out=grid)
        shares = np.maximum(low, np.minimum(high, rounding(grid[group] * b)))
        need = np.bincount(cell, weights=shares.ravel(), minlength=n_groups * GRID)
        fits = (need.reshape(n_groups, GRID) <= room[:, None]).sum(axis=1)
        lo, hi = bracket[rows, fits], bracket[rows, fits + 1]
        if up:
            hi = np.where(_next_step_overflows(lo, room, group, b[:, 0], low[:, 0],
                                               high[:, 0], n_groups), lo, hi)
    return lo


def _least_level_within(room: IntArray, group: IntArray, backlog: IntArray, base: IntArray,
                        cap: IntArray, above: float) -> float:
    """float(_levels_within(room, group, ..., above, up=True).min()), the same float,
    narrowing only the groups that can hold the least.

    Every group starts from the bracket [0, above], so all try the same GRID levels;
    a group that fits more of them than another ends above that one's bracket, and
    cannot hold the least. So only the groups that fit the fewest are narrowed, and
    they keep one bracket; the first of them whose shares at the bracket's low end are
    those of its highest level (`_next_step_overflows`) stops there, at the least.
    That test is skipped where it cannot hold: a group's shares at lo plus one card per
    unit still fit. If the bracket gets to 1e-15 first (the loop's end then depends on
    the groups left out) the answer is `_levels_within`'s, computed in full.
    Comparisons with the rooms are made in floats, as numpy makes them.
    """
    n_groups = len(room)
    b, low, high = (x.astype(np.float64) for x in (backlog, base, cap))
    rooms = room.astype(np.float64)
    # At t = 0 every share is its base (bases and caps are >= 0).
    at_lo = np.bincount(group, weights=low, minlength=n_groups)
    if (at_lo > rooms).any():
        raise SolverFailure("equity: a level that was feasible is no longer")
    units = np.bincount(group, minlength=n_groups)
    lo, hi = 0.0, above
    kg = group  # the kept units' groups, numbered 0.. among the kept
    cell = (kg[:, None] * GRID + _GRID_COLUMNS).ravel()
    cur = low  # the shares at lo
    for _ in range(12):  # 33^12 > 1e18: the bracket is below 1e-15 by then
        width = hi - lo
        if not width > 1e-15:
            return float(_levels_within(room, group, backlog, base, cap, above, up=True).min())
        grid = lo + width * _GRID_STEPS
        shares = np.multiply.outer(b, grid)
        np.ceil(shares, out=shares)
        np.minimum(high[:, None], shares, out=shares)
        np.maximum(low[:, None], shares, out=shares)
        if n_groups == 1:
            need = shares.sum(axis=0)
            k = int(np.count_nonzero(need <= rooms[0]))
            if k:
                lo, cur, at_lo = float(grid[k - 1]), shares[:, k - 1], need[k - 1:k]
            if k < GRID:
                hi = float(grid[k])
            if (at_lo[0] + units[0] > rooms[0]
                    and _overflows_next(cur, b, high, float(at_lo[0]), float(rooms[0]))):
                return lo
            continue
        need = np.bincount(cell, weights=shares.ravel(),
                           minlength=n_groups * GRID).reshape(n_groups, GRID)
        fits = (need <= rooms[:, None]).sum(axis=1)  # (count_nonzero's axis path is slower)
        k = int(fits.min())
        if k:
            lo, cur, at_lo = float(grid[k - 1]), shares[:, k - 1], need[:, k - 1]
        if k < GRID:
            hi = float(grid[k])
        least = fits == k
        if not least.all():
            kept = least[kg]
            kg = (np.cumsum(least) - 1)[kg[kept]]
            rooms, units, at_lo = rooms[least], units[least], at_lo[least]
            b, low, high, cur = b[kept], low[kept], high[kept], cur[kept]
            n_groups = len(rooms)
            cell = (kg[:, None] * GRID + _GRID_COLUMNS).ravel()
        if not (at_lo + units > rooms).any():
            continue
        if n_groups == 1:
            if _overflows_next(cur, b, high, float(at_lo[0]), float(rooms[0])):
                return lo
        elif _groups_overflow_next(cur, b, high, at_lo, rooms, kg, n_groups):
            return lo
    return lo


def _overflows_next(cur: npt.NDArray[np.float64], b: npt.NDArray[np.float64],
                    high: npt.NDArray[np.float64], at_lo: float, room: float) -> bool:
    """`_next_step_overflows` for one group, the same answer, given its shares at lo
    (`cur`: the column of a step's grid shares where lo was, or the bases at lo = 0:
    the same floats) and their sum."""
    rising = cur < high
    theta = np.where(rising, cur / b, np.inf)
    first = float(theta.min())
    if first == np.inf:
        return False
    # Sums of whole numbers: exact, as the bincount's.
    return bool(at_lo + np.count_nonzero(theta <= first * (1 + 1e-12)) > room)


def _groups_overflow_next(cur: npt.NDArray[np.float64], b: npt.NDArray[np.float64],
                          high: npt.NDArray[np.float64], at_lo: npt.NDArray[np.number[Any]],
                          room: npt.NDArray[np.float64], group: IntArray, n_groups: int) -> bool:
    """`_next_step_overflows(...).any()` for groups sharing one lo, the same answer, given
    the shares at lo (`cur`, as `_overflows_next` takes them) and their sums per group
    (`at_lo`: whole numbers, so adding the next step's units to them is the bincount of
    the shares plus those units, exactly)."""
    rising = cur < high
    theta = np.where(rising, cur / b, np.inf)
    first = np.full(n_groups, np.inf)
    np.minimum.at(first, group, theta)
    at_first = rising & (theta <= first[group] * (1 + 1e-12))
    after = at_lo + np.bincount(group, weights=at_first, minlength=n_groups)
    return bool((np.isfinite(first) & (after > room)).any())


def _next_step_overflows(lo: npt.NDArray[np.float64],
                         room: IntArray | npt.NDArray[np.float64], group: IntArray,
                         b: npt.NDArray[np.float64], low: npt.NDArray[np.float64],
                         high: npt.NDArray[np.float64], n_groups: int) -> BoolArray:
    """Per group, whether the ceil shares at `lo` are already those of the highest
    level: the next step of the shares (every unit whose next card comes at the
    least level above lo, taken together) overflows the room. Only saves narrowing
    steps; a wrong answer (floats) costs progress, not correctness (greedy_state)."""
    cur = np.maximum(low, np.minimum(high, np.ceil(lo[group] * b)))
    rising = cur < high
    theta = np.where(rising, cur / b, np.inf)
    first = np.full(n_groups, np.inf)
    np.minimum.at(first, group, theta)
    at_first = rising & (theta <= first[group] * (1 + 1e-12))
    # The shares now plus one card per unit at the first step (whole numbers: exact).
    after = np.bincount(group, weights=cur + at_first, minlength=n_groups)
    return np.asarray(np.isfinite(first) & (after > room), dtype=bool)


def minimize_travel(layout: Layout, holds: Holds) -> IntArray:
    """(S3) Min resident-km with every share and tier total held; the arc flows.

    Lower bounds (held shares) become node supplies: an arc u->v that must carry l
    takes l from u's supply, gives l to v's and keeps upper - l as capacity.
    """
    n_k, n_c = layout.district_node.shape
    mcf = min_cost_flow.SimpleMinCostFlow()
    caps = layout.caps.copy()
    lower = holds.lower.ravel()
    d0 = layout.district_arc0
    caps[d0:d0 + n_k * n_c] = holds.upper.ravel() - lower
    caps[layout.tier_arc0:layout.tier_arc0 + n_c] = 0
    has = layout.area_arc_index >= 0
    area_lower = holds.area_lower[has]
    caps[layout.area_arc0:layout.district_arc0] = holds.area_upper[has] - area_lower
    # Arcs that can carry nothing are left out (about half the arcs when a later tier
    # gets no card): those without capacity, and those into an area's DEMAND node held
    # at 0 cards (its only ways on are shut and it has no supply).
    shut = np.zeros(layout.n_nodes, dtype=bool)
    shut[layout.demand_node[has & (holds.area_upper == 0)]] = True
    arcs = np.flatnonzero((caps > 0) & ~shut[layout.heads])
    mcf.add_arcs_with_capacity_and_unit_cost(layout.tails[arcs], layout.heads[arcs],
                                             caps[arcs], layout.costs[arcs])
    # Node supplies by the blocks' node ranges (build_layout numbers DEMAND[a, c] in
    # the area arcs' order, then DISTRICT[k, c] row by row); whole numbers, so the order
    # of the sums does not matter.
    supply = np.zeros(layout.n_nodes, dtype=np.int64)
    supply[Layout.SRC] = int(holds.tier_total.sum())
    first_demand = 2 + 2 * len(layout.site_in)
    supply[first_demand:first_demand + len(area_lower)] -= area_lower
    first_district = int(layout.district_node[0, 0]) if n_k * n_c else 0
    supply[first_district:first_district + n_k * n_c] -= lower
    np.add.at(supply, layout.heads[layout.area_arc0:layout.district_arc0], area_lower)
    supply[layout.tier_node] += holds.lower.sum(axis=0) - holds.tier_total
    mcf.set_nodes_supplies(np.arange(layout.n_nodes), supply)
    status = mcf.solve()
    if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
        raise SolverFailure(f"min cost flow returned {status}")
    flows = np.zeros(len(caps), dtype=np.int64)
    flows[arcs] = mcf.flows(np.arange(len(arcs)))
    return flows


def pair_cards(layout: Layout, flows: IntArray) -> IntArray:
    """(pairs, tiers) cards printed on each allowed pair, read off the arc flows."""
    index = layout.pair_arc_index
    return np.where(index >= 0, flows[np.maximum(index, 0)], 0).astype(np.int64)


def open_caps(layout: Layout, area_backlog: IntArray, district_backlog: IntArray) -> StageCaps:
    """Every tier open at once (what the card marginals are measured on)."""
    n_c = district_backlog.shape[1]
    return StageCaps(area=area_backlog, district=district_backlog,
                     tier=np.full(n_c, layout.unlimited, dtype=np.int64))


def total_max_flow(model: FlowModel, area_backlog: IntArray, district_backlog: IntArray) -> int:
    """Most cards all tiers together can get (what marginal values are measured on)."""
    return model.max_flow(open_caps(model.layout, area_backlog, district_backlog))
