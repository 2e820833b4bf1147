"""Compile a validated instance into the arrays the model works on.

Everything is sorted by id, so the same instance gives the same arrays (and the
same plan) whatever order its rows came in.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter, is_not, itemgetter
from typing import Any, NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt

from optimizer.engine.geometry import DENSE_PAIR_LIMIT, Pairs, allowed_pairs
from optimizer.schema import (
    Area,
    Distance,
    Instance,
    InvalidInput,
    Policy,
    Problem,
    Shipment,
    Site,
)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
# Every flow, sum of counts and arc capacity must stay below this, so that neither
# numpy nor the flow solvers (int64 inside) can overflow: with counts of at most
# 10^12 each (model.md "Limits") it allows some 4.6 million of them per network.
INT64_HEADROOM = 2**62


@dataclass(frozen=True)
class Network:
    """The instance as arrays: sites, areas, districts, tiers and allowed pairs."""

    site_ids: tuple[str, ...]
    area_ids: tuple[str, ...]
    district_ids: tuple[str, ...]
    tiers: tuple[str, ...]
    site_district: IntArray   # district index of each site
    area_district: IntArray   # district index of each area
    capacity: IntArray        # printers * cards_per_printer_day * working_days
    cards_per_printer_day: IntArray
    stock: IntArray
    room: IntArray            # blanks a site may still receive (storage_cap - stock),
                              # `unlimited` where the site has no storage cap
    storage_capped: BoolArray  # whether the site has a storage cap
    backlog: IntArray         # (areas, tiers)
    pairs: Pairs
    supply: int               # blanks - reserve: what the central office may ship
    unlimited: int            # an arc capacity above any feasible flow (see `big_enough`)

    @property
    def n_sites(self) -> int:
        return len(self.site_ids)

    @property
    def n_areas(self) -> int:
        return len(self.area_ids)

    @property
    def n_districts(self) -> int:
        return len(self.district_ids)

    @property
    def n_tiers(self) -> int:
        return len(self.tiers)

    def district_backlog(self) -> IntArray:
        """(districts, tiers) backlog: a fresh array (the caller's to change), summed once
        per network (a plan asks some eight times)."""
        summed = self.__dict__.get("_district_backlog")
        if summed is None:
            summed = row_sums(self.area_district, self.backlog, self.n_districts)
            object.__setattr__(self, "_district_backlog", summed)  # frozen: not a field
        return summed.copy()


def row_sums(index: IntArray, rows: IntArray, n: int) -> IntArray:
    """(n, k) int64: out[i] = the sum of rows[j] (k columns) over j with index[j] == i.

    Exact in int64 (no float weights), and one 1-D `np.add.at` over the flattened
    cells, which numpy runs about twice as fast as the 2-D form (a national plan's
    ~1,000,000 pairs: ~25 -> ~12 ms).

    Where every sum is exact in float64 (the absolute values add up below 2^53, so
    every partial sum is an integer a double holds), a column at a time by
    np.bincount's weights instead: a province's served cards (33,134 pairs, 2 tiers)
    ~0.6 -> ~0.2 ms."""
    k = rows.shape[1]
    if len(rows) and k and n and rows.dtype.kind == "i":
        span = max(int(rows.max()), -int(rows.min()))  # (Python ints: no overflow)
        if span * len(rows) < 2**53:
            index = np.asarray(index, dtype=np.intp)
            out = np.empty((n, k), dtype=np.int64)
            for c in range(k):
                out[:, c] = np.bincount(index, weights=rows[:, c], minlength=n)
            return out
    out = np.zeros(n * k, dtype=np.int64)
    cells = (np.asarray(index, dtype=np.int64)[:, None] * k + np.arange(k)).ravel()
    np.add.at(out, cells, np.asarray(rows, dtype=np.int64).ravel())
    return out.reshape(n, k)


def compile_network(instance: Instance, shipment: Shipment, policy: Policy) -> Network:
    """Arrays of the instance, with the allowed pairs for this policy.

    The instance's own arrays and its allowed pairs per (max_travel_km, road_factor)
    are made once per instance object (`_instance_arrays`) and shared read-only by the
    networks compiled from it: the service plans each bundled dataset object again and
    again, and compiling Palembang took ~1.6 ms of a ~18 ms solve."""
    arrays = _instance_arrays(instance)
    _check_size(len(arrays.area_ids), len(arrays.sites), policy)
    key = (policy.max_travel_km, policy.road_factor)
    pairs = arrays.pairs.get(key)
    if pairs is None:
        pairs = _read_only_pairs(allowed_pairs(
            arrays.area_xy, arrays.site_xy, arrays.area_district, arrays.site_district,
            arrays.table, policy.max_travel_km, policy.road_factor))
        if len(arrays.pairs) >= _PAIRS_KEPT:
            arrays.pairs.clear()
        arrays.pairs[key] = pairs
    supply = max(0, shipment.blanks - policy.reserve)
    unlimited = big_enough(arrays.backlog_sum, arrays.stock, arrays.capacity_sum, supply)
    room = np.where(arrays.storage_capped, arrays.headroom, unlimited)
    return Network(
        site_ids=arrays.site_ids,
        area_ids=arrays.area_ids,
        district_ids=arrays.district_ids,
        tiers=arrays.tiers,
        site_district=arrays.site_district,
        area_district=arrays.area_district,
        capacity=arrays.capacity,
        cards_per_printer_day=arrays.cards_per_printer_day,
        stock=arrays.stock,
        room=room,
        storage_capped=arrays.storage_capped,
        backlog=arrays.backlog,
        pairs=pairs,
        supply=supply,
        unlimited=unlimited,
    )


def sorted_sites(instance: Instance) -> tuple[Site, ...]:
    """The instance's sites in site_id order (sorted once per instance object)."""
    return _instance_arrays(instance).sites


def sorted_rows(instance: Instance) -> tuple[tuple[Site, ...], tuple[Area, ...],
                                             tuple[Distance, ...]]:
    """The instance's sites by site_id, areas by area_id and measured distances by
    (area_id, site_id): the order of its arrays, made once per instance object. The
    distances are ordered by their area's and site's index (ranks of the sorted ids, so
    the same order as by the ids themselves), not by a Python sort of string pairs
    (2,033 of them in Palembang's table)."""
    arrays = _instance_arrays(instance)
    distances = instance.distances
    order = distance_order(instance)
    if order is not None:
        distances = tuple(map(distances.__getitem__, order.tolist()))
    return arrays.sites, arrays.areas, distances


def sorted_areas(instance: Instance) -> tuple[Area, ...]:
    """The instance's areas in area_id order (sorted once per instance object)."""
    return _instance_arrays(instance).areas


def distance_order(instance: Instance) -> IntArray | None:
    """The instance's measured distances in (area_id, site_id) order, as row indices into
    `instance.distances`, or None when its rows are in that order already."""
    arrays = _instance_arrays(instance)
    t_area, t_site, _ = arrays.table
    key = t_area * len(arrays.site_ids) + t_site
    if len(key) > 1 and not bool((key[1:] > key[:-1]).all()):
        return np.argsort(key, kind="stable")
    return None


class SortedTable(NamedTuple):
    """The measured distances in (area_id, site_id) order, as the instance's arrays hold
    them: each row's area and site as an index into the sorted ids."""

    area_ids: tuple[str, ...]   # sorted
    site_ids: tuple[str, ...]   # sorted
    area: IntArray
    site: IntArray
    km: FloatArray
    km_floats: bool  # whether every row's km is a Python float (`_InstanceArrays`)


def sorted_table(instance: Instance) -> SortedTable:
    """The instance's `SortedTable`: its arrays' table, taken in (area_id, site_id) order
    when its rows are not in it."""
    arrays = _instance_arrays(instance)
    area, site, km = arrays.table
    order = distance_order(instance)
    if order is not None:
        area, site, km = area[order], site[order], km[order]
    return SortedTable(arrays.area_ids, arrays.site_ids, area, site, km, arrays.km_floats)


# Allowed pairs kept per instance object: a few travel limits (a sweep tries more; the
# oldest are then made again).
_PAIRS_KEPT = 8


class RowColumns(NamedTuple):
    """The instance's area and site columns in its own row order, read once per instance
    object for its arrays (which are these in id order) and for its warnings
    (engine/codes.py, which speak of rows in the caller's order). Read-only arrays."""

    area_district: IntArray   # (areas,) index among the sorted district ids
    site_district: IntArray   # (sites,)
    area_xy: FloatArray       # (areas, 2) lat, lon degrees
    site_xy: FloatArray       # (sites, 2)
    backlog: FloatArray       # (areas, tiers) float64, tiers in the instance's order
    district_ids: tuple[str, ...]  # the district ids, sorted: what the indices index
    # Whether every area's backlog lists the instance's tiers in the instance's order (the
    # usual case; the input hash then keeps every backlog as it is when those are sorted).
    backlog_in_tier_order: bool


class _InstanceArrays(NamedTuple):
    """What `compile_network` reads from an instance alone, sorted by id; every array
    read-only (the networks compiled from one instance share them)."""

    sites: tuple[Site, ...]   # by site_id
    areas: tuple[Area, ...]   # by area_id
    site_ids: tuple[str, ...]
    area_ids: tuple[str, ...]
    district_ids: tuple[str, ...]
    tiers: tuple[str, ...]
    site_district: IntArray
    area_district: IntArray
    table: tuple[IntArray, IntArray, FloatArray]  # measured distances: area, site, km
    # Whether every distance's km is a Python float (a valid instance's always are), so
    # that `table`'s km give each one's JSON exactly (engine/fingerprint.py).
    km_floats: bool
    area_xy: FloatArray
    site_xy: FloatArray
    stock: IntArray
    capacity: IntArray
    cards_per_printer_day: IntArray
    storage_capped: BoolArray
    headroom: IntArray       # storage_cap - stock (0 when above it) where capped, else 0
    backlog: IntArray
    backlog_sum: FloatArray  # backlog and capacity as float64, for `big_enough`
    capacity_sum: FloatArray
    pairs: dict[tuple[float | None, float], Pairs]  # by (max_travel_km, road_factor)


T = TypeVar("T")
# id(instance) -> (weak reference to it, what was made of it); instances are frozen, so
# nothing made of an object can go stale, and an entry goes with its instance.
_ARRAYS: dict[int, tuple[weakref.ref[Instance], _InstanceArrays]] = {}
_ROWS: dict[int, tuple[weakref.ref[Instance], RowColumns]] = {}


def _once(cache: dict[int, tuple[weakref.ref[Instance], T]], instance: Instance,
          make: Callable[[Instance], T]) -> T:
    """make(instance), made once per instance object and held weakly in `cache`."""
    key = id(instance)
    cached = cache.get(key)
    if cached is not None and cached[0]() is instance:
        return cached[1]
    made = make(instance)

    def forget(ref: weakref.ref[Instance], key: int = key) -> None:
        if cache.get(key, (None,))[0] is ref:
            del cache[key]

    cache[key] = (weakref.ref(instance, forget), made)
    return made


def _instance_arrays(instance: Instance) -> _InstanceArrays:
    return _once(_ARRAYS, instance, _compile_instance)


def row_columns(instance: Instance) -> RowColumns:
    """The instance's `RowColumns`, read once per instance object (its arrays are made
    from them). Raises KeyError when a row names a district the instance does not list
    (a valid instance never does)."""
    return _once(_ROWS, instance, _read_rows)


def _id_order(ids: list[str]) -> list[int] | None:
    """The rows in id order (a stable sort: rows of equal ids keep their order), or None
    when they are in it already (the usual case: one C-level sort and comparison, no
    sort keyed by row)."""
    if ids == sorted(ids):
        return None
    return sorted(range(len(ids)), key=ids.__getitem__)


def _compile_instance(instance: Instance) -> _InstanceArrays:
    # The area and site columns are read once, in row order (`RowColumns`, which the
    # warnings read too), and taken in id order by an index only when the rows are not
    # in it already (no sort keyed by row when they are).
    site_rows, area_rows = instance.sites, instance.areas
    site_row_ids = list(map(attrgetter("site_id"), site_rows))
    area_row_ids = list(map(attrgetter("area_id"), area_rows))
    site_order, area_order = _id_order(site_row_ids), _id_order(area_row_ids)
    rows = row_columns(instance)
    district_ids = rows.district_ids

    def column(records: Sequence[object], name: str, dtype: type) -> npt.NDArray[Any]:
        return np.fromiter(map(attrgetter(name), records), dtype=dtype, count=len(records))

    def indexed(records: Sequence[object], name: str, index: dict[str, int]) -> IntArray:
        return np.fromiter(map(index.__getitem__, map(attrgetter(name), records)),
                           dtype=np.int64, count=len(records))

    def by_id(values: npt.NDArray[Any], order: list[int] | None) -> npt.NDArray[Any]:
        return values if order is None else values[np.array(order, dtype=np.int64)]

    if site_order is None:
        sites, site_ids = tuple(site_rows), tuple(site_row_ids)
    else:
        sites = tuple(map(site_rows.__getitem__, site_order))
        site_ids = tuple(map(site_row_ids.__getitem__, site_order))
    if area_order is None:
        areas, area_ids = tuple(area_rows), tuple(area_row_ids)
    else:
        areas = tuple(map(area_rows.__getitem__, area_order))
        area_ids = tuple(map(area_row_ids.__getitem__, area_order))
    distances = instance.distances
    if distances:
        site_index = {s: i for i, s in enumerate(site_ids)}
        area_index = {a: i for i, a in enumerate(area_ids)}
        # (km read as a list once: its values' types for the input hash, then the array)
        km = list(map(attrgetter("km"), distances))
        km_floats = set(map(type, km)) == {float}
        table = (indexed(distances, "area_id", area_index),
                 indexed(distances, "site_id", site_index),
                 np.array(km, dtype=np.float64))
    else:
        table = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64),
                 np.zeros(0, dtype=np.float64))
        km_floats = True
    capacity = column(sites, "capacity", np.float64)
    caps = list(map(attrgetter("storage_cap"), sites))
    stock = list(map(attrgetter("stock"), sites))
    backlog_sum = by_id(rows.backlog, area_order)
    arrays = _InstanceArrays(
        sites=sites,
        areas=areas,
        site_ids=site_ids,
        area_ids=area_ids,
        district_ids=district_ids,
        tiers=tuple(instance.tiers),
        site_district=by_id(rows.site_district, site_order),
        area_district=by_id(rows.area_district, area_order),
        table=table,
        km_floats=km_floats,
        area_xy=by_id(rows.area_xy, area_order),
        site_xy=by_id(rows.site_xy, site_order),
        stock=np.array(stock, dtype=np.int64),
        capacity=capacity.astype(np.int64),
        cards_per_printer_day=column(sites, "cards_per_printer_day", np.int64),
        storage_capped=np.fromiter(map(is_not, caps, repeat(None)), dtype=bool,
                                   count=len(sites)),
        headroom=np.fromiter((0 if c is None else max(0, c - s)
                              for c, s in zip(caps, stock, strict=True)),
                             dtype=np.int64, count=len(sites)),
        backlog=backlog_sum.astype(np.int64),
        backlog_sum=backlog_sum,
        capacity_sum=capacity,
        pairs={})
    for value in (*arrays, *arrays.table):
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
    return arrays


def _read_rows(instance: Instance) -> RowColumns:
    # One C-level pass per column (map over attrgetter, np.fromiter), not a Python
    # tuple per row: a fresh province instance (3,450 kelurahan) took ~4 ms row by row.
    site_rows, area_rows = instance.sites, instance.areas
    district_ids = tuple(sorted(instance.district_ids))
    index = {d: i for i, d in enumerate(district_ids)}
    backlogs = list(map(attrgetter("backlog"), area_rows))
    n, tiers = len(area_rows), list(instance.tiers)
    backlog = np.empty((n, len(tiers)), dtype=np.float64)
    for c, tier in enumerate(tiers):
        backlog[:, c] = np.fromiter(map(itemgetter(tier), backlogs), dtype=np.float64,
                                    count=n)
    # Every backlog's keys in one list (a dict iterates over its keys), compared with the
    # tiers repeated: each dict holds the tiers in order exactly when the two are equal,
    # as no dict repeats a key (read here for the input hash, beside the backlogs' values:
    # one pass less over the areas than reading the backlogs again there).
    in_order = list(chain.from_iterable(backlogs)) == tiers * n

    def districts(records: Sequence[object]) -> IntArray:
        return np.fromiter(map(index.__getitem__, map(attrgetter("district_id"), records)),
                           dtype=np.int64, count=len(records))

    def xy(records: Sequence[object]) -> FloatArray:
        return np.column_stack([
            np.fromiter(map(attrgetter(name), records), dtype=np.float64, count=len(records))
            for name in ("lat", "lon")]).reshape(-1, 2)

    rows = RowColumns(area_district=districts(area_rows), site_district=districts(site_rows),
                      area_xy=xy(area_rows), site_xy=xy(site_rows), backlog=backlog,
                      district_ids=district_ids, backlog_in_tier_order=in_order)
    for value in rows:
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
    return rows


def _read_only_pairs(pairs: Pairs) -> Pairs:
    for array in (pairs.area, pairs.site, pairs.km):
        array.setflags(write=False)
    return pairs


def big_enough(backlog: FloatArray, stock: IntArray, capacity: FloatArray, supply: int) -> int:
    """An arc capacity and a shipment bound that no feasible plan can reach.

    Every card printed is backlog and every blank shipped comes from the supply,
    so backlog + supply + 1 is above any flow and any shipment.

    Counts arrive as float64 only to be summed without wrap-around (each count is a
    whole number below 2^53, so every one is exact); when backlog, stock, capacity
    and blanks together stay below INT64_HEADROOM / 2 every int64 sum and flow of
    the model is exact. More is refused
    as invalid input rather than planned with figures that might have wrapped.
    """
    total = float(backlog.sum()) + float(stock.sum()) + float(capacity.sum()) + float(supply)
    if total >= INT64_HEADROOM / 2:
        raise InvalidInput([Problem(
            location="instance",
            message=f"backlog, stock, capacity and blanks add up to about {total:.3g}; "
                    f"at most {INT64_HEADROOM // 2:.3g} can be planned exactly",
            pointer="")])
    return int(backlog.astype(np.int64).sum()) + supply + 1


def _check_size(n_areas: int, n_sites: int, policy: Policy) -> None:
    if policy.max_travel_km is None and n_areas * n_sites > DENSE_PAIR_LIMIT:
        raise InvalidInput([Problem(
            location="policy.max_travel_km",
            message=f"must be set for an instance with {n_areas} areas and {n_sites} sites "
                    f"(without a limit every one of {n_areas * n_sites:,} pairs is allowed)",
            pointer="/policy/max_travel_km")])
