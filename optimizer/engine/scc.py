"""Strongly connected components of a residual network, without importing scipy for a city.

Level 2b asks, after each filling round, which kelurahan can take one more card: those
whose demand node shares a strongly connected component with their kecamatan's node in
the residual network (`areas.AreaFilling.can_rise`). scipy's compiled routine
(`scipy.sparse.csgraph.connected_components`) answers in microseconds but costs about
0.3 s to import (measured with `python -X importtime`: scipy.sparse plus csgraph were
half of a whole `blanko plan --dataset palembang` process). A city's network has a few
hundred nodes and needs about ten such questions per plan, which Tarjan's algorithm
answers in well under a millisecond each in plain Python. So:

- searches use `tarjan` below while the work they have done in this process (nodes
  plus arcs searched, `PURE_PYTHON_WORK` in all) leaves room for the next one, unless
  scipy's routine is already loaded (a service's solver);
- every other search uses scipy's: a larger network, or a process that has already
  searched that much (a province or a country runs thousands of small searches, part
  by part, where Tarjan in Python cost 23 s of a national plan against scipy's
  import of 0.3 s).

The budget is work, not a count of searches: a count of 64 let a one-shot plan of
20,000 kelurahan run 64 Tarjan searches of ~5 ms each (0.33 s) and then import scipy
anyway (0.3 s more). Tarjan here costs 0.1-0.6 us per node or arc (measured on random
graphs of 300-4,000 nodes), so the budget of 150,000 is 15-90 ms of Python, under
the import it saves; Palembang's plans need less than a third of it.

The partition into components is unique, so which routine ran never changes a plan
(tests/engine/test_scc.py checks that both give the same partition).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from optimizer.engine.model import IntArray

PURE_PYTHON_WORK = 150_000
_work = 0  # nodes plus arcs searched by `tarjan` in this process so far


def strong_components(n: int, tails: IntArray, heads: IntArray) -> IntArray:
    """(n,) component label of each node of the graph with arcs tails[k] -> heads[k].

    Two nodes have the same label exactly when each reaches the other. Labels are
    arbitrary integers (compare them, don't read them). Arcs may repeat.
    """
    tails = np.asarray(tails, dtype=np.int64)
    heads = np.asarray(heads, dtype=np.int64)
    order = np.lexsort((heads, tails))
    tails, heads = tails[order], heads[order]
    # Repeated arcs are dropped (strong_components_csr).
    single = np.ones(len(tails), dtype=bool)
    single[1:] = (tails[1:] != tails[:-1]) | (heads[1:] != heads[:-1])
    return strong_components_csr(n, offsets(n, tails[single]), heads[single])


def offsets(n: int, sorted_tails: IntArray) -> IntArray:
    """(n + 1,) where each node's arcs start among arcs sorted by tail (CSR row pointers)."""
    first = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(sorted_tails, minlength=n), out=first[1:])
    return first


def strong_components_csr(n: int, first: IntArray, adjacent: IntArray) -> IntArray:
    """`strong_components` of the graph whose arcs out of node v are v -> adjacent[i] for
    first[v] <= i < first[v + 1] (CSR form: arcs sorted by tail; heads in any order
    within a tail). No arc may appear twice: scipy's routine (1.17.1) did not return
    within 10 s on a repeated arc (3 nodes, arcs 0->1, 0->1, 1->2, 2->0), so callers
    drop repeats.
    """
    global _work
    work = n + len(adjacent)
    if _work + work <= PURE_PYTHON_WORK and "scipy.sparse.csgraph" not in sys.modules:
        _work += work
        return _tarjan_csr(n, first.tolist(), adjacent.tolist())
    index = np.int32 if n < 2**31 and len(adjacent) < 2**31 else np.int64
    indices, indptr = np.asarray(adjacent, dtype=index), np.asarray(first, dtype=index)
    if index is np.int32 and _direct_routine() is not None:
        label32 = np.empty(n, dtype=np.int32)
        _direct_routine()(indices, indptr, label32)  # type: ignore[misc]
        return label32.astype(np.int64)
    return _public_routine(n, indices, indptr)


def _public_routine(n: int, indices: npt.NDArray[Any], indptr: npt.NDArray[Any]
                    ) -> IntArray:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    # Built as CSR directly: scipy's COO -> CSR conversion sorts every row (a third of
    # level 2b's time at national scale), which the search does not need.
    graph = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(n, n))
    _, label = connected_components(graph, directed=True, connection="strong")
    return np.asarray(label, dtype=np.int64)


_direct: list[Callable[..., object] | None] = []  # [routine or None] once looked up


def _direct_routine() -> Callable[..., object] | None:
    """The compiled routine behind scipy's `connected_components(directed=True,
    connection="strong")`, called on int32 CSR arrays without building a csr_matrix
    and validating it (about half of each search's time on a part of a national
    network: 0.28 ms against 0.12 ms on 600 nodes and 7,000 arcs). It is private to
    scipy, so it is used only if importing it works and it gives the public routine's
    partition on a hand graph; else every search takes the public path."""
    if not _direct:
        routine: Callable[..., object] | None = None
        try:
            from scipy.sparse.csgraph._traversal import (
                _connected_components_directed as candidate,
            )
            # 0 -> 1 -> 2 -> 0 and 2 -> 3 -> 4 -> 3; 5 -> 5: three components.
            indptr = np.array([0, 1, 2, 4, 5, 6, 7], dtype=np.int32)
            indices = np.array([1, 2, 0, 3, 4, 3, 5], dtype=np.int32)
            label = np.empty(6, dtype=np.int32)
            candidate(indices, indptr, label)
            public = _public_routine(6, indices, indptr)
            if (len(set(zip(label.tolist(), public.tolist(), strict=True)))
                    == len(set(public.tolist())) == len(set(label.tolist())) == 3):
                routine = candidate
        except Exception:  # any failure: the public routine serves
            routine = None
        _direct.append(routine)
    return _direct[0]


def tarjan(n: int, tails: IntArray, heads: IntArray) -> IntArray:
    """Tarjan's algorithm (Tarjan 1972, "Depth-first search and linear graph
    algorithms", SIAM J. Comput. 1(2)), iterative so that no recursion limit applies:
    O(n + arcs) time. Same contract as `strong_components`."""
    order = np.argsort(tails, kind="stable")
    return _tarjan_csr(n, offsets(n, np.asarray(tails, dtype=np.int64)[order]).tolist(),
                       np.asarray(heads)[order].tolist())


def _tarjan_csr(n: int, first: list[int], adjacent: list[int]) -> IntArray:
    """`tarjan` on the graph in CSR form (`strong_components_csr`)."""
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    label = [-1] * n
    stack: list[int] = []
    visited = components = 0
    for root in range(n):
        if index[root] >= 0:
            continue
        index[root] = low[root] = visited
        visited += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, first[root])]  # (node, next arc to look at)
        while work:
            v, i = work[-1]
            end = first[v + 1]
            descended = False
            while i < end:
                w = adjacent[i]
                i += 1
                if index[w] < 0:
                    work[-1] = (v, i)
                    index[w] = low[w] = visited
                    visited += 1
                    stack.append(w)
                    on_stack[w] = True
                    work.append((w, first[w]))
                    descended = True
                    break
                if on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
            if descended:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[v] < low[parent]:
                    low[parent] = low[v]
            if low[v] == index[v]:
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    label[w] = components
                    if w == v:
                        break
                components += 1
    return np.asarray(label, dtype=np.int64)
