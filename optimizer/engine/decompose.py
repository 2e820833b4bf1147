"""Split the network into parts that only the central office's supply links.

On a province or a country, districts far apart share no office, so each part
can be filled (S2) on its own with the central supply unlimited. Each district's
level there is a ceiling guess for the global filling (see `equalize_tier`): the
global search then needs a few max flows on the whole network instead of one
round per distinct level.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from optimizer.engine.geometry import Pairs, sorted_unique
from optimizer.engine.model import (
    BoolArray,
    Budget,
    FlowModel,
    Holds,
    IntArray,
    Layout,
    SolverFailure,
    build_layout,
    equalize_tier,
    pair_cards,
    tier_caps,
)
from optimizer.engine.network import Network


def _components(net: Network) -> tuple[int, IntArray]:
    """Number of parts and the part of each district (linked by shared sites).

    Districts are nodes; a pair links the area's district to the site's district.
    Parts are numbered by their lowest district index (the numbering of a
    breadth-first search from district 0, 1, ...).
    """
    tails = net.area_district[net.pairs.area]
    heads = net.site_district[net.pairs.site]
    cross = tails != heads
    # Each link once: a province's 30,000 pairs across districts are 2,400 links, and
    # the union-find's rounds pass over every edge given (1.3 ms -> 0.1 ms).
    n = net.n_districts
    keys = tails[cross] * n + heads[cross]
    if n * n <= _LINK_TABLE_CELLS:
        seen = np.zeros(n * n, dtype=bool)
        seen[keys] = True
        keys = np.flatnonzero(seen)
    else:
        keys = sorted_unique(keys)
    return connected_parts(n, keys // n, keys % n)


# Districts^2 up to which the links are told apart by a table (4 MB) rather than a sort.
_LINK_TABLE_CELLS = 1 << 22


def connected_parts(n_nodes: int, tails: IntArray, heads: IntArray) -> tuple[int, IntArray]:
    """Connected components of an undirected graph: (count, (n_nodes,) part of each node).

    A union-find on arrays: each round hooks the root of every edge's larger end
    onto the smaller root, then jumps pointers (root = root[root]) until every node
    points at its root; rounds stop when both ends of every edge share a root. Roots are the lowest
    node of their part, and parts are numbered in the order of their lowest node.
    """
    root = np.arange(n_nodes, dtype=np.int64)
    tails = np.asarray(tails, dtype=np.int64)
    heads = np.asarray(heads, dtype=np.int64)
    while True:
        rt, rh = root[tails], root[heads]
        apart = rt != rh
        if not apart.any():
            break
        rt, rh = rt[apart], rh[apart]
        low = np.minimum(rt, rh)
        # Roots only ever point lower, so no cycle can form.
        np.minimum.at(root, np.maximum(rt, rh), low)
        while True:
            jumped = root[root]
            if np.array_equal(jumped, root):
                break
            root = jumped
        tails, heads = tails[apart], heads[apart]
    # A root is the lowest node of its part: parts numbered by their roots' order.
    is_root = root == np.arange(n_nodes)
    rank = np.cumsum(is_root) - 1
    return int(is_root.sum()), rank[root].astype(np.int64)


def ceilings(parts: Parts, holds: Holds, tier: int, budget: Budget,
             model: FlowModel | None = None, in_full: BoolArray | None = None
             ) -> IntArray | None:
    """Each district's share when its part is filled alone with unlimited supply.

    With `model` (the whole network's, `same_network`), one max flow over the whole
    network with the central supply unlimited first finds the parts that can serve
    every district in full (`_served_in_full`; `in_full`, when given, is its answer,
    found with the tier's total by `tier_total`): their districts' shares are their
    backlogs, with no part's own network. The others are filled part by part.
    None when the work budget ran out.
    """
    backlog = parts.net.district_backlog()[:, tier]
    out = backlog.copy()
    needy = sorted_unique(parts.part[backlog > 0])
    checked = model is not None and len(needy) > 1 and same_network(parts, model.layout)
    if checked and model is not None:
        if not budget.take():
            return None
        if in_full is None:
            in_full = _served_in_full(parts, model, holds, tier)
    else:
        in_full = np.zeros(parts.count, dtype=bool)
    for p in needy:
        if in_full[p]:
            continue
        _, districts, layout = parts.network(int(p))
        # When checked, the answer with only the total binding (every district in full)
        # is known not to be feasible: the part's filling starts with its rounds.
        result = equalize_tier(FlowModel(layout, tier + 1),
                               _holds(holds, districts, _slice(parts.areas, int(p))), tier,
                               backlog[districts], budget, relaxed_first=not checked)
        if not result.complete:
            return None
        out[districts] = result.served
    return out


def same_network(parts: Parts, layout: Layout) -> bool:
    """Whether `layout` is the parts' network but for the central office's supply: its
    shipments are capped by the sites' storage room (no lots fixed them)."""
    net = parts.net
    rooms = layout.caps[layout.ship_arc0:layout.ship_arc0 + net.n_sites]
    return bool(np.array_equal(rooms, net.room))


@contextmanager
def _central_unlimited(model: FlowModel) -> Iterator[None]:
    """The whole network with the central office's supply unlimited: the parts' union.

    Parts meet only at SRC, CENTRAL, the tier nodes and SINK. With the central supply
    unlimited and each earlier tier's TIER -> SINK arc at its total (the sum of the
    parts' own, `_holds`), a max flow of the whole is one of each part: the value of
    the whole is the sum of the parts' maxima, so each part carries its own maximum.
    """
    arc = model.layout.central_arc
    kept = int(model.caps[arc])
    model.set_arc_capacity(arc, model.layout.unlimited)
    try:
        yield
    finally:
        model.set_arc_capacity(arc, kept)


def _short_parts(parts: Parts, model: FlowModel, arcs: IntArray, part_of: IntArray) -> BoolArray:
    """(parts,) whether a part has an arc of `arcs` (into a tier node; `part_of` gives
    each arc's part) short of its capacity in the last max flow: the part's own max
    flow does not meet its target."""
    short = model.flows(arcs) < model.caps[arcs]
    return np.bincount(part_of[short], minlength=parts.count) > 0


def _district_tier_arcs(model: FlowModel, tier: int) -> tuple[IntArray, IntArray]:
    """DISTRICT[k, c] -> TIER[c] arcs for every district and tier c <= `tier`, and
    each arc's district."""
    layout = model.layout
    n_k, n_c = layout.district_node.shape
    k = np.repeat(np.arange(n_k, dtype=np.int64), tier + 1)
    c = np.tile(np.arange(tier + 1, dtype=np.int64), n_k)
    return layout.district_arc0 + k * n_c + c, k


def _served_in_full(parts: Parts, model: FlowModel, holds: Holds, tier: int) -> BoolArray:
    """(parts,) whether each part alone (unlimited supply) can give every district its
    whole backlog of `tier` with the earlier tiers held: (S2a) there is then forced."""
    return _unlimited_flow(parts, model, holds, tier)[1]


def _unlimited_flow(parts: Parts, model: FlowModel, holds: Holds,
                    tier: int) -> tuple[int, BoolArray]:
    """The max flow of `tier`'s stage (`tier_caps`) with the central supply unlimited:
    its value, and `_served_in_full`'s answer read off it."""
    model.load(tier_caps(holds, tier, model.layout.unlimited))
    with _central_unlimited(model):
        flow = model.solve()
    arcs, district = _district_tier_arcs(model, tier)
    return flow, ~_short_parts(parts, model, arcs, parts.part[district])


def tier_total(parts: Parts, model: FlowModel, holds: Holds,
               tier: int) -> tuple[int, BoolArray] | None:
    """(S1) for `tier`, `model.maximize_tier`'s answer, and the parts `_served_in_full`,
    from the one max flow `ceilings` needs anyway (the central supply unlimited); None
    when that flow cannot tell the total (then maximize_tier finds it): some site holds
    stock, `model` is not the parts' network (`same_network`: lots fixed the supplies),
    or the earlier tiers hold every blank (maximize_tier needs no max flow then).

    With no stock, SRC's only arc that can carry anything is the central one, of the
    supply B. A cut that holds it costs B at least, and {SRC} alone costs B; a cut that
    does not costs the same whatever B is, and the least of those is the max flow v
    with the supply unlimited (a cut through the central arc then exceeds every flow).
    So the max flow with the supply B is min(B, v), whatever the parts and the earlier
    tiers' holds, and the tier gets that less the earlier tiers' held cards.
    """
    layout = model.layout
    supply = int(layout.caps[layout.central_arc])
    held = int(holds.tier_total[:tier].sum())
    if (layout.caps[layout.stock_arc0:layout.ship_arc0].any() or held >= supply
            or not same_network(parts, layout)):
        return None
    flow, in_full = _unlimited_flow(parts, model, holds, tier)
    return min(supply, flow) - held, in_full


class Parts:
    """The network's parts, with districts, areas, sites and pairs sorted by part.

    Built once per plan (`of`) and shared by the equity and travel stages; each
    part's network and layout are built on first use and kept for the later stages.
    """

    @classmethod
    def of(cls, net: Network) -> Parts | None:
        """The parts of the network, or None when it is one part (nothing to gain)."""
        count, part = _components(net)
        return cls(net, count, part) if count > 1 else None

    def __init__(self, net: Network, count: int, part: IntArray):
        self.net, self.count, self.part = net, count, part
        n_parts = count
        self.districts = _grouped(part, n_parts)
        self.areas = _grouped(part[net.area_district], n_parts)
        self.sites = _grouped(part[net.site_district], n_parts)
        self.pairs = _grouped(part[net.area_district[net.pairs.area]], n_parts)
        self.pos_k = _positions(self.districts, len(part))
        self.pos_a = _positions(self.areas, net.n_areas)
        self.pos_s = _positions(self.sites, net.n_sites)
        self._built: dict[int, tuple[Network, IntArray, Layout]] = {}
        # Travel problems already solved on a part's own layout (engine/ties.py prices
        # the greedy's shares of the parts a tie touches), by part: `travel` takes their
        # flows where its problem is the same, arc for arc.
        self.solved_travel: dict[int, list[SolvedTravel]] = {}

    def network(self, p: int) -> tuple[Network, IntArray, Layout]:
        """Part `p` as its own network (supply unlimited), its districts and its layout."""
        if p not in self._built:
            sub, districts = self._network(p)
            self._built[p] = sub, districts, build_layout(sub)
        return self._built[p]

    def _network(self, p: int) -> tuple[Network, IntArray]:
        net = self.net
        kd, ia, js, ip = (_slice(g, p) for g in (self.districts, self.areas, self.sites,
                                                   self.pairs))
        pairs = Pairs(area=self.pos_a[net.pairs.area[ip]], site=self.pos_s[net.pairs.site[ip]],
                      km=net.pairs.km[ip], measured=0)
        sub = replace(
            net,
            site_ids=("",) * len(js), area_ids=("",) * len(ia), district_ids=("",) * len(kd),
            site_district=self.pos_k[net.site_district[js]],
            area_district=self.pos_k[net.area_district[ia]],
            capacity=net.capacity[js], cards_per_printer_day=net.cards_per_printer_day[js],
            stock=net.stock[js], room=net.room[js], storage_capped=net.storage_capped[js],
            backlog=np.take(net.backlog, ia, axis=0),  # rows: ~15x a fancy index's speed
            pairs=pairs, supply=net.unlimited,
        )
        return sub, kd


def _grouped(labels: IntArray, n_parts: int) -> tuple[IntArray, IntArray]:
    """Indices sorted by label (stable) and where each label's run starts.

    Labels (0 <= label <= n_parts) are sorted as the narrowest integers that hold them:
    numpy's stable sort of 8- or 16-bit integers is a radix sort, ~4x its merge sort of
    int64 (a province's 33,000 pairs); a stable order is the same however it is found."""
    keys = labels
    for narrow in (np.int8, np.int16):
        if n_parts <= np.iinfo(narrow).max:
            keys = labels.astype(narrow)
            break
    order = np.argsort(keys, kind="stable")
    starts = np.searchsorted(labels[order], np.arange(n_parts + 1))
    return order.astype(np.int64), starts.astype(np.int64)


def _slice(group: tuple[IntArray, IntArray], p: int) -> IntArray:
    order, starts = group
    return order[starts[p]:starts[p + 1]]


def _positions(group: tuple[IntArray, IntArray], n: int) -> IntArray:
    """Each item's index within its part."""
    order, starts = group
    pos = np.empty(n, dtype=np.int64)
    runs = np.diff(starts)
    pos[order] = np.arange(n) - np.repeat(starts[:-1], runs)
    return pos


def area_shares(parts: Parts, holds: Holds, tier: int, budget: Budget,
                model: FlowModel | None = None) -> IntArray | None:
    """(S2b) part by part, each part's supply unlimited: (areas,) shares, or None.

    A part alone with unlimited central supply is a relaxation of the whole: its
    lexicographic max-min is at least as high. The caller keeps the shares only if
    they are feasible together with the real supply (then nothing can beat them, so
    they are the whole network's own); None when the budget ran out.

    With `model` (the whole network's, `same_network`), every district's own water
    filling (areas.py, "Districts alone") is checked in all parts at once, by one max
    flow over the whole network with the central supply unlimited; the parts where it
    holds take it, the others are filled part by part.
    """
    from optimizer.engine.areas import districts_alone, equalize_areas

    net = parts.net
    out = np.zeros(net.n_areas, dtype=np.int64)
    needy = np.zeros(parts.count, dtype=bool)
    needy[parts.part[net.area_district[net.backlog[:, tier] > 0]]] = True
    done = np.zeros(parts.count, dtype=bool)
    checked = (model is not None and int(needy.sum()) > 1
               and same_network(parts, model.layout))
    if checked and model is not None:
        if not budget.take():
            return None
        fill, alone = districts_alone(model, holds, tier, net.backlog[:, tier])
        if alone is not None:
            with _central_unlimited(model):
                fill.solve(alone)
            arcs, district = _district_tier_arcs(model, tier)
            floors = fill.floor_arcs
            short = _short_parts(parts, model, np.concatenate([arcs, floors]),
                                 parts.part[np.concatenate([district, fill.group])])
            done = ~short
            served = np.zeros(net.n_areas, dtype=np.int64)
            served[fill.idx] = alone
            mine = done[parts.part[net.area_district]]
            out[mine] = served[mine]
    for p in np.flatnonzero(needy & ~done):
        sub, districts, layout = parts.network(int(p))
        areas = _slice(parts.areas, int(p))
        result = equalize_areas(FlowModel(layout, tier + 1), _holds(holds, districts, areas),
                                tier, sub.backlog[:, tier], budget, relaxed_first=not checked)
        if not result.complete:
            return None
        out[areas] = result.served
    return out


def central_suffices(parts: Parts, layout: Layout, holds: Holds, tier: int) -> bool:
    """Whether the parts' own answers for `tier`, (S2a) shares at most `ceilings` or
    (S2b) ones (`area_shares`), are feasible together in `layout`, the whole network,
    without a max flow to say so.

    True when `layout` is the parts' network but for the central office's supply
    (its shipments capped by the sites' storage room: no lots fixed them) and that
    supply covers every card of the tiers so far. Each part's answer comes with a flow
    in its own network; together they are a flow in the whole one except on the
    central arc, which carries part of the cards only (the rest come from stock):
    at most sum(tier_total[:tier + 1]) <= the supply.
    """
    cards = int(holds.tier_total[:tier + 1].sum())
    return same_network(parts, layout) and cards <= int(layout.caps[layout.central_arc])


def _holds(holds: Holds, districts: IntArray, areas: IntArray) -> Holds:
    lower, upper = holds.lower[districts], holds.upper[districts]
    # Earlier tiers keep their shares; their totals are those shares' sums.
    totals = np.where(holds.tier_total >= 0, upper.sum(axis=0), -1)
    return Holds(lower=lower.copy(), upper=upper.copy(),
                 area_lower=holds.area_lower[areas].copy(),
                 area_upper=holds.area_upper[areas].copy(), tier_total=totals)


def travel(parts: Parts, holds: Holds, layout: Layout) -> IntArray | None:
    """(S3) part by part: (pairs, tiers) cards, or None when the parts are linked.

    Parts are independent in travel when every district share is held (equity on)
    and the central office could supply all cards without any stock: then no part's
    choice of blanks can crowd out another's.

    Each part's min-cost flow is `minimize_travel` on the part's own layout (`network`),
    the same arcs, capacities, costs and supplies in the same order, read off `layout`
    (the whole network's, its shipments capped by the sites' room; ValueError else) by
    `_PartNumbering` instead of building each part's network: a part's layout is the
    whole one's blocks restricted to the part, in the same order, its nodes renumbered in
    order within each block, its central supply unlimited. With every district share
    held, no arc the flow keeps (capacity > 0) touches a node the parts share but SRC and
    CENTRAL (the DISTRICT -> TIER, TIER -> SINK and floor arcs carry nothing), so each
    part's problem is the one it was alone.
    """
    net = parts.net
    if not (holds.lower == holds.upper).all() or net.supply < int(holds.upper.sum()):
        return None
    ships = layout.caps[layout.ship_arc0:layout.ship_arc0 + net.n_sites]
    if layout.n_nodes != 3 + 2 * net.n_sites + int((net.backlog > 0).sum()) \
            + (net.n_districts + 1) * net.n_tiers or not np.array_equal(ships, net.room):
        raise ValueError("decompose.travel: `layout` is not the parts' network")
    flows = np.zeros(len(layout.tails), dtype=np.int64)
    demand = np.bincount(parts.part, weights=holds.upper.sum(axis=1), minlength=parts.count)
    busy = np.flatnonzero(demand > 0)
    if len(busy):
        numbering = _PartNumbering(parts, layout)
        numbering.solve_travel(holds, busy, flows)
    return pair_cards(layout, flows)


NodeArray = npt.NDArray[np.int64] | npt.NDArray[np.int32]  # node numbers, as stored or sent


class SolvedTravel(NamedTuple):
    """A min-cost flow solved on a part's own layout: its arcs (tails, heads,
    capacities, unit costs, in the order given), node supplies and optimal arc flows."""

    tails: IntArray
    heads: IntArray
    caps: IntArray
    costs: IntArray
    supply: IntArray
    flows: IntArray

    def same(self, tails: NodeArray, heads: NodeArray, caps: IntArray, costs: IntArray,
             supply: IntArray) -> bool:
        """Whether the problem is this one (then so are its flows: the solver is
        deterministic)."""
        return all(np.array_equal(a, b) for a, b in (
            (self.tails, tails), (self.heads, heads), (self.caps, caps),
            (self.costs, costs), (self.supply, supply)))


class _PartNumbering:
    """Each part's layout (`Parts.network`) as a view of the whole network's layout: for
    every node of the whole, its part (-1: SRC, CENTRAL, TIER, SINK, which the parts
    share) and its number in the part's layout. An arc before the DISTRICT -> TIER block
    is in the part of its head (SITE, OUT, DEMAND or DISTRICT), but the central arc."""

    def __init__(self, parts: Parts, layout: Layout):
        net = parts.net
        n_c = net.n_tiers
        count = parts.count
        n_sites = np.diff(parts.sites[1])
        n_districts = np.diff(parts.districts[1])
        has = layout.area_arc_index >= 0                       # (areas, tiers) DEMAND cells
        cell_part = np.repeat(parts.part[net.area_district], has.sum(axis=1))
        cell_rank = _positions(_grouped(cell_part, count), len(cell_part))
        n_demand = np.bincount(cell_part, minlength=count)
        first_demand = 2 + 2 * n_sites
        first_district = first_demand + n_demand
        self.n_nodes = first_district + n_districts * n_c + n_c + 1
        node_part = np.full(layout.n_nodes, -1, dtype=np.int64)
        local = np.full(layout.n_nodes, -1, dtype=np.int64)
        site_part = parts.part[net.site_district]
        site_out = layout.site_in + net.n_sites
        node_part[layout.site_in] = node_part[site_out] = site_part
        local[layout.site_in] = 2 + parts.pos_s
        local[site_out] = 2 + n_sites[site_part] + parts.pos_s
        demand = layout.demand_node[has]                       # in cell order
        node_part[demand] = cell_part
        local[demand] = first_demand[cell_part] + cell_rank
        district = layout.district_node                        # (districts, tiers)
        k_part = parts.part
        node_part[district] = k_part[:, None]
        local[district] = (first_district[k_part] + parts.pos_k * n_c)[:, None] \
            + np.arange(n_c, dtype=np.int64)
        local[Layout.SRC], local[Layout.CENTRAL] = Layout.SRC, Layout.CENTRAL
        self.parts, self.layout, self.local, self.node_part = parts, layout, local, node_part

    def solve_travel(self, holds: Holds, busy: IntArray, flows: IntArray) -> None:
        """`minimize_travel` of each part in `busy` (its holds the parts' slices of
        `holds`, its tier totals its shares' sums), its arc flows written into `flows`
        (the whole layout's arcs)."""
        layout, net = self.layout, self.parts.net
        end = layout.district_arc0
        caps = layout.caps[:end].copy()
        has = layout.area_arc_index >= 0
        area_lower = holds.area_lower[has]
        caps[layout.area_arc0:end] = holds.area_upper[has] - area_lower
        shut = np.zeros(layout.n_nodes, dtype=bool)
        shut[layout.demand_node[has & (holds.area_upper == 0)]] = True
        keep = (caps > 0) & ~shut[layout.heads[:end]]
        keep[layout.central_arc] = False                       # each part's own, unlimited
        kept = np.flatnonzero(keep)
        whole_heads = layout.heads[kept]
        order, starts = _grouped(self.node_part[whole_heads], self.parts.count)
        kept = kept[order]  # by part, each part's arcs in the whole layout's order
        # Node supplies as minimize_travel makes them (held shares as lower bounds); the
        # nodes with any, by part.
        supply = np.zeros(layout.n_nodes, dtype=np.int64)
        supply[layout.demand_node[has]] -= area_lower
        supply[layout.district_node.ravel()] -= holds.lower.ravel()
        np.add.at(supply, layout.heads[layout.area_arc0:end], area_lower)
        supplied = np.flatnonzero(supply)
        nodes = _grouped(self.node_part[supplied], self.parts.count)
        cards = np.bincount(self.parts.part, weights=holds.upper.sum(axis=1),
                            minlength=self.parts.count).astype(np.int64)
        # Each part's problem: its own central arc SRC -> CENTRAL (unlimited, at no cost),
        # then its arcs; inserted for every part at once, so each problem is a slice.
        # Node and arc numbers go to the solver as the int32 it takes.
        at = starts[:-1]
        tails = np.insert(self.local[layout.tails[kept]], at, Layout.SRC).astype(np.int32)
        heads = np.insert(self.local[whole_heads[order]], at, Layout.CENTRAL).astype(np.int32)
        part_caps = np.insert(caps[kept], at, net.unlimited)
        costs = np.insert(layout.costs[kept], at, 0)
        first = at + np.arange(len(at))  # where part p's problem starts
        size = np.diff(starts) + 1
        numbers = np.arange(max(int(self.n_nodes.max()), int(size.max())), dtype=np.int32)
        for p in busy.tolist():
            rows = slice(first[p], first[p] + size[p])
            arcs = (tails[rows], heads[rows], part_caps[rows], costs[rows])
            with_supply = supplied[_slice(nodes, p)]
            part_supply = np.zeros(int(self.n_nodes[p]), dtype=np.int64)
            part_supply[self.local[with_supply]] = supply[with_supply]
            part_supply[Layout.SRC] = cards[p]
            whole = kept[starts[p]:starts[p + 1]]
            known = [s.flows for s in self.parts.solved_travel.get(p, ())
                     if s.same(*arcs, part_supply)]
            if known:
                flows[whole] = known[0][1:]
                continue
            mcf = min_cost_flow.SimpleMinCostFlow()
            mcf.add_arcs_with_capacity_and_unit_cost(*arcs)
            mcf.set_nodes_supplies(numbers[:len(part_supply)], part_supply)
            status = mcf.solve()
            if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
                raise SolverFailure(f"min cost flow returned {status}")
            flows[whole] = mcf.flows(numbers[1:size[p]])
