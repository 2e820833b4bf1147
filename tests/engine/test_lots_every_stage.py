"""Lots (model.md "Lot sizes"): the rounded-down lot-free plan is the floor; lot_cost."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer import Instance, Policy, Shipment, solve
from optimizer.engine.evaluate import evaluate
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
    assert "+216.825" in rounding.text


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
