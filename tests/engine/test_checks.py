"""Warnings a planner needs: an office that cannot print, a kecamatan without one, a
kelurahan no office reaches (which would silently get no card)."""

from __future__ import annotations

from optimizer import Instance, Policy, Shipment, solve
from optimizer.schema import Area, Site

KM = 1 / 111.2  # degrees of latitude per km (the engine's great-circle radius, 6,371 km)


def site(site_id: str, district: str, km_south: float, printers: int) -> Site:
    return Site(site_id=site_id, district_id=district, lat=-3.0 - km_south * KM, lon=104.7,
                printers=printers, cards_per_printer_day=100, working_days=5)


def area(area_id: str, district: str, km_south: float, backlog: int) -> Area:
    return Area(area_id=area_id, district_id=district, lat=-3.0 - km_south * KM, lon=104.7,
                backlog={"first_time": backlog, "replacement": 0})


# S1 (D1) prints 1 x 100 x 5 = 500 cards; S2 (D2), 50 km south, has no printer; D3 has no
# office. With a 10 km limit and road factor 1.3: A2 (1 km, 1.3 km road) and A4 (2 km,
# 2.6 km) reach S1; A3, beside S2 and 65 km of road from S1, reaches only its own
# kecamatan's office, which cannot print.
INSTANCE = Instance(
    sites=(site("S1", "D1", 0, 1), site("S2", "D2", 50, 0)),
    areas=(area("A1", "D1", 0, 100), area("A2", "D2", 1, 40), area("A3", "D2", 50, 30),
           area("A4", "D3", 2, 20)))


def warnings(plan_messages: tuple[object, ...]) -> dict[str, dict[str, object]]:
    return {m.code: m.params for m in plan_messages  # type: ignore[attr-defined]
            if m.code in {"SITE_WITHOUT_PRINTERS", "DISTRICT_WITHOUT_OFFICE",  # type: ignore[attr-defined]
                          "AREA_UNREACHABLE"}}


def test_each_warning_names_what_it_is_about():
    plan = solve(INSTANCE, Shipment(blanks=500), Policy(max_travel_km=10))
    assert warnings(plan.messages) == {
        "SITE_WITHOUT_PRINTERS": {"count": 1, "site_ids": "S2"},
        # max_travel_km: the text quotes the limit, so the params carry it (issue 15).
        "DISTRICT_WITHOUT_OFFICE": {"count": 2, "district_ids": "D2, D3", "max_travel_km": 10.0},
        "AREA_UNREACHABLE": {"count": 1, "residents": 30, "area_ids": "A3",
                             "max_travel_km": 10.0},
    }
    # The silent case the warning is for: A3 gets nothing while D2 shows coverage 40/70
    # (every reachable resident is served: 100 + 40 + 20 = 160 of the 500 cards).
    cards = {(s.area_id, s.tier): s.cards for s in plan.service}
    assert cards.get(("A3", "first_time"), 0) == 0
    d2 = next(d for d in plan.districts if d.district_id == "D2" and d.tier == "first_time")
    assert (d2.served, d2.backlog) == (40, 70)


def test_without_a_travel_limit_every_kelurahan_is_reached():
    plan = solve(INSTANCE, Shipment(blanks=500), Policy())
    found = warnings(plan.messages)
    assert "AREA_UNREACHABLE" not in found
    assert set(found) == {"SITE_WITHOUT_PRINTERS", "DISTRICT_WITHOUT_OFFICE"}


def test_a_city_with_an_office_everywhere_has_no_such_warning():
    instance = Instance(sites=(site("S1", "D1", 0, 1),), areas=(area("A1", "D1", 0, 10),))
    assert warnings(solve(instance, Shipment(blanks=10)).messages) == {}
