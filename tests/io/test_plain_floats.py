"""The fast reading of plain number columns equals pandas' to_numeric, cell for cell.

`optimizer.io.numbers._plain_floats` reads a column whose cells hold only digits, '.'
and '-' with Python's float(); it must give exactly what `pd.to_numeric(errors="coerce")`
gives, or decline (None) so that to_numeric runs as before.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.io.numbers import _plain_floats, parse


def _to_numeric(cells: list[str]) -> np.ndarray:
    return pd.to_numeric(pd.Series(cells, dtype="str"), errors="coerce").to_numpy(
        dtype=np.float64)


def test_plain_cells_read_as_floats() -> None:
    cells = ["12", "-2.99562", "104.75", "0", "5.", ".5", "007"]
    got = _plain_floats(cells, "".join(cells))
    assert got is not None
    assert got.tolist() == [12.0, -2.99562, 104.75, 0.0, 5.0, 0.5, 7.0]
    assert got.tolist() == _to_numeric(cells).tolist()


def test_anything_else_is_left_to_to_numeric() -> None:
    # Each column below holds one cell float() refuses, reads otherwise than pandas may,
    # or that is outside the plain alphabet: the caller then runs to_numeric.
    for cells in (["1", ""], ["1", "-"], ["1.2.3"], ["1e5"], [" 12"], ["1,5"], ["nan"],
                  ["-0"], ["-0.0"], ["9" * 400], ["1_000"], []):
        assert _plain_floats(cells, "".join(cells)) is None, cells


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.text(alphabet="0123456789.-", min_size=0, max_size=25),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.integers(min_value=-10**25, max_value=10**25).map(str)), min_size=1, max_size=30))
def test_same_as_to_numeric(cells: list[str]) -> None:
    got = _plain_floats(cells, "".join(cells))
    if got is None:
        return
    want = _to_numeric(cells)
    assert np.array_equal(got, want), (cells, got, want)
    assert not np.signbit(got[got == 0]).any()


def test_parse_gives_the_same_values_either_way() -> None:
    # A count column of plain cells (fast path) and the same with one blank cell (to_numeric
    # path): the cells they share read alike; the blank is `missing`.
    plain = pd.Series(["1200", "35", "0"], dtype="str")
    mixed = pd.Series(["1200", "35", "0", ""], dtype="str")
    a = parse(plain, None, count=True, stated=False)
    b = parse(mixed, None, count=True, stated=False)
    assert a.values == [1200, 35, 0]
    assert b.values[:3] == [1200, 35, 0] and b.missing.tolist() == [False, False, False, True]
