"""Hand-solved instances: one per objective stage and per hard constraint (tests/cases.py)."""

from __future__ import annotations

import pytest

from optimizer import Policy, Shipment, solve
from optimizer.engine.evaluate import evaluate
from tests import cases


def plan_for(instance, blanks, **policy):
    pol = Policy(**policy)
    plan = solve(instance, Shipment(blanks=blanks), pol)
    check = evaluate(instance, Shipment(blanks=blanks), pol, plan)
    assert check.valid, check.violations
    return plan


def served(plan, district, tier="first_time"):
    return next(d.served for d in plan.districts if d.district_id == district and d.tier == tier)


def shipped(plan):
    return {s.site_id: s.blanks for s in plan.shipments}


def test_tiers_first_time_before_replacement():
    plan = plan_for(cases.tiers_only(), 200)
    assert plan.status == "optimal"
    assert plan.kpis.cards_by_tier == {"first_time": 60, "replacement": 40}
    assert plan.sites[0].binding == "capacity"
    assert plan.kpis.blanks_kept_central == 100


def test_tiers_scarce_supply_goes_to_first_time_only():
    plan = plan_for(cases.tiers_only(), 50)
    assert plan.kpis.cards_by_tier == {"first_time": 50, "replacement": 0}
    assert plan.sites[0].binding == "supply"


def test_equity_shares_what_the_capacity_bound_district_cannot_use():
    plan = plan_for(cases.three_districts(), 220, max_travel_km=50)
    assert (served(plan, "K1"), served(plan, "K2"), served(plan, "K3")) == (20, 50, 150)
    assert plan.kpis.coverage_min_by_tier["first_time"] == 0.2
    assert plan.kpis.coverage_max_by_tier["first_time"] == 0.5
    reasons = {d.district_id: d.unmet_reason for d in plan.districts if d.tier == "first_time"}
    assert reasons == {"K1": "capacity", "K2": "supply", "K3": "supply"}


def test_equity_off_still_prints_as_many_cards():
    plan = plan_for(cases.three_districts(), 220, equity=False, max_travel_km=50)
    assert plan.kpis.cards_by_tier["first_time"] == 220
    assert served(plan, "K1") == 20
    assert any(m.code == "EQUITY_OFF" for m in plan.messages)


def test_equity_whole_cards_stay_within_one_card_of_the_lp():
    # 221 blanks: K2 and K3 would get 0.5025 * (100, 300) = (50.25, 150.75).
    plan = plan_for(cases.three_districts(), 221, max_travel_km=50)
    assert served(plan, "K1") == 20
    assert served(plan, "K2") + served(plan, "K3") == 201
    assert served(plan, "K2") >= 50 and served(plan, "K3") >= 150


def test_travel_minimized_after_tiers():
    plan = plan_for(cases.travel(), 100)
    assert plan.kpis.cards_by_tier["first_time"] == 60
    lines = {(s.area_id, s.site_id): s.cards for s in plan.service}
    assert lines == {("A", "S1"): 30, ("A", "S2"): 20, ("B", "S2"): 10}
    assert plan.kpis.resident_km_total == pytest.approx(20 * 14.455, abs=0.05)
    assert plan.kpis.max_km == pytest.approx(14.455, abs=0.01)


def test_travel_limit_keeps_residents_near_home():
    plan = plan_for(cases.travel(), 100, max_travel_km=10)
    assert served(plan, "K1") == 30
    assert plan.kpis.max_km == 0.0
    assert {d.district_id: d.unmet_reason for d in plan.districts
            if d.tier == "first_time"}["K1"] == "capacity"


def test_stock_is_used_before_shipping_and_nothing_is_stranded():
    plan = plan_for(cases.stocked(), 100)
    assert shipped(plan) == {"S": 20}
    assert plan.kpis.blanks_kept_central == 80
    assert plan.kpis.blanks_stranded == 0
    assert any(m.code == "BLANKS_KEPT_CENTRAL" for m in plan.messages)


def test_reserve_stays_central():
    plan = plan_for(cases.tiers_only(), 70, reserve=30)
    assert plan.kpis.blanks_shipped == 40
    assert plan.kpis.cards_by_tier["first_time"] == 40
    assert plan.kpis.blanks_kept_central == 30


def test_storage_cap_limits_what_a_site_receives():
    plan = plan_for(cases.storage(), 500)
    assert shipped(plan) == {"S": 30}
    assert plan.sites[0].printed == 40
    assert plan.sites[0].binding == "storage"


def test_backlog_bounds_cards():
    plan = plan_for(cases.tiers_only(), 10_000)
    assert plan.kpis.cards_by_tier == {"first_time": 60, "replacement": 40}
    plan = plan_for(cases.stocked(), 10_000)
    assert plan.sites[0].printed == 50


def test_lot_sizes_round_shipments_and_report_the_cost():
    plan = plan_for(cases.lots(), 110, lot_size=25, max_travel_km=50)
    assert shipped(plan) == {"S1": 50, "S2": 50}
    assert plan.kpis.cards_by_tier["first_time"] == 95
    assert plan.kpis.cards_lost_to_lots == 10
    assert plan.kpis.blanks_stranded == 5
    assert plan.kpis.blanks_kept_central == 10
    assert plan.status == "optimal"


def test_reserve_above_shipment_is_infeasible_and_named():
    plan = solve(cases.tiers_only(), Shipment(blanks=10), Policy(reserve=20))
    assert plan.status == "infeasible"
    assert plan.messages[0].code == "INFEASIBLE_RESERVE"


def test_stock_above_storage_cap_is_infeasible_and_named():
    instance = cases.storage().model_copy(update={"sites": (
        cases.site("S", "K", cap=100, stock=50, storage_cap=40),)})
    plan = solve(instance, Shipment(blanks=10))
    assert plan.status == "infeasible"
    assert plan.messages[0].params["site_id"] == "S"


def test_a_district_no_office_reaches_is_planned_unmet_like_one_whose_office_cannot_print():
    # K2 has no office row (first case) or an office with 0 printers (second): either way
    # its residents are out of reach within 5 km, the rest is planned and the reason shown.
    alone = cases.travel().model_copy(update={"sites": (cases.site("S1", "K1", 0.0),)})
    idle = alone.model_copy(update={"sites": (
        *alone.sites, cases.site("S2", "K2", 1.0).model_copy(update={"printers": 0}))})
    plans = [solve(i, Shipment(blanks=10), Policy(max_travel_km=5)) for i in (alone, idle)]
    for plan in plans:
        assert plan.status == "optimal"
        assert {(d.district_id, d.unmet_reason) for d in plan.districts if d.unmet} \
            >= {("K2", "reach")}
        assert {"DISTRICT_WITHOUT_OFFICE", "AREA_UNREACHABLE"} <= {m.code for m in plan.messages}
    assert plans[0].kpis == plans[1].kpis


def test_marginal_values_point_at_the_binding_site():
    plan = plan_for(cases.three_districts(), 1000, max_travel_km=50)
    sites = {s.site_id: s for s in plan.sites}
    # Supply is ample: only K1's printer limits; one more printer-day there prints 20 more.
    assert sites["S1"].binding == "capacity"
    assert sites["S1"].marginal_cards_per_printer_day == 20
    assert sites["S2"].marginal_cards_per_printer_day == 0
    assert sites["S2"].binding == "backlog"
    # Blanks are not short, so 100 more anywhere print nothing.
    assert all(s.marginal_cards_per_100_blanks == 0 for s in plan.sites)


def test_marginal_blanks_when_supply_is_short():
    plan = plan_for(cases.three_districts(), 100, max_travel_km=50)
    assert all(s.marginal_cards_per_100_blanks == 100 for s in plan.sites if s.site_id != "S1")


def _one_office(cap: int, waiting: int):
    from optimizer import Instance
    return Instance(name="one_office", sites=(cases.site("S", "K", cap=cap),),
                    areas=(cases.area("A", "K", first=waiting),))


def _kept_message(plan):
    return next(m for m in plan.messages if m.code.startswith("BLANKS_KEPT_CENTRAL"))


def test_blanks_kept_central_name_the_lots_when_they_are_the_reason():
    """One office, capacity 1,000, 500 waiting, 150 blanks, lots of 100.
    Without lots all 150 ship and print. With lots: 1 lot (100) ships, 2 would be 200 >
    150; the 50 left are less than a lot, and capacity (1,000) and the backlog (500) are
    far from binding, so the lots are the reason, not capacity, storage or backlog."""
    plan = plan_for(_one_office(1000, 500), 150, lot_size=100)
    assert plan.kpis.blanks_kept_central == 50
    m = _kept_message(plan)
    assert m.code == "BLANKS_KEPT_CENTRAL_LOTS"
    assert (m.params["kept"], m.params["reserve"], m.params["lot_kept"],
            m.params["unusable"], m.params["lot_size"]) == (50, 0, 50, 0, 100)
    assert "whole lots of 100" in m.text


def test_blanks_kept_central_name_capacity_when_it_is_the_reason():
    """One office, capacity 100, 500 waiting, 150 blanks, lots of 100. Without lots 100
    ship (capacity) and 50 stay; with lots the same 100 (one lot) and the same 50: the
    printer is the reason, the lots keep nothing more."""
    plan = plan_for(_one_office(100, 500), 150, lot_size=100)
    m = _kept_message(plan)
    assert m.code == "BLANKS_KEPT_CENTRAL"
    assert (m.params["kept"], m.params["unusable"]) == (50, 50)


def test_blanks_kept_central_split_between_reserve_backlog_and_lots():
    """One office, capacity 1,000, 120 waiting, 160 blanks, reserve 10, lots of 100.
    Without lots: 150 may leave, 120 ship (the backlog), 40 stay (10 reserve + 30).
    With lots: 1 lot (100; 2 would be 200 > 150), 60 stay: 10 reserve, 30 the backlog
    leaves unused anyway, and 60 - 40 = 20 kept because of the lots."""
    plan = plan_for(_one_office(1000, 120), 160, lot_size=100, reserve=10)
    m = _kept_message(plan)
    assert m.code == "BLANKS_KEPT_CENTRAL_LOTS"
    assert (m.params["kept"], m.params["reserve"], m.params["lot_kept"],
            m.params["unusable"]) == (60, 10, 20, 30)


def test_blanks_kept_central_less_than_one_lot_prints_nothing():
    """The tester's case by hand: 100 blanks, lots of 1,000: no whole lot exists, 0 ship,
    all 100 stay, and it is the lot size that keeps them (capacity 1,000, 500 waiting)."""
    plan = plan_for(_one_office(1000, 500), 100, lot_size=1000)
    assert plan.kpis.blanks_shipped == 0
    m = _kept_message(plan)
    assert m.code == "BLANKS_KEPT_CENTRAL_LOTS"
    assert (m.params["lot_kept"], m.params["unusable"]) == (100, 0)
