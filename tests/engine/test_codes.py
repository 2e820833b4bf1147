"""Kemendagri code checks warn about likely typos without refusing the plan."""

from __future__ import annotations

from optimizer import Shipment, datasets, solve
from optimizer.engine.codes import code_warnings


def palembang_with(area_index: int, **changes: str):
    instance = datasets.load("palembang").instance
    areas = list(instance.areas)
    areas[area_index] = areas[area_index].model_copy(update=changes)
    return instance.model_copy(update={"areas": tuple(areas)})


def test_bundled_palembang_has_clean_codes():
    assert code_warnings(datasets.load("palembang").instance) == []


def test_area_in_the_wrong_district_is_a_warning_in_the_plan():
    instance = palembang_with(0, district_id="16.71.02")  # 16.71.01.1001 moved to SU I
    warnings = code_warnings(instance)
    assert [w.code for w in warnings] == ["KEMENDAGRI_AREA_DISTRICT"]
    assert warnings[0].params == {"area_id": "16.71.01.1001", "district_id": "16.71.02"}
    plan = solve(instance, Shipment(blanks=1000), datasets.load("palembang").policy())
    assert plan.status == "optimal"
    assert "KEMENDAGRI_AREA_DISTRICT" in {m.code for m in plan.messages}


def test_malformed_area_code():
    warnings = code_warnings(palembang_with(3, area_id="16.71.01.100"))
    assert [w.params["area_id"] for w in warnings] == ["16.71.01.100"]


def test_instances_without_codes_are_not_checked():
    assert code_warnings(datasets.synthetic("city", 0).instance) == []


def test_warnings_are_made_once_per_instance_and_keep_it_not_alive() -> None:
    import gc

    from optimizer.engine import codes

    instance = palembang_with(0, district_id="16.71.02")
    first = code_warnings(instance)
    assert id(instance) in codes._WARNINGS
    again = code_warnings(instance)
    assert again == first and again is not first  # the caller's own list
    again.clear()
    assert code_warnings(instance) == first
    key = id(instance)
    del instance
    gc.collect()
    assert key not in codes._WARNINGS


def test_warnings_read_the_rows_in_the_callers_order() -> None:
    """code_warnings reads the columns the instance's arrays were read from
    (network.row_columns, in row order): the kecamatan first seen, each row's kecamatan,
    backlog and place are those of the rows as the caller gave them, shuffled or not."""
    import random
    from operator import attrgetter

    import numpy as np

    from optimizer.engine import codes
    from optimizer.engine.totals import _backlog, groups
    from optimizer.schema import Instance

    for instance in (datasets.load("palembang").instance, datasets.synthetic("city", 0).instance):
        data = instance.model_dump()
        rng = random.Random(7)
        for key in ("districts", "sites", "areas"):
            data[key] = list(data[key])
            rng.shuffle(data[key])
        for inst in (instance, Instance.model_validate(data)):
            rows = codes._rows(inst)
            names, group = groups([a.district_id for a in inst.areas]
                                  + [s.district_id for s in inst.sites])
            assert rows.names == names
            assert np.array_equal(rows.group, group) and rows.group.dtype == group.dtype
            assert np.array_equal(rows.backlog, _backlog(inst.areas, inst.tiers))
            places = [*inst.areas, *inst.sites]
            assert np.array_equal(rows.xy, np.array([(p.lat, p.lon) for p in places]))
            assert np.array_equal(rows.population,
                                  list(map(attrgetter("population"), inst.areas)))
