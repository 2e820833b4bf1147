"""engine/record.py and the shared figures of engine/kpis.py, on records written by hand.

`cases.stocked()`: site S (K) holds 30 blanks, capacity 50; area A (K) has 80
first-time residents waiting, at 0 km.
"""

from __future__ import annotations

import numpy as np

from optimizer import Message, Policy, Shipment
from optimizer.engine.kpis import coverage, coverage_range, stranded
from optimizer.engine.network import compile_network
from optimizer.engine.record import Solver, StageRecord, build_plan, refused_plan
from tests import cases


def _record(shipped: int, printed: int, **fields: object) -> StageRecord:
    instance, shipment, policy = cases.stocked(), Shipment(blanks=100), Policy()
    net = compile_network(instance, shipment, policy)
    cards = np.array([[printed, 0]], dtype=np.int64)  # one pair (A, S), tiers (first, repl)
    return StageRecord(net=net, policy=policy, blanks=100, input_sha256="0" * 64,
                       solver=Solver("hand", "1", 0.0), status="feasible", cards=cards,
                       printed=np.array([printed]), shipped=np.array([shipped]),
                       **fields)  # type: ignore[arg-type]


def test_a_record_becomes_its_plan() -> None:
    # S receives 40 and prints 50: 30 from stock + 20 of the 40, so 20 stranded;
    # 100 - 40 = 60 stay central; K's coverage 50 / 80 = 0.625.
    plan = build_plan(_record(40, 50, marginals=None))
    assert [(s.site_id, s.blanks) for s in plan.shipments] == [("S", 40)]
    assert [(x.area_id, x.site_id, x.tier, x.cards, x.km) for x in plan.service] == [
        ("A", "S", "first_time", 50, 0.0)]
    assert plan.kpis.blanks_stranded == 20
    assert plan.kpis.blanks_kept_central == 60
    assert plan.kpis.coverage_min_by_tier == {"first_time": 0.625, "replacement": None}
    site = plan.sites[0]
    assert (site.printed, site.binding, site.marginal_cards_per_printer_day) == (
        50, "capacity", None)
    assert plan.solver.name == "hand" and plan.status == "feasible"


def test_messages_keep_the_planner_s_own_around_the_standard_ones() -> None:
    first = Message(code="FIRST", text="first")
    last = Message(code="LAST", text="last")
    plan = build_plan(_record(20, 50, marginals=None, leading=(first,), trailing=(last,)))
    codes = [m.code for m in plan.messages]
    assert codes[0] == "FIRST" and codes[-1] == "LAST"
    assert "DISTANCES" in codes
    # No marginal values were computed, so no message claims any.
    assert not {"MARGINALS", "MARGINALS_SKIPPED"} & set(codes)


def test_a_cut_equity_stage_is_said() -> None:
    plan = build_plan(_record(20, 50, marginals=None, equity_complete=False))
    assert "EQUITY_TIME_LIMIT" in {m.code for m in plan.messages}


def test_a_refused_plan_has_no_lines() -> None:
    reason = Message(code="INFEASIBLE_RESERVE", level="error", text="no")
    plan = refused_plan(("first_time",), Policy(), "0" * 64, Solver("hand", "1", 0.0), reason,
                        blanks=3000)
    assert plan.status == "infeasible" and plan.messages == (reason,)
    assert plan.shipments == plan.service == plan.sites == ()
    assert plan.kpis.cards_by_tier == {"first_time": 0}
    # Nothing ships, so every blank stays central (not "0 kept central").
    assert (plan.kpis.blanks_shipped, plan.kpis.blanks_kept_central) == (0, 3000)


def test_stranded_uses_stock_first() -> None:
    # (stock, shipped, printed): (10, 40, 30) -> 10 + 40 - 30 = 20 left, all of them shipped;
    # (0, 25, 30) -> -5, none; (50, 10, 20) -> 40 left, but only the 10 shipped count.
    got = stranded(np.array([10, 0, 50]), np.array([40, 25, 10]), np.array([30, 30, 20]))
    assert got.tolist() == [20, 0, 10]


def test_coverage_range_skips_districts_without_backlog() -> None:
    assert coverage(1, 3) == 0.333333 and coverage(0, 0) is None
    # 1/3 and 2/2 count; (0, 0) does not.
    assert coverage_range([(1, 3), (0, 0), (2, 2)]) == (0.333333, 1.0)
    assert coverage_range([(0, 0)]) == (None, None)
