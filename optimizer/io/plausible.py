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
  wrong place (a sign lost: 3.0 instead of -3.0). Nearer, a measured distance below
  `SHORT_RATIO` (half) the great-circle distance less `SHORT_SLACK_KM` (3 km) is refused
  too: a 0 typed where the distance was blank (the old advice "0 where there is none")
  planned residents 10-14 km away as 0 km, inside any travel limit. A centroid 3 km from
  where the road is measured (a kelurahan 6 km across) stays inside the slack; the
  bundled Palembang distances are 1.3x great-circle or more.
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
- A kecamatan subtotal whatever its sum (`_subtotals`): an id that is a kecamatan's
  code (dots and case aside) whose kecamatan has other rows, a kecamatan code or one
  ending in 0000 among kelurahan codes, a name starting with a region or totals word
  that most names do not start with (`Kota` is none: Kota Baru is a kelurahan).
- A kelurahan typed twice (`_copies`): two rows of one kecamatan with one name and one
  point; or of two kecamatan with one name, one point and one backlog (not 0), whatever
  their ids (a block pasted into another kecamatan under new codes).
- An office typed twice (`_site_copies`): two rows with one name at one point (a row
  pasted again under a new id counts the office's printers twice).
- One name: folded (`_name_key`: 'Kantor Kec. Ilir Barat I' is 'Kantor Kecamatan Ilir
  Barat I'); one point: as typed, or rounded to 4 or 3 decimals (`_ROUNDINGS`). Two real
  kelurahan of one name in one kecamatan less than ~110 m apart are so refused too: none
  is found in data/ (docs/spreadsheets.md), and the fix says how to plan them (a name
  of its own: SAME_PLACE_AREA_FIX).
- A row pasted again whatever its name (`_figure_copies`): a kelurahan of the kecamatan of
  an earlier one, with its population and every tier's backlog (rare enough:
  `COPY_ODDS`), within `COPY_NEAR_KM` (1 km) of it; an office of the kecamatan of an
  earlier one with all its figures, within 1 km, named as it is but written otherwise
  (`Kec.`, `2` for `II`) or not named.
- A kelurahan code of another kecamatan (`_code_prefixes`): an id that is a Kemendagri
  kelurahan code whose first six digits are the code of a kecamatan of the input, in a
  row that gives another kecamatan.
- A kelurahan more than `STRAY_KM` (50 km) from every other place of its kecamatan,
  and more than `STRAY_SCALE` (10) times the input's typical spread (`_stray`; within
  the scale, a plan warning: AREA_FAR_IN_DISTRICT, engine/codes.py).
- A site's stock above its storage cap (constraint (2c) cannot hold) is refused at the
  cell, so that the planner sees the row (the API, given an instance as JSON, still
  answers with an `infeasible` plan naming the site).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from operator import attrgetter, itemgetter, ne
from typing import Any

import numpy as np

from optimizer.engine.geometry import EARTH_RADIUS_KM, great_circle_km
from optimizer.engine.strays import far_areas
from optimizer.engine.totals import SUM_ROWS, groups, sum_rows
from optimizer.engine.totals import _backlog as totals_backlog
from optimizer.schema import Instance, Problem, id_key, json_pointer

DISTANCE_RATIO = 5.0
DISTANCE_SLACK_KM = 50.0
# A measured km below half the great-circle km less 3 km: no centroid offset explains it
# (a 0 typed for a blank: residents 10 km away planned as next door).
SHORT_RATIO = 0.5
SHORT_SLACK_KM = 3.0
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
    produces. Bahasa Indonesia writes the same figure with a decimal comma, 2,3 km
    (optimizer.i18n.problems, babel's number format of the locale).
    """
    if km >= 100:
        return f"{km:.0f}"
    return f"{km:.1f}" if km >= 1 else f"{km:.2f}"


def findings(instance: Instance, seen: Mapping[str, Mapping[str, Any]] | None = None
             ) -> list[Finding]:
    """Every implausible value of `instance`: storage, totals rows (by their sums or their
    ids and names), kelurahan and offices typed twice, kelurahan codes of another kecamatan,
    coordinates, then distances. `seen`: the values of the instance's rows as its reader
    made them ({table: fastrows.Seen}, optimizer.io.files), read from there rather than
    row by row off the models (the same objects: the findings are the same)."""
    columns = _Columns(instance, seen)
    at = _points(instance, columns)
    sums = _sum_rows(instance, at, columns)
    copies = _rounded_copies(instance, at, sums, columns)
    prefixes = _code_prefixes(instance, sums + copies)
    return (_storage(instance) + _outliers(instance) + _week_days(instance)
            + _low_cards(instance) + sums
            + copies + prefixes
            + _without(_coordinates(instance, sums + copies + prefixes, at), instance,
                       sums + copies))


# The totals row a sheet ends with: JUMLAH, TOTAL, Sub Total, Grand Total, and the
# Indonesian abbreviations Jml, Jml., Jmlh, Jlh and Total Keseluruhan / Keseluruhan (as a
# whole word: Kelurahan Jamalang or Sentosa Jaya are no totals).
TOTALS = re.compile(r"(?i)\b(?:jumlah|jml|jmlh|jlh|total|subtotal|grand\s*total|"
                    r"keseluruhan)\b")
# Every match of TOTALS holds one of these, in any case (`grand total`, `subtotal` hold
# `total`, `jmlh` holds `jml`, `keseluruhan` holds `eluruhan`): a text without any of
# them, lower-cased, cannot match. None of their letters is one that TOTALS' case-blind
# matching reads otherwise than str.lower (the Kelvin sign for k, the long s for s, the
# dotted and dotless i), so the test is exact (tests/io/test_plausible_equivalence.py).
_TOTALS_WORDS = ("jumlah", "jml", "jlh", "total", "eluruhan")


def totals_in(text: str) -> re.Match[str] | None:
    """`TOTALS.search(text)`, answered without the regular expression when `text` holds
    none of `_TOTALS_WORDS` (the usual case: a whole column of ids, ~20x faster)."""
    lowered = text.lower()
    if not any(word in lowered for word in _TOTALS_WORDS):
        return None
    return TOTALS.search(text)


def body_findings(instance: Instance) -> list[Finding]:
    """What the service refuses in an instance sent as JSON: totals rows (an id or name
    reading JUMLAH or TOTAL), then sums, copies (kelurahan and offices), kelurahan codes
    of another kecamatan, coordinates and distances as `findings` (a tester's (0, 0)
    kelurahan and JUMLAH row were planned `optimal`). A stock above its cap is left to the
    engine, which answers with an `infeasible` plan naming the site (docs/model.md)."""
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
    at = _points(instance)
    sums = [f for f in _sum_rows(instance, at) if (f.table, f.index) not in named]
    copies = _rounded_copies(instance, at, out + sums)
    prefixes = _code_prefixes(instance, out + sums + copies)
    return out + sums + copies + prefixes + _without(
        _coordinates(instance, out + sums + copies + prefixes, at), instance,
        out + sums + copies)


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


class _Columns:
    """A field's values over a table's rows: the reader's (`findings`' `seen`) when it
    gave them for every row, else read off the models (one C-level map a field)."""

    def __init__(self, instance: Instance,
                 seen: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.instance = instance
        self.seen = seen or {}

    def given(self, table: str, field: str) -> Any:
        """The reader's values of `field` (a list, or {key: list} for `backlog[]`), or
        None when it gave none for every row of `table`."""
        rows = getattr(self.instance, table)
        values = self.seen.get(table, {}).get(field)
        if values is None:
            return None
        if isinstance(values, Mapping):
            return values if all(len(v) == len(rows) for v in values.values()) else None
        return values if len(values) == len(rows) else None

    def get(self, table: str, field: str) -> list[Any]:
        """Every row's `field` of `table`, in row order (a new list or the reader's; not
        to be changed)."""
        values = self.given(table, field)
        if values is not None:
            return list(values) if not isinstance(values, list) else values
        return list(map(attrgetter(field), getattr(self.instance, table)))

    def floats(self, table: str, field: str) -> np.ndarray:
        """Every row's `field` of `table` as float64."""
        values = self.given(table, field)
        if values is not None:
            return np.array(values, dtype=np.float64).reshape(-1)
        rows = getattr(self.instance, table)
        return np.fromiter(map(attrgetter(field), rows), dtype=np.float64, count=len(rows))

    def counts(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(`totals._backlog` of the areas and tiers, the areas' populations as int64)
        from the reader's values, or None when it gave none."""
        by_tier = self.given("areas", "backlog[]")
        population = self.given("areas", "population")
        tiers = self.instance.tiers
        if by_tier is None or population is None or set(by_tier) != set(tiers):
            return None
        n = len(self.instance.areas)
        backlog = np.column_stack([np.array(by_tier[t], dtype=np.int64).reshape(-1)
                                   for t in tiers]).reshape(n, -1) if tiers else \
            np.zeros((n, 0), dtype=np.int64)
        return backlog, np.array(population, dtype=np.int64).reshape(-1)


def _sum_rows(instance: Instance, at: _Points, columns: _Columns | None = None
              ) -> list[Finding]:
    """A totals row typed as a place: an area row whose backlog (and population, when it
    gives one) is the sum of the other rows of the file or of its kecamatan (`sum_rows`)
    *and* that looks like no kelurahan (`region_row`): a tester's `16.71`, "Kota
    Palembang", carrying the city's sums, was planned as one more kelurahan. A sum alone
    is a coincidence (Pontianak Selatan's Benua Melayu Darat, 120 = 45 + 75, is a real
    kelurahan): the plan warns of it (engine/codes.py, AREA_SUM_OF_OTHERS), never a
    refusal.

    A kecamatan subtotal is refused whatever its sum (`_subtotals`): one typed before
    its kelurahan were updated is the sum of nothing, and doubled the kecamatan's
    backlog in a tester's plan."""
    out = []
    grouped = None
    if at is not None:  # the areas' kecamatan as _points grouped them (areas first)
        n = len(instance.areas)
        group = at.group[:n]
        grouped = (at.names[:int(group.max()) + 1 if n else 0], group)
    read = columns.counts() if columns is not None else None
    found = sum_rows(instance, grouped, read)
    subtotals = _subtotal_sums(instance, found, columns or _Columns(instance))
    for row, kecamatan, region in found:
        if row in subtotals:
            message = ("this looks like a kecamatan subtotal row, not a kelurahan: its "
                       f"backlog is the sum of the other rows of its kecamatan, {subtotals[row]}")
            area_id = instance.areas[row].area_id
            out.append(Finding("areas", row, "area_id", "subtotal_sum", message,
                               repr(area_id), f"{message}, got {area_id!r}",
                               fix=SUBTOTAL_SUMS_FIX))
            continue
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
    summed = {f.index for f in out}
    out += [f for f in _subtotals(instance, at, columns) if f.index not in summed]
    return sorted(out, key=attrgetter("index"))


SUBTOTAL_SUMS_FIX = ("delete the kecamatan's subtotal rows: every row must be one kelurahan "
                     "(the plan adds up each kecamatan itself)")
# Why a sum row that looks like a kelurahan by `totals.region_row` (its id a kelurahan
# code, its name no region's) is a kecamatan's subtotal all the same (`_subtotal_sums`).
_SUBTOTAL_SUM_WHY = {
    "name": "and its name is the kecamatan's",
    "blank": "and its name is blank where the other rows have names",
    "number": "and its kelurahan number lies outside the numbering of the other kelurahan "
              "of its kecamatan",
    "pattern": "as is one row in each of {count} kecamatan",
}


def _subtotal_sums(instance: Instance, found: list[tuple[int, str | None, bool]],
                   columns: _Columns) -> dict[int, str]:
    """{row: why} of the rows of `sum_rows` whose backlog is the sum of the other rows of
    their kecamatan, that look like a kelurahan by their id and name (`region` False:
    else refused as a totals row) and are its subtotal all the same (tester qa9: each
    kecamatan's `16.71.0X.9999` named as the kecamatan, at its office's point, was
    planned as one more kelurahan, every kecamatan's backlog doubled):

    - its name, folded as the copy rules fold (`_name_key`: Roman numerals, number
      words, abbreviations), is its kecamatan's in the districts table;
    - its name is blank while most other rows of the file have one;
    - its id is a kelurahan code whose number (the last four digits) is out of the
      numbering of its kecamatan's other codes: of another kind than 1xxx (kelurahan)
      or 2xxx (desa), as 9999, or beyond twice the highest other number and 10 more
      (1999 or 2999 where the others run to 1012);
    - the pattern: two kecamatan or more each have exactly one such sum row, and they
      are at least half the kecamatan with rows enough to hold one (`SUM_ROWS` others).

    A sum alone is a coincidence (Pontianak Selatan's Benua Melayu Darat, 120 = 45 +
    75): such a row stays a warning (AREA_SUM_OF_OTHERS). None of the bundled or
    synthetic datasets (seeds 0-5) has a sum row at all (tests/io/test_qa9_faults.py)."""
    own = [(row, kecamatan) for row, kecamatan, region in found
           if not region and kecamatan is not None]
    if not own:
        return {}
    areas = instance.areas
    names: list[str | None] = columns.get("areas", "name")
    named = sum(1 for name in names if name and name.strip())
    district_names = {d.district_id: d.name for d in instance.districts if d.name}
    members: dict[str, list[int]] = {}
    for i, area in enumerate(areas):
        members.setdefault(area.district_id, []).append(i)
    out: dict[int, str] = {}
    for row, kecamatan in own:
        name = (names[row] or "").strip()
        own_name = district_names.get(kecamatan)
        if name and own_name and _name_key(name) == _name_key(own_name):
            out[row] = _SUBTOTAL_SUM_WHY["name"]
        elif not name and named > (len(areas) - 1) / 2:
            out[row] = _SUBTOTAL_SUM_WHY["blank"]
        else:
            others = [areas[i].area_id for i in members.get(kecamatan, []) if i != row]
            if _outside_numbering(areas[row].area_id, others):
                out[row] = _SUBTOTAL_SUM_WHY["number"]
    per_kecamatan: dict[str, int] = {}
    for _, kecamatan in own:
        per_kecamatan[kecamatan] = per_kecamatan.get(kecamatan, 0) + 1
    ones = {k for k, count in per_kecamatan.items() if count == 1}
    room = sum(1 for rows in members.values() if len(rows) > SUM_ROWS)
    if len(ones) >= 2 and 2 * len(ones) >= room:
        for row, kecamatan in own:
            if kecamatan in ones:
                out.setdefault(row, _SUBTOTAL_SUM_WHY["pattern"].format(count=len(ones)))
    return out


def _outside_numbering(area_id: str, others: list[str]) -> bool:
    """Whether kelurahan code `area_id`'s number lies out of the numbering of `others`
    (the other ids of its kecamatan, two kelurahan codes at least): not a 1xxx or 2xxx
    number, or beyond twice the highest other number (last three digits) and 10 more."""
    number = _kelurahan_number(area_id)
    numbers = [n for n in map(_kelurahan_number, others) if n is not None]
    if number is None or len(numbers) < SUM_ROWS:
        return False
    if number[0] not in "12":
        return True
    return int(number[1:]) > 2 * max(int(n[1:]) for n in numbers) + 10


# The name of a kecamatan's (or a kabupaten's, a province's) subtotal row: Kecamatan
# Sako, Kec. Sako, Kabupaten Banyuasin, Kab. Banyuasin, Provinsi Sumatera Selatan, and the
# totals words (Jumlah Sako, Total, Sub Total, Subtotal). `Kota` is not among them: Kota
# Baru, Kota Karang and Kota Bambu Selatan are kelurahan (a `Kota ...` row is refused
# when its backlog is also a sum, engine/totals.py REGION). Searched over the names
# joined a line each (one search in C, not one a row: names hold no line break).
SUBTOTAL_NAME = re.compile(r"(?im)^[^\S\n]*(?:kecamatan|kec\b|kabupaten|kab\b|provinsi|"
                           r"prov\b|jumlah|jml\b|total|sub[^\S\n]*total|sub[^\S\n]*jumlah)")
# Every match of SUBTOTAL_NAME holds one of these, in any case: names without any of them
# (lower-cased) are not searched.
_SUBTOTAL_WORDS = ("kec", "kab", "prov", "jumlah", "jml", "total")
# Kemendagri codes: a kelurahan's or desa's (16.71.08.1001, 1671081001; an id a line);
# a kecamatan's (16.71.08, 167108) or one ending in 0000 (16.71.08.0000), an id each.
_AREA_CODES = re.compile(r"(?m)^(?:\d{2}\.\d{2}\.\d{2}\.\d{4}|\d{10})$")
_KECAMATAN_CODES = re.compile(r"(?:(\d{2}\.\d{2}\.\d{2}|\d{6})|[\d.]*0000)")
_ZEROS_END = re.compile(r"0000$", re.M)
SUBTOTAL_FIX = ("delete the subtotal row: every row must be one kelurahan (the plan adds up "
                "each kecamatan itself)")


def _lines_matching(pattern: re.Pattern[str], texts: list[str]
                    ) -> list[tuple[int, re.Match[str]]]:
    """(index, match) of the `texts` (without line breaks) where the multi-line
    `pattern` matches at a line's start: one search over the joined text, each match's
    line found by its offset."""
    joined = "\n".join(texts)
    found = list(pattern.finditer(joined))
    if not found:
        return []
    starts = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1)
    at = np.searchsorted(starts, [m.start() for m in found], side="right")
    return [(int(i), m) for i, m in zip(at, found, strict=True)]


def _subtotals(instance: Instance, at: _Points, columns: _Columns | None = None
               ) -> list[Finding]:
    """Area rows that are a kecamatan subtotal whatever their backlog: the id is the code
    of a kecamatan of the instance (dots and case aside) whose other rows are there; a
    Kemendagri kecamatan code (16.71.08, 167108) or a code ending in 0000 (16.71.08.0000)
    where most other rows hold kelurahan codes; or the name starts with a region or
    totals word (`SUBTOTAL_NAME`) that most other names do not start with (a file of
    kabupaten, data/indonesia, names each `Kabupaten ...`). Said at the id's cell, or the
    name's, in row order. Each test is a search over a whole column (set operations, one
    regular expression over the joined ids or names), rows looked at only when it finds
    something."""
    areas = instance.areas
    n = len(areas)
    if n < 2:
        return []
    columns = columns or _Columns(instance)
    ids: list[str] = columns.get("areas", "area_id")
    per_district = dict(zip(at.names, np.bincount(at.group[:n], minlength=len(at.names))
                            .tolist(), strict=True))
    reasons: dict[int, tuple[str, str]] = {}  # row -> (field, why)
    # An id that is a kecamatan's code, dots and case aside (16.71.08 / 167108): only ids
    # as long as some code (with or without its dots) are compared.
    codes: dict[str, str] = {}  # code without dots, case-folded -> code
    for code in dict.fromkeys([*map(attrgetter("district_id"), instance.districts),
                               *at.names]):
        codes.setdefault(code.replace(".", "").casefold(), code)
    long = {len(k) for k in codes} | {len(c) for c in codes.values()}
    long |= {8} if 6 in long else set()  # (167108 written 16.71.08)
    lengths = np.fromiter(map(len, ids), dtype=np.int64, count=n)
    for i in np.flatnonzero(np.isin(lengths, sorted(long))).tolist():
        code = codes.get(ids[i].replace(".", "").casefold())
        if code is not None and per_district.get(code, 0) - (
                areas[i].district_id == code) > 0:
            reasons[i] = ("area_id", f"its id is the code of kecamatan {code}")
    # Only ids 6 or 8 characters long can be a kecamatan code, and only a text with
    # `0000` before a line's end holds one ending in 0000: else no search.
    rows = set(np.flatnonzero((lengths == 6) | (lengths == 8)).tolist())
    rows.update(i for i, _ in _lines_matching(_ZEROS_END, ids))
    kecamatan_codes = [(i, m) for i in sorted(rows)
                       if (m := _KECAMATAN_CODES.fullmatch(ids[i])) is not None]
    if kecamatan_codes:
        coded = {i for i, _ in _lines_matching(_AREA_CODES, ids)}
        for i, match in kecamatan_codes:
            if i in reasons or len(coded) - (i in coded) <= (n - 1) / 2:
                continue  # (most other rows hold no kelurahan code: ids of another kind)
            reasons[i] = ("area_id", "its id is a kecamatan code where the other rows hold "
                                     "kelurahan codes" if match[1] else
                          "its id ends in 0000 where the other rows hold kelurahan codes")
    names: list[str | None] = columns.get("areas", "name")
    if None in names:
        names = [name or "" for name in names]
    text = "\n".join(names)  # type: ignore[arg-type]
    lowered = text.lower()
    if any(word in lowered for word in _SUBTOTAL_WORDS):
        worded = _lines_matching(SUBTOTAL_NAME, text.split("\n"))
        if len(worded) - 1 <= (n - 1) / 2:
            for i, _ in worded:
                reasons.setdefault(i, ("name", "its name starts with a region or totals "
                                               "word"))
    out = []
    for i, (field, why) in sorted(reasons.items()):
        if field == "area_id":
            message = f"this looks like a kecamatan subtotal row, not a kelurahan: {why}"
            kind, value = "subtotal_row", ids[i]
        else:
            message = f"this looks like a subtotal row, not a kelurahan: {why}"
            kind, value = "subtotal_name", areas[i].name or ""
        out.append(Finding("areas", i, field, kind, message, repr(value),
                           f"{message}, got {value!r}", fix=SUBTOTAL_FIX))
    return out


def _name_key(name: str | None) -> str:
    """A place's name as two rows are compared by: case, spaces, invisible characters
    (zero-width space, soft hyphen), compatibility forms, dashes and punctuation aside
    ('Kantor Kecamatan.' and 'Kantor\u200bKecamatan' are one name: tester qa6 copied an
    office and a kelurahan under such names, and each was planned twice), and the standard
    abbreviations folded (`_ABBREVIATIONS`: 'Kantor Kec. Ilir Barat I', 'Kt. Kecamatan
    Ilir Barat I' and 'Kecamatan Ilir Barat 1' are 'Kantor Kecamatan Ilir Barat I': an
    office row pasted again under the short form was planned with its printers twice).

    Folded so, word by word: an abbreviation to its word (Kec. Kecamatan, Kel.
    Kelurahan, Ds. Desa, Kt./Ktr. Kantor, Jl./Jln. Jalan, Kab. Kabupaten, ...; Camat
    Kecamatan, as 'Kantor Camat' is the kecamatan's office), a Roman numeral to its
    number (Ilir Barat I, Ilir Barat 1), the long forms of Disdukcapil, MPP and UPT to
    them; the word Kantor left out wherever it stands (every office row is one: 'Kec.
    Ilir Barat I' is 'Kantor Kecamatan Ilir Barat I'), and so is a Kelurahan or Desa the
    name starts with (an area row is one: 'Kel. Bukit Lama' is 'Bukit Lama'). Kecamatan,
    Kabupaten and Kota are kept: Kantor Kecamatan Sako and Kantor Kelurahan Sako, or
    Kabupaten and Kota Bekasi, are two places. A zero-width character (but the soft
    hyphen, which stands inside a word) separates words as a space does."""
    return "".join(_folded_words(name))


def office_name_key(name: str | None) -> str:
    """An office's name as offices are compared (`_name_key`): a shipments file naming
    its offices (optimizer.io.shipments.pins_for)."""
    return _name_key(name)


def _folded_words(name: str | None) -> list[str]:
    """A name's words folded as `_name_key` folds them (one folding for the name-and-point
    rule and the offices' figures rule, `_same_office_name`)."""
    text = id_key((name or "").translate(_INVISIBLE_SPACES))
    words = [_ABBREVIATIONS.get(word, word)
             for word in _PUNCTUATION.sub(" ", text).split()]
    folded = " ".join(words)
    if "ke" in folded or "pertama" in folded:
        folded = _ORDINAL.sub(_ordinal, folded)
    if _NUMBER_WORDS.search(folded):
        folded = _NUMBER.sub(_number, folded)
    folded = _ILIR_D.sub(r"\1 ", _YA.sub("i", folded))
    if any(word in _PHRASE_WORDS for word in words):
        folded = _PHRASES.sub(lambda match: _PHRASE_FOLDS[" ".join(match[0].split())],
                              folded)
    words = [word for word in folded.split() if word != "kantor"]
    if len(words) > 1 and words[0] in ("kelurahan", "desa"):
        words = words[1:]
    return _RESPELLED.get("".join(words), words)


_PUNCTUATION = re.compile(r"[^\w\s]")
# Format characters other than the soft hyphen (zero-width space and joiners, word
# joiner, byte-order mark) where a space was meant: each a space before id_key drops them.
_INVISIBLE_SPACES = dict.fromkeys((0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF), " ")
def _roman(number: int) -> str:
    """'xiv' for 14 (1-39)."""
    tens, ones = divmod(number, 10)
    return "x" * tens + ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")[ones]


# The standard abbreviations of Indonesian place and office names (lower case, without
# their full stop), each to its word; Roman numerals I-XXXIX to their numbers.
_ABBREVIATIONS = {
    "kec": "kecamatan", "kcm": "kecamatan", "camat": "kecamatan",
    "kel": "kelurahan", "kelr": "kelurahan", "ds": "desa",
    "kt": "kantor", "ktr": "kantor",
    "jl": "jalan", "jln": "jalan",
    "kab": "kabupaten", "kabup": "kabupaten",
    "prov": "provinsi", "propinsi": "provinsi",
    "kp": "kampung", "kmp": "kampung", "dsn": "dusun", "gg": "gang", "sei": "sungai",
    **{_roman(number): str(number) for number in range(1, 40)},
}
# Long forms written for a short one (after _ABBREVIATIONS, words one space apart).
_PHRASE_FOLDS = {
    "dinas kependudukan dan pencatatan sipil": "disdukcapil",
    "dinas dukcapil": "disdukcapil",
    "mal pelayanan publik": "mpp",
    "unit pelaksana teknis daerah": "uptd",
    "unit pelaksana teknis": "upt",
}
_PHRASES = re.compile(r"\b(?:" + "|".join(
    sorted(map(re.escape, _PHRASE_FOLDS), key=len, reverse=True)) + r")\b")
_PHRASE_WORDS = {phrase.split()[0] for phrase in _PHRASE_FOLDS}
# A number written in words, spaced, hyphenated or as one word (Tiga-puluh-lima Ilir,
# Dua Ulu, Limapuluh): its figure, as a file of 2015 names writes it (35 Ilir, 2 Ulu).
_UNITS = ("satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_UNIT = "(" + "|".join(_UNITS) + ")"
_NUMBER = re.compile(rf"\b(?:{_UNIT} ?puluh(?: ?{_UNIT})?|{_UNIT} ?belas|(sepuluh)|(sebelas)|"
                     rf"{_UNIT})\b")
_NUMBER_WORDS = re.compile(r"satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|"
                           r"sebelas|pertama")


# An ordinal (Kesatu, Kedua, Ketiga, Ke-empat, Kedua belas, Ke-3; Pertama): its number, as
# 'Ilir Timur Ketiga' is 'Ilir Timur III' and 'Ilir Timur 3' (tester: an office pasted
# again as 'Kantor Camat Ilir Timur Ketiga' beside 'Kantor Kecamatan Ilir Timur III' was
# planned with its printer twice). 'Ke' is taken off only before a number (Kemang stays).
_ORDINAL = re.compile(rf"\b(?:ke ?(?=(?:{_UNIT}|sepuluh|sebelas|\d+)\b|{_UNIT} ?(?:puluh|belas)"
                      rf"\b)|(pertama)\b)")


def _ordinal(match: re.Match[str]) -> str:
    """'' for the 'ke' of an ordinal (the number in words follows), 'satu' for pertama."""
    return "satu" if match[match.re.groups] else ""


# The 2015 spellings of Palembang's kelurahan beside the 2025 ones (data/reference/
# palembang_kelurahan.csv): 'ya' after a consonant written 'ia' in the old spelling
# (Karya Mulia, Karyamulya; Sukamulia), and the D (Daerah) of '20 Ilir D. I' left out
# ('Dua-puluh Ilir Satu'): a D standing between Ilir or Ulu and a number. Both readings
# fold to one, so no two names merge that differ otherwise.
_YA = re.compile(r"(?<=[bcdfghjklmnpqrstvwxz])y(?=a)")
_ILIR_D = re.compile(r"\b((?:ilir|ulu)) d (?=\d+\b)")
# Kelurahan renamed, not respelled (no rule folds them): the 2015 name's words to the
# 2025 name's. Pipa Jaya (2015) is Pipareja (16.71.09.1005), Kemuning.
_RESPELLED = {"pipajaya": ["pipareja"]}


def _number(match: re.Match[str]) -> str:
    """The figure of a number `_NUMBER` matched in words."""
    tens, ones, teen, ten, eleven, unit = match.groups()
    value = {unit: _UNITS.index(unit) + 1 for unit in _UNITS}
    if tens:
        return str(10 * value[tens] + (value[ones] if ones else 0))
    if teen:
        return str(10 + value[teen])
    return "10" if ten else "11" if eleven else str(value[unit])
# Coordinates two rows are compared at, besides as typed: rounded to 4 and to 3 decimals
# (about 11 m and 110 m), since a row copied by way of a sheet that shows fewer decimals
# holds the original rounded (tester qa6: a kelurahan copied at -2.9945 for -2.99447, and
# an office at 4 decimals, were each planned twice). A copy rounded to k decimals is the
# original rounded to k decimals.
_ROUNDINGS: tuple[int | None, ...] = (None, 4, 3)


def _rounded_copies(instance: Instance, at: _Points, refused: list[Finding],
                    columns: _Columns | None = None) -> list[Finding]:
    """`_copies` and `_site_copies` at every rounding of `_ROUNDINGS`, then the copies
    found by their figures (`_figure_copies`), each row said once (at the first check
    that finds it: as typed first)."""
    out: list[Finding] = []
    said: set[tuple[str, int]] = set()
    for decimals in _ROUNDINGS:
        for found in (_copies(instance, at, refused, decimals)
                      + _site_copies(instance, refused, at, decimals)):
            if (found.table, found.index) not in said:
                said.add((found.table, found.index))
                out.append(found)
    out += _figure_copies(instance, at, refused, said, columns)
    said |= {(f.table, f.index) for f in out}
    out += _stale_rounded(instance, at, refused, said)
    out.sort(key=lambda f: (f.table != "areas", f.index))
    return out


STALE_ROUNDED_FIXES = {
    "areas": ("if it is a stale copy, delete it; if they are two kelurahan of one name, give "
              "this one its own latitude and longitude, to 4 decimals or more"),
    "sites": ("if it is a stale copy, delete it (a copy counts the office's printers and "
              "stock twice); if they are two offices, give this one its own name and its own "
              "latitude and longitude, to 4 decimals or more"),
}


def _stale_rounded(instance: Instance, at: _Points, refused: list[Finding],
                   said: AbstractSet[tuple[str, int]]) -> list[Finding]:
    """Rows with the name (folded, `_name_key`) of another row of their kecamatan within
    `COPY_NEAR_KM` of it, one of the two at a point written to 2 decimals: a stale copy
    whose point was written so (its figures changed since, so `_figure_copies` does not
    find it), or a namesake whose point is not its own (a point to 2 decimals is a
    square of ~1.1 km, no kelurahan's or office's own place). Tester qa8: an office
    pasted again as 'Kantor Kecamatan Ilir Barat II' at -3.00, 104.75 with 500 in stock
    (0.55 km off), and a kelurahan as 'Lima-belas Ilir' at -2.98, 104.76 with another
    backlog (0.34 km off), were each planned twice. Refused at the later row, naming the
    earlier. Only kecamatan holding a row at 2 decimals are read (most files hold
    none); rows refused or said already take no part."""
    out = []
    n = len(instance.areas)
    for table, rows, xy, group in (("areas", instance.areas, at.areas, at.group[:n]),
                                   ("sites", instance.sites, at.sites, at.group[n:])):
        if len(rows) < 2:
            continue
        two = (np.round(xy, 2) == xy).all(axis=1)
        if not two.any():
            continue
        gone = {f.index for f in refused if f.table == table}
        kecamatan = set(group[two].tolist())
        by_name: dict[tuple[int, str], list[int]] = {}
        for i in np.flatnonzero(np.isin(group, list(kecamatan))).tolist():
            name = _name_key(rows[i].name)
            if name and i not in gone:
                by_name.setdefault((int(group[i]), name), []).append(i)
        for members in by_name.values():
            for k in range(1, len(members)):
                i = members[k]
                if (table, i) in said:
                    continue
                earlier = members[:k]
                km = great_circle_km(xy[i, 0], xy[i, 1], xy[earlier, 0], xy[earlier, 1])
                for m in np.flatnonzero(km <= COPY_NEAR_KM).tolist():
                    j = earlier[m]
                    if not (two[i] or two[j]) or km[m] == 0:
                        continue
                    out.append(_stale_finding(table, rows, i, j, float(km[m])))
                    break
    return out


def _stale_finding(table: str, rows: Sequence[Any], i: int, j: int, km: float) -> Finding:
    what = "kelurahan" if table == "areas" else "office"
    field = "area_id" if table == "areas" else "site_id"
    row, was = getattr(rows[i], field), getattr(rows[j], field)
    return Finding(
        table, i, field, "same_name_rounded",
        f"has the name of an earlier {what} of its kecamatan within 1 km, one of the two at a "
        f"point written to 2 decimals: a stale copy, or a namesake whose point is not its "
        f"own (after =: the earlier row's id)",
        f"{row!r} = {was!r}",
        f"has the name of the {what} first at {table}[{j}] (id {was}) of the same kecamatan, "
        f"{km_text(km)} km from it, one of the two at a point written to 2 decimals, got "
        f"{row!r}", fix=STALE_ROUNDED_FIXES[table])


# Two real kelurahan of one name in one kecamatan less than ~110 m apart (rounded to 3
# decimals, one point) would be refused whatever their coordinates: a name of its own
# (which only tells rows apart: the plan reads no name) always plans them.
SAME_PLACE_AREA_FIX = ("if it is a copy, delete the stale row; if they are two kelurahan of "
                       "one name, give each its own latitude and longitude, and if they lie "
                       "within about 110 m of each other a name of its own too (e.g. with its "
                       "code: Sukamaju 1001)")


def _copies(instance: Instance, at: _Points, refused: list[Finding],
            decimals: int | None = None) -> list[Finding]:
    """Two area rows with the same name (case and spacing aside) and the same coordinates:
    a kelurahan typed twice (a tester's copy under a new id, a kecamatan's block pasted
    again under desa codes, each planned with its backlog doubled). Refused at the later
    row's id.

    In one kecamatan: as a copy when the backlog is the same too (only the id differs:
    delete one), else as two rows at one point (a stale copy, or two kelurahan of one
    name whose coordinates were not each their own: each real kelurahan has its own
    centroid, so either way a row is to change).

    In two kecamatan: only when the backlog is the same too, and not 0 (many kelurahan
    share a name across kecamatan, Sukajadi, Sukamaju, Sukajaya, and coordinates found by
    the name, a geocoder given "Sukajaya, Palembang", may put two of them at one point:
    their own backlogs tell them apart). As a copy (`copied_area_elsewhere`, "delete the
    copy") when the code is the same kelurahan's (its kelurahan number, the last four
    digits of a Kemendagri code, repeated: 16.71.02.1001 of 16.71.01.1001, only the
    kecamatan part changed) or two rows or more of one kecamatan repeat rows of one other
    so (a tester's three Ilir Barat II kelurahan pasted into Seberang Ulu I under new
    codes were planned `optimal`, counted twice). One such row under a code of its own is
    refused too, with the fix of two rows at one point (delete the copy, or give each
    kelurahan its own latitude and longitude): a pasted row is far likelier than two real
    kelurahan with one name and every tier's backlog the same, and even then one of the
    two points is wrong (each real kelurahan has its own centroid), so its travel would
    be planned from the other's place. (qa4 asked for such a pair to plan, and for one
    session it planned with a note; a note is easily missed, and a copy planned counts
    its residents twice: a wrong plan is worse than a refusal whose fix plans it.) A copy
    whose backlog is 0 plans nothing twice.

    Rows without a name, and rows refused already (`refused`), are not compared. Rows
    sharing a latitude are found first (sorted by numpy, no row loop); only they are
    compared."""
    areas = instance.areas
    if len(areas) < 2:
        return []
    # (`decimals`: the points compared rounded so, `_ROUNDINGS`.)
    points = at.areas if decimals is None else np.round(at.areas, decimals)
    # Rows whose point another row shares (sorted by latitude then longitude, equal
    # neighbours; no row loop, and no np.unique over rows, which is slow where many rows
    # share a rounded latitude): few but copies.
    order = np.lexsort((points[:, 1], points[:, 0]))
    ordered = points[order]
    same = (ordered[1:] == ordered[:-1]).all(axis=1)
    if not same.any():
        return []
    shared = np.unique(np.concatenate([order[1:][same], order[:-1][same]]))
    gone = {f.index for f in refused if f.table == "areas"}
    seen: dict[tuple[int, float, float, str], int] = {}
    # (point, name, backlog) -> the first row with them, for copies across kecamatan.
    anywhere: dict[tuple[float, float, str, tuple[tuple[str, int], ...]], int] = {}
    # Rows repeating a row of another kecamatan: (its kecamatan, the other's) -> pairs.
    elsewhere: dict[tuple[str, str], list[tuple[int, int]]] = {}
    out = []
    for i in shared.tolist():
        area = areas[i]
        name = _name_key(area.name)
        if not name or i in gone:
            continue
        point = (float(points[i, 0]), float(points[i, 1]))
        j = seen.setdefault((int(at.group[i]), *point, name), i)
        backlog = tuple(sorted(area.backlog.items()))
        if j == i:
            first = anywhere.setdefault((*point, name, backlog), i)
            if first == i or not any(count for _, count in backlog):
                continue
            elsewhere.setdefault((area.district_id, areas[first].district_id), []).append(
                (i, first))
            continue
        was = areas[j]
        if dict(was.backlog) == dict(area.backlog):
            message = ("repeats an earlier kelurahan of its kecamatan: the same name, "
                       "coordinates and backlog, only the id differs (after =: the "
                       "earlier row's id)")
            text = (f"repeats the kelurahan first at areas[{j}] (id {was.area_id}): the same "
                    f"kecamatan, name, coordinates and backlog, only the id differs")
            fix = "delete one of the two rows: each kelurahan is one row"
            kind = "copied_area"
        else:
            message = ("has the name and coordinates of an earlier kelurahan of its "
                       "kecamatan, with another backlog (after =: the earlier row's id)")
            text = (f"has the name and coordinates of the kelurahan first at areas[{j}] (id "
                    f"{was.area_id}) of the same kecamatan, with another backlog")
            fix = SAME_PLACE_AREA_FIX
            kind = "same_place_area"
        out.append(Finding("areas", i, "area_id", kind, message,
                           f"{area.area_id!r} = {was.area_id!r}",
                           f"{text}, got {area.area_id!r}", fix=fix))
    for pairs in elsewhere.values():
        for i, first in pairs:
            area, was = areas[i], areas[first]
            number = _kelurahan_number(area.area_id)
            # One row under a code of its own: a copy, or two kelurahan of one name whose
            # coordinates were found by the name (either way a row is to change).
            alone = len(pairs) < 2 and (number is None
                                        or number != _kelurahan_number(was.area_id))
            message = ("repeats an earlier kelurahan of another kecamatan: the same name, "
                       "coordinates and backlog (after =: the earlier row's id)")
            text = (f"repeats the kelurahan first at areas[{first}] (id {was.area_id}, "
                    f"kecamatan {was.district_id}): the same name, coordinates and backlog, "
                    f"here in kecamatan {area.district_id}")
            out.append(Finding("areas", i, "area_id", "copied_area_elsewhere", message,
                               f"{area.area_id!r} = {was.area_id!r}",
                               f"{text}, got {area.area_id!r}",
                               fix=SAME_PLACE_AREA_FIX if alone else
                               "delete the copy: each kelurahan is one row, in its own "
                               "kecamatan"))
    out.sort(key=lambda f: f.index)
    return out


_AREA_CODE_DIGITS = re.compile(r"^\d{2}\.?\d{2}\.?\d{2}\.?(\d{4})$")


def _kelurahan_number(area_id: str) -> str | None:
    """'1001' of a Kemendagri kelurahan code (16.71.01.1001 or 1671011001): the number of
    the kelurahan within its kecamatan; None for an id of another kind."""
    match = _AREA_CODE_DIGITS.match(area_id.strip())
    return None if match is None else match[1]
SITE_COPY_FIX = ("delete one of the two rows: each office is one row (a copy counts its "
                 "printers and stock twice)")
SAME_PLACE_SITE_FIX = ("if it is a copy, delete the stale row (a copy counts the office's "
                       "printers twice); if they are two offices in one building, give each "
                       "its own name")


def _site_copies(instance: Instance, refused: list[Finding], at: _Points | None = None,
                 decimals: int | None = None) -> list[Finding]:
    """Two office rows that are one office: the same name (case and spacing aside) at the
    same coordinates. Refused at the later row's id, since each row's printers are
    capacity: a tester's sites row pasted again as `KEC-16.71.01B` planned 12,000 cards
    where the office prints 9,000, silently (the API, with the id written with U+2010 for
    '-', 200 more).

    Why name and point, and not the point alone or the name alone: two real offices can
    share a building (a Mal Pelayanan Publik holds the Disdukcapil counter and a
    kecamatan's, each with its own printers), so one point is no copy when the names
    differ; one name (Kantor Kecamatan, UPT Disdukcapil) may be used for offices in other
    places, so one name is no copy when the points differ. A row pasted again keeps both.
    When the kecamatan, printers, cards per printer-day, working days, stock and storage
    cap are the same too, it is a copy (`copied_site`: delete one); else one office given
    twice with other figures (`same_place_site`: a stale row beside the updated one, or
    two offices in one building under one name: the fix says both). Rows without a name
    are a copy only when all of that is the same (two unnamed rows with other figures are
    not told apart from two counters in one building).

    Rows refused already (`refused`: a totals row) are not compared. One dict look-up a
    row (an office table has at most a few thousand rows)."""
    sites = instance.sites
    if len(sites) < 2:
        return []
    gone = {f.index for f in refused if f.table == "sites"}
    # (`decimals`: the points compared rounded so, `_ROUNDINGS`; `at`: the points.)
    xy = _xy(sites) if at is None else at.sites
    points = xy if decimals is None else np.round(xy, decimals)
    # Only rows whose point another row shares can be a copy (found by numpy: the names,
    # folded in Python, are read for those alone; a national table has 7,000 offices).
    _, inverse, count = np.unique(points, axis=0, return_inverse=True, return_counts=True)
    shared = np.flatnonzero((count > 1)[inverse.reshape(-1)])
    seen: dict[tuple[object, ...], int] = {}
    out = []
    for i in shared.tolist():
        site = sites[i]
        if i in gone:
            continue
        figures = (site.district_id, site.printers, site.cards_per_printer_day,
                   site.working_days, site.stock, site.storage_cap)
        name = _name_key(site.name)
        lat, lon = float(points[i, 0]), float(points[i, 1])
        key: tuple[object, ...] = (lat, lon, name) if name else (lat, lon, "", *figures)
        j = seen.setdefault(key, i)
        if j == i:
            continue
        was = sites[j]
        if (was.district_id, was.printers, was.cards_per_printer_day, was.working_days,
                was.stock, was.storage_cap) == figures:
            message = ("repeats an earlier office: the same name, kecamatan, coordinates, "
                       "printers and stock, only the id differs (after =: the earlier row's "
                       "id)")
            text = (f"repeats the office first at sites[{j}] (id {was.site_id}): the same "
                    f"name, kecamatan, coordinates, printers and stock, only the id differs")
            kind, fix = "copied_site", SITE_COPY_FIX
        else:
            message = ("has the name and coordinates of an earlier office, with other "
                       "figures (after =: the earlier row's id)")
            text = (f"has the name and coordinates of the office first at sites[{j}] (id "
                    f"{was.site_id}), with another kecamatan, printers, working days or "
                    f"stock")
            kind, fix = "same_place_site", SAME_PLACE_SITE_FIX
        out.append(Finding("sites", i, "site_id", kind, message,
                           f"{site.site_id!r} = {was.site_id!r}",
                           f"{text}, got {site.site_id!r}", fix=fix))
    return out


# A row whose kecamatan and every figure equal another row's, at a point within
# COPY_NEAR_KM of it, is that row typed twice whatever its id and name (`_figure_copies`).
# 1 km: a copy whose coordinates were written to 2 decimals lies up to 0.79 km from the
# original (half a hundredth of a degree each way); tester qa7's lay 450 m off.
COPY_NEAR_KM = 1.0
# A kelurahan's figures (wajib KTP and each tier's backlog) are told from a coincidence
# only when they are rare enough: some backlog, and the product of the figures' odds at
# least COPY_ODDS, a figure's odds being its value without its trailing zeros (0 as 1;
# 5,000 as 5: a round estimate typed by hand is one of a few round values, and two
# neighbours share it far more often). Two counts of size v agree by chance about once in
# v, so two real kelurahan near each other agree in every figure about once in the
# product. The bundled and synthetic data hold ~1,500 pairs of one kecamatan within 1 km
# per province (~37,000 in a national file), none agreeing in two figures and under 1 % in
# one (tests/io/test_figure_copies.py): at 10^5 a national file would meet a chance pair
# about once in three files if every pair were at the bound, and real pairs lie far above
# it (9,069 wajib KTP x 893 x 572 is 5 x 10^9). Below it (30 first-time waiting and no
# population; 5,000 and 300) agreement is no evidence, and a copy must be found by its
# name and point (`_copies`).
COPY_ODDS = 100_000


def _figure_copies(instance: Instance, at: _Points, refused: list[Finding],
                   said: AbstractSet[tuple[str, int]] = frozenset(),
                   columns: _Columns | None = None) -> list[Finding]:
    """Rows that repeat an earlier row of their kecamatan in every figure at a point within
    `COPY_NEAR_KM`, whatever their ids and names (tester qa7: a kelurahan pasted again
    under a new code in a table of codes without names, or with `Kel.` before its name, or
    at coordinates written to 2 decimals, and an office pasted again as 'Kantor Kec. Ilir
    Barat II' for 'Kantor Kecamatan Ilir Barat II', 'Ilir Barat 2' for 'II' or without a
    name, were each planned with the backlog or printers twice).

    Kelurahan: the same kecamatan, population and backlog of every tier, rare enough
    (`COPY_ODDS`) that no two real kelurahan share them by chance; the name is not read.
    Offices: the same kecamatan, printers, cards per printer-day, working days, stock and
    storage cap, and names that are one office's (`_same_office_name`: written otherwise
    by abbreviations, numerals, case or punctuation, or one left blank, then at the same
    point, `_nearest_earlier`). An office's figures are the same at most offices (1
    printer, 150 cards a day, 20 days, no stock), so they tell nothing alone: two offices
    in one building under their own names plan, and so does an office without a name
    at a point of its own near another.
    An office whose copy would add nothing (no capacity, no stock) is not refused.

    Rows refused already (`refused`) are compared with no other; rows said already
    (`said`, the copies found by name and point) are not said again. Rows are grouped by
    their figures (one lexsort over the table, no row loop); only rows of a group of two
    or more are compared, by great-circle distance."""
    out = _area_figure_copies(instance, at, refused, said, columns)
    return out + _site_figure_copies(instance, at, refused, said)


def _equal_runs(matrix: np.ndarray) -> list[list[int]]:
    """The sets of rows of `matrix` (n, k) int64 equal in every column, of two rows or
    more, each ascending. Rows are sorted by one 64-bit mix of their columns (one argsort,
    not a lexsort over k keys: ~10x faster on a national table), and rows with one mix are
    then told apart by their columns (a rare collision splits a set, never joins two)."""
    if len(matrix) < 2:
        return []
    mix = np.zeros(len(matrix), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in matrix.T:
            mix = (mix ^ column.astype(np.uint64)) * np.uint64(0x100000001B3)
            mix ^= mix >> np.uint64(29)
    order = np.argsort(mix, kind="stable")
    ordered = mix[order]
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return []
    starts = np.flatnonzero(np.r_[True, ~same])
    ends = np.r_[starts[1:], len(order)]
    runs = []
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        if e - s < 2:
            continue
        by_figures: dict[tuple[int, ...], list[int]] = {}
        for i in sorted(order[s:e].tolist()):
            by_figures.setdefault(tuple(matrix[i].tolist()), []).append(i)
        runs += [rows for rows in by_figures.values() if len(rows) > 1]
    return runs


def _nearest_earlier(rows: list[int], xy: np.ndarray, gone: AbstractSet[int],
                     names: Mapping[int, tuple[tuple[str, bool], ...]] | None = None
                     ) -> list[tuple[int, int, float]]:
    """(row, the first earlier row of `rows` within COPY_NEAR_KM of it (and, given
    `names` (`_name_words`), named as one office: where one name is blank, at the same
    point, as typed or one the other's written to 4 or 3 decimals (`_same_point`): an
    office's figures are the same at most offices, and tester qa8's real second office
    without a name 0.45 km from KEC-16.71.04, 1 printer, 150 cards, 20 days, no stock,
    was refused as its copy), km) for each row of `rows` that has one; rows of `gone`
    take no part. A row's distances to the earlier rows are one numpy
    call (a run of many offices of one kecamatan with the usual figures stays fast)."""
    rows = [i for i in rows if i not in gone]
    points = xy[rows]
    found = []
    for k in range(1, len(rows)):
        km = great_circle_km(points[k, 0], points[k, 1], points[:k, 0], points[:k, 1])
        for m in np.flatnonzero(km <= COPY_NEAR_KM).tolist():
            i, j = rows[k], rows[m]
            if names is None or (_same_office_name(names[i], names[j]) and (
                    (names[i] and names[j]) or _same_point(tuple(xy[i].tolist()),
                                                           tuple(xy[j].tolist()), (4, 3)))):
                found.append((i, j, float(km[m])))
                break
    return found


def _area_figure_copies(instance: Instance, at: _Points, refused: list[Finding],
                        said: AbstractSet[tuple[str, int]],
                        columns: _Columns | None) -> list[Finding]:
    areas = instance.areas
    n = len(areas)
    if n < 2:
        return []
    counts = columns.counts() if columns is not None else None
    if counts is None:
        backlog = totals_backlog(areas, instance.tiers)
        population = np.fromiter(map(attrgetter("population"), areas), dtype=np.int64,
                                 count=n)
    else:
        backlog, population = counts
    figures = np.column_stack([population, backlog])
    gone = {f.index for f in refused if f.table == "areas"}
    out = []
    across = []
    # (the few rows sharing figures are judged, by the figures they share; those of one
    # kecamatan by distance, those of two by their points and names)
    runs = [rows for rows in _equal_runs(figures) if _rare(figures[rows[0]].tolist())]
    kecamatan_runs = []
    for rows in runs:
        by_group: dict[int, list[int]] = {}
        for i in rows:
            by_group.setdefault(int(at.group[i]), []).append(i)
        kecamatan_runs += [one for one in by_group.values() if len(one) > 1]
        if len(by_group) > 1:
            across.append(rows)
    for rows in kecamatan_runs:
        for i, j, km in _nearest_earlier(rows, at.areas, gone):
            if ("areas", i) in said:
                continue
            area, was = areas[i], areas[j]
            where = "at the same point" if km == 0 else f"{km_text(km)} km from it"
            out.append(Finding(
                "areas", i, "area_id", "copied_area_figures",
                "repeats an earlier kelurahan of its kecamatan: the same population and "
                "backlog of every tier at a point within 1 km, whatever its name (after =: "
                "the earlier row's id)",
                f"{area.area_id!r} = {was.area_id!r}",
                f"repeats the kelurahan first at areas[{j}] (id {was.area_id}): the same "
                f"kecamatan, population and backlog of every tier, {where}, got "
                f"{area.area_id!r}", fix=FIGURE_COPY_AREA_FIX))
    out += _area_copies_elsewhere(instance, at, across, gone,
                                  said | {("areas", f.index) for f in out})
    return out + _blank_population_copies(instance, at, figures, gone,
                                          said | {("areas", f.index) for f in out})


def _blank_population_copies(instance: Instance, at: _Points, figures: np.ndarray,
                             gone: AbstractSet[int], said: AbstractSet[tuple[str, int]]
                             ) -> list[Finding]:
    """Rows that repeat an earlier row in every backlog, the population blank (0) in one
    of the two: a copy whose population cell was left blank (or the original's), judged
    by its backlogs alone (`_rare`, the blank population counting as no evidence), as the
    rows of one figure are: of its kecamatan within `COPY_NEAR_KM`, of another at the same
    point with its name blank or the same (tester qa8: a kelurahan pasted into another
    kecamatan with its name and population blank, every backlog and the point the same,
    was planned with its backlog twice: its figures differed from the original's in the
    blank population alone). Rows whose populations are both given (and differ) are two
    kelurahan here, as in `_area_figure_copies`."""
    blank = figures[:, 0] == 0
    if not blank.any() or blank.all():
        return []
    areas = instance.areas
    out = []
    for run in _equal_runs(figures[:, 1:]):
        rows = [i for i in run if i not in gone]
        if not blank[rows].any() or blank[rows].all() or not _rare([0, *figures[rows[0], 1:]]):
            continue
        for k, i in enumerate(rows):
            if ("areas", i) in said:
                continue
            for j in rows[:k]:
                if blank[i] == blank[j]:
                    continue
                one, other = tuple(at.areas[i].tolist()), tuple(at.areas[j].tolist())
                area, was = areas[i], areas[j]
                if at.group[i] == at.group[j]:
                    km = float(great_circle_km(one[0], one[1], np.array([other[0]]),
                                               np.array([other[1]]))[0])
                    if km > COPY_NEAR_KM:
                        continue
                    where = "at the same point" if km == 0 else f"{km_text(km)} km from it"
                    out.append(Finding(
                        "areas", i, "area_id", "copied_area_blank_population",
                        "repeats an earlier kelurahan of its kecamatan: the same backlog of "
                        "every tier at a point within 1 km, the population blank in one of "
                        "the two, whatever its name (after =: the earlier row's id)",
                        f"{area.area_id!r} = {was.area_id!r}",
                        f"repeats the kelurahan first at areas[{j}] (id {was.area_id}): the "
                        f"same kecamatan and backlog of every tier, the population blank in "
                        f"one of the two, {where}, got {area.area_id!r}",
                        fix=FIGURE_COPY_AREA_FIX))
                    break
                name, other_name = _name_key(area.name), _name_key(was.name)
                if (name and other_name and name != other_name) or not _same_point(one, other):
                    continue
                out.append(Finding(
                    "areas", i, "area_id", "copied_area_elsewhere_blank_population",
                    "repeats an earlier kelurahan of another kecamatan: the same point and "
                    "backlog of every tier, the population blank in one of the two, its name "
                    "blank or the same (after =: the earlier row's id)",
                    f"{area.area_id!r} = {was.area_id!r}",
                    f"repeats the kelurahan first at areas[{j}] (id {was.area_id}, kecamatan "
                    f"{was.district_id}): the same point and backlog of every tier, the "
                    f"population blank in one of the two, here in kecamatan "
                    f"{area.district_id}, got {area.area_id!r}",
                    fix="delete the copy: each kelurahan is one row, in its own kecamatan"))
                break
    return out


def _area_copies_elsewhere(instance: Instance, at: _Points, runs: list[list[int]],
                           gone: AbstractSet[int], said: AbstractSet[tuple[str, int]]
                           ) -> list[Finding]:
    """Rows that repeat an earlier row of ANOTHER kecamatan in every figure (population
    and each tier's backlog, rare enough: `_rare`) at the same point, as typed or as one
    point written to fewer decimals (`_same_point`), with a name blank or the same once
    folded (`_name_key`). Tester qa8: 16.71.01.1001 pasted into kecamatan 16.71.02 as
    16.71.02.1099 in a table without a name column, with a blank name, or as 'Kel. 35
    Ilir' at 2 decimals, was planned with its backlog twice (the name rule of `_copies`
    reads no blank name and compares points to 3 decimals at most). Namesakes of two
    kecamatan at one point plan as before when their figures differ; named rows under
    two other names are left to the name rules."""
    areas = instance.areas
    out = []
    for run in runs:
        rows = [i for i in run if i not in gone]
        for k, i in enumerate(rows):
            if ("areas", i) in said:
                continue
            area = areas[i]
            name = _name_key(area.name)
            for j in rows[:k]:
                was = areas[j]
                other = _name_key(was.name)
                if (at.group[i] == at.group[j] or (name and other and name != other)
                        or not _same_point(tuple(at.areas[i].tolist()),
                                           tuple(at.areas[j].tolist()))):
                    continue
                out.append(Finding(
                    "areas", i, "area_id", "copied_area_elsewhere_figures",
                    "repeats an earlier kelurahan of another kecamatan: the same point, "
                    "population and backlog of every tier, its name blank or the same "
                    "(after =: the earlier row's id)",
                    f"{area.area_id!r} = {was.area_id!r}",
                    f"repeats the kelurahan first at areas[{j}] (id {was.area_id}, kecamatan "
                    f"{was.district_id}): the same point, population and backlog of every "
                    f"tier, here in kecamatan {area.district_id}, got {area.area_id!r}",
                    fix="delete the copy: each kelurahan is one row, in its own kecamatan"))
                break
    return out


def _same_point(one: tuple[float, float], other: tuple[float, float],
                roundings: tuple[int, ...] = (4, 3, 2)) -> bool:
    """Whether two points are one: the same as typed, or one written to a number of
    decimals of `roundings` and the other rounded so (a copy made through a sheet showing
    fewer decimals, up to 0.79 km off at 2)."""
    if one == other:
        return True
    for decimals in roundings:
        for short, long in ((one, other), (other, one)):
            rounded = (round(short[0], decimals), round(short[1], decimals))
            if rounded == short and (round(long[0], decimals),
                                     round(long[1], decimals)) == short:
                return True
    return False


def _rare(figures: list[int]) -> bool:
    """Whether a kelurahan's figures (population, then each tier's backlog) are rare
    enough to be no coincidence (`COPY_ODDS`): some backlog, and the product of the
    figures' odds at least COPY_ODDS. A figure's odds are its value without its trailing
    zeros, 0 counting as 1: a round 5,000 or 300 (an estimate, a figure typed by hand) is
    one of a few round values, which two neighbours share far more often than one in
    5,000. A backlog that is a whole-percent share of the population or of a larger
    backlog (452 of 4,520, 10 %; 226, 5 %) counts as the odds of its percentage (10 % as
    1, 5 % as 5): an estimate made from the other figure, whose only choice was the share
    (tester qa8: two neighbours estimated at 4,500 / 450 / 225 and at 4,520 / 452 / 226,
    0.37 km apart, were refused as copies; such a pair plans, and a copy of it is found
    by its name and point, `_copies`)."""
    population, *backlogs = figures
    if not any(backlogs):
        return False
    product = _odds(population)
    for k, value in enumerate(backlogs):
        bases = [population, *(b for m, b in enumerate(backlogs) if m != k and b > value)]
        product *= min([_odds(value)] + [_odds(100 * value // base) for base in bases
                                         if base > 0 and (100 * value) % base == 0])
    return product >= COPY_ODDS


def _odds(value: int) -> int:
    """A figure's odds of agreeing by chance (`_rare`): its value without its trailing
    zeros, 0 as 1."""
    while value and value % 10 == 0:
        value //= 10
    return max(value, 1)


FIGURE_COPY_AREA_FIX = ("delete the copy: each kelurahan is one row; if they really are two "
                        "kelurahan, correct the figures or coordinates of the one that is "
                        "wrong (two kelurahan counted do not have every figure the "
                        "same; if they are estimates, write each backlog as a whole-percent "
                        "share of the population, 452 of 4,520, and the pair plans)")
FIGURE_COPY_SITE_FIX = ("delete the copy: each office is one row (a copy counts its printers "
                        "and stock twice); if they really are two offices, give each its own "
                        "name and its own figures")


def _site_figure_copies(instance: Instance, at: _Points, refused: list[Finding],
                        said: AbstractSet[tuple[str, int]]) -> list[Finding]:
    sites = instance.sites
    n = len(sites)
    if n < 2:
        return []
    figures = np.column_stack(
        [np.fromiter(map(attrgetter(field), sites), dtype=np.int64, count=n)
         for field in ("printers", "cards_per_printer_day", "working_days", "stock")]
        + [np.fromiter((-1 if cap is None else cap
                        for cap in map(attrgetter("storage_cap"), sites)),
                       dtype=np.int64, count=n)]).reshape(n, 5)
    # A copy of an office that prints nothing and holds nothing adds nothing to a plan.
    counted = (figures[:, 0] * figures[:, 1] * figures[:, 2] > 0) | (figures[:, 3] > 0)
    kept = np.flatnonzero(counted)
    if len(kept) < 2:
        return []
    matrix = np.column_stack([at.group[len(instance.areas):][kept], figures[kept]])
    gone = {f.index for f in refused if f.table == "sites"}
    out = []
    for run in _equal_runs(matrix):
        rows = kept[run].tolist()
        words = {i: _name_words(sites[i].name) for i in rows}
        for i, j, km in _nearest_earlier(rows, at.sites, gone, words):
            if ("sites", i) in said:
                continue
            site, was = sites[i], sites[j]
            where = "at the same point" if km == 0 else f"{km_text(km)} km from it"
            out.append(Finding(
                "sites", i, "site_id", "copied_site_figures",
                "repeats an earlier office of its kecamatan: the same printers, working days, "
                "stock and storage cap at a point within 1 km, its name written otherwise or "
                "blank (after =: the earlier row's id)",
                f"{site.site_id!r} = {was.site_id!r}",
                f"repeats the office first at sites[{j}] (id {was.site_id}): the same "
                f"kecamatan, printers, cards per printer-day, working days, stock and storage "
                f"cap, {where}, under its name written otherwise or none, got "
                f"{site.site_id!r}", fix=FIGURE_COPY_SITE_FIX))
    return out


def _name_words(name: str | None) -> tuple[tuple[str, bool], ...]:
    """A name's words as `_same_office_name` compares them: folded by `_name_key`'s own
    folding (`_folded_words`: abbreviations, numbers in words, Roman numerals, Camat, and
    Kantor left out; tester qa8's 'Kantor Camat Ilir Timur Tiga' for 'Kantor Kecamatan
    Ilir Timur III' was planned with its printer twice while the two rules folded names
    apart); each with whether a full stop followed it in the name ('Pel.')."""
    text = id_key((name or "").translate(_INVISIBLE_SPACES))
    dotted = {match[1] for match in _WORD.finditer(text) if match[2] == "."}
    return tuple((word, word in dotted) for word in _folded_words(name))


_WORD = re.compile(r"(\w+)\s*(\.?)")


def _same_office_name(one: tuple[tuple[str, bool], ...],
                      other: tuple[tuple[str, bool], ...]) -> bool:
    """Whether two office names (`_name_words`) may be one office's: one blank, or word by
    word the same once folded as `_name_key` folds (Kantor Camat Ilir Timur Tiga is Kantor
    Kecamatan Ilir Timur III), or one word the other's abbreviation beyond the standard
    ones (a prefix of 2 letters or more, written with a full stop or of at most 3 letters:
    'Pel.' for 'Pelayanan'; not 'Suka' for 'Sukajadi'). Numbers are compared whole
    ('Ilir Barat I' is not 'Ilir Barat II')."""
    if not one or not other:
        return True
    if len(one) != len(other):
        return False
    for (a, a_dot), (b, b_dot) in zip(one, other, strict=True):
        if a == b:
            continue
        (short, dot), long = ((a, a_dot), b) if len(a) < len(b) else ((b, b_dot), a)
        if not (short.isalpha() and long.isalpha() and len(short) >= 2
                and long.startswith(short) and (dot or len(short) <= 3)):
            return False
    return True


# A kecamatan's Kemendagri code as a districts table holds it: 16.71.08 or 167108.
_KECAMATAN_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}|\d{6}")
PREFIX_FIX = ("correct one of the two, the kelurahan's code or its kecamatan: a kelurahan's "
              "code starts with the code of its kecamatan")


def _code_prefixes(instance: Instance, refused: list[Finding]) -> list[Finding]:
    """A kelurahan whose Kemendagri code (16.71.08.1001, 1671081001) starts with the code
    of one kecamatan of the input (16.71.08, 167108: its first six digits, dots aside)
    while its row gives another kecamatan: a tester's 16.71.08.1001 and .1002 given
    kecamatan 16.71.07 were planned there, silently, which changes the kecamatan whose
    coverage they share (equity) and the offices they may use whatever the km (the
    own-kecamatan rule). Said at the row's kecamatan cell; either cell may be the wrong
    one. Ids that are no kelurahan code (synthetic `A000001`, kabupaten `16.71`) and
    codes whose first six digits are no kecamatan of the input are not compared; rows
    refused already (`refused`) neither. Every row is compared by C-level maps (an
    83,000-row input in ~30 ms): an id's first 8 characters are looked up among the
    dotted codes (16.71.08), its first 6 among the undotted (167108), neither slice of
    one form ever being a key of the other; only the few rows whose kecamatan differs
    are matched against the code's pattern."""
    codes: dict[str, str] = {}  # six digits -> the kecamatan's id
    for district in instance.districts:
        if _KECAMATAN_CODE.fullmatch(district.district_id):
            codes.setdefault(district.district_id.replace(".", ""), district.district_id)
    if not codes:
        return []
    keys = dict(codes)  # ... and 16.71.08 -> the kecamatan's id
    keys.update((f"{c[:2]}.{c[2:4]}.{c[4:]}", d) for c, d in codes.items())
    areas = instance.areas
    ids = list(map(attrgetter("area_id"), areas))
    given = list(map(attrgetter("district_id"), areas))
    six = map(keys.get, map(itemgetter(slice(0, 6)), ids), given)
    owners = map(keys.get, map(itemgetter(slice(0, 8)), ids), six)
    differ = np.flatnonzero(np.fromiter(map(ne, owners, given), dtype=bool, count=len(ids)))
    if not len(differ):
        return []
    names = {d.district_id: d.name for d in instance.districts}
    gone = {f.index for f in refused if f.table == "areas"}

    def called(district: str) -> str:
        return f"{district} ({names[district]})" if names.get(district) else district

    out = []
    for i in differ.tolist():
        area = areas[i]
        if i in gone or not _AREA_CODES.fullmatch(area.area_id):
            continue
        owner = codes[area.area_id.replace(".", "")[:6]]
        message = ("gives another kecamatan than the one the kelurahan's code starts with (in "
                   "brackets: the code)")
        text = (f"gives kecamatan {called(area.district_id)}, but the kelurahan's code "
                f"{area.area_id} starts with the code of kecamatan {called(owner)}")
        out.append(Finding("areas", i, "district_id", "code_prefix_district", message,
                           f"{area.district_id!r} ({area.area_id})", text, fix=PREFIX_FIX))
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


# What to change for an office's figure 10 times the others' (`_outliers`); the plan
# reads printers x cards per printer-day x working days only as their product, so a real
# figure is planned as more printers at the others' (optimizer.i18n.problems has each).
OUTLIER_FIXES = {
    "cards_per_printer_day": "check the figure (a zero typed too many?); if it is real, "
                             "write the office's capacity as more printers at the other "
                             "offices' cards per printer-day: the plan uses printers x cards "
                             "per printer-day x working days (1 printer at 1500 is 10 "
                             "printers at 150)",
    "working_days": "check the figure (a zero typed too many?): working days are the days "
                    "until the next shipment, most often the same at every office; if it is "
                    "real, write the office's capacity as more printers over the other "
                    "offices' days: the plan uses printers x cards per printer-day x working "
                    "days (1 printer for 200 days is 10 printers for 20)",
}


def _outliers(instance: Instance) -> list[Finding]:
    """An office's cards per printer-day or working days 10 times the median of the other
    offices' or more (engine/codes.py `site_outliers`: at least 3 others): tester qa9's
    1500 where every other office has 150 (a zero typed too many) sent its office 7,829
    blanks for 4,750, planned `optimal`. Said at the cell, with the median. The service
    plans an instance sent as JSON with the warning SITE_FIGURE_OUTLIER instead (not in
    `body_findings`)."""
    from optimizer.engine.codes import OUTLIER_SCALE, site_outliers

    out = []
    for row, field, value, median in site_outliers(instance):
        message = (f"is {OUTLIER_SCALE} times the median of the other offices or more (in "
                   f"brackets: the median): a zero typed too many plans the office's capacity "
                   f"{OUTLIER_SCALE} times over")
        text = (f"is {value}, {OUTLIER_SCALE} times the median of the other offices "
                f"({median:g}) or more: a zero typed too many plans the office's capacity "
                f"{OUTLIER_SCALE} times over")
        out.append(Finding("sites", row, field, "site_outlier", message,
                           f"{value} ({median:g})", text, fix=OUTLIER_FIXES[field]))
    return sorted(out, key=attrgetter("index"))


WEEK_DAYS_FIX = ("write the days the office prints until the next shipment, the same period "
                 "as the other offices' (5 days a week for 4 weeks is 20); if it really "
                 "prints only these days, write its capacity over the other offices' days: "
                 "cards per printer-day times its days divided by theirs (150 x 5 / 20 = 37), "
                 "with their days")


def _week_days(instance: Instance) -> list[Finding]:
    """An office's working days those of one week (5, 6, 7) among offices giving the days
    of the whole period (engine/codes.py `site_week_days`): tester qa11's 5 among 20-22
    planned the office at a quarter of its capacity. Said at the cell, with the median."""
    from optimizer.engine.codes import site_week_days

    return _site_findings(
        site_week_days(instance), "site_week_days",
        "looks like the days of one week: the other offices give 3 times as many or more "
        "(in brackets: their median), the days until the next shipment",
        lambda value, median: (
            f"is {value}, the days of one week: the other offices give {median:g} (their "
            f"median), the days until the next shipment; the office's capacity would be "
            f"planned at a fraction of theirs"), WEEK_DAYS_FIX)


def _site_findings(found: Sequence[tuple[int, str, int, float]], kind: str, message: str,
                   text: Callable[[int, float], str], fix: str) -> list[Finding]:
    """One finding `kind` at the cell of each office figure found (row, field, value, the
    other offices' median): `message` for grouped lines, `text(value, median)` alone."""
    return [Finding("sites", row, field, kind, message, f"{value} ({median:g})",
                    text(value, median), fix=fix)
            for row, field, value, median in found]


LOW_CARDS_FIX = ("write the cards one printer prints in a working day: a rate per hour "
                 "times the hours printed a day (19 an hour for 8 hours is 152), or the "
                 "figure with its lost zero (15 for 150)")


def _low_cards(instance: Instance) -> list[Finding]:
    """An office's cards per printer-day a fifth of the others' median or less
    (engine/codes.py `site_low_cards`): tester qa11a's 19 (an hour) and 15 (a zero
    dropped) among offices at 150 planned at a tenth of their capacity. Said at the cell."""
    from optimizer.engine.codes import site_low_cards

    return _site_findings(
        site_low_cards(instance), "site_low_cards",
        "is a fifth of the median of the other offices or less (in brackets: the median): a "
        "rate per hour, or a zero dropped, plans the office's capacity at a fraction",
        lambda value, median: (
            f"is {value}, a fifth of the median of the other offices ({median:g}) or less: a "
            f"rate per hour, or a zero dropped, plans the office's capacity at a fraction"),
        LOW_CARDS_FIX)


def _xy(points: Sequence[object]) -> np.ndarray:
    """(n, 2) float64 (lat, lon) of `points`, a column at a time by C-level maps (no tuple
    per point)."""
    n = len(points)
    return np.column_stack([np.fromiter(map(attrgetter(name), points), dtype=np.float64,
                                        count=n) for name in ("lat", "lon")]).reshape(-1, 2)


def _unit(xy: np.ndarray) -> np.ndarray:
    lat, lon = np.radians(xy[:, 0]), np.radians(xy[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def nearest_km(points: np.ndarray, others: np.ndarray, tree: _Tree | None = None, *,
               pairs: int | None = None) -> np.ndarray:
    """Great-circle km from each of `points` ((n, 2) lat, lon degrees) to the nearest of
    `others` ((m, 2), m >= 1): shape (n,). Exact to well under a metre at the 1,000 km
    bound (the angle from the largest dot product of unit vectors; a k-d tree over the
    unit vectors above 2M pairs; `tree`, when given, is that tree over `others`).
    `pairs` (default n * m) decides between the two: a search for some of the points
    of a larger one gives each point the very figure the whole search gives it."""
    a = _unit(points)
    if (len(points) * len(others) if pairs is None else pairs) <= _DENSE_PAIRS:
        b = _unit(others)
        # Elementwise, not a BLAS product: its threads spin on a busy two-core machine.
        dots = (a[:, None, 0] * b[None, :, 0] + a[:, None, 1] * b[None, :, 1]
                + a[:, None, 2] * b[None, :, 2]).max(axis=1) if len(points) else np.zeros(0)
        return np.asarray(EARTH_RADIUS_KM * np.arccos(np.clip(dots, -1.0, 1.0)))
    chord, _ = (tree if tree is not None else _Tree(others)).get().query(a, k=1)
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2, 0.0, 1.0)))


def _coordinates(instance: Instance, rows: Sequence[Finding], at: _Points) -> list[Finding]:
    """Coordinates (far, half blank), then the distances of the areas and offices whose
    coordinates are right: a distance is not checked against a point already refused
    (the coordinates are what to fix; the distances are checked again after). The rows
    refused as no place (`rows`: totals rows, copies) are no place a kelurahan is near
    (`_stray`). `at`: the places (`_points`)."""
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
    # Every latitude of one table of the other sign: said once, with both readings when
    # the places refused are all of one table (`_table_sign`), else naming both tables
    # (`_across_equator`).
    lost, signed = _table_sign(lost, at)
    lost_rows |= {(signed, i) for i in range(len(getattr(at, signed)))} if signed else set()
    if signed is None:
        lost = _across_equator(at, lost)
    zero = [f for f in _zero(instance, at, lost_rows) if f.table not in gone]
    half |= lost_rows | {(f.table, f.index) for f in zero}
    far = _far(instance, at, half)
    stray = _stray(instance, at, half | {(f.table, f.index) for f in far + list(rows)})
    found = columns + far + island + zero + lost + stray
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
    names, group = at.names, at.group
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
    members = _Members(group, ok)
    out: list[Finding] = []
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
    return out + _lost_together(at, ok, members, {offset[f.table] + f.index for f in out})


# A latitude's sign wrong: a place alone (`_lost_minus`), or several of one kecamatan
# together (`_lost_together`); the same words and fix.
LOST_KINDS = frozenset({"lost_minus", "lost_minus_together"})


def _lost_together(at: _Points, ok: np.ndarray, members: _Members,
                   said: set[int]) -> list[Finding]:
    """Latitudes of several places of one kecamatan whose sign was lost together (two
    kelurahan typed 3.00 among their kecamatan at -3.0, an office and a kelurahan
    beside it: planned `optimal` with trips of 865 km): each lies beside the other, so
    `_lost_minus`, which measures a place from the nearest other place of its
    kecamatan, let them pass. Here the places of the kecamatan's smaller side of the
    equator (two or more; on a tie, the side the instance's places mostly are not on)
    are measured from its other side alone: more than `LOST_FAR_KM` from every place
    of it, and within `LOST_NEAR_KM` of one with the sign flipped, as in `_lost_minus`,
    when that side's places lie within `LOST_FAR_KM` of each other. A kecamatan with no
    place on its other side is `_flipped_kecamatan`'s. `said`: the rows `_lost_minus`
    refused already."""
    xy = np.concatenate([at.areas, at.sites])
    lat, group = xy[:, 0], at.group
    placed = ok & (lat != 0)
    n_groups = len(at.names)
    north = np.bincount(group[placed & (lat > 0)], minlength=n_groups)
    south = np.bincount(group[placed & (lat < 0)], minlength=n_groups)
    mixed = np.flatnonzero(np.minimum(north, south) >= 2)
    if not len(mixed):
        return []
    instance_north = int((lat[placed] > 0).sum()) > int((lat[placed] < 0).sum())
    tables = ["areas"] * len(at.areas) + ["sites"] * len(at.sites)
    offset = {"areas": 0, "sites": len(at.areas)}
    out = []
    for kecamatan in mixed.tolist():
        rows = np.array([j for j in members[kecamatan] if placed[j]], dtype=np.intp)
        wrong_north = (north[kecamatan] < south[kecamatan]
                       or (north[kecamatan] == south[kecamatan] and not instance_north))
        wrong = (lat[rows] > 0) if wrong_north else (lat[rows] < 0)
        others = xy[rows[~wrong]]
        suspects = np.array([j for j in rows[wrong].tolist() if j not in said], dtype=np.intp)
        low, high = others.min(axis=0), others.max(axis=0)
        if not len(suspects) or great_circle_km(low[0], low[1], high[0], high[1]) \
                > LOST_FAR_KM:
            # (places more than 100 km across, a province's in the bundled `indonesia`
            # table, 0.22 to 1.82: one of them lies near any mirror)
            continue
        given = nearest_km(xy[suspects], others)
        flipped = nearest_km(xy[suspects] * np.array([-1.0, 1.0]), others)
        for row, given_km, flipped_km in zip(suspects.tolist(), given.tolist(),
                                             flipped.tolist(), strict=True):
            if given_km > LOST_FAR_KM and flipped_km <= LOST_NEAR_KM:
                table = tables[row]
                out.append(_lost_finding(table, row - offset[table], float(lat[row]),
                                         str(at.names[kecamatan]), others, given_km,
                                         flipped_km, "lost_minus_together"))
    return out


TABLE_SIGN_FIXES = {
    "areas": "check the sign of the latitudes: south of the equator a latitude is negative "
             "(e.g. -2.99): add the minus sign to every kelurahan's latitude; if they lie "
             "north of it, remove the minus sign from the offices' latitudes instead",
    "sites": "check the sign of the latitudes: south of the equator a latitude is negative "
             "(e.g. -2.99): add the minus sign to every office's latitude; if they lie "
             "north of it, remove the minus sign from the kelurahan's latitudes instead",
}


def _table_sign(lost: list[Finding], at: _Points) -> tuple[list[Finding], str | None]:
    """`lost` (`_lost_minus`), said of the whole table when the latitudes of one table
    are all positive and the other's all negative, and the places refused (two or more)
    are all of one table, each the other table's sign among its kecamatan: one table was
    typed with the other sign, and which one the places cannot tell (tester qa9: every
    kelurahan without its minus sign was refused as 17 offices whose minus sign was
    typed in error, the correct sites.csv blamed). Said once, at the latitude column of
    the table of positive latitudes (a minus sign lost is the likelier slip, and most
    of Indonesia lies south of the equator), with both readings. Returns the findings
    and that table (None: `lost` as it was)."""
    tables = {f.table for f in lost}
    if len(lost) < 2 or len(tables) != 1 or any(f.kind not in LOST_KINDS for f in lost):
        return lost, None
    lat = {"areas": at.areas[:, 0], "sites": at.sites[:, 0]}
    given = {t: v[v != 0] for t, v in lat.items()}
    if not all(len(v) for v in given.values()):
        return lost, None
    positive = [t for t, v in given.items() if (v > 0).all()]
    negative = [t for t, v in given.items() if (v < 0).all()]
    if len(positive) != 1 or len(negative) != 1:
        return lost, None
    table = positive[0]
    low, high = float(given[table].min()), float(given[table].max())
    other = given[negative[0]]
    what, others = (("kelurahan", "offices") if table == "areas"
                    else ("offices", "kelurahan"))
    message = (f"is positive in every row ({low:.2f} to {high:.2f}), but the latitudes of "
               f"the {others} are all negative ({float(other.min()):.2f} to "
               f"{float(other.max()):.2f}), and the sign of one of the two tables flipped "
               f"puts every place next to its kecamatan: the minus signs of the {what} may "
               f"be lost (south of the equator), or those of the {others} typed in error "
               f"(north of it)")
    return [Finding(table, 0, "lat", "table_sign", message, "", message,
                    fix=TABLE_SIGN_FIXES[table], column=True)], table


def _lost_finding(table: str, index: int, lat: float, kecamatan: str, places: np.ndarray,
                  given_km: float, flipped_km: float, kind: str = "lost_minus") -> Finding:
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
    return Finding(table, index, "lat", kind, message, f"{lat:.2f}", text,
                   fix=LOST_FIXES[(table, north)])


ACROSS_EQUATOR_FIX = ("one of the two tables has the signs of its latitudes wrong: write "
                      "each latitude with its own sign, negative south of the equator "
                      "(Palembang -2.99), positive north of it (Manado 1.47); a hemisphere in "
                      "a header (LS, LU) is checked against the signs, it does not make them")


def _across_equator(at: _Points, lost: list[Finding]) -> list[Finding]:
    """`lost` (latitudes whose flipped sign puts them beside their kecamatan), or, when
    every latitude of one table has one sign and every latitude of the other the other
    sign, one finding naming both tables instead: which table is wrong cannot be told
    from the points (each table's kecamatan lie together), and blaming the offices
    because they are fewer sent a planner to correct the right table (tester: kelurahan
    latitudes made positive after a hemisphere refusal, 'Lintang (LU)' over 3.00, were
    said as the offices' minus signs typed in error). Tables of two rows or more: one
    row of the other sign is one cell typed wrong, and is said at that cell."""
    if not lost or len(at.areas) < 2 or len(at.sites) < 2:
        return lost  # (one row of the other sign is one cell's typo, said there)
    areas, sites = np.sign(at.areas[:, 0]), np.sign(at.sites[:, 0])
    if not (areas[0] != 0 and (areas == areas[0]).all() and (sites == -areas[0]).all()):
        return lost
    north, south = ("kelurahan", "offices") if areas[0] > 0 else ("offices", "kelurahan")
    message = (f"every latitude of the {north} is positive (north of the equator) and every "
               f"latitude of the {south} negative (south): the two tables put each "
               f"kecamatan on both sides of the equator")
    return [Finding("areas", 0, "lat", "across_equator", message, "", message,
                    fix=ACROSS_EQUATOR_FIX, column=True)]


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
    names, group = at.names, at.group
    members = _Members(group, ok)
    if len(members) < 2:
        return []
    lat = xy[:, 0]
    first = members.firsts()
    first = first[2 * np.abs(lat[first]) * 111.0 > LOST_FAR_KM - LOST_NEAR_KM]
    if not len(first):
        return []
    flipped = xy[first] * np.array([-1.0, 1.0])
    placed = np.flatnonzero(ok)
    tree = _Tree(xy[placed])  # (built once for both searches below, when they use one)
    near = first[nearest_km(flipped, xy[placed], tree) <= LOST_LONE_NEAR_KM]
    if not len(near):
        return []
    # As typed, the first place must lie more than LOST_FAR_KM from every other
    # kecamatan's: the nearest of another kecamatan is among its k nearest places, k its
    # kecamatan's size and one (a k-d tree over every place, built once, for a large
    # instance; a dense search else, scipy's import costs more than it).
    k = min(len(placed), int(members.size[group[near]].max()) + 1)
    if len(near) * len(placed) <= _DENSE_PAIRS:
        gaps = great_circle_km(xy[near, 0][:, None], xy[near, 1][:, None],
                               xy[placed, 0][None, :], xy[placed, 1][None, :])
        foreign = group[placed][None, :] != group[near][:, None]
        closest = np.where(foreign, gaps, np.inf).min(axis=1)
    else:
        chord, index = tree.get().query(_unit(xy[near]), k=k)
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
    """(lat, lon) of the areas and of the sites, (n, 2) each: read off the rows once; the
    kecamatan of every place (the areas', then the sites'), `names` in first-seen order
    and `group` each place's index among them (read once, when first asked)."""

    areas: np.ndarray
    sites: np.ndarray
    kecamatan: list[str] = dataclass_field(default_factory=list)
    names: list[str] = dataclass_field(default_factory=list)
    group: np.ndarray = dataclass_field(default_factory=lambda: np.zeros(0, dtype=np.intp))


def _points(instance: Instance, columns: _Columns | None = None) -> _Points:
    if columns is None:
        district = list(map(attrgetter("district_id"), instance.areas))
        district += map(attrgetter("district_id"), instance.sites)
        names, group = groups(district)
        return _Points(_xy(instance.areas), _xy(instance.sites), district, names, group)
    district = [*columns.get("areas", "district_id"), *columns.get("sites", "district_id")]
    names, group = groups(district)
    xy = {t: np.column_stack([columns.floats(t, "lat"), columns.floats(t, "lon")]
                             ).reshape(-1, 2) for t in ("areas", "sites")}
    return _Points(xy["areas"], xy["sites"], district, names, group)


class _Members:
    """The places where `ok` holds, by kecamatan (`group`): `self[g]` the rows of group
    `g` ascending, as `{g: rows}` built by one pass in row order gives them (only the
    groups holding such a place are keys); sorted once (a stable argsort), not a dict of
    lists grown a row at a time."""

    def __init__(self, group: np.ndarray, ok: np.ndarray) -> None:
        placed = np.flatnonzero(ok)
        self.rows = placed[np.argsort(group[placed], kind="stable")]
        keys = group[self.rows]
        self.starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) \
            else np.zeros(0, dtype=np.intp)
        self.counts = np.diff(np.r_[self.starts, len(keys)])
        self.at = dict(zip(keys[self.starts].tolist(), range(len(self.starts)), strict=True))
        self.size = np.zeros(len(group) and int(group.max()) + 1, dtype=np.intp)
        self.size[keys[self.starts]] = self.counts

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, group: int) -> list[int]:
        i = self.at[group]
        rows: list[int] = self.rows[self.starts[i]:self.starts[i] + self.counts[i]].tolist()
        return rows

    def firsts(self) -> np.ndarray:
        """The first row of every group of more than one place, ascending (the order of
        the groups' first places)."""
        return np.sort(self.rows[self.starts[self.counts > 1]])


class _Tree:
    """A k-d tree over the unit vectors of `xy` ((n, 2) lat, lon), built when first
    asked and then shared by the searches over the same places."""

    def __init__(self, xy: np.ndarray) -> None:
        self.xy = xy
        self.built: Any = None

    def get(self) -> Any:
        if self.built is None:
            from scipy.spatial import cKDTree  # only for a large instance (import ~0.1 s)

            # A sliding-midpoint tree (unbalanced, not compacted) builds in half the time
            # (90,000 places: ~27 -> ~14 ms) and answers alike: a nearest distance is the
            # least of the same computed distances whatever the tree's shape, and the k
            # nearest of _flipped_kecamatan are only asked for the nearest place of
            # another kecamatan, which lies among them however ties fall.
            self.built = cKDTree(_unit(self.xy), balanced_tree=False, compact_nodes=False)
        return self.built


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
    district = at.kecamatan
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
    group = {"areas": at.group[:len(at.areas)], "sites": at.group[len(at.areas):]}
    for table, own, other, what, near in (("areas", at.areas, at.sites, "area", "office"),
                                          ("sites", at.sites, at.areas, "office", "area")):
        other_table = "sites" if table == "areas" else "areas"
        others = other[keep[other_table]]
        if not len(others):
            continue
        # Most points lie near a place of the other table in their own kecamatan: that
        # place's km bounds the nearest's from above, and a point within 99 % of
        # FAR_KM of it cannot be far (the margin covers the two formulas' rounding).
        # Only the others are searched, as the whole search would (`pairs`).
        kept = np.flatnonzero(keep[other_table])
        one = np.full(len(at.names), -1, dtype=np.intp)  # a kept place of each kecamatan
        one[group[other_table][kept]] = kept
        mine = one[group[table]]
        unsure = keep[table] & (mine < 0)
        has = np.flatnonzero(keep[table] & (mine >= 0))
        bound = great_circle_km(own[has, 0], own[has, 1], other[mine[has], 0],
                                other[mine[has], 1])
        unsure[has[bound > 0.99 * FAR_KM]] = True
        gap = np.zeros(len(own))
        if unsure.any():
            gap[unsure] = nearest_km(own[unsure], others, pairs=len(own) * len(others))
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


def _stray(instance: Instance, at: _Points, skip: set[tuple[str, int]]) -> list[Finding]:
    """A kelurahan far from every other place of its own kecamatan (its other kelurahan
    and its offices, at least one): more than `STRAY_KM` (50 km), and more than
    `STRAY_SCALE` (10) times how far the input's areas typically lie from their
    kecamatan (engine/strays.py). A digit typed wrong (-3.90802 for -3.00802) put a
    Palembang kelurahan 100 km from the rest and its residents 130 km from an office in
    a plan said `optimal`. Palembang's kelurahan lie within 6 km of another place of
    their kecamatan, the synthetic national instance's within 8 km; the scale keeps a
    file of kabupaten (one area each, 100 km and more apart) or of a sparse rural
    kabupaten from being refused for its size (a kelurahan far but within the scale is
    planned, with the warning AREA_FAR_IN_DISTRICT). Said at the latitude's or the
    longitude's cell, whichever lies farther from the nearest place of the kecamatan;
    points in `skip` (refused already) are neither checked nor compared with."""
    n = len(at.areas)
    if n < 2:
        return []
    xy = np.concatenate([at.areas, at.sites])
    ok = np.ones(len(xy), dtype=bool)
    for table, index in skip:
        ok[index + (n if table == "sites" else 0)] = False
    far, limit = far_areas(xy, at.group, n, ok)
    out = []
    for i, km, j in far:
        if km <= limit:
            continue
        lat, lon = xy[i]
        dlat = abs(lat - xy[j, 0])
        dlon = abs(lon - xy[j, 1]) * np.cos(np.radians(xy[j, 0]))
        field = "lon" if dlon > dlat else "lat"
        kecamatan = at.names[int(at.group[i])]
        nearest = (instance.areas[j].area_id if j < n else instance.sites[j - n].site_id)
        message = (f"puts the kelurahan more than {km_text(limit)} km from every other place "
                   f"of its kecamatan (in brackets: how far from the nearest)")
        point = f"({_degrees(float(lat))}, {_degrees(float(lon))})"
        shown = f"{point}: {km_text(km)} km"
        text = (f"{point} puts the kelurahan {km_text(km)} km from the nearest "
                f"other place of kecamatan {kecamatan} ({nearest})")
        out.append(Finding("areas", int(i), field, "stray_area", message, shown, text,
                           fix="check the kelurahan's latitude and longitude (a digit typed "
                               "wrong?) and its kecamatan"))
    return out


def _degrees(value: float) -> str:
    """Degrees as typed, up to 6 decimals (104.7436, not 104.744: a typo is in a digit)."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


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
    short = ((km * DISTANCE_RATIO < gc) & (km + DISTANCE_SLACK_KM < gc)) \
        | (km < SHORT_RATIO * gc - SHORT_SLACK_KM)
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
