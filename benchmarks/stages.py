"""Speed of the model's stages in process: level 2b equity, marginals and lots apart.

    python -m benchmarks.stages [--repeats 5] [--scales city,province]

city = the bundled palembang dataset (40,000 blanks, its 8 km limit); province =
synthetic("province", 0) with its default shipment. Each row is the median of
`repeats` solves after one untimed warm-up, in this process; the load average of
the machine is printed with them, since other work on it slows every figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

from optimizer import Shipment, datasets, solve
from optimizer.engine import solve as solve_module
from optimizer.schema import Instance, Plan, Policy


def _median(run: Callable[[], Plan], repeats: int) -> tuple[float, Plan]:
    plan = run()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        plan = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), plan


def _area_stage_seconds(run: Callable[[], Plan]) -> float:
    """Seconds spent in level 2b (engine.solve._area_stage, part by part or whole) in one solve."""
    spent = 0.0
    original = solve_module._area_stage

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal spent
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent += time.perf_counter() - started

    solve_module._area_stage = timed
    try:
        run()
    finally:
        solve_module._area_stage = original
    return spent


def _runner(instance: Instance, shipment: Shipment, policy: Policy) -> Callable[[], Plan]:
    return lambda: solve(instance, shipment, policy)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--scales", default="city,province")
    args = parser.parse_args()
    scales = {"city": ("palembang", 40_000, 100), "province": ("synthetic-province", None, 500)}
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print("| scale | run | median s | status | cards (tier 0) | resident-km |")
    print("|---|---|---:|---|---:|---:|")
    for scale in args.scales.split(","):
        name, blanks, lot = scales[scale]
        ds = datasets.load(name)
        shipment = Shipment(blanks=blanks or ds.default_blanks)
        runs: dict[str, Policy] = {
            "full plan with marginals": ds.policy(),
            "full plan, no marginals": ds.policy(marginals=False),
            "equity off (no 2a, 2b), no marginals": ds.policy(equity=False, marginals=False),
            f"lots of {lot}, with marginals": ds.policy(lot_size=lot),
        }
        for label, policy in runs.items():
            seconds, plan = _median(_runner(ds.instance, shipment, policy), args.repeats)
            first = plan.tiers[0]
            print(f"| {scale} | {label} | {seconds:.4f} | {plan.status} | "
                  f"{plan.kpis.cards_by_tier[first]:,} | {plan.kpis.resident_km_total:,.1f} |")
        stage = _area_stage_seconds(_runner(ds.instance, shipment, ds.policy()))
        print(f"| {scale} | of which level 2b (one solve) | {stage:.4f} | | | |")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
