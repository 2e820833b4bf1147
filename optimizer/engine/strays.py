"""Kelurahan far from every other place of their own kecamatan: a coordinate typed a digit
wrong (-3.90802 for -3.00802) put a Palembang kelurahan 100 km from its kecamatan and
its residents 132 km from an office, in a plan said `optimal`.

`far_areas` finds them; the readers refuse those beyond the input's own scale
(optimizer/io/plausible.py, `_stray`), and the plan warns of the others (engine/codes.py,
AREA_FAR_IN_DISTRICT): a sparse rural input (places 80 km and more apart) may hold a
real one. Here, so that the engine need not import the readers.
"""

from __future__ import annotations

import numpy as np

from optimizer.engine.geometry import EARTH_RADIUS_KM, great_circle_km

# A kelurahan farther than STRAY_KM from every other place of its kecamatan is far; the
# readers refuse it when it is also farther than STRAY_SCALE times the input's median km
# from an area to its kecamatan's first place (the input's own scale).
STRAY_KM = 50.0
STRAY_SCALE = 10.0


def far_areas(xy: np.ndarray, group: np.ndarray, n_areas: int,
              ok: np.ndarray) -> tuple[list[tuple[int, float, int]], float]:
    """The areas far from every other place of their kecamatan, and the input's limit.

    `xy` (places, 2) lat, lon degrees: the areas (the first `n_areas` rows), then the
    offices; `group` (places,) each place's kecamatan index; `ok` (places,) bool: the
    places to judge and compare with (a point refused otherwise is neither). An area is
    judged when its kecamatan holds another such place. Returns (area row, great-circle
    km to the nearest other place of its kecamatan, that place's row), ascending, for
    every area beyond `STRAY_KM`; and the limit beyond which the readers refuse
    (`max(STRAY_KM, STRAY_SCALE x the median km from an area to its kecamatan's first
    place)`, or `STRAY_KM` when no area is judged).

    Each area's km to one place of its kecamatan (the first, or the second for the first
    itself) bounds its nearest from above: only the areas beyond `STRAY_KM` of it are
    searched, among their kecamatan's places.
    """
    placed = np.flatnonzero(ok)
    order = placed[np.argsort(group[placed], kind="stable")]
    keys = group[order]
    if not len(keys):
        return [], STRAY_KM
    starts = np.concatenate([[True], keys[1:] != keys[:-1]]).nonzero()[0]
    counts = np.concatenate([starts[1:], [len(keys)]]) - starts
    size = int(group.max()) + 1
    first = np.full(size, -1, dtype=np.intp)
    second = np.full(size, -1, dtype=np.intp)
    begin = np.zeros(size, dtype=np.intp)
    many = np.zeros(size, dtype=np.intp)
    first[keys[starts]] = order[starts]
    two = counts > 1
    second[keys[starts[two]]] = order[starts[two] + 1]
    begin[keys[starts]] = starts
    many[keys[starts]] = counts
    area_group = group[:n_areas]
    rows = np.flatnonzero(ok[:n_areas] & (second[area_group] >= 0))
    if not len(rows):
        return [], STRAY_KM
    anchor = np.where(first[area_group[rows]] == rows, second[area_group[rows]],
                      first[area_group[rows]])
    bound = great_circle_km(xy[rows, 0], xy[rows, 1], xy[anchor, 0], xy[anchor, 1])
    limit = max(STRAY_KM, STRAY_SCALE * median(bound))
    out = []
    for i in rows[bound > STRAY_KM].tolist():
        g = int(group[i])
        members = order[begin[g]:begin[g] + many[g]]
        members = members[members != i]
        near = great_circle_km(xy[i, 0], xy[i, 1], xy[members, 0], xy[members, 1])
        k = int(np.argmin(near))
        if near[k] > STRAY_KM:
            out.append((i, float(near[k]), int(members[k])))
    return out, limit


def span_km(xy: np.ndarray) -> float:
    """A great-circle km that no two of the points `xy` ((n, 2) lat, lon degrees) are
    farther apart than, from their bounding box alone (inf when it spans more than 180
    degrees of longitude, or there are no points).

    For two points |dlat| and |dlon| are at most the box's sides, and haversine's
    h = sin^2(dlat / 2) + cos(lat1) cos(lat2) sin^2(dlon / 2) is at most
    sin^2(side_lat / 2) + sin^2(side_lon / 2) (each sine squared grows up to 180
    degrees, the cosines are at most 1): km = 2 R asin(sqrt(h)) grows with h. A few
    numpy reductions, not a pass per pair or per kecamatan."""
    if not len(xy):
        return float("inf")
    # (a column at a time: numpy reduces an (n, 2) array over its rows ~20x slower)
    lat, lon = xy[:, 0], xy[:, 1]
    side_lat, side_lon = np.radians([lat.max() - lat.min(), lon.max() - lon.min()]).tolist()
    if side_lon > np.pi:
        return float("inf")
    h = min(1.0, np.sin(side_lat / 2) ** 2 + np.sin(side_lon / 2) ** 2)
    return float(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h)))


def group_spans_km(xy: np.ndarray, group: np.ndarray) -> np.ndarray:
    """`span_km` of each group's points at once: (groups,) float, group g's bound at
    index g (0 for a group without points; inf for one spanning more than 180 degrees of
    longitude). `group`: (n,) each point's group index."""
    size = int(group.max()) + 1 if len(group) else 0
    out = np.zeros(size, dtype=np.float64)
    if not size:
        return out
    order = np.argsort(group, kind="stable")
    keys = group[order]
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    sides = []
    for axis in (0, 1):
        values = xy[order, axis]
        sides.append(np.radians(np.maximum.reduceat(values, starts)
                                - np.minimum.reduceat(values, starts)))
    side_lat, side_lon = sides
    h = np.minimum(1.0, np.sin(side_lat / 2) ** 2 + np.sin(side_lon / 2) ** 2)
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h))
    out[keys[starts]] = np.where(side_lon > np.pi, np.inf, km)
    return out


def median(values: np.ndarray) -> float:
    """np.median of a 1-d float array, the same float, without importing numpy.ma: numpy's
    median loads it on its first call to check for NaN (~10-20 ms CPU of `blanko plan`,
    which calls this once). The middle value, or the mean of the middle two (numpy's
    mean of two: their sum halved); NaN when any value is NaN, as numpy's."""
    ordered = np.sort(np.asarray(values, dtype=np.float64), kind="quicksort")
    n = len(ordered)
    if n == 0 or np.isnan(ordered[-1]):  # sorting puts NaN last
        return float("nan")
    middle = n // 2
    if n % 2:
        return float(ordered[middle])
    return float((ordered[middle - 1] + ordered[middle]) / 2.0)
