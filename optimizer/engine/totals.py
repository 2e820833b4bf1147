"""Totals rows: an area whose backlog is the sum of the other rows of the file or of its
kecamatan (a JUMLAH row without the word, a kecamatan subtotal).

The readers refuse such a row when it also looks like no kelurahan (optimizer/io/
plausible.py); the engine's code warnings name the others, which may be coincidences
(engine/codes.py, AREA_SUM_OF_OTHERS). Both ask `sum_rows`, here so that the engine need
not import the readers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import attrgetter, itemgetter, methodcaller

import numpy as np

from optimizer.schema import Area, Instance

# A totals row is the sum of at least this many other rows that hold a count.
SUM_ROWS = 2


def groups(keys: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct `keys` in first-seen order, and each key's index among them (a dict
    keeps the first-seen order; both passes run in C, not a Python loop per key)."""
    names = list(dict.fromkeys(keys))
    index = {key: i for i, key in enumerate(names)}
    return names, np.fromiter(map(index.__getitem__, keys), dtype=np.intp, count=len(keys))


# A region word a totals row's name starts with (Kecamatan Wenang, Kota Palembang, Kab.
# Banyuasin, Provinsi Sumatera Selatan): a kelurahan is not named so.
REGION = re.compile(r"(?i)^\s*(?:kecamatan|kec|kota|kabupaten|kab|provinsi|prov)\b")


def _backlog(areas: Sequence[Area], tiers: Sequence[str]) -> np.ndarray:
    """(rows, tiers) int64: each area's backlog of each tier, 0 where a row has none.
    Read a tier at a time by C-level maps (no generator step, no tuple per row):
    `dict.get` only when some row leaves a tier out (a valid instance never does)."""
    n, backlogs = len(areas), list(map(attrgetter("backlog"), areas))
    columns = []
    for tier in tiers:
        try:
            column = np.fromiter(map(itemgetter(tier), backlogs), dtype=np.int64, count=n)
        except KeyError:
            column = np.fromiter(map(methodcaller("get", tier, 0), backlogs), dtype=np.int64,
                                 count=n)
        columns.append(column)
    return np.column_stack(columns).reshape(n, -1) if columns else \
        np.zeros((n, 0), dtype=np.int64)


def reduce_rows(table: np.ndarray, ufunc: np.ufunc) -> np.ndarray:
    """ufunc.reduce(table, axis=1) of a (rows, columns) array, a column at a time: the
    same values (integer sums and logical ands, exact in any order), without numpy's
    inner loop run once per row over a last axis of two or three tiers (~5x slower on
    province's 3,450 areas)."""
    if table.shape[1] == 0:
        return np.asarray(ufunc.reduce(table, axis=1))
    out = table[:, 0].copy()
    for c in range(1, table.shape[1]):
        ufunc(out, table[:, c], out=out)
    return out


def sum_rows(instance: Instance, grouped: tuple[list[str], np.ndarray] | None = None,
             read: tuple[np.ndarray, np.ndarray] | None = None
             ) -> list[tuple[int, str | None, bool]]:
    """The area rows whose backlog (each tier) is the sum of the other rows of the file,
    or of the other rows of its kecamatan: (row, kecamatan or None for the file, whether
    the row also looks like no kelurahan, `region_row`).

    The population must be the sum too when the row gives one (a kecamatan subtotal
    typed with its Wajib KTP cell blank is still a total); a row without one is matched
    on its backlog alone. The others must hold something: at least `SUM_ROWS` other rows
    with a backlog above 0 (two rows 5 and 5 beside a 0 are no total), and the row
    itself a backlog above 0 (a column of 0 is 0 + 0 + ..., no sum). `grouped`: `groups`
    of the areas' district ids, when made already; `read`: (`_backlog` of the areas and
    tiers, the areas' populations as int64), when read already."""
    if len(instance.areas) <= SUM_ROWS:
        return []
    areas, n = instance.areas, len(instance.areas)
    backlog, population = read if read is not None else (
        _backlog(areas, instance.tiers),
        np.fromiter(map(attrgetter("population"), areas), dtype=np.int64, count=n))
    held = reduce_rows(backlog, np.add) > 0
    given = population > 0

    def matches(totals: np.ndarray, people: np.ndarray | np.int64) -> np.ndarray:
        return np.asarray(reduce_rows(2 * backlog == totals, np.logical_and)
                          & (~given | (2 * population == people)) & held)

    found: dict[int, str | None] = {}
    # The file's total per tier a column at a time: numpy sums a (rows, tiers) array over
    # its rows ~20x slower (province: 0.14 against 0.006 ms).
    file_total = np.array([backlog[:, c].sum() for c in range(backlog.shape[1])],
                          dtype=np.int64)
    file_rows = matches(file_total, population.sum()) & (held.sum() - held >= SUM_ROWS)
    for i in np.flatnonzero(file_rows):
        found[int(i)] = None
    names, group = grouped if grouped is not None else \
        groups(list(map(attrgetter("district_id"), areas)))
    # Each kecamatan's backlog per tier: one 1-D np.add.at over the flattened cells (as
    # network.row_sums), about twice as fast as the 2-D form; exact in int64.
    k = backlog.shape[1]
    sums = np.zeros(len(names) * k, dtype=np.int64)
    np.add.at(sums, (np.asarray(group, dtype=np.int64)[:, None] * k + np.arange(k)).ravel(),
              np.asarray(backlog, dtype=np.int64).ravel())
    sums = sums.reshape(len(names), k)
    people = np.bincount(group, weights=population, minlength=len(names)).astype(np.int64)
    others = np.bincount(group, weights=held, minlength=len(names))[group] - held
    own = matches(sums[group], people[group]) & (others >= SUM_ROWS)
    for i in np.flatnonzero(own):
        found.setdefault(int(i), str(names[group[i]]))
    if not found:
        return []
    ids = list(map(attrgetter("area_id"), areas))
    return [(row, kecamatan, region_row(row, instance, ids))
            for row, kecamatan in sorted(found.items())]


def region_row(row: int, instance: Instance, ids: list[str]) -> bool:
    """Whether area row `row` looks like no kelurahan: its name starts with a region word
    (Kecamatan, Kec., Kota, Kabupaten, Kab., Provinsi), or its id is no kelurahan code
    where the others are codes: a last segment of 0s (`71.71.01.0000`), the start of
    other ids (`16.71.01` before `16.71.01.1001`), or fewer dotted segments than most
    others (`16.71` among `16.71.01.1001`)."""
    area = instance.areas[row]
    if area.name and REGION.match(area.name):
        return True
    parts = area.area_id.split(".")
    if len(parts) > 1 and set(parts[-1]) == {"0"}:
        return True
    others = ids[:row] + ids[row + 1:]
    if any(o.startswith(area.area_id + ".") for o in others):
        return True
    segments = sorted(o.count(".") + 1 for o in others)
    return bool(segments) and len(parts) < segments[len(segments) // 2]
