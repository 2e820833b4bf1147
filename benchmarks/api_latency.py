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

    python -m benchmarks.api_latency [--workers N] [--requests N] [--levels 1,8,32]

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
import time
from dataclasses import dataclass
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


async def measure(url: str, concurrency: int, requests: int, path: str = "/v1/plans") -> Level:
    """`requests` timed requests (after two warm-up ones per client) from `concurrency`
    clients: POST `path` with the dataset's body, or GET it when it is /healthz."""
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
        shares = [requests // concurrency + (i < requests % concurrency)
                  for i in range(concurrency)]
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(n, results) for n in shares))
        wall = time.perf_counter() - started
    seconds = np.array([s for s, _ in results])
    errors = sum(not ok for _, ok in results) + sum(not ok for _, ok in warm)
    p50, p90, p99 = (float(np.percentile(seconds, q) * 1000) for q in (50, 90, 99))
    return Level(concurrency, len(results), errors, p50, p90, p99, len(results) / wall, {})


def run(workers: int, requests: int | None, levels: tuple[int, ...] = LEVELS,
        ) -> tuple[Floor, list[Level]]:
    """The health floor, then each level, against one server."""
    with running_server(workers=workers, preload=DATASET) as server:
        health = _measured(server, 1, FLOOR_REQUESTS, HEALTH)
        floor = Floor(health.requests, health.errors, health.p50_ms, health.p90_ms,
                      {k: v for k, v in health.cpu_ms.items() if k != "solvers"})
        return floor, [_measured(server, c, requests or max(200, 25 * c)) for c in levels]


def _measured(server: Server, concurrency: int, requests: int, path: str = "/v1/plans",
              ) -> Level:
    """measure(), with the CPU time the server, its solvers and this client spent."""
    before, client_before = _cpu_seconds(server.process.pid), time.process_time()
    level = asyncio.run(measure(server.url, concurrency, requests, path))
    after, client_after = _cpu_seconds(server.process.pid), time.process_time()
    sent = level.requests + 2 * concurrency  # the warm-up requests are counted too
    cpu = {}
    if before and after:
        cpu = {"server": 1000 * (after["server"] - before["server"]) / sent,
               "solvers": 1000 * (after["solvers"] - before["solvers"]) / sent}
    cpu["client"] = 1000 * (client_after - client_before) / sent
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


def report(floor: Floor, levels: list[Level], workers: int, load: tuple[float, float]) -> str:
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
    args = parser.parse_args()
    levels_asked = tuple(int(c) for c in args.levels.split(","))
    load_before = os.getloadavg()[0]
    floor, levels = run(args.workers, args.requests, levels_asked)
    text = report(floor, levels, args.workers, (load_before, os.getloadavg()[0]))
    print(table(levels))
    print("\n".join(verdicts(levels)))
    print(floor_line(floor, levels))
    print(ceiling(levels))
    print(f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
    if levels_asked != LEVELS:
        return
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
