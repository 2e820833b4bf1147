"""A real `blanko serve` on a free loopback port: 20 concurrent plans, health answered
throughout, then a clean stop (the server and every solver process gone, none killed)."""

from __future__ import annotations

import asyncio
import signal
import time
from typing import Any

import httpx

from api.process import DEFAULT_DATASET as DATASET
from api.process import running_server, stop

WORKERS = 2
PLANS = 20


async def plans_with_health_checks(url: str) -> tuple[list[Any], list[dict[str, Any]]]:
    """20 plans at once; meanwhile /healthz and /readyz in a loop until the last plan is in."""
    async with httpx.AsyncClient(base_url=url, timeout=60.0) as client:
        async def plan(i: int) -> Any:
            body = {"dataset": DATASET, "shipment": {"blanks": 20_000 + 1_000 * i}}
            return await client.post("/v1/plans", json=body)

        plans = asyncio.gather(*(plan(i) for i in range(PLANS)))
        checks: list[dict[str, Any]] = []
        while not plans.done():
            started = time.perf_counter()
            health, ready = await asyncio.gather(client.get("/healthz"), client.get("/readyz"))
            checks.append({"seconds": time.perf_counter() - started, "plans_done": plans.done(),
                           "health": health.status_code, "ready": ready.json()})
            await asyncio.sleep(0.005)
        return list(await plans), checks


def test_plans_succeed_health_answers_meanwhile_and_the_server_stops_cleanly() -> None:
    with running_server(workers=WORKERS, queue_size="32") as server:
        plans, checks = asyncio.run(plans_with_health_checks(server.url))
        assert [r.status_code for r in plans] == [200] * PLANS, [r.text for r in plans]
        assert len({r.json()["input_sha256"] for r in plans}) == PLANS
        assert all(r.headers["x-request-id"] for r in plans)
        during = [c for c in checks if not c["plans_done"]]
        assert during, "no health check answered while the plans were running"
        assert all(c["health"] == 200 and c["ready"]["status"] == "ready" for c in checks)
        assert max(c["seconds"] for c in during) < 2.0
        # At some point every worker was busy with a plan while health still answered.
        assert max(c["ready"]["busy"] for c in during) == WORKERS

        assert stop(server), f"server or a solver process had to be killed:\n{server.output()}"
        # uvicorn exits by re-raising the SIGTERM it handled, once shut down.
        assert server.process.returncode in (0, -signal.SIGTERM), server.output()
        assert "Application shutdown complete" in server.output()
