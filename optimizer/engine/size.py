"""How big a model an instance makes, found before building it (model.md, "Who may be
served where").

A service must refuse an instance too big for it before it spends the memory. The
size that matters is the number of allowed area-site pairs (one flow arc each per
tier): every pair when `max_travel_km` is unset, else the pairs within the limit or in
the same district. Counting them exactly means building them, which is what we want
to avoid for a huge instance; so bounds come first from k-d tree counts (no pair is
materialised), and the pairs are built only when the bounds straddle the limit.
"""

from __future__ import annotations

import numpy as np

from optimizer.engine.geometry import EARTH_RADIUS_KM, allowed_pairs
from optimizer.schema import Instance, Policy

# The pair test rounds km to the metre (geometry.allowed_pairs): widen and narrow the
# great-circle radius by more than that, so the bracket holds.
_ROUNDING_KM = 0.001


def allowed_pair_count(instance: Instance, policy: Policy, limit: int) -> int:
    """The number of allowed (area, site) pairs under `policy`, or a bound on the same
    side of `limit`.

    Over `limit`, the value is a lower bound that is itself over it (enough to refuse
    the instance and to say "at least"); at most `limit`, an upper bound that is itself
    at most `limit` (exact when the instance has at most `limit` area-site combinations
    or when the bounds straddle the limit). Without max_travel_km every pair is allowed:
    areas x sites, exactly. Time and memory stay proportional to the sites and areas
    plus a few times `limit` pairs, whatever the travel limit. Raises nothing for a valid
    instance.
    """
    n_areas, n_sites = len(instance.areas), len(instance.sites)
    if policy.max_travel_km is None:
        return n_areas * n_sites
    sites = sorted(instance.sites, key=lambda s: s.site_id)
    areas = sorted(instance.areas, key=lambda a: a.area_id)
    districts = {d: i for i, d in enumerate(sorted(instance.district_ids))}
    site_district = np.array([districts[s.district_id] for s in sites], dtype=np.int64)
    area_district = np.array([districts[a.district_id] for a in areas], dtype=np.int64)
    site_xy = np.array([(s.lat, s.lon) for s in sites], dtype=np.float64).reshape(-1, 2)
    area_xy = np.array([(a.lat, a.lon) for a in areas], dtype=np.float64).reshape(-1, 2)
    if n_areas * n_sites > limit:
        low, high = _bounds(area_xy, site_xy, area_district, site_district, len(districts),
                            len(instance.distances), policy.max_travel_km / policy.road_factor,
                            _ROUNDING_KM / policy.road_factor)
        if low > limit:
            return low
        if high <= limit:
            return high
    site_index = {s.site_id: i for i, s in enumerate(sites)}
    area_index = {a.area_id: i for i, a in enumerate(areas)}
    table = (np.array([area_index[d.area_id] for d in instance.distances], dtype=np.int64),
             np.array([site_index[d.site_id] for d in instance.distances], dtype=np.int64),
             np.array([d.km for d in instance.distances], dtype=np.float64))
    pairs = allowed_pairs(area_xy, site_xy, area_district, site_district, table,
                          policy.max_travel_km, policy.road_factor)
    return len(pairs.area)


def _bounds(area_xy: np.ndarray, site_xy: np.ndarray, area_district: np.ndarray,
            site_district: np.ndarray, n_districts: int, measured: int, radius_km: float,
            slack_km: float) -> tuple[int, int]:
    """(low, high): bounds on the allowed pairs, from counts alone.

    A pair is allowed when in the same district, or when its km (the measured one if
    the instance has it, else road_factor x great-circle) is within the limit. So with
    S the same-district pairs, W(r) the pairs within great-circle r and M the measured
    distances (each may move one pair in or out): low = max(S, W(r - slack) - M) and
    high = W(r + slack) + S + M. When low <= limit < high, high is under
    2 x (limit + M) plus the pairs within the rounding slack: building them stays cheap.
    """
    from scipy.spatial import cKDTree

    same = int(np.dot(np.bincount(area_district, minlength=n_districts),
                      np.bincount(site_district, minlength=n_districts)))
    area_tree, site_tree = cKDTree(_unit_vectors(area_xy)), cKDTree(_unit_vectors(site_xy))
    inner, outer = (int(area_tree.count_neighbors(site_tree, _chord(max(0.0, r))))
                    for r in (radius_km - slack_km, radius_km + slack_km))
    return max(same, inner - measured), outer + same + measured


def _chord(km: float) -> float:
    """The straight-line distance between unit vectors `km` apart on the great circle."""
    return float(2.0 * np.sin(min(km / EARTH_RADIUS_KM, np.pi) / 2.0))


def _unit_vectors(xy: np.ndarray) -> np.ndarray:
    lat, lon = np.radians(xy[:, 0]), np.radians(xy[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
