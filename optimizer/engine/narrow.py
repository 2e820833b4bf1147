"""Sums and nonzero cells of narrow 2-D arrays (many rows, a few columns: (pairs, tiers),
(areas, tiers)), the same arrays numpy's own calls give, without their slow form.

numpy reduces along an axis of a narrow array one short row at a time: `a.sum(axis=1)`
of a province's (33,134, 2) cards takes ~1 ms, `a[:, 0] + a[:, 1]` ~20 us (numpy issue
#22870), and `a.sum(axis=0)` is as slow. `np.nonzero` of a 2-D array costs ~0.5 ms
there, the flat cells' ~0.05 ms (of a boolean array: an integer array's nonzero is
slow too, so it is compared with 0 first). Here the work goes column by column, or
over the flat cells, instead.
"""

from __future__ import annotations

import numpy as np

from optimizer.engine.model import BoolArray, IntArray


def row_totals(a: IntArray) -> IntArray:
    """(rows,) int64: `a.sum(axis=1)` of an integer (rows, k) array, column by column."""
    rows, k = a.shape
    if k == 0:
        return np.zeros(rows, dtype=np.int64)
    out: IntArray = a[:, 0].astype(np.int64)  # a copy (astype copies by default)
    for c in range(1, k):
        out += a[:, c]
    return out


def column_totals(a: IntArray) -> list[int]:
    """[a[:, c].sum() for each column] of an integer (rows, k) array, as Python ints:
    `a.sum(axis=0).tolist()`."""
    return [int(a[:, c].sum()) for c in range(a.shape[1])]


def cells(mask: BoolArray) -> tuple[IntArray, IntArray]:
    """(rows, columns) of the True cells of a 2-D boolean array in row-major order:
    `np.nonzero(mask)`, found over the flat cells."""
    k = mask.shape[1]
    flat = np.ravel(mask).nonzero()[0]
    if k == 0:
        return flat, flat.copy()
    row, column = np.divmod(flat, k)
    return row, column
