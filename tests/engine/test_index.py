"""The network's parts (union-find) and the allowed pairs (grid index) against brute force."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from optimizer.engine.decompose import connected_parts
from optimizer.engine.geometry import (
    EARTH_RADIUS_KM,
    allowed_pairs,
    great_circle_km,
    near_pairs,
    sorted_unique,
)

NO_TABLE = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))


def test_parts_of_a_small_graph() -> None:
    # Edges 0-3, 3-1 and 4-5; node 2 alone. Parts by lowest node: {0,1,3}=0, {2}=1, {4,5}=2.
    count, part = connected_parts(6, np.array([0, 3, 4]), np.array([3, 1, 5]))
    assert count == 3
    assert part.tolist() == [0, 0, 1, 0, 2, 2]


def test_parts_of_a_long_chain() -> None:
    # A path 999-998-...-0 given from the high end: many hooking rounds, one part.
    n = 1000
    count, part = connected_parts(n, np.arange(n - 1, 0, -1), np.arange(n - 2, -1, -1))
    assert count == 1
    assert not part.any()


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                         max_size=3 * n))))
def test_parts_equal_scipy(graph: tuple[int, list[tuple[int, int]]]) -> None:
    n, edges = graph
    tails = np.array([e[0] for e in edges], dtype=np.int64)
    heads = np.array([e[1] for e in edges], dtype=np.int64)
    count, part = connected_parts(n, tails, heads)
    matrix = coo_matrix((np.ones(len(edges) + n), (np.r_[tails, np.arange(n)],
                                                   np.r_[heads, np.arange(n)])), shape=(n, n))
    want_count, want = connected_components(matrix, directed=False)
    assert count == want_count
    assert part.tolist() == want.tolist()  # same numbering too (by lowest node)


def _dense_pairs(area_xy: np.ndarray, site_xy: np.ndarray, area_district: np.ndarray,
                 site_district: np.ndarray, limit: float, road_factor: float) -> set[tuple[int,
                                                                                          int]]:
    """model.md's rule over every area x site: km to the metre <= limit, or same district."""
    out = set()
    for a in range(len(area_xy)):
        for s in range(len(site_xy)):
            km = round(road_factor * float(great_circle_km(area_xy[a, 0], area_xy[a, 1],
                                                           site_xy[s, 0], site_xy[s, 1])), 3)
            if km <= round(limit, 3) or area_district[a] == site_district[s]:
                out.add((a, s))
    return out


coords = st.tuples(st.floats(-89.0, 89.0), st.floats(-180.0, 180.0))


@settings(max_examples=150, deadline=None)
@given(st.lists(coords, min_size=0, max_size=25), st.lists(coords, min_size=1, max_size=15),
       st.sampled_from([0.001, 0.3, 5.0, 30.0, 400.0, 1000.0]),
       st.floats(1.0, 3.0), st.floats(0.0, 2.0), st.integers(0, 2**31))
def test_pairs_equal_brute_force(areas: list[tuple[float, float]],
                                 sites: list[tuple[float, float]], limit: float,
                                 road_factor: float, spread: float, seed: int) -> None:
    # Points clustered around the first area (or site) at a random spread in degrees,
    # so that some pairs fall inside the limit and some outside.
    rng = np.random.default_rng(seed)
    centre = np.array(areas[0] if areas else sites[0])
    area_xy = np.array(areas, dtype=float).reshape(-1, 2)
    site_xy = np.array(sites, dtype=float).reshape(-1, 2)
    area_xy = np.clip(centre + (area_xy - centre) * spread * 1e-3
                      + rng.normal(0, spread, area_xy.shape), -90, 90)
    site_xy = np.clip(centre + rng.normal(0, spread, site_xy.shape), -90, 90)
    area_district = rng.integers(0, 4, len(area_xy))
    site_district = rng.integers(0, 4, len(site_xy))
    got = allowed_pairs(area_xy, site_xy, area_district, site_district, NO_TABLE, limit,
                        road_factor)
    want = _dense_pairs(area_xy, site_xy, area_district, site_district, limit, road_factor)
    assert set(zip(got.area.tolist(), got.site.tolist(), strict=True)) == want
    keys = got.area * max(1, len(site_xy)) + got.site
    assert (np.diff(keys) > 0).all()  # sorted by area then site, no repeats


def test_a_pair_at_the_limit_to_the_metre_is_kept() -> None:
    """Regression: the k-d tree used above 4M pairs searched the unrounded radius.

    Sites due north of an area at great-circle distances around 30 km / 1.3, so that
    km = 1.3 * d runs from 29.9990 to 30.0010 in 0.1 m steps. km rounded to the metre
    is <= 30.000 exactly for km < 30.0005: the ones at 30.0000-30.0004 were dropped.
    """
    limit, factor = 30.0, 1.3
    km = np.round(np.arange(29.999, 30.0010001, 0.0001), 4)
    d = km / factor
    site_xy = np.column_stack([np.degrees(d / EARTH_RADIUS_KM), np.zeros_like(d)])
    area_xy = np.zeros((1, 2))
    got = allowed_pairs(area_xy, site_xy, np.array([0]), np.arange(1, len(d) + 1),
                        NO_TABLE, limit, factor)
    kept = km[got.site]
    assert kept.max() >= 30.0004
    assert set(np.round(got.km, 3).tolist()) <= {29.999, 30.0}
    assert len(got.site) == int((np.round(factor * great_circle_km(
        0.0, 0.0, site_xy[:, 0], site_xy[:, 1]), 3) <= 30.0).sum())


def test_near_pairs_across_the_antimeridian() -> None:
    # Fiji-like: 179.99 E and 179.99 W are ~2.2 km apart at latitude -17.
    area_xy = np.array([[-17.0, 179.99]])
    site_xy = np.array([[-17.0, -179.99], [-17.0, 179.0]])
    area, site = near_pairs(area_xy, site_xy, 5.0)
    assert site.tolist() == [0]
    assert area.tolist() == [0]


def test_sorted_unique() -> None:
    values = np.array([5, 1, 5, 3, 1, 9], dtype=np.int64)
    for below in (None, 10, 2**31):
        got = sorted_unique(values, below=below)
        assert got.tolist() == [1, 3, 5, 9]
        assert got.dtype == np.int64
        assert sorted_unique(np.zeros(0, np.int64), below=below).tolist() == []
    # Sorted as int32 under a bound of 2**31 or as int64 above it: the same values,
    # the largest int32 included; ascending runs with repeats across them, and noise.
    rng = np.random.default_rng(4)
    keyed = np.concatenate([np.sort(rng.integers(0, 2**31, 500)) for _ in range(7)]
                           + [rng.integers(0, 2**31, 300), [2**31 - 1, 0, 2**31 - 1]])
    want = np.unique(keyed)
    assert np.array_equal(sorted_unique(keyed, below=2**31), want)
    assert np.array_equal(sorted_unique(keyed), want)
    big = keyed * 3 + 2**33
    assert np.array_equal(sorted_unique(big, below=3 * 2**31 + 2**33), np.unique(big))


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**31), st.sampled_from([1e-4, 0.05, 3.0, 60.0]),
       st.floats(-89.0, 89.0), st.floats(-180.0, 180.0))
def test_pair_km_is_great_circle_km_to_the_bit(seed: int, spread: float, lat: float,
                                               lon: float) -> None:
    # The pairs' km are computed in place (geometry._pair_km): each float must be the one
    # great_circle_km gives, as a last-bit difference can move a pair across the travel
    # limit once rounded to the metre.
    from optimizer.engine.geometry import _pair_km

    rng = np.random.default_rng(seed)
    area_xy = np.column_stack([np.clip(lat + rng.normal(0, spread, 30), -90, 90),
                               (lon + rng.normal(0, spread, 30) + 180) % 360 - 180])
    site_xy = np.column_stack([np.clip(lat + rng.normal(0, spread, 9), -90, 90),
                               (lon + rng.normal(0, spread, 9) + 180) % 360 - 180])
    area = rng.integers(0, 30, 200)
    site = rng.integers(0, 9, 200)
    want = great_circle_km(area_xy[area, 0], area_xy[area, 1], site_xy[site, 0],
                           site_xy[site, 1])
    assert _pair_km(area_xy, site_xy, area, site).tobytes() == want.tobytes()


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 60), st.integers(1, 40), st.sampled_from([0.3, 5.0, 30.0, 400.0]),
       st.floats(1.0, 3.0), st.floats(0.01, 3.0), st.integers(0, 2**31))
def test_dense_and_grid_candidates_give_the_same_pairs(
        n_areas: int, n_sites: int, limit: float, road_factor: float, spread: float,
        seed: int) -> None:
    """Small instances measure every combination, big ones go through the grid index
    (geometry.DENSE_CANDIDATES): the same pairs and the same km to the last bit, measured
    distances included."""
    import optimizer.engine.geometry as geometry

    rng = np.random.default_rng(seed)
    centre = rng.uniform([-60.0, -180.0], [60.0, 180.0])
    area_xy = centre + rng.normal(0, spread, (n_areas, 2))
    site_xy = centre + rng.normal(0, spread, (n_sites, 2))
    area_district = rng.integers(0, 3, n_areas)
    site_district = rng.integers(0, 3, n_sites)
    cells = rng.choice(n_areas * n_sites, size=rng.integers(0, n_areas * n_sites + 1),
                       replace=False)
    table = (cells // n_sites, cells % n_sites, np.round(rng.uniform(0, 60, len(cells)), 3))
    got = []
    for dense in (0, n_areas * n_sites):
        saved = geometry.DENSE_CANDIDATES
        geometry.DENSE_CANDIDATES = dense
        try:
            got.append(allowed_pairs(area_xy, site_xy, area_district, site_district, table,
                                     limit, road_factor))
        finally:
            geometry.DENSE_CANDIDATES = saved
    grid, dense_pairs = got
    assert grid.area.tolist() == dense_pairs.area.tolist()
    assert grid.site.tolist() == dense_pairs.site.tolist()
    assert grid.km.tobytes() == dense_pairs.km.tobytes()
    assert grid.measured == dense_pairs.measured


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.integers(1, 30), st.sampled_from([0.3, 5.0, 60.0, None]),
       st.floats(1.0, 3.0), st.integers(0, 2**31), st.booleans())
def test_every_pair_measured_takes_the_tables_km(n_areas: int, n_sites: int,
                                                  limit: float | None, road_factor: float,
                                                  seed: int, grid: bool) -> None:
    """A full distance matrix (as Palembang's): no pair's great-circle km is computed, so
    each kept pair's km must be the table's, every kept pair counted as measured, and
    the pairs those of model.md's rule over every combination with the table's km;
    through the grid index too. Rows of the table in any order."""
    import optimizer.engine.geometry as geometry

    rng = np.random.default_rng(seed)
    centre = rng.uniform([-60.0, -180.0], [60.0, 180.0])
    area_xy = centre + rng.normal(0, 0.3, (n_areas, 2))
    site_xy = centre + rng.normal(0, 0.3, (n_sites, 2))
    area_district = rng.integers(0, 3, n_areas)
    site_district = rng.integers(0, 3, n_sites)
    cells = rng.permutation(n_areas * n_sites)
    measured = rng.choice([0.0, 0.0004, 0.3, 5.0, 5.0005, 60.0, 250.0], size=len(cells))
    table = (cells // n_sites, cells % n_sites, measured)
    saved = geometry.DENSE_CANDIDATES
    geometry.DENSE_CANDIDATES = 0 if grid else saved
    try:
        got = allowed_pairs(area_xy, site_xy, area_district, site_district, table, limit,
                            road_factor)
    finally:
        geometry.DENSE_CANDIDATES = saved
    km = np.empty(len(cells))
    km[cells] = np.round(measured, 3)
    want = [(a, s) for a in range(n_areas) for s in range(n_sites)
            if limit is None or km[a * n_sites + s] <= round(limit, 3)
            or area_district[a] == site_district[s]]
    assert list(zip(got.area.tolist(), got.site.tolist(), strict=True)) == want
    assert got.km.tolist() == [km[a * n_sites + s] for a, s in want]
    assert got.measured == len(want)
