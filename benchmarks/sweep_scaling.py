"""Speed-up of `blanko sweep` on Dask: the same tasks on a LocalCluster of 1, then 2 workers.

    python benchmarks/sweep_scaling.py [--replications 6] [--out benchmarks/results]

Each worker is a process with one thread. The workers import blanko once before the
clock starts (a warm-up task), so the times are the sweep's, not Python's start-up.
The machine's load average is recorded next to the times: on a shared machine a
speed-up below 2 may be other people's work, not Dask's overhead.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "benchmarks" / "scenarios" / "supply-bound.toml"
POLICIES = ("capacity_capped", "optimal")


def _warm() -> bool:
    import optimizer.studies.sweep  # noqa: F401  (imports numpy, OR-Tools, pydantic)

    return True


def measure(workers: int, replications: int) -> tuple[float, tuple[float, float, float]]:
    from distributed import Client, LocalCluster

    from optimizer.studies import sweep
    from optimizer.studies.scenarios import load_scenario

    todo = sweep.tasks([load_scenario(SCENARIO)], POLICIES, replications)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.run(_warm)
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            sweep.run_sweep(todo, Path(out), scheduler=client)
            return time.perf_counter() - start, os.getloadavg()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=6)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    one, load1 = measure(1, args.replications)
    two, load2 = measure(2, args.replications)
    command = "python benchmarks/sweep_scaling.py" + (
        f" --replications {args.replications}" if args.replications != 6 else "")
    text = "\n".join([
        "# `blanko sweep` on Dask: 1 worker against 2",
        "",
        "Regenerate with:",
        "",
        "```bash",
        command,
        "```",
        "",
        f"Tasks: {args.replications} replications of `{SCENARIO.name}` with policies "
        f"{', '.join(POLICIES)}, on a dask.distributed LocalCluster of worker processes "
        f"(one thread each); {os.cpu_count()} CPU cores on this machine.",
        "",
        "| workers | wall time (s) | speed-up | load average (1, 5, 15 min) after |",
        "|---:|---:|---:|---|",
        f"| 1 | {one:.1f} | 1.00 | {', '.join(f'{x:.1f}' for x in load1)} |",
        f"| 2 | {two:.1f} | {one / two:.2f} | {', '.join(f'{x:.1f}' for x in load2)} |",
        "",
        "The machine is shared: a load average above the core count means other work "
        "competed for the cores, and the speed-up is a lower bound on what two free cores "
        "give.",
        "",
    ])
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "sweep_scaling.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
