"""Level 2b equity (model.md): kelurahan within a kecamatan, district totals held.

Hand-solved cases carry their computation; the properties are necessary
conditions over random small instances (drawn as in test_properties).
"""

from __future__ import annotations

import json
from collections import defaultdict
from fractions import Fraction
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer import Area, Distance, Instance, Policy, Shipment, Site, solve
from optimizer.engine.evaluate import evaluate
from tests.engine.test_properties import COMMON, MANY, SOME, Case, cases, surely_allowed
from tests.engine.test_properties import solve as solve_case


def _site(site_id: str, district: str, cap: int) -> Site:
    return Site(site_id=site_id, district_id=district, lat=0.0, lon=0.0, printers=1,
                cards_per_printer_day=cap, working_days=1)


def _area(area_id: str, district: str, first: int) -> Area:
    return Area(area_id=area_id, district_id=district, lat=0.0, lon=0.0,
                backlog={"first_time": first, "replacement": 0})


def one_far_kelurahan() -> Instance:
    """Kecamatan K1 with kelurahan A1, A2, A3 (40 first-time each) and office S1
    (capacity 30); kecamatan K2 with B (50) and office S2 (capacity 100).

    Measured km:      S1   S2
               A1      1    2
               A2      1    2
               A3      9   12   (far from every office but its own)
               B       3    1
    With max_travel_km 5, A3 may print only at S1 (its own kecamatan).

    85 blanks. (S1) all 85 cards print (capacity 130). (S2a) K1 120 and K2 50 waiting:
    85 / 170 = 0.5, so K1 60 and K2 25. (S2b) 60 for A1, A2, A3 (40 each): 20 each
    (coverage 0.5; A3's 20 fit in S1's 30). (S3) A3's 20 at S1 (180 km); S1's other
    10 to A1 or A2 at 1 km (10 km); their other 30 at S2, 2 km (60 km); B's 25 at
    S2, 1 km (25 km): 275 resident-km. Shipments: S1 30, S2 55.
    Without 2b the travel stage would fill S1 with A1 and A2 (1 km) and leave A3 at
    0 cards: 30 + 60 + 25 = 115 resident-km, which is what 2b forbids.
    """
    km = {("A1", "S1"): 1, ("A1", "S2"): 2, ("A2", "S1"): 1, ("A2", "S2"): 2,
          ("A3", "S1"): 9, ("A3", "S2"): 12, ("B", "S1"): 3, ("B", "S2"): 1}
    return Instance(
        name="one_far_kelurahan",
        sites=(_site("S1", "K1", 30), _site("S2", "K2", 100)),
        areas=(_area("A1", "K1", 40), _area("A2", "K1", 40), _area("A3", "K1", 40),
               _area("B", "K2", 50)),
        distances=tuple(Distance(area_id=a, site_id=s, km=float(d)) for (a, s), d in km.items()))


def area_served(plan, tier="first_time"):
    return {line.area_id: line.served for line in plan.areas if line.tier == tier}


def test_far_kelurahan_gets_the_same_share_as_its_neighbours():
    inst, ship, pol = one_far_kelurahan(), Shipment(blanks=85), Policy(max_travel_km=5)
    plan = solve(inst, ship, pol)
    assert evaluate(inst, ship, pol, plan).valid
    assert plan.status == "optimal"
    assert area_served(plan) == {"A1": 20, "A2": 20, "A3": 20, "B": 25}
    assert {line.area_id: line.coverage for line in plan.areas
            if line.tier == "first_time"} == {"A1": 0.5, "A2": 0.5, "A3": 0.5, "B": 0.5}
    assert plan.kpis.resident_km_total == pytest.approx(275.0, abs=1e-9)
    assert {s.site_id: s.blanks for s in plan.shipments} == {"S1": 30, "S2": 55}
    lines = {(s.area_id, s.site_id): s.cards for s in plan.service}
    assert lines[("A3", "S1")] == 20
    assert lines[("B", "S2")] == 25


def test_equity_off_lets_travel_leave_the_far_kelurahan_at_zero():
    # Equity off: 85 cards, travel alone decides. A1 and A2 fill S1 (30 cards, 1 km),
    # B prints all 50 at S2 (1 km), the last 5 go to A1/A2 at S2 (2 km):
    # 30 + 50 + 10 = 90 resident-km, and A3 (9 km from its only office) gets nothing.
    inst, ship = one_far_kelurahan(), Shipment(blanks=85)
    plan = solve(inst, ship, Policy(max_travel_km=5, equity=False))
    assert plan.kpis.resident_km_total == pytest.approx(90.0, abs=1e-9)
    got = area_served(plan)
    assert (got["A1"] + got["A2"], got["A3"], got["B"]) == (35, 0, 50)


def test_area_lines_are_sorted_with_every_tier():
    plan = solve(one_far_kelurahan(), Shipment(blanks=85), Policy(max_travel_km=5))
    keys = [(line.area_id, line.tier) for line in plan.areas]
    assert keys == [(a, t) for a in ("A1", "A2", "A3", "B")
                    for t in ("first_time", "replacement")]
    assert all(line.coverage is None for line in plan.areas if line.tier == "replacement")


def test_uneven_shares_round_within_one_card():
    """81 blanks. The greedy gives every card whose district covers less than t before
    it, i.e. ceil(t * backlog) each: at t = 57/120 = 0.475, K1 57 and K2 ceil(23.75) =
    24, 81 cards, all there are (K2 24/50 = 0.48). The LP shares are 81/170 = 0.4765:
    57.18 and 23.82, both within one card. Then K1's 57 over three kelurahan of 40:
    ceil(40 t) each fits 57 up to t = 19/40: 19 each (0.475)."""
    plan = solve(one_far_kelurahan(), Shipment(blanks=81), Policy(max_travel_km=5))
    assert area_served(plan) == {"A1": 19, "A2": 19, "A3": 19, "B": 24}


# --------------------------------------------------------------------------- properties


@settings(max_examples=MANY, **COMMON)
@given(cases(equity=True, lots=False))
def test_area_lines_add_up_to_the_district_lines(case: Case) -> None:
    plan = solve_case(case)
    by_area = defaultdict(int)
    for line in plan.service:
        by_area[(line.area_id, line.tier)] += line.cards
    district_of = {a.area_id: a.district_id for a in case.instance.areas}
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for line in plan.areas:
        assert line.served == by_area[(line.area_id, line.tier)]
        assert line.district_id == district_of[line.area_id]
        totals[(line.district_id, line.tier)] += line.served
    assert {(d.district_id, d.tier): d.served for d in plan.districts} == \
        {k: totals[k] for k in ((d.district_id, d.tier) for d in plan.districts)}
    assert [(a.area_id, case.instance.tiers.index(a.tier)) for a in plan.areas] == sorted(
        (a.area_id, case.instance.tiers.index(a.tier)) for a in plan.areas)


@settings(max_examples=MANY, **COMMON)
@given(cases(equity=True, lots=False))
def test_no_card_move_at_one_site_would_help_a_poorer_kelurahan(case: Case) -> None:
    """A card printed at site s for area a2 could go to area a1 of the same district and
    tier when a1 may print at s: that keeps every hard constraint and every district
    total. If the pair's sorted coverage would rise, sorted((served1 + 1) / b1,
    (served2 - 1) / b2) > sorted(served1 / b1, served2 / b2), the plan's area vector
    is not the whole-card lexicographic max-min (model.md 2b, docs/model.md)."""
    plan = solve_case(case)
    if plan.status != "optimal":
        return
    allowed = surely_allowed(case.instance, case.policy)
    lines = {(a.area_id, a.tier): a for a in plan.areas}
    district_of = {a.area_id: a.district_id for a in case.instance.areas}
    for s in plan.service:
        if s.cards <= 0:
            continue
        giver = lines[(s.area_id, s.tier)]
        for area in case.instance.areas:
            taker = lines[(area.area_id, s.tier)]
            if (area.district_id != district_of[s.area_id] or taker.backlog == 0
                    or area.area_id == giver.area_id or taker.served >= taker.backlog
                    or (area.area_id, s.site_id) not in allowed):
                continue
            before = sorted((Fraction(taker.served, taker.backlog),
                             Fraction(giver.served, giver.backlog)))
            after = sorted((Fraction(taker.served + 1, taker.backlog),
                            Fraction(giver.served - 1, giver.backlog)))
            assert after <= before, (
                f"{s.site_id} prints for {giver.area_id} ({giver.served}/{giver.backlog}) while "
                f"{taker.area_id} of the same district may print there and has only "
                f"{taker.served}/{taker.backlog}: moving one card raises the sorted pair")


@settings(max_examples=SOME, **COMMON)
@given(cases(equity=True, lots=False))
def test_equity_costs_no_card_of_the_first_tier(case: Case) -> None:
    """Equity (2a, 2b) comes after a tier's total is fixed: the first tier prints as many
    cards with equity on as off. Later tiers may print fewer with equity on, since the
    earlier tiers' shares are then held: the vector of tier totals is lexicographically
    no larger."""
    on = solve_case(case)
    off = solve_case(Case(case.instance, case.shipment,
                          case.policy.model_copy(update={"equity": False})))
    first = case.instance.tiers[0]
    assert on.kpis.cards_by_tier[first] == off.kpis.cards_by_tier[first]
    assert [on.kpis.cards_by_tier[t] for t in case.instance.tiers] <= \
        [off.kpis.cards_by_tier[t] for t in case.instance.tiers]


@settings(max_examples=SOME, **COMMON)
@given(cases(lots=False, equity=True, min_tiers=2))
def test_who_can_rise_is_read_off_the_whole_residual_network(case: Case) -> None:
    """AreaFilling.can_rise searches its residual network without later tiers' arcs
    (their DEMAND nodes are dead ends in the stage): every answer it gives during a plan
    is the one the strongly connected components of the whole residual network (every
    arc without a tier or sink node, scipy's routine on its COO form) give."""
    from unittest import mock

    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from optimizer.engine.areas import AreaFilling

    checked = []
    original = AreaFilling.can_rise

    def checking(fill: AreaFilling, level: np.ndarray) -> np.ndarray:
        answer = original(fill, level)
        model, layout = fill.model, fill.model.layout
        flows = model.flows()
        keep = np.ones(layout.n_nodes, dtype=bool)
        keep[layout.tier_node] = False
        keep[layout.sink] = False
        arc = keep[layout.tails] & keep[layout.heads]
        fwd, bwd = arc & (model.caps > flows), arc & (flows > 0)
        rows = np.concatenate([layout.tails[fwd], layout.heads[bwd]])
        cols = np.concatenate([layout.heads[fwd], layout.tails[bwd]])
        graph = coo_matrix((np.ones(len(rows)), (rows, cols)),
                           shape=(layout.n_nodes, layout.n_nodes)).tocsr()
        label = connected_components(graph, directed=True, connection="strong")[1]
        linked = label[fill.demand] == label[fill.district]
        expected = (level < fill.backlog) & ((flows[fill.extra_arcs] > 0) | linked)
        assert answer.tolist() == expected.tolist()
        checked.append(len(level))
        return answer

    with mock.patch.object(AreaFilling, "can_rise", checking):
        solve_case(case)


def _text(plan: object) -> str:
    """A plan's JSON without the solver's seconds, keys sorted: what two runs compare."""
    data = json.loads(plan.model_dump_json())  # type: ignore[attr-defined]
    data.pop("solver")
    return json.dumps(data, sort_keys=True)


def test_districts_alone_fill_by_hand() -> None:
    """`model.water_fill`, the greedy with only the district totals binding.

    Kecamatan 0 places 5 cards on backlogs 4, 2, 2 (units 0, 1, 2); kecamatan 1 places 3
    on 3, 3 (units 3, 4). One card at a time to the least coverage, ties to the smaller
    backlog (larger coverage after the card), then the lower index:
      k0: all 0 -> unit 1 (1/2), unit 2 (1/2), unit 0 (1/4); unit 0 again (2/4); all at
          1/2, so unit 1 (2/2).                                  -> 2, 2, 1... by unit: 2, 2, 1
      k1: unit 3 (1/3), unit 4 (1/3), unit 3 (2/3).             -> 2, 1
    """
    import numpy as np

    from optimizer.engine.model import water_fill

    got = water_fill(np.array([0, 0, 0, 1, 1]), np.array([5, 3]),
                              np.array([4, 2, 2, 3, 3]), np.zeros(5, dtype=np.int64),
                              np.ones(5, dtype=bool))
    assert got is not None and got.tolist() == [2, 2, 1, 2, 1]


@settings(max_examples=MANY, **COMMON)
@given(cases(lots=False, equity=True))
def test_districts_alone_answer_is_the_greedys_own(case: Case) -> None:
    """When the districts-alone answer (S2b), or the tier-total-alone answer (S2a), is
    feasible it is taken as the greedy's (areas.py, "Districts alone"): every plan is
    byte for byte the one the greedy alone makes (both shortcuts disabled), solver
    seconds aside."""
    from unittest import mock

    from optimizer.engine import areas, model

    with_shortcut = _text(solve_case(case))
    with mock.patch.object(areas, "water_fill", lambda *args: None), \
            mock.patch.object(model, "water_fill", lambda *args: None):
        greedy = _text(solve_case(case))
    assert with_shortcut == greedy


def test_districts_alone_is_taken_and_refused_in_hand_cases() -> None:
    """The shortcut is exercised both ways: Palembang's kelurahan are found by it (one
    round), and a kecamatan whose far kelurahan reaches only a small office is not (the
    greedy then runs its rounds: one_far_kelurahan, 40 first-time each, S1 capacity 30)."""
    from unittest import mock

    from optimizer import datasets
    from optimizer.engine import areas

    seen: list[bool] = []
    original = areas.water_fill

    def watched(*args):  # type: ignore[no-untyped-def]
        answer = original(*args)
        seen.append(answer is not None)
        return answer

    taken: list[int] = []
    real = areas.equalize_areas

    def rounds(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = real(*args, **kwargs)
        taken.append(result.rounds)
        return result

    ds = datasets.load("palembang")
    with mock.patch.object(areas, "water_fill", watched), \
            mock.patch("optimizer.engine.solve.equalize_areas", rounds):
        solve(ds.instance, Shipment(blanks=40_000), ds.policy())
    assert seen == [True] and taken == [1]

    # K1: A1 and A2, 40 first-time each; A2 reaches only its own office S1 (capacity 10,
    # 9 km with a 5 km limit); A1 reaches S1 and S2. K2: B (50) at S2 (capacity 100).
    # Alone, K1's share would split evenly between A1 and A2; A2 can get at most 10, so
    # that is not feasible and the greedy gives A2 its 10 and A1 the rest.
    km = {("A1", "S1"): 1, ("A1", "S2"): 2, ("A2", "S1"): 9, ("A2", "S2"): 12,
          ("B", "S1"): 9, ("B", "S2"): 1}
    inst = Instance(
        name="capped_kelurahan",
        sites=(_site("S1", "K1", 10), _site("S2", "K2", 100)),
        areas=(_area("A1", "K1", 40), _area("A2", "K1", 40), _area("B", "K2", 50)),
        distances=tuple(Distance(area_id=a, site_id=s, km=float(d)) for (a, s), d in km.items()))
    seen.clear()
    taken.clear()
    with mock.patch.object(areas, "water_fill", watched), \
            mock.patch("optimizer.engine.solve.equalize_areas", rounds):
        plan = solve(inst, Shipment(blanks=60), Policy(max_travel_km=5))
    got = area_served(plan)
    assert seen == [True] and taken[0] > 1  # found, refused by the max flow, greedy ran
    assert got["A2"] == 10 and got["A1"] + got["A2"] + got["B"] == 60 and got["A1"] > 10


@settings(max_examples=MANY, **COMMON)
@given(cases(lots=False, equity=True))
def test_parts_answers_taken_without_a_max_flow_are_the_checked_ones(case: Case) -> None:
    """decompose.central_suffices skips the whole network's max flow over the parts'
    (S2a) shares and (S2b) answers when the central supply covers every card: every
    plan is byte for byte the one made with those max flows run (the skip disabled),
    solver seconds aside, and a tier after one that took every blank is 0 without a
    max flow either."""
    from unittest import mock

    from optimizer.engine import decompose

    skipping = _text(solve_case(case))
    with mock.patch.object(decompose, "central_suffices", lambda *args: False):
        checked = _text(solve_case(case))
    assert skipping == checked


def test_central_suffices_by_hand() -> None:
    """Kecamatan K1 and K2 one degree (111 km) apart, so two parts: K1's office S1
    (capacity 100) with kelurahan A1 (40) and A2 (20); K2's S2 (capacity 100) with B (30).
    Central supply 50 for 90 waiting: (S1) 50 cards. Those 50 cards are at most what the
    parts' answers draw from the central office, so they hold together without a max
    flow; with 0 blanks and S2's 10 in stock, (S1) is 10 cards, all stock: the central
    supply (0) does not cover them and the max flow is needed. With the sites' supplies
    fixed (lots: caps other than the storage room) it is never skipped."""
    import numpy as np

    from optimizer.engine import decompose
    from optimizer.engine.model import Holds, build_layout
    from optimizer.engine.network import compile_network
    from tests.cases import area, site

    def check(blanks: int, stock: int, supply: np.ndarray | None = None) -> bool:
        inst = Instance(name="two_parts",
                        sites=(site("S1", "K1", cap=100), site("S2", "K2", 1.0, cap=100,
                                                                stock=stock)),
                        areas=(area("A1", "K1", first=40), area("A2", "K1", first=20),
                               area("B", "K2", 1.0, first=30)))
        net = compile_network(inst, Shipment(blanks=blanks), Policy(max_travel_km=20))
        parts = decompose.Parts.of(net)
        assert parts is not None and parts.count == 2
        holds = Holds.open(net.backlog, net.district_backlog())
        holds.tier_total[0] = min(blanks + stock, 90)
        return decompose.central_suffices(parts, build_layout(net, supply), holds, 0)

    assert check(50, 0)
    assert not check(0, 10)
    assert not check(50, 0, supply=np.array([30, 20]))


def test_kecamatan_shares_under_the_parts_answers_taken_without_a_max_flow() -> None:
    """The two parts of test_central_suffices_by_hand, 50 blanks: each part alone
    serves its kecamatan in full (K1 60, K2 30: the ceilings). With only the total
    binding, 60t + 30t = 50 gives t = 5/9, K1 33.3 and K2 16.7; in whole cards the
    greedy's least coverage is 33/60 = 0.55 with K2 at 17 (17/30 = 0.567), against
    16/30 = 0.533 the other way: K1 33, K2 17. Both are under the ceilings and the 50
    cards come from the central office's 50, so no max flow over the whole network
    checks them. With 0 blanks and S2's 10 in stock the check runs."""
    from unittest import mock

    from optimizer.engine import model as engine_model
    from tests.cases import area, site

    def plan_and_checks(blanks: int, stock: int) -> tuple[dict[str, int], list[int]]:
        inst = Instance(name="two_parts",
                        sites=(site("S1", "K1", cap=100), site("S2", "K2", 1.0, cap=100,
                                                                stock=stock)),
                        areas=(area("A1", "K1", first=40), area("A2", "K1", first=20),
                               area("B", "K2", 1.0, first=30)))
        real = engine_model.DistrictFilling.feasible
        nodes: list[int] = []

        def watched(self, level):  # type: ignore[no-untyped-def]
            nodes.append(self.model.layout.n_nodes)
            return real(self, level)

        with mock.patch.object(engine_model.DistrictFilling, "feasible", watched):
            plan = solve(inst, Shipment(blanks=blanks), Policy(max_travel_km=20))
        served = {d.district_id: d.served for d in plan.districts if d.tier == "first_time"}
        return served, nodes

    served, nodes = plan_and_checks(50, 0)
    assert served == {"K1": 33, "K2": 17}
    assert nodes == []  # no (S2a) feasibility max flow, on the whole or on a part
    served, nodes = plan_and_checks(0, 10)
    assert served == {"K1": 0, "K2": 10}
    # Only the total binding would give K1 7 and K2 3 (10 cards, t = 1/9): the whole
    # network's max flow refuses it (K1's office has no blank; one check, on the whole
    # network: the parts' own fillings start with their rounds), then the rounds run.
    assert len(nodes) == 1


def _one_card_at_a_time(group: list[int], totals: list[int], backlog: list[int],
                        cap: list[int]) -> list[int]:
    """The greedy by its definition: each group's cards one at a time to its unit of
    least coverage below its cap, ties to the smaller backlog, then the lower index."""
    cards = [0] * len(backlog)
    for g, total in enumerate(totals):
        units = [i for i, h in enumerate(group) if h == g]
        for _ in range(total):
            open_ = [i for i in units if cards[i] < cap[i]]
            if not open_:
                break
            i = min(open_, key=lambda i: (Fraction(cards[i], backlog[i]), backlog[i], i))
            cards[i] += 1
    return cards


@settings(max_examples=MANY, **COMMON)
@given(st.data())
def test_water_fill_is_the_one_card_greedy(data: st.DataObject) -> None:
    """model.water_fill, by counting cards (backlogs below EXACT_BELOW) and by the level
    search (above it), gives every group's cards as the one-card-at-a-time greedy does."""
    import numpy as np

    from optimizer.engine import model

    n = data.draw(st.integers(1, 14))
    groups = data.draw(st.integers(1, 4))
    group = data.draw(st.lists(st.integers(0, groups - 1), min_size=n, max_size=n))
    backlog = data.draw(st.lists(st.sampled_from([1, 2, 3, 4, 6, 7, 10, 12, 97, 1000])
                                 | st.integers(1, 60), min_size=n, max_size=n))
    cap = [data.draw(st.integers(0, b)) if data.draw(st.booleans()) else b for b in backlog]
    totals = [data.draw(st.integers(0, sum(c for c, h in zip(cap, group, strict=True)
                                           if h == g))) for g in range(groups)]
    expected = _one_card_at_a_time(group, totals, backlog, cap)
    for exact_below in (model.EXACT_BELOW, 0):
        with mock.patch.object(model, "EXACT_BELOW", exact_below):
            got = model.water_fill(np.array(group), np.array(totals), np.array(backlog),
                                   np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool),
                                   np.array(cap))
        assert got is not None and got.tolist() == expected, exact_below


@settings(max_examples=MANY, **COMMON)
@given(cases(lots=False, equity=True))
def test_parts_checked_in_one_max_flow_as_each_alone(case: Case) -> None:
    """decompose.ceilings and area_shares check every part at once, over the whole
    network with the central supply unlimited: the plans are byte for byte those made
    with each part's own network and max flow (the whole-network check disabled)."""
    from optimizer.engine import decompose

    together = _text(solve_case(case))
    with mock.patch.object(decompose, "same_network", lambda *args: False):
        alone = _text(solve_case(case))
    assert together == alone


def test_parts_checked_in_one_max_flow_by_hand() -> None:
    """Three kecamatan a degree apart, so three parts. K1's office prints 100 for 60
    waiting; K2's prints 10 for 40; K3's prints 50 for 50. With the central supply
    unlimited K1 and K3 can be served in full and K2 cannot: one max flow over the whole
    network tells them apart (K1 60 of 60, K2 10 of 40, K3 50 of 50)."""
    import numpy as np

    from optimizer.engine import decompose
    from optimizer.engine.model import FlowModel, Holds, build_layout
    from optimizer.engine.network import compile_network
    from tests.cases import area, site

    inst = Instance(name="three_parts",
                    sites=(site("S1", "K1", cap=100), site("S2", "K2", 1.0, cap=10),
                           site("S3", "K3", 2.0, cap=50)),
                    areas=(area("A", "K1", first=60), area("B", "K2", 1.0, first=40),
                           area("C", "K3", 2.0, first=50)))
    net = compile_network(inst, Shipment(blanks=30), Policy(max_travel_km=20))
    parts = decompose.Parts.of(net)
    assert parts is not None and parts.count == 3
    model = FlowModel(build_layout(net))
    holds = Holds.open(net.backlog, net.district_backlog())
    full = decompose._served_in_full(parts, model, holds, 0)
    assert full[parts.part[np.array([0, 1, 2])]].tolist() == [True, False, True]
    # The central supply (30 blanks) is back in place afterwards.
    assert int(model.caps[model.layout.central_arc]) == 30


def _three_parts(blanks: int, stock: int = 0, repl: int = 0) -> tuple[Any, Any]:
    """The three parts above (K1 prints 100 for 60 waiting, K2 10 for 40, K3 50 for 50),
    `repl` replacements waiting in K1 and `stock` blanks at K2's office: the network
    and its parts."""
    from optimizer.engine import decompose
    from optimizer.engine.network import compile_network
    from tests.cases import area, site

    inst = Instance(name="three_parts",
                    sites=(site("S1", "K1", cap=100), site("S2", "K2", 1.0, cap=10, stock=stock),
                           site("S3", "K3", 2.0, cap=50)),
                    areas=(area("A", "K1", first=60, repl=repl), area("B", "K2", 1.0, first=40),
                           area("C", "K3", 2.0, first=50)))
    net = compile_network(inst, Shipment(blanks=blanks), Policy(max_travel_km=20))
    return net, decompose.Parts.of(net)


@pytest.mark.parametrize(("blanks", "totals"), [
    # Unlimited, tier 0 takes 60 + 10 + 50 = 120, tier 1 then K1's 20 (its office prints
    # 100, 60 of them first-time): v = 120, then 140.
    (200, [120, 20]),   # min(200, 120) = 120; min(200, 140) - 120 = 20
    (130, [120, 10]),   # min(130, 120) = 120; min(130, 140) - 120 = 10
    (30, [30, None]),   # min(30, 120) = 30; tier 1: the 30 blanks are held, no max flow
])
def test_tier_total_read_off_the_unlimited_flow_by_hand(blanks: int,
                                                        totals: list[int | None]) -> None:
    """decompose.tier_total gives (S1)'s total from the max flow with the central supply
    unlimited when no office holds stock: min(blanks, that flow) less the earlier tiers'
    cards, as maximize_tier finds with the blanks in place. None (maximize_tier's own
    answer) once the earlier tiers hold every blank, or with stock anywhere."""
    from optimizer.engine import decompose
    from optimizer.engine.model import FlowModel, Holds, build_layout, maximize_tier

    net, parts = _three_parts(blanks, repl=20)
    model = FlowModel(build_layout(net))
    holds = Holds.open(net.backlog, net.district_backlog())
    for c, expected in enumerate(totals):
        found = decompose.tier_total(parts, model, holds, c)
        assert (None if found is None else found[0]) == expected
        holds.tier_total[c] = maximize_tier(FlowModel(build_layout(net)), holds, c)
        assert expected is None or holds.tier_total[c] == expected
        assert int(model.caps[model.layout.central_arc]) == blanks  # supply back in place
    if blanks == 30:
        # Tier 0's parts served in full come with it: K1 and K3, not K2 (10 of 40).
        found = decompose.tier_total(parts, model, Holds.open(net.backlog,
                                                              net.district_backlog()), 0)
        assert found is not None
        assert found[1][parts.part[[0, 1, 2]]].tolist() == [True, False, True]
    net, parts = _three_parts(blanks, stock=5, repl=20)
    model = FlowModel(build_layout(net))
    assert decompose.tier_total(parts, model, Holds.open(net.backlog,
                                                         net.district_backlog()), 0) is None


def test_tier_total_saves_the_plan_a_max_flow() -> None:
    """With equity, the tier's total and the parts served in full come from one max flow
    over the whole network (decompose.tier_total) instead of two: the plan of the three
    parts with 30 blanks solves one whole-network max flow fewer, and is the same plan."""
    from optimizer.engine import decompose
    from optimizer.engine.model import FlowModel
    from tests.cases import area, site

    inst = Instance(name="three_parts",
                    sites=(site("S1", "K1", cap=100), site("S2", "K2", 1.0, cap=10),
                           site("S3", "K3", 2.0, cap=50)),
                    areas=(area("A", "K1", first=60), area("B", "K2", 1.0, first=40),
                           area("C", "K3", 2.0, first=50)))
    whole_arcs = []
    real_solve = FlowModel.solve

    def counted(self: FlowModel) -> int:
        whole_arcs.append(len(self.layout.tails))
        return real_solve(self)

    def plan_and_count() -> tuple[str, int]:
        whole_arcs.clear()
        with mock.patch.object(FlowModel, "solve", counted):
            plan = solve(inst, Shipment(blanks=30), Policy(max_travel_km=20))
        most = max(whole_arcs)  # the whole network's layout has the most arcs
        return plan.model_dump_json(exclude={"solver"}), whole_arcs.count(most)

    text, whole = plan_and_count()
    with mock.patch.object(decompose, "tier_total", lambda *args: None):
        text_without, whole_without = plan_and_count()
    assert text == text_without
    assert whole == whole_without - 1


@settings(max_examples=SOME, **COMMON)
@given(cases(lots=False, equity=True))
def test_tier_total_is_maximize_tiers(case: Case) -> None:
    """decompose.tier_total, where it answers, is maximize_tier's total for every tier in
    turn (each held at it), on random instances whose offices hold no stock (and on each
    as drawn, where it must not answer if an office holds some)."""
    from optimizer.engine import decompose
    from optimizer.engine.model import FlowModel, Holds, build_layout, maximize_tier
    from optimizer.engine.network import compile_network

    inst = case.instance
    no_stock = inst.model_copy(update={"sites": tuple(
        s.model_copy(update={"stock": 0}) for s in inst.sites)})
    for instance in (inst, no_stock):
        net = compile_network(instance, case.shipment, case.policy)
        parts = decompose.Parts(net, *decompose._components(net))
        model = FlowModel(build_layout(net))
        holds = Holds.open(net.backlog, net.district_backlog())
        stock = bool(net.stock.any())
        for c in range(net.n_tiers):
            found = decompose.tier_total(parts, model, holds, c)
            holds.tier_total[c] = maximize_tier(FlowModel(build_layout(net)), holds, c)
            assert found is None if stock else (
                found is None or found[0] == holds.tier_total[c])
