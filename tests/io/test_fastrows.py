"""Rows made a column at a time equal the rows pydantic validates one by one.

`optimizer.io.fastrows` may accept a value only where the model accepts it: a field
by field sweep of good and bad values (wrong types, bounds, patterns, NaN and
infinity, booleans, missing and extra keys) compares it with `model_validate`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from pydantic import BaseModel, ValidationError

from optimizer.io.fastrows import (
    DictColumn,
    fast_columns,
    fast_instance,
    fast_instance_from_columns,
    fast_rows,
)
from optimizer.schema import Area, Distance, District, Instance, Site

BASE: dict[type[BaseModel], dict[str, Any]] = {
    District: {"district_id": "D1", "name": "Ilir Barat"},
    Site: {"site_id": "S1", "name": "Kantor", "district_id": "D1", "lat": -2.9, "lon": 104.7,
           "printers": 2, "cards_per_printer_day": 150, "working_days": 20, "stock": 10,
           "storage_cap": 500},
    Area: {"area_id": "A1", "name": "Kel 1", "district_id": "D1", "lat": -2.95, "lon": 104.75,
           "population": 1000, "backlog": {"first_time": 5, "replacement": 3}},
    Distance: {"area_id": "A1", "site_id": "S1", "km": 3.5},
}
ODD: list[Any] = [0, 1, -1, 1.0, 1.5, -0.5, 90, 90.5, -180, 181, 366, 367, 1000, 1001,
                  100_000, 100_001, 10**12, 10**12 + 1, 20_000.0, 20_000.5, True, False,
                  math.nan, math.inf, -math.inf, "", "x", "1", "a b", "a,b", "a;b", "x" * 64,
                  "x" * 65, "y" * 200, "y" * 201, "tab\there", "\x85", None, [], {},
                  {"first_time": 1}, {"first_time": -1, "replacement": 0},
                  {"First": 1, "replacement": 0}, {"first_time": 1.0, "replacement": 0}]


def _model(cls: type[BaseModel], row: dict[str, Any]) -> BaseModel | None:
    try:
        return cls.model_validate(row)
    except ValidationError:
        return None


@pytest.mark.parametrize("cls", list(BASE))
def test_each_value_is_accepted_exactly_where_the_model_accepts_it(
        cls: type[BaseModel]) -> None:
    for name in cls.model_fields:
        for value in ODD:
            row = {**BASE[cls], name: value}
            want = _model(cls, row)
            got = fast_rows(cls, [BASE[cls], row])
            if want is None:
                assert got is None, (cls.__name__, name, value)
            else:
                assert got is not None, (cls.__name__, name, value)
                assert got[1] == want and got[0] == cls.model_validate(BASE[cls])
                assert list(got[1].__dict__) == list(want.__dict__)
                assert got[1].model_fields_set == want.model_fields_set
                assert got[1].model_dump_json() == want.model_dump_json()


@pytest.mark.parametrize("cls", list(BASE))
def test_missing_and_extra_keys(cls: type[BaseModel]) -> None:
    for name, info in cls.model_fields.items():
        row = {k: v for k, v in BASE[cls].items() if k != name}
        want = _model(cls, row)
        got = fast_rows(cls, [row, BASE[cls]])
        if info.is_required():
            assert want is None and got is None, name
        else:  # the default, and the field not in the fields set (as model_validate)
            assert got is not None and want is not None
            assert got[0] == want and got[0].model_fields_set == want.model_fields_set
            assert got[1].model_fields_set == set(BASE[cls])
    assert fast_rows(cls, [{**BASE[cls], "extra": 1}]) is None


def test_a_frozen_row_cannot_change_its_shared_fields_set() -> None:
    rows = fast_rows(District, [{"district_id": "D1"}, {"district_id": "D2"}])
    assert rows is not None
    with pytest.raises(ValidationError):
        rows[0].name = "x"  # type: ignore[misc]
    copy = rows[0].model_copy(update={"name": "x"})
    assert copy.model_fields_set == {"district_id", "name"}
    assert rows[1].model_fields_set == {"district_id"}


def test_an_instance_equals_the_one_pydantic_validates() -> None:
    data = {"name": "t", "tiers": ["first_time", "replacement"],
            "sites": [BASE[Site], {**BASE[Site], "site_id": "S2", "storage_cap": None}],
            "areas": [BASE[Area]], "distances": [BASE[Distance]]}
    assert fast_instance(data) == Instance.model_validate(data)
    # The instance's own checks still run: an unknown district is refused the same way.
    bad = {**data, "districts": [BASE[District]],
           "areas": [{**BASE[Area], "district_id": "D9"}]}
    with pytest.raises(ValidationError) as fast_error:
        fast_instance(bad)
    with pytest.raises(ValidationError) as slow_error:
        Instance.model_validate(bad)
    assert fast_error.value.errors() == slow_error.value.errors()
    # A bad row gives None: the caller validates row by row to name it.
    assert fast_instance({**data, "areas": [{**BASE[Area], "lat": 91.0}]}) is None


def _as_columns(rows: list[dict[str, Any]]) -> tuple[int, dict[str, list[Any]],
                                                     dict[str, np.ndarray]]:
    """Rows as optimizer.io.files reads them: a full column per key, a mask of the rows
    leaving it out (any placeholder in the column there)."""
    keys = list(dict.fromkeys(k for row in rows for k in row))
    columns = {k: [row.get(k, "left out") for row in rows] for k in keys}
    dropped = {k: np.array([k not in row for row in rows]) for k in keys}
    return len(rows), columns, dropped


def _same(got: list[BaseModel] | None, want: list[BaseModel] | None) -> None:
    if want is None:
        assert got is None
        return
    assert got is not None and got == want
    for a, b in zip(got, want, strict=True):
        assert list(a.__dict__) == list(b.__dict__)
        assert a.model_fields_set == b.model_fields_set
        assert a.model_dump_json() == b.model_dump_json()


@pytest.mark.parametrize("cls", list(BASE))
def test_columns_give_what_the_rows_give(cls: type[BaseModel]) -> None:
    # The value sweep above, each odd value in a column beside a good row.
    for name in cls.model_fields:
        for value in ODD:
            rows = [BASE[cls], {**BASE[cls], name: value}]
            _same(fast_columns(cls, *_as_columns(rows)), fast_rows(cls, rows))
    # Fields left out by some rows (defaults, fields sets), by none, or by every row.
    for name in cls.model_fields:
        short = {k: v for k, v in BASE[cls].items() if k != name}
        for rows in ([short, BASE[cls], short], [short, short], [BASE[cls]]):
            _same(fast_columns(cls, *_as_columns(rows)), fast_rows(cls, rows))
    n, columns, dropped = _as_columns([BASE[cls]])
    assert fast_columns(cls, n, {**columns, "extra": [1]}, dropped) is None
    assert fast_columns(cls, 0, {}, {}) == fast_rows(cls, []) == []


def test_rows_leaving_the_same_fields_out_share_one_fields_set() -> None:
    rows = [{"district_id": "D1"}, {"district_id": "D2", "name": "x"}, {"district_id": "D3"}]
    made = fast_columns(District, *_as_columns(rows))
    assert made is not None
    assert made[0].model_fields_set is made[2].model_fields_set == {"district_id"}
    assert made[1].model_fields_set == {"district_id", "name"}
    assert made[0].name == made[2].name == ""


def test_an_instance_from_columns_equals_the_one_from_rows() -> None:
    tables = {"sites": [BASE[Site], {**BASE[Site], "site_id": "S2", "storage_cap": None}],
              "areas": [BASE[Area]], "distances": [BASE[Distance]],
              "districts": [BASE[District]]}
    data = {"name": "t", "tiers": ["first_time", "replacement"], **tables}
    got = fast_instance_from_columns("t", ["first_time", "replacement"],
                                     {t: _as_columns(rows) for t, rows in tables.items()})
    assert got == Instance.model_validate(data)
    bad = {**tables, "areas": [{**BASE[Area], "district_id": "D9"}]}
    with pytest.raises(ValidationError) as fast_error:
        fast_instance_from_columns("t", ["first_time", "replacement"],
                                   {t: _as_columns(rows) for t, rows in bad.items()})
    with pytest.raises(ValidationError) as slow_error:
        Instance.model_validate({**data, **bad})
    assert fast_error.value.errors() == slow_error.value.errors()
    bad_row = {**tables, "areas": [{**BASE[Area], "lat": 91.0}]}
    assert fast_instance_from_columns("t", ["first_time", "replacement"], {
        t: _as_columns(rows) for t, rows in bad_row.items()}) is None


def test_row_dict_is_dict_of_zip_for_any_names() -> None:
    from optimizer.io.fastrows import row_dict

    # Names are written as their repr: quotes, keywords, spaces and non-ASCII are keys.
    names = ("area_id", "b'c", 'd"e', "if", "x y", "pemula ü", "_0")
    make = row_dict(names)
    assert make(1, 2, 3, 4, 5, 6, 7) == dict(zip(names, range(1, 8), strict=True))
    assert list(make(*"abcdefg")) == list(names)  # in the order given
    assert row_dict(names) is make  # made once per names


def _backlog_as_columns(rows: list[dict[str, Any]]) -> tuple[int, dict[str, Any],
                                                             dict[str, np.ndarray]]:
    """Area rows as optimizer.io.files reads them: the backlog a column per tier (a
    DictColumn), every other field a column."""
    n, columns, dropped = _as_columns(rows)
    keys = list(rows[0]["backlog"])
    columns["backlog"] = DictColumn(keys, [[row["backlog"][k] for row in rows] for k in keys])
    dropped.pop("backlog", None)
    return n, columns, dropped


def test_a_backlog_given_a_tier_at_a_time_gives_what_the_rows_give() -> None:
    # Each odd value as one tier's count of one row, and odd tier names: accepted exactly
    # where the row's dict is, with the same dicts (keys in order, int values).
    for value in ODD:
        for tier in ("first_time", "replacement"):
            rows = [BASE[Area], {**BASE[Area], "backlog": {**BASE[Area]["backlog"], tier: value}}]
            _same(fast_columns(Area, *_backlog_as_columns(rows)), fast_rows(Area, rows))
    for keys in (("First", "replacement"), ("first_time", ""), ("a" * 41, "b"),
                 ("replacement", "first_time"), ("first_time",), ("x1", "x_2", "y")):
        rows = [{**BASE[Area], "backlog": {k: i for i, k in enumerate(keys)}}] * 3
        _same(fast_columns(Area, *_backlog_as_columns(rows)), fast_rows(Area, rows))
    column = DictColumn(["a", "b"], [[1, 2], [3, 4]])
    assert len(column) == 2 and column[1] == {"a": 2, "b": 4}
    assert column.dicts() == [{"a": 1, "b": 3}, {"a": 2, "b": 4}] == list(column)
    with pytest.raises(ValueError):
        DictColumn(["a", "b"], [[1, 2], [3]])
