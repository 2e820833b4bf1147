"""Warnings (not errors) on a planner's data: Kemendagri region codes that are likely
typos, and areas with more residents waiting than residents.

Codes look like `16.71` (city), `16.71.01` (kecamatan), `16.71.01.1001`
(kelurahan: 1xxx) or `16.71.01.2001` (desa: 2xxx). When most districts of an
instance carry kecamatan codes, a district id that does not, or an area whose
code does not start with its district's code, is most likely a typo.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from operator import attrgetter
from typing import NamedTuple

import numpy as np

from optimizer.engine.wording import counted, num
from optimizer.schema import Instance, Message

KECAMATAN = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
DESA_KELURAHAN = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.[12]\d{3}$")
# A kelurahan/desa code without its dots (1671011001), as SIAK and BPS tables write it.
UNDOTTED_AREA = re.compile(r"^\d{6}[12]\d{3}$")
MAX_LISTED = 20
# Lines "district_id.<TAB>area_id" whose area id is a DESA_KELURAHAN code starting with its
# district id and a dot: the areas `_kemendagri` has nothing to say of, all matched in
# one pass (ids hold no whitespace, so a line is one area).
OWN_CODE = re.compile(r"^([^\t\n]*)\t(?=\d{2}\.\d{2}\.\d{2}\.[12]\d{3}$)\1", re.MULTILINE)


# POPULATION_BELOW_BACKLOG lists at most this many area ids.
POPULATION_LISTED = 5


def code_warnings(instance: Instance) -> list[Message]:
    """Warnings on the data, in a fixed order: Kemendagri codes, populations, then rows
    whose backlog is the sum of others'.

    They depend on the instance alone, so they are made once per instance object (held
    weakly, as engine/network.py keeps its arrays): the service and the studies plan
    one instance again and again, and a national instance's checks took ~0.1 s a plan.
    """
    key = id(instance)
    cached = _WARNINGS.get(key)
    if cached is not None and cached[0]() is instance:
        return list(cached[1])
    rows = _rows(instance)
    warnings = tuple(_kemendagri(instance) + population_warnings(instance, rows)
                     + sum_warnings(instance, rows) + far_warnings(instance, rows)
                     + outlier_warnings(instance) + week_day_warnings(instance)
                     + low_cards_warnings(instance))

    def forget(ref: weakref.ref[Instance], key: int = key) -> None:
        if _WARNINGS.get(key, (None,))[0] is ref:
            del _WARNINGS[key]

    _WARNINGS[key] = (weakref.ref(instance, forget), warnings)
    return list(warnings)


# id(instance) -> (weak reference to it, its warnings); instances are frozen, so an
# object's warnings cannot go stale, and an entry goes with its instance.
_WARNINGS: dict[int, tuple[weakref.ref[Instance], tuple[Message, ...]]] = {}


class _Rows(NamedTuple):
    """Columns of the instance's rows, read once for the warnings that share them."""

    backlog: np.ndarray      # (areas, tiers) int64, in row order (totals._backlog)
    population: np.ndarray   # (areas,) int64
    names: list[str]         # district ids, first seen over the areas, then the sites
    group: np.ndarray        # (areas + sites,) each row's index in `names`
    xy: np.ndarray           # (areas + sites, 2) lat, lon degrees: the areas, then the sites


def _rows(instance: Instance) -> _Rows:
    # The columns the instance's arrays were read from (engine/network.py: read once per
    # instance object), not read from the rows again; `population` only the warnings read.
    from optimizer.engine.network import row_columns

    read = row_columns(instance)
    areas = instance.areas
    names, group = _first_seen(np.concatenate([read.area_district, read.site_district]),
                               read.district_ids)
    return _Rows(backlog=read.backlog.astype(np.int64),
                 population=np.fromiter(map(attrgetter("population"), areas), dtype=np.int64,
                                        count=len(areas)),
                 names=names, group=group, xy=np.concatenate([read.area_xy, read.site_xy]))


def _first_seen(index: np.ndarray, ids: tuple[str, ...]) -> tuple[list[str], np.ndarray]:
    """`totals.groups` of the rows' ids given as their indices into `ids`: the ids in
    first-seen order, and each row's index among them (np.intp); numpy passes, no dict
    of the rows' strings."""
    order = np.argsort(index, kind="stable")
    ordered = index[order]
    head = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=head[1:])
    seen = ordered[head][np.argsort(order[head])]  # present ids, by their first row
    rank = np.zeros(len(ids), dtype=np.intp)
    rank[seen] = np.arange(len(seen), dtype=np.intp)
    return [ids[i] for i in seen.tolist()], rank[index]


def population_warnings(instance: Instance, rows: _Rows | None = None) -> list[Message]:
    """POPULATION_BELOW_BACKLOG: areas whose backlog (every tier) exceeds a population given.

    The backlog counts residents waiting for a card, so it cannot exceed the residents
    of card age; one of the two columns is wrong. The plan follows the backlog (what it
    plans for) and says so: a population is only read by the `population` baseline and
    is often older than the backlog (a census), so a refusal could stop a real plan; a
    population of 0 means "not given" and is never compared (docs/spreadsheets.md).
    Returns one message (or none): the count, the first areas' ids, and the first area's
    figures (population, backlog: residents).
    """
    from optimizer.engine.totals import reduce_rows

    rows = rows or _rows(instance)
    waiting = reduce_rows(rows.backlog, np.add)  # (every tier: a valid instance has no other)
    over = [(instance.areas[i].area_id, int(rows.population[i]), int(waiting[i]))
            for i in np.flatnonzero((rows.population > 0)
                                    & (rows.population < waiting)).tolist()]
    if not over:
        return []
    area_id, population, backlog = over[0]
    listed = ", ".join(a for a, _, _ in over[:POPULATION_LISTED])
    if len(over) > POPULATION_LISTED:
        listed += ", ..."  # (the count says how many; no words to translate here)
    params: dict[str, str | int | float | None] = {
        "count": len(over), "area_ids": listed, "area_id": area_id,
        "population": population, "backlog": backlog}
    if len(over) == 1:
        text = (f"Area {area_id} has more residents waiting ({num(backlog)}) than residents "
                f"(population {num(population)}): check both columns; the plan follows the "
                f"backlog.")
    else:
        text = (f"{num(len(over))} areas have more residents waiting than residents: "
                f"{listed} (area {area_id}: population {num(population)}, backlog "
                f"{num(backlog)}): check both columns; the plan follows the backlog.")
    return [_warning("POPULATION_BELOW_BACKLOG", params, text)]


def sum_warnings(instance: Instance, rows: _Rows | None = None) -> list[Message]:
    """AREA_SUM_OF_OTHERS: an area whose backlog is the sum of the other rows of its
    kecamatan (or of the file) but that looks like a kelurahan (its id a kelurahan code
    like the others', its name no region's): a coincidence as often as not (Pontianak
    Selatan's Benua Melayu Darat, 120 = 45 + 75), so the plan takes it as a kelurahan
    and says so; a row that also looks like no kelurahan is refused by the readers
    (optimizer/io/plausible.py; engine/totals.py). One message an area, in row order."""
    from optimizer.engine.totals import sum_rows

    rows = rows or _rows(instance)
    n_areas = len(instance.areas)
    out = []
    for row, kecamatan, region in sum_rows(instance, (rows.names, rows.group[:n_areas]),
                                           (rows.backlog, rows.population)):
        if region:
            continue
        area_id = instance.areas[row].area_id
        where = "the file" if kecamatan is None else f"kecamatan {kecamatan}"
        out.append(_warning(
            "AREA_SUM_OF_OTHERS", {"area_id": area_id, "district_id": kecamatan},
            f"Area {area_id} has a backlog equal to the sum of the other rows of {where}: it "
            f"is planned as a kelurahan; if it is a totals row, delete it."))
    return out


def far_warnings(instance: Instance, rows: _Rows | None = None) -> list[Message]:
    """AREA_FAR_IN_DISTRICT: an area more than `STRAY_KM` (50 km) great-circle from every
    other place (area or office) of its district, which holds at least one other
    (engine/strays.py). The readers refuse such an area beyond the input's own scale (a
    coordinate typo, optimizer/io/plausible.py); within it (a sparse rural input, places
    80 km and more apart) it may be real, so the plan takes it as typed and says so. One
    message an area, in row order: its km and the nearest place."""
    from optimizer.engine.strays import STRAY_KM, far_areas, group_spans_km, span_km

    if len(instance.areas) < 2:
        return []
    areas, sites = instance.areas, instance.sites
    rows = rows or _rows(instance)
    # No two places of the instance farther apart than STRAY_KM (a city: Palembang's
    # span ~30 km), or of any one kecamatan (a province's 238, each some 20 km across):
    # no area can be far from its kecamatan, and none is searched. (1 km below it, so
    # that the bounds' rounding cannot matter.)
    if span_km(rows.xy) < STRAY_KM - 1.0 \
            or float(group_spans_km(rows.xy, rows.group).max()) < STRAY_KM - 1.0:
        return []
    far, _ = far_areas(rows.xy, rows.group, len(areas), np.ones(len(rows.group), dtype=bool))
    out = []
    for i, km, j in far:
        area = areas[i]
        near_id = areas[j].area_id if j < len(areas) else sites[j - len(areas)].site_id
        out.append(_warning(
            "AREA_FAR_IN_DISTRICT",
            {"area_id": area.area_id, "district_id": area.district_id,
             "km": round(km, 1), "nearest": near_id},
            f"Area {area.area_id} lies {num(round(km, 1))} km from the nearest other place of "
            f"kecamatan {area.district_id} ({near_id}): check its coordinates; it is "
            f"planned as typed."))
    return out


# An office's cards per printer-day or working days this many times the median of the
# other offices' (at least OUTLIER_OTHERS of them) is a zero typed too many (tester qa9:
# 1500 where every other office has 150 sent KEC-16.71.02 7,829 blanks for 4,750).
# Bundled data: data/indonesia's 514 offices print 100-1000 cards a day (median 170: the
# most 5.9 x) over 20 days each; Palembang's 150 (2017: 100-150). Printers are not
# compared: data/indonesia's city offices hold up to 42 against a median of 2, 9 of them
# 10 x or more, and a big office really has many.
OUTLIER_SCALE = 10
OUTLIER_OTHERS = 3
OUTLIER_FIELDS = ("cards_per_printer_day", "working_days")


class Outlier(NamedTuple):
    """An office's figure `OUTLIER_SCALE` times the median of the other offices' or more."""

    row: int
    field: str
    value: int
    median: float


def site_outliers(instance: Instance) -> list[Outlier]:
    """The offices (that can print: printers, cards and days above 0) whose cards per
    printer-day or working days are `OUTLIER_SCALE` times the median of the other
    offices' or more (at least `OUTLIER_OTHERS` others, their median above 0), by field
    then row. The readers refuse them (optimizer/io/plausible.py); an instance sent as
    JSON is planned with the warning SITE_FIGURE_OUTLIER (`outlier_warnings`)."""
    sites = instance.sites
    n = len(sites)
    if n <= OUTLIER_OTHERS:
        return []
    printing = np.fromiter((s.capacity > 0 for s in sites), dtype=bool, count=n)
    out = []
    for field in OUTLIER_FIELDS:
        values = np.fromiter(map(attrgetter(field), sites), dtype=np.float64, count=n)
        medians = _others_median(values)
        for i in np.flatnonzero(printing & (medians > 0)
                                & (values >= OUTLIER_SCALE * medians)).tolist():
            out.append(Outlier(i, field, int(values[i]), float(medians[i])))
    return out


# An office's working days that look like the days of one week (5, 6, 7) typed among
# offices that give the days of the whole period (the time until the next shipment):
# at most WEEK_DAYS, and the median of the other offices' at least WEEK_SCALE times it.
WEEK_DAYS = 7
WEEK_SCALE = 3


def site_week_days(instance: Instance) -> list[Outlier]:
    """The offices (that can print) whose working days are at most `WEEK_DAYS` while the
    median of the other offices' (at least `OUTLIER_OTHERS` others) is `WEEK_SCALE` times
    theirs or more: tester qa11's 5 (days a week) typed at one office among others at
    20-22 days until the next shipment planned that office at a quarter of its capacity,
    silently. The readers refuse them (optimizer/io/plausible.py); an instance sent as
    JSON is planned with the warning SITE_WORKING_DAYS_WEEK (`week_day_warnings`)."""
    sites = instance.sites
    n = len(sites)
    if n <= OUTLIER_OTHERS:
        return []
    values = np.fromiter(map(attrgetter("working_days"), sites), dtype=np.float64, count=n)
    short = values <= WEEK_DAYS
    if not short.any():
        return []
    printing = np.fromiter((s.capacity > 0 for s in sites), dtype=bool, count=n)
    medians = _others_median(values)
    return [Outlier(i, "working_days", int(values[i]), float(medians[i]))
            for i in np.flatnonzero(printing & short
                                    & (medians >= WEEK_SCALE * values)).tolist()]


def week_day_warnings(instance: Instance) -> list[Message]:
    """SITE_WORKING_DAYS_WEEK: an office's working days those of one week among offices
    giving the whole period's (`site_week_days`); planned as given, said."""
    out = []
    for row, _field, value, median in site_week_days(instance):
        site_id = instance.sites[row].site_id
        out.append(_warning(
            "SITE_WORKING_DAYS_WEEK",
            {"site_id": site_id, "value": value, "median": median},
            f"Office {site_id} has {num(value)} working days where the other offices have "
            f"{num(median)} (their median): working days are the days it prints until the "
            f"next shipment, not a week's; it is planned as given."))
    return out


# An office's cards per printer-day a fifth of the other offices' median or less: a
# rate per hour (19 for 150 a day) or a zero dropped (15 for 150).
LOW_SCALE = 5


def site_low_cards(instance: Instance) -> list[Outlier]:
    """The offices (that can print) whose cards per printer-day are at most 1/`LOW_SCALE`
    of the median of the other offices' (at least `OUTLIER_OTHERS` others): tester
    qa11a's 19 (cards an hour) and 15 (a zero dropped) among offices at 150 a day planned
    those offices at a tenth of their capacity, silently. The readers refuse them; an
    instance sent as JSON is planned with the warning SITE_FIGURE_LOW."""
    sites = instance.sites
    n = len(sites)
    if n <= OUTLIER_OTHERS:
        return []
    values = np.fromiter(map(attrgetter("cards_per_printer_day"), sites), dtype=np.float64,
                         count=n)
    printing = np.fromiter((s.capacity > 0 for s in sites), dtype=bool, count=n)
    medians = _others_median(values)
    return [Outlier(i, "cards_per_printer_day", int(values[i]), float(medians[i]))
            for i in np.flatnonzero(printing & (values * LOW_SCALE <= medians)).tolist()]


def low_cards_warnings(instance: Instance) -> list[Message]:
    """SITE_FIGURE_LOW: an office's cards per printer-day a fifth of the others' or less
    (`site_low_cards`); planned as given, said."""
    return _figure_warnings(
        instance, site_low_cards(instance), code="SITE_FIGURE_LOW",
        said=lambda site_id, field, value, median: (
            f"Office {site_id} has {field} {num(value)}, a fifth of the median of the other "
            f"offices ({num(median)}) or less: check the figure (a rate per hour, or a zero "
            f"dropped, plans its capacity at a fraction); it is planned as given."))


def _figure_warnings(instance: Instance, found: list[Outlier], code: str,
                     said: Callable[[str, str, int, float], str]) -> list[Message]:
    """One warning `code` per office and figure found (row, field, value, median), in the
    words `said(site_id, field, value, median)`, with those as its params."""
    out = []
    for row, field, value, median in found:
        site_id = instance.sites[row].site_id
        out.append(_warning(
            code, {"site_id": site_id, "field": field, "value": value, "median": median},
            said(site_id, field, value, median)))
    return out


def _others_median(values: np.ndarray) -> np.ndarray:
    """Each value's median of the other values (n >= 2), from one sort: the k-th of the
    others is the k-th of all below a value's own rank, the (k+1)-th from it on."""
    n = len(values)
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    rank = np.empty(n, dtype=np.intp)
    rank[order] = np.arange(n)

    def kth(k: int) -> np.ndarray:
        return np.asarray(np.where(k < rank, ordered[k], ordered[min(k + 1, n - 1)]))

    m = n - 1
    if m % 2:
        return kth(m // 2)
    return np.asarray((kth(m // 2 - 1) + kth(m // 2)) / 2)


def outlier_warnings(instance: Instance) -> list[Message]:
    """SITE_FIGURE_OUTLIER: an office's cards per printer-day or working days 10 times the
    median of the other offices' or more (`site_outliers`). The readers refuse it in a
    file; an instance sent as JSON (the service, a library caller) is planned as given
    and says so, the office, the figure and the median. One message an office and field."""
    return _figure_warnings(
        instance, site_outliers(instance), code="SITE_FIGURE_OUTLIER",
        said=lambda site_id, field, value, median: (
            f"Office {site_id} has {field} {num(value)}, {OUTLIER_SCALE} times the median of "
            f"the other offices ({num(median)}) or more: check the figure (a zero typed too "
            f"many plans its capacity {OUTLIER_SCALE} times over); it is planned as given."))


def _kemendagri(instance: Instance) -> list[Message]:
    """Warnings for ids that break the Kemendagri code format used by the rest."""
    districts = [d.district_id for d in instance.districts]
    coded = [d for d in districts if KECAMATAN.match(d)]
    if len(coded) * 2 <= len(districts):
        return []  # not an instance keyed by Kemendagri codes
    out = [_warning("KEMENDAGRI_DISTRICT_CODE", {"district_id": d},
                    f"District id '{d}' is not a kecamatan code (NN.NN.NN) like the others.")
           for d in districts if not KECAMATAN.match(d)]
    undotted = []
    areas = instance.areas
    text = "\n".join(map(".\t".join, zip(map(attrgetter("district_id"), areas),
                                          map(attrgetter("area_id"), areas), strict=True)))
    if len(OWN_CODE.findall(text)) == len(areas):
        areas = ()  # each one a kelurahan/desa code of its own district: nothing to say
    for area in areas:
        if UNDOTTED_AREA.match(area.area_id):
            undotted.append(area.area_id)  # one warning for them all (below)
        elif not DESA_KELURAHAN.match(area.area_id):
            out.append(_warning(
                "KEMENDAGRI_AREA_CODE", {"area_id": area.area_id},
                f"Area id '{area.area_id}' is not a kelurahan/desa code (NN.NN.NN.1NNN or "
                f"NN.NN.NN.2NNN)."))
        elif not area.area_id.startswith(area.district_id + "."):
            out.append(_warning(
                "KEMENDAGRI_AREA_DISTRICT", {"area_id": area.area_id,
                                             "district_id": area.district_id},
                f"Area '{area.area_id}' is placed in district '{area.district_id}', but its code "
                f"belongs to district '{area.area_id[:8]}'."))
    if undotted:
        # A common form (SIAK and BPS tables): said once, with a count and examples.
        listed = ", ".join(undotted[:3]) + (", ..." if len(undotted) > 3 else "")
        first = undotted[0]
        example = f"{first[:2]}.{first[2:4]}.{first[4:6]}.{first[6:]}"
        out.insert(0, _warning(
            "KEMENDAGRI_AREA_NODOTS", {"count": len(undotted), "area_ids": listed,
                                       "example": example},
            f"Area ids written as kelurahan/desa codes without dots: {num(len(undotted))} "
            f"(e.g. {listed}). They are planned as written; written with dots "
            f"(e.g. {example}) they are also checked against their kecamatan."))
    if len(out) > MAX_LISTED:
        more = len(out) - MAX_LISTED
        out = [*out[:MAX_LISTED], _warning(
            "KEMENDAGRI_MORE", {"count": more},
            counted(more, "{n} more id breaks the code format.",
                    "{n} more ids break the code format."))]
    return out


def _warning(code: str, params: dict[str, str | int | float | None], text: str) -> Message:
    return Message(code=code, level="warning", params=params, text=text)
