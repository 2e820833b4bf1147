# ruff: noqa
# The readers' plausibility checks as they were before they were vectorized (commit
# 325d546), kept verbatim as the reference that tests/io/test_plausible_equivalence.py
# compares the current code with on random instances. Not used by Blanko itself.
"""Totals rows: an area whose backlog is the sum of the other rows of the file or of its
kecamatan (a JUMLAH row without the word, a kecamatan subtotal).

The readers refuse such a row when it also looks like no kelurahan (optimizer/io/
plausible.py); the engine's code warnings name the others, which may be coincidences
(engine/codes.py, AREA_SUM_OF_OTHERS). Both ask `sum_rows`, here so that the engine need
not import the readers.
"""

from __future__ import annotations

import re

import numpy as np

from optimizer.schema import Instance

# A totals row is the sum of at least this many other rows that hold a count.
SUM_ROWS = 2


def _groups(keys: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct `keys` in first-seen order, and each key's index among them."""
    index: dict[str, int] = {}
    group = np.fromiter((index.setdefault(k, len(index)) for k in keys), dtype=np.intp,
                        count=len(keys))
    return list(index), group


# A region word a totals row's name starts with (Kecamatan Wenang, Kota Palembang, Kab.
# Banyuasin, Provinsi Sumatera Selatan): a kelurahan is not named so.
REGION = re.compile(r"(?i)^\s*(?:kecamatan|kec|kota|kabupaten|kab|provinsi|prov)\b")


def sum_rows(instance: Instance) -> list[tuple[int, str | None, bool]]:
    """The area rows whose backlog (each tier) is the sum of the other rows of the file,
    or of the other rows of its kecamatan: (row, kecamatan or None for the file, whether
    the row also looks like no kelurahan, `region_row`).

    The population must be the sum too when the row gives one (a kecamatan subtotal
    typed with its Wajib KTP cell blank is still a total); a row without one is matched
    on its backlog alone. The others must hold something: at least `SUM_ROWS` other rows
    with a backlog above 0 (two rows 5 and 5 beside a 0 are no total), and the row
    itself a backlog above 0 (a column of 0 is 0 + 0 + ..., no sum)."""
    if len(instance.areas) <= SUM_ROWS:
        return []
    areas, n = instance.areas, len(instance.areas)
    backlog = np.column_stack(
        [np.fromiter((a.backlog.get(t, 0) for a in areas), dtype=np.int64, count=n)
         for t in instance.tiers]).reshape(n, -1)
    population = np.fromiter((a.population for a in areas), dtype=np.int64, count=n)
    held = backlog.sum(axis=1) > 0
    given = population > 0

    def matches(totals: np.ndarray, people: np.ndarray | np.int64) -> np.ndarray:
        return np.asarray(((2 * backlog == totals).all(axis=1))
                          & (~given | (2 * population == people)) & held)

    found: dict[int, str | None] = {}
    file_rows = matches(backlog.sum(axis=0), population.sum()) & (held.sum() - held >= SUM_ROWS)
    for i in np.flatnonzero(file_rows):
        found[int(i)] = None
    names, group = _groups([a.district_id for a in areas])
    sums = np.zeros((len(names), backlog.shape[1]), dtype=np.int64)
    np.add.at(sums, group, backlog)
    people = np.bincount(group, weights=population, minlength=len(names)).astype(np.int64)
    others = np.bincount(group, weights=held, minlength=len(names))[group] - held
    own = matches(sums[group], people[group]) & (others >= SUM_ROWS)
    for i in np.flatnonzero(own):
        found.setdefault(int(i), str(names[group[i]]))
    ids = [a.area_id for a in areas]
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
