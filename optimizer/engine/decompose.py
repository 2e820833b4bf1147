"""Split the network into parts that only the central office's supply links.

On a province or a country, districts far apart share no office, so each part
can be filled (S2) on its own with the central supply unlimited. Each district's
level there is a ceiling guess for the global filling (see `equalize_tier`): the
global search then needs a few max flows on the whole network instead of one
round per distinct level.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from optimizer.engine.geometry import Pairs
from optimizer.engine.model import (
    Budget,
    FlowModel,
    Holds,
    IntArray,
    build_layout,
    equalize_tier,
    minimize_travel,
    pair_cards,
)
from optimizer.engine.network import Network


def _components(net: Network) -> tuple[int, IntArray]:
    """Number of parts and the part of each district (linked by shared sites)."""
    # scipy loads on first use: the command line starts faster without it.
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n_k = net.n_districts
    # Districts are nodes; a pair links an area's district to the site's district.
    rows = np.concatenate([net.area_district[net.pairs.area], np.arange(n_k)])
    cols = np.concatenate([net.site_district[net.pairs.site], np.arange(n_k)])
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n_k, n_k))
    count, label = connected_components(graph, directed=False)
    return int(count), label.astype(np.int64)


def ceilings(parts: Parts, holds: Holds, tier: int, budget: Budget) -> IntArray | None:
    """Each district's share when its part is filled alone with unlimited supply.

    None when the work budget ran out.
    """
    backlog = parts.net.district_backlog()[:, tier]
    out = backlog.copy()
    for p in np.unique(parts.part[backlog > 0]):
        sub, districts = parts.network(int(p))
        result = equalize_tier(FlowModel(build_layout(sub)),
                               _holds(holds, districts, _slice(parts.areas, int(p))), tier,
                               backlog[districts], budget)
        if not result.complete:
            return None
        out[districts] = result.served
    return out


class Parts:
    """The network's parts, with districts, areas, sites and pairs sorted by part.

    Built once per plan (`of`) and shared by the equity and travel stages.
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

    def network(self, p: int) -> tuple[Network, IntArray]:
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
            backlog=net.backlog[ia],
            pairs=pairs, supply=net.unlimited,
        )
        return sub, kd


def _grouped(labels: IntArray, n_parts: int) -> tuple[IntArray, IntArray]:
    """Indices sorted by label (stable) and where each label's run starts."""
    order = np.argsort(labels, kind="stable")
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


def _holds(holds: Holds, districts: IntArray, areas: IntArray) -> Holds:
    lower, upper = holds.lower[districts], holds.upper[districts]
    # Earlier tiers keep their shares; their totals are those shares' sums.
    totals = np.where(holds.tier_total >= 0, upper.sum(axis=0), -1)
    return Holds(lower=lower.copy(), upper=upper.copy(),
                 area_lower=holds.area_lower[areas].copy(),
                 area_upper=holds.area_upper[areas].copy(), tier_total=totals)


def travel(parts: Parts, holds: Holds) -> IntArray | None:
    """(S3) part by part: (pairs, tiers) cards, or None when the parts are linked.

    Parts are independent in the travel stage when every district share is held
    (equity on) and the central office could supply all cards without any stock:
    then no part's choice of blanks can crowd out another's.
    """
    net = parts.net
    if not (holds.lower == holds.upper).all() or net.supply < int(holds.upper.sum()):
        return None
    cards = np.zeros((len(net.pairs.km), net.n_tiers), dtype=np.int64)
    demand = np.bincount(parts.part, weights=holds.upper.sum(axis=1), minlength=parts.count)
    for p in np.flatnonzero(demand > 0):
        sub, districts = parts.network(int(p))
        shares = holds.upper[districts]
        areas = holds.area_upper[_slice(parts.areas, int(p))]
        area_lower = holds.area_lower[_slice(parts.areas, int(p))]
        layout = build_layout(sub)
        flows = minimize_travel(layout, Holds(lower=shares, upper=shares, area_lower=area_lower,
                                              area_upper=areas, tier_total=shares.sum(axis=0)))
        cards[_slice(parts.pairs, int(p))] = pair_cards(layout, flows)
    return cards
