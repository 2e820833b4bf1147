"""The faster steps of reading a folder of CSVs give what the steps before them gave.

Each step below answers one question about a whole column at once (in C) where it
looked at every cell in Python; the row-by-row answer is kept beside it (the fallback
for a workbook's typed cells or a short row) and is the reference here:

- `numbers._plain_chars`: every character a digit, '.' or '-' (`_PLAIN_CHARS`);
- `files._text_na`: which cells of a CSV's text column are missing (`isna`);
- `files._maybe_no_place`: the rows that may be no place (`_Builder._not_rows`);
- `numbers.parse`: blank cells read as missing a column at a time;
- `plausible.findings(instance, seen)`: the checks read the rows' values as the reader
  made them (`fastrows.Seen`), not off the models: the same findings.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.io import files, plausible
from optimizer.io.fastrows import DictColumn, fast_instance_from_columns
from optimizer.io.numbers import _PLAIN_CHARS, _plain_chars, parse
from tests.io.test_plausible_equivalence import _random_instance

_ALPHABET = "0123456789.-+, e\u0663\uff11\u00a0\t\u200bx"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=30))
def test_plain_chars_as_the_regular_expression(text: str) -> None:
    assert _plain_chars(text) == (_PLAIN_CHARS.fullmatch(text) is not None)


def test_plain_chars_examples() -> None:
    for text in ("", "12", "-2.99562104.75", "1.2.3--"):
        assert _plain_chars(text)
    # An Arabic-Indic or full-width digit is no ASCII digit; nor a space, a comma or 'e'.
    for text in ("1\u0663", "\uff11", "1 2", "1,5", "1e5", "1\u00a0"):
        assert not _plain_chars(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet="ab 1(", max_size=8), st.none()), max_size=20))
def test_text_na_as_isna(cells: list[str | None]) -> None:
    column = pd.Series(cells, dtype="str")
    got = files._text_na(column, column.tolist())
    assert got.dtype == bool
    assert got.tolist() == column.isna().to_numpy(dtype=bool).tolist()


_IDS = st.text(alphabet="(0123456789Aa.) ", max_size=9)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_IDS, st.sampled_from(["", "-2.99", " ", "0", "x"])),
                max_size=30))
def test_maybe_no_place_as_row_by_row(rows: list[tuple[str, str]]) -> None:
    ids = [i for i, _ in rows]
    lats = [lat for _, lat in rows]
    none = np.zeros(len(rows), dtype=bool)
    fast = files._maybe_no_place(ids, none, lats, none)
    # (None: a workbook's typed cells, looked at one by one)
    assert fast == files._maybe_no_place(ids, None, lats, None)


def test_maybe_no_place_with_typed_and_missing_cells() -> None:
    # A workbook's cells (numbers, None) and a CSV's short row (NaN) take the row loop.
    ids: list[Any] = ["1", 2.0, None, "A000001", "(3)", float("nan")]
    lats: list[Any] = ["-2.9", 1.5, "", float("nan"), 3, "-3"]
    assert files._maybe_no_place(ids, None, lats, None) == [0, 1, 2, 3, 4, 5]
    na = np.array([False, False, False, False, False, True])
    assert files._maybe_no_place(ids, na, lats, None) == [0, 1, 2, 3, 4, 5]


def test_blank_cells_read_as_missing_among_others() -> None:
    # Blank cells (read a column at a time) and the other cells without a number (one
    # by one): the same flags and values as each read alone.
    cells = ["", "12", "N/A", " ", "abc", "", "-", "1-Des", "3.5", "", "nan"]
    got = parse(pd.Series(cells, dtype="str"), "en", count=False, stated=True)
    assert got.missing.tolist() == [True, False, True, True, False, True, True, False,
                                    False, True, False]
    assert got.values[1] == 12.0 and got.values[8] == 3.5
    assert got.values[4] == "abc" and got.values[7] == "1-Des"
    assert got.dates.tolist()[7] and not got.dates[4]
    assert got.texts == [4, 7, 10]
    for i, cell in enumerate(cells):
        alone = parse(pd.Series([cell], dtype="str"), "en", count=False, stated=True)
        assert bool(alone.missing[0]) == bool(got.missing[i])
        assert bool(alone.dates[0]) == bool(got.dates[i])
        if not got.missing[i]:
            assert repr(alone.values[0]) == repr(got.values[i])
    whole = parse(pd.Series(["", "", ""], dtype="str"), "en", count=True, stated=True)
    assert whole.missing.all() and whole.texts is None


def _as_seen(instance: Any) -> dict[str, Any]:
    """The instance's tables as fast_instance_from_columns is given them, made again
    through it with `seen` (what optimizer.io.files does)."""
    tables = {}
    for table in ("districts", "sites", "areas", "distances"):
        rows = [r.model_dump() for r in getattr(instance, table)]
        if not rows:
            continue
        keys = [k for k in rows[0] if k != "backlog"]
        columns: dict[str, Any] = {k: [r[k] for r in rows] for k in keys}
        if table == "areas":
            tiers = list(instance.tiers)
            columns["backlog"] = DictColumn(tiers, [[r["backlog"][t] for r in rows]
                                                    for t in tiers])
        tables[table] = (len(rows), columns, {})
    seen: dict[str, Any] = {}
    made = fast_instance_from_columns(instance.name, list(instance.tiers), tables, seen)
    assert made == instance
    return seen


def test_seen_values_are_the_models_own() -> None:
    instance = _random_instance(3)
    seen = _as_seen(instance)
    made = fast_instance_from_columns(instance.name, list(instance.tiers), {
        "areas": (1, {"area_id": ["A1"], "district_id": ["K0"], "lat": [-3.0],
                      "lon": [104.0], "backlog": DictColumn(["first_time", "replacement"],
                                                            [[1], [2]])}, {}),
        "sites": (1, {"site_id": ["S1"], "district_id": ["K0"], "lat": [-3.0],
                      "lon": [104.0], "printers": [1], "cards_per_printer_day": [10],
                      "working_days": [5]}, {})}, got := {})
    assert made is not None
    for table, values in got.items():
        for field, column in values.items():
            if field.endswith("[]"):
                for key, by_row in column.items():
                    assert by_row == [getattr(r, field[:-2])[key]
                                      for r in getattr(made, table)]
                continue
            # (the very objects the models hold, defaults included)
            assert all(v is getattr(r, field)
                       for v, r in zip(column, getattr(made, table), strict=True))
    assert got["areas"]["population"] == [0] and got["areas"]["name"] == [""]
    assert {"sites", "areas"} <= set(seen)


def test_findings_from_seen_values_as_from_the_models() -> None:
    kinds: set[str] = set()
    for seed in range(120):
        instance = _random_instance(seed)
        seen = _as_seen(instance)
        found = plausible.findings(instance, seen)
        assert found == plausible.findings(instance)
        kinds |= {f.kind for f in found}
    # (instances that trip the checks reading the seen values: sums, points, copies)
    assert {"sum_row", "lost_minus", "zero_point", "far_coordinates"} <= kinds, kinds
