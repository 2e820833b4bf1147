"""Whole-card lexicographic max-min (S2a, S2b): hand-solved cases, with the greedy's steps.

The greedy (optimizer/engine/model.py, "S2") gives one card at a time to the unit of
lowest coverage that can still take one; ties go to the higher coverage after the
card (the smaller backlog), then the lower id. Every case here puts all offices and
residents at one point, so every pair is allowed at 0 km and only capacities and
the shipment bind.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings

from optimizer import Area, Instance, Policy, Shipment, Site, plan_json, solve
from optimizer.engine.evaluate import evaluate
from tests.engine.test_properties import COMMON, SOME, Case, cases, without_seconds
from tests.engine.test_properties import solve as solve_case


def _site(site_id: str, district: str, cap: int) -> Site:
    return Site(site_id=site_id, district_id=district, lat=-3.0, lon=104.75, printers=1,
                cards_per_printer_day=cap, working_days=1)


def _area(area_id: str, district: str, waiting: int) -> Area:
    return Area(area_id=area_id, district_id=district, lat=-3.0, lon=104.75,
                backlog={"first_time": waiting, "replacement": 0})


def _plan(sites: tuple[Site, ...], areas: tuple[Area, ...], blanks: int):
    inst, ship, pol = Instance(sites=sites, areas=areas), Shipment(blanks=blanks), Policy()
    plan = solve(inst, ship, pol)
    check = evaluate(inst, ship, pol, plan)
    assert check.valid, check.violations
    assert plan.status == "optimal"
    return plan


def _districts(plan) -> dict[str, int]:
    return {d.district_id: d.served for d in plan.districts if d.tier == "first_time"}


def _areas(plan) -> dict[str, int]:
    return {a.area_id: a.served for a in plan.areas if a.tier == "first_time"}


def test_2a_no_kecamatan_at_zero_when_whole_cards_serve_it():
    """Kecamatan K1 (2 waiting, office of capacity 3) and K2 (7 waiting, capacity 6),
    3 blanks, so 3 cards.

    Greedy: both at 0/2, 0/7, tied; after one card K1 covers 1/2 > K2 1/7, so K1 first:
    (1, 0). Then K2 is lowest (0 < 1/2) twice: (1, 1), (1, 2). Coverage (1/2, 2/7),
    sorted (2/7, 1/2). The floor filling gave (0, 3): sorted (0, 3/7), lower at the
    first place. LP: 9t = 3, t = 1/3, shares (2/3, 7/3): both within one card here.
    """
    plan = _plan((_site("S1", "K1", 3), _site("S2", "K2", 6)),
                 (_area("A1", "K1", 2), _area("A2", "K2", 7)), 3)
    assert _districts(plan) == {"K1": 1, "K2": 2}
    assert plan.kpis.coverage_min_by_tier["first_time"] == round(2 / 7, 6)


def test_2a_whole_cards_may_leave_a_large_kecamatan_over_a_card_below_its_lp_share():
    """K1 and K2 with 1 waiting each, K3 with 6; one office of capacity 3 (in K3).

    Greedy: all at 0, tied; by coverage after the card K1 (1/1), K2 (1/1), K3 (1/6):
    K1, K2, K3 each get one and the 3 cards are gone: (1, 1, 1), sorted (1/6, 1, 1).
    LP: 8t = 3, t = 3/8, shares (3/8, 3/8, 9/4): K3 is 9/4 - 1 = 1.25 cards below
    its LP share. Keeping K3 within one card (2 cards) leaves K1 or K2 at 0 while a
    whole-card plan serves it: sorted (0, 1/3, 1) < (1/6, 1, 1). docs/model.md says
    the engine chooses the whole cards.
    """
    plan = _plan((_site("S3", "K3", 3),),
                 (_area("A1", "K1", 1), _area("A2", "K2", 1), _area("A3", "K3", 6)), 3)
    assert _districts(plan) == {"K1": 1, "K2": 1, "K3": 1}
    assert Fraction(9, 4) - 1 > 1  # K3's LP share less its one card


def test_2a_a_full_office_stops_its_kecamatan_and_the_rest_is_shared():
    """K1 (4 waiting) lies a degree north with its own office S1 (capacity 1), about
    145 km from the rest, beyond max_travel_km 10; K2 (4 waiting, S2 capacity 1) and
    K3 (12 waiting, S3 capacity 4) at the centre. 6 blanks: 1 card in K1, 5 at the centre.

    Greedy: all at 0; after one card K1 1/4 = K2 1/4 > K3 1/12, so K1, K2, K3 in that
    order, all fit: (1, 1, 1). K1 cannot rise (S1 is full): fixed at 1/4. K3 lowest
    (1/12): (1, 1, 2) at 1/6; again: (1, 1, 3) at 1/4, tied with K2; after the card
    K2 2/4 > K3 4/12, so K2: (1, 2, 3), the sixth card. LP: K1 1 (level 1/4), the
    others share 5 at 5/16: (1.25, 3.75); K3's 3 is within one card of 3.75.
    """
    far = -2.0  # one degree north of the centre (-3.0)
    inst = Instance(
        sites=(_site("S1", "K1", 1).model_copy(update={"lat": far}), _site("S2", "K2", 1),
               _site("S3", "K3", 4)),
        areas=(_area("A1", "K1", 4).model_copy(update={"lat": far}), _area("A2", "K2", 4),
               _area("A3", "K3", 12)))
    ship, pol = Shipment(blanks=6), Policy(max_travel_km=10.0)
    plan = solve(inst, ship, pol)
    assert evaluate(inst, ship, pol, plan).valid
    assert plan.status == "optimal"
    assert _districts(plan) == {"K1": 1, "K2": 2, "K3": 3}


def test_2b_kelurahan_in_one_kecamatan_get_whole_cards_lowest_first():
    """One kecamatan K with kelurahan A (2 waiting) and B (7 waiting), an office of
    capacity 3; 3 cards. (S2a) K gets all 3. (S2b) as in the 2a case above: A's first
    card (1/2 after it, against B's 1/7), then B twice: A 1, B 2 (the floor filling
    gave A 0, B 3)."""
    plan = _plan((_site("S", "K", 3),), (_area("A", "K", 2), _area("B", "K", 7)), 3)
    assert _areas(plan) == {"A": 1, "B": 2}


def test_2b_three_kelurahan_one_card_each_before_a_second():
    """Kecamatan K: kelurahan A1, A2 (1 waiting each) and A3 (6); kecamatan L: B (6).
    Offices: S in K (capacity 4), T in L (capacity 2); 6 cards.

    (S2a) K 8 waiting, L 6. Greedy on districts: tied at 0, after one card K 1/8 <
    L 1/6, so L first: (0, 1); K (0 < 1/6): (1, 1); K (1/8 < 1/6): (2, 1); L (1/6 <
    2/8): (2, 2); K (2/8 < 2/6): (3, 2); L (2/6 < 3/8): (3, 3), the sixth card.
    (S2b) K's 3 over A1, A2, A3: tied at 0, after one card 1/1, 1/1, 1/6: A1, A2, A3
    each one: (1, 1, 1).
    """
    plan = _plan((_site("S", "K", 4), _site("T", "L", 2)),
                 (_area("A1", "K", 1), _area("A2", "K", 1), _area("A3", "K", 6),
                  _area("B", "L", 6)), 6)
    assert _districts(plan) == {"K": 3, "L": 3}
    assert _areas(plan) == {"A1": 1, "A2": 1, "A3": 1, "B": 3}


@settings(max_examples=SOME, **COMMON)
@given(cases(equity=True, lots=False))
def test_the_parts_guess_never_changes_the_greedy(case: Case) -> None:
    """equalize_tier may start from each part's own greedy result (decompose.ceilings,
    the central supply unlimited): until the supply binds, the whole network's greedy
    is those parts' greedies. The plan is the same without the guess."""
    from optimizer.engine import decompose

    plan = solve_case(case)
    original = decompose.ceilings
    decompose.ceilings = lambda *args, **kwargs: None  # type: ignore[assignment]
    try:
        plain = solve_case(case)
    finally:
        decompose.ceilings = original
    assert plan_json(without_seconds(plan)) == plan_json(without_seconds(plain))


def test_parts_guess_with_the_supply_binding():
    """Two kecamatan no office links (K1 at the centre, K2 a degree north, max_travel_km
    10): two parts sharing the central supply. K1: A1 (1 waiting), A2 (6); K2: B (3).
    Offices S1 in K1, S2 in K2, capacity 10 each; 4 blanks.

    Each part alone (supply unlimited) serves everyone: ceilings K1 7, K2 3. With 4
    blanks the greedy: all at 0, after one card K1 1/7 < K2 1/3, so K2 first (0, 1);
    K1 (0 < 1/3): (1, 1); K1 (1/7 < 1/3): (2, 1); K1 (2/7 < 1/3): (3, 1), the fourth
    card. Then in K1, tied at 0: A1 (1/1 after its card) before A2 (1/6), then A2
    twice (0 < 1): A1 1, A2 2.
    """
    far = -2.0
    inst = Instance(
        sites=(_site("S1", "K1", 10), _site("S2", "K2", 10).model_copy(update={"lat": far})),
        areas=(_area("A1", "K1", 1), _area("A2", "K1", 6),
               _area("B", "K2", 3).model_copy(update={"lat": far})))
    ship, pol = Shipment(blanks=4), Policy(max_travel_km=10.0)
    plan = solve(inst, ship, pol)
    assert evaluate(inst, ship, pol, plan).valid
    assert _districts(plan) == {"K1": 3, "K2": 1}
    assert _areas(plan) == {"A1": 1, "A2": 2, "B": 1}


def _travel_tie(c_district: str, b_district: str) -> Instance:
    """The tester's tie: S1 in K1 at lon 0 (100 cards), S2 in b's district at lon 1 (4);
    areas a (K1, lon 0), b (lon 1), c (lon 0.5, no office in its district), 10 first-time
    each; no travel limit."""
    def site(site_id: str, district: str, lon: float, cap: int) -> Site:
        return Site(site_id=site_id, district_id=district, lat=0.0, lon=lon, printers=1,
                    cards_per_printer_day=cap, working_days=1)

    def area(area_id: str, district: str, lon: float) -> Area:
        return Area(area_id=area_id, district_id=district, lat=0.0, lon=lon,
                    backlog={"first_time": 10, "replacement": 0})

    return Instance(name="travel_tie",
                    sites=(site("S1", "K1", 0.0, 100), site("S2", b_district, 1.0, 4)),
                    areas=(area("a", "K1", 0.0), area("b", b_district, 1.0),
                           area("c", c_district, 0.5)))


def _tie_plan(c_district: str, b_district: str) -> tuple[list[float], float]:
    plan = solve(_travel_tie(c_district, b_district), Shipment(blanks=20), Policy())
    coverage = sorted(d.coverage or 0.0 for d in plan.districts if d.tier == "first_time")
    return coverage, plan.kpis.resident_km_total


def test_a_travel_tie_is_equally_fair_whichever_district_gets_the_card() -> None:
    """20 cards for three districts of 10: 6 each (18), then two of the three tied at
    0.6 get a 7th; sorted coverage (0.6, 0.7, 0.7) whichever two, under either naming."""
    assert _tie_plan("K3", "K2")[0] == _tie_plan("K2", "K3")[0] == [0.6, 0.7, 0.7]


def test_a_travel_tie_goes_to_the_fewer_resident_km() -> None:
    """K1 and one of b's or c's districts get the 7th card (the greedy: the lower id).
    1 degree of longitude at the equator is 111.19 km great-circle, x 1.3 road = 144.55
    km; c is half as far from S1 (72.27 km). S2 prints b's first 4 at 0 km.
      b's district 7, c's 6: b 3 x 144.55 + c 6 x 72.27 = 867.3 resident-km
      c's district 7, b's 6: b 2 x 144.55 + c 7 x 72.27 = 795.0 resident-km
    Equally fair, so model.md's travel stage chooses 795.0 under either naming (the
    greedy alone gave 867.3 when b's district is K2, the lower id; engine/ties.py)."""
    assert _tie_plan("K3", "K2")[1] == pytest.approx(795.047, abs=0.01)
    assert _tie_plan("K2", "K3")[1] == pytest.approx(795.047, abs=0.01)


@pytest.mark.parametrize("names", [("K3", "K2"), ("K2", "K3")])
def test_with_lots_a_tie_goes_to_travel_and_an_unbounded_one_is_not_called_optimal(
        names: tuple[str, str]) -> None:
    """The tie above with lots. Lots of 2: S1 16 and S2 4 are whole lots, the lot-free
    plan's 795.0 resident-km is reached, so it is proven (the lot-free plan is a bound).
    Lots of 5: S2 (4 printers' worth) cannot take a lot without printing fewer cards,
    so all 20 go to S1 and b's residents travel too; the tie then decides:
      c's district 7, b's 6: b 6 x 144.55 + c 7 x 72.27 = 1,373.3 resident-km
      b's district 7, c's 6: b 7 x 144.55 + c 6 x 72.27 = 1,445.5
    The plan takes 1,373.3 under either naming (the greedy alone took 1,445.5 and said
    `optimal` when b's district had the lower id); above the 795.0 bound it cannot be
    proven, so it says `feasible` with TRAVEL_TIES_LOTS."""
    two = solve(_travel_tie(*names), Shipment(blanks=20), Policy(lot_size=2))
    assert two.status == "optimal"
    assert two.kpis.resident_km_total == pytest.approx(795.047, abs=0.01)
    five = solve(_travel_tie(*names), Shipment(blanks=20), Policy(lot_size=5))
    assert five.kpis.resident_km_total == pytest.approx(1373.263, abs=0.01)
    assert five.status == "feasible"
    tie = next(m for m in five.messages if m.code == "TRAVEL_TIES_LOTS")
    assert tie.params["km_above_bound"] == pytest.approx(1373.263 - 795.047, abs=0.01)
