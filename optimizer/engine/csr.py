"""Breadth-first searches of residual networks from many seeds at once, in numpy (or in
scipy's compiled code where scipy is loaded anyway).

The limits (engine/limits.py) and the card marginals (engine/marginals.py) ask which
nodes a residual network links to a set of seeds. Their networks are shallow (5 to 7
levels at province scale, from thousands of seeds) and most nodes are reached, so a
search passes over the arc list a level at a time (`Levels`): the arcs out of the
frontier are taken and dropped (spent), so each level reads fewer arcs than the one
before. On the province's 70,000 arcs that is about twice as fast as sorting the
arcs by tail first (CSR form) and then reading only the frontier's arcs, and three
times as fast as the CSR search did with `np.unique` per level. A deep network would
make every level re-read the arcs still kept, so once the scans have read
`SCAN_WORK` times the arcs, the arcs left are sorted by tail once (`by_tail`, a radix
sort: O(arcs)) and the rest of the search reads only the frontier's arcs: O(arcs) in
all.

Importing scipy costs about 0.3 s, more than every search of a city's or a
province's plan together, so scipy's compiled search (`reach`) and counting sort (a
`Levels` groups the arcs by tail at once; both called without scipy's checks, as
engine/scc.py does) run where its graph routines are already
loaded (level 2b loads them in a national plan,
optimizer/engine/scc.py) or where a graph has at least `COMPILED_ARCS` arcs. Every
path gives the same nodes (tests/engine/test_csr.py), so a plan never depends on
which ran.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from optimizer.engine.model import BoolArray, IntArray

# Node numbers of either width (`group` writes int32 where scipy's routine serves).
IndexArray = npt.NDArray[np.signedinteger[Any]]

COMPILED_ARCS = 1_000_000
SCAN_WORK = 8


def compiled(arcs: int) -> bool:
    """Whether a graph of `arcs` arcs is searched by scipy's routines."""
    return "scipy.sparse.csgraph" in sys.modules or arcs >= COMPILED_ARCS


class Csr(NamedTuple):
    """Arcs tails[order[i]] -> adjacent[i], those of node v at first[v]:first[v + 1]
    (in the order they were given: a stable grouping by tail)."""

    n: int
    first: IntArray
    order: IntArray
    adjacent: IntArray


def by_tail(n: int, tails: IntArray, heads: IntArray, *, fast: bool | None = None) -> Csr:
    """The graph of `n` nodes with arcs tails[k] -> heads[k], grouped by tail (stable).

    `fast` forces scipy's compiled COO -> CSR routine (True; a counting sort) or
    numpy's radix sort (False); by default `compiled` decides."""
    tails = np.ascontiguousarray(tails, dtype=np.int64)
    m = len(tails)
    routine = _coo_tocsr() if (compiled(m) if fast is None else fast) else None
    if routine is not None:
        first = np.empty(n + 1, dtype=np.int64)
        order = np.empty(m, dtype=np.int64)
        scratch = np.empty(m, dtype=np.int64)
        routine(n, n, m, tails, tails, np.arange(m, dtype=np.int64), first, scratch, order)
    else:
        order = stable_order(n, tails)
        first = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(tails, minlength=n), out=first[1:])
    return Csr(n, first, order, np.asarray(heads, dtype=np.int64)[order])


class Grouped(NamedTuple):
    """Arcs keys[i] -> adjacent[j] with data, grouped by key (`group`): those of node v at
    first[v]:first[v + 1]; int32 arrays where scipy's routine grouped them."""

    first: IndexArray
    adjacent: IndexArray
    data: IndexArray


def group(n: int, keys: IndexArray, adjacent: IndexArray, data: IndexArray) -> Grouped:
    """The arcs keys[k] -> adjacent[k], each with data[k], grouped by key (a counting sort:
    scipy's where `_coo_tocsr` serves, else numpy's radix sort, `stable_order`). Unlike
    `by_tail` nothing else is made (no order of the arcs): with int32 keys and
    adjacent nodes, scipy's routine writes int32 arrays, half the fresh memory."""
    m = len(keys)
    routine = _coo_tocsr()
    index = np.int32 if n < 2**31 - 1 and m < 2**31 else np.int64
    if routine is not None and keys.dtype == adjacent.dtype == index:
        first: IndexArray = np.empty(n + 1, dtype=index)
        grouped_adjacent: IndexArray = np.empty(m, dtype=index)
        grouped_data: IndexArray = np.empty(m, dtype=data.dtype)
        routine(n, n, m, keys, adjacent, data, first, grouped_adjacent, grouped_data)
        return Grouped(first, grouped_adjacent, grouped_data)
    order = stable_order(n, np.asarray(keys, dtype=np.int64))
    counts = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=counts[1:])
    return Grouped(counts, np.asarray(adjacent)[order], data[order])


def reach_grouped(n: int, first: IndexArray, adjacent: IndexArray, start: int) -> BoolArray:
    """(n,) the nodes reached from `start` in the graph whose arcs out of node v go to
    adjacent[first[v]:first[v + 1]] (scipy's search: call only where `compiled`)."""
    routine = _bfs_routine()
    if (routine is not None and first.dtype == adjacent.dtype == np.int32):
        found = np.full(n, _NULL, dtype=np.int32)
        routine(start, adjacent, first, found, np.full(n, _NULL, dtype=np.int32))
        mask = np.zeros(n, dtype=bool)
        mask[found[found != _NULL]] = True
        return mask
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order

    matrix = csr_matrix((np.ones(len(adjacent)), adjacent, first), shape=(n, n))
    mask = np.zeros(n, dtype=bool)
    mask[breadth_first_order(matrix, start, directed=True, return_predecessors=False)] = True
    return mask


def stable_order(n: int, keys: IntArray) -> IntArray:
    """`np.argsort(keys, kind="stable")` for keys in [0, n), in O(len(keys)): numpy sorts
    16-bit keys by radix (a least significant digit first pass per 16 bits; an int64
    key goes to a comparison sort)."""
    if n <= 1 << 16:
        return np.argsort(keys.astype(np.uint16), kind="stable")
    if n <= 1 << 32:
        order = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
        return order[np.argsort((keys[order] >> 16).astype(np.uint16), kind="stable")]
    return np.argsort(keys, kind="stable")


def arcs_of(graph: Csr, nodes: IntArray) -> IntArray:
    """Positions (in CSR order) of the arcs out of `nodes`, node by node."""
    lo, hi = graph.first[nodes], graph.first[nodes + 1]
    count = hi - lo
    return np.repeat(lo - np.cumsum(count) + count, count) + np.arange(int(count.sum()))


class Levels:
    """The arcs of a graph read a level of a breadth-first search at a time (module
    docstring): `step(frontier)` gives the arcs out of the frontier, each arc at most
    once over the search; `next_frontier(nodes)` makes the next level's frontier in the
    form the next step reads (a mask over the nodes while the arc list is scanned, the
    distinct nodes once the arcs are grouped by tail). `fast` groups them at once with
    scipy's routine (True) or scans first (False); by default `compiled` decides."""

    def __init__(self, n: int, tails: IntArray, heads: IntArray, *, fast: bool | None = None,
                 graph: Csr | None = None):
        self.n = n
        self.tails = np.asarray(tails, dtype=np.int64)
        self.heads = np.asarray(heads, dtype=np.int64)
        self.graph: Csr | None = graph  # these arcs by tail, when the caller has them
        self.budget = SCAN_WORK * len(self.tails)  # arcs that scans may still read
        if graph is None and (compiled(len(self.tails)) if fast is None else fast):
            # Grouped by scipy's counting sort at once (tens of ms for millions of arcs,
            # where each scan of them costs as much).
            self.graph = by_tail(n, self.tails, self.heads, fast=True)
        self.mask = np.zeros(n, dtype=bool)
        self.stamp = np.empty(n, dtype=np.int64)

    def next_frontier(self, nodes: IntArray) -> IntArray | BoolArray:
        """The next level's frontier: `nodes` (may repeat), as the next step reads it."""
        if self.graph is None and len(self.tails) <= self.budget:
            # A mask is cheaper than removing repeats while a level costs O(arcs) anyway.
            self.mask[:] = False
            self.mask[nodes] = True
            return self.mask
        return distinct(nodes, self.stamp)

    def step(self, frontier: IntArray | BoolArray, tails: bool = True
             ) -> tuple[IntArray, IntArray]:
        """(tails, heads) of the arcs out of `frontier` (from `next_frontier`); tails
        empty unless asked for."""
        if frontier.dtype == np.bool_:
            self.budget -= len(self.tails)
            out = frontier[self.tails]
            t, h = self.tails[out] if tails else self.tails[:0], self.heads[out]
            spent = ~out  # the arcs left for later levels
            self.tails, self.heads = self.tails[spent], self.heads[spent]
            return t, h
        if self.graph is None:
            self.graph = by_tail(self.n, self.tails, self.heads, fast=False)
        nodes: IntArray = np.asarray(frontier, dtype=np.int64)
        first = self.graph.first
        return (np.repeat(nodes, first[nodes + 1] - first[nodes]) if tails
                else nodes[:0], self.graph.adjacent[arcs_of(self.graph, nodes)])


def reach(n: int, tails: IntArray, heads: IntArray, seeds: IntArray, *,
          fast: bool | None = None, graph: Csr | None = None) -> BoolArray:
    """(n,) the nodes reached from any of `seeds` along arcs tails[k] -> heads[k] (the
    seeds too). `fast` forces scipy's search (True) or numpy's (False); by default
    `compiled` decides. `graph`, when given, must be `by_tail(n, tails, heads)` (the
    caller's, shared between searches of the same arcs)."""
    seeds = np.asarray(seeds, dtype=np.int64)
    if compiled(len(tails)) if fast is None else fast:
        if graph is None and len(seeds):
            found = _reach_int32(n, tails, heads, seeds)
            if found is not None:
                return found
        if graph is None:
            graph = by_tail(n, tails, heads, fast=True)
        first, adjacent, size, start = graph.first, graph.adjacent, n, int(seeds[0])
        if len(seeds) > 1:
            # One more node, n, with an arc to every seed: the nodes it reaches.
            first = np.concatenate([first, [len(adjacent) + len(seeds)]])
            adjacent = np.concatenate([adjacent, seeds])
            size, start = n + 1, n
        mask = np.zeros(size, dtype=bool)
        routine = _bfs_routine()
        if routine is not None and size < 2**31 and len(adjacent) < 2**31:
            found = np.full(size, _NULL, dtype=np.int32)
            routine(start, adjacent.astype(np.int32), first.astype(np.int32), found,
                    np.full(size, _NULL, dtype=np.int32))
            mask[found[found != _NULL]] = True
        else:
            from scipy.sparse import csr_matrix
            from scipy.sparse.csgraph import breadth_first_order

            matrix = csr_matrix((np.ones(len(adjacent)), adjacent, first), shape=(size, size))
            mask[breadth_first_order(matrix, start, directed=True,
                                     return_predecessors=False)] = True
        return mask[:n]
    mask = np.zeros(n, dtype=bool)
    mask[seeds] = True
    levels = Levels(n, tails, heads, fast=False)
    frontier = levels.next_frontier(seeds)
    while True:
        _, nxt = levels.step(frontier, tails=False)
        nxt = nxt[~mask[nxt]]
        if len(nxt) == 0:
            return mask
        mask[nxt] = True
        frontier = levels.next_frontier(nxt)


def _reach_int32(n: int, tails: IntArray, heads: IntArray, seeds: IntArray
                 ) -> BoolArray | None:
    """`reach` by scipy's private routines on int32 arrays made at once: the arcs, and
    one from a new node n to each seed, grouped by tail (`group`, no order of the arcs
    kept) and searched from n (or from the one seed). None where a routine is missing
    or the graph is too large for int32 (the caller takes the general path).

    A province's limits search 70,000 arcs against their direction: grouping them in
    int64 with their order (`by_tail`), then appending the seeds and narrowing to int32
    took ~1.1 ms, this ~0.4."""
    many = len(seeds) > 1
    size, m = n + int(many), len(tails) + (len(seeds) if many else 0)
    routine, search = _coo_tocsr(), _bfs_routine()
    if routine is None or search is None or size >= 2**31 - 1 or m >= 2**31:
        return None
    keys = np.empty(m, dtype=np.int32)
    ends = np.empty(m, dtype=np.int32)
    keys[:len(tails)] = tails
    ends[:len(tails)] = heads
    if many:
        keys[len(tails):] = n
        ends[len(tails):] = seeds
    grouped = group(size, keys, ends, ends)  # int32 keys and ends: scipy's routine
    found = np.full(size, _NULL, dtype=np.int32)
    search(n if many else int(seeds[0]), grouped.adjacent, grouped.first, found,
           np.full(size, _NULL, dtype=np.int32))
    mask = np.zeros(size, dtype=bool)
    mask[found[found != _NULL]] = True
    return mask[:n]


def distinct(nodes: IntArray, stamp: IntArray) -> IntArray:
    """`nodes` without repeats (the last of each, in order), in O(len(nodes)) with
    `stamp`, any int64 array as long as the graph has nodes (np.unique hashes or sorts:
    most of a search's time when it did)."""
    at = np.arange(len(nodes))
    stamp[nodes] = at
    kept: IntArray = nodes[stamp[nodes] == at]
    return kept


_routine: list[Callable[..., object] | None] = []  # [routine or None] once looked up


def _coo_tocsr() -> Callable[..., object] | None:
    """scipy's compiled COO -> CSR conversion (a stable counting sort by row; private to
    scipy, so used only if importing it works and it groups a hand example as
    `np.argsort(kind="stable")` does; else numpy sorts)."""
    if not _routine:
        routine: Callable[..., object] | None = None
        try:
            from scipy.sparse._sparsetools import coo_tocsr as candidate

            tails = np.array([2, 0, 2, 1, 0], dtype=np.int64)
            first = np.empty(4, dtype=np.int64)
            order = np.empty(5, dtype=np.int64)
            candidate(3, 3, 5, tails, tails, np.arange(5, dtype=np.int64), first,
                      np.empty(5, dtype=np.int64), order)
            if (first.tolist() == [0, 2, 3, 5]
                    and order.tolist() == np.argsort(tails, kind="stable").tolist()):
                routine = candidate
        except Exception:  # any failure: numpy sorts
            routine = None
        _routine.append(routine)
    return _routine[0]


_NULL = -9999  # scipy's mark of a node not (yet) reached
_bfs: list[Callable[..., object] | None] = []  # [routine or None] once looked up


def _bfs_routine() -> Callable[..., object] | None:
    """The compiled routine behind scipy's `breadth_first_order(directed=True)`, called
    on int32 CSR arrays without building a csr_matrix and validating it (a third of a
    search of 4 million arcs). It is private to scipy, so it is used only if importing
    it works and it finds the public routine's nodes on a hand graph; else every
    search takes the public path (as optimizer/engine/scc.py does for components)."""
    if not _bfs:
        routine: Callable[..., object] | None = None
        try:
            from scipy.sparse import csr_matrix
            from scipy.sparse.csgraph import breadth_first_order
            from scipy.sparse.csgraph._traversal import (
                _breadth_first_directed as candidate,
            )

            # 0 -> 1 -> 2 -> 0 and 2 -> 3 -> 4 -> 3; 5 -> 5: from 2, all but 5.
            first = np.array([0, 1, 2, 4, 5, 6, 7], dtype=np.int32)
            adjacent = np.array([1, 2, 0, 3, 4, 3, 5], dtype=np.int32)
            found = np.full(6, _NULL, dtype=np.int32)
            candidate(2, adjacent, first, found, np.full(6, _NULL, dtype=np.int32))
            public = breadth_first_order(csr_matrix((np.ones(7), adjacent, first),
                                                    shape=(6, 6)),
                                         2, directed=True, return_predecessors=False)
            if sorted(found[found != _NULL].tolist()) == sorted(public.tolist()) == [0, 1, 2, 3, 4]:
                routine = candidate
        except Exception:  # any failure: the public routine serves
            routine = None
        _bfs.append(routine)
    return _bfs[0]
