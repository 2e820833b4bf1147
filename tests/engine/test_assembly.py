"""The input hash (cached per instance object) and plan lines made without pydantic's help."""

from __future__ import annotations

import gc
import hashlib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from optimizer import Policy, Shipment, datasets, solve
from optimizer.engine import fingerprint
from optimizer.engine.lines import line_maker, lines_from_columns, paused_gc
from optimizer.engine.solve import input_sha256
from optimizer.schema import DistrictLine, Instance, ServiceLine, ShipmentLine, SiteLine
from tests import cases


def _reference_sha256(instance: Instance, shipment: Shipment, policy: Policy) -> str:
    """The hash as model.md's plan record defines it, written out without any cache."""
    tiers = tuple(sorted(instance.tiers))
    normal = {
        **instance.model_dump(mode="json"),
        "districts": [d.model_dump(mode="json")
                      for d in sorted(instance.districts, key=lambda d: d.district_id)],
        "sites": [s.model_dump(mode="json") for s in sorted(instance.sites,
                                                             key=lambda s: s.site_id)],
        "areas": [{**a.model_dump(mode="json"), "backlog": {t: a.backlog[t] for t in tiers}}
                  for a in sorted(instance.areas, key=lambda a: a.area_id)],
        "distances": [d.model_dump(mode="json") for d in
                      sorted(instance.distances, key=lambda d: (d.area_id, d.site_id))],
    }
    again = Instance.model_validate(normal)
    digest = hashlib.sha256()
    for part in (again, shipment, policy):
        digest.update(part.model_dump_json().encode() + b"\n")
    return digest.hexdigest()


def test_hash_is_the_reference_first_and_cached() -> None:
    ds = datasets.load("palembang")
    policy = ds.policy()
    for blanks in (40_000, 50_000, 40_000):  # the second and third reuse the instance's state
        shipment = Shipment(blanks=blanks)
        assert input_sha256(ds.instance, shipment, policy) == _reference_sha256(
            ds.instance, shipment, policy)
    # Pins in site_id order hash as they are; in another order, as if sorted.
    pinned = ds.policy(pinned_shipments={ds.instance.sites[0].site_id: 10,
                                         ds.instance.sites[1].site_id: 20})
    ids = sorted(pinned.pinned_shipments)
    ordered = pinned.model_copy(update={"pinned_shipments": {
        i: pinned.pinned_shipments[i] for i in ids}})
    unordered = pinned.model_copy(update={"pinned_shipments": {
        i: pinned.pinned_shipments[i] for i in reversed(ids)}})
    shipment = Shipment(blanks=40_000)
    assert (input_sha256(ds.instance, shipment, unordered)
            == input_sha256(ds.instance, shipment, ordered)
            == _reference_sha256(ds.instance, shipment, ordered))


def test_hash_ignores_row_order_and_sees_every_change() -> None:
    inst = cases.travel()
    shuffled = list(inst.areas)
    random.Random(3).shuffle(shuffled)
    reordered = inst.model_copy(update={"areas": tuple(reversed(shuffled)),
                                        "sites": tuple(reversed(inst.sites))})
    shipment, policy = Shipment(blanks=100), Policy()
    first = input_sha256(inst, shipment, policy)
    assert input_sha256(reordered, shipment, policy) == first
    # A new object with one changed figure: a new hash, never the cached one.
    changed = inst.model_copy(update={"sites": (inst.sites[0].model_copy(
        update={"stock": inst.sites[0].stock + 1}), *inst.sites[1:])})
    assert input_sha256(changed, shipment, policy) != first
    assert input_sha256(inst, Shipment(blanks=101), policy) != first
    assert input_sha256(inst, shipment, Policy(reserve=1)) != first
    assert input_sha256(inst, shipment, policy) == first


def _shuffled(instance: Instance, seed: int, backlogs_reversed: bool) -> Instance:
    """The same instance validated again from its rows in another order (tables and the
    keys of each backlog), as an upload of the same content in another order would be."""
    data = instance.model_dump()
    rng = random.Random(seed)
    for key in ("districts", "sites", "areas", "distances"):
        data[key] = list(data[key])
        rng.shuffle(data[key])
    if backlogs_reversed:
        for area in data["areas"][::2]:  # every other area: the keys not all alike
            area["backlog"] = dict(reversed(area["backlog"].items()))
    return Instance.model_validate(data)


# Not synthetic-national (~84,000 areas): validating it three times takes ~35 s.
@pytest.mark.parametrize("name", [n for n in datasets.names() if n != "synthetic-national"])
def test_hash_is_the_reference_on_every_dataset_in_any_row_order(name: str) -> None:
    # The hash reads the rows through the instance's arrays and checks each backlog's key
    # order in one pass (engine/fingerprint.py): on every bundled dataset but the largest,
    # in its own order, shuffled, and with backlogs whose keys are not in tier order, it
    # is the reference, and the same value for the same content.
    ds = datasets.load(name)
    shipment, policy = Shipment(blanks=ds.default_blanks), ds.policy()
    want = _reference_sha256(ds.instance, shipment, policy)
    assert input_sha256(ds.instance, shipment, policy) == want
    for seed, backlogs_reversed in ((1, False), (2, True)):
        again = _shuffled(ds.instance, seed, backlogs_reversed)
        assert input_sha256(again, shipment, policy) == want


def test_hash_of_tiers_not_in_name_order() -> None:
    # Tiers listed out of name order: each backlog is hashed in sorted tier order, whether
    # its keys come in the instance's tier order or in sorted order.
    data = cases.travel().model_dump()
    data["tiers"] = ["replacement", "first_time"]
    for area in data["areas"]:
        area["backlog"] = {"replacement": area["backlog"]["replacement"],
                           "first_time": area["backlog"]["first_time"]}
    listed = Instance.model_validate(data)
    for area in data["areas"]:
        area["backlog"] = dict(sorted(area["backlog"].items()))
    by_name = Instance.model_validate(data)
    shipment, policy = Shipment(blanks=100), Policy()
    want = _reference_sha256(listed, shipment, policy)
    assert input_sha256(listed, shipment, policy) == input_sha256(by_name, shipment, policy) \
        == want


def test_hash_cache_keeps_no_instance_alive() -> None:
    inst = cases.travel().model_copy()
    input_sha256(inst, Shipment(blanks=10), Policy())
    key = id(inst)
    assert key in fingerprint._STATES
    del inst
    gc.collect()
    assert key not in fingerprint._STATES


def test_plan_lines_equal_model_construct() -> None:
    values = {
        ShipmentLine: {"site_id": "S1", "blanks": 300},
        ServiceLine: {"area_id": "A1", "site_id": "S1", "tier": "first_time", "cards": 7,
                      "km": 1.25},
        SiteLine: {"site_id": "S1", "district_id": "D1", "capacity": 10, "stock": 2,
                   "blanks": 8, "printed": 10, "binding": "capacity",
                   "marginal_cards_per_printer_day": None, "marginal_cards_per_100_blanks": 0,
                   "km_saved_per_card_capacity": 1.5, "km_saved_per_blank": 0.0},
    }
    for cls, fields in values.items():
        want = cls.model_construct(**fields)
        got = line_maker(cls)(**fields)
        backwards = line_maker(cls)(**dict(reversed(fields.items())))
        for line in (got, backwards):
            assert line == want
            assert list(line.__dict__) == list(want.__dict__)
            assert line.__pydantic_fields_set__ == want.__pydantic_fields_set__
            assert line.model_dump_json() == want.model_dump_json()
    with pytest.raises(TypeError, match="exactly the fields"):
        line_maker(ShipmentLine)(site_id="S1")
    with pytest.raises(TypeError, match="exactly the fields"):
        line_maker(ShipmentLine)(site_id="S1", blanks=1, extra=2)


def test_lines_from_columns_equal_the_makers_lines() -> None:
    rows = [{"area_id": "A1", "site_id": "S1", "tier": "first_time", "cards": 7, "km": 1.25},
            {"area_id": "A2", "site_id": "S1", "tier": "replacement", "cards": 1, "km": 0.0}]
    columns = [[row[name] for row in rows] for name in ServiceLine.model_fields]
    got = lines_from_columns(ServiceLine, *columns)
    want = tuple(line_maker(ServiceLine)(**row) for row in rows)
    assert got == want == tuple(ServiceLine.model_construct(**row) for row in rows)
    for line, other in zip(got, want, strict=True):
        assert list(line.__dict__) == list(other.__dict__)
        assert line.model_fields_set == other.model_fields_set
        assert line.model_dump_json() == other.model_dump_json()
    assert got[0].__pydantic_fields_set__ is got[1].__pydantic_fields_set__  # frozen: shared
    assert lines_from_columns(ServiceLine, *([] for _ in columns)) == ()
    with pytest.raises(TypeError, match="takes 5 columns"):
        lines_from_columns(ServiceLine, *columns[:4])
    with pytest.raises(ValueError):
        lines_from_columns(ServiceLine, *columns[:4], [1.0])


def test_lines_of_a_frozen_model_share_a_fields_set_no_copy_can_change() -> None:
    make = line_maker(ShipmentLine)
    first, second = make(site_id="S1", blanks=1), make(site_id="S2", blanks=2)
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    with pytest.raises(ValidationError):
        first.blanks = 3  # type: ignore[misc]
    copied = first.model_copy(update={"blanks": 3})
    assert copied.blanks == 3 and copied.model_fields_set == {"site_id", "blanks"}
    assert copied.__pydantic_fields_set__ is not first.__pydantic_fields_set__
    assert second.model_fields_set == {"site_id", "blanks"} and second.blanks == 2
    # A model that is not frozen gets a set of its own per line.
    class Loose(BaseModel):
        a: int

    loose = line_maker(Loose)
    assert loose(a=1).__pydantic_fields_set__ is not loose(a=2).__pydantic_fields_set__


def test_plan_lines_of_a_solve_validate() -> None:
    """Every line the solver makes is one pydantic would accept, field for field."""
    ds = datasets.load("palembang")
    plan = solve(ds.instance, Shipment(blanks=40_000), ds.policy(marginals=True))
    for lines, cls in ((plan.shipments, ShipmentLine), (plan.service, ServiceLine),
                       (plan.sites, SiteLine), (plan.districts, DistrictLine)):
        assert lines
        for line in lines:
            assert cls.model_validate(line.model_dump()) == line


def test_paused_gc_restores_the_collector() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_gc():
        raise ValueError("inside")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


@settings(max_examples=60, deadline=None)
@given(st.permutations(["replacement", "first_time", "backlog_lama"]),
       st.integers(1, 3), st.integers(0, 2**31))
def test_hash_is_the_reference_for_any_tier_and_backlog_key_order(
        tier_order: list[str], n_tiers: int, seed: int) -> None:
    # The backlog key-order check is read with the instance's columns when its tiers are
    # in name order (network.row_columns), by a pass of its own when they are not: both
    # agree with the reference for tiers in any order, each area's keys in any order, and
    # names, floats and ids a JSON writer must escape or keep exact.
    rng = random.Random(seed)
    tiers = tier_order[:n_tiers]
    names = ["", "Kel. Ünïcode ☃", 'quo"te\\back', "日本", "tab\u00a0nbsp"]
    areas = []
    for i in range(rng.randint(1, 12)):
        keys = list(tiers)
        if rng.random() < 0.5:
            rng.shuffle(keys)
        areas.append({"area_id": f"A{rng.randint(0, 99)}-{i}é", "name": rng.choice(names),
                      "district_id": rng.choice(["D1", "D2"]),
                      "lat": rng.choice([-6.2, 1e-7, 0.1 + 0.2, -89.999999999]),
                      "lon": rng.choice([106.8, 179.99999999999997, -1e-5]),
                      "population": rng.randint(0, 10**12),
                      "backlog": {t: rng.choice([0, 7, 10**12]) for t in keys}})
    sites = [{"site_id": f"S{j}", "name": rng.choice(names), "district_id": d, "lat": -6.0,
              "lon": 106.0 + j / 3, "printers": 1, "cards_per_printer_day": 10,
              "working_days": 3, "storage_cap": rng.choice([None, 5])}
             for j, d in enumerate(["D2", "D1"])]
    distances = [{"area_id": a["area_id"], "site_id": "S1", "km": rng.choice([0.0, 1e-7, 2.675])}
                 for a in areas if rng.random() < 0.5]
    rng.shuffle(distances)
    districts = [{"district_id": "D2", "name": rng.choice(names)}, {"district_id": "D1"}]
    instance = Instance.model_validate({"name": rng.choice(names), "tiers": tiers,
                                        "districts": districts, "sites": sites, "areas": areas,
                                        "distances": distances})
    shipment, policy = Shipment(blanks=rng.randint(0, 100)), Policy()
    assert input_sha256(instance, shipment, policy) == _reference_sha256(instance, shipment,
                                                                        policy)
