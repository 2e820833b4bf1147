# ruff: noqa
# The readers' plausibility checks as they were before they were vectorized (commit
# 325d546), kept verbatim as the reference that tests/io/test_plausible_equivalence.py
# compares the current code with on random instances. Not used by Blanko itself.
"""Values that are valid numbers but cannot be what the planner meant (a file misread).

The schema checks each value on its own (a latitude is -90 to 90, a km 0 to 20,000).
A value can pass that and still be wrong against the rest of the instance: a
distances table written `2.176` (km, decimal point) read in the Indonesian locale as
2,176 km; a kelurahan left at (0, 0) where its latitude was blank; a stock above the
storage cap. Each of these would make a plan that looks `optimal` and is wrong, so the
readers refuse them, located (file, row, column) and with what to check.

`findings(instance)` is used by `optimizer.io.files` (CSV folders, workbooks, instance
.json files); each finding names a table, a row index and a field, which the reader
turns into `file row N, column C` (or `file.json at /sites/2/stock`).

Bounds (docs/spreadsheets.md, "Plausibility"):

- A measured distance is refused when it is more than `DISTANCE_RATIO` (5) times the
  great-circle distance between the area's and the office's coordinates *and* more
  than `DISTANCE_SLACK_KM` (50 km) above it. Roads are 1.2-2 times the straight line
  on real networks, but short trips are not: the bundled Palembang distances are
  1.3-5.5x great-circle (to the bridges over the Musi) and at most 14.7 km above it.
  The 50 km slack keeps such short trips from tripping the ratio, and covers the
  offset of a kelurahan's centroid from where its residents live. A misread decimal
  (2.176 read as 2,176) is 1,000x: always caught once the points are 60 m apart.
- A measured distance is also refused when it is less than a fifth of the great-circle
  distance *and* more than 50 km below it. A road cannot be shorter than the straight
  line between its ends; the coordinates of a kelurahan are its centroid, not where
  the distance was measured from, so a distance somewhat below the great-circle one is
  normal (an area 4 km across, measured from its edge), and only a gap no centroid can
  explain (over 50 km, and below a fifth) is refused: a misread the other way (an
  English `1,234` read as 1.234 km in the Indonesian locale), or coordinates of the
  wrong place (a sign lost: 3.0 instead of -3.0).
- An area whose coordinates are more than `FAR_KM` (1,000 km) from every office, or
  an office more than 1,000 km from every area, is refused. data/indonesia has an
  office at every kabupaten/kota, every kelurahan of Palembang is within 7.3 km of
  one, and a province's farthest kabupaten from its capital is 500-700 km; a blank
  latitude filled with 0, or a swapped latitude and longitude, puts a point thousands
  of km away. It is said at the longitude's cell when the longitude is the one that
  cannot be Indonesia's (negative, or outside ~94-142 east with the latitude inside
  -11.5 to 6.5), else at the latitude's.
- A half-blank coordinate: a latitude (or longitude) of exactly 0 while the other is
  given, where the other places of its kecamatan (its kelurahan and offices, the
  point's own row left out, at least two: one place has no spread to measure, and
  the whole instance stands in) lie away from 0 in that coordinate by more than they
  are spread and by more than `ZERO_MARGIN_DEG` (0.25 degree, ~28 km). A Palembang
  kelurahan at (0, 104.75) is 330 km from its kecamatan, inside the 1,000 km bound,
  and would be planned `optimal`. Indonesia spans the equator, so a latitude of 0 is
  not refused as such: in Pontianak (latitude -0.07 to 0.05) a kecamatan's places
  straddle 0 or lie within 0.25 degree of it, and a kelurahan at 0 passes. Real
  coordinates are written with decimals; the fix says to type the equator's own with
  them (0.0004), which the rule never refuses. One other place in the kecamatan is
  enough (its spread 0, the margin decides): the whole instance, which stood in for it
  before, may straddle the equator and let a kelurahan at (0, 104.70) through.
- A point at exactly (0, 0) is refused at both cells, whatever else lies there (a
  blank pair of cells; a kelurahan and its office both at (0, 0) were 0 km apart and
  planned `optimal`); a latitude or longitude column 0 in every row of a table (more
  than one row) is refused once, at the column.
- A latitude whose minus sign was lost: more than `LOST_FAR_KM` (100 km) from every
  other place of its kecamatan as typed, and within `LOST_NEAR_KM` (10 km) of one of
  them with its sign flipped (a kelurahan at 2.99 among places at -2.99 was planned
  with 857 km trips). North of the equator the same rule finds a minus sign typed in
  error (a Manado kelurahan at -1.49), and its message and fix say so. A place alone
  in its kecamatan is judged by the nearest other kecamatan's places (flipped, within
  `LOST_LONE_NEAR_KM`, 50 km); a whole kecamatan typed without its minus signs, by
  every other kecamatan's (`_flipped_kecamatan`).
- A totals row whatever its name: an area row whose backlog (each tier; and the
  population, when the row gives one) is the sum of the other rows of the file, or of
  its kecamatan's, at least `SUM_ROWS` (2) of them holding a backlog, *and* that looks
  like no kelurahan: its name starts with a region word (Kecamatan, Kota, Kab., ...) or
  its id is no kelurahan code beside the others' (`16.71`, `16.71.01`, `71.71.01.0000`).
  A sum alone is a coincidence (Pontianak's Benua Melayu Darat, 120 = 45 + 75): a plan
  warning (AREA_SUM_OF_OTHERS, engine/codes.py), never a refusal.
- A site's stock above its storage cap (constraint (2c) cannot hold) is refused at the
  cell, so that the planner sees the row (the API, given an instance as JSON, still
  answers with an `infeasible` plan naming the site).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np

from optimizer.engine.geometry import EARTH_RADIUS_KM, great_circle_km
from tests.io.reference.totals_before import sum_rows
from optimizer.schema import Instance, Problem, json_pointer

DISTANCE_RATIO = 5.0
DISTANCE_SLACK_KM = 50.0
FAR_KM = 1000.0
ZERO_MARGIN_DEG = 0.25
# A latitude whose minus sign was lost: as typed more than LOST_FAR_KM from every other
# place of its kecamatan, with the sign flipped within LOST_NEAR_KM of one of them.
LOST_FAR_KM = 100.0
LOST_NEAR_KM = 10.0
# A place alone in its kecamatan is judged by the nearest other kecamatan's places, which
# lie farther than its own would: flipped, within LOST_LONE_NEAR_KM of one of them.
LOST_LONE_NEAR_KM = 50.0
# Indonesia's latitudes and longitudes (degrees, a little over: Sabang 95.3 E, Merauke
# 141.0 E, Rote -11.0, Weh 6.1): a far point's longitude outside LON_SPAN while its
# latitude lies inside LAT_SPAN is the longitude's fault, and said at its cell.
LAT_SPAN = (-11.5, 6.5)
LON_SPAN = (94.0, 142.0)
# Above this many area x site pairs the nearest office is found with a k-d tree.
_DENSE_PAIRS = 2_000_000


@dataclass(frozen=True)
class Finding:
    """One implausible value: `table`, 0-based row `index`, `field`; `kind` (a stable key of
    grouping.FIXES), `message` (without the value), `shown` (the value and what it is
    compared with), `text` (the whole sentence, for a finding alone in its group)."""

    table: str
    index: int
    field: str
    kind: str
    message: str
    shown: str
    text: str
    fix: str = ""
    column: bool = False    # the whole column (of `table`, `field`), not row `index`


def km_text(km: float) -> str:
    """A distance in km as the messages write it: 2176 / 9.5 / 0.31.

    Never a figure one locale reads otherwise (this module's refusals are often about
    exactly that): no thousands separator, and one or two decimals, which no grouping
    produces; the same text is right in English and in Bahasa Indonesia.
    """
    if km >= 100:
        return f"{km:.0f}"
    return f"{km:.1f}" if km >= 1 else f"{km:.2f}"


def findings(instance: Instance) -> list[Finding]:
    """Every implausible value of `instance`: storage, totals rows (by their sums),
    coordinates, then distances."""
    sums = _sum_rows(instance)
    return _storage(instance) + sums + _without(_coordinates(instance), instance, sums)


# The totals row a sheet ends with: JUMLAH, TOTAL, Sub Total, Grand Total, and the
# Indonesian abbreviations Jml, Jml., Jmlh, Jlh and Total Keseluruhan / Keseluruhan (as a
# whole word: Kelurahan Jamalang or Sentosa Jaya are no totals).
TOTALS = re.compile(r"(?i)\b(?:jumlah|jml|jmlh|jlh|total|subtotal|grand\s*total|"
                    r"keseluruhan)\b")


def body_findings(instance: Instance) -> list[Finding]:
    """What the service refuses in an instance sent as JSON: totals rows (an id or name
    reading JUMLAH or TOTAL), coordinates and distances as `findings` (a tester's (0, 0)
    kelurahan and JUMLAH row were planned `optimal`). A stock above its cap is left to
    the engine, which answers with an `infeasible` plan naming the site (docs/model.md)."""
    out = []
    for table, rows, id_field in (("areas", instance.areas, "area_id"),
                                  ("sites", instance.sites, "site_id"),
                                  ("districts", instance.districts, "district_id")):
        for i, row in enumerate(rows):
            for field in (id_field, "name"):
                text = getattr(row, field, None)
                if isinstance(text, str) and TOTALS.search(text):
                    message = f"this looks like a totals row, got {text!r}"
                    out.append(Finding(table, i, field, "totals_row", message, "", message,
                                       fix="delete it: every row must be one kelurahan, "
                                           "office or kecamatan"))
                    break
    named = {(f.table, f.index) for f in out}
    sums = [f for f in _sum_rows(instance) if (f.table, f.index) not in named]
    return out + sums + _without(_coordinates(instance), instance, out + sums)


def _without(found: list[Finding], instance: Instance, rows: list[Finding]) -> list[Finding]:
    """`found` without the coordinates and distances of the rows refused as totals rows
    (a totals row is said once: as what it is, not also as a far or (0, 0) point)."""
    if not rows or not found:
        return found
    gone = {(f.table, f.index) for f in rows}
    areas = {a.area_id for i, a in enumerate(instance.areas) if ("areas", i) in gone}
    sites = {s.site_id for i, s in enumerate(instance.sites) if ("sites", i) in gone}
    return [f for f in found if (f.table, f.index) not in gone
            and not (f.table == "distances"
                     and (instance.distances[f.index].area_id in areas
                          or instance.distances[f.index].site_id in sites))]


def _groups(keys: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct `keys` in first-seen order, and each key's index among them."""
    index: dict[str, int] = {}
    group = np.fromiter((index.setdefault(k, len(index)) for k in keys), dtype=np.intp,
                        count=len(keys))
    return list(index), group


def _sum_rows(instance: Instance) -> list[Finding]:
    """A totals row typed as a place: an area row whose backlog (and population, when it
    gives one) is the sum of the other rows of the file or of its kecamatan (`sum_rows`)
    *and* that looks like no kelurahan (`region_row`): a tester's `16.71`, "Kota
    Palembang", carrying the city's sums, was planned as one more kelurahan. A sum alone
    is a coincidence (Pontianak Selatan's Benua Melayu Darat, 120 = 45 + 75, is a real
    kelurahan): the plan warns of it (engine/codes.py, AREA_SUM_OF_OTHERS), never a
    refusal."""
    out = []
    for row, kecamatan, region in sum_rows(instance):
        if not region:
            continue
        area = instance.areas[row]
        where = "the file" if kecamatan is None else f"kecamatan {kecamatan}"
        counts = ("its population and backlog are the sums" if area.population > 0
                  else "its backlog is the sum")
        message = f"this looks like a totals row: {counts} of the other rows of {where}"
        out.append(Finding("areas", row, "area_id", "sum_row", message, repr(area.area_id),
                           f"{message}, got {area.area_id!r}",
                           fix="delete it: every row must be one kelurahan, office or "
                               "kecamatan"))
    return out


def _storage(instance: Instance) -> list[Finding]:
    out = []
    for i, site in enumerate(instance.sites):
        if site.storage_cap is not None and site.stock > site.storage_cap:
            text = (f"is {site.stock:,}, more than the storage cap of {site.storage_cap:,}: "
                    f"constraint (2c) cannot hold")
            out.append(Finding("sites", i, "stock", "stock_over_cap", text, "", text,
                               fix="correct the stock (blanks at the office now) or the "
                                   "storage cap (the most it may hold, stock included)"))
    return out


def _xy(points: tuple[object, ...]) -> np.ndarray:
    return np.array([(p.lat, p.lon) for p in points],  # type: ignore[attr-defined]
                    dtype=np.float64).reshape(-1, 2)


def _unit(xy: np.ndarray) -> np.ndarray:
    lat, lon = np.radians(xy[:, 0]), np.radians(xy[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def nearest_km(points: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Great-circle km from each of `points` ((n, 2) lat, lon degrees) to the nearest of
    `others` ((m, 2), m >= 1): shape (n,). Exact to well under a metre at the 1,000 km
    bound (the angle from the largest dot product of unit vectors; a k-d tree over the
    unit vectors above 2M pairs)."""
    a, b = _unit(points), _unit(others)
    if len(points) * len(others) <= _DENSE_PAIRS:
        # Elementwise, not a BLAS product: its threads spin on a busy two-core machine.
        dots = (a[:, None, 0] * b[None, :, 0] + a[:, None, 1] * b[None, :, 1]
                + a[:, None, 2] * b[None, :, 2]).max(axis=1) if len(points) else np.zeros(0)
        return np.asarray(EARTH_RADIUS_KM * np.arccos(np.clip(dots, -1.0, 1.0)))
    from scipy.spatial import cKDTree  # only for a large instance (import ~0.1 s)

    chord, _ = cKDTree(b).query(a, k=1)
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2, 0.0, 1.0)))


def _coordinates(instance: Instance) -> list[Finding]:
    """Coordinates (far, half blank), then the distances of the areas and offices whose
    coordinates are right: a distance is not checked against a point already refused
    (the coordinates are what to fix; the distances are checked again after)."""
    at = _Points(_xy(instance.areas), _xy(instance.sites))
    columns = _zero_columns(at)
    gone = {f.table for f in columns}
    island = _null_island(at, gone)
    # A point refused at its 0 cells (or in a column of 0), or as a lost minus sign, is
    # said once, there: it is neither far from nor near anything.
    half = {(f.table, f.index) for f in island}
    half |= {(t, i) for t in gone for i in range(len(getattr(at, t)))}
    lost = _lost_minus(instance, at, half)
    lost += _flipped_kecamatan(instance, at, half | {(f.table, f.index) for f in lost})
    lost_rows = {(f.table, f.index) for f in lost}
    zero = [f for f in _zero(instance, at, lost_rows) if f.table not in gone]
    half |= lost_rows | {(f.table, f.index) for f in zero}
    found = columns + _far(instance, at, half) + island + zero + lost
    distances = _distances(instance, at)
    if not found or not distances:
        return found + distances
    # (every row of a column refused as 0 in every row, not only the column's first)
    refused = {(f.table, f.index) for f in found} | half
    areas = {a.area_id: ("areas", i) for i, a in enumerate(instance.areas)}
    sites = {s.site_id: ("sites", i) for i, s in enumerate(instance.sites)}
    return found + [f for f in distances
                    if areas[instance.distances[f.index].area_id] not in refused
                    and sites[instance.distances[f.index].site_id] not in refused]


def _lost_minus(instance: Instance, at: _Points,
                skip: set[tuple[str, int]]) -> list[Finding]:
    """A latitude whose minus sign was lost: as typed, the point is more than
    `LOST_FAR_KM` (100 km) from every other place of its kecamatan, and with its sign
    flipped it is within `LOST_NEAR_KM` (10 km) of one of them (a tester's kelurahan at
    2.99 among its kecamatan's places at -2.99 was planned with trips of 857 km, inside
    the 1,000 km bound). The points in `skip` (refused already) are neither checked nor
    compared with. Only the few points whose flipped latitude lies within the span of
    their kecamatan's latitudes are measured."""
    xy = np.concatenate([at.areas, at.sites])
    if not len(xy):
        return []
    tables = ["areas"] * len(at.areas) + ["sites"] * len(at.sites)
    offset = {"areas": 0, "sites": len(at.areas)}
    ok = xy[:, 0] != 0  # a latitude 0 is the half-blank check's
    for table, index in skip:
        ok[offset[table] + index] = False
    district = [a.district_id for a in instance.areas] + [s.district_id for s in instance.sites]
    names, group = _groups(district)
    lat = xy[:, 0]
    low = np.full(len(names), np.inf)
    high = np.full(len(names), -np.inf)
    np.minimum.at(low, group[ok], lat[ok])
    np.maximum.at(high, group[ok], lat[ok])
    margin = LOST_NEAR_KM / 110.0  # degrees of latitude, a little over
    # A place alone in its kecamatan (one kelurahan, no office) has nothing of its own to
    # be judged by: the nearest other kecamatan's places judge it (Manado's Bunaken typed
    # -1.623 for 1.623 was planned with a trip of 448 km).
    lone = ok & (np.bincount(group[ok], minlength=len(names))[group] == 1)
    candidate = (ok & (lat != 0) & (2 * np.abs(lat) * 111.0 > LOST_FAR_KM - LOST_NEAR_KM)
                 & (((-lat >= low[group] - margin) & (-lat <= high[group] + margin)) | lone))
    if not candidate.any():
        return []
    members: dict[int, list[int]] = {}
    for row in np.flatnonzero(ok):
        members.setdefault(int(group[row]), []).append(int(row))
    out = []
    for row in np.flatnonzero(candidate):
        kecamatan = int(group[row])
        others = [j for j in members[kecamatan] if j != row]
        flipped = np.array([[-lat[row], xy[row, 1]]])
        near = LOST_NEAR_KM
        if others:
            given_km = float(nearest_km(xy[[row]], xy[others])[0])
        else:
            rest = np.flatnonzero(ok)
            rest = rest[rest != row]
            if not len(rest):
                continue
            given_km = float(nearest_km(xy[[row]], xy[rest])[0])
            gaps = great_circle_km(flipped[0, 0], flipped[0, 1], xy[rest, 0], xy[rest, 1])
            kecamatan = int(group[rest[int(np.argmin(gaps))]])
            others, near = members[kecamatan], LOST_LONE_NEAR_KM
        places = xy[others]
        flipped_km = float(nearest_km(flipped, places)[0])
        if given_km <= LOST_FAR_KM or flipped_km > near:
            continue
        table = tables[row]
        out.append(_lost_finding(table, int(row) - offset[table], float(lat[row]),
                                 str(names[kecamatan]), places, given_km, flipped_km))
    return out


def _lost_finding(table: str, index: int, lat: float, kecamatan: str, places: np.ndarray,
                  given_km: float, flipped_km: float) -> Finding:
    """A latitude whose sign is wrong, at (`table`, `index`): typed `lat`, `given_km` from
    the nearest of `places` (of `kecamatan`), `flipped_km` with its sign flipped."""
    what = "area" if table == "areas" else "office"
    span = f"{places[:, 0].min():.2f} to {places[:, 0].max():.2f}"
    # The kecamatan lies south (a minus sign lost) or north (a minus sign typed in
    # error, a Manado kelurahan at -1.49): the words and the example say which.
    north = lat < 0
    why = "a minus sign may be typed in error" if north else "the minus sign may be lost"
    message = ("puts the point more than 100 km from its kecamatan, and its sign flipped "
               f"puts it next to it ({why})")
    text = (f"is {lat:.2f}, but the other places of kecamatan {kecamatan} lie at {span}: "
            f"{lat:.2f} puts the {what} {km_text(given_km)} km from the nearest of them, "
            f"{-lat:.2f} would put it {km_text(flipped_km)} km away ({why})")
    return Finding(table, index, "lat", "lost_minus", message, f"{lat:.2f}", text,
                   fix=LOST_FIXES[(table, north)])


def _flipped_kecamatan(instance: Instance, at: _Points,
                       skip: set[tuple[str, int]]) -> list[Finding]:
    """A whole kecamatan typed with its latitudes' signs flipped (Palembang's 16.71.01
    typed at 2.99-3.01, its office too: planned `optimal`, 665 km from the rest): every
    place of it more than `LOST_FAR_KM` from every other kecamatan's places, and every
    one of them, flipped, within `LOST_LONE_NEAR_KM` of one, the others outnumbering
    it (two halves mirroring each other could be either). Only the kecamatan whose
    first place, flipped, lies that near some place are measured. Each place is said at
    its latitude (one grouped line a column)."""
    xy = np.concatenate([at.areas, at.sites])
    if not len(xy):
        return []
    tables = ["areas"] * len(at.areas) + ["sites"] * len(at.sites)
    offset = {"areas": 0, "sites": len(at.areas)}
    ok = xy[:, 0] != 0
    for table, index in skip:
        ok[offset[table] + index] = False
    district = [a.district_id for a in instance.areas] + [s.district_id for s in instance.sites]
    names, group = _groups(district)
    members: dict[int, list[int]] = {}
    for row in np.flatnonzero(ok):
        members.setdefault(int(group[row]), []).append(int(row))
    if len(members) < 2:
        return []
    lat = xy[:, 0]
    first = np.array([rows[0] for rows in members.values() if len(rows) > 1], dtype=np.intp)
    first = first[2 * np.abs(lat[first]) * 111.0 > LOST_FAR_KM - LOST_NEAR_KM]
    if not len(first):
        return []
    flipped = xy[first] * np.array([-1.0, 1.0])
    near = first[nearest_km(flipped, xy[ok]) <= LOST_LONE_NEAR_KM]
    if not len(near):
        return []
    # As typed, the first place must lie more than LOST_FAR_KM from every other
    # kecamatan's: the nearest of another kecamatan is among its k nearest places, k its
    # kecamatan's size and one (a k-d tree over every place, built once, for a large
    # instance; a dense search else, scipy's import costs more than it).
    placed = np.flatnonzero(ok)
    k = min(len(placed), max(len(members[int(group[h])]) for h in near) + 1)
    if len(near) * len(placed) <= _DENSE_PAIRS:
        gaps = great_circle_km(xy[near, 0][:, None], xy[near, 1][:, None],
                               xy[placed, 0][None, :], xy[placed, 1][None, :])
        foreign = group[placed][None, :] != group[near][:, None]
        closest = np.where(foreign, gaps, np.inf).min(axis=1)
    else:
        from scipy.spatial import cKDTree  # only for a large instance

        chord, index = cKDTree(_unit(xy[placed])).query(_unit(xy[near]), k=k)
        chord, index = chord.reshape(len(near), -1), index.reshape(len(near), -1)
        far = 2 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2, 0.0, 1.0))
        foreign = group[placed[index]] != group[near][:, None]
        closest = np.where(foreign, far, np.inf).min(axis=1)
    near = near[closest > LOST_FAR_KM]
    out = []
    for head in near:
        kecamatan = int(group[head])
        rows = members[kecamatan]
        rest = np.flatnonzero(ok & (group != kecamatan))
        if len(rows) >= len(rest):
            continue  # two halves mirroring each other: which one is flipped is not known
        mirror = xy[rows] * np.array([-1.0, 1.0])
        given = nearest_km(xy[rows], xy[rest])
        flipped_km = nearest_km(mirror, xy[rest])
        if given.min() <= LOST_FAR_KM or flipped_km.max() > LOST_LONE_NEAR_KM:
            continue
        for j, place in enumerate(rows):
            apart = great_circle_km(mirror[j, 0], mirror[j, 1], xy[rest, 0], xy[rest, 1])
            other = int(group[rest[int(np.argmin(apart))]])
            table = tables[place]
            out.append(_lost_finding(table, place - offset[table], float(lat[place]),
                                     str(names[other]), xy[members[other]], float(given[j]),
                                     float(flipped_km[j])))
    return out


# What to change for a latitude whose sign was flipped: (table, the kecamatan is north).
LOST_FIXES = {
    ("areas", False): "check the sign of the kelurahan's latitude: south of the equator it is "
                      "negative (e.g. -2.99)",
    ("sites", False): "check the sign of the office's latitude: south of the equator it is "
                      "negative (e.g. -2.99)",
    ("areas", True): "check the sign of the kelurahan's latitude: north of the equator it is "
                     "positive, without a minus sign (e.g. 1.49)",
    ("sites", True): "check the sign of the office's latitude: north of the equator it is "
                     "positive, without a minus sign (e.g. 1.49)",
}


def _zero_columns(at: _Points) -> list[Finding]:
    """A latitude (or longitude) column of a table that is 0 in every row (more than
    one): blank coordinates read as 0 (a tester's areas with every latitude 0 were
    planned along the longitude alone). Said once, at the column."""
    out = []
    for table, xy in (("areas", at.areas), ("sites", at.sites)):
        if len(xy) < 2:
            continue
        for column, field in ((0, "lat"), (1, "lon")):
            if not (xy[:, column] == 0).all():
                continue
            message = "is 0 in every row (blank cells read as 0)"
            out.append(Finding(table, 0, field, "zero_column", message, "", message,
                               fix=ZERO_FIXES[(table, field)], column=True))
    return out


def _null_island(at: _Points, gone: set[str]) -> list[Finding]:
    """A point at exactly (0, 0), whatever else is there: a blank pair of cells read as 0
    ((0, 0) is in the Gulf of Guinea). Refused at both cells (a kelurahan and its office
    both at (0, 0) were planned `optimal`, 0 km apart)."""
    out = []
    for table, xy in (("areas", at.areas), ("sites", at.sites)):
        if table in gone:
            continue
        for i in np.flatnonzero((xy[:, 0] == 0) & (xy[:, 1] == 0)):
            message = ("is 0, and so is the other coordinate: (0, 0) is in the Gulf of Guinea "
                       "(blank cells read as 0)")
            for field in ("lat", "lon"):
                out.append(Finding(table, int(i), field, "zero_point", message, "", message,
                                   fix=POINT_FIXES[table]))
    return out


@dataclass(frozen=True)
class _Points:
    """(lat, lon) of the areas and of the sites, (n, 2) each: read off the rows once."""

    areas: np.ndarray
    sites: np.ndarray


def _zero(instance: Instance, at: _Points,
          lost: AbstractSet[tuple[str, int]] = frozenset()) -> list[Finding]:
    """A coordinate of exactly 0 whose other coordinate is given, far from where the rest
    of its kecamatan lies in that coordinate (module docstring: ZERO_MARGIN_DEG).

    The point itself is never among the places it is compared with (its coordinate is
    0, and only places whose coordinate is not 0 are); each kecamatan's places, and the
    instance's, are gathered once, and the km to the nearest are found per group at once
    (a file whose every latitude is 0 costs what one nearest-office search does)."""
    found = []
    for table, xy in (("areas", at.areas), ("sites", at.sites)):
        found += [(table, int(i)) for i in np.flatnonzero((xy[:, 0] == 0) != (xy[:, 1] == 0))]
    if not found:
        return []
    xy = np.concatenate([at.areas, at.sites])
    district = [a.district_id for a in instance.areas] + [s.district_id for s in instance.sites]
    offset = {"areas": 0, "sites": len(at.areas)}
    dropped = {offset[t] + i for t, i in lost}  # a lost minus sign: not a place to go by
    rows: dict[str, list[int]] = {}
    for row, kecamatan in enumerate(district):
        if row not in dropped:
            rows.setdefault(kecamatan, []).append(row)
    # (field, kecamatan or None for the whole instance) -> the places compared with.
    groups: dict[tuple[int, str | None], np.ndarray] = {}

    def places(column: int, kecamatan: str | None) -> np.ndarray:
        key = (column, kecamatan)
        if key not in groups:
            within = (np.delete(xy, sorted(dropped), axis=0) if kecamatan is None
                      else xy[rows.get(kecamatan, [])].reshape(-1, 2))
            groups[key] = within[within[:, column] != 0]
        return groups[key]

    refused: dict[tuple[int, str | None], list[tuple[str, int]]] = {}
    for table, index in found:
        column = 0 if xy[offset[table] + index, 0] == 0 else 1
        scope: str | None = district[offset[table] + index]
        if not len(places(column, scope)):
            # None other in its kecamatan: the kecamatan nearest in the coordinate given
            # (the whole instance, which stood in before, may straddle the equator and
            # let a kelurahan at (0, 100.40) through among places at 0.2 and -0.9).
            scope = _nearest_kecamatan(xy, rows, column, xy[offset[table] + index])
        group = places(column, scope)[:, column]
        if not len(group):
            continue
        low, high = float(group.min()), float(group.max())
        gap = low if low > 0 else -high if high < 0 else 0.0
        if gap > max(high - low, ZERO_MARGIN_DEG):
            refused.setdefault((column, scope), []).append((table, index))
    out = []
    for (column, scope), cells in refused.items():
        group = places(column, scope)
        low, high = float(group[:, column].min()), float(group[:, column].max())
        km = nearest_km(xy[[offset[t] + i for t, i in cells]], group)
        span = f"{low:.2f} to {high:.2f}"
        where = (f"the other places of kecamatan {scope} lie at {span}"
                 if scope is not None else f"every other place lies at {span}")
        field = "lat" if column == 0 else "lon"
        for (table, index), far in zip(cells, km, strict=True):
            what = "area" if table == "areas" else "office"
            message = ("is 0, far from where the rest of its kecamatan lies (in brackets: "
                       "where, and how far from the nearest of them)")
            shown = f"0 ({low:.2f}..{high:.2f}, {km_text(float(far))} km)"
            text = (f"is 0, but {where}: 0 puts the {what} {km_text(float(far))} km from the "
                    f"nearest of them")
            out.append(Finding(table, index, field, "zero_coordinate", message, shown, text,
                               fix=ZERO_FIXES[(table, field)]))
    return sorted(out, key=lambda f: (f.table, f.index))


def _nearest_kecamatan(xy: np.ndarray, rows: dict[str, list[int]], column: int,
                       point: np.ndarray) -> str | None:
    """The kecamatan (of `rows`) with a place nearest to `point` in the coordinate other
    than `column` (the one typed), among its places whose `column` is not 0; None when
    there is none."""
    other = 1 - column
    best: tuple[float, str] | None = None
    for kecamatan, members in rows.items():
        within = xy[members].reshape(-1, 2)
        within = within[within[:, column] != 0]
        if not len(within):
            continue
        gap = float(np.abs(within[:, other] - point[other]).min())
        if best is None or gap < best[0]:
            best = (gap, kecamatan)
    return None if best is None else best[1]


# What to change for a point at (0, 0) (optimizer.i18n.problems has each).
POINT_FIXES = {
    "areas": "fill in the kelurahan's latitude and longitude in decimal degrees, e.g. -2.99 "
             "and 104.75",
    "sites": "fill in the office's latitude and longitude in decimal degrees, e.g. -2.99 and "
             "104.75",
}


# What to change for a half-blank coordinate (optimizer.i18n.problems has each).
ZERO_FIXES = {
    ("areas", "lat"): "fill in the kelurahan's latitude in decimal degrees, e.g. -2.99 (one "
                      "on the equator with its decimals, e.g. 0.0004)",
    ("areas", "lon"): "fill in the kelurahan's longitude in decimal degrees, e.g. 104.75",
    ("sites", "lat"): "fill in the office's latitude in decimal degrees, e.g. -2.99 (one on "
                      "the equator with its decimals, e.g. 0.0004)",
    ("sites", "lon"): "fill in the office's longitude in decimal degrees, e.g. 104.75",
}


def _far(instance: Instance, at: _Points, half: set[tuple[str, int]]) -> list[Finding]:
    """Areas far from every office and offices far from every area; the points in `half`
    (a coordinate refused as a blank filled with 0) are neither checked nor compared
    with: an office at longitude 0 does not make its kelurahan far."""
    if not instance.sites or not instance.areas:
        return []
    keep = {"areas": np.ones(len(at.areas), dtype=bool),
            "sites": np.ones(len(at.sites), dtype=bool)}
    for table, index in half:
        keep[table][index] = False
    out = []
    for table, own, other, what, near in (("areas", at.areas, at.sites, "area", "office"),
                                          ("sites", at.sites, at.areas, "office", "area")):
        others = other[keep["sites" if table == "areas" else "areas"]]
        if not len(others):
            continue
        gap = nearest_km(own, others)
        for i in np.flatnonzero((gap > FAR_KM) & keep[table]):
            lat, lon = own[i]
            # The cell to look at: the longitude when it is the one that cannot be
            # Indonesia's (negative, or outside ~94-142 east while the latitude fits).
            field = "lon" if lon < 0 or (not LON_SPAN[0] <= lon <= LON_SPAN[1]
                                         and LAT_SPAN[0] <= lat <= LAT_SPAN[1]) else "lat"
            message = f"puts the {what} more than {km_text(FAR_KM)} km from every {near}"
            shown = f"({lat:g}, {lon:g}): {km_text(float(gap[i]))} km"
            text = (f"({lat:g}, {lon:g}) puts the {what} {km_text(float(gap[i]))} km from the "
                    f"nearest {near}")
            out.append(Finding(table, int(i), field, "far_coordinates", message, shown, text))
    return out


def _distances(instance: Instance, at: _Points) -> list[Finding]:
    if not instance.distances:
        return []
    area_at = {a.area_id: i for i, a in enumerate(instance.areas)}
    site_at = {s.site_id: i for i, s in enumerate(instance.sites)}
    rows = [(i, area_at[d.area_id], site_at[d.site_id], d.km)
            for i, d in enumerate(instance.distances)
            if d.area_id in area_at and d.site_id in site_at]
    if not rows:
        return []
    index, a, s, km = (np.array(c) for c in zip(*rows, strict=True))
    areas, sites = at.areas, at.sites
    gc = great_circle_km(areas[a, 0], areas[a, 1], sites[s, 0], sites[s, 1])
    km = km.astype(np.float64)
    long = (km > DISTANCE_RATIO * gc) & (km > gc + DISTANCE_SLACK_KM)
    # (qa3 item 3, a rule added after the vectorization: a km below half the great-circle
    # km less 3 km, as optimizer/io/plausible.py has it)
    short = ((km * DISTANCE_RATIO < gc) & (km + DISTANCE_SLACK_KM < gc)) \
        | (km < 0.5 * gc - 3.0)
    out = []
    for j in np.flatnonzero(long | short):
        d = instance.distances[int(index[j])]
        shown = f"{km_text(float(km[j]))} km ({km_text(float(gc[j]))} km)"
        if long[j]:
            message = ("is far longer than the great-circle km between the area's and the "
                       "office's coordinates (in brackets)")
            text = (f"is {km_text(float(km[j]))} km, but area {d.area_id} and office "
                    f"{d.site_id} are {km_text(float(gc[j]))} km apart great-circle: no "
                    f"road is that long")
        else:
            message = ("is far shorter than the great-circle km between the area's and the "
                       "office's coordinates (in brackets)")
            text = (f"is {km_text(float(km[j]))} km, but area {d.area_id} and office "
                    f"{d.site_id} are {km_text(float(gc[j]))} km apart great-circle: no "
                    f"road is that short")
        out.append(Finding("distances", int(index[j]), "km",
                           "long_distance" if long[j] else "short_distance", message, shown,
                           text))
    return out


def implausible(instance: Instance, at: tuple[str, ...] = ()) -> list[Problem]:
    """`body_findings` as located problems, each at its JSON pointer under `at`
    (("instance",) for a request body) with what to check; [] when all is plausible."""
    from optimizer.io.grouping import FIXES

    out = []
    for f in body_findings(instance):
        loc = (*at, f.table, str(f.index), f.field)
        out.append(Problem(location=".".join(loc), pointer=json_pointer(loc),
                           message=f"{f.text}; {f.fix or FIXES.get(f.kind, '')}"))
    return out
