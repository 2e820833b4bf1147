"""Pinned shipments: the plan under a planner's own shipments and what they cost."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer import InvalidInput, Policy, Shipment, solve
from optimizer.engine.evaluate import evaluate
from optimizer.engine.pins import price_pins
from tests import cases
from tests.engine.test_properties import COMMON, SOME, Case
from tests.engine.test_properties import cases as drawn


def test_moving_blanks_from_a_capacity_bound_office_costs_its_cards():
    # cases.three_districts(), 220 blanks, 50 km limit: each kecamatan prints at home.
    # Optimal: K1 20 (its capacity), K2 50, K3 150 (both 0.5): 220 cards, min coverage 0.2.
    # Pins: S1 10 (10 moved away from it) and S2 110, though K2 has only 100 waiting.
    # K1 prints its 10 blanks; K2 prints 100 and 10 blanks are stranded at S2; S3 gets
    # what is left, 220 - 120 = 100, and prints them for K3. 210 cards: the move costs
    # 10 cards, 10 stranded blanks, and the minimum coverage falls from 0.2 to 0.1.
    inst, ship = cases.three_districts(), Shipment(blanks=220)
    policy = Policy(max_travel_km=50, pinned_shipments={"S1": 10, "S2": 110})
    priced = price_pins(inst, ship, policy)
    assert {s.site_id: s.blanks for s in priced.plan.shipments} == {"S1": 10, "S2": 110,
                                                                     "S3": 100}
    assert priced.optimal.kpis.cards_by_tier["first_time"] == 220
    assert priced.plan.kpis.cards_by_tier["first_time"] == 210
    assert priced.cost is not None
    assert priced.cost.cards_by_tier == {"first_time": 10, "replacement": 0}
    assert priced.cost.coverage_min_by_tier["first_time"] == pytest.approx(0.1)
    assert priced.cost.resident_km == 0.0
    assert priced.cost.blanks_stranded == 10
    assert evaluate(inst, ship, policy, priced.plan).valid
    assert any(m.code == "PINNED_SHIPMENTS" for m in priced.plan.messages)


def test_a_pin_beyond_what_the_office_prints_strands_blanks():
    # Pin 40 at S1, which prints at most 20: 20 blanks stranded there; the other 180
    # reach K2 and K3 at 180/400 = 0.45 each (45 and 135): 200 cards, 20 fewer.
    # (K1 still gets its 20: 20/100 = 0.2 < 0.45, as in the optimal plan.)
    inst, ship = cases.three_districts(), Shipment(blanks=220)
    priced = price_pins(inst, ship, Policy(max_travel_km=50, pinned_shipments={"S1": 40}))
    assert priced.cost is not None
    assert priced.cost.blanks_stranded == 20
    assert priced.cost.cards_by_tier["first_time"] == 20
    served = {d.district_id: d.served for d in priced.plan.districts if d.tier == "first_time"}
    assert served == {"K1": 20, "K2": 45, "K3": 135}


def test_pins_beyond_the_shipment_are_infeasible_and_say_which_constraint():
    plan = solve(cases.three_districts(), Shipment(blanks=220),
                 Policy(max_travel_km=50, pinned_shipments={"S1": 200, "S2": 30}))
    assert plan.status == "infeasible"
    assert plan.messages[0].code == "INFEASIBLE_PINS"
    assert "(1)" in plan.messages[0].text


def test_a_pin_at_an_unknown_site_is_a_located_error():
    with pytest.raises(InvalidInput) as caught:
        solve(cases.three_districts(), Shipment(blanks=220),
              Policy(pinned_shipments={"S9": 10}))
    assert caught.value.problems[0].location == "policy.pinned_shipments.S9"


def test_pins_change_the_input_hash_whatever_order_they_come_in():
    inst, ship = cases.three_districts(), Shipment(blanks=220)
    a = solve(inst, ship, Policy(pinned_shipments={"S1": 10, "S2": 20}))
    b = solve(inst, ship, Policy(pinned_shipments={"S2": 20, "S1": 10}))
    c = solve(inst, ship, Policy())
    assert a.input_sha256 == b.input_sha256 != c.input_sha256


@settings(max_examples=SOME, **COMMON)
@given(drawn(lots=False), st.data())
def test_pinned_plans_keep_the_pins_and_every_hard_constraint(case: Case, data) -> None:
    optimal = solve(case.instance, case.shipment, case.policy)
    ids = sorted(s.site_id for s in case.instance.sites)
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
    own = data.draw(st.booleans())
    if own:  # pin (some of) the optimal plan's own shipments: nothing is lost in tier 0
        shipped = {s.site_id: s.blanks for s in optimal.shipments}
        pins = {i: shipped[i] for i in chosen}
    else:
        pins = {i: data.draw(st.integers(0, 60)) for i in chosen}
    policy = case.policy.model_copy(update={"pinned_shipments": pins})
    priced = price_pins(case.instance, case.shipment, policy)
    if priced.plan.status == "infeasible":
        assert priced.plan.messages[0].code.startswith("INFEASIBLE")
        return
    check = evaluate(case.instance, case.shipment, policy, priced.plan)
    assert check.valid, check.violations
    got = {s.site_id: s.blanks for s in priced.plan.shipments}
    assert all(got[i] == b for i, b in pins.items())
    assert priced.cost is not None
    first = case.instance.tiers[0]
    assert priced.cost.cards_by_tier[first] >= 0
    if own:
        assert priced.cost.cards_by_tier[first] == 0


@pytest.mark.parametrize("blanks", [-5, 10**12 + 1])
def test_a_pin_that_skipped_validation_is_refused_not_planned(blanks: int) -> None:
    # model_copy(update=...) skips Policy's validation; a tester's negative pin made
    # solve run for over 10 minutes and the lookahead ignore it. Both refuse it now.
    from optimizer.studies.lookahead import plan_lookahead

    instance = cases.three_districts()
    policy = Policy().model_copy(update={"pinned_shipments": {"S1": blanks}})
    for plan in (lambda: solve(instance, Shipment(blanks=100), policy),
                 lambda: plan_lookahead(instance, Shipment(blanks=100), policy)):
        with pytest.raises(InvalidInput) as error:
            plan()
        assert error.value.problems[0].pointer == "/policy/pinned_shipments/S1"
