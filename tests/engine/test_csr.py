"""optimizer.engine.csr: numpy's and scipy's searches and groupings agree with a plain
breadth-first search and a stable sort, whichever path runs (a plan never depends on
it), deep graphs included (the level scan turns to a CSR search after SCAN_WORK times the arcs)."""

from __future__ import annotations

from collections import deque
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.engine import csr, shadow
from optimizer.engine.limits import _NONE, _nearest
from optimizer.engine.shadow import _distances_to


def _reference_reach(n: int, tails: list[int], heads: list[int], seeds: list[int]) -> list[bool]:
    out: list[list[int]] = [[] for _ in range(n)]
    for t, h in zip(tails, heads, strict=True):
        out[t].append(h)
    seen = [False] * n
    queue = deque(seeds)
    for s in seeds:
        seen[s] = True
    while queue:
        v = queue.popleft()
        for w in out[v]:
            if not seen[w]:
                seen[w] = True
                queue.append(w)
    return seen


def _reference_nearest(n: int, tails: list[int], heads: list[int], seeds: list[int],
                       kinds: list[int], delays: list[int]) -> list[int]:
    """Per node the least kind among the seeds at the least distance (seed's delay plus
    arcs), `_NONE` where no seed reaches it."""
    best = [(10**9, _NONE)] * n
    out: list[list[int]] = [[] for _ in range(n)]
    for t, h in zip(tails, heads, strict=True):
        out[t].append(h)
    for s, k, d in zip(seeds, kinds, delays, strict=True):
        dist = [-1] * n
        dist[s] = d
        queue = deque([s])
        while queue:
            v = queue.popleft()
            for w in out[v]:
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    queue.append(w)
        for v in range(n):
            if dist[v] >= 0 and (dist[v], k) < best[v]:
                best[v] = (dist[v], k)
    return [k for _, k in best]


Graph = tuple[int, list[tuple[int, int]], list[int]]  # nodes, arcs, seeds
graphs = st.integers(1, 60).flatmap(lambda n: st.tuples(
    st.just(n),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=4 * n),
    st.lists(st.integers(0, n - 1), min_size=1, max_size=5)))


def _path(n: int) -> tuple[np.ndarray, np.ndarray]:
    """0 -> 1 -> ... -> n - 1 and some arcs back: a search of it scans far more than
    SCAN_WORK times its arcs."""
    tails = np.concatenate([np.arange(n - 1), np.arange(5, n, 7)])
    heads = np.concatenate([np.arange(1, n), np.arange(5, n, 7) // 2])
    return tails, heads


@settings(max_examples=200, deadline=None)
@given(graphs)
def test_reach_is_a_breadth_first_search_on_either_path(graph: Graph) -> None:
    n, arcs, seeds = graph
    tails = np.array([a for a, _ in arcs], dtype=np.int64)
    heads = np.array([b for _, b in arcs], dtype=np.int64)
    expected = _reference_reach(n, tails.tolist(), heads.tolist(), seeds)
    for fast in (False, True):
        got = csr.reach(n, tails, heads, np.array(seeds), fast=fast)
        assert got.tolist() == expected


@settings(max_examples=200, deadline=None)
@given(graphs, st.data())
def test_grouped_arcs_searched_by_scipy_reach_what_a_breadth_first_search_does(
        graph: Graph, data: st.DataObject) -> None:
    """csr.group (int32 by scipy's routine; int64 arcs by numpy's sort) keeps each
    node's arcs with their data, and csr.reach_grouped from one node finds what a plain
    search does, on int32 arrays (scipy's private routine) and int64 ones (its public
    search)."""
    n, arcs, seeds = graph
    rooms = data.draw(st.lists(st.integers(0, 2**40), min_size=len(arcs), max_size=len(arcs)))
    room = np.array(rooms, dtype=np.int64)
    expected_rows = [sorted((b, r) for (a, b), r in zip(arcs, rooms, strict=True) if a == v)
                     for v in range(n)]
    for index in (np.int32, np.int64):
        tails = np.array([a for a, _ in arcs], dtype=index)
        heads = np.array([b for _, b in arcs], dtype=index)
        grouped = csr.group(n, tails, heads, room)
        assert grouped.adjacent.dtype == index
        first = grouped.first.tolist()
        assert [sorted(zip(grouped.adjacent[first[v]:first[v + 1]].tolist(),
                           grouped.data[first[v]:first[v + 1]].tolist(), strict=True))
                for v in range(n)] == expected_rows
        assert csr.reach_grouped(n, grouped.first, grouped.adjacent, seeds[0]).tolist() == \
            _reference_reach(n, tails.tolist(), heads.tolist(), seeds[:1])


def test_a_deep_graph_is_searched_past_the_scan_levels() -> None:
    n = 500
    tails, heads = _path(n)
    seeds = np.array([3])
    expected = _reference_reach(n, tails.tolist(), heads.tolist(), [3])
    assert expected[n - 1]  # hundreds of levels away
    for fast in (False, True):
        assert csr.reach(n, tails, heads, seeds, fast=fast).tolist() == expected


@settings(max_examples=200, deadline=None)
@given(graphs, st.data())
def test_nearest_kind_is_the_least_kind_at_the_least_distance(graph: Graph,
                                                               data: st.DataObject) -> None:
    n, arcs, seeds = graph
    kinds = data.draw(st.lists(st.integers(0, _NONE - 1), min_size=len(seeds),
                               max_size=len(seeds)))
    delays = data.draw(st.lists(st.integers(0, 1), min_size=len(seeds), max_size=len(seeds)))
    tails = [a for a, _ in arcs]
    heads = [b for _, b in arcs]
    expected = _reference_nearest(n, tails, heads, seeds, kinds, delays)
    for fast in (False, True):
        got = _nearest(n, np.array(tails, dtype=np.int64), np.array(heads, dtype=np.int64),
                       np.array(seeds, dtype=np.int64), np.array(kinds, dtype=np.int64),
                       np.array(delays, dtype=np.int64), fast=fast)
        assert got.tolist() == expected


@settings(max_examples=200, deadline=None)
@given(graphs, st.integers(0, _NONE - 1), st.data())
def test_nearest_of_one_kind_is_that_kind_where_reached(graph: Graph, kind: int,
                                                       data: st.DataObject) -> None:
    """Seeds of one kind (limits.py's common case: CENTRAL alone) take a single search
    for what they reach, with the arcs grouped by tail (`graph`) or not, on either
    path: the same labels as the least-distance reference."""
    n, arcs, seeds = graph
    delays = data.draw(st.lists(st.integers(0, 1), min_size=len(seeds), max_size=len(seeds)))
    tails = np.array([a for a, _ in arcs], dtype=np.int64)
    heads = np.array([b for _, b in arcs], dtype=np.int64)
    expected = _reference_nearest(n, tails.tolist(), heads.tolist(), seeds,
                                  [kind] * len(seeds), delays)
    assert set(expected) <= {kind, _NONE}
    for fast in (False, True):
        for grouped in (None, csr.by_tail(n, tails, heads, fast=fast)):
            got = _nearest(n, tails, heads, np.array(seeds, dtype=np.int64),
                           np.full(len(seeds), kind, dtype=np.int64),
                           np.array(delays, dtype=np.int64), fast=fast, graph=grouped)
            assert got.tolist() == expected


def test_nearest_on_a_deep_graph() -> None:
    n = 300
    tails, heads = _path(n)
    seeds, kinds, delays = [0, 150, 151], [3, 1, 0], [0, 1, 0]
    expected = _reference_nearest(n, tails.tolist(), heads.tolist(), seeds, kinds, delays)
    for fast in (False, True):
        got = _nearest(n, tails, heads, np.array(seeds), np.array(kinds), np.array(delays),
                       fast=fast)
        assert got.tolist() == expected


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([1, 7, 1 << 16, (1 << 16) + 1, 1 << 20, (1 << 32) + 5]),
       st.lists(st.integers(0, 10**6), max_size=300))
def test_grouping_by_tail_is_a_stable_sort(n: int, raw: list[int]) -> None:
    keys = np.array([k % n for k in raw], dtype=np.int64)
    assert csr.stable_order(n, keys).tolist() == np.argsort(keys, kind="stable").tolist()
    if n <= 1 << 20:
        heads = np.arange(len(keys), dtype=np.int64)
        for fast in (False, True):
            graph = csr.by_tail(n, keys, heads, fast=fast)
            assert graph.order.tolist() == np.argsort(keys, kind="stable").tolist()
            assert graph.first.tolist() == [0, *np.cumsum(np.bincount(keys, minlength=n))]
            assert graph.adjacent.tolist() == heads[graph.order].tolist()


@settings(max_examples=200, deadline=None)
@given(graphs, st.data())
def test_shortest_distances_are_the_same_on_either_path(graph: Graph,
                                                        data: st.DataObject) -> None:
    # Costs w + p(tail) - p(head) with w >= 0: negative arcs, no negative cycle.
    n, arcs, seeds = graph
    p = data.draw(st.lists(st.integers(-50, 50), min_size=n, max_size=n))
    w = data.draw(st.lists(st.integers(0, 30), min_size=len(arcs), max_size=len(arcs)))
    tails = np.array([a for a, _ in arcs], dtype=np.int64)
    heads = np.array([b for _, b in arcs], dtype=np.int64)
    costs = np.array([wk + p[a] - p[b] for wk, (a, b) in zip(w, arcs, strict=True)],
                     dtype=np.float64)
    targets = tuple(sorted(set(seeds)))[:2]
    expected = np.full((len(targets), n), np.inf)
    for i, target in enumerate(targets):  # Bellman-Ford, one arc at a time
        expected[i, target] = 0.0
        for _ in range(n):
            for a, b, c in zip(tails.tolist(), heads.tolist(), costs.tolist(), strict=True):
                expected[i, a] = min(expected[i, a], c + expected[i, b])
    for fast in (False, True, None):  # None: a small graph's rows stacked (STACKED_ARCS)
        assert np.array_equal(_distances_to(n, tails, heads, costs, targets, fast=fast),
                              expected)
    # Started from costs of paths (here: any bounds above the distances) the passes end
    # at the same distances.
    above = np.array(data.draw(st.lists(st.integers(0, 40), min_size=n, max_size=n)))
    kept = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    start = np.where(kept, expected + above, np.inf)
    start[np.arange(len(targets)), list(targets)] = 0.0
    for fast in (False, True, None):
        assert np.array_equal(_distances_to(n, tails, heads, costs, targets, fast=fast,
                                            start=start.copy()), expected)
    # A pass's arcs relaxed in pieces (shadow.PASS_PIECE) give the same distances, and
    # so do integer costs (the shadow prices' metres).
    for piece in (1, 3):
        with mock.patch.object(shadow, "PASS_PIECE", piece):
            for fast in (False, True):
                assert np.array_equal(_distances_to(n, tails, heads, costs.astype(np.int64),
                                                    targets, fast=fast), expected)


def test_scipys_public_search_serves_where_its_private_routine_does_not(
        monkeypatch: pytest.MonkeyPatch) -> None:
    n = 300
    tails, heads = _path(n)
    expected = _reference_reach(n, tails.tolist(), heads.tolist(), [3, 200])
    assert csr._bfs_routine() is not None  # scipy 1.17's, checked on a hand graph
    monkeypatch.setattr(csr, "_bfs", [None])
    assert csr.reach(n, tails, heads, np.array([3, 200]), fast=True).tolist() == expected
    assert csr.reach(n, tails, heads, np.array([3]), fast=True).tolist() == _reference_reach(
        n, tails.tolist(), heads.tolist(), [3])
