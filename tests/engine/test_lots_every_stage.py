"""Lots (model.md "Lot sizes"): the rounded-down lot-free plan is the floor; lot_cost."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer import Instance, Policy, Shipment, solve
from optimizer.engine.evaluate import evaluate
from optimizer.engine.lots import LotChoice
from tests.cases import area, site
from tests.engine.test_properties import COMMON, FEW, Case
from tests.engine.test_properties import cases as drawn
from tests.engine.test_properties import solve as solve_case

KM = 14.455  # 0.1 degree at the equator x road factor 1.3 (tests/cases.py)


def near_and_far() -> Instance:
    """S1 beside A prints at most 15; S2, 14.455 km away in the same kecamatan, 100.
    A has 30 first-time waiting."""
    return Instance(name="near_and_far",
                    sites=(site("S1", "K", 0.0, cap=15), site("S2", "K", 0.1, cap=100)),
                    areas=(area("A", "K", 0.0, first=30),))


def test_the_lot_choice_moves_printing_to_the_far_office_at_a_cost_in_km():
    # 20 blanks. Without lots: S1 prints 15 (0 km), S2 the other 5 (5 x 14.455 =
    # 72.275 resident-km), 20 cards. In one lot of 20: at S1 it prints only 15 cards,
    # at S2 all 20 (20 x 14.455 = 289.1 km). Tiers come first: the lot goes to S2.
    # Cost of the lots: 0 cards, 0 coverage, 289.1 - 72.275 = 216.825 resident-km.
    inst, ship, pol = near_and_far(), Shipment(blanks=20), Policy(lot_size=20)
    plan = solve(inst, ship, pol)
    assert evaluate(inst, ship, pol, plan).valid
    assert {s.site_id: s.blanks for s in plan.shipments} == {"S1": 0, "S2": 20}
    assert plan.kpis.cards_by_tier["first_time"] == 20
    assert plan.kpis.resident_km_total == pytest.approx(20 * KM, abs=1e-9)
    cost = plan.kpis.lot_cost
    assert cost is not None
    assert cost.cards_by_tier == {"first_time": 0, "replacement": 0}
    assert cost.coverage_min_by_tier["first_time"] == 0.0
    assert cost.resident_km == pytest.approx(20 * KM - 5 * KM, abs=1e-9)
    rounding = next(m for m in plan.messages if m.code == "LOT_ROUNDING")
    assert rounding.params["resident_km"] == pytest.approx(216.825)
    assert "resident-km rise by 216.8." in rounding.text  # one decimal (wording.km)


def test_lots_that_cannot_be_printed_cost_cards_and_coverage():
    # 30 blanks in lots of 20: one lot (two would be 40). Without lots S1 prints 15 and S2
    # 15: 30 cards. With one lot at S2: 20 cards (at S1 only 15). The lots cost 10 cards
    # and 10/30 = 0.333333 of A's (the only district's) coverage.
    plan = solve(near_and_far(), Shipment(blanks=30), Policy(lot_size=20))
    cost = plan.kpis.lot_cost
    assert cost is not None
    assert cost.cards_by_tier["first_time"] == 10
    assert cost.coverage_min_by_tier["first_time"] == pytest.approx(0.333333)
    assert plan.kpis.cards_lost_to_lots == 10


def _floor_tiers(case: Case, lot_size: int) -> list[int]:
    """Tier totals of the lot-free plan with every shipment rounded down to whole lots,
    as pins (which keeps every hard constraint: pins only fix x[s])."""
    free = solve_case(case)
    pins = {s.site_id: s.blanks // lot_size * lot_size for s in free.shipments}
    floor = solve(case.instance, case.shipment, case.policy.model_copy(
        update={"pinned_shipments": pins, "lot_size": lot_size}))
    return [floor.kpis.cards_by_tier[t] for t in case.instance.tiers]


@settings(max_examples=FEW, **COMMON)
@given(drawn(lots=False), st.sampled_from([5, 10, 25]))
def test_no_lot_plan_prints_fewer_cards_than_the_rounded_down_lot_free_plan(
        case: Case, lot_size: int) -> None:
    lots = Case(case.instance, case.shipment, case.policy.model_copy(
        update={"lot_size": lot_size}))
    plan = solve_case(lots)
    check = evaluate(lots.instance, lots.shipment, lots.policy, plan)
    assert check.valid, check.violations
    got = [plan.kpis.cards_by_tier[t] for t in case.instance.tiers]
    assert got >= _floor_tiers(case, lot_size)
    assert plan.kpis.lot_cost is not None
    assert plan.kpis.lot_cost.cards_by_tier == {
        t: solve_case(case).kpis.cards_by_tier[t] - plan.kpis.cards_by_tier[t]
        for t in case.instance.tiers}


def lot_choice_for_travel() -> Instance:
    """Kecamatan K: A (7 first-time waiting) beside S1, B (5 waiting) at lon 0.03, S2 at
    lon 0.1. Km as plans state them (0.01 degree = 1.4455 km, to the metre): A-S1 0,
    A-S2 14.455, B-S1 4.337, B-S2 10.119. Capacities 100, no stock."""
    return Instance(name="lot_choice_for_travel",
                    sites=(site("S1", "K", 0.0, cap=100), site("S2", "K", 0.1, cap=100)),
                    areas=(area("A", "K", 0.0, first=7), area("B", "K", 0.03, first=5)))


def test_travel_chooses_where_the_lot_goes():
    # 20 blanks in lots of 10. Without lots: S1 gets 12 and prints everyone,
    # 5 x 4.337 = 21.685 resident-km. Rounded down: S1 one lot (10 cards); the tiers
    # need a second lot for the other 2 cards, and at S1 or at S2 it is as close to
    # the rounded-down plan (one lot away), so the tier stage alone put it at S2
    # (S1 10, S2 10): B prints 3 at S1 and 2 at S2, 3 x 4.337 + 2 x 10.119 = 33.249
    # resident-km. Travel puts it at S1 (S1 20): 21.685, nothing lost to the lots.
    inst, ship, pol = lot_choice_for_travel(), Shipment(blanks=20), Policy(lot_size=10)
    plan = solve(inst, ship, pol)
    assert evaluate(inst, ship, pol, plan).valid
    assert plan.status == "optimal"
    assert {s.site_id: s.blanks for s in plan.shipments} == {"S1": 20, "S2": 0}
    assert plan.kpis.cards_by_tier["first_time"] == 12
    assert plan.kpis.resident_km_total == pytest.approx(21.685, abs=1e-9)
    cost = plan.kpis.lot_cost
    assert cost is not None
    assert cost.resident_km == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=FEW, **COMMON)
@given(drawn(lots=False), st.sampled_from([5, 10, 25]))
def test_travel_over_lots_never_costs_km_against_the_tier_stage_lots(
        case: Case, lot_size: int) -> None:
    """S3 chooses among whole-lot shipments with tiers and equity held: against the lots
    the tier stage alone chose (closest to the rounded-down plan; travel over lots
    switched off), the plan prints the same cards per tier and area, in whole lots,
    and never more resident-km."""
    from optimizer.engine import lots as lots_module  # solve imports it when lots are asked

    lots = Case(case.instance, case.shipment, case.policy.model_copy(
        update={"lot_size": lot_size}))
    plan = solve_case(lots)
    original = lots_module.travel_lots
    # Travel keeps the lots chosen so far (site_supply, the 4th argument), as proven.
    lots_module.travel_lots = lambda *args, **kwargs: LotChoice(  # type: ignore[assignment]
        site_supply=args[3], proven=True)
    try:
        before = solve_case(lots)
    finally:
        lots_module.travel_lots = original
    assert evaluate(lots.instance, lots.shipment, lots.policy, plan).valid
    assert all(line.blanks % lot_size == 0 for line in plan.shipments)
    assert plan.kpis.cards_by_tier == before.kpis.cards_by_tier
    if plan.status == before.status == "optimal" and lots.policy.equity:
        assert {(a.area_id, a.tier): a.served for a in plan.areas} == \
            {(a.area_id, a.tier): a.served for a in before.areas}
    if plan.status == before.status == "optimal":
        assert plan.kpis.resident_km_total <= before.kpis.resident_km_total + 1e-6
