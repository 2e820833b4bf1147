"""The allocation policies: each on a hand-computed instance, and against the engine.

Every hand-computed case is `three_offices()` (tests/policy_cases.py) with 100
blanks and max_travel_km 10: S1 (K1, capacity 100), S2 (K2, 100), S3 (K3, 30);
A1 (K1) 60 first-time + 20 replacement, A2 (K2) 30 + 10, A3 (K3) 90 + 0. Only
A1-S2 and A2-S1 cross districts (7.228 km). The printing rule: tier by tier,
each office's own district first, then reachable neighbours, nearest first.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from optimizer import Area, District, Instance, InvalidInput, Policy, Shipment, Site, datasets
from optimizer.cli import app
from optimizer.engine.evaluate import evaluate
from optimizer.schema import Plan
from optimizer.studies.apportion import apportion, water_fill
from optimizer.studies.baselines import central_only, default_central_site
from optimizer.studies.registry import BASELINES, POLICIES, compare
from tests.cases import TINY_DIR
from tests.policy_cases import area, three_offices

POLICY = Policy(max_travel_km=10)


def run(name: str, instance: Instance | None = None, blanks: int = 100,
        policy: Policy = POLICY) -> Plan:
    instance = instance or three_offices()
    plan = POLICIES[name](instance, Shipment(blanks=blanks), policy)
    judged = evaluate(instance, Shipment(blanks=blanks), policy, plan)
    assert judged.valid, judged.violations
    assert judged.kpis.cards_by_tier == plan.kpis.cards_by_tier
    return plan


def shipped(plan: Plan) -> dict[str, int]:
    return {line.site_id: line.blanks for line in plan.shipments}


def cards(plan: Plan) -> dict[tuple[str, str, str], int]:
    return {(line.area_id, line.site_id, line.tier): line.cards for line in plan.service}


def codes(plan: Plan) -> set[str]:
    return {m.code for m in plan.messages}


# --------------------------------------------------------------------------- hand-computed


def test_proportional():
    """Quotas 100 x (60, 30, 90) / 180 = 33 1/3, 16 2/3, 50: floors 33, 16, 50 (99).

    The last blank goes to the largest remainder, S2 (2/3): x = (33, 17, 50). Each
    office prints its own district: A1 33, A2 17, A3 min(90, capacity 30) = 30.
    80 first-time cards; S3 strands 20 blanks (its printer is the limit).
    """
    plan = run("proportional")
    assert shipped(plan) == {"S1": 33, "S2": 17, "S3": 50}
    assert cards(plan) == {("A1", "S1", "first_time"): 33, ("A2", "S2", "first_time"): 17,
                           ("A3", "S3", "first_time"): 30}
    assert plan.kpis.blanks_stranded == 20
    assert plan.status == "feasible" and plan.solver.name == "baseline:proportional"
    assert {"POLICY_RULE", "BLANKS_STRANDED"} <= codes(plan)
    assert {s.site_id: s.binding for s in plan.sites}["S3"] == "capacity"


def test_capacity_capped():
    """Caps = capacity - stock = (100, 100, 30): S3's quota 50 is cut to 30.

    The other 70 are re-shared 60 : 30: 46 2/3 and 23 1/3, floors 46 and 23 (+ 30 =
    99), the last blank to S1 (2/3): x = (47, 23, 30). All 100 print for first-time
    applicants; nothing is stranded; the plan names S3 as capped.
    """
    plan = run("capacity_capped")
    assert shipped(plan) == {"S1": 47, "S2": 23, "S3": 30}
    assert plan.kpis.cards_by_tier == {"first_time": 100, "replacement": 0}
    assert plan.kpis.blanks_stranded == 0
    capped = next(m for m in plan.messages if m.code == "POLICY_CAPPED")
    assert capped.params["sites"] == "S3"


def test_capacity_capped_counts_stock():
    """S1 already holds 80 blanks (capacity 100), so it may receive only 20.

    First-time quotas 33 1/3, 16 2/3, 50 against caps (20, 100, 30): S1 and S3 are
    cut to their caps, S2 takes the other 50: x = (20, 50, 30). Printing: S1 (100
    blanks) prints A1's 60 first-time then its 20 replacements; S2 (50) prints A2's
    30 + 10; S3 prints A3's 30. 120 first-time, 30 replacement; stranded: S1 20
    (its stock covered what it prints), S2 10.
    """
    base = three_offices()
    stocked = base.model_copy(update={"sites": (
        base.sites[0].model_copy(update={"stock": 80}), *base.sites[1:])})
    plan = run("capacity_capped", stocked)
    assert shipped(plan) == {"S1": 20, "S2": 50, "S3": 30}
    assert plan.kpis.cards_by_tier == {"first_time": 120, "replacement": 30}
    assert plan.kpis.blanks_stranded == 30


def test_population():
    """Populations 3,000 : 2,000 : 1,000 give 50, 33 1/3, 16 2/3: x = (50, 33, 17).

    Own districts: A1 50 at S1, A2 30 at S2 (3 blanks left), A3 17 at S3. Then
    neighbours: A1's 10 still waiting get S2's 3 (7.228 km). 100 first-time cards
    but coverage K1 53/60, K2 30/30, K3 17/90.
    """
    plan = run("population")
    assert shipped(plan) == {"S1": 50, "S2": 33, "S3": 17}
    assert cards(plan) == {("A1", "S1", "first_time"): 50, ("A1", "S2", "first_time"): 3,
                           ("A2", "S2", "first_time"): 30, ("A3", "S3", "first_time"): 17}
    assert plan.kpis.resident_km_total == pytest.approx(3 * 7.228, abs=0.01)


def test_equal():
    """33 1/3 each; the tie of remainders goes to the first site_id: x = (34, 33, 33).

    A1 34 at S1; A2 30 at S2 (3 left) and those 3 to A1; A3 30 at S3, whose printer
    then stops: 3 blanks stranded. 97 first-time cards.
    """
    plan = run("equal")
    assert shipped(plan) == {"S1": 34, "S2": 33, "S3": 33}
    assert plan.kpis.cards_by_tier == {"first_time": 97, "replacement": 0}
    assert cards(plan)[("A1", "S2", "first_time")] == 3
    assert plan.kpis.blanks_stranded == 3


def test_central_only():
    """All 100 to S1 (most printers, ties by id). A1's 60, then A2's 30 (7.228 km).

    A3 may not use S1 (other district, 145 km): its 90 wait, and the plan says so.
    The last 10 blanks print replacements for A1.
    """
    plan = run("central_only")
    assert shipped(plan) == {"S1": 100, "S2": 0, "S3": 0}
    assert cards(plan) == {("A1", "S1", "first_time"): 60, ("A2", "S1", "first_time"): 30,
                           ("A1", "S1", "replacement"): 10}
    reach = next(m for m in plan.messages if m.code == "CENTRAL_OUT_OF_REACH")
    assert reach.params["first_time"] == 90


def test_central_only_site_is_a_parameter():
    instance = three_offices()
    assert default_central_site(instance) == "S1"
    plan = central_only(instance, Shipment(blanks=100), POLICY, central_site="S2")
    assert shipped(plan) == {"S1": 0, "S2": 100, "S3": 0}
    assert plan.kpis.cards_by_tier == {"first_time": 90, "replacement": 10}
    with pytest.raises(InvalidInput):
        central_only(instance, Shipment(blanks=100), POLICY, central_site="NOPE")


def test_greedy():
    """Pairs nearest first (A1-S1, A2-S2, A3-S3 at 0 km): A1 takes 60, A2 30, A3 the last 10.

    x = (60, 30, 10): 100 first-time cards; K3 gets 10 of its 90.
    """
    plan = run("greedy")
    assert shipped(plan) == {"S1": 60, "S2": 30, "S3": 10}
    assert plan.kpis.cards_by_tier == {"first_time": 100, "replacement": 0}


def test_optimal_and_without_equity():
    """100 first-time cards either way. With equity: K3 can print at most 30 (S3's
    capacity; A3 reaches no other office), coverage 1/3; the other 70 go to K1 (60
    waiting) and K2 (30) by the whole-card greedy (docs/model.md): every card to the
    lower coverage, so both reach 46/60 = 23/30 (69 cards), tied; the 70th to the one
    covered more after it, K2 (24/30 = 0.8 > 47/60): coverage (0.767, 0.8), sorted
    above capacity_capped's (47, 23): (0.783, 0.767). x = (46, 24, 30).
    """
    plan = run("optimal")
    assert plan.status == "optimal"
    assert shipped(plan) == {"S1": 46, "S2": 24, "S3": 30}
    no_equity = run("optimal_no_equity")
    assert no_equity.kpis.cards_by_tier["first_time"] == 100
    assert "EQUITY_OFF" in codes(no_equity)


def test_lots_round_in_whole_lots():
    """Lots of 10: quotas 3 1/3, 1 2/3, 5 lots; floors 3, 1, 5; the 10th lot to S2."""
    plan = run("proportional", policy=Policy(max_travel_km=10, lot_size=10))
    assert shipped(plan) == {"S1": 30, "S2": 20, "S3": 50}


def test_storage_cap_is_never_passed():
    """S1 may hold 20: equal gives it 20 and shares the rest, 40 and 40."""
    base = three_offices()
    capped = base.model_copy(update={"sites": (
        base.sites[0].model_copy(update={"storage_cap": 20}), *base.sites[1:])})
    assert shipped(run("equal", capped)) == {"S1": 20, "S2": 40, "S3": 40}


def test_replacements_share_only_the_surplus():
    """300 blanks: 180 follow the first-time backlog, the other 30 the replacement one.

    First-time quotas are the backlog itself (60, 30, 90); replacement 20 : 10 : 0
    share min(120, 30) = 30 as 20 and 10; the last 90 blanks stay central.
    """
    plan = run("proportional", blanks=300)
    assert shipped(plan) == {"S1": 80, "S2": 40, "S3": 90}
    assert plan.kpis.blanks_kept_central == 90


def test_reserve_above_the_shipment_is_infeasible_for_baselines_too():
    for name in BASELINES:
        plan = POLICIES[name](three_offices(), Shipment(blanks=10), Policy(reserve=20))
        assert plan.status == "infeasible"
        assert codes(plan) == {"INFEASIBLE_RESERVE"}
        assert plan.solver.name == f"baseline:{name}"


def test_a_district_no_office_reaches_is_planned_unmet_by_every_policy():
    # K9 has no office and none within 10 km: every policy plans K1 and says why K9 waits.
    instance = Instance(sites=(three_offices().sites[0],),
                        areas=(area("A", "K1", 0.0, 5, 0), area("B", "K9", 1.0, 5, 0)))
    for name in BASELINES:
        plan = POLICIES[name](instance, Shipment(blanks=10), Policy(max_travel_km=10))
        reasons = {d.district_id: d.unmet_reason for d in plan.districts if d.tier == "first_time"}
        assert reasons["K9"] == "reach", name
        assert "AREA_UNREACHABLE" in {m.code for m in plan.messages}, name


# --------------------------------------------------------------------------- rounding


def test_apportion_is_largest_remainder_with_ties_by_position():
    third = Fraction(1, 3)
    assert apportion([third] * 3, 1, [9, 9, 9]) == [1, 0, 0]
    assert apportion([Fraction(5, 2), Fraction(7, 2)], 6, [9, 9]) == [3, 3]
    assert apportion([Fraction(5, 2), Fraction(7, 2)], 6, [9, 3]) == [3, 3]
    assert apportion([Fraction(5, 2), Fraction(7, 2)], 6, [2, 3]) == [2, 3]  # caps hold


def test_water_fill_reshares_what_caps_cut():
    """Weights 1, 1, 2 of 100 with caps 10, 100, 100: 10, then 90 split 1 : 2 = 30, 60."""
    quotas = water_fill([Fraction(1), Fraction(1), Fraction(2)], 100, [10, 100, 100])
    assert quotas == [10, 30, 60]


@pytest.mark.parametrize("name", ["proportional", "capacity_capped", "population", "equal"])
def test_shares_sum_exactly_to_the_shipment(name: str):
    ds = datasets.load("palembang")
    policy = ds.policy(reserve=7)
    plan = POLICIES[name](ds.instance, Shipment(blanks=20_011), policy)
    assert sum(shipped(plan).values()) == 20_004


# --------------------------------------------------------------------------- the engine wins


@st.composite
def small_states(draw: st.DrawFn) -> tuple[Instance, Shipment, Policy]:
    """1-3 districts each with an office, up to 4 offices and 6 areas within +-0.1 degree."""
    n_k = draw(st.integers(1, 3))
    offset = st.integers(-100, 100).map(lambda v: v / 1000)
    sites = []
    for i in range(draw(st.integers(n_k, 4))):
        stock = draw(st.integers(0, 30))
        sites.append(Site(
            site_id=f"s{i}", district_id=f"k{i % n_k}", lat=draw(offset), lon=draw(offset),
            printers=draw(st.integers(0, 2)), cards_per_printer_day=draw(st.integers(0, 20)),
            working_days=draw(st.integers(1, 4)), stock=stock,
            storage_cap=draw(st.none() | st.integers(stock, stock + 60))))
    areas = [Area(area_id=f"a{i}", district_id=f"k{draw(st.integers(0, n_k - 1))}",
                  lat=draw(offset), lon=draw(offset), population=draw(st.integers(0, 500)),
                  backlog={"first_time": draw(st.integers(0, 60)),
                           "replacement": draw(st.integers(0, 30))})
             for i in range(draw(st.integers(1, 6)))]
    blanks = draw(st.integers(0, 300))
    policy = Policy(max_travel_km=draw(st.none() | st.integers(1, 30).map(float)),
                    reserve=draw(st.integers(0, blanks)),
                    lot_size=draw(st.sampled_from([1, 1, 1, 7])))
    districts = tuple(District(district_id=f"k{i}") for i in range(n_k))
    instance = Instance(districts=districts, sites=tuple(sites), areas=tuple(areas))
    return instance, Shipment(blanks=blanks), policy


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(small_states())
def test_optimal_prints_at_least_as_many_first_time_cards(state):
    """Every baseline's plan is valid, and the engine never prints fewer first-time cards."""
    instance, shipment, policy = state
    results = {c.policy: c for c in compare(instance, shipment, policy)}
    best = results["optimal"].metrics.cards_by_tier["first_time"]
    assert results["optimal"].plan.status == "optimal"
    for name, c in results.items():
        assert c.evaluation.valid, (name, c.evaluation.violations)
        assert c.metrics.cards_by_tier["first_time"] <= best, name
        assert c.metrics.blanks_shipped <= shipment.blanks - policy.reserve


@pytest.mark.parametrize("blanks", [5_000, 40_000, 130_000])
@pytest.mark.parametrize("stock", [0, 1_500])
def test_optimal_wins_on_palembang(blanks: int, stock: int):
    ds = datasets.load("palembang")
    instance = ds.instance.model_copy(update={"sites": tuple(
        s.model_copy(update={"stock": stock}) for s in ds.instance.sites)})
    results = {c.policy: c for c in compare(instance, Shipment(blanks=blanks), ds.policy())}
    best = results["optimal"].metrics.cards_by_tier["first_time"]
    for name, c in results.items():
        assert c.evaluation.valid, (name, c.evaluation.violations)
        assert c.metrics.cards_by_tier["first_time"] <= best, name


# --------------------------------------------------------------------------- command line


def test_compare_command_prints_one_row_per_policy(tmp_path: Path):
    out = tmp_path / "compare.json"
    result = CliRunner().invoke(app, ["compare", "--data", str(TINY_DIR), "--blanks", "600",
                                      "--policies", "proportional,equal", "--policies",
                                      "optimal", "--json", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("proportional", "equal", "optimal"):
        assert name in result.output
    assert "greedy" not in result.output
    data = json.loads(out.read_text())
    assert [p["policy"] for p in data["policies"]] == ["proportional", "equal", "optimal"]
    assert all(p["valid"] for p in data["policies"])
    assert data["policies"][2]["metrics"]["cards_by_tier"]["first_time"] == 610


@pytest.mark.parametrize("args", [
    ["compare", "--data", str(TINY_DIR), "--blanks", "10", "--policies", "lottery"],
    ["compare", "--blanks", "10"],
    ["compare", "--data", str(TINY_DIR), "--blanks", "-1"],
])
def test_compare_command_rejects_bad_input(args: list[str]):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", [*BASELINES, f"{BASELINES[0]}@rule"])
def test_a_baseline_refuses_pins_the_engine_keeps_them(name: str) -> None:
    """A baseline's rule chooses every shipment: given pins, it would ship what it
    chooses while the caller believes the pins hold (tester qa7). Refused before any
    plan, in `compare` and `plan_policy`; `optimal` ships exactly the pin."""
    from optimizer.studies.registry import plan_policy

    instance = three_offices()
    policy = Policy(max_travel_km=10, pinned_shipments={"S1": 0})
    for call in (lambda: compare(instance, Shipment(blanks=100), policy, ["optimal", name]),
                 lambda: plan_policy(name, instance, Shipment(blanks=100), policy)):
        with pytest.raises(InvalidInput) as refused:
            call()
        [problem] = refused.value.problems
        assert problem.pointer == "/policy/pinned_shipments"
        assert "takes no pinned shipments" in problem.message
    kept = plan_policy("optimal", instance, Shipment(blanks=100), policy)
    assert {s.site_id: s.blanks for s in kept.shipments}.get("S1", 0) == 0
