"""Speed-up of `blanko sweep` on Dask: the same tasks on a LocalCluster of 1, then 2 workers.

    python benchmarks/sweep_scaling.py [--replications 6] [--repeats 3] [--out DIR]

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
    parser.add_argument("--repeats", type=int, default=3,
                        help="pairs of measurements (1 worker, then 2), alternated")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    rows = []
    for k in range(args.repeats):
        one, load1 = measure(1, args.replications)
        two, load2 = measure(2, args.replications)
        rows.append((k + 1, one, two, load1, load2))
    speedups = sorted(one / two for _, one, two, _, _ in rows)
    median = speedups[len(speedups) // 2]
    command = "python benchmarks/sweep_scaling.py" + (
        f" --replications {args.replications}" if args.replications != 6 else "") + (
        f" --repeats {args.repeats}" if args.repeats != 3 else "")
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
        "| repeat | 1 worker (s) | 2 workers (s) | speed-up | load average after "
        "(1 worker; 2 workers; 1 min) |",
        "|---:|---:|---:|---:|---|",
        *[f"| {k} | {one:.1f} | {two:.1f} | {one / two:.2f} | {l1[0]:.1f}; {l2[0]:.1f} |"
          for k, one, two, l1, l2 in rows],
        "",
        f"Median speed-up from 1 to 2 workers: **{median:.2f}** "
        f"(range {speedups[0]:.2f}-{speedups[-1]:.2f}).",
        "",
        "The machine is shared (load average above its 2 cores): other people's work "
        "takes cores at random moments, so single pairs scatter both ways; quote the "
        "median. An earlier single pair at load 10-12 gave 0.96.",
        "",
    ])
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "sweep_scaling.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
