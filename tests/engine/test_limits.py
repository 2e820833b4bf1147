"""What limits an office (`binding`) and why a kecamatan waits (`unmet_reason`), checked
against their definitions (docs/model.md, "What limits an office and why residents
wait") by re-solving flows with one more unit of each limit, independently of
optimizer.engine.limits' residual search."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from ortools.graph.python import max_flow, min_cost_flow
from typer.testing import CliRunner

from optimizer import Instance, Policy, Shipment, solve
from optimizer.cli import app
from optimizer.engine.network import Network, compile_network
from optimizer.io.exports import read_plan_json
from optimizer.schema import Plan
from optimizer.studies import baselines
from tests import cases
from tests.engine.test_properties import Case
from tests.engine.test_properties import cases as random_cases

BIG = 10**6
QA1 = Path(__file__).resolve().parents[1] / "data" / "qa1"


@dataclass
class Resources:
    """What the plan has to print with: blanks on hand per site (stock, plus the shipment
    where it is fixed: lots or pins), blanks the central office may still send to the
    sites whose shipment is free, how many each of those may receive, capacities."""

    on_hand: np.ndarray
    central: int
    room: np.ndarray
    capacity: np.ndarray

    def copy(self) -> Resources:
        return Resources(self.on_hand.copy(), self.central, self.room.copy(),
                         self.capacity.copy())


def resources(net: Network, plan: Plan, policy: Policy) -> tuple[Resources, np.ndarray]:
    shipped = np.array([line.blanks for line in plan.shipments], dtype=np.int64)
    fixed = np.array([policy.lot_size > 1 or s in policy.pinned_shipments
                      for s in net.site_ids])
    return Resources(on_hand=net.stock + np.where(fixed, shipped, 0),
                     central=net.supply - int(shipped[fixed].sum()),
                     room=np.where(fixed, 0, net.room),
                     capacity=net.capacity.copy()), shipped


def _arcs(net: Network, r: Resources) -> tuple[list[tuple[int, int, int]], int, int]:
    """SRC 0, CENTRAL 1, SITE 2+s, OUT 2+S+s, DEMAND (a, c); returns arcs up to DEMAND."""
    n_s = net.n_sites
    arcs = [(0, 1, r.central)]
    for s in range(n_s):
        arcs += [(1, 2 + s, int(r.room[s])), (0, 2 + s, int(r.on_hand[s])),
                 (2 + s, 2 + n_s + s, int(r.capacity[s]))]
    first_demand = 2 + 2 * n_s
    for a, s in zip(net.pairs.area.tolist(), net.pairs.site.tolist(), strict=True):
        for c in range(net.n_tiers):
            arcs.append((2 + n_s + s, first_demand + a * net.n_tiers + c, BIG))
    sink = first_demand + net.n_areas * net.n_tiers
    return arcs, first_demand, sink


def most_cards(net: Network, r: Resources) -> int:
    """The most cards these resources print, all tiers together (a max flow)."""
    arcs, first, sink = _arcs(net, r)
    for a in range(net.n_areas):
        for c in range(net.n_tiers):
            arcs.append((first + a * net.n_tiers + c, sink, int(net.backlog[a, c])))
    flow = max_flow.SimpleMaxFlow()
    for t, h, cap in arcs:
        flow.add_arc_with_capacity(t, h, cap)
    assert flow.solve(0, sink) == flow.OPTIMAL
    return int(flow.optimal_flow())


def gains(net: Network, r: Resources, served: np.ndarray, k: int, c: int) -> bool:
    """Whether these resources give district k's tier-c residents one card more than
    `served` (areas, tiers) while every kelurahan and tier keeps its cards."""
    arcs, first, sink = _arcs(net, r)
    costs = [0] * len(arcs)
    held, theirs = [], []
    for a in range(net.n_areas):
        for t in range(net.n_tiers):
            node = first + a * net.n_tiers + t
            held.append(len(arcs))
            arcs.append((node, sink, int(served[a, t])))
            costs.append(-BIG)  # every card held comes first
            if net.area_district[a] == k and t == c:
                theirs.append(len(arcs))
            arcs.append((node, sink, int(net.backlog[a, t] - served[a, t])))
            costs.append(-1 if (net.area_district[a] == k and t == c) else 0)
    # Any flow value (not the largest): what SRC sends beyond it goes straight to SINK.
    supply = r.central + int(r.on_hand.sum())
    arcs.append((0, sink, supply))
    costs.append(0)
    flow = min_cost_flow.SimpleMinCostFlow()
    for (t, h, cap), cost in zip(arcs, costs, strict=True):
        flow.add_arc_with_capacity_and_unit_cost(t, h, cap, cost)
    flow.set_node_supply(0, supply)
    flow.set_node_supply(sink, -supply)
    assert flow.solve() == flow.OPTIMAL
    kept = all(flow.flow(i) == arcs[i][2] for i in held)
    return kept and sum(flow.flow(i) for i in theirs) >= 1


def helping_kinds(net: Network, plan: Plan, policy: Policy, k: int, c: int) -> set[str]:
    """Each kind of limit one more unit of which gives district k's tier-c residents a
    card, nobody losing one (docs/model.md's definitions, by re-solving)."""
    base, shipped = resources(net, plan, policy)
    served = np.array([[line.served for line in plan.areas[a * net.n_tiers:
                                                           (a + 1) * net.n_tiers]]
                       for a in range(net.n_areas)]).reshape(net.n_areas, net.n_tiers)
    left = net.supply - int(shipped.sum())
    step = policy.lot_size
    fixed = np.array([policy.lot_size > 1 or s in policy.pinned_shipments
                      for s in net.site_ids])
    out: set[str] = set()
    if gains(net, base, served, k, c):
        out.add("allocation")
    for s in range(net.n_sites):
        more = base.copy()
        more.capacity[s] += 1
        if gains(net, more, served, k, c):
            out.add("capacity")
        over = bool(net.storage_capped[s]) and shipped[s] + step > net.room[s]
        more = base.copy()
        if not fixed[s] and over:
            more.room[s] += 1
            kind = "storage"
        elif fixed[s] and over and left > 0:
            more.on_hand[s] += min(step, left)
            kind = "storage"
        elif fixed[s] and not over and left == 0:
            more.on_hand[s] += step
            kind = "supply"
        elif fixed[s] and not over and left > 0 and (
                net.site_ids[s] in policy.pinned_shipments or left >= step):
            more.on_hand[s] += 1 if net.site_ids[s] in policy.pinned_shipments else step
            kind = "allocation"  # the pin, or lots a time limit left short
        elif fixed[s] and not over and 0 < left < step:
            more.on_hand[s] += 1
            kind = "lot_size"
        else:
            continue
        if gains(net, more, served, k, c):
            out.add(kind)
    if left == 0 and not fixed.all():
        more = base.copy()
        more.central += 1
        if gains(net, more, served, k, c):
            out.add("supply")
    return out


def check_labels(instance: Instance, shipment: Shipment, policy: Policy, plan: Plan,
                 engine: bool = True) -> None:
    net = compile_network(instance, shipment, policy)
    base, shipped = resources(net, plan, policy)
    left = net.supply - int(shipped.sum())
    total = sum(plan.kpis.cards_by_tier.values())
    is_max = most_cards(net, base) == total
    for s, line in enumerate(plan.sites):
        assert (line.binding == "capacity") == (line.printed >= line.capacity), line
        if line.binding == "capacity" or not (engine and is_max):
            continue
        more = base.copy()
        more.on_hand[s] += 1
        more.capacity[s] += 1
        # backlog: one more blank and one more printer-day's card here print nothing.
        assert (line.binding == "backlog") == (most_cards(net, more) == total), line
        if line.binding == "backlog":
            continue
        more.capacity[s] -= 1  # one more blank alone prints a card (printers have room)
        assert most_cards(net, more) == total + 1, line
        over = bool(net.storage_capped[s]) and line.blanks + policy.lot_size > net.room[s]
        assert (line.binding == "storage") == over, line
        if not over:
            expected = ("supply" if left == 0 else
                        "allocation" if line.site_id in policy.pinned_shipments
                        or left >= policy.lot_size else "lot_size")
            assert line.binding == expected, (line, left)
    works = np.zeros(net.n_areas, dtype=bool)
    works[net.pairs.area[net.capacity[net.pairs.site] > 0]] = True
    for line in plan.districts:
        if line.unmet == 0:
            assert line.unmet_reason == "none"
            continue
        k, c = net.district_ids.index(line.district_id), net.tiers.index(line.tier)
        waiting = [a for a in range(net.n_areas) if net.area_district[a] == k
                   and plan.areas[a * net.n_tiers + c].served < net.backlog[a, c]]
        assert (line.unmet_reason == "reach") == (not works[waiting].any()), line
        if line.unmet_reason == "reach":
            continue
        helping = helping_kinds(net, plan, policy, k, c)
        if helping:  # a limit one more unit of which serves them is named
            assert line.unmet_reason in helping, (line, helping)
        else:  # two limits at once: the one closing their way, never the plan's choice
            assert line.unmet_reason in {"capacity", "storage", "lot_size", "supply"}, line


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(random_cases())
def test_every_label_holds_by_its_definition(case: Case) -> None:
    plan = solve(case.instance, case.shipment, case.policy)
    if plan.status != "infeasible":
        check_labels(case.instance, case.shipment, case.policy, plan)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(random_cases(lots=False))
def test_every_label_of_a_baseline_holds_by_its_definition(case: Case) -> None:
    # Baselines leave blanks central or unprinted: `allocation` where that is all it takes.
    for rule in (baselines.capacity_capped, baselines.greedy):
        plan = rule(case.instance, case.shipment, case.policy)
        if plan.status != "infeasible":
            check_labels(case.instance, case.shipment, case.policy, plan, engine=False)


# --------------------------------------------------------------------------- hand cases
# Kecamatan K1 and K2 one degree of longitude apart (145 km): with a 50 km limit each
# kecamatan's kelurahan (A1 in K1, A2 in K2, 50 first-time waiting each) prints only at
# its own office (S1, S2).


def _two(s1: dict[str, int | None], s2: dict[str, int | None]) -> Instance:
    return Instance(sites=(cases.site("S1", "K1", 0.0, **s1), cases.site("S2", "K2", 1.0, **s2)),
                    areas=(cases.area("A1", "K1", 0.0, 50), cases.area("A2", "K2", 1.0, 50)))


def _labels(instance: Instance, blanks: int, **policy: object) -> tuple[dict[str, str], ...]:
    chosen = Policy(max_travel_km=50, **policy)  # type: ignore[arg-type]
    plan = solve(instance, Shipment(blanks=blanks), chosen)
    check_labels(instance, Shipment(blanks=blanks), chosen, plan)
    return ({s.site_id: s.binding for s in plan.sites},
            {d.district_id: d.unmet_reason for d in plan.districts if d.tier == "first_time"},
            {s.site_id: s.blanks for s in plan.shipments})


def test_blanks_left_central_name_the_printers_and_the_storage_cap_not_the_supply():
    # S1 prints 10 (capacity 10); S2 may hold 20 (storage cap) of its capacity 100.
    # 1,000 blanks: S1 gets 10, S2 20, 970 stay central. K1's 40 waiting would get a card
    # from one more printer-day at S1 (blanks are there to send): capacity. K2's 30 from
    # room for one more blank at S2: storage. Neither from more blanks: never supply.
    sites, districts, shipped = _labels(_two({"cap": 10}, {"storage_cap": 20}), 1000)
    assert shipped == {"S1": 10, "S2": 20}
    assert sites == {"S1": "capacity", "S2": "storage"}
    assert districts == {"K1": "capacity", "K2": "storage"}


def test_an_office_whose_storage_cap_is_under_the_lot_says_storage():
    # Lots of 30, S1's storage cap 25: no lot fits S1, which gets 0 blanks. 70 blanks: S2
    # takes two lots (60) and prints K2's 50; 10 stay central. One more lot at S1 would
    # break its cap (0 + 30 > 25): S1 and K1 say storage (the qa1 report's "supply" was
    # false: more blanks would not help). S2 has nobody left to serve: backlog.
    sites, districts, shipped = _labels(_two({"storage_cap": 25}, {}), 70, lot_size=30)
    assert shipped == {"S1": 0, "S2": 60}
    assert sites == {"S1": "storage", "S2": "backlog"}
    assert districts == {"K1": "storage", "K2": "none"}


def test_blanks_the_lots_keep_central_say_lot_size_and_all_shipped_says_supply():
    # 25 blanks in lots of 10: two lots go (one each), 5 stay central, fewer than a lot:
    # every office and kecamatan waits for the lot size. Without lots all 25 are shipped
    # (13 and 12): the shipment is what limits.
    sites, districts, shipped = _labels(_two({}, {}), 25, lot_size=10)
    assert shipped == {"S1": 10, "S2": 10}
    assert set(sites.values()) == set(districts.values()) == {"lot_size"}
    sites, districts, shipped = _labels(_two({}, {}), 25)
    assert sum(shipped.values()) == 25
    assert set(sites.values()) == set(districts.values()) == {"supply"}


def test_a_pinned_office_with_blanks_left_central_says_allocation():
    # S1 pinned to 5 blanks of 100: the plan could serve K1 more with the blanks it keeps
    # central; only the pin stops it.
    instance = _two({}, {})
    policy = Policy(max_travel_km=50, pinned_shipments={"S1": 5})
    plan = solve(instance, Shipment(blanks=100), policy)
    check_labels(instance, Shipment(blanks=100), policy, plan)
    assert {s.site_id: s.binding for s in plan.sites} == {"S1": "allocation", "S2": "backlog"}


def test_the_cli_plans_a_kecamatan_without_office_as_one_whose_office_has_no_printer(
        tmp_path: Path) -> None:
    # qa1's two files (tests/data/qa1): D3 has no office row at all, or one with 0
    # printers; both are out of reach within 8 km. Both plan the same cards, D3 unmet
    # with reason `reach` and the warnings (the first was refused, exit 2).
    figures = []
    for name in ("kec_without_office", "kec_office_no_printer"):
        out = tmp_path / f"{name}.plan.json"
        result = CliRunner().invoke(app, [
            "plan", "--data", str(QA1 / f"{name}.json"), "--blanks", "1000",
            "--max-travel-km", "8", "--json", str(out), "--lang", "id"])
        assert result.exit_code == 0, result.output
        assert "DISTRICT_WITHOUT_OFFICE" in result.output and "D3" in result.output
        plan = read_plan_json(out)
        assert {d.unmet_reason for d in plan.districts if d.district_id == "D3" and d.unmet} \
            == {"reach"}
        figures.append((plan.kpis.cards_by_tier, [(s.site_id, s.blanks) for s in plan.shipments
                                                   if s.blanks]))
    assert figures[0] == figures[1]
