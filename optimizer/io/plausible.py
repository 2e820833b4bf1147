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
  of km away.
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
  them (0.0004), which the rule never refuses. Both coordinates 0 is the far check's.
- A site's stock above its storage cap (constraint (2c) cannot hold) is refused at the
  cell, so that the planner sees the row (the API, given an instance as JSON, still
  answers with an `infeasible` plan naming the site).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from optimizer.engine.geometry import EARTH_RADIUS_KM, great_circle_km
from optimizer.schema import Instance, Problem, json_pointer

DISTANCE_RATIO = 5.0
DISTANCE_SLACK_KM = 50.0
FAR_KM = 1000.0
ZERO_MARGIN_DEG = 0.25
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
    """Every implausible value of `instance`: storage, coordinates, then distances."""
    return _storage(instance) + _coordinates(instance)


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
    return out + _coordinates(instance)


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
    zero = _zero(instance, at)
    # A half-blank point far from every office too is said once, at its 0 cell.
    half = {(f.table, f.index) for f in zero}
    found = _far(instance, at, half) + zero
    distances = _distances(instance, at)
    if not found or not distances:
        return found + distances
    refused = {(f.table, f.index) for f in found}
    areas = {a.area_id: ("areas", i) for i, a in enumerate(instance.areas)}
    sites = {s.site_id: ("sites", i) for i, s in enumerate(instance.sites)}
    return found + [f for f in distances
                    if areas[instance.distances[f.index].area_id] not in refused
                    and sites[instance.distances[f.index].site_id] not in refused]


@dataclass(frozen=True)
class _Points:
    """(lat, lon) of the areas and of the sites, (n, 2) each: read off the rows once."""

    areas: np.ndarray
    sites: np.ndarray


def _zero(instance: Instance, at: _Points) -> list[Finding]:
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
    rows: dict[str, list[int]] = {}
    for row, kecamatan in enumerate(district):
        rows.setdefault(kecamatan, []).append(row)
    offset = {"areas": 0, "sites": len(at.areas)}
    # (field, kecamatan or None for the whole instance) -> the places compared with.
    groups: dict[tuple[int, str | None], np.ndarray] = {}

    def places(column: int, kecamatan: str | None) -> np.ndarray:
        key = (column, kecamatan)
        if key not in groups:
            within = xy if kecamatan is None else xy[rows[kecamatan]]
            groups[key] = within[within[:, column] != 0]
        return groups[key]

    refused: dict[tuple[int, str | None], list[tuple[str, int]]] = {}
    for table, index in found:
        column = 0 if xy[offset[table] + index, 0] == 0 else 1
        scope: str | None = district[offset[table] + index]
        if len(places(column, scope)) < 2:  # no spread to measure: the whole instance
            scope = None
        group = places(column, scope)[:, column]
        if len(group) < 2:
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
            message = f"puts the {what} more than {km_text(FAR_KM)} km from every {near}"
            shown = f"({lat:g}, {lon:g}): {km_text(float(gap[i]))} km"
            text = (f"({lat:g}, {lon:g}) puts the {what} {km_text(float(gap[i]))} km from the "
                    f"nearest {near}")
            out.append(Finding(table, int(i), "lat", "far_coordinates", message, shown, text))
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
    short = (km * DISTANCE_RATIO < gc) & (km + DISTANCE_SLACK_KM < gc)
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
