"""The time limit binds, deterministically, and a plan it cuts short is never `optimal`.

Two ways to force the limit without depending on the machine's speed:
- a budget of 1 ns: the clock has moved on by more than that before the equity
  stage's first check (compiling the network alone takes microseconds);
- a clock that ticks one second each time the engine reads it, so the stage at
  which the limit strikes depends only on how many times the engine looked.
"""

from __future__ import annotations

import itertools
import time

import pytest

from optimizer import Plan, Policy, Shipment, evaluate, solve
from tests import cases

TINY_BUDGET_S = 1e-9


def _solve_220(**policy: object) -> tuple[Plan, Policy]:
    # three_districts with 220 blanks: K1 20, K2 50, K3 150 when equity runs to the end
    # (tests/cases.py); 220 is neither 0 nor the whole backlog 500, so equity must run.
    pol = Policy(max_travel_km=50, **policy)  # type: ignore[arg-type]
    return solve(cases.three_districts(), Shipment(blanks=220), pol), pol


def _codes(plan: Plan) -> set[str]:
    return {m.code for m in plan.messages}


def test_a_tiny_budget_stops_equity_and_the_plan_says_so() -> None:
    plan, policy = _solve_220(time_limit_s=TINY_BUDGET_S)
    assert plan.status == "feasible"
    warning = next(m for m in plan.messages if m.code == "EQUITY_TIME_LIMIT")
    assert warning.level == "warning"
    assert warning.params == {"time_limit_s": TINY_BUDGET_S}
    assert warning.text == (
        f"The time limit ({TINY_BUDGET_S} s) stopped the equity stage early; the plan is "
        f"valid and prints as many cards per tier, but some districts' shares were not "
        f"balanced.")
    assert plan.solver.time_limit_s == TINY_BUDGET_S
    # The limit also stopped the marginal values before the first site.
    assert "MARGINALS_SKIPPED" in _codes(plan)
    assert all(s.marginal_cards_per_printer_day is None for s in plan.sites)
    # Still a valid plan, with as many cards as the optimum (stage 1 is never cut).
    check = evaluate(cases.three_districts(), Shipment(blanks=220), policy, plan)
    assert check.valid, check.violations
    assert plan.kpis.cards_by_tier["first_time"] == 220


def test_the_same_case_with_time_to_spare_is_optimal() -> None:
    plan, _ = _solve_220(time_limit_s=5)
    assert plan.status == "optimal"
    assert "EQUITY_TIME_LIMIT" not in _codes(plan)
    shares = {d.district_id: d.served for d in plan.districts if d.tier == "first_time"}
    assert shares == {"K1": 20, "K2": 50, "K3": 150}


def test_a_tiny_budget_with_lots_is_not_optimal() -> None:
    # cases.lots with lots of 25 (tests/cases.py): CP-SAT still gets its 0.05 s floor,
    # but the equity stage after it is cut.
    policy = Policy(lot_size=25, max_travel_km=50, time_limit_s=TINY_BUDGET_S)
    plan = solve(cases.lots(), Shipment(blanks=110), policy)
    assert plan.status == "feasible"
    assert "EQUITY_TIME_LIMIT" in _codes(plan)
    assert evaluate(cases.lots(), Shipment(blanks=110), policy, plan).valid


class TickingClock:
    """time.monotonic that moves one second each time it is read."""

    def __init__(self) -> None:
        self._ticks = itertools.count()
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return float(next(self._ticks))


def test_wherever_the_limit_strikes_optimal_means_uncut(monkeypatch: pytest.MonkeyPatch) -> None:
    uncut, _ = _solve_220(time_limit_s=3600)
    optimal_seen = cut_seen = 0
    for budget in range(1, 40):
        clock = TickingClock()
        monkeypatch.setattr(time, "monotonic", clock)
        plan, policy = _solve_220(time_limit_s=budget - 0.5)
        monkeypatch.undo()
        cut = "EQUITY_TIME_LIMIT" in _codes(plan)
        assert plan.status == ("feasible" if cut else "optimal"), budget
        if plan.status == "optimal":
            optimal_seen += 1
            assert plan.districts == uncut.districts, budget
        else:
            cut_seen += 1
        assert evaluate(cases.three_districts(), Shipment(blanks=220), policy, plan).valid
        if clock.reads < budget:  # the engine finished before the clock reached the limit
            break
    # The sweep saw both sides of the limit, so this test can fail either way.
    assert cut_seen >= 1 and optimal_seen >= 1
