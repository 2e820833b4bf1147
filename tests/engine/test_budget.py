"""Deterministic work budgets: a binding time limit gives the same bytes under any load."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from optimizer import Shipment, datasets, plan_json, solve
from optimizer.engine.model import Budget


def _bytes(time_limit_s: float) -> str:
    ds = datasets.load("palembang")
    plan = json.loads(plan_json(solve(ds.instance, Shipment(blanks=40_000),
                                      ds.policy(time_limit_s=time_limit_s))))
    plan["solver"]["seconds"] = 0.0
    return json.dumps(plan, sort_keys=True)


def test_twenty_parallel_runs_with_a_binding_budget_give_identical_bytes():
    # 0.001 s buys 1 round of filling: Palembang's equity needs 2 (one for the kecamatan,
    # one for the kelurahan found with every kecamatan alone: engine/areas.py), so the
    # budget binds (status feasible) in every run, whatever the other 19 threads do.
    with ThreadPoolExecutor(max_workers=20) as pool:
        texts = list(pool.map(_bytes, [0.001] * 20))
    assert len(set(texts)) == 1
    plan = json.loads(texts[0])
    assert plan["status"] == "feasible"
    assert any(m["code"] == "EQUITY_TIME_LIMIT" for m in plan["messages"])


def test_the_budget_is_rounds_not_seconds():
    assert Budget.of(0.005).left == 5
    budget = Budget(2)
    assert budget.take() and budget.take() and not budget.take()
    assert budget.left == 0
