r"""What limits each office and why each kecamatan's residents still wait, read off the
residual network of the plan itself (docs/model.md, "What limits an office and why
residents wait").

The plan's network, with the shipments as the plan made them:

    SRC --left--> CENTRAL --gate[s]--> SITE[s] --capacity[s]--> OUT[s] --> DEMAND[a, c]

`left` is the blanks still at the central office beyond the reserve. A gate is *open*
(the plan could ship more blanks to s, or fewer) when shipments are free to move: no
lot size and s not pinned; then it carries x[s] of room[s] (storage_cap - stock, or
no cap). Otherwise x[s] is fixed (whole lots, or a planner's pin) and the gate is
*closed* both ways. Blanks an office holds and does not print (stock, a lot's tail, a
baseline's surplus) are a source at SITE[s]. Pair arcs carry each kelurahan's cards at
that office (room up to the backlog). Taking a card away from anyone is not an arc of
this network: a path only moves residents between offices and blanks between offices.

So a residual path from a source (SRC, or an office with blanks it does not print) to
DEMAND[a, c] of a resident still waiting is a card the plan could still print with
what it has; a path that needs one unit more on one full arc is a card that one more
unit of that limit would give, nobody losing theirs. Each full arc is a kind of limit:

    capacity   SITE[s] -> OUT[s] full (printers)
    storage    an open gate at room[s], or a closed one that one more blank (lot)
               would lift above storage_cap
    supply     SRC -> CENTRAL with nothing left (or a closed gate, nothing left)
    lot_size   a closed gate of whole lots, with fewer blanks left than a lot
    allocation a closed gate with blanks enough left for it (a pin, or lots a time
               limit cut short): nothing but the plan's own choice

Site `binding` (first that holds): capacity (printed = capacity); backlog (OUT[s]
reaches nobody waiting, so neither a blank nor a printer here prints another card);
allocation (SITE[s] is reached from a source: it has, or could be sent, a blank it
would print); else the kind of its gate (open: `supply`, since an open gate with
blanks left would be reached from SRC).

District `unmet_reason` per tier (first that holds): reach (no waiting resident of it
has an office that can print in reach); allocation (a source reaches one of its
waiting residents); a *helping* limit, a full arc u -> v where u is reached from a
source and v reaches one of its waiting residents (one more unit there gives them a
card): the one at an office of its own kecamatan (where they may always print; order
capacity, storage, lot_size, supply), else the nearest (fewest arcs, counted from the
office: a capacity arc's head OUT[s] enters one level after a gate's SITE[s]; ties in
that order); else the nearest full arc that closes every path to them (two limits at
once: printers full and nothing left). The searches are breadth first over the
residual arcs (engine/csr.py: a level of arcs at a time in numpy, or scipy's compiled
search where scipy is loaded), each from every seed of every kind at once; the
nearest limit's search runs only for the kecamatan the earlier steps leave
unexplained.
`tests/engine/test_limits.py` checks every label against its definition by re-solving
flows with one more unit of each limit.
"""

from __future__ import annotations

import numpy as np

from optimizer.engine import csr
from optimizer.engine.model import BoolArray, IntArray
from optimizer.engine.narrow import cells
from optimizer.engine.network import Network, row_sums
from optimizer.schema import Binding, Policy, UnmetReason

KINDS: tuple[str, ...] = ("allocation", "capacity", "storage", "lot_size", "supply")
_NONE = len(KINDS)  # no kind reaches the node


def _nearest(n: int, tails: IntArray, heads: IntArray, seeds: IntArray, kinds: IntArray,
             delays: IntArray, fast: bool | None = None,
             graph: csr.Csr | None = None) -> IntArray:
    """(n,) for each node the kind of its nearest seed, `_NONE` where none reaches it: a
    breadth-first search along arcs tails[k] -> heads[k] from every seed at once, one
    level of arcs at a time (engine/csr.py); a seed enters at level `delays` (0 or 1),
    ties go to the smaller kind. `fast` and `graph` as in `csr.Levels`."""
    label = np.full(n, _NONE, dtype=np.int64)
    if len(seeds) and (kinds == kinds[0]).all():
        # One kind (often one seed: CENTRAL with nothing left): whichever seed is nearest,
        # a node reached takes that kind, so one search for what is reached serves
        # (compiled where `csr.compiled`; a province's level by level labelling from its
        # one seed took ~2.5 ms, the search ~0.5).
        label[csr.reach(n, tails, heads, seeds, fast=fast, graph=graph)] = kinds[0]
        return label
    later = delays > 0
    np.minimum.at(label, seeds[~later], kinds[~later])
    pending = (seeds[later], kinds[later])
    levels = csr.Levels(n, tails, heads, fast=fast, graph=graph)
    frontier = levels.next_frontier(np.flatnonzero(label < _NONE))
    arriving = np.full(n, _NONE, dtype=np.int64)  # the least kind arriving at a node
    while True:
        t, h = levels.step(frontier)
        nxt, kind = h, label[t]
        if len(pending[0]):
            nxt, kind = np.concatenate([nxt, pending[0]]), np.concatenate([kind, pending[1]])
            pending = (pending[0][:0], pending[1][:0])
        new = label[nxt] == _NONE
        nxt, kind = nxt[new], kind[new]
        if len(nxt) == 0:
            return label
        np.minimum.at(arriving, nxt, kind)  # each node reached takes its smallest kind
        label[nxt] = arriving[nxt]
        frontier = levels.next_frontier(nxt)


def plan_limits(net: Network, policy: Policy, cards: IntArray, printed: IntArray,
                shipped: IntArray, served: IntArray | None = None
                ) -> tuple[list[Binding], list[list[UnmetReason]]]:
    """(site bindings, (districts, tiers) unmet reasons) of one plan (module docstring).

    `cards` is (pairs, tiers) cards printed per allowed pair and tier; `printed` and
    `shipped` are (sites,) cards and blanks; `served`, when given, must be the (areas,
    tiers) cards per area, `row_sums(net.pairs.area, cards, net.n_areas)` (the caller's).
    Reasons are `none` where nobody waits.
    """
    n_s, n_c = net.n_sites, net.n_tiers
    pa, ps = net.pairs.area, net.pairs.site
    if served is None:
        served = row_sums(pa, cards, net.n_areas)
    waiting = net.backlog > served                              # (areas, tiers)
    has_backlog = net.backlog > 0
    # Nodes: SRC, CENTRAL, SITE[s], OUT[s], DEMAND[a, c] (where backlog > 0).
    src, central = 0, 1
    site, out = 2 + np.arange(n_s), 2 + n_s + np.arange(n_s)
    demand = np.full(net.backlog.shape, -1, dtype=np.int64)
    demand[has_backlog] = 2 + 2 * n_s + np.arange(int(has_backlog.sum()))
    n = 2 + 2 * n_s + int(has_backlog.sum())

    left = max(0, net.supply - int(shipped.sum()))
    pinned = np.array([s in policy.pinned_shipments for s in net.site_ids], dtype=bool)
    lots = policy.lot_size > 1
    open_gate = ~pinned if not lots else np.zeros(n_s, dtype=bool)
    unused = net.stock + shipped - printed > 0
    at_capacity = printed >= net.capacity

    tails: list[IntArray] = []
    heads: list[IntArray] = []

    def arcs(t: IntArray, h: IntArray, keep: BoolArray) -> None:
        tails.append(np.asarray(t)[keep])
        heads.append(np.asarray(h)[keep])

    if left > 0:
        arcs(np.array([src]), np.array([central]), np.array([True]))
    arcs(np.full(n_s, central), site, open_gate & (shipped < net.room))
    arcs(site, np.full(n_s, central), open_gate & (shipped > 0))
    arcs(site, out, ~at_capacity)
    arcs(out, site, printed > 0)
    # Row gathers by np.take (numpy's fancy index of a 2-D array's rows is ~15x slower).
    pair_backlog = np.take(net.backlog, pa, axis=0)             # (pairs, tiers)
    pair_ok = pair_backlog > 0
    demand_cells = demand.ravel()
    for room, to_demand in ((pair_ok & (cards < pair_backlog), True),
                            (pair_ok & (cards > 0), False)):
        p, c = cells(room)  # only the pairs' arcs kept are looked up
        ends = (np.take(ps, p) + (2 + n_s),                     # OUT[s] = out[s]
                np.take(demand_cells, np.take(pa, p) * n_c + c))
        tails.append(ends[0] if to_demand else ends[1])
        heads.append(ends[1] if to_demand else ends[0])
    tail, head = np.concatenate(tails), np.concatenate(heads)
    grouped: list[csr.Csr] = []

    def by_tail() -> csr.Csr | None:
        """Where scipy's routines serve (csr.compiled: a national plan), the arcs grouped
        by tail, once for every labelling of several kinds along them (and only if one
        runs: a search for what is reached groups its own int32 arcs, `csr.reach`)."""
        if not csr.compiled(len(tail)):
            return None
        if not grouped:
            grouped.append(csr.by_tail(n, tail, head))
        return grouped[0]

    unused_sites = site[unused]
    sources = np.concatenate([[src], unused_sites]).astype(np.int64)
    if left == 0 and not len(unused_sites):
        reached = np.zeros(n, dtype=bool)  # SRC has no arc out: nothing to search
        reached[src] = True
    else:
        reached = csr.reach(n, tail, head, sources)

    # What a closed gate is: storage if one more blank (lot) breaks (2c), else supply if
    # nothing is left, else the pin or the lots' own choice, else the lot size.
    step = policy.lot_size
    over_cap = net.storage_capped & (shipped + step > net.room)
    kind_of = {k: i for i, k in enumerate(KINDS)}
    # (np.select's first-true choice as nested wheres: np.select's checks cost more
    # than a city's few sites)
    gate_kind = np.where(over_cap, kind_of["storage"], kind_of["supply"] if left == 0 else
                         np.where(pinned | (left >= step), kind_of["allocation"],
                                  kind_of["lot_size"]))
    full = shipped >= net.room
    gate_kind = np.where(open_gate, np.where(full, kind_of["storage"], kind_of["supply"]),
                         gate_kind)
    closed = ~open_gate | full
    names = np.array(KINDS, dtype=object)

    # Sites.
    waiting_nodes = demand[waiting & has_backlog].astype(np.int64)
    room_left = ~at_capacity
    to_waiting = np.zeros(n, dtype=bool)
    if room_left.any() and len(waiting_nodes):
        to_waiting = csr.reach(n, head, tail, waiting_nodes)
    bindings = np.where(at_capacity, "capacity", np.where(
        ~to_waiting[out], "backlog", np.where(reached[site], "allocation",
                                              names[gate_kind].astype(str))))

    # Districts (module docstring): a source reaching them (allocation), else a limit one
    # more unit of which would serve them, at an office of their own kecamatan first
    # (where they may always print), else the nearest, else the nearest that closes
    # their way. Distances count from the office: a capacity arc's head OUT[s] enters
    # one level after a gate's SITE[s].
    allocation = kind_of["allocation"]
    sending = bool(reached[central])
    own = np.full(n_s, _NONE, dtype=np.int64)  # the helping limit at each office
    gate_helps = room_left & closed & ((gate_kind == kind_of["supply"]) | sending)
    own[gate_helps] = gate_kind[gate_helps]
    own[room_left & ~closed] = kind_of["supply"]  # an open gate not reached: none left
    own[room_left & reached[site]] = allocation
    own[at_capacity & reached[site]] = kind_of["capacity"]
    own_district = np.full(net.n_districts, _NONE, dtype=np.int64)
    np.minimum.at(own_district, net.site_district, own)

    works = np.zeros(net.n_areas, dtype=bool)
    works[pa[net.capacity[ps] > 0]] = True
    rows, tier = cells(waiting)
    district = net.area_district[rows]
    inside = works[rows]
    node = demand[rows[inside], tier[inside]]
    key = district[inside] * n_c + tier[inside]     # (district, tier) of each such node
    best = np.full(net.n_districts * n_c, _NONE, dtype=np.int64)
    np.minimum.at(best, key, np.where(reached[node], allocation, _NONE))
    best = np.where(best < _NONE, best, np.repeat(own_district, n_c))
    for helping in (True, False):
        if not (best[key] == _NONE).any():
            break
        blanks_to_send = sending or not helping
        groups = {
            "allocation": site[closed & (gate_kind == allocation)] if blanks_to_send else
            site[:0],
            "capacity": out[at_capacity & (reached[site] | (not helping))],
            "storage": site[closed & (gate_kind == kind_of["storage"])] if blanks_to_send else
            site[:0],
            "lot_size": site[closed & (gate_kind == kind_of["lot_size"])] if blanks_to_send
            else site[:0],
            "supply": np.concatenate([[central] if left == 0 else [],
                                      site[closed & (gate_kind == kind_of["supply"])]]),
        }
        seeds = np.concatenate([groups[k] for k in KINDS]).astype(np.int64)
        kinds = np.concatenate([np.full(len(groups[k]), i) for i, k in enumerate(KINDS)])
        delays = np.concatenate([np.full(len(groups[k]), int(k == "capacity"))
                                 for k in KINDS])
        several = len(kinds) > 1 and bool((kinds != kinds[0]).any())  # else one search
        label = _nearest(n, tail, head, seeds, kinds.astype(np.int64),
                         delays.astype(np.int64), graph=by_tail() if several else None)
        found = np.full(net.n_districts * n_c, _NONE, dtype=np.int64)
        np.minimum.at(found, key, label[node])
        best = np.where(best < _NONE, best, found)
    short = np.zeros(net.n_districts * n_c, dtype=bool)
    short[district * n_c + tier] = True
    reachable = np.zeros(net.n_districts * n_c, dtype=bool)
    reachable[key] = True
    reasons = np.full(net.n_districts * n_c, "none", dtype=object)
    named = np.array([*KINDS, "supply"], dtype=object)[best]
    reasons[short] = np.where(reachable, named, "reach")[short]
    return bindings.tolist(), reasons.reshape(net.n_districts, n_c).tolist()
