r"""The travel stage's shadow prices: resident-km saved per extra card of capacity or blank.

(S3) is a min-cost flow with every tier total and equity share held. Raising the
capacity of one arc u -> v by one unit lowers its optimum by

    max(0, -(cost(u -> v) + d(v -> u)))

where d is the shortest path in the residual network of an optimal flow (costs of
backward arcs negated): the extra unit can only be used by pushing one unit round
a cycle through the new capacity, and the cheapest such cycle is the arc plus the
shortest way back. This is the one-sided derivative, exact for the first unit
(residual capacities are whole cards, so the cycle carries at least one).

    km_saved_per_card_capacity[s]   arc SITE[s] -> OUT[s] (cost 0): -d(OUT[s] -> SITE[s]).
                                    Only a site printing at capacity can gain: else
                                    the arc has room, and the cycle would already
                                    be in the residual network, where an optimum
                                    has no negative cycle.
    km_saved_per_blank[s]           arc SRC -> SITE[s] (one more blank in stock):
                                    -d(SITE[s] -> SRC). Where the site's storage cap
                                    binds and blanks are shipped to the site, the blank on
                                    hand takes the place of a
                                    shipped one (stock + x <= storage_cap) and the
                                    blank left at the central office must find its
                                    way back: -d(CENTRAL -> SRC).

Held shares are lower bounds equal to upper ones, so their arcs have no residual
capacity either way: the cycle cannot change a tier's total or anyone's share. The
residual network is built from the plan's own arc flows (any split of a site's
printing between stock and shipment that the arcs allow is as cheap, so it is as
optimal). Costs are metres per card, as in the model; results are km, to the metre.
"""

from __future__ import annotations

from itertools import repeat
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from optimizer.engine import csr
from optimizer.engine.model import BoolArray, Holds, IntArray, Layout, SolverFailure
from optimizer.engine.narrow import column_totals, row_totals
from optimizer.engine.network import Network, row_sums

Costs = npt.NDArray[np.int64] | npt.NDArray[np.float64]


class ShadowPrices(NamedTuple):
    km_per_card_capacity: list[float | None]
    km_per_blank: list[float | None]


def shadow_prices(net: Network, layout: Layout, holds: Holds, cards: IntArray,
                  enabled: bool, flows: IntArray | None = None) -> ShadowPrices:
    """Per site, resident-km saved per extra card of capacity and per extra blank (>= 0).

    `cards` is the plan's (pairs, tiers) printing; `holds` the shares and totals
    the travel stage held; `flows`, when given, must be `plan_flows(net, layout, cards)`
    (the caller's, shared with the card marginals). None per site when `enabled` is
    False.
    """
    if not enabled:
        none: list[float | None] = [None] * net.n_sites
        return ShadowPrices(km_per_card_capacity=none, km_per_blank=list(none))
    flow = plan_flows(net, layout, cards) if flows is None else flows
    fwd, bwd = _residual_masks(net, layout, holds, flow)
    # The residual arcs written in place (forward ones first, then backward, each in
    # the layout's order): no gathered pieces to join. Every array of arcs is a fresh
    # block of memory whose pages the kernel faults in one by one (~2 us each here:
    # most of this function's time at province scale was page faults), so there are
    # as few and as small ones as will serve.
    # An arc into a node that no residual arc leaves (other than SRC or CENTRAL) can
    # never shorten a way to them: the node's distance stays infinite. Such arcs (into
    # the demand nodes the plan serves nothing, half of a province's) are left out.
    targets = (Layout.SRC, Layout.CENTRAL)
    left = np.zeros(layout.n_nodes, dtype=bool)
    left[list(targets)] = True
    left[layout.tails[fwd]] = True
    left[layout.heads[bwd]] = True
    used_fwd = fwd & left[layout.heads]
    used_bwd = bwd & left[layout.tails]
    ahead, back = np.flatnonzero(used_fwd), np.flatnonzero(used_bwd)
    n_fwd = len(ahead)
    n_arcs = n_fwd + len(back)
    tails = np.empty(n_arcs, dtype=np.int64)
    heads = np.empty(n_arcs, dtype=np.int64)
    costs = np.empty(n_arcs, dtype=np.int64)
    # (np.take with mode "clip", the indices being valid: "raise" copies through a
    # buffer, and np.compress finds the mask's indices again for each array; a mask's
    # own gather is slower on masks as mixed as these.)
    for out, forward, backward in ((tails, layout.tails, layout.heads),
                                   (heads, layout.heads, layout.tails),
                                   (costs, layout.costs, layout.costs)):
        np.take(forward, ahead, out=out[:n_fwd], mode="clip")
        np.take(backward, back, out=out[n_fwd:], mode="clip")
    np.negative(costs[n_fwd:], out=costs[n_fwd:])
    site_in = layout.site_in
    site_out = layout.heads[layout.capacity_arc0:layout.capacity_arc0 + net.n_sites]
    printed = flow[layout.capacity_arc0:layout.capacity_arc0 + net.n_sites]
    # d(x -> SRC) and d(x -> CENTRAL) for every x, true costs (metres).
    to_src, to_central = _distances_to(layout.n_nodes, tails, heads, costs, targets,
                                       start=_zero_paths(net, layout, fwd, bwd))
    ship = layout.ship_arc0 + np.arange(net.n_sites)
    # Where the storage cap binds, a blank more on hand is a blank less shipped: it is
    # worth what a blank more at the central office is worth.
    # Only where the site receives a shipment: with none to take the place of (storage
    # full, nothing shipped) a blank more on hand is stock like any other, worth what
    # its stock arc is worth (nothing at a site that cannot print it).
    full_store = net.storage_capped & ~fwd[ship] & (flow[ship] > 0)
    per_blank = _kms(-to_src[np.where(full_store, Layout.CENTRAL, site_in)])
    # A way back OUT[s] -> SITE[s] other than the capacity
    # arc's own reverse (a zero cycle, no saving) enters SITE[s] from SRC (stock arc)
    # or CENTRAL (shipment arc), both of cost 0: d(OUT[s] -> SITE[s]) is the lesser of
    # d(OUT[s] -> SRC) and d(OUT[s] -> CENTRAL) over those arcs that have room (with no
    # negative cycle a shortest walk is a shortest path). Two searches for all sites
    # instead of one per site (which floods the zero-cost arcs of a national network).
    stock_room = fwd[layout.stock_arc0 + np.arange(net.n_sites)]
    ship_room = fwd[ship]
    way_back = np.minimum(np.where(stock_room, to_src[site_out], np.inf),
                          np.where(ship_room, to_central[site_out], np.inf))
    # Only a site printing at capacity can gain (module docstring).
    per_capacity = _kms(np.where(printed >= net.capacity, -way_back, 0.0))
    return ShadowPrices(km_per_card_capacity=per_capacity, km_per_blank=per_blank)


def _distances_to(n: int, tails: IntArray, heads: IntArray, costs: Costs,
                  targets: tuple[int, ...], fast: bool | None = None,
                  start: npt.NDArray[np.float64] | None = None
                  ) -> npt.NDArray[np.float64]:
    """(len(targets), n) shortest distances d(x -> target) over the arcs; inf: no path.
    `costs` may be integers (metres: each sum with a distance is a float, exact below
    2^53) or floats. `start`, when given, (len(targets), n): for each target and node
    the cost of some path to the target (0 at the target itself) or inf: the passes
    start from those (the same distances: each pass only lowers one to the cost of a
    path, and stops when no arc lowers any; fewer passes where the given paths are
    already shortest).
    `fast`: arcs grouped by head with scipy's routine (True) or found by a pass over
    all of them (False); by default the number of arcs decides (`csr.COMPILED_ARCS`).

    Bellman-Ford towards each target, vectorized: each pass relaxes at once every arc
    whose head got closer in the pass before, until none did. Costs may be negative;
    an optimal flow's residual network has no negative cycle, so this ends within n
    passes; if not, the flow was not optimal (a bug). Exact for integer costs (metres)
    below 2^53.
    """
    # One row per target, each 1-D: numpy gathers from a 1-D array about four times as
    # fast as from a column of a 2-D one (dist[:, heads] was most of the passes' time).
    if start is None:
        start = np.full((len(targets), n), np.inf)
        start[np.arange(len(targets)), list(targets)] = 0.0
    changed: BoolArray = np.asarray(np.isfinite(start).any(axis=0))
    if len(tails) < STACKED_ARCS and fast is None:
        return _distances_stacked(n, tails, heads, costs, start.copy())
    dist = [row.copy() for row in start]
    # From csr.COMPILED_ARCS arcs up (a national plan), the arcs are grouped by head at
    # once by scipy's counting sort and a pass reads only the arcs into the nodes that
    # got closer; below, a pass finds them among all arcs, even where scipy is loaded:
    # at province scale (70,000 arcs, ten passes) the grouping and the gathers by group
    # cost more than the scans they spare (a quarter of the distances' time).
    by_head = (csr.by_tail(n, heads, tails)
               if (len(tails) >= csr.COMPILED_ARCS if fast is None else fast) else None)
    by_head_cost = None if by_head is None else costs[by_head.order]
    for _ in range(n + 1):
        if by_head is None or by_head_cost is None:
            arcs = changed[heads].nonzero()[0]  # (np.flatnonzero's wrapper: ~10 calls a plan)
        else:
            into = np.flatnonzero(changed)
            arcs = csr.arcs_of(by_head, into)
        if len(arcs) == 0:
            return np.array(dist)
        if by_head is not None:
            into_heads = np.repeat(into, by_head.first[into + 1] - by_head.first[into])
        relaxed = [row.copy() for row in dist]
        # A pass's arcs relaxed in pieces of PASS_PIECE: the same minima (each pass
        # reads the rows before it, writes copies), but a large pass (half of a
        # province's arcs) no longer takes ~1.5 MB of fresh pages at once.
        for lo in range(0, len(arcs), PASS_PIECE):
            piece = arcs[lo:lo + PASS_PIECE]
            if by_head is None or by_head_cost is None:
                t, h, c = tails[piece], heads[piece], costs[piece]
            else:
                t, c = by_head.adjacent[piece], by_head_cost[piece]
                h = into_heads[lo:lo + PASS_PIECE]
            for row, out in zip(dist, relaxed, strict=True):
                np.minimum.at(out, t, c + row[h])
        changed = np.zeros(n, dtype=bool)
        for row, out in zip(dist, relaxed, strict=True):
            changed |= out < row
        dist = relaxed
    raise SolverFailure("shadow prices: the travel flow has a negative cycle")


PASS_PIECE = 8192  # arcs relaxed at once in `_distances_to`'s passes

# Below this many arcs (a city's few thousand), `_distances_to` relaxes every target's
# row in one pass of calls on a (targets, n) array: per-call overhead, not the arcs, is
# then most of its time (a row a target cost ~6 numpy calls a pass). Above it the 1-D
# rows' gathers win (module comment in `_distances_to`).
STACKED_ARCS = 20_000


def _distances_stacked(n: int, tails: IntArray, heads: IntArray, costs: Costs,
                       dist: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """`_distances_to` for a small network from `dist` (its `start`, overwritten), the
    same floats: the rows side by side in one array of k * n nodes, every arc once per
    row, so that each pass relaxes by one np.minimum.at the arcs into the nodes that
    got closer in that row (the same sums `cost + d(head)`; a minimum does not depend
    on the order it takes its values in): about half a pass's numpy calls when rows
    were relaxed together over the nodes that got closer in any."""
    k = len(dist)
    flat = dist.ravel()
    offsets = (np.arange(k, dtype=np.int64) * n)[:, None]  # each row's start in `flat`
    row_tails = (tails + offsets).ravel()
    row_heads = (heads + offsets).ravel()
    row_costs = np.tile(costs, k)
    changed = np.isfinite(flat)
    for _ in range(n + 1):
        arcs = changed[row_heads].nonzero()[0]
        if len(arcs) == 0:
            return flat.reshape(k, n)
        relaxed = flat.copy()
        np.minimum.at(relaxed, row_tails[arcs], flat[row_heads[arcs]] + row_costs[arcs])
        changed = relaxed < flat
        flat = relaxed
    raise SolverFailure("shadow prices: the travel flow has a negative cycle")


def _kms(saving_m: npt.NDArray[np.float64]) -> list[float | None]:
    """Metres saved (possibly -inf: no cycle) as km >= 0, to the metre: 0.0 unless
    positive and finite (C-level loops over the sites)."""
    gains = np.isfinite(saving_m) & (saving_m > 0)
    out = np.full(len(saving_m), 0.0, dtype=object)
    out[gains] = list(map(round, (saving_m[gains] / 1000.0).tolist(), repeat(3)))
    return out.tolist()


def plan_flows(net: Network, layout: Layout, cards: IntArray,
               printed: IntArray | None = None, served: IntArray | None = None) -> IntArray:
    """(arcs,) the plan's flow on every arc of `layout`, from its (pairs, tiers)
    printing `cards`: each site's printing from stock first, the rest shipped; each
    tier's total on its TIER -> SINK arc; no flow on floor arcs. `printed` (sites,)
    and `served` (areas, tiers), when given, must be the cards printed at each site
    and served to each area and tier (the caller's, which the plan reports anyway).

    Each kind of arc is a block of `build_layout`'s arcs in the order of its index
    arrays (pair arcs follow the capacity arcs, in the row-major order of the pairs
    and tiers with a backlog), so flows are written by slices."""
    n_arcs = len(layout.tails)
    n_s = len(net.site_ids)
    n_k, n_c = layout.district_node.shape
    flow = np.zeros(n_arcs, dtype=np.int64)
    # Pairs: arc pair_arc0 + i is the i-th (pair, tier) with a backlog, row by row.
    pair_arc0 = layout.capacity_arc0 + n_s
    flow[pair_arc0:layout.area_arc0] = cards[layout.pair_arc_index >= 0]
    # Sites: printing, then stock first and the rest shipped.
    if printed is None:
        printed = np.bincount(net.pairs.site, weights=row_totals(cards),
                              minlength=n_s).astype(np.int64)
    stock_arc0, ship_arc0, capacity_arc0 = layout.stock_arc0, layout.ship_arc0, layout.capacity_arc0
    from_stock = np.minimum(printed, layout.caps[stock_arc0:stock_arc0 + n_s])
    flow[capacity_arc0:capacity_arc0 + n_s] = printed
    flow[stock_arc0:stock_arc0 + n_s] = from_stock
    shipped = flow[ship_arc0:ship_arc0 + n_s]
    np.subtract(printed, from_stock, out=shipped)
    flow[layout.central_arc] = int(shipped.sum())
    # Areas and districts: the plan's shares (area arcs likewise a block, row by row).
    if served is None:
        served = row_sums(net.pairs.area, cards, net.n_areas)
    flow[layout.area_arc0:layout.district_arc0] = served[layout.area_arc_index >= 0]
    district_served = row_sums(net.area_district, served, n_k)
    flow[layout.district_arc0:layout.district_arc0 + n_k * n_c] = district_served.ravel()
    flow[layout.tier_arc0:layout.tier_arc0 + n_c] = column_totals(district_served)
    return flow


def _zero_paths(net: Network, layout: Layout, fwd: BoolArray, bwd: BoolArray
                ) -> npt.NDArray[np.float64]:
    """(2, nodes) a start for `_distances_to` towards SRC and CENTRAL: 0 where a path of
    residual arcs of cost 0 through the site arcs leads there, else inf (0 at SRC and
    CENTRAL themselves), found per site: OUT[s] -> SITE[s] (printing) -> SRC (stock)
    or -> CENTRAL (shipment), CENTRAL -> SRC (something shipped), SRC -> CENTRAL (room
    to ship). The first passes of the shortest paths walked these arcs a pass an arc."""
    n_s = net.n_sites
    sites = np.arange(n_s)
    stock, ship = layout.stock_arc0 + sites, layout.ship_arc0 + sites
    capacity = layout.capacity_arc0 + sites
    costs = layout.costs  # 0 on all but pair arcs, so on these (checked all the same)
    central = int(layout.central_arc)
    stock_back = bwd[stock] & (costs[stock] == 0)           # SITE[s] -> SRC
    ship_back = bwd[ship] & (costs[ship] == 0)              # SITE[s] -> CENTRAL
    printing = bwd[capacity] & (costs[capacity] == 0)       # OUT[s] -> SITE[s]
    free = costs[central] == 0
    site_out = layout.heads[capacity]
    start = np.full((2, layout.n_nodes), np.inf)
    for row, (home, other, across) in enumerate((
            (Layout.SRC, Layout.CENTRAL, bool(bwd[central] and free)),
            (Layout.CENTRAL, Layout.SRC, bool(fwd[central] and free)))):
        # `across`: the residual arc other -> home of cost 0.
        to_home, to_other = ((stock_back, ship_back) if home == Layout.SRC
                             else (ship_back, stock_back))
        at_site = to_home | (to_other & across)
        start[row, home] = 0.0
        if across:
            start[row, other] = 0.0
        start[row, layout.site_in[at_site]] = 0.0
        start[row, site_out[at_site & printing]] = 0.0
    return start


def _residual_masks(net: Network, layout: Layout, holds: Holds,
                    flow: IntArray) -> tuple[BoolArray, BoolArray]:
    """Which arcs of (S3)'s residual network of `flow` (the plan's) have room forward
    (flow below the upper bound) and which backward (flow above the lower bound).

    Bounds are the layout's capacities and 0, but on the area and district arcs the
    holds, and on each tier's TIER -> SINK arc its total held exactly (no room either
    way). Compared block by block, without arrays of the bounds themselves."""
    n_k, n_c = layout.district_node.shape
    fwd = np.greater(layout.caps, flow)
    bwd = np.greater(flow, 0)
    has_area = layout.area_arc_index >= 0
    arcs = slice(layout.area_arc0, layout.district_arc0)  # in has_area's row-major order
    np.greater(holds.area_upper[has_area], flow[arcs], out=fwd[arcs])
    np.greater(flow[arcs], holds.area_lower[has_area], out=bwd[arcs])
    d_arcs = slice(layout.district_arc0, layout.district_arc0 + n_k * n_c)
    np.greater(holds.upper.ravel(), flow[d_arcs], out=fwd[d_arcs])
    np.greater(flow[d_arcs], holds.lower.ravel(), out=bwd[d_arcs])
    t_arcs = slice(layout.tier_arc0, layout.tier_arc0 + n_c)
    fwd[t_arcs] = bwd[t_arcs] = False
    return fwd, bwd
