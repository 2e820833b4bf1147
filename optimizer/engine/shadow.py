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
                                    binds, the blank on hand takes the place of a
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

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from optimizer.engine.model import Holds, IntArray, Layout, SolverFailure
from optimizer.engine.network import Network


@dataclass(frozen=True)
class ShadowPrices:
    km_per_card_capacity: list[float | None]
    km_per_blank: list[float | None]


def shadow_prices(net: Network, layout: Layout, holds: Holds, cards: IntArray,
                  enabled: bool, district_part: IntArray | None = None) -> ShadowPrices:
    """Per site, resident-km saved per extra card of capacity and per extra blank (>= 0).

    `cards` is the plan's (pairs, tiers) printing; `holds` the shares and totals
    the travel stage held. None per site when `enabled` is False. `district_part`
    (districts,), when given, numbers parts of the network that share only SRC,
    CENTRAL, the tier nodes and SINK (decompose.Parts.part): the searches for the
    capacity prices then run part by part (`_by_part`), with the same results.
    """
    if not enabled:
        none: list[float | None] = [None] * net.n_sites
        return ShadowPrices(km_per_card_capacity=none, km_per_blank=list(none))
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import dijkstra

    lower, upper, flow = _travel_arcs(net, layout, holds, cards)
    fwd, bwd = upper - flow > 0, flow - lower > 0
    tails = np.concatenate([layout.tails[fwd], layout.heads[bwd]])
    heads = np.concatenate([layout.heads[fwd], layout.tails[bwd]])
    costs = np.concatenate([layout.costs[fwd], -layout.costs[bwd]]).astype(np.float64)
    # One arc per ordered pair of nodes (the cheapest), explicit zeros kept as arcs.
    order = np.lexsort((costs, heads, tails))
    tails, heads, costs = tails[order], heads[order], costs[order]
    first = np.ones(len(tails), dtype=bool)
    first[1:] = (tails[1:] != tails[:-1]) | (heads[1:] != heads[:-1])
    n = layout.n_nodes

    site_in = layout.site_in
    site_out = layout.heads[layout.capacity_arc0:layout.capacity_arc0 + net.n_sites]
    printed = flow[layout.capacity_arc0:layout.capacity_arc0 + net.n_sites]
    tails, heads, costs = tails[first], heads[first], costs[first]
    potential = _potentials(n, tails, heads, costs)
    # Reduced costs are >= 0: Dijkstra applies. d(x, y) = d'(x, y) - p(x) + p(y).
    reduced = np.maximum(costs + potential[tails] - potential[heads], 0.0)
    graph = coo_matrix((reduced, (tails, heads)), shape=(n, n)).tocsr()
    # d(x -> SRC) for every x: one search from SRC in the reversed network.
    back = dijkstra(graph.T.tocsr(), directed=True, indices=Layout.SRC)
    to_src = back - potential + potential[Layout.SRC]  # d(x -> SRC), true costs
    ship = layout.ship_arc0 + np.arange(net.n_sites)
    # Where the storage cap binds, a blank more on hand is a blank less shipped: it is
    # worth what a blank more at the central office is worth.
    full_store = net.storage_capped & (flow[ship] >= upper[ship])
    per_blank = [_km(-to_src[Layout.CENTRAL if full_store[s] else site_in[s]])
                 for s in range(net.n_sites)]
    per_capacity: list[float | None] = [0.0] * net.n_sites
    full = np.flatnonzero(printed >= net.capacity)
    # Only a negative cycle saves: d(out, into) < 0, i.e. d' < p(out) - p(into).
    full = full[potential[site_out[full]] - potential[site_in[full]] > 0]
    if district_part is not None and len(full):
        reduced_to = _by_part(net, layout, graph, district_part, full)
        for s, d in zip(full.tolist(), reduced_to.tolist(), strict=True):
            out, into = int(site_out[s]), int(site_in[s])
            per_capacity[s] = _km(-(d - potential[out] + potential[into]))
        return ShadowPrices(km_per_card_capacity=per_capacity, km_per_blank=list(per_blank))
    for s in full.tolist():
        out, into = int(site_out[s]), int(site_in[s])
        bound = float(potential[out] - potential[into])
        dist = dijkstra(graph, directed=True, indices=out, limit=bound)
        per_capacity[s] = _km(-(dist[into] - potential[out] + potential[into]))
    return ShadowPrices(km_per_card_capacity=per_capacity,
                        km_per_blank=list(per_blank))


def _by_part(net: Network, layout: Layout, graph: object, district_part: IntArray,
             sites: IntArray) -> npt.NDArray[np.float64]:
    """Reduced distances d'(OUT[s] -> SITE[s]) for `sites`, one small search per part.

    Nodes of a part meet other parts only at the shared nodes X = {SRC, CENTRAL, TIER[c],
    SINK}. A path from OUT[s] to SITE[s] (both in s's part) leaves its part only
    between two shared nodes, so it is no shorter than the path in H = the part's own
    arcs plus, between shared nodes x, y, one arc of the least reduced distance
    d'(x, y) in the whole network (one search from each shared node), and every
    path of H is one of the whole network. So d'_H = d' (reduced costs are >= 0).
    """
    from scipy.sparse import coo_matrix, csr_matrix
    from scipy.sparse.csgraph import dijkstra

    assert isinstance(graph, csr_matrix)
    n = layout.n_nodes
    part = np.full(n, -1, dtype=np.int64)  # -1: shared
    part[layout.site_in] = district_part[net.site_district]
    site_out = layout.heads[layout.capacity_arc0:layout.capacity_arc0 + net.n_sites]
    part[site_out] = district_part[net.site_district]
    rows, tiers = np.nonzero(layout.demand_node >= 0)
    part[layout.demand_node[rows, tiers]] = district_part[net.area_district[rows]]
    part[layout.district_node] = district_part[:, None]
    shared = np.flatnonzero(part < 0)
    between = dijkstra(graph, directed=True, indices=shared)[:, shared]  # d'(x, y)
    coo = graph.tocoo()
    tails, heads, weights = coo.row, coo.col, coo.data
    arc_part = np.maximum(part[tails], part[heads])
    by_arc = np.argsort(arc_part, kind="stable")
    arc_cut = np.searchsorted(arc_part[by_arc], np.arange(int(part.max()) + 2))
    by_node = np.argsort(part, kind="stable")
    node_cut = np.searchsorted(part[by_node], np.arange(int(part.max()) + 2))
    sx, sy = np.meshgrid(shared, shared, indexing="ij")
    finite = np.isfinite(between) & (sx != sy)
    local = np.full(n, -1, dtype=np.int64)
    local[shared] = np.arange(len(shared))
    out = np.full(len(sites), np.inf)
    owner = district_part[net.site_district[sites]]
    for p in np.unique(owner).tolist():
        own = by_node[node_cut[p]:node_cut[p + 1]]
        local[own] = len(shared) + np.arange(len(own))
        arcs = by_arc[arc_cut[p]:arc_cut[p + 1]]
        size = len(shared) + len(own)
        sub = coo_matrix((np.concatenate([weights[arcs], between[finite]]),
                          (np.concatenate([local[tails[arcs]], local[sx[finite]]]),
                           np.concatenate([local[heads[arcs]], local[sy[finite]]]))),
                         shape=(size, size)).tocsr()
        mine = np.flatnonzero(owner == p)
        dist = dijkstra(sub, directed=True, indices=local[site_out[sites[mine]]])
        out[mine] = dist[np.arange(len(mine)), local[layout.site_in[sites[mine]]]]
        local[own] = -1
    return out


def _potentials(n: int, tails: IntArray, heads: IntArray,
                costs: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Shortest distances from a virtual node joined to every node by a 0 arc.

    Bellman-Ford, one vectorized relaxation of every arc per pass, until nothing
    changes. An optimal flow's residual network has no negative cycle, so this ends
    within n passes; if not, the flow was not optimal (a bug).
    """
    dist = np.zeros(n)
    for _ in range(n + 1):
        relaxed = dist.copy()
        np.minimum.at(relaxed, heads, dist[tails] + costs)
        if np.array_equal(relaxed, dist):
            return dist
        dist = relaxed
    raise SolverFailure("shadow prices: the travel flow has a negative cycle")


def _km(saving_m: float) -> float:
    """Metres saved (possibly -inf: no cycle) as km >= 0, to the metre."""
    if not np.isfinite(saving_m) or saving_m <= 0:
        return 0.0
    return round(float(saving_m) / 1000.0, 3)


def _travel_arcs(net: Network, layout: Layout, holds: Holds,
                 cards: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Lower and upper bounds of every arc in (S3), and the plan's flow on it."""
    n_arcs = len(layout.tails)
    n_k, n_c = layout.district_node.shape
    lower = np.zeros(n_arcs, dtype=np.int64)
    upper = layout.caps.copy()
    flow = np.zeros(n_arcs, dtype=np.int64)
    # Pairs.
    has_pair = layout.pair_arc_index >= 0
    flow[layout.pair_arc_index[has_pair]] = cards[has_pair]
    # Sites: printing, then stock first and the rest shipped.
    printed = np.bincount(net.pairs.site, weights=cards.sum(axis=1),
                          minlength=net.n_sites).astype(np.int64)
    from_stock = np.minimum(printed, layout.caps[layout.stock_arc0:layout.stock_arc0
                                                 + net.n_sites])
    flow[layout.capacity_arc0 + np.arange(net.n_sites)] = printed
    flow[layout.stock_arc0 + np.arange(net.n_sites)] = from_stock
    flow[layout.ship_arc0 + np.arange(net.n_sites)] = printed - from_stock
    flow[layout.central_arc] = int((printed - from_stock).sum())
    # Areas and districts: the plan's shares, within the holds.
    served = np.zeros((net.n_areas, net.n_tiers), dtype=np.int64)
    np.add.at(served, net.pairs.area, cards)
    has_area = layout.area_arc_index >= 0
    arcs = layout.area_arc_index[has_area]
    flow[arcs] = served[has_area]
    lower[arcs] = holds.area_lower[has_area]
    upper[arcs] = holds.area_upper[has_area]
    district_served = np.zeros((n_k, n_c), dtype=np.int64)
    np.add.at(district_served, net.area_district, served)
    d_arcs = layout.district_arc0 + np.arange(n_k * n_c)
    flow[d_arcs] = district_served.ravel()
    lower[d_arcs] = holds.lower.ravel()
    upper[d_arcs] = holds.upper.ravel()
    # Tier totals are held: TIER -> SINK carries exactly the total.
    t_arcs = layout.tier_arc0 + np.arange(n_c)
    totals = district_served.sum(axis=0)
    flow[t_arcs] = lower[t_arcs] = upper[t_arcs] = totals
    return lower, upper, flow
