"""The time limit binds, deterministically, and a plan it cuts short is never `optimal`.

The limit is a work budget (model.Budget: 1,000 rounds of equity filling per second
of time_limit_s), never the clock, so it is forced without depending on the
machine's speed:
- a budget of 1 ns buys no round at all: the equity stage stops before its first;
- a sweep over budgets of 0, 1, 2, ... rounds finds where the filling finishes.
"""

from __future__ import annotations

from optimizer import Plan, Policy, Shipment, evaluate, solve
from optimizer.engine.model import Budget
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
    # The text quotes the rounds of filling (1e-9 s x 1000 rounds/s -> 0), so params hold them.
    assert warning.params == {"time_limit_s": TINY_BUDGET_S, "rounds": 0}
    assert warning.text == (
        f"The work budget of the time limit ({TINY_BUDGET_S} s, 0 rounds of filling, the "
        f"same on any machine) stopped the equity stage early; the plan is valid and prints "
        f"as many cards per tier, but some districts' or areas' shares were not balanced.")
    assert plan.solver.time_limit_s == TINY_BUDGET_S
    # Marginal values are read off one residual network: no budget cuts them.
    assert "MARGINALS_SKIPPED" not in _codes(plan)
    assert all(s.marginal_cards_per_printer_day is not None for s in plan.sites)
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


def test_wherever_the_budget_strikes_optimal_means_uncut() -> None:
    uncut, _ = _solve_220(time_limit_s=3600)
    optimal_seen = cut_seen = 0
    for rounds in range(0, 40):
        # (rounds + 0.5) / 1000 s buys exactly `rounds` rounds (and is > 0, as required).
        plan, policy = _solve_220(time_limit_s=(rounds + 0.5) / Budget.ROUNDS_PER_SECOND)
        cut = "EQUITY_TIME_LIMIT" in _codes(plan)
        assert plan.status == ("feasible" if cut else "optimal"), rounds
        if plan.status == "optimal":
            optimal_seen += 1
            assert plan.districts == uncut.districts, rounds
            assert plan.areas == uncut.areas, rounds
            break
        cut_seen += 1
        assert evaluate(cases.three_districts(), Shipment(blanks=220), policy, plan).valid
    # The sweep saw both sides of the limit, so this test can fail either way.
    assert cut_seen >= 1 and optimal_seen >= 1
