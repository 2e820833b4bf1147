"""The HTTP latency benchmark runs end to end against a real server (so the program cannot
rot), and prints the health floor beside the plans.

Its targets live in the benchmark, not here: this checks that every figure was measured
(no errors, the floor's line), never how fast.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_api_latency_benchmark_prints_the_plans_and_the_floor() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.api_latency", "--levels", "1", "--requests", "5",
         "--workers", "1"],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    # concurrency 1: 5 timed plans, 0 errors, then p50, p90, p99, plans/s and CPU figures.
    assert re.search(r"^\| 1 \| 5 \| 0 \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| ", out, re.M), out
    floor = re.search(r"^HTTP floor \(GET /healthz, concurrency 1, same client, 200 requests, "
                      r"0 errors\): p50 ([\d.]+) ms, p90 [\d.]+ ms; CPU ms per request: "
                      r"server [\d.]+, client [\d.]+\. Plans at concurrency 1 take -?[\d.]+ ms "
                      r"more at p50 than this floor", out, re.M)
    assert floor is not None, out
    assert float(floor.group(1)) > 0
    assert "errors: 0 (target 0): met" in out
    # The solver's job run in the benchmark's own process between blocks of the plans (5
    # blocks of one plan, one job each), beside the solvers' CPU, and a bare fsync.
    reference = re.search(
        r"^Reference, between blocks of the plans at concurrency 1: the solver's job "
        r"\(store_jobs.plan, warm\) in this process, 5 jobs: CPU mean ([\d.]+) ms, p50 "
        r"[\d.]+ ms; the solvers spent ([\d.]+) ms per plan, [+-][\d.]+ ms beside the "
        r"job's mean .*A bare 72 KB write \+ fdatasync beside the plan store: p50 ([\d.]+) "
        r"ms wall \(5 times\)", out, re.M)
    assert reference is not None, out
    assert all(float(reference.group(i)) > 0 for i in (1, 2, 3))
