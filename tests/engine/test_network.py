"""engine/network.py and engine/geometry.py: the instance as arrays, and who may go where.

On `cases.judged()` (its docstring): S1 and A1 in K1 at lon 0, S2 and A2 in K2 at
lon 0.1; the cross pairs are 6371.0088 x 0.1 x pi / 180 x 1.3 = 14.45536 km, 14.455
to the metre.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from optimizer import Distance, Policy, Shipment
from optimizer.engine.geometry import great_circle_km
from optimizer.engine.network import compile_network
from optimizer.engine.solve import solve
from tests import cases


def _pairs(net) -> dict[tuple[str, str], float]:
    return {(net.area_ids[a], net.site_ids[s]): km
            for a, s, km in zip(net.pairs.area, net.pairs.site, net.pairs.km, strict=True)}


def test_one_degree_of_longitude_at_the_equator() -> None:
    # 6371.0088 km x pi / 180 = 111.19508 km.
    assert float(great_circle_km(np.array(0.0), np.array(0.0), np.array(0.0),
                                 np.array(1.0))) == pytest.approx(111.19508, abs=1e-5)


def test_arrays_of_the_judged_instance() -> None:
    net = compile_network(cases.judged(), Shipment(blanks=100), Policy(reserve=10))
    assert net.site_ids == ("S1", "S2") and net.area_ids == ("A1", "A2")
    assert net.supply == 90                      # 100 blanks - reserve 10
    assert net.capacity.tolist() == [50, 100]     # 1 printer x cap cards x 1 day
    assert net.stock.tolist() == [10, 0]
    # Storage cap 70 - stock 10; no cap: above any flow or shipment, total backlog
    # 60 + 0 + 10 + 5 = 75 plus supply 90 plus 1 = 166.
    assert net.room.tolist() == [60, 166] and net.unlimited == 166
    assert net.storage_capped.tolist() == [True, False]
    assert net.backlog.tolist() == [[60, 0], [10, 5]]
    km = round(6371.0088 * math.radians(0.1) * 1.3, 3)
    assert km == 14.455
    assert _pairs(net) == {("A1", "S1"): 0.0, ("A1", "S2"): km, ("A2", "S1"): km,
                           ("A2", "S2"): 0.0}


def test_the_road_factor_scales_computed_km() -> None:
    net = compile_network(cases.judged(), Shipment(blanks=100), Policy(road_factor=1.0))
    assert _pairs(net)[("A1", "S2")] == round(6371.0088 * math.radians(0.1), 3)  # 11.120


def test_the_travel_limit_keeps_the_own_district_and_is_judged_to_the_metre() -> None:
    def allowed(limit: float) -> set[tuple[str, str]]:
        net = compile_network(cases.judged(), Shipment(blanks=0), Policy(max_travel_km=limit))
        return set(_pairs(net))

    own = {("A1", "S1"), ("A2", "S2")}
    assert allowed(10) == own
    assert allowed(14.454) == own
    assert allowed(14.455) == own | {("A1", "S2"), ("A2", "S1")}


def test_a_measured_distance_replaces_the_computed_one() -> None:
    instance = cases.judged().model_copy(update={"distances": (
        Distance(area_id="A1", site_id="S2", km=30.0),)})
    net = compile_network(instance, Shipment(blanks=0), Policy(max_travel_km=20))
    # 30 km measured is beyond 20; A2 -> S1 is still the computed 14.455.
    assert _pairs(net) == {("A1", "S1"): 0.0, ("A2", "S1"): 14.455, ("A2", "S2"): 0.0}
    assert net.pairs.measured == 0  # the measured pair was not kept
    net = compile_network(instance, Shipment(blanks=0), Policy())
    assert _pairs(net)[("A1", "S2")] == 30.0 and net.pairs.measured == 1


def test_row_order_does_not_matter() -> None:
    instance = cases.judged()
    shuffled = instance.model_copy(update={"sites": instance.sites[::-1],
                                           "areas": instance.areas[::-1]})
    a = compile_network(instance, Shipment(blanks=5), Policy())
    b = compile_network(shuffled, Shipment(blanks=5), Policy())
    assert a.site_ids == b.site_ids and a.area_ids == b.area_ids
    assert _pairs(a) == _pairs(b)


def test_a_reserve_above_the_shipment_leaves_no_supply() -> None:
    assert compile_network(cases.judged(), Shipment(blanks=5), Policy(reserve=9)).supply == 0


def test_a_district_no_office_reaches_is_planned_unmet_with_its_reason() -> None:
    # Without S2, K2's residents may use only S1, 14.455 km away: a 10 km limit strands
    # K2. It is planned (not refused): K2 unmet with reason `reach`, and warned.
    instance = cases.judged().model_copy(update={"sites": cases.judged().sites[:1]})
    plan = solve(instance, Shipment(blanks=10_000), Policy(max_travel_km=10))
    k2 = [d for d in plan.districts if d.district_id == "K2" and d.backlog]
    assert k2 and all(d.served == 0 and d.unmet_reason == "reach" for d in k2)
    assert {"DISTRICT_WITHOUT_OFFICE", "AREA_UNREACHABLE"} <= {m.code for m in plan.messages}
    assert plan.status == "optimal"
    plan = solve(instance, Shipment(blanks=10_000), Policy(max_travel_km=15))
    assert all(d.unmet_reason != "reach" for d in plan.districts)


def test_one_instance_compiled_again_under_other_policies_and_shipments() -> None:
    # The instance's arrays and pairs are made once per instance object and shared:
    # each network must equal the one a fresh copy of the instance compiles to. On
    # cases.judged() the cross pairs are 14.455 km (module docstring): in reach at 15 km,
    # not at 10 km; room of the uncapped S2 is 75 backlog + supply + 1.
    instance = cases.judged()
    for blanks, policy, cross, s2_room in ((100, Policy(max_travel_km=15.0), True, 176),
                                           (100, Policy(max_travel_km=10.0), False, 176),
                                           (40, Policy(max_travel_km=15.0, reserve=5), True, 111)):
        net = compile_network(instance, Shipment(blanks=blanks), policy)
        fresh = compile_network(instance.model_copy(deep=True), Shipment(blanks=blanks), policy)
        assert _pairs(net) == _pairs(fresh)
        assert (("A1", "S2") in _pairs(net)) is cross
        assert net.room.tolist() == fresh.room.tolist() == [60, s2_room]
        assert net.supply == fresh.supply and net.unlimited == fresh.unlimited == s2_room
        for name in ("site_district", "area_district", "capacity", "stock", "backlog"):
            assert np.array_equal(getattr(net, name), getattr(fresh, name)), name


def test_shared_arrays_are_read_only() -> None:
    # Networks of one instance share its arrays: a stage that wrote into one would
    # change the next plan, so writing raises instead.
    instance = cases.judged()
    net = compile_network(instance, Shipment(blanks=100), Policy(max_travel_km=15.0))
    for array in (net.stock, net.backlog, net.capacity, net.pairs.km, net.pairs.site):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 1
    again = compile_network(instance, Shipment(blanks=100), Policy(max_travel_km=15.0))
    assert again.pairs is net.pairs and again.stock is net.stock


def test_sorted_rows_are_the_rows_sorted_by_id() -> None:
    """network.sorted_rows (the order input_sha256 hashes in) is the order of sorting the
    rows by their ids, distances by (area_id, site_id), whatever the input's row order."""
    import random

    from optimizer.engine.network import sorted_rows
    from optimizer.io import datasets
    from optimizer.schema import Instance

    data = datasets.load("palembang").instance.model_dump()
    rng = random.Random(3)
    for key in ("sites", "areas", "distances"):
        data[key] = list(data[key])
        rng.shuffle(data[key])
    instance = Instance.model_validate(data)
    sites, areas, distances = sorted_rows(instance)
    assert sites == tuple(sorted(instance.sites, key=lambda s: s.site_id))
    assert areas == tuple(sorted(instance.areas, key=lambda a: a.area_id))
    assert distances == tuple(sorted(instance.distances, key=lambda d: (d.area_id, d.site_id)))
    assert len(distances) > 1000  # Palembang's measured table
