"""The printing rule every baseline shares (how offices print what they hold).

    a deterministic greedy over (tier, pair) entries in this order: tier by tier
    (strict priority); within a tier first every office's own-district residents,
    then residents of reachable neighbouring districts (allowed pairs, model.md);
    within each, nearest first (km, then area_id, then site_id). Each entry prints
    min(residents still waiting, capacity left, blanks left at the office).
    It is an office serving the people in front of it, not a global optimum:
    what differs between baselines is the allocation x alone.
    A host office (studies.hosts) counts the district it hosts as its own.
"""

from __future__ import annotations

import numpy as np

from optimizer.engine.model import IntArray
from optimizer.engine.network import Network


class PrintingRule:
    """Own district's highest tier first, then reachable neighbours, nearest first.

    The entry order is fixed by the network (pairs and tiers), so it is built once
    and reused: for a plan's horizon, or day by day in the replay.
    """

    def __init__(self, net: Network, host: IntArray | None = None):
        pa, ps, km = net.pairs.area, net.pairs.site, net.pairs.km
        own = net.area_district[pa] == net.site_district[ps]
        if host is not None:
            # A host office serves the district it hosts as its own (studies.hosts).
            own |= host[net.area_district[pa]] == ps
        neighbour = (~own).astype(np.int64)
        # np.lexsort sorts by the last key first: tier, neighbour, km, area, site.
        order = np.lexsort((ps, pa, km, neighbour))
        self.pair = [int(p) for _ in range(net.n_tiers) for p in order]
        self.tier = [c for c in range(net.n_tiers) for _ in order]
        self.site = [int(ps[p]) for p in self.pair]
        self.area = [int(pa[p]) for p in self.pair]

    def run(self, blanks: list[int], capacity: list[int],
            waiting: list[list[int]]) -> list[tuple[int, int, int]]:
        """Print by the rule; (pair, tier, cards) printed. The three lists are updated."""
        out = []
        for p, c, s, a in zip(self.pair, self.tier, self.site, self.area, strict=True):
            cards = min(waiting[a][c], capacity[s], blanks[s])
            if cards > 0:
                waiting[a][c] -= cards
                capacity[s] -= cards
                blanks[s] -= cards
                out.append((p, c, cards))
        return out

    def plan_cards(self, net: Network, shipped: IntArray) -> IntArray:
        """(pairs, tiers) cards printed in the horizon with stock + shipped blanks."""
        cards = np.zeros((len(net.pairs.km), net.n_tiers), dtype=np.int64)
        printed = self.run((net.stock + shipped).tolist(), net.capacity.tolist(),
                           net.backlog.tolist())
        for p, c, n in printed:
            cards[p, c] = n
        return cards


