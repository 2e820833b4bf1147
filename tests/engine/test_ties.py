"""Ties (docs/model.md "Ties", engine/ties.py): a brute-force oracle of the whole contract
on tiny instances, and hand-computed ties.

The oracle knows nothing of the engine's stages: it enumerates every whole-card vector
of cards per area and tier, tier by tier, checks that the network can serve it with
one max flow of its own, and keeps the vectors whose key

    (cards in tier c, sorted district coverage, sorted area coverage)

is lexicographically best, tier after tier, with every earlier tier's kept vectors as
the prefixes; then the fewest resident-metres by one min-cost flow per kept vector.
That is model.md's order of stages read literally: each stage optimized with every
earlier one held at its optimum, over all whole-card plans.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.graph.python import max_flow, min_cost_flow

from optimizer import Area, Instance, Policy, Shipment, Site, solve
from optimizer.engine.evaluate import evaluate
from optimizer.engine.model import Holds, build_layout
from optimizer.engine.network import Network, compile_network
from optimizer.engine.ties import (
    Group,
    blocks,
    donor_cycle,
    grouped_travel,
    permutation_count,
    permutations,
)
from optimizer.schema import InvalidInput, Plan
from tests.engine.test_properties import COMMON, MANY, without_seconds
from tests.engine.test_whole_cards import _travel_tie

Key = tuple[int, list[Fraction], list[Fraction]]


class _Served:
    """Max flows and min-cost flows of the network for fixed cards per area and tier."""

    def __init__(self, net: Network):
        self.net = net
        n_s, n_a, n_c = net.n_sites, net.n_areas, net.n_tiers
        # nodes: 0 SRC, 1 CENTRAL, 2.. SITE, then OUT, then DEMAND[a, c], then SINK
        site, out = 2 + np.arange(n_s), 2 + n_s + np.arange(n_s)
        demand = 2 + 2 * n_s + np.arange(n_a * n_c).reshape(n_a, n_c)
        self.sink = 2 + 2 * n_s + n_a * n_c
        arcs: list[tuple[int, int, int, int]] = [(0, 1, net.supply, 0)]
        arcs += [(0, int(site[s]), int(net.stock[s]), 0) for s in range(n_s)]
        arcs += [(1, int(site[s]), int(net.room[s]), 0) for s in range(n_s)]
        arcs += [(int(site[s]), int(out[s]), int(net.capacity[s]), 0) for s in range(n_s)]
        for a, s, km in zip(net.pairs.area.tolist(), net.pairs.site.tolist(),
                            net.pairs.km.tolist(), strict=True):
            for c in range(n_c):
                arcs.append((int(out[s]), int(demand[a, c]), int(net.backlog[a, c]),
                             round(km * 1000)))
        self.first_demand_arc = len(arcs)
        arcs += [(int(demand[a, c]), self.sink, 0, 0) for a in range(n_a) for c in range(n_c)]
        self.arcs = arcs

    def _demand_caps(self, y: np.ndarray) -> list[tuple[int, int, int, int]]:
        head = self.arcs[:self.first_demand_arc]
        return head + [(t, h, int(v), 0) for (t, h, _, _), v in
                       zip(self.arcs[self.first_demand_arc:], y.ravel().tolist(), strict=True)]

    def feasible(self, y: np.ndarray) -> bool:
        mf = max_flow.SimpleMaxFlow()
        for t, h, cap, _ in self._demand_caps(y):
            mf.add_arc_with_capacity(t, h, cap)
        assert mf.solve(0, self.sink) == mf.OPTIMAL
        return bool(mf.optimal_flow() == int(y.sum()))

    def metres(self, y: np.ndarray) -> int:
        mcf = min_cost_flow.SimpleMinCostFlow()
        for t, h, cap, cost in self._demand_caps(y):
            mcf.add_arc_with_capacity_and_unit_cost(t, h, cap, cost)
        mcf.add_arc_with_capacity_and_unit_cost(0, self.sink, 0, 0)
        mcf.set_node_supply(0, int(y.sum()))
        mcf.set_node_supply(self.sink, -int(y.sum()))
        assert mcf.solve() == mcf.OPTIMAL
        return int(mcf.optimal_cost())


def _coverage(served: np.ndarray, backlog: np.ndarray) -> list[Fraction]:
    return sorted(Fraction(int(s), int(b)) for s, b in zip(served, backlog, strict=True) if b > 0)


def tier_key(net: Network, y: np.ndarray, c: int) -> Key:
    districts = np.bincount(net.area_district, weights=y[:, c],
                            minlength=net.n_districts).astype(np.int64)
    return (int(y[:, c].sum()), _coverage(districts, net.district_backlog()[:, c]),
            _coverage(y[:, c], net.backlog[:, c]))


def oracle(net: Network) -> tuple[list[Key], int, list[np.ndarray]]:
    """The contract's optimum by enumeration: (the key per tier, least resident-metres,
    every optimal (areas, tiers) vector of cards)."""
    served = _Served(net)
    kept = [np.zeros((net.n_areas, net.n_tiers), dtype=np.int64)]
    keys: list[Key] = []
    for c in range(net.n_tiers):
        best: Key | None = None
        best_vectors: list[np.ndarray] = []
        ranges = [range(int(b) + 1) for b in net.backlog[:, c]]
        for prefix in kept:
            for values in itertools.product(*ranges):
                y = prefix.copy()
                y[:, c] = values
                key = tier_key(net, y, c)
                if best is not None and key < best:
                    continue
                if not served.feasible(y):
                    continue
                if best is None or key > best:
                    best, best_vectors = key, [y]
                else:
                    best_vectors.append(y)
        assert best is not None
        keys.append(best)
        kept = best_vectors
    metres = [served.metres(y) for y in kept]
    least = min(metres)
    return keys, least, [y for y, m in zip(kept, metres, strict=True) if m == least]


def engine_figures(net: Network, plan: Plan) -> tuple[list[Key], int]:
    """The plan's key per tier and its resident-metres (km of the network's pairs)."""
    area = {a: i for i, a in enumerate(net.area_ids)}
    tier = {t: i for i, t in enumerate(net.tiers)}
    y = np.zeros((net.n_areas, net.n_tiers), dtype=np.int64)
    for line in plan.areas:
        y[area[line.area_id], tier[line.tier]] = line.served
    metres_of = {(net.area_ids[a], net.site_ids[s]): round(km * 1000) for a, s, km in zip(
        net.pairs.area.tolist(), net.pairs.site.tolist(), net.pairs.km.tolist(), strict=True)}
    metres = sum(metres_of[(line.area_id, line.site_id)] * line.cards for line in plan.service)
    return [tier_key(net, y, c) for c in range(net.n_tiers)], metres


# ----------------------------------------------------------------------- tiny instances

LONS = (0.0, 0.05, 0.1, 0.3)


@st.composite
def tied_cases(draw: st.DrawFn) -> tuple[Instance, Shipment, Policy]:
    """2-3 districts, 2-4 areas of backlog 1-2 (so equal backlogs are common), 1-3 sites
    of capacity 0-4 (stock 0-1) in those districts, on a line; 1-2 tiers; 1-7 blanks."""
    n_d = draw(st.integers(2, 3))
    n_a = draw(st.integers(2, 4))
    n_s = draw(st.integers(1, 3))
    two_tiers = draw(st.booleans())
    areas = []
    for i in range(n_a):
        first = draw(st.integers(0, 2))
        repl = draw(st.integers(0, 1)) if two_tiers else 0
        areas.append(Area(area_id=f"A{i}", district_id=f"K{draw(st.integers(0, n_d - 1))}",
                          lat=0.0, lon=draw(st.sampled_from(LONS)),
                          backlog={"first_time": first, "replacement": repl}))
    used = sorted({a.district_id for a in areas})
    sites = [Site(site_id=f"S{j}", district_id=draw(st.sampled_from(used)), lat=0.0,
                  lon=draw(st.sampled_from(LONS)), printers=1,
                  cards_per_printer_day=draw(st.integers(0, 4)), working_days=1,
                  stock=draw(st.integers(0, 1))) for j in range(n_s)]
    limit = draw(st.sampled_from([None, 10.0]))  # 0.05 degree is 7.2 km, 0.1 is 14.5
    return (Instance(sites=tuple(sites), areas=tuple(areas)),
            Shipment(blanks=draw(st.integers(1, 7))), Policy(max_travel_km=limit))


@settings(max_examples=MANY, **COMMON)
@given(tied_cases())
def test_the_engine_meets_the_oracle_at_every_stage(case: tuple[Instance, Shipment, Policy]
                                                    ) -> None:
    """Every tier total, sorted district and area coverage and the resident-km of an
    `optimal` plan are the brute-force optimum's; a `feasible` one says why."""
    instance, shipment, policy = case
    try:
        plan = solve(instance, shipment, policy)
    except InvalidInput:
        return  # bad input the draw can make (residents out of reach are planned)
    assert evaluate(instance, shipment, policy, plan).valid
    net = compile_network(instance, shipment, policy)
    keys, metres, _ = oracle(net)
    mine, my_metres = engine_figures(net, plan)
    if plan.status == "optimal":
        assert mine == keys
        assert my_metres == metres
    else:
        assert [m.code for m in plan.messages if m.code == "TRAVEL_TIES_UNEXPLORED"]
        assert [k[0] for k in mine] == [k[0] for k in keys]


# ------------------------------------------------------------------ hand-computed ties


def _point_site(site_id: str, district: str, cap: int, lon: float = 0.0) -> Site:
    return Site(site_id=site_id, district_id=district, lat=0.0, lon=lon, printers=1,
                cards_per_printer_day=cap, working_days=1)


def _point_area(area_id: str, district: str, first: int, repl: int = 0,
                lon: float = 0.0) -> Area:
    return Area(area_id=area_id, district_id=district, lat=0.0, lon=lon,
                backlog={"first_time": first, "replacement": repl})


def _served(plan: Plan, tier: str = "first_time") -> dict[str, int]:
    return {a.area_id: a.served for a in plan.areas if a.tier == tier}


def test_a_district_tie_is_decided_by_area_equity() -> None:
    """K1: kelurahan A (2 waiting); K2: B1 and B2 (1 each). One office, 3 blanks.

    S2a: both kecamatan have 2 waiting: 1 card each (1/2, 1/2), then the 3rd is a tie
    at 1/2; the greedy gives it to K1 (lower id): K1 2, K2 1, sorted (1/2, 1) either way.
      K1 gets it: A 2/2, B1 1/1, B2 0/1 -> area coverage sorted (0, 1, 1)
      K2 gets it: A 1/2, B1 1/1, B2 1/1 -> sorted (1/2, 1, 1), better at the first place
    So (S2b) decides: K2 gets the 3rd card, every kelurahan is served.
    """
    inst = Instance(sites=(_point_site("S", "K1", 10),),
                    areas=(_point_area("A", "K1", 2), _point_area("B1", "K2", 1),
                           _point_area("B2", "K2", 1)))
    plan = solve(inst, Shipment(blanks=3), Policy())
    assert plan.status == "optimal"
    assert _served(plan) == {"A": 1, "B1": 1, "B2": 1}


def test_an_area_tie_is_decided_by_travel() -> None:
    """K1: kelurahan A1 at lon 0 and A2 at lon 0.1 (14.455 km), 2 waiting each; one
    office S in K1 at lon 0.1 prints 10; 3 blanks.

    S2b: 1 card each, then the 3rd is a tie at 1/2 between A1 and A2 (equal backlog);
    the greedy gives it to A1 (lower id): A1 2 x 14.455 + A2 1 x 0 = 28.91 resident-km;
    A2 instead: A1 1 x 14.455 = 14.455. Equally fair, so travel takes A2's.
    """
    inst = Instance(sites=(_point_site("S", "K1", 10, lon=0.1),),
                    areas=(_point_area("A1", "K1", 2), _point_area("A2", "K1", 2, lon=0.1)))
    plan = solve(inst, Shipment(blanks=3), Policy())
    assert plan.status == "optimal"
    assert _served(plan) == {"A1": 1, "A2": 2}
    assert plan.kpis.resident_km_total == pytest.approx(14.455, abs=0.001)


def test_a_later_tier_cannot_decide_a_tie() -> None:
    """No later tier can tell tied shares apart: the deliverable (area, tier) vectors form
    a polymatroid and every tier-0 vector of the largest total leaves the same later
    vectors (its contraction; engine/ties.py), so such a tie goes to travel. Travel
    limit 10 km (0.05 degree is 7.23 km, 0.1 is 14.46 km). A (K1, lon 0; 2 first-time, 1
    replacement), B (K2, lon 0.05; 2 first-time). S in K2 at lon 0.05 prints 2 (A and B
    reach it), T in K1 at lon -0.05 prints 1 (only A: B is 14.46 km away).
      Tier 0: at most S 2 + T 1 = 3 of 4; 1 each, then A and B tie at 1/2 for the 3rd.
      Tier 1: S and T print 3 in all, tier 0 takes 3: 0 replacement cards whichever.
      K1 (the greedy's lower id) gets it: A at T 1 and S 1, B 1 at S: 2 x 7.23 = 14.46 km
      K2 gets it: B 2 at S (0 km), A 1 at T: 7.23 resident-km, so travel gives it to K2.
    The oracle, over every whole-card plan, agrees."""
    inst = Instance(sites=(_point_site("S", "K2", 2, lon=0.05),
                           _point_site("T", "K1", 1, lon=-0.05)),
                    areas=(_point_area("A", "K1", 2, repl=1),
                           _point_area("B", "K2", 2, lon=0.05)))
    ship, pol = Shipment(blanks=10), Policy(max_travel_km=10.0)
    plan = solve(inst, ship, pol)
    assert plan.status == "optimal"
    assert _served(plan) == {"A": 1, "B": 2}
    assert _served(plan, "replacement") == {"A": 0, "B": 0}
    assert plan.kpis.resident_km_total == pytest.approx(7.228, abs=0.001)
    net = compile_network(inst, ship, pol)
    keys, metres, _ = oracle(net)
    assert engine_figures(net, plan) == (keys, metres)
    assert [k[0] for k in keys] == [3, 0]


def test_too_many_ways_keep_the_greedys_choice_and_say_so() -> None:
    """20 kecamatan of two kelurahan (5 waiting each) at one office; 110 cards: 5 per
    kecamatan (100), then 10 of the 20 tied at 5/10 get a 6th: C(20, 10) = 184,756
    district vectors, more than EXHAUST_LIMIT (100). The lower ids K00 .. K09 get them
    and the plan is `feasible` with TRAVEL_TIES_UNEXPLORED (tier, level, 20 units)."""
    inst = Instance(sites=(_point_site("S", "K00", 1000),),
                    areas=tuple(_point_area(f"A{d:02d}{i}", f"K{d:02d}", 5)
                                for d in range(20) for i in range(2)))
    plan = solve(inst, Shipment(blanks=110), Policy())
    assert plan.status == "feasible"
    [message] = [m for m in plan.messages if m.code == "TRAVEL_TIES_UNEXPLORED"]
    assert message.params == {"tier": "first_time", "level": "district", "units": 20}
    served = {d.district_id: d.served for d in plan.districts if d.tier == "first_time"}
    assert served == {f"K{d:02d}": 6 if d < 10 else 5 for d in range(20)}


def test_single_kelurahan_kecamatan_ties_go_to_travel_without_enumeration() -> None:
    """The same 20 kecamatan with one kelurahan of 10 each: (S2b) is forced, so the
    tie is a group node of the travel flow (no enumeration, no cap). All at one office
    but K10 .. K19's kelurahan at the office (lon 0.1) and K00 .. K09's at lon 0, 14.455
    km away: the 10 extra cards go to K10 .. K19 (0 km) and only K00 .. K09's 5 each
    travel: 50 x 14.455 = 722.75 resident-km; the greedy's lower ids: 60 x 14.455."""
    inst = Instance(sites=(_point_site("S", "K00", 1000, lon=0.1),),
                    areas=tuple(_point_area(f"A{d:02d}", f"K{d:02d}", 10,
                                            lon=0.1 if d >= 10 else 0.0) for d in range(20)))
    plan = solve(inst, Shipment(blanks=110), Policy())
    assert plan.status == "optimal"
    served = {d.district_id: d.served for d in plan.districts if d.tier == "first_time"}
    assert served == {f"K{d:02d}": 6 if d >= 10 else 5 for d in range(20)}
    assert plan.kpis.resident_km_total == pytest.approx(722.75, abs=0.01)


def test_the_tie_search_spends_the_plans_work_budget() -> None:
    """The travel tie of test_whole_cards (b's district K2): with r rounds of budget
    (time_limit_s = r / 1000, model.Budget) the plan is, for each r, either cut in the
    equity stage (EQUITY_TIME_LIMIT), or complete but with the tie search stopped by
    the budget (TRAVEL_TIES_UNEXPLORED), or optimal at 795.0 resident-km; all three
    happen as r grows, and the same r always gives the same plan."""
    seen: list[str] = []
    for rounds in range(1, 40):
        policy = Policy(time_limit_s=rounds / 1000)
        plan = solve(_travel_tie("K3", "K2"), Shipment(blanks=20), policy)
        codes = {m.code for m in plan.messages}
        if "EQUITY_TIME_LIMIT" in codes:
            outcome = "equity cut"
        elif "TRAVEL_TIES_UNEXPLORED" in codes:
            outcome = "ties cut"
            assert plan.status == "feasible"
            assert plan.kpis.resident_km_total == pytest.approx(867.3, abs=0.1)
        else:
            outcome = "optimal"
            assert plan.status == "optimal"
            assert plan.kpis.resident_km_total == pytest.approx(795.047, abs=0.01)
        if not seen or seen[-1] != outcome:
            seen.append(outcome)
        again = solve(_travel_tie("K3", "K2"), Shipment(blanks=20), policy)
        assert without_seconds(again) == without_seconds(plan)
    assert seen == ["equity cut", "ties cut", "optimal"]


# ----------------------------------------------------------------------- the pieces


def test_blocks_split_where_values_jump() -> None:
    # one class (backlog 5) with values 3, 4, 4, 5, 8, 9, 6: chains 3-4-4-5-6 and 8-9
    values = np.array([3, 4, 4, 5, 8, 9, 6])
    assert [b.tolist() for b in blocks(values, np.full(7, 5))] == [[0, 1, 2, 3, 6], [4, 5]]
    # 20 and 50 (three_districts' K1 and K2, equal backlog 100): no tie at all
    assert blocks(np.array([20, 50]), np.array([100, 100])) == []


def test_blocks_are_equal_backlogs_with_differing_values() -> None:
    # backlogs 2, 2, 3, 2, 3; values 1, 2, 1, 1, 1: the 2s differ, the 3s do not
    values, backlog = np.array([1, 2, 1, 1, 1]), np.array([2, 2, 3, 2, 3])
    assert [b.tolist() for b in blocks(values, backlog)] == [[0, 1, 3]]
    # with groups (0, 1, 0, 0, 1): units 0 and 3 share group 0 and values: no block
    assert blocks(values, backlog, np.array([0, 1, 0, 0, 1])) == []


def _blocks_by_definition(values: np.ndarray, backlog: np.ndarray,
                          group: np.ndarray | None) -> list[list[int]]:
    """`blocks` read literally: per class, its units by value, cut where values jump."""
    classes: dict[tuple[int, int], list[int]] = {}
    for i in np.flatnonzero(backlog > 0).tolist():
        classes.setdefault((int(backlog[i]), 0 if group is None else int(group[i])),
                           []).append(i)
    out = []
    for units in classes.values():
        units.sort(key=lambda i: (int(values[i]), i))
        chains = [[units[0]]]
        for i in units[1:]:
            if int(values[i]) - int(values[chains[-1][-1]]) <= 1:
                chains[-1].append(i)
            else:
                chains.append([i])
        out += [sorted(c) for c in chains if len({int(values[u]) for u in c}) > 1]
    return sorted(out)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 40), st.integers(1, 8), st.integers(1, 6), st.integers(0, 4),
       st.integers(0, 2**32 - 1))
def test_blocks_match_their_definition(n: int, value_range: int, backlog_range: int,
                                       groups: int, seed: int) -> None:
    # `blocks` sorts every class at once; the definition takes them one by one
    rng = np.random.default_rng(seed)
    values = rng.integers(0, value_range, n)
    backlog = rng.integers(0, backlog_range, n)
    group = rng.integers(0, groups, n) if groups else None
    got = [b.tolist() for b in blocks(values, backlog, group)]
    assert got == _blocks_by_definition(values, backlog, group)
    # huge values and backlogs take the lexsort path, with the same blocks
    big = [b.tolist() for b in blocks(values + 2**40, backlog * 2**55, group)]
    assert big == _blocks_by_definition(values + 2**40, backlog * 2**55, group)


def _donor_cycle_by_definition(values: np.ndarray, backlog: np.ndarray,
                               district: np.ndarray) -> bool:
    """Y donates to X (Y != X) when a chain of `blocks` has a unit in Y above one in X;
    a cycle is two districts that reach each other (transitive closure, by hand)."""
    donates: set[tuple[int, int]] = set()
    for chain in blocks(values, backlog):
        for i in chain.tolist():
            for j in chain.tolist():
                if values[i] > values[j] and district[i] != district[j]:
                    donates.add((int(district[i]), int(district[j])))
    nodes = {k for pair in donates for k in pair}
    reach = set(donates)
    for k in nodes:
        reach |= {(y, x) for (y, k1) in reach if k1 == k for (k2, x) in reach if k2 == k}
    return any((x, y) in reach for (y, x) in reach if x != y)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 30), st.integers(1, 6), st.integers(1, 4), st.integers(1, 6),
       st.integers(0, 2**32 - 1))
def test_donor_cycle_matches_its_definition(n: int, value_range: int, backlog_range: int,
                                            districts: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = rng.integers(0, value_range, n)
    backlog = rng.integers(0, backlog_range, n)
    district = rng.integers(0, districts, n)
    assert donor_cycle(values, backlog, district) == _donor_cycle_by_definition(
        values, backlog, district)


def test_permutations_of_a_multiset() -> None:
    # (1, 1, 2): 3! / 2! = 3 orderings, ascending
    assert list(permutations([2, 1, 1])) == [[1, 1, 2], [1, 2, 1], [2, 1, 1]]
    assert permutation_count([2, 1, 1], 100) == 3
    # C(30, 15) = 155117520 > 100: capped at 101
    assert permutation_count([0] * 15 + [1] * 15, 100) == 101


def test_donor_cycle_needs_two_classes_in_opposite_directions() -> None:
    # areas a1, a2 in K0 and b1, b2 in K1, all backlog 1; a1 1, a2 0, b1 0, b2 1:
    # K0 donates to K1 (a1 above b1) and K1 to K0 (b2 above a2): a cycle
    district = np.array([0, 0, 1, 1])
    assert donor_cycle(np.array([1, 0, 0, 1]), np.array([1, 1, 1, 1]), district)
    # backlogs 1, 2, 1, 2 (a1 with b1, a2 with b2): only K0 -> K1 (a1 1 > b1 0), and
    # b2 1 > a2 0 is of the class of backlog 2 again -> K1 -> K0: still a cycle
    assert donor_cycle(np.array([1, 0, 0, 1]), np.array([1, 2, 1, 2]), district)
    # a1 1 > b1 0 only (a2, b2 of other backlogs): no cycle
    assert not donor_cycle(np.array([1, 0, 0, 1]), np.array([1, 2, 1, 3]), district)
    # three units of one chain suffice: K0's a at 5, K1's b at 4 and c at 6 (backlog 9):
    # a above b (K0 -> K1) and c above a (K1 -> K0)
    assert donor_cycle(np.array([5, 4, 6]), np.array([9, 9, 9]), np.array([0, 1, 1]))


def test_grouped_travel_chooses_the_permutation_of_fewer_metres() -> None:
    """The area tie above as a group: A1 and A2 at [1, 2] with total 3; the min-cost
    flow puts the 2 on A2 (0 km) and 1 on A1 (14.455 km): 14455 metres."""
    inst = Instance(sites=(_point_site("S", "K1", 10, lon=0.1),),
                    areas=(_point_area("A1", "K1", 2), _point_area("A2", "K1", 2, lon=0.1)))
    net = compile_network(inst, Shipment(blanks=3), Policy())
    layout = build_layout(net)
    shares = np.array([[2, 0], [1, 0]])
    holds = Holds(lower=np.array([[3, 0]]), upper=np.array([[3, 0]]), area_lower=shares,
                  area_upper=shares.copy(), tier_total=np.array([3, 0]))
    assert grouped_travel(layout, holds, [])[0] == 2 * 14455
    metres, chosen = grouped_travel(layout, holds, [Group(tier=0, areas=np.array([0, 1]),
                                                          low=1)])
    assert metres == 14455
    assert chosen[:, 0].tolist() == [1, 2]
