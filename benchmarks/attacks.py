"""Replay the attacks of the service-hardening issue against a real `blanko serve` on
loopback (127.0.0.1 only) and measure what the other clients see.

For each attack: requests the attacker sent and the statuses it got; the other
clients' plans (two clients planning Palembang one plan after another) with their
statuses, p50 and p99; the p99 of GET /healthz (polled every 50 ms); the highest
resident size of any solver process. The observers (other clients, health checks) run
in a process of their own, so that the attack's own client work (encoding bodies, 66
slow connections) does not show as the server's latency. Then SIGTERM with long jobs
queued and kill -9 of the server, on servers of their own. Prints a table and writes
benchmarks/results/attacks.md.

    python -m benchmarks.attacks [--seconds S]

Targets (issue 13): other clients' p99 <= 2x the quiet p99 under slow bodies and
disconnects, or a fast honest 503 only while every solver is busy; health p99 <= 100 ms;
solver RSS never above BLANKO_SOLVER_MEMORY_MB; no process left after any stop.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import platform
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from api.process import (
    Server,
    group_members,
    memory_mb,
    running_server,
    slow_body,
    solver_pids,
)
from api.settings import Settings
from optimizer import POLICIES, Area, Site

DATASET = "palembang"
RESULTS = Path(__file__).parent / "results" / "attacks.md"
WORKERS = 2
# The attackers ask to wait in the queue as long as the server allows (BLANKO_QUEUE_WAIT_S
# would otherwise refuse them too while the solvers are busy): the worst case for others.
PATIENT = {"Prefer": "wait=30"}
# Every policy in one comparison (9 with lookahead; the default limit is 8).
MAX_POLICIES = "16"


@dataclass
class Tally:
    """What one side of an attack saw."""

    sent: int = 0
    statuses: collections.Counter[int] = field(default_factory=collections.Counter)
    seconds: list[float] = field(default_factory=list)
    codes_seen: list[int] = field(default_factory=list)  # the status of each latency

    def add(self, status: int, seconds: float) -> None:
        self.sent += 1
        self.statuses[status] += 1
        self.seconds.append(seconds)
        self.codes_seen.append(status)

    def codes(self) -> str:
        return " ".join(f"{code or 'reset'}x{n}" for code, n in sorted(self.statuses.items()))

    def percentile_ms(self, q: float, status: int | None = None) -> float:
        """The q-th percentile of the latencies, of every answer or of one status's."""
        seconds = [s for s, c in zip(self.seconds, self.codes_seen, strict=True)
                   if status is None or c == status]
        return float(np.percentile(seconds, q) * 1000) if seconds else float("nan")


@dataclass
class Row:
    attack: str
    attacker: Tally
    others: Tally
    health: Tally
    peak_rss_mb: int


# --------------------------------------------------------------------------- clients


async def other_clients(url: str, stop: asyncio.Event, tally: Tally, clients: int = 2) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        async def one(k: int) -> None:
            i = 0
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    response = await client.post("/v1/plans", json={
                        "dataset": DATASET, "shipment": {"blanks": 20_000 + 100 * k + i}})
                    status = response.status_code
                except httpx.HTTPError:
                    status = 0
                tally.add(status, time.perf_counter() - started)
                i += 1
                if status != 200:
                    await asyncio.sleep(0.2)  # as a polite client would, on a refusal
        await asyncio.gather(*(one(k) for k in range(clients)))


async def health_checks(url: str, stop: asyncio.Event, tally: Tally) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        while not stop.is_set():
            started = time.perf_counter()
            try:
                status = (await client.get("/healthz")).status_code
            except httpx.HTTPError:
                status = 0
            tally.add(status, time.perf_counter() - started)
            await asyncio.sleep(0.05)


async def peak_rss(server: Server, stop: asyncio.Event) -> int:
    peak = 0
    while not stop.is_set():
        for pid in solver_pids(server.process.pid):
            peak = max(peak, memory_mb(pid).get("VmRSS", 0))
        await asyncio.sleep(0.1)
    return peak


async def slow_body_tallied(url: str, tally: Tally, byte_every_s: float, length: int) -> None:
    status, seconds = await slow_body(url, byte_every_s, length, answer_timeout_s=60)
    tally.add(status, seconds)


async def post(client: httpx.AsyncClient, tally: Tally, path: str, body: Any) -> None:
    """POST body (JSON bytes as they are, anything else encoded) and tally the answer."""
    started = time.perf_counter()
    try:
        if isinstance(body, bytes):
            answer = await client.post(path, content=body,
                                       headers={"Content-Type": "application/json"})
        else:
            answer = await client.post(path, json=body)
        status = answer.status_code
    except httpx.TimeoutException:
        status = 499  # we hung up
    tally.add(status, time.perf_counter() - started)


# --------------------------------------------------------------------------- attacks


def big_instance() -> dict[str, Any]:
    """400 areas x 1,300 sites, 2.3 MB of JSON: 520,000 pairs with no travel limit."""
    sites = [Site(site_id=f"S{i}", name="", district_id=f"K{i % 50}", lat=-3.0,
                  lon=104.0 + i / 1e3, printers=1, cards_per_printer_day=100,
                  working_days=10).model_dump(mode="json") for i in range(1300)]
    areas = [Area(area_id=f"A{i}", name="", district_id=f"K{i % 50}", lat=-3.0,
                  lon=104.0 + i / 1e3, backlog={"first_time": 5, "replacement": 1},
                  ).model_dump(mode="json") for i in range(400)]
    return {"instance": {"name": "big", "sites": sites, "areas": areas},
            "shipment": {"blanks": 1000}}


async def attack_slow_bodies(url: str, attacker: Tally, seconds: float) -> None:
    """66 connections, each sending one body byte a second (the issue's attack); each
    attacker reconnects at once when cut off."""
    deadline = time.monotonic() + seconds

    async def loop() -> None:
        while time.monotonic() < deadline:
            await slow_body_tallied(url, attacker, 1.0, 200)
    await asyncio.gather(*(loop() for _ in range(66)))


async def attack_oversized(url: str, attacker: Tally, seconds: float) -> None:
    """The 33-byte request for synthetic-national and a 2.3 MB instance with 520,000
    pairs, over and over from two clients."""
    big = json.dumps(big_instance()).encode()  # once, not on every request
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        async def loop(body: Any) -> None:
            while time.monotonic() < deadline:
                await post(client, attacker, "/v1/plans", body)
        await asyncio.gather(loop({"dataset": "synthetic-national"}), loop(big))


async def attack_deadline(url: str, attacker: Tally, seconds: float) -> None:
    """Comparisons of every policy on the province with time_limit_s 0.05: about 6 s of
    work each, against a budget of 0.4 s (plus the grace)."""
    body = {"dataset": "synthetic-province",
            "policies": [{"name": n, "policy": {"time_limit_s": 0.05}} for n in POLICIES]}
    async with httpx.AsyncClient(base_url=url, timeout=120, headers=PATIENT) as client:
        await asyncio.gather(*(post(client, attacker, "/v1/comparisons", body)
                               for _ in range(2)))


async def attack_disconnects(url: str, attacker: Tally, seconds: float) -> None:
    """8 comparisons (time limits of 10 s) whose client hangs up after 3 s."""
    body = {"dataset": "synthetic-province",
            "policies": [{"name": n, "policy": {"time_limit_s": 10}} for n in POLICIES]}
    async with httpx.AsyncClient(base_url=url, timeout=3.0, headers=PATIENT) as client:
        await asyncio.gather(*(post(client, attacker, "/v1/comparisons", body)
                               for _ in range(8)))


async def run_attack(server: Server, name: str,
                     attack: Callable[[str, Tally, float], Awaitable[None]] | None,
                     seconds: float) -> Row:
    """The attack from this process while the observers (the other clients and the
    health checks) run in a process of their own: what they measure is the server's
    latency, not this process's event loop busy with the attack."""
    await wait_ready(server.url, WORKERS)
    stop = asyncio.Event()
    attacker = Tally()
    observer = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks.attacks", "--observe", server.url,
        "--seconds", str(seconds), stdout=asyncio.subprocess.PIPE,
        cwd=Path(__file__).parent.parent)
    assert observer.stdout is not None
    assert await observer.stdout.readline() == b"observing\n"
    rss = asyncio.ensure_future(peak_rss(server, stop))
    started = time.monotonic()
    if attack is not None:
        await attack(server.url, attacker, seconds)
    await asyncio.sleep(max(0.0, seconds - (time.monotonic() - started)))
    seen = json.loads(await observer.stdout.read())
    await observer.wait()
    stop.set()
    others, health = Tally(), Tally()
    for tally, side in ((others, "others"), (health, "health")):
        for status, latency in seen[side]:
            tally.add(status, latency)
    return Row(name, attacker, others, health, await rss)


async def observe(url: str, seconds: float) -> None:
    """The observers' process: two clients planning and the health checks for `seconds`,
    then their (status, seconds) pairs as JSON on stdout."""
    stop = asyncio.Event()
    others, health = Tally(), Tally()
    watchers = [asyncio.ensure_future(other_clients(url, stop, others)),
                asyncio.ensure_future(health_checks(url, stop, health))]
    print("observing", flush=True)
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*watchers)
    print(json.dumps({name: list(zip(t.codes_seen, t.seconds, strict=True))
                      for name, t in (("others", others), ("health", health))}))


async def wait_ready(url: str, alive: int) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        for _ in range(600):
            response = await client.get("/readyz")
            if response.status_code == 200 and response.json()["alive"] == alive and \
                    response.json()["busy"] == 0:
                return
            await asyncio.sleep(0.1)
    raise TimeoutError("the solvers did not come back")


# --------------------------------------------------------------------------- stopping


def sigterm_with_queued_work() -> dict[str, Any]:
    """One solver busy with a long comparison, 8 plans queued; SIGTERM."""
    grace = 2.0
    with running_server(workers=1, preload="", queue_size="16", queue_wait_s="60",
                        max_policies=MAX_POLICIES,
                        shutdown_grace_s=str(grace)) as server:
        async def scenario() -> dict[str, Any]:
            async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
                long = asyncio.ensure_future(client.post("/v1/comparisons", json={
                    "dataset": "synthetic-province", "policies": [
                        {"name": n, "policy": {"time_limit_s": 10}} for n in POLICIES]}))
                await asyncio.sleep(0.5)
                queued = [asyncio.ensure_future(client.post("/v1/plans",
                                                            json={"dataset": DATASET}))
                          for _ in range(8)]
                waited = time.monotonic() + 60
                while (await client.get("/readyz")).json().get("queued") != 8:
                    if long.done() or time.monotonic() > waited:
                        raise RuntimeError(f"the 8 plans never all queued behind the long "
                                           f"job: {long.result().text if long.done() else ''}")
                    await asyncio.sleep(0.05)
                signalled = time.monotonic()
                server.process.send_signal(signal.SIGTERM)
                answers = await asyncio.gather(*queued)
                queued_s = time.monotonic() - signalled
                running = await long
                await asyncio.to_thread(server.process.wait, 30)
                exit_s = time.monotonic() - signalled
                await asyncio.sleep(1.0)
                return {"queued": collections.Counter(a.status_code for a in answers),
                        "queued_answered_s": queued_s, "running": running.status_code,
                        "exit_s": exit_s, "grace_s": grace,
                        "left": len(group_members(server.process.pid))}
        return asyncio.run(scenario())


def kill_9() -> dict[str, Any]:
    with running_server(workers=WORKERS, preload="") as server:
        before = len(group_members(server.process.pid))
        server.process.kill()
        server.process.wait(10)
        killed = time.monotonic()
        while group_members(server.process.pid) and time.monotonic() - killed < 10:
            time.sleep(0.05)
        return {"before": before, "left": len(group_members(server.process.pid)),
                "gone_s": time.monotonic() - killed}


# --------------------------------------------------------------------------- report


def table(rows: list[Row], quiet_p99: float) -> str:
    lines = ["| attack | attacker requests | attacker statuses | others: plans | others: "
             "statuses | others p50 ms | others p99 ms | others' 200s: p99 ms | 200s p99 / "
             "quiet | others' 503s: p50 / p99 ms | health p99 ms | solver peak RSS MiB |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        ok_p99 = row.others.percentile_ms(99, 200)
        lines.append(
            f"| {row.attack} | {row.attacker.sent} | {row.attacker.codes() or '-'} | "
            f"{row.others.sent} | {row.others.codes()} | {row.others.percentile_ms(50):.0f} | "
            f"{row.others.percentile_ms(99):.0f} | {ok_p99:.0f} | {ok_p99 / quiet_p99:.1f} | "
            f"{row.others.percentile_ms(50, 503):.0f} / {row.others.percentile_ms(99, 503):.0f} | "
            f"{row.health.percentile_ms(99):.1f} | {row.peak_rss_mb} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="Length of each attack.")
    parser.add_argument("--observe", metavar="URL", help=argparse.SUPPRESS)  # the observers
    args = parser.parse_args()
    if args.observe:
        asyncio.run(observe(args.observe, args.seconds))
        return
    limit_mb = Settings().solver_memory_mb
    load_before = os.getloadavg()[0]
    rows: list[Row] = []
    with running_server(workers=WORKERS, max_policies=MAX_POLICIES) as server:
        async def attacks() -> None:
            for name, attack in [("quiet", None), ("slow bodies (66 x 1 byte/s)",
                                                   attack_slow_bodies),
                                 ("oversized (national, 520k-pair body)", attack_oversized),
                                 ("past the deadline (2 comparisons)", attack_deadline),
                                 ("disconnects (8 comparisons, 3 s)", attack_disconnects)]:
                rows.append(await run_attack(server, name, attack, args.seconds))
                print(table(rows[-1:], rows[0].others.percentile_ms(99, 200)).splitlines()[-1],
                      flush=True)
        asyncio.run(attacks())
    quiet_p99 = rows[0].others.percentile_ms(99, 200)
    stopped = sigterm_with_queued_work()
    killed = kill_9()
    text = "\n".join([
        f"# Attacks on `blanko serve` ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)", "",
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {WORKERS} solvers, default settings but "
        f"BLANKO_MAX_POLICIES={MAX_POLICIES} "
        f"(solver memory limit {limit_mb} MiB); each attack {args.seconds:g} s while two "
        "other clients plan Palembang one plan after another. Load average (1 min) "
        f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end.", "",
        table(rows, quiet_p99), "",
        f"SIGTERM with 1 long job running and 8 queued (grace {stopped['grace_s']:g} s): "
        f"queued answered {dict(stopped['queued'])} in {stopped['queued_answered_s']:.2f} s, "
        f"running job {stopped['running']}, exited after {stopped['exit_s']:.2f} s, "
        f"{stopped['left']} processes left.", "",
        f"kill -9 of the server: {killed['before']} processes in its group before, "
        f"{killed['left']} left after {killed['gone_s']:.2f} s.", ""])
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    peak = max(row.peak_rss_mb for row in rows)
    if limit_mb and peak > limit_mb:
        raise SystemExit(f"a solver's RSS reached {peak} MiB, over its limit of {limit_mb}")


if __name__ == "__main__":
    main()
