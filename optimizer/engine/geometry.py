"""Distances and who may be served where (model.md, "Who may be served where").

Area `a` may be served at site `s` when `distance(a, s) <= max_travel_km`, or when
`s` is in `a`'s own district. A distance is the instance's measured one where
given, else the great-circle distance times the road factor.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088
# Above this many area-site pairs the candidates come from a k-d tree, not a dense matrix.
DENSE_PAIR_LIMIT = 4_000_000

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Pairs:
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


def allowed_pairs(area_xy: FloatArray, site_xy: FloatArray, area_district: IntArray,
                  site_district: IntArray, table: tuple[IntArray, IntArray, FloatArray],
                  max_travel_km: float | None, road_factor: float) -> Pairs:
    """Every allowed pair with its km.

    `area_xy` and `site_xy` are (n, 2) arrays of (lat, lon) in degrees; `table` holds
    measured distances as (area index, site index, km) arrays.
    """
    n_areas, n_sites = len(area_xy), len(site_xy)
    if n_areas * n_sites <= DENSE_PAIR_LIMIT or max_travel_km is None:
        area, site = (g.ravel() for g in np.meshgrid(np.arange(n_areas), np.arange(n_sites),
                                                      indexing="ij"))
    else:
        area, site = _candidates(area_xy, site_xy, area_district, site_district, table,
                                 max_travel_km / road_factor)
    km = road_factor * great_circle_km(area_xy[area, 0], area_xy[area, 1],
                                       site_xy[site, 0], site_xy[site, 1])
    from_table = np.zeros(len(km), dtype=bool)
    t_area, t_site, t_km = table
    if len(t_km):
        key = area * n_sites + site
        t_key = t_area * n_sites + t_site
        pos = np.searchsorted(key, t_key)
        pos = np.minimum(pos, len(key) - 1)
        found = key[pos] == t_key
        km[pos[found]] = t_km[found]
        from_table[pos[found]] = True
    # Plans report km to the metre; distances and the limit are compared to the metre.
    km = np.round(km, 3)
    keep = area_district[area] == site_district[site]
    if max_travel_km is not None:
        keep |= km <= np.round(max_travel_km, 3)
    else:
        keep[:] = True
    return Pairs(area=area[keep].astype(np.int64), site=site[keep].astype(np.int64),
                 km=km[keep], measured=int(from_table[keep].sum()))


def _candidates(area_xy: FloatArray, site_xy: FloatArray, area_district: IntArray,
                site_district: IntArray, table: tuple[IntArray, IntArray, FloatArray],
                radius_km: float) -> tuple[IntArray, IntArray]:
    """Pairs within `radius_km` great-circle, in the same district, or in the table."""
    from scipy.spatial import cKDTree  # only large instances need it

    chord = 2.0 * np.sin(min(radius_km / EARTH_RADIUS_KM, np.pi) / 2.0) * 1.000001
    near = cKDTree(_unit_vectors(area_xy)).sparse_distance_matrix(
        cKDTree(_unit_vectors(site_xy)), chord, output_type="ndarray")
    order = np.argsort(site_district, kind="stable")
    bounds = np.searchsorted(site_district[order], area_district, side="left"), \
        np.searchsorted(site_district[order], area_district, side="right")
    counts = bounds[1] - bounds[0]
    same_area = np.repeat(np.arange(len(area_xy)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    same_site = order[np.repeat(bounds[0], counts) + offsets]
    n_sites = len(site_xy)
    keys = np.concatenate([near["i"].astype(np.int64) * n_sites + near["j"],
                           same_area * n_sites + same_site,
                           table[0] * n_sites + table[1]])
    keys = np.unique(keys)
    return keys // n_sites, keys % n_sites


def _unit_vectors(xy: FloatArray) -> FloatArray:
    lat, lon = np.radians(xy[:, 0]), np.radians(xy[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
