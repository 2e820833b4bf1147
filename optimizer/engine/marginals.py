r"""What one more unit at a site is worth, read off the residual network of one solve.

Cards (exact). The card marginals are measured on the most cards all tiers
together can print (one max flow, every tier open). Let f be that max flow and R
the nodes reachable from SRC in its residual network G_f (no SINK among them).
Raising the capacity of one arc u -> v by delta adds exactly

    min(delta, lambda_R(SRC -> u), lambda_{V \ R}(v -> SINK))

cards, where lambda_X is the max flow inside the residual network restricted to
X: every augmenting path must use the raised arc (G_f has none), reaches u only
through R (nothing leaves R in G_f) and, once past v, can reach SINK only outside
R (a path back into R could never leave it). The two halves share no arc, so the
paths form a series composition and the least of the three is the gain.

    one more printer-day   arc SITE[s] -> OUT[s], delta = cards_per_printer_day[s]
    100 more blanks        arc SRC -> SITE[s],    delta = 100 (lambda_R(SRC -> SRC) is
                                                   unlimited)

Most sites are settled without a max flow: a half is at least delta when a path of
residual arcs each of at least delta links its ends (one breadth-first search per
distinct delta over the arcs that wide); it is 0 when the ends are not linked at
all. Only the rest get a max flow on their half, with the source's arc clipped to
delta. The result equals a full re-solve per site (tests compare both).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from ortools.graph.python import max_flow

from optimizer.engine import csr
from optimizer.engine.geometry import sorted_unique
from optimizer.engine.model import (
    BoolArray,
    FlowModel,
    IntArray,
    Layout,
    SolverFailure,
    open_caps,
    total_max_flow,
)
from optimizer.engine.network import Network

BLANKS_STEP = 100
ROOM_CLIP = 2**31 - 1  # grouped residual arcs hold their room up to this (int32)


class Marginals(NamedTuple):
    """Per site (in the network's site order): cards gained, or None when not computed."""

    per_printer_day: list[int | None]
    per_100_blanks: list[int | None]


# Residual arcs a plan may pass over pricing sites held to their storage cap, per second
# of its time limit (deterministic, as every budget: `_within_storage`).
STORAGE_ARCS_PER_SECOND = 5_000_000


def marginals(net: Network, model: FlowModel, enabled: bool,
              cards: IntArray | None = None, flows: IntArray | None = None,
              time_limit_s: float | None = None) -> Marginals:
    """Cards gained, over all tiers, from one more printer-day or 100 more blanks at a site.

    Exact (module docstring): one max flow for the whole network, then breadth-first
    searches on its residual network and, for the few sites they do not settle, a
    max flow on one half of it. `cards` (pairs, tiers), the plan's printing, when
    given, is tried as that max flow first (`Residual.of_plan`; `flows`, when given,
    must be its arc flows, `shadow.plan_flows(net, model.layout, cards)`, computed once
    for this and the shadow prices). Lists are per site in
    `net.site_ids` order; None when `enabled` is False. `time_limit_s` bounds the
    work on sites held to their storage cap (`_within_storage`); a site past the
    budget gets None for its blanks (the plan says MARGINALS_SKIPPED).
    """
    if not enabled:
        none: list[int | None] = [None] * net.n_sites
        return Marginals(per_printer_day=none, per_100_blanks=list(none))
    layout = model.layout
    residual = None if cards is None else Residual.of_plan(net, model, cards, flows)
    linked_t: BoolArray | None = None
    wide_blanks: BoolArray | None = None
    if residual is None:
        total_max_flow(model, net.backlog, net.district_backlog())
        residual = Residual.of(model)
        linked_t = model.sink_side()
    site_in = layout.site_in
    site_out = layout.heads[layout.capacity_arc0:layout.capacity_arc0 + net.n_sites]
    step = net.cards_per_printer_day
    in_r = residual.source_side
    day_candidates = (step > 0) & in_r[site_in] & ~in_r[site_out]
    blank_candidates = ~in_r[site_in]
    if linked_t is None:
        # Linked by arcs of 100 first: linked by arcs of 1 then starts from those nodes.
        wide_blanks = residual.reach(BLANKS_STEP, from_source=False)
        if day_candidates.any() or (blank_candidates & ~wide_blanks[site_in]).any():
            linked_t = residual.reach(1, from_source=False, linked=wide_blanks)
        else:
            # No day candidate, and every blank candidate linked by arcs of 100, so of 1
            # (gaining 100 below): the nodes so linked serve every use of linked_t
            # below exactly (a supply-bound city's: one search fewer).
            linked_t = wide_blanks
    per_day = np.zeros(net.n_sites, dtype=np.int64)
    per_blanks = np.zeros(net.n_sites, dtype=np.int64)
    # Ends not linked at all by residual arcs gain nothing: no max flow for them (a site
    # whose end cannot reach SINK outside R: most sites of a supply-bound country).
    # Linked by residual arcs of any room: to SRC, R itself (a path from SRC stays in
    # R); to SINK, the max flow's sink side (a path to SINK never enters R, which
    # nothing leaves), which the flow solver finds itself (~0.1 s of numpy searching
    # saved at national scale).
    linked_r = in_r
    day_candidates &= linked_r[site_in] & linked_t[site_out]
    blank_candidates &= linked_t[site_in]
    # sorted_unique, not np.unique: the latter imports numpy.ma on its first call (~20 ms
    # of a `blanko plan` process; the geometry's one sort otherwise).
    for delta in sorted_unique(np.concatenate([step[day_candidates], [BLANKS_STEP]])).tolist():
        days = np.flatnonzero(day_candidates & (step == delta))
        # The source side only matters to a day candidate (the blanks' arcs leave SRC).
        wide_r = residual.reach(delta, from_source=True) if len(days) else linked_r
        wide_t = (wide_blanks if delta == BLANKS_STEP and wide_blanks is not None
                  else residual.reach(delta, from_source=False))
        # Settled for all sites at once: delta where both halves are wide, 0 where the
        # end is not linked at all (per_day's zeros); a max flow per site for the rest.
        u, v = site_in[days], site_out[days]
        wide = wide_r[u] & wide_t[v]
        per_day[days[wide]] = delta
        for s, end_u, end_v in zip(*(a[~wide & linked_t[v]].tolist() for a in (days, u, v)),
                                   strict=True):
            per_day[s] = min(residual.source_half(end_u, delta),
                             residual.sink_half(end_v, delta))
        if delta == BLANKS_STEP:
            blanks = np.flatnonzero(blank_candidates)
            v = site_in[blanks]
            wide = wide_t[v]
            per_blanks[blanks[wide]] = delta
            for s, end_v in zip(*(a[~wide & linked_t[v]].tolist() for a in (blanks, v)),
                                strict=True):
                per_blanks[s] = residual.sink_half(end_v, delta)
    skipped = _within_storage(net, model, residual, per_blanks, time_limit_s)
    day_gains: list[int | None] = [*per_day.tolist()]
    blank_gains: list[int | None] = [None if s in skipped else g
                                     for s, g in enumerate(per_blanks.tolist())]
    return Marginals(per_printer_day=day_gains, per_100_blanks=blank_gains)


def _within_storage(net: Network, model: FlowModel, residual: Residual,
                    per_blanks: IntArray, time_limit_s: float | None = None) -> set[int]:
    """100 more blanks on hand at a site with a storage cap leave room for 100 fewer
    shipped (stock + x <= storage_cap: the shipment arc CENTRAL -> SITE[s] holds
    storage_cap - stock). Where the flow ships more than that smaller room, the blanks on
    hand take the place of shipped ones, which stay at the central office: the gain is
    what they are worth there, not the 100 cards of the stock arc alone (tester qa10: an
    office held to its storage cap was said to print 100 more cards with 100 more blanks
    on hand; a re-plan with that stock printed none more). Those sites are priced on the
    residual network (`_Outside.displaced_gain`); elsewhere the flow stays feasible and the
    residual formula holds. A site whose entries reach SINK costs a pass over the
    residual arcs outside R and a max flow on those it can use: their arcs are counted
    against `time_limit_s` x STORAGE_ARCS_PER_SECOND (deterministic; no bound without a
    limit), and the sites past it are returned (their value is not known).
    tests/engine/test_marginals.py compares the values with a re-solve (`resolved`)."""
    if not net.storage_capped.any():
        return set()
    layout = model.layout
    ship = layout.ship_arc0 + np.arange(net.n_sites)
    room = model.caps[ship]
    shipped = residual.back[ship]
    displaced = net.storage_capped & (shipped > np.maximum(0, room - BLANKS_STEP))
    sites = np.flatnonzero(displaced).tolist()
    if not sites:
        return set()
    outside = _Outside(residual)
    budget = None if time_limit_s is None else time_limit_s * STORAGE_ARCS_PER_SECOND
    skipped: set[int] = set()
    for s in sites:
        gain = outside.displaced_gain(s, int(room[s]), int(shipped[s]), budget)
        if gain is None:
            skipped.add(s)
        else:
            per_blanks[s] = gain
    return skipped


class _Outside:
    """The residual arcs outside R (f's min cut), listed once for every site
    `displaced_gain` prices, with the nodes that reach SINK along them."""

    def __init__(self, residual: Residual) -> None:
        layout = residual.layout
        self.residual = residual
        inside = residual.half[1]
        self.fwd = np.flatnonzero(inside & (residual.ahead >= 1))
        self.bwd = np.flatnonzero(inside & (residual.back >= 1))
        self.tails = np.concatenate([np.take(layout.tails, self.fwd),
                                     np.take(layout.heads, self.bwd)])
        self.heads = np.concatenate([np.take(layout.heads, self.fwd),
                                     np.take(layout.tails, self.bwd)])
        self.room = np.minimum(np.concatenate([np.take(residual.ahead, self.fwd),
                                               np.take(residual.back, self.bwd)]),
                               BLANKS_STEP)
        self.to_sink = residual.reach(1, from_source=False)
        self.spent = 0  # arcs passed over by the sites priced so far (the work budget's)

    def displaced_gain(self, s: int, room: int, shipped: int,
                       budget: float | None = None) -> int | None:
        """Cards gained with 100 more blanks on hand at site s, whose shipment arc (room
        `room`, carrying `shipped`) narrows by 100 with them, on the residual network of
        the max flow f (no re-solve).

        Moving d = shipped - min(shipped, room - 100) of its shipped blanks onto the
        stock arc gives a flow of f's value that fits the changed arcs: the stock arc
        has 100 - d room more, SRC -> CENTRAL d more (those blanks stay central), the
        shipment arc no room ahead and d less flow back. Every other residual arc is
        f's, and no residual arc leaves R: a card more is a path from CENTRAL (at most
        d) or SITE[s] (at most 100 - d) to SINK outside R, and the gain is the max flow
        of a new source with those two arcs there, over the residual arcs outside R with
        the shipment arc's changed (an entry inside R reaches no SINK: 0 from it).
        tests/engine/test_marginals.py compares it with a re-solve (`resolved`). None
        when its search would take `spent` past `budget` (arcs; None: no bound)."""
        residual = self.residual
        layout = residual.layout
        ship = layout.ship_arc0 + s
        kept = min(shipped, max(0, room - BLANKS_STEP))
        moved = shipped - kept
        entries = [(node, cap) for node, cap in ((Layout.CENTRAL, moved),
                                                 (int(layout.site_in[s]), BLANKS_STEP - moved))
                   if cap > 0 and self.to_sink[node]]
        if not entries:
            return 0
        if budget is not None and self.spent + 2 * len(self.tails) > budget:
            return None  # (its pass over the arcs and its max flow's, at most as many)
        # Only arcs between nodes an entry reaches that also reach SINK can carry a card
        # (searched along f's arcs: the change only narrows one, so these are enough).
        self.spent += len(self.tails)
        on_path = self.to_sink.copy()
        reached = np.zeros_like(on_path)
        for node, _ in entries:
            reached |= residual._search(1, node, 1, forward=True)
        on_path &= reached
        keep = on_path[self.tails] & on_path[self.heads]
        self.spent += int(np.count_nonzero(keep))
        room_left = self.room.copy()
        # The shipment arc as changed: no room ahead; `kept` back.
        at = np.searchsorted(self.fwd, ship)
        if at < len(self.fwd) and self.fwd[at] == ship:
            keep[at] = False
        at = np.searchsorted(self.bwd, ship)
        if at < len(self.bwd) and self.bwd[at] == ship:
            at += len(self.fwd)
            room_left[at] = min(kept, BLANKS_STEP)
            keep[at] &= kept > 0
        extra = layout.n_nodes  # the new source
        solver = max_flow.SimpleMaxFlow()
        solver.add_arcs_with_capacity(
            np.concatenate([self.tails[keep], np.full(len(entries), extra)]).astype(np.int64),
            np.concatenate([self.heads[keep], [node for node, _ in entries]]).astype(np.int64),
            np.concatenate([room_left[keep], [cap for _, cap in entries]]).astype(np.int64))
        if solver.solve(extra, layout.sink) != max_flow.SimpleMaxFlow.OPTIMAL:
            raise SolverFailure("marginals: max flow on the residual network failed")
        return int(solver.optimal_flow())


def _stock_gain(net: Network, model: FlowModel, s: int, base: int, backlog: IntArray) -> int:
    """Cards gained, by a re-solve, with 100 more blanks on hand at site s: its stock arc
    100 wider, and where it has a storage cap its shipment arc 100 narrower (at least 0)."""
    layout = model.layout
    stock_arc, ship_arc = layout.stock_arc0 + s, layout.ship_arc0 + s
    stock_cap, ship_cap = int(model.caps[stock_arc]), int(model.caps[ship_arc])
    model.set_arc_capacity(stock_arc, stock_cap + BLANKS_STEP)
    if net.storage_capped[s]:
        model.set_arc_capacity(ship_arc, max(0, ship_cap - BLANKS_STEP))
    try:
        return total_max_flow(model, net.backlog, backlog) - base
    finally:
        model.set_arc_capacity(stock_arc, stock_cap)
        model.set_arc_capacity(ship_arc, ship_cap)


class Residual:
    """The residual network of a flow on the layout's arcs, split at its min cut.

    Each layout arc u -> v gives the residual arc u -> v with its room left (`ahead`)
    and v -> u with its flow (`back`), where those are positive. Lists of residual arcs
    are made per search from the layout's arcs, of the half and the width it reads (a
    list of every residual arc costs as much as a search: it is made only for the
    search from SRC)."""

    def __init__(self, layout: Layout, ahead: IntArray, back: IntArray,
                 source_side: BoolArray):
        self.layout = layout
        self.ahead, self.back = ahead, back
        self.source_side = source_side
        # Which half an arc lies in does not depend on its direction: one test per arc
        # of the layout serves its forward and its backward residual arc.
        tail_in, head_in = source_side[layout.tails], source_side[layout.heads]
        self.half = (tail_in & head_in, ~(tail_in | head_in))  # within R, within V \ R
        self._groups: dict[tuple[int, bool], csr.Grouped | None] = {}

    @classmethod
    def of(cls, model: FlowModel) -> Residual:
        flows = model.flows()
        return cls(model.layout, model.caps - flows, flows, model.source_side())

    @classmethod
    def of_plan(cls, net: Network, model: FlowModel, cards: IntArray,
                flows: IntArray | None = None) -> Residual | None:
        """The residual network of the plan's own flow with every tier open, or None
        when that flow is not a max flow there.

        The plan's arc flows follow from its printing (as in shadow.py: each site's
        printing from stock first, the rest shipped, which its arcs allow whenever any
        split does). Its tier totals are lexicographic maxima, and every maximal vector
        of cards per kelurahan and tier has the same total (they form a polymatroid),
        so it is usually a max flow of the open network: it is when SINK cannot be
        reached from SRC in its residual network (checked here); then any max flow's
        residual network gives the same gains (the module docstring's formula is
        about the network, not the flow)."""
        from optimizer.engine.shadow import plan_flows

        layout = model.layout
        caps = model.stage_capacities(open_caps(layout, net.backlog, net.district_backlog()))
        if flows is None:
            flows = plan_flows(net, layout, cards)
        if (flows > caps).any():
            return None
        ahead = np.subtract(caps, flows, out=caps)  # (in place: no fresh pages for it)
        source_side = np.zeros(layout.n_nodes, dtype=bool)
        source_side[Layout.SRC] = True
        # The arcs out of SRC: SRC -> CENTRAL and the stock arcs SRC -> SITE[s].
        if not ((ahead[layout.central_arc] > 0)
                or (ahead[layout.stock_arc0:layout.stock_arc0 + net.n_sites] > 0).any()):
            # Every arc out of SRC is full (its only residual arcs out: nothing enters
            # SRC, so no backward arc leaves it): R is SRC alone, SINK is not in it, and
            # no search is needed (a supply-bound plan: every blank printed).
            return cls(layout, ahead, flows, source_side)
        # Every residual arc has room >= 1: R is what SRC reaches along all of them.
        fwd, bwd = np.flatnonzero(ahead > 0), np.flatnonzero(flows > 0)
        tails = np.concatenate([np.take(layout.tails, fwd), np.take(layout.heads, bwd)])
        heads = np.concatenate([np.take(layout.heads, fwd), np.take(layout.tails, bwd)])
        source_side = csr.reach(layout.n_nodes, tails, heads, np.array([Layout.SRC]))
        if source_side[layout.sink]:
            return None
        return cls(layout, ahead, flows, source_side)

    def arcs(self, half: int, delta: int, room: bool = False
             ) -> tuple[IntArray, IntArray, IntArray | None]:
        """(tails, heads, room or None unless asked for) of the residual arcs of the half
        (0: within R, 1: within V \\ R) with at least `delta` room (and 1) each:
        forward ones first, then backward, each in the layout's order."""
        width = max(delta, 1)
        inside = self.half[half]
        # Each mask's arcs found once and gathered by np.take (~2x masks' speed).
        ahead = np.flatnonzero(inside & (self.ahead >= width))
        back = np.flatnonzero(inside & (self.back >= width))
        tails, heads = self.layout.tails, self.layout.heads
        return (np.concatenate([np.take(tails, ahead), np.take(heads, back)]),
                np.concatenate([np.take(heads, ahead), np.take(tails, back)]),
                np.concatenate([np.take(self.ahead, ahead), np.take(self.back, back)])
                if room else None)

    def reach(self, delta: int, *, from_source: bool,
              linked: BoolArray | None = None) -> BoolArray:
        """Nodes linked to SRC (from it, within R) or to SINK (towards it, outside R)
        by residual arcs of at least `delta` each. `linked`, when given, must be nodes
        so linked by arcs of at least some delta' >= delta (`reach(delta', ...)`): the
        search starts from them all (most of the nodes, in fewer levels)."""
        start = Layout.SRC if from_source else self.layout.sink
        return self._search(0 if from_source else 1, start, delta, forward=from_source,
                            seeds=None if linked is None else np.flatnonzero(linked))

    def _search(self, half: int, start: int, delta: int, *, forward: bool,
                seeds: IntArray | None = None) -> BoolArray:
        """Nodes reached from `start` (forward: along arcs; else against them) by arcs of
        the half with at least `delta` room each (breadth first: engine/csr.py).
        `seeds`, when given, are nodes so reached (`start` among them): a search of
        numpy's starts from them all (scipy's searches from `start` alone as quickly)."""
        n = self.layout.n_nodes
        grouped = self._grouped(half, forward) if delta <= ROOM_CLIP else None
        if grouped is None:
            tails, heads, _ = self.arcs(half, delta)
            if not forward:
                tails, heads = heads, tails
            return csr.reach(n, tails, heads, np.array([start]) if seeds is None else seeds)
        # The arcs narrower than delta are kept in place but lead to node n, which has
        # no arcs of its own (one pass over them; dropping them meant a running count
        # and two gathers).
        adjacent = (grouped.adjacent if delta <= 1
                    else np.where(grouped.data >= delta, grouped.adjacent, int(n)))
        return csr.reach_grouped(n + 1, grouped.first, adjacent, start)[:n]

    def _grouped(self, half: int, forward: bool) -> csr.Grouped | None:
        """Where scipy's search serves (`csr.compiled`, judged by the layout's arcs), the
        half's residual arcs (reversed unless `forward`) grouped by tail, with each one's
        room, as int32 arrays of n + 1 nodes (node n: no arcs): made once for every
        search of that half and direction. None elsewhere (each search scans its own
        arcs)."""
        key = (half, forward)
        if key not in self._groups:
            graph: csr.Grouped | None = None
            layout = self.layout
            n = layout.n_nodes
            if csr.compiled(len(layout.tails)) and n + 1 < 2**31 - 1:
                inside = self.half[half]
                ahead = inside & (self.ahead >= 1)
                back = inside & (self.back >= 1)
                n_ahead = int(np.count_nonzero(ahead))
                m = n_ahead + int(np.count_nonzero(back))
                # Residual arc u -> v: layout arc u -> v with room ahead, or v -> u
                # with flow back; a search against the arcs groups them by v.
                tails, heads = ((layout.tails, layout.heads) if forward
                                else (layout.heads, layout.tails))
                index = np.int32 if m < 2**31 else np.int64
                keys: csr.IndexArray = np.empty(m, dtype=index)
                adjacent: csr.IndexArray = np.empty(m, dtype=index)
                # Room is only compared with a search's delta: held as int32, clipped at
                # ROOM_CLIP (wider searches scan instead, `_search`), half the memory.
                room = np.empty(m, dtype=np.int32)
                # Each piece gathered by its mask (no index array: the masks are mostly
                # true, in runs) and written into place, one piece alive at a time.
                for out, of_ahead, of_back in ((keys, tails, heads), (adjacent, heads, tails),
                                               (room, self.ahead, self.back)):
                    for part, values, mask in ((out[:n_ahead], of_ahead, ahead),
                                               (out[n_ahead:], of_back, back)):
                        picked = values[mask]
                        if out is room:
                            np.minimum(picked, ROOM_CLIP, out=picked)
                        part[:] = picked
                graph = csr.group(n + 1, keys, adjacent, room)
            self._groups[key] = graph
        return self._groups[key]

    def source_half(self, node: int, delta: int) -> int:
        """min(delta, max flow SRC -> node within R)."""
        return self._capped_flow(0, Layout.SRC, node, delta)

    def sink_half(self, node: int, delta: int) -> int:
        """min(delta, max flow node -> SINK outside R)."""
        return self._capped_flow(1, node, self.layout.sink, delta)

    def _capped_flow(self, half: int, start: int, end: int, delta: int) -> int:
        # Only arcs between nodes reached from `start` that also reach `end` can carry
        # flow from one to the other: the max flow runs on those alone.
        on_path = (self._search(half, start, 1, forward=True)
                   & self._search(half, end, 1, forward=False))
        if not on_path[start]:
            return 0
        tails, heads, room = self.arcs(half, 1, room=True)
        assert room is not None
        keep = on_path[tails] & on_path[heads]
        extra = self.layout.n_nodes  # a new source whose one arc carries at most delta
        solver = max_flow.SimpleMaxFlow()
        solver.add_arcs_with_capacity(
            np.concatenate([tails[keep], [extra]]).astype(np.int64),
            np.concatenate([heads[keep], [start]]).astype(np.int64),
            np.concatenate([np.minimum(room[keep], delta), [delta]]).astype(np.int64))
        if solver.solve(extra, end) != max_flow.SimpleMaxFlow.OPTIMAL:
            raise SolverFailure("marginals: max flow on the residual network failed")
        return int(solver.optimal_flow())


def resolved(net: Network, model: FlowModel) -> Marginals:
    """The same values by a full re-solve per site (slow; kept to test `marginals`)."""
    backlog = net.district_backlog()
    base = total_max_flow(model, net.backlog, backlog)
    layout = model.layout
    per_day: list[int | None] = []
    per_blanks: list[int | None] = []
    for s in range(net.n_sites):
        arc, step = layout.capacity_arc0 + s, int(net.cards_per_printer_day[s])
        before = int(model.caps[arc])
        model.set_arc_capacity(arc, before + step)
        per_day.append(total_max_flow(model, net.backlog, backlog) - base)
        model.set_arc_capacity(arc, before)
        # 100 more on hand: within a storage cap, room for 100 fewer shipped.
        per_blanks.append(_stock_gain(net, model, s, base, backlog))
    return Marginals(per_printer_day=per_day, per_100_blanks=per_blanks)
