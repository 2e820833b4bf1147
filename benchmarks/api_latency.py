"""Latency and throughput of the HTTP service: Palembang plans over loopback.

Starts a real `blanko serve` on a free loopback port, then sends POST /v1/plans
(`{"dataset": "palembang"}`, the dataset's default shipment) from 1, 8 and 32
concurrent clients over keep-alive connections. Prints p50, p90 and p99 latency and
plans per second for each, checks them against the targets of the HTTP-service issue,
and writes benchmarks/results/api_latency.md.

Before the plans, the same client sends GET /healthz one request after the other: the
floor every request pays (the httpx client, loopback, uvicorn and the middleware, no
solver), printed beside the plans' p50 so that what is the service's and what is the
measuring client's can be told apart. It is reported, never subtracted: the target is
the plan's latency as the client sees it.

At concurrency 1 the benchmark also runs, between blocks of the timed plans (no request in
flight), the solver's own job in this process (`store_jobs.plan`, warmed as a solver
warms it) and a bare write + fdatasync of a plan-sized file beside the plan store: the
reference line. The CPU a job takes swings with the machine's load (5.9 to 12 ms for
the same warm Palembang job on this 2-core host), so the solvers' CPU per plan means
something only beside the same job measured at the same time: their difference is what
the service adds around the job; the fsync is the floor of a durable save.

    python -m benchmarks.api_latency [--workers N] [--requests N] [--levels 1,8,32]
                                     [--no-reference]

Targets: p50 <= 12 ms at concurrency 1 (issue 12; it was 50 ms); throughput at
concurrency 8 >= 1.6x that at concurrency 1 (on 2 cores); no errors. `--levels 1`
measures concurrency 1 alone (printed only: the results file holds every level).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import numpy as np

from api.process import Server, running_server
from optimizer.io import datasets

DATASET = "palembang" if "palembang" in datasets.names() else "synthetic-city"
LEVELS = (1, 8, 32)
P50_TARGET_MS = 12.0  # at concurrency 1 (issue 12)
RESULTS = Path(__file__).parent / "results" / "api_latency.md"
HEALTH = "/healthz"
FLOOR_REQUESTS = 200
REFERENCE_BLOCKS = 10  # the timed plans at concurrency 1 come in this many blocks
PLAN_BYTES = 72 * 1024  # about a Palembang plan: what the save's fsync writes


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Level:
    concurrency: int
    requests: int
    errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    plans_per_s: float
    cpu_ms: dict[str, float]  # CPU time per request: server, solvers, client (Linux only)


@dataclass(frozen=True)
class Floor:
    """GET /healthz at concurrency 1 through the same client: what any request costs."""

    requests: int
    errors: int
    p50_ms: float
    p90_ms: float
    cpu_ms: dict[str, float]  # CPU time per request: server, client (as Level's)


@dataclass
class Reference:
    """The solver's job run in this process, and a bare durable write, between blocks of
    the timed plans (nothing in flight): what the same work costs at the same load."""

    job_cpu_s: list[float] = field(default_factory=list)  # store_jobs.plan, each
    fsync_s: list[float] = field(default_factory=list)  # write + fdatasync, wall, each
    cpu_s: float = 0.0  # this process's CPU spent here (not the client's)
    _job: Callable[[], object] | None = None

    def run(self, jobs_per_block: int) -> None:
        started = time.process_time()
        if self._job is None:
            self._job = _reference_job()
        for _ in range(jobs_per_block):
            before = time.process_time()
            self._job()
            self.job_cpu_s.append(time.process_time() - before)
        self.fsync_s.append(_bare_fsync_s())
        self.cpu_s += time.process_time() - started

    def p50_ms(self, values: list[float]) -> float:
        return float(np.percentile(values, 50) * 1000) if values else float("nan")

    def mean_ms(self, values: list[float]) -> float:
        return 1000 * sum(values) / len(values) if values else float("nan")


def _reference_job() -> Callable[[], object]:
    """`store_jobs.plan` of the benchmark's body, warmed as a solver warms it
    (`api.solver.main`: jobs.warm, then store_jobs.warm)."""
    from api import jobs, store_jobs
    from api.settings import Settings

    jobs.warm((DATASET,))
    store_jobs.warm((DATASET,))
    body = json.dumps({"dataset": DATASET}).encode()
    limits = jobs.Limits(max_time_limit_s=Settings.model_fields["max_time_limit_s"].default)
    return lambda: store_jobs.plan(body, limits)


def _bare_fsync_s() -> float:
    """Wall seconds of writing a plan-sized file and fdatasync, in the temporary
    directory the server's plan store lives in (running_server's data home)."""
    data = os.urandom(PLAN_BYTES)
    with tempfile.NamedTemporaryFile(dir=tempfile.gettempdir()) as handle:
        fd = handle.fileno()
        os.write(fd, data)
        os.fdatasync(fd)  # the file's first write: its allocation, as a WAL's growth
        os.pwrite(fd, data, 0)
        started = time.perf_counter()
        os.fdatasync(fd)  # an overwrite, as a commit into a WAL of steady size
        return time.perf_counter() - started


async def measure(url: str, concurrency: int, requests: int, path: str = "/v1/plans",
                  between: Callable[[], None] | None = None, blocks: int = 1) -> Level:
    """`requests` timed requests (after two warm-up ones per client) from `concurrency`
    clients: POST `path` with the dataset's body, or GET it when it is /healthz.

    With `between`, the timed requests come in `blocks` blocks and `between()` runs
    before each, while no request is in flight (its time is not the requests')."""
    body = json.dumps({"dataset": DATASET}).encode()
    headers = {"Content-Type": "application/json"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60.0) as client:
        async def one() -> tuple[float, bool]:
            started = time.perf_counter()
            if path == HEALTH:
                response = await client.get(path)
            else:
                response = await client.post(path, content=body, headers=headers)
            return time.perf_counter() - started, response.status_code == 200

        async def client_loop(count: int, out: list[tuple[float, bool]]) -> None:
            for _ in range(count):
                out.append(await one())

        warm: list[tuple[float, bool]] = []
        await asyncio.gather(*(client_loop(2, warm) for _ in range(concurrency)))
        results: list[tuple[float, bool]] = []
        wall = 0.0
        blocks = max(1, min(blocks, requests))
        for block in range(blocks):
            if between is not None:
                between()
            size = requests // blocks + (block < requests % blocks)
            shares = [size // concurrency + (i < size % concurrency)
                      for i in range(concurrency)]
            started = time.perf_counter()
            await asyncio.gather(*(client_loop(n, results) for n in shares))
            wall += time.perf_counter() - started
    seconds = np.array([s for s, _ in results])
    errors = sum(not ok for _, ok in results) + sum(not ok for _, ok in warm)
    p50, p90, p99 = (float(np.percentile(seconds, q) * 1000) for q in (50, 90, 99))
    return Level(concurrency, len(results), errors, p50, p90, p99, len(results) / wall, {})


def run(workers: int, requests: int | None, levels: tuple[int, ...] = LEVELS,
        reference: Reference | None = None) -> tuple[Floor, list[Level]]:
    """The health floor, then each level, against one server; at concurrency 1 with
    `reference`, the same job in this process between blocks of the plans."""
    with running_server(workers=workers, preload=DATASET) as server:
        health = _measured(server, 1, FLOOR_REQUESTS, HEALTH)
        floor = Floor(health.requests, health.errors, health.p50_ms, health.p90_ms,
                      {k: v for k, v in health.cpu_ms.items() if k != "solvers"})
        return floor, [_measured(server, c, requests or max(200, 25 * c),
                                 reference=reference if c == 1 else None) for c in levels]


def _measured(server: Server, concurrency: int, requests: int, path: str = "/v1/plans",
              reference: Reference | None = None) -> Level:
    """measure(), with the CPU time the server, its solvers and this client spent (the
    reference's own work is not the client's)."""
    between, blocks, spent = None, 1, 0.0
    if reference is not None:
        blocks = min(REFERENCE_BLOCKS, requests)
        jobs_per_block = max(1, requests // (2 * blocks))  # half as many jobs as plans
        between, spent = (lambda: reference.run(jobs_per_block)), reference.cpu_s
    before, client_before = _cpu_seconds(server.process.pid), time.process_time()
    level = asyncio.run(measure(server.url, concurrency, requests, path, between, blocks))
    after, client_after = _cpu_seconds(server.process.pid), time.process_time()
    if reference is not None:
        spent = reference.cpu_s - spent
    sent = level.requests + 2 * concurrency  # the warm-up requests are counted too
    cpu = {}
    if before and after:
        cpu = {"server": 1000 * (after["server"] - before["server"]) / sent,
               "solvers": 1000 * (after["solvers"] - before["solvers"]) / sent}
    cpu["client"] = 1000 * (client_after - client_before - spent) / sent
    return Level(**{**level.__dict__, "cpu_ms": cpu})


def _cpu_seconds(pid: int) -> dict[str, float]:
    """user + system seconds of the server process and of its child processes (/proc)."""
    try:
        children = [int(c) for task in Path(f"/proc/{pid}/task").iterdir()
                    for c in (task / "children").read_text().split()]
        return {"server": _proc_cpu(pid), "solvers": sum(_proc_cpu(c) for c in children)}
    except (OSError, ValueError):
        return {}


def _proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- reporting


def table(levels: list[Level]) -> str:
    rows = ["| concurrency | requests | errors | p50 ms | p90 ms | p99 ms | plans/s | "
            "CPU ms per plan: server, solvers, client |",
            "|---:|---:|---:|---:|---:|---:|---:|---|"]
    rows += [f"| {x.concurrency} | {x.requests} | {x.errors} | {x.p50_ms:.1f} | "
             f"{x.p90_ms:.1f} | {x.p99_ms:.1f} | {x.plans_per_s:.1f} | "
             f"{', '.join(f'{v:.2f}' for v in x.cpu_ms.values())} |" for x in levels]
    return "\n".join(rows)


def ceiling(levels: list[Level]) -> str:
    """Plans/s the service could sustain on otherwise idle cores, from the CPU it used."""
    level = next((x for x in levels if x.concurrency == 8), levels[-1])
    cpu = level.cpu_ms
    if len(cpu) < 3:
        return ""
    service = cpu["server"] + cpu["solvers"]
    cores = os.cpu_count() or 1
    return (f"CPU per plan at concurrency {level.concurrency}: server {cpu['server']:.2f} ms + "
            f"solvers {cpu['solvers']:.2f} ms = {service:.1f} ms, so {cores} cores doing "
            f"nothing else could serve about {1000 * cores / service:.0f} plans/s; the "
            f"benchmark client used another {cpu['client']:.2f} ms per plan of the same cores.")


def floor_line(floor: Floor, levels: list[Level]) -> str:
    """The health floor beside the plans' p50 at concurrency 1 (not subtracted from it)."""
    cpu = ", ".join(f"{name} {value:.2f}" for name, value in floor.cpu_ms.items())
    line = (f"HTTP floor (GET {HEALTH}, concurrency 1, same client, {floor.requests} requests, "
            f"{floor.errors} errors): p50 {floor.p50_ms:.1f} ms, p90 {floor.p90_ms:.1f} ms; "
            f"CPU ms per request: {cpu}")
    one = next((x for x in levels if x.concurrency == 1), None)
    if one is not None:
        line += (f". Plans at concurrency 1 take {one.p50_ms - floor.p50_ms:.1f} ms more at "
                 "p50 than this floor (the target is on the plans' own p50)")
    return line + "."


def reference_line(reference: Reference | None, levels: list[Level]) -> str:
    """The solver's job and a bare durable write measured in this process between the
    plans at concurrency 1, beside what the service spent."""
    if reference is None or not reference.job_cpu_s:
        return ""
    job = reference.mean_ms(reference.job_cpu_s)
    line = (f"Reference, between blocks of the plans at concurrency 1: the solver's job "
            f"(store_jobs.plan, warm) in this process, {len(reference.job_cpu_s)} jobs: CPU "
            f"mean {job:.2f} ms, p50 {reference.p50_ms(reference.job_cpu_s):.2f} ms")
    one = next((x for x in levels if x.concurrency == 1), None)
    if one is not None and "solvers" in one.cpu_ms:
        solvers = one.cpu_ms["solvers"]  # a mean too: CPU over the plans sent
        line += (f"; the solvers spent {solvers:.2f} ms per plan, {solvers - job:+.2f} ms "
                 "beside the job's mean (reading the job, sending the plan back, the spare)")
    return line + (f". A bare {PLAN_BYTES // 1024} KB write + fdatasync beside the plan "
                   f"store: p50 {reference.p50_ms(reference.fsync_s):.2f} ms wall "
                   f"({len(reference.fsync_s)} times), the floor of a durable save.")


def verdicts(levels: list[Level]) -> list[str]:
    by = {x.concurrency: x for x in levels}
    errors = sum(x.errors for x in levels)
    lines = []
    if 1 in by:
        lines.append(f"- p50 at concurrency 1: {by[1].p50_ms:.1f} ms (target <= "
                     f"{P50_TARGET_MS:g} ms): "
                     f"{'met' if by[1].p50_ms <= P50_TARGET_MS else 'NOT met'}")
    if 1 in by and 8 in by:
        ratio = by[8].plans_per_s / by[1].plans_per_s
        lines.append(f"- throughput at 8 / at 1: {ratio:.2f}x (target >= 1.6x on 2 cores): "
                     f"{'met' if ratio >= 1.6 else 'NOT met'}")
    lines.append(f"- errors: {errors} (target 0): {'met' if errors == 0 else 'NOT met'}")
    return lines


def report(floor: Floor, levels: list[Level], workers: int, load: tuple[float, float],
           reference: Reference | None = None) -> str:
    machine = (f"{os.cpu_count()} cores, {platform.machine()}, Python "
               f"{platform.python_version()}, {platform.system()}; load average "
               f"{load[0]:.2f} before, {load[1]:.2f} after (other work on the machine "
               f"competes for the cores)")
    return "\n".join([
        "# HTTP service latency (benchmarks/api_latency.py)", "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {machine}.", "",
        f"`blanko serve --workers {workers}` on loopback; POST /v1/plans "
        f"`{{\"dataset\": \"{DATASET}\"}}` (its default shipment); clients are httpx "
        "keep-alive connections on the same machine, each sending its next request when "
        "the last is answered. Latency is measured by the client.", "",
        table(levels), "", *verdicts(levels), "", floor_line(floor, levels), "",
        *([reference_line(reference, levels), ""] if reference_line(reference, levels) else []),
        ceiling(levels), ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="solver processes (default: the number of cores)")
    parser.add_argument("--requests", type=int, default=None,
                        help="timed requests per level (default: max(200, 25 x concurrency))")
    parser.add_argument("--levels", default=",".join(map(str, LEVELS)),
                        help="concurrency levels, comma-separated (default: 1,8,32; the "
                             "results file is written only for those)")
    parser.add_argument("--no-reference", action="store_true",
                        help="do not run the solver's job in this process between the plans "
                             "at concurrency 1 (the reference line)")
    args = parser.parse_args()
    levels_asked = tuple(int(c) for c in args.levels.split(","))
    reference = None if args.no_reference else Reference()
    load_before = os.getloadavg()[0]
    floor, levels = run(args.workers, args.requests, levels_asked, reference)
    text = report(floor, levels, args.workers, (load_before, os.getloadavg()[0]), reference)
    print(table(levels))
    print("\n".join(verdicts(levels)))
    print(floor_line(floor, levels))
    if reference_line(reference, levels):
        print(reference_line(reference, levels))
    print(ceiling(levels))
    print(f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
    if levels_asked != LEVELS:
        return
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
