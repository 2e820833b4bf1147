"""Distances and who may be served where (model.md, "Who may be served where").

Area `a` may be served at site `s` when `distance(a, s) <= max_travel_km`, or when
`s` is in `a`'s own district. A distance is the instance's measured one where
given, else the great-circle distance times the road factor.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088
# Without a travel limit every pair is allowed; above this many the instance is refused
# (network.compile_network) rather than a dense matrix built.
DENSE_PAIR_LIMIT = 4_000_000
# Up to this many area x site combinations the candidate pairs are all of them: their
# great-circle km, measured in one pass, cost less than binning the points in a grid
# (`near_pairs`; Palembang's 107 x 19: 0.22 against 0.54 ms CPU, loaded machine), which
# wins from about 6,000 (random city-like points, 8 km: 0.76 ms either way at 6,250).
DENSE_CANDIDATES = 5_000
# Half a metre: a distance is rounded to the metre before it is compared with the limit.
_ROUNDING_KM = 0.0005

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class Pairs(NamedTuple):
    """The allowed (area, site) pairs, sorted by area then site."""

    area: IntArray
    site: IntArray
    km: FloatArray
    measured: int  # how many of them use a distance from the instance's table


def great_circle_km(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray,
                    lon2: FloatArray) -> FloatArray:
    """Haversine distance in km; arrays broadcast."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2) - np.radians(lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def _pair_km(area_xy: FloatArray, site_xy: FloatArray, area: IntArray,
             site: IntArray) -> FloatArray:
    """great_circle_km(area_xy[area, 0], area_xy[area, 1], site_xy[site, 0],
    site_xy[site, 1]), the same floats: each point's radians and cosine are taken once
    and gathered, not once per pair, and each step runs in place on the pairs' arrays
    (the same operations in the same order, elementwise, so each value is the same:
    ~40% fewer passes over memory than a new array a step)."""
    a_lat, a_lon = np.radians(area_xy[:, 0]), np.radians(area_xy[:, 1])
    s_lat, s_lon = np.radians(site_xy[:, 0]), np.radians(site_xy[:, 1])
    h = s_lat[site]
    h -= a_lat[area]                      # dp
    h /= 2
    np.sin(h, out=h)
    np.square(h, out=h)                   # sin(dp / 2) ** 2
    dl = s_lon[site]
    dl -= a_lon[area]
    dl /= 2
    np.sin(dl, out=dl)
    np.square(dl, out=dl)                 # sin(dl / 2) ** 2
    term = np.cos(a_lat)[area]
    term *= np.cos(s_lat)[site]
    term *= dl                            # cos(p1) * cos(p2) * sin(dl / 2) ** 2
    h += term
    np.clip(h, 0.0, 1.0, out=h)
    np.sqrt(h, out=h)
    np.arcsin(h, out=h)
    h *= 2 * EARTH_RADIUS_KM
    return h


def allowed_pairs(area_xy: FloatArray, site_xy: FloatArray, area_district: IntArray,
                  site_district: IntArray, table: tuple[IntArray, IntArray, FloatArray],
                  max_travel_km: float | None, road_factor: float) -> Pairs:
    """Every allowed pair with its km.

    `area_xy` and `site_xy` are (n, 2) arrays of (lat, lon) in degrees; `table` holds
    measured distances as (area index, site index, km) arrays.
    """
    n_areas, n_sites = len(area_xy), len(site_xy)
    dense = max_travel_km is None or n_areas * n_sites <= DENSE_CANDIDATES
    if max_travel_km is None or n_areas * n_sites <= DENSE_CANDIDATES:
        # Every combination: measuring them all costs less than an index at this size.
        area = np.repeat(np.arange(n_areas, dtype=np.int64), n_sites)
        site = np.tile(np.arange(n_sites, dtype=np.int64), n_areas)
    else:
        # Candidates: a superset of the pairs the filter below keeps.
        radius_km = (round(max_travel_km, 3) + _ROUNDING_KM) / road_factor
        area, site = _candidates(area_xy, site_xy, area_district, site_district, table,
                                 radius_km)
    t_area, t_site, t_km = table
    if len(t_km):
        # Where the table's pairs are among the candidates: a pair's key area * n_sites +
        # site is its own position when every combination is a candidate.
        t_key = t_area * n_sites + t_site
        if dense:
            pos = t_key
        else:
            key = area * n_sites + site
            pos = np.minimum(np.searchsorted(key, t_key), len(key) - 1)
            found = key[pos] == t_key
            pos, t_km = pos[found], t_km[found]
        from_table = np.zeros(len(area), dtype=bool)
        from_table[pos] = True
        if from_table.all():
            # Every candidate measured (a full distance matrix, as Palembang's): no pair
            # needs its great-circle km.
            km = np.empty(len(area), dtype=np.float64)
        else:
            km = _pair_km(area_xy, site_xy, area, site)
            km *= road_factor
        km[pos] = t_km
    else:
        from_table = None
        km = _pair_km(area_xy, site_xy, area, site)
        km *= road_factor
    # Plans report km to the metre; distances and the limit are compared to the metre.
    km = np.round(km, 3)
    keep = area_district[area] == site_district[site]
    if max_travel_km is not None:
        keep |= km <= np.round(max_travel_km, 3)
    else:
        keep[:] = True
    return Pairs(area=area[keep].astype(np.int64, copy=False),
                 site=site[keep].astype(np.int64, copy=False),
                 km=km[keep], measured=0 if from_table is None else int(from_table[keep].sum()))


def _candidates(area_xy: FloatArray, site_xy: FloatArray, area_district: IntArray,
                site_district: IntArray, table: tuple[IntArray, IntArray, FloatArray],
                radius_km: float) -> tuple[IntArray, IntArray]:
    """Pairs within `radius_km` great-circle, in the same district, or in the table.

    Sorted by area then site, without repeats. The pairs within the radius come
    from `near_pairs` (a grid index), never from all areas x sites.
    """
    n_sites = len(site_xy)
    near_area, near_site = near_pairs(area_xy, site_xy, radius_km)
    order = np.argsort(site_district, kind="stable")
    bounds = np.searchsorted(site_district[order], area_district, side="left"), \
        np.searchsorted(site_district[order], area_district, side="right")
    counts = bounds[1] - bounds[0]
    same_area = np.repeat(np.arange(len(area_xy)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    same_site = order[np.repeat(bounds[0], counts) + offsets]
    keys = np.concatenate([near_area * n_sites + near_site,
                           same_area * n_sites + same_site,
                           table[0] * n_sites + table[1]])
    keys = sorted_unique(keys, below=len(area_xy) * n_sites)
    area, site = np.divmod(keys, n_sites)
    return area, site


def sorted_unique(values: IntArray, *, below: int | None = None) -> IntArray:
    """np.unique(values) by one sort.

    numpy 2's np.unique hashes (0.9 s on 2.2 million national keys, against 0.06 s
    to sort) and imports numpy.ma on first call (~20 ms of a command's start-up).
    numpy's default sort (its SIMD quicksort on x86 with AVX2 or AVX-512) beats its
    stable one (timsort for int64) even on keys that come in ascending runs, as the
    candidate pairs' do: synthetic province's 36,600 keys 0.11 against 0.27 ms,
    national's 1.07 million 5.9 against 13 ms (CPU, the benchmark machine, numpy 2.4).
    `below`: a bound above every value (all >= 0) when known; under 2**31 the values
    are sorted as int32, half the bytes (province 0.06 ms, national 3.3 ms), and
    returned as int64. Equal integers are alike: the same values whatever the sort.
    """
    if below is not None and below <= 2**31 and len(values):
        values = np.sort(values.astype(np.int32))
    else:
        values = np.sort(values)
    if len(values) == 0:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep].astype(np.int64, copy=False)


def near_pairs(area_xy: FloatArray, site_xy: FloatArray,
               radius_km: float) -> tuple[IntArray, IntArray]:
    """Every (area, site) at most `radius_km` apart great-circle, and possibly a few more.

    `area_xy`, `site_xy`: (n, 2) arrays of (lat, lon) in degrees. Returns two int64
    arrays of equal length (not sorted). A grid index: points become unit vectors,
    whose straight-line (chord) distance grows with the great-circle one; sites are
    binned in cubes with an edge of the chord of `radius_km`, and each area is
    matched with the sites in the 27 cubes around its own, then kept when their chord
    is within the radius (with a relative slack of 1e-6, so that rounding never drops
    a pair; the caller measures and filters the exact distance). Memory and time grow
    with areas + sites + candidates, not areas x sites; works at any latitude and
    across the antimeridian.
    """
    empty = np.zeros(0, dtype=np.int64)
    if len(area_xy) == 0 or len(site_xy) == 0:
        return empty, empty
    chord = 2.0 * np.sin(min(radius_km / EARTH_RADIUS_KM, np.pi) / 2.0) * (1.0 + 1e-6) + 1e-12
    edge = max(chord, 1e-6)  # cube edge; at least ~6 m, so that cube numbers fit in int64
    a_vec, s_vec = _unit_components(area_xy), _unit_components(site_xy)
    per_axis = int(np.ceil(2.0 / edge)) + 3            # cubes along one axis, with margin
    weights = np.array([per_axis * per_axis, per_axis, 1], dtype=np.int64)
    a_key, s_key = _cube_keys(a_vec, edge, weights), _cube_keys(s_vec, edge, weights)
    by_cube = np.argsort(s_key, kind="stable")
    sorted_keys = s_key[by_cube]
    steps = _NEIGHBOURS @ weights
    # The sites of the 27 cubes around each cube holding areas, listed once per such cube
    # (`listed`, cube after cube), then each area's candidates are its cube's list.
    a_order = np.argsort(a_key, kind="stable")
    a_sorted = a_key[a_order]
    head = np.ones(len(a_sorted), dtype=bool)
    np.not_equal(a_sorted[1:], a_sorted[:-1], out=head[1:])
    starts = np.flatnonzero(head)
    wanted = a_sorted[starts][:, None] + steps[None, :]       # (cubes, 27) cube keys
    first = np.searchsorted(sorted_keys, wanted, side="left")
    found = np.searchsorted(sorted_keys, wanted, side="right") - first
    listed = by_cube[_ranges(first.ravel(), found.ravel())]
    per_cube = found.sum(axis=1)
    cube = np.repeat(np.arange(len(starts)), np.diff(starts, append=len(a_key)))
    counts = per_cube[cube]                                     # per area, in a_order
    area = np.repeat(a_order.astype(np.int64), counts)
    site = listed[_ranges((np.cumsum(per_cube) - per_cube)[cube], counts)].astype(np.int64)
    # dx * dx + dy * dy + dz * dz, the same sums in the same order, in place.
    squared = np.zeros(len(area), dtype=np.float64)
    for a_c, s_c in zip(a_vec, s_vec, strict=True):
        d = a_c[area]
        d -= s_c[site]
        d *= d
        squared += d
    close = squared <= chord * chord
    return area[close], site[close]


# The 27 cubes around a cube (itself included), as steps along the three axes.
_NEIGHBOURS = np.array([(i, j, k) for i in (-1, 0, 1) for j in (-1, 0, 1) for k in (-1, 0, 1)],
                       dtype=np.int64)


def _ranges(start: IntArray, count: IntArray) -> IntArray:
    """start[0], start[0] + 1, ..., start[0] + count[0] - 1, start[1], ...: the ranges
    concatenated."""
    ends = np.cumsum(count)
    first: IntArray = np.repeat(start - (ends - count), count)
    return np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64) + first


def _unit_components(xy: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The points' unit vectors as three contiguous arrays x, y, z: cos(lat) cos(lon),
    cos(lat) sin(lon), sin(lat), each the same float as in an (n, 3) array of them, with
    no (n, 3) array stacked and copied back out by column."""
    lat, lon = np.radians(xy[:, 0]), np.radians(xy[:, 1])
    cos_lat = np.cos(lat)
    return cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)


def _cube_keys(vec: tuple[FloatArray, FloatArray, FloatArray], edge: float,
               weights: IntArray) -> IntArray:
    """Each point's cube number: sum over the axes of (floor((v + 1) / edge) + 1) times the
    axis's weight (int64, exact: the same number in any order of the sum)."""
    key = np.zeros(len(vec[0]), dtype=np.int64)
    for v, w in zip(vec, weights.tolist(), strict=True):
        cell = np.floor((v + 1.0) / edge).astype(np.int64)
        cell += 1
        cell *= w
        key += cell
    return key
