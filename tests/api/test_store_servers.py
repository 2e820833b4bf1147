"""Two real `blanko serve` processes on one database (an SQLite file; PostgreSQL when
BLANKO_TEST_DATABASE_URL is set): jobs sent to either are each run exactly once and
none is lost; when one server is killed with -9 mid-job, the other fails that job
with the reason instead of leaving it `running`."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.process import running_server
from optimizer.store import PlanQuery, Store
from tests.api.test_store_api import SLOW_DATASET, instance_body
from tests.store_db import BACKENDS, fresh_database

JOBS = 8


def settle(client: httpx.Client, location: str, until: tuple[str, ...],
           timeout_s: float = 90.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = client.get(location).json()
        if job["status"] in until:
            return job
        time.sleep(0.1)
    raise AssertionError(f"{location} still {job['status']}")


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_servers_share_jobs_without_loss_or_double_runs(backend: str,
                                                            tmp_path: Path) -> None:
    settings = {"job_poll_s": "0.2", "job_lease_s": "2", "queue_size": "8"}
    with fresh_database(backend, tmp_path) as url, contextlib.ExitStack() as stack:
        servers = [stack.enter_context(running_server(workers=1, preload="",
                                                      database_url=url, **settings))
                   for _ in range(2)]
        clients = [stack.enter_context(httpx.Client(base_url=s.url, timeout=60))
                   for s in servers]
        locations = []
        for i in range(JOBS):
            response = clients[i % 2].post("/v1/jobs", json={
                "kind": "plan", **instance_body(200 + i, label="two-servers")})
            assert response.status_code == 202, response.text
            locations.append(response.headers["location"])
        # Each job is visible from both servers, and each ends succeeded.
        jobs = [settle(clients[(i + 1) % 2], loc, ("succeeded", "failed", "cancelled"))
                for i, loc in enumerate(locations)]
        assert [j["status"] for j in jobs] == ["succeeded"] * JOBS, jobs
        plan_ids = {j["plan"].rsplit("/", 1)[1] for j in jobs}
        store = Store(url)
        kept = store.list_plans(PlanQuery(label="two-servers", limit=200))
        assert kept.total == JOBS and {p.id for p in kept.items} == plan_ids  # none twice
        owners = {store.get_job(j["id"]).owner for j in jobs}
        pids = {str(s.process.pid) for s in servers}
        assert {o.split(":")[1] for o in owners if o} <= pids
        if url.startswith("sqlite"):
            with store.engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"

        # The server running a job dies (kill -9): the other fails it with the reason.
        slow = clients[0].post("/v1/jobs", json={"kind": "plan", "dataset": SLOW_DATASET,
                                                 "save": False})
        location = slow.headers["location"]
        running = settle(clients[0], location, ("running", "succeeded", "failed"))
        assert running["status"] == "running", running  # generating the dataset takes a while
        owner_pid = int((store.get_job(running["id"]).owner or "").split(":")[1])
        victim = next(i for i, s in enumerate(servers) if s.process.pid == owner_pid)
        os.killpg(servers[victim].process.pid, signal.SIGKILL)
        lost = settle(clients[1 - victim], location, ("failed", "succeeded"), timeout_s=30)
        assert lost["status"] == "failed", lost
        assert lost["problem"]["type"] == "/problems/job-lost"
        assert "stopped before" in lost["problem"]["detail"]  # a zombie or a quiet lease
        store.close()
