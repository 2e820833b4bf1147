"""Rows made a column at a time equal the rows pydantic validates one by one.

`optimizer.io.fastrows` may accept a value only where the model accepts it: a field
by field sweep of good and bad values (wrong types, bounds, patterns, NaN and
infinity, booleans, missing and extra keys) compares it with `model_validate`.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from optimizer.io.fastrows import fast_instance, fast_rows
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
