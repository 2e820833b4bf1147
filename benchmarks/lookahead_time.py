"""Time of the `lookahead` policy alone over the scenario grid (issue 17's speed target).

The full replay with `lookahead`, 20 replications of every scenario in
benchmarks/scenarios, on a pool of worker processes; prints each scenario's replay CPU
seconds, when its last replication finished, and the whole run's wall and CPU seconds.
`blanko sweep` always pairs against the status quo (capacity_capped), so it cannot
time the policy alone. Run from the repository root:

    python -m benchmarks.lookahead_time [--replications 20] [--workers 2]

Measured 2026-11-29 23:06 UTC on 2 cores, load 1.0-2.2 (its own two processes):
534 s wall, 1,050 s CPU (README, "Planning ahead").
"""

from __future__ import annotations

import argparse
import resource
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

SCENARIOS = Path("benchmarks/scenarios")


def _one(path: str, replications: int, r: int) -> tuple[str, float]:
    from optimizer.studies.replay import replicate
    from optimizer.studies.scenarios import load_scenario

    scenario = load_scenario(Path(path))
    instance, policy, config = scenario.build(("lookahead",), replications)
    start = time.process_time()
    replicate(instance, policy, config, r)
    return path, time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    paths = sorted(str(p) for p in SCENARIOS.glob("*.toml"))
    cpu = dict.fromkeys(paths, 0.0)
    done: dict[str, float] = {}
    start = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        futures = [pool.submit(_one, p, args.replications, r)
                   for p in paths for r in range(args.replications)]
        for future in as_completed(futures):
            path, seconds = future.result()
            cpu[path] += seconds
            done[path] = time.perf_counter() - start
    wall = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    for path in paths:
        print(f"{Path(path).stem}: replay CPU {cpu[path]:.1f} s, "
              f"last replication done at {done[path]:.0f} s wall")
    print(f"all: replications {args.replications}, scenarios {len(paths)}, "
          f"wall {wall:.1f} s, CPU {children.ru_utime + children.ru_stime:.1f} s")


if __name__ == "__main__":
    main()
