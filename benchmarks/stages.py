"""Speed of the model's stages in process: level 2b equity, marginals and lots apart.

    python -m benchmarks.stages [--repeats 5] [--scales city,province,national]

city = the bundled palembang dataset (40,000 blanks, its 8 km limit); province and
national = synthetic-province / synthetic-national with their default shipments
(national has no lots row: CP-SAT over its ~84,000 areas is out of reach). Each row
is the median of `repeats` solves after one untimed warm-up, in this process (a
long-lived one: scipy's strongly connected components are imported first, as the
service's worker does, so level 2b never uses its pure-Python search for a one-shot
process; optimizer/engine/scc.py); the
load average of the machine is printed with them, since other work on it slows
every figure. "of which" rows time one more solve with the stage's functions
wrapped: level 2b (engine.solve._area_stage) and the marginals (the card marginals
and the travel shadow prices), with their share of that solve.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
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


def _stage_seconds(run: Callable[[], Plan], names: tuple[str, ...]) -> tuple[float, float]:
    """(seconds in the functions `names` of engine.solve, seconds of the whole solve)
    in one solve, the functions wrapped with a timer."""
    spent = 0.0
    originals = {name: getattr(solve_module, name) for name in names}

    def timed(original: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal spent
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent += time.perf_counter() - started
        return wrapper

    for name, original in originals.items():
        setattr(solve_module, name, timed(original))
    try:
        started = time.perf_counter()
        run()
        whole = time.perf_counter() - started
    finally:
        for name, original in originals.items():
            setattr(solve_module, name, original)
    return spent, whole


def _runner(instance: Instance, shipment: Shipment, policy: Policy) -> Callable[[], Plan]:
    return lambda: solve(instance, shipment, policy)


SCALES: dict[str, tuple[str, int | None, int | None]] = {
    "city": ("palembang", 40_000, 100),
    "province": ("synthetic-province", None, 500),
    "national": ("synthetic-national", None, None),
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--scales", default="city,province",
                        help=f"comma-separated, of {', '.join(SCALES)}")
    args = parser.parse_args(argv)
    wanted = [s.strip() for s in args.scales.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in SCALES]
    if unknown or not wanted:
        parser.error(f"--scales: unknown scale {', '.join(unknown) or '(none given)'}; "
                     f"choose among {', '.join(SCALES)}")
    import scipy.sparse.csgraph  # noqa: F401  (a long-lived process: module docstring)

    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print("| scale | run | median s | status | cards (tier 0) | resident-km |")
    print("|---|---|---:|---|---:|---:|")
    for scale in wanted:
        name, blanks, lot = SCALES[scale]
        ds = datasets.load(name)
        shipment = Shipment(blanks=blanks or ds.default_blanks)
        runs: dict[str, Policy] = {
            "full plan with marginals": ds.policy(),
            "full plan, no marginals": ds.policy(marginals=False),
            "equity off (no 2a, 2b), no marginals": ds.policy(equity=False, marginals=False),
        }
        if lot is not None:
            runs[f"lots of {lot}, with marginals"] = ds.policy(lot_size=lot)
        for label, policy in runs.items():
            seconds, plan = _median(_runner(ds.instance, shipment, policy), args.repeats)
            first = plan.tiers[0]
            print(f"| {scale} | {label} | {seconds:.4f} | {plan.status} | "
                  f"{plan.kpis.cards_by_tier[first]:,} | {plan.kpis.resident_km_total:,.1f} |")
            sys.stdout.flush()
        full = _runner(ds.instance, shipment, ds.policy())
        for label, names in (("level 2b", ("_area_stage",)),
                             ("marginals", ("plan_flows", "marginal_values", "shadow_prices"))):
            spent, whole = _stage_seconds(full, names)
            print(f"| {scale} | of which {label} (one solve, {100 * spent / whole:.0f} % of "
                  f"its {whole:.4f} s) | {spent:.4f} | | | |")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
