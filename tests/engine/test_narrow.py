"""optimizer.engine.narrow: the sums and cells of narrow arrays are numpy's own
(`a.sum(axis=1)`, `a.sum(axis=0)`, `np.nonzero`), for any number of columns, empty
arrays and non-contiguous views included; and network.row_sums, whose float path
serves only where it is exact."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from optimizer.engine.narrow import cells, column_totals, row_totals
from optimizer.engine.network import row_sums

SHAPES = st.tuples(st.integers(0, 40), st.integers(0, 4))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_sums_are_numpys(data: st.DataObject) -> None:
    a = data.draw(arrays(np.int64, SHAPES, elements=st.integers(-(2**40), 2**40)))
    got = row_totals(a)
    assert got.dtype == np.int64
    assert got.tolist() == a.sum(axis=1).tolist()
    assert column_totals(a) == a.sum(axis=0).tolist()
    assert all(type(v) is int for v in column_totals(a))


@settings(max_examples=200, deadline=None)
@given(arrays(np.bool_, SHAPES))
def test_cells_are_nonzeros(mask: np.ndarray) -> None:
    rows, columns = cells(mask)
    want = np.nonzero(mask)
    assert rows.tolist() == want[0].tolist() and columns.tolist() == want[1].tolist()


def test_views() -> None:
    # A transposed view and a column slice: not C-contiguous, the same answers.
    a = np.arange(24, dtype=np.int64).reshape(4, 6)
    for view in (a.T, a[:, ::2], a[::-1, 1:3]):
        assert row_totals(view).tolist() == view.sum(axis=1).tolist()
        assert column_totals(view) == view.sum(axis=0).tolist()
        mask = view % 3 == 0
        assert [x.tolist() for x in cells(mask)] == [x.tolist() for x in np.nonzero(mask)]
    # row_totals returns a new array: the input is untouched.
    b = np.array([[1, 2], [3, 4]], dtype=np.int64)
    row_totals(b)[:] = 0
    assert b.tolist() == [[1, 2], [3, 4]]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_row_sums_are_exact_by_either_path(data: st.DataObject) -> None:
    """network.row_sums sums by float weights only where every sum is exact in a double;
    values near 2^62 (sums beyond 2^53) take the int64 path: the same as Python's sums."""
    n = data.draw(st.integers(0, 6))
    big = data.draw(st.booleans())
    bound = 2**62 // 40 if big else 2**20
    rows = data.draw(arrays(np.int64, st.tuples(st.integers(0, 40), st.integers(0, 3)),
                            elements=st.integers(-bound, bound)))
    index = np.array(data.draw(st.lists(st.integers(0, max(n - 1, 0)), min_size=len(rows),
                                        max_size=len(rows))), dtype=np.int64)
    if n == 0 and len(rows):
        return  # no row to put them in
    want = [[0] * rows.shape[1] for _ in range(n)]
    for i, row in zip(index.tolist(), rows.tolist(), strict=True):
        for c, v in enumerate(row):
            want[i][c] += v
    got = row_sums(index, rows, n)
    assert got.dtype == np.int64 and got.shape == (n, rows.shape[1])
    assert got.tolist() == want


def test_row_sums_beyond_a_doubles_integers() -> None:
    # 2^53 + 1 is no double: float weights would give 2^53 (9007199254740992).
    rows = np.array([[2**53], [1]], dtype=np.int64)
    assert row_sums(np.array([0, 0]), rows, 1).tolist() == [[2**53 + 1]]
