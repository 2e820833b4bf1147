r"""Ties in (S2): among equally fair shares, the ones (S2b) and then travel (S3) prefer.

The greedy of (S2a) and (S2b) (`model.fill_whole_cards`) gives a card that several
units of equal backlog could take to the lower index. Every other choice among them
is equally fair at that level, but model.md asks each stage to be optimized with the
earlier ones held: the choice must be the one that is best for (S2b) (after a choice
of district shares) and then for travel. This module makes that choice after the
greedy stages have run (`break_ties`), in three steps.

Which alternatives exist. Write x for one level's shares in tier c (districts at
S2a; areas at S2b, with the district totals held) and b for their backlogs.
  * S2a: the optimal district vectors are the minimizers of a separable convex
    function on an M-convex set (model.py, "S2"), hence M-convex, so they are
    connected by single exchanges x + e_i - e_j. An exchange keeps the sorted vector
    of x / b only if b_i = b_j (two ratios p / b_i, q / b_j trading places one card
    each need 1 / b_i = 1 / b_j) and x_j = x_i + 1. So every optimal vector is the
    greedy's with values permuted within chains of values stepping by one in
    classes of equal backlog (`blocks`), and each such permutation that the network
    can serve is optimal.
  * S2b: optimal vectors have the greedy's sorted ratios and its district totals.
    Those that permute values within chains of equal backlog (the greedy's
    exactness at S2b is checked by the tests, not proven) are considered. Call a
    district Y a donor to X when some class has a unit in Y above one in X: a
    permutation can move cards across districts only round a cycle of donors
    (a district no one donates to holds the top values of every class it has, and
    its total is fixed, so its units keep their multiset; remove it and repeat).
    Without a cycle (`donor_cycle`) the alternatives are permutations within
    (class, district) blocks; with one, permutations within classes whose district
    totals match.
Which alternatives are feasible is one max flow each (`DistrictFilling.feasible`,
`AreaFilling.feasible`). Before enumerating, units whose share cannot change at all
with everything else held are dropped (`movable`: their arc lies on no cycle of the
residual network), and at S2a nothing is enumerated unless one exchange is possible
(`_some_swap`), so that ties only in name (a kelurahan bound by its office's
capacity) neither cost candidates nor make a plan give up.

What they can change. The deliverable (area, tier) vectors are a polymatroid (a
single-source network's), and the stages give tier c a vector of the largest total
(S1), a base of its restriction to tier c's elements with the earlier tiers held.
For a polymatroid the vectors that extend a base B of a set E0 are the same for
every such B (the contraction by E0, f(Y + E0) - f(E0)): so no choice among tier c's
alternatives changes what any later tier can receive, its total, its district or
its area shares. A tie at tier c is therefore decided by tier c's (S2b) (for a tie
among districts) and then by travel, never by a later tier. The oracle test
(tests/engine/test_ties.py) checks this against every whole-card plan of tiny
instances.

The choice.
  1. For each tier, every feasible alternative district vector gets its own (S2b)
     (the engine's greedy, `area_stage`); those whose sorted area coverage is
     lexicographically best are kept (the greedy's first; a strictly better one
     replaces it: a tie at S2a decided by S2b).
     When every kecamatan has at most one kelurahan waiting in the tier, (S2b) is
     forced whatever the districts get, and district blocks of values k and k + 1
     go to travel as group nodes (step 2) instead.
  2. Area alternatives of each kept pair: blocks whose values are k and k + 1
     without a donor cycle become group nodes of the travel min-cost flow
     (`grouped_travel`): each unit of the block gets [k, k + 1] cards and the block
     its total, which are exactly the permutations of its values, so the min-cost
     flow chooses among them exactly, with no enumeration. Other blocks (wider
     values, or a donor cycle) are enumerated.
  3. Travel: every combination of the tiers' kept pairs is priced by one min-cost
     flow (with the group nodes); the fewest resident-km wins, the greedy's on
     equal km (the greedy's own combination is priced with and without its group
     nodes, and keeps its shares unless the groups save resident-km). When the parts
     of `decompose` are independent in travel and no group spans two parts, the
     flows run on the parts the choices touch, summed: the other parts' resident-km
     are the same in every combination.
Exhaustion is bounded: at most EXHAUST_LIMIT alternatives are tried at any step
(counted before the feasibility test) and EXHAUST_LIMIT combinations are priced.
Beyond that the greedy's choice is kept and the plan does not claim `optimal`
(TRAVEL_TIES_UNEXPLORED: tier, level and the number of tied units). Every (S2b)
run takes its rounds from the plan's work budget, and every candidate and every
min-cost flow here one round more (`model.Budget`, deterministic); when the budget
is spent the search stops the same way (the one max flow and the searches that
find the tied units are not charged: a plan without ties spends nothing).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from optimizer.engine import decompose
from optimizer.engine.areas import AreaFilling
from optimizer.engine.model import (
    Budget,
    EquityResult,
    FlowModel,
    Holds,
    IntArray,
    Layout,
    SolverFailure,
    district_filling,
    tier_caps,
)
from optimizer.engine.network import Network, row_sums
from optimizer.engine.scc import strong_components
from optimizer.schema import Message

# Alternatives enumerated at one step, and combinations priced by travel, at most.
EXHAUST_LIMIT = 100

# (S2b) of one tier on the holds given, with the plan's budget (solve._area_stage).
AreaStage = Callable[[Holds, int, Budget], EquityResult]


@dataclass(frozen=True)
class Group:
    """Area units of one tier whose shares travel may permute: values k and k + 1.

    Areas of one district (S2b), or, `across`, of several districts each of which has
    no other area waiting in the tier (S2a with S2b forced): then the districts'
    shares follow their areas'."""

    tier: int
    areas: IntArray  # area indices
    low: int         # k
    across: bool = False  # areas of several districts, each its district's only one


@dataclass
class Option:
    """One tier's shares: districts, areas, and the area blocks travel still chooses."""

    districts: IntArray
    areas: IntArray
    groups: list[Group] = field(default_factory=list)


@dataclass
class Ties:
    """What `break_ties` chose: the holds, and where it could not look at everything."""

    holds: Holds
    unexplored: tuple[str, str, int] | None  # (tier, "district" | "area", tied units)
    combinations: int                        # combinations priced by travel

    @property
    def message(self) -> Message | None:
        if self.unexplored is None:
            return None
        tier, level, units = self.unexplored
        return unexplored_message(tier, level, units)


def unexplored_message(tier: str, level: str, units: int) -> Message:
    """TRAVEL_TIES_UNEXPLORED: the first tie whose alternatives were not all compared.

    `level` is "district" or "area"; `units` the tied units of equal backlog there."""
    return Message(
        code="TRAVEL_TIES_UNEXPLORED", level="warning",
        params={"tier": tier, "level": level, "units": units},
        text=f"Equally fair shares were not all compared: in tier {tier}, {units:,} tied "
             f"{level} units of equal backlog have too many ways to share their cards (or the "
             f"work budget ran out), so the lower ids got them; another choice, as fair at "
             f"that level, may be fairer to the areas or save resident-km.")


class _Search:
    def __init__(self, net: Network, model: FlowModel, budget: Budget):
        self.net, self.model, self.budget = net, model, budget
        self.unexplored: tuple[str, str, int] | None = None
        self.tied: dict[int, tuple[str, int]] = {}  # tier: (level, tied units) of its tie

    def tie(self, tier: int, level: str, units: int) -> None:
        if tier not in self.tied:
            self.tied[tier] = (level, units)

    def give_up(self, tier: int, level: str, units: int) -> None:
        if self.unexplored is None:
            self.unexplored = (self.net.tiers[tier], level, units)

    def take(self, n: int = 1) -> bool:
        """Spend n rounds of the budget; False as soon as one is not there."""
        return all(self.budget.take() for _ in range(n))


def lots_ties_message(combinations: int, km_above_bound: float) -> Message:
    """TRAVEL_TIES_LOTS: with lots, ties were chosen on the plan's lots only, and its
    resident-km stay `km_above_bound` above the lot-free plan's (which chose among every
    tie), so travel is not proven optimal."""
    return Message(
        code="TRAVEL_TIES_LOTS", level="warning",
        params={"combinations": combinations, "km_above_bound": km_above_bound},
        text=f"Equally fair shares were compared on the lots chosen only ({combinations:,} "
             f"ways priced); the plan's resident-km are {km_above_bound:,.1f} above the "
             f"plan without lots, so other lots with another equally fair choice may save "
             f"resident-km: travel is not proven optimal.")


def break_ties(net: Network, model: FlowModel, holds: Holds, budget: Budget,
               area_stage: AreaStage, parts: decompose.Parts | None = None) -> Ties:
    """The holds of the greedy stages with ties chosen as the module docstring says.

    `holds` must be complete (every tier's district and area shares exact). Returns
    the same object untouched when there is no tie to choose; else new holds whose
    every tier total and sorted coverage vector equal or beat the greedy's. Raises
    SolverFailure when a min-cost flow finds no optimum (a bug). With `parts`
    (decompose.Parts), travel is priced on the one part every choice lies in, when
    the parts are independent in travel (`decompose.travel`'s condition).
    """
    search = _Search(net, model, budget)
    district_backlog = net.district_backlog()
    options: list[list[Option]] = []
    for c in range(net.n_tiers):
        options.append(_tier_options(search, holds, c, district_backlog[:, c], area_stage))
    if all(len(o) == 1 and not o[0].groups for o in options):
        chosen = _with_options(holds, tuple(o[0] for o in options))
        same = (np.array_equal(chosen.upper, holds.upper)
                and np.array_equal(chosen.area_upper, holds.area_upper))
        # (S2b) alone chose (a tie between districts), or nothing did: no travel to price.
        return Ties(holds=holds if same else chosen, unexplored=search.unexplored,
                    combinations=0)
    price = _pricer(net, model.layout, holds, options, parts)
    combos = math.prod(len(o) for o in options)
    if combos > EXHAUST_LIMIT:
        search.give_up(*_widest(search, options))
    best_holds, best_cost, priced = holds, None, 0
    for combo in itertools.islice(itertools.product(*options), EXHAUST_LIMIT):
        if not search.take():
            search.give_up(*_widest(search, options))
            break
        trial = _with_options(holds, combo)
        groups = [g for option in combo for g in option.groups]
        cost, shares = price(trial, groups)
        picked: IntArray | None = shares
        priced += 1
        if priced == 1 and groups:
            # The greedy's own shares unless the groups save resident-km: equal km keep
            # the plan the greedy made.
            if not search.take():
                search.give_up(*_widest(search, options))
                break
            plain, _ = price(trial, [])
            if plain <= cost:
                cost, picked = plain, None
        if picked is not None:
            trial.area_lower[:] = picked
            trial.area_upper[:] = picked
            trial.lower[:] = trial.upper[:] = _district_sums(net, picked)
        if best_cost is None or cost < best_cost:
            best_holds, best_cost = trial, cost
    return Ties(holds=best_holds, unexplored=search.unexplored, combinations=priced)


Pricer = Callable[[Holds, list[Group]], tuple[int, IntArray]]


def _pricer(net: Network, layout: Layout, holds: Holds, options: list[list[Option]],
            parts: decompose.Parts | None) -> Pricer:
    """`grouped_travel` on the whole network, or part by part on the parts that hold a
    district some option or group changes, summed (the other parts' resident-km are
    the same for every combination), when the parts are independent in travel (every
    district share held and the central supply enough for every card, as in
    `decompose.travel`) and no group spans two parts."""
    def whole(trial: Holds, groups: list[Group]) -> tuple[int, IntArray]:
        return grouped_travel(layout, trial, groups)

    if parts is None or net.supply < int(holds.upper.sum()):
        return whole
    touched = np.zeros(net.n_districts, dtype=bool)
    for tier_options in options:
        for option in tier_options:
            touched |= (option.districts != tier_options[0].districts)
            touched[net.area_district[option.areas != tier_options[0].areas]] = True
            for g in option.groups:
                in_groups = np.unique(parts.part[net.area_district[g.areas]])
                if len(in_groups) > 1:
                    return whole
                touched[net.area_district[g.areas]] = True
    in_parts = [int(p) for p in np.unique(parts.part[touched])]
    where = [(parts.network(p)[1], parts.network(p)[2],
              parts.areas[0][parts.areas[1][p]:parts.areas[1][p + 1]]) for p in in_parts]

    def by_part(trial: Holds, groups: list[Group]) -> tuple[int, IntArray]:
        total, out = 0, trial.area_upper.copy()
        group_part = [int(parts.part[net.area_district[g.areas[0]]]) for g in groups]
        for p, (districts, part_layout, areas) in zip(in_parts, where, strict=True):
            upper = trial.upper[districts]
            local = Holds(lower=trial.lower[districts].copy(), upper=upper.copy(),
                          area_lower=trial.area_lower[areas].copy(),
                          area_upper=trial.area_upper[areas].copy(),
                          tier_total=upper.sum(axis=0))
            mine = [replace(g, areas=parts.pos_a[g.areas])
                    for g, q in zip(groups, group_part, strict=True) if q == p]
            # Without groups the problem may be the part's travel stage (the greedy's
            # shares chosen): decompose.travel takes its flows if it is, arc for arc.
            cost, shares = grouped_travel(part_layout, local, mine, None if mine else
                                          parts.solved_travel.setdefault(p, []))
            total += cost
            out[areas] = shares
        return total, out

    return by_part


def _widest(search: _Search, options: list[list[Option]]) -> tuple[int, str, int]:
    """The tier with the most choices, and its tie's level and tied units."""
    c = max(range(len(options)), key=lambda t: (len(options[t]), -t))
    level, units = search.tied.get(c, ("area", 0))
    return c, level, units


def _with_options(holds: Holds, combo: tuple[Option, ...]) -> Holds:
    trial = Holds(lower=holds.lower.copy(), upper=holds.upper.copy(),
                  area_lower=holds.area_lower.copy(), area_upper=holds.area_upper.copy(),
                  tier_total=holds.tier_total.copy())
    for c, option in enumerate(combo):
        trial.lower[:, c] = trial.upper[:, c] = option.districts
        trial.area_lower[:, c] = trial.area_upper[:, c] = option.areas
    return trial


def _tier_options(search: _Search, holds: Holds, c: int, backlog: IntArray,
                  area_stage: AreaStage) -> list[Option]:
    """Tier c's equally good (district, area) shares, the greedy's first (step 1 and 2)."""
    net = search.net
    served = holds.upper[:, c]
    greedy = Option(districts=served.copy(), areas=holds.area_upper[:, c].copy())
    if int(served.sum()) in (0, int(backlog.sum())):
        return [greedy]  # nobody or everybody: forced down to each area
    district_blocks = blocks(served, backlog)
    if district_blocks:
        layout = search.model.layout
        residual = residual_network(search.model, holds, c, "district")
        if _some_swap(residual, layout.district_node[:, c], int(layout.tier_node[c]),
                      served, district_blocks):
            can_move = movable(layout, residual, c, "district")
            district_blocks = blocks(served, np.where(can_move, backlog, 0))
        else:
            district_blocks = []
    if not district_blocks:
        return _area_options(search, holds, c, greedy)
    units = sum(len(b) for b in district_blocks)
    search.tie(c, "district", units)
    if _areas_forced(net, c):
        # One kelurahan with backlog per kecamatan: (S2b) is forced whatever the
        # districts get, so travel alone chooses, by group nodes for k / k + 1 blocks.
        by_area = [_areas_of(net, c, b) for b in district_blocks]
        groups = [Group(tier=c, areas=a, low=int(served[b].min()), across=True)
                  for a, b in zip(by_area, district_blocks, strict=True)
                  if int(served[b].max()) - int(served[b].min()) == 1]
        rest = [b for b in district_blocks if int(served[b].max()) - int(served[b].min()) > 1]
        greedy.groups = groups
        if not rest:
            return [greedy]
        district_blocks = rest
    alternatives = _alternatives(served, district_blocks, None, None)
    if alternatives is None or not search.take(len(alternatives)):
        search.give_up(c, "district", units)
        kept = [greedy]
    else:
        kept = _best_districts(search, holds, c, backlog, alternatives, greedy, area_stage)
    out: list[Option] = []
    for option in kept:
        out.extend(_area_options(search, holds, c, option))
    return out


def residual_network(model: FlowModel, holds: Holds, c: int, level: str) -> Residual:
    """The residual network in which tier c's units of `level` move, every other hold
    kept (`movable` asks which units lie on its cycles).

    `holds` holds every share (tier c's too; later tiers are left out: by the
    contraction argument above they never restrict tier c). Their flow, as a max flow
    with every arc at its held share, is one feasible flow; another with the same
    holds except the units of `level` (districts: tier c's district and area arcs
    free, its total held; areas: tier c's area arcs free, district totals held)
    differs from it by cycles of its residual network. So a unit can change exactly
    when its arc lies on a residual cycle: its two ends (DISTRICT[k, c] and TIER[c];
    DEMAND[a, c] and DISTRICT[k(a), c]) are in one strongly connected component. The
    residual network has every arc but the held ones of other tiers and stages, the
    tier arcs and SINK; the free arcs count with their backlog as capacity.
    """
    layout = model.layout
    model.load(tier_caps(holds, c, layout.unlimited))
    model.set_arc_capacity(layout.tier_arc0 + c, int(holds.tier_total[c]))
    model.solve()
    flows = model.flows()
    caps = model.caps.copy()
    n_k, n_c = layout.district_node.shape
    keep = np.ones(len(caps), dtype=bool)
    keep[layout.tier_arc0:layout.tier_arc0 + n_c] = False
    keep[layout.floor_arc_index[layout.floor_arc_index >= 0]] = False
    district_arcs = layout.district_arc0 + np.arange(n_k * n_c).reshape(n_k, n_c)
    others = np.ones(n_c, dtype=bool)
    others[c] = False
    keep[district_arcs[:, others].ravel()] = False
    area_arcs = layout.area_arc_index
    keep[area_arcs[:, others][area_arcs[:, others] >= 0]] = False
    has = area_arcs[:, c] >= 0
    caps[area_arcs[has, c]] = layout.caps[area_arcs[has, c]]  # the backlog
    if level == "district":
        caps[district_arcs[:, c]] = np.iinfo(np.int64).max  # at most the areas' backlog
    else:
        keep[district_arcs[:, c]] = False
    arcs = np.flatnonzero(keep)
    forward = arcs[flows[arcs] < caps[arcs]]
    backward = arcs[flows[arcs] > 0]
    tails = np.concatenate([layout.tails[forward], layout.heads[backward]])
    heads = np.concatenate([layout.heads[forward], layout.tails[backward]])
    return Residual(layout.n_nodes, tails, heads)


def movable(layout: Layout, residual: Residual, c: int, level: str) -> npt.NDArray[np.bool_]:
    """(districts,) or (areas,): whether each unit's arc lies on a cycle of `residual`
    (`residual_network`): whether its share can change at all, everything else held."""
    label = strong_components(residual.n, residual.tails, residual.heads)
    if level == "district":
        return np.asarray(label[layout.district_node[:, c]] == label[layout.tier_node[c]])
    has = layout.area_arc_index[:, c] >= 0
    out = np.zeros(layout.area_district.shape[0], dtype=bool)
    demand = layout.demand_node[has, c]
    out[has] = label[demand] == label[layout.district_node[layout.area_district[has], c]]
    return out


@dataclass(frozen=True)
class Residual:
    """The residual network `movable` searched: n nodes, arcs tails[i] -> heads[i]."""

    n: int
    tails: IntArray
    heads: IntArray
    # The sparse graph without each node avoided so far: `_some_swap` asks from many
    # starts, avoiding one node (a national network's graph took ~0.2 s to build).
    graphs: dict[int, Any] = field(default_factory=dict, compare=False, repr=False)

    def reached(self, start: int, avoid: int) -> npt.NDArray[np.bool_]:
        """(n,) the nodes a path from `start` reaches without passing node `avoid`."""
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import breadth_first_order

        graph = self.graphs.get(avoid)
        if graph is None:
            keep = (self.tails != avoid) & (self.heads != avoid)
            graph = self.graphs[avoid] = csr_matrix(
                (np.ones(int(keep.sum())), (self.tails[keep], self.heads[keep])),
                shape=(self.n, self.n))
        out = np.zeros(self.n, dtype=bool)
        out[breadth_first_order(graph, start, directed=True, return_predecessors=False)] = True
        return out


def _some_swap(residual: Residual, nodes: IntArray, tier_node: int, values: IntArray,
               unit_blocks: list[IntArray]) -> bool:
    """Whether one card can move from a unit at k + 1 to a unit at k of the same block,
    everything else held: a residual path from the giver's node to the taker's that
    does not pass TIER[c] (the cycle closes through it: back on the giver's arc, on
    along the taker's; through TIER[c] in between, a third district would give). At
    S2a the optimal district vectors are connected by such exchanges (M-convex), so
    without one the greedy's vector is the only one."""
    for b in unit_blocks:
        for j in b.tolist():
            takers = [i for i in b.tolist() if values[i] == values[j] - 1]
            if takers and residual.reached(int(nodes[j]), tier_node)[nodes[takers]].any():
                return True
    return False


def _areas_forced(net: Network, c: int) -> bool:
    """Whether every district has at most one area with backlog in tier c."""
    with_backlog = np.bincount(net.area_district[net.backlog[:, c] > 0],
                               minlength=net.n_districts)
    return bool((with_backlog <= 1).all())


def _areas_of(net: Network, c: int, districts: IntArray) -> IntArray:
    """The one area with backlog in tier c of each district, in the districts' order."""
    waiting = np.flatnonzero(net.backlog[:, c] > 0)
    by_district = np.full(net.n_districts, -1, dtype=np.int64)
    by_district[net.area_district[waiting]] = waiting
    return by_district[districts]


def _best_districts(search: _Search, holds: Holds, c: int, backlog: IntArray,
                    alternatives: list[IntArray], greedy: Option,
                    area_stage: AreaStage) -> list[Option]:
    """The feasible district alternatives whose (S2b) sorted coverage is best."""
    net, model = search.net, search.model
    open_holds = _copy(holds)
    open_holds.upper[:, c] = net.district_backlog()[:, c]
    open_holds.lower[:, c] = 0
    open_holds.area_upper[:, c] = net.backlog[:, c]
    open_holds.area_lower[:, c] = 0
    fill = district_filling(model, open_holds, c, backlog)
    feasible = [v for v in alternatives if fill.feasible(v)]
    best = [greedy]
    best_areas = greedy.areas
    area_backlog = net.backlog[:, c]
    for v in feasible:
        trial = _copy(holds)
        trial.lower[:, c] = trial.upper[:, c] = v
        trial.area_lower[:, c] = 0
        trial.area_upper[:, c] = net.backlog[:, c]
        result = area_stage(trial, c, search.budget)
        if not result.complete:
            search.give_up(c, "district", len(alternatives) + 1)
            break
        option = Option(districts=v.copy(), areas=result.served.copy())
        # Sorted vectors compare as those of the units where they differ.
        differ = np.flatnonzero(result.served != best_areas)
        key = _sorted_coverage(result.served[differ], area_backlog[differ])
        best_key = _sorted_coverage(best_areas[differ], area_backlog[differ])
        if key > best_key:
            best, best_areas = [option], option.areas
        elif key == best_key:
            best.append(option)
    return best


def _area_options(search: _Search, holds: Holds, c: int, option: Option) -> list[Option]:
    """Step 2 for one district choice: group nodes for the k / k + 1 blocks without a
    donor cycle; every other area alternative enumerated (feasible ones kept)."""
    net, model = search.net, search.model
    backlog, areas = net.backlog[:, c], option.areas
    classes = blocks(areas, backlog)
    if not classes:
        return [option]
    trial = _copy(holds)
    trial.lower[:, c] = trial.upper[:, c] = option.districts
    trial.area_lower[:, c] = trial.area_upper[:, c] = areas
    cycle = donor_cycle(areas, backlog, net.area_district, classes)
    within = blocks(areas, backlog, net.area_district)
    if cycle or any(int(areas[b].max()) - int(areas[b].min()) > 1 for b in within):
        # Candidates to enumerate: first drop the units that cannot move at all. (Group
        # nodes need no such pruning: the min-cost flow cannot move them either.)
        residual = residual_network(model, trial, c, "area")
        backlog = np.where(movable(model.layout, residual, c, "area"), backlog, 0)
        cycle = donor_cycle(areas, backlog, net.area_district)
    by_district = blocks(areas, backlog, None if cycle else net.area_district)
    if not by_district:
        return [option]
    groups = list(option.groups) + ([] if cycle else [
        Group(tier=c, areas=b, low=int(areas[b].min())) for b in by_district
        if int(areas[b].max()) - int(areas[b].min()) == 1])
    search.tie(c, "area", sum(len(b) for b in by_district))
    grouped = {int(g.areas[0]) for g in groups if not g.across}
    rest = [b for b in by_district if int(b[0]) not in grouped]
    option = Option(districts=option.districts, areas=areas, groups=groups)
    if not rest:
        return [option]
    units = sum(len(b) for b in rest)
    alternatives = _alternatives(areas, rest, net.area_district if cycle else None,
                                 option.districts)
    if alternatives is None or not search.take(len(alternatives)):
        search.give_up(c, "area", units)
        return [option]
    fill = AreaFilling(model, trial, c, net.backlog[:, c])
    out = [option]
    for v in alternatives:
        if fill.feasible(v[fill.idx]):
            out.append(Option(districts=option.districts, areas=v, groups=groups))
    return out


def _district_sums(net: Network, areas: IntArray) -> IntArray:
    """(districts, tiers) sums of (areas, tiers) shares."""
    return row_sums(net.area_district, areas, net.n_districts)


def _copy(holds: Holds) -> Holds:
    return Holds(lower=holds.lower.copy(), upper=holds.upper.copy(),
                 area_lower=holds.area_lower.copy(), area_upper=holds.area_upper.copy(),
                 tier_total=holds.tier_total.copy())


def _sorted_coverage(served: IntArray, backlog: IntArray) -> list[Fraction]:
    waiting = np.flatnonzero(backlog > 0)
    return sorted(Fraction(int(served[i]), int(backlog[i])) for i in waiting.tolist())


def blocks(values: IntArray, backlog: IntArray, group: IntArray | None = None
           ) -> list[IntArray]:
    """Units of equal backlog (and equal `group`, when given) whose values differ, split
    into chains of values that step by one (values 3, 4, 4, 5 and 8, 9 are two blocks;
    a lone 6 none).

    A one-card exchange that keeps the sorted coverage trades k + 1 and k between two
    units of a class, so it keeps the class's multiset of values and stays within a
    chain: at S2a, whose optimal vectors are connected by such exchanges, every
    optimal vector permutes values within chains. Only units with backlog > 0; each
    block's indices ascending, blocks in order of their first index. Cheap when every
    backlog differs (one sort).
    """
    idx = (backlog > 0).nonzero()[0]  # (method calls: numpy's wrappers cost more here)
    if len(idx) < 2:
        return []
    # One sort for every class at once (a province has thousands of classes: a loop
    # over them took ~2 ms a call): units by class, then value; a chain breaks where the
    # class changes or the value jumps by 2 or more.
    vals = values[idx]
    keys = [vals, backlog[idx]] if group is None else [vals, group[idx], backlog[idx]]
    order = _sort_keys(keys)
    unit, vals = idx[order], vals[order]
    same_class = np.ones(len(idx) - 1, dtype=bool)
    for key in keys[1:]:
        sorted_key = key[order]
        same_class &= sorted_key[1:] == sorted_key[:-1]
    breaks = np.concatenate([[True], ~same_class | (vals[1:] - vals[:-1] > 1)])
    chain = breaks.cumsum() - 1
    starts = breaks.nonzero()[0]
    ends = np.concatenate([starts[1:], [len(idx)]])
    # Chains of two values or more (so two units or more) are blocks.
    varied = vals[ends - 1] != vals[starts]
    if not varied.any():
        return []
    kept = varied[chain]
    members, chain = unit[kept], chain[kept]
    members = members[np.lexsort((members, chain))]  # each block's units ascending
    sizes = (ends - starts)[varied]
    bounds = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    out = [members[lo:hi] for lo, hi in itertools.pairwise(bounds)]
    out.sort(key=lambda b: int(b[0]))
    return out


def _sort_keys(keys: list[IntArray]) -> IntArray:
    """An order of the units by keys[-1], then keys[-2], ... (ties in any order): one
    argsort of a combined key when it fits in int64, else a lexsort."""
    low = [int(k.min()) for k in keys]
    spans = [int(k.max()) - lo + 1 for k, lo in zip(keys, low, strict=True)]
    if math.prod(spans) >= 2**62:
        return np.lexsort(keys)
    combined = keys[0] - low[0]
    scale = spans[0]
    for key, lo, span in zip(keys[1:], low[1:], spans[1:], strict=True):
        combined = combined + (key - lo) * scale
        scale *= span
    return np.argsort(combined)


def donor_cycle(values: IntArray, backlog: IntArray, district: IntArray,
                classes: list[IntArray] | None = None) -> bool:
    """Whether the districts' donor graph (module docstring, S2b) has a cycle: some chain
    of equal backlog (`blocks`) has a unit in Y above a unit in X (Y donates to X,
    Y != X).

    Linear in the units, with no loop over chains or values: each chain's distinct
    values u_0 < ... < u_m get nodes T_0 ... T_m; a unit at u_j of district Y gives
    Y -> T_(j-1) (j >= 1) and T_j -> Y (j < m), and T_j -> T_(j-1). A path from Y to X
    runs Y -> T_(j-1) -> ... -> T_k -> X, so Y reaches X exactly when Y has a unit above
    one of X (u_j > u_k): when Y donates to X. A cycle through two districts is a
    strongly connected component holding two district nodes; it needs three units at
    least in chains that span two districts. `classes`: `blocks(values, backlog)` when
    the caller has them."""
    n_k = int(district.max()) + 1 if len(district) else 0
    chains = blocks(values, backlog) if classes is None else classes
    if not chains:
        return False
    sizes = np.array([len(b) for b in chains])
    units = np.concatenate(chains)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    at = district[units]
    across = np.minimum.reduceat(at, starts) != np.maximum.reduceat(at, starts)
    if int(sizes[across].sum()) < 3:
        return False
    keep = np.repeat(across, sizes)
    chain, units = np.repeat(np.arange(len(chains)), sizes)[keep], units[keep]
    vals = values[units]
    order = np.lexsort((vals, chain))
    chain, vals, dists = chain[order], vals[order], district[units[order]]
    first = np.concatenate([[True], chain[1:] != chain[:-1]])    # a chain's first unit
    new = first | np.concatenate([[True], vals[1:] != vals[:-1]])  # a new (chain, value)
    t_node = n_k + np.cumsum(new) - 1  # T of each unit's (chain, value)
    # Units at their chain's least value give no arc to a T below; at its greatest
    # value, get none from their own T.
    position = np.arange(len(chain))
    last = np.concatenate([chain[1:] != chain[:-1], [True]])  # a chain's last unit
    chain_start = np.maximum.accumulate(np.where(first, position, 0))
    chain_end = np.minimum.accumulate(np.where(last, position, len(chain))[::-1])[::-1]
    lowest, highest = vals == vals[chain_start], vals == vals[chain_end]
    t_new = np.flatnonzero(new & ~first)  # T_j -> T_(j-1), j >= 1
    tails = np.concatenate([dists[~lowest], t_node[~highest], t_node[t_new]])
    heads = np.concatenate([t_node[~lowest] - 1, dists[~highest], t_node[t_new] - 1])
    label = strong_components(int(t_node[-1]) + 1, tails, heads)
    counts = np.bincount(label[:n_k], minlength=int(label.max()) + 1)
    return bool((counts >= 2).any())


def permutation_count(values: list[int], limit: int) -> int:
    """Distinct orderings of a multiset (multinomial), capped at limit + 1."""
    total, n = 1, 0
    for count in sorted(np.unique(values, return_counts=True)[1].tolist()):
        n += count
        total *= math.comb(n, count)
        if total > limit:
            return limit + 1
    return total


def permutations(values: list[int]) -> Iterator[list[int]]:
    """Every distinct ordering of a multiset, in ascending lexicographic order."""
    a = sorted(values)
    while True:
        yield list(a)
        i = len(a) - 2
        while i >= 0 and a[i] >= a[i + 1]:
            i -= 1
        if i < 0:
            return
        j = len(a) - 1
        while a[j] <= a[i]:
            j -= 1
        a[i], a[j] = a[j], a[i]
        a[i + 1:] = reversed(a[i + 1:])


def _alternatives(values: IntArray, unit_blocks: list[IntArray], group: IntArray | None,
                  totals: IntArray | None) -> list[IntArray] | None:
    """Every vector other than `values` that permutes values within each block (and,
    with `group`, keeps every group's total); None when more than EXHAUST_LIMIT
    orderings would have to be looked at."""
    count = 1
    for b in unit_blocks:
        count *= permutation_count(values[b].tolist(), EXHAUST_LIMIT)
        if count > EXHAUST_LIMIT:
            return None
    out = []
    for combo in itertools.product(*(permutations(values[b].tolist()) for b in unit_blocks)):
        v = values.copy()
        for b, perm in zip(unit_blocks, combo, strict=True):
            v[b] = perm
        if np.array_equal(v, values):
            continue
        if group is not None and totals is not None and not np.array_equal(
                np.bincount(group, weights=v, minlength=len(totals)).astype(np.int64), totals):
            continue
        out.append(v)
    return out


def grouped_travel(layout: Layout, holds: Holds, groups: list[Group],
                   solved: list[decompose.SolvedTravel] | None = None
                   ) -> tuple[int, IntArray]:
    """(S3) with every share held except the groups' permutations: (resident-metres,
    (areas, tiers) area shares chosen).

    Each group gets a node G: its areas' arcs DEMAND[a, c] -> DISTRICT are shut and
    DEMAND[a, c] -> G carries k to k + 1 cards, G -> DISTRICT exactly the group's
    total (G -> TIER[c] for a group `across` districts, whose district arcs are shut
    too); lower bounds are node supplies, as `model.minimize_travel` makes them. Raises
    SolverFailure when the flow is infeasible (a bug: the greedy's shares are one).
    Without groups the problem is `model.minimize_travel`'s, arc for arc; `solved`, when
    given, then receives it with its flows.
    """
    n_k, n_c = layout.district_node.shape
    caps = layout.caps.copy()
    district_lower, district_upper = holds.lower.copy(), holds.upper.copy()
    for g in groups:
        if g.across:  # the districts' shares are their areas', through G
            district_lower[layout.area_district[g.areas], g.tier] = 0
            district_upper[layout.area_district[g.areas], g.tier] = 0
    lower = district_lower.ravel()
    d0 = layout.district_arc0
    caps[d0:d0 + n_k * n_c] = district_upper.ravel() - lower
    caps[layout.tier_arc0:layout.tier_arc0 + n_c] = 0
    has = layout.area_arc_index >= 0
    area_lower = holds.area_lower.copy()
    area_upper = holds.area_upper.copy()
    for g in groups:
        area_lower[g.areas, g.tier] = 0
        area_upper[g.areas, g.tier] = 0
    caps[layout.area_arc_index[has]] = (area_upper - area_lower)[has]
    supply = np.zeros(layout.n_nodes + len(groups), dtype=np.int64)
    supply[Layout.SRC] = int(holds.tier_total.sum())
    np.subtract.at(supply, layout.district_node.ravel(), lower)
    np.add.at(supply, np.tile(layout.tier_node, n_k), lower)
    supply[layout.tier_node] -= holds.tier_total
    area, tier = np.nonzero(has)
    np.subtract.at(supply, layout.demand_node[area, tier], area_lower[has])
    np.add.at(supply, layout.district_node[layout.area_district[area], tier], area_lower[has])
    # Arcs that can carry nothing are left out (as in model.minimize_travel): those
    # without capacity, and those into a kelurahan's DEMAND node held at 0 cards that
    # is in no group.
    shut = np.zeros(layout.n_nodes, dtype=bool)
    zero = has & (holds.area_upper == 0)
    for g in groups:
        zero[g.areas, g.tier] = False
    shut[layout.demand_node[zero]] = True
    kept = np.flatnonzero((caps > 0) & ~shut[layout.heads])
    tails, heads, extra_caps = [layout.tails[kept]], [layout.heads[kept]], [caps[kept]]
    costs = [layout.costs[kept]]
    member_arcs: list[tuple[Group, IntArray]] = []
    next_arc = len(kept)
    for i, g in enumerate(groups):
        node = layout.n_nodes + i
        demand = layout.demand_node[g.areas, g.tier]
        district = (layout.tier_node[g.tier] if g.across
                    else layout.district_node[layout.area_district[g.areas[0]], g.tier])
        total = int(holds.area_upper[g.areas, g.tier].sum())
        np.subtract.at(supply, demand, g.low)
        supply[node] += g.low * len(g.areas) - total
        supply[district] += total
        tails.append(demand)
        heads.append(np.full(len(demand), node, dtype=np.int64))
        extra_caps.append(np.ones(len(demand), dtype=np.int64))
        costs.append(np.zeros(len(demand), dtype=np.int64))
        member_arcs.append((g, next_arc + np.arange(len(demand))))
        next_arc += len(demand)
    mcf = min_cost_flow.SimpleMinCostFlow()
    problem = (np.concatenate(tails), np.concatenate(heads), np.concatenate(extra_caps),
               np.concatenate(costs))
    mcf.add_arcs_with_capacity_and_unit_cost(*problem)
    mcf.set_nodes_supplies(np.arange(len(supply)), supply)
    status = mcf.solve()
    if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
        raise SolverFailure(f"min cost flow with tie groups returned {status}")
    if solved is not None and not groups:
        solved.append(decompose.SolvedTravel(
            *problem, supply,
            np.asarray(mcf.flows(np.arange(len(problem[0]))), dtype=np.int64)))
    shares = holds.area_upper.copy()
    for g, arcs in member_arcs:
        shares[g.areas, g.tier] = g.low + np.asarray(mcf.flows(arcs), dtype=np.int64)
    return int(mcf.optimal_cost()), shares
