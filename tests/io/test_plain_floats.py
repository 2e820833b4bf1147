"""The fast reading of plain number columns equals pandas' to_numeric, cell for cell;
plain count columns and the locale evidence read as they did before their fast paths.

`optimizer.io.numbers._plain_floats` reads a column whose cells hold only digits, '.'
and '-' with Python's float(); it must give exactly what `pd.to_numeric(errors="coerce")`
gives, or decline (None) so that to_numeric runs as before.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.io import numbers
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


def _parsed(cells: list[str], count: bool, fast: bool, locale: str | None = None) -> tuple:
    """parse's result as plain data, with or without the count fast path."""
    from unittest import mock

    with mock.patch.object(numbers, "_plain_counts", numbers._plain_counts if fast
                           else lambda texts, joined: None):
        p = parse(pd.Series(cells, dtype="str"), locale, count=count,  # type: ignore[arg-type]
                  stated=locale is not None)
    return ([(type(v).__name__, v) for v in p.values], p.missing.tolist(),
            p.ambiguous.tolist(), p.dates.tolist())


def test_plain_count_cells_read_as_ints() -> None:
    cells = ["12", "007", "0", "999999999999999"]
    assert numbers._plain_counts(cells, "".join(cells)) == [12, 7, 0, 999999999999999]
    for other in (["1", ""], ["-1"], ["+1"], ["1.0"], ["1,000"], ["9" * 16], [" 1"], ["\u0661"],
                  ["1_0"], []):
        assert numbers._plain_counts(other, "".join(other)) is None, other


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet="0123456789", min_size=0, max_size=18),
                          st.text(alphabet="0123456789.,-+ ", min_size=0, max_size=8)),
                min_size=1, max_size=20),
       st.sampled_from([None, "id", "en"]))
def test_counts_read_as_without_the_fast_path(cells: list[str], locale: str | None) -> None:
    # Whatever the cells, a count column reads exactly as parse's general path reads it:
    # the same values (ints stay ints), missing, ambiguous and date cells.
    assert _parsed(cells, True, True, locale) == _parsed(cells, True, False, locale)


def _evidence_before(cells: list[str]) -> tuple[list[str], list[str]]:
    """Evidence.add as it was: every comma-free sample cell matched against both."""
    joined = "".join(cells)
    ids: list[str] = []
    ens: list[str] = []
    if "," not in joined and "." not in joined:
        return ids, ens
    commas = [c.strip() for c in cells if "," in c] if "," in joined else []
    dots = [c.strip() for c in cells[:2000] if "." in c and "," not in c]
    for sample in (commas, dots):
        if len(ids) < 3:
            ids += [v for v in sample if numbers._ID_ONLY.match(v)][:3]
        if len(ens) < 3:
            ens += [v for v in sample if numbers._EN_ONLY.match(v)][:3]
    return ids, ens


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet="0123456789.,+- ", min_size=0, max_size=14), min_size=1,
                max_size=25))
def test_locale_evidence_as_before(cells: list[str]) -> None:
    evidence = numbers.Evidence([], [])
    evidence.add("x", cells)
    ids, ens = _evidence_before(cells)
    assert [v for _, v in evidence.indonesian] == ids
    assert [v for _, v in evidence.english] == ens


def test_locale_evidence_of_dotted_and_comma_cells_as_before() -> None:
    # Cells each locale alone reads, amid cells either reads, in several orders.
    shown = ["1.234.567", "12.345.678", "1.234", "-2.99562", "3,5", "1.234,5", "1,234,567",
             "1,234.5", "2.000", "5,000", "104.75", "-1.234.567,25", "0.5", "12.345.678.901"]
    for k in range(len(shown)):
        cells = shown[k:] + shown[:k]
        for column in (cells, cells[::-1], [c for c in cells if "," not in c]):
            evidence = numbers.Evidence([], [])
            evidence.add("x", column)
            ids, ens = _evidence_before(column)
            assert [v for _, v in evidence.indonesian] == ids, column
            assert [v for _, v in evidence.english] == ens, column
    found = numbers.Evidence([], [])
    found.add("x", ["-2.99562", "1.234.567"])
    assert found.indonesian == [("x", "1.234.567")]
